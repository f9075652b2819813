//! `bulwark check`: walk the paths, build the workspace, report findings.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::config::{self, Config};
use crate::document::Document;
use crate::engine;
use crate::finding::Finding;
use crate::format::{self, FileKind};
use crate::workspace::Workspace;

use super::{CheckArgs, output};

/// A checked file, ready to report.
pub struct FileReport {
    /// The path as the user should see it (relative when the argument was).
    pub display: PathBuf,
    pub doc: Document,
    pub findings: Vec<Finding>,
}

pub fn run(args: &CheckArgs) -> ExitCode {
    let roots = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let mut errors = Vec::new();
    let files = match collect_files(&roots, &mut errors) {
        Ok(files) => files,
        Err(err) => {
            eprintln!("bulwark: {err}");
            return ExitCode::from(2);
        }
    };

    let mut workspace = Workspace::new();
    let mut order = Vec::new();
    for (display, absolute) in &files {
        match load_document(absolute) {
            Ok(Some(doc)) => {
                order.push((display.clone(), absolute.clone()));
                workspace.insert(doc);
            }
            Ok(None) => {}
            Err(err) => errors.push(format!("{}: {err}", display.display())),
        }
    }
    add_sibling_ignore_files(&mut workspace, &mut errors);

    let mut configs: HashMap<PathBuf, Config> = HashMap::new();
    let mut reports = Vec::new();
    for (display, absolute) in order {
        let Some(doc) = workspace.get(&absolute).cloned() else {
            continue;
        };
        let dir = absolute.parent().unwrap_or(Path::new("/")).to_path_buf();
        let config = match configs.get(&dir) {
            Some(c) => c.clone(),
            None => {
                let c = match config::find_config_file(&dir, None) {
                    Some(path) => match config::load(&path) {
                        Ok(c) => c,
                        Err(err) => {
                            eprintln!("bulwark: {err}");
                            return ExitCode::from(2);
                        }
                    },
                    None => Config::default(),
                };
                configs.insert(dir, c.clone());
                c
            }
        };
        let findings = engine::check(&doc, &workspace, &config);
        reports.push(FileReport {
            display,
            doc,
            findings,
        });
    }

    for err in &errors {
        eprintln!("bulwark: {err}");
    }
    let failed = output::print_reports(args.format, &reports);
    let threshold = args.fail_on.severity();
    if !errors.is_empty() {
        ExitCode::from(2)
    } else if failed
        || reports
            .iter()
            .flat_map(|r| &r.findings)
            .any(|f| f.severity >= threshold)
    {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// (display path, absolute path) of every file Bulwark handles under `roots`.
fn collect_files(
    roots: &[PathBuf],
    errors: &mut Vec<String>,
) -> anyhow::Result<Vec<(PathBuf, PathBuf)>> {
    let cwd = std::env::current_dir()?;
    let mut out = Vec::new();
    for root in roots {
        if !root.exists() {
            errors.push(format!("{}: no such file or folder", root.display()));
            continue;
        }
        if root.is_file() {
            out.push((clean(root), absolute(&cwd, root)));
            continue;
        }
        let walker = ignore::WalkBuilder::new(root)
            .hidden(false)
            .require_git(false)
            .build();
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(err) => {
                    errors.push(err.to_string());
                    continue;
                }
            };
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let path = entry.path();
            if path.components().any(|c| c.as_os_str() == ".git") {
                continue;
            }
            if kind_of(path).is_some() {
                out.push((clean(path), absolute(&cwd, path)));
            }
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn clean(path: &Path) -> PathBuf {
    path.strip_prefix(".")
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    normalize(&joined)
}

/// Removes `.` and `..` components without touching the disk.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The kind of file at `path`, looking beside it for a `Chart.yaml`.
pub fn kind_of(path: &Path) -> Option<FileKind> {
    let chart_beside = path
        .parent()
        .is_some_and(|d| d.join("Chart.yaml").is_file());
    format::classify(path, chart_beside)
}

fn load_document(path: &Path) -> std::io::Result<Option<Document>> {
    let Some(kind) = kind_of(path) else {
        return Ok(None);
    };
    let bytes = std::fs::read(path)?;
    Ok(Some(Document::from_bytes(
        Some(path.to_path_buf()),
        kind,
        &bytes,
    )))
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
        let Some(dir) = path.parent() else { continue };
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        for candidate in [
            dir.join(format!("{name}.dockerignore")),
            dir.join(".dockerignore"),
        ] {
            if !workspace.contains(&candidate) && candidate.is_file() {
                wanted.push(candidate);
            }
        }
    }
    for path in wanted {
        match load_document(&path) {
            Ok(Some(doc)) => workspace.insert(doc),
            Ok(None) => {}
            Err(err) => errors.push(format!("{}: {err}", path.display())),
        }
    }
}
