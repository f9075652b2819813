//! `dockerignore-incomplete`: the ignore file leaves the repository,
//! secrets, dependencies or compose files in the build context; the list is
//! the configuration's `dockerignore.required`.

use super::coverage::{self, Gap};
use crate::finding::{Edit, Finding, Fix};
use crate::rules::Context;
use crate::text::TextRange;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(model) = ctx.doc.analysis().dockerignore() else {
        return;
    };
    let text = ctx.text();
    let required = coverage::required(ctx.config);
    let gaps = coverage::gaps(model, &required);
    if gaps.is_empty() {
        return;
    }

    let append = |patterns: &[&str]| {
        Fix::safe(
            "Append the missing patterns",
            vec![Edit::insert(
                text.len(),
                coverage::append_text(text, patterns),
            )],
        )
    };
    let missing: Vec<_> = gaps
        .iter()
        .filter_map(|g| match g {
            Gap::Missing(r) => Some(*r),
            Gap::Reincluded(..) => None,
        })
        .collect();
    if !missing.is_empty() {
        let names: Vec<String> = missing.iter().map(|r| format!("`{}`", r.name)).collect();
        let patterns: Vec<&str> = missing.iter().map(|r| r.pattern.as_str()).collect();
        let line = ctx.doc.lines().line_range(text, 0);
        out.push(
            Finding::new(
                "dockerignore-incomplete",
                line,
                format!(
                    "this {} does not exclude {} at every depth Docker needs; add the missing patterns",
                    file_name(ctx),
                    names.join(", ")
                ),
            )
            .with_fix(append(&patterns)),
        );
    }
    for gap in &gaps {
        let Gap::Reincluded(req, index) = gap else {
            continue;
        };
        let Some(pattern) = model.patterns.get(*index) else {
            continue;
        };
        let range: TextRange = pattern.range;
        out.push(
            Finding::new(
                "dockerignore-incomplete",
                range,
                format!(
                    "`!{}` brings a `{}` file back into the build context; remove the negation or exclude it again",
                    pattern.text, req.name
                ),
            )
            .with_fix(append(&[req.pattern.as_str()])),
        );
    }
}

/// The ignore file's own name for messages (`.dockerignore`,
/// `.containerignore`, `api.Dockerfile.dockerignore`).
fn file_name(ctx: &Context<'_>) -> String {
    ctx.doc.path().and_then(|p| p.file_name()).map_or_else(
        || ".dockerignore".to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
