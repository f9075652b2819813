//! The `bulwark` command under the name `bulwark-pre-commit`.
//!
//! pre-commit's `language: rust` runs `cargo install --path .` at the
//! repository root, which must therefore hold a package; this one builds the
//! same CLI under a name that does not collide with the `bulwark` binary of
//! the `server` package in the shared target folder.

use std::process::ExitCode;

fn main() -> ExitCode {
    bulwark::cli::main()
}
