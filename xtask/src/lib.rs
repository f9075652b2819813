//! Repository chores kept in Rust so they run wherever `cargo` does.

pub mod generate;

use std::path::PathBuf;

/// The repository root (the parent of this crate's folder).
pub fn repo_root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.parent().map(PathBuf::from).unwrap_or(here)
}
