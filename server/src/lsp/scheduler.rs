//! When checks run and where their results go.
//!
//! Push clients: a change queues the edited document at the front and the
//! other open documents behind it (their findings may read the changed
//! file). One worker task takes documents off the queue, checks each
//! against a snapshot, and publishes the result with the version it was
//! computed for, unless the buffer has moved on. A document queued twice is
//! checked once, so a burst of keystrokes costs one check of the last
//! version, and that last version is always checked.
//!
//! Pull clients: nothing is pushed; requests check on demand, and changes on
//! disk ask the client to pull again.
//!
//! Every check runs in `spawn_blocking`; a panic in one becomes an error log
//! and one message to the user, and the server goes on serving.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex};

use tokio::sync::Notify;
use tower_lsp_server::ls_types::{MessageType, Uri};
use tracing::{debug, error, trace};

use super::backend::{Backend, lock};
use super::convert;
use super::session::{CheckInput, Checked, FixPlan};
use crate::engine::Fixes;

/// Documents waiting to have their diagnostics published.
#[derive(Debug, Default)]
pub struct Queue {
    state: Mutex<QueueState>,
    wake: Notify,
}

#[derive(Debug, Default)]
struct QueueState {
    order: VecDeque<Uri>,
    queued: HashSet<Uri>,
}

impl Queue {
    /// Queues `uri` ahead of everything else.
    pub fn urgent(&self, uri: Uri) {
        let mut state = lock(&self.state);
        if !state.queued.insert(uri.clone()) {
            state.order.retain(|u| u != &uri);
        }
        state.order.push_front(uri);
        drop(state);
        self.wake.notify_one();
    }

    /// Queues each of `uris` that is not queued yet, behind the others.
    pub fn later(&self, uris: impl IntoIterator<Item = Uri>) {
        let mut state = lock(&self.state);
        for uri in uris {
            if state.queued.insert(uri.clone()) {
                state.order.push_back(uri);
            }
        }
        drop(state);
        self.wake.notify_one();
    }

    fn pop(&self) -> Option<Uri> {
        let mut state = lock(&self.state);
        let uri = state.order.pop_front()?;
        state.queued.remove(&uri);
        Some(uri)
    }

    async fn next(&self) -> Uri {
        loop {
            if let Some(uri) = self.pop() {
                return uri;
            }
            // `notify_one` keeps a permit when nobody waits, so a push
            // between `pop` and here is not lost.
            self.wake.notified().await;
        }
    }
}

/// What changed, for deciding what to re-check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// An open buffer was edited, opened or closed; `others` when the other
    /// documents may read it.
    Buffer { others: bool },
    /// Files on disk or configuration changed.
    Disk,
}

/// Schedules the re-publication that `change` calls for.
pub fn changed(backend: &Backend, uri: Option<&Uri>, change: Change) {
    let caps = backend.caps();
    if caps.pull_diagnostics {
        // Pull clients re-pull the edited document themselves, and the
        // others too since the server declares inter-file dependencies;
        // only changes they cannot see call for a refresh.
        if change == Change::Disk && caps.diagnostic_refresh {
            let client = backend.client.clone();
            tokio::spawn(async move {
                if let Err(err) = client.workspace_diagnostic_refresh().await {
                    debug!("diagnostic refresh failed: {err}");
                }
            });
        }
        return;
    }
    if let Some(uri) = uri {
        backend.queue.urgent(uri.clone());
    }
    if matches!(change, Change::Buffer { others: false }) {
        return;
    }
    let others = lock(&backend.session).handled_uris();
    backend
        .queue
        .later(others.into_iter().filter(|u| Some(u) != uri));
}

/// What was last published for a document: the version and generation of
/// its results, or `None` for the one empty list of an unhandled file.
type Published = HashMap<Uri, Option<(i32, u64)>>;

/// Publishes diagnostics for queued documents, one at a time, forever.
pub async fn run_worker(backend: Backend) {
    let mut published = Published::new();
    loop {
        let uri = backend.queue.next().await;
        publish(&backend, uri, &mut published).await;
    }
}

enum Step {
    Skip,
    Clear(Option<i32>),
    Send(Arc<Checked>),
    Check(CheckInput),
}

async fn publish(backend: &Backend, uri: Uri, published: &mut Published) {
    let step = {
        let mut session = lock(&backend.session);
        match session.get(&uri) {
            None if published.contains_key(&uri) => Step::Clear(None),
            None => Step::Skip,
            Some(entry) if entry.doc.is_none() => {
                if published.contains_key(&uri) {
                    Step::Skip
                } else {
                    Step::Clear(Some(entry.version))
                }
            }
            Some(_) => match session.fresh(&uri) {
                Some(c) if published.get(&uri) == Some(&Some((c.version(), c.generation))) => {
                    Step::Skip
                }
                Some(c) => Step::Send(c),
                None => session.check_input(&uri).map_or(Step::Skip, Step::Check),
            },
        }
    };

    let checked = match step {
        Step::Skip => return,
        Step::Clear(version) => {
            match version {
                Some(_) => published.insert(uri.clone(), None),
                None => published.remove(&uri),
            };
            backend
                .client
                .publish_diagnostics(uri, Vec::new(), version)
                .await;
            return;
        }
        Step::Send(checked) => checked,
        Step::Check(input) => {
            let Some(checked) = check(backend, input, &uri).await else {
                return;
            };
            let stored = lock(&backend.session).store(&uri, checked);
            release(stored.replaced);
            match stored.result {
                Ok(checked) => checked,
                Err(_) => {
                    debug!(
                        uri = uri.as_str(),
                        "dropped the results of an older version"
                    );
                    return;
                }
            }
        }
    };

    let key = Some((checked.version(), checked.generation));
    let (current, stale) = {
        let session = lock(&backend.session);
        let current = session.get(&uri).map(|e| e.version) == Some(checked.version());
        (current, session.fresh(&uri).is_none())
    };
    if !current {
        // The buffer changed while this was checked; its own turn is queued.
        return;
    }
    if published.get(&uri) != Some(&key) {
        published.insert(uri.clone(), key);
        let diagnostics = checked.diagnostics.clone();
        trace!(uri = uri.as_str(), count = diagnostics.len(), "publish");
        backend
            .client
            .publish_diagnostics(uri.clone(), diagnostics, Some(checked.version()))
            .await;
    }
    if stale {
        // Another file changed during the check: check again with it.
        backend.queue.later([uri]);
    }
}

/// Why a document has no results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    NotOpen,
    /// Open, but not a file Bulwark handles.
    Unhandled,
    /// The check failed (and that was logged and shown).
    Failed,
}

/// The results for the current version of `uri`: the stored ones when still
/// valid, else a check run now.
pub async fn current(backend: &Backend, uri: &Uri) -> Result<Arc<Checked>, Missing> {
    let input = {
        let mut session = lock(&backend.session);
        let Some(entry) = session.get(uri) else {
            return Err(Missing::NotOpen);
        };
        if entry.doc.is_none() {
            return Err(Missing::Unhandled);
        }
        if let Some(checked) = session.fresh(uri) {
            return Ok(checked);
        }
        session.check_input(uri).ok_or(Missing::Unhandled)?
    };
    let checked = check(backend, input, uri).await.ok_or(Missing::Failed)?;
    let stored = lock(&backend.session).store(uri, checked);
    release(stored.replaced);
    // When the buffer moved on, these results still answer the request,
    // whose positions refer to the version that was checked.
    Ok(stored.result.unwrap_or_else(|offered| offered))
}

/// Drops results that were replaced on a blocking thread: freeing the model
/// of a large document takes about as long as building it, and the request
/// that replaced them should not wait for that.
fn release(replaced: Option<Arc<Checked>>) {
    if let Some(replaced) = replaced {
        drop(tokio::task::spawn_blocking(move || drop(replaced)));
    }
}

/// Runs the check of `input` on a blocking thread, with the configuration
/// that applies to it, and converts the findings to diagnostics there too.
/// `None` when the check panicked.
pub async fn check(backend: &Backend, input: CheckInput, uri: &Uri) -> Option<Checked> {
    let caps = backend.caps();
    let docs_base_url = backend.options().docs_base_url;
    let configs = backend.configs.clone();
    let run = backend.check;
    let started = std::time::Instant::now();
    let task = tokio::task::spawn_blocking(move || {
        let path = input.doc.path();
        let (findings, plan) = match path.filter(|p| crate::config::is_config_file(p)) {
            // A configuration file gets its own problems, at their keys.
            Some(path) => (crate::config::diagnose(input.doc.text(), path), None),
            None => match lock(&configs).config_for(path) {
                // Diagnostics need no fixes: they are planned when a code
                // action asks, which spares every keystroke their cost.
                Some(config) => {
                    let findings = run(&input.doc, &input.workspace, &config, Fixes::Skip);
                    let plan = FixPlan {
                        run,
                        workspace: input.workspace,
                        config,
                    };
                    (findings, Some(plan))
                }
                // The configuration ignores this file.
                None => (Vec::new(), None),
            },
        };
        let positions = convert::Positions::of(&input.doc, caps.encoding);
        let diagnostics = findings
            .iter()
            .map(|f| convert::diagnostic(f, &positions, docs_base_url.as_deref()))
            .collect();
        match plan {
            Some(plan) => {
                Checked::without_fixes(input.doc, input.generation, findings, diagnostics, plan)
            }
            None => Checked::new(input.doc, input.generation, findings, diagnostics),
        }
    });
    match task.await {
        Ok(checked) => {
            trace!(uri = uri.as_str(), elapsed = ?started.elapsed(), "checked");
            lock(&backend.failed).remove(uri);
            Some(checked)
        }
        Err(err) => {
            let why = if err.is_panic() {
                panic_message(err.into_panic())
            } else {
                err.to_string()
            };
            error!(uri = uri.as_str(), "the check failed: {why}");
            if lock(&backend.failed).insert(uri.clone()) {
                let message = format!(
                    "Bulwark could not check {}: an internal error occurred ({why}). \
                     Other files are still checked; the server log has the details.",
                    uri.as_str()
                );
                backend
                    .client
                    .show_message(MessageType::ERROR, message)
                    .await;
            }
            None
        }
    }
}

fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<&str>()
        .map(ToString::to_string)
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_string())
}
