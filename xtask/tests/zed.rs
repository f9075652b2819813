//! The Zed extension: its manifest declares the languages the server handles,
//! and its crate builds against `zed_extension_api` (checked on the host; the
//! wasm target is not installed here).

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

use bulwark::format::{FileKind, LANGUAGE_IDS, classify_language_id};

fn manifest() -> toml::Table {
    let path = xtask::repo_root().join("editors/zed/extension.toml");
    let text = std::fs::read_to_string(&path).expect("editors/zed/extension.toml exists");
    text.parse().expect("extension.toml is TOML")
}

#[test]
fn manifest_declares_the_languages_the_server_handles() {
    let manifest = manifest();
    let server = manifest["language_servers"]["bulwark"]
        .as_table()
        .expect("a [language_servers.bulwark] table");
    let languages: Vec<&str> = server["languages"]
        .as_array()
        .expect("languages = [...]")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    let ids = server["language_ids"]
        .as_table()
        .expect("language_ids table");

    // Every declared language is sent with an id the server reads.
    let mut kinds = BTreeSet::new();
    for language in &languages {
        let id = ids
            .get(*language)
            .and_then(|v| v.as_str())
            .unwrap_or_else(|| panic!("no language id for {language}"));
        assert!(
            LANGUAGE_IDS.contains(&id),
            "{language} is sent as unknown id {id}"
        );
        let kind = classify_language_id(id).unwrap_or_else(|| panic!("{id} is not classified"));
        kinds.insert(format!("{kind:?}"));
    }
    // Dockerfiles, compose files, and YAML (Kubernetes and Helm values are
    // YAML that the server tells apart by content and place). Zed has no
    // language for `.dockerignore`, so those files are the one gap.
    let wanted: BTreeSet<String> = [FileKind::Dockerfile, FileKind::ComposeYaml, FileKind::Yaml]
        .iter()
        .map(|k| format!("{k:?}"))
        .collect();
    assert_eq!(kinds, wanted, "languages: {languages:?}");
}

#[test]
fn extension_crate_checks_on_the_host() {
    // The test binary sits in <target>/debug/deps; build into the same target.
    let exe = std::env::current_exe().expect("test binary path");
    let target = exe
        .ancestors()
        .nth(3)
        .map(PathBuf::from)
        .expect("target folder");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = Command::new(cargo)
        .args(["check", "--quiet", "--manifest-path"])
        .arg(xtask::repo_root().join("editors/zed/Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo check of editors/zed failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
