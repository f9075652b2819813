//! `writable-root-filesystem`: a container does not set
//! `readOnlyRootFilesystem: true`.

use super::helpers::{self, RequiredFlag};
use crate::finding::Finding;
use crate::rules::Context;

const FLAG: RequiredFlag = RequiredFlag {
    rule: "writable-root-filesystem",
    field: "readOnlyRootFilesystem",
    safe: true,
    wrong: "`{setting}` leaves the root filesystem of {container} writable; set it to `true` and mount writable paths as volumes",
    missing: "{container} has a writable root filesystem; set `readOnlyRootFilesystem: true` and mount writable paths as volumes",
};

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    helpers::check_required_flag(ctx, &FLAG, out);
}
