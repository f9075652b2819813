//! The `Backend`: the server's state, and the one table that maps each LSP
//! method to its handler in `handlers/`.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};

use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{
    CodeActionParams, CodeActionResponse, DidChangeConfigurationParams,
    DidChangeTextDocumentParams, DidChangeWatchedFilesParams, DidChangeWorkspaceFoldersParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DidSaveTextDocumentParams,
    DocumentDiagnosticParams, DocumentDiagnosticReportResult, Hover, HoverParams, InitializeParams,
    InitializeResult, InitializedParams, Uri,
};
use tower_lsp_server::{Client, LanguageServer};

use crate::config::Config;
use crate::document::Document;
use crate::engine::Fixes;
use crate::finding::Finding;
use crate::workspace::Workspace;

use super::capabilities::ClientCaps;
use super::handlers;
use super::scheduler::Queue;
use super::session::Session;
use super::settings::{ConfigCache, InitOptions};

/// The check the server runs on a document: diagnostics ask for the findings
/// alone ([`Fixes::Skip`]), code actions for their fixes too.
pub type CheckFn = fn(&Document, &Workspace, &Config, Fixes) -> Vec<Finding>;

/// What `initialize` fixes for the rest of the session.
#[derive(Debug, Clone)]
pub struct Init {
    pub caps: ClientCaps,
    pub options: InitOptions,
}

/// The language server.
///
/// Startup order:
/// 1. `initialize` boils the client's capabilities down into [`ClientCaps`]
///    (the position encoding among them), reads the initialization options
///    and the workspace folders, and answers with the server's capabilities.
///    Pull diagnostics are offered only to clients that declare them; every
///    other client gets pushed diagnostics, never both.
/// 2. `initialized` starts the diagnostics worker for push clients,
///    registers the file watcher when the client allows dynamic
///    registration, and indexes the workspace folders in the background.
/// 3. From then on the text-sync notifications update the session before
///    their first await and queue the documents to re-check; requests take
///    snapshots and let go of the lock.
/// 4. `shutdown` marks the session as ending (so the process exits with 0
///    after `exit`); `exit` stops the transport loop.
///
/// Cloning is cheap: every field is shared, so background tasks hold a clone.
#[derive(Clone)]
pub struct Backend {
    /// Sends notifications and requests to the client.
    pub(super) client: Client,
    /// Capabilities and options fixed by `initialize`.
    init: Arc<OnceLock<Init>>,
    /// Open documents, the disk index and the workspace view checks read.
    pub(super) session: Arc<Mutex<Session>>,
    /// `.bulwark.yaml` files, each loaded the first time a document needs it.
    pub(super) configs: Arc<Mutex<ConfigCache>>,
    /// Documents whose diagnostics must be published again (push clients).
    pub(super) queue: Arc<Queue>,
    /// The check to run: `engine::check`, or a stand-in in tests.
    pub(super) check: CheckFn,
    /// Documents whose last check failed and whose failure was shown once.
    pub(super) failed: Arc<Mutex<HashSet<Uri>>>,
    /// Set by `shutdown`; decides the exit code after `exit`.
    pub(super) shut_down: Arc<AtomicBool>,
}

impl Backend {
    pub fn new(client: Client, check: CheckFn) -> Self {
        Self {
            client,
            init: Arc::new(OnceLock::new()),
            session: Arc::new(Mutex::new(Session::default())),
            configs: Arc::new(Mutex::new(ConfigCache::default())),
            queue: Arc::new(Queue::default()),
            check,
            failed: Arc::new(Mutex::new(HashSet::new())),
            shut_down: Arc::new(AtomicBool::new(false)),
        }
    }

    /// The client's capabilities (defaults before `initialize`, which the
    /// transport does not let any other message precede).
    pub fn caps(&self) -> ClientCaps {
        self.init().caps
    }

    pub fn options(&self) -> InitOptions {
        self.init().options
    }

    fn init(&self) -> Init {
        self.init.get().cloned().unwrap_or_else(|| Init {
            caps: ClientCaps::new(&Default::default()),
            options: InitOptions::default(),
        })
    }

    pub(super) fn set_init(&self, init: Init) {
        if self.init.set(init).is_err() {
            tracing::warn!("a second `initialize` was ignored");
        }
    }

    pub fn shut_down_flag(&self) -> Arc<AtomicBool> {
        self.shut_down.clone()
    }

    pub(super) fn mark_shut_down(&self) {
        self.shut_down.store(true, Ordering::SeqCst);
    }

    /// Answers a message that was not JSON (see `transport`).
    pub(super) async fn parse_error(&self) -> Result<()> {
        Err(Error::parse_error())
    }

    /// Answers JSON that was not a JSON-RPC message (see `transport`).
    pub(super) async fn invalid_request(&self) -> Result<()> {
        Err(Error::invalid_request())
    }
}

/// Locks a mutex, recovering the data when a panic poisoned it: the state
/// behind every lock here is valid between statements, and a failed check
/// must not take the server down with it.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        handlers::initialize::handle(self, params)
    }

    async fn initialized(&self, _: InitializedParams) {
        handlers::initialized::handle(self);
    }

    async fn shutdown(&self) -> Result<()> {
        handlers::shutdown::handle(self)
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        handlers::did_open::handle(self, params);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        handlers::did_change::handle(self, params);
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        handlers::did_save::handle(self, params).await;
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        handlers::did_close::handle(self, params);
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        handlers::did_change_watched_files::handle(self, params).await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        handlers::did_change_configuration::handle(self, params).await;
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        handlers::did_change_workspace_folders::handle(self, params);
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        handlers::hover::handle(self, params).await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        handlers::code_action::handle(self, params).await
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        handlers::diagnostic::handle(self, params).await
    }
}
