//! Suppressions in the language server, over stdio: other tools' forms
//! (hadolint, Trivy, checkov, kube-linter comments, annotations and
//! `.trivyignore`) silence the same findings in the editor as in the CLI,
//! a stale one is reported as `unused-suppression`, and the suppression
//! quick fix of each format silences its finding once applied.

use std::time::Instant;

use bulwark_tests::lsp::Server;
use bulwark_tests::session::{
    WAIT, apply_workspace_edit, codes, has, open, replace, start, wait_for,
};
use serde_json::{Value, json};

fn root() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::write(
        root.join(".dockerignore"),
        ".git\n.env*\n*.pem\n*.key\ncredentials*\nnode_modules\ndocker-compose*.yml\n",
    )
    .unwrap();
    (dir, root)
}

/// The 0-based lines where `code` is published in `diags`.
fn lines(diags: &[Value], code: &str) -> Vec<u64> {
    diags
        .iter()
        .filter(|d| d["code"] == code)
        .filter_map(|d| d["range"]["start"]["line"].as_u64())
        .collect()
}

/// The first publish for `uri`.
fn first(server: &mut Server, uri: &str) -> Vec<Value> {
    wait_for(server, uri, 1, "first publish", |_| true)
}

#[test]
fn hadolint_trivy_and_checkov_comments_in_a_dockerfile() {
    let (_dir, root) = root();
    let text = "\
# hadolint global ignore=DL3057
# checkov:skip=CKV_DOCKER_7:the platform pins the base image
FROM alpine:latest
# hadolint ignore=DL3020
ADD app.tar.gz /opt/
# hadolint ignore=DL3020
RUN echo done
#trivy:ignore:AVD-DS-0002
USER root
";
    let path = root.join("Dockerfile");
    std::fs::write(&path, text).unwrap();
    let mut server = start(&root, Value::Null);
    let uri = open(&mut server, &path, "dockerfile", text);
    let diags = first(&mut server, &uri);
    for silenced in [
        "missing-healthcheck",
        "image-tag-latest",
        "add-instead-of-copy",
        "root-user",
    ] {
        assert!(!has(&diags, silenced), "{silenced}: {:?}", codes(&diags));
    }
    // The second hadolint comment covers a RUN with no ADD (lines are
    // 0-based).
    assert_eq!(lines(&diags, "unused-suppression"), [5], "{diags:#?}");
    let unused = diags
        .iter()
        .find(|d| d["code"] == "unused-suppression")
        .unwrap();
    assert!(
        unused["message"].as_str().unwrap().contains("hadolint"),
        "{unused}"
    );
    assert!(server.shutdown().is_empty());
}

const POD: &str = "\
apiVersion: v1
kind: Pod
metadata:
  name: agent
  namespace: ops
  annotations:
    ignore-check.kube-linter.io/privileged-container: \"node agent\"
    checkov.io/skip1: CKV_K8S_20=the agent needs setuid
    ignore-check.kube-linter.io/docker-sock: \"no socket here\"
spec:
  containers:
    - name: agent
      image: registry.example.com/ops/agent:3.2.0
      securityContext:
        privileged: true
        allowPrivilegeEscalation: true
        # trivy:ignore:KSV014
        readOnlyRootFilesystem: false
";

#[test]
fn kube_linter_checkov_and_trivy_in_a_manifest() {
    let (_dir, root) = root();
    let path = root.join("pod.yaml");
    std::fs::write(&path, POD).unwrap();
    let mut server = start(&root, Value::Null);
    let uri = open(&mut server, &path, "yaml", POD);
    let diags = first(&mut server, &uri);
    for silenced in [
        "privileged",
        "allow-privilege-escalation",
        "writable-root-filesystem",
    ] {
        assert!(!has(&diags, silenced), "{silenced}: {:?}", codes(&diags));
    }
    // kube-linter's docker-sock check has nothing to silence here.
    assert_eq!(lines(&diags, "unused-suppression"), [8], "{diags:#?}");

    // A `.trivyignore` in the folder silences for a manifest without
    // comments, as soon as it is saved and reported.
    let bare = POD
        .lines()
        .filter(|l| {
            !l.contains("kube-linter") && !l.contains("checkov") && !l.contains("annotations")
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    replace(&mut server, &uri, 2, &bare);
    wait_for(
        &mut server,
        &uri,
        2,
        "privileged without the annotations",
        |d| has(d, "privileged"),
    );
    let ignore = root.join(".trivyignore");
    std::fs::write(&ignore, "# accepted for the node agent\nAVD-KSV-0017\n").unwrap();
    server
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": bulwark_tests::lsp::file_uri(&ignore), "type": 1}]}),
        )
        .unwrap();
    wait_for(
        &mut server,
        &uri,
        2,
        "privileged silenced by .trivyignore",
        |d| !has(d, "privileged") && has(d, "allow-privilege-escalation"),
    );
    assert!(server.shutdown().is_empty());
}

/// The quick fix titled `Suppress ...` for the `rule` finding on `line`
/// (0-based), applied to `text`: edits of this document only.
fn suppressed(
    server: &mut Server,
    uri: &str,
    text: &str,
    rule: &str,
    line: u64,
    title: &str,
) -> String {
    let diags = wait_for(server, uri, 1, "the finding to suppress", |d| {
        lines(d, rule).contains(&line)
    });
    let diag = diags
        .iter()
        .find(|d| d["code"] == rule && d["range"]["start"]["line"] == line)
        .unwrap()
        .clone();
    let response = server
        .request(
            "textDocument/codeAction",
            json!({
                "textDocument": {"uri": uri},
                "range": diag["range"],
                "context": {"diagnostics": [diag]},
            }),
            Instant::now() + WAIT,
        )
        .unwrap();
    let actions = response["result"].as_array().cloned().unwrap_or_default();
    let action = actions
        .iter()
        .find(|a| a["title"].as_str().is_some_and(|t| t.starts_with(title)))
        .unwrap_or_else(|| panic!("no `{title}` action: {actions:#?}"))
        .clone();
    let action = if action.get("edit").is_some() {
        action
    } else {
        let resolved = server
            .request("codeAction/resolve", action, Instant::now() + WAIT)
            .unwrap();
        resolved["result"].clone()
    };
    apply_workspace_edit(text, &action["edit"], uri)
}

#[test]
fn the_suppression_quick_fix_of_each_format_silences_its_finding() {
    let (_dir, root) = root();
    let compose =
        "services:\n  web:\n    image: registry.example.com/web:1.0\n    privileged: true\n";
    let cases: &[(&str, &str, &str, &str, u64, &str)] = &[
        (
            "Dockerfile",
            "dockerfile",
            "FROM alpine:3.20\nADD app.tar.gz /opt/\nUSER 10001\n",
            "add-instead-of-copy",
            1,
            "Suppress `add-instead-of-copy` for this",
        ),
        (
            "pod.yaml",
            "yaml",
            POD_PLAIN,
            "privileged",
            13,
            "Suppress `privileged` for this key",
        ),
        (
            "pod.yaml",
            "yaml",
            POD_PLAIN,
            "privileged",
            13,
            "Suppress `privileged` for this object",
        ),
        (
            "docker-compose.yml",
            "yaml",
            compose,
            "privileged",
            3,
            "Suppress `privileged` for this",
        ),
    ];
    for (name, language, text, rule, line, title) in cases {
        let path = root.join(name);
        std::fs::write(&path, text).unwrap();
        let mut server = start(&root, Value::Null);
        let uri = open(&mut server, &path, language, text);
        let fixed = suppressed(&mut server, &uri, text, rule, *line, title);
        assert_ne!(&fixed, text, "{title}: nothing changed");
        replace(&mut server, &uri, 2, &fixed);
        let after = wait_for(&mut server, &uri, 2, "re-checked after the fix", |_| true);
        assert!(!has(&after, rule), "{title}:\n{fixed}\n{:?}", codes(&after));
        assert!(!has(&after, "unused-suppression"), "{title}:\n{fixed}");
        assert!(!has(&after, "syntax-error"), "{title}:\n{fixed}");
        assert!(server.shutdown().is_empty());
    }
}

const POD_PLAIN: &str = "\
apiVersion: v1
kind: Pod
metadata:
  name: agent
  namespace: ops
spec:
  securityContext:
    runAsNonRoot: true
  containers:
    - name: agent
      image: registry.example.com/ops/agent:3.2.0
      securityContext:
        allowPrivilegeEscalation: false
        privileged: true
";
