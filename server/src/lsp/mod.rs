//! The language server front end: `bulwark lsp`, JSON-RPC over stdio with
//! tower-lsp-server on tokio.
//!
//! Only this module knows LSP types, and only [`convert`] turns byte ranges
//! into positions. The layout: [`backend`] holds the state and routes each
//! method to its handler in [`handlers`]; [`session`] is the document store;
//! [`scheduler`] decides when checks run and publishes their results;
//! [`index`] reads the workspace from disk; [`settings`] resolves
//! configuration; [`capabilities`] and [`edits`] shape what goes to the
//! client. Logs go to stderr, since stdout carries the protocol.
#![deny(clippy::print_stdout)]

pub mod backend;
pub mod capabilities;
pub mod convert;
pub mod edits;
pub mod handlers;
pub mod index;
pub mod scheduler;
pub mod session;
pub mod settings;
pub mod transport;

#[cfg(test)]
mod tests;

use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite};
use tower_lsp_server::{LspService, Server};
use tracing_subscriber::EnvFilter;

use self::backend::{Backend, CheckFn};

/// The environment variable that sets the log level (`debug`,
/// `bulwark=trace`, ...); `info` when unset.
pub const LOG_ENV: &str = "BULWARK_LOG";

/// Runs the language server on stdin/stdout until the client exits. The
/// exit code is 0 after `shutdown` then `exit`, 1 when the client left
/// without `shutdown`, 2 when the server could not start.
pub fn run() -> ExitCode {
    init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("bulwark-lsp")
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            tracing::error!("cannot start the async runtime: {err}");
            return ExitCode::from(2);
        }
    };
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        "bulwark language server starting"
    );
    let clean = runtime.block_on(serve(
        tokio::io::stdin(),
        tokio::io::stdout(),
        crate::engine::check_with,
    ));
    // Background work (an index walk, a check) must not hold up the exit.
    runtime.shutdown_timeout(Duration::from_millis(100));
    tracing::info!(clean, "bulwark language server stopped");
    if clean {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Serves one client over `input`/`output` with `check` as the engine.
/// Returns whether the client shut the server down before leaving.
pub async fn serve<I, O>(input: I, output: O, check: CheckFn) -> bool
where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite,
{
    let (service, socket) = LspService::build(|client| Backend::new(client, check))
        .custom_method(transport::PARSE_ERROR_METHOD, Backend::parse_error)
        .custom_method(transport::INVALID_REQUEST_METHOD, Backend::invalid_request)
        .finish();
    let shut_down = service.inner().shut_down_flag();
    let (guarded, transport_input) = tokio::io::duplex(1 << 16);
    let guard = tokio::spawn(transport::guard(input, guarded));
    // Handlers that wait for a check must not hold up the text-sync
    // notifications behind them, so allow more in flight than the default.
    Server::new(transport_input, output, socket)
        .concurrency_level(16)
        .serve(service)
        .await;
    guard.abort();
    shut_down.load(Ordering::SeqCst)
}

fn init_logging() {
    let (filter, invalid) = match std::env::var(LOG_ENV) {
        Ok(value) => match EnvFilter::try_new(&value) {
            Ok(filter) => (filter, None),
            Err(err) => (EnvFilter::new("info"), Some((value, err))),
        },
        Err(_) => (EnvFilter::new("info"), None),
    };
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_env_filter(filter)
        .try_init();
    if let Some((value, err)) = invalid {
        tracing::warn!("{LOG_ENV}={value:?} is not a log filter ({err}); logging at info");
    }
}
