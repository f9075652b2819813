//! `workspace/didChangeConfiguration` and the `workspace/configuration`
//! pull: the editor's `bulwark` settings changed, so apply them and re-check
//! the open documents without a restart.
//!
//! Clients that answer `workspace/configuration` are asked for the `bulwark`
//! section (after `initialized`, and again on every change notification,
//! whose payload such clients often leave empty); others send the settings
//! in the notification itself.

use serde_json::Value;
use tower_lsp_server::ls_types::{ConfigurationItem, DidChangeConfigurationParams, MessageType};
use tracing::{debug, warn};

use crate::lsp::backend::{Backend, lock};
use crate::lsp::scheduler::{self, Change};
use crate::lsp::settings;

pub async fn handle(backend: &Backend, params: DidChangeConfigurationParams) {
    if backend.caps().configuration {
        fetch(backend.clone()).await;
        return;
    }
    if let Some(section) = settings::bulwark_section(Some(&params.settings)) {
        apply(backend, section).await;
    }
}

/// Asks the client for the `bulwark` section and applies it.
pub async fn fetch(backend: Backend) {
    let items = vec![ConfigurationItem {
        scope_uri: None,
        section: Some("bulwark".to_string()),
    }];
    match backend.client.configuration(items).await {
        Ok(values) => match values.into_iter().next() {
            // A null answer means the client keeps no `bulwark` section (a
            // Neovim without `settings`, say): the settings in force, from
            // the initialization options, stay rather than being reset.
            None | Some(Value::Null) => debug!("no bulwark section in the client's settings"),
            Some(value) => apply(&backend, &value).await,
        },
        Err(err) => warn!("workspace/configuration failed: {err}"),
    }
}

async fn apply(backend: &Backend, value: &Value) {
    debug!(?value, "editor settings");
    let result = lock(&backend.configs).set_editor_settings(value);
    if let Err(err) = result {
        // The previous settings stay in force; the user sees why.
        warn!("{err}");
        backend
            .client
            .show_message(MessageType::WARNING, format!("Bulwark: {err}"))
            .await;
        return;
    }
    lock(&backend.session).invalidate();
    scheduler::changed(backend, None, Change::Disk);
}
