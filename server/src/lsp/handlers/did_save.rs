//! `textDocument/didSave`: the buffer is now also the disk content; a saved
//! configuration file is reloaded.

use tower_lsp_server::ls_types::DidSaveTextDocumentParams;

use crate::lsp::backend::{Backend, lock};
use crate::lsp::convert;
use crate::lsp::handlers::did_change_watched_files::config_changed;
use crate::lsp::settings::is_config_file;

pub async fn handle(backend: &Backend, params: DidSaveTextDocumentParams) {
    let uri = params.text_document.uri;
    let Some(path) = convert::path(&uri) else {
        return;
    };
    {
        let mut session = lock(&backend.session);
        if let Some((_, doc)) = session.open_buffer(&path) {
            let doc = doc.clone();
            // Open buffers hide the disk, so this changes no result.
            session.set_disk(&path, Some(doc));
        }
    }
    // Clients without a file watcher still reload the configuration on save.
    if is_config_file(&path) {
        config_changed(backend, vec![path]).await;
    }
}
