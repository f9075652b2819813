//! `dangerous-capability`: a container adds a capability that opens a way
//! to the node (`SYS_ADMIN`, `NET_ADMIN`, `ALL`, ...).

use super::helpers;
use crate::finding::{Finding, Fix};
use crate::rules::Context;
use crate::rules::judgement::{is_dangerous_capability, normalize_capability};
use crate::yaml::edit::Planner;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(model) = helpers::model(ctx) else {
        return;
    };
    let planner = Planner::new(model).planning(ctx.fixes);

    for container in helpers::containers(ctx) {
        let add = container
            .own_security("capabilities")
            .and_then(|c| c.get("add"));
        for item in add.iter().flat_map(|a| a.items()) {
            let Some(name) = item.as_str() else { continue };
            if !is_dangerous_capability(name) {
                continue;
            }
            let fix = planner.remove_item(item).map(|e| {
                Fix::unsafe_(
                    format!("Remove `{name}` from the added capabilities"),
                    vec![e],
                )
            });
            // The canonical name is added only when it reads differently
            // (`cap_sys_admin` is `SYS_ADMIN`).
            let canonical = normalize_capability(name);
            let also = if canonical == name {
                String::new()
            } else {
                format!(" (`{canonical}`)")
            };
            out.push(
                Finding::new(
                    "dangerous-capability",
                    item.range(),
                    format!(
                        "{} adds `{name}`{also}, which opens a way out to the node; remove it",
                        helpers::label(&container),
                    ),
                )
                .with_fix_opt(fix),
            );
        }
    }
}
