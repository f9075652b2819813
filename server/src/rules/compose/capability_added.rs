//! `capability-added` for compose: `cap_add` grants a capability that is
//! neither dangerous nor `NET_BIND_SERVICE`.

use super::helpers::services;
use crate::finding::Finding;
use crate::rules::Context;
use crate::rules::judgement::is_notable_added_capability;

const RULE: &str = "capability-added";

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for service in services(ctx) {
        for item in service.list("cap_add") {
            if !is_notable_added_capability(item.text) {
                continue;
            }

            let message = format!(
                "service `{}` adds the `{}` capability; keep it only if the service needs it",
                service.name, item.text
            );
            out.push(Finding::new(RULE, item.range, message));
        }
    }
}
