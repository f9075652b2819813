//! A language-server session as the end-to-end tests use it: start the
//! binary on a workspace folder, open and change documents, report watched
//! files, and wait until the diagnostics published for a document satisfy a
//! condition.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::bulwark_bin;
use crate::lsp::{Server, client_capabilities, file_uri};

/// How long any one expected publish may take.
pub const WAIT: Duration = Duration::from_secs(20);

/// What a watched file did, as `workspace/didChangeWatchedFiles` numbers it.
#[derive(Clone, Copy, Debug)]
pub enum FileChange {
    Created = 1,
    Changed = 2,
    Deleted = 3,
}

/// Starts `bulwark lsp` with `root` as its only workspace folder and
/// completes the `initialize` handshake.
pub fn start(root: &Path, init_options: Value) -> Server {
    start_with(root, init_options, client_capabilities())
}

/// As [`start`], announcing `capabilities` as the client's.
pub fn start_with(root: &Path, init_options: Value, capabilities: Value) -> Server {
    let root_uri = file_uri(root);
    let folders = json!([{"uri": root_uri, "name": "w"}]);
    let mut server =
        Server::start(bulwark_bin(), root, folders.clone()).expect("the server starts");
    let response = server
        .request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root_uri,
                "workspaceFolders": folders,
                "capabilities": capabilities,
                "initializationOptions": init_options,
            }),
            Instant::now() + WAIT,
        )
        .expect("initialize is answered");
    assert!(response.get("result").is_some(), "{response}");
    server
        .notify("initialized", json!({}))
        .expect("the server reads");
    server
}

/// Opens `path` with `text` (version 1) and returns its URI.
pub fn open(server: &mut Server, path: &Path, language: &str, text: &str) -> String {
    let uri = file_uri(path);
    server
        .notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
        )
        .expect("the server reads");
    uri
}

/// Closes the document at `path`.
pub fn close(server: &mut Server, path: &Path) {
    server
        .notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": file_uri(path)}}),
        )
        .expect("the server reads");
}

/// Replaces the whole text of an open document.
pub fn replace(server: &mut Server, uri: &str, version: i64, text: &str) {
    server
        .notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"text": text}],
            }),
        )
        .expect("the server reads");
}

/// Tells the server that `path` changed on disk.
pub fn watched(server: &mut Server, path: &Path, change: FileChange) {
    server
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": file_uri(path), "type": change as u8}]}),
        )
        .expect("the server reads");
}

/// Waits until the latest diagnostics published for `uri` (at `version` or
/// later; 0 accepts any) satisfy `pred`, and returns them; panics with
/// `what` and the last publish when they do not within [`WAIT`].
pub fn wait_for(
    server: &mut Server,
    uri: &str,
    version: i64,
    what: &str,
    pred: impl Fn(&[Value]) -> bool,
) -> Vec<Value> {
    let deadline = Instant::now() + WAIT;
    let mut seen = 0;
    let mut last: Option<Vec<Value>> = None;
    loop {
        for (_, params) in &server.diagnostics[seen..] {
            if params["uri"] == uri && params["version"].as_i64().unwrap_or(0) >= version {
                last = params["diagnostics"].as_array().cloned();
            }
        }
        seen = server.diagnostics.len();
        if let Some(diags) = &last
            && pred(diags)
        {
            return diags.clone();
        }
        match server.pump(deadline) {
            Ok(true) => {}
            _ => panic!("{what}: not published in time; last for {uri}: {last:#?}"),
        }
    }
}

/// The rule codes of `diags`, in order.
pub fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .filter_map(|d| d["code"].as_str().map(str::to_string))
        .collect()
}

/// Whether any of `diags` has rule code `code`.
pub fn has(diags: &[Value], code: &str) -> bool {
    diags.iter().any(|d| d["code"] == code)
}

/// Applies the text edits of a workspace edit (`documentChanges` or
/// `changes`) that target `uri` to `text`, as a client would; positions are
/// UTF-16, as the session negotiates.
pub fn apply_workspace_edit(text: &str, edit: &Value, uri: &str) -> String {
    let edits: Vec<Value> = match edit.get("documentChanges").and_then(Value::as_array) {
        Some(changes) => changes
            .iter()
            .filter(|c| c["textDocument"]["uri"] == uri)
            .flat_map(|c| c["edits"].as_array().cloned().unwrap_or_default())
            .collect(),
        None => edit["changes"][uri].as_array().cloned().unwrap_or_default(),
    };
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let offset = |p: &Value| -> usize {
        let line = p["line"].as_u64().unwrap_or(0) as usize;
        let Some(&start) = line_starts.get(line) else {
            return text.len();
        };
        let mut units = p["character"].as_u64().unwrap_or(0) as usize;
        let mut at = start;
        for c in text[start..].chars() {
            if units == 0 || c == '\n' {
                break;
            }
            units = units.saturating_sub(c.len_utf16());
            at += c.len_utf8();
        }
        at
    };
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    // The last edit first, so that earlier offsets stay valid.
    spans.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
    let mut out = text.to_string();
    for (start, end, new_text) in spans {
        out.replace_range(start..end, &new_text);
    }
    out
}
