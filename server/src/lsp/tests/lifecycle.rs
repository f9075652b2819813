//! Initialize, capabilities, malformed input, shutdown and exit.

use serde_json::{Value, json};

use super::{TestServer, editor_caps};

#[tokio::test]
async fn initialize_negotiates_utf16_by_default() {
    let server = TestServer::builder().start().await;
    let caps = &server.initialize["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
    assert_eq!(caps["hoverProvider"], true);
    let kinds = &caps["codeActionProvider"]["codeActionKinds"];
    assert_eq!(
        kinds,
        &json!([
            "quickfix",
            "quickfix.bulwark.suppress",
            "source.fixAll.bulwark"
        ])
    );
    // The client does not pull, so the server pushes and offers no pulling.
    assert!(caps.get("diagnosticProvider").is_none());
    assert_eq!(server.initialize["serverInfo"]["name"], "bulwark");
    assert!(server.shutdown().await);
}

#[tokio::test]
async fn initialize_picks_utf8_when_offered() {
    let mut caps = editor_caps();
    caps["general"]["positionEncodings"] = json!(["utf-16", "utf-8"]);
    let server = TestServer::builder().caps(caps).start().await;
    assert_eq!(
        server.initialize["capabilities"]["positionEncoding"],
        "utf-8"
    );
    assert!(server.shutdown().await);
}

#[tokio::test]
async fn empty_capabilities_are_fine() {
    let server = TestServer::builder().caps(json!({})).start().await;
    assert_eq!(
        server.initialize["capabilities"]["positionEncoding"],
        "utf-16"
    );
    assert!(server.shutdown().await);
}

#[tokio::test]
async fn watcher_is_registered_and_indexing_reports_progress() {
    let mut server = TestServer::builder()
        .file("Dockerfile", "FROM alpine:3.20\n")
        .start()
        .await;
    let registration = server
        .wait_for("the watcher registration", |m| {
            m["method"] == "client/registerCapability"
        })
        .await;
    let registered = &registration["params"]["registrations"][0];
    assert_eq!(registered["method"], "workspace/didChangeWatchedFiles");
    let pattern = registered["registerOptions"]["watchers"][0]["globPattern"]
        .as_str()
        .unwrap();
    assert!(
        pattern.contains("Dockerfile*") && pattern.contains(".bulwark.yaml"),
        "{pattern}"
    );

    server
        .wait_for("a progress token", |m| {
            m["method"] == "window/workDoneProgress/create"
        })
        .await;
    let begin = server
        .wait_for("progress begin", |m| {
            m["method"] == "$/progress" && m["params"]["value"]["kind"] == "begin"
        })
        .await;
    let end = server
        .wait_for("progress end", |m| {
            m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
        })
        .await;
    assert_eq!(begin["params"]["token"], end["params"]["token"]);
    assert_eq!(end["params"]["value"]["message"], "indexed 1 file");
    assert!(server.shutdown().await);
}

#[tokio::test]
async fn no_registration_without_dynamic_registration() {
    let mut caps = editor_caps();
    caps["workspace"]["didChangeWatchedFiles"]["dynamicRegistration"] = json!(false);
    caps["window"]["workDoneProgress"] = json!(false);
    let mut server = TestServer::builder().caps(caps).start().await;
    // A request round trip lets `initialized` finish its work first.
    server.request("shutdown", Value::Null).await;
    let asked = server
        .arrives(std::time::Duration::from_millis(200), |m| {
            m["method"] == "client/registerCapability"
                || m["method"] == "window/workDoneProgress/create"
        })
        .await;
    assert!(!asked);
}

#[tokio::test]
async fn unknown_methods_get_method_not_found() {
    let mut server = TestServer::builder().start().await;
    let response = server.request_raw("bulwark/noSuchThing", json!({})).await;
    assert_eq!(response["error"]["code"], -32601);
    // Unknown notifications are ignored.
    server.notify("bulwark/noSuchNotification", json!({})).await;
    assert!(server.shutdown().await);
}

#[tokio::test]
async fn malformed_messages_get_an_error_and_the_server_keeps_serving() {
    let mut server = TestServer::builder().start().await;
    server.send_raw(b"Content-Length: 7\r\n\r\n{oops!}").await;
    let error = server
        .wait_for("a parse error", |m| {
            m.get("error").is_some() && m["id"].is_null()
        })
        .await;
    assert_eq!(error["error"]["code"], -32700);
    // Valid JSON that is not a valid request, and bad parameters.
    server.send_raw(b"Content-Length: 2\r\n\r\n[]").await;
    let response = server
        .request_raw("textDocument/hover", json!({ "nonsense": 1 }))
        .await;
    assert_eq!(response["error"]["code"], -32602);

    let uri = server
        .open("Dockerfile", "dockerfile", "FROM alpine:3.20\n")
        .await;
    server.diagnostics(&uri, 1).await;
    assert!(server.shutdown().await);
}

#[tokio::test]
async fn requests_for_unopened_documents_answer_null() {
    let mut server = TestServer::builder().start().await;
    let uri = server.uri("Dockerfile");
    let position =
        json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 0 } });
    assert_eq!(
        server.request("textDocument/hover", position).await,
        Value::Null
    );
    let actions = json!({
        "textDocument": { "uri": uri },
        "range": super::range((0, 0), (0, 0)),
        "context": { "diagnostics": [] },
    });
    assert_eq!(
        server.request("textDocument/codeAction", actions).await,
        Value::Null
    );
    // Edits and closes of unknown documents are logged, not fatal.
    server
        .change(&uri, 2, json!([{ "text": "FROM a\n" }]))
        .await;
    server
        .notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": uri } }),
        )
        .await;
    assert!(server.shutdown().await);
}

#[tokio::test]
async fn exit_without_shutdown_is_not_clean() {
    let mut server = TestServer::builder().start().await;
    server.notify("exit", Value::Null).await;
    let clean = tokio::time::timeout(super::WAIT, &mut server.server)
        .await
        .expect("the server stops after exit")
        .expect("the server task does not panic");
    assert!(!clean);
}
