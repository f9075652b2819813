//! `exposed-ssh-port` for compose: container port 22 in `ports` or `expose`,
//! whatever the host port (`"2222:22"` is SSH in the container).

use super::helpers::services;
use crate::compose::PortSource;
use crate::finding::Finding;
use crate::rules::Context;

const RULE: &str = "exposed-ssh-port";
const SSH: u32 = 22;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for service in services(ctx) {
        for port in service.ports() {
            if !port.contains(SSH) || !port.is_tcp() {
                continue;
            }

            let how = match port.source {
                PortSource::Ports => "published",
                PortSource::Expose => "exposed",
            };
            let message = format!(
                "service `{}` has container port 22 {how}: an SSH daemon in a container is an extra remote entry point; use `docker compose exec` instead",
                service.name
            );
            out.push(Finding::new(RULE, port.range, message));
        }
    }
}
