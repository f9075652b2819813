//! `secret-in-manifest` for compose: a literal credential in a service's
//! `environment` or `build.args`, in map or list form.

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
            if !ctx.is_literal_secret(assignment.name, value) {
                continue;
            }

            let message = format!(
                "{what} `{}` holds a literal secret in the compose file; pass it through compose `secrets:` or an interpolated `${{{}}}` set outside the repository",
                assignment.name, assignment.name
            );
            out.push(Finding::new(RULE, assignment.range, message));
        }
    }
}
