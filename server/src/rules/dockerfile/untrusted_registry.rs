//! `untrusted-registry`: a base image from a registry outside the
//! configured trusted list (inactive until the list is configured).

use super::helpers;
use crate::finding::Finding;
use crate::rules::Context;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(trusted) = ctx.config.trusted_registries.as_deref() else {
        return;
    };
    let Some(model) = helpers::model(ctx) else {
        return;
    };

    for stage in &model.stages {
        let (Some(image), Some(word)) = (stage.image_ref(), stage.image.as_ref()) else {
            continue;
        };
        if image.trusted_by(trusted) {
            continue;
        }
        let reference = &image.text;
        let range = match image.registry.clone() {
            Some(r) => stage.image_part_range(Some(r)).unwrap_or(word.range),
            None => word.range,
        };
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
