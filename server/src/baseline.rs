//! Baselines: the findings a project has accepted for now, so that a check
//! reports only new ones (`bulwark check --write-baseline FILE`, then
//! `--baseline FILE`).
//!
//! A finding is recorded by a fingerprint that survives unrelated edits and
//! changes when the finding's own text does: a hash of the file's path, the
//! rule, the whitespace-normalised text of the line the finding starts on
//! and of the part of its range on that line, and the finding's index among
//! the findings of that file with the same rule and text. Line numbers are
//! not part of it, so lines moving above a finding leave it matched.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use crate::finding::Finding;
use crate::text::LineIndex;

/// The baseline file's format version.
pub const VERSION: u32 = 1;

/// A baseline file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

/// One accepted finding. `line` and `message` are for people reading the
/// file; only `file`, `rule` and `fingerprint` are compared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub file: String,
    pub rule: String,
    pub fingerprint: String,
    #[serde(default)]
    pub line: usize,
    #[serde(default)]
    pub message: String,
}

impl Baseline {
    /// Parses a baseline file's text.
    pub fn parse(text: &str) -> Result<Self, String> {
        let baseline: Baseline = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if baseline.version != VERSION {
            return Err(format!(
                "baseline version {} is not supported (expected {VERSION})",
                baseline.version
            ));
        }
        Ok(baseline)
    }

    /// The file's text: entries sorted, so that a rewritten baseline diffs
    /// cleanly.
    pub fn to_json(&self) -> String {
        let mut sorted = self.clone();
        sorted.findings.sort_by(|a, b| {
            (&a.file, a.line, &a.rule, &a.fingerprint).cmp(&(
                &b.file,
                b.line,
                &b.rule,
                &b.fingerprint,
            ))
        });
        let mut text = serde_json::to_string_pretty(&sorted).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Adds the findings of one file (`file` as the baseline names it).
    pub fn record(&mut self, file: &str, text: &str, findings: &[Finding]) {
        self.version = VERSION;
        let lines = LineIndex::new(text);
        for (finding, fingerprint) in findings.iter().zip(fingerprints(file, text, findings)) {
            self.findings.push(Entry {
                file: file.to_string(),
                rule: finding.rule.to_string(),
                fingerprint,
                line: lines.line_of(finding.range.start.min(text.len())) + 1,
                message: finding.message.clone(),
            });
        }
    }

    /// For each finding of one file, whether the baseline holds it.
    pub fn contains(&self, file: &str, text: &str, findings: &[Finding]) -> Vec<bool> {
        let known: BTreeSet<(&str, &str, &str)> = self
            .findings
            .iter()
            .filter(|e| e.file == file)
            .map(|e| (e.file.as_str(), e.rule.as_str(), e.fingerprint.as_str()))
            .collect();
        findings
            .iter()
            .zip(fingerprints(file, text, findings))
            .map(|(f, fp)| known.contains(&(file, f.rule, fp.as_str())))
            .collect()
    }
}

/// The fingerprints of a file's findings, in the findings' order.
pub fn fingerprints(file: &str, text: &str, findings: &[Finding]) -> Vec<String> {
    let lines = LineIndex::new(text);
    // Occurrences are counted in document order, whatever order the
    // findings come in, so that the index means the same in every run.
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_by_key(|&i| (findings[i].range.start, findings[i].range.end));
    let mut seen: HashMap<(&str, String), usize> = HashMap::new();
    let mut out = vec![String::new(); findings.len()];
    for i in order {
        let f = &findings[i];
        let content = normalised_content(text, &lines, f);
        let index = seen.entry((f.rule, content.clone())).or_insert(0);
        out[i] = hash_hex(&[file, f.rule, &content, &index.to_string()]);
        *index += 1;
    }
    out
}

/// The normalised text of the finding's first line and of the part of its
/// range on that line.
fn normalised_content(text: &str, lines: &LineIndex, f: &Finding) -> String {
    let start = crate::text::floor_char_boundary(text, f.range.start.min(text.len()));
    let line = lines.line_of(start);
    let line_range = lines.line_range(text, line);
    let end =
        crate::text::floor_char_boundary(text, f.range.end.clamp(start, line_range.end.max(start)));
    let line_text = text.get(line_range.start..line_range.end).unwrap_or("");
    let range_text = text.get(start..end).unwrap_or("");
    format!("{}\u{1f}{}", squash(range_text), squash(line_text))
}

/// Whitespace runs as one space, trimmed.
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A stable 128-bit hash (two FNV-1a passes with different offsets) of the
/// parts, each followed by a separator, as hex. Stable across platforms and
/// Rust versions, unlike the standard library's hasher.
fn hash_hex(parts: &[&str]) -> String {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut a: u64 = 0xcbf2_9ce4_8422_2325;
    let mut b: u64 = 0x6c62_272e_07bb_0142;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0xff)) {
            a = (a ^ u64::from(byte)).wrapping_mul(PRIME);
            b = (b ^ u64::from(byte.rotate_left(3))).wrapping_mul(PRIME);
        }
    }
    format!("{a:016x}{b:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::TextRange;

    fn finding(text: &str, needle: &str, nth: usize) -> Finding {
        let start = text.match_indices(needle).nth(nth).unwrap().0;
        Finding::new(
            "image-tag-latest",
            TextRange::new(start, start + needle.len()),
            "m",
        )
    }

    #[test]
    fn fingerprints_survive_moved_lines_and_change_with_the_text() {
        let before = "FROM nginx:latest\nRUN true\nFROM nginx:latest\n";
        let after = "# a comment\n\nFROM nginx:latest\nRUN true\nRUN more\nFROM nginx:latest\n";
        let fb = [
            finding(before, "nginx:latest", 0),
            finding(before, "nginx:latest", 1),
        ];
        let fa = [
            finding(after, "nginx:latest", 0),
            finding(after, "nginx:latest", 1),
        ];
        let b = fingerprints("Dockerfile", before, &fb);
        let a = fingerprints("Dockerfile", after, &fa);
        assert_eq!(a, b);
        assert_ne!(b[0], b[1], "identical findings get their own index");

        let changed = "FROM nginx:latest\nRUN true\nFROM  redis:latest\n";
        let fc = [
            finding(changed, "nginx:latest", 0),
            finding(changed, "redis:latest", 0),
        ];
        let c = fingerprints("Dockerfile", changed, &fc);
        assert_eq!(c[0], b[0]);
        assert_ne!(c[1], b[1]);
        assert_ne!(fingerprints("other/Dockerfile", before, &fb)[0], b[0]);
    }

    #[test]
    fn round_trip_reports_only_new_findings() {
        let text = "FROM nginx:latest\n";
        let mut baseline = Baseline::default();
        baseline.record("Dockerfile", text, &[finding(text, "nginx:latest", 0)]);
        let parsed = Baseline::parse(&baseline.to_json()).unwrap();
        assert_eq!(parsed, baseline);

        let later = "# new\nFROM nginx:latest\nFROM redis:latest\n";
        let found = [
            finding(later, "nginx:latest", 0),
            finding(later, "redis:latest", 0),
        ];
        assert_eq!(parsed.contains("Dockerfile", later, &found), [true, false]);
        assert!(Baseline::parse("{\"version\": 9, \"findings\": []}").is_err());
    }
}
