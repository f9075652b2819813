//! What a `.dockerignore` must exclude, and whether it does, by meaning:
//! each requirement is probed with file names it must keep out of the
//! context, at the root and, for secrets, in subfolders and in every folder
//! a negation brings back.
//!
//! The list comes from the configuration (`dockerignore.required`, by
//! default the catalog's seven entries). An entry that names one of the
//! built-in requirements (`.git`, `.env*`, ...) keeps its built-in meaning;
//! any other entry is a pattern of the user's, probed with sample names
//! made from the pattern itself.

use globset::GlobBuilder;

use crate::config::Config;
use crate::dockerignore::{Model, clean};

/// One thing the context must not carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    /// How messages name it: the entry as configured (for the defaults,
    /// the catalog's names).
    pub name: String,
    /// The pattern a fix appends.
    pub pattern: String,
    /// Paths (relative to a probed folder) that must be excluded. Empty
    /// when no sample could be made from the pattern: then only the pattern
    /// itself, written in the file, meets it.
    samples: Vec<String>,
    /// True when matches in every subfolder count, not only at the root.
    any_depth: bool,
    /// True for what `COPY .` needs kept out: the repository and secrets.
    pub for_copy: bool,
}

/// A requirement the catalog defines.
struct Builtin {
    name: &'static str,
    pattern: &'static str,
    samples: &'static [&'static str],
    any_depth: bool,
    for_copy: bool,
}

const BUILTINS: &[Builtin] = &[
    Builtin {
        name: ".git",
        pattern: ".git",
        samples: &[".git", ".git/HEAD"],
        any_depth: false,
        for_copy: true,
    },
    Builtin {
        name: ".env*",
        pattern: "**/.env*",
        samples: &[".env", ".env.local", ".env.production"],
        any_depth: true,
        for_copy: true,
    },
    Builtin {
        name: "*.pem",
        pattern: "**/*.pem",
        samples: &["server.pem", "tls.pem"],
        any_depth: true,
        for_copy: true,
    },
    Builtin {
        name: "*.key",
        pattern: "**/*.key",
        samples: &["server.key", "tls.key"],
        any_depth: true,
        for_copy: true,
    },
    Builtin {
        name: "credentials*",
        pattern: "**/credentials*",
        samples: &["credentials", "credentials.json", "credentials-prod.json"],
        any_depth: true,
        for_copy: true,
    },
    Builtin {
        name: "node_modules",
        pattern: "node_modules",
        samples: &["node_modules/left-pad/index.js"],
        any_depth: false,
        for_copy: false,
    },
    Builtin {
        name: "docker-compose*.yml",
        pattern: "docker-compose*.yml",
        samples: &["docker-compose.yml", "docker-compose.prod.yml"],
        any_depth: false,
        for_copy: false,
    },
];

/// What fills a `*` in the sample names made from a user's pattern: two
/// different fillers, so that a file naming one literal file does not pass
/// for a wildcard.
const FILLERS: [&str; 2] = ["sample", "x-1"];

impl Requirement {
    fn builtin(b: &Builtin, name: &str) -> Self {
        Self {
            name: name.to_string(),
            pattern: b.pattern.to_string(),
            samples: b.samples.iter().map(|s| (*s).to_string()).collect(),
            any_depth: b.any_depth,
            for_copy: b.for_copy,
        }
    }

    /// The requirement a configured entry stands for: a built-in one when
    /// it names one (as its name or its pattern), else one made from the
    /// pattern. A pattern without a `/` is a name to exclude at any depth,
    /// as the built-in secret names are (the fix writes `**/<name>`); one
    /// with a `/` (or a leading `/`) is anchored at the context root.
    pub fn from_entry(entry: &str) -> Self {
        let entry = entry.trim();
        let bare = entry.trim_end_matches('/');
        if let Some(b) = BUILTINS
            .iter()
            .find(|b| b.name == bare || b.pattern == bare)
        {
            return Self::builtin(b, entry);
        }
        let folder = entry.ends_with('/');
        let anchored = entry.starts_with('/');
        let cleaned = clean(entry);
        let mut rest = cleaned.as_str();
        let mut deep = false;
        while let Some(r) = rest.strip_prefix("**/") {
            rest = r;
            deep = true;
        }
        let any_depth = deep || (!anchored && !rest.contains('/'));
        let slash = if folder { "/" } else { "" };
        let pattern = if any_depth {
            format!("**/{rest}{slash}")
        } else {
            entry.to_string()
        };
        Self {
            name: entry.to_string(),
            pattern,
            samples: samples_of(rest, folder),
            any_depth,
            // The user named it as something the context must not carry,
            // which is what matters when everything is copied.
            for_copy: true,
        }
    }
}

/// The requirements in force under `config`, in the configured order.
pub fn required(config: &Config) -> Vec<Requirement> {
    config
        .dockerignore_required()
        .iter()
        .filter(|e| !e.trim().is_empty())
        .map(|e| Requirement::from_entry(e))
        .collect()
}

/// The requirements that `COPY .` checks: the repository, secrets and every
/// entry of the user's own.
pub fn for_copy(config: &Config) -> Vec<Requirement> {
    required(config)
        .into_iter()
        .filter(|r| r.for_copy)
        .collect()
}

/// Concrete paths that `pattern` (cleaned, relative) matches, one per
/// filler; a folder pattern is probed with a file inside it. Samples the
/// pattern does not match after all (an odd class or escape) are dropped.
fn samples_of(pattern: &str, folder: bool) -> Vec<String> {
    let Ok(glob) = GlobBuilder::new(pattern)
        .literal_separator(true)
        .backslash_escape(true)
        .build()
    else {
        return Vec::new();
    };
    let matcher = glob.compile_matcher();
    let mut out: Vec<String> = Vec::new();
    for filler in FILLERS {
        let Some(path) = expand(pattern, filler) else {
            continue;
        };
        if path.is_empty() || !matcher.is_match(&path) {
            continue;
        }
        let path = if folder {
            format!("{path}/{filler}.txt")
        } else {
            path
        };
        if !out.contains(&path) {
            out.push(path);
        }
    }
    out
}

/// One name `pattern` matches: `*` becomes `filler`, a `**` segment
/// nothing, `?` and a class one character they accept, an escape its
/// character. `None` for a class no candidate satisfies.
fn expand(pattern: &str, filler: &str) -> Option<String> {
    let mut segments = Vec::new();
    for segment in pattern.split('/') {
        if segment == "**" {
            continue;
        }
        let mut out = String::new();
        let mut chars = segment.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '*' => {
                    while chars.peek().is_some_and(|(_, c)| *c == '*') {
                        chars.next();
                    }
                    out.push_str(filler);
                }
                '?' => out.push('x'),
                '\\' => {
                    if let Some((_, escaped)) = chars.next() {
                        out.push(escaped);
                    }
                }
                '[' => {
                    let rest = segment.get(i..)?;
                    // The class runs to the first `]` after its first member.
                    let close = rest
                        .char_indices()
                        .skip(2)
                        .find(|(_, c)| *c == ']')
                        .map(|(j, _)| j)?;
                    let class = rest.get(..=close)?;
                    out.push(class_member(class)?);
                    let end = i + close;
                    while chars.peek().is_some_and(|(j, _)| *j <= end) {
                        chars.next();
                    }
                }
                c => out.push(c),
            }
        }
        segments.push(out);
    }
    Some(segments.join("/"))
}

/// A character the class (`[...]`, brackets included) accepts: its first
/// member when it is one, else the first of a few plain characters.
fn class_member(class: &str) -> Option<char> {
    let matcher = GlobBuilder::new(class).build().ok()?.compile_matcher();
    let first = class.get(1..).and_then(|s| s.chars().next());
    first
        .into_iter()
        .chain("xq0_Z-.".chars())
        .filter(|c| *c != '/')
        .find(|c| matcher.is_match(c.to_string()))
}

/// A requirement the file does not meet.
#[derive(Debug, Clone, Copy)]
pub enum Gap<'r> {
    /// No pattern excludes it everywhere it must be excluded.
    Missing(&'r Requirement),
    /// A negation (by pattern index) names such a file and brings it back.
    Reincluded(&'r Requirement, usize),
}

/// The requirements of `required` that `model` leaves open, in order.
pub fn gaps<'r>(model: &Model, required: &'r [Requirement]) -> Vec<Gap<'r>> {
    let dirs = model.probe_dirs();
    let mut out = Vec::new();
    for req in required {
        if req.samples.is_empty() {
            if !written(model, req) {
                out.push(Gap::Missing(req));
            }
            continue;
        }
        let mut missing = false;
        let mut reincluded = Vec::new();
        let probe_dirs: &[String] = if req.any_depth {
            &dirs
        } else {
            &dirs[..dirs.len().min(1)]
        };
        for dir in probe_dirs {
            for sample in &req.samples {
                let path = if dir.is_empty() {
                    sample.clone()
                } else {
                    format!("{dir}/{sample}")
                };
                let decision = model.decide(&path);
                if decision.excluded {
                    continue;
                }
                match decision.pattern {
                    Some(i) if decision.direct && model.patterns[i].negated => {
                        if !reincluded.contains(&i) {
                            reincluded.push(i);
                        }
                    }
                    _ => missing = true,
                }
            }
        }
        if missing {
            out.push(Gap::Missing(req));
        }
        out.extend(reincluded.into_iter().map(|i| Gap::Reincluded(req, i)));
    }
    out
}

/// For a pattern no sample could be made from: true when the file writes
/// it (as configured or as the fix would) and no later line negates it.
fn written(model: &Model, req: &Requirement) -> bool {
    let wanted = [clean(&req.name), clean(&req.pattern)];
    let Some(at) = model
        .patterns
        .iter()
        .rposition(|p| !p.negated && wanted.contains(&p.text))
    else {
        return false;
    };
    !model.patterns[at + 1..].iter().any(|p| p.negated)
}

/// Text that appends `patterns` to an ignore file whose text is `text`.
pub fn append_text(text: &str, patterns: &[&str]) -> String {
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut out = String::new();
    if !text.is_empty() && !text.ends_with('\n') {
        out.push_str(nl);
    }
    for p in patterns {
        out.push_str(p);
        out.push_str(nl);
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn configured(yaml_list: &str) -> Config {
        let text = format!("dockerignore:\n  required: {yaml_list}\n");
        Config::parse(&text, Path::new(".bulwark.yaml")).unwrap()
    }

    fn names(text: &str, required: &[Requirement]) -> Vec<String> {
        gaps(&Model::build(text), required)
            .iter()
            .map(|g| match g {
                Gap::Missing(r) => r.name.clone(),
                Gap::Reincluded(r, i) => format!("!{}@{i}", r.name),
            })
            .collect()
    }

    fn all() -> Vec<Requirement> {
        required(&Config::default())
    }

    fn copy() -> Vec<Requirement> {
        for_copy(&Config::default())
    }

    #[test]
    fn the_defaults_are_the_catalog_list() {
        let names: Vec<String> = all().into_iter().map(|r| r.name).collect();
        assert_eq!(names, crate::config::DEFAULT_DOCKERIGNORE_REQUIRED);
        let copy: Vec<String> = copy().into_iter().map(|r| r.name).collect();
        assert_eq!(copy, [".git", ".env*", "*.pem", "*.key", "credentials*"]);
    }

    #[test]
    fn complete_and_equivalent_spellings() {
        let complete = ".git\n**/.env*\n**/*.pem\n**/*.key\n**/credentials*\nnode_modules\ndocker-compose*.yml\n";
        assert!(names(complete, &all()).is_empty());
        let spelled = "/.git/\n**/.env*\n**/*.pem\n**/*.key\n**/credentials*\n**/node_modules\ndocker-compose*.yml\n!.env.example\n";
        assert!(names(spelled, &all()).is_empty());
    }

    #[test]
    fn root_only_and_plain_env_are_gaps() {
        let root_only = ".git\n.env*\n*.pem\n*.key\ncredentials*\n";
        assert_eq!(
            names(root_only, &copy()),
            [".env*", "*.pem", "*.key", "credentials*"]
        );
        assert_eq!(
            names(".git\n.env\n**/*.pem\n**/*.key\n**/credentials*\n", &copy()),
            [".env*"]
        );
    }

    #[test]
    fn negations_and_allow_lists() {
        let text = ".git\n**/.env*\n**/*.pem\n**/*.key\n**/credentials*\n!.env.production\n";
        assert_eq!(names(text, &copy()), ["!.env*@5"]);
        assert_eq!(
            names("*\n!src/\n", &copy()),
            [".env*", "*.pem", "*.key", "credentials*"]
        );
        let closed = "*\n!src/\n**/.env*\n**/*.pem\n**/*.key\n**/credentials*\n";
        assert!(names(closed, &all()).is_empty());
    }

    #[test]
    fn configured_entries_replace_the_list() {
        let config = configured(r#"[".git", "**/*.pem", "*.p12", "secrets/", "/deploy/prod.env"]"#);
        let list = required(&config);
        let patterns: Vec<&str> = list.iter().map(|r| r.pattern.as_str()).collect();
        // Built-in entries keep their meaning, whichever spelling names them.
        assert_eq!(
            patterns,
            [
                ".git",
                "**/*.pem",
                "**/*.p12",
                "**/secrets/",
                "/deploy/prod.env"
            ]
        );
        let names_of = |text: &str| names(text, &list);
        assert_eq!(
            names_of(".git\n**/*.pem\n"),
            ["*.p12", "secrets/", "/deploy/prod.env"]
        );
        // A name without a `/` counts at every depth, as `*.pem` does.
        assert_eq!(
            names_of(".git\n**/*.pem\n*.p12\nsecrets\ndeploy/prod.env\n"),
            ["*.p12", "secrets/"]
        );
        assert!(names_of(".git\n**/*.pem\n**/*.p12\n**/secrets\ndeploy/*.env\n").is_empty());
        // A file excluding one literal name does not pass for a wildcard.
        assert_eq!(
            names_of(".git\n**/*.pem\n**/sample.p12\n**/secrets/\n/deploy/prod.env\n"),
            ["*.p12"]
        );
        // A negation that brings such a file back is named.
        assert_eq!(
            names_of(".git\n**/*.pem\n**/*.p12\n**/secrets/\ndeploy/\n!deploy/prod.env\n"),
            ["!/deploy/prod.env@5"]
        );
        // Entries that are no longer listed are no longer asked for.
        assert!(names_of(".git\n**/*.pem\n**/*.p12\n**/secrets/\n/deploy/prod.env\n").is_empty());
        assert!(required(&configured("[]")).is_empty());
    }

    #[test]
    fn samples_follow_the_pattern() {
        let r = Requirement::from_entry("id_[rd]sa*");
        assert_eq!(r.samples, ["id_rsasample", "id_rsax-1"]);
        let r = Requirement::from_entry("config/**/prod-?.yaml");
        assert!(!r.any_depth);
        assert_eq!(r.samples, ["config/prod-x.yaml"]);
        let r = Requirement::from_entry(r"weird\*name");
        assert_eq!(r.samples, ["weird*name"]);
        // Nothing to probe with: only the written pattern meets it.
        let r = Requirement::from_entry("[/]");
        assert!(r.samples.is_empty());
        assert_eq!(
            names("[/]\n", std::slice::from_ref(&r)),
            Vec::<String>::new()
        );
        assert_eq!(names("x\n", std::slice::from_ref(&r)), ["[/]"]);
    }

    #[test]
    fn appended_text_keeps_line_breaks() {
        assert_eq!(append_text("a", &["b"]), "\nb\n");
        assert_eq!(append_text("a\r\n", &["b"]), "b\r\n");
        assert_eq!(append_text("", &["b", "c"]), "b\nc\n");
    }
}
