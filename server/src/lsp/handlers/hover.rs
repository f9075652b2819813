//! `textDocument/hover`: the rule's page for a finding under the cursor,
//! else a short security note on the keyword, flag or key.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};
use tracing::{debug, warn};

use crate::finding::Finding;
use crate::hover_notes;
use crate::lsp::backend::Backend;
use crate::lsp::convert;
use crate::lsp::scheduler::{self, Missing};
use crate::rules::docs;

pub async fn handle(backend: &Backend, params: HoverParams) -> Result<Option<Hover>> {
    let position = params.text_document_position_params.position;
    let uri = params.text_document_position_params.text_document.uri;
    let checked = match scheduler::current(backend, &uri).await {
        Ok(checked) => checked,
        Err(Missing::NotOpen) => {
            warn!(uri = uri.as_str(), "hover for a document that is not open");
            return Ok(None);
        }
        Err(Missing::Unhandled | Missing::Failed) => return Ok(None),
    };
    let caps = backend.caps();
    let rope = checked.doc.rope();
    let (offset, out_of_range) = convert::offset(rope, position, caps.encoding);
    if out_of_range {
        debug!(
            uri = uri.as_str(),
            ?position,
            "hover beyond the end of the document"
        );
        return Ok(None);
    }

    let mut under: Vec<&Finding> = checked
        .findings
        .iter()
        .filter(|f| f.range.contains(offset) || f.range.is_empty() && f.range.start == offset)
        .collect();
    // Innermost first: on `privileged: true` inside a flow-style container,
    // the finding about that key comes before one about the whole container.
    under.sort_by_key(|f| f.range.end - f.range.start);
    let (range, text) = if let Some(first) = under.first() {
        (first.range, finding_hover(&under))
    } else {
        match hover_notes::hover_note(&checked.doc, offset) {
            Some(note) => note,
            None => return Ok(None),
        }
    };
    Ok(Some(markup(
        text,
        convert::range(rope, range, caps.encoding),
        caps.markdown_hover,
    )))
}

/// Each finding's message, then its rule's page (once per rule).
fn finding_hover(findings: &[&Finding]) -> String {
    let mut sections = Vec::new();
    let mut shown: Vec<&str> = Vec::new();
    for finding in findings {
        let mut section = finding.message.clone();
        if !shown.contains(&finding.rule) {
            shown.push(finding.rule);
            if let Some(page) = docs::render(finding.rule) {
                section.push_str("\n\n");
                section.push_str(&page);
            }
        }
        sections.push(section);
    }
    sections.join("\n\n---\n\n")
}

fn markup(value: String, range: tower_lsp_server::ls_types::Range, markdown: bool) -> Hover {
    let kind = if markdown {
        MarkupKind::Markdown
    } else {
        MarkupKind::PlainText
    };
    Hover {
        contents: HoverContents::Markup(MarkupContent { kind, value }),
        range: Some(range),
    }
}
