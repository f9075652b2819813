//! `bulwark check`: walk the paths, build the workspace, run the engine, and
//! with `--fix` apply fixes and check again.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::catalog::Catalog;
use crate::config::peers::{self, PeerIgnore};
use crate::config::{ConfigError, Loader, RuleLevel};
use crate::document::Document;
use crate::engine;
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::format::{self, FileKind};
use crate::rules::kubernetes::helpers::{KUSTOMIZATION_FILES, MAX_KUSTOMIZATION_DEPTH};
use crate::text::TextRange;
use crate::workspace::Workspace;

use super::ExitStatus;
use super::args::{CheckPlan, Root};
use super::{baseline, fix, output};

/// `--fix` applies fixes in passes: a fix that overlaps one applied earlier
/// waits for the next pass, which sees the new text. Fixes converge quickly;
/// the bound only guards against two rules undoing each other forever.
const MAX_FIX_PASSES: usize = 8;

/// A checked file, ready to report.
pub struct FileReport {
    /// The path as the user should see it (relative when the argument was).
    pub display: PathBuf,
    pub absolute: PathBuf,
    pub doc: Document,
    pub findings: Vec<Finding>,
    /// The lowest severity that fails the run for this file: `--fail-on`,
    /// else the file's configuration, else warning.
    pub fail_on: Severity,
}

/// One analysis of every file the plan names.
pub struct Run {
    /// Sorted by display path.
    pub reports: Vec<FileReport>,
    /// Every document read, including ignore files loaded only as context.
    pub workspace: Workspace,
    /// I/O problems, each naming its file; any of them makes the exit code 2.
    pub errors: Vec<String>,
}

/// What `--fix` did over all passes, for the summary.
#[derive(Debug, Default, Clone, Copy)]
pub struct FixTally {
    pub applied: usize,
    /// Distinct files written, however many passes wrote each.
    pub files: usize,
}

pub fn run(plan: &CheckPlan) -> ExitStatus {
    let mut run = analyse(plan);
    let mut tally = FixTally::default();
    if let Some(mode) = plan.fix {
        let mut written = std::collections::BTreeSet::new();
        for _ in 0..MAX_FIX_PASSES {
            let outcome = fix::apply(&run, mode, plan);
            // A file that cannot be written fails again in every pass;
            // say so once.
            for err in outcome.errors {
                if !run.errors.contains(&err) {
                    run.errors.push(err);
                }
            }
            if outcome.applied == 0 {
                break;
            }
            tally.applied += outcome.applied;
            written.extend(outcome.written);
            tally.files = written.len();
            let errors = std::mem::take(&mut run.errors);
            run = analyse(plan);
            run.errors.splice(0..0, errors);
        }
    }

    let wrote_baseline = match baseline::apply(plan, &mut run) {
        Ok(wrote) => wrote,
        Err(err) => {
            eprintln!("bulwark: {err}");
            return ExitStatus::Error;
        }
    };

    for err in &run.errors {
        eprintln!("bulwark: {err}");
    }
    let fixed = plan.fix.map(|_| tally);
    let report = output::findings(plan, &run, fixed);
    let status = if !run.errors.is_empty() {
        ExitStatus::Error
    } else if wrote_baseline {
        ExitStatus::Clean
    } else if run.reports.iter().any(|r| {
        r.findings.iter().any(|f| {
            f.severity >= r.fail_on
                || (plan.report_unused_suppressions && f.rule == "unused-suppression")
        })
    }) {
        ExitStatus::Findings
    } else {
        ExitStatus::Clean
    };
    output::emit(&report, status)
}

/// Reads and checks every file under the plan's roots.
pub fn analyse(plan: &CheckPlan) -> Run {
    let mut errors = Vec::new();
    let files = collect_files(&plan.roots, &mut errors);

    let mut workspace = Workspace::new();
    let mut order = Vec::new();
    for (display, absolute) in files {
        match load_document(&absolute) {
            Ok(Some(doc)) => {
                workspace.insert(doc);
                order.push((display, absolute));
            }
            Ok(None) => {}
            Err(err) => errors.push(format!("{}: {err}", display.display())),
        }
    }
    add_sibling_ignore_files(&mut workspace, &mut errors);
    add_sibling_manifests(&plan.roots, &mut workspace, &mut errors);

    let mut loader = Loader::new(Vec::new());
    if let Some(path) = &plan.config {
        loader = loader.with_explicit(path);
    }
    let mut reports = Vec::new();
    // Every entry of other tools' files in force for a checked file, and
    // whether it silenced a finding in any of them.
    let mut peer_use: BTreeMap<(PathBuf, usize, usize), (PeerIgnore, bool)> = BTreeMap::new();
    for (display, absolute) in order {
        let Some(doc) = workspace.get(&absolute).cloned() else {
            continue;
        };
        // `None`: the configuration's `ignore` names the file.
        let Some(config) = loader.config_for(&absolute) else {
            continue;
        };
        let checked = engine::check_with_peers(&doc, &workspace, &config, engine::Fixes::Plan);
        for (peer, used) in config.peer_ignores.iter().zip(&checked.peer_ignores_used) {
            peer_use
                .entry((peer.source.clone(), peer.range.start, peer.range.end))
                .and_modify(|(_, u)| *u |= *used)
                .or_insert_with(|| (peer.clone(), *used));
        }
        let findings = checked.findings;
        reports.push(FileReport {
            display,
            absolute,
            doc,
            findings,
            fail_on: plan.fail_on.or(config.fail_on).unwrap_or(Severity::Warning),
        });
    }

    if plan.report_unused_suppressions {
        report_unused_peer_entries(plan, &mut loader, &mut reports, &mut errors, peer_use);
    }
    for warning in loader.take_warnings() {
        eprintln!("bulwark: {warning}");
    }
    for err in loader.take_errors() {
        let path = err.path().to_path_buf();
        report_config_error(plan, &mut reports, &mut errors, &path, err);
    }
    reports.sort_by(|a, b| a.display.cmp(&b.display));
    Run {
        reports,
        workspace,
        errors,
    }
}

/// (display path, absolute path) of every handled file under `roots`, in
/// walk order, each once.
fn collect_files(roots: &[Root], errors: &mut Vec<String>) -> Vec<(PathBuf, PathBuf)> {
    let mut out: Vec<(PathBuf, PathBuf)> = Vec::new();
    for root in roots {
        if !root.is_dir {
            // Reading a fifo, socket or device named like a Dockerfile
            // would block or never end: only regular files are read.
            let regular = std::fs::metadata(&root.absolute).is_ok_and(|m| m.is_file());
            if !regular {
                eprintln!(
                    "bulwark: {}: not a regular file or folder; skipped",
                    root.display.display()
                );
            } else if format::classify_file(&root.absolute).is_some() {
                out.push((root.display.clone(), root.absolute.clone()));
            } else {
                eprintln!(
                    "bulwark: {}: not a Dockerfile, ignore file or YAML file; skipped",
                    root.display.display()
                );
            }
            continue;
        }
        let walker = ignore::WalkBuilder::new(&root.absolute)
            .hidden(false)
            .require_git(false)
            .filter_entry(|entry| entry.file_name() != ".git")
            .build();
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    errors.push(err.to_string());
                    continue;
                }
            };
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let path = entry.path();
            if format::classify_file(path).is_none() {
                continue;
            }
            let Ok(rest) = path.strip_prefix(&root.absolute) else {
                continue;
            };
            out.push((root.display.join(rest), path.to_path_buf()));
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|(_, absolute)| seen.insert(absolute.clone()));
    out
}

fn load_document(path: &Path) -> std::io::Result<Option<Document>> {
    let Some(kind) = format::classify_file(path) else {
        return Ok(None);
    };
    let bytes = std::fs::read(path)?;
    Ok(Some(Document::from_bytes(
        Some(path.to_path_buf()),
        kind,
        &bytes,
    )))
}

/// Loads files that cross-file rules read as context into the workspace.
fn load_context(paths: Vec<PathBuf>, workspace: &mut Workspace, errors: &mut Vec<String>) {
    for path in paths {
        match load_document(&path) {
            Ok(Some(doc)) => workspace.insert(doc),
            Ok(None) => {}
            Err(err) => errors.push(format!("{}: {err}", path.display())),
        }
    }
}

/// Cross-file rules read the ignore file beside each Dockerfile, so load it
/// even when the user named only the Dockerfile.
fn add_sibling_ignore_files(workspace: &mut Workspace, errors: &mut Vec<String>) {
    let mut wanted = Vec::new();
    for doc in workspace.documents() {
        if doc.kind() != FileKind::Dockerfile {
            continue;
        }
        let Some(path) = doc.path() else { continue };
        for candidate in format::ignore_file_candidates(path) {
            if !workspace.contains(&candidate)
                && !wanted.contains(&candidate)
                && candidate.is_file()
            {
                wanted.push(candidate);
            }
        }
    }
    load_context(wanted, workspace, errors);
}

/// Cross-file Kubernetes rules (a NetworkPolicy or ServiceAccount declared
/// in another manifest) read the whole folder when the user named only some
/// of its files, as pre-commit does with the staged files: the other YAML
/// files beside a named YAML file are loaded as context, so a named-file run
/// agrees with a run over the folder. They feed the workspace only; findings
/// are reported for the named files alone. The listing honours `.gitignore`
/// like the folder walk does.
fn add_sibling_manifests(roots: &[Root], workspace: &mut Workspace, errors: &mut Vec<String>) {
    let mut folders: Vec<&Path> = Vec::new();
    for root in roots.iter().filter(|r| !r.is_dir) {
        let yaml = format::classify_file(&root.absolute)
            .and_then(FileKind::syntax)
            .is_some_and(|s| s == format::Syntax::Yaml);
        let Some(dir) = root.absolute.parent() else {
            continue;
        };
        if yaml && !folders.contains(&dir) {
            folders.push(dir);
        }
    }
    let mut wanted = Vec::new();
    for &dir in &folders {
        let walker = ignore::WalkBuilder::new(dir)
            .hidden(false)
            .require_git(false)
            .max_depth(Some(1))
            .build();
        for entry in walker.flatten() {
            let path = entry.path();
            // Other compose files too: an override file is judged with the
            // base file it is merged into.
            let manifest = entry.file_type().is_some_and(|t| t.is_file())
                && matches!(
                    format::classify_file(path),
                    Some(FileKind::Yaml | FileKind::ComposeYaml)
                );
            if manifest && !workspace.contains(path) && !wanted.iter().any(|w| w == path) {
                wanted.push(path.to_path_buf());
            }
        }
    }
    // A kustomization in a folder above decides whether a manifest is a
    // patch (judged with the base it is merged into): read those above the
    // named files' folders and above the walked folders, as the rules look
    // for them.
    let above = folders
        .iter()
        .flat_map(|dir| dir.ancestors().take(MAX_KUSTOMIZATION_DEPTH))
        .chain(
            roots
                .iter()
                .filter(|r| r.is_dir)
                .flat_map(|r| r.absolute.ancestors().skip(1).take(MAX_KUSTOMIZATION_DEPTH)),
        );
    for dir in above {
        for name in KUSTOMIZATION_FILES {
            let path = dir.join(name);
            if path.is_file() && !workspace.contains(&path) && !wanted.contains(&path) {
                wanted.push(path);
            }
        }
    }
    load_context(wanted, workspace, errors);
}

/// The path to show for a file the walk did not name (a configuration file,
/// a file a fix creates): under the root that holds it, else relative to the
/// current folder, else absolute.
pub fn display_for(plan: &CheckPlan, absolute: &Path) -> PathBuf {
    for root in plan.roots.iter().filter(|r| r.is_dir) {
        if let Ok(rest) = absolute.strip_prefix(&root.absolute) {
            return root.display.join(rest);
        }
    }
    match absolute.strip_prefix(&plan.cwd) {
        Ok(rest) => rest.to_path_buf(),
        Err(_) => absolute.to_path_buf(),
    }
}

/// A broken `.bulwark.yaml` is a finding on that file (`config-error`), and
/// the files it governs are checked with the defaults; an unreadable one is
/// an I/O error.
fn report_config_error(
    plan: &CheckPlan,
    reports: &mut Vec<FileReport>,
    errors: &mut Vec<String>,
    path: &Path,
    err: ConfigError,
) {
    let problems = match err {
        ConfigError::Read { .. } => {
            errors.push(err.to_string());
            return;
        }
        ConfigError::Invalid { problems, .. } => problems,
    };
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) => {
            errors.push(format!("{}: {err}", path.display()));
            return;
        }
    };
    let doc = Document::from_bytes(Some(path.to_path_buf()), FileKind::Yaml, &bytes);
    let severity = Catalog::get()
        .rule("config-error")
        .map_or(Severity::Error, |r| r.severity);
    let findings: Vec<Finding> = problems
        .into_iter()
        .map(|p| {
            let mut finding = Finding::new(
                "config-error",
                p.range,
                format!(
                    "the configuration is invalid and the defaults apply instead: {}",
                    p.message
                ),
            );
            finding.severity = severity;
            finding
        })
        .collect();

    if let Some(report) = reports.iter_mut().find(|r| r.absolute == path) {
        report.findings.splice(0..0, findings);
        return;
    }
    reports.push(FileReport {
        display: display_for(plan, path),
        absolute: path.to_path_buf(),
        doc,
        findings,
        fail_on: plan.fail_on.unwrap_or(Severity::Warning),
    });
}

/// With `--report-unused-suppressions`: reports each entry of a
/// `.trivyignore` or `.hadolint.yaml` `ignored` list that silenced no finding
/// in the checked files it governs, as `unused-suppression` at the entry.
/// Only files whose whole folder was checked are judged (a run over part of
/// a tree cannot tell that no file needs an entry), and only ids that name
/// a Bulwark rule (others are left to their tool).
fn report_unused_peer_entries(
    plan: &CheckPlan,
    loader: &mut Loader,
    reports: &mut Vec<FileReport>,
    errors: &mut Vec<String>,
    peer_use: BTreeMap<(PathBuf, usize, usize), (PeerIgnore, bool)>,
) {
    let mut by_file: BTreeMap<PathBuf, Vec<PeerIgnore>> = BTreeMap::new();
    for (peer, used) in peer_use.into_values() {
        let Some(dir) = peer.source.parent() else {
            continue;
        };
        let covered = plan
            .roots
            .iter()
            .any(|r| r.is_dir && dir.starts_with(&r.absolute));
        if used || !covered || !peers::maps_to_a_rule(peer.tool, &peer.id) {
            continue;
        }
        by_file.entry(peer.source.clone()).or_default().push(peer);
    }
    let default = Catalog::get()
        .rule("unused-suppression")
        .map_or(Severity::Hint, |r| r.severity);
    for (path, entries) in by_file {
        // The level is the one configured where the tool's file lives.
        let level = loader
            .config_for(&path)
            .map(|c| c.level("unused-suppression"));
        let severity = match level {
            None | Some(Some(RuleLevel::Off)) => continue,
            Some(l) => l.and_then(RuleLevel::severity).unwrap_or(default),
        };
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(err) => {
                errors.push(format!("{}: {err}", path.display()));
                continue;
            }
        };
        let is_trivy = path.ends_with(peers::TRIVYIGNORE);
        // The document is only a carrier of text and lines for the report;
        // both files are line-based enough for that.
        let kind = if is_trivy {
            FileKind::Dockerignore
        } else {
            FileKind::Yaml
        };
        let doc = Document::from_bytes(Some(path.clone()), kind, &bytes);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let findings = entries
            .into_iter()
            .map(|peer| {
                let mut finding = Finding::new(
                    "unused-suppression",
                    peer.range,
                    format!(
                        "`{}` in this {name} silences no finding in the checked files it governs; remove it if {} does not need it either",
                        peer.id, peer.tool
                    ),
                );
                // A `.trivyignore` line can go as a whole; removing an item
                // of hadolint's YAML list is left to a person.
                if is_trivy {
                    finding = finding.with_fix(Fix::unsafe_(
                        "Remove the unused entry",
                        vec![Edit::delete(whole_line(doc.text(), peer.range))],
                    ));
                }
                finding.severity = severity;
                finding.unnecessary = true;
                finding
            })
            .collect();
        if let Some(report) = reports.iter_mut().find(|r| r.absolute == path) {
            // A `.hadolint.yaml` is also walked as a YAML file.
            report.findings.extend(findings);
            continue;
        }
        reports.push(FileReport {
            display: display_for(plan, &path),
            absolute: path,
            doc,
            findings,
            fail_on: plan.fail_on.unwrap_or(Severity::Warning),
        });
    }
}

/// The line holding `range`, with its line break.
fn whole_line(text: &str, range: TextRange) -> TextRange {
    let start = text
        .get(..range.start)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let end = text
        .get(range.end..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |i| range.end + i + 1);
    TextRange::new(start, end)
}
