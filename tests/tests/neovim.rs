//! Runs the Neovim plugin's headless tests: `editors/neovim/test/run.sh`
//! against the built binary, and `config_spec.lua`, which needs no server.
//! Skipped when `nvim` is not installed, except under CI (`CI` set), where a
//! missing `nvim` is a failure.

mod editors;

use std::path::PathBuf;
use std::process::Command;

fn nvim() -> Option<PathBuf> {
    let found = editors::on_path("nvim");
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but nvim is not installed (apt-get install -y neovim)"
        );
        eprintln!("skipped: nvim is not on PATH (apt-get install -y neovim)");
    }
    found
}

#[test]
fn neovim_configuration_loads_and_matches_names() {
    let Some(nvim) = nvim() else {
        return;
    };
    let plugin = editors::repo_root().join("editors/neovim");
    let spec = plugin.join("test/config_spec.lua");
    let output = Command::new(nvim)
        .args(["--headless", "-n", "-i", "NONE", "-u", "NONE", "-c"])
        .arg(format!("luafile {}", spec.display()))
        .env("BULWARK_PLUGIN_DIR", &plugin)
        .output()
        .expect("nvim runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains(" passed, 0 failed"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn neovim_plugin_against_the_server() {
    let Some(nvim) = nvim() else {
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
