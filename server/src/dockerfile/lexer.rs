//! Lexing of one instruction: logical lines, words, flags, exec form and
//! heredoc markers.
//!
//! An instruction's text is first joined into a logical line the way BuildKit
//! joins it (the escape character before a line break continues the line,
//! comment and blank lines inside a continuation are dropped, CRLF counts as
//! a line break). Every logical byte keeps its offset in the document, so
//! words carry ranges in the original text even across continuation lines.

use crate::text::TextRange;

/// A logical line: text joined from physical lines, with a map back to
/// document offsets.
#[derive(Debug, Clone, Default)]
pub struct Logical {
    pub text: String,
    /// `(logical start, document start)` of each joined segment, ascending.
    segments: Vec<(usize, usize)>,
}

impl Logical {
    /// The document offset of the logical byte `at`.
    pub fn orig(&self, at: usize) -> usize {
        let index = match self.segments.binary_search_by(|(l, _)| l.cmp(&at)) {
            Ok(i) => i,
            Err(0) => 0,
            Err(i) => i - 1,
        };
        self.segments
            .get(index)
            .map_or(at, |(l, o)| o + at.saturating_sub(*l))
    }

    /// The document offset just after the logical byte before `end`.
    pub fn orig_end(&self, end: usize) -> usize {
        if end == 0 {
            return self.orig(0);
        }
        self.orig(end - 1) + 1
    }

    pub fn range(&self, start: usize, end: usize) -> TextRange {
        let s = self.orig(start);
        TextRange::new(s, self.orig_end(end).max(s))
    }

    fn push(&mut self, text: &str, orig_start: usize) {
        if text.is_empty() {
            return;
        }
        self.segments.push((self.text.len(), orig_start));
        self.text.push_str(text);
    }
}

/// What reading one logical line produced.
#[derive(Debug)]
pub struct LineRead {
    pub logical: Logical,
    /// Document offset where the logical line's text ends (before the last
    /// line break).
    pub end: usize,
    /// Document offset of the line after it.
    pub next: usize,
    /// Comment lines dropped from inside the continuation.
    pub comments: Vec<TextRange>,
}

/// The end of the physical line at `pos` (before `\n`) and the start of the
/// next one.
pub fn line_bounds(text: &str, pos: usize) -> (usize, usize) {
    match text[pos..].find('\n') {
        Some(i) => (pos + i, pos + i + 1),
        None => (text.len(), text.len()),
    }
}

/// Strips a trailing `\r` from a line's end offset.
fn content_end(text: &str, start: usize, end: usize) -> usize {
    if end > start && text.as_bytes()[end - 1] == b'\r' {
        end - 1
    } else {
        end
    }
}

/// Reads the logical line that starts at `start`, following continuations
/// written with `escape`.
pub fn read_logical(text: &str, start: usize, escape: char) -> LineRead {
    let mut logical = Logical::default();
    let mut comments = Vec::new();
    let mut pos = start;
    let mut first = true;
    loop {
        let (line_end, next) = line_bounds(text, pos);
        let end = content_end(text, pos, line_end);
        let line = &text[pos..end];
        if !first {
            let trimmed = line.trim_start();
            if trimmed.starts_with('#') {
                let at = end - trimmed.len();
                comments.push(TextRange::new(at, end));
                if next >= text.len() {
                    return LineRead {
                        logical,
                        end,
                        next,
                        comments,
                    };
                }
                pos = next;
                continue;
            }
            if trimmed.is_empty() && next < text.len() {
                pos = next;
                continue;
            }
        }
        first = false;
        let body = line.trim_end_matches([' ', '\t']);
        if let Some(joined) = body.strip_suffix(escape) {
            logical.push(joined, pos);
            if next >= text.len() {
                return LineRead {
                    logical,
                    end: pos + body.len(),
                    next,
                    comments,
                };
            }
            pos = next;
            continue;
        }
        logical.push(line, pos);
        return LineRead {
            logical,
            end,
            next,
            comments,
        };
    }
}

/// A word of an instruction or a shell command, with quotes removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The word with quotes and escapes removed, variables as written.
    pub value: String,
    /// The value with Dockerfile variables substituted; the same as `value`
    /// where Docker does not substitute (RUN, CMD, ENTRYPOINT, shell words).
    pub expanded: String,
    /// False when a variable had no value to substitute.
    pub resolved: bool,
    /// Where the word is written, quotes included.
    pub range: TextRange,
    /// True when any part of the word was quoted.
    pub quoted: bool,
    /// The first unquoted `=`: its index in `value`, in `expanded`, and its
    /// document offset.
    eq: Option<(usize, usize, usize)>,
}

impl Word {
    pub(crate) fn plain(value: String, range: TextRange, quoted: bool) -> Self {
        Self {
            expanded: value.clone(),
            value,
            resolved: true,
            range,
            quoted,
            eq: None,
        }
    }

    /// `NAME=value` split at the first unquoted `=`: the name, its range,
    /// the value (as written and expanded) and the value's range.
    pub fn assignment(&self) -> Option<Assignment<'_>> {
        let (iv, ie, at) = self.eq?;
        let name = &self.value[..iv];
        if name.is_empty() {
            return None;
        }
        Some(Assignment {
            name,
            name_range: TextRange::new(self.range.start, at.max(self.range.start)),
            value: &self.value[iv + 1..],
            expanded: self.expanded.get(ie + 1..).unwrap_or(""),
            value_range: TextRange::new((at + 1).min(self.range.end), self.range.end),
        })
    }

    pub(crate) fn set_eq(&mut self, eq: Option<(usize, usize, usize)>) {
        self.eq = eq;
    }
}

/// A word of the form `NAME=value`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Assignment<'a> {
    pub name: &'a str,
    pub name_range: TextRange,
    pub value: &'a str,
    pub expanded: &'a str,
    pub value_range: TextRange,
}

/// Looks a variable up; `None` when it is not defined.
pub type Lookup<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The longest expansion of one word, in bytes. Values can reference each
/// other (`ARG B=${A}${A}`), so without a bound a few dozen lines expand to
/// more memory than the machine has. What does not fit is left out and the
/// word counts as unresolved.
pub const MAX_EXPANDED: usize = 64 * 1024;

/// Whether `s` starts a braced reference with a name (`${NAME...`), the
/// only form whose missing `}` makes Docker reject the line.
fn starts_braced_name(s: &str) -> bool {
    s.strip_prefix("${")
        .and_then(|rest| rest.chars().next())
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Reads the Dockerfile word starting at logical byte `at` (after spaces).
/// Returns the word and the logical offset after it.
pub fn docker_word(
    logical: &Logical,
    at: usize,
    escape: char,
    vars: Option<Lookup<'_>>,
) -> (Word, usize) {
    let text = &logical.text;
    let mut value = String::new();
    let mut expanded = String::new();
    let mut resolved = true;
    let mut quoted = false;
    let mut quote: Option<char> = None;
    let mut eq = None;
    // After a `${NAME` without its `}` Docker rejects the line, so nothing
    // later is substituted; this also keeps a line of thousands of unclosed
    // references from being rescanned to its end at each one.
    let mut unclosed = false;
    let mut i = at;
    while i < text.len() {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        if quote.is_none() && c.is_whitespace() {
            break;
        }
        let next = i + c.len_utf8();
        if c == escape && quote != Some('\'') {
            if let Some(n) = text[next..].chars().next() {
                // Inside double quotes only the quote, the escape itself and
                // `$` are escaped; elsewhere every character is.
                if quote.is_none() || n == '"' || n == escape || n == '$' {
                    value.push(n);
                    expanded.push(n);
                    i = next + n.len_utf8();
                    continue;
                }
            }
            value.push(c);
            expanded.push(c);
            i = next;
            continue;
        }
        match (c, quote) {
            ('"' | '\'', None) => {
                quote = Some(c);
                quoted = true;
                i = next;
                continue;
            }
            (q, Some(open)) if q == open => {
                quote = None;
                i = next;
                continue;
            }
            ('=', None) if eq.is_none() => {
                eq = Some((value.len(), expanded.len(), logical.orig(i)));
            }
            ('$', q) if q != Some('\'') && !unclosed => {
                if let Some(vars) = vars {
                    match substitute(&text[i..], vars, escape, 0) {
                        Some((raw_len, sub, ok)) => {
                            value.push_str(&text[i..i + raw_len]);
                            if expanded.len() + sub.len() > MAX_EXPANDED {
                                resolved = false;
                            } else {
                                expanded.push_str(&sub);
                                resolved &= ok;
                            }
                            i += raw_len;
                            continue;
                        }
                        None if starts_braced_name(&text[i..]) => {
                            unclosed = true;
                            resolved = false;
                        }
                        None => {}
                    }
                }
            }
            _ => {}
        }
        value.push(c);
        expanded.push(c);
        i = next;
    }
    let mut word = Word::plain(value, logical.range(at, i), quoted);
    word.expanded = expanded;
    word.resolved = resolved;
    word.eq = eq;
    (word, i)
}

/// Substitutes the variable reference at the start of `s` (`$NAME`,
/// `${NAME}`, `${NAME:-default}`, `${NAME:+alt}`, `${NAME-default}`,
/// `${NAME+alt}`, `${NAME:?msg}`). Returns the bytes consumed, the
/// substituted text and whether the variable had a value.
pub fn substitute(
    s: &str,
    vars: Lookup<'_>,
    escape: char,
    depth: usize,
) -> Option<(usize, String, bool)> {
    let rest = s.strip_prefix('$')?;
    if let Some(inner) = rest.strip_prefix('{') {
        // The name comes first: without one this is no reference, and
        // looking for the `}` first would rescan the line at every `${`.
        let name_len = inner
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(inner.len());
        if name_len == 0 {
            return None;
        }
        let close = matching_brace(inner)?;
        let body = &inner[..close];
        let consumed = 2 + close + 1;
        let name_len = name_len.min(body.len());
        let name = &body[..name_len];
        if name.is_empty() {
            return None;
        }
        let op = &body[name_len..];
        let value = vars(name);
        let (sub, ok) = if op.is_empty() {
            (value.clone().unwrap_or_default(), value.is_some())
        } else {
            let (colon, op) = match op.strip_prefix(':') {
                Some(o) => (true, o),
                None => (false, op),
            };
            let set = value.as_ref().is_some_and(|v| !colon || !v.is_empty());
            let word = op.get(1..).unwrap_or("");
            let word_expanded = || expand_str(word, vars, escape, depth + 1);
            match op.chars().next() {
                Some('-') if set => (value.unwrap_or_default(), true),
                Some('-') => word_expanded(),
                Some('+') if set => word_expanded(),
                Some('+') => (String::new(), true),
                Some('?') => (value.clone().unwrap_or_default(), value.is_some()),
                _ => (value.clone().unwrap_or_default(), value.is_some()),
            }
        };
        return Some((consumed, sub, ok));
    }
    let name_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    if name_len == 0 || rest.as_bytes()[0].is_ascii_digit() {
        return None;
    }
    let name = &rest[..name_len];
    let value = vars(name);
    Some((
        1 + name_len,
        value.clone().unwrap_or_default(),
        value.is_some(),
    ))
}

/// Expands every variable reference in `s` (a default inside `${...}`).
pub fn expand_str(s: &str, vars: Lookup<'_>, escape: char, depth: usize) -> (String, bool) {
    if depth > 8 {
        return (s.to_string(), false);
    }
    let mut out = String::new();
    let mut ok = true;
    let mut unclosed = false;
    let mut i = 0;
    while i < s.len() {
        let Some(c) = s[i..].chars().next() else {
            break;
        };
        if c == '$' && !unclosed {
            match substitute(&s[i..], vars, escape, depth) {
                Some((len, sub, resolved)) => {
                    if out.len() + sub.len() > MAX_EXPANDED {
                        ok = false;
                    } else {
                        out.push_str(&sub);
                        ok &= resolved;
                    }
                    i += len;
                    continue;
                }
                None if starts_braced_name(&s[i..]) => {
                    unclosed = true;
                    ok = false;
                }
                None => {}
            }
        }
        out.push(c);
        i += c.len_utf8();
    }
    (out, ok)
}

fn matching_brace(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => return Some(i),
            '}' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// Skips spaces and tabs from logical byte `at`.
pub fn skip_space(text: &str, mut at: usize) -> usize {
    while let Some(c) = text[at..].chars().next() {
        if !c.is_whitespace() {
            break;
        }
        at += c.len_utf8();
    }
    at
}

/// Parses a JSON array of strings starting at logical byte `at`, as Docker's
/// exec form. `None` when the text is not exactly such an array (Docker then
/// runs it in shell form).
pub fn json_array(logical: &Logical, at: usize) -> Option<Vec<Word>> {
    let text = &logical.text;
    let bytes = text.as_bytes();
    let mut i = skip_space(text, at);
    if bytes.get(i) != Some(&b'[') {
        return None;
    }
    i = skip_space(text, i + 1);
    let mut out = Vec::new();
    if bytes.get(i) == Some(&b']') {
        return (skip_space(text, i + 1) == text.len()).then_some(out);
    }
    loop {
        if bytes.get(i) != Some(&b'"') {
            return None;
        }
        let start = i;
        i += 1;
        let mut value = String::new();
        loop {
            let c = text[i..].chars().next()?;
            i += c.len_utf8();
            match c {
                '"' => break,
                '\\' => {
                    let e = text[i..].chars().next()?;
                    i += e.len_utf8();
                    match e {
                        'n' => value.push('\n'),
                        't' => value.push('\t'),
                        'r' => value.push('\r'),
                        'b' => value.push('\u{8}'),
                        'f' => value.push('\u{c}'),
                        'u' => {
                            let hex = text.get(i..i + 4)?;
                            let code = u32::from_str_radix(hex, 16).ok()?;
                            value.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                            i += 4;
                        }
                        other => value.push(other),
                    }
                }
                c if (c as u32) < 0x20 => return None,
                c => value.push(c),
            }
        }
        out.push(Word::plain(value, logical.range(start, i), true));
        i = skip_space(text, i);
        match bytes.get(i) {
            Some(b',') => i = skip_space(text, i + 1),
            Some(b']') => {
                return (skip_space(text, i + 1) == text.len()).then_some(out);
            }
            _ => return None,
        }
    }
}

/// A heredoc opened on an instruction's line (`<<EOF`, `<<-EOF`, `<<"EOF"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeredocMarker {
    pub word: String,
    pub strip_tabs: bool,
    pub quoted: bool,
    pub range: TextRange,
}

/// Parses a heredoc marker from a word's raw text (`<<-"EOF"`).
pub fn heredoc_marker(raw: &str, range: TextRange) -> Option<HeredocMarker> {
    let rest = raw.strip_prefix("<<")?;
    if rest.starts_with('<') {
        return None;
    }
    let (strip_tabs, rest) = match rest.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let (quoted, name) = match rest.chars().next() {
        Some(q @ ('"' | '\'')) => {
            let inner = rest[1..].strip_suffix(q)?;
            (true, inner)
        }
        _ => (false, rest),
    };
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    valid.then(|| HeredocMarker {
        word: name.to_string(),
        strip_tabs,
        quoted,
        range,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn logical(text: &str) -> Logical {
        read_logical(text, 0, '\\').logical
    }

    #[test]
    fn continuation_joins_lines_and_keeps_offsets() {
        let text = "RUN a \\\n    # note\n\n    && b\nUSER x\n";
        let read = read_logical(text, 0, '\\');
        assert_eq!(read.logical.text, "RUN a     && b");
        assert_eq!(read.comments.len(), 1);
        assert_eq!(
            &text[read.comments[0].start..read.comments[0].end],
            "# note"
        );
        assert_eq!(&text[read.next..], "USER x\n");
        let b = read.logical.text.find('b').unwrap();
        assert_eq!(&text[read.logical.orig(b)..read.logical.orig(b) + 1], "b");
        assert_eq!(read.end, text.find("\nUSER").unwrap());
    }

    #[test]
    fn crlf_and_backtick_escape() {
        let text = "RUN a \\\r\n  b\r\nX\r\n";
        let read = read_logical(text, 0, '\\');
        assert_eq!(read.logical.text, "RUN a   b");
        assert_eq!(&text[read.next..], "X\r\n");
        let text = "RUN a `\n  b c:\\x\\\nX\n";
        let read = read_logical(text, 0, '`');
        assert_eq!(read.logical.text, "RUN a   b c:\\x\\");
    }

    #[test]
    fn words_unquote_and_split_assignments() {
        let l = logical("A=\"x y\" B='$C' D=${E:-f}");
        let vars = |n: &str| (n == "E").then(|| "e".to_string());
        let (w, end) = docker_word(&l, 0, '\\', Some(&vars));
        assert_eq!(w.value, "A=x y");
        assert_eq!(w.assignment().unwrap().value, "x y");
        let (w, end) = docker_word(&l, skip_space(&l.text, end), '\\', Some(&vars));
        assert_eq!(w.expanded, "B=$C");
        let (w, _) = docker_word(&l, skip_space(&l.text, end), '\\', Some(&vars));
        assert_eq!(w.value, "D=${E:-f}");
        assert_eq!(w.assignment().unwrap().expanded, "e");
        assert!(w.resolved);
    }

    #[test]
    fn expansion_is_bounded_when_values_reference_each_other() {
        // `ARG A1=${A0}${A0}` and so on doubles at each line; sixty lines
        // would need 2^60 bytes.
        let big = "x".repeat(MAX_EXPANDED / 2 + 1);
        let vars = |n: &str| (n == "A").then(|| big.clone());
        let (w, _) = docker_word(&logical("B=${A}${A}${A}"), 0, '\\', Some(&vars));
        assert!(w.expanded.len() <= MAX_EXPANDED);
        assert!(!w.resolved);
        let (s, ok) = expand_str("${A}${A}", &vars, '\\', 0);
        assert!(s.len() <= MAX_EXPANDED);
        assert!(!ok);
    }

    #[test]
    fn unclosed_references_stop_substitution() {
        let vars = |n: &str| (n == "A").then(|| "a".to_string());
        let (w, _) = docker_word(&logical("${A${A}"), 0, '\\', Some(&vars));
        assert_eq!(w.expanded, "${A${A}");
        assert!(!w.resolved);
        // Tens of thousands of `${` in one word, closed or not, are read
        // in one pass rather than rescanned from each of them.
        let n = 50_000;
        for text in [
            "${".repeat(n) + &"}".repeat(n),
            "${A".repeat(n),
            "${A:-".repeat(n) + &"}".repeat(n),
        ] {
            let (w, _) = docker_word(&logical(&text), 0, '\\', Some(&vars));
            assert!(w.expanded.len() <= text.len());
        }
    }

    #[test]
    fn substitution_forms() {
        let vars = |n: &str| match n {
            "SET" => Some("v".to_string()),
            "EMPTY" => Some(String::new()),
            _ => None,
        };
        let exp = |s: &str| expand_str(s, &vars, '\\', 0);
        assert_eq!(exp("${SET}-$SET"), ("v-v".to_string(), true));
        assert_eq!(exp("${NONE:-d}"), ("d".to_string(), true));
        assert_eq!(exp("${EMPTY:-d}"), ("d".to_string(), true));
        assert_eq!(exp("${EMPTY-d}"), (String::new(), true));
        assert_eq!(exp("${SET:+alt}"), ("alt".to_string(), true));
        assert_eq!(exp("${NONE:+alt}"), (String::new(), true));
        assert_eq!(exp("$NONE"), (String::new(), false));
        assert_eq!(exp("${NONE:-${SET}}"), ("v".to_string(), true));
    }

    #[test]
    fn exec_form_only_for_valid_json() {
        let l = logical("[\"a\", \"b c\"]");
        let words = json_array(&l, 0).unwrap();
        assert_eq!(words[1].value, "b c");
        assert_eq!(words[1].range, TextRange::new(6, 11));
        assert!(json_array(&logical("['a', 'b']"), 0).is_none());
        assert!(json_array(&logical("[\"a\"] x"), 0).is_none());
        assert!(json_array(&logical("[]"), 0).unwrap().is_empty());
    }

    #[test]
    fn heredoc_markers() {
        let r = TextRange::default();
        let m = heredoc_marker("<<-\"EOT\"", r).unwrap();
        assert!(m.strip_tabs && m.quoted);
        assert_eq!(m.word, "EOT");
        assert!(heredoc_marker("<<<EOF", r).is_none());
        assert!(heredoc_marker("<<", r).is_none());
    }
}
