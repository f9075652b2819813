//! `textDocument/didChange`: apply the incremental changes, reparse once.

use tower_lsp_server::ls_types::DidChangeTextDocumentParams;
use tracing::{trace, warn};

use crate::lsp::backend::{Backend, lock};
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
            scheduler::changed(backend, Some(&uri), Change::Buffer { others: true });
        }
        Changed::Unhandled => {}
        Changed::NotOpen => warn!(
            uri = uri.as_str(),
            "didChange for a document that is not open"
        ),
    }
}
