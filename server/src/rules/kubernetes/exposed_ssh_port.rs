//! `exposed-ssh-port`: a container exposes port 22.

use super::helpers;
use crate::finding::Finding;
use crate::rules::Context;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(_model) = helpers::model(ctx) else {
        return;
    };

    for container in helpers::containers(ctx) {
        for port in container.ports() {
            let Some(number) = port.get("containerPort") else {
                continue;
            };
            if number.as_i64() != Some(22) {
                continue;
            }
            out.push(Finding::new(
                "exposed-ssh-port",
                number.pair_range(),
                format!(
                    "{} exposes port `22` (SSH), an extra way in; drop the SSH daemon and use `kubectl exec` or a debug container",
                    helpers::label(&container)
                ),
            ));
        }
    }
}
