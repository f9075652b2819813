//! Node handles: navigation, values and ranges over the model's arenas.

use super::{
    Kind, MAX_EXPANDED_NODES, MAX_MERGE_DEPTH, Model, NONE, NodeData, ScalarStyle, scalar,
};
use crate::text::TextRange;

/// What a node is, aliases resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    Mapping,
    Sequence,
    Scalar,
    /// An alias whose anchor is not defined before it.
    UnresolvedAlias,
}

/// A node of the model. Aliases are followed when a handle is made, and the
/// handle remembers the outermost alias it came through, so that findings
/// land where the value is used rather than where it is anchored.
#[derive(Clone, Copy)]
pub struct Node<'a> {
    model: &'a Model,
    id: u32,
    via: u32,
}

impl std::fmt::Debug for Node<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Node")
            .field("kind", &self.kind())
            .field("range", &self.source_range())
            .field("via", &self.via().map(|v| v.source_range()))
            .finish()
    }
}

impl PartialEq for Node<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.model, other.model) && self.id == other.id && self.via == other.via
    }
}

impl Eq for Node<'_> {}

impl<'a> Node<'a> {
    /// A handle to `id`, following aliases; `via` is the alias already
    /// passed, if any.
    pub(super) fn resolve(model: &'a Model, mut id: u32, mut via: u32) -> Self {
        // Alias targets are always nodes completed earlier, so this chain is
        // short; the bound only guards against a malformed arena.
        for _ in 0..MAX_MERGE_DEPTH {
            let data = &model.nodes[id as usize];
            if data.kind != Kind::Alias || data.target == NONE {
                break;
            }
            if via == NONE {
                via = id;
            }
            id = data.target;
        }
        Self { model, id, via }
    }

    fn data(&self) -> &'a NodeData {
        &self.model.nodes[self.id as usize]
    }

    /// The arena index of the node itself (aliases followed), for the edit
    /// planner, which reads the pairs and items as they are written.
    pub(super) fn id(&self) -> u32 {
        self.id
    }

    pub fn model(&self) -> &'a Model {
        self.model
    }

    pub fn kind(&self) -> NodeKind {
        match self.data().kind {
            Kind::Mapping => NodeKind::Mapping,
            Kind::Sequence => NodeKind::Sequence,
            Kind::Scalar => NodeKind::Scalar,
            Kind::Alias => NodeKind::UnresolvedAlias,
        }
    }

    /// This node when it is a mapping.
    pub fn as_mapping(self) -> Option<Self> {
        (self.data().kind == Kind::Mapping).then_some(self)
    }

    /// This node when it is a sequence.
    pub fn as_sequence(self) -> Option<Self> {
        (self.data().kind == Kind::Sequence).then_some(self)
    }

    /// This node when it is a scalar (null included).
    pub fn as_scalar(self) -> Option<Self> {
        (self.data().kind == Kind::Scalar).then_some(self)
    }

    /// True for flow collections (`{...}`, `[...]`).
    pub fn is_flow(&self) -> bool {
        self.data().flow
    }

    /// How a scalar is written; `None` for collections.
    pub fn scalar_style(&self) -> Option<ScalarStyle> {
        (self.data().kind == Kind::Scalar).then_some(self.data().style)
    }

    /// True for a null: an empty value, `~` or `null` (plain), an unresolved
    /// alias.
    pub fn is_null(&self) -> bool {
        let data = self.data();
        match data.kind {
            Kind::Scalar => {
                data.style == ScalarStyle::Plain
                    && self.tag().is_none_or(|t| t != "!!str")
                    && scalar::is_null_plain(self.model.str_of(data))
            }
            Kind::Alias => true,
            Kind::Mapping | Kind::Sequence => false,
        }
    }

    /// The resolved string of a non-null scalar.
    pub fn as_str(&self) -> Option<&'a str> {
        if self.data().kind != Kind::Scalar || self.is_null() {
            return None;
        }
        Some(self.model.str_of(self.data()))
    }

    /// The scalar's text before typing, null scalars included (`""` for an
    /// empty value).
    pub fn raw_str(&self) -> Option<&'a str> {
        (self.data().kind == Kind::Scalar).then(|| self.model.str_of(self.data()))
    }

    fn plain_str(&self) -> Option<&'a str> {
        if self.scalar_style() != Some(ScalarStyle::Plain)
            || self.tag().is_some_and(|t| t == "!!str")
        {
            return None;
        }
        self.as_str()
    }

    /// A boolean as Kubernetes reads it: plain YAML 1.1 booleans (`true`,
    /// `yes`, `on`, `y`, ... in lower, capitalised or upper case). A quoted
    /// `"true"` is a string, which the API server rejects for a boolean.
    pub fn as_bool_k8s(&self) -> Option<bool> {
        self.plain_str().and_then(scalar::bool_yaml11)
    }

    /// A boolean as compose reads it: `true`/`false`, plain or quoted (compose
    /// converts strings in boolean fields).
    pub fn as_bool_compose(&self) -> Option<bool> {
        match self.scalar_style()? {
            ScalarStyle::Plain | ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
                self.as_str().and_then(scalar::bool_yaml12)
            }
            ScalarStyle::Literal | ScalarStyle::Folded => None,
        }
    }

    /// A plain integer scalar.
    pub fn as_i64(&self) -> Option<i64> {
        self.plain_str().and_then(scalar::int)
    }

    /// The explicit tag (`!!str`), if any.
    pub fn tag(&self) -> Option<&'a str> {
        let tag = self.data().tag;
        (!tag.is_empty())
            .then(|| self.model.text.get(tag.start..tag.end))
            .flatten()
    }

    /// The anchor name defined on this node (`&name`), if any.
    pub fn anchor(&self) -> Option<&'a str> {
        let anchor = self.data().anchor;
        (!anchor.is_empty())
            .then(|| self.model.text.get(anchor.start..anchor.end))
            .flatten()
            .map(|a| a.trim_start_matches('&'))
    }

    /// The alias this node was reached through, if any (the outermost one).
    pub fn via(&self) -> Option<Node<'a>> {
        (self.via != NONE).then_some(Node {
            model: self.model,
            id: self.via,
            via: NONE,
        })
    }

    /// Where the node itself is written, aliases not considered.
    pub fn source_range(&self) -> TextRange {
        self.data().range
    }

    /// Where a finding on this value belongs: the value, or the alias it was
    /// reached through.
    pub fn range(&self) -> TextRange {
        match self.via() {
            Some(alias) => alias.data().range,
            None => self.data().range,
        }
    }

    /// The node that anchors this one in the document: the alias when the
    /// node came through one, else the node itself.
    fn anchor_node(&self) -> &'a NodeData {
        match self.via() {
            Some(alias) => alias.data(),
            None => self.data(),
        }
    }

    /// The key of the pair holding this node as its value (through an alias,
    /// the pair holding the alias).
    pub fn key_range(&self) -> Option<TextRange> {
        let pair = self.anchor_node().pair;
        if pair == NONE {
            return None;
        }
        let key = self.model.pairs[pair as usize].key;
        (key != NONE).then(|| self.model.nodes[key as usize].range)
    }

    /// The `key: value` pair holding this node, or its own range (or its
    /// alias's) when it is not a mapping value.
    pub fn pair_range(&self) -> TextRange {
        let anchor = self.anchor_node();
        if anchor.pair == NONE {
            return anchor.range;
        }
        self.model.pairs[anchor.pair as usize].range
    }

    /// The key of the pair that holds this node, as a string.
    pub fn key_str(&self) -> Option<&'a str> {
        let pair = self.data().pair;
        if pair == NONE {
            return None;
        }
        let key = self.model.pairs[pair as usize].key;
        if key == NONE {
            return None;
        }
        Node::resolve(self.model, key, NONE).as_str()
    }

    /// The range of this node's item in its sequence, `- ` included, when it
    /// is one (through an alias, the alias's item).
    pub fn item_range(&self) -> Option<TextRange> {
        let anchor = self.anchor_node();
        let parent = anchor.parent;
        if parent == NONE || anchor.pair != NONE {
            return None;
        }
        let p = &self.model.nodes[parent as usize];
        if p.kind != Kind::Sequence {
            return None;
        }
        let items = &self.model.items[p.first as usize..(p.first + p.len) as usize];
        items
            .iter()
            .find(|i| self.model.nodes[i.node as usize].range == anchor.range)
            .map(|i| i.range)
    }

    /// The collection this node is written in (not following aliases back).
    pub fn parent(&self) -> Option<Node<'a>> {
        let anchor = self.anchor_node();
        (anchor.parent != NONE).then_some(Node {
            model: self.model,
            id: anchor.parent,
            via: NONE,
        })
    }

    /// The value of `key` in this mapping, merge keys applied (a key written
    /// in the mapping wins over a merged one; earlier merge sources win over
    /// later ones; of a key written twice, the last one).
    pub fn get(&self, key: &str) -> Option<Node<'a>> {
        let mut budget = MAX_EXPANDED_NODES;
        self.get_in(key, 0, &mut budget)
    }

    fn get_in(&self, key: &str, depth: usize, budget: &mut usize) -> Option<Node<'a>> {
        let data = self.data();
        if data.kind != Kind::Mapping || depth > MAX_MERGE_DEPTH || *budget == 0 {
            return None;
        }
        *budget = budget.saturating_sub(1 + data.len as usize);
        let pairs = &self.model.pairs[data.first as usize..(data.first + data.len) as usize];
        // A duplicated key (a syntax problem of its own) reads as its last
        // value, as Kubernetes and Helm read it; hence the reverse scan.
        for pair in pairs.iter().rev() {
            if pair.merge || pair.key == NONE {
                continue;
            }
            // Keys are nearly always scalars written in place; comparing
            // their text first keeps lookups cheap on every rule's path.
            let data = &self.model.nodes[pair.key as usize];
            let matches = if data.kind == Kind::Scalar {
                self.model.str_of(data) == key
                    && (!key.is_empty() || data.style != ScalarStyle::Plain)
                    || key.is_empty() && Node::resolve(self.model, pair.key, NONE).is_null()
            } else {
                let k = Node::resolve(self.model, pair.key, NONE);
                k.as_str() == Some(key) || (k.is_null() && key.is_empty())
            };
            if matches {
                return Some(Node::resolve(self.model, pair.value, self.via));
            }
        }
        if !data.has_merge {
            return None;
        }
        for source in self.merge_sources(pairs) {
            if let Some(found) = source.get_in(key, depth + 1, budget) {
                return Some(found);
            }
        }
        None
    }

    /// The mappings merged into this one, in priority order.
    fn merge_sources(&self, pairs: &'a [super::PairData]) -> impl Iterator<Item = Node<'a>> + 'a {
        let model = self.model;
        let via = self.via;
        pairs.iter().filter(|p| p.merge).flat_map(move |p| {
            let value = Node::resolve(model, p.value, via);
            let list: Vec<Node<'a>> = if value.data().kind == Kind::Sequence {
                value.items().collect()
            } else {
                vec![value]
            };
            list.into_iter().filter(|n| n.data().kind == Kind::Mapping)
        })
    }

    /// Follows `path` through nested mappings.
    pub fn get_path(&self, path: &[&str]) -> Option<Node<'a>> {
        let mut node = *self;
        for key in path {
            node = node.get(key)?;
        }
        Some(node)
    }

    /// The pairs of a mapping, merge keys applied (the `<<` pairs themselves
    /// are not listed; merged pairs follow the mapping's own). Empty for
    /// anything else.
    pub fn entries(&self) -> Entries<'a> {
        let data = self.data();
        if data.kind != Kind::Mapping {
            return Entries::Direct {
                model: self.model,
                next: 0,
                end: 0,
                via: NONE,
            };
        }
        if !data.has_merge {
            return Entries::Direct {
                model: self.model,
                next: data.first,
                end: data.first + data.len,
                via: self.via,
            };
        }
        let mut out = Vec::new();
        let mut budget = MAX_EXPANDED_NODES;
        self.collect_entries(&mut out, 0, &mut budget);
        Entries::Collected(out.into_iter())
    }

    fn collect_entries(&self, out: &mut Vec<Entry<'a>>, depth: usize, budget: &mut usize) {
        let data = self.data();
        if depth > MAX_MERGE_DEPTH || data.kind != Kind::Mapping || *budget == 0 {
            return;
        }
        *budget -= 1;
        let pairs = &self.model.pairs[data.first as usize..(data.first + data.len) as usize];
        for (i, pair) in pairs.iter().enumerate() {
            if pair.merge {
                continue;
            }
            if *budget == 0 {
                return;
            }
            *budget -= 1;
            let entry = Entry::new(self.model, data.first + i as u32, self.via);
            let key = entry.key_str();
            if key.is_some() && out.iter().any(|e| e.key_str() == key) {
                continue;
            }
            out.push(entry);
        }
        if data.has_merge {
            for source in self.merge_sources(pairs) {
                source.collect_entries(out, depth + 1, budget);
            }
        }
    }

    /// The items of a sequence (aliases resolved). Empty for anything else.
    pub fn items(&self) -> Items<'a> {
        let data = self.data();
        let (next, end) = if data.kind == Kind::Sequence {
            (data.first, data.first + data.len)
        } else {
            (0, 0)
        };
        Items {
            model: self.model,
            next,
            end,
            via: self.via,
        }
    }

    /// Every node below this one (itself first), following aliases, depth
    /// first in document order, stopping after [`MAX_EXPANDED_NODES`].
    /// Mapping keys are not visited, values are.
    pub fn descendants(&self) -> Descendants<'a> {
        Descendants {
            stack: vec![*self],
            budget: MAX_EXPANDED_NODES,
        }
    }
}

/// A key and value of a mapping.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    pub key: Node<'a>,
    pub value: Node<'a>,
    pair: u32,
    via: u32,
}

impl<'a> Entry<'a> {
    fn new(model: &'a Model, pair: u32, via: u32) -> Self {
        let data = &model.pairs[pair as usize];
        Self {
            key: Node::resolve(model, data.key, via),
            value: Node::resolve(model, data.value, via),
            pair,
            via,
        }
    }

    /// The key as a string (`None` for a collection key).
    pub fn key_str(&self) -> Option<&'a str> {
        self.key.as_str()
    }

    /// The whole `key: value` pair (through an alias, the alias's pair).
    pub fn range(&self) -> TextRange {
        if self.via != NONE {
            return self.value.pair_range();
        }
        self.key.model.pairs[self.pair as usize].range
    }

    /// The key (through an alias, the key holding the alias).
    pub fn key_range(&self) -> TextRange {
        if self.via != NONE {
            return self.value.key_range().unwrap_or_else(|| self.value.range());
        }
        self.key.source_range()
    }
}

/// Iterator over a mapping's entries.
pub enum Entries<'a> {
    Direct {
        model: &'a Model,
        next: u32,
        end: u32,
        via: u32,
    },
    Collected(std::vec::IntoIter<Entry<'a>>),
}

impl<'a> Iterator for Entries<'a> {
    type Item = Entry<'a>;

    fn next(&mut self) -> Option<Entry<'a>> {
        match self {
            Entries::Direct {
                model,
                next,
                end,
                via,
            } => {
                if *next >= *end {
                    return None;
                }
                let entry = Entry::new(model, *next, *via);
                *next += 1;
                Some(entry)
            }
            Entries::Collected(it) => it.next(),
        }
    }
}

/// Iterator over a sequence's items.
pub struct Items<'a> {
    model: &'a Model,
    next: u32,
    end: u32,
    via: u32,
}

impl<'a> Iterator for Items<'a> {
    type Item = Node<'a>;

    fn next(&mut self) -> Option<Node<'a>> {
        if self.next >= self.end {
            return None;
        }
        let item = self.model.items[self.next as usize];
        self.next += 1;
        Some(Node::resolve(self.model, item.node, self.via))
    }
}

/// Depth-first walk below a node, bounded.
pub struct Descendants<'a> {
    stack: Vec<Node<'a>>,
    budget: usize,
}

impl<'a> Iterator for Descendants<'a> {
    type Item = Node<'a>;

    fn next(&mut self) -> Option<Node<'a>> {
        if self.budget == 0 {
            return None;
        }
        let node = self.stack.pop()?;
        self.budget -= 1;
        let start = self.stack.len();
        match node.kind() {
            NodeKind::Mapping => self.stack.extend(node.entries().map(|e| e.value)),
            NodeKind::Sequence => self.stack.extend(node.items()),
            NodeKind::Scalar | NodeKind::UnresolvedAlias => {}
        }
        self.stack[start..].reverse();
        Some(node)
    }
}
