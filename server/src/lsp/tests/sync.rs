//! Incremental text sync: positions in each encoding, CRLF, clamping.

use serde_json::json;

use super::{TestServer, editor_caps, range};
use crate::config::Config;
use crate::document::Document;
use crate::engine::Fixes;
use crate::finding::Finding;
use crate::text::TextRange;
use crate::workspace::Workspace;

/// Reports the document's whole text as a message, so that a test sees
/// exactly what the server holds.
fn echo_text(doc: &Document, _: &Workspace, _: &Config, _: Fixes) -> Vec<Finding> {
    vec![Finding::new("echo", TextRange::empty(0), doc.text())]
}

async fn server_with(encoding: &str) -> TestServer {
    let mut caps = editor_caps();
    caps["general"]["positionEncodings"] = json!([encoding]);
    TestServer::builder()
        .caps(caps)
        .check(echo_text)
        .start()
        .await
}

async fn text_after(server: &mut TestServer, uri: &str, version: i32) -> String {
    let diagnostics = server.diagnostics(uri, version).await;
    diagnostics[0]["message"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn utf16_columns_count_surrogate_pairs() {
    let mut server = server_with("utf-16").await;
    let uri = server
        .open("Dockerfile", "dockerfile", "FROM a\nRUN é😀b\n")
        .await;
    assert_eq!(text_after(&mut server, &uri, 1).await, "FROM a\nRUN é😀b\n");
    // `é` is one UTF-16 unit and `😀` two, so `b` is at column 7.
    server
        .change(
            &uri,
            2,
            json!([{ "range": range((1, 7), (1, 8)), "text": "c" }]),
        )
        .await;
    assert_eq!(text_after(&mut server, &uri, 2).await, "FROM a\nRUN é😀c\n");
    assert!(server.shutdown().await);
}

#[tokio::test]
async fn utf8_columns_count_bytes() {
    let mut server = server_with("utf-8").await;
    assert_eq!(
        server.initialize["capabilities"]["positionEncoding"],
        "utf-8"
    );
    let uri = server
        .open("Dockerfile", "dockerfile", "FROM a\nRUN é😀b\n")
        .await;
    // `é` is two bytes and `😀` four, so `b` is at byte 10.
    server
        .change(
            &uri,
            2,
            json!([{ "range": range((1, 10), (1, 11)), "text": "c" }]),
        )
        .await;
    assert_eq!(text_after(&mut server, &uri, 2).await, "FROM a\nRUN é😀c\n");
    assert!(server.shutdown().await);
}

#[tokio::test]
async fn changes_of_one_notification_apply_in_order() {
    let mut server = server_with("utf-16").await;
    let uri = server.open("Dockerfile", "dockerfile", "FROM a\n").await;
    let changes = json!([
        { "range": range((1, 0), (1, 0)), "text": "USER 1\n" },
        // This position exists only after the first change.
        { "range": range((1, 5), (1, 6)), "text": "10001" },
    ]);
    server.change(&uri, 2, changes).await;
    assert_eq!(
        text_after(&mut server, &uri, 2).await,
        "FROM a\nUSER 10001\n"
    );
    assert!(server.shutdown().await);
}

#[tokio::test]
async fn crlf_lines_and_long_columns() {
    let mut server = server_with("utf-16").await;
    let uri = server
        .open("Dockerfile", "dockerfile", "FROM a\r\nRUN x\r\n")
        .await;
    server
        .change(
            &uri,
            2,
            json!([{ "range": range((1, 4), (1, 5)), "text": "y" }]),
        )
        .await;
    assert_eq!(
        text_after(&mut server, &uri, 2).await,
        "FROM a\r\nRUN y\r\n"
    );
    // A column past the end of a line means its end, before the `\r\n`.
    server
        .change(
            &uri,
            3,
            json!([{ "range": range((0, 99), (0, 99)), "text": " AS b" }]),
        )
        .await;
    assert_eq!(
        text_after(&mut server, &uri, 3).await,
        "FROM a AS b\r\nRUN y\r\n"
    );
    assert!(server.shutdown().await);
}

#[tokio::test]
async fn ranges_beyond_the_document_are_clamped_to_its_end() {
    let mut server = server_with("utf-16").await;
    let uri = server.open("Dockerfile", "dockerfile", "FROM a\n").await;
    server
        .change(
            &uri,
            2,
            json!([{ "range": range((10, 0), (12, 3)), "text": "USER 1\n" }]),
        )
        .await;
    assert_eq!(text_after(&mut server, &uri, 2).await, "FROM a\nUSER 1\n");
    // A reversed range is read as empty at its start.
    server
        .change(
            &uri,
            3,
            json!([{ "range": range((1, 4), (0, 0)), "text": "!" }]),
        )
        .await;
    assert_eq!(text_after(&mut server, &uri, 3).await, "FROM a\nUSER! 1\n");
    assert!(server.shutdown().await);
}

#[tokio::test]
async fn full_text_changes_replace_the_document() {
    let mut server = server_with("utf-16").await;
    let uri = server.open("Dockerfile", "dockerfile", "FROM a\n").await;
    server
        .change(
            &uri,
            2,
            json!([{ "text": "FROM b\n" }, { "range": range((0, 5), (0, 6)), "text": "c" }]),
        )
        .await;
    assert_eq!(text_after(&mut server, &uri, 2).await, "FROM c\n");
    assert!(server.shutdown().await);
}

#[tokio::test]
async fn many_quick_edits_end_in_the_last_state() {
    let mut server = server_with("utf-16").await;
    let uri = server
        .open("Dockerfile", "dockerfile", "FROM a\nRUN \n")
        .await;
    for version in 2..=60 {
        let column = u32::try_from(version).unwrap() - 2 + 4;
        server
            .change(
                &uri,
                version,
                json!([{ "range": range((1, column), (1, column)), "text": "x" }]),
            )
            .await;
    }
    let expected = format!("FROM a\nRUN {}\n", "x".repeat(59));
    assert_eq!(text_after(&mut server, &uri, 60).await, expected);
    assert!(server.shutdown().await);
}
