//! `image-not-pinned-by-digest`: a container image is referenced by a
//! mutable tag instead of a digest.

use super::helpers;
use crate::finding::Finding;
use crate::rules::Context;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for image in helpers::container_images(ctx) {
        if image.reference.digest().is_some() {
            continue;
        }
        out.push(Finding::new(
            "image-not-pinned-by-digest",
            image.node.range(),
            format!(
                "`{}` is not pinned by digest; append `@sha256:` and the digest of the image you tested",
                image.written
            ),
        ));
    }
}
