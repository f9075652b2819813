//! `initialize`: capabilities, options and workspace folders.

use std::path::PathBuf;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{InitializeParams, InitializeResult, ServerInfo};
use tracing::{debug, info, warn};

use crate::lsp::backend::{Backend, Init, lock};
use crate::lsp::capabilities::{ClientCaps, server_capabilities};
use crate::lsp::convert;
use crate::lsp::settings::{self, InitOptions};

pub fn handle(backend: &Backend, params: InitializeParams) -> Result<InitializeResult> {
    let caps = ClientCaps::new(&params.capabilities);
    let options = InitOptions::from_json(params.initialization_options.as_ref());
    let folders = folders(&params);
    info!(
        client = params.client_info.as_ref().map_or("unknown", |c| c.name.as_str()),
        encoding = ?caps.encoding,
        pull_diagnostics = caps.pull_diagnostics,
        folders = folders.len(),
        "initialize"
    );
    debug!(?caps, ?options, ?folders, "negotiated");
    {
        let mut configs = lock(&backend.configs);
        configs.set_folders(folders.clone());
        if let Some(section) = settings::bulwark_section(params.initialization_options.as_ref())
            && let Err(err) = configs.set_editor_settings(section)
        {
            warn!("{err}");
        }
    }
    lock(&backend.session).set_folders(folders);
    backend.set_init(Init { caps, options });
    Ok(InitializeResult {
        capabilities: server_capabilities(&caps),
        server_info: Some(ServerInfo {
            name: "bulwark".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
        offset_encoding: None,
    })
}

/// The workspace folders, or the root of a client that predates them.
#[allow(deprecated)] // `root_uri` and `root_path` are how older clients say it.
fn folders(params: &InitializeParams) -> Vec<PathBuf> {
    if let Some(folders) = &params.workspace_folders {
        return folders
            .iter()
            .filter_map(|f| convert::path(&f.uri))
            .collect();
    }
    if let Some(path) = params.root_uri.as_ref().and_then(convert::path) {
        return vec![path];
    }
    params
        .root_path
        .as_deref()
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .into_iter()
        .collect()
}
