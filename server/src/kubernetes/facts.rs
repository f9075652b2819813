//! Facts that Kubernetes objects in other files contribute: which
//! namespaces have a NetworkPolicy, and which ServiceAccounts turn token
//! automounting off.
//!
//! The workspace keeps the index current as files come and go: adding or
//! replacing a file re-reads that file only, so a keystroke in a workspace
//! of thousands of manifests costs one document's objects, and a snapshot
//! (a clone of the workspace) shares the index until it changes. Each fact
//! remembers the files that state it, so a rule checking a document can
//! ignore the workspace's copy of that same document and read the live one.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use super::Kind;
use crate::document::Document;
use crate::format::Format;

/// The files declaring one ServiceAccount, each with the
/// `automountServiceAccountToken` value it writes.
type Declarations = Vec<(PathBuf, Option<bool>)>;

/// The cross-file facts of a workspace's manifests.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// What each file contributes, to undo it when the file changes.
    files: HashMap<PathBuf, FileFacts>,
    /// Namespace -> files holding a NetworkPolicy for it.
    policy_namespaces: HashMap<String, BTreeSet<PathBuf>>,
    /// (namespace, name) -> files declaring that ServiceAccount, with the
    /// `automountServiceAccountToken` value each writes.
    service_accounts: HashMap<(String, String), Declarations>,
}

/// The facts one file states.
#[derive(Debug, Clone, Default)]
struct FileFacts {
    policy_namespaces: Vec<String>,
    service_accounts: Vec<(String, String, Option<bool>)>,
}

impl FileFacts {
    fn of(doc: &Document) -> Option<Self> {
        if doc.analysis().format != Some(Format::Kubernetes) {
            return None;
        }
        let model = doc.analysis().yaml()?;
        let mut facts = Self::default();
        for object in super::objects(model) {
            match object.kind {
                Kind::NetworkPolicy => {
                    facts.policy_namespaces.push(object.namespace().to_string());
                }
                Kind::ServiceAccount => {
                    let Some(name) = object.name() else { continue };
                    let automount = object
                        .node
                        .get("automountServiceAccountToken")
                        .and_then(|n| n.as_bool_k8s());
                    facts.service_accounts.push((
                        object.namespace().to_string(),
                        name.to_string(),
                        automount,
                    ));
                }
                _ => {}
            }
        }
        let empty = facts.policy_namespaces.is_empty() && facts.service_accounts.is_empty();
        (!empty).then_some(facts)
    }
}

impl Facts {
    /// Replaces what `path` contributes with what `doc` states (`None` when
    /// the file is gone).
    pub fn update(&mut self, path: &Path, doc: Option<&Document>) {
        if let Some(old) = self.files.remove(path) {
            for namespace in old.policy_namespaces {
                if let Some(paths) = self.policy_namespaces.get_mut(&namespace) {
                    paths.remove(path);
                    if paths.is_empty() {
                        self.policy_namespaces.remove(&namespace);
                    }
                }
            }
            for (namespace, name, _) in old.service_accounts {
                let key = (namespace, name);
                if let Some(entries) = self.service_accounts.get_mut(&key) {
                    entries.retain(|(p, _)| p != path);
                    if entries.is_empty() {
                        self.service_accounts.remove(&key);
                    }
                }
            }
        }
        let Some(new) = doc.and_then(FileFacts::of) else {
            return;
        };
        for namespace in &new.policy_namespaces {
            self.policy_namespaces
                .entry(namespace.clone())
                .or_default()
                .insert(path.to_path_buf());
        }
        for (namespace, name, automount) in &new.service_accounts {
            self.service_accounts
                .entry((namespace.clone(), name.clone()))
                .or_default()
                .push((path.to_path_buf(), *automount));
        }
        self.files.insert(path.to_path_buf(), new);
    }

    /// True when a file other than `except` holds a NetworkPolicy for
    /// `namespace`.
    pub fn has_network_policy(&self, namespace: &str, except: Option<&Path>) -> bool {
        self.policy_namespaces
            .get(namespace)
            .is_some_and(|paths| paths.iter().any(|p| Some(p.as_path()) != except))
    }

    /// The `automountServiceAccountToken` of ServiceAccount `name` in
    /// `namespace`, from files other than `except`: `Some(false)` when one
    /// declaration turns it off.
    pub fn service_account_automount(
        &self,
        namespace: &str,
        name: &str,
        except: Option<&Path>,
    ) -> Option<bool> {
        let entries = self
            .service_accounts
            .get(&(namespace.to_string(), name.to_string()))?;
        let mut seen = None;
        for (path, automount) in entries {
            if Some(path.as_path()) == except {
                continue;
            }
            if *automount == Some(false) {
                return Some(false);
            }
            seen = seen.or(*automount);
        }
        seen
    }
}
