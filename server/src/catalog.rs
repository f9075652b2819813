//! The rule catalog: names, formats, default severities and references.
//!
//! The catalog is vendored from the project's shared specification into
//! `server/catalog/rules.toml` and compiled into the binary, so Bulwark
//! needs nothing outside its own repository to run. A test compares the
//! vendored copy with the shared one when that folder is present.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::finding::{FixSafety, Severity};
use crate::format::Format;

/// The vendored catalog text.
pub const CATALOG_TOML: &str = include_str!("../catalog/rules.toml");

/// One rule as the catalog describes it.
#[derive(Debug, Clone, Deserialize)]
pub struct CatalogRule {
    pub name: String,
    pub formats: Vec<Format>,
    pub severity: Severity,
    pub summary: String,
    #[serde(default)]
    pub fix: Option<String>,
    #[serde(default)]
    pub fix_safety: Option<FixSafety>,
    /// Other tools' ids for the same concept, keyed by tool name.
    #[serde(default)]
    pub anchors: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub references: Vec<String>,
    /// The Pod Security Standards level the rule belongs to, if any.
    #[serde(default)]
    pub pss: Option<String>,
}

#[derive(Debug, Deserialize)]
struct CatalogFile {
    rule: Vec<CatalogRule>,
}

/// The parsed catalog, in file order.
#[derive(Debug)]
pub struct Catalog {
    rules: Vec<CatalogRule>,
}

impl Catalog {
    /// Parses catalog text; used for the vendored copy and by the test that
    /// compares it with the shared one.
    pub fn parse(text: &str) -> Result<Self, toml::de::Error> {
        let file: CatalogFile = toml::from_str(text)?;
        Ok(Self { rules: file.rule })
    }

    /// The catalog compiled into this binary.
    pub fn get() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(|| {
            // The vendored file is checked by a unit test, so a parse failure
            // here can only come from a broken build.
            Catalog::parse(CATALOG_TOML).expect("the vendored rule catalog parses")
        })
    }

    pub fn rules(&self) -> &[CatalogRule] {
        &self.rules
    }

    pub fn rule(&self, name: &str) -> Option<&CatalogRule> {
        self.rules.iter().find(|r| r.name == name)
    }

    /// Catalog rules that list `tool`'s id `id` among their anchors.
    pub fn rules_for_anchor<'a>(
        &'a self,
        tool: &'a str,
        id: &'a str,
    ) -> impl Iterator<Item = &'a CatalogRule> + 'a {
        self.rules.iter().filter(move |r| {
            r.anchors
                .get(tool)
                .is_some_and(|ids| ids.iter().any(|i| i.eq_ignore_ascii_case(id)))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendored_catalog_parses() {
        let catalog = Catalog::parse(CATALOG_TOML).unwrap();
        assert!(catalog.rules().len() >= 63);
        assert!(catalog.rule("root-user").is_some());
    }

    /// The vendored catalog must equal the shared specification when the
    /// shared folder sits beside the repository (it does on developer
    /// machines and in CI, but the product never needs it).
    #[test]
    fn vendored_catalog_matches_shared_spec() {
        let shared = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/spec/rules.toml");
        let Ok(text) = std::fs::read_to_string(shared) else {
            return;
        };
        assert_eq!(
            text, CATALOG_TOML,
            "server/catalog/rules.toml is stale: copy {shared}"
        );
    }
}
