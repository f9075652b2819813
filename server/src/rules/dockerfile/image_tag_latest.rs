//! `image-tag-latest`: a base image with no tag or the `latest` tag.

use super::helpers;
use crate::finding::Finding;
use crate::rules::Context;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(model) = helpers::model(ctx) else {
        return;
    };

    for stage in &model.stages {
        let Some(image) = stage.image_ref() else {
            continue;
        };
        if !image.is_latest() {
            continue;
        }
        let Some(range) = stage.image_part_range(image.tag.clone()) else {
            continue;
        };
        let reference = &image.text;
        let message = match image.tag {
            Some(_) => format!(
                "`{reference}` uses the mutable `latest` tag; pin a version tag or a digest"
            ),
            None => format!(
                "`{reference}` has no tag, so it means `latest`; pin a version tag or a digest"
            ),
        };
        out.push(Finding::new("image-tag-latest", range, message));
    }
}
