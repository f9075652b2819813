//! `privileged`: a container runs privileged, or as a Windows host process.

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
        if let Some(flag) = container.own_security("privileged")
            && flag.as_bool_k8s() == Some(true)
        {
            let fix = planner
                .replace_scalar(flag, "false")
                .map(|e| Fix::unsafe_("Set `privileged: false`", vec![e]));
            out.push(
                Finding::new(
                    "privileged",
                    flag.pair_range(),
                    format!(
                        "{} runs privileged, with every capability and the node's devices; set `privileged: false` and grant only the capability it needs",
                        helpers::label(&container)
                    ),
                )
                .with_fix_opt(fix),
            );
        }

        let host_process = container
            .security("windowsOptions")
            .and_then(|(options, _)| options.get("hostProcess"));
        if let Some(flag) = host_process
            && flag.as_bool_k8s() == Some(true)
        {
            out.push(Finding::new(
                "privileged",
                flag.pair_range(),
                "`hostProcess: true` runs the Windows container as a process on the node; run it as an ordinary container",
            ));
        }
    }
}
