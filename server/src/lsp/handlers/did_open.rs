//! `textDocument/didOpen`: classify the buffer, parse it, queue its check.

use std::path::Path;

use tower_lsp_server::ls_types::DidOpenTextDocumentParams;
use tracing::debug;

use crate::config;
use crate::document::Document;
use crate::format::{self, FileKind};
use crate::lsp::backend::{Backend, lock};
use crate::lsp::convert;
use crate::lsp::scheduler::{self, Change};

pub fn handle(backend: &Backend, params: DidOpenTextDocumentParams) {
    let item = params.text_document;
    let path = convert::path(&item.uri);
    // The file name decides; the language id only names a buffer that has
    // no path (`untitled:`).
    let kind = match &path {
        Some(path) => format::classify_file(path),
        None => format::classify_language_id(&item.language_id),
    };
    debug!(uri = item.uri.as_str(), ?kind, "didOpen");
    if let Some(path) = path.as_deref().filter(|p| config::is_config_file(p)) {
        lock(&backend.configs).buffer_changed(path, Some(item.text.clone()));
    }
    let doc = kind.map(|kind| {
        let from_disk = path.as_deref().and_then(|p| from_disk(p, kind, &item.text));
        match from_disk {
            Some(mut doc) => {
                doc.reparse(item.version);
                doc
            }
            None => Document::new(path, kind, item.version, item.text),
        }
    });
    let handled = doc.is_some();
    lock(&backend.session).open(item.uri.clone(), item.version, doc);
    scheduler::changed(backend, Some(&item.uri), Change::Buffer { others: handled });
}

/// The file as read from disk, when the buffer is that file decoded with
/// its invalid UTF-8 replaced by U+FFFD: the client cannot send the bytes
/// it could not decode, but the disk still shows where they were, so they
/// are reported as the CLI reports them. Only buffers holding U+FFFD pay
/// for the read.
fn from_disk(path: &Path, kind: FileKind, text: &str) -> Option<Document> {
    if !text.contains(char::REPLACEMENT_CHARACTER) {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    let doc = Document::from_bytes(Some(path.to_path_buf()), kind, &bytes);
    (!doc.invalid_utf8().is_empty() && doc.text() == text).then_some(doc)
}
