//! `low-user-id` for Helm values: `runAsUser` or `runAsGroup` below 10000.

use super::helpers::fields;
use crate::finding::Finding;
use crate::rules::Context;

const RULE: &str = "low-user-id";

/// IDs below this may exist on the host, where an escaped process would
/// land as that user.
const FIRST_SAFE_ID: i64 = 10_000;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for key in ["runAsUser", "runAsGroup"] {
        for pair in fields(ctx, key) {
            let Some(id) = pair.value.as_i64() else {
                continue;
            };
            if !(0..FIRST_SAFE_ID).contains(&id) {
                continue;
            }

            let message = format!(
                "`{key}: {id}` is below {FIRST_SAFE_ID}, so a container escape lands on an ID that likely exists on the host; use 10000 or above"
            );
            out.push(Finding::new(RULE, pair.value.pair_range(), message));
        }
    }
}
