//! `untrusted-registry` for Helm values: an image from a registry outside
//! `trusted-registries`, read from `registry:` or else from `repository:`
//! (no registry part means Docker Hub).

use super::helpers::images;
use crate::finding::Finding;
use crate::rules::Context;

const RULE: &str = "untrusted-registry";

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(trusted) = ctx.config.trusted_registries.as_deref() else {
        return;
    };

    for image in images(ctx) {
        if image.reference.trusted_by(trusted) {
            continue;
        }

        let message = format!(
            "`{}` comes from `{}`, which `trusted-registries` does not list; use an image from a trusted registry",
            image.label,
            image.reference.registry_host()
        );
        out.push(Finding::new(RULE, image.registry_range, message));
    }
}
