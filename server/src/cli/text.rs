//! The human report: one `path:line:col: severity [rule] message` line per
//! finding, the source line with carets under the span, and a summary.
//!
//! Everything is rendered with ANSI styles; the writer (anstream) strips them
//! unless stdout is a terminal that wants colour, so no code here asks.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use anstyle::{AnsiColor, Style};

use crate::finding::{FixSafety, Severity};

use super::check::{FileReport, FixTally};
use super::output::{display_path, position};

/// A longer line is shown cut, so a minified file cannot flood the terminal.
const MAX_SNIPPET_CHARS: usize = 240;

pub fn report(reports: &[FileReport], fixed: Option<FixTally>) -> String {
    let renderer = Renderer::styled();
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();
    let mut out = String::new();
    let mut counts = [0usize; 4];
    let (mut safe, mut unsafe_) = (0, 0);

    for report in reports {
        let path = display_path(report);
        for f in &report.findings {
            let start = position(report, f.range.start);
            let level = severity_style(f.severity);
            out.push_str(&format!(
                "{bold}{path}:{}:{}:{bold:#} {level}{}{level:#} {dim}[{}]{dim:#} {}\n",
                start.line,
                start.col,
                f.severity.as_str(),
                f.rule,
                f.message,
            ));
            out.push_str(&snippet(&renderer, report, f.range.start, f.range.end));
            out.push_str("\n\n");

            counts[f.severity as usize] += 1;
            match f.fix.as_ref().map(|fix| fix.safety) {
                Some(FixSafety::Safe) => safe += 1,
                Some(FixSafety::Unsafe) => unsafe_ += 1,
                None => {}
            }
        }
    }

    // A Helm template is read but not reviewed, so it is not counted among
    // the files checked: "No findings" must not vouch for it.
    let templates = reports.iter().filter(|r| r.doc.is_helm_template()).count();
    let with_findings = reports.iter().filter(|r| !r.findings.is_empty()).count();
    out.push_str(&summary(
        reports.len() - templates,
        with_findings,
        counts,
        safe,
        unsafe_,
        fixed,
    ));
    if templates > 0 {
        out.push_str(&format!(
            "Skipped {}: files under `templates/` holding `{{{{` are not rendered, so they are not checked.\n",
            plural(templates, "Helm template", "Helm templates")
        ));
    }
    out
}

/// The line the finding starts on, carets under the part of the span on it.
fn snippet(renderer: &Renderer, report: &FileReport, start: usize, end: usize) -> String {
    let text = report.doc.text();
    let lines = report.doc.lines();
    let line = lines.line_of(start.min(text.len()));
    let range = lines.line_range(text, line);
    let source = &text[range.start..range.end];

    // Cut long lines on a char boundary, keeping the span's start visible
    // when it sits within the shown part.
    let cut = source
        .char_indices()
        .nth(MAX_SNIPPET_CHARS)
        .map_or(source.len(), |(i, _)| i);
    let source = &source[..cut];
    let local_start = start.saturating_sub(range.start).min(source.len());
    let local_end = end
        .saturating_sub(range.start)
        .clamp(local_start, source.len());

    let group = Group::with_level(Level::NOTE).element(
        Snippet::source(source)
            .line_start(line + 1)
            .annotation(AnnotationKind::Primary.span(local_start..local_end)),
    );
    renderer.render(&[group])
}

fn severity_style(severity: Severity) -> Style {
    let colour = match severity {
        Severity::Error => AnsiColor::Red,
        Severity::Warning => AnsiColor::Yellow,
        Severity::Info => AnsiColor::Blue,
        Severity::Hint => AnsiColor::Cyan,
    };
    Style::new().bold().fg_color(Some(colour.into()))
}

fn summary(
    files: usize,
    with_findings: usize,
    counts: [usize; 4],
    safe: usize,
    unsafe_: usize,
    fixed: Option<FixTally>,
) -> String {
    let total: usize = counts.iter().sum();
    let checked = files;
    let files = plural(files, "file", "files");
    let mut out = String::new();
    if let Some(tally) = fixed {
        out.push_str(&format!(
            "Applied {} in {}.\n",
            plural(tally.applied, "fix", "fixes"),
            plural(tally.files, "file", "files")
        ));
    }
    if total == 0 {
        out.push_str(&format!("No findings in {files}.\n"));
        return out;
    }

    let mut parts = Vec::new();
    for severity in [
        Severity::Error,
        Severity::Warning,
        Severity::Info,
        Severity::Hint,
    ] {
        let n = counts[severity as usize];
        if n > 0 {
            let word = match severity {
                Severity::Error => plural(n, "error", "errors"),
                Severity::Warning => plural(n, "warning", "warnings"),
                Severity::Info => format!("{n} info"),
                Severity::Hint => plural(n, "hint", "hints"),
            };
            parts.push(word);
        }
    }
    // "in 1 file (8 checked)": the files that need attention, and how many
    // were looked at, which differ as soon as some are clean.
    let place = if with_findings == checked {
        files
    } else {
        format!(
            "{} ({checked} checked)",
            plural(with_findings, "file", "files")
        )
    };
    out.push_str(&format!(
        "Found {} in {place}: {}.",
        plural(total, "finding", "findings"),
        parts.join(", ")
    ));
    if safe > 0 {
        out.push_str(&format!(" {safe} fixable with `--fix`"));
        if unsafe_ > 0 {
            out.push_str(&format!(", {unsafe_} more with `--fix --unsafe-fixes`"));
        }
        out.push('.');
    } else if unsafe_ > 0 {
        out.push_str(&format!(" {unsafe_} fixable with `--fix --unsafe-fixes`."));
    }
    out.push('\n');
    out
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
