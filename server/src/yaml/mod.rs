//! The YAML model: documents of typed nodes with resolved values and ranges.
//!
//! [`Model::build`] walks the tree-sitter tree once and stores every node in
//! flat arenas (nodes, mapping pairs, sequence items), so rebuilding after an
//! edit allocates a handful of vectors, not one object per node. Rules read
//! it through [`Node`], a copyable handle:
//!
//! ```text
//! for doc in model.documents() {
//!     let Some(root) = doc.root() else { continue };       // empty document
//!     let spec = root.get_path(&["spec", "template", "spec"]);
//!     for c in spec.and_then(|s| s.get("containers")).iter().flat_map(|n| n.items()) {
//!         if c.get("securityContext").and_then(|s| s.get("privileged"))
//!             .and_then(|p| p.as_bool_k8s()) == Some(true) { /* report */ }
//!     }
//! }
//! ```
//!
//! - Navigation: [`Node::get`], [`Node::get_path`], [`Node::entries`] (key,
//!   value pairs of a mapping, merge keys applied), [`Node::items`] (a
//!   sequence's items), [`Node::as_mapping`] / [`Node::as_sequence`] (the
//!   node itself when it is one), [`Node::parent`].
//! - Values: [`Node::as_str`] (the resolved string of any non-null scalar:
//!   quotes removed, escapes and block scalars resolved), [`Node::as_bool_k8s`]
//!   (YAML 1.1 booleans of plain scalars, as Kubernetes reads them),
//!   [`Node::as_bool_compose`] (`true`/`false`, quoted or not),
//!   [`Node::as_i64`] (plain integers), [`Node::is_null`].
//! - Ranges: [`Node::range`] (the value; for a node reached through an alias,
//!   the alias), [`Node::key_range`] and [`Node::pair_range`] (the key and
//!   the `key: value` pair holding the node; through an alias, the pair that
//!   holds the alias, which for a merged key is the `<<:` pair),
//!   [`Node::source_range`] (where the node itself is written),
//!   [`Node::via`] (the alias the node was reached through, if any).
//! - Style: [`Node::is_flow`], [`Node::scalar_style`], for fixes that keep
//!   the document's style (see [`edit`], the fix planner that
//!   compose, Kubernetes and Helm fixes share).
//!
//! [`Model::rebuild`] is the keystroke path: given the previous model and
//! the bytes an edit left alone at both ends, it copies every document the
//! edit did not touch (renumbering ids, shifting offsets) and walks only the
//! tree of the edited one. [`Model::layout`] reads, once and only when a fix
//! is planned, how the document indents and which styles it prefers.
//!
//! Anchors, aliases and merge keys (`<<: *base`, `<<: [*a, *b]`) are resolved
//! on access, never copied, so an alias bomb costs nothing to build; walks
//! that follow aliases ([`Node::descendants`]) stop after
//! [`MAX_EXPANDED_NODES`] nodes, and merge chains after [`MAX_MERGE_DEPTH`].
//! Nesting deeper than [`MAX_DEPTH`] is cut off (reported as a syntax
//! problem) so that no recursion can overflow the stack.

mod build;
pub mod edit;
mod node;
pub mod scalar;

use std::path::Path;

use tree_sitter::Tree;

use crate::format::{FileKind, Format};
use crate::syntax::SyntaxProblem;
use crate::text::TextRange;

pub use node::{Descendants, Entries, Entry, Items, Node, NodeKind};
pub use scalar::ScalarStyle;

/// Nesting levels the model follows; deeper content is cut off.
pub const MAX_DEPTH: usize = 256;
/// Nodes a walk through aliases visits before it stops.
pub const MAX_EXPANDED_NODES: usize = 100_000;
/// Merge keys followed within merge keys.
pub const MAX_MERGE_DEPTH: usize = 32;

const NONE: u32 = u32::MAX;

/// A parsed YAML stream.
#[derive(Debug, Default)]
pub struct Model {
    text: Box<str>,
    nodes: Vec<NodeData>,
    pairs: Vec<PairData>,
    items: Vec<ItemData>,
    docs: Vec<DocData>,
    /// Resolved values of scalars that differ from their source.
    strings: String,
    comments: Vec<TextRange>,
    problems: Vec<SyntaxProblem>,
    /// How the document lays itself out, read on the first fix planned.
    layout: std::sync::OnceLock<edit::Layout>,
    /// Documents copied from the previous model by [`Model::rebuild`].
    reused: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Mapping,
    Sequence,
    Scalar,
    /// An alias; `target` is the anchored node, or `NONE` when the anchor is
    /// not defined before it.
    Alias,
}

#[derive(Debug, Clone, Copy)]
struct NodeData {
    kind: Kind,
    flow: bool,
    style: ScalarStyle,
    /// Where the node's content is written (anchor and tag excluded).
    range: TextRange,
    parent: u32,
    /// The pair holding this node as its key or value, or `NONE`.
    pair: u32,
    /// Mapping: first pair; sequence: first item.
    first: u32,
    len: u32,
    /// Scalar value: a range of the text (`owned == false`) or of `strings`.
    value_start: u32,
    value_end: u32,
    owned: bool,
    /// The mapping has a `<<` merge key among its pairs.
    has_merge: bool,
    target: u32,
    tag: TextRange,
    anchor: TextRange,
}

#[derive(Debug, Clone, Copy)]
struct PairData {
    key: u32,
    value: u32,
    range: TextRange,
    merge: bool,
}

#[derive(Debug, Clone, Copy)]
struct ItemData {
    node: u32,
    /// The item including its `- ` indicator (block style).
    range: TextRange,
}

#[derive(Debug, Clone, Copy)]
struct DocData {
    root: u32,
    range: TextRange,
    /// The arena slices the document's nodes, pairs, items and strings
    /// occupy, and whether they can be copied into a later model (the
    /// document parsed cleanly on its own).
    spans: Option<DocSpans>,
}

#[derive(Debug, Clone, Copy)]
struct DocSpans {
    nodes: (u32, u32),
    pairs: (u32, u32),
    items: (u32, u32),
    strings: (u32, u32),
}

/// What a rebuild may take from the previous model: the text before
/// `prefix` and the last `suffix` bytes are unchanged since it was built.
#[derive(Debug, Clone, Copy)]
pub struct Reuse<'a> {
    pub previous: &'a Model,
    pub prefix: usize,
    pub suffix: usize,
}

/// One document of the stream (`---` separated).
#[derive(Debug, Clone, Copy)]
pub struct YamlDocument<'a> {
    model: &'a Model,
    index: usize,
}

impl<'a> YamlDocument<'a> {
    /// The root node, `None` for an empty document.
    pub fn root(self) -> Option<Node<'a>> {
        let root = self.model.docs[self.index].root;
        (root != NONE).then(|| Node::resolve(self.model, root, NONE))
    }

    pub fn range(self) -> TextRange {
        self.model.docs[self.index].range
    }

    /// The position of this document in the stream, from 0.
    pub fn index(self) -> usize {
        self.index
    }
}

impl Model {
    pub fn build(text: &str, tree: &Tree) -> Self {
        build::build(text, tree, None)
    }

    /// Rebuilds after an edit, copying the documents that the edit did not
    /// touch from the previous model instead of walking their trees again
    /// (a keystroke in a 100-document manifest rebuilds one document).
    pub fn rebuild(text: &str, tree: &Tree, reuse: Reuse<'_>) -> Self {
        build::build(text, tree, Some(reuse))
    }

    /// The documents of the stream, empty ones included.
    pub fn documents(&self) -> impl Iterator<Item = YamlDocument<'_>> {
        (0..self.docs.len()).map(move |index| YamlDocument { model: self, index })
    }

    /// How many documents [`Model::rebuild`] copied rather than rebuilt.
    pub fn reused_documents(&self) -> usize {
        self.reused
    }

    /// The text the model was built from.
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn comments(&self) -> Vec<TextRange> {
        self.comments.clone()
    }

    /// What a line suppression written as `comment` covers: the key on the
    /// next content line with its whole subtree, or the sequence item that
    /// starts there.
    pub fn scope_after(&self, text: &str, comment: TextRange) -> Option<TextRange> {
        let mut at = text
            .get(comment.end..)?
            .find('\n')
            .map(|i| comment.end + i + 1)?;
        // Skip blank lines and further comment lines.
        loop {
            let rest = text.get(at..)?;
            let line_end = rest.find('\n').map_or(text.len(), |i| at + i + 1);
            let line = &text[at..line_end];
            let trimmed = line.trim_start();
            if trimmed.trim().is_empty() || trimmed.starts_with('#') {
                if line_end >= text.len() {
                    return None;
                }
                at = line_end;
                continue;
            }
            at += line.len() - trimmed.len();
            break;
        }
        let best_item = self
            .items
            .iter()
            .filter(|i| i.range.start == at)
            .map(|i| i.range);
        let best_pair = self
            .pairs
            .iter()
            .filter(|p| p.range.start == at)
            .map(|p| p.range);
        best_item
            .chain(best_pair)
            .max_by_key(|r| r.len())
            .or_else(|| {
                // A line that opens nothing the model knows (a scalar item of
                // a flow sequence, a document marker) covers that line.
                let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
                Some(TextRange::new(at, end))
            })
    }

    pub fn syntax_problems(&self) -> Vec<SyntaxProblem> {
        self.problems.clone()
    }

    /// The document's layout for fixes, computed once and only when a fix
    /// is planned (most checks plan none).
    pub fn layout(&self) -> edit::Layout {
        *self.layout.get_or_init(|| edit::Layout::of(self))
    }

    fn str_of(&self, data: &NodeData) -> &str {
        let (start, end) = (data.value_start as usize, data.value_end as usize);
        let source: &str = if data.owned {
            &self.strings
        } else {
            &self.text
        };
        source.get(start..end).unwrap_or("")
    }
}

/// Decides what a YAML file is from its kind and content: compose by name or
/// by a top-level `services:` mapping of mappings, Kubernetes when a document
/// has `apiVersion` and `kind`, Helm values by name; anything else (CI
/// workflows, app config, OpenAPI) is not reviewed.
pub fn detect_format(kind: FileKind, model: &Model, _path: Option<&Path>) -> Option<Format> {
    match kind {
        FileKind::ComposeYaml => return Some(Format::Compose),
        FileKind::HelmValuesYaml => return Some(Format::HelmValues),
        // A file under `templates/` reaches here only without template
        // syntax (a template is not parsed), so it is ordinary YAML.
        FileKind::Yaml | FileKind::HelmTemplate => {}
        FileKind::Dockerfile | FileKind::Dockerignore => return None,
    }
    let roots = || model.documents().filter_map(YamlDocument::root);
    let is_object = |root: Node<'_>| {
        root.get("apiVersion").and_then(|v| v.as_str()).is_some()
            && root.get("kind").and_then(|v| v.as_str()).is_some()
    };
    if roots().any(is_object) {
        return Some(Format::Kubernetes);
    }
    let is_compose = |root: Node<'_>| {
        root.get("services").is_some_and(|s| {
            s.as_mapping().is_some()
                && s.entries().next().is_some()
                && s.entries().all(|e| e.value.as_mapping().is_some())
        })
    };
    roots()
        .next()
        .filter(|r| is_compose(*r))
        .map(|_| Format::Compose)
}

#[cfg(test)]
mod tests;
