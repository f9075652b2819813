//! The editor files generated from `server/src/format.rs` are up to date.

#[test]
fn generated_editor_files_are_current() {
    let root = xtask::repo_root();
    let stale = xtask::generate::run(&root, true).expect("the generator runs");
    assert!(
        stale.is_empty(),
        "stale generated files (run `cargo run -p xtask -- generate`): {stale:?}"
    );
}
