//! `seccomp-profile-missing`: a container runs without a seccomp profile
//! (none at pod or container level), or one is explicitly `Unconfined`.

use super::helpers;
use crate::finding::{Finding, Fix, Severity};
use crate::rules::Context;
use crate::yaml::edit::{Planner, Value};

/// Pod spec keys a new `securityContext` conventionally follows.
const POD_KEYS_BEFORE_SECURITY: &[&str] = &[
    "restartPolicy",
    "serviceAccountName",
    "serviceAccount",
    "automountServiceAccountToken",
    "hostNetwork",
    "hostPID",
    "hostIPC",
];

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(model) = helpers::model(ctx) else {
        return;
    };
    let planner = Planner::new(model).planning(ctx.fixes);

    for pod in helpers::pod_specs(ctx) {
        let containers = pod.containers();
        if containers.is_empty() {
            continue;
        }
        let mut missing = false;
        for container in &containers {
            let Some((profile, _)) = container.security("seccompProfile") else {
                missing = true;
                continue;
            };
            let Some(kind) = profile.get("type") else {
                missing = true;
                continue;
            };
            if kind.as_str() != Some("Unconfined") {
                continue;
            }
            // Explicitly unconfined is the catalog's worst form.
            let fix = planner
                .replace_scalar(kind, "RuntimeDefault")
                .map(|e| Fix::unsafe_("Use the `RuntimeDefault` seccomp profile", vec![e]));
            out.push(
                Finding::new(
                    "seccomp-profile-missing",
                    kind.pair_range(),
                    "`type: Unconfined` turns seccomp off, so every system call reaches the kernel; use `RuntimeDefault`",
                )
                .with_severity(Severity::Warning)
                .with_fix_opt(fix),
            );
        }
        if !missing || !helpers::judges_missing(ctx) {
            continue;
        }
        let fix = planner
            .insert_path_after(
                pod.node,
                &["securityContext", "seccompProfile"],
                Value::map([("type", Value::raw("RuntimeDefault"))]),
                POD_KEYS_BEFORE_SECURITY,
            )
            .map(|e| Fix::unsafe_("Add `seccompProfile: {type: RuntimeDefault}`", vec![e]));
        out.push(
            Finding::new(
                "seccomp-profile-missing",
                pod.anchor(),
                "the pod runs without a seccomp profile; set `seccompProfile: {type: RuntimeDefault}` in its securityContext",
            )
            .with_fix_opt(fix),
        );
    }
}
