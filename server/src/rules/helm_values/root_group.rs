//! `root-group` for Helm values: `runAsGroup: 0`, `fsGroup: 0` or a 0 in
//! `supplementalGroups`.

use super::helpers::fields;
use crate::finding::Finding;
use crate::rules::Context;

const RULE: &str = "root-group";

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for key in ["runAsGroup", "fsGroup"] {
        for pair in fields(ctx, key) {
            if pair.value.as_i64() != Some(0) {
                continue;
            }
            let message = format!(
                "`{key}: 0` gives the chart's containers the root group, which owns files root may write; use a non-zero group"
            );
            out.push(Finding::new(RULE, pair.value.pair_range(), message));
        }
    }

    for pair in fields(ctx, "supplementalGroups") {
        for item in pair.value.items() {
            if item.as_i64() != Some(0) {
                continue;
            }
            out.push(Finding::new(
                RULE,
                item.item_range().unwrap_or_else(|| item.range()),
                "`supplementalGroups` includes 0, the root group; remove it",
            ));
        }
    }
}
