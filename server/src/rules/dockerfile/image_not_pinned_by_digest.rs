//! `image-not-pinned-by-digest`: a base image referenced by a mutable tag.

use super::helpers;
use crate::finding::Finding;
use crate::rules::Context;
use crate::rules::image::ImageRef;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
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
        if image.is_pinned() {
            continue;
        }
        out.push(Finding::new(
            "image-not-pinned-by-digest",
            word.range,
            format!("`{reference}` is not pinned by digest; append `@sha256:...` to make the build reproducible"),
        ));
    }
}
