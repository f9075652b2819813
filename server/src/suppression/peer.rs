//! Other tools' suppression comments and Kubernetes annotations.
//!
//! | Form | Scope |
//! | --- | --- |
//! | `# hadolint ignore=DL3007,DL3008` | the next instruction |
//! | `# hadolint global ignore=DL3007` | the file |
//! | `# trivy:ignore:DS002`, `#trivy:ignore:AVD-DS-0002` | the next line's instruction or key |
//! | `# checkov:skip=CKV_DOCKER_3:reason` | a Dockerfile: the file; YAML: the document |
//! | `checkov.io/skip1: CKV_K8S_20=reason` (annotation) | the object |
//! | `ignore-check.kube-linter.io/<check>: "reason"` (annotation) | the object |
//! | `kube-linter.io/ignore-all: "reason"` (annotation) | the object |
//!
//! Each id silences the catalog rules that list it among their anchors, in
//! the formats its tool checks ([`crate::config::peers::silenced_rules`]);
//! an id Bulwark has no rule for is left to its tool and never reported.

use crate::config::peers;
use crate::format::Format;
use crate::text::TextRange;
use crate::yaml;

use super::{Scope, SuppressedRule, Suppression};

/// What a peer comment covers, before it is placed in a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeerScope {
    /// The next instruction or key, like Bulwark's own line suppression.
    Next,
    /// The whole file.
    File,
    /// The resource: in YAML the document holding the comment, in a
    /// Dockerfile the file.
    Resource,
}

/// One peer suppression comment: the tool, its scope and its ids with their
/// ranges (absolute in the document).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerComment {
    pub tool: &'static str,
    pub scope: PeerScope,
    pub ids: Vec<(String, TextRange)>,
}

/// The peer suppressions written in one comment (`comment` is its text,
/// starting at `#`, at `offset` in the document). A comment may hold
/// several (`# trivy:ignore:DS002 trivy:ignore:DS026`).
pub fn parse_comment(comment: &str, offset: usize) -> Vec<PeerComment> {
    let mut out = Vec::new();
    if let Some(c) = hadolint(comment, offset) {
        out.push(c);
    }
    let trivy = trivy(comment, offset);
    if !trivy.ids.is_empty() {
        out.push(trivy);
    }
    if let Some(c) = checkov(comment, offset) {
        out.push(c);
    }
    out
}

fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// A comma-separated list of ids at the start of `text` (at `offset`);
/// spaces may stand around the commas.
fn id_list(text: &str, offset: usize, id_char: fn(char) -> bool) -> Vec<(String, TextRange)> {
    let mut ids = Vec::new();
    let mut pos = 0;
    loop {
        let rest = &text[pos..];
        let lead = rest.len() - rest.trim_start_matches(' ').len();
        let start = pos + lead;
        let len = text[start..]
            .find(|c: char| !id_char(c))
            .unwrap_or(text.len() - start);
        if len == 0 {
            break;
        }
        let end = start + len;
        ids.push((
            text[start..end].to_string(),
            TextRange::new(offset + start, offset + end),
        ));
        let after = &text[end..];
        let spaces = after.len() - after.trim_start_matches(' ').len();
        if after[spaces..].starts_with(',') {
            pos = end + spaces + 1;
        } else {
            break;
        }
    }
    ids
}

/// `# hadolint ignore=DL3007,DL3008` and `# hadolint global ignore=DL3007`.
fn hadolint(comment: &str, offset: usize) -> Option<PeerComment> {
    let body_start = comment.find('#')? + 1;
    let body = &comment[body_start..];
    let rest = body.trim_start().strip_prefix("hadolint")?;
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let rest = rest.trim_start();
    let (global, rest) = match rest.strip_prefix("global") {
        Some(r) if r.starts_with([' ', '\t']) => (true, r.trim_start()),
        _ => (false, rest),
    };
    let rest = rest
        .strip_prefix("ignore")?
        .trim_start()
        .strip_prefix('=')?;
    let list = rest.trim_start_matches(' ');
    let at = offset + comment.len() - list.len();
    let ids = id_list(list, at, |c| c.is_ascii_alphanumeric());
    (!ids.is_empty()).then_some(PeerComment {
        tool: "hadolint",
        scope: if global {
            PeerScope::File
        } else {
            PeerScope::Next
        },
        ids,
    })
}

/// Every `trivy:ignore:<id>` in the comment; Trivy's bracketed parameters
/// (`[exp:2025-01-01]`) after an id are left aside.
fn trivy(comment: &str, offset: usize) -> PeerComment {
    const MARK: &str = "trivy:ignore:";
    let mut ids = Vec::new();
    let mut from = 0;
    while let Some(i) = comment[from..].find(MARK) {
        let start = from + i + MARK.len();
        let len = comment[start..]
            .find(|c: char| !is_id_char(c))
            .unwrap_or(comment.len() - start);
        if len > 0 {
            ids.push((
                comment[start..start + len].to_string(),
                TextRange::new(offset + start, offset + start + len),
            ));
        }
        from = start + len;
    }
    PeerComment {
        tool: "trivy",
        scope: PeerScope::Next,
        ids,
    }
}

/// `# checkov:skip=CKV_DOCKER_3,CKV_DOCKER_2:reason` (also `bridgecrew:skip=`).
fn checkov(comment: &str, offset: usize) -> Option<PeerComment> {
    let at = ["checkov:skip=", "bridgecrew:skip="]
        .iter()
        .find_map(|m| comment.find(m).map(|i| i + m.len()))?;
    let ids = id_list(&comment[at..], offset + at, |c| {
        c.is_ascii_alphanumeric() || c == '_'
    });
    (!ids.is_empty()).then_some(PeerComment {
        tool: "checkov",
        scope: PeerScope::Resource,
        ids,
    })
}

/// The rules each id silences in `format`; ids Bulwark has no rule for are
/// dropped.
pub fn resolve_ids(
    tool: &str,
    ids: Vec<(String, TextRange)>,
    format: Format,
) -> Vec<SuppressedRule> {
    ids.into_iter()
        .filter_map(|(id, range)| {
            let silences = peers::silenced_rules(tool, &id, format);
            (!silences.is_empty()).then_some(SuppressedRule {
                silences,
                written: id,
                range,
            })
        })
        .collect()
}

/// Other tools' suppressions written as annotations on Kubernetes objects,
/// each covering its object. Bulwark's own annotation is read by
/// [`crate::kubernetes::annotation_suppressions`].
pub fn annotations(model: &yaml::Model, text: &str) -> Vec<Suppression> {
    let mut out = Vec::new();
    for object in crate::kubernetes::objects(model) {
        let Some(annotations) = object.annotations() else {
            continue;
        };
        let scope = Scope::Range(object.node.source_range());
        for entry in annotations.entries() {
            let Some(key) = entry.key_str() else { continue };
            let value = entry.value;
            let (origin, rules) = if key.starts_with("checkov.io/skip") {
                let written = value.as_str().unwrap_or("");
                let id = written.split('=').next().unwrap_or("").trim();
                let range = locate(text, value.source_range(), id);
                let ids = vec![(id.to_string(), range)];
                ("checkov", resolve_ids("checkov", ids, Format::Kubernetes))
            } else if let Some(check) = key.strip_prefix("ignore-check.kube-linter.io/") {
                let range = locate(text, entry.key_range(), check);
                let ids = vec![(check.to_string(), range)];
                (
                    "kube-linter",
                    resolve_ids("kube-linter", ids, Format::Kubernetes),
                )
            } else if key == "kube-linter.io/ignore-all" {
                let rules = vec![SuppressedRule {
                    silences: every_anchored_rule("kube-linter", Format::Kubernetes),
                    written: key.to_string(),
                    range: entry.key_range(),
                }];
                ("kube-linter", rules)
            } else {
                continue;
            };
            if rules.is_empty() {
                continue;
            }
            out.push(Suppression {
                range: entry.range(),
                rules,
                scope,
                origin,
            });
        }
    }
    out
}

/// Where `needle` is written inside `within`, or `within` itself when it is
/// not found verbatim (an escaped scalar).
fn locate(text: &str, within: TextRange, needle: &str) -> TextRange {
    if needle.is_empty() {
        return within;
    }
    text.get(within.start..within.end)
        .and_then(|hay| hay.find(needle))
        .map_or(within, |i| {
            TextRange::new(within.start + i, within.start + i + needle.len())
        })
}

/// Every catalog rule with an anchor of `tool` that serves `format`.
fn every_anchored_rule(tool: &str, format: Format) -> Vec<String> {
    crate::catalog::Catalog::get()
        .rules()
        .iter()
        .filter(|r| r.anchors.contains_key(tool) && r.formats.contains(&format))
        .map(|r| r.name.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(c: &PeerComment) -> Vec<&str> {
        c.ids.iter().map(|(i, _)| i.as_str()).collect()
    }

    #[test]
    fn hadolint_forms() {
        let text = "# hadolint ignore=DL3007, DL3008 -- why";
        let c = &parse_comment(text, 100)[0];
        assert_eq!((c.tool, c.scope), ("hadolint", PeerScope::Next));
        assert_eq!(ids(c), ["DL3007", "DL3008"]);
        let r = c.ids[1].1;
        assert_eq!(&text[r.start - 100..r.end - 100], "DL3008");
        let c = &parse_comment("#hadolint global ignore=DL3002", 0)[0];
        assert_eq!(c.scope, PeerScope::File);
        assert!(parse_comment("# hadolint shell=bash", 0).is_empty());
        assert!(parse_comment("# hadolintignore=DL3002", 0).is_empty());
    }

    #[test]
    fn trivy_forms() {
        let text = "#trivy:ignore:AVD-DS-0002 trivy:ignore:DS026[exp:2030-01-01]";
        let c = &parse_comment(text, 0)[0];
        assert_eq!((c.tool, c.scope), ("trivy", PeerScope::Next));
        assert_eq!(ids(c), ["AVD-DS-0002", "DS026"]);
    }

    #[test]
    fn checkov_forms() {
        let c = &parse_comment("# checkov:skip=CKV_DOCKER_3,CKV_DOCKER_2:no user needed", 0)[0];
        assert_eq!((c.tool, c.scope), ("checkov", PeerScope::Resource));
        assert_eq!(ids(c), ["CKV_DOCKER_3", "CKV_DOCKER_2"]);
        assert!(parse_comment("# checkov is a tool", 0).is_empty());
    }
}

/// Every form applied by the engine to findings placed by hand, so that the
/// scopes are tested whatever rules exist.
#[cfg(test)]
mod scope_tests {
    use std::path::PathBuf;

    use crate::config::{Config, PeerIgnore};
    use crate::document::Document;
    use crate::engine::{apply_suppressions, collect_suppressions};
    use crate::finding::{Finding, FixSafety};
    use crate::format::FileKind;
    use crate::text::TextRange;

    fn doc(kind: FileKind, name: &str, text: &str) -> Document {
        Document::new(Some(PathBuf::from(format!("/w/{name}"))), kind, 1, text)
    }

    /// A finding of `rule` on the `nth` occurrence of `needle`.
    fn at(text: &str, rule: &'static str, needle: &str, nth: usize) -> Finding {
        let start = text
            .match_indices(needle)
            .nth(nth)
            .unwrap_or_else(|| panic!("{needle} #{nth}"))
            .0;
        Finding::new(rule, TextRange::new(start, start + needle.len()), "m")
    }

    /// (rule, line) of what is left after suppressions, 1-based lines.
    fn left(doc: &Document, findings: Vec<Finding>, config: &Config) -> Vec<(String, usize)> {
        let s = collect_suppressions(doc);
        let mut out: Vec<(String, usize)> = apply_suppressions(doc, findings, &s, config)
            .iter()
            .map(|f| (f.rule.to_string(), doc.lines().line_of(f.range.start) + 1))
            .collect();
        out.sort();
        out
    }

    fn pairs(items: &[(&str, usize)]) -> Vec<(String, usize)> {
        let mut v: Vec<_> = items.iter().map(|(r, l)| (r.to_string(), *l)).collect();
        v.sort();
        v
    }

    #[test]
    fn hadolint_next_instruction_and_global() {
        let text = "# hadolint global ignore=DL3002\nFROM nginx:latest\n# hadolint ignore=DL3007,DL3008\nFROM nginx:latest\nFROM nginx:latest\nUSER root\n";
        let d = doc(FileKind::Dockerfile, "Dockerfile", text);
        let findings = vec![
            at(text, "image-tag-latest", "nginx:latest", 0),
            at(text, "image-tag-latest", "nginx:latest", 1),
            at(text, "image-tag-latest", "nginx:latest", 2),
            at(text, "root-user", "USER root", 0),
        ];
        // DL3008 maps to package-version-unpinned, which did not fire.
        let got = left(&d, findings, &Config::default());
        assert_eq!(
            got,
            pairs(&[
                ("image-tag-latest", 2),
                ("image-tag-latest", 5),
                ("unused-suppression", 3)
            ])
        );
    }

    #[test]
    fn trivy_next_line_in_both_spellings() {
        let text = "FROM alpine:3.20\n#trivy:ignore:AVD-DS-0002\nUSER root\n# trivy:ignore:DS002\nUSER 0\nUSER root\n";
        let d = doc(FileKind::Dockerfile, "Dockerfile", text);
        let findings = vec![
            at(text, "root-user", "USER root", 0),
            at(text, "root-user", "USER 0", 0),
            at(text, "root-user", "USER root", 1),
        ];
        assert_eq!(
            left(&d, findings, &Config::default()),
            pairs(&[("root-user", 6)])
        );
    }

    #[test]
    fn checkov_comment_covers_the_dockerfile() {
        let text = "FROM alpine:3.20\nUSER root\n# checkov:skip=CKV_DOCKER_3:root is needed here\nRUN true\n";
        let d = doc(FileKind::Dockerfile, "Dockerfile", text);
        let findings = vec![at(text, "root-user", "USER root", 0)];
        assert!(left(&d, findings, &Config::default()).is_empty());
    }

    #[test]
    fn checkov_comment_covers_its_yaml_document_only() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n# checkov:skip=CKV_K8S_16:needed\nspec:\n  containers:\n    - name: a\n      securityContext:\n        privileged: true\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: b\nspec:\n  containers:\n    - name: b\n      securityContext:\n        privileged: true\n";
        let d = doc(FileKind::Yaml, "pods.yaml", text);
        let findings = vec![
            at(text, "privileged", "privileged: true", 0),
            at(text, "privileged", "privileged: true", 1),
        ];
        assert_eq!(
            left(&d, findings, &Config::default()),
            pairs(&[("privileged", 20)])
        );
    }

    #[test]
    fn kubernetes_peer_annotations_cover_the_object() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  annotations:\n    checkov.io/skip1: CKV_K8S_20=needs setuid\n    ignore-check.kube-linter.io/privileged-container: \"node agent\"\n    ignore-check.kube-linter.io/docker-sock: \"stale\"\nspec:\n  containers:\n    - name: a\n      securityContext:\n        privileged: true\n        allowPrivilegeEscalation: true\n";
        let d = doc(FileKind::Yaml, "pod.yaml", text);
        let findings = vec![
            at(text, "privileged", "privileged: true", 0),
            at(
                text,
                "allow-privilege-escalation",
                "allowPrivilegeEscalation: true",
                0,
            ),
        ];
        let s = collect_suppressions(&d);
        let out = apply_suppressions(&d, findings, &s, &Config::default());
        assert_eq!(out.len(), 1, "{out:#?}");
        let unused = &out[0];
        assert_eq!(unused.rule, "unused-suppression");
        assert_eq!(d.lines().line_of(unused.range.start) + 1, 8);
        assert!(unused.message.contains("kube-linter"), "{}", unused.message);
        // Removing another tool's suppression is for a person to decide.
        assert_eq!(unused.fix.as_ref().unwrap().safety, FixSafety::Unsafe);
    }

    #[test]
    fn peer_ids_without_a_bulwark_rule_are_left_alone() {
        let text = "FROM alpine:3.20\n# hadolint ignore=SC2086,DL3003\nRUN cd /x && echo $y\n";
        let d = doc(FileKind::Dockerfile, "Dockerfile", text);
        assert!(collect_suppressions(&d).is_empty());
        assert!(left(&d, Vec::new(), &Config::default()).is_empty());
    }

    #[test]
    fn own_suppression_fix_stays_safe() {
        let text = "FROM alpine:3.20\n# bulwark-ignore: root-user\nRUN true\n";
        let d = doc(FileKind::Dockerfile, "Dockerfile", text);
        let s = collect_suppressions(&d);
        let out = apply_suppressions(&d, Vec::new(), &s, &Config::default());
        assert_eq!(out[0].fix.as_ref().unwrap().safety, FixSafety::Safe);
    }

    #[test]
    fn config_file_peer_ignores_apply_to_their_formats() {
        let config = Config {
            peer_ignores: vec![PeerIgnore {
                tool: "trivy",
                id: "DS001".into(),
                source: PathBuf::from("/w/.trivyignore"),
                range: crate::text::TextRange::empty(0),
            }],
            ..Config::default()
        };
        let p = &config.peer_ignores[0];
        assert!(p.silences("image-tag-latest", crate::format::Format::Dockerfile));
        assert!(!p.silences("image-tag-latest", crate::format::Format::Kubernetes));
    }
}
