//! `--write-baseline FILE` and `--baseline FILE`: record the current
//! findings, or report only those a recorded baseline does not hold.
//!
//! Files are named in the baseline relative to the baseline's own folder,
//! so a baseline committed at the repository root matches whichever folder
//! `bulwark check` runs from.

use std::path::Path;

use crate::baseline::Baseline;

use super::args::CheckPlan;
use super::check::{FileReport, Run};

/// Writes or applies the plan's baseline. Returns true when one was
/// written (the run then exits 0); an error is a usage or I/O error.
pub fn apply(plan: &CheckPlan, run: &mut Run) -> Result<bool, String> {
    if let Some(path) = &plan.write_baseline {
        let dir = path.parent().unwrap_or(Path::new("/"));
        let mut baseline = Baseline::default();
        for report in &run.reports {
            baseline.record(&name(dir, report), report.doc.text(), &report.findings);
        }
        std::fs::write(path, baseline.to_json())
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        eprintln!(
            "bulwark: recorded {} findings in {}",
            baseline.findings.len(),
            path.display()
        );
        return Ok(true);
    }
    let Some(path) = &plan.baseline else {
        return Ok(false);
    };
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the baseline {}: {e}", path.display()))?;
    let baseline = Baseline::parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let dir = path.parent().unwrap_or(Path::new("/"));
    for report in &mut run.reports {
        let file = name(dir, report);
        let known = baseline.contains(&file, report.doc.text(), &report.findings);
        let mut known = known.into_iter();
        report.findings.retain(|_| !known.next().unwrap_or(false));
    }
    Ok(false)
}

/// The name a baseline gives a file: relative to the baseline's folder
/// when the file is below it, with forward slashes.
fn name(dir: &Path, report: &FileReport) -> String {
    let path = report.absolute.strip_prefix(dir).unwrap_or(&report.display);
    path.to_string_lossy().replace('\\', "/")
}
