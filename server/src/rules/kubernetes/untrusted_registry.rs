//! `untrusted-registry`: a container image comes from a registry outside
//! the configured `trusted-registries` (inactive until that is set).

use super::helpers;
use crate::finding::Finding;
use crate::rules::Context;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(trusted) = ctx.config.trusted_registries.as_deref() else {
        return;
    };
    for image in helpers::container_images(ctx) {
        if image.reference.trusted_by(trusted) {
            continue;
        }
        out.push(Finding::new(
            "untrusted-registry",
            image.node.range(),
            format!(
                "`{}` comes from `{}`, which is not in `trusted-registries`; pull it from a trusted registry",
                image.written,
                image.reference.registry_host()
            ),
        ));
    }
}
