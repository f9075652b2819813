//! `root-user` for compose: a service that sets no `user`, or sets root
//! (`root`, `0`, with any group).

use super::helpers::{planner, services};
use crate::finding::{Finding, Fix};
use crate::image::resolve_defaults;
use crate::rules::Context;
use crate::yaml::edit::Value;

const RULE: &str = "root-user";

/// The user the fix switches to: numeric, so it needs no account in the
/// image and satisfies `runAsNonRoot` checks alike.
const NON_ROOT: &str = "10001:10001";
const TITLE: &str = "Run the service as user 10001:10001";

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let planner = planner(ctx);
    for service in services(ctx) {
        let Some((written, field)) = service.string("user") else {
            if service.get("user").is_some() || service.inherits_unknown() {
                // A null user or one inherited from another file: unknown.
                continue;
            }
            let fix = planner
                .as_ref()
                .and_then(|p| p.insert(service.node, "user", &Value::string(NON_ROOT)));
            let message = format!(
                "service `{}` sets no `user`, so it runs as the image's user, which is root unless the image says otherwise; set `user: \"{NON_ROOT}\"`",
                service.name
            );
            out.push(
                Finding::new(RULE, service.missing_key_range(), message)
                    .with_fix_opt(fix.map(|e| Fix::unsafe_(TITLE, vec![e]))),
            );
            continue;
        };
        let Some(resolved) = resolve_defaults(written) else {
            continue;
        };
        let name = resolved.split(':').next().unwrap_or("").trim();
        if name != "root" && name != "0" {
            continue;
        }

        let fix = match field.is_local() {
            true => planner
                .as_ref()
                .and_then(|p| p.replace_scalar(field.node, NON_ROOT)),
            false => planner
                .as_ref()
                .and_then(|p| p.insert(service.node, "user", &Value::string(NON_ROOT))),
        };
        let message = format!(
            "`user: {written}` runs service `{}` as root; set a non-root user such as `\"{NON_ROOT}\"`",
            service.name
        );
        out.push(
            Finding::new(RULE, field.pair_range(), message)
                .with_fix_opt(fix.map(|e| Fix::unsafe_(TITLE, vec![e]))),
        );
    }
}
