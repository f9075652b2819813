//! Planning YAML fixes on the model and rendering them in the document's
//! own style.
//!
//! A fix says what it wants ("these keys under this mapping", "this value
//! instead", "drop this item"); the [`Planner`] turns that into text edits
//! that follow the document: block or flow style as the target collection
//! is written, the document's indentation step and sequence indentation, its
//! line ending, and the quoting of the value being replaced. Edits are
//! inserted at line ends, after any comment on that line, so comments are
//! never moved or rewritten. Nodes reached through an alias are not edited
//! (the anchor is shared), so such plans return `None`.

use super::{Model, Node, NodeKind, ScalarStyle};
use crate::finding::Edit;
use crate::text::TextRange;

/// A value to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A scalar, written plain when YAML allows it, else double-quoted.
    Scalar(String),
    /// A scalar that is always double-quoted.
    Quoted(String),
    Map(Vec<(String, Value)>),
    Seq(Vec<Value>),
}

impl Value {
    pub fn scalar(text: impl Into<String>) -> Self {
        Value::Scalar(text.into())
    }

    /// A mapping from `(key, value)` pairs.
    pub fn map<K: Into<String>>(pairs: impl IntoIterator<Item = (K, Value)>) -> Self {
        Value::Map(pairs.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    pub fn seq(items: impl IntoIterator<Item = Value>) -> Self {
        Value::Seq(items.into_iter().collect())
    }
}

/// Renders edits against one model.
pub struct Planner<'a> {
    model: &'a Model,
    text: &'a str,
    line_ending: &'static str,
    /// Columns a nested block mapping is indented by.
    unit: usize,
    /// Columns a block sequence's `-` is indented past its key.
    seq_offset: usize,
}

impl<'a> Planner<'a> {
    pub fn new(model: &'a Model) -> Self {
        let text = model.text();
        let line_ending = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let mut planner = Self {
            model,
            text,
            line_ending,
            unit: 2,
            seq_offset: 2,
        };
        planner.learn_indentation();
        planner
    }

    /// Reads the indentation step and the sequence style from the first
    /// block collections nested under a key.
    fn learn_indentation(&mut self) {
        let mut unit = None;
        let mut seq = None;
        for pair in &self.model.pairs {
            if unit.is_some() && seq.is_some() {
                break;
            }
            let key = &self.model.nodes[pair.key as usize];
            let value = &self.model.nodes[pair.value as usize];
            if value.flow || key.range.is_empty() {
                continue;
            }
            let key_col = self.column(key.range.start);
            let value_line = self.line_start(value.range.start);
            if value_line == self.line_start(key.range.start) {
                continue;
            }
            match value.kind {
                super::Kind::Mapping if unit.is_none() => {
                    let col = self.column(value.range.start);
                    if col > key_col {
                        unit = Some(col - key_col);
                    }
                }
                super::Kind::Sequence if seq.is_none() => {
                    let col = self.column(value.range.start);
                    if col >= key_col {
                        seq = Some(col - key_col);
                    }
                }
                _ => {}
            }
        }
        self.unit = unit.unwrap_or(2).clamp(1, 8);
        self.seq_offset = seq.unwrap_or(self.unit).min(8);
    }

    fn line_start(&self, offset: usize) -> usize {
        self.text
            .get(..offset)
            .and_then(|t| t.rfind('\n'))
            .map_or(0, |i| i + 1)
    }

    /// The end of the line holding `offset`, before its line break.
    fn line_end(&self, offset: usize) -> usize {
        let rest = self.text.get(offset..).unwrap_or("");
        let end = rest.find('\n').map_or(self.text.len(), |i| offset + i);
        if end > offset && self.text.as_bytes().get(end - 1) == Some(&b'\r') {
            end - 1
        } else {
            end
        }
    }

    /// The column of `offset` in characters.
    fn column(&self, offset: usize) -> usize {
        let start = self.line_start(offset);
        self.text
            .get(start..offset)
            .map_or(0, |s| s.chars().count())
    }

    /// Replaces a scalar's value, keeping its quoting.
    pub fn set_scalar(&self, node: Node<'_>, value: &str) -> Option<Edit> {
        if node.via().is_some() || node.kind() != NodeKind::Scalar {
            return None;
        }
        let range = node.source_range();
        let text = match node.scalar_style() {
            Some(ScalarStyle::DoubleQuoted) => format!("\"{}\"", escape_double(value)),
            Some(ScalarStyle::SingleQuoted) => format!("'{}'", value.replace('\'', "''")),
            _ if range.is_empty() => format!(" {}", plain_or_quoted(value)),
            _ => plain_or_quoted(value),
        };
        Some(Edit::replace(range, text))
    }

    /// Writes `entries` into `target`, a mapping or the null value of a
    /// pair: missing keys are inserted (after the last of `after` that the
    /// mapping has, else at its end), sub-mappings that exist are merged
    /// into, sequences that exist get the missing items appended, and
    /// scalars that exist are left alone.
    pub fn merge(
        &self,
        target: Node<'_>,
        entries: &[(String, Value)],
        after: &[&str],
    ) -> Option<Vec<Edit>> {
        if target.via().is_some() {
            return None;
        }
        let mut edits = Vec::new();
        if target.is_null() {
            edits.push(self.fill_null(target, entries)?);
            return Some(edits);
        }
        target.as_mapping()?;
        let mut missing: Vec<(String, Value)> = Vec::new();
        for (key, value) in entries {
            match target.get(key) {
                None => missing.push((key.clone(), value.clone())),
                Some(existing) => match value {
                    Value::Map(sub) if existing.is_null() || existing.as_mapping().is_some() => {
                        edits.extend(self.merge(existing, sub, &[])?);
                    }
                    Value::Seq(items) if existing.as_sequence().is_some() => {
                        for item in items {
                            let present = existing
                                .items()
                                .any(|i| Some(scalar_text(item)) == i.as_str().map(Into::into));
                            if !present {
                                edits.push(self.append_item(existing, item)?);
                            }
                        }
                    }
                    Value::Seq(_) | Value::Map(_) if existing.is_null() => {
                        edits.push(self.fill_null(existing, &[])?);
                    }
                    _ => {}
                },
            }
        }
        if !missing.is_empty() {
            edits.push(self.insert_entries(target, &missing, after)?);
        }
        Some(edits)
    }

    /// Inserts new pairs into an existing mapping.
    fn insert_entries(
        &self,
        mapping: Node<'_>,
        entries: &[(String, Value)],
        after: &[&str],
    ) -> Option<Edit> {
        let range = mapping.source_range();
        let own: Vec<_> = mapping
            .entries()
            .filter(|e| e.value.via().is_none())
            .collect();
        if mapping.is_flow() {
            let rendered: Vec<String> = entries.iter().map(|(k, v)| flow_entry(k, v)).collect();
            let joined = rendered.join(", ");
            return Some(match own.last() {
                Some(last) => Edit::insert(last.range().end, format!(", {joined}")),
                None => {
                    let open = range.start + 1;
                    Edit::insert(open.min(range.end), joined)
                }
            });
        }
        let anchor = after
            .iter()
            .rev()
            .find_map(|k| own.iter().find(|e| e.key_str() == Some(k)))
            .or(own.last())?;
        let col = self.column(range.start);
        let at = self.line_end(anchor.range().end);
        let mut text = String::new();
        for (key, value) in entries {
            text.push_str(self.line_ending);
            text.push_str(&" ".repeat(col));
            text.push_str(&self.block_entry(key, value, col));
        }
        Some(Edit::insert(at, text))
    }

    /// Gives a pair whose value is null (`key:`, `key: ~`) the mapping
    /// `entries` (or an empty collection when there are none).
    fn fill_null(&self, value: Node<'_>, entries: &[(String, Value)]) -> Option<Edit> {
        let key_range = value.key_range()?;
        let parent_flow = value.parent().is_some_and(|p| p.is_flow());
        let colon = key_range.end + self.text.get(key_range.end..)?.find(':')?;
        let range = TextRange::new(colon + 1, value.source_range().end.max(colon + 1));
        if parent_flow || entries.is_empty() {
            let body = if entries.is_empty() {
                "{}".to_string()
            } else {
                flow_value(&Value::Map(entries.to_vec()))
            };
            return Some(Edit::replace(range, format!(" {body}")));
        }
        let col = self.column(key_range.start) + self.unit;
        let mut text = String::new();
        for (key, value) in entries {
            text.push_str(self.line_ending);
            text.push_str(&" ".repeat(col));
            text.push_str(&self.block_entry(key, value, col));
        }
        Some(Edit::replace(range, text))
    }

    /// Appends an item to a sequence, quoted like its first item.
    pub fn append_item(&self, seq: Node<'_>, item: &Value) -> Option<Edit> {
        if seq.via().is_some() {
            return None;
        }
        seq.as_sequence()?;
        let style = seq.items().find_map(|i| i.scalar_style());
        let item = match (item, style) {
            (Value::Scalar(s), Some(ScalarStyle::DoubleQuoted)) => Value::Quoted(s.clone()),
            _ => item.clone(),
        };
        let range = seq.source_range();
        let last = seq.items().last();
        if seq.is_flow() {
            return Some(match last {
                Some(last) => {
                    Edit::insert(last.source_range().end, format!(", {}", flow_value(&item)))
                }
                None => Edit::insert((range.start + 1).min(range.end), flow_value(&item)),
            });
        }
        let last = last?;
        let item_range = last.item_range()?;
        let col = self.column(item_range.start);
        let at = self.line_end(last.source_range().end);
        Some(Edit::insert(
            at,
            format!(
                "{}{}- {}",
                self.line_ending,
                " ".repeat(col),
                self.block_item(&item, col + 2)
            ),
        ))
    }

    /// Removes an item from its sequence; the last item leaves `[]`.
    pub fn remove_item(&self, item: Node<'_>) -> Option<Edit> {
        if item.via().is_some() {
            return None;
        }
        let seq = item.parent()?.as_sequence()?;
        let items: Vec<Node<'_>> = seq.items().collect();
        let index = items
            .iter()
            .position(|i| i.source_range() == item.source_range())?;
        if items.len() == 1 {
            if seq.is_flow() {
                let r = seq.source_range();
                return Some(Edit::replace(r, "[]"));
            }
            let key = seq.key_range()?;
            let colon = key.end + self.text.get(key.end..)?.find(':')?;
            return Some(Edit::replace(
                TextRange::new(colon + 1, seq.source_range().end),
                " []",
            ));
        }
        if seq.is_flow() {
            let range = if index + 1 < items.len() {
                TextRange::new(
                    item.source_range().start,
                    items[index + 1].source_range().start,
                )
            } else {
                TextRange::new(items[index - 1].source_range().end, item.source_range().end)
            };
            return Some(Edit::delete(range));
        }
        let r = item.item_range()?;
        let start = self.line_start(r.start);
        let end = self.line_end(r.end);
        let end = (end + self.line_ending.len()).min(self.text.len());
        Some(Edit::delete(TextRange::new(start, end)))
    }

    /// Replaces the pair holding `value` with `key: new`.
    pub fn replace_pair(&self, value: Node<'_>, key: &str, new: &Value) -> Option<Edit> {
        if value.via().is_some() {
            return None;
        }
        let range = value.pair_range();
        let flow = value.parent().is_some_and(|p| p.is_flow());
        let text = if flow {
            flow_entry(key, new)
        } else {
            self.block_entry(key, new, self.column(range.start))
        };
        Some(Edit::replace(range, text))
    }

    /// `key: value` in block style, for a key written at column `col`.
    fn block_entry(&self, key: &str, value: &Value, col: usize) -> String {
        let key = plain_or_quoted(key);
        match value {
            Value::Scalar(_) | Value::Quoted(_) => format!("{key}: {}", flow_value(value)),
            Value::Map(entries) if entries.is_empty() => format!("{key}: {{}}"),
            Value::Seq(items) if items.is_empty() => format!("{key}: []"),
            Value::Map(entries) => {
                let mut out = format!("{key}:");
                let inner = col + self.unit;
                for (k, v) in entries {
                    out.push_str(self.line_ending);
                    out.push_str(&" ".repeat(inner));
                    out.push_str(&self.block_entry(k, v, inner));
                }
                out
            }
            Value::Seq(items) => {
                let mut out = format!("{key}:");
                let dash = col + self.seq_offset;
                for item in items {
                    out.push_str(self.line_ending);
                    out.push_str(&" ".repeat(dash));
                    out.push_str("- ");
                    out.push_str(&self.block_item(item, dash + 2));
                }
                out
            }
        }
    }

    /// A sequence item's content in block style, written at column `col`
    /// (after its `- `).
    fn block_item(&self, item: &Value, col: usize) -> String {
        match item {
            Value::Map(entries) if !entries.is_empty() => {
                let mut out = String::new();
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push_str(self.line_ending);
                        out.push_str(&" ".repeat(col));
                    }
                    out.push_str(&self.block_entry(k, v, col));
                }
                out
            }
            _ => flow_value(item),
        }
    }
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::Scalar(s) | Value::Quoted(s) => s.clone(),
        Value::Map(_) | Value::Seq(_) => String::new(),
    }
}

/// `key: value` in flow style.
fn flow_entry(key: &str, value: &Value) -> String {
    format!("{}: {}", plain_or_quoted(key), flow_value(value))
}

/// A value in flow style: `{a: b}`, `[a, b]`, or a scalar.
pub fn flow_value(value: &Value) -> String {
    match value {
        Value::Scalar(s) => plain_or_quoted(s),
        Value::Quoted(s) => format!("\"{}\"", escape_double(s)),
        Value::Map(entries) => {
            let inner: Vec<String> = entries.iter().map(|(k, v)| flow_entry(k, v)).collect();
            format!("{{{}}}", inner.join(", "))
        }
        Value::Seq(items) => {
            let inner: Vec<String> = items.iter().map(flow_value).collect();
            format!("[{}]", inner.join(", "))
        }
    }
}

/// The scalar as a plain scalar when that reads back as the same string in
/// any context, else double-quoted.
fn plain_or_quoted(text: &str) -> String {
    let special_start = text.starts_with(|c: char| {
        matches!(
            c,
            '-' | '?'
                | ':'
                | ','
                | '['
                | ']'
                | '{'
                | '}'
                | '#'
                | '&'
                | '*'
                | '!'
                | '|'
                | '>'
                | '\''
                | '"'
                | '%'
                | '@'
                | '`'
                | ' '
        )
    });
    let needs_quotes = text.is_empty()
        || special_start
        || text.ends_with(' ')
        || text.contains(": ")
        || text.contains(" #")
        || text.contains([',', '[', ']', '{', '}', '\n', '\t', '\r'])
        || text.ends_with(':');
    if needs_quotes {
        format!("\"{}\"", escape_double(text))
    } else {
        text.to_string()
    }
}

fn escape_double(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

/// Applies edits to `text` (for tests and previews): edits must not
/// overlap; they are applied from the end so offsets stay valid.
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
mod tests {
    use super::*;
    use crate::format::Syntax;

    fn model(text: &str) -> Model {
        let tree = crate::syntax::parse(Syntax::Yaml, text, None).unwrap();
        Model::build(text, &tree)
    }

    fn reparsed(text: &str) -> Model {
        let m = model(text);
        assert!(m.syntax_problems().is_empty(), "does not parse:\n{text}");
        m
    }

    fn root(m: &Model) -> Node<'_> {
        m.documents().next().unwrap().root().unwrap()
    }

    fn sc(v: &str) -> Value {
        Value::scalar(v)
    }

    #[test]
    fn inserts_into_block_mapping_after_preferred_key() {
        let text = "c:\n  name: web  # the web one\n  image: nginx\n  ports: []\n";
        let m = model(text);
        let c = root(&m).get("c").unwrap();
        let entries = vec![(
            "securityContext".to_string(),
            Value::map([("runAsNonRoot", sc("true"))]),
        )];
        let edits = Planner::new(&m)
            .merge(c, &entries, &["name", "image"])
            .unwrap();
        let out = apply(text, &edits);
        assert_eq!(
            out,
            "c:\n  name: web  # the web one\n  image: nginx\n  securityContext:\n    runAsNonRoot: true\n  ports: []\n"
        );
        let m2 = reparsed(&out);
        assert_eq!(
            root(&m2)
                .get_path(&["c", "securityContext", "runAsNonRoot"])
                .unwrap()
                .as_bool_k8s(),
            Some(true)
        );
    }

    #[test]
    fn merges_into_flow_and_existing_mappings() {
        let text = "c: {name: web, securityContext: {privileged: false}}\n";
        let m = model(text);
        let c = root(&m).get("c").unwrap();
        let entries = vec![(
            "securityContext".to_string(),
            Value::map([
                ("allowPrivilegeEscalation", sc("false")),
                (
                    "capabilities",
                    Value::map([("drop", Value::seq([sc("ALL")]))]),
                ),
            ]),
        )];
        let out = apply(text, &Planner::new(&m).merge(c, &entries, &[]).unwrap());
        assert_eq!(
            out,
            "c: {name: web, securityContext: {privileged: false, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}}\n"
        );
        reparsed(&out);
    }

    #[test]
    fn fills_null_values_and_empty_flow_mappings() {
        let text = "a:\n  sc:\n  other: 1\nb:\n  sc: {}\n";
        let m = model(text);
        let r = root(&m);
        let entries = vec![("x".to_string(), sc("1"))];
        let p = Planner::new(&m);
        let mut edits = p
            .merge(r.get_path(&["a", "sc"]).unwrap(), &entries, &[])
            .unwrap();
        edits.extend(
            p.merge(r.get_path(&["b", "sc"]).unwrap(), &entries, &[])
                .unwrap(),
        );
        let out = apply(text, &edits);
        assert_eq!(out, "a:\n  sc:\n    x: 1\n  other: 1\nb:\n  sc: {x: 1}\n");
        reparsed(&out);
    }

    #[test]
    fn follows_indentation_and_crlf() {
        let text = "spec:\r\n    containers:\r\n    - name: a\r\n      image: x\r\n";
        let m = model(text);
        let c = root(&m)
            .get_path(&["spec", "containers"])
            .unwrap()
            .items()
            .next()
            .unwrap();
        let entries = vec![(
            "resources".to_string(),
            Value::map([("limits", Value::map([("cpu", sc("500m"))]))]),
        )];
        let out = apply(text, &Planner::new(&m).merge(c, &entries, &[]).unwrap());
        assert_eq!(
            out,
            "spec:\r\n    containers:\r\n    - name: a\r\n      image: x\r\n      resources:\r\n          limits:\r\n              cpu: 500m\r\n"
        );
        reparsed(&out);
    }

    #[test]
    fn sequences_grow_and_shrink() {
        let text = "a: [\"NET_RAW\"]\nb:\n  - X\n  - Y\nc: [X, Y]\nd:\n  - X\n";
        let m = model(text);
        let r = root(&m);
        let p = Planner::new(&m);
        let edits = vec![
            p.append_item(r.get("a").unwrap(), &sc("ALL")).unwrap(),
            p.remove_item(r.get("b").unwrap().items().next().unwrap())
                .unwrap(),
            p.remove_item(r.get("c").unwrap().items().nth(1).unwrap())
                .unwrap(),
            p.remove_item(r.get("d").unwrap().items().next().unwrap())
                .unwrap(),
        ];
        let out = apply(text, &edits);
        assert_eq!(out, "a: [\"NET_RAW\", \"ALL\"]\nb:\n  - Y\nc: [X]\nd: []\n");
        reparsed(&out);
    }

    #[test]
    fn scalars_keep_their_quoting() {
        let text = "a: true\nb: \"true\"\nc: 'x'\n";
        let m = model(text);
        let r = root(&m);
        let p = Planner::new(&m);
        let edits: Vec<Edit> = ["a", "b", "c"]
            .iter()
            .map(|k| p.set_scalar(r.get(k).unwrap(), "false").unwrap())
            .collect();
        assert_eq!(apply(text, &edits), "a: false\nb: \"false\"\nc: 'false'\n");
    }

    #[test]
    fn pairs_are_replaced_in_their_style() {
        let text = "env:\n  - name: A\n    value: \"x\"\n  - {name: B, value: y}\n";
        let m = model(text);
        let items: Vec<_> = root(&m).get("env").unwrap().items().collect();
        let p = Planner::new(&m);
        let new = Value::map([(
            "secretKeyRef",
            Value::map([("name", sc("s")), ("key", sc("a"))]),
        )]);
        let edits = vec![
            p.replace_pair(items[0].get("value").unwrap(), "valueFrom", &new)
                .unwrap(),
            p.replace_pair(items[1].get("value").unwrap(), "valueFrom", &new)
                .unwrap(),
        ];
        let out = apply(text, &edits);
        assert_eq!(
            out,
            "env:\n  - name: A\n    valueFrom:\n      secretKeyRef:\n        name: s\n        key: a\n  - {name: B, valueFrom: {secretKeyRef: {name: s, key: a}}}\n"
        );
        reparsed(&out);
    }

    #[test]
    fn aliased_targets_are_not_edited() {
        let text = "base: &b {x: 1}\nuse: *b\n";
        let m = model(text);
        let u = root(&m).get("use").unwrap();
        assert!(
            Planner::new(&m)
                .merge(u, &[("y".into(), sc("2"))], &[])
                .is_none()
        );
    }

    #[test]
    fn quoting_of_new_scalars() {
        assert_eq!(plain_or_quoted("ALL"), "ALL");
        assert_eq!(plain_or_quoted("a: b"), "\"a: b\"");
        assert_eq!(plain_or_quoted("*"), "\"*\"");
        assert_eq!(plain_or_quoted(""), "\"\"");
    }
}
