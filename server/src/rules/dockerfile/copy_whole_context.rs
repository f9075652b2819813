//! `copy-whole-context`: `COPY .` or `ADD .` sends the whole build context
//! into the image while the ignore file does not keep `.git` and secrets out
//! (the entries of `dockerignore.required` that matter when everything is
//! copied: see [`coverage::for_copy`]).

use std::path::{Path, PathBuf};

use super::copy_sources;
use super::helpers;
use crate::finding::{Edit, EditTarget, Finding, Fix};
use crate::format;
use crate::rules::Context;
use crate::rules::dockerignore::coverage::{self, Gap};
use crate::text::TextRange;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(model) = helpers::model(ctx) else {
        return;
    };

    for ins in &model.instructions {
        let Some(transfer) = copy_sources::transfer(ins) else {
            continue;
        };
        if transfer.from_elsewhere {
            continue;
        }
        let Some(source) = transfer
            .sources
            .iter()
            .find(|w| copy_sources::is_whole_context(&w.expanded))
        else {
            continue;
        };
        let wanted = coverage::for_copy(ctx.config);
        if wanted.is_empty() {
            // The configured list asks for nothing that copying everything
            // would leak.
            continue;
        }
        let (path, ignore) = ignore_file(ctx);
        let (message, patterns) = match ignore.and_then(|doc| doc.analysis().dockerignore()) {
            // The file may exist and not be read yet.
            None if ctx.workspace.is_pending() => continue,
            None => {
                let list: Vec<String> = wanted.iter().map(|r| format!("`{}`", r.name)).collect();
                (
                    format!(
                        "`{} {}` copies the whole build context and there is no .dockerignore, so nothing keeps {} out of the image; add a .dockerignore",
                        keyword(ctx, ins.keyword_range),
                        source.value,
                        list.join(", ")
                    ),
                    // A new file gets the whole configured list, so that
                    // `dockerignore-incomplete` has nothing to add.
                    coverage::required(ctx.config)
                        .into_iter()
                        .map(|r| r.pattern)
                        .collect::<Vec<_>>(),
                )
            }
            Some(model) => {
                let gaps = coverage::gaps(model, &wanted);
                if gaps.is_empty() {
                    continue;
                }
                let mut names: Vec<&str> = Vec::new();
                let mut patterns = Vec::new();
                for gap in &gaps {
                    let (Gap::Missing(r) | Gap::Reincluded(r, _)) = gap;
                    if !names.contains(&r.name.as_str()) {
                        names.push(&r.name);
                        patterns.push(r.pattern.clone());
                    }
                }
                let list: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
                (
                    format!(
                        "`{} {}` copies the whole build context, and the {} does not keep out {} at every depth; exclude them",
                        keyword(ctx, ins.keyword_range),
                        source.value,
                        ignore_name(path.as_deref()),
                        list.join(", ")
                    ),
                    patterns,
                )
            }
        };
        let patterns: Vec<&str> = patterns.iter().map(String::as_str).collect();
        let fix = path.map(|path| {
            let (create, at, text) = match ignore {
                Some(doc) => (
                    false,
                    doc.text().len(),
                    coverage::append_text(doc.text(), &patterns),
                ),
                None => (true, 0, coverage::append_text("", &patterns)),
            };
            Fix::safe(
                // Titles avoid the word "ignore", which clients and tools
                // read as a suppression action.
                if create {
                    "Keep .git and secrets out of the build context"
                } else {
                    "Add the missing exclusion patterns"
                },
                vec![Edit {
                    target: EditTarget::File { path, create },
                    range: TextRange::empty(at),
                    new_text: text,
                }],
            )
        });
        out.push(Finding::new("copy-whole-context", ins.header, message).with_fix_opt(fix));
    }
}

fn keyword<'a>(ctx: &Context<'a>, range: TextRange) -> &'a str {
    &ctx.text()[range.start..range.end]
}

/// The ignore file that counts for this Dockerfile: the first of
/// [`format::ignore_file_candidates`] the workspace holds (`<name>.dockerignore`,
/// then `.dockerignore` or `.containerignore`). Returns the path to use (for
/// a fix: `.dockerignore` when there is none, which every tool reads) and
/// the document if present.
fn ignore_file<'a>(ctx: &Context<'a>) -> (Option<PathBuf>, Option<&'a crate::document::Document>) {
    let Some(doc_path) = ctx.doc.path() else {
        return (None, None);
    };
    for candidate in format::ignore_file_candidates(doc_path) {
        if let Some(doc) = ctx.workspace.get(&candidate) {
            return (Some(candidate), Some(doc));
        }
    }
    let dir = doc_path.parent().unwrap_or(Path::new(""));
    (Some(dir.join(".dockerignore")), None)
}

/// The name of the ignore file a message talks about.
fn ignore_name(path: Option<&Path>) -> String {
    path.and_then(Path::file_name).map_or_else(
        || ".dockerignore".to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
