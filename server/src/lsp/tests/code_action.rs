//! Code actions: fixes, suppressions and fix-all, applied and re-checked.

use serde_json::{Value, json};

use super::{TestServer, apply_edit, codes, editor_caps, range};
use crate::config::Config;
use crate::document::Document;
use crate::engine::{self, Fixes};
use crate::finding::{Edit, EditTarget, Finding, Fix};
use crate::format::FileKind;
use crate::text::TextRange;
use crate::workspace::Workspace;

/// `fake-risk` on each `RISKY` word (a safe fix writes `SAFE`) and each
/// `SHAKY` word (an unsafe fix writes `STEADY`), and a `fake-overlap` on
/// each `RISKY` whose safe fix overlaps the first one. The engine's
/// suppressions apply to them as to real rules.
fn fake_rules(doc: &Document, _: &Workspace, config: &Config, _: Fixes) -> Vec<Finding> {
    let text = doc.text();
    let mut own = Vec::new();
    for (at, _) in text.match_indices("RISKY") {
        let range = TextRange::new(at, at + 5);
        let fix = Fix::safe("Make it safe", vec![Edit::replace(range, "SAFE")]);
        own.push(Finding::new("fake-risk", range, "`RISKY` is risky").with_fix(fix));
        let overlap = TextRange::new(at + 2, at + 5);
        let fix = Fix::safe("Trim it", vec![Edit::delete(overlap)]);
        own.push(Finding::new("fake-overlap", range, "`RISKY` overlaps").with_fix(fix));
    }
    for (at, _) in text.match_indices("SHAKY") {
        let range = TextRange::new(at, at + 5);
        let fix = Fix::unsafe_("Steady it", vec![Edit::replace(range, "STEADY")]);
        own.push(Finding::new("fake-risk", range, "`SHAKY` is shaky").with_fix(fix));
    }
    let suppressions = engine::collect_suppressions(doc);
    engine::apply_suppressions(doc, own, &suppressions, config)
}

async fn actions(server: &mut TestServer, uri: &str, at: Value, context: Value) -> Vec<Value> {
    let params = json!({ "textDocument": { "uri": uri }, "range": at, "context": context });
    server
        .request("textDocument/codeAction", params)
        .await
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn titled<'a>(actions: &'a [Value], title: &str) -> &'a Value {
    actions
        .iter()
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| panic!("no action `{title}` among {actions:#?}"))
}

#[tokio::test]
async fn an_unused_suppression_fix_applies_and_the_finding_goes() {
    let mut server = TestServer::builder().start().await;
    let text = "FROM alpine:3.20\n# bulwark-ignore: root-user\nUSER 10001\n";
    let uri = server.open("Dockerfile", "dockerfile", text).await;
    let diagnostics = server.diagnostics(&uri, 1).await;
    let unused = diagnostics
        .iter()
        .find(|d| d["code"] == "unused-suppression")
        .unwrap()
        .clone();

    let context = json!({ "diagnostics": [unused.clone()] });
    let found = actions(&mut server, &uri, unused["range"].clone(), context).await;
    let fix = titled(&found, "Remove the unused suppression");
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true);
    assert_eq!(fix["diagnostics"][0]["code"], "unused-suppression");
    // No suppression is offered for a suppression.
    assert!(
        found
            .iter()
            .all(|a| a["kind"] != "quickfix.bulwark.suppress")
    );

    let fixed = apply_edit(text, &fix["edit"], &uri);
    assert_eq!(fixed, "FROM alpine:3.20\nUSER 10001\n");
    server.change(&uri, 2, json!([{ "text": fixed }])).await;
    let after = server.diagnostics(&uri, 2).await;
    assert!(
        !codes(&after).contains(&"unused-suppression".to_string()),
        "{after:#?}"
    );
    assert!(server.shutdown().await);
}

#[tokio::test]
async fn context_diagnostics_are_matched_without_data() {
    let mut server = TestServer::builder().check(fake_rules).start().await;
    let uri = server
        .open("Dockerfile", "dockerfile", "FROM a\nRUN SHAKY\n")
        .await;
    let diagnostics = server.diagnostics(&uri, 1).await;
    let mut shaky = diagnostics
        .iter()
        .find(|d| d["code"] == "fake-risk")
        .unwrap()
        .clone();
    shaky.as_object_mut().unwrap().remove("data");
    // The request range is elsewhere; the context diagnostic names the finding.
    let found = actions(
        &mut server,
        &uri,
        range((0, 0), (0, 0)),
        json!({ "diagnostics": [shaky] }),
    )
    .await;
    let fix = titled(&found, "Steady it");
    assert!(
        fix.get("isPreferred").is_none(),
        "an unsafe fix is not preferred"
    );
    assert!(server.shutdown().await);
}

#[tokio::test]
async fn only_filters_the_kinds() {
    let mut server = TestServer::builder().check(fake_rules).start().await;
    let uri = server
        .open("Dockerfile", "dockerfile", "FROM a\nRUN RISKY\n")
        .await;
    server.diagnostics(&uri, 1).await;
    let at = range((1, 5), (1, 5));
    let all = actions(&mut server, &uri, at.clone(), json!({ "diagnostics": [] })).await;
    let kinds: Vec<&str> = all.iter().map(|a| a["kind"].as_str().unwrap()).collect();
    assert!(
        kinds.contains(&"quickfix") && kinds.contains(&"quickfix.bulwark.suppress"),
        "{kinds:?}"
    );
    assert!(kinds.contains(&"source.fixAll.bulwark"), "{kinds:?}");

    let quick = actions(
        &mut server,
        &uri,
        at.clone(),
        json!({ "diagnostics": [], "only": ["quickfix"] }),
    )
    .await;
    assert!(
        quick
            .iter()
            .all(|a| a["kind"].as_str().unwrap().starts_with("quickfix"))
    );
    let source = actions(
        &mut server,
        &uri,
        at,
        json!({ "diagnostics": [], "only": ["source.fixAll"] }),
    )
    .await;
    assert_eq!(source.len(), 1);
    assert_eq!(source[0]["kind"], "source.fixAll.bulwark");
    assert!(server.shutdown().await);
}

#[tokio::test]
async fn a_suppression_comment_silences_the_finding() {
    let mut server = TestServer::builder().check(fake_rules).start().await;
    let text = "FROM a\nRUN echo && \\\n    RISKY\n";
    let uri = server.open("Dockerfile", "dockerfile", text).await;
    server.diagnostics(&uri, 1).await;
    let found = actions(
        &mut server,
        &uri,
        range((2, 5), (2, 6)),
        json!({ "diagnostics": [] }),
    )
    .await;
    let suppress = titled(&found, "Suppress `fake-risk` for this instruction");
    assert_eq!(suppress["kind"], "quickfix.bulwark.suppress");
    let suppressed = apply_edit(text, &suppress["edit"], &uri);
    assert_eq!(
        suppressed,
        "FROM a\n# bulwark-ignore: fake-risk\nRUN echo && \\\n    RISKY\n"
    );

    server
        .change(&uri, 2, json!([{ "text": suppressed }]))
        .await;
    let after = codes(&server.diagnostics(&uri, 2).await);
    assert!(!after.contains(&"fake-risk".to_string()), "{after:?}");
    assert!(
        !after.contains(&"unused-suppression".to_string()),
        "{after:?}"
    );
    assert!(server.shutdown().await);
}

#[tokio::test]
async fn fix_all_applies_safe_fixes_that_do_not_overlap() {
    let mut server = TestServer::builder().check(fake_rules).start().await;
    let text = "FROM a\nRUN RISKY SHAKY RISKY\n";
    let uri = server.open("Dockerfile", "dockerfile", text).await;
    server.diagnostics(&uri, 1).await;
    let context = json!({ "diagnostics": [], "only": ["source.fixAll"] });
    let found = actions(&mut server, &uri, range((0, 0), (0, 0)), context).await;
    let fix_all = titled(&found, "Apply all safe Bulwark fixes");
    let fixed = apply_edit(text, &fix_all["edit"], &uri);
    // Each `RISKY` takes its first safe fix; the overlapping one and the
    // unsafe fix of `SHAKY` are left out.
    assert_eq!(fixed, "FROM a\nRUN SAFE SHAKY SAFE\n");

    server.change(&uri, 2, json!([{ "text": fixed }])).await;
    let after = codes(&server.diagnostics(&uri, 2).await);
    assert_eq!(
        after.iter().filter(|c| *c == "fake-risk").count(),
        1,
        "{after:?}"
    );
    assert!(server.shutdown().await);
}

/// On a Dockerfile: `fake-ignore`, whose fix appends `.env` to the
/// `.dockerignore` beside it, creating the file when the workspace has none.
fn ignore_fix(doc: &Document, workspace: &Workspace, _: &Config, _: Fixes) -> Vec<Finding> {
    let Some(path) = doc.path().filter(|_| doc.kind() == FileKind::Dockerfile) else {
        return Vec::new();
    };
    let ignore = path.with_file_name(".dockerignore");
    let existing = workspace.get(&ignore);
    let end = existing.map_or(0, |d| d.text().len());
    let edit = Edit {
        target: EditTarget::File {
            path: ignore,
            create: existing.is_none(),
        },
        range: TextRange::empty(end),
        new_text: ".env\n".to_string(),
    };
    let fix = Fix::safe("Add `.env` to `.dockerignore`", vec![edit]);
    vec![
        Finding::new(
            "fake-ignore",
            TextRange::new(0, 4),
            "no `.env` in the ignore file",
        )
        .with_fix(fix),
    ]
}

async fn ignore_action(server: &mut TestServer) -> Value {
    let uri = server.open("Dockerfile", "dockerfile", "FROM a\n").await;
    server.diagnostics(&uri, 1).await;
    let found = actions(
        server,
        &uri,
        range((0, 0), (0, 4)),
        json!({ "diagnostics": [] }),
    )
    .await;
    titled(&found, "Add `.env` to `.dockerignore`")["edit"].clone()
}

#[tokio::test]
async fn a_fix_creates_a_missing_file() {
    let mut server = TestServer::builder().check(ignore_fix).start().await;
    let edit = ignore_action(&mut server).await;
    let ignore = server.uri(".dockerignore");
    let changes = edit["documentChanges"].as_array().unwrap();
    assert_eq!(
        changes[0],
        json!({
            "kind": "create",
            "uri": ignore,
            "options": { "overwrite": false, "ignoreIfExists": true },
        })
    );
    assert_eq!(changes[1]["textDocument"]["uri"], ignore);
    assert_eq!(changes[1]["edits"][0]["newText"], ".env\n");
    assert!(server.shutdown().await);
}

#[tokio::test]
async fn a_fix_edits_an_existing_file_at_its_positions() {
    let mut server = TestServer::builder()
        .check(ignore_fix)
        .file(".dockerignore", ".git\nnode_modules\n")
        .start()
        .await;
    server
        .wait_for("the index", |m| {
            m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
        })
        .await;
    let edit = ignore_action(&mut server).await;
    let ignore = server.uri(".dockerignore");
    let changes = edit["documentChanges"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{changes:#?}");
    assert_eq!(changes[0]["textDocument"]["uri"], ignore);
    assert!(changes[0]["textDocument"]["version"].is_null());
    assert_eq!(changes[0]["edits"][0]["range"], range((2, 0), (2, 0)));
    assert!(server.shutdown().await);
}

#[tokio::test]
async fn clients_without_document_changes_get_plain_changes() {
    let mut caps = editor_caps();
    caps["workspace"]["workspaceEdit"] = json!({});
    let mut server = TestServer::builder()
        .caps(caps)
        .check(ignore_fix)
        .start()
        .await;
    let edit = ignore_action(&mut server).await;
    assert!(edit.get("documentChanges").is_none());
    let ignore = server.uri(".dockerignore");
    assert_eq!(edit["changes"][ignore.as_str()][0]["newText"], ".env\n");
    assert!(server.shutdown().await);
}

/// Two findings whose safe fixes create the same file with the same text;
/// each fix also edits this document in its own place.
fn twin_fixes(
    doc: &Document,
    workspace: &Workspace,
    config: &Config,
    fixes: Fixes,
) -> Vec<Finding> {
    let mut twins = ignore_fix(doc, workspace, config, fixes);
    let mut second = twins.clone();
    for finding in &mut twins {
        if let Some(fix) = &mut finding.fix {
            fix.edits.push(Edit::insert(0, "# a\n"));
        }
    }
    for finding in &mut second {
        finding.range = TextRange::new(5, 6);
        if let Some(fix) = &mut finding.fix {
            fix.edits.push(Edit::insert(doc.text().len(), "USER 1\n"));
        }
    }
    twins.extend(second);
    twins
}

#[tokio::test]
async fn fix_all_takes_an_edit_several_fixes_share_once() {
    let mut server = TestServer::builder().check(twin_fixes).start().await;
    let uri = server.open("Dockerfile", "dockerfile", "FROM a\n").await;
    server.diagnostics(&uri, 1).await;
    let context = json!({ "diagnostics": [], "only": ["source.fixAll"] });
    let found = actions(&mut server, &uri, range((0, 0), (0, 0)), context).await;
    let fix_all = titled(&found, "Apply all safe Bulwark fixes");
    let ignore = server.uri(".dockerignore");
    let changes = fix_all["edit"]["documentChanges"].as_array().unwrap();
    let creates = changes.iter().filter(|c| c["kind"] == "create").count();
    assert_eq!(creates, 1, "{changes:#?}");
    let inserted: Vec<&Value> = changes
        .iter()
        .filter(|c| c["textDocument"]["uri"] == ignore)
        .flat_map(|c| c["edits"].as_array().into_iter().flatten())
        .map(|e| &e["newText"])
        .collect();
    assert_eq!(inserted, [".env\n"], "{changes:#?}");
    // Neither fix is dropped for sharing the creation.
    assert_eq!(
        apply_edit("FROM a\n", &fix_all["edit"], &uri),
        "# a\nFROM a\nUSER 1\n"
    );
    assert!(server.shutdown().await);
}
