//! `run-as-non-root`: neither the container nor its pod sets
//! `runAsNonRoot: true`, or the effective `runAsUser` is 0. A container
//! whose effective `runAsUser` is non-zero cannot run as root, so without
//! `runAsNonRoot` it is reported only at info, as a missing guarantee.

use super::helpers;
use crate::finding::{Finding, Fix, Severity};
use crate::kubernetes::Level;
use crate::rules::Context;
use crate::yaml::edit::Planner;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(model) = helpers::model(ctx) else {
        return;
    };
    let planner = Planner::new(model).planning(ctx.fixes);

    for container in helpers::containers(ctx) {
        if let Some((user, _)) = container.security("runAsUser")
            && user.as_i64() == Some(0)
        {
            out.push(Finding::new(
                "run-as-non-root",
                user.pair_range(),
                "`runAsUser: 0` runs the process as root; set a non-zero user and `runAsNonRoot: true`",
            ));
            continue;
        }

        match container.security("runAsNonRoot") {
            Some((flag, _)) if flag.as_bool_k8s() == Some(true) => {}
            Some((flag, level)) => {
                let whose = match level {
                    Level::Container => helpers::label(&container),
                    Level::Pod => "the pod's containers".to_string(),
                };
                let written = helpers::setting("runAsNonRoot", flag);
                let fix = planner
                    .replace_scalar(flag, "true")
                    .map(|e| Fix::unsafe_("Set `runAsNonRoot: true`", vec![e]));
                out.push(
                    Finding::new(
                        "run-as-non-root",
                        flag.pair_range(),
                        format!("`{written}` lets {whose} run as root; set it to `true`"),
                    )
                    .with_fix_opt(fix),
                );
            }
            None if !helpers::judges_missing(ctx) => {}
            None => {
                let fix = helpers::set_security_field(&planner, &container, "runAsNonRoot", "true")
                    .map(|e| {
                        Fix::unsafe_("Add `runAsNonRoot: true` to the securityContext", vec![e])
                    });
                let user = container
                    .security("runAsUser")
                    .and_then(|(user, _)| user.as_i64())
                    .filter(|&uid| uid > 0);
                let finding = match user {
                    // A non-zero user cannot be root, so only the guarantee
                    // is missing: nothing refuses root if the user is later
                    // removed, and Pod Security `restricted` rejects the pod.
                    Some(uid) => Finding::new(
                        "run-as-non-root",
                        container.anchor(),
                        format!(
                            "{} runs as user {uid}, but nothing enforces a non-root user (Pod Security `restricted` requires `runAsNonRoot: true`); add it to the container's securityContext",
                            helpers::label(&container)
                        ),
                    )
                    .with_milder_severity(Severity::Info),
                    None => Finding::new(
                        "run-as-non-root",
                        container.anchor(),
                        format!(
                            "{} may run as root: neither it nor its pod sets `runAsNonRoot: true` or a non-zero `runAsUser`; add `runAsNonRoot: true` to the container's securityContext",
                            helpers::label(&container)
                        ),
                    ),
                };
                out.push(finding.with_fix_opt(fix));
            }
        }
    }
}
