//! The rule registry: one row per rule and format, in one place.
//!
//! Each format's folder lists its rules in its own `RULES` table; this module
//! joins them. A rule is a pure function from a [`Context`] (the document,
//! its model, a read-only workspace view and the configuration) to findings.
//! Rules never do I/O and know nothing of LSP or CLI types.

pub mod compose;
pub mod dockerfile;
pub mod dockerignore;
pub mod docs;
pub mod helm_values;
pub mod judgement;
pub mod kubernetes;
pub mod secrets;
#[cfg(test)]
mod test_support;

use std::cell::OnceCell;

use crate::config::Config;
use crate::document::Document;
use crate::finding::Finding;
use crate::format::Format;
use crate::workspace::Workspace;

/// What a rule sees.
pub struct Context<'a> {
    pub doc: &'a Document,
    pub workspace: &'a Workspace,
    pub config: &'a Config,
    /// Whether the findings' fixes are wanted. When not, rules may skip
    /// planning them (the engine drops any that are made anyway); see
    /// [`crate::engine::Fixes`].
    pub fixes: bool,
    /// The Kubernetes views of the document, read on first use.
    kubernetes: OnceCell<crate::kubernetes::Views<'a>>,
    /// Whether the document is a kustomize patch, decided on first use.
    kustomize_patch: OnceCell<bool>,
}

impl<'a> Context<'a> {
    pub fn new(
        doc: &'a Document,
        workspace: &'a Workspace,
        config: &'a Config,
        fixes: bool,
    ) -> Self {
        Self {
            doc,
            workspace,
            config,
            fixes,
            kubernetes: OnceCell::new(),
            kustomize_patch: OnceCell::new(),
        }
    }

    /// Whether a `kustomization.yaml` above the document lists it as a
    /// patch, decided once per check: rules ask for every container, and
    /// each answer walks the folders above the document.
    pub fn is_kustomize_patch(&self) -> bool {
        *self
            .kustomize_patch
            .get_or_init(|| kubernetes::helpers::is_kustomize_patch(self))
    }

    /// The objects, pod specs and containers of the document's YAML stream
    /// (empty for other documents), shared by every rule of the check.
    pub fn kubernetes(&self) -> &crate::kubernetes::Views<'a> {
        self.kubernetes.get_or_init(|| {
            let doc: &'a Document = self.doc;
            doc.analysis()
                .yaml()
                .map(crate::kubernetes::Views::of)
                .unwrap_or_default()
        })
    }

    pub fn text(&self) -> &'a str {
        self.doc.text()
    }

    /// Whether `name = value` writes a literal credential, under the
    /// configuration's `secrets` settings.
    pub fn is_literal_secret(&self, name: &str, value: &str) -> bool {
        secrets::is_literal_secret_with(&self.config.secrets, name, value)
    }

    /// Whether the value itself is a credential whatever its name, under the
    /// configuration's `secrets` settings.
    pub fn looks_like_secret_value(&self, value: &str) -> bool {
        secrets::looks_like_secret_value_with(&self.config.secrets, value)
    }
}

/// One registry row: a rule's check for some of its formats.
#[derive(Clone, Copy)]
pub struct Rule {
    /// The catalog name, the only identifier users see.
    pub name: &'static str,
    pub formats: &'static [Format],
    pub check: fn(&Context<'_>, &mut Vec<Finding>),
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule")
            .field("name", &self.name)
            .field("formats", &self.formats)
            .finish()
    }
}

/// Every registered row, for every format.
pub fn all() -> impl Iterator<Item = &'static Rule> {
    [
        dockerfile::RULES,
        dockerignore::RULES,
        kubernetes::RULES,
        compose::RULES,
        helm_values::RULES,
    ]
    .into_iter()
    .flatten()
}

/// The rows that run for `format`.
pub fn for_format(format: Format) -> impl Iterator<Item = &'static Rule> {
    all().filter(move |r| r.formats.contains(&format))
}

/// Names of rules the engine itself reports rather than a registry row.
pub const ENGINE_RULES: &[&str] = &["syntax-error", "unused-suppression", "config-error"];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    /// Every (rule, format) pair of the catalog has a registry row or is
    /// reported by the engine, and every row names a catalog rule.
    #[test]
    fn registry_matches_catalog() {
        let catalog = Catalog::get();
        let mut missing = Vec::new();
        for rule in catalog.rules() {
            if ENGINE_RULES.contains(&rule.name.as_str()) {
                continue;
            }
            for format in &rule.formats {
                if !for_format(*format).any(|r| r.name == rule.name) {
                    missing.push(format!("{} ({})", rule.name, format.as_str()));
                }
            }
        }
        for row in all() {
            let Some(entry) = catalog.rule(row.name) else {
                panic!("registry row `{}` is not in the catalog", row.name);
            };
            for format in row.formats {
                assert!(
                    entry.formats.contains(format),
                    "{} is not for {}",
                    row.name,
                    format.as_str()
                );
            }
        }
        assert!(
            missing.is_empty(),
            "catalog rules without a check: {missing:#?}"
        );
    }

    /// Every catalog rule has its documentation page.
    #[test]
    fn every_rule_has_docs() {
        let missing: Vec<_> = Catalog::get()
            .rules()
            .iter()
            .filter(|r| docs::page(&r.name).is_none())
            .map(|r| r.name.clone())
            .collect();
        assert!(
            missing.is_empty(),
            "rules without docs/rules/<name>.md: {missing:#?}"
        );
    }
}
