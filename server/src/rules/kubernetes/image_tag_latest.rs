//! `image-tag-latest`: a container image has no tag or uses `latest`.

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
        if !reference.is_latest() {
            continue;
        }
        let message = match reference.tag() {
            Some(_) => format!(
                "`{written}` uses the `latest` tag, which can change under you; pin a version tag or a digest"
            ),
            None => format!(
                "`{written}` has no tag, so it means `latest`; pin a version tag or a digest"
            ),
        };
        out.push(Finding::new("image-tag-latest", image.range(), message));
    }
}
