//! `privileged` for compose: `privileged: true` (or the string `"true"`).

use super::helpers::{planner, services};
use crate::finding::{Finding, Fix};
use crate::rules::Context;
use crate::yaml::edit::Value;

const RULE: &str = "privileged";

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let planner = planner(ctx);
    for service in services(ctx) {
        let Some((true, field)) = service.flag("privileged") else {
            continue;
        };

        // A value merged from an extension block or inherited through
        // `extends` is overridden in the service; the shared block stays.
        let fix = planner.as_ref().and_then(|p| match field.is_local() {
            true => p
                .remove_pair(field.node)
                .map(|e| Fix::unsafe_("Remove `privileged: true`", vec![e])),
            false => p
                .insert(service.node, "privileged", &Value::raw("false"))
                .map(|e| Fix::unsafe_("Override with `privileged: false`", vec![e])),
        });
        let message = format!(
            "service `{}` runs privileged, with every capability and all host devices; remove `privileged` and grant only what it needs (a `cap_add` entry, a `devices` entry)",
            service.name
        );
        out.push(Finding::new(RULE, field.pair_range(), message).with_fix_opt(fix));
    }
}
