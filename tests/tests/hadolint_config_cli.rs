//! `.hadolint.yaml` through the CLI, as a repository migrating from hadolint
//! has it: its `ignored` ids and `trustedRegistries` apply to Dockerfiles
//! (the only files hadolint reviews) when no `.bulwark.yaml` applies, and
//! leave manifests alone.

use std::path::Path;

use bulwark_tests::run_bulwark;
use serde_json::Value;

const DOCKERFILE: &str = "FROM docker.io/library/alpine:latest\nUSER 10001\n";

const POD: &str = "apiVersion: v1
kind: Pod
metadata:
  name: agent
  namespace: ops
spec:
  containers:
    - name: agent
      image: docker.io/library/alpine:latest
";

const HADOLINT: &str = "ignored:
  - DL3007
trustedRegistries:
  - registry.example.com
";

/// The (file, rule) pairs `bulwark check --format json` reports in `dir`.
fn findings(dir: &Path) -> Vec<(String, String)> {
    let out = run_bulwark(dir, ["check", "--format", "json", "."]);
    let json: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_string(),
                f["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn has(found: &[(String, String)], file: &str, rule: &str) -> bool {
    found.iter().any(|(f, r)| f == file && r == rule)
}

fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Dockerfile"), DOCKERFILE).unwrap();
    std::fs::write(
        dir.path().join(".dockerignore"),
        ".git\n.env*\n*.pem\n*.key\ncredentials*\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("pod.yaml"), POD).unwrap();
    std::fs::write(dir.path().join(".hadolint.yaml"), HADOLINT).unwrap();
    dir
}

#[test]
fn hadolint_settings_apply_to_dockerfiles_only() {
    let dir = repo();
    let found = findings(dir.path());
    // DL3007 is hadolint's id for a `latest` base image.
    assert!(!has(&found, "Dockerfile", "image-tag-latest"), "{found:?}");
    assert!(has(&found, "pod.yaml", "image-tag-latest"), "{found:?}");
    // hadolint's registries make the Dockerfile's docker.io untrusted, and
    // say nothing about the manifest's images.
    assert!(has(&found, "Dockerfile", "untrusted-registry"), "{found:?}");
    assert!(!has(&found, "pod.yaml", "untrusted-registry"), "{found:?}");
}

#[test]
fn a_bulwark_configuration_replaces_the_hadolint_one() {
    let dir = repo();
    std::fs::write(
        dir.path().join(".bulwark.yaml"),
        "rules:\n  missing-healthcheck: off\n",
    )
    .unwrap();
    let found = findings(dir.path());
    assert!(has(&found, "Dockerfile", "image-tag-latest"), "{found:?}");
    assert!(
        !has(&found, "Dockerfile", "untrusted-registry"),
        "{found:?}"
    );
}
