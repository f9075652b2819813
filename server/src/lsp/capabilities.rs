//! What the client can do, boiled down once at `initialize`, and what the
//! server offers in return.
//!
//! Handlers read plain booleans from [`ClientCaps`]; none of them walks the
//! client's nested options.

use tower_lsp_server::ls_types::{
    ClientCapabilities, CodeActionKind, CodeActionOptions, CodeActionProviderCapability,
    DiagnosticOptions, DiagnosticServerCapabilities, HoverProviderCapability, MarkupKind, OneOf,
    ResourceOperationKind, SaveOptions, ServerCapabilities, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions,
    WorkDoneProgressOptions, WorkspaceFoldersServerCapabilities, WorkspaceServerCapabilities,
};

use super::convert::PositionEncoding;

/// The kind of the action that adds a suppression comment.
pub const SUPPRESS_KIND: &str = "quickfix.bulwark.suppress";
/// The kind of the action that applies every safe fix of a document.
pub const FIX_ALL_KIND: &str = "source.fixAll.bulwark";

/// The client's capabilities, as the server uses them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(clippy::struct_excessive_bools)] // A flat set of flags is the point of this struct.
pub struct ClientCaps {
    /// How positions count columns.
    pub encoding: PositionEncoding,
    /// The client pulls diagnostics (`textDocument/diagnostic`); the server
    /// then never pushes them.
    pub pull_diagnostics: bool,
    /// The client accepts `workspace/diagnostic/refresh`.
    pub diagnostic_refresh: bool,
    /// The client shows `$/progress` for server-created tokens.
    pub work_done_progress: bool,
    /// The server may register for `workspace/didChangeWatchedFiles`.
    pub watched_files: bool,
    /// Workspace edits may use `documentChanges`.
    pub document_changes: bool,
    /// `documentChanges` may create files.
    pub create_files: bool,
    /// Hovers may be Markdown.
    pub markdown_hover: bool,
    /// The client answers `workspace/configuration`.
    pub configuration: bool,
}

impl ClientCaps {
    pub fn new(caps: &ClientCapabilities) -> Self {
        let offered = caps
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref());
        let text = caps.text_document.as_ref();
        let workspace = caps.workspace.as_ref();
        let edit = workspace.and_then(|w| w.workspace_edit.as_ref());
        Self {
            encoding: PositionEncoding::negotiate(offered),
            pull_diagnostics: text.is_some_and(|t| t.diagnostic.is_some()),
            diagnostic_refresh: workspace
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
            work_done_progress: caps
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false),
            watched_files: workspace
                .and_then(|w| w.did_change_watched_files)
                .and_then(|w| w.dynamic_registration)
                .unwrap_or(false),
            document_changes: edit.and_then(|e| e.document_changes).unwrap_or(false),
            create_files: edit
                .and_then(|e| e.resource_operations.as_ref())
                .is_some_and(|ops| ops.contains(&ResourceOperationKind::Create)),
            configuration: workspace.and_then(|w| w.configuration).unwrap_or(false),
            markdown_hover: text
                .and_then(|t| t.hover.as_ref())
                .and_then(|h| h.content_format.as_ref())
                // Clients that do not say are assumed to render Markdown, as
                // every current editor does.
                .is_none_or(|formats| formats.contains(&MarkupKind::Markdown)),
        }
    }
}

/// What the server offers a client with `caps`.
pub fn server_capabilities(caps: &ClientCaps) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(caps.encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                will_save: None,
                will_save_wait_until: None,
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::new(SUPPRESS_KIND),
                CodeActionKind::new(FIX_ALL_KIND),
            ]),
            work_done_progress_options: WorkDoneProgressOptions::default(),
            resolve_provider: None,
        })),
        diagnostic_provider: caps.pull_diagnostics.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("bulwark".to_string()),
                // A Dockerfile's findings depend on the `.dockerignore`
                // beside it, a manifest's on NetworkPolicies elsewhere.
                inter_file_dependencies: true,
                workspace_diagnostics: false,
                work_done_progress_options: WorkDoneProgressOptions::default(),
            })
        }),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        ..ServerCapabilities::default()
    }
}
