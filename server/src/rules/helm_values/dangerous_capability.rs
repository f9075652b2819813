//! `dangerous-capability` for Helm values: `capabilities.add` grants a
//! capability that leads to the host (`SYS_ADMIN`, `NET_ADMIN`, `ALL`, ...).

use super::helpers::{fields, planner};
use crate::finding::{Finding, Fix};
use crate::rules::Context;
use crate::rules::judgement::is_dangerous_capability;

const RULE: &str = "dangerous-capability";

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let planner = planner(ctx);
    for pair in fields(ctx, "add") {
        if pair.parent_key != Some("capabilities") {
            continue;
        }
        for item in pair.value.items() {
            let Some(name) = item.as_str() else { continue };
            if !is_dangerous_capability(name) {
                continue;
            }

            let fix = planner
                .as_ref()
                .and_then(|p| p.remove_item(item))
                .map(|e| Fix::unsafe_(format!("Remove `{name}` from `capabilities.add`"), vec![e]));
            let message = format!(
                "`{name}` in `capabilities.add` opens a way out of the container; remove it"
            );
            let range = item.item_range().unwrap_or_else(|| item.range());
            out.push(Finding::new(RULE, range, message).with_fix_opt(fix));
        }
    }
}
