//! `host-path-mount` for compose: a bind mount of a host path, short or
//! long syntax, or a named volume defined as a bind of a host directory.
//! Sensitive directories and writable binds are errors, other binds
//! warnings. Paths inside the project (`./src`) are left alone: binding the
//! project's own files is how compose is used for development.

use super::helpers::services;
use crate::compose::MountKind;
use crate::finding::{Finding, Severity};
use crate::rules::Context;
use crate::rules::judgement::is_sensitive_host_path;

const RULE: &str = "host-path-mount";

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for service in services(ctx) {
        for mount in service.mounts() {
            if !matches!(mount.kind, MountKind::Bind | MountKind::Npipe) {
                continue;
            }
            let Some(source) = mount.source.as_deref() else {
                continue;
            };
            if is_project_path(source) {
                continue;
            }

            let (message, severity) = if is_sensitive_host_path(source) {
                let message = format!(
                    "service `{}` mounts the host's `{source}`, which hands it control of the host; mount only the files it needs, read-only",
                    service.name
                );
                (message, Severity::Error)
            } else if !mount.read_only {
                let message = format!(
                    "service `{}` mounts the host path `{source}` writable, so it can change the host's files; mount it read-only or use a named volume",
                    service.name
                );
                (message, Severity::Error)
            } else {
                let message = format!(
                    "service `{}` mounts the host path `{source}`; prefer a named volume, or keep the bind narrow and read-only",
                    service.name
                );
                (message, Severity::Warning)
            };
            out.push(Finding::new(RULE, mount.range, message).with_severity(severity));
        }
    }
}

/// A path relative to the compose file that stays inside the project.
fn is_project_path(source: &str) -> bool {
    let source = source.trim();
    (source == "." || source.starts_with("./") || source.starts_with(".\\"))
        && !source.split(['/', '\\']).any(|part| part == "..")
}
