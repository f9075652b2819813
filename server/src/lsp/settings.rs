//! Settings: the client's initialization options and the `.bulwark.yaml`
//! that applies to each document.
//!
//! Precedence is file-first: the nearest `.bulwark.yaml` from the document's
//! folder up to its workspace folder decides the rules and registries; the
//! editor only chooses presentation (`docsBaseUrl`). A file outside every
//! workspace folder looks upward to its repository root; a buffer without a
//! path gets the defaults.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use serde_json::Value;
use tracing::{debug, error, warn};

use crate::config::{self, Config};

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

/// Loaded configuration files, and which one applies to each folder.
#[derive(Debug, Default)]
pub struct ConfigCache {
    /// The configuration file found for a folder; `None` when none applies.
    by_dir: HashMap<PathBuf, Option<PathBuf>>,
    /// The last good configuration of each file.
    loaded: HashMap<PathBuf, Arc<Config>>,
    defaults: Arc<Config>,
}

impl ConfigCache {
    /// The configuration for a document in `dir` of workspace folder
    /// `stop_at`. Reads the disk the first time a folder is asked about.
    pub fn config_for(&mut self, dir: Option<&Path>, stop_at: Option<&Path>) -> Arc<Config> {
        let Some(dir) = dir else {
            return self.defaults.clone();
        };
        let file = match self.by_dir.get(dir) {
            Some(file) => file.clone(),
            None => {
                let file = config::find_config_file(dir, stop_at);
                debug!(dir = %dir.display(), file = ?file, "configuration file");
                self.by_dir.insert(dir.to_path_buf(), file.clone());
                file
            }
        };
        let Some(file) = file else {
            return self.defaults.clone();
        };
        if let Some(config) = self.loaded.get(&file) {
            return config.clone();
        }
        let config = load_or(&file, &self.defaults);
        self.loaded.insert(file, config.clone());
        config
    }

    /// A configuration file was created, changed or deleted: reload it
    /// (keeping its last good value when it no longer parses) and look the
    /// folders up again, since which file applies may have changed.
    pub fn file_changed(&mut self, file: &Path) {
        self.by_dir.clear();
        if !file.is_file() {
            self.loaded.remove(file);
            return;
        }
        let previous = self
            .loaded
            .get(file)
            .cloned()
            .unwrap_or_else(|| self.defaults.clone());
        let config = load_or(file, &previous);
        self.loaded.insert(file.to_path_buf(), config);
    }
}

/// The configuration in `file`, or `fallback` (logged) when it cannot be used.
fn load_or(file: &Path, fallback: &Arc<Config>) -> Arc<Config> {
    match config::load(file) {
        Ok(config) => Arc::new(config),
        Err(err) => {
            // Known gap: the error is only logged; a `config-error`
            // diagnostic on the file itself is not reported yet.
            error!("{err}; keeping the previous configuration");
            fallback.clone()
        }
    }
}

/// True for the names of configuration files.
pub fn is_config_file(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n == ".bulwark.yaml" || n == ".bulwark.yml")
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
        std::fs::write(&file, "trusted-registries: [registry.test]\n").unwrap();
        let mut cache = ConfigCache::default();
        let good = cache.config_for(Some(dir.path()), Some(dir.path()));
        assert_eq!(
            good.trusted_registries,
            Some(vec!["registry.test".to_string()])
        );

        std::fs::write(&file, "not-a-setting: 1\n").unwrap();
        cache.file_changed(&file);
        assert_eq!(cache.config_for(Some(dir.path()), Some(dir.path())), good);

        std::fs::remove_file(&file).unwrap();
        cache.file_changed(&file);
        let none = cache.config_for(Some(dir.path()), Some(dir.path()));
        assert_eq!(none.trusted_registries, None);
    }
}
