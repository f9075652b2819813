//! Configuration, suppressions and baselines through the CLI, as users run
//! `bulwark check`: config errors at their key and line, ignore globs,
//! overrides, `--config`, `fail-on`, peer suppressions and their files,
//! `--report-unused-suppressions`, baselines with moved lines, `init`.

use std::path::Path;

use bulwark_tests::run_bulwark;
use serde_json::Value;

/// A privileged pod whose `allowPrivilegeEscalation` is also on.
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

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, text).unwrap();
}

/// (exit code, findings as (file, line, rule)) of `bulwark check --format
/// json ARGS` in `dir`.
fn check(dir: &Path, args: &[&str]) -> (i32, Vec<(String, u64, String)>, Value) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = run_bulwark(dir, &all);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let json: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {stdout}\nstderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let findings = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_string(),
                f["range"]["start"]["line"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (out.status.code().unwrap_or(-1), findings, json)
}

fn has(findings: &[(String, u64, String)], file: &str, rule: &str) -> bool {
    findings.iter().any(|(f, _, r)| f == file && r == rule)
}

#[test]
fn config_errors_name_the_key_and_its_line() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "pod.yaml", POD);
    write(
        dir.path(),
        ".bulwark.yaml",
        "rules:\n  privileged: off\n  root-usr: warning\nbogus: 1\n",
    );
    let (code, findings, json) = check(dir.path(), &[]);
    assert_eq!(code, 1);
    let errors: Vec<_> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "config-error")
        .collect();
    // Both problems at once, in file order: the unknown rule name, then
    // the unknown top-level key.
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(errors.iter().all(|e| e["file"] == ".bulwark.yaml"));
    assert_eq!(errors[0]["range"]["start"]["line"], 3);
    assert!(
        errors[0]["message"]
            .as_str()
            .unwrap()
            .contains("`root-usr`"),
        "{}",
        errors[0]["message"]
    );
    assert_eq!(errors[1]["range"]["start"]["line"], 4);
    assert_eq!(errors[1]["range"]["start"]["column"], 1);
    assert!(
        errors[1]["message"].as_str().unwrap().contains("`bogus`"),
        "{}",
        errors[1]["message"]
    );
    // The defaults apply to the files it governs.
    assert!(has(&findings, "pod.yaml", "privileged"), "{findings:?}");

    // Once the key is fixed, the unknown rule name is still reported at its key.
    write(
        dir.path(),
        ".bulwark.yaml",
        "rules:\n  privileged: off\n  root-usr: warning\n",
    );
    let (_, _, json) = check(dir.path(), &[]);
    let error = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "config-error")
        .unwrap()
        .clone();
    assert_eq!(error["range"]["start"]["line"], 3);
    assert_eq!(error["range"]["start"]["column"], 3);
    assert!(error["message"].as_str().unwrap().contains("`root-usr`"));
}

#[test]
fn rules_ignore_overrides_and_fail_on() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "pod.yaml", POD);
    write(dir.path(), "vendor/pod.yaml", POD);
    write(dir.path(), "test/pod.yaml", POD);
    write(dir.path(), "gen/x.generated.yaml", POD);
    write(
        dir.path(),
        ".bulwark.yaml",
        "rules:\n  privileged: info\nignore:\n  - vendor/\n  - \"*.generated.yaml\"\noverrides:\n  - files: [\"test/**\"]\n    rules:\n      privileged: off\n",
    );
    let (_, findings, json) = check(dir.path(), &[]);
    let files: std::collections::BTreeSet<_> =
        findings.iter().map(|(f, _, _)| f.as_str()).collect();
    assert!(
        !files
            .iter()
            .any(|f| f.starts_with("vendor/") || f.contains("generated")),
        "{files:?}"
    );
    assert!(has(&findings, "pod.yaml", "privileged"));
    assert!(
        !has(&findings, "test/pod.yaml", "privileged"),
        "{findings:?}"
    );
    let privileged = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "privileged")
        .unwrap();
    assert_eq!(privileged["severity"], "info");

    // Only `privileged` would fail; at info it no longer does, unless the
    // configuration lowers the threshold or the flag does.
    write(dir.path(), "pod.yaml", POD.replace("registry.example.com/ops/agent:3.2.0", "registry.example.com/ops/agent@sha256:0000000000000000000000000000000000000000000000000000000000000000").as_str());
    let only_info = |text: &str| {
        write(dir.path(), ".bulwark.yaml", text);
        check(dir.path(), &["pod.yaml"])
    };
    let base = "rules:\n  privileged: info\n  resource-limits-missing: off\n  resource-requests-missing: off\n  run-as-non-root: off\n  allow-privilege-escalation: off\n  capabilities-not-dropped: off\n  writable-root-filesystem: off\n  seccomp-profile-missing: off\n  service-account-token-mounted: off\n  default-service-account: off\n  network-policy-missing: off\n  low-user-id: off\n  root-group: off\n";
    let (code, findings, _) = only_info(base);
    let worst: Vec<_> = findings.iter().map(|(_, _, r)| r.clone()).collect();
    assert_eq!(code, 0, "{worst:?}");
    let (code, _, _) = only_info(&format!("{base}fail-on: info\n"));
    assert_eq!(code, 1);
    let out = run_bulwark(dir.path(), ["check", "--fail-on", "error", "pod.yaml"]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn explicit_config_replaces_the_nearest_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "pod.yaml", POD);
    write(dir.path(), ".bulwark.yaml", "rules:\n  privileged: off\n");
    write(
        dir.path(),
        "ci/strict.yaml",
        "rules:\n  privileged: error\n",
    );
    let (_, findings, _) = check(dir.path(), &[]);
    assert!(!has(&findings, "pod.yaml", "privileged"));
    let (_, findings, json) = check(dir.path(), &["--config", "ci/strict.yaml"]);
    assert!(has(&findings, "pod.yaml", "privileged"));
    let f = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "privileged")
        .unwrap();
    assert_eq!(f["severity"], "error");
}

#[test]
fn peer_suppressions_and_their_unused_reports() {
    let dir = tempfile::tempdir().unwrap();
    let pod = POD.replace(
        "  namespace: ops\n",
        "  namespace: ops\n  annotations:\n    ignore-check.kube-linter.io/privileged-container: \"node agent\"\n    checkov.io/skip1: CKV_K8S_27=no socket here\n",
    );
    write(dir.path(), "pod.yaml", &pod);
    let (code, findings, _) = check(dir.path(), &[]);
    assert!(!has(&findings, "pod.yaml", "privileged"), "{findings:?}");
    // CKV_K8S_27 is docker-socket-mount, which did not fire.
    let unused: Vec<_> = findings
        .iter()
        .filter(|(_, _, r)| r == "unused-suppression")
        .collect();
    assert_eq!(unused.len(), 1, "{findings:?}");
    assert_eq!(unused[0].1, 8);

    // Unused suppressions are hints: they fail the run only on request.
    let strict = check(
        dir.path(),
        &["--report-unused-suppressions", "--fail-on", "error"],
    );
    assert_eq!(strict.0, 1);
    let lenient = check(dir.path(), &["--fail-on", "error"]);
    assert_eq!(lenient.0, 0, "{:?}", lenient.1);
    let _ = code;

    // A `.trivyignore` up the tree silences KSV017 (privileged) below it.
    write(dir.path(), "k8s/pod.yaml", POD);
    write(dir.path(), ".trivyignore", "# accepted\nAVD-KSV-0017\n");
    let (_, findings, _) = check(dir.path(), &["k8s"]);
    assert!(
        !has(&findings, "k8s/pod.yaml", "privileged"),
        "{findings:?}"
    );
}

#[test]
fn own_suppressions_in_comments_and_annotations() {
    let dir = tempfile::tempdir().unwrap();
    let pod = POD
        .replace(
            "        privileged: true\n",
            "        # bulwark-ignore: privileged -- node agent\n        privileged: true\n",
        )
        .replace(
            "  namespace: ops\n",
            "  namespace: ops\n  annotations:\n    bulwark.dev/ignore: \"docker-socket-mount\"\n",
        );
    write(dir.path(), "pod.yaml", &pod);
    let (_, findings, _) = check(dir.path(), &[]);
    assert!(!has(&findings, "pod.yaml", "privileged"), "{findings:?}");
    let unused: Vec<_> = findings
        .iter()
        .filter(|(_, _, r)| r == "unused-suppression")
        .map(|(_, l, _)| *l)
        .collect();
    assert_eq!(unused, [7], "{findings:?}");
}

#[test]
fn baseline_round_trip_survives_moved_lines() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "pod.yaml", POD);
    let out = run_bulwark(dir.path(), ["check", "--write-baseline", "baseline.json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let recorded: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("baseline.json")).unwrap())
            .unwrap();
    assert!(!recorded["findings"].as_array().unwrap().is_empty());

    let (code, findings, _) = check(dir.path(), &["--baseline", "baseline.json"]);
    assert_eq!((code, findings.len()), (0, 0), "{findings:?}");

    // Lines above move everything down: still nothing new.
    let moved = format!("# agent for the ops team\n# owned by platform\n{POD}");
    write(dir.path(), "pod.yaml", &moved);
    let (code, findings, _) = check(dir.path(), &["--baseline", "baseline.json"]);
    assert_eq!((code, findings.len()), (0, 0), "{findings:?}");

    // A second privileged container is new; the old one stays accepted.
    let more = moved.replace(
        "        privileged: true\n",
        "        privileged: true\n    - name: helper\n      image: registry.example.com/ops/helper:1.0.0\n      securityContext:\n        privileged: yes\n",
    );
    write(dir.path(), "pod.yaml", &more);
    let (code, findings, _) = check(dir.path(), &["--baseline", "baseline.json"]);
    assert_eq!(code, 1);
    let privileged: Vec<_> = findings
        .iter()
        .filter(|(_, _, r)| r == "privileged")
        .collect();
    assert_eq!(privileged.len(), 1, "{findings:?}");
    assert_eq!(privileged[0].1, 17);

    let out = run_bulwark(dir.path(), ["check", "--baseline", "missing.json"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn init_writes_a_starter_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_bulwark(dir.path(), ["init"]);
    assert_eq!(out.status.code(), Some(0));
    let text = std::fs::read_to_string(dir.path().join(".bulwark.yaml")).unwrap();
    assert!(text.contains("# rules:"));
    write(dir.path(), "pod.yaml", POD);
    let (_, findings, _) = check(dir.path(), &[]);
    assert!(!findings.iter().any(|(_, _, r)| r == "config-error"));

    std::fs::write(dir.path().join(".bulwark.yaml"), "rules: {}\n").unwrap();
    let out = run_bulwark(dir.path(), ["init"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".bulwark.yaml")).unwrap(),
        "rules: {}\n"
    );
}

#[test]
fn configured_dockerignore_requirements_and_their_fixes() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        ".bulwark.yaml",
        "dockerignore:\n  required: [\".git\", \".env*\", \"*.p12\"]\n",
    );
    write(dir.path(), "Dockerfile", "FROM alpine:3.20\nCOPY . /app\n");
    // Complete for this project (no `*.pem` asked for), except `*.p12`.
    write(dir.path(), ".dockerignore", ".git\n**/.env*\n");
    let (_, findings, json) = check(dir.path(), &[]);
    let message = |rule: &str| {
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == rule)
            .map(|f| f["message"].as_str().unwrap().to_string())
            .unwrap_or_else(|| panic!("no {rule}: {findings:?}"))
    };
    let incomplete = message("dockerignore-incomplete");
    assert!(incomplete.contains("`*.p12`"), "{incomplete}");
    assert!(!incomplete.contains("`*.pem`"), "{incomplete}");
    assert!(message("copy-whole-context").contains("`*.p12`"));

    // The fixes write the configured pattern, and then nothing is left.
    let out = run_bulwark(dir.path(), ["check", "--fix", "."]);
    assert!(out.status.code().is_some(), "{out:?}");
    let fixed = std::fs::read_to_string(dir.path().join(".dockerignore")).unwrap();
    assert_eq!(fixed, ".git\n**/.env*\n**/*.p12\n");
    let (_, findings, _) = check(dir.path(), &[]);
    assert!(
        !has(&findings, ".dockerignore", "dockerignore-incomplete"),
        "{findings:?}"
    );
    assert!(
        !has(&findings, "Dockerfile", "copy-whole-context"),
        "{findings:?}"
    );

    // Without a .dockerignore, the one the fix creates holds the list.
    std::fs::remove_file(dir.path().join(".dockerignore")).unwrap();
    let out = run_bulwark(dir.path(), ["check", "--fix", "."]);
    assert!(out.status.code().is_some(), "{out:?}");
    let created = std::fs::read_to_string(dir.path().join(".dockerignore")).unwrap();
    assert_eq!(created, ".git\n**/.env*\n**/*.p12\n");

    // A negation in the list is an error at its item.
    write(
        dir.path(),
        ".bulwark.yaml",
        "dockerignore:\n  required:\n    - \"!.env\"\n",
    );
    let (_, _, json) = check(dir.path(), &[]);
    let error = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "config-error")
        .cloned()
        .unwrap_or_default();
    assert_eq!(error["range"]["start"]["line"], 3, "{json:#}");
}

/// A Dockerfile whose inline peer suppressions silence nothing, beside a
/// `.trivyignore` and a `.hadolint.yaml` with one used and one unused entry.
fn peer_project(dir: &Path) {
    write(
        dir,
        "Dockerfile",
        "FROM alpine:latest\n# hadolint ignore=DL3020\nRUN echo hi\n#trivy:ignore:DS005\nRUN echo ho\n# checkov:skip=CKV_DOCKER_4:no ADD here\nUSER 1000\n",
    );
    // DS001 and DL3007 silence `image-tag-latest`; DS002 (`root-user`) and
    // DL3020 (`add-instead-of-copy`) silence nothing; a CVE is Trivy's own.
    write(
        dir,
        ".trivyignore",
        "DS001\nDS002 exp:2030-01-01\nCVE-2023-1234\n",
    );
    write(dir, ".hadolint.yaml", "ignored:\n  - DL3007\n  - DL3020\n");
}

fn unused_at(findings: &[(String, u64, String)]) -> Vec<(String, u64)> {
    findings
        .iter()
        .filter(|(_, _, r)| r == "unused-suppression")
        .map(|(f, l, _)| (f.clone(), *l))
        .collect()
}

#[test]
fn inline_peer_suppressions_count_as_unused_like_our_own() {
    let dir = tempfile::tempdir().unwrap();
    peer_project(dir.path());
    let (code, findings, json) = check(dir.path(), &["--fail-on", "error"]);
    assert_eq!(code, 0);
    assert!(
        !has(&findings, "Dockerfile", "image-tag-latest"),
        "{findings:?}"
    );
    assert_eq!(
        unused_at(&findings),
        [
            ("Dockerfile".to_string(), 2),
            ("Dockerfile".to_string(), 4),
            ("Dockerfile".to_string(), 6)
        ]
    );
    for f in json["findings"].as_array().unwrap() {
        if f["rule"] == "unused-suppression" {
            assert!(f["message"].as_str().unwrap().contains("silences nothing"));
        }
    }
    // Removing another tool's comment is for a person: the fix is unsafe,
    // so `--fix` alone leaves the comments, and `--unsafe-fixes` removes them.
    let dockerfile = || std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap();
    run_bulwark(dir.path(), ["check", "--fix", "."]);
    assert!(
        dockerfile().contains("# hadolint ignore=DL3020\n"),
        "{}",
        dockerfile()
    );
    run_bulwark(dir.path(), ["check", "--fix", "--unsafe-fixes", "."]);
    let fixed = dockerfile();
    assert!(
        !fixed.contains("hadolint ignore")
            && !fixed.contains("trivy:ignore")
            && !fixed.contains("checkov:skip"),
        "{fixed}"
    );
}

#[test]
fn unused_entries_of_peer_files_on_request() {
    let dir = tempfile::tempdir().unwrap();
    peer_project(dir.path());
    let on_files = |findings: &[(String, u64, String)]| -> Vec<(String, u64)> {
        unused_at(findings)
            .into_iter()
            .filter(|(f, _)| f != "Dockerfile")
            .collect()
    };
    // Not without the flag: a run does not judge those files unasked.
    let (_, findings, _) = check(dir.path(), &[]);
    assert!(on_files(&findings).is_empty(), "{findings:?}");

    let (code, findings, json) = check(
        dir.path(),
        &["--report-unused-suppressions", "--fail-on", "error", "."],
    );
    assert_eq!(code, 1);
    assert_eq!(
        on_files(&findings),
        [
            (".hadolint.yaml".to_string(), 3),
            (".trivyignore".to_string(), 2)
        ]
    );
    let trivy = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"] == ".trivyignore")
        .unwrap();
    assert_eq!(trivy["range"]["start"]["column"], 1);
    assert!(trivy["message"].as_str().unwrap().contains("`DS002`"));

    // A run over one file cannot tell that no other file needs an entry.
    let (_, findings, _) = check(dir.path(), &["--report-unused-suppressions", "Dockerfile"]);
    assert!(on_files(&findings).is_empty(), "{findings:?}");

    // The unsafe fix removes the `.trivyignore` line; hadolint's list is
    // left to a person.
    let out = run_bulwark(
        dir.path(),
        [
            "check",
            "--fix",
            "--unsafe-fixes",
            "--report-unused-suppressions",
            ".",
        ],
    );
    assert!(out.status.code().is_some());
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".trivyignore")).unwrap(),
        "DS001\nCVE-2023-1234\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".hadolint.yaml")).unwrap(),
        "ignored:\n  - DL3007\n  - DL3020\n"
    );

    // Where a `.bulwark.yaml` applies, `.hadolint.yaml` is not in force, so
    // its entries are not judged either.
    write(dir.path(), ".bulwark.yaml", "rules: {}\n");
    let (_, findings, _) = check(dir.path(), &["--report-unused-suppressions", "."]);
    assert!(
        !findings.iter().any(|(f, _, _)| f == ".hadolint.yaml"),
        "{findings:?}"
    );
}
