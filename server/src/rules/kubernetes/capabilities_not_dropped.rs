//! `capabilities-not-dropped`: a container does not drop `ALL`
//! capabilities.

use super::helpers;
use crate::finding::{Finding, Fix};
use crate::rules::Context;
use crate::rules::judgement::is_all_capability;
use crate::yaml::ScalarStyle;
use crate::yaml::edit::{Planner, Value};

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(model) = helpers::model(ctx) else {
        return;
    };
    let planner = Planner::new(model).planning(ctx.fixes);

    for container in helpers::containers(ctx) {
        let drop = container
            .own_security("capabilities")
            .and_then(|caps| caps.get("drop"))
            .filter(|d| !d.is_null());
        match drop {
            Some(list)
                if list
                    .items()
                    .any(|i| i.as_str().is_some_and(is_all_capability)) => {}
            Some(list) => {
                // A drop list without ALL is a wrong value: ALL joins it,
                // quoted like the names already there.
                let quoted = list
                    .items()
                    .any(|i| i.scalar_style() == Some(ScalarStyle::DoubleQuoted));
                let all = if quoted { "\"ALL\"" } else { "ALL" };
                let fix = planner
                    .append(list, &Value::raw(all))
                    .map(|e| Fix::unsafe_("Add `ALL` to the drop list", vec![e]));
                out.push(
                    Finding::new(
                        "capabilities-not-dropped",
                        list.pair_range(),
                        format!(
                            "the drop list of {} does not include `ALL`, so it keeps the runtime's default capabilities; drop `ALL` and add back only what it needs",
                            helpers::label(&container)
                        ),
                    )
                    .with_fix_opt(fix),
                );
            }
            None if !helpers::judges_missing(ctx) => {}
            None => {
                let fix = planner
                    .insert_path(
                        container.node,
                        &["securityContext", "capabilities", "drop"],
                        Value::seq([Value::raw("ALL")]),
                    )
                    .map(|e| Fix::unsafe_("Drop all capabilities", vec![e]));
                out.push(
                    Finding::new(
                        "capabilities-not-dropped",
                        container.anchor(),
                        format!(
                            "{} keeps the runtime's default capabilities; set `capabilities: {{drop: [ALL]}}` in its securityContext",
                            helpers::label(&container)
                        ),
                    )
                    .with_fix_opt(fix),
                );
            }
        }
    }
}
