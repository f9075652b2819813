//! The resolved configuration rules and filters read: one plain value per file.
//!
//! Loaded from `.bulwark.yaml` (or `.bulwark.yml`), the nearest one from the
//! file's folder upward, stopping at a repository root (a folder holding
//! `.git`). Loading does I/O and is done by the front ends, never by rules.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::finding::Severity;

/// A rule's configured level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    Off,
    Error,
    Warning,
    Info,
    Hint,
}

impl RuleLevel {
    pub fn severity(self) -> Option<Severity> {
        match self {
            RuleLevel::Off => None,
            RuleLevel::Error => Some(Severity::Error),
            RuleLevel::Warning => Some(Severity::Warning),
            RuleLevel::Info => Some(Severity::Info),
            RuleLevel::Hint => Some(Severity::Hint),
        }
    }
}

/// The configuration in force for one file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Config {
    /// Per-rule levels that replace the catalog defaults.
    #[serde(default)]
    pub rules: BTreeMap<String, RuleLevel>,
    /// Registry hosts images may come from; `untrusted-registry` is inactive
    /// until this is set.
    #[serde(default)]
    pub trusted_registries: Option<Vec<String>>,
}

/// Why a configuration file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Invalid {
        path: PathBuf,
        message: String,
        line: Option<usize>,
    },
}

impl Config {
    /// Parses configuration text; `path` only names the file in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Self, ConfigError> {
        if text.trim().is_empty() {
            return Ok(Self::default());
        }
        serde_yaml_ng::from_str(text).map_err(|e| ConfigError::Invalid {
            path: path.to_path_buf(),
            line: e.location().map(|l| l.line()),
            message: e.to_string(),
        })
    }

    /// The level configured for `rule`, if any.
    pub fn level(&self, rule: &str) -> Option<RuleLevel> {
        self.rules.get(rule).copied()
    }
}

/// The configuration file that applies to files in `dir`: the nearest
/// `.bulwark.yaml`/`.bulwark.yml` from `dir` upward, stopping after a folder
/// that holds `.git` or after `stop_at`.
pub fn find_config_file(dir: &Path, stop_at: Option<&Path>) -> Option<PathBuf> {
    let mut current = Some(dir);
    while let Some(d) = current {
        for name in [".bulwark.yaml", ".bulwark.yml"] {
            let candidate = d.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
        if d.join(".git").exists() || stop_at == Some(d) {
            return None;
        }
        current = d.parent();
    }
    None
}

/// Loads the configuration file at `path`.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    Config::parse(&text, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_trusted_registries() {
        let config = Config::parse(
            "trusted-registries:\n  - registry.example.com\n",
            Path::new("x"),
        )
        .unwrap();
        assert_eq!(
            config.trusted_registries,
            Some(vec!["registry.example.com".to_string()])
        );
    }

    #[test]
    fn unknown_keys_are_errors_with_a_line() {
        let err = Config::parse("rules: {}\nbogus: 1\n", Path::new("x")).unwrap_err();
        match err {
            ConfigError::Invalid { line, message, .. } => {
                assert_eq!(line, Some(2));
                assert!(message.contains("bogus"), "{message}");
            }
            ConfigError::Read { .. } => panic!("wrong error"),
        }
    }
}
