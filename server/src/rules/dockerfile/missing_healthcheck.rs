//! `missing-healthcheck`: the final stage has no HEALTHCHECK.

use super::helpers;
use crate::finding::Finding;
use crate::rules::Context;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(model) = helpers::model(ctx) else {
        return;
    };
    let Some(stage) = model.final_stage() else {
        return;
    };
    if model.effective_healthcheck(stage.index).is_some() {
        return;
    }
    let Some(from) = model.instructions.get(stage.from) else {
        return;
    };

    out.push(Finding::new(
        "missing-healthcheck",
        from.header,
        "the final stage has no `HEALTHCHECK`, so a hung process looks healthy; add one that probes the service",
    ));
}
