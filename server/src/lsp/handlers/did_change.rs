//! `textDocument/didChange`: apply the incremental changes, reparse once.

use tower_lsp_server::ls_types::{DidChangeTextDocumentParams, Uri};
use tracing::{trace, warn};

use crate::config;
use crate::lsp::backend::{Backend, lock};
use crate::lsp::convert;
use crate::lsp::scheduler::{self, Change};
use crate::lsp::session::Changed;

pub fn handle(backend: &Backend, params: DidChangeTextDocumentParams) {
    let uri = params.text_document.uri;
    let version = params.text_document.version;
    let encoding = backend.caps().encoding;
    let started = std::time::Instant::now();
    let outcome = lock(&backend.session).change(&uri, version, &params.content_changes, encoding);
    trace!(uri = uri.as_str(), version, elapsed = ?started.elapsed(), "didChange");
    match outcome {
        Changed::Applied { clamped } => {
            if clamped > 0 {
                warn!(
                    uri = uri.as_str(),
                    version, clamped, "change ranges beyond the end of the document were clamped"
                );
            }
            config_buffer_changed(backend, &uri);
            scheduler::changed(backend, Some(&uri), Change::Buffer { others: true });
        }
        Changed::Unhandled => {}
        Changed::NotOpen => warn!(
            uri = uri.as_str(),
            "didChange for a document that is not open"
        ),
    }
}

/// Passes the new text of an open `.bulwark.yaml` to the configuration.
fn config_buffer_changed(backend: &Backend, uri: &Uri) {
    let Some(path) = convert::path(uri).filter(|p| config::is_config_file(p)) else {
        return;
    };
    let text = lock(&backend.session)
        .get(uri)
        .and_then(|e| e.doc.as_ref())
        .map(|d| d.text().to_string());
    if let Some(text) = text {
        lock(&backend.configs).buffer_changed(&path, Some(text));
    }
}
