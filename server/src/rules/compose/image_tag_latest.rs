//! `image-tag-latest` for compose: an `image:` with no tag or `:latest`.

use super::helpers::{pulled_image, services};
use crate::finding::Finding;
use crate::image::ImageRef;
use crate::rules::Context;

const RULE: &str = "image-tag-latest";

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for service in services(ctx) {
        let Some(image) = pulled_image(&service) else {
            continue;
        };
        let Some(reference) = image.resolved.as_deref().and_then(ImageRef::parse) else {
            continue;
        };
        if !reference.is_latest() {
            continue;
        }

        let message = match reference.tag() {
            Some(_) => format!(
                "`{}` uses the mutable `latest` tag; pin a version tag",
                image.written
            ),
            None => format!(
                "`{}` has no tag, so compose pulls `latest`; pin a version tag",
                image.written
            ),
        };
        out.push(Finding::new(RULE, image.field.value_range(), message));
    }
}
