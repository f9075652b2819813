//! The one writer of the CLI's stdout, the JSON report and the rules listing.
//!
//! Reports are rendered to a string first and written in one go, so a write
//! error is seen once: a closed pipe ends the run successfully, anything else
//! is an I/O error (exit code 2).

use std::io::Write;

use serde::Serialize;
use serde_json::json;

use crate::catalog::Catalog;
use crate::text::LineCol;

use super::ExitStatus;
use super::args::{CheckPlan, OutputFormat, RulesFormat};
use super::check::{FileReport, FixTally, Run};
use super::{sarif, text};

/// Writes `report` to stdout (through anstream, which keeps colour only when
/// stdout is a terminal that wants it) and returns the status to exit with.
pub fn emit(report: &str, status: ExitStatus) -> ExitStatus {
    let mut out = anstream::stdout().lock();
    let written = out.write_all(report.as_bytes()).and_then(|()| out.flush());
    match written {
        Ok(()) => status,
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => ExitStatus::Clean,
        Err(err) => {
            eprintln!("bulwark: cannot write the report: {err}");
            ExitStatus::Error
        }
    }
}

/// The findings in the chosen format.
pub fn findings(plan: &CheckPlan, run: &Run, fixed: Option<FixTally>) -> String {
    match plan.format {
        OutputFormat::Text => text::report(&run.reports, fixed),
        OutputFormat::Json => json_report(&run.reports),
        OutputFormat::Sarif => sarif::report(plan, run),
    }
}

/// 1-based line and column (in Unicode scalar values) of a byte offset.
pub fn position(report: &FileReport, offset: usize) -> LineCol {
    let at = report.doc.lines().line_col(report.doc.text(), offset);
    LineCol {
        line: at.line + 1,
        col: at.col + 1,
    }
}

/// A path as reports print it: forward slashes, never empty.
pub fn display_path(report: &FileReport) -> String {
    let text = report.display.to_string_lossy().replace('\\', "/");
    if text.is_empty() {
        ".".to_string()
    } else {
        text
    }
}

/// The JSON report, `{"version": 1, "findings": [...]}`; structs rather
/// than `json!` so the keys keep the documented order.
#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    findings: Vec<JsonFinding<'a>>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    file: String,
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    fixable: bool,
    range: JsonRange,
}

#[derive(Serialize)]
struct JsonRange {
    start: JsonPosition,
    end: JsonPosition,
}

#[derive(Serialize)]
struct JsonPosition {
    line: usize,
    column: usize,
}

fn json_report(reports: &[FileReport]) -> String {
    let mut findings = Vec::new();
    for report in reports {
        for f in &report.findings {
            let start = position(report, f.range.start);
            let end = position(report, f.range.end);
            findings.push(JsonFinding {
                file: display_path(report),
                rule: f.rule,
                severity: f.severity.as_str(),
                message: &f.message,
                fixable: f.fixable(),
                range: JsonRange {
                    start: JsonPosition {
                        line: start.line,
                        column: start.col,
                    },
                    end: JsonPosition {
                        line: end.line,
                        column: end.col,
                    },
                },
            });
        }
    }
    let report = JsonReport {
        version: 1,
        findings,
    };
    let mut out = serde_json::to_string_pretty(&report).unwrap_or_default();
    out.push('\n');
    out
}

pub fn pretty(value: &serde_json::Value) -> String {
    // Serialising a `Value` cannot fail: its keys are strings.
    let mut out = serde_json::to_string_pretty(value).unwrap_or_default();
    out.push('\n');
    out
}

/// `bulwark rules`: every catalog rule, as a table or as JSON.
pub fn rules_listing(format: RulesFormat) -> String {
    let catalog = Catalog::get();
    match format {
        RulesFormat::Json => {
            let rules: Vec<_> = catalog
                .rules()
                .iter()
                .map(|r| {
                    json!({
                        "name": r.name,
                        "formats": r.formats,
                        "severity": r.severity,
                        "summary": r.summary,
                        "fix": r.fix,
                        "fix_safety": r.fix_safety,
                        "anchors": r.anchors,
                        "references": r.references,
                        "pss": r.pss,
                    })
                })
                .collect();
            pretty(&serde_json::Value::Array(rules))
        }
        RulesFormat::Text => {
            let width = catalog
                .rules()
                .iter()
                .map(|r| r.name.len())
                .max()
                .unwrap_or(0);
            let mut out = format!(
                "{:<width$}  {:<8}  {:<6}  FORMATS\n",
                "RULE", "SEVERITY", "FIX"
            );
            for r in catalog.rules() {
                let fix = match r.fix_safety {
                    Some(crate::finding::FixSafety::Safe) => "safe",
                    Some(crate::finding::FixSafety::Unsafe) => "unsafe",
                    None if r.fix.is_some() => "yes",
                    None => "",
                };
                let formats: Vec<&str> = r.formats.iter().map(|f| f.as_str()).collect();
                out.push_str(&format!(
                    "{:<width$}  {:<8}  {:<6}  {}\n",
                    r.name,
                    r.severity.as_str(),
                    fix,
                    formats.join(", ")
                ));
            }
            out
        }
    }
}
