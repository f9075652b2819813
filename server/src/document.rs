//! One document type for every format: text, rope, tree, version and model.
//!
//! Edits arrive as byte ranges (the language server converts positions once,
//! at its boundary). Each edit updates the rope and the text and is mirrored
//! into the tree with `Tree::edit`; `reparse` then parses with the edited old
//! tree, so tree-sitter only re-lexes what changed, and rebuilds the model.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ropey::Rope;
use tree_sitter::{InputEdit, Point, Tree};

use crate::analysis::Analysis;
use crate::format::FileKind;
use crate::syntax;
use crate::text::{LineIndex, TextRange};

/// A parsed document, cheap to clone (the text, tree and model are shared).
#[derive(Clone)]
pub struct Document {
    path: Option<PathBuf>,
    kind: FileKind,
    version: i32,
    text: Arc<str>,
    rope: Rope,
    tree: Option<Tree>,
    /// Where the original bytes were not valid UTF-8 (each replaced by U+FFFD).
    invalid_utf8: Arc<[TextRange]>,
    analysis: Arc<Analysis>,
    lines: Arc<LineIndex>,
    /// Bytes at the start and at the end of the text that the edits since
    /// the last parse left alone, so the model can keep what they hold;
    /// `None` when nothing of the previous model may be kept.
    unchanged: Option<(usize, usize)>,
}

impl std::fmt::Debug for Document {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Document")
            .field("path", &self.path)
            .field("kind", &self.kind)
            .field("version", &self.version)
            .field("len", &self.text.len())
            .finish_non_exhaustive()
    }
}

impl Document {
    /// A document from text that is already valid UTF-8 (as editors send it).
    pub fn new(
        path: Option<PathBuf>,
        kind: FileKind,
        version: i32,
        text: impl Into<String>,
    ) -> Self {
        Self::build(path, kind, version, text.into(), Vec::new())
    }

    /// A document from raw file bytes: invalid UTF-8 is replaced and recorded,
    /// so it is reported while the rest of the file is still analysed.
    pub fn from_bytes(path: Option<PathBuf>, kind: FileKind, bytes: &[u8]) -> Self {
        let mut text = String::with_capacity(bytes.len());
        let mut invalid = Vec::new();
        for chunk in bytes.utf8_chunks() {
            text.push_str(chunk.valid());
            if !chunk.invalid().is_empty() {
                let at = text.len();
                text.push(char::REPLACEMENT_CHARACTER);
                invalid.push(TextRange::new(at, text.len()));
            }
        }
        Self::build(path, kind, 0, text, invalid)
    }

    fn build(
        path: Option<PathBuf>,
        kind: FileKind,
        version: i32,
        text: String,
        invalid: Vec<TextRange>,
    ) -> Self {
        let rope = Rope::from_str(&text);
        let text: Arc<str> = Arc::from(text);
        let tree = kind
            .syntax_for(&text)
            .and_then(|s| syntax::parse(s, &text, None));
        let analysis = Arc::new(Analysis::build(kind, &text, tree.as_ref(), path.as_deref()));
        let lines = Arc::new(LineIndex::new(&text));
        Self {
            path,
            kind,
            version,
            text,
            rope,
            tree,
            invalid_utf8: invalid.into(),
            analysis,
            lines,
            unchanged: None,
        }
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn kind(&self) -> FileKind {
        self.kind
    }

    /// True for a Helm template (a file under `templates/` holding `{{`):
    /// it is neither parsed nor reviewed, and reports say it was skipped.
    pub fn is_helm_template(&self) -> bool {
        self.kind.is_helm_template(&self.text)
    }

    pub fn version(&self) -> i32 {
        self.version
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn rope(&self) -> &Rope {
        &self.rope
    }

    pub fn tree(&self) -> Option<&Tree> {
        self.tree.as_ref()
    }

    pub fn lines(&self) -> &LineIndex {
        &self.lines
    }

    pub fn analysis(&self) -> &Analysis {
        &self.analysis
    }

    pub fn invalid_utf8(&self) -> &[TextRange] {
        &self.invalid_utf8
    }

    /// Replaces the byte range `range` with `new_text`, clamping the range to
    /// the document and to char boundaries. Call [`Document::reparse`] once
    /// after a batch of edits.
    pub fn edit(&mut self, range: TextRange, new_text: &str) {
        let len = self.text.len();
        let start = crate::text::floor_char_boundary(&self.text, range.start.min(len));
        let end = crate::text::floor_char_boundary(&self.text, range.end.min(len)).max(start);

        let start_position = self.point(start);
        let old_end_position = self.point(end);
        let new_end_position = advance_point(start_position, new_text);

        let (prefix, suffix) = self.unchanged.unwrap_or((len, len));
        self.unchanged = Some((prefix.min(start), suffix.min(len - end)));

        let start_char = self.rope.byte_to_char(start);
        let end_char = self.rope.byte_to_char(end);
        self.rope.remove(start_char..end_char);
        self.rope.insert(start_char, new_text);

        let mut text = String::with_capacity(len - (end - start) + new_text.len());
        text.push_str(&self.text[..start]);
        text.push_str(new_text);
        text.push_str(&self.text[end..]);
        self.text = Arc::from(text);

        // Invalid UTF-8 can only come from disk; an edited buffer is text.
        self.invalid_utf8 = Arc::from(Vec::new());

        if let Some(tree) = self.tree.as_mut() {
            tree.edit(&InputEdit {
                start_byte: start,
                old_end_byte: end,
                new_end_byte: start + new_text.len(),
                start_position,
                old_end_position,
                new_end_position,
            });
        }
    }

    /// Replaces the whole text (a full-sync change); the old tree is dropped.
    pub fn replace_all(&mut self, text: &str) {
        self.rope = Rope::from_str(text);
        self.text = Arc::from(text);
        self.tree = None;
        self.invalid_utf8 = Arc::from(Vec::new());
        self.unchanged = Some((0, 0));
    }

    /// Parses after edits (incrementally when the old tree is still there)
    /// and rebuilds the model, then records `version`.
    pub fn reparse(&mut self, version: i32) {
        self.version = version;
        self.tree = self
            .kind
            .syntax_for(&self.text)
            .and_then(|s| syntax::parse(s, &self.text, self.tree.as_ref()));
        self.lines = Arc::new(LineIndex::new(&self.text));
        let unchanged = self.unchanged.take().unwrap_or((self.text.len(), 0));
        self.analysis = Arc::new(Analysis::rebuild(
            self.kind,
            &self.text,
            self.tree.as_ref(),
            self.path.as_deref(),
            &self.analysis,
            unchanged,
        ));
    }

    /// The tree-sitter point of a byte offset: row and byte column.
    fn point(&self, offset: usize) -> Point {
        let row = self.rope.byte_to_line(offset);
        let column = offset - self.rope.line_to_byte(row);
        Point { row, column }
    }
}

fn advance_point(start: Point, text: &str) -> Point {
    match text.rfind('\n') {
        Some(last) => Point {
            row: start.row + text.matches('\n').count(),
            column: text.len() - last - 1,
        },
        None => Point {
            row: start.row,
            column: start.column + text.len(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn incremental_edit_matches_fresh_parse() {
        let text = "FROM alpine:3.20\nRUN echo hi\nUSER 10001\n";
        let mut doc = Document::new(None, FileKind::Dockerfile, 1, text);
        let at = text.find("hi").unwrap();
        doc.edit(TextRange::new(at, at + 2), "hello\nRUN true");
        doc.reparse(2);
        let fresh = Document::new(None, FileKind::Dockerfile, 2, doc.text().to_string());
        assert_eq!(
            doc.tree().unwrap().root_node().to_sexp(),
            fresh.tree().unwrap().root_node().to_sexp()
        );
        assert_eq!(doc.rope().to_string(), doc.text());
    }

    #[test]
    fn invalid_utf8_is_recorded() {
        let doc = Document::from_bytes(None, FileKind::Dockerfile, b"FROM a\nRUN echo \xff\n");
        assert_eq!(doc.invalid_utf8().len(), 1);
        assert!(doc.text().contains('\u{fffd}'));
    }

    #[test]
    fn edits_past_the_end_are_clamped() {
        let mut doc = Document::new(None, FileKind::Yaml, 1, "a: 1\n");
        doc.edit(TextRange::new(100, 200), "b: 2\n");
        doc.reparse(2);
        assert_eq!(doc.text(), "a: 1\nb: 2\n");
    }
}
