//! Hover: a finding's message and its rule's page, or a security note.

use serde_json::{Value, json};

use super::{TestServer, editor_caps};

async fn hover(server: &mut TestServer, uri: &str, line: u32, character: u32) -> Value {
    let params = json!({
        "textDocument": { "uri": uri },
        "position": { "line": line, "character": character },
    });
    server.request("textDocument/hover", params).await
}

#[tokio::test]
async fn a_finding_shows_its_message_then_its_rule_page() {
    let mut server = TestServer::builder().start().await;
    let text = "FROM alpine:3.20\n# bulwark-ignore: root-user\nUSER 10001\n";
    let uri = server.open("Dockerfile", "dockerfile", text).await;
    let result = hover(&mut server, &uri, 1, 5).await;
    let value = result["contents"]["value"].as_str().unwrap();
    assert_eq!(result["contents"]["kind"], "markdown");
    assert!(
        value.starts_with("this bulwark suppression of `root-user` silences nothing"),
        "{value}"
    );
    assert!(value.contains("# unused-suppression"), "{value}");
    assert_eq!(
        result["range"]["start"],
        json!({ "line": 1, "character": 0 })
    );
    assert!(server.shutdown().await);
}

/// Where findings nest (a key inside a flow-style container that is itself
/// reported), the innermost comes first and gives the hover its range.
#[tokio::test]
async fn the_innermost_finding_comes_first() {
    let mut server = TestServer::builder().start().await;
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ops}\nspec:\n  containers:\n    - {name: c, image: \"r.example.com/c:1.0\", securityContext: {privileged: true}}\n";
    let uri = server.open("pod.yaml", "yaml", text).await;
    let column = text.lines().nth(5).unwrap().find("privileged").unwrap() as u32;
    let result = hover(&mut server, &uri, 5, column + 2).await;
    let value = result["contents"]["value"].as_str().unwrap();
    let first = value.split("\n\n").next().unwrap();
    assert!(
        first.starts_with("container `c` runs privileged"),
        "{value}"
    );
    assert!(
        value.contains("# allow-privilege-escalation"),
        "both are shown: {value}"
    );
    assert_eq!(result["range"]["start"]["character"], column);
    assert!(server.shutdown().await);
}

#[tokio::test]
async fn keywords_without_findings_show_a_note() {
    let mut server = TestServer::builder().start().await;
    let text = "FROM alpine:3.20\nRUN --mount=type=secret,id=npm npm ci\nUSER 10001\n";
    let uri = server.open("Dockerfile", "dockerfile", text).await;
    let user = hover(&mut server, &uri, 2, 1).await;
    assert!(
        user["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("final stage")
    );
    assert_eq!(user["range"], super::range((2, 0), (2, 4)));
    let mount = hover(&mut server, &uri, 1, 10).await;
    assert!(
        mount["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("/run/secrets")
    );
    assert_eq!(hover(&mut server, &uri, 2, 7).await, Value::Null);
    assert!(server.shutdown().await);
}

#[tokio::test]
async fn positions_beyond_the_document_get_nothing() {
    let mut server = TestServer::builder().start().await;
    let uri = server.open("Dockerfile", "dockerfile", "USER 1\n").await;
    assert_eq!(hover(&mut server, &uri, 40, 2).await, Value::Null);
    assert!(server.shutdown().await);
}

#[tokio::test]
async fn plain_text_for_clients_without_markdown() {
    let mut caps = editor_caps();
    caps["textDocument"]["hover"]["contentFormat"] = json!(["plaintext"]);
    let mut server = TestServer::builder().caps(caps).start().await;
    let uri = server
        .open("Dockerfile", "dockerfile", "FROM a\nADD x /x\n")
        .await;
    let result = hover(&mut server, &uri, 1, 0).await;
    assert_eq!(result["contents"]["kind"], "plaintext");
    assert!(server.shutdown().await);
}
