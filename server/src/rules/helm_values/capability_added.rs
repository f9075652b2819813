//! `capability-added` for Helm values: `capabilities.add` grants a
//! capability that is neither dangerous nor `NET_BIND_SERVICE`.

use super::helpers::fields;
use crate::finding::Finding;
use crate::rules::Context;
use crate::rules::judgement::is_notable_added_capability;

const RULE: &str = "capability-added";

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for pair in fields(ctx, "add") {
        if pair.parent_key != Some("capabilities") {
            continue;
        }
        for item in pair.value.items() {
            let Some(name) = item.as_str() else { continue };
            if !is_notable_added_capability(name) {
                continue;
            }

            let message = format!(
                "the chart's container adds the `{name}` capability; keep it only if it is needed"
            );
            let range = item.item_range().unwrap_or_else(|| item.range());
            out.push(Finding::new(RULE, range, message));
        }
    }
}
