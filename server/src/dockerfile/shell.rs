//! A shell view of RUN: simple commands with quote-aware words.
//!
//! This is not a shell parser. It splits a script into simple commands at
//! `&&`, `||`, `;`, `|`, `&`, parentheses and line breaks, reads words the way
//! `sh` quotes them (the unquoted value plus the word's range in the
//! document) and keeps redirections apart, which is what rules ask: "which
//! program runs, with which arguments, piped into what".

use crate::dockerfile::lexer::Word;
use crate::text::TextRange;

/// What follows a simple command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sep {
    And,
    Or,
    Pipe,
    /// `;`, `&`, a parenthesis or a line break.
    Seq,
    End,
}

/// A redirection such as `> .npmrc` or `2>&1`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    pub op: String,
    pub target: Option<Word>,
}

/// One simple command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    pub words: Vec<Word>,
    pub redirects: Vec<Redirect>,
    /// The separator after the command.
    pub sep: Sep,
}

/// Words that open or close compound commands rather than name a program.
const KEYWORDS: &[&str] = &[
    "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}", "time",
];

/// Programs that run the command written after them.
const WRAPPERS: &[&str] = &["sudo", "env", "nohup", "exec", "command", "nice", "doas"];

impl Command {
    /// The index of the word that names the program, past assignments and
    /// compound-command keywords.
    fn name_index(&self) -> Option<usize> {
        self.words.iter().position(|w| {
            !(is_assignment(w) || (!w.quoted && KEYWORDS.contains(&w.value.as_str())))
        })
    }

    /// The word that names the program (`sudo` in `sudo apt-get ...`).
    pub fn name(&self) -> Option<&Word> {
        self.words.get(self.name_index()?)
    }

    /// The arguments after the program name.
    pub fn args(&self) -> &[Word] {
        match self.name_index() {
            Some(i) => &self.words[i + 1..],
            None => &[],
        }
    }

    /// The program and its arguments once wrappers that run another command
    /// (`sudo`, `env`, `nohup`, ...) with their options are skipped.
    pub fn program(&self) -> &[Word] {
        let Some(mut i) = self.name_index() else {
            return &[];
        };
        while let Some(w) = self.words.get(i) {
            let name = base_name(&w.value);
            if !WRAPPERS.contains(&name) {
                break;
            }
            i += 1;
            while let Some(w) = self.words.get(i) {
                if is_assignment(w) {
                    i += 1;
                } else if w.value.starts_with('-') {
                    // Options of sudo that take a value.
                    let takes = name == "sudo"
                        && matches!(w.value.as_str(), "-u" | "-g" | "-C" | "-D" | "-h" | "-p");
                    i += if takes { 2 } else { 1 };
                } else {
                    break;
                }
            }
        }
        self.words.get(i..).unwrap_or(&[])
    }

    /// The program's name without its directory (`/usr/bin/pip3` → `pip3`).
    pub fn program_name(&self) -> Option<&str> {
        self.program().first().map(|w| base_name(&w.value))
    }

    /// The range from the first word to the last word or redirection.
    pub fn range(&self) -> Option<TextRange> {
        let first = self.words.first()?.range;
        let last = self
            .redirects
            .iter()
            .filter_map(|r| r.target.as_ref())
            .map(|w| w.range.end)
            .chain(self.words.last().map(|w| w.range.end))
            .max()
            .unwrap_or(first.end);
        Some(TextRange::new(first.start, last.max(first.end)))
    }
}

/// The last path component of a program name.
pub fn base_name(value: &str) -> &str {
    value.rsplit('/').next().unwrap_or(value)
}

fn is_assignment(w: &Word) -> bool {
    w.assignment().is_some_and(|a| {
        let mut chars = a.name.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// Splits a script into simple commands. `map` turns a byte offset of
/// `src` into a document offset (the script may be a joined logical line).
pub fn parse(src: &str, map: &dyn Fn(usize) -> usize, out: &mut Vec<Command>) {
    let bytes = src.as_bytes();
    let mut i = 0;
    let mut current = Command {
        words: Vec::new(),
        redirects: Vec::new(),
        sep: Sep::End,
    };
    let finish = |current: &mut Command, sep: Sep, out: &mut Vec<Command>| {
        if current.words.is_empty() && current.redirects.is_empty() {
            return;
        }
        current.sep = sep;
        out.push(std::mem::replace(
            current,
            Command {
                words: Vec::new(),
                redirects: Vec::new(),
                sep: Sep::End,
            },
        ));
    };
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b' ' | b'\t' | b'\r' => i += 1,
            b'\\' if bytes.get(i + 1) == Some(&b'\n') => i += 2,
            b'\\' if bytes.get(i + 1) == Some(&b'\r') && bytes.get(i + 2) == Some(&b'\n') => {
                i += 3;
            }
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'\n' | b';' | b'(' | b')' => {
                finish(&mut current, Sep::Seq, out);
                i += 1;
            }
            b'&' if bytes.get(i + 1) == Some(&b'&') => {
                finish(&mut current, Sep::And, out);
                i += 2;
            }
            b'|' if bytes.get(i + 1) == Some(&b'|') => {
                finish(&mut current, Sep::Or, out);
                i += 2;
            }
            b'|' => {
                finish(&mut current, Sep::Pipe, out);
                i += if bytes.get(i + 1) == Some(&b'&') {
                    2
                } else {
                    1
                };
            }
            b'&' if bytes.get(i + 1) != Some(&b'>') => {
                finish(&mut current, Sep::Seq, out);
                i += 1;
            }
            _ if redirect_len(&bytes[i..]) > 0 => {
                let len = redirect_len(&bytes[i..]);
                let op = src[i..i + len].to_string();
                i += len;
                while matches!(bytes.get(i), Some(b' ' | b'\t')) {
                    i += 1;
                }
                let target = if i < bytes.len() && !is_operator(bytes[i]) {
                    let (w, end) = shell_word(src, i, map);
                    i = end;
                    Some(w)
                } else {
                    None
                };
                current.redirects.push(Redirect { op, target });
            }
            _ => {
                let (w, end) = shell_word(src, i, map);
                // A word that reads nothing would loop forever; skip a byte.
                i = if end > i { end } else { i + 1 };
                current.words.push(w);
            }
        }
    }
    finish(&mut current, Sep::End, out);
}

fn is_operator(b: u8) -> bool {
    matches!(b, b'\n' | b';' | b'&' | b'|' | b'(' | b')' | b'<' | b'>')
}

/// The length of a redirection operator at the start of `b` (`>`, `>>`,
/// `2>`, `&>`, `<<-`, `>&`, ...), or 0.
fn redirect_len(b: &[u8]) -> usize {
    let mut i = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i == 0 && b.first() == Some(&b'&') && b.get(1) == Some(&b'>') {
        i = 1;
    }
    let start = i;
    match b.get(i) {
        Some(b'>') => {
            i += 1;
            if matches!(b.get(i), Some(b'>' | b'&' | b'|')) {
                i += 1;
            }
        }
        Some(b'<') => {
            i += 1;
            if b.get(i) == Some(&b'<') {
                i += 1;
                if matches!(b.get(i), Some(b'-' | b'<')) {
                    i += 1;
                }
            } else if matches!(b.get(i), Some(b'&' | b'>')) {
                i += 1;
            }
        }
        _ => return 0,
    }
    if i == start { 0 } else { i }
}

/// Reads one shell word from byte `at`; returns it and the offset after it.
fn shell_word(src: &str, at: usize, map: &dyn Fn(usize) -> usize) -> (Word, usize) {
    let mut value = String::new();
    let mut quoted = false;
    let mut eq = None;
    let mut i = at;
    let bytes = src.as_bytes();
    while i < bytes.len() {
        let Some(c) = src[i..].chars().next() else {
            break;
        };
        match c {
            ' ' | '\t' | '\r' | '\n' | ';' | '&' | '|' | '(' | ')' | '<' | '>' => break,
            '\\' => {
                match src[i + 1..].chars().next() {
                    Some('\n') => i += 2,
                    Some(n) => {
                        value.push(n);
                        i += 1 + n.len_utf8();
                    }
                    None => i += 1,
                }
                continue;
            }
            '\'' => {
                quoted = true;
                let end = src[i + 1..].find('\'').map_or(src.len(), |e| i + 1 + e);
                value.push_str(&src[i + 1..end]);
                i = (end + 1).min(src.len());
                continue;
            }
            '"' => {
                quoted = true;
                i += 1;
                while i < bytes.len() {
                    let Some(d) = src[i..].chars().next() else {
                        break;
                    };
                    match d {
                        '"' => {
                            i += 1;
                            break;
                        }
                        '\\' => match src[i + 1..].chars().next() {
                            Some('\n') => i += 2,
                            Some(n @ ('"' | '\\' | '$' | '`')) => {
                                value.push(n);
                                i += 2;
                            }
                            _ => {
                                value.push('\\');
                                i += 1;
                            }
                        },
                        '$' if src[i..].starts_with("$(") => {
                            let end = balanced(src, i + 1, b'(', b')');
                            value.push_str(&src[i..end]);
                            i = end;
                        }
                        d => {
                            value.push(d);
                            i += d.len_utf8();
                        }
                    }
                }
                continue;
            }
            '$' if src[i..].starts_with("$(") => {
                let end = balanced(src, i + 1, b'(', b')');
                value.push_str(&src[i..end]);
                i = end;
                continue;
            }
            '$' if src[i..].starts_with("${") => {
                let end = balanced(src, i + 1, b'{', b'}');
                value.push_str(&src[i..end]);
                i = end;
                continue;
            }
            '`' => {
                let end = src[i + 1..].find('`').map_or(src.len(), |e| i + 2 + e);
                value.push_str(&src[i..end]);
                i = end;
                continue;
            }
            '=' if eq.is_none() && !quoted => {
                eq = Some((value.len(), value.len(), map(i)));
            }
            _ => {}
        }
        value.push(c);
        i += c.len_utf8();
    }
    let start = map(at);
    let end = if i > at { map(i - 1) + 1 } else { start };
    let mut word = Word::plain(value, TextRange::new(start, end.max(start)), quoted);
    word.set_eq(eq);
    (word, i)
}

/// The offset after the bracket that closes the one at `open_at`,
/// skipping quoted text; the end of `src` when it never closes.
fn balanced(src: &str, open_at: usize, open: u8, close: u8) -> usize {
    let bytes = src.as_bytes();
    let mut depth = 0usize;
    let mut i = open_at;
    let mut quote: Option<u8> = None;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(b'"') if b == b'\\' => i += 1,
            Some(_) => {}
            None if b == b'\'' || b == b'"' => quote = Some(b),
            None if b == b'\\' => i += 1,
            None if b == open => depth += 1,
            None if b == close => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            None => {}
        }
        i += 1;
    }
    src.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commands(src: &str) -> Vec<Command> {
        let mut out = Vec::new();
        parse(src, &|i| i, &mut out);
        out
    }

    fn names(cmds: &[Command]) -> Vec<String> {
        cmds.iter()
            .map(|c| {
                c.words
                    .iter()
                    .map(|w| w.value.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    #[test]
    fn splits_on_operators() {
        let cmds = commands("a x && b 'y z'|c; d || e\nf &\ng");
        assert_eq!(names(&cmds), ["a x", "b y z", "c", "d", "e", "f", "g"]);
        assert_eq!(cmds[1].sep, Sep::Pipe);
        assert_eq!(cmds[0].sep, Sep::And);
    }

    #[test]
    fn words_keep_ranges_and_substitutions() {
        let src = r#"TOKEN="$(cat /run/x)" npm ci > "a b" 2>&1"#;
        let cmds = commands(src);
        assert_eq!(cmds.len(), 1);
        let c = &cmds[0];
        assert_eq!(c.name().unwrap().value, "npm");
        assert_eq!(c.words[0].assignment().unwrap().value, "$(cat /run/x)");
        assert_eq!(c.redirects[0].target.as_ref().unwrap().value, "a b");
        assert_eq!(c.redirects[1].op, "2>&");
        let npm = &c.words[1];
        assert_eq!(&src[npm.range.start..npm.range.end], "npm");
    }

    #[test]
    fn program_skips_wrappers_and_comments() {
        let cmds =
            commands("sudo -u app env A=1 apt-get install x # y && z\nif true; then rm f; fi");
        assert_eq!(cmds[0].program_name(), Some("apt-get"));
        assert_eq!(cmds.len(), 4);
        assert_eq!(cmds[2].name().unwrap().value, "rm");
    }

    #[test]
    fn continuation_inside_scripts() {
        let cmds = commands("apt-get update \\\n  && apt-get install -y \\\n  curl\n");
        assert_eq!(names(&cmds), ["apt-get update", "apt-get install -y curl"]);
    }
}
