//! Suppression comments: `# bulwark-ignore: rule-a, rule-b -- reason` on the
//! line before an instruction or key, and `# bulwark-ignore-file: rule` for
//! the whole file; in Kubernetes, the `bulwark.dev/ignore: "rule-a,rule-b"`
//! annotation on an object (read by the Kubernetes view). Other tools' forms
//! are honoured too (see [`peer`] and `docs/suppressions.md`).
//!
//! They are applied after the rules run, so a suppression that silences
//! nothing can itself be reported (`unused-suppression`).

pub mod peer;

use crate::text::TextRange;

/// What a suppression covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    File,
    /// Findings that start inside this range.
    Range(TextRange),
}

/// One suppression, with the rule names it lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// The comment (or annotation) that declares it.
    pub range: TextRange,
    pub rules: Vec<SuppressedRule>,
    pub scope: Scope,
    /// Which tool's syntax declared it (`bulwark`, `hadolint`, ...), for messages.
    pub origin: &'static str,
}

impl Suppression {
    /// True for Bulwark's own forms (comments and the annotation), false for
    /// another tool's.
    pub fn is_own(&self) -> bool {
        matches!(self.origin, "bulwark" | "annotation")
    }
}

/// One name in a suppression's list, with where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuppressedRule {
    /// The catalog rules this name silences (a peer id may map to several).
    pub silences: Vec<String>,
    /// The name as written.
    pub written: String,
    pub range: TextRange,
}

/// The parsed body of a Bulwark suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub file_wide: bool,
    /// Rule names with their byte ranges (absolute in the document).
    pub rules: Vec<(String, TextRange)>,
}

/// Parses `comment` (the text of one comment, starting at `#`, located at
/// `offset` in the document) as a Bulwark suppression.
pub fn parse_directive(comment: &str, offset: usize) -> Option<Directive> {
    let body_start = comment.find('#')? + 1;
    let body = &comment[body_start..];
    let trimmed = body.trim_start();
    let lead = body.len() - trimmed.len();
    let (file_wide, rest) = if let Some(rest) = trimmed.strip_prefix("bulwark-ignore-file:") {
        (true, rest)
    } else if let Some(rest) = trimmed.strip_prefix("bulwark-ignore:") {
        (false, rest)
    } else {
        return None;
    };
    let list_start = offset + body_start + lead + (trimmed.len() - rest.len());
    let list = rest.split("--").next().unwrap_or("");
    let mut rules = Vec::new();
    let mut pos = 0;
    for part in list.split(',') {
        let name = part.trim();
        let lead = part.len() - part.trim_start().len();
        if !name.is_empty() {
            let start = list_start + pos + lead;
            rules.push((name.to_string(), TextRange::new(start, start + name.len())));
        }
        pos += part.len() + 1;
    }
    Some(Directive { file_wide, rules })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rules_and_reason() {
        let text = "# bulwark-ignore: root-user, add-instead-of-copy -- vendor tarball";
        let d = parse_directive(text, 10).unwrap();
        assert!(!d.file_wide);
        let names: Vec<_> = d.rules.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["root-user", "add-instead-of-copy"]);
        let (_, r) = &d.rules[1];
        assert_eq!(&text[r.start - 10..r.end - 10], "add-instead-of-copy");
    }

    #[test]
    fn file_wide_and_non_directives() {
        assert!(
            parse_directive("# bulwark-ignore-file: root-user", 0)
                .unwrap()
                .file_wide
        );
        assert!(parse_directive("# just a comment", 0).is_none());
    }
}

/// The edit that silences `rule` for the Kubernetes object holding `offset`
/// with the `bulwark.dev/ignore` annotation: the rule is added to the
/// annotation's list when there is one, else the annotation is added to
/// `metadata.annotations` (creating what is missing). `None` outside a
/// Kubernetes object, when the rule is already listed, or when the place is
/// written through an alias.
pub fn annotation_edit(
    doc: &crate::document::Document,
    offset: usize,
    rule: &str,
) -> Option<crate::finding::Edit> {
    use crate::yaml::edit::{Planner, Value};
    let analysis = doc.analysis();
    if analysis.format != Some(crate::format::Format::Kubernetes) {
        return None;
    }
    let model = analysis.yaml()?;
    let object = crate::kubernetes::objects(model)
        .into_iter()
        .find(|o| o.node.source_range().contains(offset))?;
    let planner = Planner::new(model);
    let annotation = crate::kubernetes::IGNORE_ANNOTATION;
    match object.annotations().and_then(|a| a.get(annotation)) {
        Some(existing) => {
            let list = existing.as_str().unwrap_or("");
            if list.split(',').any(|n| n.trim() == rule) {
                return None;
            }
            let joined = if list.trim().is_empty() {
                rule.to_string()
            } else {
                format!("{},{rule}", list.trim_end_matches([',', ' ']))
            };
            planner.replace_scalar(existing, &joined)
        }
        None => planner.insert_path(
            object.node,
            &["metadata", "annotations", annotation],
            Value::raw(format!("\"{rule}\"")),
        ),
    }
}

#[cfg(test)]
mod annotation_tests {
    use std::path::PathBuf;

    use crate::config::Config;
    use crate::document::Document;
    use crate::engine::{apply_suppressions, collect_suppressions};
    use crate::finding::Finding;
    use crate::format::FileKind;
    use crate::text::TextRange;
    use crate::yaml::edit::apply;

    const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n    - name: a\n      securityContext:\n        privileged: true\n";

    fn silenced(text: &str) -> bool {
        let doc = Document::new(Some(PathBuf::from("/w/pod.yaml")), FileKind::Yaml, 1, text);
        let start = text.find("privileged: true").unwrap();
        let f = Finding::new("privileged", TextRange::new(start, start + 16), "m");
        let s = collect_suppressions(&doc);
        apply_suppressions(&doc, vec![f], &s, &Config::default()).is_empty()
    }

    #[test]
    fn adds_the_annotation_then_extends_it() {
        let doc = Document::new(Some(PathBuf::from("/w/pod.yaml")), FileKind::Yaml, 1, POD);
        let at = POD.find("privileged: true").unwrap();
        let edit = super::annotation_edit(&doc, at, "privileged").unwrap();
        let once = apply(POD, &[edit]);
        assert!(
            once.contains("  annotations:\n    bulwark.dev/ignore: \"privileged\"\n"),
            "{once}"
        );
        assert!(silenced(&once));
        assert!(!silenced(POD));

        let doc = Document::new(
            Some(PathBuf::from("/w/pod.yaml")),
            FileKind::Yaml,
            2,
            once.clone(),
        );
        let at = once.find("privileged: true").unwrap();
        assert!(super::annotation_edit(&doc, at, "privileged").is_none());
        let edit = super::annotation_edit(&doc, at, "host-namespace").unwrap();
        let twice = apply(&once, &[edit]);
        assert!(
            twice.contains("bulwark.dev/ignore: \"privileged,host-namespace\""),
            "{twice}"
        );
    }

    #[test]
    fn nothing_outside_kubernetes() {
        let text = "services:\n  web:\n    privileged: true\n";
        let doc = Document::new(
            Some(PathBuf::from("/w/compose.yaml")),
            FileKind::ComposeYaml,
            1,
            text,
        );
        assert!(super::annotation_edit(&doc, 20, "privileged").is_none());
    }
}
