//! `bulwark check`, `rules` and `explain` as users run them: exit codes, the
//! three report formats, `--fix`, and inputs that must not crash it.
//!
//! The text and JSON snapshots pin what the fixture in `fixtures/cli/`
//! reports; when a rule's message changes on purpose, review the new
//! snapshot with `cargo insta review` (or `INSTA_UPDATE=always`).

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use bulwark_tests::{bulwark_bin, copy_tree, repo_root, run_bulwark};
use serde_json::Value;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/cli")
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn json(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", stdout(out)))
}

fn findings(out: &std::process::Output) -> Vec<Value> {
    json(out)["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn rules_of(out: &std::process::Output) -> BTreeSet<String> {
    findings(out)
        .iter()
        .filter_map(|f| f["rule"].as_str().map(str::to_string))
        .collect()
}

/// A folder holding `files` (name, bytes), for one test.
fn folder(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (name, bytes) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(path, bytes).unwrap();
    }
    dir
}

const ONLY_INFO: &str = "\
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
      automountServiceAccountToken: false
      serviceAccountName: web
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        runAsGroup: 10001
        seccompProfile: {type: RuntimeDefault}
      containers:
        - name: web
          image: registry.example.com/web:1.4.2@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {drop: [ALL]}
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: 500m, memory: 256Mi}
";

#[test]
fn text_report_snapshot() {
    let out = run_bulwark(&fixture(), ["check", "."]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    insta::assert_snapshot!("text_report", stdout(&out));
}

/// The summary names the files with findings and, when some were clean,
/// how many were checked.
#[test]
fn the_summary_counts_files_with_findings_apart_from_files_checked() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo_root().join("examples/hardened"), dir.path()).unwrap();
    let clean = run_bulwark(dir.path(), ["check", "."]);
    assert_eq!(clean.status.code(), Some(0), "{}", stdout(&clean));
    let last = stdout(&clean)
        .lines()
        .last()
        .unwrap_or_default()
        .to_string();
    let checked: usize = last
        .strip_prefix("No findings in ")
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{last}"));
    assert!(checked > 1, "{last}");

    std::fs::write(
        dir.path().join("pod.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec:\n  containers:\n    - {name: c, image: r.example.com/c:1.0, securityContext: {privileged: true}}\n",
    )
    .unwrap();
    let out = run_bulwark(dir.path(), ["check", "."]);
    let last = stdout(&out).lines().last().unwrap_or_default().to_string();
    let want = format!(" in 1 file ({} checked): ", checked + 1);
    assert!(last.starts_with("Found ") && last.contains(&want), "{last}");
}

#[test]
fn json_report_snapshot() {
    let out = run_bulwark(&fixture(), ["check", "--format", "json", "."]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    insta::assert_snapshot!("json_report", stdout(&out));
}

#[test]
fn json_report_has_the_documented_shape() {
    let out = run_bulwark(&fixture(), ["check", "--format", "json"]);
    let report = json(&out);
    assert_eq!(report["version"], 1);
    let list = report["findings"].as_array().expect("a findings array");
    assert!(!list.is_empty());
    for f in list {
        assert_eq!(f["file"], "deploy.yaml", "relative to the cwd: {f}");
        for key in ["rule", "severity", "message"] {
            assert!(f[key].is_string(), "{key} in {f}");
        }
        assert!(f["fixable"].is_boolean(), "{f}");
        let (start, end) = (&f["range"]["start"], &f["range"]["end"]);
        assert!(start["line"].as_u64().is_some_and(|l| l >= 1), "{f}");
        assert!(start["column"].as_u64().is_some_and(|c| c >= 1), "{f}");
        let order = |p: &Value| (p["line"].as_u64(), p["column"].as_u64());
        assert!(order(start) <= order(end), "{f}");
    }
    // The first line of the keys is the documented order.
    let text = stdout(&out);
    assert!(
        text.find("\"version\"") < text.find("\"findings\""),
        "{text}"
    );
}

#[test]
fn paths_keep_the_argument_as_written() {
    let root = repo_root();
    let out = run_bulwark(&root, ["check", "--format", "json", "tests/fixtures/cli"]);
    let files: BTreeSet<String> = findings(&out)
        .iter()
        .filter_map(|f| f["file"].as_str().map(str::to_string))
        .collect();
    assert_eq!(
        files,
        BTreeSet::from(["tests/fixtures/cli/deploy.yaml".to_string()])
    );

    let absolute = fixture().join("deploy.yaml");
    let out = run_bulwark(
        &root,
        [Path::new("check"), Path::new("--format=json"), &absolute],
    );
    assert!(
        findings(&out)
            .iter()
            .all(|f| f["file"] == absolute.to_string_lossy().as_ref()),
        "{}",
        stdout(&out)
    );
}

#[test]
fn exit_codes_follow_fail_on() {
    let dir = folder(&[("deploy.yaml", ONLY_INFO.as_bytes())]);
    let severities: BTreeSet<String> =
        findings(&run_bulwark(dir.path(), ["check", "--format=json"]))
            .iter()
            .filter_map(|f| f["severity"].as_str().map(str::to_string))
            .collect();
    // The manifest is hardened but for its missing NetworkPolicy (info).
    assert_eq!(severities, BTreeSet::from(["info".to_string()]));

    let code = |args: &[&str]| run_bulwark(dir.path(), args).status.code();
    assert_eq!(
        code(&["check"]),
        Some(0),
        "warning is the default threshold"
    );
    assert_eq!(code(&["check", "--fail-on", "error"]), Some(0));
    assert_eq!(code(&["check", "--fail-on", "info"]), Some(1));
    assert_eq!(code(&["check", "--fail-on", "hint"]), Some(1));
    assert_eq!(code(&["check", "--fail-on", "error"]), Some(0));
    assert_eq!(
        run_bulwark(&fixture(), ["check", "--fail-on", "error"])
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn an_empty_folder_is_clean() {
    let dir = folder(&[("README.md", b"nothing to check")]);
    let out = run_bulwark(dir.path(), ["check"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "No findings in 0 files.\n");
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let plain = run_bulwark(&fixture(), ["check"]);
    assert!(!stdout(&plain).contains('\u{1b}'), "a pipe gets no colour");

    let forced = Command::new(bulwark_bin())
        .arg("check")
        .current_dir(fixture())
        .env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(
        stdout(&forced).contains("\u{1b}["),
        "CLICOLOR_FORCE gives colour"
    );
}

#[test]
fn sarif_validates_against_the_schema() {
    let schema: Value = serde_json::from_str(include_str!("../schemas/sarif-2.1.0.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    let out = run_bulwark(&fixture(), ["check", "--format", "sarif", "."]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let log = json(&out);
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF schema violations:\n{}",
        errors.join("\n")
    );

    let run = &log["runs"][0];
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "bulwark");
    let ids: BTreeSet<String> = driver["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, catalog_names(), "the driver lists every catalog rule");
    for rule in driver["rules"].as_array().unwrap() {
        assert!(rule["fullDescription"]["text"].is_string(), "{rule}");
        assert!(
            rule["help"]["text"].as_str().unwrap().starts_with("# "),
            "{rule}"
        );
        assert!(rule["defaultConfiguration"]["level"].is_string(), "{rule}");
        assert!(rule.get("helpUri").is_none(), "no docs URL was configured");
        // Code scanning's ranking: a number in a string, by severity.
        let score: f64 = rule["properties"]["security-severity"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no security-severity: {rule}"));
        let want = match rule["defaultConfiguration"]["level"].as_str() {
            Some("error") => 7.0..9.0,
            Some("warning") => 4.0..7.0,
            _ => 0.1..4.0,
        };
        assert!(want.contains(&score), "{score} for {rule}");
    }

    let results = run["results"].as_array().unwrap();
    let levels: BTreeSet<(String, String)> = results
        .iter()
        .map(|r| {
            (
                r["ruleId"].as_str().unwrap().to_string(),
                r["level"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        levels.contains(&("privileged".into(), "error".into())),
        "{levels:?}"
    );
    assert!(
        levels.contains(&("unused-suppression".into(), "note".into())),
        "hint is a note"
    );
    let privileged = results
        .iter()
        .find(|r| r["ruleId"] == "privileged")
        .unwrap();
    let region = &privileged["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 30);
    assert_eq!(region["startColumn"], 13);
    assert_eq!(
        privileged["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "deploy.yaml"
    );
    let fix = &privileged["fixes"][0]["artifactChanges"][0];
    assert_eq!(
        fix["replacements"][0]["insertedContent"]["text"]
            .as_str()
            .map(|t| t.contains("false")),
        Some(true),
        "{fix}"
    );
}

/// The published schema's language-tag pattern has a stray `]` that makes it
/// an invalid regular expression; the vendored copy carries a corrected
/// pattern instead, and is otherwise the schema `serde-sarif` ships.
const LANGUAGE_PATTERN_AS_PUBLISHED: &str = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
const LANGUAGE_PATTERN_FIXED: &str = r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#;

/// The vendored schema is the one `serde-sarif` ships (but for the pattern
/// above), when its source is in the local cargo registry.
#[test]
fn vendored_sarif_schema_matches_serde_sarif() {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    let Some(registry) = home.map(|h| h.join("registry/src")) else {
        return;
    };
    let Ok(indexes) = std::fs::read_dir(&registry) else {
        return;
    };
    let vendored = include_str!("../schemas/sarif-2.1.0.json");
    for index in indexes.flatten() {
        let Ok(crates) = std::fs::read_dir(index.path()) else {
            continue;
        };
        for krate in crates.flatten() {
            let name = krate.file_name().to_string_lossy().into_owned();
            if !name.starts_with("serde-sarif-") {
                continue;
            }
            if let Ok(text) = std::fs::read_to_string(krate.path().join("src/schema.json")) {
                let text = text.replace(LANGUAGE_PATTERN_AS_PUBLISHED, LANGUAGE_PATTERN_FIXED);
                assert_eq!(
                    text.trim(),
                    vendored.trim(),
                    "tests/schemas/sarif-2.1.0.json differs from {name}'s schema"
                );
            }
        }
    }
}

fn catalog_names() -> BTreeSet<String> {
    let text = std::fs::read_to_string(repo_root().join("server/catalog/rules.toml")).unwrap();
    let catalog: toml::Value = toml::from_str(&text).unwrap();
    catalog["rule"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn fix_applies_safe_fixes_and_reports_what_remains() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture(), dir.path()).unwrap();
    let before = std::fs::read_to_string(dir.path().join("deploy.yaml")).unwrap();

    let out = run_bulwark(dir.path(), ["check", "--fix", "--format", "json"]);
    let after = std::fs::read_to_string(dir.path().join("deploy.yaml")).unwrap();
    assert_ne!(before, after, "the safe fix changed the file");
    assert!(!after.contains("bulwark-ignore: host-port"), "{after}");
    let rules = rules_of(&out);
    assert!(!rules.contains("unused-suppression"), "{rules:?}");
    // Unsafe fixes wait for --unsafe-fixes.
    assert!(rules.contains("privileged"), "{rules:?}");
    assert!(after.contains("privileged: true"));
}

#[test]
fn unsafe_fixes_apply_with_the_flag_and_recheck_clean() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture(), dir.path()).unwrap();

    let out = run_bulwark(
        dir.path(),
        ["check", "--fix", "--unsafe-fixes", "--format", "json"],
    );
    let after = std::fs::read_to_string(dir.path().join("deploy.yaml")).unwrap();
    assert!(after.contains("privileged: false"), "{after}");
    let rules = rules_of(&out);
    assert!(!rules.contains("privileged"), "{rules:?}");
    assert!(
        !rules.contains("syntax-error"),
        "the fixed file still parses: {rules:?}"
    );

    let again = run_bulwark(dir.path(), ["check", "--format", "json"]);
    assert_eq!(
        rules_of(&again),
        rules,
        "the report after --fix is a fresh check"
    );
}

#[test]
fn fix_summary_is_in_the_text_report() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture(), dir.path()).unwrap();
    let out = run_bulwark(dir.path(), ["check", "--fix"]);
    assert!(
        stdout(&out).contains("Applied 1 fix in 1 file."),
        "{}",
        stdout(&out)
    );
}

#[test]
fn rules_json_lists_every_catalog_rule() {
    let out = run_bulwark(&repo_root(), ["rules", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let listed: BTreeSet<String> = json(&out)
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(listed, catalog_names());

    let text = run_bulwark(&repo_root(), ["rules"]);
    for name in catalog_names() {
        assert!(
            stdout(&text).contains(&name),
            "{name} missing from `bulwark rules`"
        );
    }
}

#[test]
fn explain_prints_the_rule_page() {
    let out = run_bulwark(&repo_root(), ["explain", "root-user"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("# root-user"), "{text}");
    assert!(text.contains("Default severity: warning."), "{text}");
    assert!(
        text.contains("DL3002"),
        "the catalog's anchors are appended: {text}"
    );
}

/// Another tool's id explains the Bulwark rules that carry it, so that a
/// user migrating from hadolint, Trivy, Checkov or kube-linter can look up
/// the ids they know.
#[test]
fn explain_accepts_other_tools_ids() {
    for (id, tool, rule) in [
        ("DL3002", "hadolint", "root-user"),
        ("AVD-DS-0002", "trivy", "root-user"),
        ("ksv017", "trivy", "privileged"),
        ("CKV_K8S_16", "checkov", "privileged"),
        ("latest-tag", "kube-linter", "image-tag-latest"),
    ] {
        let out = run_bulwark(&repo_root(), ["explain", id]);
        assert_eq!(out.status.code(), Some(0), "{id}: {}", stderr(&out));
        let text = stdout(&out);
        let first = text.lines().next().unwrap_or_default();
        assert!(
            first.contains(tool) && first.contains(&format!("`{rule}`")),
            "{id}: {first}"
        );
        assert!(text.contains(&format!("\n# {rule}\n")), "{id}: {text}");
    }
}

#[test]
fn usage_errors_exit_2() {
    let dir = repo_root();
    for args in [
        &["check", "--format", "xml"][..],
        &["check", "--fail-on", "loud"],
        &["check", "--unsafe-fixes"],
        &["frobnicate"],
        &["explain", "no-such-rule"],
        &["check", "--config", "no-such-config.yaml", "."],
        &["check", "--config", "tests", "."],
        &[],
    ] {
        let out = run_bulwark(&dir, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(!stderr(&out).trim().is_empty(), "{args:?} says why");
    }
    let out = run_bulwark(&dir, ["check", "--unsafe-fixes"]);
    assert!(stderr(&out).contains("--unsafe-fixes only makes sense with --fix"));
    let out = run_bulwark(&dir, ["explain", "no-such-rule"]);
    assert!(stderr(&out).contains("no-such-rule"));
    // Nothing is checked with the defaults when the named configuration
    // cannot be read.
    let out = run_bulwark(&dir, ["check", "--config", "no-such-config.yaml", "."]);
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
    assert!(stderr(&out).contains("no-such-config.yaml: no such file"));
}

#[test]
fn help_and_version_exit_0() {
    for args in [["--help"], ["--version"]] {
        let out = run_bulwark(&repo_root(), args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(!stdout(&out).is_empty());
    }
}

#[test]
fn a_missing_file_exits_2_naming_it() {
    let dir = folder(&[]);
    let out = run_bulwark(dir.path(), ["check", "nope/Dockerfile"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nope/Dockerfile"), "{}", stderr(&out));
    assert!(
        out.stdout.is_empty(),
        "nothing is checked before the arguments are valid"
    );
}

#[test]
fn invalid_utf8_and_binary_files_do_not_crash() {
    let mut binary: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    binary.extend_from_slice(b"\nFROM alpine\n");
    let dir = folder(&[
        (
            "Dockerfile",
            b"FROM alpine:3.20\nRUN echo \xff\xfe caf\xc3\xa9\nUSER 10001\n",
        ),
        ("bin/Dockerfile", &binary),
        (
            "values/deploy.yaml",
            b"apiVersion: v1\nkind: Pod\x00\x01\nmetadata: {name: \xc0}\n",
        ),
        ("values/.dockerignore", b"\xff\n.git\n"),
    ]);
    let out = run_bulwark(dir.path(), ["check", "--format", "json"]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let list = findings(&out);
    assert!(
        list.iter().any(|f| f["file"] == "Dockerfile"
            && f["rule"] == "syntax-error"
            && f["range"]["start"]["line"] == 2),
        "invalid UTF-8 is reported where it is: {list:?}"
    );
    let text = run_bulwark(dir.path(), ["check"]);
    assert!(
        matches!(text.status.code(), Some(0 | 1)),
        "{}",
        stderr(&text)
    );
    let sarif = run_bulwark(dir.path(), ["check", "--format", "sarif"]);
    assert!(
        matches!(sarif.status.code(), Some(0 | 1)),
        "{}",
        stderr(&sarif)
    );
}

#[test]
fn fix_leaves_files_with_invalid_utf8_alone() {
    let bytes: &[u8] = b"# bulwark-ignore: host-port\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  k: \xff\n";
    let dir = folder(&[("cm.yaml", bytes)]);
    run_bulwark(dir.path(), ["check", "--fix", "--unsafe-fixes"]);
    assert_eq!(std::fs::read(dir.path().join("cm.yaml")).unwrap(), bytes);
}

#[test]
fn a_five_megabyte_file_is_checked() {
    let mut text = String::from(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\n  namespace: shop\ndata:\n",
    );
    let mut n = 0;
    while text.len() < 5 * 1024 * 1024 {
        text.push_str(&format!(
            "  setting-{n:07}: \"value number {n} of a large configuration map\"\n"
        ));
        n += 1;
    }
    let dir = folder(&[("big.yaml", text.as_bytes())]);
    let started = std::time::Instant::now();
    let out = run_bulwark(dir.path(), ["check", "--format", "json"]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    json(&out);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(120),
        "checking 5 MB took {:?}",
        started.elapsed()
    );
}

#[test]
fn a_closed_pipe_counts_as_success() {
    // Enough findings that the report outgrows the pipe's buffer, so the
    // write fails once the reader has gone.
    let mut text = String::new();
    for i in 0..400 {
        text.push_str(&format!(
            "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p{i}\nspec:\n  containers:\n    - name: c\n      image: nginx:latest\n      securityContext:\n        privileged: true\n"
        ));
    }
    let dir = folder(&[("pods.yaml", text.as_bytes())]);
    let mut child = Command::new(bulwark_bin())
        .arg("check")
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    let mut pipe = child.stdout.take().unwrap();
    let _ = pipe.read(&mut first);
    drop(pipe);
    let status = child.wait().unwrap();
    assert_eq!(
        status.code(),
        Some(0),
        "a reader that stops early is not an error"
    );
}

/// The policy-creating fix of every workload in namespace `shop`, named one
/// file at a time as pre-commit does: one valid file, created once.
#[test]
fn workloads_of_one_namespace_create_one_policy() {
    let worker = ONLY_INFO.replace("web", "worker");
    let both = format!("{ONLY_INFO}---\n{}", ONLY_INFO.replace("web", "api"));
    let dir = folder(&[
        ("deploy.yaml", both.as_bytes()),
        ("worker.yaml", worker.as_bytes()),
    ]);
    let out = run_bulwark(
        dir.path(),
        [
            "check",
            "--fix",
            "--unsafe-fixes",
            "deploy.yaml",
            "worker.yaml",
        ],
    );
    assert!(
        stdout(&out).contains("Applied 3 fixes in 1 file."),
        "three findings, one file written once: {}",
        stdout(&out)
    );
    let policy = std::fs::read_to_string(dir.path().join("default-deny-shop.yaml")).unwrap();
    assert_eq!(policy.matches("kind: NetworkPolicy").count(), 1, "{policy}");

    let again = run_bulwark(dir.path(), ["check", "--format=json", "--fail-on=hint"]);
    assert!(again.status.success(), "{}", stdout(&again));
    assert!(rules_of(&again).is_empty(), "{:?}", rules_of(&again));
}

/// A named manifest sees the NetworkPolicy in the file beside it, as a run
/// over the folder does; the sibling is context, not reported on.
#[test]
fn a_named_manifest_sees_the_policy_beside_it() {
    let dir = folder(&[
        ("app.yaml", ONLY_INFO.as_bytes()),
        (
            "netpol.yaml",
            b"apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n  ingress:\n    - {}\n",
        ),
    ]);
    let named = run_bulwark(dir.path(), ["check", "--format=json", "app.yaml"]);
    assert!(named.status.success(), "{}", stdout(&named));
    assert!(findings(&named).is_empty(), "{:?}", findings(&named));

    let fixed = run_bulwark(dir.path(), ["check", "--fix", "--unsafe-fixes", "app.yaml"]);
    assert!(fixed.status.success(), "{}", stdout(&fixed));
    assert!(!dir.path().join("default-deny-shop.yaml").exists());
}

/// A fix that creates a file never writes over or appends to one that
/// exists, even one the run does not read (here it is gitignored).
#[test]
fn a_fix_does_not_create_a_file_that_exists() {
    let dir = folder(&[
        ("app.yaml", ONLY_INFO.as_bytes()),
        (".gitignore", b"default-deny-shop.yaml\n"),
        ("default-deny-shop.yaml", b"# kept\n"),
    ]);
    let out = run_bulwark(dir.path(), ["check", "--fix", "--unsafe-fixes", "app.yaml"]);
    assert!(
        stdout(&out).contains("Applied 0 fixes in 0 files."),
        "{}",
        stdout(&out)
    );
    let kept = std::fs::read_to_string(dir.path().join("default-deny-shop.yaml")).unwrap();
    assert_eq!(kept, "# kept\n");
}

/// Two fixes that each remove one item of the same block list, applied by
/// one `--fix` run, leave an empty list and never a null value, in compose,
/// Kubernetes and Helm values alike.
#[test]
fn removing_every_listed_capability_leaves_an_empty_list() {
    let dir = folder(&[
        (
            "compose.yaml",
            b"services:\n  web:\n    image: nginx:1.27\n    cap_add:\n      - SYS_ADMIN\n      - NET_ADMIN\n    cap_drop: [ALL]\n",
        ),
        (
            "pod.yaml",
            b"apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: shop\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n      securityContext:\n        capabilities:\n          add:\n            - SYS_ADMIN\n            - NET_ADMIN\n          drop: [ALL]\n",
        ),
        ("chart/Chart.yaml", b"apiVersion: v2\nname: c\nversion: 0.1.0\n"),
        (
            "chart/values.yaml",
            b"securityContext:\n  capabilities:\n    add:\n      - SYS_ADMIN\n      - SYS_PTRACE\n    drop: [ALL]\n",
        ),
    ]);
    run_bulwark(dir.path(), ["check", "--fix", "--unsafe-fixes"]);
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    assert!(
        read("compose.yaml").contains("    cap_add: []\n"),
        "{}",
        read("compose.yaml")
    );
    assert!(
        read("pod.yaml").contains("          add: []\n"),
        "{}",
        read("pod.yaml")
    );
    assert!(
        read("chart/values.yaml").contains("    add: []\n"),
        "{}",
        read("chart/values.yaml")
    );
    let again = run_bulwark(dir.path(), ["check", "--format=json"]);
    let rules = rules_of(&again);
    assert!(!rules.contains("syntax-error"), "{rules:?}");
    assert!(!rules.contains("dangerous-capability"), "{rules:?}");
}

/// Files as kubectl and Helm write them, with lists at their key's own
/// indent, and a compose list that one fix empties while another adds to
/// it: `--fix` leaves every file parsing and the findings fixed.
#[test]
fn fixes_keep_indentless_lists_and_shared_lists_parsing() {
    let dir = folder(&[
        (
            "pod.yaml",
            b"apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: shop\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n    securityContext:\n      capabilities:\n        drop:\n        - ALL\n        add:\n        - NET_ADMIN\n",
        ),
        (
            "compose.yaml",
            b"services:\n  api:\n    image: nginx:1.27\n    cap_drop: [ALL]\n    cap_add:\n    - SYS_ADMIN\n    security_opt:\n      - seccomp:unconfined\n  worker:\n    image: nginx:1.27\n    cap_drop: [ALL]\n    security_opt: [\"seccomp:unconfined\"]\n",
        ),
    ]);
    run_bulwark(dir.path(), ["check", "--fix", "--unsafe-fixes"]);
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    assert!(
        read("pod.yaml").contains("        add: []\n"),
        "{}",
        read("pod.yaml")
    );
    assert!(
        read("compose.yaml").contains("    cap_add: []\n"),
        "{}",
        read("compose.yaml")
    );
    let again = run_bulwark(dir.path(), ["check", "--format=json"]);
    let rules = rules_of(&again);
    for gone in [
        "syntax-error",
        "dangerous-capability",
        "seccomp-profile-missing",
        "allow-privilege-escalation",
    ] {
        assert!(
            !rules.contains(gone),
            "{gone}: {rules:?}\n{}",
            read("compose.yaml")
        );
    }
}

/// A file that does not parse gets no fixes: past the error its model is a
/// guess, and a fix there (a USER line inside an unterminated heredoc) would
/// be written again on every pass. A last line that continues (`\` at the
/// end of the file) gets no USER line that the RUN would swallow.
#[test]
fn files_that_do_not_parse_are_not_fixed() {
    let heredoc = "FROM alpine:3.20\nCOPY <<CONF /etc/app.conf\nkey = value\n";
    let continued = "FROM alpine:3.20\nRUN echo hi \\\n";
    let dir = folder(&[
        ("a/Dockerfile", heredoc.as_bytes()),
        ("b/Dockerfile", continued.as_bytes()),
    ]);
    let out = run_bulwark(dir.path(), ["check", "--fix", "--unsafe-fixes"]);
    assert!(
        stdout(&out).contains("Applied 0 fixes in 0 files."),
        "{}",
        stdout(&out)
    );
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    assert_eq!(read("a/Dockerfile"), heredoc);
    assert_eq!(read("b/Dockerfile"), continued);
}

#[test]
fn a_named_dockerfile_reads_its_dockerignore() {
    let dir = folder(&[
        (
            "app/Dockerfile",
            b"FROM alpine:3.20\nCOPY . /app\nUSER 10001\n",
        ),
        (
            "app/.dockerignore",
            b".git\n.env\n*.pem\n*.key\nid_rsa\n.npmrc\n.aws\n",
        ),
    ]);
    let named = run_bulwark(dir.path(), ["check", "--format=json", "app/Dockerfile"]);
    let walked = run_bulwark(dir.path(), ["check", "--format=json", "app"]);
    let only_dockerfile = |out: &std::process::Output| -> BTreeSet<String> {
        findings(out)
            .iter()
            .filter(|f| f["file"] == "app/Dockerfile")
            .filter_map(|f| f["rule"].as_str().map(str::to_string))
            .collect()
    };
    assert_eq!(only_dockerfile(&named), only_dockerfile(&walked));
    assert!(
        findings(&named)
            .iter()
            .all(|f| f["file"] == "app/Dockerfile"),
        "the ignore file is context, not a checked file"
    );
}

#[test]
fn gitignored_files_are_skipped_and_hidden_ones_are_not() {
    let dir = folder(&[
        (".gitignore", b"generated/\n"),
        ("generated/pod.yaml", b"apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers:\n    - {name: c, image: nginx, securityContext: {privileged: true}}\n"),
        (".hidden/pod.yaml", b"apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers:\n    - {name: c, image: nginx, securityContext: {privileged: true}}\n"),
    ]);
    let files: BTreeSet<String> = findings(&run_bulwark(dir.path(), ["check", "--format=json"]))
        .iter()
        .filter_map(|f| f["file"].as_str().map(str::to_string))
        .collect();
    assert_eq!(files, BTreeSet::from([".hidden/pod.yaml".to_string()]));
}

#[test]
fn a_broken_config_is_a_finding_on_it() {
    let dir = folder(&[
        (".bulwark.yaml", b"rules:\n  privileged: loud\n"),
        ("pod.yaml", b"apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers:\n    - {name: c, image: nginx}\n"),
    ]);
    let out = run_bulwark(dir.path(), ["check", "--format=json"]);
    let config: Vec<Value> = findings(&out)
        .into_iter()
        .filter(|f| f["rule"] == "config-error")
        .collect();
    assert_eq!(config.len(), 1, "{}", stdout(&out));
    assert_eq!(config[0]["file"], ".bulwark.yaml");
    assert_eq!(config[0]["severity"], "error");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn the_hardened_example_has_no_findings() {
    let out = run_bulwark(
        &repo_root(),
        [
            "check",
            "--format=json",
            "--fail-on=hint",
            "examples/hardened",
        ],
    );
    assert_eq!(findings(&out), Vec::<Value>::new(), "{}", stdout(&out));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn the_insecure_example_is_flagged_in_every_file() {
    let out = run_bulwark(
        &repo_root(),
        ["check", "--format=json", "examples/insecure"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let files: BTreeSet<String> = findings(&out)
        .iter()
        .filter_map(|f| f["file"].as_str().map(str::to_string))
        .collect();
    let expected = [
        "examples/insecure/.dockerignore",
        "examples/insecure/Dockerfile",
        "examples/insecure/docker-compose.yml",
        "examples/insecure/k8s/deployment.yaml",
    ];
    assert_eq!(files, expected.iter().map(|s| s.to_string()).collect());
    let rules = rules_of(&out);
    for rule in [
        "root-user",
        "privileged",
        "docker-socket-mount",
        "secret-in-env",
        "cluster-admin-binding",
    ] {
        assert!(rules.contains(rule), "{rule} missing from {rules:?}");
    }
}

#[test]
fn a_fifo_named_like_a_dockerfile_is_skipped_not_read() {
    // Reading a fifo blocks until something writes to it: named on the
    // command line it must be skipped with a message, not opened.
    let dir = folder(&[("ok/Dockerfile", b"FROM alpine:3.20\nUSER 10001\n")]);
    let fifo = dir.path().join("Dockerfile");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo is not available; skipped");
        return;
    }
    let out = run_bulwark(
        dir.path(),
        ["check", "--format", "json", "Dockerfile", "ok"],
    );
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Dockerfile: not a regular file or folder; skipped"),
        "{}",
        stderr(&out)
    );
    assert!(
        findings(&out).iter().all(|f| f["file"] != "Dockerfile"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_dash_says_standard_input_is_not_read() {
    let dir = folder(&[]);
    let out = run_bulwark(dir.path(), ["check", "-"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("standard input"), "{}", stderr(&out));
}

#[test]
fn a_fix_that_cannot_be_written_is_reported_once_and_not_counted() {
    // Root ignores file modes, so the folder is made immutable instead; where
    // that is not possible (not root, or a file system without the flag)
    // there is nothing to test.
    let dir = folder(&[(
        "Dockerfile",
        b"FROM alpine:3.20\nUSER 10001\nHEALTHCHECK CMD true\nCOPY . .\n",
    )]);
    let locked = Command::new("chattr").arg("+i").arg(dir.path()).status();
    if !locked.is_ok_and(|s| s.success()) {
        eprintln!("chattr +i is not available here; skipped");
        return;
    }
    let out = run_bulwark(dir.path(), ["check", "--fix", "."]);
    let _ = Command::new("chattr").arg("-i").arg(dir.path()).status();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(err.matches("cannot create").count(), 1, "{err}");
    assert!(stdout(&out).contains("Applied 0 fixes"), "{}", stdout(&out));
}
