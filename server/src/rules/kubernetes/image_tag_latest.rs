//! `image-tag-latest`: a container image has no tag or uses `latest`.

use super::helpers;
use crate::finding::Finding;
use crate::rules::Context;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for image in helpers::container_images(ctx) {
        if !image.reference.is_latest() {
            continue;
        }
        let written = image.written;
        let message = match image.reference.tag() {
            Some(_) => format!(
                "`{written}` uses the `latest` tag, which can change under you; pin a version tag or a digest"
            ),
            None => format!(
                "`{written}` has no tag, so it means `latest`; pin a version tag or a digest"
            ),
        };
        out.push(Finding::new(
            "image-tag-latest",
            image.node.range(),
            message,
        ));
    }
}
