//! Settings: the client's initialization options and the `.bulwark.yaml`
//! that applies to each document.
//!
//! Precedence is file-first: the nearest `.bulwark.yaml` from the document's
//! folder up to its workspace folder decides; the editor's `bulwark`
//! settings (initialization options, then `workspace/configuration`) fill
//! what the file leaves unset, with the same keys; `docsBaseUrl` is the
//! editor's alone. A file outside every workspace folder looks upward to its
//! repository root; a buffer without a path gets the editor's settings.
//! An open `.bulwark.yaml` buffer stands for the file while it is edited, so
//! other documents follow the configuration as it is typed; whichever
//! changed last, the buffer or the disk, wins.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use serde_json::Value;
use tracing::{debug, error, warn};

use crate::config::{self, Config, Loader};

/// `initializationOptions` the server understands.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InitOptions {
    /// Where rule pages live: a diagnostic links `<docsBaseUrl>/<rule>`.
    /// Unset by default, and then diagnostics carry no link.
    #[serde(default)]
    pub docs_base_url: Option<String>,
}

impl InitOptions {
    /// Reads the options, ignoring (and logging) what does not fit.
    pub fn from_json(value: Option<&Value>) -> Self {
        let Some(value) = value.filter(|v| !v.is_null()) else {
            return Self::default();
        };
        match InitOptions::deserialize(value) {
            Ok(options) => options,
            Err(err) => {
                warn!("ignoring initializationOptions: {err}");
                Self::default()
            }
        }
    }
}

/// The configuration of documents: the editor's `bulwark` settings under
/// the repository's `.bulwark.yaml` files, through the shared
/// [`config::Loader`] (which keeps each file's last good parse).
#[derive(Debug, Default)]
pub struct ConfigCache {
    loader: Loader,
}

impl ConfigCache {
    /// The configuration for the document at `path`; `None` when the
    /// configuration's `ignore` names it (it then gets no diagnostics). A
    /// buffer without a path gets the editor's settings over the defaults.
    /// Reads the disk the first time a folder is asked about.
    pub fn config_for(&mut self, path: Option<&Path>) -> Option<Arc<Config>> {
        let config = match path {
            Some(path) => self.loader.config_for(path)?,
            None => self.loader.config_for(Path::new("/"))?,
        };
        for err in self.loader.take_errors() {
            // The file itself shows `config-error` diagnostics when open.
            error!("{err}; keeping the previous configuration");
        }
        for warning in self.loader.take_warnings() {
            warn!("{warning}");
        }
        Some(Arc::new(config))
    }

    /// The workspace folders, where the upward search for configuration
    /// files stops and editor globs are anchored.
    pub fn set_folders(&mut self, folders: Vec<PathBuf>) {
        self.loader.set_roots(folders);
    }

    /// Applies the editor's `bulwark` settings; on an error the previous
    /// ones stay in force and the error is returned for the user.
    pub fn set_editor_settings(&mut self, value: &Value) -> Result<(), String> {
        let unknown = self.loader.set_editor_settings(value)?;
        if !unknown.is_empty() {
            debug!(?unknown, "settings that are not Bulwark's configuration");
        }
        Ok(())
    }

    /// The text of an open `.bulwark.yaml` buffer (`None` once it is closed),
    /// which replaces the file on disk meanwhile (until the disk changes, see
    /// [`ConfigCache::file_changed`]), so that other documents follow the
    /// configuration as it is typed. A buffer that does not
    /// parse keeps the last good configuration in force; its problems are
    /// its own diagnostics.
    pub fn buffer_changed(&mut self, path: &Path, text: Option<String>) {
        if let Some(err) = self.loader.set_buffer(path, text) {
            debug!("{err}; keeping the previous configuration");
        }
        // A buffer not yet saved counts as the file, so look folders up again.
        self.loader.forget_lookups();
    }

    /// A configuration file (`.bulwark.yaml`, `.hadolint.yaml`,
    /// `.trivyignore`) was created, changed or deleted: reload it (keeping
    /// its last good value when it no longer parses) and look the folders up
    /// again, since which file applies may have changed.
    ///
    /// The last writer wins: a change on disk (a save, another program)
    /// also ends an open buffer's hold over the file, until the buffer is
    /// edited again.
    pub fn file_changed(&mut self, file: &Path) {
        self.loader.forget_lookups();
        let err = if config::is_config_file(file) {
            self.loader.set_buffer(file, None)
        } else {
            self.loader.reload(file)
        };
        if let Some(err) = err {
            error!("{err}; keeping the previous configuration");
        }
    }
}

/// The editor's `bulwark` settings inside initialization options or a
/// `didChangeConfiguration` payload: under a `bulwark` key when there is
/// one, else the object itself.
pub fn bulwark_section(value: Option<&Value>) -> Option<&Value> {
    let value = value.filter(|v| !v.is_null())?;
    Some(value.get("bulwark").unwrap_or(value))
}

/// True for the files whose changes alter the configuration: Bulwark's own
/// and the peer files it honours.
pub fn is_config_file(path: &Path) -> bool {
    config::is_config_file(path)
        || path.file_name().is_some_and(|n| {
            n == config::peers::TRIVYIGNORE || config::peers::HADOLINT_FILES.iter().any(|h| n == *h)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_read_docs_base_url() {
        let value = serde_json::json!({ "docsBaseUrl": "https://docs.test/rules" });
        let options = InitOptions::from_json(Some(&value));
        assert_eq!(
            options.docs_base_url.as_deref(),
            Some("https://docs.test/rules")
        );
        let wrong = serde_json::json!({ "docsBaseUrl": 3 });
        assert_eq!(InitOptions::from_json(Some(&wrong)), InitOptions::default());
        assert_eq!(InitOptions::from_json(None), InitOptions::default());
    }

    #[test]
    fn invalid_file_keeps_the_last_good_configuration() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(".bulwark.yaml");
        let doc = dir.path().join("Dockerfile");
        std::fs::write(&file, "trusted-registries: [registry.test]\n").unwrap();
        let mut cache = ConfigCache::default();
        cache.set_folders(vec![dir.path().to_path_buf()]);
        let good = cache.config_for(Some(&doc)).unwrap();
        assert_eq!(
            good.trusted_registries,
            Some(vec!["registry.test".to_string()])
        );

        std::fs::write(&file, "not-a-setting: 1\n").unwrap();
        cache.file_changed(&file);
        assert_eq!(cache.config_for(Some(&doc)).unwrap(), good);

        std::fs::remove_file(&file).unwrap();
        cache.file_changed(&file);
        let none = cache.config_for(Some(&doc)).unwrap();
        assert_eq!(none.trusted_registries, None);
    }

    #[test]
    fn the_file_wins_over_editor_settings() {
        let dir = tempfile::tempdir().unwrap();
        let doc = dir.path().join("Dockerfile");
        std::fs::write(
            dir.path().join(".bulwark.yaml"),
            "rules:\n  root-user: error\n",
        )
        .unwrap();
        let mut cache = ConfigCache::default();
        cache.set_folders(vec![dir.path().to_path_buf()]);
        let settings = serde_json::json!({
            "bulwark": {"rules": {"root-user": "off", "sudo-in-run": "off"}, "docsBaseUrl": "x"}
        });
        cache
            .set_editor_settings(bulwark_section(Some(&settings)).unwrap())
            .unwrap();
        let config = cache.config_for(Some(&doc)).unwrap();
        assert_eq!(config.level("root-user"), Some(config::RuleLevel::Error));
        assert_eq!(config.level("sudo-in-run"), Some(config::RuleLevel::Off));
        assert!(
            cache
                .set_editor_settings(&serde_json::json!({"rules": {"nope": "off"}}))
                .is_err()
        );
    }
}
