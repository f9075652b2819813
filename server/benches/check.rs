//! In-process benchmarks of the engine: parse, model and `engine::check` of
//! the workloads the performance goals name, without process start-up or
//! the LSP transport (those are measured by `bench/run.sh`).
//!
//! The `_edit_diagnostics` cases are the engine's share of a keystroke in
//! the language server, which checks without fixes and plans them only for
//! code actions; the other cases plan fixes, as `bulwark check` does.
//!
//! The inputs are vendored under `benches/data/` (regenerate them with
//! `bench/gen-inputs.sh`) and embedded at compile time, so the benchmarks
//! run from any checkout. Run with `cargo bench -p bulwark --bench check`.

use std::path::PathBuf;

use bulwark::config::Config;
use bulwark::document::Document;
use bulwark::engine::{self, Fixes};
use bulwark::format::FileKind;
use bulwark::text::TextRange;
use bulwark::workspace::Workspace;
use divan::{Bencher, black_box};

/// A 40-line, three-stage Dockerfile.
const SMALL_DOCKERFILE: &str = include_str!("data/small.Dockerfile");
/// A 1,021-line Dockerfile of 69 stages.
const LARGE_DOCKERFILE: &str = include_str!("data/large.Dockerfile");
/// 100 Deployments (4,299 lines) in one multi-document YAML file.
const MANIFESTS: &str = include_str!("data/manifests.yaml");

fn main() {
    divan::main();
}

/// Builds the document (parse and model) and checks it, as the CLI does for
/// each file it reads.
fn parse_and_check(path: &str, kind: FileKind, text: &str) -> usize {
    let doc = Document::new(Some(PathBuf::from(path)), kind, 1, text);
    let mut workspace = Workspace::new();
    workspace.insert(doc.clone());
    engine::check(&doc, &workspace, &Config::default()).len()
}

#[divan::bench]
fn dockerfile_40_lines() -> usize {
    parse_and_check(
        "/bench/small/Dockerfile",
        FileKind::Dockerfile,
        black_box(SMALL_DOCKERFILE),
    )
}

#[divan::bench]
fn dockerfile_1000_lines() -> usize {
    parse_and_check(
        "/bench/large/Dockerfile",
        FileKind::Dockerfile,
        black_box(LARGE_DOCKERFILE),
    )
}

/// The offset of the end of the line lspbench edits: the first line at or
/// after the middle (counting the empty line after the final line break)
/// that is neither blank nor a comment.
fn end_of_middle_line(text: &str) -> usize {
    let lines: Vec<&str> = text.split('\n').collect();
    let middle = lines.len() / 2;
    let line = (middle..lines.len())
        .chain((0..middle).rev())
        .find(|&i| {
            let line = lines[i].trim();
            !line.is_empty() && !line.starts_with('#')
        })
        .unwrap_or(middle);
    lines[..line].iter().map(|l| l.len() + 1).sum::<usize>() + lines[line].len()
}

/// One keystroke: a space inserted at the end of the middle line, an
/// incremental reparse with the model rebuilt, and a check planning fixes
/// or not as `fixes` says.
fn edit_and_check(bencher: Bencher, path: &str, kind: FileKind, text: &str, fixes: Fixes) {
    let doc = Document::new(Some(PathBuf::from(path)), kind, 1, text);
    let at = end_of_middle_line(text);
    let mut workspace = Workspace::new();
    workspace.insert(doc.clone());
    let config = Config::default();
    bencher
        .with_inputs(|| doc.clone())
        .bench_local_values(|mut doc| {
            doc.edit(TextRange::new(at, at), " ");
            doc.reparse(2);
            engine::check_with(&doc, &workspace, &config, fixes).len()
        });
}

/// A keystroke in the large Dockerfile, checked with fixes (as `bulwark
/// check` would).
#[divan::bench]
fn dockerfile_1000_lines_edit(bencher: Bencher) {
    edit_and_check(
        bencher,
        "/bench/large/Dockerfile",
        FileKind::Dockerfile,
        LARGE_DOCKERFILE,
        Fixes::Plan,
    );
}

/// What the language server does on each keystroke in the large Dockerfile
/// before converting to diagnostics: the check skips fixes.
#[divan::bench]
fn dockerfile_1000_lines_edit_diagnostics(bencher: Bencher) {
    edit_and_check(
        bencher,
        "/bench/large/Dockerfile",
        FileKind::Dockerfile,
        LARGE_DOCKERFILE,
        Fixes::Skip,
    );
}

/// What the language server does on each keystroke in the manifest before
/// converting to diagnostics: the check skips fixes.
#[divan::bench]
fn manifest_100_documents_edit_diagnostics(bencher: Bencher) {
    edit_and_check(
        bencher,
        "/bench/k8s/manifests.yaml",
        FileKind::Yaml,
        MANIFESTS,
        Fixes::Skip,
    );
}

/// Checks of the 100-document manifest, already parsed (what the language
/// server re-runs when another file changes).
#[divan::bench]
fn manifest_100_documents_check(bencher: Bencher) {
    let doc = Document::new(
        Some(PathBuf::from("/bench/k8s/manifests.yaml")),
        FileKind::Yaml,
        1,
        MANIFESTS,
    );
    let mut workspace = Workspace::new();
    workspace.insert(doc.clone());
    let config = Config::default();
    bencher.bench_local(|| engine::check(black_box(&doc), &workspace, &config).len());
}

/// Parse, model and check of the 100-document manifest.
#[divan::bench]
fn manifest_100_documents() -> usize {
    parse_and_check(
        "/bench/k8s/manifests.yaml",
        FileKind::Yaml,
        black_box(MANIFESTS),
    )
}
