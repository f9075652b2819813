//! What the Helm values rules share: the values of the checked file, the
//! edit planner, the switched-on pairs with a given key, and how the images
//! of values read as references.

use crate::helm::{Image, Pair, Values};
use crate::image::ImageRef;
use crate::rules::Context;
use crate::text::TextRange;
use crate::yaml::edit::Planner;

pub fn values<'a>(ctx: &Context<'a>) -> Option<Values<'a>> {
    ctx.doc.analysis().yaml().and_then(Values::of)
}

pub fn planner<'a>(ctx: &Context<'a>) -> Option<Planner<'a>> {
    let fixes = ctx.fixes;
    ctx.doc
        .analysis()
        .yaml()
        .map(|model| Planner::new(model).planning(fixes))
}

/// The switched-on pairs whose key is `key`.
pub fn fields<'a>(ctx: &Context<'a>, key: &str) -> Vec<Pair<'a>> {
    values(ctx)
        .map(|v| v.live_pairs())
        .unwrap_or_default()
        .into_iter()
        .filter(|p| p.key == key)
        .collect()
}

/// The text of a range, for messages (`privileged: true`).
pub fn written<'a>(ctx: &Context<'a>, range: TextRange) -> &'a str {
    ctx.text().get(range.start..range.end).unwrap_or("")
}

/// An image of the values as a reference, with where each kind of finding
/// on it starts.
pub struct ImageView {
    /// How the image is written, for messages.
    pub label: String,
    pub reference: ImageRef,
    /// Where a tag finding starts: the `tag:` pair or the image string.
    pub tag_range: Option<TextRange>,
    /// Where a digest finding starts: `tag:`, else `repository:`, or the
    /// image string.
    pub digest_range: TextRange,
    /// Where a registry finding starts: `registry:`, else `repository:`, or
    /// the image string.
    pub registry_range: TextRange,
}

pub fn view(image: &Image<'_>) -> Option<ImageView> {
    match *image {
        Image::Reference { text, node, tag } => {
            let mut reference = ImageRef::parse(text)?;
            let mut label = text.to_string();
            let mut tag_range = Some(node.range());
            let mut digest_range = node.range();
            if let (None, Some(tag)) = (reference.tag(), tag) {
                // The chart appends the tag written beside the image; an
                // empty one means its appVersion.
                match tag.as_str().map(str::trim).filter(|t| !t.is_empty()) {
                    Some(t) => {
                        label = format!("{text}:{t}");
                        reference = ImageRef::parse(&label)?;
                        tag_range = Some(tag.pair_range());
                    }
                    None => tag_range = None,
                }
                digest_range = tag.pair_range();
            }
            Some(ImageView {
                label,
                reference,
                tag_range,
                digest_range,
                registry_range: node.range(),
            })
        }
        Image::Fields {
            registry,
            repository,
            tag,
            digest,
            ..
        } => {
            let repo = repository.as_str()?.trim();
            let mut text = match registry.and_then(|r| r.as_str()) {
                Some(registry) => format!("{}/{repo}", registry.trim().trim_end_matches('/')),
                None => repo.to_string(),
            };
            // An empty tag means the chart's appVersion: a version, not latest.
            let tag_text = tag.and_then(|t| t.as_str()).map(str::trim);
            if let Some(t) = tag_text.filter(|t| !t.is_empty()) {
                text = format!("{text}:{t}");
            }
            if let Some(digest) = digest.and_then(|d| d.as_str()) {
                text = format!("{text}@{}", digest.trim());
            }
            let reference = ImageRef::parse(&text)?;
            let tag_range = tag
                .filter(|_| tag_text.is_some_and(|t| !t.is_empty()))
                .map(|t| t.pair_range());
            Some(ImageView {
                label: text,
                reference,
                tag_range,
                digest_range: tag.unwrap_or(repository).pair_range(),
                registry_range: registry.unwrap_or(repository).pair_range(),
            })
        }
    }
}

/// The images of the checked values, as references.
pub fn images(ctx: &Context<'_>) -> Vec<ImageView> {
    values(ctx)
        .map(|v| v.images())
        .unwrap_or_default()
        .iter()
        .filter_map(view)
        .collect()
}

/// The `resources` blocks of containers: mappings under a `resources` key
/// that hold nothing but `limits`, `requests` and `claims` (so an RBAC
/// `resources:` list or a chart's own `resources` settings do not count).
pub fn resource_blocks<'a>(ctx: &Context<'a>) -> Vec<crate::yaml::Node<'a>> {
    fields(ctx, "resources")
        .into_iter()
        .filter_map(|p| p.value.as_mapping())
        .filter(|m| {
            m.entries()
                .all(|e| matches!(e.key_str(), Some("limits" | "requests" | "claims")))
        })
        .collect()
}

/// True when `resources.<part>.<key>` is written with a value.
pub fn has_resource(resources: crate::yaml::Node<'_>, part: &str, key: &str) -> bool {
    resources
        .get_path(&[part, key])
        .is_some_and(|v| !v.is_null())
}

/// Reports every switched-on `key` whose boolean value is `unsafe_value`
/// (`privileged: true`, `readOnlyRootFilesystem: false`), at the pair, with
/// a fix that writes the other value in place. `message` is given the pair
/// as written.
pub fn check_unsafe_flag(
    ctx: &Context<'_>,
    rule: &'static str,
    key: &str,
    unsafe_value: bool,
    message: impl Fn(&str) -> String,
    out: &mut Vec<crate::finding::Finding>,
) {
    use crate::finding::{Finding, Fix};
    let planner = planner(ctx);
    let safe = if unsafe_value { "false" } else { "true" };
    for pair in fields(ctx, key) {
        if pair.value.as_bool_k8s() != Some(unsafe_value) {
            continue;
        }
        let fix = planner
            .as_ref()
            .and_then(|p| p.replace_scalar(pair.value, safe))
            .map(|e| Fix::unsafe_(format!("Set `{key}: {safe}`"), vec![e]));
        let range = pair.value.pair_range();
        out.push(Finding::new(rule, range, message(written(ctx, range))).with_fix_opt(fix));
    }
}
