//! Parses every Dockerfile of the shared conformance corpus.
//!
//! The corpus lives beside the repository, in `../shared/corpus`, or in the
//! folder named by `BULWARK_SHARED_DIR` (for checkouts that do not sit beside
//! it). Where it is absent the test passes without checking anything, so that
//! the crate can be tested on its own.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

/// Case folders whose Dockerfile is invalid on purpose.
const INVALID_UTF8: &str = "079-";
const UNTERMINATED_HEREDOC: &str = "080-syntax-error-unterminated-heredoc";

fn shared_corpus() -> PathBuf {
    match std::env::var_os("BULWARK_SHARED_DIR") {
        Some(dir) => PathBuf::from(dir).join("corpus"),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"),
    }
}

fn collect_dockerfiles(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            collect_dockerfiles(&path, out);
        } else if name.starts_with("Dockerfile") && !name.ends_with(".dockerignore") {
            out.push(path);
        }
    }
}

fn case_name(path: &Path) -> String {
    path.parent()
        .and_then(Path::file_name)
        .map_or_else(String::new, |name| name.to_string_lossy().into_owned())
}

#[test]
fn shared_corpus_dockerfiles_parse_without_errors() {
    let root = shared_corpus();
    if !root.is_dir() {
        return;
    }
    let mut files = Vec::new();
    collect_dockerfiles(&root, &mut files);
    files.sort();
    assert!(!files.is_empty(), "no Dockerfiles under {}", root.display());

    let mut parser = common::parser();
    let mut failures = Vec::new();
    let mut heredoc_case_seen = false;
    for file in &files {
        let text =
            fs::read(file).unwrap_or_else(|err| panic!("cannot read {}: {err}", file.display()));
        let tree = parser
            .parse(&text, None)
            .expect("the parser returns a tree");
        let case = case_name(file);
        let error = common::first_error(tree.root_node());

        if case.starts_with(INVALID_UTF8) {
            // Only not crashing is asked of invalid UTF-8.
            continue;
        }
        if case == UNTERMINATED_HEREDOC {
            heredoc_case_seen = true;
            let opening_row = String::from_utf8_lossy(&text)
                .lines()
                .position(|line| line.contains("<<"))
                .expect("the case opens a heredoc");
            match error {
                Some(node) if node.start_position().row == opening_row => {}
                Some(node) => failures.push(format!(
                    "{case}: the error starts on line {}, not on the heredoc's line {}",
                    node.start_position().row + 1,
                    opening_row + 1
                )),
                None => failures.push(format!(
                    "{case}: the unterminated heredoc parses without error"
                )),
            }
            continue;
        }
        if let Some(node) = error {
            failures.push(format!(
                "{}: {} at line {}, column {}\n{}",
                file.display(),
                if node.is_missing() {
                    "MISSING node"
                } else {
                    "ERROR node"
                },
                node.start_position().row + 1,
                node.start_position().column + 1,
                tree.root_node().to_sexp()
            ));
        }
    }

    assert!(
        heredoc_case_seen,
        "the corpus no longer has {UNTERMINATED_HEREDOC}"
    );
    assert!(
        failures.is_empty(),
        "{} Dockerfiles failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
