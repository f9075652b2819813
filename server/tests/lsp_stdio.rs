//! The language server as editors run it: the `bulwark lsp` binary over
//! stdio. Stdout must carry nothing but framed JSON-RPC, logs go to stderr,
//! malformed input is answered and survived, and the exit code follows the
//! protocol (0 after `shutdown` and `exit`, 1 otherwise).

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(30);

struct Session {
    child: Child,
    stdin: Option<ChildStdin>,
    /// Messages from stdout; `Err` for output that is not a framed JSON message.
    messages: Receiver<Result<Value, String>>,
    /// Everything written to stderr, read on its own thread so that a
    /// chatty log never blocks the server.
    stderr: std::thread::JoinHandle<String>,
    next_id: i64,
}

impl Session {
    fn start(dir: &Path, log: &str, args: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_bulwark"))
            .args(args)
            .current_dir(dir)
            .env("BULWARK_LOG", log)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        let stdout = child.stdout.take().expect("a stdout pipe");
        let stdin = child.stdin.take();
        let mut stderr_pipe = child.stderr.take().expect("a stderr pipe");
        let stderr = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr_pipe.read_to_string(&mut text);
            text
        });
        let (sender, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let message = read_frame(&mut reader);
                let end = message.is_none();
                let message = message.unwrap_or_else(|| Err("end of output".to_string()));
                if sender.send(message).is_err() || end {
                    return;
                }
            }
        });
        Self {
            child,
            stdin,
            messages,
            stderr,
            next_id: 0,
        }
    }

    fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        stdin.write_all(bytes).expect("the server reads");
        stdin.flush().expect("the server reads");
    }

    /// Frames and sends `body`, valid JSON or not.
    fn send_body(&mut self, body: &[u8]) {
        let mut bytes = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        bytes.extend(body);
        self.send_raw(&bytes);
    }

    fn send(&mut self, message: &Value) {
        self.send_body(&serde_json::to_vec(message).unwrap());
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.wait_for(|m| m["id"] == id && m.get("method").is_none())
    }

    /// The next message `pred` accepts, answering the server's requests on
    /// the way; fails on anything on stdout that is not a message.
    fn wait_for(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let message = self
                .messages
                .recv_timeout(left)
                .expect("a message in time")
                .unwrap_or_else(|e| panic!("stdout is not JSON-RPC: {e}"));
            if message.get("method").is_some()
                && let Some(id) = message.get("id")
            {
                let reply = json!({ "jsonrpc": "2.0", "id": id, "result": null });
                self.send(&reply);
            }
            if pred(&message) {
                return message;
            }
        }
    }

    fn initialize(&mut self, root: &Path) {
        let uri = format!("file://{}", root.display());
        let result = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri,
                "workspaceFolders": [{ "uri": uri, "name": "root" }],
                "capabilities": {
                    "textDocument": { "publishDiagnostics": { "versionSupport": true } },
                },
            }),
        );
        assert_eq!(
            result["result"]["capabilities"]["positionEncoding"],
            "utf-16"
        );
        self.notify("initialized", json!({}));
    }

    /// Closes stdin and waits for the process; returns its exit code and stderr.
    fn finish(mut self) -> (Option<i32>, String) {
        self.stdin.take();
        let deadline = Instant::now() + WAIT;
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("a waitable child") {
                break status;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        };
        let stderr = self.stderr.join().expect("the stderr reader");
        (status.code(), stderr)
    }
}

fn read_frame(reader: &mut impl BufRead) -> Option<Result<Value, String>> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        match line.strip_prefix("Content-Length: ") {
            Some(n) => length = n.parse::<usize>().ok(),
            None => return Some(Err(format!("unexpected header line {line:?}"))),
        }
    }
    let Some(length) = length else {
        return Some(Err("a frame without Content-Length".to_string()));
    };
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(serde_json::from_slice(&body).map_err(|e| format!("a body that is not JSON: {e}")))
}

fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".dockerignore"), ".git\n").unwrap();
    dir
}

#[test]
fn a_session_over_stdio() {
    let dir = workspace();
    let root = dir.path().canonicalize().unwrap();
    let mut server = Session::start(&root, "debug", &["lsp", "--stdio"]);
    server.initialize(&root);

    let uri = format!("file://{}/Dockerfile", root.display());
    let text = "FROM alpine:3.20\nRUN <<EOF\necho hi\n";
    let item = json!({ "uri": uri, "languageId": "dockerfile", "version": 1, "text": text });
    server.notify("textDocument/didOpen", json!({ "textDocument": item }));
    let published = server.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
    });
    assert_eq!(published["params"]["version"], 1);
    let diagnostics = published["params"]["diagnostics"].as_array().unwrap();
    assert!(
        diagnostics.iter().any(|d| d["code"] == "syntax-error"),
        "{diagnostics:#?}"
    );

    // Malformed input is answered, and the session goes on.
    server.send_body(b"{\"id\": 1,");
    let error = server.wait_for(|m| m.get("error").is_some() && m["id"].is_null());
    assert_eq!(error["error"]["code"], -32700);
    server.send_body(b"{\"id\":\"odd\"}");
    // A header that is not `Content-Length` framing is skipped.
    server.send_raw(b"X-Nonsense\r\n\r\n");
    let error = server.wait_for(|m| m["id"] == "odd");
    assert_eq!(error["error"]["code"], -32600);
    let hover = server.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 99, "character": 0 } }),
    );
    assert_eq!(hover["result"], Value::Null);

    let shutdown = server.request("shutdown", Value::Null);
    assert_eq!(shutdown["result"], Value::Null);
    server.notify("exit", Value::Null);
    let (code, stderr) = server.finish();
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("bulwark language server starting"),
        "{stderr}"
    );
    assert!(
        stderr.contains("not JSON"),
        "the malformed message is logged: {stderr}"
    );
}

#[test]
fn exit_without_shutdown_exits_with_1() {
    let dir = workspace();
    let mut server = Session::start(dir.path(), "info", &["lsp"]);
    server.initialize(dir.path());
    server.notify("exit", Value::Null);
    let (code, stderr) = server.finish();
    assert_eq!(code, Some(1), "{stderr}");
}

#[test]
fn a_closed_input_ends_the_server() {
    let dir = workspace();
    let server = Session::start(dir.path(), "info", &["lsp"]);
    let (code, stderr) = server.finish();
    assert_eq!(code, Some(1), "{stderr}");
}

#[test]
fn an_invalid_log_filter_is_reported_and_ignored() {
    let dir = workspace();
    let mut server = Session::start(dir.path(), "bulwark=[[nonsense", &["lsp"]);
    server.initialize(dir.path());
    server.request("shutdown", Value::Null);
    server.notify("exit", Value::Null);
    let (code, stderr) = server.finish();
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("BULWARK_LOG"), "{stderr}");
}
