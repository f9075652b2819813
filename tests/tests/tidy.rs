//! Checks on the source tree itself: the architecture's invariants that the
//! compiler does not enforce (see `docs/architecture.md`).

use std::path::{Path, PathBuf};

use bulwark_tests::repo_root;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn sources(under: &str) -> Vec<(String, String)> {
    let root = repo_root();
    let mut files = Vec::new();
    rust_files(&root.join(under), &mut files);
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap_or_default();
            let name = p.strip_prefix(&root).unwrap_or(&p).display().to_string();
            (name, text)
        })
        .collect()
}

/// Every module opens with a `//!` line that says what it is for.
#[test]
fn every_module_has_a_header() {
    let mut missing = Vec::new();
    for dir in ["server/src", "tests/support", "tests/tests", "xtask/src"] {
        for (name, text) in sources(dir) {
            if !text.trim_start().starts_with("//!") {
                missing.push(name);
            }
        }
    }
    assert!(
        missing.is_empty(),
        "modules without a `//!` header: {missing:#?}"
    );
}

/// The engine, the models and the rules know nothing of the front ends: only
/// `lsp/` speaks LSP, only `cli/` owns paths, output formats and exit codes.
#[test]
fn only_the_front_ends_know_the_front_ends() {
    let mut offenders = Vec::new();
    for (name, text) in sources("server/src") {
        let front_end = name.starts_with("server/src/lsp/")
            || name.starts_with("server/src/cli/")
            || name == "server/src/main.rs"
            || name == "server/src/lib.rs";
        if front_end {
            continue;
        }
        for needle in ["crate::lsp", "crate::cli", "tower_lsp", "lsp_types"] {
            if text.contains(needle) {
                offenders.push(format!("{name} uses {needle}"));
            }
        }
    }
    assert!(offenders.is_empty(), "{offenders:#?}");
}

/// Stdout is the protocol channel of `bulwark lsp`: nothing in the server
/// prints to it (the transport writes framed messages, and logs go to stderr).
#[test]
fn the_language_server_never_prints_to_stdout() {
    let mut offenders = Vec::new();
    for (name, text) in sources("server/src/lsp") {
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            let prints = code.contains("println!(") || code.contains(" print!(");
            if prints && !name.contains("/tests/") {
                offenders.push(format!("{name}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(offenders.is_empty(), "{offenders:#?}");
}
