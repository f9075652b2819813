//! Security judgement shared by every format that configures containers:
//! which capabilities are dangerous, which sysctls are safe, which host
//! paths are sensitive and which paths are container runtime sockets.
//!
//! Compose, Kubernetes and Helm values spell these settings differently, but
//! a capability, a sysctl or a host path means the same thing in each, so
//! the lists live here once and the format folders only extract the values.

/// True for a user spec that runs as root: `root` or `0`, with any group
/// (`root:app`, `0:0`). A root group alone (`1000:0`) is not a root user.
pub fn is_root_user(user: &str) -> bool {
    let name = user.split(':').next().unwrap_or("").trim();
    name == "root" || name == "0"
}

/// Capabilities that open a path to the host or to other containers (the
/// catalog's list; `ALL` grants every one of them).
pub const DANGEROUS_CAPABILITIES: &[&str] = &[
    "ALL",
    "SYS_ADMIN",
    "SYS_PTRACE",
    "SYS_MODULE",
    "NET_ADMIN",
    "DAC_READ_SEARCH",
    "BPF",
    "PERFMON",
];

/// The one capability the restricted Pod Security Standard lets a container
/// add back after dropping all.
pub const ALLOWED_ADDED_CAPABILITY: &str = "NET_BIND_SERVICE";

/// A capability name as the kernel spells it: upper case, without the
/// `CAP_` prefix (`cap_sys_admin` and `SYS_ADMIN` are the same grant).
pub fn normalize_capability(name: &str) -> String {
    let upper = name.trim().to_ascii_uppercase();
    match upper.strip_prefix("CAP_") {
        Some(rest) => rest.to_string(),
        None => upper,
    }
}

/// True for a capability on the dangerous list, in any spelling.
pub fn is_dangerous_capability(name: &str) -> bool {
    let name = normalize_capability(name);
    DANGEROUS_CAPABILITIES.contains(&name.as_str())
}

/// True for `ALL` in any spelling, the only drop that removes every grant.
pub fn is_all_capability(name: &str) -> bool {
    normalize_capability(name) == "ALL"
}

/// True for an added capability that is neither dangerous nor the one the
/// restricted standard allows: worth a note, not an alarm.
pub fn is_notable_added_capability(name: &str) -> bool {
    let name = normalize_capability(name);
    !name.is_empty()
        && !DANGEROUS_CAPABILITIES.contains(&name.as_str())
        && name != ALLOWED_ADDED_CAPABILITY
}

/// Sysctls the Pod Security Standards (baseline) allow: each is namespaced
/// to the container and cannot affect the host or other pods.
pub const SAFE_SYSCTLS: &[&str] = &[
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
];

/// True for a sysctl inside the safe set. Both separators are accepted
/// (`net/ipv4/tcp_syncookies` is the same key as `net.ipv4.tcp_syncookies`).
pub fn is_safe_sysctl(name: &str) -> bool {
    let name = name.trim().replace('/', ".");
    SAFE_SYSCTLS.contains(&name.as_str())
}

/// SELinux types the Pod Security Standards (baseline) let a container run
/// as; any other type (`spc_t`, `unconfined_t`) escapes the container policy.
pub const ALLOWED_SELINUX_TYPES: &[&str] = &[
    "container_t",
    "container_init_t",
    "container_kvm_t",
    "container_engine_t",
];

/// True for an SELinux type inside the allowed set.
pub fn is_allowed_selinux_type(name: &str) -> bool {
    ALLOWED_SELINUX_TYPES.contains(&name.trim())
}

/// Host directories whose mount hands the container the host itself: its
/// root, its configuration, kernel interfaces, root's home and the state of
/// the container runtime and the kubelet (other workloads' data and
/// credentials).
pub const SENSITIVE_HOST_PATHS: &[&str] = &[
    "/",
    "/etc",
    "/proc",
    "/sys",
    "/root",
    "/var/lib/docker",
    "/var/lib/kubelet",
];

/// Below these, every path is as sensitive as the directory itself (kernel
/// interfaces, root's home, runtime and kubelet state). Below `/etc` only
/// the files that hold credentials are: a read-only `/etc/localtime` or
/// `/etc/ssl/certs` is ordinary.
const SENSITIVE_SUBTREES: &[&str] = &[
    "/proc",
    "/sys",
    "/root",
    "/var/lib/docker",
    "/var/lib/kubelet",
    "/etc/kubernetes",
    "/etc/shadow",
    "/etc/sudoers",
    "/etc/ssh",
    "/etc/docker",
];

/// A host path with duplicate and trailing slashes and `.` components
/// removed, so `/etc/` and `//etc/.` compare equal to `/etc`. Relative paths
/// and `..` components are kept as written.
pub fn normalize_host_path(path: &str) -> String {
    let path = path.trim();
    let absolute = path.starts_with('/');
    let parts: Vec<&str> = path
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

/// Folders of a home directory that hold credentials: SSH keys, cloud and
/// cluster logins, registry logins, GPG keys.
const CREDENTIAL_FOLDERS: &[&str] = &[".ssh", ".aws", ".azure", ".kube", ".docker", ".gnupg"];

/// True when mounting `path` exposes one of [`SENSITIVE_HOST_PATHS`]: the
/// path itself, a directory above one (`/var/lib` holds the runtime's state),
/// or a path inside a sensitive subtree; or a credentials folder of a home
/// directory (`~/.ssh`, `${HOME}/.aws`, `/home/dev/.kube/config`).
pub fn is_sensitive_host_path(path: &str) -> bool {
    let path = normalize_host_path(path);
    let holds_credentials = path
        .split('/')
        .any(|part| CREDENTIAL_FOLDERS.contains(&part))
        || path.contains(".config/gcloud");
    if holds_credentials {
        return true;
    }
    if !path.starts_with('/') {
        return false;
    }
    let within = |dir: &str, p: &str| p == dir || p.starts_with(&format!("{dir}/"));
    SENSITIVE_HOST_PATHS
        .iter()
        .any(|s| *s == path || (path != "/" && within(&path, s)))
        || SENSITIVE_SUBTREES.iter().any(|s| within(s, &path))
}

/// The container runtime sockets a container can drive the host through.
pub const RUNTIME_SOCKETS: &[&str] = &[
    "/var/run/docker.sock",
    "/run/docker.sock",
    "/var/run/containerd/containerd.sock",
    "/run/containerd/containerd.sock",
    "/var/run/crio/crio.sock",
    "/run/crio/crio.sock",
    "/var/run/cri-dockerd.sock",
    "/run/cri-dockerd.sock",
    "/var/run/dockershim.sock",
    "/run/k3s/containerd/containerd.sock",
    "/run/podman/podman.sock",
    "/var/run/podman/podman.sock",
];

/// File names that are a runtime socket wherever they live (rootless Docker
/// and Docker Desktop keep `docker.sock` under the user's home).
const SOCKET_FILE_NAMES: &[&str] = &[
    "docker.sock",
    "containerd.sock",
    "crio.sock",
    "podman.sock",
    "cri-dockerd.sock",
    "dockershim.sock",
];

/// True when mounting `path` gives access to a container runtime socket: the
/// socket itself, a socket file name anywhere, the Windows Docker engine pipe,
/// or a directory that holds a well-known socket (`/var/run`, `/run/containerd`).
/// The host root `/` holds every socket too, but is reported as the host
/// path it is rather than as a socket.
pub fn is_runtime_socket(path: &str) -> bool {
    let trimmed = path.trim();
    let lower = trimmed.to_ascii_lowercase().replace('\\', "/");
    if lower.contains("/pipe/docker_engine") || lower.contains("/pipe/containerd") {
        return true;
    }
    let path = normalize_host_path(trimmed);
    if !path.starts_with('/') && !path.starts_with('~') && !path.starts_with('$') {
        return false;
    }
    let file_name = path.rsplit('/').next().unwrap_or("");
    if SOCKET_FILE_NAMES.contains(&file_name) {
        return true;
    }
    path != "/"
        && RUNTIME_SOCKETS
            .iter()
            .any(|s| *s == path || s.starts_with(&format!("{path}/")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capabilities_in_any_spelling() {
        assert!(is_dangerous_capability("sys_admin"));
        assert!(is_dangerous_capability("CAP_SYS_PTRACE"));
        assert!(is_dangerous_capability("all"));
        assert!(!is_dangerous_capability("NET_BIND_SERVICE"));
        assert!(is_all_capability("cap_all"));
        assert!(is_notable_added_capability("CHOWN"));
        assert!(!is_notable_added_capability("net_bind_service"));
        assert!(!is_notable_added_capability("NET_ADMIN"));
    }

    #[test]
    fn sysctls() {
        assert!(is_safe_sysctl("net.ipv4.tcp_syncookies"));
        assert!(is_safe_sysctl("net/ipv4/ip_local_port_range"));
        assert!(!is_safe_sysctl("net.ipv4.ip_forward"));
        assert!(!is_safe_sysctl("kernel.msgmax"));
    }

    #[test]
    fn host_paths() {
        for path in [
            "/",
            "/etc/",
            "/proc",
            "/sys/fs/cgroup",
            "/var/lib",
            "//root",
            "/var",
        ] {
            assert!(is_sensitive_host_path(path), "{path}");
        }
        for path in ["/etc/localtime", "/srv/data", "/home/app", "./src", "/tmp"] {
            assert!(!is_sensitive_host_path(path), "{path}");
        }
        assert!(is_sensitive_host_path("/etc/kubernetes/admin.conf"));
        for path in [
            "~/.ssh",
            "${HOME}/.aws/credentials",
            "/home/dev/.kube/config",
        ] {
            assert!(is_sensitive_host_path(path), "{path}");
        }
        assert!(!is_sensitive_host_path("/srv/.sshd-banner"));
    }

    #[test]
    fn runtime_sockets() {
        for path in [
            "/var/run/docker.sock",
            "/run/containerd/containerd.sock",
            "/var/run",
            "/run/containerd",
            "/home/dev/.docker/run/docker.sock",
            r"\\.\pipe\docker_engine",
            "/var/run/docker.sock/",
        ] {
            assert!(is_runtime_socket(path), "{path}");
        }
        for path in [
            "/",
            "/var/lib/docker",
            "docker-data",
            "/var/run/app.sock",
            "/srv",
        ] {
            assert!(!is_runtime_socket(path), "{path}");
        }
    }
}
