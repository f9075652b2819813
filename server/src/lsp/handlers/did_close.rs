//! `textDocument/didClose`: forget the buffer; the disk version takes its
//! place in the workspace, and its diagnostics are cleared.

use tower_lsp_server::ls_types::DidCloseTextDocumentParams;
use tracing::warn;

use crate::config;
use crate::lsp::backend::{Backend, lock};
use crate::lsp::convert;
use crate::lsp::scheduler::{self, Change};

pub fn handle(backend: &Backend, params: DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    if !lock(&backend.session).close(&uri) {
        warn!(
            uri = uri.as_str(),
            "didClose for a document that is not open"
        );
        return;
    }
    lock(&backend.failed).remove(&uri);
    if let Some(path) = convert::path(&uri).filter(|p| config::is_config_file(p)) {
        lock(&backend.configs).buffer_changed(&path, None);
    }
    scheduler::changed(backend, Some(&uri), Change::Buffer { others: true });
}
