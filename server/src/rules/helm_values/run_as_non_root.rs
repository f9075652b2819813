//! `run-as-non-root` for Helm values: `runAsNonRoot: false` or
//! `runAsUser: 0` written in the values.

use super::helpers::{check_unsafe_flag, fields};
use crate::finding::Finding;
use crate::rules::Context;

const RULE: &str = "run-as-non-root";

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    check_unsafe_flag(
        ctx,
        RULE,
        "runAsNonRoot",
        false,
        |written| format!("`{written}` lets the chart's containers run as root; set it to `true`"),
        out,
    );

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
