//! `secret-in-manifest` for compose: a literal credential in a service's
//! `environment` or `build.args`, in map or list form, including the
//! default of an interpolation (`${DB_PASSWORD:-hunter2}`).

use super::helpers::services;
use crate::finding::Finding;
use crate::rules::Context;

const RULE: &str = "secret-in-manifest";

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for service in services(ctx) {
        let env = service
            .environment()
            .into_iter()
            .map(|a| (a, "environment"));
        let args = service
            .build_args()
            .into_iter()
            .map(|a| (a, "build argument"));
        for (assignment, what) in env.chain(args) {
            let Some(value) = assignment.value else {
                continue;
            };
            if ctx.is_literal_secret(assignment.name, value) {
                let message = format!(
                    "{what} `{}` holds a literal secret in the compose file; pass it through compose `secrets:` or an interpolated `${{{}}}` set outside the repository",
                    assignment.name, assignment.name
                );
                out.push(Finding::new(RULE, assignment.range, message));
                continue;
            }
            // `${DB_PASSWORD:-hunter2}`: the variable may be set outside the
            // repository, but the default is committed with the file and is
            // what runs wherever it is not.
            if let Some(default) = interpolation_default(value)
                && ctx.is_literal_secret(assignment.name, &default)
            {
                let message = format!(
                    "{what} `{}` falls back to a literal secret in the compose file when its variable is unset; drop the default (`${{{}:?required}}`) and set the value outside the repository",
                    assignment.name, assignment.name
                );
                out.push(Finding::new(RULE, assignment.range, message));
            }
        }
    }
}

/// What `value` becomes when its interpolated variables are unset, when
/// that differs from what is written (a `${X:-default}` form): `None` for
/// a plain value and for a variable without a default.
fn interpolation_default(value: &str) -> Option<String> {
    if !value.contains("${") {
        return None;
    }
    let resolved = crate::image::resolve_defaults(value)?;
    (resolved != value && !resolved.trim().is_empty()).then(|| resolved.into_owned())
}
