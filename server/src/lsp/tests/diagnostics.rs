//! Pushed and pulled diagnostics: their fields, versions, stale results and
//! failed checks.

use std::time::Duration;

use serde_json::{Value, json};

use super::{TestServer, codes, editor_caps};
use crate::config::Config;
use crate::document::Document;
use crate::engine::Fixes;
use crate::finding::Finding;
use crate::text::TextRange;
use crate::workspace::Workspace;

const UNTERMINATED: &str = "FROM alpine:3.20\nRUN <<EOF\necho hi\n";
/// A Dockerfile whose only finding is its unclosed heredoc: the image is
/// pinned, the user is not root and a health check is set, so no rule fires.
const ONLY_SYNTAX_ERROR: &str = "FROM alpine:3.20@sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d\n\
                                 USER 10001\nHEALTHCHECK CMD [\"true\"]\nRUN <<EOF\necho hi\n";
const UNUSED: &str = "FROM alpine:3.20\n# bulwark-ignore: root-user\nUSER 10001\n";

#[tokio::test]
async fn syntax_errors_are_pushed_with_the_version() {
    let mut server = TestServer::builder().start().await;
    let uri = server.open("Dockerfile", "dockerfile", UNTERMINATED).await;
    let diagnostics = server.diagnostics(&uri, 1).await;
    let syntax = diagnostics
        .iter()
        .find(|d| d["code"] == "syntax-error")
        .expect("a syntax error");
    assert_eq!(syntax["source"], "bulwark");
    assert_eq!(syntax["severity"], 1);
    assert_eq!(syntax["range"]["start"]["line"], 1);
    assert!(
        syntax.get("codeDescription").is_none(),
        "no docs address is configured"
    );

    // Closing the heredoc fixes it, in the diagnostics of version 2.
    server
        .change(
            &uri,
            2,
            json!([{ "range": super::range((3, 0), (3, 0)), "text": "EOF\n" }]),
        )
        .await;
    let diagnostics = server.diagnostics(&uri, 2).await;
    assert!(
        !codes(&diagnostics).contains(&"syntax-error".to_string()),
        "{diagnostics:#?}"
    );
    assert!(server.shutdown().await);
}

#[tokio::test]
async fn unused_suppressions_are_tagged_unnecessary() {
    let mut server = TestServer::builder().start().await;
    let uri = server.open("Dockerfile", "dockerfile", UNUSED).await;
    let diagnostics = server.diagnostics(&uri, 1).await;
    let unused = diagnostics
        .iter()
        .find(|d| d["code"] == "unused-suppression")
        .expect("an unused suppression");
    assert_eq!(unused["tags"], json!([1]));
    assert_eq!(unused["severity"], 4);
    assert_eq!(
        unused["range"]["start"],
        json!({ "line": 1, "character": 0 })
    );
    assert!(server.shutdown().await);
}

#[tokio::test]
async fn docs_links_only_with_a_configured_base() {
    let mut server = TestServer::builder()
        .init_options(json!({ "docsBaseUrl": "https://docs.invalid/rules/" }))
        .start()
        .await;
    let uri = server.open("Dockerfile", "dockerfile", UNUSED).await;
    let diagnostics = server.diagnostics(&uri, 1).await;
    let unused = diagnostics
        .iter()
        .find(|d| d["code"] == "unused-suppression")
        .unwrap();
    assert_eq!(
        unused["codeDescription"]["href"],
        "https://docs.invalid/rules/unused-suppression"
    );
    assert!(server.shutdown().await);
}

#[tokio::test]
async fn pull_clients_pull_and_are_never_pushed_to() {
    let mut caps = editor_caps();
    caps["textDocument"]["diagnostic"] = json!({ "dynamicRegistration": false });
    let mut server = TestServer::builder().caps(caps).start().await;
    let provider = &server.initialize["capabilities"]["diagnosticProvider"];
    assert_eq!(provider["interFileDependencies"], true);

    let uri = server
        .open("Dockerfile", "dockerfile", ONLY_SYNTAX_ERROR)
        .await;
    let params = json!({ "textDocument": { "uri": uri } });
    let report = server.request("textDocument/diagnostic", params).await;
    assert_eq!(report["kind"], "full");
    assert_eq!(codes(report["items"].as_array().unwrap()), ["syntax-error"]);
    let result_id = report["resultId"].as_str().unwrap().to_string();

    let again = json!({ "textDocument": { "uri": uri }, "previousResultId": result_id });
    let report = server
        .request("textDocument/diagnostic", again.clone())
        .await;
    assert_eq!(report["kind"], "unchanged");

    // An edit that leaves the diagnostics as they were is answered
    // "unchanged" to a client holding them.
    let same = ONLY_SYNTAX_ERROR.replace("USER 10001", "USER 10002");
    server.change(&uri, 2, json!([{ "text": same }])).await;
    let report = server
        .request("textDocument/diagnostic", again.clone())
        .await;
    assert_eq!(report["kind"], "unchanged");
    assert_eq!(report["resultId"], result_id);

    server
        .change(&uri, 3, json!([{ "text": "FROM alpine:3.20\n" }]))
        .await;
    let report = server.request("textDocument/diagnostic", again).await;
    assert_eq!(report["kind"], "full");
    assert_ne!(report["resultId"], result_id);

    let pushed = server
        .arrives(Duration::from_millis(300), |m| {
            m["method"] == "textDocument/publishDiagnostics"
        })
        .await;
    assert!(!pushed, "a pull client got pushed diagnostics");
    assert!(server.shutdown().await);
}

#[tokio::test]
async fn pulling_an_unopened_document_gives_an_empty_report() {
    let mut caps = editor_caps();
    caps["textDocument"]["diagnostic"] = json!({});
    let mut server = TestServer::builder().caps(caps).start().await;
    let params = json!({ "textDocument": { "uri": server.uri("Dockerfile") } });
    let report = server.request("textDocument/diagnostic", params).await;
    assert_eq!(report["items"], json!([]));
    assert!(server.shutdown().await);
}

/// Slow for texts holding `SLOW`, so that a newer version arrives while an
/// older one is being checked.
fn slow_check(doc: &Document, _: &Workspace, _: &Config, _: Fixes) -> Vec<Finding> {
    if doc.text().contains("SLOW") {
        std::thread::sleep(Duration::from_millis(300));
    }
    vec![Finding::new("echo", TextRange::empty(0), doc.text())]
}

#[tokio::test]
async fn results_for_an_older_version_are_never_published() {
    let mut server = TestServer::builder().check(slow_check).start().await;
    let uri = server
        .open("Dockerfile", "dockerfile", "FROM a # SLOW\n")
        .await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    server
        .change(&uri, 2, json!([{ "text": "FROM b\n" }]))
        .await;
    let first = server.next_diagnostics(&uri).await;
    assert_eq!(first["version"], 2, "{first}");
    assert_eq!(first["diagnostics"][0]["message"], "FROM b\n");
    assert!(server.shutdown().await);
}

/// Panics on texts holding `PANIC`.
fn panicky_check(
    doc: &Document,
    workspace: &Workspace,
    config: &Config,
    fixes: Fixes,
) -> Vec<Finding> {
    assert!(!doc.text().contains("PANIC"), "a check that panics");
    crate::engine::check_with(doc, workspace, config, fixes)
}

#[tokio::test]
async fn a_panicking_check_is_reported_once_and_the_server_keeps_serving() {
    let mut server = TestServer::builder().check(panicky_check).start().await;
    let bad = server
        .open("a/Dockerfile", "dockerfile", "FROM a\n# PANIC\n")
        .await;
    let message = server
        .wait_for("the failure message", |m| {
            m["method"] == "window/showMessage"
        })
        .await;
    assert_eq!(message["params"]["type"], 1);
    assert!(
        message["params"]["message"]
            .as_str()
            .unwrap()
            .contains(&bad)
    );

    // Other documents are still checked.
    let good = server
        .open("b/Dockerfile", "dockerfile", ONLY_SYNTAX_ERROR)
        .await;
    assert_eq!(codes(&server.diagnostics(&good, 1).await), ["syntax-error"]);

    // Failing again does not say so again.
    server
        .change(&bad, 2, json!([{ "text": "FROM b\n# PANIC again\n" }]))
        .await;
    server
        .request(
            "textDocument/hover",
            json!({
                "textDocument": { "uri": bad },
                "position": { "line": 0, "character": 0 },
            }),
        )
        .await;
    let again = server
        .arrives(Duration::from_millis(200), |m| {
            m["method"] == "window/showMessage"
        })
        .await;
    assert!(!again, "the same failure was shown twice");

    // Once the text no longer panics, its diagnostics come.
    server
        .change(&bad, 3, json!([{ "text": ONLY_SYNTAX_ERROR }]))
        .await;
    assert_eq!(codes(&server.diagnostics(&bad, 3).await), ["syntax-error"]);
    assert!(server.shutdown().await);
}

#[tokio::test]
async fn files_not_handled_get_one_empty_list() {
    let mut server = TestServer::builder().start().await;
    let uri = server
        .open("notes.txt", "plaintext", "FROM nothing\n")
        .await;
    assert_eq!(server.diagnostics(&uri, 1).await, Vec::<Value>::new());
    server
        .change(&uri, 2, json!([{ "text": "RUN <<EOF\n" }]))
        .await;
    let more = server
        .arrives(Duration::from_millis(200), |m| m["params"]["uri"] == uri)
        .await;
    assert!(!more);
    assert!(server.shutdown().await);
}

#[tokio::test]
async fn untitled_buffers_are_classified_by_language_id() {
    let mut server = TestServer::builder().start().await;
    let uri = "untitled:Untitled-1";
    server.open_uri(uri, "dockerfile", ONLY_SYNTAX_ERROR).await;
    assert_eq!(codes(&server.diagnostics(uri, 1).await), ["syntax-error"]);
    let other = "untitled:Untitled-2";
    server.open_uri(other, "markdown", UNTERMINATED).await;
    assert_eq!(server.diagnostics(other, 1).await, Vec::<Value>::new());
    assert!(server.shutdown().await);
}

#[tokio::test]
async fn closing_clears_the_diagnostics() {
    let mut server = TestServer::builder().start().await;
    let uri = server.open("Dockerfile", "dockerfile", UNTERMINATED).await;
    server.diagnostics(&uri, 1).await;
    server
        .notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": uri } }),
        )
        .await;
    let cleared = server
        .wait_for("cleared diagnostics", |m| {
            m["params"]["uri"] == uri && m["params"]["diagnostics"] == json!([])
        })
        .await;
    assert!(cleared["params"]["version"].is_null());
    assert!(server.shutdown().await);
}
