//! Findings: what a rule reports, with its range, message and fix plan.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::text::TextRange;

/// How serious a finding is, most severe last so that `Ord` ranks them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Hint,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Hint => "hint",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text.to_ascii_lowercase().as_str() {
            "hint" => Some(Severity::Hint),
            "info" | "information" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// Whether a fix may be applied without a person looking at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FixSafety {
    /// Keeps the build and the workload working; applied in bulk.
    Safe,
    /// May change runtime behaviour; applied one at a time on request.
    Unsafe,
}

/// Where an edit applies.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum EditTarget {
    /// The document the finding belongs to.
    ThisDocument,
    /// Another file, by path. `create` is set when the file does not exist
    /// yet and the edit creates it (its range is then empty at offset 0).
    File { path: PathBuf, create: bool },
}

/// One text replacement, in byte offsets of the target's current text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Edit {
    pub target: EditTarget,
    pub range: TextRange,
    pub new_text: String,
}

impl Edit {
    pub fn replace(range: TextRange, new_text: impl Into<String>) -> Self {
        Self {
            target: EditTarget::ThisDocument,
            range,
            new_text: new_text.into(),
        }
    }

    pub fn insert(at: usize, new_text: impl Into<String>) -> Self {
        Self::replace(TextRange::empty(at), new_text)
    }

    pub fn delete(range: TextRange) -> Self {
        Self::replace(range, String::new())
    }
}

/// A fix plan: edits computed against the same document version as the finding.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Fix {
    /// Imperative title shown in the editor ("Switch to a non-root user").
    pub title: String,
    pub safety: FixSafety,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Self {
            title: title.into(),
            safety: FixSafety::Safe,
            edits,
        }
    }

    pub fn unsafe_(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Self {
            title: title.into(),
            safety: FixSafety::Unsafe,
            edits,
        }
    }
}

/// What a rule reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The catalog name of the rule (diagnostic `code`, SARIF `ruleId`).
    pub rule: &'static str,
    /// Filled in by the engine from the catalog and the configuration; a rule
    /// sets it only to raise its worst forms above the default.
    pub severity: Severity,
    pub range: TextRange,
    /// One sentence: what was found and what to do.
    pub message: String,
    /// The rule's own quick fix, when it can compute one.
    pub fix: Option<Fix>,
    /// Marks findings whose code is dead weight (unused suppressions), which
    /// editors render faded.
    pub unnecessary: bool,
    severity_raised: bool,
    severity_lowered: bool,
}

impl Finding {
    pub fn new(rule: &'static str, range: TextRange, message: impl Into<String>) -> Self {
        Self {
            rule,
            severity: Severity::Warning,
            range,
            message: message.into(),
            fix: None,
            unnecessary: false,
            severity_raised: false,
            severity_lowered: false,
        }
    }

    #[must_use]
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    #[must_use]
    pub fn with_fix_opt(mut self, fix: Option<Fix>) -> Self {
        self.fix = fix;
        self
    }

    /// Reports this finding at `severity` instead of the catalog default (for
    /// a rule's worst forms, as the catalog summary says).
    #[must_use]
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self.severity_raised = true;
        self
    }

    /// Reports this finding at `severity`, milder than the catalog default,
    /// for a rule's weakest forms (a gap that is covered another way).
    #[must_use]
    pub fn with_milder_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self.severity_lowered = true;
        self
    }

    pub fn severity_lowered(&self) -> bool {
        self.severity_lowered
    }

    pub fn severity_raised(&self) -> bool {
        self.severity_raised
    }

    pub fn fixable(&self) -> bool {
        self.fix.is_some()
    }
}
