//! `seccomp-profile-missing` for compose: `security_opt` turns seccomp off
//! (`seccomp:unconfined` or `seccomp=unconfined`). Without `security_opt`
//! the engine applies its default profile, so nothing is missing then.

use super::helpers::services;
use crate::finding::{Finding, Severity};
use crate::rules::Context;

const RULE: &str = "seccomp-profile-missing";

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
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
            // An explicit Unconfined is the rule's worst form (a warning).
            out.push(Finding::new(RULE, opt.item.range, message).with_severity(Severity::Warning));
        }
    }
}
