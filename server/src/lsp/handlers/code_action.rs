//! `textDocument/codeAction`: each finding's fix, a suppression comment, and
//! "fix all" for the safe fixes.
//!
//! Findings are looked up by range and by the context diagnostics' code and
//! range, among the results of the document's current version; a
//! diagnostic's `data` is never needed, since some clients do not send it
//! back.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use ropey::Rope;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse,
    Diagnostic, Uri,
};
use tracing::{error, warn};

use crate::finding::{Edit, EditTarget, Finding, Fix, FixSafety};
use crate::format::Syntax;
use crate::lsp::backend::{Backend, lock};
use crate::lsp::capabilities::{FIX_ALL_KIND, SUPPRESS_KIND};
use crate::lsp::convert;
use crate::lsp::edits::{self, Target, TargetKey};
use crate::lsp::scheduler::{self, Missing};
use crate::lsp::session::Checked;
use crate::suppress_edit::suppression_edit;
use crate::text::TextRange;

/// Findings that a suppression comment should not be offered for.
const UNSUPPRESSIBLE: &[&str] = &["syntax-error", "unused-suppression"];

pub async fn handle(
    backend: &Backend,
    params: CodeActionParams,
) -> Result<Option<CodeActionResponse>> {
    let uri = params.text_document.uri;
    let checked = match scheduler::current(backend, &uri).await {
        Ok(checked) => checked,
        Err(Missing::NotOpen) => {
            warn!(
                uri = uri.as_str(),
                "code actions for a document that is not open"
            );
            return Ok(None);
        }
        Err(Missing::Unhandled | Missing::Failed) => return Ok(None),
    };
    let caps = backend.caps();
    let (range, _) = convert::text_range(checked.doc.rope(), params.range, caps.encoding);
    let only = params.context.only.as_deref();
    let wanted = |kind: &str| {
        only.is_none_or(|only| {
            only.iter().any(|o| {
                let o = o.as_str();
                kind == o
                    || kind
                        .strip_prefix(o)
                        .is_some_and(|rest| rest.starts_with('.'))
            })
        })
    };

    let selected: Vec<usize> = (0..checked.findings.len())
        .filter(|&i| {
            touches(checked.findings[i].range, range)
                || params
                    .context
                    .diagnostics
                    .iter()
                    .any(|d| same_diagnostic(d, &checked.diagnostics[i]))
        })
        .collect();
    let want_quickfix = wanted("quickfix") && !selected.is_empty();
    let want_fix_all = wanted(FIX_ALL_KIND);
    if want_quickfix || want_fix_all {
        plan_fixes(&checked).await;
    }
    let findings = checked.findings_with_fixes();
    let fixes: Vec<usize> = if want_quickfix {
        selected
            .iter()
            .copied()
            .filter(|&i| findings.get(i).is_some_and(|f| f.fix.is_some()))
            .collect()
    } else {
        Vec::new()
    };
    let fix_all = if want_fix_all {
        safe_fix_edits(findings)
    } else {
        Vec::new()
    };

    // Each other file the fixes edit, and whether a fix may create it.
    let mut paths: HashMap<PathBuf, bool> = HashMap::new();
    let fix_edits = fixes
        .iter()
        .filter_map(|&i| findings.get(i))
        .flat_map(|f| f.fix.iter().flat_map(|f| &f.edits));
    for edit in fix_edits.chain(fix_all.iter().copied()) {
        if let EditTarget::File { path, create } = &edit.target {
            *paths.entry(path.clone()).or_default() |= *create;
        }
    }
    let targets = resolve_targets(backend, &uri, &checked, paths).await;

    let mut actions = Vec::new();
    for &i in &fixes {
        let (Some(finding), Some(diagnostic)) = (findings.get(i), checked.diagnostics.get(i))
        else {
            continue;
        };
        let Some(fix) = &finding.fix else { continue };
        let refs: Vec<&Edit> = fix.edits.iter().collect();
        let Some(edit) = edits::workspace_edit(&refs, &targets, &caps) else {
            continue;
        };
        actions.push(CodeAction {
            title: fix.title.clone(),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![diagnostic.clone()]),
            edit: Some(edit),
            is_preferred: (fix.safety == FixSafety::Safe).then_some(true),
            ..CodeAction::default()
        });
    }

    if wanted(SUPPRESS_KIND) {
        let mut offered = BTreeSet::new();
        let mut annotated = BTreeSet::new();
        for &i in &selected {
            let finding = &checked.findings[i];
            if UNSUPPRESSIBLE.contains(&finding.rule) {
                continue;
            }
            let edit = suppression_edit(&checked.doc, finding.range.start, finding.rule);
            if !offered.insert((finding.rule, edit.range.start)) {
                continue;
            }
            let Some(workspace_edit) = edits::workspace_edit(&[&edit], &targets, &caps) else {
                continue;
            };
            actions.push(CodeAction {
                title: format!(
                    "Suppress `{}` for this {}",
                    finding.rule,
                    scope_word(&checked)
                ),
                kind: Some(CodeActionKind::new(SUPPRESS_KIND)),
                diagnostics: Some(vec![checked.diagnostics[i].clone()]),
                edit: Some(workspace_edit),
                ..CodeAction::default()
            });
            // A Kubernetes object can also carry the suppression as its
            // `bulwark.dev/ignore` annotation, which covers the whole object.
            if let Some(edit) =
                crate::suppression::annotation_edit(&checked.doc, finding.range.start, finding.rule)
                && annotated.insert((finding.rule, edit.range.start))
                && let Some(workspace_edit) = edits::workspace_edit(&[&edit], &targets, &caps)
            {
                actions.push(CodeAction {
                    title: format!(
                        "Suppress `{}` for this object with an annotation",
                        finding.rule
                    ),
                    kind: Some(CodeActionKind::new(SUPPRESS_KIND)),
                    diagnostics: Some(vec![checked.diagnostics[i].clone()]),
                    edit: Some(workspace_edit),
                    ..CodeAction::default()
                });
            }
        }
    }

    if !fix_all.is_empty() {
        if let Some(edit) = edits::workspace_edit(&fix_all, &targets, &caps) {
            actions.push(CodeAction {
                title: "Apply all safe Bulwark fixes".to_string(),
                kind: Some(CodeActionKind::new(FIX_ALL_KIND)),
                edit: Some(edit),
                ..CodeAction::default()
            });
        }
    }

    Ok(Some(
        actions
            .into_iter()
            .map(CodeActionOrCommand::CodeAction)
            .collect(),
    ))
}

/// Plans the fixes of `checked` on a blocking thread (once per result: a
/// check runs again with fixes). A failure is logged, and the actions are
/// then offered without fixes.
async fn plan_fixes(checked: &Arc<Checked>) {
    let checked = checked.clone();
    if let Err(err) = tokio::task::spawn_blocking(move || checked.plan_fixes()).await {
        error!("planning the fixes failed: {err}");
    }
}

/// Whether a finding concerns a request range: they overlap or touch, so a
/// cursor at either end of a finding still gets its actions.
fn touches(finding: TextRange, request: TextRange) -> bool {
    finding.start <= request.end && request.start <= finding.end
}

fn same_diagnostic(context: &Diagnostic, ours: &Diagnostic) -> bool {
    context.code == ours.code
        && context.range == ours.range
        && context.source.as_deref().is_none_or(|s| s == "bulwark")
}

fn scope_word(checked: &Checked) -> &'static str {
    match checked.doc.kind().syntax() {
        Some(Syntax::Dockerfile) => "instruction",
        Some(Syntax::Yaml) => "key",
        Some(Syntax::Dockerignore) | None => "line",
    }
}

/// The edits of the document's safe fixes that can be applied together: in
/// order of position, each fix whose edits conflict with an earlier one's is
/// left out whole. An edit identical to one already taken (several findings
/// proposing the same change, such as the same file) is not a conflict and
/// is taken once.
fn safe_fix_edits(findings: &[Finding]) -> Vec<&Edit> {
    let mut fixes: Vec<&Fix> = findings
        .iter()
        .filter_map(|f| f.fix.as_ref())
        .filter(|f| f.safety == FixSafety::Safe && !f.edits.is_empty())
        .collect();
    fixes.sort_by_key(|f| {
        f.edits
            .iter()
            .map(|e| (TargetKey::of(e), e.range.start))
            .min()
    });
    let mut taken: Vec<&Edit> = Vec::new();
    for fix in fixes {
        let fits = fix.edits.iter().all(|e| {
            let key = TargetKey::of(e);
            !taken
                .iter()
                .any(|t| *t != e && TargetKey::of(t) == key && edits::conflict(t.range, e.range))
        });
        if fits {
            for edit in &fix.edits {
                if !taken.contains(&edit) {
                    taken.push(edit);
                }
            }
        }
    }
    taken
}

/// The current text of every target: this document as checked, other
/// files from their open buffer, the index, or (for a file the index does
/// not hold) the disk. A file that exists nowhere is a target only for a
/// fix that creates it.
async fn resolve_targets(
    backend: &Backend,
    uri: &Uri,
    checked: &Arc<Checked>,
    paths: HashMap<PathBuf, bool>,
) -> HashMap<TargetKey, Target> {
    let mut targets = HashMap::new();
    targets.insert(
        TargetKey::ThisDocument,
        Target {
            uri: uri.clone(),
            rope: checked.doc.rope().clone(),
            version: Some(checked.version()),
            exists: true,
        },
    );
    let mut unknown = Vec::new();
    {
        let session = lock(&backend.session);
        for (path, create) in paths {
            let Some(file_uri) = convert::uri(&path) else {
                continue;
            };
            let target = if let Some((open_uri, doc)) = session.open_buffer(&path) {
                Target {
                    uri: open_uri.clone(),
                    rope: doc.rope().clone(),
                    version: Some(doc.version()),
                    exists: true,
                }
            } else if let Some(doc) = session.current(&path) {
                Target {
                    uri: file_uri,
                    rope: doc.rope().clone(),
                    version: None,
                    exists: true,
                }
            } else {
                unknown.push((path, file_uri, create));
                continue;
            };
            targets.insert(TargetKey::File(path), target);
        }
    }
    if unknown.is_empty() {
        return targets;
    }
    let read = tokio::task::spawn_blocking(move || {
        unknown
            .into_iter()
            .filter_map(|(path, uri, create)| {
                let text = std::fs::read(&path).ok();
                if text.is_none() && !create {
                    return None;
                }
                let target = Target {
                    uri,
                    exists: text.is_some(),
                    rope: text
                        .map_or_else(Rope::new, |t| Rope::from_str(&String::from_utf8_lossy(&t))),
                    version: None,
                };
                Some((TargetKey::File(path), target))
            })
            .collect::<Vec<_>>()
    })
    .await;
    match read {
        Ok(read) => targets.extend(read),
        Err(err) => warn!("reading fix targets failed: {err}"),
    }
    targets
}
