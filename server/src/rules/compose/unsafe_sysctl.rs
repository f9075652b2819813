//! `unsafe-sysctl` for compose: a `sysctls` entry (map or list form)
//! outside the safe set of the Pod Security Standards.

use super::helpers::services;
use crate::finding::Finding;
use crate::rules::Context;
use crate::rules::judgement::is_safe_sysctl;

const RULE: &str = "unsafe-sysctl";

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for service in services(ctx) {
        for sysctl in service.sysctls() {
            if sysctl.name.is_empty() || is_safe_sysctl(sysctl.name) {
                continue;
            }

            let message = format!(
                "sysctl `{}` of service `{}` is outside the safe set and can weaken the host's or other containers' isolation; remove it",
                sysctl.name, service.name
            );
            out.push(Finding::new(RULE, sysctl.range, message));
        }
    }
}
