//! Rule documentation: one Markdown page per rule in `docs/rules/<name>.md`.
//!
//! The same page feeds the hover, `bulwark explain` and the published docs.
//! The build script embeds every page; the catalog's references and the
//! other tools' ids are appended when a page is rendered, so they are never
//! written twice.

use crate::catalog::Catalog;

include!(concat!(env!("OUT_DIR"), "/rule_docs.rs"));

/// The Markdown page written for `rule`, as it is in `docs/rules/`.
pub fn page(rule: &str) -> Option<&'static str> {
    RULE_DOCS
        .iter()
        .find(|(name, _)| *name == rule)
        .map(|(_, text)| *text)
}

/// The page plus the catalog's severity, references and peer ids: what the
/// hover and `bulwark explain` show.
pub fn render(rule: &str) -> Option<String> {
    let entry = Catalog::get().rule(rule);
    let page = page(rule);
    if entry.is_none() && page.is_none() {
        return None;
    }
    let mut out = String::new();
    match page {
        Some(text) => out.push_str(text.trim_end()),
        None => {
            out.push_str(&format!("# {rule}\n\n"));
            if let Some(entry) = entry {
                out.push_str(&entry.summary);
            }
        }
    }
    if let Some(entry) = entry {
        out.push_str(&format!(
            "\n\nDefault severity: {}.",
            entry.severity.as_str()
        ));
        if let Some(level) = &entry.pss {
            out.push_str(&format!(" Pod Security Standards level: {level}."));
        }
        if !entry.references.is_empty() || !entry.anchors.is_empty() {
            out.push_str("\n\n## References\n");
            for reference in &entry.references {
                out.push_str(&format!("\n- {reference}"));
            }
            for (tool, ids) in &entry.anchors {
                if !ids.is_empty() {
                    out.push_str(&format!("\n- {tool}: {}", ids.join(", ")));
                }
            }
        }
    }
    out.push('\n');
    Some(out)
}
