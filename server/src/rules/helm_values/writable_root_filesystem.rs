//! `writable-root-filesystem` for Helm values: an explicit
//! `readOnlyRootFilesystem: false`.

use super::helpers::{fields, planner};
use crate::finding::{Finding, Fix};
use crate::rules::Context;

const RULE: &str = "writable-root-filesystem";

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let planner = planner(ctx);
    for pair in fields(ctx, "readOnlyRootFilesystem") {
        if pair.value.as_bool_k8s() != Some(false) {
            continue;
        }

        let fix = planner
            .as_ref()
            .and_then(|p| p.replace_scalar(pair.value, "true"))
            .map(|e| Fix::unsafe_("Set `readOnlyRootFilesystem: true`", vec![e]));
        out.push(
            Finding::new(
                RULE,
                pair.value.pair_range(),
                "`readOnlyRootFilesystem: false` leaves the container's root filesystem writable; set it to `true` and mount an `emptyDir` where it writes",
            )
            .with_fix_opt(fix),
        );
    }
}
