//! Inputs a security reviewer would judge differently from a naive reading:
//! files that are deliberately not reviewed (and say so), and hardened
//! configurations that must not be reported. Each test copies its fixture
//! from `fixtures/false_positives/` to a temporary folder and runs the real
//! binary there.

use std::collections::BTreeSet;
use std::path::Path;

use bulwark_tests::{copy_tree, run_bulwark};
use serde_json::Value;

/// A temporary copy of `fixtures/false_positives/<name>`.
fn fixture(name: &str) -> tempfile::TempDir {
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/false_positives")
        .join(name);
    let dir = tempfile::tempdir().expect("a temporary folder");
    copy_tree(&from, dir.path()).expect("the fixture copies");
    dir
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// (file, line, rule) of every finding `bulwark check --format json .`
/// reports in `dir`.
fn reported(dir: &Path) -> BTreeSet<(String, u64, String)> {
    reported_for(dir, ".")
}

/// (file, line, rule) of every finding `bulwark check --format json PATH`
/// reports, run in `dir`.
fn reported_for(dir: &Path, path: &str) -> BTreeSet<(String, u64, String)> {
    let out = run_bulwark(dir, ["check", "--format", "json", path]);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", stdout(&out)));
    report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            (
                f["file"].as_str().unwrap_or("").to_string(),
                f["range"]["start"]["line"].as_u64().unwrap_or(0),
                f["rule"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn rules_in(found: &BTreeSet<(String, u64, String)>, file: &str) -> BTreeSet<String> {
    found
        .iter()
        .filter(|(f, _, _)| f == file)
        .map(|(_, _, r)| r.clone())
        .collect()
}

#[test]
fn plain_yaml_under_templates_is_checked_and_templates_are_skipped_openly() {
    let dir = fixture("templates");
    let found = reported(dir.path());
    let plain = rules_in(&found, "chart/templates/ds.yaml");
    for rule in ["privileged", "host-namespace", "image-tag-latest"] {
        assert!(plain.contains(rule), "{rule} missing: {found:?}");
    }
    let template = rules_in(&found, "chart/templates/deployment.yaml");
    assert!(template.is_empty(), "a template is not reviewed: {found:?}");

    let out = run_bulwark(dir.path(), ["check", "chart/templates/deployment.yaml"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains("No findings in 0 files."), "{text}");
    assert!(text.contains("Skipped 1 Helm template"), "{text}");
}

#[test]
fn sops_values_certificates_and_token_audiences_are_not_secrets() {
    let dir = fixture("secrets");
    let found = reported(dir.path());
    let secret = |file: &str| {
        found
            .iter()
            .filter(|(f, _, r)| f == file && r.starts_with("secret-in-"))
            .map(|(_, line, r)| (*line, r.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(secret("sops.yaml"), vec![], "{found:?}");
    assert_eq!(secret("tls.yaml"), vec![], "{found:?}");
    // The audience is a setting; the token beside it, with the same value,
    // is still a credential.
    assert_eq!(
        secret("app.yaml"),
        vec![(14, "secret-in-manifest".to_string())],
        "{found:?}"
    );
    assert_eq!(
        secret("Dockerfile"),
        vec![(3, "secret-in-env".to_string())],
        "{found:?}"
    );
}

#[test]
fn a_non_zero_run_as_user_is_not_called_root() {
    let dir = fixture("run_as_user");
    let out = run_bulwark(dir.path(), ["check", "--format", "json", "."]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    let ours: Vec<&Value> = report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["rule"] == "run-as-non-root")
        .collect();
    assert_eq!(ours.len(), 1, "{report}");
    assert_eq!(ours[0]["severity"], "info", "{report}");
    let message = ours[0]["message"].as_str().unwrap_or("");
    assert!(!message.contains("may run as root"), "{message}");
    assert!(message.contains("10001"), "{message}");
}

#[test]
fn a_containerignore_governs_a_containerfile() {
    let dir = fixture("podman");
    let found = reported(dir.path());
    assert!(
        !rules_in(&found, "Containerfile").contains("copy-whole-context"),
        "{found:?}"
    );
    // Named alone, the Containerfile still reads the ignore file beside it.
    let out = run_bulwark(dir.path(), ["check", "--format", "json", "Containerfile"]);
    assert!(
        !stdout(&out).contains("copy-whole-context"),
        "{}",
        stdout(&out)
    );
    // The .containerignore itself is reviewed like a .dockerignore.
    std::fs::write(dir.path().join(".containerignore"), ".git\n").expect("writes");
    let out = run_bulwark(dir.path(), ["check", ".containerignore"]);
    assert!(
        stdout(&out).contains("this .containerignore does not exclude"),
        "{}",
        stdout(&out)
    );
    let found = reported(dir.path());
    assert!(
        rules_in(&found, ".containerignore").contains("dockerignore-incomplete"),
        "{found:?}"
    );
    assert!(
        rules_in(&found, "Containerfile").contains("copy-whole-context"),
        "{found:?}"
    );
}

#[test]
fn a_distroless_nonroot_final_stage_is_not_root() {
    let dir = fixture("distroless");
    let found = reported(dir.path());
    assert!(
        !rules_in(&found, "Dockerfile").contains("root-user"),
        "{found:?}"
    );
    // The same stage on the default (root) tag is reported.
    let path = dir.path().join("Dockerfile");
    let text = std::fs::read_to_string(&path).expect("reads");
    std::fs::write(&path, text.replace(":nonroot", "")).expect("writes");
    let found = reported(dir.path());
    assert!(
        found.contains(&("Dockerfile".to_string(), 6, "root-user".to_string())),
        "{found:?}"
    );
}

#[test]
fn an_override_service_is_merged_with_its_base() {
    let dir = fixture("compose_override");
    let missing = [
        "allow-privilege-escalation",
        "capabilities-not-dropped",
        "resource-limits-missing",
        "root-user",
        "writable-root-filesystem",
    ];
    let check = |found: &BTreeSet<(String, u64, String)>| {
        for rule in missing {
            let lines: Vec<u64> = found
                .iter()
                .filter(|(f, _, r)| f == "compose.override.yaml" && r == rule)
                .map(|(_, line, _)| *line)
                .collect();
            // `api` is merged into the hardened base service; `adminer`
            // exists only in the override and is judged whole.
            assert_eq!(lines, vec![4], "{rule}: {found:?}");
        }
    };
    let found = reported(dir.path());
    check(&found);
    assert!(rules_in(&found, "compose.yaml").is_empty(), "{found:?}");

    // Named alone, as pre-commit does, the override still sees its base.
    let found = reported_for(dir.path(), "compose.override.yaml");
    check(&found);
}

#[test]
fn kustomize_patches_are_not_judged_as_whole_workloads() {
    let dir = fixture("kustomize");
    let found = reported(dir.path());
    let missing = [
        "allow-privilege-escalation",
        "capabilities-not-dropped",
        "run-as-non-root",
        "writable-root-filesystem",
        "resource-requests-missing",
        "seccomp-profile-missing",
        "service-account-token-mounted",
        "default-service-account",
        "network-policy-missing",
        "default-namespace",
    ];
    for file in ["overlays/prod/replicas.yaml", "overlays/prod/debug.yaml"] {
        let rules = rules_in(&found, file);
        for rule in missing {
            assert!(!rules.contains(rule), "{file} {rule}: {found:?}");
        }
    }
    // What a patch sets is still judged.
    assert!(
        found.contains(&(
            "overlays/prod/debug.yaml".to_string(),
            12,
            "privileged".to_string()
        )),
        "{found:?}"
    );
    // A fragment no kustomization lists is judged whole.
    let unlisted = rules_in(&found, "overlays/prod/unlisted.yaml");
    assert!(unlisted.contains("run-as-non-root"), "{found:?}");
    assert!(unlisted.contains("seccomp-profile-missing"), "{found:?}");

    // Named alone, the patch still finds its kustomization.
    let found = reported_for(dir.path(), "overlays/prod/replicas.yaml");
    assert!(
        !rules_in(&found, "overlays/prod/replicas.yaml").contains("run-as-non-root"),
        "{found:?}"
    );
    // Also when the kustomization is in a folder above the patch, named
    // alone (as pre-commit names staged files) or through its folder.
    for named in ["overlays/stg/patches/priv.yaml", "overlays/stg/patches"] {
        let found = reported_for(dir.path(), named);
        let rules = rules_in(&found, "overlays/stg/patches/priv.yaml");
        assert!(rules.contains("privileged"), "{named}: {found:?}");
        for rule in missing {
            assert!(!rules.contains(rule), "{named} {rule}: {found:?}");
        }
    }
}
