//! `writable-root-filesystem` for Helm values: an explicit
//! `readOnlyRootFilesystem: false`.

use super::helpers::check_unsafe_flag;
use crate::finding::Finding;
use crate::rules::Context;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    check_unsafe_flag(
        ctx,
        "writable-root-filesystem",
        "readOnlyRootFilesystem",
        false,
        |_| {
            "`readOnlyRootFilesystem: false` leaves the container's root filesystem writable; set it to `true` and mount an `emptyDir` where it writes".to_string()
        },
        out,
    );
}
