//! The `.dockerignore` model: patterns in order, with their lines, and a
//! matcher with Docker's semantics.
//!
//! Docker reads each line as one pattern (a line whose first character is
//! `#` is a comment), trims it, drops a leading `!` into a negation flag,
//! cleans it like a path (`dir/` is `dir`, a leading `/` is dropped) and
//! matches it against the whole path from the context root: `*`, `?` and
//! `[...]` stay inside one path segment and `**` spans any number of them.
//! A path is excluded when the last pattern that matches it, or one of its
//! parent folders, is not a negation. This is not gitignore: `*.pem` only
//! matches at the root.

use globset::{GlobBuilder, GlobMatcher};

use crate::text::TextRange;

/// One pattern line.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// The 0-based line it is written on.
    pub line: usize,
    /// The line's text range, without its line break.
    pub range: TextRange,
    /// The pattern as Docker uses it: cleaned, without `!`.
    pub text: String,
    pub negated: bool,
    /// True when the line ended with `/` (Docker matches it the same way,
    /// but it tells that the author meant a folder).
    pub folder: bool,
    matcher: Option<GlobMatcher>,
}

impl Pattern {
    /// True when the pattern matches `path` itself (not through a parent).
    pub fn matches_path(&self, path: &str) -> bool {
        self.matcher.as_ref().is_some_and(|m| m.is_match(path))
    }

    /// True when the pattern matches `path` or one of its parent folders.
    pub fn matches(&self, path: &str) -> bool {
        if self.matches_path(path) {
            return true;
        }
        path.match_indices('/')
            .any(|(i, _)| self.matches_path(&path[..i]))
    }
}

/// How a path fares against the whole file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    pub excluded: bool,
    /// The last pattern that matched, by index.
    pub pattern: Option<usize>,
    /// True when that pattern matched the path itself, not a parent folder.
    pub direct: bool,
}

/// A parsed ignore file.
#[derive(Debug, Default)]
pub struct Model {
    pub patterns: Vec<Pattern>,
    comments: Vec<TextRange>,
}

impl Model {
    pub fn build(text: &str) -> Self {
        let mut model = Self::default();
        let mut start = 0;
        for (line, raw) in text.split('\n').enumerate() {
            let line_start = start;
            start += raw.len() + 1;
            let mut content = raw.strip_suffix('\r').unwrap_or(raw);
            let mut at = line_start;
            if line == 0
                && let Some(rest) = content.strip_prefix('\u{feff}')
            {
                at += '\u{feff}'.len_utf8();
                content = rest;
            }
            let range = TextRange::new(at, at + content.len());
            if content.starts_with('#') {
                model.comments.push(range);
                continue;
            }
            let trimmed = content.trim();
            if trimmed.is_empty() {
                continue;
            }
            let (negated, body) = match trimmed.strip_prefix('!') {
                Some(rest) => (true, rest.trim()),
                None => (false, trimmed),
            };
            let cleaned = clean(body);
            if cleaned.is_empty() {
                continue;
            }
            let matcher = GlobBuilder::new(&cleaned)
                .literal_separator(true)
                .backslash_escape(true)
                .build()
                .ok()
                .map(|g| g.compile_matcher());
            model.patterns.push(Pattern {
                line,
                range,
                text: cleaned,
                negated,
                folder: body.ends_with('/'),
                matcher,
            });
        }
        model
    }

    pub fn comments(&self) -> Vec<TextRange> {
        self.comments.clone()
    }

    /// The next pattern line after a comment.
    pub fn scope_after(&self, _text: &str, comment: TextRange) -> Option<TextRange> {
        self.patterns
            .iter()
            .find(|p| p.range.start >= comment.end)
            .map(|p| p.range)
    }

    /// Whether Docker leaves `path` (relative to the context root, `/`
    /// separated) out of the build context, and which pattern decided it.
    pub fn decide(&self, path: &str) -> Decision {
        let path = clean(path);
        for (i, p) in self.patterns.iter().enumerate().rev() {
            if p.matches_path(&path) {
                return Decision {
                    excluded: !p.negated,
                    pattern: Some(i),
                    direct: true,
                };
            }
            if p.matches(&path) {
                return Decision {
                    excluded: !p.negated,
                    pattern: Some(i),
                    direct: false,
                };
            }
        }
        Decision {
            excluded: false,
            pattern: None,
            direct: false,
        }
    }

    pub fn excluded(&self, path: &str) -> bool {
        self.decide(path).excluded
    }

    /// Folders where coverage should be checked: the root, plain and nested
    /// subfolders, and every folder a negation brings back (an allow-list's
    /// `!src/`), since those are where excluded files come back.
    pub fn probe_dirs(&self) -> Vec<String> {
        let mut dirs = vec![
            String::new(),
            "config".to_string(),
            "app/deploy".to_string(),
        ];
        for p in self.patterns.iter().filter(|p| p.negated) {
            let segments: Vec<&str> = p.text.split('/').collect();
            let literal = segments
                .iter()
                .take_while(|seg| !seg.contains(['*', '?', '[', '\\']))
                .count();
            // A fully literal pattern names a file unless it looks like a
            // folder (a trailing `/`, or a last segment without an extension).
            let last_is_file = literal == segments.len()
                && !p.folder
                && segments.last().is_some_and(|s| s.contains('.'));
            let depth = if last_is_file { literal - 1 } else { literal };
            for d in 1..=depth {
                let dir = segments[..d].join("/");
                if !dirs.contains(&dir) {
                    dirs.push(dir);
                }
            }
        }
        dirs
    }
}

/// Cleans a pattern or path the way Go's `filepath.Clean` does, then drops a
/// leading `/`: `./a//b/` is `a/b`, `/.git/` is `.git`.
pub fn clean(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if !path.starts_with('/') {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(text: &str) -> Model {
        Model::build(text)
    }

    #[test]
    fn patterns_comments_and_negations() {
        let text = "# c\n .git/ \n\n!keep\r\n  # not a comment\n/abs/x/\n";
        let model = m(text);
        let texts: Vec<_> = model.patterns.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, [".git", "keep", "# not a comment", "abs/x"]);
        assert!(model.patterns[1].negated);
        assert_eq!(model.patterns[1].line, 3);
        assert_eq!(
            &text[model.patterns[1].range.start..model.patterns[1].range.end],
            "!keep"
        );
        assert_eq!(model.comments().len(), 1);
    }

    #[test]
    fn anchored_at_the_root() {
        let model = m("*.pem\n.env*\n");
        assert!(model.excluded("a.pem"));
        assert!(!model.excluded("certs/a.pem"));
        assert!(model.excluded(".env.local"));
        assert!(!model.excluded("config/.env"));
    }

    #[test]
    fn double_star_spans_any_depth() {
        let model = m("**/*.key\n**/.env*\na/**/b\n");
        assert!(model.excluded("tls.key"));
        assert!(model.excluded("x/y/tls.key"));
        assert!(model.excluded("config/.env"));
        assert!(model.excluded("a/b"));
        assert!(model.excluded("a/x/y/b"));
        assert!(!model.excluded("c/b"));
    }

    #[test]
    fn single_star_stays_in_one_segment() {
        let model = m("docs/*.md\nx?z\n[ab]c\n");
        assert!(model.excluded("docs/a.md"));
        assert!(!model.excluded("docs/sub/a.md"));
        assert!(model.excluded("xyz"));
        assert!(!model.excluded("x/z"));
        assert!(model.excluded("bc"));
    }

    #[test]
    fn folders_exclude_their_contents() {
        let model = m("node_modules/\n/.git\n");
        assert!(model.excluded("node_modules/a/b.js"));
        assert!(model.excluded(".git/HEAD"));
        assert!(!model.excluded("src/node_modules/a"));
    }

    #[test]
    fn later_negation_reincludes() {
        let model = m("**/.env*\n!.env.example\n");
        assert!(!model.excluded(".env.example"));
        assert!(model.excluded(".env"));
        let d = model.decide(".env.example");
        assert_eq!((d.pattern, d.direct), (Some(1), true));
    }

    #[test]
    fn allow_lists_reinclude_folders() {
        let model = m("*\n!src/\n");
        assert!(model.excluded(".env"));
        assert!(!model.excluded("src/.env"));
        let d = model.decide("src/.env");
        assert_eq!((d.excluded, d.direct), (false, false));
        assert!(model.probe_dirs().contains(&"src".to_string()));
        let model = m("*\n!src/\n**/.env*\n");
        assert!(model.excluded("src/.env"));
    }

    #[test]
    fn equivalent_spellings() {
        let model = m("/.git/\n**/node_modules\n!.env.example\n");
        assert!(model.excluded(".git/HEAD"));
        assert!(model.excluded("node_modules/a/b.js"));
        assert!(model.excluded("x/node_modules/a"));
        assert!(!model.probe_dirs().contains(&".env.example".to_string()));
    }

    #[test]
    fn clean_matches_go() {
        assert_eq!(clean("./a//b/"), "a/b");
        assert_eq!(clean("/.git/"), ".git");
        assert_eq!(clean("a/../b"), "b");
        assert_eq!(clean("."), "");
    }
}
