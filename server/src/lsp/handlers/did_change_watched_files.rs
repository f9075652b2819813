//! `workspace/didChangeWatchedFiles`: keep the disk index and the
//! configuration current, then re-check the open documents.

use std::path::{Path, PathBuf};

use tower_lsp_server::ls_types::{DidChangeWatchedFilesParams, FileChangeType};
use tracing::{debug, warn};

use crate::document::Document;
use crate::format;
use crate::lsp::backend::{Backend, lock};
use crate::lsp::scheduler::{self, Change};
use crate::lsp::settings::is_config_file;
use crate::lsp::{convert, index};

pub async fn handle(backend: &Backend, params: DidChangeWatchedFilesParams) {
    let mut configs = Vec::new();
    let mut files = Vec::new();
    let mut chart_dirs = Vec::new();
    for event in params.changes {
        let Some(path) = convert::path(&event.uri) else {
            continue;
        };
        debug!(path = %path.display(), kind = ?event.typ, "watched file changed");
        if is_config_file(&path) {
            configs.push(path.clone());
        }
        if path.file_name().is_some_and(|n| n == "Chart.yaml")
            && let Some(dir) = path.parent()
        {
            chart_dirs.push(dir.to_path_buf());
        }
        files.push((path, event.typ == FileChangeType::DELETED));
    }

    let reads = tokio::task::spawn_blocking(move || read_changes(files, chart_dirs)).await;
    let (docs, chart_dirs) = match reads {
        Ok(reads) => reads,
        Err(err) => {
            warn!("reading changed files failed: {err}");
            return;
        }
    };
    let mut any = false;
    {
        let mut session = lock(&backend.session);
        for (path, doc) in docs {
            any |= session.set_disk(&path, doc);
        }
        for dir in &chart_dirs {
            any |= session.reclassify(dir, format::classify_file);
        }
    }
    if !configs.is_empty() {
        config_changed(backend, configs).await;
    } else if any {
        scheduler::changed(backend, None, Change::Disk);
    }
}

/// The new disk contents of each changed file (`None`: deleted or not
/// handled), plus every `values*.yaml` of a folder whose `Chart.yaml`
/// changed, since that decides whether they are Helm values.
fn read_changes(
    files: Vec<(PathBuf, bool)>,
    chart_dirs: Vec<PathBuf>,
) -> (Vec<(PathBuf, Option<Document>)>, Vec<PathBuf>) {
    let mut out: Vec<(PathBuf, Option<Document>)> = files
        .into_iter()
        .map(|(path, deleted)| {
            let doc = if deleted { None } else { index::read(&path) };
            (path, doc)
        })
        .collect();
    for dir in &chart_dirs {
        for path in values_files(dir) {
            let doc = index::read(&path);
            out.push((path, doc));
        }
    }
    (out, chart_dirs)
}

fn values_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                let n = n.to_ascii_lowercase();
                n.starts_with("values") && (n.ends_with(".yaml") || n.ends_with(".yml"))
            })
        })
        .collect()
}

/// Reloads changed configuration files and re-checks every open document.
pub async fn config_changed(backend: &Backend, files: Vec<PathBuf>) {
    let configs = backend.configs.clone();
    let reload = tokio::task::spawn_blocking(move || {
        let mut cache = lock(&configs);
        for file in &files {
            cache.file_changed(file);
        }
    });
    if let Err(err) = reload.await {
        warn!("reloading the configuration failed: {err}");
    }
    lock(&backend.session).invalidate();
    scheduler::changed(backend, None, Change::Disk);
}
