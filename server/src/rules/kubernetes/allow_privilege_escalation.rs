//! `allow-privilege-escalation`: a container does not set
//! `allowPrivilegeEscalation: false`.

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
            helpers::set_security_field(&planner, &container, "allowPrivilegeEscalation", "false")
                .map(|e| Fix::unsafe_("Set `allowPrivilegeEscalation: false`", vec![e]))
        };
        match container.own_security("allowPrivilegeEscalation") {
            Some(flag) if flag.as_bool_k8s() == Some(false) => {}
            Some(flag) => {
                let fix = flag.as_bool_k8s().and_then(|_| fix());
                out.push(
                    Finding::new(
                        "allow-privilege-escalation",
                        flag.pair_range(),
                        format!(
                            "`{}` lets {} gain privileges through setuid binaries; set it to `false`",
                            helpers::setting("allowPrivilegeEscalation", flag),
                            helpers::label(&container)
                        ),
                    )
                    .with_fix_opt(fix),
                );
            }
            None if !helpers::judges_missing(ctx) => {}
            None => out.push(
                Finding::new(
                    "allow-privilege-escalation",
                    container.anchor(),
                    format!(
                        "{} does not set `allowPrivilegeEscalation: false`, so setuid binaries can raise its privileges; add it to its securityContext",
                        helpers::label(&container)
                    ),
                )
                .with_fix_opt(fix()),
            ),
        }
    }
}
