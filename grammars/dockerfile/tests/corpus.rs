//! Runs the grammar's own corpus, `test/corpus/*.txt`.
//!
//! The files use tree-sitter's test format, so `tree-sitter test` reads them
//! too; this runner exists so that CI never needs the tree-sitter CLI. Each
//! case is a `===` header with a title, the input, a `---` divider and the
//! expected tree as an S-expression; whitespace in the expectation is not
//! significant, and lines starting with `;` are comments.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

struct Case {
    file: PathBuf,
    title: String,
    input: Vec<u8>,
    expected: String,
}

/// A line made only of three or more `ch` characters (before its line break).
fn is_delimiter(line: &str, ch: char) -> bool {
    let line = line.trim_end_matches(['\n', '\r']);
    line.len() >= 3 && line.chars().all(|c| c == ch)
}

fn read_cases(file: &Path) -> Vec<Case> {
    let bytes =
        fs::read(file).unwrap_or_else(|err| panic!("cannot read {}: {err}", file.display()));
    let content = String::from_utf8(bytes)
        .unwrap_or_else(|err| panic!("{} is not UTF-8: {err}", file.display()));
    let lines: Vec<&str> = content.split_inclusive('\n').collect();

    // Each header is a `===` line, the title lines and a closing `===` line.
    let mut headers = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if is_delimiter(lines[i], '=')
            && let Some(offset) = lines[i + 1..]
                .iter()
                .position(|line| is_delimiter(line, '='))
        {
            let close = i + 1 + offset;
            let title = lines[i + 1..close].concat().trim().to_string();
            headers.push((i, close + 1, title));
            i = close + 1;
            continue;
        }
        i += 1;
    }

    let mut cases = Vec::new();
    for (index, (_, body_start, title)) in headers.iter().enumerate() {
        let body_end = headers.get(index + 1).map_or(lines.len(), |next| next.0);
        let body = &lines[*body_start..body_end];
        // The last divider wins, so an input may itself contain `---`.
        let divider = body
            .iter()
            .rposition(|line| is_delimiter(line, '-'))
            .unwrap_or_else(|| panic!("{}: case `{title}` has no `---` divider", file.display()));
        let mut input = body[..divider].concat().into_bytes();
        if input.last() == Some(&b'\n') {
            input.pop();
        }
        if input.last() == Some(&b'\r') {
            input.pop();
        }
        cases.push(Case {
            file: file.to_path_buf(),
            title: title.clone(),
            input,
            expected: body[divider + 1..].concat(),
        });
    }
    cases
}

/// Collapses whitespace so that expectations can be laid out freely, and
/// drops `;` comment lines.
fn normalize(sexp: &str) -> String {
    let mut out = String::with_capacity(sexp.len());
    for line in sexp
        .lines()
        .filter(|line| !line.trim_start().starts_with(';'))
    {
        for ch in line.chars() {
            if ch.is_whitespace() {
                if !out.is_empty() && !out.ends_with([' ', '(']) {
                    out.push(' ');
                }
            } else {
                if ch == ')' && out.ends_with(' ') {
                    out.pop();
                }
                out.push(ch);
            }
        }
        if !out.is_empty() && !out.ends_with([' ', '(']) {
            out.push(' ');
        }
    }
    out.trim_end().to_string()
}

/// Removes `name: ` field labels, for expectations written without them.
fn strip_fields(sexp: &str) -> String {
    sexp.split(' ')
        .filter(|word| !word.ends_with(':'))
        .collect::<Vec<_>>()
        .join(" ")
}

fn corpus_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test/corpus");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("cannot list {}: {err}", dir.display()))
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    files.sort();
    files
}

#[test]
fn corpus_cases_parse_as_expected() {
    let mut parser = common::parser();
    let mut failures = Vec::new();
    let mut count = 0;

    for file in corpus_files() {
        for case in read_cases(&file) {
            count += 1;
            let tree = parser
                .parse(&case.input, None)
                .expect("the parser returns a tree");
            let expected = normalize(&case.expected);
            let mut actual = normalize(&tree.root_node().to_sexp());
            if !expected.split(' ').any(|word| word.ends_with(':')) {
                actual = strip_fields(&actual);
            }
            if actual != expected {
                failures.push(format!(
                    "{} — {}\n  expected: {expected}\n  actual:   {actual}",
                    case.file
                        .file_name()
                        .map_or_else(String::new, |n| n.to_string_lossy().into()),
                    case.title,
                ));
            }
        }
    }

    assert!(count > 0, "no corpus cases found");
    assert!(
        failures.is_empty(),
        "{} of {count} corpus cases failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
