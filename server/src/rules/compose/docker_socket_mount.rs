//! `docker-socket-mount` for compose: a bind of a container runtime socket
//! (or of the directory holding one, or the Windows engine pipe). `:ro`
//! does not help: the API is reached by connecting, not by writing the file.

use super::helpers::services;
use crate::compose::MountKind;
use crate::finding::Finding;
use crate::rules::Context;
use crate::rules::judgement::is_runtime_socket;

const RULE: &str = "docker-socket-mount";

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for service in services(ctx) {
        for mount in service.mounts() {
            if !matches!(mount.kind, MountKind::Bind | MountKind::Npipe) {
                continue;
            }
            let Some(source) = mount.source.as_deref() else {
                continue;
            };
            if !is_runtime_socket(source) {
                continue;
            }

            let message = format!(
                "service `{}` mounts the container runtime socket `{source}`, which gives it root on the host; remove the mount (read-only does not help)",
                service.name
            );
            out.push(Finding::new(RULE, mount.range, message));
        }
    }
}
