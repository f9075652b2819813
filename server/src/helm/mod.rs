//! The Helm values view: what a chart's `values.yaml` says about the
//! workloads its templates render, found by the key names charts use.
//!
//! Values have no schema, so the view walks the whole tree and recognises
//! conventions at any depth (`controller.securityContext`,
//! `metrics.exporter.image`):
//!
//! - images: a string under an `image` key, or a mapping with `repository`
//!   (and `registry`, `tag`, `digest`) under one ([`Image`]);
//! - security contexts: mappings under keys ending in `securityContext`
//!   (`podSecurityContext`, `containerSecurityContext`), whose fields are
//!   judged like a manifest's wherever they are written;
//! - `resources` blocks (`limits`, `requests`), `hostPath` volumes.
//!
//! A mapping with `enabled: false` is switched off: under a security-context
//! key that disables the context (a finding of its own); anywhere else the
//! chart does not render that component, so nothing below it is judged.
//! Only explicit values are judged: what a chart does with keys its values
//! leave out is the chart's business, so a missing key is never reported.

use crate::yaml::{self, MAX_EXPANDED_NODES, Node, NodeKind};

/// A chart's values: the root mapping of the first document.
#[derive(Debug, Clone, Copy)]
pub struct Values<'a> {
    pub root: Node<'a>,
}

/// One `key: value` pair of the values tree.
#[derive(Debug, Clone, Copy)]
pub struct Pair<'a> {
    pub key: &'a str,
    pub value: Node<'a>,
    /// The mapping holding the pair.
    pub parent: Node<'a>,
    /// The key of that mapping in its own parent (`securityContext` for
    /// `privileged`); for a mapping inside a list, the list's key.
    pub parent_key: Option<&'a str>,
    /// True when the mapping holding the pair, or one above it, says
    /// `enabled: false`.
    pub switched_off: bool,
    /// True when a mapping above the one holding the pair says
    /// `enabled: false` (the pair's own mapping not counted).
    pub outer_switched_off: bool,
}

/// An image the values name.
#[derive(Debug, Clone, Copy)]
pub enum Image<'a> {
    /// `image: "registry/repo:tag"`, with the `imageTag` (or `tag`) written
    /// beside it, which charts that keep the two apart append.
    Reference {
        text: &'a str,
        node: Node<'a>,
        tag: Option<Node<'a>>,
    },
    /// `image: {registry, repository, tag, digest}`.
    Fields {
        node: Node<'a>,
        registry: Option<Node<'a>>,
        repository: Node<'a>,
        tag: Option<Node<'a>>,
        digest: Option<Node<'a>>,
    },
}

impl<'a> Values<'a> {
    pub fn of(model: &'a yaml::Model) -> Option<Self> {
        let root = model.documents().find_map(|d| d.root())?.as_mapping()?;
        Some(Self { root })
    }

    /// Every pair of the tree, depth first in document order, bounded.
    pub fn pairs(&self) -> Vec<Pair<'a>> {
        let mut out = Vec::new();
        let mut stack: Vec<(Node<'a>, Option<&'a str>, bool)> = vec![(self.root, None, false)];
        let mut budget = MAX_EXPANDED_NODES;
        while let Some((node, key, off)) = stack.pop() {
            if budget == 0 {
                break;
            }
            budget -= 1;
            let start = stack.len();
            match node.kind() {
                NodeKind::Mapping => {
                    let inner = off || is_switched_off(node);
                    for entry in node.entries() {
                        // Aliases can repeat a large mapping many times; the
                        // pairs listed share the walk's bound.
                        if budget == 0 {
                            break;
                        }
                        budget -= 1;
                        let Some(k) = entry.key_str() else { continue };
                        out.push(Pair {
                            key: k,
                            value: entry.value,
                            parent: node,
                            parent_key: key,
                            switched_off: inner,
                            outer_switched_off: off,
                        });
                        stack.push((entry.value, Some(k), inner));
                    }
                }
                NodeKind::Sequence => stack.extend(node.items().map(|item| (item, key, off))),
                NodeKind::Scalar | NodeKind::UnresolvedAlias => {}
            }
            stack[start..].reverse();
        }
        out
    }

    /// The pairs that are switched on (not below `enabled: false`).
    pub fn live_pairs(&self) -> Vec<Pair<'a>> {
        self.pairs()
            .into_iter()
            .filter(|p| !p.switched_off)
            .collect()
    }

    /// The images of the components that are switched on.
    pub fn images(&self) -> Vec<Image<'a>> {
        self.live_pairs()
            .into_iter()
            .filter(|p| is_image_key(p.key))
            .filter_map(|p| image(p.value, p.parent))
            .collect()
    }
}

/// True for a mapping that says `enabled: false`.
pub fn is_switched_off(node: Node<'_>) -> bool {
    node.get("enabled").and_then(|e| e.as_bool_k8s()) == Some(false)
}

/// True for the keys charts hold security contexts under
/// (`securityContext`, `podSecurityContext`, `containerSecurityContext`).
pub fn is_security_context_key(key: &str) -> bool {
    key.to_ascii_lowercase().ends_with("securitycontext")
}

/// True for `image` and keys ending in it (`initImage`, `kubectlImage`).
fn is_image_key(key: &str) -> bool {
    key.to_ascii_lowercase().ends_with("image")
}

fn image<'a>(value: Node<'a>, parent: Node<'a>) -> Option<Image<'a>> {
    if let Some(text) = value.as_str() {
        let text = text.trim();
        if text.is_empty() || text.contains("{{") {
            return None;
        }
        let tag = ["imageTag", "tag"]
            .iter()
            .find_map(|k| parent.get(k))
            .filter(|t| t.as_str().is_some() || t.is_null());
        return Some(Image::Reference {
            text,
            node: value,
            tag,
        });
    }
    value.as_mapping()?;
    let repository = value
        .get("repository")
        .or_else(|| value.get("name"))
        .filter(|r| r.as_str().is_some_and(|s| !s.trim().is_empty()))?;
    let written = |key: &str| value.get(key).filter(|n| !n.is_null());
    Some(Image::Fields {
        node: value,
        registry: written("registry").filter(|r| r.as_str().is_some_and(|s| !s.is_empty())),
        repository,
        tag: written("tag"),
        digest: written("digest").filter(|d| d.as_str().is_some_and(|s| !s.is_empty())),
    })
}

#[cfg(test)]
mod tests;
