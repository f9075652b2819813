//! `writable-root-filesystem` for compose: `read_only` false or missing.

use super::helpers::{self, planner, services};
use crate::finding::{Finding, Fix};
use crate::rules::Context;
use crate::yaml::edit::Value;

const RULE: &str = "writable-root-filesystem";
const TITLE: &str = "Set `read_only: true`";

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let planner = planner(ctx);
    for service in services(ctx) {
        match service.flag("read_only") {
            Some((true, _)) => {}
            Some((false, field)) => {
                let fix = planner.as_ref().and_then(|p| match field.is_local() {
                    true => p.replace_scalar(field.node, "true"),
                    false => p.insert(service.node, "read_only", &Value::raw("true")),
                });
                let message = format!(
                    "`read_only: false` leaves the root filesystem of service `{}` writable; set `read_only: true` and mount a `tmpfs` where it writes",
                    service.name
                );
                out.push(
                    Finding::new(RULE, field.pair_range(), message)
                        .with_fix_opt(fix.map(|e| Fix::unsafe_(TITLE, vec![e]))),
                );
            }
            None if service.get("read_only").is_some()
                || helpers::inherits_unknown(ctx, &service) => {}
            None => {
                let fix = planner
                    .as_ref()
                    .and_then(|p| p.insert(service.node, "read_only", &Value::raw("true")));
                let message = format!(
                    "service `{}` does not set `read_only: true`, so its root filesystem is writable; set it and mount a `tmpfs` where the service writes",
                    service.name
                );
                out.push(
                    Finding::new(RULE, service.missing_key_range(), message)
                        .with_fix_opt(fix.map(|e| Fix::unsafe_(TITLE, vec![e]))),
                );
            }
        }
    }
}
