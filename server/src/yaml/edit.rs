//! Planning YAML edits that keep a document's own layout: insert a key into
//! a mapping (creating the mappings on its path), append an item to a
//! sequence, remove a pair or an item, change a scalar keeping its quotes.
//!
//! Fixes are planned on the model ("insert `read_only: true` into this
//! mapping") and rendered as text edits at the document's indentation: block
//! style inside block collections, flow style inside flow ones, and new
//! short lists and maps (`[ALL]`, `{cpus: '0.5'}`) in the style the document
//! already uses for such leaves ([`Layout`]).
//!
//! Nothing is planned through an alias: editing the anchored node would
//! change every place that uses it. The planner then returns `None`, and the
//! rule offers no fix or plans one where the value is used (an override in
//! the mapping that merges it).

use super::{Kind, Model, NONE, Node, NodeData, NodeKind, PairData, ScalarStyle};
use crate::finding::Edit;
use crate::text::TextRange;

/// A value to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A scalar written exactly as given: `true`, `256M`, `'0.5'`. Build
    /// string scalars with [`Value::string`] so they are quoted when needed.
    Scalar(String),
    Seq(Vec<Value>),
    Map(Vec<(String, Value)>),
}

impl Value {
    /// A scalar written as given (booleans, numbers, quoted text).
    pub fn raw(text: impl Into<String>) -> Self {
        Value::Scalar(text.into())
    }

    /// A string scalar: plain when that reads back as the same string,
    /// double-quoted otherwise (`"10001:10001"`, `"true"`).
    pub fn string(text: &str) -> Self {
        Value::Scalar(string_scalar(text))
    }

    pub fn seq(items: impl IntoIterator<Item = Value>) -> Self {
        Value::Seq(items.into_iter().collect())
    }

    pub fn map<K: Into<String>>(entries: impl IntoIterator<Item = (K, Value)>) -> Self {
        Value::Map(entries.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// A non-empty collection of scalars only.
    fn is_leaf(&self) -> bool {
        match self {
            Value::Scalar(_) => false,
            Value::Seq(items) => !items.is_empty() && items.iter().all(Value::is_scalar),
            Value::Map(entries) => {
                !entries.is_empty() && entries.iter().all(|(_, v)| v.is_scalar())
            }
        }
    }

    fn is_scalar(&self) -> bool {
        matches!(self, Value::Scalar(_))
    }

    fn is_empty_collection(&self) -> bool {
        match self {
            Value::Scalar(_) => false,
            Value::Seq(items) => items.is_empty(),
            Value::Map(entries) => entries.is_empty(),
        }
    }
}

/// How a document lays itself out, read from what it already contains.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// Spaces per nesting level of block mappings.
    pub indent: usize,
    /// Block sequences under a key are indented (`key:\n  - a`) rather than
    /// written at the key's column (`key:\n- a`).
    pub indent_sequences: bool,
    /// Lists of scalars are written in flow style (`[a, b]`).
    pub flow_sequences: bool,
    /// Maps of scalars are written in flow style (`{a: 1}`).
    pub flow_mappings: bool,
    /// `\r\n` when the document uses it.
    pub newline: &'static str,
}

impl Layout {
    /// Reads the layout from the pairs of block mappings: the indentation of
    /// nested mappings and sequences, and whether leaf collections are flow.
    /// Without evidence: two spaces, indented sequences, flow lists (the
    /// short form `[ALL]`), block maps.
    pub fn of(model: &Model) -> Self {
        let text = model.text();
        let mut indents = [0usize; 9];
        let (mut indented, mut compact) = (0usize, 0usize);
        let (mut flow_seqs, mut block_seqs) = (0usize, 0usize);
        let (mut flow_maps, mut block_maps) = (0usize, 0usize);
        for pair in &model.pairs {
            if pair.key == NONE || pair.value == NONE {
                continue;
            }
            let key = &model.nodes[pair.key as usize];
            let value = &model.nodes[pair.value as usize];
            if key.parent == NONE || model.nodes[key.parent as usize].flow {
                continue;
            }
            let key_col = column(text, key.range.start);
            let value_col = column(text, value.range.start);
            let next_line = text
                .get(key.range.end..value.range.start)
                .is_some_and(|between| between.contains('\n'));
            let leaf = is_leaf(model, value);
            match value.kind {
                Kind::Mapping if value.flow => flow_maps += usize::from(leaf),
                Kind::Mapping => {
                    block_maps += usize::from(leaf);
                    if next_line && value_col > key_col && value_col - key_col < indents.len() {
                        indents[value_col - key_col] += 1;
                    }
                }
                Kind::Sequence if value.flow => flow_seqs += usize::from(leaf),
                Kind::Sequence => {
                    block_seqs += usize::from(leaf);
                    if next_line && value_col > key_col {
                        indented += 1;
                    } else if next_line {
                        compact += 1;
                    }
                }
                Kind::Scalar | Kind::Alias => {}
            }
        }
        let indent = (1..indents.len())
            .max_by_key(|&i| (indents[i], i == 2))
            .filter(|&i| indents[i] > 0)
            .unwrap_or(2);
        Self {
            indent,
            indent_sequences: indented >= compact,
            flow_sequences: flow_seqs >= block_seqs,
            flow_mappings: flow_maps > block_maps,
            newline: if text.contains("\r\n") { "\r\n" } else { "\n" },
        }
    }
}

fn is_leaf(model: &Model, data: &NodeData) -> bool {
    let children: Vec<u32> = match data.kind {
        Kind::Mapping => model.pairs[data.first as usize..(data.first + data.len) as usize]
            .iter()
            .map(|p| p.value)
            .collect(),
        Kind::Sequence => model.items[data.first as usize..(data.first + data.len) as usize]
            .iter()
            .map(|i| i.node)
            .collect(),
        Kind::Scalar | Kind::Alias => return false,
    };
    !children.is_empty()
        && children
            .iter()
            .all(|&c| c != NONE && model.nodes[c as usize].kind == Kind::Scalar)
}

/// Plans edits for one document.
#[derive(Debug, Clone, Copy)]
pub struct Planner<'a> {
    model: &'a Model,
    text: &'a str,
    /// When off, every plan is `None` at once (see [`Planner::planning`]).
    enabled: bool,
}

impl<'a> Planner<'a> {
    pub fn new(model: &'a Model) -> Self {
        Self {
            model,
            text: model.text(),
            enabled: true,
        }
    }

    /// This planner, planning nothing unless `enabled`: rules pass whether
    /// the check wants fixes ([`crate::rules::Context::fixes`]), so a check
    /// that only reports findings does not pay for laying out their edits.
    #[must_use]
    pub fn planning(mut self, enabled: bool) -> Self {
        self.enabled = enabled;
        self
    }

    /// The document's layout, read from the model on first use (a planner
    /// is made by every rule that may fix, most of which plan nothing).
    pub fn layout(&self) -> Layout {
        self.model.layout()
    }

    /// The node when it belongs to this model and is written where it is
    /// used (not reached through an alias). Every plan starts here, so a
    /// planner that is not planning answers `None` here.
    fn direct(&self, node: Node<'a>) -> Option<&'a NodeData> {
        (self.enabled && std::ptr::eq(node.model(), self.model) && node.via().is_none())
            .then(|| &self.model.nodes[node.id() as usize])
    }

    fn pairs(&self, data: &NodeData) -> &'a [PairData] {
        let model: &'a Model = self.model;
        &model.pairs[data.first as usize..(data.first + data.len) as usize]
    }

    fn key_str(&self, pair: &PairData) -> Option<&'a str> {
        (pair.key != NONE)
            .then(|| Node::resolve(self.model, pair.key, NONE).as_str())
            .flatten()
    }

    /// Inserts `key: value` as the last pair of `mapping`. `None` when the
    /// key is already written there (a merged key may be overridden), or the
    /// mapping is reached through an alias.
    pub fn insert(&self, mapping: Node<'a>, key: &str, value: &Value) -> Option<Edit> {
        self.insert_entries(mapping, &[(key, value.clone())])
    }

    /// Inserts several `key: value` pairs as the last pairs of `mapping`, in
    /// one edit (two inserts at one offset would leave their order to the
    /// client). Keys already written there are skipped; `None` when none is
    /// left or the mapping is reached through an alias.
    pub fn insert_entries(&self, mapping: Node<'a>, entries: &[(&str, Value)]) -> Option<Edit> {
        self.insert_entries_after(mapping, entries, &[])
    }

    /// Like [`Planner::insert_entries`], but the pairs go after the last of
    /// the keys in `after` that the mapping has (the keys that
    /// conventionally precede them), and at its end when it has none.
    pub fn insert_entries_after(
        &self,
        mapping: Node<'a>,
        entries: &[(&str, Value)],
        after: &[&str],
    ) -> Option<Edit> {
        let data = self.direct(mapping)?;
        if data.kind != Kind::Mapping {
            return None;
        }
        let pairs = self.pairs(data);
        let fresh: Vec<&(&str, Value)> = entries
            .iter()
            .filter(|(k, _)| !pairs.iter().any(|p| self.key_str(p) == Some(k)))
            .collect();
        if fresh.is_empty() {
            return None;
        }
        if data.flow {
            let body: Vec<String> = fresh
                .iter()
                .map(|(k, v)| format!("{k}: {}", flow(v)))
                .collect();
            let body = body.join(", ");
            return match self.anchor_pair(pairs, after) {
                Some(last) => Some(Edit::insert(last.range.end, format!(", {body}"))),
                None => self.before_closer(data.range, '}', body),
            };
        }
        let first = pairs.first()?;
        let last = self.anchor_pair(pairs, after)?;
        let indent = column(self.text, first.range.start);
        let mut text = String::new();
        for (key, value) in fresh {
            text.push_str(self.layout().newline);
            text.push_str(&pad(indent));
            text.push_str(&self.block_entry(key, value, indent));
        }
        Some(Edit::insert(self.line_end(last.range.end), text))
    }

    /// The pair new pairs follow: the last one whose key is in `after`, else
    /// the mapping's last pair.
    fn anchor_pair(&self, pairs: &'a [PairData], after: &[&str]) -> Option<&'a PairData> {
        pairs
            .iter()
            .rev()
            .find(|p| self.key_str(p).is_some_and(|k| after.contains(&k)))
            .or(pairs.last())
    }

    /// [`Planner::insert_path`] with the first missing level placed after
    /// the keys in `after` when it goes into `mapping` itself.
    pub fn insert_path_after(
        &self,
        mapping: Node<'a>,
        path: &[&str],
        value: Value,
        after: &[&str],
    ) -> Option<Edit> {
        if !self.enabled {
            return None;
        }
        let (first, rest) = path.split_first()?;
        if mapping.get(first).is_some() {
            return self.insert_path(mapping, path, value);
        }
        self.insert_entries_after(mapping, &[(first, wrap(rest, value))], after)
    }

    /// Replaces the pair holding `value` with `key: new`, written in the
    /// style of the mapping it stands in.
    pub fn replace_pair(&self, value: Node<'a>, key: &str, new: &Value) -> Option<Edit> {
        let data = self.direct(value)?;
        if data.pair == NONE || data.parent == NONE {
            return None;
        }
        let pair = &self.model.pairs[data.pair as usize];
        let parent = &self.model.nodes[data.parent as usize];
        let text = if parent.flow {
            format!("{key}: {}", flow(new))
        } else {
            self.block_entry(key, new, column(self.text, pair.range.start))
        };
        Some(Edit::replace(pair.range, text))
    }

    /// Inserts `value` under `path` (its last element is the key to add),
    /// creating the mappings of the path that do not exist yet and filling
    /// an empty value (`deploy:` with nothing after it). `None` when a part
    /// of the path is a scalar, a sequence, or reached through an alias (a
    /// merged `deploy:` cannot be extended without copying it).
    pub fn insert_path(&self, mapping: Node<'a>, path: &[&str], value: Value) -> Option<Edit> {
        if !self.enabled {
            return None;
        }
        let (last, parents) = path.split_last()?;
        let mut current = mapping;
        for (i, key) in parents.iter().enumerate() {
            let nested = || wrap(&path[i + 1..], value.clone());
            match current.get(key) {
                None => return self.insert(current, key, &nested()),
                Some(child) if child.via().is_some() => return None,
                Some(child) if child.as_mapping().is_some() => current = child,
                Some(child) if child.kind() == NodeKind::Scalar && child.is_null() => {
                    return self.fill_null(child, &nested());
                }
                Some(_) => return None,
            }
        }
        self.insert(current, last, &value)
    }

    /// Appends `value` as the last item of `sequence`.
    pub fn append(&self, sequence: Node<'a>, value: &Value) -> Option<Edit> {
        let data = self.direct(sequence)?;
        if data.kind != Kind::Sequence {
            return None;
        }
        let items = &self.model.items[data.first as usize..(data.first + data.len) as usize];
        if data.flow {
            let text = flow(value);
            return match items.last() {
                Some(last) => Some(Edit::insert(last.range.end, format!(", {text}"))),
                None => self.before_closer(data.range, ']', text),
            };
        }
        let first = items.first()?;
        let last = items.last()?;
        let indent = column(self.text, first.range.start);
        let body = self.block_item(value, indent + 2);
        let at = self.line_end(last.range.end);
        Some(Edit::insert(
            at,
            format!("{}{}- {body}", self.layout().newline, pad(indent)),
        ))
    }

    /// Removes the `key: value` pair whose value is `value`. The last pair of
    /// a block mapping becomes `{}`, so the mapping stays a mapping.
    pub fn remove_pair(&self, value: Node<'a>) -> Option<Edit> {
        let data = self.direct(value)?;
        if data.pair == NONE || data.parent == NONE {
            return None;
        }
        let parent = &self.model.nodes[data.parent as usize];
        let siblings: Vec<TextRange> = self.pairs(parent).iter().map(|p| p.range).collect();
        let index = (data.pair - parent.first) as usize;
        self.remove_member(parent.flow, &siblings, index, parent.range, "{}")
    }

    /// Removes the sequence item `item`. The last item of a block sequence
    /// leaves `[]`, so the key keeps a list.
    pub fn remove_item(&self, item: Node<'a>) -> Option<Edit> {
        let data = self.direct(item)?;
        if data.parent == NONE || data.pair != NONE {
            return None;
        }
        let parent = &self.model.nodes[data.parent as usize];
        if parent.kind != Kind::Sequence {
            return None;
        }
        let items = &self.model.items[parent.first as usize..(parent.first + parent.len) as usize];
        let index = items.iter().position(|i| i.node == item.id())?;
        let siblings: Vec<TextRange> = items.iter().map(|i| i.range).collect();
        self.remove_member(parent.flow, &siblings, index, parent.range, "[]")
    }

    fn remove_member(
        &self,
        flow: bool,
        siblings: &[TextRange],
        index: usize,
        collection: TextRange,
        empty: &str,
    ) -> Option<Edit> {
        let range = *siblings.get(index)?;
        let next = siblings.get(index + 1);
        if flow {
            return Some(match (next, index.checked_sub(1).map(|i| siblings[i])) {
                (Some(next), _) => Edit::delete(TextRange::new(range.start, next.start)),
                (None, Some(prev)) => Edit::delete(TextRange::new(prev.end, range.end)),
                (None, None) => Edit::delete(range),
            });
        }
        if siblings.len() == 1 {
            // A block mapping's only pair may share its line with `- `, and a
            // block sequence's only item is its whole content: write the
            // empty collection in their place.
            let whole = if empty == "[]" { collection } else { range };
            // A sequence written at its key's own indent (`add:` then
            // `- X` below it, as kubectl and Helm write them) cannot hold
            // `[]` on the next line; the empty list goes after the colon.
            if empty == "[]" {
                let before = self.text.get(..whole.start)?;
                let colon = before.trim_end();
                if colon.ends_with(':') {
                    return Some(Edit::replace(TextRange::new(colon.len(), whole.end), " []"));
                }
            }
            return Some(Edit::replace(whole, empty));
        }
        let line_start = self.line_start(range.start);
        let before = self.text.get(line_start..range.start)?;
        let removed = if before.trim().is_empty() {
            TextRange::new(line_start, self.after_line(range.end))
        } else {
            // The first pair of a mapping written on its item's `- ` line: the
            // next pair moves up onto that line.
            TextRange::new(range.start, next?.start)
        };
        // Deletes `removed` by rewriting the text from the previous member's
        // end to the next member's start. Removals of neighbouring members
        // then overlap, so no set of them that could be applied together
        // removes every member: applied side by side, line deletions could
        // leave the key with a null value. The last member's removal,
        // planned on the text the others left, writes the empty collection.
        let start = match index.checked_sub(1).and_then(|i| siblings.get(i)) {
            Some(prev) => prev.end,
            None => self.line_start(collection.start),
        }
        .min(removed.start);
        let end = next.map_or(collection.end, |n| n.start).max(removed.end);
        let head = self.text.get(start..removed.start)?;
        let tail = self.text.get(removed.end..end)?;
        Some(Edit::replace(
            TextRange::new(start, end),
            format!("{head}{tail}"),
        ))
    }

    /// Replaces a scalar's value, keeping its quoting: single and double
    /// quotes stay, a plain scalar stays plain when `value` can be written
    /// plain and is double-quoted otherwise. Block scalars are not edited.
    pub fn replace_scalar(&self, scalar: Node<'a>, value: &str) -> Option<Edit> {
        let data = self.direct(scalar)?;
        if data.kind != Kind::Scalar {
            return None;
        }
        let text = match data.style {
            ScalarStyle::DoubleQuoted => double_quoted(value),
            ScalarStyle::SingleQuoted => format!("'{}'", value.replace('\'', "''")),
            ScalarStyle::Plain if is_plain_safe(value) => value.to_string(),
            ScalarStyle::Plain => double_quoted(value),
            ScalarStyle::Literal | ScalarStyle::Folded => return None,
        };
        let range = data.range;
        let needs_space = range.is_empty() && self.text[..range.start].ends_with(':');
        let text = if needs_space {
            format!(" {text}")
        } else {
            text
        };
        Some(Edit::replace(range, text))
    }

    /// Writes a collection where a pair's value is empty or null.
    fn fill_null(&self, null: Node<'a>, value: &Value) -> Option<Edit> {
        let data = self.direct(null)?;
        if data.pair == NONE || data.parent == NONE {
            return None;
        }
        let pair = &self.model.pairs[data.pair as usize];
        let key = &self.model.nodes[pair.key as usize];
        let after_key = self.text.get(key.range.end..)?;
        let colon = key.range.end + after_key.find(':')?;
        let start = colon + 1;
        let end = data.range.end.max(start);
        if self.text.get(start..end)?.contains('#') {
            return None;
        }
        let parent_flow = self.model.nodes[data.parent as usize].flow;
        let indent = column(self.text, key.range.start);
        let body = if parent_flow || value.is_scalar() {
            format!(" {}", flow(value))
        } else {
            // Render as a new entry and keep what follows the key.
            let entry = self.block_entry("k", value, indent);
            entry.strip_prefix("k:")?.to_string()
        };
        Some(Edit::replace(TextRange::new(start, end), body))
    }

    fn before_closer(&self, range: TextRange, closer: char, text: String) -> Option<Edit> {
        let end = range.end;
        self.text[..end]
            .ends_with(closer)
            .then(|| Edit::insert(end - closer.len_utf8(), text))
    }

    /// `key: value` in block style, for a key written at column `indent`.
    fn block_entry(&self, key: &str, value: &Value, indent: usize) -> String {
        let nl = self.layout().newline;
        match value {
            Value::Scalar(s) => format!("{key}: {s}"),
            _ if value.is_empty_collection() => format!("{key}: {}", flow(value)),
            Value::Seq(_) if value.is_leaf() && self.layout().flow_sequences => {
                format!("{key}: {}", flow(value))
            }
            Value::Map(_) if value.is_leaf() && self.layout().flow_mappings => {
                format!("{key}: {}", flow(value))
            }
            Value::Seq(items) => {
                let col = indent
                    + if self.layout().indent_sequences {
                        self.layout().indent
                    } else {
                        0
                    };
                let mut out = format!("{key}:");
                for item in items {
                    out.push_str(&format!(
                        "{nl}{}- {}",
                        pad(col),
                        self.block_item(item, col + 2)
                    ));
                }
                out
            }
            Value::Map(entries) => {
                let col = indent + self.layout().indent;
                let mut out = format!("{key}:");
                for (k, v) in entries {
                    out.push_str(&format!("{nl}{}{}", pad(col), self.block_entry(k, v, col)));
                }
                out
            }
        }
    }

    /// A sequence item's content in block style, its first character at
    /// column `indent`.
    fn block_item(&self, value: &Value, indent: usize) -> String {
        match value {
            Value::Map(entries) if !entries.is_empty() => {
                let nl = self.layout().newline;
                let mut out = String::new();
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push_str(&format!("{nl}{}", pad(indent)));
                    }
                    out.push_str(&self.block_entry(k, v, indent));
                }
                out
            }
            _ => flow(value),
        }
    }

    fn line_start(&self, at: usize) -> usize {
        line_start(self.text, at)
    }

    /// The end of the line holding `at`, before its line break.
    fn line_end(&self, at: usize) -> usize {
        let at = at.min(self.text.len());
        match self.text[at..].find('\n') {
            Some(i) if i > 0 && self.text.as_bytes()[at + i - 1] == b'\r' => at + i - 1,
            Some(i) => at + i,
            None => self.text.len(),
        }
    }

    /// The start of the line after the one holding `at`.
    fn after_line(&self, at: usize) -> usize {
        let at = at.min(self.text.len());
        self.text[at..]
            .find('\n')
            .map_or(self.text.len(), |i| at + i + 1)
    }
}

/// `value` nested under `keys`, innermost last.
fn wrap(keys: &[&str], value: Value) -> Value {
    keys.iter()
        .rev()
        .fold(value, |v, k| Value::Map(vec![((*k).to_string(), v)]))
}

/// A value in flow style.
pub fn flow(value: &Value) -> String {
    match value {
        Value::Scalar(s) => s.clone(),
        Value::Seq(items) => {
            let items: Vec<String> = items.iter().map(flow).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Map(entries) => {
            let entries: Vec<String> = entries
                .iter()
                .map(|(k, v)| format!("{k}: {}", flow(v)))
                .collect();
            format!("{{{}}}", entries.join(", "))
        }
    }
}

/// A string as a scalar that reads back as that string.
pub fn string_scalar(text: &str) -> String {
    if is_plain_safe(text) && !reads_as_other_type(text) {
        text.to_string()
    } else {
        double_quoted(text)
    }
}

/// True when `text` can be written as a plain scalar in block and flow
/// context alike. A colon may stand inside (`no-new-privileges:true`) but
/// not before a space or at the end, and text of only digits and colons is
/// quoted, so `10001:10001` is never read as a YAML 1.1 sexagesimal number.
fn is_plain_safe(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    let sexagesimal = text.contains(':') && text.chars().all(|c| c.is_ascii_digit() || c == ':');
    !"-?:,[]{}#&*!|>'\"%@`".contains(first)
        && text.trim() == text
        && !sexagesimal
        && !text.ends_with(':')
        && !text.contains(": ")
        && text
            .chars()
            .all(|c| !c.is_control() && !",[]{}#\"'\\".contains(c))
}

/// True for plain text that YAML reads as a boolean, null or number.
fn reads_as_other_type(text: &str) -> bool {
    super::scalar::is_null_plain(text)
        || super::scalar::bool_yaml11(text).is_some()
        || text.parse::<f64>().is_ok()
        || text.starts_with("0x")
        || text.starts_with("0o")
        || matches!(text, ".inf" | ".Inf" | "-.inf" | ".nan" | ".NaN")
}

fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn pad(n: usize) -> String {
    " ".repeat(n)
}

fn line_start(text: &str, at: usize) -> usize {
    let at = crate::text::floor_char_boundary(text, at);
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// The column of `at` in characters from its line's start.
fn column(text: &str, at: usize) -> usize {
    let at = crate::text::floor_char_boundary(text, at);
    text[line_start(text, at)..at].chars().count()
}

/// Applies edits of one document to its text (for tests and previews).
/// Edits must not overlap; they are applied from the last to the first so
/// earlier offsets stay valid.
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| std::cmp::Reverse((e.range.start, e.range.end)));
    let mut out = text.to_string();
    for edit in sorted {
        let start = edit.range.start.min(out.len());
        let end = edit.range.end.min(out.len()).max(start);
        if out.is_char_boundary(start) && out.is_char_boundary(end) {
            out.replace_range(start..end, &edit.new_text);
        }
    }
    out
}

#[cfg(test)]
mod tests;
