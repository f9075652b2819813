//! `initialized`: start the diagnostics worker, watch files, index the
//! workspace in the background.

use std::path::PathBuf;
use std::time::Instant;

use tower_lsp_server::ls_types::{
    DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern, NumberOrString,
    Registration,
};
use tracing::{info, warn};

use crate::lsp::backend::{Backend, lock};
use crate::lsp::index;
use crate::lsp::scheduler::{self, Change};

/// The files whose changes matter: everything `format::classify` may
/// accept, `Chart.yaml` (it makes `values.yaml` Helm values) and the
/// configuration files.
pub const WATCHED_FILES: &str = "**/{Dockerfile*,*.dockerfile,Containerfile*,*.containerfile,\
                                 .dockerignore,*.dockerignore,.containerignore,*.yaml,*.yml,.bulwark.yaml,.bulwark.yml,\
                                 .hadolint.yaml,.hadolint.yml,.trivyignore}";

pub fn handle(backend: &Backend) {
    let caps = backend.caps();
    if !caps.pull_diagnostics {
        tokio::spawn(scheduler::run_worker(backend.clone()));
    }
    if caps.watched_files {
        tokio::spawn(register_watcher(backend.clone()));
    }
    if caps.configuration {
        tokio::spawn(crate::lsp::handlers::did_change_configuration::fetch(
            backend.clone(),
        ));
    }
    let folders = lock(&backend.session).folders().to_vec();
    spawn_index(&backend, folders);
}

/// Starts indexing `folders` in the background. The workspace is marked
/// pending before this returns, so that a document opened meanwhile is not
/// judged by files that have not been read yet.
pub fn spawn_index(backend: &Backend, folders: Vec<PathBuf>) {
    if folders.is_empty() {
        return;
    }
    lock(&backend.session).begin_index();
    tokio::spawn(index_folders(backend.clone(), folders));
}

async fn register_watcher(backend: Backend) {
    let options = DidChangeWatchedFilesRegistrationOptions {
        watchers: vec![FileSystemWatcher {
            glob_pattern: GlobPattern::String(WATCHED_FILES.to_string()),
            kind: None,
        }],
    };
    let registration = Registration {
        id: "bulwark/watched-files".to_string(),
        method: "workspace/didChangeWatchedFiles".to_string(),
        register_options: serde_json::to_value(options).ok(),
    };
    if let Err(err) = backend.client.register_capability(vec![registration]).await {
        warn!("the client refused the file watcher: {err}");
    }
}

/// Reads every handled file under `folders` into the workspace, reporting
/// progress when the client shows it, then re-checks the open documents.
async fn index_folders(backend: Backend, folders: Vec<PathBuf>) {
    let started = Instant::now();
    let progress = if backend.caps().work_done_progress {
        let token =
            NumberOrString::String(format!("bulwark/index/{}", started.elapsed().as_nanos()));
        match backend
            .client
            .create_work_done_progress(token.clone())
            .await
        {
            Ok(()) => Some(
                backend
                    .client
                    .progress(token, "Bulwark")
                    .with_message("indexing the workspace")
                    .begin()
                    .await,
            ),
            Err(err) => {
                warn!("no progress reporting: {err}");
                None
            }
        }
    } else {
        None
    };

    let (counts, mut counted) = tokio::sync::mpsc::unbounded_channel();
    let walk = tokio::task::spawn_blocking(move || {
        index::walk(&folders, |n| {
            if n % 200 == 0 {
                let _ = counts.send(n);
            }
        })
    });
    while let Some(n) = counted.recv().await {
        if let Some(progress) = &progress {
            progress.report(format!("{n} files")).await;
        }
    }
    let docs = match walk.await {
        Ok(docs) => docs,
        Err(err) => {
            warn!("indexing failed: {err}");
            Vec::new()
        }
    };

    let read = docs.len();
    let (added, ended) = lock(&backend.session).add_indexed(docs);
    info!(read, added, elapsed = ?started.elapsed(), "indexed the workspace");
    if let Some(progress) = progress {
        let files = if read == 1 { "file" } else { "files" };
        progress
            .finish_with_message(format!("indexed {read} {files}"))
            .await;
    }
    if added > 0 || ended {
        scheduler::changed(&backend, None, Change::Disk);
    }
}
