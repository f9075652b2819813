//! The corpus `expect` files and their semantics, as `../shared/corpus/README.md`
//! defines them and the reference runners (`corpus_check.py`,
//! `lsp_corpus_check.py`) apply them: the same lines hold or fail here.

use std::collections::BTreeSet;

/// (file relative to the case folder, normalised; line as written; rule).
pub type Key = (String, String, String);

/// One case's expectations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expect {
    /// Findings that must be reported (`Dockerfile:2 rule`).
    pub positive: Vec<Key>,
    /// Findings that must not be (`!Dockerfile:2 rule`, `!Dockerfile:* rule`).
    pub negative: Vec<Key>,
    /// Findings that must offer the rule's own quick fix (`fix Dockerfile:2 rule`).
    pub fixes: Vec<Key>,
    /// The positive lines are the whole set of (file, line, rule).
    pub exact: bool,
    /// Nothing more severe than this anywhere (`quiet info`).
    pub quiet: Option<String>,
}

/// What a front end reported, reduced to what the expectations compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reported {
    pub file: String,
    /// The 1-based line the finding starts on, as a string (as `expect` writes it).
    pub line: String,
    pub rule: String,
    /// `error`, `warning`, `info` or `hint`.
    pub severity: String,
}

impl Reported {
    pub fn key(&self) -> Key {
        (self.file.clone(), self.line.clone(), self.rule.clone())
    }
}

/// Parses an `expect` file; an error names the line that does not parse
/// (the reference runner fails such a case as a whole).
pub fn parse(text: &str) -> Result<Expect, String> {
    let mut out = Expect::default();
    for raw in text.lines() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if line == "exact" {
            out.exact = true;
            continue;
        }
        if let Some(rest) = line.strip_prefix("quiet ") {
            let level = rest.split_whitespace().next().unwrap_or("").to_string();
            if severity_rank(&level).is_none() {
                return Err(format!("unknown severity in `{line}`"));
            }
            out.quiet = Some(level);
            continue;
        }
        let (list, body) = if let Some(rest) = line.strip_prefix("fix ") {
            (&mut out.fixes, rest.trim())
        } else if let Some(rest) = line.strip_prefix('!') {
            (&mut out.negative, rest.trim())
        } else {
            (&mut out.positive, line)
        };
        let fields: Vec<&str> = body.split_whitespace().collect();
        let [location, rule] = fields[..] else {
            return Err(format!("`{line}` is not `FILE:LINE RULE`"));
        };
        let Some((file, number)) = location.rsplit_once(':') else {
            return Err(format!("`{location}` has no `:LINE`"));
        };
        list.push((normpath(file), number.to_string(), rule.to_string()));
    }
    Ok(out)
}

/// The reference runners' severity order (`information` is LSP's spelling).
pub fn severity_rank(severity: &str) -> Option<u8> {
    match severity {
        "hint" => Some(0),
        "info" | "information" => Some(1),
        "warning" => Some(2),
        "error" => Some(3),
        _ => None,
    }
}

/// Every expectation except the `fix` lines, which each front end checks
/// its own way; returns one problem per failing line, as the reference
/// runners word them.
pub fn evaluate(expect: &Expect, got: &[Reported]) -> Vec<String> {
    let have: BTreeSet<Key> = got.iter().map(Reported::key).collect();
    let mut problems = Vec::new();
    for e in &expect.positive {
        if !have.contains(e) {
            problems.push(format!("missing {}:{} {}", e.0, e.1, e.2));
        }
    }
    for (file, line, rule) in &expect.negative {
        let hit = have
            .iter()
            .filter(|g| g.0 == *file && g.2 == *rule && (line == "*" || g.1 == *line))
            .min_by_key(|g| line_order(&g.1));
        if let Some(hit) = hit {
            problems.push(format!("unwanted {file}:{} {rule}", hit.1));
        }
    }
    if let Some(quiet) = &expect.quiet {
        let limit = severity_rank(quiet).unwrap_or(3);
        for g in got {
            // An unknown severity ranks as an error, as in the reference.
            if severity_rank(&g.severity).unwrap_or(3) > limit {
                problems.push(format!(
                    "too severe {}:{} {} ({})",
                    g.file, g.line, g.rule, g.severity
                ));
            }
        }
    }
    if expect.exact {
        let wanted: BTreeSet<&Key> = expect.positive.iter().collect();
        let mut extra: Vec<&Key> = have.iter().filter(|k| !wanted.contains(k)).collect();
        extra.sort_by_key(|k| (k.0.clone(), line_order(&k.1), k.2.clone()));
        for e in extra {
            problems.push(format!("extra {}:{} {}", e.0, e.1, e.2));
        }
    }
    problems
}

fn line_order(line: &str) -> (i64, String) {
    (line.parse().unwrap_or(-1), line.to_string())
}

/// Python's `os.path.normpath` for the relative, slash-separated paths the
/// corpus uses: drops `.` and empty parts, folds `x/..`.
pub fn normpath(path: &str) -> String {
    let absolute = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if !absolute {
                    parts.push("..");
                }
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    match (absolute, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_line_kind() {
        let e = parse(
            "exact\n# note\nDockerfile:2 root-user  # why\n!x/./y.yaml:* privileged\n\
             fix Dockerfile:2 root-user\nquiet info\n",
        )
        .unwrap();
        assert!(e.exact);
        assert_eq!(e.quiet.as_deref(), Some("info"));
        assert_eq!(e.positive, vec![key("Dockerfile", "2", "root-user")]);
        assert_eq!(e.negative, vec![key("x/y.yaml", "*", "privileged")]);
        assert_eq!(e.fixes, vec![key("Dockerfile", "2", "root-user")]);
    }

    #[test]
    fn malformed_lines_are_errors() {
        assert!(parse("Dockerfile root-user\n").is_err());
        assert!(parse("Dockerfile:2\n").is_err());
        assert!(parse("quiet loud\n").is_err());
    }

    #[test]
    fn evaluation_words_problems_like_the_reference() {
        let e =
            parse("exact\nDockerfile:2 root-user\n!Dockerfile:* secret-in-env\nquiet warning\n")
                .unwrap();
        let got = vec![
            reported("Dockerfile", "3", "secret-in-env", "error"),
            reported("Dockerfile", "5", "secret-in-env", "warning"),
        ];
        assert_eq!(
            evaluate(&e, &got),
            vec![
                "missing Dockerfile:2 root-user",
                "unwanted Dockerfile:3 secret-in-env",
                "too severe Dockerfile:3 secret-in-env (error)",
                "extra Dockerfile:3 secret-in-env",
                "extra Dockerfile:5 secret-in-env",
            ]
        );
    }

    #[test]
    fn normpath_matches_python() {
        assert_eq!(normpath("./a//b/../c"), "a/c");
        assert_eq!(normpath("."), ".");
        assert_eq!(normpath("../x"), "../x");
    }

    fn key(f: &str, l: &str, r: &str) -> Key {
        (f.to_string(), l.to_string(), r.to_string())
    }

    fn reported(f: &str, l: &str, r: &str, s: &str) -> Reported {
        Reported {
            file: f.to_string(),
            line: l.to_string(),
            rule: r.to_string(),
            severity: s.to_string(),
        }
    }
}
