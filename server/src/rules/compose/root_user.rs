//! `root-user` for compose: a service that sets no `user`, or sets root
//! (`root`, `0`, with any group).
//!
//! A service that sets no user runs as its image's user. When compose
//! builds that image from a Dockerfile in the workspace, its final (or
//! `build.target`) stage says which user that is, and a non-root `USER`
//! there is enough.

use super::helpers::{self, planner, services};
use crate::compose::Service;
use crate::finding::{Finding, Fix};
use crate::image::resolve_defaults;
use crate::rules::Context;
use crate::rules::judgement::is_root_user;
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
            if service.get("user").is_some()
                || helpers::inherits_unknown(ctx, &service)
                || built_as_non_root(ctx, &service)
            {
                // A null user, one inherited from another file, or an image
                // whose Dockerfile sets a non-root user.
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
        if !is_root_user(&resolved) {
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

/// True when compose builds the service's image from a Dockerfile of the
/// workspace whose stage ends with a non-root `USER`.
fn built_as_non_root(ctx: &Context<'_>, service: &Service<'_>) -> bool {
    let Some(build) = ctx.doc.path().and_then(|p| service.build(p)) else {
        return false;
    };
    let Some(model) = ctx
        .workspace
        .get(&build.dockerfile)
        .and_then(|d| d.analysis().dockerfile())
    else {
        return false;
    };
    let stage = match build.target {
        Some(target) => model.stage_named(target),
        None => model.final_stage().map(|s| s.index),
    };
    let Some(user) = stage.and_then(|s| model.effective_user(s)) else {
        return false;
    };
    user.args
        .first()
        .is_some_and(|word| word.resolved && !is_root_user(&word.expanded))
}
