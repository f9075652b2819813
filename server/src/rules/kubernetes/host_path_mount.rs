//! `host-path-mount`: a pod mounts a directory of the node (`hostPath`).
//! Sensitive paths and writable mounts are errors.

use super::helpers;
use crate::finding::{Finding, Severity};
use crate::kubernetes::PodSpec;
use crate::rules::Context;
use crate::rules::judgement::is_sensitive_host_path;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(_model) = helpers::model(ctx) else {
        return;
    };

    for pod in helpers::pod_specs(ctx) {
        for volume in pod.volumes() {
            let Some(path) = volume.get_path(&["hostPath", "path"]) else {
                continue;
            };
            let Some(written) = path.as_str() else {
                continue;
            };
            let name = volume.get("name").and_then(|n| n.as_str()).unwrap_or("");

            let sensitive = is_sensitive_host_path(written);
            let writable = mounted_writable(&pod, name);
            let why = match (sensitive, writable) {
                (true, _) => " (a sensitive path of the node)",
                (false, true) => " without `readOnly: true`",
                (false, false) => "",
            };
            let finding = Finding::new(
                "host-path-mount",
                path.pair_range(),
                format!(
                    "hostPath volume `{name}` mounts `{written}` from the node{why}; use a volume that is not on the host"
                ),
            );
            // Sensitive paths and writable mounts are the catalog's worst forms.
            out.push(if sensitive || writable {
                finding.with_severity(Severity::Error)
            } else {
                finding
            });
        }
    }
}

/// True when a container of the pod mounts volume `name` without
/// `readOnly: true`.
fn mounted_writable(pod: &PodSpec<'_>, name: &str) -> bool {
    pod.containers().iter().any(|c| {
        c.get("volumeMounts")
            .iter()
            .flat_map(|m| m.items())
            .any(|m| {
                m.get("name").and_then(|n| n.as_str()) == Some(name)
                    && m.get("readOnly").and_then(|r| r.as_bool_k8s()) != Some(true)
            })
    })
}
