//! `privileged` for Helm values: `privileged: true` anywhere in the values
//! of a component that is switched on.

use super::helpers::check_unsafe_flag;
use crate::finding::Finding;
use crate::rules::Context;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    check_unsafe_flag(
        ctx,
        "privileged",
        "privileged",
        true,
        |_| {
            "`privileged: true` gives the chart's container every capability and all host devices; set it to `false` and grant only what it needs".to_string()
        },
        out,
    );
}
