//! Rules for a chart's values, one per file; each reads the values through
//! the Helm view ([`crate::helm`]) and judges what is written there like a
//! manifest, sharing [`crate::rules::judgement`] with the Kubernetes rules.

mod allow_privilege_escalation;
mod capabilities_not_dropped;
mod capability_added;
mod dangerous_capability;
mod docker_socket_mount;
mod helm_security_context_disabled;
mod helpers;
mod image_not_pinned_by_digest;
mod image_tag_latest;
mod low_user_id;
mod privileged;
mod resource_limits_missing;
mod resource_requests_missing;
mod root_group;
mod run_as_non_root;
mod secret_in_manifest;
mod untrusted_registry;
mod writable_root_filesystem;

#[cfg(test)]
mod tests;

use super::Rule;
use crate::format::Format;

const HELM_VALUES: &[Format] = &[Format::HelmValues];

macro_rules! rows {
    ($($name:literal => $module:ident),* $(,)?) => {
        &[$(Rule { name: $name, formats: HELM_VALUES, check: $module::check }),*]
    };
}

/// This format's registry rows.
pub const RULES: &[Rule] = rows![
    "image-tag-latest" => image_tag_latest,
    "image-not-pinned-by-digest" => image_not_pinned_by_digest,
    "untrusted-registry" => untrusted_registry,
    "run-as-non-root" => run_as_non_root,
    "low-user-id" => low_user_id,
    "root-group" => root_group,
    "secret-in-manifest" => secret_in_manifest,
    "privileged" => privileged,
    "allow-privilege-escalation" => allow_privilege_escalation,
    "writable-root-filesystem" => writable_root_filesystem,
    "capabilities-not-dropped" => capabilities_not_dropped,
    "dangerous-capability" => dangerous_capability,
    "docker-socket-mount" => docker_socket_mount,
    "resource-limits-missing" => resource_limits_missing,
    "capability-added" => capability_added,
    "resource-requests-missing" => resource_requests_missing,
    "helm-security-context-disabled" => helm_security_context_disabled,
];
