//! `workspace/didChangeWorkspaceFolders`: index added folders, drop
//! removed ones.

use tower_lsp_server::ls_types::DidChangeWorkspaceFoldersParams;
use tracing::info;

use crate::lsp::backend::{Backend, lock};
use crate::lsp::convert;
use crate::lsp::handlers::initialized::spawn_index;
use crate::lsp::scheduler::{self, Change};

pub fn handle(backend: &Backend, params: DidChangeWorkspaceFoldersParams) {
    let added: Vec<_> = params
        .event
        .added
        .iter()
        .filter_map(|f| convert::path(&f.uri))
        .collect();
    let removed: Vec<_> = params
        .event
        .removed
        .iter()
        .filter_map(|f| convert::path(&f.uri))
        .collect();
    info!(
        added = added.len(),
        removed = removed.len(),
        "workspace folders changed"
    );
    {
        let mut session = lock(&backend.session);
        let mut folders: Vec<_> = session
            .folders()
            .iter()
            .filter(|f| !removed.contains(f))
            .cloned()
            .collect();
        folders.extend(added.iter().cloned());
        lock(&backend.configs).set_folders(folders.clone());
        session.set_folders(folders);
        for folder in &removed {
            session.forget_folder(folder);
        }
    }
    if !removed.is_empty() {
        scheduler::changed(backend, None, Change::Disk);
    }
    if !added.is_empty() {
        spawn_index(backend, added);
    }
}
