//! The command-line front end: `check`, `rules`, `explain` and `lsp`.
//!
//! Flags are parsed by clap into [`Args`], then the chosen command runs. Exit
//! codes: 0 when nothing at or above `--fail-on` was found, 1 when something
//! was, 2 on usage or I/O errors.

mod check;
mod output;

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::finding::Severity;

#[derive(Debug, Parser)]
#[command(
    name = "bulwark",
    version,
    about = "Container-security review for Dockerfiles, compose, Kubernetes and Helm values"
)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check files or folders (folders are walked honouring .gitignore).
    Check(CheckArgs),
    /// Run the language server over stdio.
    Lsp {
        /// Accepted for editors that pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
    /// List the rules.
    Rules {
        #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
        format: RulesFormat,
    },
    /// Print a rule's documentation (the text of its hover).
    Explain { rule: String },
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or folders to check (default: the current folder).
    pub paths: Vec<std::path::PathBuf>,
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// The lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    pub fail_on: FailOn,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
    Sarif,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RulesFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
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

/// Runs the binary; returns the process exit code.
pub fn main() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(err) => {
            let code = if err.use_stderr() { 2 } else { 0 };
            let _ = err.print();
            return ExitCode::from(code);
        }
    };
    match args.command {
        Command::Check(check) => check::run(&check),
        Command::Lsp { .. } => crate::lsp::run(),
        Command::Rules { format } => output::print_rules(format),
        Command::Explain { rule } => match crate::rules::docs::render(&rule) {
            Some(text) => {
                output::write_stdout(&text);
                ExitCode::SUCCESS
            }
            None => {
                eprintln!("bulwark: unknown rule `{rule}` (see `bulwark rules`)");
                ExitCode::from(2)
            }
        },
    }
}
