//! `run-as-non-root` for Helm values: `runAsNonRoot: false` or
//! `runAsUser: 0` written in the values.

use super::helpers::{fields, planner, written};
use crate::finding::{Finding, Fix};
use crate::rules::Context;

const RULE: &str = "run-as-non-root";

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let planner = planner(ctx);
    for pair in fields(ctx, "runAsNonRoot") {
        if pair.value.as_bool_k8s() != Some(false) {
            continue;
        }

        let fix = planner
            .as_ref()
            .and_then(|p| p.replace_scalar(pair.value, "true"))
            .map(|e| Fix::unsafe_("Set `runAsNonRoot: true`", vec![e]));
        let range = pair.value.pair_range();
        let message = format!(
            "`{}` lets the chart's containers run as root; set it to `true`",
            written(ctx, range)
        );
        out.push(Finding::new(RULE, range, message).with_fix_opt(fix));
    }

    for pair in fields(ctx, "runAsUser") {
        if pair.value.as_i64() != Some(0) {
            continue;
        }
        out.push(Finding::new(
            RULE,
            pair.value.pair_range(),
            "`runAsUser: 0` runs the chart's containers as root; set a non-zero user and `runAsNonRoot: true`",
        ));
    }
}
