//! The one engine both front ends call: `check(document, workspace, config)`.
//!
//! It runs the registered rules for the document's format, adds syntax
//! problems, sets severities from the catalog and the configuration, then
//! applies suppressions and reports the ones that silenced nothing.

use std::collections::HashSet;

use crate::catalog::Catalog;
use crate::config::Config;
use crate::document::Document;
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::format::Format;
use crate::rules::{self, Context};
use crate::suppression::peer::{self, PeerScope};
use crate::suppression::{self, Scope, SuppressedRule, Suppression};
use crate::text::TextRange;
use crate::workspace::Workspace;

/// Whether a check plans the findings' fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fixes {
    /// Every finding that can be fixed carries its fix.
    Plan,
    /// No finding carries a fix, and rules skip planning them: for results
    /// that only show the findings (the language server's diagnostics, which
    /// plan the fixes when a code action asks). Otherwise the findings are
    /// those of [`Fixes::Plan`], in the same order.
    Skip,
}

/// Every finding of `doc`, sorted by position, suppressions applied, each
/// with its fix when it has one.
pub fn check(doc: &Document, workspace: &Workspace, config: &Config) -> Vec<Finding> {
    check_with(doc, workspace, config, Fixes::Plan)
}

/// [`check`], planning the fixes or not as `fixes` says.
pub fn check_with(
    doc: &Document,
    workspace: &Workspace,
    config: &Config,
    fixes: Fixes,
) -> Vec<Finding> {
    check_with_peers(doc, workspace, config, fixes).findings
}

/// What [`check_with_peers`] returns.
#[derive(Debug, Default)]
pub struct Checked {
    /// As [`check_with`] returns them.
    pub findings: Vec<Finding>,
    /// For each of `config.peer_ignores`, by index: true when it covers a
    /// finding of this document (also one an inline suppression silences as
    /// well), so that the front end can tell which entries of other tools'
    /// files silence nothing anywhere.
    pub peer_ignores_used: Vec<bool>,
}

/// As [`check_with`], also telling which of the configuration's peer
/// ignores (`.trivyignore`, `.hadolint.yaml`) covered a finding.
pub fn check_with_peers(
    doc: &Document,
    workspace: &Workspace,
    config: &Config,
    fixes: Fixes,
) -> Checked {
    let analysis = doc.analysis();
    let mut peer_ignores_used = vec![false; config.peer_ignores.len()];
    let Some(format) = analysis.format else {
        return Checked {
            findings: Vec::new(),
            peer_ignores_used,
        };
    };
    let catalog = Catalog::get();

    let mut findings = syntax_findings(doc);
    let ctx = Context::new(doc, workspace, config, fixes == Fixes::Plan);
    for rule in rules::for_format(format) {
        if config.level(rule.name) == Some(crate::config::RuleLevel::Off) {
            continue;
        }
        let start = findings.len();
        (rule.check)(&ctx, &mut findings);
        // Rules must report under their own name; a mismatch is a bug in the
        // rule, but dropping the findings would hide it, so keep them.
        debug_assert!(findings[start..].iter().all(|f| f.rule == rule.name));
    }

    for finding in &mut findings {
        let default = catalog
            .rule(finding.rule)
            .map_or(Severity::Warning, |r| r.severity);
        finding.severity = match config.level(finding.rule).and_then(|l| l.severity()) {
            Some(level) => level,
            None if finding.severity_raised() => finding.severity.max(default),
            None if finding.severity_lowered() => finding.severity.min(default),
            None => default,
        };
    }
    findings.retain(|f| config.level(f.rule) != Some(crate::config::RuleLevel::Off));

    // Ids that other tools' configuration files ignore (`.hadolint.yaml`,
    // `.trivyignore`) silence their rules in the whole file. Their use is
    // noted before inline suppressions apply, so that a finding silenced
    // both ways keeps both in use.
    for finding in &findings {
        for (pi, peer) in config.peer_ignores.iter().enumerate() {
            if peer.silences(finding.rule, format) {
                peer_ignores_used[pi] = true;
            }
        }
    }
    let suppressions = collect_suppressions(doc);
    let mut findings = apply_suppressions(doc, findings, &suppressions, config);
    findings.retain(|f| {
        !config
            .peer_ignores
            .iter()
            .any(|p| p.silences(f.rule, format))
    });
    findings.sort_by(|a, b| (a.range.start, a.rule).cmp(&(b.range.start, b.rule)));
    dedup(&mut findings);
    if fixes == Fixes::Skip {
        // Some fixes cost nothing to make and are made anyway; drop them so
        // that skipped means none, whatever the rule.
        for finding in &mut findings {
            finding.fix = None;
        }
    }
    Checked {
        findings,
        peer_ignores_used,
    }
}

fn syntax_findings(doc: &Document) -> Vec<Finding> {
    let mut out: Vec<Finding> = doc
        .invalid_utf8()
        .iter()
        .map(|r| {
            Finding::new(
                "syntax-error",
                *r,
                "the file is not valid UTF-8 here; save it as UTF-8",
            )
        })
        .collect();
    for problem in doc.analysis().syntax_problems() {
        out.push(Finding::new("syntax-error", problem.range, problem.message));
    }
    out
}

/// Every suppression written in the document, with its scope: Bulwark's
/// own comments and annotations, and other tools' forms
/// ([`suppression::peer`]).
pub fn collect_suppressions(doc: &Document) -> Vec<Suppression> {
    let analysis = doc.analysis();
    let text = doc.text();
    let line_scope = |comment: TextRange| match analysis.suppression_scope(text, comment) {
        Some(range) => Scope::Range(range),
        // A line suppression followed by nothing covers nothing.
        None => Scope::Range(TextRange::empty(comment.end)),
    };
    let mut out = Vec::new();
    for comment in analysis.comments() {
        let Some(body) = text.get(comment.start..comment.end) else {
            continue;
        };
        if let Some(directive) = suppression::parse_directive(body, comment.start) {
            let scope = if directive.file_wide {
                Scope::File
            } else {
                line_scope(comment)
            };
            let rules = directive
                .rules
                .into_iter()
                .map(|(name, range)| SuppressedRule {
                    silences: vec![name.clone()],
                    written: name,
                    range,
                })
                .collect();
            out.push(Suppression {
                range: comment,
                rules,
                scope,
                origin: "bulwark",
            });
            continue;
        }
        let Some(format) = analysis.format else {
            continue;
        };
        for peer in peer::parse_comment(body, comment.start) {
            let rules = peer::resolve_ids(peer.tool, peer.ids, format);
            if rules.is_empty() {
                continue;
            }
            let scope = match peer.scope {
                PeerScope::Next => line_scope(comment),
                PeerScope::File => Scope::File,
                PeerScope::Resource => analysis
                    .yaml()
                    .and_then(|m| resource_of(m, comment))
                    .map_or(Scope::File, Scope::Range),
            };
            out.push(Suppression {
                range: comment,
                rules,
                scope,
                origin: peer.tool,
            });
        }
    }
    if let (Some(model), Some(Format::Kubernetes)) = (analysis.yaml(), analysis.format) {
        out.extend(peer::annotations(model, text));
    }
    // Kubernetes objects also suppress rules with an annotation.
    if analysis.format == Some(crate::format::Format::Kubernetes)
        && let Some(model) = analysis.yaml()
    {
        out.extend(crate::kubernetes::annotation_suppressions(model));
    }
    out
}

/// The YAML document a comment belongs to: the one holding it, or else the
/// next one (a comment above a document's first key).
fn resource_of(model: &crate::yaml::Model, comment: TextRange) -> Option<TextRange> {
    let docs: Vec<TextRange> = model.documents().map(|d| d.range()).collect();
    docs.iter()
        .find(|r| r.contains(comment.start))
        .or_else(|| docs.iter().find(|r| r.start >= comment.end))
        .copied()
}

/// Drops the findings that suppressions cover, and reports each suppression
/// name that covered nothing.
pub fn apply_suppressions(
    doc: &Document,
    findings: Vec<Finding>,
    suppressions: &[Suppression],
    config: &Config,
) -> Vec<Finding> {
    let mut used: HashSet<(usize, usize)> = HashSet::new();
    let mut kept = Vec::with_capacity(findings.len());
    for finding in findings {
        let mut silenced = false;
        for (si, s) in suppressions.iter().enumerate() {
            let in_scope = match s.scope {
                Scope::File => true,
                Scope::Range(r) => {
                    r.contains(finding.range.start) || r.start == finding.range.start
                }
            };
            if !in_scope {
                continue;
            }
            for (ri, rule) in s.rules.iter().enumerate() {
                if rule.silences.iter().any(|name| name == finding.rule) {
                    used.insert((si, ri));
                    silenced = true;
                }
            }
        }
        if !silenced {
            kept.push(finding);
        }
    }

    if config.level("unused-suppression") == Some(crate::config::RuleLevel::Off) {
        return kept;
    }
    let severity = config
        .level("unused-suppression")
        .and_then(|l| l.severity())
        .or_else(|| {
            Catalog::get()
                .rule("unused-suppression")
                .map(|r| r.severity)
        })
        .unwrap_or(Severity::Hint);
    for (si, s) in suppressions.iter().enumerate() {
        let unused: Vec<&SuppressedRule> = s
            .rules
            .iter()
            .enumerate()
            .filter(|(ri, _)| !used.contains(&(si, *ri)))
            .map(|(_, r)| r)
            .collect();
        if unused.is_empty() {
            continue;
        }
        let names: Vec<String> = unused.iter().map(|r| format!("`{}`", r.written)).collect();
        let all_unused = unused.len() == s.rules.len();
        let (message, fix) = if all_unused {
            (
                format!(
                    "this {} suppression of {} silences nothing; remove it",
                    s.origin,
                    names.join(", ")
                ),
                Fix::safe(
                    "Remove the unused suppression",
                    vec![Edit::delete(whole_lines(doc.text(), s.range))],
                ),
            )
        } else {
            (
                format!(
                    "{} in this suppression silences nothing; remove it from the list",
                    names.join(", ")
                ),
                Fix::safe("Remove the unused names", remove_names(doc.text(), &unused)),
            )
        };
        // Another tool may still need its own suppression, so removing one
        // is for a person to decide.
        let fix = if s.is_own() {
            fix
        } else {
            Fix::unsafe_(fix.title, fix.edits)
        };
        let mut finding = Finding::new("unused-suppression", s.range, message).with_fix(fix);
        finding.severity = severity;
        finding.unnecessary = true;
        kept.push(finding);
    }
    kept
}

/// `range` widened to whole lines, with the line break after it, when nothing
/// else stands on those lines; otherwise just the range itself.
fn whole_lines(text: &str, range: TextRange) -> TextRange {
    let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[range.end..]
        .find('\n')
        .map_or(text.len(), |i| range.end + i + 1);
    let before = &text[line_start..range.start];
    let after = &text[range.end..line_end];
    if before.trim().is_empty() && after.trim().is_empty() {
        TextRange::new(line_start, line_end)
    } else {
        let start = range.start - (before.len() - before.trim_end().len());
        TextRange::new(start, range.end)
    }
}

/// Edits that remove the given names (and the comma beside each) from a list.
fn remove_names(text: &str, names: &[&SuppressedRule]) -> Vec<Edit> {
    names
        .iter()
        .map(|rule| {
            let r = rule.range;
            let after = &text[r.end..];
            let trailing = after
                .find(|c: char| c != ' ')
                .filter(|&i| after[i..].starts_with(','));
            let range = match trailing {
                Some(i) => {
                    let rest = &after[i + 1..];
                    TextRange::new(
                        r.start,
                        r.end + i + 1 + (rest.len() - rest.trim_start_matches(' ').len()),
                    )
                }
                None => {
                    let before = &text[..r.start];
                    let comma = before.trim_end_matches(' ');
                    if comma.ends_with(',') {
                        TextRange::new(comma.len() - 1, r.end)
                    } else {
                        r
                    }
                }
            };
            Edit::delete(range)
        })
        .collect()
}

/// Drops repeated findings (same rule, range and message), keeping the
/// first. The findings are sorted by start and rule, so a repeat lies in the
/// run of findings that share its start and rule, usually a run of one:
/// comparing within runs spares hashing (and copying) every message.
fn dedup(findings: &mut Vec<Finding>) {
    let mut keep: Vec<bool> = Vec::with_capacity(findings.len());
    let mut run = 0;
    for (i, finding) in findings.iter().enumerate() {
        let first = &findings[run];
        if (first.range.start, first.rule) != (finding.range.start, finding.rule) {
            run = i;
        }
        let repeat = findings[run..i]
            .iter()
            .zip(&keep[run..i])
            .any(|(earlier, &kept)| {
                kept && earlier.range == finding.range && earlier.message == finding.message
            });
        keep.push(!repeat);
    }
    let mut keep = keep.into_iter();
    findings.retain(|_| keep.next().unwrap_or(true));
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::format::FileKind;

    #[test]
    fn repeated_findings_are_reported_once() {
        let at = |start, end, message: &str| Finding::new("r", TextRange::new(start, end), message);
        let mut findings = vec![
            at(0, 4, "a"),
            at(0, 2, "b"),
            at(0, 4, "a"),
            at(0, 2, "c"),
            at(0, 2, "b"),
            Finding::new("s", TextRange::new(0, 4), "a"),
            at(5, 6, "a"),
            at(5, 6, "a"),
        ];
        dedup(&mut findings);
        let left: Vec<(&str, usize, usize, &str)> = findings
            .iter()
            .map(|f| (f.rule, f.range.start, f.range.end, f.message.as_str()))
            .collect();
        assert_eq!(
            left,
            [
                ("r", 0, 4, "a"),
                ("r", 0, 2, "b"),
                ("r", 0, 2, "c"),
                ("s", 0, 4, "a"),
                ("r", 5, 6, "a"),
            ]
        );
    }

    /// Checking without fixes finds exactly what checking with them finds,
    /// in the same order, only without the fixes: the language server
    /// relies on it to plan fixes later and line them up with its
    /// diagnostics.
    #[test]
    fn skipping_fixes_changes_nothing_but_the_fixes() {
        let inputs = [
            (
                "/w/Dockerfile",
                FileKind::Dockerfile,
                include_str!("../../examples/insecure/Dockerfile"),
            ),
            (
                "/w/big/Dockerfile",
                FileKind::Dockerfile,
                include_str!("../benches/data/large.Dockerfile"),
            ),
            (
                "/w/docker-compose.yml",
                FileKind::ComposeYaml,
                include_str!("../../examples/insecure/docker-compose.yml"),
            ),
            (
                "/w/k8s/deployment.yaml",
                FileKind::Yaml,
                include_str!("../../examples/insecure/k8s/deployment.yaml"),
            ),
            (
                "/w/k8s/manifests.yaml",
                FileKind::Yaml,
                include_str!("../benches/data/manifests.yaml"),
            ),
            (
                "/w/chart/values.yaml",
                FileKind::HelmValuesYaml,
                "image:\n  tag: latest\nsecurityContext:\n  privileged: true\n\
                 # bulwark-ignore: root-user\npassword: hunter2hunter2\n",
            ),
        ];
        let config = Config::default();
        for (path, kind, text) in inputs {
            let doc = Document::new(Some(PathBuf::from(path)), kind, 1, text);
            let mut workspace = Workspace::new();
            workspace.insert(doc.clone());
            let with = check_with(&doc, &workspace, &config, Fixes::Plan);
            let without = check_with(&doc, &workspace, &config, Fixes::Skip);
            assert!(with.iter().any(|f| f.fix.is_some()), "{path}: no fixes");
            assert!(without.iter().all(|f| f.fix.is_none()), "{path}");
            let stripped: Vec<Finding> = with
                .into_iter()
                .map(|mut f| {
                    f.fix = None;
                    f
                })
                .collect();
            assert_eq!(stripped, without, "{path}");
        }
    }
}
