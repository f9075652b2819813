//! `full-base-image`: the final stage runs on the full variant of a
//! language or toolchain image.

use super::helpers;
use crate::dockerfile::{Base, Model, Stage};
use crate::finding::{Edit, Finding, Fix};
use crate::rules::Context;

/// The closed list of images whose default variant carries a toolchain.
const FULL_IMAGES: &[&str] = &[
    "python",
    "node",
    "golang",
    "ruby",
    "php",
    "rust",
    "perl",
    "openjdk",
    "maven",
    "gradle",
    "buildpack-deps",
];

/// Debian and Ubuntu release names that tags carry.
const CODENAMES: &[&str] = &[
    "bookworm", "bullseye", "buster", "trixie", "jammy", "noble", "focal",
];

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(model) = helpers::model(ctx) else {
        return;
    };
    let Some(stage) = image_stage(model) else {
        return;
    };
    let (Some(image), Some(word)) = (stage.image_ref(), stage.image.as_ref()) else {
        return;
    };
    let Some(name) = image.hub_name() else {
        return;
    };
    if !FULL_IMAGES.contains(&name) {
        return;
    }
    let reference = &image.text;
    let tag = image.tag().unwrap_or("");
    let small = ["slim", "alpine", "distroless", "minimal"];
    if tag
        .split(['-', '.', '_'])
        .any(|part| small.iter().any(|s| part.starts_with(s)))
    {
        return;
    }

    // A `latest` or missing tag floats; so would its slim variant, and the
    // switch would hide that from image-tag-latest, so it gets no fix.
    let floating = image.tag().is_none_or(|t| t == "latest");
    let fix = slim_tag(name, image.tag()).and_then(|new_tag| {
        if image.digest.is_some() || floating {
            return None;
        }
        let replacement = format!("{}:{new_tag}", &image.text[..image.repository.end]);
        let literal = word.value == *reference && !word.quoted;
        literal.then(|| {
            Fix::unsafe_(
                format!("Switch to `{replacement}`"),
                vec![Edit::replace(word.range, replacement.clone())],
            )
        })
    });
    out.push(
        Finding::new(
            "full-base-image",
            word.range,
            format!(
                "the final stage runs on the full `{reference}` image with a whole toolchain; use a slim, alpine or distroless variant"
            ),
        )
        .with_fix_opt(fix),
    );
}

/// The stage whose image the final stage runs on (the final stage, or the
/// first stage of its FROM chain that names an image).
fn image_stage(model: &Model) -> Option<&Stage> {
    let mut stage = model.final_stage()?;
    for _ in 0..=model.stages.len() {
        match stage.base {
            Base::Stage(i) => stage = model.stage(i)?,
            _ => return Some(stage),
        }
    }
    None
}

/// The small variant of the same tag, in each image's own naming.
fn slim_tag(name: &str, tag: Option<&str>) -> Option<String> {
    let tag = tag.unwrap_or("latest");
    let (version, codename) = match tag.rsplit_once('-') {
        Some((v, c)) if CODENAMES.contains(&c) => (v, Some(c)),
        _ if CODENAMES.contains(&tag) => ("", Some(tag)),
        _ => (tag, None),
    };
    let join = |parts: &[&str]| {
        parts
            .iter()
            .filter(|p| !p.is_empty() && **p != "latest")
            .copied()
            .collect::<Vec<_>>()
            .join("-")
    };
    match name {
        "python" | "ruby" | "rust" | "perl" | "openjdk" => {
            Some(join(&[version, "slim", codename.unwrap_or("")]))
        }
        "node" => Some(join(&[version, codename.unwrap_or(""), "slim"])),
        "golang" | "php" => Some(join(&[version, "alpine"])),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::slim_tag;

    #[test]
    fn slim_variants_follow_each_image() {
        assert_eq!(
            slim_tag("python", Some("3.12")).as_deref(),
            Some("3.12-slim")
        );
        assert_eq!(
            slim_tag("python", Some("3.12.2-bookworm")).as_deref(),
            Some("3.12.2-slim-bookworm")
        );
        assert_eq!(
            slim_tag("node", Some("20-bookworm")).as_deref(),
            Some("20-bookworm-slim")
        );
        assert_eq!(slim_tag("node", None).as_deref(), Some("slim"));
        assert_eq!(
            slim_tag("golang", Some("1.23")).as_deref(),
            Some("1.23-alpine")
        );
        assert_eq!(slim_tag("maven", Some("3")), None);
    }
}
