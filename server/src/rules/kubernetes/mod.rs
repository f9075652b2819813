//! Rules for Kubernetes manifests, one file per rule, over the Kubernetes
//! view of the YAML model ([`crate::kubernetes`]).

mod allow_privilege_escalation;
mod capabilities_not_dropped;
mod capability_added;
mod cluster_admin_binding;
mod dangerous_capability;
mod default_namespace;
mod default_service_account;
mod docker_socket_mount;
mod exposed_ssh_port;
pub(crate) mod helpers;
mod host_namespace;
mod host_path_mount;
mod host_port;
mod image_not_pinned_by_digest;
mod image_tag_latest;
mod ingress_snippet_annotation;
mod ingress_without_tls;
mod low_user_id;
mod network_policy_allow_all;
mod network_policy_missing;
mod privileged;
mod rbac_anonymous_subject;
mod rbac_sensitive_access;
mod rbac_wildcard;
mod resource_limits_missing;
mod resource_requests_missing;
mod root_group;
mod run_as_non_root;
mod seccomp_profile_missing;
mod secret_in_manifest;
mod service_account_token_mounted;
mod service_external_ips;
mod unconfined_mac_profile;
mod unsafe_sysctl;
mod untrusted_registry;
mod writable_root_filesystem;

#[cfg(test)]
mod tests;

use super::Rule;
use crate::format::Format;

const K8S: &[Format] = &[Format::Kubernetes];

macro_rules! rules {
    ($($name:literal => $module:ident),* $(,)?) => {
        /// This format's registry rows.
        pub const RULES: &[Rule] = &[
            $(Rule { name: $name, formats: K8S, check: $module::check },)*
        ];
    };
}

rules! {
    "image-tag-latest" => image_tag_latest,
    "image-not-pinned-by-digest" => image_not_pinned_by_digest,
    "untrusted-registry" => untrusted_registry,
    "run-as-non-root" => run_as_non_root,
    "low-user-id" => low_user_id,
    "root-group" => root_group,
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
    "host-port" => host_port,
    "resource-limits-missing" => resource_limits_missing,
    "service-account-token-mounted" => service_account_token_mounted,
    "seccomp-profile-missing" => seccomp_profile_missing,
    "unconfined-mac-profile" => unconfined_mac_profile,
    "unsafe-sysctl" => unsafe_sysctl,
    "capability-added" => capability_added,
    "resource-requests-missing" => resource_requests_missing,
    "default-service-account" => default_service_account,
    "rbac-wildcard" => rbac_wildcard,
    "cluster-admin-binding" => cluster_admin_binding,
    "rbac-sensitive-access" => rbac_sensitive_access,
    "network-policy-missing" => network_policy_missing,
    "network-policy-allow-all" => network_policy_allow_all,
    "default-namespace" => default_namespace,
    "rbac-anonymous-subject" => rbac_anonymous_subject,
    "service-external-ips" => service_external_ips,
    "ingress-without-tls" => ingress_without_tls,
    "ingress-snippet-annotation" => ingress_snippet_annotation,
}
