//! The CI integrations: the GitHub Action's steps run as a runner would run
//! them (their `run:` scripts under bash, with the runner's environment
//! files stubbed), and the pre-commit hooks' file patterns.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use bulwark_tests::{bulwark_bin, repo_root};
use serde_json::Value;

fn action() -> serde_yaml_ng::Value {
    let text = std::fs::read_to_string(repo_root().join("action.yml")).unwrap();
    serde_yaml_ng::from_str(&text).unwrap()
}

/// `${{ inputs.x }}` and `${{ github.action_path }}` resolved; other
/// expressions are left as they are (the steps that use them are not run).
fn expand(text: &str, inputs: &BTreeMap<String, String>) -> String {
    let mut out = text.to_string();
    for (k, v) in inputs {
        out = out.replace(&format!("${{{{ inputs.{k} }}}}"), v);
    }
    out.replace("${{ github.action_path }}", &repo_root().to_string_lossy())
}

/// Runs every `run:` step of the action in `workspace`, carrying
/// `$GITHUB_ENV` between steps as the runner does. Returns the last exit
/// code and the outputs written to `$GITHUB_OUTPUT`.
fn run_action(workspace: &Path, given: &[(&str, &str)]) -> (i32, BTreeMap<String, String>) {
    let action = action();
    let mut inputs: BTreeMap<String, String> = BTreeMap::new();
    for (name, spec) in action["inputs"].as_mapping().unwrap() {
        let default = spec["default"].as_str().unwrap_or("").to_string();
        inputs.insert(name.as_str().unwrap().to_string(), default);
    }
    for (k, v) in given {
        assert!(inputs.contains_key(*k), "the action has no input `{k}`");
        inputs.insert((*k).to_string(), (*v).to_string());
    }
    let runner = tempfile::tempdir().unwrap();
    let env_file = runner.path().join("env");
    let out_file = runner.path().join("output");
    std::fs::write(&env_file, "").unwrap();
    std::fs::write(&out_file, "").unwrap();

    let mut code = 0;
    for step in action["runs"]["steps"].as_sequence().unwrap() {
        let Some(script) = step["run"].as_str() else {
            // `uses:` steps (the SARIF upload) belong to GitHub.
            continue;
        };
        assert_eq!(
            step["shell"].as_str(),
            Some("bash"),
            "every run step says its shell"
        );
        let mut cmd = Command::new("bash");
        cmd.arg("-e")
            .arg("-c")
            .arg(expand(script, &inputs))
            .current_dir(workspace)
            .env("GITHUB_ENV", &env_file)
            .env("GITHUB_OUTPUT", &out_file)
            .env("RUNNER_TEMP", runner.path())
            .env("NO_COLOR", "1");
        if let Some(env) = step["env"].as_mapping() {
            for (k, v) in env {
                cmd.env(
                    k.as_str().unwrap(),
                    expand(v.as_str().unwrap_or(""), &inputs),
                );
            }
        }
        for line in std::fs::read_to_string(&env_file).unwrap().lines() {
            if let Some((k, v)) = line.split_once('=') {
                cmd.env(k, v);
            }
        }
        let status = cmd.status().unwrap();
        code = status.code().unwrap_or(-1);
        if code != 0 {
            break;
        }
    }
    let outputs = std::fs::read_to_string(&out_file)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    (code, outputs)
}

const PRIVILEGED: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  namespace: ops\nspec:\n  containers:\n    - name: a\n      image: registry.example.com/a@sha256:0000000000000000000000000000000000000000000000000000000000000000\n      securityContext:\n        privileged: true\n";

#[test]
fn action_writes_sarif_and_fails_on_findings() {
    let bin = bulwark_bin().to_string_lossy().to_string();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pod.yaml"), PRIVILEGED).unwrap();
    let (code, outputs) = run_action(dir.path(), &[("binary", &bin)]);
    assert_eq!(code, 1, "{outputs:?}");
    assert_eq!(outputs.get("exit-code").map(String::as_str), Some("1"));
    let sarif_path = dir.path().join(outputs.get("sarif-file").unwrap());
    let sarif: Value = serde_json::from_str(&std::fs::read_to_string(sarif_path).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(
        results.iter().any(|r| r["ruleId"] == "privileged"),
        "{results:#?}"
    );

    // With the only error-level finding turned off the run passes.
    std::fs::write(
        dir.path().join(".bulwark.yaml"),
        "rules:\n  privileged: off\n",
    )
    .unwrap();
    let (code, outputs) = run_action(
        dir.path(),
        &[
            ("binary", &bin),
            ("fail-on", "error"),
            ("sarif-file", "out.sarif"),
        ],
    );
    assert_eq!(code, 0, "{outputs:?}");
    assert!(dir.path().join("out.sarif").is_file());
}

#[test]
fn action_reports_a_missing_binary() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _) = run_action(dir.path(), &[("binary", "/nonexistent/bulwark")]);
    assert_eq!(code, 2);
}

#[test]
fn action_builds_from_its_own_checkout_by_default() {
    let action = action();
    let install = &action["runs"]["steps"][0];
    let script = install["run"].as_str().unwrap();
    assert!(script.contains("cargo install --locked --quiet --path \"$ACTION_PATH/server\""));
    assert!(
        repo_root().join("server/Cargo.toml").is_file(),
        "the path the action installs from exists"
    );
}

#[test]
fn pre_commit_hooks_cover_every_handled_file() {
    let text = std::fs::read_to_string(repo_root().join(".pre-commit-hooks.yaml")).unwrap();
    let hooks: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).unwrap();
    let hooks = hooks.as_sequence().unwrap();
    let languages: Vec<_> = hooks
        .iter()
        .map(|h| h["language"].as_str().unwrap())
        .collect();
    assert_eq!(languages, ["system", "rust"]);
    for hook in hooks {
        assert!(hook["entry"].as_str().unwrap().ends_with(" check"));
        // pre-commit's patterns are Python regexes; this one uses nothing
        // the regex crate reads differently.
        let pattern = hook["files"].as_str().unwrap();
        let re = regex_lite(pattern);
        for name in [
            "Dockerfile",
            "app/Dockerfile.prod",
            "api.dockerfile",
            "Containerfile",
            ".dockerignore",
            "app/Dockerfile.dockerignore",
            "k8s/deploy.yaml",
            "compose.yml",
        ] {
            assert!(re(name), "{name} is not matched by {pattern}");
        }
        for name in ["README.md", "src/main.rs", "Dockerfiles/notes.txt"] {
            assert!(!re(name), "{name} is matched by {pattern}");
        }
    }
    // The rust hook's binary is the root package's.
    let manifest = std::fs::read_to_string(repo_root().join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"bulwark-pre-commit\""));
}

/// Matches with Python's `re.search` semantics for the subset the hook uses,
/// through grep -E (POSIX ERE), which has no `(?i)`: the flag is applied by
/// `-i`.
fn regex_lite(pattern: &str) -> impl Fn(&str) -> bool + '_ {
    let (flags, body) = match pattern.strip_prefix("(?i)") {
        Some(rest) => ("-iE", rest),
        None => ("-E", pattern),
    };
    move |name: &str| {
        let out = Command::new("grep")
            .arg(flags)
            .arg("-q")
            .arg("--")
            .arg(body)
            .stdin(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                use std::io::Write;
                child
                    .stdin
                    .take()
                    .map(|mut s| s.write_all(format!("{name}\n").as_bytes()));
                child.wait()
            })
            .unwrap();
        out.success()
    }
}
