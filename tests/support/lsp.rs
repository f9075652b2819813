//! A small language-server client over stdio, and the LSP side of a corpus
//! case as `lsp_corpus_check.py` runs it.
//!
//! The client frames JSON-RPC with `Content-Length`, answers the requests a
//! server may send (configuration, registrations, progress) on its reader
//! thread, and keeps every notification for the test to inspect.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::corpus::Case;
use crate::expect::{self, Reported};

/// How long a case may take, start to shutdown (the reference's default).
pub const CASE_TIMEOUT: Duration = Duration::from_secs(20);
/// Quiet time after the last publish before the diagnostics count.
pub const SETTLE: Duration = Duration::from_millis(300);
/// How long the server may take to exit after `shutdown` and `exit`.
pub const SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(3);

/// Why talking to the server stopped.
#[derive(Debug)]
pub enum LspError {
    Timeout(String),
    /// The server closed its output.
    Gone,
}

enum Incoming {
    Message(Instant, Value),
    Closed,
}

/// A running server.
pub struct Server {
    child: Child,
    stdin: Arc<Mutex<Option<ChildStdin>>>,
    rx: Receiver<Incoming>,
    next_id: i64,
    responses: BTreeMap<i64, Value>,
    /// (arrival, params) of every `textDocument/publishDiagnostics`.
    pub diagnostics: Vec<(Instant, Value)>,
    /// Output that was not well-formed LSP.
    pub protocol_errors: Arc<Mutex<Vec<String>>>,
    /// Workspace folders, for `workspace/workspaceFolders` requests.
    closed: bool,
    /// What `workspace/configuration` answers for every item (null unless
    /// a test sets it).
    pub settings: Arc<Mutex<Value>>,
}

impl Server {
    /// Starts `bin lsp` in `cwd`; `folders` answers `workspace/workspaceFolders`.
    pub fn start(bin: &Path, cwd: &Path, folders: Value) -> std::io::Result<Self> {
        let mut child = Command::new(bin)
            .arg("lsp")
            .current_dir(cwd)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| std::io::Error::other("no stdout"))?;
        let stdin = Arc::new(Mutex::new(child.stdin.take()));
        let protocol_errors = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = channel();

        let writer = Arc::clone(&stdin);
        let errors = Arc::clone(&protocol_errors);
        let settings = Arc::new(Mutex::new(Value::Null));
        let answers = Arc::clone(&settings);
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                match read_message(&mut reader, &errors) {
                    Some(msg) => {
                        if msg.get("method").is_some() && msg.get("id").is_some() {
                            let current = answers.lock().map(|s| s.clone()).unwrap_or_default();
                            answer_server_request(&writer, &msg, &folders, &current);
                        } else if tx.send(Incoming::Message(Instant::now(), msg)).is_err() {
                            break;
                        }
                    }
                    None => {
                        let _ = tx.send(Incoming::Closed);
                        break;
                    }
                }
            }
        });

        Ok(Self {
            child,
            stdin,
            rx,
            next_id: 1,
            responses: BTreeMap::new(),
            diagnostics: Vec::new(),
            protocol_errors,
            closed: false,
            settings,
        })
    }

    pub fn notify(&mut self, method: &str, params: Value) -> Result<Instant, LspError> {
        let t = Instant::now();
        write_message(
            &self.stdin,
            &json!({"jsonrpc": "2.0", "method": method, "params": params}),
        )
        .map_err(|_| LspError::Gone)?;
        Ok(t)
    }

    /// Sends a request and waits for its response until `deadline`.
    pub fn request(
        &mut self,
        method: &str,
        params: Value,
        deadline: Instant,
    ) -> Result<Value, LspError> {
        let id = self.next_id;
        self.next_id += 1;
        let msg = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
        write_message(&self.stdin, &msg).map_err(|_| LspError::Gone)?;
        loop {
            if let Some(response) = self.responses.remove(&id) {
                return Ok(response);
            }
            if !self.pump(deadline)? {
                let _ = self.notify("$/cancelRequest", json!({"id": id}));
                return Err(LspError::Timeout(format!("{method}: no response in time")));
            }
        }
    }

    /// Handles one incoming message; false when `deadline` passed first.
    pub fn pump(&mut self, deadline: Instant) -> Result<bool, LspError> {
        if self.closed {
            return Err(LspError::Gone);
        }
        let wait = deadline.saturating_duration_since(Instant::now());
        if wait.is_zero() {
            return Ok(false);
        }
        match self.rx.recv_timeout(wait) {
            Ok(Incoming::Message(t, msg)) => {
                if let Some(method) = msg.get("method").and_then(Value::as_str) {
                    if method == "textDocument/publishDiagnostics" {
                        let params = msg.get("params").cloned().unwrap_or(Value::Null);
                        self.diagnostics.push((t, params));
                    }
                } else if let Some(id) = msg.get("id").and_then(Value::as_i64) {
                    self.responses.insert(id, msg);
                }
                Ok(true)
            }
            Ok(Incoming::Closed) | Err(RecvTimeoutError::Disconnected) => {
                self.closed = true;
                Err(LspError::Gone)
            }
            Err(RecvTimeoutError::Timeout) => Ok(false),
        }
    }

    /// `shutdown`, `exit`, then waits for the process; problems if it did
    /// not go cleanly.
    pub fn shutdown(mut self) -> Vec<String> {
        let mut problems = Vec::new();
        if !self.closed {
            match self.request("shutdown", Value::Null, Instant::now() + SHUTDOWN_TIMEOUT) {
                Ok(msg) if msg.get("error").is_some() => {
                    problems.push("shutdown answered with an error".to_string());
                }
                Ok(_) => {
                    let _ = self.notify("exit", Value::Null);
                }
                Err(LspError::Timeout(e)) => problems.push(format!("unclean shutdown: {e}")),
                Err(LspError::Gone) => {
                    problems.push("unclean shutdown: the server closed its output".to_string());
                }
            }
        }
        if let Ok(mut stdin) = self.stdin.lock() {
            stdin.take();
        }
        let until = Instant::now() + SHUTDOWN_TIMEOUT;
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) => {
                    if problems.is_empty() && status.code() != Some(0) {
                        problems.push(format!(
                            "the server exited with {status} after shutdown and exit"
                        ));
                    }
                    break;
                }
                Ok(None) if Instant::now() < until => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                _ => {
                    let _ = self.child.kill();
                    let _ = self.child.wait();
                    problems.push(format!(
                        "the server did not exit within {}s of exit; killed",
                        SHUTDOWN_TIMEOUT.as_secs()
                    ));
                    break;
                }
            }
        }
        problems
    }

    /// The exit status if the process has ended (after a crash).
    pub fn exit_status(&mut self) -> Option<std::process::ExitStatus> {
        let until = Instant::now() + Duration::from_secs(2);
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            if Instant::now() >= until {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn write_message(stdin: &Mutex<Option<ChildStdin>>, msg: &Value) -> std::io::Result<()> {
    let body = serde_json::to_vec(msg)?;
    let mut guard = stdin
        .lock()
        .map_err(|_| std::io::Error::other("poisoned"))?;
    let pipe = guard
        .as_mut()
        .ok_or_else(|| std::io::Error::other("stdin closed"))?;
    pipe.write_all(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes())?;
    pipe.write_all(&body)?;
    pipe.flush()
}

/// Reads one message; `None` at the end of the output.
fn read_message(reader: &mut impl BufRead, errors: &Mutex<Vec<String>>) -> Option<Value> {
    let record = |what: String| {
        if let Ok(mut e) = errors.lock()
            && e.len() < 20
        {
            e.push(what);
        }
    };
    loop {
        let mut length: Option<usize> = None;
        let mut seen_header = false;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).ok()? == 0 {
                return None;
            }
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                if seen_header {
                    break;
                }
                continue;
            }
            seen_header = true;
            let (name, value) = line.split_once(':').unwrap_or((line, ""));
            match name.trim().to_ascii_lowercase().as_str() {
                "content-length" => length = value.trim().parse().ok(),
                "content-type" => {}
                _ => record(format!("unexpected header line {line:?}")),
            }
        }
        let Some(length) = length else {
            record("message header without Content-Length".to_string());
            continue;
        };
        let mut body = vec![0; length];
        reader.read_exact(&mut body).ok()?;
        match serde_json::from_slice::<Value>(&body) {
            Ok(msg) if msg.is_object() => return Some(msg),
            Ok(_) => record("message is not a JSON object".to_string()),
            Err(_) => record("message body is not JSON".to_string()),
        }
    }
}

/// Answers what a server may ask of its client, as lspbench does.
fn answer_server_request(
    stdin: &Mutex<Option<ChildStdin>>,
    msg: &Value,
    folders: &Value,
    settings: &Value,
) {
    let method = msg.get("method").and_then(Value::as_str).unwrap_or("");
    let id = msg.get("id").cloned().unwrap_or(Value::Null);
    let result = match method {
        "workspace/configuration" => {
            let n = msg["params"]["items"].as_array().map_or(0, Vec::len);
            Some(Value::Array(vec![settings.clone(); n]))
        }
        "client/registerCapability"
        | "client/unregisterCapability"
        | "window/workDoneProgress/create"
        | "window/showMessageRequest" => Some(Value::Null),
        "workspace/workspaceFolders" => Some(folders.clone()),
        "window/showDocument" => Some(json!({"success": false})),
        "workspace/applyEdit" => Some(json!({"applied": false})),
        m if m.ends_with("/refresh") => Some(Value::Null),
        _ => None,
    };
    let reply = match result {
        Some(result) => json!({"jsonrpc": "2.0", "id": id, "result": result}),
        None => json!({"jsonrpc": "2.0", "id": id, "error": {
            "code": -32601, "message": format!("method not supported: {method}")}}),
    };
    let _ = write_message(stdin, &reply);
}

/// The client capabilities of the reference runner: UTF-16 positions, code
/// action literals, versioned push diagnostics, and no pull diagnostics.
pub fn client_capabilities() -> Value {
    json!({
        "general": {"positionEncodings": ["utf-16"]},
        "workspace": {
            "configuration": true,
            "workspaceFolders": true,
            "applyEdit": true,
            "workspaceEdit": {"documentChanges": true},
            "didChangeConfiguration": {"dynamicRegistration": false}
        },
        "textDocument": {
            "synchronization": {"dynamicRegistration": false, "didSave": true, "willSave": false},
            "publishDiagnostics": {
                "relatedInformation": true,
                "versionSupport": true,
                "codeDescriptionSupport": true,
                "dataSupport": true,
                "tagSupport": {"valueSet": [1, 2]}
            },
            "hover": {"dynamicRegistration": false, "contentFormat": ["markdown", "plaintext"]},
            "codeAction": {
                "dynamicRegistration": false,
                "isPreferredSupport": true,
                "disabledSupport": true,
                "dataSupport": true,
                "codeActionLiteralSupport": {"codeActionKind": {"valueSet": [
                    "", "quickfix", "refactor", "refactor.extract", "refactor.inline",
                    "refactor.rewrite", "source", "source.organizeImports", "source.fixAll"
                ]}}
            }
        },
        "window": {"workDoneProgress": true, "showMessage": {}}
    })
}

/// A `file://` URI for an absolute path.
pub fn file_uri(path: &Path) -> String {
    let mut out = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The local path of a `file:` URI, normalised; `None` for other schemes.
pub fn uri_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    // `file://host/path` names a host; only local URIs count.
    let path = if rest.starts_with('/') {
        rest
    } else {
        rest.strip_prefix("localhost")?
    };
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    let text = String::from_utf8_lossy(&out);
    Some(PathBuf::from(expect::normpath(&text)))
}

/// The languageId the reference runner opens a file with, by its name.
pub fn language_id(file_name: &str) -> Option<&'static str> {
    let name = file_name.to_ascii_lowercase();
    let is_dockerfile = |n: &str| {
        !n.ends_with(".dockerignore")
            && (n == "dockerfile"
                || n == "containerfile"
                || n.ends_with(".dockerfile")
                || n.ends_with(".containerfile")
                || n.starts_with("dockerfile.")
                || n.starts_with("containerfile."))
    };
    if name == ".dockerignore"
        || name
            .strip_suffix(".dockerignore")
            .is_some_and(|stem| is_dockerfile(stem))
    {
        return Some("ignore");
    }
    if is_dockerfile(&name) {
        return Some("dockerfile");
    }
    if name.ends_with(".yaml") || name.ends_with(".yml") {
        return Some("yaml");
    }
    None
}

/// (path relative to `root`, languageId) of every document to open: every
/// handled file below `root`, and named files of other kinds as plaintext.
pub fn files_to_open(root: &Path, named: &BTreeSet<String>) -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    walk(root, root, named, &mut out);
    out
}

fn walk(root: &Path, dir: &Path, named: &BTreeSet<String>, out: &mut Vec<(String, &'static str)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for entry in entries.flatten() {
        match entry.file_type() {
            Ok(t) if t.is_dir() => dirs.push(entry.path()),
            Ok(_) => files.push(entry.path()),
            Err(_) => {}
        }
    }
    files.sort();
    dirs.sort();
    for path in files {
        let rel = path.strip_prefix(root).unwrap_or(&path).to_string_lossy();
        let rel = expect::normpath(&rel);
        if rel == "expect" {
            continue;
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        let lang = language_id(&name).or_else(|| named.contains(&rel).then_some("plaintext"));
        if let Some(lang) = lang {
            out.push((rel, lang));
        }
    }
    for d in dirs {
        walk(root, &d, named, out);
    }
}

/// A diagnostic the server published, reduced for the expectations.
struct LspFinding {
    reported: Reported,
    diagnostic: Value,
    uri: String,
}

/// The problems of one case through the language server; empty when it
/// passes. Mirrors `lsp_corpus_check.py` step by step.
pub fn check_lsp(case: &Case, bin: &Path) -> Vec<String> {
    let expect = match case.expect() {
        Ok(e) => e,
        Err(e) => return vec![e],
    };
    let root = case.dir.canonicalize().unwrap_or_else(|_| case.dir.clone());
    let deadline = Instant::now() + CASE_TIMEOUT;
    let root_uri = file_uri(&root);
    let name = root
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let folders = json!([{"uri": root_uri, "name": name}]);

    let mut server = match Server::start(bin, &root, folders.clone()) {
        Ok(server) => server,
        Err(e) => return vec![format!("cannot start the server: {e}")],
    };
    let mut problems = Vec::new();
    let mut phase = "initialize";
    let outcome = session(
        &mut server,
        &expect,
        &root,
        &root_uri,
        folders,
        deadline,
        &mut problems,
        &mut phase,
    );
    let gone = match outcome {
        Ok(()) => false,
        Err(LspError::Timeout(e)) => {
            problems.insert(0, format!("timeout: {phase}: {e}"));
            false
        }
        Err(LspError::Gone) => {
            let reason = match server.exit_status() {
                Some(status) => format!("server crashed during {phase} ({status})"),
                None => format!("server closed its output during {phase} but kept running"),
            };
            problems.push(reason);
            true
        }
    };
    let protocol_errors = server
        .protocol_errors
        .lock()
        .map(|e| e.clone())
        .unwrap_or_default();
    if !gone {
        problems.extend(server.shutdown());
    }
    if let Some(first) = protocol_errors.first() {
        let more = if protocol_errors.len() > 1 {
            format!(" (+{} more)", protocol_errors.len() - 1)
        } else {
            String::new()
        };
        problems.insert(0, format!("invalid output: {first}{more}"));
    }
    problems
}

#[allow(clippy::too_many_arguments)]
fn session(
    server: &mut Server,
    expect: &expect::Expect,
    root: &Path,
    root_uri: &str,
    folders: Value,
    deadline: Instant,
    problems: &mut Vec<String>,
    phase: &mut &'static str,
) -> Result<(), LspError> {
    let named: BTreeSet<String> = expect
        .positive
        .iter()
        .chain(&expect.negative)
        .chain(&expect.fixes)
        .map(|k| k.0.clone())
        .collect();
    let docs = files_to_open(root, &named);

    let init = server.request(
        "initialize",
        json!({
            "processId": std::process::id(),
            "clientInfo": {"name": "bulwark-tests", "version": "1"},
            "locale": "en",
            "rootPath": root.to_string_lossy(),
            "rootUri": root_uri,
            "workspaceFolders": folders,
            "capabilities": client_capabilities(),
            "trace": "off"
        }),
        deadline,
    )?;
    if let Some(error) = init.get("error") {
        problems.push(format!("invalid output: initialize failed: {error}"));
        return Ok(());
    }
    let Some(caps) = init["result"]["capabilities"].as_object().cloned() else {
        problems.push("invalid output: initialize result has no capabilities object".into());
        return Ok(());
    };
    server.notify("initialized", json!({}))?;

    *phase = "didOpen";
    let mut opened: BTreeMap<PathBuf, (String, Instant)> = BTreeMap::new();
    for (rel, lang) in &docs {
        let path = root.join(rel);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                problems.push(format!("cannot read {rel}: {e}"));
                continue;
            }
        };
        let text = String::from_utf8_lossy(&bytes);
        let uri = file_uri(&path);
        let t = server.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": lang, "version": 1, "text": text}}),
        )?;
        opened.insert(
            PathBuf::from(expect::normpath(&path.to_string_lossy())),
            (uri, t),
        );
    }

    *phase = "waiting for diagnostics";
    let mut invalid = Vec::new();
    let latest = wait_diagnostics(server, &opened, deadline, &mut invalid)?;
    let found = findings(root, &latest, &opened, &mut invalid);
    problems.extend(expect::evaluate(
        expect,
        &found.iter().map(|f| f.reported.clone()).collect::<Vec<_>>(),
    ));

    *phase = "textDocument/codeAction";
    for (file, line, rule) in &expect.fixes {
        let why = fix_missing(
            server,
            &caps,
            &found,
            (file, line, rule),
            deadline,
            &mut invalid,
        )?;
        if let Some(why) = why {
            problems.push(format!("no fix {file}:{line} {rule} ({why})"));
        }
    }
    if let Some(first) = invalid.first() {
        let more = if invalid.len() > 1 {
            format!(" (+{} more)", invalid.len() - 1)
        } else {
            String::new()
        };
        problems.insert(0, format!("invalid output: {first}{more}"));
    }
    Ok(())
}

/// Waits until every opened document has had a publish and none came for
/// [`SETTLE`]; returns the latest params per path.
fn wait_diagnostics(
    server: &mut Server,
    opened: &BTreeMap<PathBuf, (String, Instant)>,
    deadline: Instant,
    invalid: &mut Vec<String>,
) -> Result<BTreeMap<PathBuf, Value>, LspError> {
    let mut pending: BTreeSet<&PathBuf> = opened.keys().collect();
    let mut latest = BTreeMap::new();
    let mut seen = 0;
    let mut last = Instant::now();
    loop {
        while seen < server.diagnostics.len() {
            let (t, params) = server.diagnostics[seen].clone();
            seen += 1;
            if !params["diagnostics"].is_array() {
                invalid.push("publishDiagnostics without a diagnostics array".to_string());
                continue;
            }
            let Some(path) = params["uri"].as_str().and_then(uri_path) else {
                invalid.push(format!(
                    "publishDiagnostics for a URI that is not a file: {}",
                    params["uri"]
                ));
                continue;
            };
            last = t;
            if let Some((_, opened_at)) = opened.get(&path)
                && t >= *opened_at
            {
                pending.remove(&path);
            }
            latest.insert(path, params);
        }
        let now = Instant::now();
        if pending.is_empty() && now.duration_since(last) >= SETTLE {
            return Ok(latest);
        }
        if now >= deadline {
            let what = if pending.is_empty() {
                "diagnostics kept coming".to_string()
            } else {
                let names: Vec<String> = pending.iter().map(|p| p.display().to_string()).collect();
                format!("no diagnostics for {}", names.join(", "))
            };
            return Err(LspError::Timeout(what));
        }
        let wake = if pending.is_empty() {
            (last + SETTLE).min(deadline)
        } else {
            deadline
        };
        server.pump(wake)?;
    }
}

fn findings(
    root: &Path,
    latest: &BTreeMap<PathBuf, Value>,
    opened: &BTreeMap<PathBuf, (String, Instant)>,
    invalid: &mut Vec<String>,
) -> Vec<LspFinding> {
    let mut out = Vec::new();
    for (path, params) in latest {
        let Ok(rel) = path.strip_prefix(root) else {
            continue;
        };
        let rel = expect::normpath(&rel.to_string_lossy());
        let uri = opened
            .get(path)
            .map(|(u, _)| u.clone())
            .unwrap_or_else(|| params["uri"].as_str().unwrap_or("").to_string());
        for (n, d) in params["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
        {
            if let Some(why) = check_diagnostic(d) {
                invalid.push(format!("diagnostic {n} for {rel}: {why}"));
                continue;
            }
            let code = match &d["code"] {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                _ => String::new(),
            };
            let severity = match d["severity"].as_i64() {
                Some(2) => "warning",
                Some(3) => "info",
                Some(4) => "hint",
                _ => "error",
            };
            let line = d["range"]["start"]["line"].as_i64().unwrap_or(0) + 1;
            out.push(LspFinding {
                reported: Reported {
                    file: rel.clone(),
                    line: line.to_string(),
                    rule: code,
                    severity: severity.to_string(),
                },
                diagnostic: d.clone(),
                uri: uri.clone(),
            });
        }
    }
    out
}

/// Why `d` is not a usable LSP Diagnostic, or `None`.
fn check_diagnostic(d: &Value) -> Option<String> {
    let Some(obj) = d.as_object() else {
        return Some("not an object".to_string());
    };
    let position_ok = |p: &Value| {
        ["line", "character"]
            .iter()
            .all(|k| p[*k].as_u64().is_some())
    };
    let range = &d["range"];
    if !range.is_object() || !position_ok(&range["start"]) || !position_ok(&range["end"]) {
        return Some("no valid range".to_string());
    }
    match obj.get("severity") {
        None | Some(Value::Null) => {}
        Some(s) if matches!(s.as_u64(), Some(1..=4)) => {}
        Some(s) => return Some(format!("severity {s}")),
    }
    match obj.get("code") {
        None | Some(Value::Null | Value::String(_)) => {}
        Some(Value::Number(n)) if n.is_i64() || n.is_u64() => {}
        Some(c) => return Some(format!("code {c}")),
    }
    if !d["message"].is_string() {
        return Some("no message".to_string());
    }
    None
}

/// `None` when one finding at `key` offers its own quick fix, else why not.
fn fix_missing(
    server: &mut Server,
    caps: &serde_json::Map<String, Value>,
    found: &[LspFinding],
    key: (&String, &String, &String),
    deadline: Instant,
    invalid: &mut Vec<String>,
) -> Result<Option<String>, LspError> {
    let matches: Vec<&LspFinding> = found
        .iter()
        .filter(|f| {
            f.reported.file == *key.0 && f.reported.line == *key.1 && f.reported.rule == *key.2
        })
        .collect();
    if matches.is_empty() {
        return Ok(Some("not reported".to_string()));
    }
    let provider = caps.get("codeActionProvider");
    if provider.is_none_or(|p| p.is_null() || *p == Value::Bool(false)) {
        return Ok(Some("server has no codeActionProvider".to_string()));
    }
    let mut reasons: Vec<String> = Vec::new();
    for f in matches {
        let msg = server.request(
            "textDocument/codeAction",
            json!({
                "textDocument": {"uri": f.uri},
                "range": f.diagnostic["range"],
                "context": {"diagnostics": [f.diagnostic], "triggerKind": 1}
            }),
            deadline,
        )?;
        if let Some(error) = msg.get("error") {
            reasons.push(format!(
                "codeAction error {}: {}",
                error["code"], error["message"]
            ));
            continue;
        }
        let actions = match &msg["result"] {
            Value::Null => Vec::new(),
            Value::Array(a) => a.clone(),
            _ => {
                invalid.push("codeAction result is neither an array nor null".to_string());
                reasons.push("invalid codeAction result".to_string());
                continue;
            }
        };
        if actions.iter().any(is_real_fix) {
            return Ok(None);
        }
        let reason = if actions.is_empty() {
            "no code actions".to_string()
        } else {
            let shown: Vec<String> = actions
                .iter()
                .take(3)
                .map(|a| {
                    format!(
                        "{} [{}]",
                        a["title"],
                        a["kind"].as_str().unwrap_or("no kind")
                    )
                })
                .collect();
            format!("no real quickfix among {}", shown.join(", "))
        };
        if !reasons.contains(&reason) {
            reasons.push(reason);
        }
    }
    Ok(Some(reasons.join(", ")))
}

/// An enabled quickfix that is not a suppression and does something.
pub fn is_real_fix(action: &Value) -> bool {
    let Some(kind) = action["kind"].as_str() else {
        return false;
    };
    if kind != "quickfix" && !kind.starts_with("quickfix.") {
        return false;
    }
    let Some(title) = action["title"].as_str() else {
        return false;
    };
    let lower = title.to_lowercase();
    if lower.contains("ignore") || lower.contains("suppress") {
        return false;
    }
    if action
        .get("disabled")
        .is_some_and(|d| !d.is_null() && *d != Value::Bool(false))
    {
        return false;
    }
    let edit = &action["edit"];
    let has_edit = nonempty(&edit["changes"]) || nonempty(&edit["documentChanges"]);
    let has_command = action["command"]["command"].is_string();
    has_edit || has_command
}

/// Python truthiness for a JSON value that should be a container.
fn nonempty(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        Value::String(s) => !s.is_empty(),
        Value::Number(n) => n.as_f64() != Some(0.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_round_trip() {
        let path = Path::new("/tmp/a b/Dockerfile");
        assert_eq!(file_uri(path), "file:///tmp/a%20b/Dockerfile");
        assert_eq!(uri_path(&file_uri(path)), Some(path.to_path_buf()));
        assert_eq!(uri_path("untitled:1"), None);
    }

    #[test]
    fn suppression_actions_are_not_fixes() {
        let edit = json!({"changes": {"file:///x": [{}]}});
        assert!(is_real_fix(
            &json!({"kind": "quickfix.bulwark.root-user", "title": "Switch to a non-root user", "edit": edit})
        ));
        assert!(!is_real_fix(
            &json!({"kind": "quickfix", "title": "Ignore root-user here", "edit": edit})
        ));
        assert!(!is_real_fix(
            &json!({"kind": "quickfix", "title": "Fix it", "edit": {}})
        ));
        assert!(!is_real_fix(
            &json!({"kind": "refactor", "title": "Fix it", "edit": edit})
        ));
    }

    #[test]
    fn language_ids_follow_the_reference() {
        assert_eq!(language_id("Dockerfile.dockerignore"), Some("ignore"));
        assert_eq!(language_id("api.Dockerfile"), Some("dockerfile"));
        assert_eq!(language_id("values.yml"), Some("yaml"));
        assert_eq!(language_id("README.md"), None);
    }
}
