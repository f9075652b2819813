//! `capabilities-not-dropped` for compose: no `cap_drop`, or a `cap_drop`
//! list without `ALL` (any case, with or without `CAP_`).

use super::helpers::{self, planner, services};
use crate::finding::{Finding, Fix};
use crate::rules::Context;
use crate::rules::judgement::is_all_capability;
use crate::yaml::edit::Value;

const RULE: &str = "capabilities-not-dropped";

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let planner = planner(ctx);
    for service in services(ctx) {
        let fields = service.get_all("cap_drop");
        if fields
            .iter()
            .flat_map(|f| f.strings())
            .any(|item| is_all_capability(item.text))
        {
            continue;
        }

        if let Some(field) = fields.first() {
            // A list that drops some capabilities but not all: a wrong value.
            let fix = match field.is_local() && field.node.as_sequence().is_some() {
                true => planner
                    .as_ref()
                    .and_then(|p| p.append(field.node, &Value::raw("ALL"))),
                false => None,
            };
            let message = format!(
                "`cap_drop` of service `{}` does not drop `ALL`, so it keeps the engine's default capabilities; drop `ALL` and add back only what it needs",
                service.name
            );
            out.push(
                Finding::new(RULE, field.pair_range(), message)
                    .with_fix_opt(fix.map(|e| Fix::unsafe_("Add `ALL` to `cap_drop`", vec![e]))),
            );
            continue;
        }
        if helpers::inherits_unknown(ctx, &service) {
            continue;
        }

        let fix = planner
            .as_ref()
            .and_then(|p| p.insert(service.node, "cap_drop", &Value::seq([Value::raw("ALL")])));
        let message = format!(
            "service `{}` drops no capabilities and keeps the engine's defaults (`NET_RAW`, `CHOWN`, `SETUID`, ...); add `cap_drop: [ALL]` and add back only what it needs",
            service.name
        );
        out.push(
            Finding::new(RULE, service.missing_key_range(), message)
                .with_fix_opt(fix.map(|e| Fix::unsafe_("Drop all capabilities", vec![e]))),
        );
    }
}
