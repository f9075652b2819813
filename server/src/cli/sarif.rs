//! The SARIF 2.1.0 report (`--format sarif`), built with `serde-sarif`.
//!
//! The driver lists every catalog rule, so a viewer can show a rule's help
//! even for rules that found nothing. Columns count Unicode code points, as
//! the JSON report's do, and the run says so (`columnKind`).

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::json;
use serde_sarif::sarif::{
    ArtifactChange, ArtifactContent, ArtifactLocation, Fix as SarifFix, Location, Message,
    MultiformatMessageString, PhysicalLocation, PropertyBag, Region, Replacement,
    ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel,
    Run as SarifRun, Sarif, Tool, ToolComponent,
};

use crate::catalog::{Catalog, CatalogRule};
use crate::finding::{EditTarget, Finding, Severity};
use crate::rules::docs;
use crate::text::{LineIndex, TextRange};

use super::args::CheckPlan;
use super::check::{FileReport, Run};
use super::output::{display_path, pretty};

/// The base id relative artifact URIs are resolved against.
const SRCROOT: &str = "%SRCROOT%";

pub fn report(plan: &CheckPlan, run: &Run) -> String {
    let reports = &run.reports;
    let catalog = Catalog::get();
    let rules: Vec<ReportingDescriptor> = catalog.rules().iter().map(descriptor).collect();
    let driver = ToolComponent::builder()
        .name("bulwark")
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .rules(rules);
    let driver = match docs::DOCS_BASE_URL {
        Some(base) if !base.trim().is_empty() => driver.information_uri(base.trim()).build(),
        _ => driver.build(),
    };

    let mut results = Vec::new();
    let mut relative = false;
    for report in reports {
        relative |= report.display.is_relative();
        for finding in &report.findings {
            let index = catalog.rules().iter().position(|r| r.name == finding.rule);
            results.push(result(plan, run, report, finding, index));
        }
    }

    let mut sarif_run = SarifRun::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        .column_kind(json!("unicodeCodePoints"))
        .build();
    if relative {
        let mut bases = BTreeMap::new();
        bases.insert(
            SRCROOT.to_string(),
            ArtifactLocation::builder()
                .uri(file_uri(&plan.cwd, true))
                .build(),
        );
        sarif_run.original_uri_base_ids = Some(bases);
    }

    let log = Sarif::builder()
        .schema(serde_sarif::sarif::SCHEMA_URL)
        .version(json!("2.1.0"))
        .runs(vec![sarif_run])
        .build();
    match serde_json::to_value(&log) {
        Ok(value) => pretty(&value),
        // The log holds only strings and numbers, so this cannot happen; an
        // empty report would still be better than a panic.
        Err(_) => String::new(),
    }
}

fn descriptor(rule: &CatalogRule) -> ReportingDescriptor {
    let short = docs::short_description(&rule.name)
        .or_else(|| docs::first_sentence(&rule.summary))
        .unwrap_or_else(|| rule.name.clone());
    let help = docs::render(&rule.name).unwrap_or_else(|| rule.summary.clone());

    let mut tags: Vec<String> = vec!["security".to_string()];
    tags.extend(rule.formats.iter().map(|f| f.as_str().to_string()));
    let mut extra = BTreeMap::new();
    if !rule.references.is_empty() {
        extra.insert("references".to_string(), json!(rule.references));
    }
    if let Some(pss) = &rule.pss {
        extra.insert("pss".to_string(), json!(pss));
    }
    if let Some(fix) = &rule.fix {
        extra.insert("fix".to_string(), json!(fix));
    }
    if let Some(safety) = rule.fix_safety {
        extra.insert("fixSafety".to_string(), json!(safety));
    }
    // GitHub code scanning ranks security alerts by this score (a string
    // holding a number from 0.1 to 10: 9 and up is critical, 7 high, 4
    // medium, below that low); without it every alert shows as a plain
    // warning or error.
    extra.insert(
        "security-severity".to_string(),
        json!(security_severity(rule.severity)),
    );
    let properties = PropertyBag::builder()
        .tags(tags)
        .additional_properties(extra)
        .build();

    let builder = ReportingDescriptor::builder()
        .id(rule.name.clone())
        .name(rule.name.clone())
        .short_description(MultiformatMessageString::builder().text(short).build())
        .full_description(
            MultiformatMessageString::builder()
                .text(rule.summary.clone())
                .build(),
        )
        .help(
            MultiformatMessageString::builder()
                .text(help.clone())
                .markdown(help)
                .build(),
        )
        .default_configuration(
            ReportingConfiguration::builder()
                .level(json!(level_name(rule.severity)))
                .build(),
        )
        .properties(properties);
    match docs::url(&rule.name) {
        Some(url) => builder.help_uri(url).build(),
        None => builder.build(),
    }
}

fn result(
    plan: &CheckPlan,
    run: &Run,
    report: &FileReport,
    finding: &Finding,
    index: Option<usize>,
) -> SarifResult {
    let region = region(report.doc.lines(), report.doc.text(), finding.range);
    let location = Location::builder()
        .physical_location(
            PhysicalLocation::builder()
                .artifact_location(artifact(&display_path(report), &report.display))
                .region(region)
                .build(),
        )
        .build();
    let mut out = SarifResult::builder()
        .rule_id(finding.rule)
        .level(level(finding.severity))
        .message(Message::builder().text(finding.message.clone()).build())
        .locations(vec![location])
        .build();
    out.rule_index = index.and_then(|i| i64::try_from(i).ok());
    if let Some(fix) = &finding.fix {
        out.fixes = Some(vec![sarif_fix(plan, run, report, fix)]);
    }
    out
}

/// A fix as artifact changes: one per file it edits, in that file's lines.
fn sarif_fix(
    plan: &CheckPlan,
    run: &Run,
    report: &FileReport,
    fix: &crate::finding::Fix,
) -> SarifFix {
    let mut changes: Vec<(String, bool, Vec<Replacement>)> = Vec::new();
    for edit in &fix.edits {
        let (uri, relative, region) = match &edit.target {
            EditTarget::ThisDocument => (
                display_path(report),
                report.display.is_relative(),
                region(report.doc.lines(), report.doc.text(), edit.range),
            ),
            EditTarget::File { path, .. } => {
                let dir = report.absolute.parent().unwrap_or(Path::new("/"));
                let absolute = super::args::absolute(dir, path);
                let display = super::check::display_for(plan, &absolute);
                let region = match run.workspace.get(&absolute) {
                    Some(doc) => region(doc.lines(), doc.text(), edit.range),
                    // A file the fix creates has no lines yet: the edit is
                    // located by offset, which SARIF allows on its own.
                    None => Region::builder().char_offset(0).char_length(0).build(),
                };
                (
                    display.to_string_lossy().replace('\\', "/"),
                    display.is_relative(),
                    region,
                )
            }
        };
        let replacement = Replacement::builder()
            .deleted_region(region)
            .inserted_content(
                ArtifactContent::builder()
                    .text(edit.new_text.clone())
                    .build(),
            )
            .build();
        match changes.iter_mut().find(|(u, _, _)| *u == uri) {
            Some((_, _, list)) => list.push(replacement),
            None => changes.push((uri, relative, vec![replacement])),
        }
    }
    let artifact_changes: Vec<ArtifactChange> = changes
        .into_iter()
        .map(|(uri, relative, replacements)| {
            let location = if relative {
                ArtifactLocation::builder()
                    .uri(encode_uri_path(&uri))
                    .uri_base_id(SRCROOT)
                    .build()
            } else {
                ArtifactLocation::builder()
                    .uri(file_uri(Path::new(&uri), false))
                    .build()
            };
            ArtifactChange::builder()
                .artifact_location(location)
                .replacements(replacements)
                .build()
        })
        .collect();
    SarifFix::builder()
        .description(Message::builder().text(fix.title.clone()).build())
        .artifact_changes(artifact_changes)
        .build()
}

fn artifact(shown: &str, display: &Path) -> ArtifactLocation {
    if display.is_relative() {
        ArtifactLocation::builder()
            .uri(encode_uri_path(shown))
            .uri_base_id(SRCROOT)
            .build()
    } else {
        ArtifactLocation::builder()
            .uri(file_uri(display, false))
            .build()
    }
}

/// 1-based lines and columns in code points, end exclusive.
fn region(lines: &LineIndex, text: &str, range: TextRange) -> Region {
    let start = lines.line_col(text, range.start);
    let end = lines.line_col(text, range.end);
    let n = |v: usize| i64::try_from(v + 1).unwrap_or(i64::MAX);
    Region::builder()
        .start_line(n(start.line))
        .start_column(n(start.col))
        .end_line(n(end.line))
        .end_column(n(end.col))
        .build()
}

fn level(severity: Severity) -> ResultLevel {
    match severity {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
        Severity::Info | Severity::Hint => ResultLevel::Note,
    }
}

/// The code-scanning score of a catalog severity: errors rank high,
/// warnings medium, info and hints low.
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "8.0",
        Severity::Warning => "5.0",
        Severity::Info => "3.0",
        Severity::Hint => "1.0",
    }
}

fn level_name(severity: Severity) -> &'static str {
    match level(severity) {
        ResultLevel::Error => "error",
        ResultLevel::Warning => "warning",
        ResultLevel::Note => "note",
        ResultLevel::None => "none",
    }
}

/// A `file://` URI for an absolute path; `dir` adds the trailing slash a
/// base URI needs.
fn file_uri(path: &Path, dir: bool) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut uri = format!("file://{}", encode_uri_path(&text));
    if dir && !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// Percent-encodes everything but unreserved characters and `/`.
fn encode_uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(encode_uri_path("a b/Dockerfile"), "a%20b/Dockerfile");
        assert_eq!(
            file_uri(Path::new("/tmp/x"), true),
            "file:///tmp/x/".to_string()
        );
    }
}
