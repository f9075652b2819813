//! `allow-privilege-escalation` for Helm values: an explicit
//! `allowPrivilegeEscalation: true`.

use super::helpers::check_unsafe_flag;
use crate::finding::Finding;
use crate::rules::Context;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    check_unsafe_flag(
        ctx,
        "allow-privilege-escalation",
        "allowPrivilegeEscalation",
        true,
        |_| {
            "`allowPrivilegeEscalation: true` lets processes gain privileges through setuid binaries; set it to `false`".to_string()
        },
        out,
    );
}
