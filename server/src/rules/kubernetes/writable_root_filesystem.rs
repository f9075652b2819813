//! `writable-root-filesystem`: a container does not set
//! `readOnlyRootFilesystem: true`.

use super::helpers;
use crate::finding::{Finding, Fix};
use crate::rules::Context;
use crate::yaml::edit::Planner;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(model) = helpers::model(ctx) else {
        return;
    };
    let planner = Planner::new(model).planning(ctx.fixes);

    for container in helpers::containers(ctx) {
        let fix = || {
            helpers::set_security_field(&planner, &container, "readOnlyRootFilesystem", "true")
                .map(|e| Fix::unsafe_("Set `readOnlyRootFilesystem: true`", vec![e]))
        };
        match container.own_security("readOnlyRootFilesystem") {
            Some(flag) if flag.as_bool_k8s() == Some(true) => {}
            Some(flag) => {
                let fix = flag.as_bool_k8s().and_then(|_| fix());
                out.push(
                    Finding::new(
                        "writable-root-filesystem",
                        flag.pair_range(),
                        format!(
                            "`{}` leaves the root filesystem of {} writable; set it to `true` and mount writable paths as volumes",
                            helpers::setting("readOnlyRootFilesystem", flag),
                            helpers::label(&container)
                        ),
                    )
                    .with_fix_opt(fix),
                );
            }
            None if !helpers::judges_missing(ctx) => {}
            None => out.push(
                Finding::new(
                    "writable-root-filesystem",
                    container.anchor(),
                    format!(
                        "{} has a writable root filesystem; set `readOnlyRootFilesystem: true` and mount writable paths as volumes",
                        helpers::label(&container)
                    ),
                )
                .with_fix_opt(fix()),
            ),
        }
    }
}
