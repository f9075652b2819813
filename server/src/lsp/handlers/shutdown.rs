//! `shutdown`: the client is about to send `exit`.

use tower_lsp_server::jsonrpc::Result;
use tracing::info;

use crate::lsp::backend::Backend;

pub fn handle(backend: &Backend) -> Result<()> {
    info!("shutdown");
    backend.mark_shut_down();
    Ok(())
}
