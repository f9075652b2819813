//! Configuration through the language server: `config-error` diagnostics on
//! an open `.bulwark.yaml` at the offending key, live reload when the file
//! changes (keeping the last good configuration when it turns invalid), and
//! editor settings from `initializationOptions` and `workspace/configuration`
//! under the file's precedence.

use std::time::Instant;

use bulwark_tests::session::{
    FileChange, WAIT, codes, has, open, replace, start, wait_for, watched,
};
use serde_json::{Value, json};

const POD: &str = "apiVersion: v1
kind: Pod
metadata:
  name: agent
  namespace: ops
spec:
  containers:
    - name: agent
      image: registry.example.com/ops/agent:3.2.0
      securityContext:
        privileged: true
";

#[test]
fn config_errors_at_their_key_and_live_reload() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::write(root.join("pod.yaml"), POD).unwrap();
    let config = root.join(".bulwark.yaml");
    std::fs::write(&config, "rules:\n  resource-limits-missing: off\n").unwrap();
    let mut server = start(&root, Value::Null);

    let pod = open(&mut server, &root.join("pod.yaml"), "yaml", POD);
    wait_for(&mut server, &pod, 0, "privileged reported", |d| {
        has(d, "privileged")
    });

    // The open configuration file reports its problem at the key.
    let bad = "rules:\n  privileged: of\n";
    let cfg = open(&mut server, &config, "yaml", bad);
    let diags = wait_for(&mut server, &cfg, 0, "config-error", |d| {
        has(d, "config-error")
    });
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(
        diags[0]["range"]["start"],
        json!({"line": 1, "character": 2})
    );
    assert_eq!(
        diags[0]["range"]["end"],
        json!({"line": 1, "character": 12})
    );
    assert_eq!(diags[0]["severity"], 1);

    // Saved as valid: every open document is checked again at once.
    std::fs::write(&config, "rules:\n  privileged: off\n").unwrap();
    watched(&mut server, &config, FileChange::Changed);
    let diags = wait_for(&mut server, &pod, 0, "privileged turned off", |d| {
        !has(d, "privileged")
    });
    assert!(!has(&diags, "config-error"));

    // Saved as invalid: the last good configuration stays in force.
    std::fs::write(&config, "rules:\n  privileged: sometimes\n").unwrap();
    watched(&mut server, &config, FileChange::Changed);
    replace(&mut server, &pod, 2, &format!("# edited\n{POD}"));
    let diags = wait_for(&mut server, &pod, 2, "re-checked after the edit", |d| {
        !d.is_empty()
    });
    assert!(!has(&diags, "privileged"), "{:?}", codes(&diags));
    assert!(server.shutdown().is_empty());
}

#[test]
fn editor_settings_fill_what_the_file_leaves_unset() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::write(root.join("pod.yaml"), POD).unwrap();
    std::fs::write(
        root.join(".bulwark.yaml"),
        "rules:\n  privileged: warning\n",
    )
    .unwrap();
    // The editor turns off two rules; the file keeps one of them on.
    let init = json!({"bulwark": {"rules": {
        "privileged": "off",
        "allow-privilege-escalation": "off",
    }}});
    let mut server = start(&root, init);
    let pod = open(&mut server, &root.join("pod.yaml"), "yaml", POD);
    let diags = wait_for(&mut server, &pod, 0, "first check", |d| {
        has(d, "privileged")
    });
    assert!(
        !has(&diags, "allow-privilege-escalation"),
        "{:?}",
        codes(&diags)
    );
    let privileged = diags.iter().find(|d| d["code"] == "privileged").unwrap();
    assert_eq!(privileged["severity"], 2);
    assert!(has(&diags, "run-as-non-root"), "{:?}", codes(&diags));

    // New settings arrive through workspace/configuration on the change
    // notification, and replace the old ones without a restart.
    if let Ok(mut s) = server.settings.lock() {
        *s = json!({"rules": {"run-as-non-root": "off"}});
    }
    server
        .notify(
            "workspace/didChangeConfiguration",
            json!({"settings": null}),
        )
        .unwrap();
    let diags = wait_for(&mut server, &pod, 0, "settings applied", |d| {
        !has(d, "run-as-non-root") && has(d, "allow-privilege-escalation")
    });
    assert!(has(&diags, "privileged"));
    assert!(server.shutdown().is_empty());
}

#[test]
fn configured_dockerignore_requirements_in_the_editor() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let config = root.join(".bulwark.yaml");
    std::fs::write(
        &config,
        "dockerignore:\n  required: [\".git\", \"*.p12\"]\n",
    )
    .unwrap();
    let mut server = start(&root, Value::Null);
    let ignore = open(&mut server, &root.join(".dockerignore"), "ignore", ".git\n");
    let diags = wait_for(&mut server, &ignore, 0, "dockerignore-incomplete", |d| {
        has(d, "dockerignore-incomplete")
    });
    let diag = diags
        .iter()
        .find(|d| d["code"] == "dockerignore-incomplete")
        .unwrap()
        .clone();
    let message = diag["message"].as_str().unwrap();
    assert!(
        message.contains("`*.p12`") && !message.contains("`*.pem`"),
        "{message}"
    );

    // The quick fix appends the configured pattern.
    let deadline = Instant::now() + WAIT;
    let response = server
        .request(
            "textDocument/codeAction",
            json!({
                "textDocument": {"uri": ignore},
                "range": diag["range"],
                "context": {"diagnostics": [diag], "triggerKind": 1},
            }),
            deadline,
        )
        .unwrap();
    let actions = response["result"].as_array().cloned().unwrap_or_default();
    let fix = actions
        .iter()
        .find(|a| bulwark_tests::lsp::is_real_fix(a))
        .unwrap_or_else(|| panic!("no fix: {actions:#?}"));
    assert!(fix["edit"].to_string().contains("**/*.p12"), "{fix:#}");

    // A changed list applies at once; the default list applies no more.
    std::fs::write(&config, "dockerignore:\n  required: [\".git\"]\n").unwrap();
    watched(&mut server, &config, FileChange::Changed);
    wait_for(&mut server, &ignore, 0, "requirement met", |d| {
        !has(d, "dockerignore-incomplete")
    });
    assert!(server.shutdown().is_empty());
}

#[test]
fn inline_peer_suppressions_that_silence_nothing_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let text = "FROM alpine:latest\n# hadolint ignore=DL3007,DL3020\nRUN echo hi\n#trivy:ignore:DS005\nRUN echo ho\n# checkov:skip=CKV_DOCKER_4:no ADD here\nUSER 1000\n";
    let mut server = start(&root, Value::Null);
    let uri = open(&mut server, &root.join("Dockerfile"), "dockerfile", text);
    let diags = wait_for(&mut server, &uri, 0, "unused peer suppressions", |d| {
        has(d, "unused-suppression")
    });
    let unused: Vec<(u64, String)> = diags
        .iter()
        .filter(|d| d["code"] == "unused-suppression")
        .map(|d| {
            (
                d["range"]["start"]["line"].as_u64().unwrap_or(99),
                d["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let lines: Vec<u64> = unused.iter().map(|(l, _)| *l).collect();
    // hadolint's comment covers the next instruction only, so DL3007 does
    // not reach the FROM above it: both of its ids are unused.
    assert_eq!(lines, [1, 3, 5], "{unused:#?}");
    assert!(unused[0].1.contains("`DL3007`") && unused[0].1.contains("`DL3020`"));
    assert!(!has(&diags, "syntax-error"));
    assert!(server.shutdown().is_empty());
}
