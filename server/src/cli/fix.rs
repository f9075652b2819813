//! `bulwark check --fix`: apply the findings' fixes to the files on disk.
//!
//! A fix is applied whole or not at all. Fixes are taken in the order of
//! their findings; one whose edits overlap an edit already taken for the same
//! file waits for the next pass, which computes it again on the new text.
//! Edits are applied from the last to the first, so earlier offsets stay
//! valid. A fix may also create or extend another file (`EditTarget::File`,
//! such as the `.dockerignore` beside a Dockerfile); it is never allowed to
//! write outside the folders the user asked to check.
//!
//! Several findings often propose the same change: every workload of one
//! namespace proposes the same NetworkPolicy file. An edit identical to one
//! already taken (same file, range and text) is taken once and serves both
//! fixes. A fix that creates a file applies only while the file does not
//! exist, and a file created in this pass is not edited further until the
//! next pass reads it back; so no file is created twice or has a second
//! copy appended.
//!
//! Fixes never make a file worse to parse. A file that does not parse gets
//! no fixes (its model is a guess past the error). Before a file is written
//! it is parsed again; when the fixes taken together would leave a syntax
//! error (two fixes that are each fine can clash inside one YAML list), they
//! are taken one at a time instead, each only if the file still parses, and
//! the rest wait for a later pass.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::finding::{Edit, EditTarget, Fix, FixSafety};
use crate::text::TextRange;

use super::args::{CheckPlan, FixMode};
use super::check::{FileReport, Run};

/// What one pass did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Fixes applied (each may have edited several files), counting a fix
    /// whose edits another fix had already taken: its finding is fixed too.
    pub applied: usize,
    /// The files written, each once.
    pub written: Vec<PathBuf>,
    /// Files that could not be written, each named.
    pub errors: Vec<String>,
}

/// The text of one file being fixed, and the edits taken for it.
struct Target {
    text: String,
    /// Whether the file exists yet (a fix may create it).
    exists: bool,
    /// Each edit with the index (in `taken`) of the fix it came from.
    edits: Vec<(TextRange, String, usize)>,
}

pub fn apply(run: &Run, mode: FixMode, plan: &CheckPlan) -> Outcome {
    let mut outcome = Outcome::default();
    let mut targets: BTreeMap<PathBuf, Target> = BTreeMap::new();
    let mut refused: Vec<PathBuf> = Vec::new();
    // The files each taken fix edits: a fix counts as applied only when
    // all of them were written.
    let mut taken: Vec<Vec<PathBuf>> = Vec::new();

    for report in &run.reports {
        if !report.doc.analysis().syntax_problems().is_empty() {
            continue;
        }
        for finding in &report.findings {
            let Some(fix) = &finding.fix else { continue };
            if fix.safety == FixSafety::Unsafe && mode != FixMode::All {
                continue;
            }
            match plan_fix(run, plan, report, fix, &mut targets) {
                Ok(Some(planned)) => {
                    let index = taken.len();
                    let mut paths = Vec::new();
                    for (path, range, text) in planned {
                        if let Some(target) = targets.get_mut(&path) {
                            target.edits.push((range, text, index));
                        }
                        paths.push(path);
                    }
                    taken.push(paths);
                }
                Ok(None) => {}
                Err(path) => {
                    if !refused.contains(&path) {
                        refused.push(path);
                    }
                }
            }
        }
    }

    for path in refused {
        eprintln!(
            "bulwark: not writing {}: it is outside the checked folders",
            path.display()
        );
    }
    let mut failed: Vec<PathBuf> = Vec::new();
    // Fixes held back for a file because they would break its syntax.
    let mut held: Vec<(usize, PathBuf)> = Vec::new();
    for (path, target) in targets {
        if target.edits.is_empty() {
            continue;
        }
        let (text, rejected) = parsable_result(&path, &target);
        held.extend(rejected.into_iter().map(|i| (i, path.clone())));
        if text == target.text && target.exists {
            continue;
        }
        match std::fs::write(&path, text) {
            Ok(()) => outcome.written.push(path),
            Err(err) => {
                let verb = if target.exists { "write" } else { "create" };
                outcome
                    .errors
                    .push(format!("{}: cannot {verb}: {err}", path.display()));
                failed.push(path);
            }
        }
    }
    outcome.applied = taken
        .iter()
        .enumerate()
        .filter(|(i, paths)| {
            paths
                .iter()
                .all(|p| !failed.contains(p) && !held.iter().any(|(h, hp)| h == i && hp == p))
        })
        .count();
    outcome
}

/// The fixed text of `target` and the fixes left out of it: all of them
/// applied when the result parses as well as the original did, else as
/// many as can be applied one by one, in order, without a new syntax error.
fn parsable_result(path: &Path, target: &Target) -> (String, Vec<usize>) {
    let all: Vec<(TextRange, String)> = target
        .edits
        .iter()
        .map(|(r, t, _)| (*r, t.clone()))
        .collect();
    let text = apply_edits(target.text.clone(), all);
    let Some(kind) = crate::format::classify(path, false) else {
        return (text, Vec::new());
    };
    let problems = |text: &str| {
        crate::document::Document::new(Some(path.to_path_buf()), kind, 1, text)
            .analysis()
            .syntax_problems()
            .len()
    };
    let before = if target.exists {
        problems(&target.text)
    } else {
        0
    };
    if problems(&text) <= before {
        return (text, Vec::new());
    }
    let mut fixes: Vec<usize> = target.edits.iter().map(|(_, _, i)| *i).collect();
    fixes.sort_unstable();
    fixes.dedup();
    let mut kept: Vec<(TextRange, String)> = Vec::new();
    let mut rejected = Vec::new();
    for fix in fixes {
        let mut trial = kept.clone();
        trial.extend(
            target
                .edits
                .iter()
                .filter(|(_, _, i)| *i == fix)
                .map(|(r, t, _)| (*r, t.clone())),
        );
        if problems(&apply_edits(target.text.clone(), trial.clone())) <= before {
            kept = trial;
        } else {
            rejected.push(fix);
        }
    }
    (apply_edits(target.text.clone(), kept), rejected)
}

type Planned = Vec<(PathBuf, TextRange, String)>;

/// The edits of `fix` resolved to files, or `None` when the fix cannot be
/// taken in this pass (it overlaps a fix already taken, or its file cannot
/// be edited safely). `Err` names a target outside the checked folders.
fn plan_fix(
    run: &Run,
    plan: &CheckPlan,
    report: &FileReport,
    fix: &Fix,
    targets: &mut BTreeMap<PathBuf, Target>,
) -> Result<Option<Planned>, PathBuf> {
    let mut planned: Planned = Vec::new();
    for edit in &fix.edits {
        let path = target_path(report, edit);
        if !plan.roots.iter().any(|root| path.starts_with(root.tree())) {
            return Err(path);
        }
        if !targets.contains_key(&path) {
            let Some(target) = load_target(run, &path, edit) else {
                return Ok(None);
            };
            targets.insert(path.clone(), target);
        }
        let Some(target) = targets.get(&path) else {
            return Ok(None);
        };
        // A fix planned to create the file assumed it absent; one planned to
        // edit it assumed its current text, which a file created in this
        // pass does not have yet.
        let creates = matches!(edit.target, EditTarget::File { create: true, .. });
        if creates == target.exists {
            return Ok(None);
        }
        let range = edit.range;
        let fits = range.end <= target.text.len()
            && target.text.is_char_boundary(range.start)
            && target.text.is_char_boundary(range.end);
        if !fits {
            return Ok(None);
        }
        let taken = target.edits.iter().map(|(r, t, _)| (*r, t.as_str())).chain(
            planned
                .iter()
                .filter(|(p, _, _)| *p == path)
                .map(|(_, r, t)| (*r, t.as_str())),
        );
        let mut duplicate = false;
        let mut clashes = false;
        for (r, t) in taken {
            if r == range && t == edit.new_text {
                duplicate = true;
            } else if overlaps(r, range) {
                clashes = true;
            }
        }
        if clashes {
            return Ok(None);
        }
        if !duplicate {
            planned.push((path, range, edit.new_text.clone()));
        }
    }
    Ok(Some(planned))
}

fn target_path(report: &FileReport, edit: &Edit) -> PathBuf {
    match &edit.target {
        EditTarget::ThisDocument => report.absolute.clone(),
        EditTarget::File { path, .. } => {
            let dir = report.absolute.parent().unwrap_or(Path::new("/"));
            super::args::absolute(dir, path)
        }
    }
}

/// The current text of a file an edit targets. A document whose bytes were
/// not valid UTF-8 is left alone: writing back its decoded text would
/// replace those bytes.
fn load_target(run: &Run, path: &Path, edit: &Edit) -> Option<Target> {
    if let Some(doc) = run.workspace.get(path) {
        if !doc.invalid_utf8().is_empty() {
            return None;
        }
        return Some(Target {
            text: doc.text().to_string(),
            exists: true,
            edits: Vec::new(),
        });
    }
    match std::fs::read(path) {
        Ok(bytes) => String::from_utf8(bytes).ok().map(|text| Target {
            text,
            exists: true,
            edits: Vec::new(),
        }),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            let creates = matches!(edit.target, EditTarget::File { create: true, .. });
            creates.then(|| Target {
                text: String::new(),
                exists: false,
                edits: Vec::new(),
            })
        }
        Err(_) => None,
    }
}

/// Two edits clash when their ranges overlap, or when one inserts where the
/// other starts (their order would be a guess).
fn overlaps(a: TextRange, b: TextRange) -> bool {
    let disjoint = a.end <= b.start || b.end <= a.start;
    !disjoint || (a.start == b.start && (a.is_empty() || b.is_empty()))
}

/// Applies non-overlapping edits from the last to the first.
fn apply_edits(mut text: String, mut edits: Vec<(TextRange, String)>) -> String {
    edits.sort_by(|a, b| (b.0.start, b.0.end).cmp(&(a.0.start, a.0.end)));
    for (range, new_text) in edits {
        text.replace_range(range.start..range.end, &new_text);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insertions_at_one_point_clash() {
        assert!(overlaps(TextRange::empty(3), TextRange::empty(3)));
        assert!(overlaps(TextRange::new(2, 5), TextRange::new(4, 6)));
        assert!(!overlaps(TextRange::new(2, 4), TextRange::new(4, 6)));
        assert!(!overlaps(TextRange::empty(4), TextRange::new(0, 2)));
    }

    #[test]
    fn edits_apply_back_to_front() {
        let text = "FROM a\nRUN b\n".to_string();
        let edits = vec![
            (TextRange::new(5, 6), "alpine:3.20".to_string()),
            (TextRange::empty(13), "USER 10001\n".to_string()),
        ];
        assert_eq!(
            apply_edits(text, edits),
            "FROM alpine:3.20\nRUN b\nUSER 10001\n"
        );
    }
}
