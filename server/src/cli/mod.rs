//! The command-line front end: `check`, `rules`, `explain`, `init` and `lsp`.
//!
//! Flags are parsed by clap into [`args::LowArgs`] and validated into
//! [`args::HiArgs`] before any work; then the chosen command runs. Exit
//! codes: 0 when nothing at or above `--fail-on` was found, 1 when something
//! was, 2 on usage or I/O errors. A closed stdout (`bulwark check | head`)
//! counts as success: the reader has seen what it wanted.

pub mod args;
mod baseline;
mod check;
mod fix;
mod init;
mod output;
mod sarif;
mod text;

use std::process::ExitCode;

use clap::Parser;

use args::{HiArgs, LowArgs};

/// How a run ended, as the process exit code says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Nothing at or above the `--fail-on` severity.
    Clean,
    /// Findings at or above the `--fail-on` severity.
    Findings,
    /// A usage or I/O error; the message went to stderr.
    Error,
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> Self {
        match status {
            ExitStatus::Clean => ExitCode::SUCCESS,
            ExitStatus::Findings => ExitCode::from(1),
            ExitStatus::Error => ExitCode::from(2),
        }
    }
}

/// Runs the binary; returns the process exit code.
pub fn main() -> ExitCode {
    let low = match LowArgs::try_parse() {
        Ok(low) => low,
        Err(err) => {
            // `--help` and `--version` arrive as errors that go to stdout.
            let code = if err.use_stderr() { 2 } else { 0 };
            let _ = err.print();
            return ExitCode::from(code);
        }
    };
    let high = match HiArgs::resolve(low) {
        Ok(high) => high,
        Err(err) => {
            eprintln!("bulwark: {err}");
            return ExitStatus::Error.into();
        }
    };
    let status = match high {
        HiArgs::Check(plan) => check::run(&plan),
        HiArgs::Lsp => return crate::lsp::run(),
        HiArgs::Rules(format) => output::emit(&output::rules_listing(format), ExitStatus::Clean),
        HiArgs::Init(folder) => init::run(&folder),
        HiArgs::Explain { asked, rules } => explain(&asked, &rules),
    };
    status.into()
}

/// Prints the page of each rule; when `asked` is another tool's id, a line
/// first says which Bulwark rules carry it.
fn explain(asked: &str, rules: &[String]) -> ExitStatus {
    let mut text = String::new();
    if rules.iter().all(|r| r != asked) {
        let mut tools: Vec<&str> = Vec::new();
        for (tool, _) in crate::config::peers::rules_for_peer_id(asked) {
            if !tools.contains(&tool) {
                tools.push(tool);
            }
        }
        let names: Vec<String> = rules.iter().map(|r| format!("`{r}`")).collect();
        text.push_str(&format!(
            "`{asked}` is {}'s id; Bulwark's name for it is {}.\n\n",
            tools.join(" and "),
            names.join(" and ")
        ));
    }
    for (i, rule) in rules.iter().enumerate() {
        let Some(page) = crate::rules::docs::render(rule) else {
            eprintln!("bulwark: no documentation for `{rule}`");
            return ExitStatus::Error;
        };
        if i > 0 {
            text.push_str("\n---\n\n");
        }
        text.push_str(&page);
    }
    output::emit(&text, ExitStatus::Clean)
}
