//! `unconfined-mac-profile`: AppArmor is unconfined, SELinux options leave
//! the container types of the Pod Security Standards, or `/proc` is
//! unmasked.

use super::helpers;
use crate::finding::Finding;
use crate::kubernetes::{Level, PodSpec};
use crate::rules::Context;
use crate::yaml::Node;

/// The SELinux types the Pod Security Standards allow.
const ALLOWED_SELINUX_TYPES: &[&str] = &[
    "container_t",
    "container_init_t",
    "container_kvm_t",
    "container_engine_t",
];

/// The annotation prefix of the beta AppArmor setting, one per container.
const APPARMOR_ANNOTATION: &str = "container.apparmor.security.beta.kubernetes.io/";

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(_model) = helpers::model(ctx) else {
        return;
    };

    for pod in helpers::pod_specs(ctx) {
        for entry in pod_annotations(&pod).iter().flat_map(|a| a.entries()) {
            let Some(key) = entry.key_str() else { continue };
            let Some(container) = key.strip_prefix(APPARMOR_ANNOTATION) else {
                continue;
            };
            if entry.value.as_str() != Some("unconfined") {
                continue;
            }
            out.push(Finding::new(
                "unconfined-mac-profile",
                entry.range(),
                format!(
                    "AppArmor is `unconfined` for container `{container}`; use `runtime/default` or a localhost profile"
                ),
            ));
        }

        let mut contexts: Vec<(Node<'_>, Level)> = Vec::new();
        contexts.extend(pod.security_context().map(|s| (s, Level::Pod)));
        for container in pod.containers() {
            contexts.extend(container.security_context().map(|s| (s, Level::Container)));
        }
        for (context, level) in contexts {
            check_context(context, level, out);
        }
    }
}

/// The annotations of the pod (its template's metadata for workloads).
fn pod_annotations<'a>(pod: &PodSpec<'a>) -> Option<Node<'a>> {
    let template = pod.node.parent()?;
    template
        .get_path(&["metadata", "annotations"])
        .and_then(Node::as_mapping)
}

fn check_context(context: Node<'_>, level: Level, out: &mut Vec<Finding>) {
    if let Some(kind) = context.get_path(&["appArmorProfile", "type"])
        && kind.as_str() == Some("Unconfined")
    {
        out.push(Finding::new(
            "unconfined-mac-profile",
            kind.pair_range(),
            "`appArmorProfile` is `Unconfined`; use `RuntimeDefault` or a `Localhost` profile",
        ));
    }

    if let Some(options) = context.get("seLinuxOptions") {
        if let Some(kind) = options.get("type").filter(|t| !t.is_null())
            && let Some(name) = kind.as_str()
            && !ALLOWED_SELINUX_TYPES.contains(&name)
        {
            out.push(Finding::new(
                "unconfined-mac-profile",
                kind.pair_range(),
                format!(
                    "SELinux type `{name}` is outside the container types; leave the type to the runtime (`container_t`)"
                ),
            ));
        }
        for field in ["user", "role"] {
            if let Some(value) = options.get(field).filter(|v| !v.is_null()) {
                out.push(Finding::new(
                    "unconfined-mac-profile",
                    value.pair_range(),
                    format!(
                        "SELinux `{field}` is set, which the Pod Security Standards forbid; set only `level` (or a container type)"
                    ),
                ));
            }
        }
    }

    // procMount exists only on containers.
    if level == Level::Container
        && let Some(mount) = context.get("procMount")
        && mount.as_str() == Some("Unmasked")
    {
        out.push(Finding::new(
            "unconfined-mac-profile",
            mount.pair_range(),
            "`procMount: Unmasked` exposes the node's kernel settings under `/proc`; remove it",
        ));
    }
}
