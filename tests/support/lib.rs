//! Helpers shared by the out-of-process tests: the built `bulwark` binary,
//! the corpus and its `expect` semantics, and a small LSP client.
//!
//! The tests drive the binary as users and editors do, so they need it
//! built. `cargo test` does not build another package's binaries, so the
//! first call to [`bulwark_bin`] runs `cargo build -p bulwark --bin bulwark`
//! into the same target folder and profile as the test itself (a no-op when
//! it is up to date); `BULWARK_BIN` names a binary to use instead.

pub mod corpus;
pub mod expect;
pub mod lsp;
pub mod session;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

/// The repository root (the folder of the workspace `Cargo.toml`).
pub fn repo_root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.parent().unwrap_or(here).to_path_buf()
}

/// The shared corpus: `BULWARK_CORPUS` when set, else `shared/corpus`
/// beside the repository (as CI lays it out) or beside one of its parent
/// folders (as in a worktree of a developer checkout).
pub fn corpus_root() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("BULWARK_CORPUS") {
        let dir = PathBuf::from(dir);
        return dir.is_dir().then_some(dir);
    }
    let repo = repo_root();
    repo.ancestors()
        .skip(1)
        .map(|dir| dir.join("shared/corpus"))
        .find(|dir| dir.is_dir())
        .map(|dir| dir.canonicalize().unwrap_or(dir))
}

/// The `bulwark` binary under test, built on first use.
pub fn bulwark_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| match std::env::var_os("BULWARK_BIN") {
        Some(path) => PathBuf::from(path),
        None => build_bulwark(),
    })
}

fn build_bulwark() -> PathBuf {
    // The test executable lives in <target>/<profile>/deps/.
    let exe = std::env::current_exe().expect("the test knows its own path");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("the test runs from <target>/<profile>/deps")
        .to_path_buf();
    let target_dir = profile_dir.parent().unwrap_or(&profile_dir).to_path_buf();
    let profile = profile_dir
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("debug")
        .to_string();

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.args(["build", "--quiet", "-p", "bulwark", "--bin", "bulwark"])
        .arg("--target-dir")
        .arg(&target_dir)
        .current_dir(repo_root());
    match profile.as_str() {
        "debug" => {}
        "release" => {
            cmd.arg("--release");
        }
        other => {
            cmd.args(["--profile", other]);
        }
    }
    let status = cmd.status().expect("cargo runs");
    assert!(status.success(), "cargo build -p bulwark failed: {status}");
    let bin = profile_dir.join(format!("bulwark{}", std::env::consts::EXE_SUFFIX));
    assert!(bin.is_file(), "{} was not built", bin.display());
    bin
}

/// Runs `bulwark ARGS` in `dir` with no standard input and returns its output.
pub fn run_bulwark<I, S>(dir: &Path, args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    Command::new(bulwark_bin())
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .env_remove("CLICOLOR_FORCE")
        .env("NO_COLOR", "1")
        .output()
        .expect("the bulwark binary starts")
}

/// Copies a folder tree (files and folders only) to `to`.
pub fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        let kind = entry.file_type()?;
        if kind.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else if kind.is_file() {
            std::fs::copy(entry.path(), &target)?;
            // The shared corpus is read-only; the copy must be writable.
            let mut perms = std::fs::metadata(&target)?.permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            perms.set_readonly(false);
            std::fs::set_permissions(&target, perms)?;
        }
    }
    Ok(())
}
