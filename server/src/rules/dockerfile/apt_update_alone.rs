//! `apt-update-alone`: `apt-get update` in a RUN that installs nothing.

use super::helpers::{self, Manager};
use crate::finding::Finding;
use crate::rules::Context;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(model) = helpers::model(ctx) else {
        return;
    };

    for ins in helpers::runs(model) {
        let apt: Vec<_> = helpers::package_commands(ins)
            .filter(|p| p.manager == Manager::Apt)
            .collect();
        let Some(update) = apt.iter().find(|p| p.sub() == "update") else {
            continue;
        };
        let uses_index = apt.iter().any(|p| {
            matches!(
                p.sub(),
                "install" | "upgrade" | "dist-upgrade" | "full-upgrade" | "build-dep" | "source"
            )
        });
        if uses_index {
            continue;
        }
        out.push(Finding::new(
            "apt-update-alone",
            helpers::span(update.program.range, update.sub.range),
            "`apt-get update` runs in a RUN of its own, so a cached layer feeds a stale index to later installs; update and install in the same RUN",
        ));
    }
}
