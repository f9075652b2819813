//! `image-not-pinned-by-digest`: a base image referenced by a mutable tag.

use super::helpers;
use crate::finding::Finding;
use crate::rules::Context;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(model) = helpers::model(ctx) else {
        return;
    };

    for stage in &model.stages {
        let (Some(image), Some(word)) = (stage.image_ref(), stage.image.as_ref()) else {
            continue;
        };
        if image.digest.is_some() {
            continue;
        }
        let reference = &image.text;
        out.push(Finding::new(
            "image-not-pinned-by-digest",
            word.range,
            format!("`{reference}` is not pinned by digest; append `@sha256:...` to make the build reproducible"),
        ));
    }
}
