//! Tests of configuration loading: parsing, layering, overrides and errors.

use std::path::{Path, PathBuf};

use super::*;

fn problems(text: &str) -> Vec<Problem> {
    match Layer::parse(text, Path::new("/repo/.bulwark.yaml")) {
        Ok(_) => Vec::new(),
        Err(e) => e.problems().to_vec(),
    }
}

fn at<'t>(text: &'t str, p: &Problem) -> &'t str {
    &text[p.range.start..p.range.end]
}

#[test]
fn parses_trusted_registries() {
    let config = Config::parse(
        "trusted-registries:\n  - registry.example.com\n",
        Path::new("x"),
    )
    .unwrap();
    assert_eq!(
        config.trusted_registries,
        Some(vec!["registry.example.com".to_string()])
    );
}

#[test]
fn empty_and_comment_only_files_are_defaults() {
    for text in ["", "\n\n", "# nothing yet\n", "---\n"] {
        assert_eq!(
            Config::parse(text, Path::new("x")).unwrap(),
            Config::default()
        );
    }
    // A key left empty while typing is unset, not an error.
    assert_eq!(
        Config::parse("rules:\nignore:\n", Path::new("x")).unwrap(),
        Config::default()
    );
}

#[test]
fn unknown_keys_are_errors_at_the_key_with_its_line() {
    let text = "rules: {}\nbogus: 1\n";
    let p = problems(text);
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].line, 2);
    assert_eq!(at(text, &p[0]), "bogus");
    assert!(
        p[0].message.contains("unknown key `bogus`"),
        "{}",
        p[0].message
    );
    assert!(!p[0].message.contains("at line"), "{}", p[0].message);

    let text = "secrets:\n  allow: []\n  deny: []\n";
    let p = problems(text);
    assert_eq!((p[0].line, at(text, &p[0])), (3, "deny"));

    let err = Layer::parse(text, Path::new("/repo/.bulwark.yaml")).unwrap_err();
    assert!(
        err.to_string().starts_with("/repo/.bulwark.yaml:3:3: "),
        "{err}"
    );
}

#[test]
fn bad_values_are_errors_at_their_key() {
    let text = "rules:\n  root-user: loud\n";
    let p = problems(text);
    assert_eq!((p[0].line, at(text, &p[0])), (2, "root-user"));
    assert!(p[0].message.contains("loud"), "{}", p[0].message);

    let text = "fail-on: sometimes\n";
    assert_eq!(at(text, &problems(text)[0]), "fail-on");

    let text = "ignore: vendor\n";
    assert_eq!(at(text, &problems(text)[0]), "ignore");
}

#[test]
fn unknown_rule_names_are_errors() {
    let text = "rules:\n  root-user: off\n  no-such-rule: error\n  DL3007: off\n";
    let p = problems(text);
    assert_eq!(p.len(), 2, "{p:?}");
    let found: Vec<_> = p.iter().map(|p| (p.line, at(text, p))).collect();
    assert!(found.contains(&(3, "no-such-rule")), "{found:?}");
    assert!(found.contains(&(4, "DL3007")), "{found:?}");
    let peer = p.iter().find(|p| at(text, p) == "DL3007").unwrap();
    assert!(
        peer.message.contains("`image-tag-latest`"),
        "{}",
        peer.message
    );

    let text = "overrides:\n  - files: [\"a/**\"]\n    rules:\n      nope: off\n";
    let p = problems(text);
    assert_eq!((p[0].line, at(text, &p[0])), (4, "nope"));
}

#[test]
fn bad_globs_and_regexes_are_errors_at_the_item() {
    let text = "ignore:\n  - ok/**\n  - \"a[\"\n";
    let p = problems(text);
    assert_eq!((p[0].line, at(text, &p[0])), (3, "\"a[\""));

    let text = "secrets:\n  extra-patterns:\n    - \"(unclosed\"\n";
    let p = problems(text);
    assert_eq!(p[0].line, 3);
    assert!(
        p[0].message.contains("regular expression"),
        "{}",
        p[0].message
    );

    let text = "trusted-registries:\n  - https://registry.example.com\n";
    assert_eq!(problems(text)[0].line, 2);

    let text = "overrides:\n  - files: []\n";
    assert_eq!(problems(text)[0].line, 2);
}

/// Every problem of a file is reported at once, each at its key, structural
/// ones (serde's) and those found after deserialising alike.
#[test]
fn all_problems_are_reported_together() {
    let text = "\
rules:
  root-usr: off
  privileged: critical
  DL3007: off
secrets:
  deny: []
  allow: [\"(unclosed\"]
fail-on: sometimes
trusted-registries:
  - https://registry.example.com
";
    let found: Vec<(usize, &str)> = problems(text)
        .iter()
        .map(|p| (p.line, at(text, p)))
        .collect();
    assert_eq!(
        found,
        [
            (2, "root-usr"),
            (3, "privileged"),
            (4, "DL3007"),
            (6, "deny"),
            (7, "\"(unclosed\""),
            (8, "fail-on"),
            (10, "https://registry.example.com"),
        ]
    );

    // In flow style an entry cannot be blanked out without breaking the
    // YAML, so only the first problem is reported, and nothing spurious.
    let text = "rules: {privileged: critical, root-user: loud}\n";
    let found: Vec<(usize, &str)> = problems(text)
        .iter()
        .map(|p| (p.line, at(text, p)))
        .collect();
    assert_eq!(found, [(1, "privileged")]);
}

#[test]
fn syntax_errors_are_reported_on_their_line() {
    let text = "rules:\n  root-user: [off\n";
    let p = problems(text);
    assert_eq!(p.len(), 1);
    assert!(p[0].line >= 2, "{p:?}");
}

#[test]
fn diagnose_reports_config_errors_at_keys() {
    let text = "rules:\n  root-user: off\nbogus: true\n";
    let findings = diagnose(text, Path::new("/repo/.bulwark.yaml"));
    assert_eq!(findings.len(), 1);
    let f = &findings[0];
    assert_eq!(f.rule, "config-error");
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(&text[f.range.start..f.range.end], "bogus");
    assert!(diagnose("rules:\n  root-user: off\n", Path::new("x")).is_empty());
}

fn layer(text: &str, dir: &str) -> Layer {
    Layer::parse(text, &PathBuf::from(dir).join(".bulwark.yaml")).unwrap()
}

#[test]
fn ignore_globs_are_relative_to_the_config_folder() {
    let l = layer(
        "ignore:\n  - vendor/\n  - \"*.generated.yaml\"\n  - /top.yaml\n",
        "/repo",
    );
    let ignored = |p: &str| is_ignored(&[&l], Path::new(p));
    assert!(ignored("/repo/vendor/Dockerfile"));
    assert!(ignored("/repo/vendor/deep/x/deploy.yaml"));
    assert!(ignored("/repo/app/k8s/a.generated.yaml"));
    assert!(ignored("/repo/top.yaml"));
    assert!(!ignored("/repo/app/top.yaml"));
    assert!(!ignored("/repo/app/vendor.yaml"));
    assert!(!ignored("/repo/Dockerfile"));
}

#[test]
fn overrides_apply_to_matching_files_only() {
    let l = layer(
        "rules:\n  root-user: error\noverrides:\n  - files: [\"test/**\"]\n    rules:\n      root-user: off\n      secret-in-env: info\n",
        "/repo",
    );
    let main = resolve(&[&l], Some(Path::new("/repo/app/Dockerfile")));
    assert_eq!(main.level("root-user"), Some(RuleLevel::Error));
    assert_eq!(main.level("secret-in-env"), None);
    let test = resolve(&[&l], Some(Path::new("/repo/test/Dockerfile")));
    assert_eq!(test.level("root-user"), Some(RuleLevel::Off));
    assert_eq!(test.level("secret-in-env"), Some(RuleLevel::Info));
}

#[test]
fn the_file_wins_over_editor_settings_which_fill_the_rest() {
    let (editor, unknown) = Layer::from_editor(
        &serde_json::json!({
            "rules": {"root-user": "off", "image-tag-latest": "error"},
            "trusted-registries": ["editor.example.com"],
            "fail-on": "error",
            "path": "/usr/bin/bulwark",
            "secrets": null,
        }),
        vec![PathBuf::from("/repo")],
    )
    .unwrap();
    assert_eq!(unknown, ["path"]);
    let file = layer(
        "rules:\n  root-user: warning\ntrusted-registries: [file.example.com]\n",
        "/repo",
    );
    let c = resolve(&[&editor, &file], Some(Path::new("/repo/Dockerfile")));
    assert_eq!(c.level("root-user"), Some(RuleLevel::Warning));
    assert_eq!(c.level("image-tag-latest"), Some(RuleLevel::Error));
    assert_eq!(
        c.trusted_registries,
        Some(vec!["file.example.com".to_string()])
    );
    assert_eq!(c.fail_on, Some(Severity::Error));

    let bad = Layer::from_editor(&serde_json::json!({"rules": {"nope": "off"}}), vec![]);
    assert!(bad.unwrap_err().contains("rules.nope"));
}

#[test]
fn secret_patterns() {
    let l = layer(
        "secrets:\n  allow: [\"changeme-[0-9]+\"]\n  extra-patterns: [\"acme_[a-z]{8}\"]\n",
        "/repo",
    );
    let c = resolve(&[&l], None);
    assert!(c.secrets.is_allowed("changeme-123"));
    assert!(!c.secrets.is_allowed("changeme-123-and-more"));
    assert!(c.secrets.is_extra_secret("token=acme_abcdefgh"));
    assert!(!c.secrets.is_extra_secret("acme_abc"));
}

#[test]
fn dockerignore_required_defaults_to_the_catalog_list() {
    assert_eq!(Config::default().dockerignore_required().len(), 7);
    let c = Config::parse("dockerignore:\n  required: [\".git\"]\n", Path::new("x")).unwrap();
    assert_eq!(c.dockerignore_required(), [".git"]);
    for bad in ["\"/\"", "\"!.env\"", "\"[a\""] {
        let text = format!("dockerignore:\n  required: [{bad}]\n");
        assert!(Config::parse(&text, Path::new("x")).is_err(), "{bad}");
    }
}

/// `docs/bulwark.schema.json` is generated from [`Settings`]; set
/// `BULWARK_UPDATE_SCHEMA=1` to rewrite it.
#[test]
fn schema_file_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/bulwark.schema.json");
    let fresh = schema_json();
    if std::env::var_os("BULWARK_UPDATE_SCHEMA").is_some() {
        std::fs::write(path, &fresh).unwrap();
    }
    let written = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        written == fresh,
        "docs/bulwark.schema.json is stale: run `BULWARK_UPDATE_SCHEMA=1 cargo test -p bulwark schema_file_is_current`"
    );
}

#[test]
fn schema_describes_every_key() {
    let schema: serde_json::Value = serde_json::from_str(&schema_json()).unwrap();
    let props = schema["properties"].as_object().unwrap();
    let mut keys: Vec<&str> = props.keys().map(String::as_str).collect();
    keys.sort_unstable();
    let mut expected = SETTINGS_KEYS.to_vec();
    expected.sort_unstable();
    assert_eq!(keys, expected);
    assert_eq!(schema["additionalProperties"], serde_json::json!(false));
}

#[test]
fn a_level_written_as_a_list_or_map_names_the_levels() {
    let rules = problems("rules:\n  root-user: [warning]\n");
    assert_eq!(rules.len(), 1, "{rules:?}");
    assert!(
        rules[0]
            .message
            .ends_with("expected one of `off`, `error`, `warning`, `info`, `hint`"),
        "{}",
        rules[0].message
    );
    let fail_on = problems("fail-on: {level: error}\n");
    assert_eq!(fail_on.len(), 1, "{fail_on:?}");
    assert!(
        fail_on[0]
            .message
            .ends_with("expected one of `error`, `warning`, `info`, `hint`"),
        "{}",
        fail_on[0].message
    );
}
