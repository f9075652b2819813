//! `allow-privilege-escalation` for compose: `security_opt` without
//! `no-new-privileges` (bare, `:true` or `=true`), or with it set false.

use super::helpers::{self, planner, services};
use crate::finding::{Finding, Fix};
use crate::rules::Context;
use crate::yaml::edit::Value;

const RULE: &str = "allow-privilege-escalation";
const OPTION: &str = "no-new-privileges:true";
const TITLE: &str = "Add `no-new-privileges:true` to `security_opt`";

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let planner = planner(ctx);
    for service in services(ctx) {
        let opts: Vec<_> = service
            .security_opts()
            .into_iter()
            .filter(|o| o.name.trim().eq_ignore_ascii_case("no-new-privileges"))
            .collect();
        if opts.iter().any(|o| o.value.is_none_or(is_true)) {
            continue;
        }

        if let Some(off) = opts.first() {
            // Written, but switched off: the value is wrong.
            let fix = match off.item.local {
                true => planner
                    .as_ref()
                    .and_then(|p| p.replace_scalar(off.item.node, OPTION)),
                false => None,
            };
            let message = format!(
                "`{}` lets processes of service `{}` gain privileges through setuid binaries; set `{OPTION}`",
                off.item.text, service.name
            );
            out.push(
                Finding::new(RULE, off.item.range, message).with_fix_opt(
                    fix.map(|e| Fix::unsafe_("Set `no-new-privileges:true`", vec![e])),
                ),
            );
            continue;
        }
        if helpers::inherits_unknown(ctx, &service) {
            continue;
        }

        let option = Value::string(OPTION);
        let fix = planner
            .as_ref()
            .and_then(|p| match service.get("security_opt") {
                Some(list) if list.is_local() && list.node.as_sequence().is_some() => {
                    p.append(list.node, &option)
                }
                Some(_) => None,
                None => p.insert(service.node, "security_opt", &Value::seq([option.clone()])),
            });
        let message = format!(
            "service `{}` does not set `{OPTION}` in `security_opt`, so setuid binaries can raise its privileges; add it",
            service.name
        );
        out.push(
            Finding::new(RULE, service.missing_key_range(), message)
                .with_fix_opt(fix.map(|e| Fix::unsafe_(TITLE, vec![e]))),
        );
    }
}

/// Docker parses the value as Go's `strconv.ParseBool` does.
fn is_true(value: &str) -> bool {
    matches!(value.trim(), "1" | "t" | "T" | "true" | "TRUE" | "True")
}
