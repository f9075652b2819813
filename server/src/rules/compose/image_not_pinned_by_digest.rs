//! `image-not-pinned-by-digest` for compose: an `image:` without an
//! `@sha256:` digest, `latest` and untagged images included.

use super::helpers::{pulled_image, services};
use crate::finding::Finding;
use crate::image::ImageRef;
use crate::rules::Context;

const RULE: &str = "image-not-pinned-by-digest";

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for service in services(ctx) {
        let Some(image) = pulled_image(&service) else {
            continue;
        };
        let Some(reference) = image.resolved.as_deref().and_then(ImageRef::parse) else {
            continue;
        };
        if reference.digest().is_some() {
            continue;
        }

        let message = format!(
            "`{}` is referenced by a mutable tag; pin it by digest (`image@sha256:...`) so every pull gets the same image",
            image.written
        );
        out.push(Finding::new(RULE, image.field.value_range(), message));
    }
}
