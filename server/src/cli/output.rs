//! Report writers: text, JSON and SARIF; the rules listing.

use std::io::Write;
use std::process::ExitCode;

use serde_json::json;

use crate::catalog::Catalog;

use super::check::FileReport;
use super::{OutputFormat, RulesFormat};

/// Writes to stdout; a closed pipe is not an error.
pub fn write_stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

/// Prints the reports; returns true when writing failed in a way that must
/// fail the run.
pub fn print_reports(format: OutputFormat, reports: &[FileReport]) -> bool {
    let text = match format {
        OutputFormat::Json | OutputFormat::Sarif => json_report(reports),
        OutputFormat::Text => text_report(reports),
    };
    write_stdout(&text);
    false
}

fn json_report(reports: &[FileReport]) -> String {
    let mut findings = Vec::new();
    for report in reports {
        let text = report.doc.text();
        let lines = report.doc.lines();
        for f in &report.findings {
            let start = lines.line_col(text, f.range.start);
            let end = lines.line_col(text, f.range.end);
            findings.push(json!({
                "file": report.display.display().to_string(),
                "rule": f.rule,
                "severity": f.severity.as_str(),
                "message": f.message,
                "fixable": f.fixable(),
                "range": {
                    "start": {"line": start.line + 1, "column": start.col + 1},
                    "end": {"line": end.line + 1, "column": end.col + 1},
                },
            }));
        }
    }
    let mut out = serde_json::to_string_pretty(&json!({"version": 1, "findings": findings}))
        .unwrap_or_default();
    out.push('\n');
    out
}

fn text_report(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for report in reports {
        let text = report.doc.text();
        let lines = report.doc.lines();
        for f in &report.findings {
            let start = lines.line_col(text, f.range.start);
            out.push_str(&format!(
                "{}:{}:{}: {} [{}] {}\n",
                report.display.display(),
                start.line + 1,
                start.col + 1,
                f.severity.as_str(),
                f.rule,
                f.message
            ));
        }
    }
    out
}

pub fn print_rules(format: RulesFormat) -> ExitCode {
    let catalog = Catalog::get();
    let text = match format {
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
            serde_json::to_string_pretty(&rules).unwrap_or_default() + "\n"
        }
        RulesFormat::Text => catalog
            .rules()
            .iter()
            .map(|r| {
                format!(
                    "{:<34} {:<8} {}\n",
                    r.name,
                    r.severity.as_str(),
                    r.formats
                        .iter()
                        .map(|f| f.as_str())
                        .collect::<Vec<_>>()
                        .join(",")
                )
            })
            .collect(),
    };
    write_stdout(&text);
    ExitCode::SUCCESS
}
