//! Every case of the shared corpus through both front ends: the CLI's JSON
//! (`bulwark check --format json .` in the case folder) and the language
//! server's published diagnostics (`bulwark lsp` over stdio), with the
//! `expect` semantics of the reference runners.
//!
//! `known-failures.txt` lists the cases that fail today and why. The test
//! fails when a case fails that the list does not name, and when a listed
//! case passes, so the list can only shrink. `BULWARK_BLESS=1` rewrites the
//! list: it drops the entries that pass and narrows `both` where one front
//! end passes; failures it does not know it leaves for a person to explain,
//! unless `BULWARK_BLESS_NEW=1` asks it to add them with a generated reason.
//! `BULWARK_CORPUS_FILTER=dockerfile/0` runs only the matching cases.

use std::collections::{BTreeMap, BTreeSet};

use bulwark_tests::corpus::{self, Case, Frontend, KnownFailures, Verdicts};
use bulwark_tests::{bulwark_bin, corpus_root, lsp};

const HEADER: &str = "\
# Corpus cases that fail today, one per line:
#   <format>/<case> <cli|lsp|both> -- <reason>
# tests/corpus.rs fails when a case fails that is not listed here, and when a
# listed case passes: remove its line then (BULWARK_BLESS=1 cargo test -p
# bulwark-tests --test corpus does it for you).
";

#[test]
fn corpus_through_both_front_ends() {
    let Some(root) = corpus_root() else {
        println!("notice: ../shared/corpus is not beside the repository; corpus test skipped");
        return;
    };
    let known = KnownFailures::load().unwrap_or_else(|e| panic!("{e}"));
    let filter = std::env::var("BULWARK_CORPUS_FILTER").ok();
    let all = corpus::cases(&root);
    let cases: Vec<Case> = all
        .iter()
        .filter(|c| filter.as_deref().is_none_or(|f| c.name.contains(f)))
        .cloned()
        .collect();
    assert!(!cases.is_empty(), "no corpus case matches the filter");

    let names: BTreeSet<&str> = all.iter().map(|c| c.name.as_str()).collect();
    let stale: Vec<&String> = known
        .entries
        .keys()
        .filter(|k| !names.contains(k.as_str()))
        .collect();
    assert!(
        stale.is_empty(),
        "known-failures.txt names cases that do not exist: {stale:?}"
    );

    let bin = bulwark_bin();
    let cli = verdicts(corpus::run_all(&cases, 2, corpus::check_cli));
    let lsp = verdicts(corpus::run_all(&cases, 6, |case| lsp::check_lsp(case, bin)));

    for (frontend, v) in [(Frontend::Cli, &cli), (Frontend::Lsp, &lsp)] {
        println!(
            "{frontend}: {}/{} cases pass",
            v.passed.len(),
            v.passed.len() + v.failed.len()
        );
        for (case, problems) in &v.failed {
            println!("FAIL {frontend} {case}: {}", problems.join("; "));
        }
    }

    if std::env::var_os("BULWARK_BLESS").is_some() && filter.is_none() {
        bless(&known, &cli, &lsp);
        return;
    }
    let mut disagreements = cli.disagreements(&known, Frontend::Cli);
    disagreements.extend(lsp.disagreements(&known, Frontend::Lsp));
    assert!(
        disagreements.is_empty(),
        "the corpus disagrees with tests/known-failures.txt:\n{}\n",
        disagreements.join("\n")
    );
}

fn verdicts(results: Vec<(String, Vec<String>)>) -> Verdicts {
    let mut v = Verdicts::default();
    for (case, problems) in results {
        if problems.is_empty() {
            v.passed.push(case);
        } else {
            v.failed.push((case, problems));
        }
    }
    v
}

/// Rewrites the list from this run's verdicts (see the module docs).
fn bless(known: &KnownFailures, cli: &Verdicts, lsp: &Verdicts) {
    let add_new = std::env::var_os("BULWARK_BLESS_NEW").is_some();
    let cli_failed: BTreeMap<&str, &Vec<String>> =
        cli.failed.iter().map(|(c, p)| (c.as_str(), p)).collect();
    let lsp_failed: BTreeMap<&str, &Vec<String>> =
        lsp.failed.iter().map(|(c, p)| (c.as_str(), p)).collect();
    // A rule no case ever reports through the CLI is not implemented yet.
    let reported = rules_reported();

    let mut out = KnownFailures::default();
    let mut unexplained = Vec::new();
    let cases: BTreeSet<&str> = cli_failed
        .keys()
        .chain(lsp_failed.keys())
        .copied()
        .collect();
    for case in cases {
        let frontend = match (cli_failed.get(case), lsp_failed.get(case)) {
            (Some(_), Some(_)) => Frontend::Both,
            (Some(_), None) => Frontend::Cli,
            (None, Some(_)) => Frontend::Lsp,
            (None, None) => continue,
        };
        let listed = known.entries.get(case);
        let covered = listed.is_some_and(|(f, _)| f.covers(frontend));
        let reason = match listed {
            Some((_, reason)) if covered => reason.clone(),
            _ if add_new => generated_reason(cli_failed.get(case), lsp_failed.get(case), &reported),
            Some((_, reason)) => {
                unexplained.push(format!("{case} now also fails through {frontend}"));
                reason.clone()
            }
            None => {
                unexplained.push(format!("{case} fails through {frontend}"));
                continue;
            }
        };
        out.entries.insert(case.to_string(), (frontend, reason));
    }
    std::fs::write(KnownFailures::path(), out.render(HEADER))
        .expect("known-failures.txt is writable");
    assert!(
        unexplained.is_empty(),
        "known-failures.txt rewritten, but these failures are new; fix them or list them \
         with a reason:\n{}",
        unexplained.join("\n")
    );
}

fn rules_reported() -> BTreeSet<String> {
    let Some(root) = corpus_root() else {
        return BTreeSet::new();
    };
    let mut out = BTreeSet::new();
    for case in corpus::cases(&root) {
        if let Ok(found) = corpus::cli_findings(&case.dir) {
            out.extend(found.into_iter().map(|f| f.reported.rule));
        }
    }
    out
}

/// A reason from the failing lines: the rules that are not implemented, or
/// the lines that come out wrong.
fn generated_reason(
    cli: Option<&&Vec<String>>,
    lsp: Option<&&Vec<String>>,
    reported: &BTreeSet<String>,
) -> String {
    let mut parts = Vec::new();
    if let Some(problems) = cli {
        // Problems read `<what> FILE:LINE RULE [...]`: the rule follows the
        // location.
        let rules: BTreeSet<String> = problems
            .iter()
            .filter_map(|p| {
                let words: Vec<&str> = p.split_whitespace().collect();
                let at = words.iter().position(|w| w.contains(':'))?;
                words.get(at + 1).map(|r| r.to_string())
            })
            .collect();
        let missing: Vec<&str> = rules
            .iter()
            .filter(|r| !reported.contains(*r))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            parts.push(format!("rule not implemented yet: {}", missing.join(", ")));
        }
        let wrong: Vec<&str> = problems
            .iter()
            .filter(|p| {
                !missing
                    .iter()
                    .any(|r| p.split_whitespace().any(|w| w == *r))
            })
            .take(3)
            .map(String::as_str)
            .collect();
        if !wrong.is_empty() {
            parts.push(format!("wrong results: {}", wrong.join("; ")));
        }
    }
    if let Some(problems) = lsp {
        let crashed = problems
            .iter()
            .any(|p| p.contains("server crashed during initialize"));
        if crashed {
            parts.push("language server not built yet".to_string());
        } else if cli.is_none() {
            let shown: Vec<&str> = problems.iter().take(3).map(String::as_str).collect();
            parts.push(format!("lsp: {}", shown.join("; ")));
        }
    }
    parts.join("; ")
}

/// The list itself must parse, so a typo cannot hide a failure.
#[test]
fn known_failures_list_parses() {
    KnownFailures::load().unwrap_or_else(|e| panic!("{e}"));
}
