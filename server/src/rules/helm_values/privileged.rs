//! `privileged` for Helm values: `privileged: true` anywhere in the values
//! of a component that is switched on.

use super::helpers::{fields, planner};
use crate::finding::{Finding, Fix};
use crate::rules::Context;

const RULE: &str = "privileged";

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let planner = planner(ctx);
    for pair in fields(ctx, "privileged") {
        if pair.value.as_bool_k8s() != Some(true) {
            continue;
        }

        let fix = planner
            .as_ref()
            .and_then(|p| p.replace_scalar(pair.value, "false"))
            .map(|e| Fix::unsafe_("Set `privileged: false`", vec![e]));
        out.push(
            Finding::new(
                RULE,
                pair.value.pair_range(),
                "`privileged: true` gives the chart's container every capability and all host devices; set it to `false` and grant only what it needs",
            )
            .with_fix_opt(fix),
        );
    }
}
