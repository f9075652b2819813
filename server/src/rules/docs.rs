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

/// Where the published rule pages live, when the build was told
/// (`BULWARK_DOCS_URL=https://example.org/rules/ cargo build`). Without it
/// nothing links to a page that may not exist.
pub const DOCS_BASE_URL: Option<&str> = option_env!("BULWARK_DOCS_URL");

/// The published page of `rule`, when a docs base URL was configured.
pub fn url(rule: &str) -> Option<String> {
    let base = DOCS_BASE_URL?.trim();
    if base.is_empty() {
        return None;
    }
    let sep = if base.ends_with('/') { "" } else { "/" };
    Some(format!("{base}{sep}{rule}"))
}

/// The first sentence of the page's "What it does" section, for one-line
/// descriptions (SARIF `shortDescription`); `None` when there is no page.
pub fn short_description(rule: &str) -> Option<String> {
    let page = page(rule)?;
    let section = page.split("\n## What it does").nth(1)?;
    let body = section.split("\n#").next()?;
    let paragraph: Vec<&str> = body
        .lines()
        .map(str::trim)
        .skip_while(|l| l.is_empty())
        .take_while(|l| !l.is_empty())
        .collect();
    let paragraph = paragraph.join(" ");
    first_sentence(&paragraph)
}

/// Text up to and including the first full stop that ends a sentence.
pub fn first_sentence(text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let end = text
        .match_indices(". ")
        .map(|(i, _)| i + 1)
        .next()
        .unwrap_or(text.len());
    Some(text[..end].to_string())
}

/// The fenced blocks of `language` in a page, each with the `## ` section
/// it stands in, for the tests that run every documented example.
#[cfg(test)]
pub(crate) fn fenced_blocks(page: &str, language: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut section = String::new();
    let mut block: Option<String> = None;
    for line in page.lines() {
        if let Some(body) = block.as_mut() {
            if line.starts_with("```") {
                out.push((section.clone(), std::mem::take(body)));
                block = None;
            } else {
                body.push_str(line);
                body.push('\n');
            }
        } else if let Some(heading) = line.strip_prefix("## ") {
            section = heading.trim().to_string();
        } else if line.trim().strip_prefix("```") == Some(language) {
            block = Some(String::new());
        }
    }
    out
}
