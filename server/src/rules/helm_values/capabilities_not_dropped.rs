//! `capabilities-not-dropped` for Helm values: a `capabilities.drop` list
//! written without `ALL`.

use super::helpers::{fields, planner};
use crate::finding::{Finding, Fix};
use crate::rules::Context;
use crate::rules::judgement::is_all_capability;
use crate::yaml::edit::Value;

const RULE: &str = "capabilities-not-dropped";

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let planner = planner(ctx);
    for pair in fields(ctx, "drop") {
        if pair.parent_key != Some("capabilities") || pair.value.as_sequence().is_none() {
            continue;
        }
        if pair
            .value
            .items()
            .filter_map(|i| i.as_str())
            .any(is_all_capability)
        {
            continue;
        }

        let fix = planner
            .as_ref()
            .and_then(|p| p.append(pair.value, &Value::string("ALL")))
            .map(|e| Fix::unsafe_("Add `ALL` to `capabilities.drop`", vec![e]));
        out.push(
            Finding::new(
                RULE,
                pair.value.pair_range(),
                "`capabilities.drop` does not drop `ALL`, so the container keeps the runtime's default capabilities; drop `ALL` and add back only what it needs",
            )
            .with_fix_opt(fix),
        );
    }
}
