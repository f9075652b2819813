//! Rules for compose files, one per file; each reads the services through
//! the compose view ([`crate::compose`]) and shares its judgement with the
//! Kubernetes rules through [`crate::rules::judgement`].

mod allow_privilege_escalation;
mod capabilities_not_dropped;
mod capability_added;
mod dangerous_capability;
mod docker_socket_mount;
mod exposed_ssh_port;
mod helpers;
mod host_namespace;
mod host_path_mount;
mod image_not_pinned_by_digest;
mod image_tag_latest;
mod privileged;
mod resource_limits_missing;
mod root_user;
mod seccomp_profile_missing;
mod secret_in_manifest;
mod unconfined_mac_profile;
mod unsafe_sysctl;
mod untrusted_registry;
mod writable_root_filesystem;

#[cfg(test)]
mod tests;

use super::Rule;
use crate::format::Format;

const COMPOSE: &[Format] = &[Format::Compose];

macro_rules! rows {
    ($($name:literal => $module:ident),* $(,)?) => {
        &[$(Rule { name: $name, formats: COMPOSE, check: $module::check }),*]
    };
}

/// This format's registry rows.
pub const RULES: &[Rule] = rows![
    "image-tag-latest" => image_tag_latest,
    "image-not-pinned-by-digest" => image_not_pinned_by_digest,
    "untrusted-registry" => untrusted_registry,
    "root-user" => root_user,
    "secret-in-manifest" => secret_in_manifest,
    "exposed-ssh-port" => exposed_ssh_port,
    "privileged" => privileged,
    "allow-privilege-escalation" => allow_privilege_escalation,
    "writable-root-filesystem" => writable_root_filesystem,
    "capabilities-not-dropped" => capabilities_not_dropped,
    "dangerous-capability" => dangerous_capability,
    "host-namespace" => host_namespace,
    "host-path-mount" => host_path_mount,
    "docker-socket-mount" => docker_socket_mount,
    "resource-limits-missing" => resource_limits_missing,
    "seccomp-profile-missing" => seccomp_profile_missing,
    "unconfined-mac-profile" => unconfined_mac_profile,
    "unsafe-sysctl" => unsafe_sysctl,
    "capability-added" => capability_added,
];
