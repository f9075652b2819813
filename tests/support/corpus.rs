//! Corpus cases, the CLI side of running them, and the known-failures list.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::expect::{self, Expect, Reported};

/// One case folder: `<format>/<NNN-slug>` under the corpus root.
#[derive(Debug, Clone)]
pub struct Case {
    /// `<format>/<case>`, as the known-failures list names it.
    pub name: String,
    pub dir: PathBuf,
}

impl Case {
    /// The parsed `expect` file, or why it cannot be used.
    pub fn expect(&self) -> Result<Expect, String> {
        let text = std::fs::read_to_string(self.dir.join("expect"))
            .map_err(|e| format!("cannot read expect: {e}"))?;
        expect::parse(&text).map_err(|e| format!("bad expect file: {e}"))
    }
}

/// Every case under `root` (folders holding an `expect` file), sorted.
pub fn cases(root: &Path) -> Vec<Case> {
    let mut out = Vec::new();
    collect(root, root, &mut out);
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<Case>) {
    if dir.join("expect").is_file() {
        let name = dir
            .strip_prefix(root)
            .unwrap_or(dir)
            .to_string_lossy()
            .replace('\\', "/");
        out.push(Case {
            name,
            dir: dir.to_path_buf(),
        });
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut dirs: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.path())
        .collect();
    dirs.sort();
    for d in dirs {
        collect(root, &d, out);
    }
}

/// A reported finding with the CLI's `fixable` flag.
#[derive(Debug, Clone)]
pub struct CliFinding {
    pub reported: Reported,
    pub fixable: bool,
}

/// Runs `bulwark check --format json .` in the case folder, as
/// `corpus_check.py` does.
pub fn cli_findings(dir: &Path) -> Result<Vec<CliFinding>, String> {
    let out = crate::run_bulwark(dir, ["check", "--format", "json", "."]);
    let code = out.status.code();
    if !matches!(code, Some(0 | 1)) {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let stderr: String = stderr.trim().chars().take(300).collect();
        return Err(format!("error exit {code:?}: {stderr}"));
    }
    let data: serde_json::Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| format!("error the output is not JSON: {e}"))?;
    let items = match &data {
        serde_json::Value::Object(map) => map.get("findings").and_then(|f| f.as_array()),
        serde_json::Value::Array(items) => Some(items),
        _ => None,
    }
    .ok_or("error the output has no findings array")?;

    let mut found = Vec::new();
    for item in items {
        let file = item["file"].as_str().ok_or("error a finding has no file")?;
        let line = item["range"]["start"]["line"]
            .as_u64()
            .or_else(|| item["line"].as_u64())
            .ok_or("error a finding has no start line")?;
        let rule = item["rule"].as_str().ok_or("error a finding has no rule")?;
        found.push(CliFinding {
            reported: Reported {
                file: expect::normpath(file),
                line: line.to_string(),
                rule: rule.to_string(),
                severity: item["severity"].as_str().unwrap_or("error").to_string(),
            },
            fixable: item["fixable"].as_bool().unwrap_or(false),
        });
    }
    Ok(found)
}

/// The problems of one case through the CLI; empty when it passes.
pub fn check_cli(case: &Case) -> Vec<String> {
    let expect = match case.expect() {
        Ok(e) => e,
        Err(e) => return vec![e],
    };
    let found = match cli_findings(&case.dir) {
        Ok(found) => found,
        Err(e) => return vec![e],
    };
    let reported: Vec<Reported> = found.iter().map(|f| f.reported.clone()).collect();
    let mut problems = expect::evaluate(&expect, &reported);
    // The reference runner words `fix` problems between the negative and
    // the severity checks; the order only matters for reading.
    for (file, line, rule) in &expect.fixes {
        let offered = found.iter().any(|f| {
            f.fixable
                && f.reported.file == *file
                && f.reported.line == *line
                && f.reported.rule == *rule
        });
        if !offered {
            problems.push(format!("no fix {file}:{line} {rule}"));
        }
    }
    problems
}

/// Which front end a known failure is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Frontend {
    Cli,
    Lsp,
    Both,
}

impl Frontend {
    pub fn covers(self, other: Frontend) -> bool {
        self == Frontend::Both || self == other
    }

    fn parse(text: &str) -> Option<Self> {
        match text {
            "cli" => Some(Frontend::Cli),
            "lsp" => Some(Frontend::Lsp),
            "both" => Some(Frontend::Both),
            _ => None,
        }
    }
}

impl fmt::Display for Frontend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Frontend::Cli => "cli",
            Frontend::Lsp => "lsp",
            Frontend::Both => "both",
        })
    }
}

/// `tests/known-failures.txt`: `<format>/<case> <cli|lsp|both> -- <reason>`.
#[derive(Debug, Clone, Default)]
pub struct KnownFailures {
    pub entries: BTreeMap<String, (Frontend, String)>,
}

impl KnownFailures {
    pub fn path() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("known-failures.txt")
    }

    /// Parses the list; a malformed line is an error naming it.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut entries = BTreeMap::new();
        for (n, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = || {
                format!(
                    "known-failures.txt:{}: `{line}` is not `<format>/<case> <cli|lsp|both> -- <reason>`",
                    n + 1
                )
            };
            let (head, reason) = line.split_once(" -- ").ok_or_else(bad)?;
            let mut fields = head.split_whitespace();
            let (Some(case), Some(frontend), None) = (fields.next(), fields.next(), fields.next())
            else {
                return Err(bad());
            };
            let frontend = Frontend::parse(frontend).ok_or_else(bad)?;
            if reason.trim().is_empty() {
                return Err(bad());
            }
            if entries
                .insert(case.to_string(), (frontend, reason.trim().to_string()))
                .is_some()
            {
                return Err(format!(
                    "known-failures.txt:{}: `{case}` is listed twice",
                    n + 1
                ));
            }
        }
        Ok(Self { entries })
    }

    pub fn load() -> Result<Self, String> {
        match std::fs::read_to_string(Self::path()) {
            Ok(text) => Self::parse(&text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(format!("cannot read known-failures.txt: {e}")),
        }
    }

    /// Whether `case` is expected to fail through `frontend`.
    pub fn lists(&self, case: &str, frontend: Frontend) -> bool {
        self.entries
            .get(case)
            .is_some_and(|(listed, _)| listed.covers(frontend))
    }

    pub fn reason(&self, case: &str) -> Option<&str> {
        self.entries.get(case).map(|(_, r)| r.as_str())
    }

    /// The list as a file, one line per entry, sorted.
    pub fn render(&self, header: &str) -> String {
        let mut out = header.to_string();
        for (case, (frontend, reason)) in &self.entries {
            out.push_str(&format!("{case} {frontend} -- {reason}\n"));
        }
        out
    }
}

/// The verdicts of one front end over the corpus, judged against the list.
#[derive(Debug, Default)]
pub struct Verdicts {
    /// (case, problems) for every case that failed.
    pub failed: Vec<(String, Vec<String>)>,
    pub passed: Vec<String>,
}

impl Verdicts {
    /// Lines for the test's failure message: unlisted failures, then listed
    /// cases that now pass. Empty when the run agrees with the list.
    pub fn disagreements(&self, known: &KnownFailures, frontend: Frontend) -> Vec<String> {
        let mut out = Vec::new();
        for (case, problems) in &self.failed {
            if !known.lists(case, frontend) {
                out.push(format!(
                    "FAIL {case} ({frontend}, not in known-failures.txt): {}",
                    problems.join("; ")
                ));
            }
        }
        for case in &self.passed {
            if known.lists(case, frontend) {
                out.push(format!(
                    "PASS {case} ({frontend}) is listed in known-failures.txt \
                     ({}); remove it (or narrow `both` to the other front end)",
                    known.reason(case).unwrap_or("")
                ));
            }
        }
        out
    }
}

/// Runs `check` over `cases` on `threads` worker threads; keeps case order.
pub fn run_all<F>(cases: &[Case], threads: usize, check: F) -> Vec<(String, Vec<String>)>
where
    F: Fn(&Case) -> Vec<String> + Sync,
{
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(case) = cases.get(i) else { break };
                    let problems = check(case);
                    if let Ok(mut r) = results.lock() {
                        r.push((i, case.name.clone(), problems));
                    }
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_default();
    results.sort_by_key(|(i, _, _)| *i);
    results.into_iter().map(|(_, n, p)| (n, p)).collect()
}
