//! The editor files generated from `server/src/format.rs` are up to date.

#[test]
fn generated_editor_files_are_current() {
    let root = xtask::repo_root();
    let stale = xtask::generate::run(&root, true).expect("the generator runs");
    assert!(
        stale.is_empty(),
        "stale generated files (run `cargo run -p xtask -- generate`): {stale:?}"
    );
}

/// VS Code offers one `bulwark.<key>` setting per key of the configuration
/// (the command-line-only `fail-on` aside), with its schema inlined.
#[test]
fn vscode_settings_follow_the_configuration_schema() {
    let root = xtask::repo_root();
    let text = std::fs::read_to_string(root.join("editors/vscode/package.json")).unwrap();
    let package: serde_json::Value = serde_json::from_str(&text).unwrap();
    let offered = package["contributes"]["configuration"]["properties"]
        .as_object()
        .unwrap();
    let schema: serde_json::Value = serde_json::from_str(&bulwark::config::schema_json()).unwrap();
    for key in schema["properties"].as_object().unwrap().keys() {
        let name = format!("bulwark.{key}");
        assert_eq!(offered.contains_key(&name), key != "fail-on", "{name}");
    }
    assert!(offered.contains_key("bulwark.server.path"));
    assert!(offered.contains_key("bulwark.trace.server"));
    assert!(!text.contains("$ref") && !text.contains("anyOf"));
    // Every catalog rule can be completed under `bulwark.rules`.
    let rules = offered["bulwark.rules"]["properties"].as_object().unwrap();
    assert_eq!(rules.len(), bulwark::catalog::Catalog::get().rules().len());
    assert_eq!(
        offered["bulwark.secrets"]["properties"]["allow"]["items"]["type"],
        "string"
    );
    assert_eq!(
        xtask::generate::server_setting_keys().unwrap(),
        [
            "dockerignore",
            "ignore",
            "overrides",
            "rules",
            "secrets",
            "trusted-registries"
        ]
    );
}
