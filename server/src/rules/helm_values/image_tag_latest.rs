//! `image-tag-latest` for Helm values: `tag: latest`, or an image string
//! with no tag or `:latest`. An empty or absent `tag` means the chart's
//! appVersion, which is a version.

use super::helpers::images;
use crate::finding::Finding;
use crate::rules::Context;

const RULE: &str = "image-tag-latest";

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for image in images(ctx) {
        let Some(range) = image.tag_range else {
            continue;
        };
        if !image.reference.is_latest() {
            continue;
        }

        let message = match image.reference.tag() {
            Some(_) => format!(
                "`{}` uses the mutable `latest` tag; pin a version tag",
                image.label
            ),
            None => format!(
                "`{}` has no tag, so it pulls `latest`; pin a version tag",
                image.label
            ),
        };
        out.push(Finding::new(RULE, range, message));
    }
}
