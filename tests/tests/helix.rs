//! `editors/helix/languages.toml`: it parses, every language it touches runs
//! Bulwark, and the exact command it declares completes an LSP handshake and
//! a pull-diagnostics round trip (Helix pulls when the server offers it).

mod editors;

use std::path::PathBuf;
use std::process::Command;

use serde_json::json;

fn languages_toml() -> toml::Table {
    let path = editors::repo_root().join("editors/helix/languages.toml");
    let text = std::fs::read_to_string(&path).expect("editors/helix/languages.toml exists");
    text.parse().expect("languages.toml is TOML")
}

#[test]
fn every_language_lists_bulwark_next_to_the_usual_servers() {
    let config = languages_toml();
    let languages = config["language"].as_array().expect("[[language]] entries");
    let mut names = Vec::new();
    for language in languages {
        let name = language["name"].as_str().expect("name");
        names.push(name);
        let servers: Vec<&str> = language["language-servers"]
            .as_array()
            .expect("language-servers")
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        assert!(servers.contains(&"bulwark"), "{name}: {servers:?}");
    }
    for wanted in ["dockerfile", "yaml", "docker-compose", "dockerignore"] {
        assert!(
            names.contains(&wanted),
            "no [[language]] {wanted} in {names:?}"
        );
    }
}

#[test]
fn the_declared_command_answers_pull_diagnostics() {
    let config = languages_toml();
    let server = &config["language-server"]["bulwark"];
    let program = server["command"].as_str().expect("command");
    let args: Vec<&str> = server["args"]
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
        .unwrap_or_default();

    // Start exactly that command, found on PATH as Helix would find it, with
    // the freshly built binary's folder first on PATH.
    let bin = editors::bulwark_bin();
    let bin_dir = bin.parent().expect("binary folder").to_path_buf();
    let mut path = vec![bin_dir];
    path.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    let dir = tempfile::tempdir().expect("temp dir");
    let dockerfile: PathBuf = dir.path().join("Dockerfile");
    let text = "# bulwark-ignore: sudo-in-run\nFROM alpine:3.20\n";
    std::fs::write(&dockerfile, text).expect("write Dockerfile");

    let mut command = Command::new(program);
    command
        .args(&args)
        .env("PATH", std::env::join_paths(path).expect("PATH"))
        .current_dir(dir.path());
    let mut lsp = editors::Lsp::start(command);
    let root = editors::file_uri(dir.path());
    let result = lsp.request(
        "initialize",
        json!({
            "processId": std::process::id(),
            "clientInfo": { "name": "helix", "version": "test" },
            "rootUri": root,
            "workspaceFolders": [{ "uri": root, "name": "test" }],
            "capabilities": {
                "workspace": { "configuration": true },
                "textDocument": {
                    "diagnostic": { "dynamicRegistration": false, "relatedDocumentSupport": false },
                    "publishDiagnostics": { "versionSupport": true },
                },
            },
        }),
    );
    let provider = &result["capabilities"]["diagnosticProvider"];
    assert!(
        provider.is_object(),
        "the server offers pull diagnostics: {}",
        result["capabilities"]
    );
    lsp.notify("initialized", json!({}));

    let uri = editors::file_uri(&dockerfile);
    lsp.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "dockerfile", "version": 1, "text": text } }),
    );
    let report = lsp.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(report["kind"], "full", "{report}");
    let items = report["items"].as_array().expect("items");
    let unused = items
        .iter()
        .find(|d| d["code"] == "unused-suppression")
        .unwrap_or_else(|| panic!("no unused-suppression in {report}"));
    assert_eq!(unused["source"], "bulwark");
    assert_eq!(
        unused["range"]["start"],
        json!({ "line": 0, "character": 0 })
    );
    assert!(
        lsp.shutdown(),
        "the server exits cleanly after shutdown and exit"
    );
}
