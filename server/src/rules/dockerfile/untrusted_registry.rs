//! `untrusted-registry`: a base image from a registry outside the
//! configured trusted list (inactive until the list is configured).

use super::helpers;
use crate::finding::Finding;
use crate::rules::Context;
use crate::rules::image::ImageRef;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(trusted) = ctx.config.trusted_registries.as_deref() else {
        return;
    };
    let Some(model) = helpers::model(ctx) else {
        return;
    };

    for stage in &model.stages {
        let (Some(reference), Some(word)) = (stage.image_ref(), stage.image.as_ref()) else {
            continue;
        };
        let Some(image) = ImageRef::parse(reference) else {
            continue;
        };
        if image.is_trusted(trusted) {
            continue;
        }
        let range = image
            .registry
            .and_then(|r| stage.image_part_range(r))
            .unwrap_or(word.range);
        out.push(Finding::new(
            "untrusted-registry",
            range,
            format!(
                "`{reference}` comes from `{}`, which is not a trusted registry; pull it through one of: {}",
                image.registry_host(),
                trusted.join(", ")
            ),
        ));
    }
}
