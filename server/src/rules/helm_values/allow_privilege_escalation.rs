//! `allow-privilege-escalation` for Helm values: an explicit
//! `allowPrivilegeEscalation: true`.

use super::helpers::{fields, planner};
use crate::finding::{Finding, Fix};
use crate::rules::Context;

const RULE: &str = "allow-privilege-escalation";

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let planner = planner(ctx);
    for pair in fields(ctx, "allowPrivilegeEscalation") {
        if pair.value.as_bool_k8s() != Some(true) {
            continue;
        }

        let fix = planner
            .as_ref()
            .and_then(|p| p.replace_scalar(pair.value, "false"))
            .map(|e| Fix::unsafe_("Set `allowPrivilegeEscalation: false`", vec![e]));
        out.push(
            Finding::new(
                RULE,
                pair.value.pair_range(),
                "`allowPrivilegeEscalation: true` lets processes gain privileges through setuid binaries; set it to `false`",
            )
            .with_fix_opt(fix),
        );
    }
}
