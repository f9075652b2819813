//! `image-not-pinned-by-digest`: a container image is referenced by a
//! mutable tag instead of a digest.

use super::helpers;
use crate::finding::Finding;
use crate::image::{ImageRef, resolve_defaults};
use crate::rules::Context;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
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
        if reference.digest().is_some() {
            continue;
        }
        out.push(Finding::new(
            "image-not-pinned-by-digest",
            image.range(),
            format!("`{written}` is not pinned by digest; append `@sha256:` and the digest of the image you tested"),
        ));
    }
}
