//! `low-user-id`: `runAsUser` or `runAsGroup` is below 10000.

use super::helpers;
use crate::finding::Finding;
use crate::rules::Context;

/// Ids from here up are unlikely to exist on the node.
const FIRST_HIGH_ID: i64 = 10_000;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(_model) = helpers::model(ctx) else {
        return;
    };

    // Reported where the id is written, once, however many containers
    // inherit it (the engine drops identical findings).
    for container in helpers::containers(ctx) {
        for field in ["runAsUser", "runAsGroup"] {
            let Some((node, _)) = container.security(field) else {
                continue;
            };
            let Some(id) = node.as_i64() else { continue };
            if !(0..FIRST_HIGH_ID).contains(&id) {
                continue;
            }
            out.push(Finding::new(
                "low-user-id",
                node.pair_range(),
                format!(
                    "`{field}: {id}` is below {FIRST_HIGH_ID}, so an escape lands on an id that likely exists on the node; use {FIRST_HIGH_ID} or above"
                ),
            ));
        }
    }
}
