//! `untrusted-registry` for compose: an `image:` from a registry outside
//! `trusted-registries` (inactive until that setting lists registries).

use super::helpers::{pulled_image, services};
use crate::finding::Finding;
use crate::image::ImageRef;
use crate::rules::Context;

const RULE: &str = "untrusted-registry";

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(trusted) = ctx.config.trusted_registries.as_deref() else {
        return;
    };

    for service in services(ctx) {
        let Some(image) = pulled_image(&service) else {
            continue;
        };
        let Some(reference) = image.resolved.as_deref().and_then(ImageRef::parse) else {
            continue;
        };
        if reference.trusted_by(trusted) {
            continue;
        }

        let message = format!(
            "`{}` comes from `{}`, which `trusted-registries` does not list; use an image from a trusted registry",
            image.written,
            reference.registry_host()
        );
        out.push(Finding::new(RULE, image.field.value_range(), message));
    }
}
