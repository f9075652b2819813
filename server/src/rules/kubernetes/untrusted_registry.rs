//! `untrusted-registry`: a container image comes from a registry outside
//! the configured `trusted-registries` (inactive until that is set).

use super::helpers;
use crate::finding::Finding;
use crate::image::{ImageRef, resolve_defaults};
use crate::rules::Context;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(trusted) = ctx.config.trusted_registries.as_deref() else {
        return;
    };
    let Some(_model) = helpers::model(ctx) else {
        return;
    };

    for container in helpers::containers(ctx) {
        let Some(image) = container.image() else {
            continue;
        };
        let Some(written) = image.as_str() else {
            continue;
        };
        let Some(resolved) = resolve_defaults(written) else {
            continue;
        };
        let Some(reference) = ImageRef::parse(&resolved) else {
            continue;
        };
        if reference.trusted_by(trusted) {
            continue;
        }
        out.push(Finding::new(
            "untrusted-registry",
            image.range(),
            format!(
                "`{written}` comes from `{}`, which is not in `trusted-registries`; pull it from a trusted registry",
                reference.registry_host()
            ),
        ));
    }
}
