//! Bulwark for Zed: starts `bulwark lsp` for the languages `extension.toml`
//! declares.
//!
//! The binary is the one named in Zed's settings (`lsp.bulwark.binary.path`),
//! else `bulwark` on the worktree's PATH (`cargo install --path server` puts
//! it there). The `lsp.bulwark.settings` object carries the keys of
//! `.bulwark.yaml` and is passed both as initialization options and as the
//! `bulwark` section of `workspace/configuration`.

use zed_extension_api::{self as zed, LanguageServerId, Result, settings::LspSettings};

const SERVER: &str = "bulwark";

struct Bulwark;

impl Bulwark {
    fn settings(worktree: &zed::Worktree) -> Option<zed::serde_json::Value> {
        LspSettings::for_worktree(SERVER, worktree)
            .ok()
            .and_then(|s| s.settings)
    }
}

impl zed::Extension for Bulwark {
    fn new() -> Self {
        Bulwark
    }

    fn language_server_command(
        &mut self,
        _language_server_id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<zed::Command> {
        let binary = LspSettings::for_worktree(SERVER, worktree)
            .ok()
            .and_then(|s| s.binary);
        let configured = binary.as_ref().and_then(|b| b.path.clone());
        let command = match configured.or_else(|| worktree.which(SERVER)) {
            Some(path) => path,
            None => {
                return Err("`bulwark` was not found on PATH: install it with \
                     `cargo install --path server` from a Bulwark checkout, or set \
                     lsp.bulwark.binary.path in Zed's settings"
                    .to_string());
            }
        };
        let args = binary
            .and_then(|b| b.arguments)
            .unwrap_or_else(|| vec!["lsp".to_string()]);
        Ok(zed::Command {
            command,
            args,
            env: worktree.shell_env(),
        })
    }

    fn language_server_initialization_options(
        &mut self,
        _language_server_id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<zed::serde_json::Value>> {
        Ok(Self::settings(worktree))
    }

    fn language_server_workspace_configuration(
        &mut self,
        _language_server_id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<zed::serde_json::Value>> {
        Ok(Self::settings(worktree).map(|s| zed::serde_json::json!({ "bulwark": s })))
    }
}

zed::register_extension!(Bulwark);
