//! Finding, reading and caching the configuration that applies to a file,
//! for both front ends.
//!
//! The loader remembers the last good parse of every configuration file: a
//! file that turns invalid (a half-typed key in the editor) reports its
//! problems while the configuration it had stays in force. Directory
//! look-ups are cached too, so checking a file on a keystroke touches the
//! disk only the first time its folder is seen; the language server calls
//! [`Loader::forget_lookups`] when configuration files appear or vanish.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::peers::{self, Hadolint, PeerIgnore};
use super::{Config, ConfigError, FILE_NAMES, Layer, is_boundary, is_ignored, resolve};
use crate::text::TextRange;

/// The configuration files that apply to one folder.
#[derive(Debug, Clone, Default)]
struct Found {
    bulwark: Option<PathBuf>,
    hadolint: Option<PathBuf>,
    trivyignores: Vec<PathBuf>,
}

/// A configuration file's last good parse and its latest problem.
#[derive(Debug, Default)]
struct Slot {
    good: Option<Arc<Layer>>,
    loaded: bool,
}

/// Resolves the configuration of files, reading what it must.
#[derive(Debug, Default)]
pub struct Loader {
    /// `--config PATH`: the one configuration file for every checked file.
    explicit: Option<Arc<Layer>>,
    explicit_path: Option<PathBuf>,
    /// Folders where the upward search stops (the editor's workspace
    /// folders), besides repository roots.
    roots: Vec<PathBuf>,
    editor: Option<Arc<Layer>>,
    /// Texts of open configuration buffers, which win over the disk.
    buffers: HashMap<PathBuf, String>,
    files: HashMap<PathBuf, Slot>,
    hadolint: HashMap<PathBuf, Option<Hadolint>>,
    trivy: HashMap<PathBuf, Vec<(String, TextRange)>>,
    dirs: HashMap<PathBuf, Found>,
    errors: Vec<ConfigError>,
    warnings: Vec<String>,
}

impl Loader {
    /// A loader whose upward search also stops at `roots`.
    pub fn new(roots: Vec<PathBuf>) -> Self {
        Self {
            roots,
            ..Self::default()
        }
    }

    /// Uses the configuration file at `path` for every file (`--config`).
    /// When it cannot be used the defaults apply and the error is kept for
    /// [`Loader::take_errors`].
    pub fn with_explicit(mut self, path: &Path) -> Self {
        self.explicit_path = Some(path.to_path_buf());
        match Layer::load(path) {
            Ok(layer) => self.explicit = Some(Arc::new(layer)),
            Err(err) => self.errors.push(err),
        }
        self
    }

    pub fn set_roots(&mut self, roots: Vec<PathBuf>) {
        self.roots = roots;
        self.dirs.clear();
    }

    /// Replaces the editor's settings (the `bulwark` section as JSON).
    /// Returns the keys that were not Bulwark's, for a log line; on an error
    /// the previous settings stay in force.
    pub fn set_editor_settings(
        &mut self,
        value: &serde_json::Value,
    ) -> Result<Vec<String>, String> {
        let (layer, unknown) = Layer::from_editor(value, self.roots.clone())?;
        self.editor = Some(Arc::new(layer));
        Ok(unknown)
    }

    /// The text of an open configuration buffer (`None` once it is closed),
    /// which replaces the file on disk. Returns the parse error, if any; the
    /// last good configuration then stays in force.
    pub fn set_buffer(&mut self, path: &Path, text: Option<String>) -> Option<ConfigError> {
        match text {
            Some(text) => {
                self.buffers.insert(path.to_path_buf(), text);
            }
            None => {
                self.buffers.remove(path);
            }
        }
        self.reload(path)
    }

    /// Reads a configuration file again (it changed on disk or in a
    /// buffer). On an error the last good parse stays in force and the
    /// error is returned.
    pub fn reload(&mut self, path: &Path) -> Option<ConfigError> {
        if peers::HADOLINT_FILES.iter().any(|n| path.ends_with(n)) {
            self.hadolint.remove(path);
            return None;
        }
        if path.ends_with(peers::TRIVYIGNORE) {
            self.trivy.remove(path);
            return None;
        }
        let parsed = match self.buffers.get(path) {
            Some(text) => Layer::parse(text, path),
            None => Layer::load(path),
        };
        let slot = self.files.entry(path.to_path_buf()).or_default();
        slot.loaded = true;
        match parsed {
            Ok(layer) => {
                slot.good = Some(Arc::new(layer));
                None
            }
            Err(ConfigError::Read { .. }) if !path.exists() => {
                // A deleted file applies no more.
                slot.good = None;
                None
            }
            Err(err) => Some(err),
        }
    }

    /// Forgets which configuration files exist where (one was created or
    /// deleted).
    pub fn forget_lookups(&mut self) {
        self.dirs.clear();
    }

    /// Configuration files that could not be used, met since the last call
    /// (the files they govern got the last good configuration, or the
    /// defaults).
    pub fn take_errors(&mut self) -> Vec<ConfigError> {
        std::mem::take(&mut self.errors)
    }

    /// Other tools' files that could not be read as expected, one line each.
    pub fn take_warnings(&mut self) -> Vec<String> {
        std::mem::take(&mut self.warnings)
    }

    /// The configuration file that applies to `path`, if any.
    pub fn config_file_for(&mut self, path: &Path) -> Option<PathBuf> {
        if let Some(explicit) = &self.explicit_path {
            return Some(explicit.clone());
        }
        let dir = path.parent()?;
        self.found(dir).bulwark
    }

    /// The configuration for the file at `path` (absolute), or `None` when
    /// the configuration ignores it.
    pub fn config_for(&mut self, path: &Path) -> Option<Config> {
        let found = match path.parent() {
            Some(dir) => self.found(dir),
            None => Found::default(),
        };
        let file_layer = match (&self.explicit_path, &found.bulwark) {
            (Some(_), _) => self.explicit.clone(),
            (None, Some(file)) => self.layer(file),
            (None, None) => None,
        };
        let mut layers: Vec<&Layer> = Vec::new();
        if let Some(editor) = &self.editor {
            layers.push(editor);
        }
        if let Some(file) = &file_layer {
            layers.push(file);
        }
        if is_ignored(&layers, path) {
            return None;
        }
        let mut config = resolve(&layers, Some(path));
        if file_layer.is_none() && self.explicit_path.is_none() && found.bulwark.is_none() {
            if let Some(h) = found.hadolint.as_ref().and_then(|p| self.hadolint_file(p)) {
                config
                    .peer_ignores
                    .extend(h.ignored.iter().map(|(id, range)| PeerIgnore {
                        tool: "hadolint",
                        id: id.clone(),
                        source: found.hadolint.clone().unwrap_or_default(),
                        range: *range,
                    }));
                // hadolint reviews Dockerfiles only, so its registries say
                // nothing about the images of manifests and compose files.
                let dockerfile = crate::format::classify(path, false)
                    == Some(crate::format::FileKind::Dockerfile);
                if dockerfile && h.trusted_registries.is_some() {
                    config.trusted_registries = h.trusted_registries.clone();
                }
            }
        }
        for file in &found.trivyignores {
            let ids = self.trivy_file(file);
            config
                .peer_ignores
                .extend(ids.into_iter().map(|(id, range)| PeerIgnore {
                    tool: "trivy",
                    id,
                    source: file.clone(),
                    range,
                }));
        }
        Some(config)
    }

    fn layer(&mut self, path: &Path) -> Option<Arc<Layer>> {
        let loaded = self.files.get(path).is_some_and(|s| s.loaded);
        if !loaded {
            if let Some(err) = self.reload(path) {
                self.errors.push(err);
            }
        }
        self.files.get(path).and_then(|s| s.good.clone())
    }

    fn hadolint_file(&mut self, path: &Path) -> Option<Hadolint> {
        if let Some(cached) = self.hadolint.get(path) {
            return cached.clone();
        }
        let parsed = match std::fs::read(path) {
            Ok(bytes) => match peers::parse_hadolint(&String::from_utf8_lossy(&bytes)) {
                Ok(h) => Some(h),
                Err(e) => {
                    self.warnings
                        .push(format!("{}: not used: {e}", path.display()));
                    None
                }
            },
            Err(_) => None,
        };
        self.hadolint.insert(path.to_path_buf(), parsed.clone());
        parsed
    }

    fn trivy_file(&mut self, path: &Path) -> Vec<(String, TextRange)> {
        if let Some(cached) = self.trivy.get(path) {
            return cached.clone();
        }
        let ids = std::fs::read(path)
            .map(|b| peers::parse_trivyignore(&String::from_utf8_lossy(&b)))
            .unwrap_or_default();
        self.trivy.insert(path.to_path_buf(), ids.clone());
        ids
    }

    /// The configuration files for `dir`, from the cache or the disk.
    fn found(&mut self, dir: &Path) -> Found {
        if let Some(found) = self.dirs.get(dir) {
            return found.clone();
        }
        let mut found = Found::default();
        let mut current = Some(dir);
        while let Some(d) = current {
            if found.bulwark.is_none() {
                found.bulwark = first_file(d, &FILE_NAMES).or_else(|| {
                    // An open buffer not yet saved counts as the file.
                    FILE_NAMES
                        .iter()
                        .map(|n| d.join(n))
                        .find(|p| self.buffers.contains_key(p))
                });
            }
            if found.hadolint.is_none() {
                found.hadolint = first_file(d, &peers::HADOLINT_FILES);
            }
            let trivy = d.join(peers::TRIVYIGNORE);
            if trivy.is_file() {
                found.trivyignores.push(trivy);
            }
            let stop = self.roots.iter().any(|r| r == d);
            if stop || is_boundary(d, None) {
                break;
            }
            current = d.parent();
        }
        self.dirs.insert(dir.to_path_buf(), found.clone());
        found
    }
}

fn first_file(dir: &Path, names: &[&str]) -> Option<PathBuf> {
    names.iter().map(|n| dir.join(n)).find(|p| p.is_file())
}
