//! `resource-requests-missing` for Helm values: a container `resources`
//! block without a CPU or a memory request (and no limit the request would
//! default to).

use super::helpers::{has_resource, resource_blocks};
use crate::finding::Finding;
use crate::rules::Context;

const RULE: &str = "resource-requests-missing";

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for resources in resource_blocks(ctx) {
        // A request left out defaults to the limit, so a limit counts.
        let has = |key: &str| {
            has_resource(resources, "requests", key) || has_resource(resources, "limits", key)
        };
        let missing = match (has("cpu"), has("memory")) {
            (true, true) => continue,
            (false, true) => "CPU request",
            (true, false) => "memory request",
            (false, false) => "CPU or memory request",
        };

        let message = format!(
            "this `resources` block sets no {missing}, so the scheduler cannot place the container safely; set `requests`"
        );
        out.push(Finding::new(RULE, resources.pair_range(), message));
    }
}
