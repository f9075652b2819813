//! `host-port`: a container binds a port of the node (`hostPort`).

use super::helpers;
use crate::finding::Finding;
use crate::rules::Context;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(_model) = helpers::model(ctx) else {
        return;
    };

    for container in helpers::containers(ctx) {
        for port in container.ports() {
            let Some(host) = port.get("hostPort") else {
                continue;
            };
            let Some(number) = host.as_i64().filter(|n| *n != 0) else {
                continue;
            };
            out.push(Finding::new(
                "host-port",
                host.pair_range(),
                format!(
                    "{} binds port `{number}` of the node, bypassing network policy and pinning the pod to one node; expose it through a Service",
                    helpers::label(&container)
                ),
            ));
        }
    }
}
