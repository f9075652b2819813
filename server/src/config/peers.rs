//! Other tools' names for Bulwark's rules, and their configuration files.
//!
//! A peer id (hadolint's `DL3007`, Trivy's `DS002` or `AVD-DS-0002`,
//! checkov's `CKV_DOCKER_3`, kube-linter's `latest-tag`) silences the catalog
//! rules that list it among their `anchors`, and only in the formats that
//! tool checks: hadolint's `DL3007` turns nothing off in a Kubernetes
//! manifest even though `image-tag-latest` serves both.
//!
//! `.hadolint.yaml` (its `ignored` ids and `trustedRegistries`) is honoured
//! where no `.bulwark.yaml` applies; every `.trivyignore` from a file's folder
//! up to the repository root applies to that file. Both are parsed here from
//! text the front ends read.

use std::path::PathBuf;

use serde::Deserialize;

use crate::catalog::Catalog;
use crate::format::Format;
use crate::text::TextRange;

/// The tools whose suppressions Bulwark honours, as the catalog names them.
pub const TOOLS: &[&str] = &["hadolint", "trivy", "checkov", "kube-linter"];

/// File names of hadolint's configuration, in the order they are looked for.
pub const HADOLINT_FILES: [&str; 2] = [".hadolint.yaml", ".hadolint.yml"];

/// The name of Trivy's ignore file.
pub const TRIVYIGNORE: &str = ".trivyignore";

/// One id that another tool's configuration file ignores for a whole file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerIgnore {
    /// The tool, as the catalog's anchors name it (`hadolint`, `trivy`).
    pub tool: &'static str,
    /// The id as written.
    pub id: String,
    /// The file that says so, for messages.
    pub source: PathBuf,
    /// Where the id is written in that file (bytes of its text), so that an
    /// entry that silences nothing can be reported there.
    pub range: TextRange,
}

impl PeerIgnore {
    /// True when this ignore silences `rule` in a file of `format`.
    pub fn silences(&self, rule: &str, format: Format) -> bool {
        silenced_rules(self.tool, &self.id, format)
            .iter()
            .any(|r| r == rule)
    }
}

/// The catalog rules that `tool`'s id `id` silences in a file of `format`.
pub fn silenced_rules(tool: &str, id: &str, format: Format) -> Vec<String> {
    if !tool_checks(tool, id, format) {
        return Vec::new();
    }
    let catalog = Catalog::get();
    let mut out: Vec<String> = Vec::new();
    let mut add = |name: &str| {
        if !out.iter().any(|n| n == name) {
            out.push(name.to_string());
        }
    };
    if tool == "trivy" {
        let Some(wanted) = trivy_key(id) else {
            return Vec::new();
        };
        for rule in catalog.rules() {
            let listed = rule.anchors.get("trivy").into_iter().flatten();
            if listed.filter_map(|i| trivy_key(i)).any(|k| k == wanted) {
                add(&rule.name);
            }
        }
    } else {
        for rule in catalog.rules_for_anchor(tool, id) {
            add(&rule.name);
        }
    }
    out.retain(|name| {
        catalog
            .rule(name)
            .is_some_and(|r| r.formats.contains(&format))
    });
    out
}

/// True when `tool` checks files of `format` with ids like `id`: hadolint
/// only Dockerfiles; Trivy's `DS` ids Dockerfiles and its `KSV` ids
/// manifests and charts; checkov's `CKV_DOCKER` ids Dockerfiles and its
/// `CKV_K8S` ids manifests; kube-linter only manifests.
fn tool_checks(tool: &str, id: &str, format: Format) -> bool {
    let upper = id.to_ascii_uppercase();
    match tool {
        "hadolint" => format == Format::Dockerfile,
        "trivy" => match trivy_key(&upper) {
            Some((prefix, _)) if prefix == "DS" => format == Format::Dockerfile,
            Some((prefix, _)) if prefix == "KSV" => {
                matches!(format, Format::Kubernetes | Format::HelmValues)
            }
            _ => false,
        },
        "checkov" => {
            if upper.starts_with("CKV_DOCKER") || upper.starts_with("CKV2_DOCKER") {
                format == Format::Dockerfile
            } else if upper.starts_with("CKV_K8S") || upper.starts_with("CKV2_K8S") {
                matches!(format, Format::Kubernetes | Format::HelmValues)
            } else {
                false
            }
        }
        "kube-linter" => matches!(format, Format::Kubernetes | Format::HelmValues),
        _ => false,
    }
}

/// Trivy writes one check as `DS002`, `ds002` or `AVD-DS-0002`; all become
/// (`DS`, 2). The number is compared as a number because the long form pads
/// it to four digits.
pub fn trivy_key(id: &str) -> Option<(String, u64)> {
    let upper = id.trim().to_ascii_uppercase();
    let short = match upper.strip_prefix("AVD-") {
        Some(rest) => rest.replacen('-', "", 1),
        None => upper,
    };
    let digits_at = short.find(|c: char| c.is_ascii_digit())?;
    let (prefix, number) = short.split_at(digits_at);
    if prefix.is_empty() || !prefix.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit()) || number.len() > 12 {
        return None;
    }
    Some((prefix.to_string(), number.parse().ok()?))
}

/// True when `tool`'s `id` names a Bulwark rule in some format, so that an
/// entry of it that silences nothing is worth reporting.
pub fn maps_to_a_rule(tool: &str, id: &str) -> bool {
    [Format::Dockerfile, Format::Kubernetes, Format::HelmValues]
        .into_iter()
        .any(|f| !silenced_rules(tool, id, f).is_empty())
}

/// What Bulwark reads from `.hadolint.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hadolint {
    /// The `ignored` ids with where each is written (an empty range at the
    /// start of the file when it cannot be placed).
    pub ignored: Vec<(String, TextRange)>,
    pub trusted_registries: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct HadolintFile {
    #[serde(default)]
    ignored: Option<Vec<String>>,
    #[serde(default)]
    trusted_registries: Option<Vec<String>>,
}

/// Parses `.hadolint.yaml` text; keys Bulwark does not use are left alone
/// (the file is hadolint's). An error names what is wrong.
pub fn parse_hadolint(text: &str) -> Result<Hadolint, String> {
    if text.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#')
    }) {
        return Ok(Hadolint::default());
    }
    let file: HadolintFile = serde_yaml_ng::from_str(text).map_err(|e| e.to_string())?;
    let ignored = file.ignored.unwrap_or_default();
    let mut ranges = ignored_ranges(text).into_iter();
    let ignored = ignored
        .into_iter()
        .map(|id| {
            // The tree and serde read the same list; when they disagree (an
            // odd spelling), the id is placed at the top of the file.
            let range = match ranges.next() {
                Some((written, range)) if written == id => range,
                _ => TextRange::empty(0),
            };
            (id, range)
        })
        .collect();
    Ok(Hadolint {
        ignored,
        trusted_registries: file.trusted_registries,
    })
}

/// The items of the top-level `ignored` list with their ranges.
fn ignored_ranges(text: &str) -> Vec<(String, TextRange)> {
    let doc = crate::document::Document::new(None, crate::format::FileKind::Yaml, 0, text);
    let analysis = doc.analysis();
    let Some(list) = analysis
        .yaml()
        .and_then(|m| m.documents().next())
        .and_then(|d| d.root())
        .and_then(|root| root.get("ignored"))
    else {
        return Vec::new();
    };
    list.items()
        .filter_map(|item| Some((item.as_str()?.to_string(), item.source_range())))
        .collect()
}

/// The ids of a `.trivyignore` with their ranges: one a line, `#` comments,
/// and anything after the id on its line (Trivy's `exp:2025-01-01`) left
/// aside.
pub fn parse_trivyignore(text: &str) -> Vec<(String, TextRange)> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        let line_start = start;
        start += line.len() + 1;
        let content = line.split('#').next().unwrap_or("");
        let lead = content.len() - content.trim_start().len();
        let Some(id) = content.split_whitespace().next() else {
            continue;
        };
        let at = line_start + lead;
        out.push((id.to_string(), TextRange::new(at, at + id.len())));
    }
    out
}

/// The catalog rules that another tool's id names, in any format, with the
/// tool whose id it is: what `bulwark explain DL3007` shows. Trivy's long
/// form (`AVD-DS-0002`) and any letter case are accepted.
pub fn rules_for_peer_id(id: &str) -> Vec<(&'static str, String)> {
    let catalog = Catalog::get();
    let mut out: Vec<(&'static str, String)> = Vec::new();
    for tool in TOOLS {
        for rule in catalog.rules() {
            let Some(ids) = rule.anchors.get(*tool) else {
                continue;
            };
            let named = match *tool {
                "trivy" => trivy_key(id)
                    .is_some_and(|k| ids.iter().any(|i| trivy_key(i) == Some(k.clone()))),
                _ => ids.iter().any(|i| i.eq_ignore_ascii_case(id.trim())),
            };
            if named && !out.iter().any(|(_, n)| *n == rule.name) {
                out.push((tool, rule.name.clone()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trivy_ids_in_every_spelling() {
        assert_eq!(trivy_key("DS002"), Some(("DS".into(), 2)));
        assert_eq!(trivy_key("AVD-DS-0002"), Some(("DS".into(), 2)));
        assert_eq!(trivy_key("avd-ksv-0109"), trivy_key("KSV0109"));
        assert_eq!(trivy_key("CVE-2023-1234"), None);
        assert_eq!(trivy_key(""), None);
    }

    #[test]
    fn peer_ids_map_through_anchors_for_their_formats() {
        let rules = silenced_rules("hadolint", "DL3007", Format::Dockerfile);
        assert_eq!(rules, ["image-tag-latest"]);
        assert!(silenced_rules("hadolint", "DL3007", Format::Kubernetes).is_empty());
        assert_eq!(
            silenced_rules("trivy", "AVD-DS-0002", Format::Dockerfile),
            ["root-user"]
        );
        assert!(silenced_rules("trivy", "DS002", Format::Kubernetes).is_empty());
        assert_eq!(
            silenced_rules("checkov", "CKV_K8S_20", Format::Kubernetes),
            ["allow-privilege-escalation"]
        );
        assert_eq!(
            silenced_rules("kube-linter", "privileged-container", Format::Kubernetes),
            ["privileged"]
        );
        assert!(silenced_rules("hadolint", "SC2086", Format::Dockerfile).is_empty());
    }

    #[test]
    fn hadolint_and_trivyignore_files() {
        let h = parse_hadolint(
            "ignored:\n  - DL3007\nfailure-threshold: error\ntrustedRegistries:\n  - docker.io\n",
        )
        .unwrap();
        assert_eq!(h.ignored, [("DL3007".to_string(), TextRange::new(13, 19))]);
        let flow = parse_hadolint("ignored: [DL3008, DL3007]\n").unwrap();
        assert_eq!(
            flow.ignored[1],
            ("DL3007".to_string(), TextRange::new(18, 24))
        );
        assert_eq!(h.trusted_registries, Some(vec!["docker.io".to_string()]));
        assert!(parse_hadolint("ignored: 3\n").is_err());
        let text = "# comment\nDS002\n\n  AVD-KSV-0017 exp:2030-01-01\r\n";
        let ids = parse_trivyignore(text);
        let written: Vec<&str> = ids.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(written, ["DS002", "AVD-KSV-0017"]);
        assert_eq!(&text[ids[1].1.start..ids[1].1.end], "AVD-KSV-0017");
        assert!(maps_to_a_rule("trivy", "DS002"));
        assert!(!maps_to_a_rule("trivy", "CVE-2023-1234"));
    }
}
