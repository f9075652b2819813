//! The workspace: indexed files, open buffers over disk contents, watched
//! files, configuration and Helm charts.

use serde_json::json;

use super::{TestServer, codes, write};
use crate::config::Config;
use crate::document::Document;
use crate::engine::Fixes;
use crate::finding::Finding;
use crate::format::FileKind;
use crate::text::TextRange;
use crate::workspace::Workspace;

/// On a Dockerfile: `fake-ignore` unless the `.dockerignore` beside it (as
/// the workspace has it) lists `.env`.
fn needs_ignore(doc: &Document, workspace: &Workspace, _: &Config, _: Fixes) -> Vec<Finding> {
    let Some(path) = doc.path().filter(|_| doc.kind() == FileKind::Dockerfile) else {
        return Vec::new();
    };
    let ignore = workspace.get(&path.with_file_name(".dockerignore"));
    if ignore.is_some_and(|d| d.text().lines().any(|l| l == ".env")) {
        return Vec::new();
    }
    vec![Finding::new(
        "fake-ignore",
        TextRange::new(0, 4),
        "no `.env` in the ignore file",
    )]
}

async fn index_done(server: &mut TestServer) {
    server
        .wait_for("the index", |m| {
            m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
        })
        .await;
}

/// Waits for a publication for `uri` whose codes are `want`.
async fn until_codes(server: &mut TestServer, uri: &str, want: &[&str]) {
    let want: Vec<String> = want.iter().map(ToString::to_string).collect();
    server
        .wait_for(&format!("{uri} with {want:?}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && codes(m["params"]["diagnostics"].as_array().unwrap()) == want
        })
        .await;
}

#[tokio::test]
async fn indexed_files_are_read_by_checks() {
    let mut server = TestServer::builder()
        .check(needs_ignore)
        .file(".dockerignore", ".git\n.env\n")
        .start()
        .await;
    index_done(&mut server).await;
    let uri = server.open("Dockerfile", "dockerfile", "FROM a\n").await;
    assert!(codes(&server.diagnostics(&uri, 1).await).is_empty());
    assert!(server.shutdown().await);
}

#[tokio::test]
async fn a_watched_file_change_republishes_open_documents() {
    let mut server = TestServer::builder().check(needs_ignore).start().await;
    index_done(&mut server).await;
    let uri = server.open("Dockerfile", "dockerfile", "FROM a\n").await;
    assert_eq!(codes(&server.diagnostics(&uri, 1).await), ["fake-ignore"]);

    let ignore = server.path(".dockerignore");
    write(&ignore, ".env\n");
    let event = json!({ "changes": [{ "uri": server.uri(".dockerignore"), "type": 1 }] });
    server
        .notify("workspace/didChangeWatchedFiles", event)
        .await;
    until_codes(&mut server, &uri, &[]).await;

    std::fs::remove_file(&ignore).unwrap();
    let event = json!({ "changes": [{ "uri": server.uri(".dockerignore"), "type": 3 }] });
    server
        .notify("workspace/didChangeWatchedFiles", event)
        .await;
    until_codes(&mut server, &uri, &["fake-ignore"]).await;
    assert!(server.shutdown().await);
}

#[tokio::test]
async fn open_buffers_override_the_disk_until_closed() {
    let mut server = TestServer::builder()
        .check(needs_ignore)
        .file(".dockerignore", ".git\n")
        .start()
        .await;
    index_done(&mut server).await;
    let uri = server.open("Dockerfile", "dockerfile", "FROM a\n").await;
    assert_eq!(codes(&server.diagnostics(&uri, 1).await), ["fake-ignore"]);

    let ignore = server.open(".dockerignore", "ignore", ".git\n").await;
    server
        .change(
            &ignore,
            2,
            json!([{ "range": super::range((1, 0), (1, 0)), "text": ".env\n" }]),
        )
        .await;
    until_codes(&mut server, &uri, &[]).await;

    server
        .notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": ignore } }),
        )
        .await;
    until_codes(&mut server, &uri, &["fake-ignore"]).await;
    assert!(server.shutdown().await);
}

#[tokio::test]
async fn configuration_is_loaded_and_reloaded_when_it_changes() {
    let text = "FROM alpine:3.20\n# bulwark-ignore: root-user\nUSER 10001\n";
    let mut server = TestServer::builder()
        .file("app/Dockerfile", text)
        .start()
        .await;
    let uri = server.open("app/Dockerfile", "dockerfile", text).await;
    let before = codes(&server.diagnostics(&uri, 1).await);
    assert!(
        before.contains(&"unused-suppression".to_string()),
        "{before:?}"
    );

    let config = server.path(".bulwark.yaml");
    write(&config, "rules:\n  unused-suppression: off\n");
    let event = json!({ "changes": [{ "uri": server.uri(".bulwark.yaml"), "type": 1 }] });
    server
        .notify("workspace/didChangeWatchedFiles", event)
        .await;
    let off = server
        .wait_for("diagnostics without the rule", |m| {
            m["params"]["uri"] == uri
                && !codes(m["params"]["diagnostics"].as_array().unwrap())
                    .contains(&"unused-suppression".to_string())
        })
        .await;
    assert_eq!(off["params"]["version"], 1);

    // An invalid file keeps the last good configuration.
    write(&config, "rules: [not, a, map]\n");
    let event = json!({ "changes": [{ "uri": server.uri(".bulwark.yaml"), "type": 2 }] });
    server
        .notify("workspace/didChangeWatchedFiles", event)
        .await;
    server.change(&uri, 2, json!([{ "text": text }])).await;
    let still = codes(&server.diagnostics(&uri, 2).await);
    assert!(
        !still.contains(&"unused-suppression".to_string()),
        "{still:?}"
    );
    assert!(server.shutdown().await);
}

/// Reports the document's kind, to see how the server classified it.
fn echo_kind(doc: &Document, _: &Workspace, _: &Config, _: Fixes) -> Vec<Finding> {
    vec![Finding::new(
        "echo",
        TextRange::empty(0),
        format!("{:?}", doc.kind()),
    )]
}

#[tokio::test]
async fn values_beside_a_chart_are_helm_values() {
    let mut server = TestServer::builder()
        .check(echo_kind)
        .file("chart/Chart.yaml", "apiVersion: v2\nname: app\n")
        .start()
        .await;
    let values = server
        .open("chart/values.yaml", "yaml", "image: {}\n")
        .await;
    let other = server
        .open("other/values.yaml", "yaml", "image: {}\n")
        .await;
    assert_eq!(
        server.diagnostics(&values, 1).await[0]["message"],
        "HelmValuesYaml"
    );
    assert_eq!(server.diagnostics(&other, 1).await[0]["message"], "Yaml");

    // The chart's own metadata is not a manifest.
    let chart = server
        .open("chart/Chart.yaml", "yaml", "apiVersion: v2\n")
        .await;
    assert_eq!(
        server.diagnostics(&chart, 1).await,
        Vec::<serde_json::Value>::new()
    );

    // A chart appearing beside a values file changes what it is.
    write(
        &server.path("other/Chart.yaml"),
        "apiVersion: v2\nname: other\n",
    );
    let event = json!({ "changes": [{ "uri": server.uri("other/Chart.yaml"), "type": 1 }] });
    server
        .notify("workspace/didChangeWatchedFiles", event)
        .await;
    server
        .wait_for("reclassified values", |m| {
            m["params"]["uri"] == other
                && m["params"]["diagnostics"][0]["message"] == "HelmValuesYaml"
        })
        .await;
    assert!(server.shutdown().await);
}

#[tokio::test]
async fn an_open_configuration_buffer_applies_as_it_is_typed() {
    let text = "FROM alpine:3.20\n# bulwark-ignore: root-user\nUSER 10001\n";
    let mut server = TestServer::builder().start().await;
    let uri = server.open("Dockerfile", "dockerfile", text).await;
    let before = codes(&server.diagnostics(&uri, 1).await);
    assert!(
        before.contains(&"unused-suppression".to_string()),
        "{before:?}"
    );

    // Not saved: the buffer alone turns the rule off.
    let config = server
        .open(
            ".bulwark.yaml",
            "yaml",
            "rules:\n  unused-suppression: off\n",
        )
        .await;
    let off = server
        .wait_for("diagnostics without the rule", |m| {
            m["params"]["uri"] == uri
                && !codes(m["params"]["diagnostics"].as_array().unwrap())
                    .contains(&"unused-suppression".to_string())
        })
        .await;
    assert_eq!(off["params"]["version"], 1);

    // A half-typed key is reported on the file; the last good one stays.
    server
        .change(
            &config,
            2,
            json!([{ "text": "rules:\n  unused-suppression: of\n" }]),
        )
        .await;
    let problems = server.diagnostics(&config, 2).await;
    assert_eq!(codes(&problems), ["config-error"]);
    assert_eq!(problems[0]["range"]["start"]["line"], 1);

    // Closing the unsaved buffer: the disk has no configuration.
    server
        .notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": config } }),
        )
        .await;
    server
        .wait_for("the rule back", |m| {
            m["params"]["uri"] == uri
                && codes(m["params"]["diagnostics"].as_array().unwrap())
                    .contains(&"unused-suppression".to_string())
        })
        .await;
    assert!(server.shutdown().await);
}
