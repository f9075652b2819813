//! Facts that Kubernetes objects in other files contribute: which
//! namespaces have a NetworkPolicy, and which ServiceAccounts turn token
//! automounting off.
//!
//! The index is built once per workspace snapshot (the workspace caches it
//! and drops it when a file changes) in one pass over its manifests. Each
//! fact remembers the files that state it, so a rule checking a document can
//! ignore the workspace's copy of that same document and read the live one.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{Kind, Object};
use crate::document::Document;
use crate::format::Format;

/// Files declaring one ServiceAccount, each with the
/// `automountServiceAccountToken` value it writes.
type Declarations = Vec<(PathBuf, Option<bool>)>;

/// The cross-file facts of a workspace's manifests.
#[derive(Debug, Default)]
pub struct Facts {
    /// Namespace -> files holding a NetworkPolicy for it.
    policy_namespaces: HashMap<String, Vec<PathBuf>>,
    /// (namespace, name) -> files declaring that ServiceAccount, with its
    /// `automountServiceAccountToken` value when written.
    service_accounts: HashMap<(String, String), Declarations>,
}

impl Facts {
    /// Indexes every Kubernetes document of `docs`.
    pub fn build<'a>(docs: impl Iterator<Item = &'a Document>) -> Self {
        let mut facts = Self::default();
        for doc in docs {
            let (Some(path), Some(Format::Kubernetes)) = (doc.path(), doc.analysis().format) else {
                continue;
            };
            let Some(model) = doc.analysis().yaml() else {
                continue;
            };
            for object in super::objects(model) {
                facts.add(path, &object);
            }
        }
        facts
    }

    fn add(&mut self, path: &Path, object: &Object<'_>) {
        match object.kind {
            Kind::NetworkPolicy => self
                .policy_namespaces
                .entry(object.namespace().to_string())
                .or_default()
                .push(path.to_path_buf()),
            Kind::ServiceAccount => {
                let Some(name) = object.name() else { return };
                let automount = object
                    .node
                    .get("automountServiceAccountToken")
                    .and_then(|n| n.as_bool_k8s());
                self.service_accounts
                    .entry((object.namespace().to_string(), name.to_string()))
                    .or_default()
                    .push((path.to_path_buf(), automount));
            }
            _ => {}
        }
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
