//! Cross-file rules in the language server, over stdio: a file that changes
//! the answer for another (a NetworkPolicy, a ServiceAccount) re-publishes
//! the other's diagnostics without the other being edited, whether the
//! change comes from disk (`didChangeWatchedFiles`) or from an open buffer.

use std::time::Instant;

use bulwark_tests::lsp::client_capabilities;
use bulwark_tests::session::{
    FileChange, WAIT, close, codes, has, open, replace, start, start_with, wait_for, watched,
};
use serde_json::{Value, json};

/// A Deployment in namespace `shop` with nothing else to report, so that
/// `network-policy-missing` is the finding that comes and goes.
const DEPLOY: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      serviceAccountName: web
      automountServiceAccountToken: false
      securityContext:
        runAsNonRoot: true
        seccompProfile: {type: RuntimeDefault}
      containers:
        - name: web
          image: registry.example.com/shop/web:1.4.2@sha256:7a7575e19770c4df33b44158361bead2a6d9d2d13700b03bd128defbd59647d0
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {drop: [ALL]}
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: 500m, memory: 256Mi}
";

fn policy(namespace: &str) -> String {
    format!(
        "apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: {namespace}
spec:
  podSelector: {{}}
  policyTypes: [Ingress, Egress]
"
    )
}

fn root() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    (dir, root)
}

fn missing(d: &[Value]) -> bool {
    has(d, "network-policy-missing")
}

#[test]
fn a_policy_saved_in_another_file_clears_and_restores_the_finding() {
    let (_dir, root) = root();
    std::fs::write(root.join("deploy.yaml"), DEPLOY).unwrap();
    let mut server = start(&root, Value::Null);
    let deploy = open(&mut server, &root.join("deploy.yaml"), "yaml", DEPLOY);
    let diags = wait_for(
        &mut server,
        &deploy,
        1,
        "finding before the policy",
        missing,
    );
    assert_eq!(codes(&diags), ["network-policy-missing"]);
    // It starts at `metadata.namespace`'s line, as in the corpus.
    assert_eq!(diags[0]["range"]["start"]["line"], 4);

    // A policy for another namespace changes nothing: the finding stays
    // through the re-publish that the new file triggers.
    let other = root.join("billing.yaml");
    std::fs::write(&other, policy("billing")).unwrap();
    watched(&mut server, &other, FileChange::Created);
    let policy_path = root.join("netpol.yaml");
    std::fs::write(&policy_path, policy("shop")).unwrap();
    watched(&mut server, &policy_path, FileChange::Created);
    wait_for(
        &mut server,
        &deploy,
        1,
        "cleared by the saved policy",
        |d| !missing(d),
    );

    std::fs::remove_file(&policy_path).unwrap();
    watched(&mut server, &policy_path, FileChange::Deleted);
    wait_for(
        &mut server,
        &deploy,
        1,
        "back once the policy is deleted",
        missing,
    );

    // A policy that changes namespace on disk counts for its new one.
    std::fs::write(&other, policy("shop")).unwrap();
    watched(&mut server, &other, FileChange::Changed);
    wait_for(
        &mut server,
        &deploy,
        1,
        "cleared by the edited policy",
        |d| !missing(d),
    );
    assert!(server.shutdown().is_empty());
}

#[test]
fn an_unsaved_policy_buffer_counts_while_it_is_open() {
    let (_dir, root) = root();
    std::fs::write(root.join("deploy.yaml"), DEPLOY).unwrap();
    let mut server = start(&root, Value::Null);
    let deploy = open(&mut server, &root.join("deploy.yaml"), "yaml", DEPLOY);
    wait_for(
        &mut server,
        &deploy,
        1,
        "finding before the buffer",
        missing,
    );

    // The new file exists only in the editor.
    let draft = root.join("netpol.yaml");
    let draft_uri = open(&mut server, &draft, "yaml", "");
    replace(&mut server, &draft_uri, 2, &policy("shop"));
    wait_for(&mut server, &deploy, 1, "cleared by the open buffer", |d| {
        !missing(d)
    });
    // Typed into another namespace, it no longer covers shop.
    replace(&mut server, &draft_uri, 3, &policy("shop-staging"));
    wait_for(
        &mut server,
        &deploy,
        1,
        "back after the namespace edit",
        missing,
    );
    replace(&mut server, &draft_uri, 4, &policy("shop"));
    wait_for(&mut server, &deploy, 1, "cleared again", |d| !missing(d));
    // Closed without saving, the disk (no such file) is what counts again.
    close(&mut server, &draft);
    wait_for(
        &mut server,
        &deploy,
        1,
        "back after the buffer closes",
        missing,
    );
    assert!(server.shutdown().is_empty());
}

/// The code action of `network-policy-missing` creates the policy file
/// (a `create` operation for a client that supports it); once the client has
/// written it, the finding is gone.
#[test]
fn the_created_policy_clears_the_finding() {
    let (_dir, root) = root();
    std::fs::write(root.join("deploy.yaml"), DEPLOY).unwrap();
    let mut capabilities = client_capabilities();
    capabilities["workspace"]["workspaceEdit"]["resourceOperations"] = json!(["create"]);
    let mut server = start_with(&root, Value::Null, capabilities);
    let deploy = open(&mut server, &root.join("deploy.yaml"), "yaml", DEPLOY);
    let diags = wait_for(&mut server, &deploy, 1, "finding", missing);
    let response = server
        .request(
            "textDocument/codeAction",
            json!({
                "textDocument": {"uri": deploy},
                "range": diags[0]["range"],
                "context": {"diagnostics": diags, "only": ["quickfix"]},
            }),
            Instant::now() + WAIT,
        )
        .unwrap();
    let actions = response["result"].as_array().cloned().unwrap_or_default();
    let action = actions
        .iter()
        .find(|a| a["diagnostics"][0]["code"] == "network-policy-missing")
        .unwrap_or_else(|| panic!("no network-policy-missing action: {actions:#?}"));
    // Resolve the edit when the server defers it.
    let action = if action.get("edit").is_some() {
        action.clone()
    } else {
        let resolved = server
            .request("codeAction/resolve", action.clone(), Instant::now() + WAIT)
            .unwrap();
        resolved["result"].clone()
    };
    let changes = action["edit"]["documentChanges"]
        .as_array()
        .unwrap_or_else(|| panic!("a documentChanges edit: {action:#?}"));
    let create = changes
        .iter()
        .find(|c| c["kind"] == "create")
        .unwrap_or_else(|| panic!("a create operation: {changes:#?}"));
    let uri = create["uri"].as_str().unwrap();
    let text: String = changes
        .iter()
        .filter(|c| c["textDocument"]["uri"] == uri)
        .flat_map(|c| c["edits"].as_array().cloned().unwrap_or_default())
        .map(|e| e["newText"].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(text.contains("kind: NetworkPolicy"), "{text}");
    assert!(text.contains("namespace: shop"), "{text}");

    // The client applies the edit: writes the file, reports it.
    let path = bulwark_tests::lsp::uri_path(uri).expect("a file URI");
    assert!(path.starts_with(&root), "{}", path.display());
    assert!(!path.exists());
    std::fs::write(&path, &text).unwrap();
    watched(&mut server, &path, FileChange::Created);
    wait_for(
        &mut server,
        &deploy,
        1,
        "cleared by the created policy",
        |d| !missing(d),
    );
    assert!(server.shutdown().is_empty());
}

const POD: &str = "\
apiVersion: v1
kind: Pod
metadata:
  name: daily
  namespace: reports
spec:
  serviceAccountName: reporter
  securityContext:
    runAsNonRoot: true
    seccompProfile: {type: RuntimeDefault}
  containers:
    - name: main
      image: registry.example.com/reports/daily:2.0.0@sha256:5fa26da6e4f6b977a05a541cef6c8ab51e83e8818c28cb6f8b05d05f05fc2b28
      securityContext:
        allowPrivilegeEscalation: false
        readOnlyRootFilesystem: true
        capabilities: {drop: [ALL]}
      resources:
        requests: {cpu: 50m, memory: 64Mi}
        limits: {cpu: 200m, memory: 128Mi}
";

fn account(automount: bool) -> String {
    format!(
        "apiVersion: v1
kind: ServiceAccount
metadata:
  name: reporter
  namespace: reports
automountServiceAccountToken: {automount}
---
{}",
        policy("reports")
    )
}

fn token(d: &[Value]) -> bool {
    has(d, "service-account-token-mounted")
}

#[test]
fn the_service_account_on_disk_decides_the_token_finding() {
    let (_dir, root) = root();
    let sa = root.join("serviceaccount.yaml");
    std::fs::write(root.join("pod.yaml"), POD).unwrap();
    std::fs::write(&sa, account(false)).unwrap();
    let mut server = start(&root, Value::Null);
    let pod = open(&mut server, &root.join("pod.yaml"), "yaml", POD);
    // Indexed at start: the account already turns the token off.
    let diags = wait_for(&mut server, &pod, 1, "no finding with the account", |d| {
        !token(d) && !missing(d)
    });
    assert!(codes(&diags).is_empty(), "{:?}", codes(&diags));

    std::fs::write(&sa, account(true)).unwrap();
    watched(&mut server, &sa, FileChange::Changed);
    let diags = wait_for(&mut server, &pod, 1, "finding once automount is on", token);
    assert_eq!(codes(&diags), ["service-account-token-mounted"]);

    std::fs::write(&sa, account(false)).unwrap();
    watched(&mut server, &sa, FileChange::Changed);
    wait_for(&mut server, &pod, 1, "cleared again", |d| !token(d));
    assert!(server.shutdown().is_empty());
}

/// While the workspace is still being read in, findings that rest on a
/// file's absence (no NetworkPolicy, no ServiceAccount, no `.dockerignore`)
/// are held back rather than published and withdrawn a moment later.
#[test]
fn nothing_is_judged_missing_before_the_workspace_is_read() {
    let (_dir, root) = root();
    // Enough files that the index is still running when the buffer opens.
    for i in 0..1500 {
        let dir = root.join(format!("apps/{}", i / 100));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join(format!("cm-{i}.yaml")),
            format!("apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: c{i}, namespace: shop}}\ndata: {{a: b}}\n"),
        )
        .unwrap();
    }
    std::fs::write(root.join("zz-netpol.yaml"), policy("shop")).unwrap();
    std::fs::write(root.join("deploy.yaml"), DEPLOY).unwrap();
    let orphan = DEPLOY.replace("namespace: shop", "namespace: lonely");
    std::fs::write(root.join("orphan.yaml"), &orphan).unwrap();
    let mut server = start(&root, Value::Null);
    let deploy = open(&mut server, &root.join("deploy.yaml"), "yaml", DEPLOY);
    let lonely = open(&mut server, &root.join("orphan.yaml"), "yaml", &orphan);
    // The workspace without a policy for `lonely` gets its finding once
    // the index is complete...
    wait_for(
        &mut server,
        &lonely,
        1,
        "the finding after the index",
        missing,
    );
    // ...and by then the other document has been published, never with it.
    wait_for(&mut server, &deploy, 1, "a publish for deploy.yaml", |_| {
        true
    });
    let flickered: Vec<&Value> = server
        .diagnostics
        .iter()
        .map(|(_, p)| p)
        .filter(|p| p["uri"] == deploy.as_str())
        .filter(|p| {
            missing(
                p["diagnostics"]
                    .as_array()
                    .map(Vec::as_slice)
                    .unwrap_or(&[]),
            )
        })
        .collect();
    assert!(flickered.is_empty(), "{flickered:#?}");
    assert!(server.shutdown().is_empty());
}
