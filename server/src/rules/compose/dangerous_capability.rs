//! `dangerous-capability` for compose: `cap_add` grants one of the
//! capabilities that lead to the host (`SYS_ADMIN`, `NET_ADMIN`, `ALL`, ...).

use super::helpers::{planner, services};
use crate::finding::{Finding, Fix};
use crate::rules::Context;
use crate::rules::judgement::{is_all_capability, is_dangerous_capability};

const RULE: &str = "dangerous-capability";

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let planner = planner(ctx);
    for service in services(ctx) {
        for item in service.list("cap_add") {
            if !is_dangerous_capability(item.text) {
                continue;
            }

            let fix = match item.local {
                true => planner.as_ref().and_then(|p| p.remove_item(item.node)),
                false => None,
            };
            let message = if is_all_capability(item.text) {
                format!(
                    "`cap_add: {}` gives service `{}` every capability; add only the ones it needs",
                    item.text, service.name
                )
            } else {
                format!(
                    "`{}` added to service `{}` opens a way out of the container; remove it",
                    item.text, service.name
                )
            };
            let title = format!("Remove `{}` from `cap_add`", item.text);
            out.push(
                Finding::new(RULE, item.range, message)
                    .with_fix_opt(fix.map(|e| Fix::unsafe_(title, vec![e]))),
            );
        }
    }
}
