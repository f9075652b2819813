//! Reading workspace files from disk: the index built at startup and the
//! files re-read when the watcher reports a change.
//!
//! Everything here blocks and is called from `spawn_blocking`, never from a
//! handler directly.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use ignore::WalkState;
use tracing::{debug, warn};

use crate::document::Document;
use crate::format::{self, FileKind};

use super::backend::lock;

/// Files larger than this are left out of the index: no rule needs a
/// multi-megabyte manifest from another file, and parsing one would hold up
/// the index.
pub const MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// Reads and parses the file at `path`, when Bulwark handles it and it is
/// small enough; `None` otherwise (also when it is gone).
pub fn read(path: &Path) -> Option<Document> {
    let kind = format::classify_file(path)?;
    read_as(path, kind)
}

fn read_as(path: &Path, kind: FileKind) -> Option<Document> {
    let size = std::fs::metadata(path).ok()?.len();
    if size > MAX_FILE_SIZE {
        debug!(path = %path.display(), size, "not indexed: too large");
        return None;
    }
    match std::fs::read(path) {
        Ok(bytes) => Some(Document::from_bytes(Some(path.to_path_buf()), kind, &bytes)),
        Err(err) => {
            debug!(path = %path.display(), "not indexed: {err}");
            None
        }
    }
}

/// Every file Bulwark handles under `folders`, honouring `.gitignore` files
/// and including hidden files (`.dockerignore`, `.bulwark.yaml`), read and
/// parsed on as many threads as there are cores. `progress` is called with
/// the number of files read so far.
pub fn walk(folders: &[PathBuf], progress: impl Fn(usize) + Sync) -> Vec<Document> {
    let Some((first, rest)) = folders.split_first() else {
        return Vec::new();
    };
    let mut builder = ignore::WalkBuilder::new(first);
    for folder in rest {
        builder.add(folder);
    }
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(8));
    builder
        .hidden(false)
        .require_git(false)
        .threads(threads)
        .filter_entry(|entry| entry.file_name() != ".git");

    let charts: Mutex<HashMap<PathBuf, bool>> = Mutex::new(HashMap::new());
    let seen: Mutex<HashSet<PathBuf>> = Mutex::new(HashSet::new());
    let docs: Mutex<Vec<Document>> = Mutex::new(Vec::new());
    let read = AtomicUsize::new(0);
    builder.build_parallel().run(|| {
        Box::new(|entry| {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    warn!("while indexing: {err}");
                    return WalkState::Continue;
                }
            };
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                return WalkState::Continue;
            }
            let path = entry.path();
            // Nested workspace folders are walked twice.
            if !lock(&seen).insert(path.to_path_buf()) {
                return WalkState::Continue;
            }
            let chart_beside = path.parent().is_some_and(|dir| {
                if let Some(&known) = lock(&charts).get(dir) {
                    return known;
                }
                let found = dir.join("Chart.yaml").is_file();
                lock(&charts).insert(dir.to_path_buf(), found);
                found
            });
            let Some(kind) = format::classify(path, chart_beside) else {
                return WalkState::Continue;
            };
            if let Some(doc) = read_as(path, kind) {
                lock(&docs).push(doc);
                progress(read.fetch_add(1, Ordering::Relaxed) + 1);
            }
            WalkState::Continue
        })
    });
    docs.into_inner().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_handled_files_and_honours_gitignore() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("app")).unwrap();
        std::fs::create_dir_all(root.join("build")).unwrap();
        std::fs::write(root.join(".gitignore"), "build/\n").unwrap();
        std::fs::write(root.join("app/Dockerfile"), "FROM a\n").unwrap();
        std::fs::write(root.join("app/.dockerignore"), ".git\n").unwrap();
        std::fs::write(root.join("app/README.md"), "# hi\n").unwrap();
        std::fs::write(root.join("build/Dockerfile"), "FROM b\n").unwrap();
        let big = vec![b'#'; usize::try_from(MAX_FILE_SIZE).unwrap() + 1];
        std::fs::write(root.join("big.yaml"), big).unwrap();

        let mut names: Vec<String> = walk(&[root.to_path_buf()], |_| {})
            .iter()
            .map(|d| {
                d.path()
                    .unwrap()
                    .strip_prefix(root)
                    .unwrap()
                    .display()
                    .to_string()
            })
            .collect();
        names.sort();
        assert_eq!(names, ["app/.dockerignore", "app/Dockerfile"]);
    }

    #[test]
    fn values_beside_a_chart_are_helm_values() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("values.yaml"), "a: 1\n").unwrap();
        assert_eq!(
            format::classify_file(&dir.path().join("values.yaml")),
            Some(FileKind::Yaml)
        );
        std::fs::write(dir.path().join("Chart.yaml"), "name: x\n").unwrap();
        assert_eq!(
            format::classify_file(&dir.path().join("values.yaml")),
            Some(FileKind::HelmValuesYaml)
        );
    }
}
