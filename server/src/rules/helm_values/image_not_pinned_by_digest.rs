//! `image-not-pinned-by-digest` for Helm values: an image without a
//! digest (a `digest:` field, or `@sha256:` in the tag or image string).

use super::helpers::images;
use crate::finding::Finding;
use crate::rules::Context;

const RULE: &str = "image-not-pinned-by-digest";

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for image in images(ctx) {
        if image.reference.digest().is_some() {
            continue;
        }

        let message = format!(
            "`{}` is referenced by a mutable tag; pin it by digest (a `digest:` value or `@sha256:...`)",
            image.label
        );
        out.push(Finding::new(RULE, image.digest_range, message));
    }
}
