//! `sudo-in-run`: a RUN command runs `sudo`.

use super::helpers;
use crate::dockerfile::shell::base_name;
use crate::finding::Finding;
use crate::rules::Context;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(model) = helpers::model(ctx) else {
        return;
    };

    for ins in helpers::runs(model) {
        for command in &ins.commands {
            let Some(name) = command.name() else {
                continue;
            };
            if base_name(&name.value) != "sudo" {
                continue;
            }
            out.push(Finding::new(
                "sudo-in-run",
                name.range,
                "`sudo` in RUN hides a privilege change; the build already runs as the stage's USER, so switch with `USER` instead",
            ));
        }
    }
}
