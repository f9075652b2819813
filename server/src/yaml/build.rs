//! Builds the model from a tree-sitter tree in one pass with one cursor.
//!
//! Collections are pushed to the arenas as their children complete: a
//! mapping's pairs collect on a scratch stack and move to the arena in one
//! block, so each mapping's pairs (and each sequence's items) are
//! contiguous without a vector per collection.

use tree_sitter::{Tree, TreeCursor};

use super::{
    DocData, DocSpans, ItemData, Kind, MAX_DEPTH, Model, NONE, NodeData, PairData, Reuse,
    ScalarStyle, scalar,
};
use crate::syntax::SyntaxProblem;
use crate::text::TextRange;

/// The kind name of a node, from a table built once: `Node::kind` converts
/// a C string on every call, and the builder asks for every node's kind.
fn kind(node: tree_sitter::Node<'_>) -> &'static str {
    static NAMES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    if node.is_error() {
        return "ERROR";
    }
    let names = NAMES.get_or_init(|| {
        let language: tree_sitter::Language = tree_sitter_yaml::LANGUAGE.into();
        (0..language.node_kind_count())
            .map(|id| {
                u16::try_from(id)
                    .ok()
                    .and_then(|id| language.node_kind_for_id(id))
                    .unwrap_or("")
                    .to_string()
            })
            .collect()
    });
    names
        .get(usize::from(node.kind_id()))
        .map_or("", String::as_str)
}

struct Builder<'t> {
    text: &'t str,
    model: Model,
    /// Anchors of the current document: name range and node, latest last.
    anchors: Vec<(TextRange, u32)>,
    pair_scratch: Vec<PairData>,
    item_scratch: Vec<ItemData>,
    too_deep: Option<TextRange>,
    reuse: Option<Reuse<'t>>,
}

pub(super) fn build<'t>(text: &'t str, tree: &Tree, reuse: Option<Reuse<'t>>) -> Model {
    let mut b = Builder {
        text,
        model: Model {
            text: text.into(),
            ..Model::default()
        },
        anchors: Vec::new(),
        pair_scratch: Vec::new(),
        item_scratch: Vec::new(),
        too_deep: None,
        // Only clean streams are reused: error recovery can change how
        // unchanged text is read.
        reuse: reuse.filter(|r| {
            !tree.root_node().has_error()
                && r.previous.problems.is_empty()
                && r.prefix + r.suffix <= text.len()
        }),
    };
    // Offsets are stored as u32; a YAML file over 4 GiB is not analysed.
    if u32::try_from(text.len()).is_err() {
        return b.model;
    }
    let root = tree.root_node();
    let mut cursor = root.walk();
    match kind(root) {
        "stream" => b.stream(&mut cursor),
        // A stream that failed as a whole: recover what its children hold.
        _ => b.broken_stream(&mut cursor),
    }

    let mut problems = crate::syntax::problems(tree, text, 100);
    for problem in &mut problems {
        // The problem is cut at its first line; the tab may be further in.
        let mut node = root.descendant_for_byte_range(problem.range.start, problem.range.end);
        while let Some(n) = node {
            if n.is_error() {
                break;
            }
            node = n.parent();
        }
        let end = node.map_or(problem.range.end, |n| n.end_byte());
        if let Some(error) = node {
            relocate(text, problem, error);
        }
        explain_tabs(text, problem, end);
    }
    if let Some(range) = b.too_deep {
        problems.push(SyntaxProblem {
            range,
            message: format!(
                "nesting deeper than {MAX_DEPTH} levels is not analysed; flatten this structure"
            ),
        });
    }
    problems.extend(duplicate_keys(&b.model));
    problems.sort_by_key(|p| p.range.start);
    b.model.problems = problems;
    b.model.comments.sort_by_key(|c| c.start);
    b.model.comments.dedup();
    b.model
}

/// Keys written twice in one mapping. YAML forbids them, and tools disagree
/// on which value wins (Kubernetes and Helm take the last, compose rejects
/// the file), so a reviewer cannot tell what the file means.
fn duplicate_keys(model: &Model) -> Vec<SyntaxProblem> {
    let mut out = Vec::new();
    let mut keys: Vec<(&str, TextRange)> = Vec::new();
    for node in &model.nodes {
        if node.kind != Kind::Mapping || node.len < 2 || out.len() >= 100 {
            continue;
        }
        keys.clear();
        let pairs = &model.pairs[node.first as usize..(node.first + node.len) as usize];
        for pair in pairs {
            let key = &model.nodes[pair.key as usize];
            if pair.merge || key.kind != Kind::Scalar || key.range.is_empty() {
                continue;
            }
            keys.push((model.str_of(key), key.range));
        }
        // Stable, so the first of equal keys stays first.
        keys.sort_by_key(|(k, _)| *k);
        for pair in keys.windows(2) {
            if pair[0].0 == pair[1].0 {
                let (first, again) = if pair[0].1.start < pair[1].1.start {
                    (pair[0].1, pair[1].1)
                } else {
                    (pair[1].1, pair[0].1)
                };
                let line = model.text[..first.start].matches('\n').count() + 1;
                out.push(SyntaxProblem {
                    range: again,
                    message: format!(
                        "duplicate key `{}` (also on line {line}); YAML keys must be unique and tools disagree on which value wins, so keep one",
                        pair[0].0
                    ),
                });
            }
        }
    }
    out
}

/// An ERROR node over several lines holds the valid start of the stream
/// and ends where the parser gave up, so the problem is reported on the
/// line of its last token rather than on the first line of the file.
fn relocate(text: &str, problem: &mut SyntaxProblem, error: tree_sitter::Node<'_>) {
    let source = text.get(error.start_byte()..error.end_byte()).unwrap_or("");
    if !source.trim_end().contains('\n') {
        return;
    }
    let mut last = error;
    // Bounded: trees are shallow, and every step goes one level down.
    for _ in 0..10_000 {
        let count = last.child_count();
        let Some(child) = (0..count)
            .rev()
            .filter_map(|i| last.child(i))
            .find(|c| kind(*c) != "comment" && c.end_byte() > c.start_byte())
        else {
            break;
        };
        last = child;
    }
    if last.id() == error.id() {
        // A childless error: its text is the offending part, after the line
        // breaks it may start with.
        let lead = source.len() - source.trim_start().len();
        if lead == 0 {
            return;
        }
        let start = error.start_byte() + lead;
        let line_end = text[start..]
            .find(['\n', '\r'])
            .map_or(text.len(), |i| start + i);
        let snippet: String = text[start..line_end].trim().chars().take(40).collect();
        problem.range = TextRange::new(start, line_end);
        problem.message = format!("syntax error: `{snippet}` does not parse here");
        return;
    }
    // The parser gave up where its last token ends (a plain scalar may have
    // swallowed the start of the offending line), so report that line, from
    // the token when it starts there.
    let failed_at = last.end_byte().saturating_sub(1).max(last.start_byte());
    let failed_at = crate::text::floor_char_boundary(text, failed_at.min(text.len()));
    let line_start = text[..failed_at].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..];
    let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
    let start = last.start_byte().max(line_start + indent).min(failed_at);
    let line_end = text[start..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| start + i);
    let snippet: String = text[start..line_end].trim().chars().take(40).collect();
    problem.range = TextRange::new(start, line_end);
    problem.message = if snippet.is_empty() {
        "syntax error: the document does not parse from here".to_string()
    } else {
        format!("syntax error: the document does not parse from `{snippet}`")
    };
}

/// Tabs cannot indent YAML; when a syntax error covers a tab-indented line,
/// say so on that line instead of where the parser gave up.
fn explain_tabs(text: &str, problem: &mut SyntaxProblem, error_end: usize) {
    let line_start = text[..problem.range.start.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    // The parser often gives up just before the offending line, so the line
    // after the error counts too.
    let after = |from: usize| {
        text.get(from..)
            .and_then(|r| r.find('\n'))
            .map(|i| from + i + 1)
    };
    let limit = after(error_end).and_then(after).unwrap_or(text.len());
    let mut at = line_start;
    // Look at the error's lines (bounded: an error may span the file).
    for _ in 0..10_000 {
        let Some(rest) = text.get(at..) else { break };
        if at >= limit && at > line_start {
            break;
        }
        let line_end = rest.find('\n').map_or(text.len(), |i| at + i);
        let line = &text[at..line_end];
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        if line[..indent].contains('\t') && !line.trim().is_empty() {
            let tab = at + line[..indent].find('\t').unwrap_or(0);
            problem.range = TextRange::new(tab, line_end);
            problem.message =
                "syntax error: a tab indents this line; YAML indentation must use spaces"
                    .to_string();
            return;
        }
        if line_end >= text.len() {
            break;
        }
        at = line_end + 1;
    }
}

impl Builder<'_> {
    fn range_of(cursor: &TreeCursor<'_>) -> TextRange {
        let n = cursor.node();
        TextRange::new(n.start_byte(), n.end_byte())
    }

    /// A node's range without the line breaks and indentation the grammar
    /// sometimes lets a block collection end with.
    fn trimmed(&self, cursor: &TreeCursor<'_>) -> TextRange {
        let r = Self::range_of(cursor);
        let source = self.text.get(r.start..r.end).unwrap_or("");
        TextRange::new(r.start, r.start + source.trim_end().len())
    }

    fn push(&mut self, kind: Kind, range: TextRange) -> u32 {
        let id = self.model.nodes.len() as u32;
        self.model.nodes.push(NodeData {
            kind,
            flow: false,
            style: ScalarStyle::Plain,
            range,
            parent: NONE,
            pair: NONE,
            first: 0,
            len: 0,
            value_start: range.start as u32,
            value_end: range.start as u32,
            owned: false,
            has_merge: false,
            target: NONE,
            tag: TextRange::default(),
            anchor: TextRange::default(),
        });
        id
    }

    fn null_at(&mut self, at: usize) -> u32 {
        self.push(Kind::Scalar, TextRange::empty(at))
    }

    fn stream(&mut self, cursor: &mut TreeCursor<'_>) {
        if !cursor.goto_first_child() {
            return;
        }
        loop {
            match kind(cursor.node()) {
                "document" => self.document(cursor),
                "ERROR" => self.broken_stream(cursor),
                "comment" => self.comment(cursor),
                _ => {}
            }
            if !cursor.goto_next_sibling() {
                break;
            }
        }
        cursor.goto_parent();
    }

    fn comment(&mut self, cursor: &TreeCursor<'_>) {
        self.model.comments.push(Self::range_of(cursor));
    }

    /// A `document` node, or an ERROR standing where one should be.
    fn document(&mut self, cursor: &mut TreeCursor<'_>) {
        self.anchors.clear();
        let range = Self::range_of(cursor);
        if self.copy_previous(range) {
            return;
        }
        let start = self.spans_now();
        let too_deep_before = self.too_deep.is_some();
        let root = if kind(cursor.node()) == "ERROR" {
            self.recover(cursor, 0)
        } else {
            let mut root = NONE;
            if cursor.goto_first_child() {
                loop {
                    let node = cursor.node();
                    match kind(node) {
                        "comment" => self.comment(cursor),
                        "block_node" | "flow_node" if root == NONE => root = self.node(cursor, 0),
                        "ERROR" if root == NONE => root = self.recover(cursor, 0),
                        "ERROR" => self.error_comments(cursor),
                        _ => {}
                    }
                    if !cursor.goto_next_sibling() {
                        break;
                    }
                }
                cursor.goto_parent();
            }
            root
        };
        let clean = !cursor.node().has_error() && self.too_deep.is_some() == too_deep_before;
        let spans = clean.then(|| self.spans_since(start));
        self.model.docs.push(DocData { root, range, spans });
    }

    fn spans_now(&self) -> [u32; 4] {
        [
            self.model.nodes.len() as u32,
            self.model.pairs.len() as u32,
            self.model.items.len() as u32,
            self.model.strings.len() as u32,
        ]
    }

    fn spans_since(&self, start: [u32; 4]) -> DocSpans {
        let end = self.spans_now();
        DocSpans {
            nodes: (start[0], end[0]),
            pairs: (start[1], end[1]),
            items: (start[2], end[2]),
            strings: (start[3], end[3]),
        }
    }

    /// Copies the previous model's document at `range` when the edit did
    /// not touch it: same text, only its offsets shifted. Node, pair and
    /// item ids are renumbered for the new arenas.
    fn copy_previous(&mut self, range: TextRange) -> bool {
        let Some(reuse) = self.reuse else {
            return false;
        };
        let old = reuse.previous;
        let (new_len, old_len) = (self.text.len(), old.text.len());
        let old_start = if range.end <= reuse.prefix {
            range.start
        } else if range.start >= new_len - reuse.suffix {
            match (range.start + old_len).checked_sub(new_len) {
                Some(start) => start,
                None => return false,
            }
        } else {
            return false;
        };
        let Ok(index) = old.docs.binary_search_by_key(&old_start, |d| d.range.start) else {
            return false;
        };
        let doc = old.docs[index];
        let Some(spans) = doc.spans else { return false };
        if doc.range.len() != range.len()
            || old.text.get(doc.range.start..doc.range.end) != self.text.get(range.start..range.end)
        {
            return false;
        }

        let delta = range.start as i64 - old_start as i64;
        let moved = |offset: usize| usize::try_from(offset as i64 + delta).unwrap_or(0);
        let shift = |r: TextRange| TextRange::new(moved(r.start), moved(r.end));
        let node_base = self.model.nodes.len() as u32;
        let pair_base = self.model.pairs.len() as u32;
        let item_base = self.model.items.len() as u32;
        let string_base = self.model.strings.len() as u32;
        let node_id = |id: u32| {
            if id == NONE {
                NONE
            } else {
                id - spans.nodes.0 + node_base
            }
        };

        for data in &old.nodes[spans.nodes.0 as usize..spans.nodes.1 as usize] {
            let mut data = *data;
            data.range = shift(data.range);
            data.tag = shift(data.tag);
            data.anchor = shift(data.anchor);
            data.parent = node_id(data.parent);
            data.target = node_id(data.target);
            if data.pair != NONE {
                data.pair = data.pair - spans.pairs.0 + pair_base;
            }
            match data.kind {
                Kind::Mapping => data.first = data.first - spans.pairs.0 + pair_base,
                Kind::Sequence => data.first = data.first - spans.items.0 + item_base,
                Kind::Scalar | Kind::Alias => {}
            }
            if data.owned {
                data.value_start = data.value_start - spans.strings.0 + string_base;
                data.value_end = data.value_end - spans.strings.0 + string_base;
            } else {
                data.value_start = moved(data.value_start as usize) as u32;
                data.value_end = moved(data.value_end as usize) as u32;
            }
            self.model.nodes.push(data);
        }
        for pair in &old.pairs[spans.pairs.0 as usize..spans.pairs.1 as usize] {
            self.model.pairs.push(PairData {
                key: node_id(pair.key),
                value: node_id(pair.value),
                range: shift(pair.range),
                merge: pair.merge,
            });
        }
        for item in &old.items[spans.items.0 as usize..spans.items.1 as usize] {
            self.model.items.push(ItemData {
                node: node_id(item.node),
                range: shift(item.range),
            });
        }
        let strings = old
            .strings
            .get(spans.strings.0 as usize..spans.strings.1 as usize);
        self.model.strings.push_str(strings.unwrap_or(""));
        let comments = old
            .comments
            .iter()
            .filter(|c| doc.range.start <= c.start && c.end <= doc.range.end)
            .map(|c| shift(*c));
        self.model.comments.extend(comments);
        self.model.docs.push(DocData {
            root: node_id(doc.root),
            range,
            spans: Some(self.spans_since([node_base, pair_base, item_base, string_base])),
        });
        self.model.reused += 1;
        true
    }

    /// A stream (or part of one) that failed to parse: its children are the
    /// pieces that did parse. Each `---` starts a new document; a document
    /// is the first whole node of its piece, else a mapping of its loose
    /// pairs, so the documents before a broken one are still analysed.
    fn broken_stream(&mut self, cursor: &mut TreeCursor<'_>) {
        let range = Self::range_of(cursor);
        if !cursor.goto_first_child() {
            self.model.docs.push(DocData {
                root: NONE,
                range,
                spans: None,
            });
            return;
        }
        let mut piece = Piece::new(range.start, self.pair_scratch.len());
        self.anchors.clear();
        loop {
            let node = cursor.node();
            match kind(node) {
                "---" | "..." => {
                    self.finish_piece(&piece, node.start_byte());
                    piece = Piece::new(node.end_byte(), self.pair_scratch.len());
                    self.anchors.clear();
                }
                "document" => {
                    self.finish_piece(&piece, node.start_byte());
                    self.document(cursor);
                    piece = Piece::new(node.end_byte(), self.pair_scratch.len());
                }
                "comment" => self.comment(cursor),
                "block_node" | "flow_node" if piece.root == NONE && piece.map == NONE => {
                    piece.root = self.node(cursor, 0);
                }
                "block_mapping_pair" | "flow_pair" if piece.root == NONE => {
                    let r = self.trimmed(cursor);
                    if piece.map == NONE {
                        piece.map = self.push(Kind::Mapping, r);
                    }
                    piece.pairs_end = r.end;
                    self.pair(cursor, 0);
                }
                _ => self.error_comments(cursor),
            }
            if !cursor.goto_next_sibling() {
                break;
            }
        }
        cursor.goto_parent();
        self.finish_piece(&piece, range.end);
    }

    fn finish_piece(&mut self, piece: &Piece, end: usize) {
        let mut root = piece.root;
        if piece.map != NONE {
            self.finish_mapping(piece.map, piece.scratch);
            let data = &mut self.model.nodes[piece.map as usize];
            data.range = TextRange::new(data.range.start, piece.pairs_end.max(data.range.start));
            if root == NONE {
                root = piece.map;
            }
        }
        if root == NONE && piece.start >= end {
            return;
        }
        self.model.docs.push(DocData {
            root,
            range: TextRange::new(piece.start, end.max(piece.start)),
            spans: None,
        });
    }

    /// Comments inside an ERROR node the model does not otherwise read.
    fn error_comments(&mut self, cursor: &TreeCursor<'_>) {
        let mut walk = cursor.node().walk();
        let start_depth = walk.depth();
        loop {
            if kind(walk.node()) == "comment" {
                self.model.comments.push(Self::range_of(&walk));
            }
            if walk.goto_first_child() {
                continue;
            }
            loop {
                if walk.goto_next_sibling() {
                    break;
                }
                if !walk.goto_parent() || walk.depth() <= start_depth {
                    return;
                }
            }
        }
    }

    /// A `block_node`/`flow_node` (properties and content) or bare content.
    fn node(&mut self, cursor: &mut TreeCursor<'_>, depth: usize) -> u32 {
        let node_kind = kind(cursor.node());
        if node_kind != "block_node" && node_kind != "flow_node" {
            return self.content(cursor, depth);
        }
        let whole = Self::range_of(cursor);
        let mut tag = TextRange::default();
        let mut anchor = TextRange::default();
        let mut content = NONE;
        if cursor.goto_first_child() {
            loop {
                let node = cursor.node();
                match kind(node) {
                    "anchor" => anchor = Self::range_of(cursor),
                    "tag" => tag = Self::range_of(cursor),
                    "comment" => self.comment(cursor),
                    _ if node.is_named() && content == NONE => {
                        content = self.content(cursor, depth);
                    }
                    _ => {}
                }
                if !cursor.goto_next_sibling() {
                    break;
                }
            }
            cursor.goto_parent();
        }
        if content == NONE {
            content = self.null_at(whole.end);
        }
        let data = &mut self.model.nodes[content as usize];
        data.tag = tag;
        data.anchor = anchor;
        if !anchor.is_empty() {
            let name = TextRange::new(anchor.start + 1, anchor.end);
            self.anchors.push((name, content));
        }
        content
    }

    fn content(&mut self, cursor: &mut TreeCursor<'_>, depth: usize) -> u32 {
        let range = Self::range_of(cursor);
        if depth > MAX_DEPTH {
            self.too_deep.get_or_insert(range);
            return self.null_at(range.start);
        }
        match kind(cursor.node()) {
            "block_mapping" => self.mapping(cursor, depth, false),
            "flow_mapping" => self.mapping(cursor, depth, true),
            "block_sequence" => self.sequence(cursor, depth, false),
            "flow_sequence" => self.sequence(cursor, depth, true),
            "plain_scalar" => self.scalar(range, ScalarStyle::Plain),
            "single_quote_scalar" => self.scalar(range, ScalarStyle::SingleQuoted),
            "double_quote_scalar" => self.scalar(range, ScalarStyle::DoubleQuoted),
            "block_scalar" => self.scalar(range, ScalarStyle::Literal),
            "alias" => self.alias(range),
            "ERROR" => self.recover(cursor, depth),
            _ => self.null_at(range.start),
        }
    }

    /// Reads what an ERROR node still holds: its pairs as a mapping, its
    /// items as a sequence, or its first node.
    fn recover(&mut self, cursor: &mut TreeCursor<'_>, depth: usize) -> u32 {
        let node = cursor.node();
        let range = Self::range_of(cursor);
        self.error_comments(cursor);
        let mut walk = node.walk();
        let mut pairs = false;
        let mut items = false;
        let mut single = false;
        for child in node.named_children(&mut walk) {
            match kind(child) {
                "block_mapping_pair" | "flow_pair" => pairs = true,
                "block_sequence_item" => items = true,
                "block_node" | "flow_node" => single = true,
                _ => {}
            }
        }
        if pairs {
            self.mapping(cursor, depth, false)
        } else if items {
            self.sequence(cursor, depth, false)
        } else if single && cursor.goto_first_child() {
            let mut found = NONE;
            loop {
                let node_kind = kind(cursor.node());
                if node_kind == "block_node" || node_kind == "flow_node" {
                    found = self.node(cursor, depth);
                    break;
                }
                if !cursor.goto_next_sibling() {
                    break;
                }
            }
            cursor.goto_parent();
            if found == NONE {
                self.null_at(range.start)
            } else {
                found
            }
        } else {
            self.null_at(range.start)
        }
    }

    fn mapping(&mut self, cursor: &mut TreeCursor<'_>, depth: usize, flow: bool) -> u32 {
        let range = self.trimmed(cursor);
        let id = self.push(Kind::Mapping, range);
        self.model.nodes[id as usize].flow = flow;
        let base = self.pair_scratch.len();
        if cursor.goto_first_child() {
            loop {
                match kind(cursor.node()) {
                    "block_mapping_pair" | "flow_pair" => self.pair(cursor, depth),
                    "flow_node" => {
                        // A key without a value in a flow mapping (`{a, b}`).
                        let key = self.node(cursor, depth + 1);
                        let key_range = self.model.nodes[key as usize].range;
                        let value = self.null_at(key_range.end);
                        self.pair_scratch.push(PairData {
                            key,
                            value,
                            range: Self::range_of(cursor),
                            merge: false,
                        });
                    }
                    "comment" => self.comment(cursor),
                    "ERROR" => self.error_comments(cursor),
                    _ => {}
                }
                if !cursor.goto_next_sibling() {
                    break;
                }
            }
            cursor.goto_parent();
        }
        self.finish_mapping(id, base);
        id
    }

    fn finish_mapping(&mut self, id: u32, base: usize) {
        let first = self.model.pairs.len() as u32;
        let mut has_merge = false;
        for (i, pair) in self.pair_scratch.drain(base..).enumerate() {
            let index = first + i as u32;
            has_merge |= pair.merge;
            for node in [pair.key, pair.value] {
                let data = &mut self.model.nodes[node as usize];
                data.parent = id;
                data.pair = index;
            }
            self.model.pairs.push(pair);
        }
        let data = &mut self.model.nodes[id as usize];
        data.first = first;
        data.len = self.model.pairs.len() as u32 - first;
        data.has_merge = has_merge;
    }

    /// A `block_mapping_pair` or `flow_pair`, onto the pair scratch stack.
    fn pair(&mut self, cursor: &mut TreeCursor<'_>, depth: usize) {
        let range = self.trimmed(cursor);
        let mut key = NONE;
        let mut value = NONE;
        if cursor.goto_first_child() {
            loop {
                match cursor.field_name() {
                    Some("key") if key == NONE => key = self.node(cursor, depth + 1),
                    Some("value") if value == NONE => value = self.node(cursor, depth + 1),
                    _ if kind(cursor.node()) == "comment" => self.comment(cursor),
                    _ => {}
                }
                if !cursor.goto_next_sibling() {
                    break;
                }
            }
            cursor.goto_parent();
        }
        if key == NONE {
            key = self.null_at(range.start);
        }
        if value == NONE {
            value = self.null_at(range.end);
        }
        let key_data = &self.model.nodes[key as usize];
        let merge = key_data.kind == Kind::Scalar
            && key_data.style == ScalarStyle::Plain
            && key_data.tag.is_empty()
            && self.text.get(key_data.range.start..key_data.range.end) == Some("<<");
        self.pair_scratch.push(PairData {
            key,
            value,
            range,
            merge,
        });
    }

    fn sequence(&mut self, cursor: &mut TreeCursor<'_>, depth: usize, flow: bool) -> u32 {
        let range = self.trimmed(cursor);
        let id = self.push(Kind::Sequence, range);
        self.model.nodes[id as usize].flow = flow;
        let base = self.item_scratch.len();
        if cursor.goto_first_child() {
            loop {
                let item_range = self.trimmed(cursor);
                match kind(cursor.node()) {
                    "block_sequence_item" => {
                        let node = self.item(cursor, depth);
                        self.item_scratch.push(ItemData {
                            node,
                            range: item_range,
                        });
                    }
                    "flow_node" => {
                        let node = self.node(cursor, depth + 1);
                        self.item_scratch.push(ItemData {
                            node,
                            range: item_range,
                        });
                    }
                    "flow_pair" => {
                        // `[a: b]` is a sequence holding a one-pair mapping.
                        let map = self.push(Kind::Mapping, item_range);
                        self.model.nodes[map as usize].flow = true;
                        let pair_base = self.pair_scratch.len();
                        self.pair(cursor, depth + 1);
                        self.finish_mapping(map, pair_base);
                        self.item_scratch.push(ItemData {
                            node: map,
                            range: item_range,
                        });
                    }
                    "comment" => self.comment(cursor),
                    "ERROR" => self.error_comments(cursor),
                    _ => {}
                }
                if !cursor.goto_next_sibling() {
                    break;
                }
            }
            cursor.goto_parent();
        }
        let first = self.model.items.len() as u32;
        for item in self.item_scratch.drain(base..) {
            self.model.nodes[item.node as usize].parent = id;
            self.model.items.push(item);
        }
        let data = &mut self.model.nodes[id as usize];
        data.first = first;
        data.len = self.model.items.len() as u32 - first;
        id
    }

    fn item(&mut self, cursor: &mut TreeCursor<'_>, depth: usize) -> u32 {
        let range = self.trimmed(cursor);
        let mut node = NONE;
        if cursor.goto_first_child() {
            loop {
                let child = cursor.node();
                match kind(child) {
                    "comment" => self.comment(cursor),
                    _ if child.is_named() && node == NONE => node = self.node(cursor, depth + 1),
                    _ => {}
                }
                if !cursor.goto_next_sibling() {
                    break;
                }
            }
            cursor.goto_parent();
        }
        if node == NONE {
            node = self.null_at(range.end);
        }
        node
    }

    fn scalar(&mut self, range: TextRange, style: ScalarStyle) -> u32 {
        let id = self.push(Kind::Scalar, range);
        let source = self.text.get(range.start..range.end).unwrap_or("");
        let owned: Option<String> = match style {
            ScalarStyle::Plain if source.contains('\n') => Some(scalar::plain(source)),
            ScalarStyle::Plain => None,
            ScalarStyle::SingleQuoted if !is_simple_quoted(source, '\'') => {
                Some(scalar::single_quoted(source))
            }
            ScalarStyle::DoubleQuoted if source.contains(['\n', '\\']) => {
                Some(scalar::double_quoted(source))
            }
            ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => None,
            ScalarStyle::Literal | ScalarStyle::Folded => {
                let line_start = self.text[..range.start].rfind('\n').map_or(0, |i| i + 1);
                let line = &self.text[line_start..range.start];
                let indent = line.len() - line.trim_start_matches(' ').len();
                let (style, value) = scalar::block(source, indent);
                self.model.nodes[id as usize].style = style;
                Some(value)
            }
        };
        let data = &mut self.model.nodes[id as usize];
        if data.style == ScalarStyle::Plain {
            data.style = style;
        }
        match owned {
            Some(value) => {
                let start = self.model.strings.len();
                self.model.strings.push_str(&value);
                data.value_start = start as u32;
                data.value_end = self.model.strings.len() as u32;
                data.owned = true;
            }
            None => {
                let (start, end) = match style {
                    ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted if range.len() >= 2 => {
                        (range.start + 1, range.end - 1)
                    }
                    _ => (range.start, range.end),
                };
                data.value_start = start as u32;
                data.value_end = end as u32;
            }
        }
        id
    }

    fn alias(&mut self, range: TextRange) -> u32 {
        let id = self.push(Kind::Alias, range);
        let name = self.text.get(range.start + 1..range.end).unwrap_or("");
        let target = self
            .anchors
            .iter()
            .rev()
            .find(|(r, _)| self.text.get(r.start..r.end) == Some(name))
            .map_or(NONE, |(_, node)| *node);
        self.model.nodes[id as usize].target = target;
        id
    }
}

/// The part of a broken stream between two `---` markers.
struct Piece {
    start: usize,
    root: u32,
    map: u32,
    /// Where the mapping's pairs start on the scratch stack.
    scratch: usize,
    pairs_end: usize,
}

impl Piece {
    fn new(start: usize, scratch: usize) -> Self {
        Self {
            start,
            root: NONE,
            map: NONE,
            scratch,
            pairs_end: start,
        }
    }
}

/// A single-quoted scalar on one line whose only quotes are its delimiters
/// reads as its source without them.
fn is_simple_quoted(source: &str, quote: char) -> bool {
    !source.contains('\n') && source.len() >= 2 && !source[1..source.len() - 1].contains(quote)
}
