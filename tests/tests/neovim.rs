//! Runs the Neovim plugin's headless test (`editors/neovim/test/run.sh`)
//! against the built binary. Skipped when `nvim` is not installed, except
//! under CI (`CI` set), where a missing `nvim` is a failure.

mod editors;

use std::process::Command;

#[test]
#[ignore = "pending until `bulwark lsp` lands on main"]
fn neovim_plugin_against_the_server() {
    let Some(nvim) = editors::on_path("nvim") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but nvim is not installed (apt-get install -y neovim)"
        );
        eprintln!("skipped: nvim is not on PATH (apt-get install -y neovim)");
        return;
    };
    let script = editors::repo_root().join("editors/neovim/test/run.sh");
    let output = Command::new("bash")
        .arg(&script)
        .env("BULWARK_BIN", editors::bulwark_bin())
        .env("NVIM", nvim)
        .output()
        .expect("bash runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the Neovim test failed ({}):\n{stdout}\n{stderr}",
        output.status
    );
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
}
