//! Conversions between the engine's values and LSP types: the one place that
//! turns byte offsets into positions and back.
//!
//! Positions count columns in the encoding negotiated at `initialize`; the
//! document's rope answers both directions in logarithmic time. Lines end at
//! `\n` (a `\r` before it belongs to the line ending), as in the engine's
//! `LineIndex`.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use ropey::Rope;
use tower_lsp_server::ls_types::{
    CodeDescription, Diagnostic, DiagnosticSeverity, DiagnosticTag, NumberOrString, Position,
    PositionEncodingKind, Range, TextEdit, Uri,
};

use crate::document::Document;
use crate::finding::{Finding, Severity};
use crate::text::{LineIndex, TextRange};

/// How LSP columns are counted, in the order the server prefers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PositionEncoding {
    /// Bytes: no conversion at all.
    Utf8,
    /// Unicode scalar values.
    Utf32,
    /// UTF-16 code units, the protocol's default.
    Utf16,
}

impl PositionEncoding {
    /// The encoding to use with a client that offers `offered` (in its own
    /// order of preference): the best one the server knows, UTF-16 when the
    /// client offers nothing the server knows.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Self {
        offered
            .unwrap_or_default()
            .iter()
            .filter_map(Self::from_kind)
            .min()
            .unwrap_or(PositionEncoding::Utf16)
    }

    fn from_kind(kind: &PositionEncodingKind) -> Option<Self> {
        match kind.as_str() {
            "utf-8" => Some(PositionEncoding::Utf8),
            "utf-16" => Some(PositionEncoding::Utf16),
            "utf-32" => Some(PositionEncoding::Utf32),
            _ => None,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            PositionEncoding::Utf8 => PositionEncodingKind::UTF8,
            PositionEncoding::Utf16 => PositionEncodingKind::UTF16,
            PositionEncoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }
}

/// A byte offset from an LSP position, and whether the position lay beyond
/// the end of the document (then the offset is the end).
///
/// A column past the end of its line means the end of that line, as the
/// protocol says; that is normal and not reported as out of range.
pub fn offset(rope: &Rope, position: Position, encoding: PositionEncoding) -> (usize, bool) {
    let line = position.line as usize;
    if line >= rope.len_lines() {
        return (rope.len_bytes(), true);
    }
    let line_start = rope.line_to_char(line);
    let line_end = content_end(rope, line);
    let column = position.character as usize;
    let char_index = match encoding {
        PositionEncoding::Utf8 => {
            let start = rope.char_to_byte(line_start);
            let end = rope.char_to_byte(line_end);
            // A column inside a multi-byte character means that character's start.
            rope.byte_to_char((start + column).min(end))
        }
        PositionEncoding::Utf32 => (line_start + column).min(line_end),
        PositionEncoding::Utf16 => {
            let start = rope.char_to_utf16_cu(line_start);
            let end = rope.char_to_utf16_cu(line_end);
            // Half of a surrogate pair rounds down to the character's start.
            rope.utf16_cu_to_char((start + column).min(end))
        }
    };
    (rope.char_to_byte(char_index), false)
}

/// A byte range from an LSP range, and whether either end lay beyond the
/// document. A reversed range is read as the empty range at its start.
pub fn text_range(rope: &Rope, range: Range, encoding: PositionEncoding) -> (TextRange, bool) {
    let (start, start_out) = offset(rope, range.start, encoding);
    let (end, end_out) = offset(rope, range.end, encoding);
    (TextRange::new(start, end.max(start)), start_out || end_out)
}

/// The LSP position of a byte offset (clamped to the document, and to the
/// start of the character it falls in).
pub fn position(rope: &Rope, offset: usize, encoding: PositionEncoding) -> Position {
    let offset = offset.min(rope.len_bytes());
    let char_index = rope.byte_to_char(offset);
    let line = rope.char_to_line(char_index);
    let line_start = rope.line_to_char(line);
    let column = match encoding {
        PositionEncoding::Utf8 => rope.char_to_byte(char_index) - rope.line_to_byte(line),
        PositionEncoding::Utf32 => char_index - line_start,
        PositionEncoding::Utf16 => {
            rope.char_to_utf16_cu(char_index) - rope.char_to_utf16_cu(line_start)
        }
    };
    Position::new(saturate(line), saturate(column))
}

pub fn range(rope: &Rope, range: TextRange, encoding: PositionEncoding) -> Range {
    Range::new(
        position(rope, range.start, encoding),
        position(rope, range.end, encoding),
    )
}

/// Converts many offsets of one document: the same positions as
/// [`position`], found through the document's line index (a binary search,
/// then a count over the start of one line) rather than several walks of
/// the rope per offset. Converting every finding of a large document on
/// every keystroke is where that counts.
pub struct Positions<'a> {
    text: &'a str,
    lines: &'a LineIndex,
    rope: &'a Rope,
    encoding: PositionEncoding,
}

impl<'a> Positions<'a> {
    /// Columns further than this into a line are counted through the rope,
    /// so that many findings on one huge line cost no more than before.
    const SCAN_LIMIT: usize = 4096;

    pub fn of(doc: &'a Document, encoding: PositionEncoding) -> Self {
        Self {
            text: doc.text(),
            lines: doc.lines(),
            rope: doc.rope(),
            encoding,
        }
    }

    pub fn position(&self, offset: usize) -> Position {
        let offset = crate::text::floor_char_boundary(self.text, offset);
        let line = self.lines.line_of(offset);
        let start = self.lines.line_start(line).min(offset);
        if offset - start > Self::SCAN_LIMIT && self.encoding != PositionEncoding::Utf8 {
            return position(self.rope, offset, self.encoding);
        }
        let column = match self.encoding {
            PositionEncoding::Utf8 => offset - start,
            PositionEncoding::Utf32 => self
                .text
                .get(start..offset)
                .map_or(0, |s| s.chars().count()),
            PositionEncoding::Utf16 => self
                .text
                .get(start..offset)
                .map_or(0, |s| s.chars().map(char::len_utf16).sum()),
        };
        Position::new(saturate(line), saturate(column))
    }

    pub fn range(&self, range: TextRange) -> Range {
        Range::new(self.position(range.start), self.position(range.end))
    }
}

/// The char index where `line`'s content ends, before its `\n` or `\r\n`.
fn content_end(rope: &Rope, line: usize) -> usize {
    let next = if line + 1 < rope.len_lines() {
        rope.line_to_char(line + 1)
    } else {
        rope.len_chars()
    };
    let start = rope.line_to_char(line);
    let mut end = next;
    if end > start && rope.char(end - 1) == '\n' {
        end -= 1;
        if end > start && rope.char(end - 1) == '\r' {
            end -= 1;
        }
    }
    end
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

pub fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// The diagnostic for a finding of the document that `positions` converts.
/// `docs_base_url`, when configured, links the rule's page.
pub fn diagnostic(
    finding: &Finding,
    positions: &Positions<'_>,
    docs_base_url: Option<&str>,
) -> Diagnostic {
    Diagnostic {
        range: positions.range(finding.range),
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.rule.to_string())),
        code_description: docs_base_url
            .and_then(|base| rule_page(base, finding.rule))
            .map(|href| CodeDescription { href }),
        source: Some("bulwark".to_string()),
        message: finding.message.clone(),
        related_information: None,
        tags: finding
            .unnecessary
            .then(|| vec![DiagnosticTag::UNNECESSARY]),
        data: None,
    }
}

/// `<base>/<rule>`: the rule's page under the configured docs address.
fn rule_page(base: &str, rule: &str) -> Option<Uri> {
    let base = base.trim_end_matches('/');
    Uri::from_str(&format!("{base}/{rule}")).ok()
}

pub fn text_edit(
    rope: &Rope,
    range: TextRange,
    new_text: &str,
    encoding: PositionEncoding,
) -> TextEdit {
    TextEdit {
        range: self::range(rope, range, encoding),
        new_text: new_text.to_string(),
    }
}

/// The local path of a `file:` URI; `None` for other schemes (`untitled:`).
pub fn path(uri: &Uri) -> Option<PathBuf> {
    if !uri.scheme().as_str().eq_ignore_ascii_case("file") {
        return None;
    }
    let path = uri.to_file_path()?;
    path.is_absolute()
        .then(|| crate::workspace::normalize(&path))
}

/// The `file:` URI of an absolute path.
pub fn uri(path: &Path) -> Option<Uri> {
    Uri::from_file_path(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position::new(line, character)
    }

    #[test]
    fn negotiation_prefers_utf8_and_defaults_to_utf16() {
        use PositionEncodingKind as K;
        let offered = [K::UTF16, K::UTF8];
        assert_eq!(
            PositionEncoding::negotiate(Some(&offered)),
            PositionEncoding::Utf8
        );
        assert_eq!(
            PositionEncoding::negotiate(Some(&[K::UTF16])),
            PositionEncoding::Utf16
        );
        assert_eq!(PositionEncoding::negotiate(None), PositionEncoding::Utf16);
        let unknown = [K::new("utf-7")];
        assert_eq!(
            PositionEncoding::negotiate(Some(&unknown)),
            PositionEncoding::Utf16
        );
    }

    #[test]
    fn columns_in_each_encoding() {
        // `é` is 2 bytes and 1 UTF-16 unit; `😀` is 4 bytes and 2 units.
        let rope = Rope::from_str("ab\né😀x\n");
        let x = "ab\né😀".len();
        assert_eq!(position(&rope, x, PositionEncoding::Utf8), pos(1, 6));
        assert_eq!(position(&rope, x, PositionEncoding::Utf16), pos(1, 3));
        assert_eq!(position(&rope, x, PositionEncoding::Utf32), pos(1, 2));
        for encoding in [
            PositionEncoding::Utf8,
            PositionEncoding::Utf16,
            PositionEncoding::Utf32,
        ] {
            let p = position(&rope, x, encoding);
            assert_eq!(offset(&rope, p, encoding), (x, false), "{encoding:?}");
        }
    }

    #[test]
    fn half_a_character_rounds_down() {
        let rope = Rope::from_str("😀x");
        assert_eq!(
            offset(&rope, pos(0, 1), PositionEncoding::Utf16),
            (0, false)
        );
        assert_eq!(offset(&rope, pos(0, 2), PositionEncoding::Utf8), (0, false));
    }

    #[test]
    fn long_columns_stop_before_the_line_end() {
        let rope = Rope::from_str("ab\r\ncd");
        assert_eq!(
            offset(&rope, pos(0, 9), PositionEncoding::Utf16),
            (2, false)
        );
        assert_eq!(
            offset(&rope, pos(1, 9), PositionEncoding::Utf16),
            (6, false)
        );
    }

    #[test]
    fn lines_past_the_end_are_out_of_range() {
        let rope = Rope::from_str("ab\n");
        assert_eq!(
            offset(&rope, pos(1, 0), PositionEncoding::Utf16),
            (3, false)
        );
        assert_eq!(offset(&rope, pos(5, 2), PositionEncoding::Utf16), (3, true));
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        let rope = Rope::from_str("ab\n");
        assert_eq!(position(&rope, 99, PositionEncoding::Utf16), pos(1, 0));
    }

    /// Every position, in range or not, in every encoding, converts without
    /// a panic to a character boundary, and back to a position no later.
    #[test]
    fn every_position_converts_safely() {
        let text = "a\r\né😀\r\n\n\u{2028}x\t\u{fffd}\r";
        let rope = Rope::from_str(text);
        for encoding in [
            PositionEncoding::Utf8,
            PositionEncoding::Utf16,
            PositionEncoding::Utf32,
        ] {
            for line in 0..8 {
                for character in 0..12 {
                    let p = pos(line, character);
                    let (at, _) = offset(&rope, p, encoding);
                    assert!(text.is_char_boundary(at), "{encoding:?} {p:?} -> {at}");
                    let back = position(&rope, at, encoding);
                    assert!(
                        (back.line, back.character) <= (line, character),
                        "{encoding:?} {p:?}"
                    );
                }
            }
            for at in 0..=text.len() + 2 {
                let p = position(&rope, at, encoding);
                assert!(
                    offset(&rope, p, encoding).0 <= at.min(text.len()),
                    "{encoding:?} {at}"
                );
            }
        }
    }

    /// The line-index conversion gives the rope's positions for every
    /// offset, in every encoding, including inside characters, past the end,
    /// and (through the rope) far into a long line.
    #[test]
    fn positions_through_the_line_index_match_the_rope() {
        let long = "é".repeat(Positions::SCAN_LIMIT);
        let texts = [
            "a\r\né😀\r\n\n\u{2028}x\t\u{fffd}\r".to_string(),
            "ab\né😀x\n".to_string(),
            String::new(),
            format!("x\n{long}😀y\n"),
        ];
        for text in texts {
            let doc = Document::new(None, crate::format::FileKind::Dockerfile, 1, text.as_str());
            for encoding in [
                PositionEncoding::Utf8,
                PositionEncoding::Utf16,
                PositionEncoding::Utf32,
            ] {
                let positions = Positions::of(&doc, encoding);
                for at in 0..=text.len() + 2 {
                    assert_eq!(
                        positions.position(at),
                        position(doc.rope(), at, encoding),
                        "{encoding:?} {at}"
                    );
                }
            }
        }
    }

    #[test]
    fn docs_link_only_with_a_base() {
        let finding = Finding::new("root-user", TextRange::new(0, 1), "m");
        let doc = Document::new(None, crate::format::FileKind::Dockerfile, 1, "x");
        let positions = Positions::of(&doc, PositionEncoding::Utf16);
        let plain = diagnostic(&finding, &positions, None);
        assert!(plain.code_description.is_none());
        let linked = diagnostic(&finding, &positions, Some("https://docs.test/rules/"));
        assert_eq!(
            linked.code_description.unwrap().href.as_str(),
            "https://docs.test/rules/root-user"
        );
    }

    #[test]
    fn paths_of_file_uris_only() {
        let file = Uri::from_str("file:///work/a/../b/Dockerfile").unwrap();
        assert_eq!(path(&file), Some(PathBuf::from("/work/b/Dockerfile")));
        let untitled = Uri::from_str("untitled:Untitled-1").unwrap();
        assert_eq!(path(&untitled), None);
    }
}
