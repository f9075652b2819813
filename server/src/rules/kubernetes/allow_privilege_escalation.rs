//! `allow-privilege-escalation`: a container does not set
//! `allowPrivilegeEscalation: false`.

use super::helpers::{self, RequiredFlag};
use crate::finding::Finding;
use crate::rules::Context;

const FLAG: RequiredFlag = RequiredFlag {
    rule: "allow-privilege-escalation",
    field: "allowPrivilegeEscalation",
    safe: false,
    wrong: "`{setting}` lets {container} gain privileges through setuid binaries; set it to `false`",
    missing: "{container} does not set `allowPrivilegeEscalation: false`, so setuid binaries can raise its privileges; add it to its securityContext",
};

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    helpers::check_required_flag(ctx, &FLAG, out);
}
