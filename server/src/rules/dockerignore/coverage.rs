//! What a `.dockerignore` must exclude, and whether it does, by meaning:
//! each requirement is probed with file names it must keep out of the
//! context, at the root and, for secrets, in subfolders and in every folder
//! a negation brings back.

use crate::dockerignore::Model;

/// One thing the context must not carry.
#[derive(Debug)]
pub struct Requirement {
    /// How messages name it.
    pub name: &'static str,
    /// The pattern a fix appends.
    pub pattern: &'static str,
    /// Paths (relative to a probed folder) that must be excluded.
    samples: &'static [&'static str],
    /// True when matches in every subfolder count, not only at the root.
    any_depth: bool,
}

pub const GIT: Requirement = Requirement {
    name: ".git",
    pattern: ".git",
    samples: &[".git", ".git/HEAD"],
    any_depth: false,
};
pub const ENV: Requirement = Requirement {
    name: ".env*",
    pattern: "**/.env*",
    samples: &[".env", ".env.local", ".env.production"],
    any_depth: true,
};
pub const PEM: Requirement = Requirement {
    name: "*.pem",
    pattern: "**/*.pem",
    samples: &["server.pem", "tls.pem"],
    any_depth: true,
};
pub const KEY: Requirement = Requirement {
    name: "*.key",
    pattern: "**/*.key",
    samples: &["server.key", "tls.key"],
    any_depth: true,
};
pub const CREDENTIALS: Requirement = Requirement {
    name: "credentials*",
    pattern: "**/credentials*",
    samples: &["credentials", "credentials.json", "credentials-prod.json"],
    any_depth: true,
};
pub const NODE_MODULES: Requirement = Requirement {
    name: "node_modules",
    pattern: "node_modules",
    samples: &["node_modules/left-pad/index.js"],
    any_depth: false,
};
pub const COMPOSE: Requirement = Requirement {
    name: "docker-compose*.yml",
    pattern: "docker-compose*.yml",
    samples: &["docker-compose.yml", "docker-compose.prod.yml"],
    any_depth: false,
};

/// What `COPY .` needs kept out: the repository and the secrets.
pub const FOR_COPY: &[&Requirement] = &[&GIT, &ENV, &PEM, &KEY, &CREDENTIALS];

/// The full list `dockerignore-incomplete` asks for.
pub const ALL: &[&Requirement] = &[
    &GIT,
    &ENV,
    &PEM,
    &KEY,
    &CREDENTIALS,
    &NODE_MODULES,
    &COMPOSE,
];

/// A requirement the file does not meet.
#[derive(Debug, Clone, Copy)]
pub enum Gap {
    /// No pattern excludes it everywhere it must be excluded.
    Missing(&'static Requirement),
    /// A negation (by pattern index) names such a file and brings it back.
    Reincluded(&'static Requirement, usize),
}

/// The requirements of `required` that `model` leaves open, in order.
pub fn gaps(model: &Model, required: &[&'static Requirement]) -> Vec<Gap> {
    let dirs = model.probe_dirs();
    let mut out = Vec::new();
    for &req in required {
        let mut missing = false;
        let mut reincluded = Vec::new();
        let probe_dirs: &[String] = if req.any_depth { &dirs } else { &dirs[..1] };
        for dir in probe_dirs {
            for sample in req.samples {
                let path = if dir.is_empty() {
                    (*sample).to_string()
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
    use super::*;

    fn names(text: &str, required: &[&'static Requirement]) -> Vec<String> {
        gaps(&Model::build(text), required)
            .iter()
            .map(|g| match g {
                Gap::Missing(r) => r.name.to_string(),
                Gap::Reincluded(r, i) => format!("!{}@{i}", r.name),
            })
            .collect()
    }

    #[test]
    fn complete_and_equivalent_spellings() {
        let complete = ".git\n**/.env*\n**/*.pem\n**/*.key\n**/credentials*\nnode_modules\ndocker-compose*.yml\n";
        assert!(names(complete, ALL).is_empty());
        let spelled = "/.git/\n**/.env*\n**/*.pem\n**/*.key\n**/credentials*\n**/node_modules\ndocker-compose*.yml\n!.env.example\n";
        assert!(names(spelled, ALL).is_empty());
    }

    #[test]
    fn root_only_and_plain_env_are_gaps() {
        let root_only = ".git\n.env*\n*.pem\n*.key\ncredentials*\n";
        assert_eq!(
            names(root_only, FOR_COPY),
            [".env*", "*.pem", "*.key", "credentials*"]
        );
        assert_eq!(
            names(
                ".git\n.env\n**/*.pem\n**/*.key\n**/credentials*\n",
                FOR_COPY
            ),
            [".env*"]
        );
    }

    #[test]
    fn negations_and_allow_lists() {
        let text = ".git\n**/.env*\n**/*.pem\n**/*.key\n**/credentials*\n!.env.production\n";
        assert_eq!(names(text, FOR_COPY), ["!.env*@5"]);
        assert_eq!(
            names("*\n!src/\n", FOR_COPY),
            [".env*", "*.pem", "*.key", "credentials*"]
        );
        let closed = "*\n!src/\n**/.env*\n**/*.pem\n**/*.key\n**/credentials*\n";
        assert!(names(closed, ALL).is_empty());
    }

    #[test]
    fn appended_text_keeps_line_breaks() {
        assert_eq!(append_text("a", &["b"]), "\nb\n");
        assert_eq!(append_text("a\r\n", &["b"]), "b\r\n");
        assert_eq!(append_text("", &["b", "c"]), "b\nc\n");
    }
}
