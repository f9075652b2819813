//! In-process tests of the language server: a [`TestServer`] drives the
//! real service over an in-memory duplex stream, as a client would.

mod code_action;
mod diagnostics;
mod hover;
mod lifecycle;
mod sync;
mod workspace;

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream, WriteHalf};
use tokio::sync::{Mutex, mpsc};
use tokio::task::JoinHandle;

use super::backend::CheckFn;

/// How long a test waits for a message before it fails.
const WAIT: Duration = Duration::from_secs(10);

/// Client capabilities like an editor's: UTF-16, push diagnostics with
/// versions, code action literals, documentChanges with file creation,
/// dynamic file watching and progress.
pub fn editor_caps() -> Value {
    json!({
        "general": { "positionEncodings": ["utf-16"] },
        "workspace": {
            "workspaceFolders": true,
            "applyEdit": true,
            "workspaceEdit": { "documentChanges": true, "resourceOperations": ["create"] },
            "didChangeWatchedFiles": { "dynamicRegistration": true },
        },
        "textDocument": {
            "synchronization": { "didSave": true },
            "publishDiagnostics": { "versionSupport": true, "tagSupport": { "valueSet": [1, 2] } },
            "hover": { "contentFormat": ["markdown", "plaintext"] },
            "codeAction": {
                "codeActionLiteralSupport": {
                    "codeActionKind": { "valueSet": ["", "quickfix", "source", "source.fixAll"] }
                },
                "isPreferredSupport": true,
            },
        },
        "window": { "workDoneProgress": true },
    })
}

/// Builds a [`TestServer`].
pub struct Builder {
    files: Vec<(String, Vec<u8>)>,
    caps: Value,
    init_options: Value,
    check: CheckFn,
}

impl Builder {
    /// A file written into the workspace folder before the server starts.
    pub fn file(mut self, name: &str, text: impl AsRef<[u8]>) -> Self {
        self.files.push((name.to_string(), text.as_ref().to_vec()));
        self
    }

    /// Client capabilities, replacing [`editor_caps`].
    pub fn caps(mut self, caps: Value) -> Self {
        self.caps = caps;
        self
    }

    pub fn init_options(mut self, options: Value) -> Self {
        self.init_options = options;
        self
    }

    /// The check the server runs instead of `engine::check`.
    pub fn check(mut self, check: CheckFn) -> Self {
        self.check = check;
        self
    }

    /// Starts the server and performs `initialize` and `initialized`.
    pub async fn start(self) -> TestServer {
        let dir = tempfile::tempdir().expect("a temporary folder");
        // Canonical, so that paths in URIs match what the server computes.
        let root = dir.path().canonicalize().expect("a canonical path");
        for (name, bytes) in &self.files {
            let path = root.join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).expect("a folder");
            }
            std::fs::write(&path, bytes).expect("a written file");
        }
        let (client_side, server_side) = tokio::io::duplex(1 << 20);
        let (server_read, server_write) = tokio::io::split(server_side);
        let check = self.check;
        let server = tokio::spawn(super::serve(server_read, server_write, check));
        let (client_read, client_write) = tokio::io::split(client_side);
        let writer = Arc::new(Mutex::new(client_write));
        let (sender, incoming) = mpsc::unbounded_channel();
        let reader = tokio::spawn(read_messages(client_read, writer.clone(), sender));

        let mut server = TestServer {
            writer,
            incoming,
            seen: VecDeque::new(),
            next_id: 0,
            server,
            reader,
            root,
            _dir: dir,
            initialize: Value::Null,
        };
        let root_uri = server.uri("");
        let root_uri = root_uri.trim_end_matches('/').to_string();
        let result = server
            .request(
                "initialize",
                json!({
                    "processId": null,
                    "rootUri": root_uri,
                    "workspaceFolders": [{ "uri": root_uri, "name": "root" }],
                    "capabilities": self.caps,
                    "initializationOptions": self.init_options,
                }),
            )
            .await;
        server.initialize = result;
        server.notify("initialized", json!({})).await;
        server
    }
}

/// A running server and the client end of its connection.
pub struct TestServer {
    writer: Arc<Mutex<WriteHalf<DuplexStream>>>,
    /// Messages from the server: notifications, responses, and the requests
    /// it made (already answered).
    incoming: mpsc::UnboundedReceiver<Value>,
    /// Messages received but not yet consumed by a wait.
    seen: VecDeque<Value>,
    next_id: i64,
    server: JoinHandle<bool>,
    reader: JoinHandle<()>,
    /// The workspace folder.
    pub root: PathBuf,
    _dir: tempfile::TempDir,
    /// The `initialize` response.
    pub initialize: Value,
}

impl TestServer {
    pub fn builder() -> Builder {
        Builder {
            files: Vec::new(),
            caps: editor_caps(),
            init_options: Value::Null,
            check: crate::engine::check_with,
        }
    }

    /// The `file:` URI of a path relative to the workspace folder.
    pub fn uri(&self, name: &str) -> String {
        let path = self.root.join(name);
        crate::lsp::convert::uri(&path)
            .expect("a file URI")
            .as_str()
            .to_string()
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }

    pub async fn send(&mut self, message: &Value) {
        write_message(&self.writer, message).await;
    }

    /// Writes raw bytes, framing included (for malformed input).
    pub async fn send_raw(&mut self, bytes: &[u8]) {
        let mut writer = self.writer.lock().await;
        writer.write_all(bytes).await.expect("the server reads");
        writer.flush().await.expect("the server reads");
    }

    pub async fn notify(&mut self, method: &str, params: Value) {
        let message = json!({ "jsonrpc": "2.0", "method": method, "params": params });
        self.send(&message).await;
    }

    /// Sends a request and returns the whole response (`result` or `error`).
    pub async fn request_raw(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let message = json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params });
        self.send(&message).await;
        self.wait_for(&format!("the response to {method}"), |m| {
            m.get("id") == Some(&json!(id)) && m.get("method").is_none()
        })
        .await
    }

    /// Sends a request and returns its result, failing on an error.
    pub async fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_raw(method, params).await;
        assert!(
            response.get("error").is_none(),
            "{method} failed: {response}"
        );
        response["result"].clone()
    }

    /// The first message (seen or to come) that `pred` accepts; it is
    /// consumed, the others stay for later waits.
    pub async fn wait_for(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.seen.iter().position(&pred) {
            return self.seen.remove(i).expect("an index in range");
        }
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let message = tokio::time::timeout_at(deadline, self.incoming.recv())
                .await
                .unwrap_or_else(|_| panic!("timed out waiting for {what}; seen: {:#?}", self.seen))
                .unwrap_or_else(|| panic!("the server closed the connection waiting for {what}"));
            if pred(&message) {
                return message;
            }
            self.seen.push_back(message);
        }
    }

    /// Whether a message `pred` accepts arrives within `within`.
    pub async fn arrives(&mut self, within: Duration, pred: impl Fn(&Value) -> bool) -> bool {
        if self.seen.iter().any(&pred) {
            return true;
        }
        let deadline = tokio::time::Instant::now() + within;
        while let Ok(Some(message)) = tokio::time::timeout_at(deadline, self.incoming.recv()).await
        {
            let hit = pred(&message);
            self.seen.push_back(message);
            if hit {
                return true;
            }
        }
        false
    }

    pub async fn open(&mut self, name: &str, language_id: &str, text: &str) -> String {
        let uri = self.uri(name);
        self.open_uri(&uri, language_id, text).await;
        uri
    }

    pub async fn open_uri(&mut self, uri: &str, language_id: &str, text: &str) {
        let item = json!({ "uri": uri, "languageId": language_id, "version": 1, "text": text });
        self.notify("textDocument/didOpen", json!({ "textDocument": item }))
            .await;
    }

    /// Sends one `didChange` with the given content changes.
    pub async fn change(&mut self, uri: &str, version: i32, changes: Value) {
        let params = json!({
            "textDocument": { "uri": uri, "version": version },
            "contentChanges": changes,
        });
        self.notify("textDocument/didChange", params).await;
    }

    /// The diagnostics published for `uri` at `version` (skipping earlier
    /// publications of it).
    pub async fn diagnostics(&mut self, uri: &str, version: i32) -> Vec<Value> {
        let message = self
            .wait_for(&format!("diagnostics of {uri} v{version}"), |m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == uri
                    && m["params"]["version"] == version
            })
            .await;
        message["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// The next diagnostics published for `uri`, whatever their version.
    pub async fn next_diagnostics(&mut self, uri: &str) -> Value {
        let message = self
            .wait_for(&format!("diagnostics of {uri}"), |m| {
                m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
            })
            .await;
        message["params"].clone()
    }

    /// `shutdown` then `exit`; returns whether the server reported a clean exit.
    pub async fn shutdown(mut self) -> bool {
        let result = self.request("shutdown", Value::Null).await;
        assert_eq!(result, Value::Null);
        self.notify("exit", Value::Null).await;
        let clean = tokio::time::timeout(WAIT, &mut self.server)
            .await
            .expect("the server stops after exit")
            .expect("the server task does not panic");
        self.reader.abort();
        clean
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.server.abort();
        self.reader.abort();
    }
}

async fn write_message(writer: &Mutex<WriteHalf<DuplexStream>>, message: &Value) {
    let body = serde_json::to_vec(message).expect("JSON");
    let mut writer = writer.lock().await;
    let header = format!("Content-Length: {}\r\n\r\n", body.len());
    // A server that stopped reading is the test's failure to report, not a
    // panic here.
    let _ = writer.write_all(header.as_bytes()).await;
    let _ = writer.write_all(&body).await;
    let _ = writer.flush().await;
}

/// Reads the server's messages, answers its requests (`null` for all: the
/// editor accepts registrations and progress tokens), and passes every
/// message on.
async fn read_messages(
    read: tokio::io::ReadHalf<DuplexStream>,
    writer: Arc<Mutex<WriteHalf<DuplexStream>>>,
    sender: mpsc::UnboundedSender<Value>,
) {
    let mut reader = BufReader::new(read);
    loop {
        let mut length = None;
        loop {
            let mut line = String::new();
            match reader.read_line(&mut line).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(value) = line.strip_prefix("Content-Length: ") {
                length = value.parse::<usize>().ok();
            }
        }
        let Some(length) = length else { return };
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).await.is_err() {
            return;
        }
        let Ok(message) = serde_json::from_slice::<Value>(&body) else {
            return;
        };
        if message.get("method").is_some()
            && let Some(id) = message.get("id")
        {
            let reply = json!({ "jsonrpc": "2.0", "id": id, "result": null });
            write_message(&writer, &reply).await;
        }
        if sender.send(message).is_err() {
            return;
        }
    }
}

/// A range as JSON, for content changes and requests.
pub fn range(start: (u32, u32), end: (u32, u32)) -> Value {
    json!({
        "start": { "line": start.0, "character": start.1 },
        "end": { "line": end.0, "character": end.1 },
    })
}

/// The `code` of each diagnostic, in order.
pub fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// Applies the text edits of a workspace edit to `uri`'s text (which must
/// be the only document it edits), as a client would.
pub fn apply_edit(text: &str, edit: &Value, uri: &str) -> String {
    let edits: Vec<Value> = if let Some(changes) = edit.get("documentChanges") {
        changes
            .as_array()
            .expect("an array of changes")
            .iter()
            .filter(|c| c["textDocument"]["uri"] == uri)
            .flat_map(|c| c["edits"].as_array().cloned().unwrap_or_default())
            .collect()
    } else {
        edit["changes"][uri].as_array().cloned().unwrap_or_default()
    };
    let rope = ropey::Rope::from_str(text);
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            let offset = |p: &Value| {
                let line = p["line"].as_u64().expect("a line") as usize;
                let character = p["character"].as_u64().expect("a column") as usize;
                let start = rope.char_to_utf16_cu(rope.line_to_char(line));
                rope.char_to_byte(rope.utf16_cu_to_char(start + character))
            };
            let r = &e["range"];
            (
                offset(&r["start"]),
                offset(&r["end"]),
                e["newText"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    // Later edits first, so that earlier offsets stay valid.
    spans.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
    let mut out = text.to_string();
    for (start, end, new_text) in spans {
        out.replace_range(start..end, &new_text);
    }
    out
}

/// Writes a file into the workspace from a test.
pub fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("a folder");
    }
    std::fs::write(path, text).expect("a written file");
}
