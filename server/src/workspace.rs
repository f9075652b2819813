//! The read-only view of other files that cross-file rules consult.
//!
//! It holds parsed documents keyed by absolute path. The CLI fills it with
//! every file it checks (and the ignore files beside its Dockerfiles); the
//! language server fills it by indexing the workspace folders in the
//! background and keeps it current from open buffers and file-watch
//! notifications. Rules never read the disk: what is not here does not exist.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::document::Document;
use crate::kubernetes;

/// How a path is spelled as a workspace key: absolute paths with `.` and
/// `..` removed without touching the disk, so that one file has one key
/// whichever way a front end was given it.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[derive(Debug, Clone, Default)]
pub struct Workspace {
    files: BTreeMap<PathBuf, Document>,
    /// Cross-file Kubernetes facts, updated file by file as files are added
    /// or removed; snapshots share them until one changes.
    kubernetes: Arc<kubernetes::facts::Facts>,
    /// True while files are still being read in (the language server's
    /// first index of a folder): a file missing from the view may just not
    /// be read yet, so rules that judge by a file's absence hold back.
    pending: bool,
}

impl Workspace {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds or replaces a document; documents without a path are not kept.
    pub fn insert(&mut self, doc: Document) {
        if let Some(path) = doc.path() {
            Arc::make_mut(&mut self.kubernetes).update(path, Some(&doc));
            self.files.insert(path.to_path_buf(), doc);
        }
    }

    /// Marks the view as still being filled (see [`Workspace::is_pending`]).
    pub fn set_pending(&mut self, pending: bool) {
        self.pending = pending;
    }

    /// True while files are still being read in, so that the absence of a
    /// file (a NetworkPolicy, a ServiceAccount, a `.dockerignore`) proves
    /// nothing yet. Always false in the CLI, which reads every file first.
    pub fn is_pending(&self) -> bool {
        self.pending
    }

    pub fn remove(&mut self, path: &Path) -> Option<Document> {
        Arc::make_mut(&mut self.kubernetes).update(path, None);
        self.files.remove(path)
    }

    /// The namespaces with a NetworkPolicy and the ServiceAccounts of every
    /// manifest here.
    pub fn kubernetes_facts(&self) -> &kubernetes::facts::Facts {
        &self.kubernetes
    }

    pub fn get(&self, path: &Path) -> Option<&Document> {
        self.files.get(path)
    }

    pub fn contains(&self, path: &Path) -> bool {
        self.files.contains_key(path)
    }

    pub fn documents(&self) -> impl Iterator<Item = &Document> {
        self.files.values()
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_folds_dots() {
        assert_eq!(normalize(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
    }
}
