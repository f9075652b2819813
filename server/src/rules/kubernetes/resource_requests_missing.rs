//! `resource-requests-missing`: a container sets no CPU or no memory
//! request (and no limit that the request would default to).

use super::helpers;
use crate::finding::Finding;
use crate::kubernetes::ContainerRole;
use crate::rules::Context;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(_model) = helpers::model(ctx) else {
        return;
    };

    for container in helpers::containers(ctx) {
        if container.role == ContainerRole::Ephemeral || !helpers::judges_missing(ctx) {
            continue;
        }
        let resources = container.get("resources");
        // A request left out defaults to the limit, so a limit counts.
        let has = |key: &str| {
            ["requests", "limits"].iter().any(|part| {
                resources
                    .and_then(|r| r.get_path(&[part, key]))
                    .is_some_and(|v| !v.is_null())
            })
        };
        let missing = match (has("cpu"), has("memory")) {
            (true, true) => continue,
            (false, true) => "CPU request",
            (true, false) => "memory request",
            (false, false) => "CPU or memory request",
        };
        out.push(Finding::new(
            "resource-requests-missing",
            container.anchor(),
            format!(
                "{} sets no {missing}, so the scheduler cannot place it safely; set `resources.requests`",
                helpers::label(&container)
            ),
        ));
    }
}
