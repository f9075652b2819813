//! `cargo run -p xtask -- generate [--check]`: writes (or checks) the editor
//! files derived from `server/src/format.rs`.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let check = args.iter().any(|a| a == "--check");
    match args.first().map(String::as_str) {
        Some("generate") => generate(check),
        _ => {
            eprintln!("usage: cargo run -p xtask -- generate [--check]");
            ExitCode::from(2)
        }
    }
}

fn generate(check: bool) -> ExitCode {
    let root = xtask::repo_root();
    let stale = match xtask::generate::run(&root, check) {
        Ok(stale) => stale,
        Err(err) => {
            eprintln!("xtask: {err}");
            return ExitCode::from(2);
        }
    };
    if stale.is_empty() {
        return ExitCode::SUCCESS;
    }
    for path in &stale {
        let verb = if check { "stale" } else { "wrote" };
        eprintln!("{verb}: {}", relative(&root, path));
    }
    if check {
        eprintln!("run `cargo run -p xtask -- generate` and commit the result");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

fn relative(root: &std::path::Path, path: &std::path::Path) -> String {
    path.strip_prefix(root)
        .map(PathBuf::from)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}
