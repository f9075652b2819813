//! `host-namespace`: a pod shares the node's network, process or IPC
//! namespace.

use super::helpers;
use crate::finding::{Finding, Fix};
use crate::rules::Context;
use crate::yaml::edit::Planner;

const FIELDS: &[(&str, &str)] = &[
    ("hostNetwork", "network"),
    ("hostPID", "process"),
    ("hostIPC", "IPC"),
];

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(model) = helpers::model(ctx) else {
        return;
    };
    let planner = Planner::new(model).planning(ctx.fixes);

    for pod in helpers::pod_specs(ctx) {
        for (field, namespace) in FIELDS {
            let Some(flag) = pod.get(field) else { continue };
            if flag.as_bool_k8s() != Some(true) {
                continue;
            }
            let fix = planner
                .replace_scalar(flag, "false")
                .map(|e| Fix::unsafe_(format!("Set `{field}: false`"), vec![e]));
            out.push(
                Finding::new(
                    "host-namespace",
                    flag.pair_range(),
                    format!(
                        "`{field}: true` shares the node's {namespace} namespace with the pod; remove it or set it to `false`"
                    ),
                )
                .with_fix_opt(fix),
            );
        }
    }
}
