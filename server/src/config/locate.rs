//! Finding the key a configuration problem is about, for messages with a
//! line and for `config-error` diagnostics at the offending key.
//!
//! The file is parsed a second time with Bulwark's own YAML model, which
//! keeps every key's range; serde's error locations and the paths of the
//! checks made after deserialising are both mapped onto it.

use crate::document::Document;
use crate::format::FileKind;
use crate::text::{LineIndex, TextRange};
use crate::yaml::Node;

use super::Problem;

/// One step of a path into the settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

impl Seg {
    pub fn key(name: &str) -> Self {
        Seg::Key(name.to_string())
    }
}

/// A problem found after deserialising, at a path of keys and indexes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyError {
    pub path: Vec<Seg>,
    pub message: String,
}

impl KeyError {
    /// A problem with a key itself (an unknown rule name).
    pub fn key(path: Vec<Seg>, message: String) -> Self {
        Self { path, message }
    }

    /// A problem with the value at `path` (reported at its key, or at the
    /// list item when the path ends in an index).
    pub fn value(path: Vec<Seg>, message: String) -> Self {
        Self { path, message }
    }

    /// The path as written in messages: `overrides[0].files`.
    pub fn path_text(&self) -> String {
        let mut out = String::new();
        for seg in &self.path {
            match seg {
                Seg::Key(k) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(k);
                }
                Seg::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        out
    }
}

/// A configuration file's text with its YAML model, for locating keys.
pub struct Located {
    doc: Document,
    lines: LineIndex,
}

impl Located {
    pub fn new(text: &str) -> Self {
        Self {
            doc: Document::new(None, FileKind::Yaml, 0, text),
            lines: LineIndex::new(text),
        }
    }

    fn text(&self) -> &str {
        self.doc.text()
    }

    fn roots(&self) -> Vec<Node<'_>> {
        self.doc
            .analysis()
            .yaml()
            .map(|m| m.documents().filter_map(|d| d.root()).collect())
            .unwrap_or_default()
    }

    /// True when the file holds nothing but comments and blank lines.
    pub fn is_empty(&self) -> bool {
        let nothing_written = self.text().lines().all(|l| {
            let t = l.trim();
            t.is_empty() || t.starts_with('#') || t == "---" || t == "..."
        });
        nothing_written
            || (self.roots().is_empty() && self.doc.analysis().syntax_problems().is_empty())
    }

    fn problem_at(&self, range: TextRange, message: String) -> Problem {
        let lc = self.lines.line_col(self.text(), range.start);
        Problem {
            message,
            range,
            line: lc.line + 1,
            column: lc.col + 1,
        }
    }

    /// A problem for a serde error: at the innermost key whose pair holds the
    /// error's location, or on the location's line when no key does.
    pub fn serde_problem(&self, err: &serde_yaml_ng::Error) -> Problem {
        let message = clean_message(&err.to_string());
        let Some(loc) = err.location() else {
            return self.problem_at(self.first_line(), message);
        };
        let offset =
            crate::text::floor_char_boundary(self.text(), loc.index().min(self.text().len()));
        let range = self
            .innermost_key(offset)
            .unwrap_or_else(|| self.line_at(offset));
        self.problem_at(range, message)
    }

    /// A problem for a check made after deserialising.
    pub fn problem(&self, err: KeyError) -> Problem {
        let range = self
            .range_of(&err.path)
            .unwrap_or_else(|| self.first_line());
        self.problem_at(range, err.message)
    }

    /// The range of the key (or, for an index, the item) at `path`; the
    /// deepest part of the path that exists when the rest does not.
    fn range_of(&self, path: &[Seg]) -> Option<TextRange> {
        let root = self.roots().into_iter().next()?;
        let mut node = root;
        let mut found = None;
        for seg in path {
            match seg {
                Seg::Key(k) => {
                    let entry = node.entries().find(|e| e.key_str() == Some(k.as_str()))?;
                    found = Some(entry.key_range());
                    node = entry.value;
                }
                Seg::Index(i) => {
                    let Some(item) = node.items().nth(*i) else {
                        return found;
                    };
                    found = Some(item.range());
                    node = item;
                }
            }
        }
        found
    }

    fn innermost_key(&self, offset: usize) -> Option<TextRange> {
        self.innermost_pair(offset).map(|(_, key)| key)
    }

    /// The text with the block-style entry that `problem` is about blanked
    /// out (spaces in place of its characters, line breaks kept, so every
    /// other offset stays put): what serde is given again to find the next
    /// problem. `None` when the problem is not at the key of a block-style
    /// entry, whose removal could leave the YAML broken.
    pub fn without_entry(&self, text: &str, problem: &Problem) -> Option<String> {
        let (pair, key) = self.innermost_pair(problem.range.start)?;
        if key != problem.range || pair.end > text.len() {
            return None;
        }
        let line_start = text[..pair.start].rfind('\n').map_or(0, |i| i + 1);
        let before = text[line_start..pair.start].trim_start_matches([' ', '-']);
        if !before.trim().is_empty() {
            return None;
        }
        let mut out = String::with_capacity(text.len());
        out.push_str(&text[..pair.start]);
        for c in text[pair.start..pair.end].chars() {
            match c {
                '\n' | '\r' => out.push(c),
                c => out.extend(std::iter::repeat_n(' ', c.len_utf8())),
            }
        }
        out.push_str(&text[pair.end..]);
        Some(out)
    }

    fn innermost_pair(&self, offset: usize) -> Option<(TextRange, TextRange)> {
        let mut best: Option<(TextRange, TextRange)> = None;
        for root in self.roots() {
            for node in root.descendants() {
                let Some(key) = node.key_range() else {
                    continue;
                };
                let pair = node.pair_range();
                let holds = pair.contains(offset) || pair.start == offset || key.start == offset;
                if holds && best.is_none_or(|(p, _)| pair.len() <= p.len()) {
                    best = Some((pair, key));
                }
            }
        }
        best
    }

    /// The written part of the line holding `offset`.
    fn line_at(&self, offset: usize) -> TextRange {
        let line = self.lines.line_of(offset);
        let range = self.lines.line_range(self.text(), line);
        let text = &self.text()[range.start..range.end];
        let lead = text.len() - text.trim_start().len();
        let trail = text.len() - text.trim_end().len();
        if lead + trail >= text.len() {
            return range;
        }
        TextRange::new(range.start + lead, range.end - trail)
    }

    fn first_line(&self) -> TextRange {
        let text = self.text();
        let start = text
            .lines()
            .scan(0, |at, l| {
                let s = *at;
                *at += l.len() + 1;
                Some((s, l))
            })
            .find(|(_, l)| {
                let t = l.trim();
                !t.is_empty() && !t.starts_with('#')
            })
            .map_or(0, |(s, _)| s);
        self.line_at(start.min(text.len()))
    }
}

/// serde's message without its trailing ` at line L column C`, which the
/// report gives itself.
fn clean_message(message: &str) -> String {
    let trimmed = match message.rfind(" at line ") {
        Some(i) if message[i..].contains(" column ") => &message[..i],
        _ => message,
    };
    let message = trimmed.replace("unknown field", "unknown key");
    // serde_yaml_ng's words for a level written as a list or a map talk
    // about YAML tags, which says nothing to someone writing `rules:`.
    const TAG_WORDS: &str = "expected a YAML tag starting with '!'";
    if !message.contains(TAG_WORDS) {
        return message;
    }
    let names = if message.starts_with("fail-on") {
        "expected one of `error`, `warning`, `info`, `hint`"
    } else {
        "expected one of `off`, `error`, `warning`, `info`, `hint`"
    };
    message.replace(TAG_WORDS, names)
}
