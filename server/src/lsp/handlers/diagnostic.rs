//! `textDocument/diagnostic`: pull diagnostics, for clients that ask.

use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{
    DocumentDiagnosticParams, DocumentDiagnosticReport, DocumentDiagnosticReportResult,
    FullDocumentDiagnosticReport, RelatedFullDocumentDiagnosticReport,
    RelatedUnchangedDocumentDiagnosticReport, UnchangedDocumentDiagnosticReport,
};
use tracing::warn;

use crate::lsp::backend::Backend;
use crate::lsp::scheduler::{self, Missing};

pub async fn handle(
    backend: &Backend,
    params: DocumentDiagnosticParams,
) -> Result<DocumentDiagnosticReportResult> {
    let uri = params.text_document.uri;
    let checked = match scheduler::current(backend, &uri).await {
        Ok(checked) => checked,
        Err(Missing::NotOpen) => {
            warn!(
                uri = uri.as_str(),
                "diagnostics pulled for a document that is not open"
            );
            return Ok(full(None, Vec::new()));
        }
        Err(Missing::Unhandled) => return Ok(full(None, Vec::new())),
        Err(Missing::Failed) => {
            return Err(Error::internal_error());
        }
    };
    // Equal ids mean equal diagnostics (see `Session::store`), so a client
    // holding the current id is told nothing changed.
    let result_id = checked.result_id().to_string();
    if params.previous_result_id.as_deref() == Some(result_id.as_str()) {
        return Ok(DocumentDiagnosticReportResult::Report(
            DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
                related_documents: None,
                unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                    result_id,
                },
            }),
        ));
    }
    Ok(full(Some(result_id), checked.diagnostics.clone()))
}

fn full(
    result_id: Option<String>,
    items: Vec<tower_lsp_server::ls_types::Diagnostic>,
) -> DocumentDiagnosticReportResult {
    DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
        RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id, items },
        },
    ))
}
