//! `seccomp-profile-missing` for compose: `security_opt` turns seccomp off
//! (`seccomp:unconfined` or `seccomp=unconfined`). Without `security_opt`
//! the engine applies its default profile, so nothing is missing then. The
//! fix removes the entry, which gives the service that default profile back.

use super::helpers::{planner, services};
use crate::finding::{Finding, Fix, Severity};
use crate::rules::Context;

const RULE: &str = "seccomp-profile-missing";

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let planner = planner(ctx);
    for service in services(ctx) {
        for opt in service.security_opts() {
            let unconfined = opt.name.trim().eq_ignore_ascii_case("seccomp")
                && opt
                    .value
                    .is_some_and(|v| v.trim().eq_ignore_ascii_case("unconfined"));
            if !unconfined {
                continue;
            }

            let message = format!(
                "`{}` turns off the system-call filter of service `{}`; remove it, or give a custom profile",
                opt.item.text, service.name
            );
            // Only an entry written in this service is removed: one that
            // came through an alias is shared with whatever else uses it.
            let fix = match opt.item.local {
                true => planner.as_ref().and_then(|p| p.remove_item(opt.item.node)),
                false => None,
            };
            let title = format!("Remove `{}` from `security_opt`", opt.item.text);
            // An explicit Unconfined is the rule's worst form (a warning).
            out.push(
                Finding::new(RULE, opt.item.range, message)
                    .with_severity(Severity::Warning)
                    .with_fix_opt(fix.map(|e| Fix::unsafe_(title, vec![e]))),
            );
        }
    }
}
