//! Command-line flags: clap parses them into [`LowArgs`], and [`HiArgs::resolve`]
//! validates those into the plan a command runs, before any work starts.
//!
//! The split keeps every usage error in one place (exit code 2, one clear
//! line) and lets the commands take plain values: absolute paths beside the
//! names the user typed, a severity threshold, a fix mode.

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::finding::Severity;

/// The flags as clap parses them, before validation.
#[derive(Debug, Parser)]
#[command(
    name = "bulwark",
    version,
    about = "Container-security review for Dockerfiles, compose, Kubernetes and Helm values",
    propagate_version = true
)]
pub struct LowArgs {
    #[command(subcommand)]
    pub command: LowCommand,
}

#[derive(Debug, Subcommand)]
pub enum LowCommand {
    /// Check files or folders (folders are walked honouring .gitignore).
    Check(LowCheck),
    /// Run the language server over stdio.
    Lsp {
        /// Accepted for editors that pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
    /// List the rules of the catalog.
    Rules {
        #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
        format: RulesFormat,
    },
    /// Print a rule's documentation (the text of its hover).
    Explain {
        /// The rule's name, as `bulwark rules` lists it.
        rule: String,
    },
    /// Write a commented starter .bulwark.yaml (never over an existing one).
    Init {
        /// The folder to write it in (default: the current folder).
        folder: Option<PathBuf>,
    },
}

#[derive(Debug, clap::Args)]
pub struct LowCheck {
    /// Files or folders to check (default: the current folder).
    pub paths: Vec<PathBuf>,
    /// How to print the findings.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// The lowest severity that makes the exit code 1 [default: the
    /// configuration's `fail-on`, else warning].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// The configuration file to use for every file, instead of the nearest
    /// .bulwark.yaml.
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Report only findings that this baseline file does not hold.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in FILE (JSON) and exit 0.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
    /// Exit 1 when a suppression silences nothing, whatever --fail-on says.
    #[arg(long)]
    pub report_unused_suppressions: bool,
    /// Apply the safe fixes, write the files, then report what remains.
    #[arg(long)]
    pub fix: bool,
    /// With --fix, apply the unsafe fixes too (they may change behaviour).
    #[arg(long)]
    pub unsafe_fixes: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
    Sarif,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Hint,
}

impl FailOn {
    pub fn severity(self) -> Severity {
        match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
            FailOn::Hint => Severity::Hint,
        }
    }
}

/// Which fixes `--fix` applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixMode {
    /// Only fixes marked safe.
    Safe,
    /// Safe and unsafe fixes (`--unsafe-fixes`).
    All,
}

/// A validated command, ready to run.
#[derive(Debug)]
pub enum HiArgs {
    Check(CheckPlan),
    Lsp,
    Rules(RulesFormat),
    /// The pages of `rules`: the rule asked for, or the rules that carry
    /// another tool's id `asked`.
    Explain {
        asked: String,
        rules: Vec<String>,
    },
    /// `bulwark init`: the folder to write `.bulwark.yaml` in.
    Init(PathBuf),
}

/// Everything `bulwark check` needs, resolved.
#[derive(Debug, Clone)]
pub struct CheckPlan {
    /// The folder relative arguments are resolved against.
    pub cwd: PathBuf,
    pub roots: Vec<Root>,
    pub format: OutputFormat,
    /// Findings at or above this severity make the exit code 1; when unset,
    /// each file's configuration decides (`fail-on`, else warning).
    pub fail_on: Option<Severity>,
    pub fix: Option<FixMode>,
    /// `--config`: one configuration file for every file (absolute).
    pub config: Option<PathBuf>,
    /// `--baseline`: findings it holds are not reported (absolute).
    pub baseline: Option<PathBuf>,
    /// `--write-baseline`: where to record the findings (absolute).
    pub write_baseline: Option<PathBuf>,
    /// `--report-unused-suppressions`: unused suppressions fail the run.
    pub report_unused_suppressions: bool,
}

/// One path argument of `bulwark check`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Root {
    /// As the user wrote it, minus a leading `./`; reports show paths under it.
    pub display: PathBuf,
    /// Absolute and without `.`/`..` components.
    pub absolute: PathBuf,
    pub is_dir: bool,
}

impl Root {
    /// The folder this argument lets `--fix` write in: the folder itself, or
    /// the folder of a named file.
    pub fn tree(&self) -> &Path {
        if self.is_dir {
            &self.absolute
        } else {
            self.absolute.parent().unwrap_or(&self.absolute)
        }
    }
}

/// A command line that cannot run; printed as one line, exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum UsageError {
    #[error("{0}: no such file or folder")]
    Missing(PathBuf),
    #[error("{path}: {source}")]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}: not a file")]
    NotAFile(PathBuf),
    #[error("-: reading from standard input is not supported; name the files or folders to check")]
    Stdin,
    #[error("--unsafe-fixes only makes sense with --fix")]
    UnsafeWithoutFix,
    #[error("unknown rule `{0}` (see `bulwark rules`)")]
    UnknownRule(String),
    #[error("cannot determine the current folder: {0}")]
    NoCwd(std::io::Error),
}

impl HiArgs {
    /// Validates the parsed flags against the file system and the catalog.
    pub fn resolve(low: LowArgs) -> Result<Self, UsageError> {
        match low.command {
            LowCommand::Check(check) => resolve_check(check).map(HiArgs::Check),
            LowCommand::Lsp { .. } => Ok(HiArgs::Lsp),
            LowCommand::Rules { format } => Ok(HiArgs::Rules(format)),
            LowCommand::Explain { rule } => {
                if crate::catalog::Catalog::get().rule(&rule).is_some()
                    || crate::rules::docs::page(&rule).is_some()
                {
                    return Ok(HiArgs::Explain {
                        asked: rule.clone(),
                        rules: vec![rule],
                    });
                }
                // Another tool's id: explain the rules that carry it.
                let named = crate::config::peers::rules_for_peer_id(&rule);
                if named.is_empty() {
                    return Err(UsageError::UnknownRule(rule));
                }
                Ok(HiArgs::Explain {
                    asked: rule,
                    rules: named.into_iter().map(|(_, name)| name).collect(),
                })
            }
            LowCommand::Init { folder } => {
                let cwd = std::env::current_dir().map_err(UsageError::NoCwd)?;
                let folder = folder.unwrap_or_else(|| PathBuf::from("."));
                if !folder.is_dir() {
                    return Err(UsageError::Missing(folder));
                }
                Ok(HiArgs::Init(absolute(&cwd, &folder)))
            }
        }
    }
}

fn resolve_check(check: LowCheck) -> Result<CheckPlan, UsageError> {
    if check.unsafe_fixes && !check.fix {
        return Err(UsageError::UnsafeWithoutFix);
    }
    let cwd = std::env::current_dir().map_err(UsageError::NoCwd)?;
    let paths = if check.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        check.paths
    };

    let mut roots: Vec<Root> = Vec::new();
    for path in paths {
        let meta = match std::fs::metadata(&path) {
            Ok(meta) => meta,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound && path == Path::new("-") => {
                return Err(UsageError::Stdin);
            }
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Err(UsageError::Missing(path));
            }
            Err(source) => return Err(UsageError::Unreadable { path, source }),
        };
        let root = Root {
            display: strip_dot(&path),
            absolute: absolute(&cwd, &path),
            is_dir: meta.is_dir(),
        };
        if !roots.iter().any(|r| r.absolute == root.absolute) {
            roots.push(root);
        }
    }

    let fix = match (check.fix, check.unsafe_fixes) {
        (false, _) => None,
        (true, false) => Some(FixMode::Safe),
        (true, true) => Some(FixMode::All),
    };
    // A configuration named on the command line that cannot be read stops
    // the run before anything is checked: checking with the defaults instead
    // would report what the user meant to configure away.
    if let Some(path) = &check.config {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_file() => {}
            Ok(_) => {
                return Err(UsageError::NotAFile(path.clone()));
            }
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Err(UsageError::Missing(path.clone()));
            }
            Err(source) => {
                return Err(UsageError::Unreadable {
                    path: path.clone(),
                    source,
                });
            }
        }
    }
    let config = check.config.map(|p| absolute(&cwd, &p));
    let baseline = check.baseline.map(|p| absolute(&cwd, &p));
    let write_baseline = check.write_baseline.map(|p| absolute(&cwd, &p));
    Ok(CheckPlan {
        cwd,
        roots,
        format: check.format,
        fail_on: check.fail_on.map(FailOn::severity),
        fix,
        config,
        baseline,
        write_baseline,
        report_unused_suppressions: check.report_unused_suppressions,
    })
}

/// `./x` as `x`, and `.` as the empty path, so reports read `Dockerfile`
/// rather than `./Dockerfile`.
pub fn strip_dot(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    let mut leading = true;
    for c in path.components() {
        if leading && c == std::path::Component::CurDir {
            continue;
        }
        leading = false;
        out.push(c);
    }
    out
}

/// `path` made absolute against `cwd`, without `.` and `..` components.
pub fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    crate::workspace::normalize(&joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_dot_keeps_parent_components() {
        assert_eq!(strip_dot(Path::new("./a/b")), PathBuf::from("a/b"));
        assert_eq!(strip_dot(Path::new(".")), PathBuf::new());
        assert_eq!(strip_dot(Path::new("../x")), PathBuf::from("../x"));
    }

    #[test]
    fn unsafe_fixes_need_fix() {
        let low = LowArgs::try_parse_from(["bulwark", "check", "--unsafe-fixes"]).unwrap();
        assert!(matches!(
            HiArgs::resolve(low),
            Err(UsageError::UnsafeWithoutFix)
        ));
    }

    #[test]
    fn missing_paths_are_named() {
        let low = LowArgs::try_parse_from(["bulwark", "check", "/no/such/bulwark/path"]).unwrap();
        let err = HiArgs::resolve(low).unwrap_err();
        assert_eq!(
            err.to_string(),
            "/no/such/bulwark/path: no such file or folder"
        );
    }
}
