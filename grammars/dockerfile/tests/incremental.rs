//! Checks that reparsing after `Tree::edit` gives the tree a fresh parse
//! gives, byte range for byte range.
//!
//! The external scanner carries state from token to token (the escape
//! character, pending heredocs), and tree-sitter reuses old subtrees only
//! where that state matches; these tests edit the places where it changes.

mod common;

use tree_sitter::{InputEdit, Parser, Point, Tree};

const BASE: &str = "\
# syntax=docker/dockerfile:1
FROM --platform=$BUILDPLATFORM golang:1.22 AS build
ARG VERSION=1.0
ENV APP_HOME=/srv/app \\
    # a comment inside the continuation
    LOG_LEVEL=info
RUN apt-get update \\
    && apt-get install -y curl \\
    && rm -rf /var/lib/apt/lists/*
RUN <<EOF
set -eu
echo $VERSION
EOF
COPY <<-EOT /etc/motd
\thello
\tEOT
WORKDIR /srv/app
COPY --from=build --chown=1:1 /out/app /usr/local/bin/app
EXPOSE 8080/tcp
USER 10001
HEALTHCHECK --interval=30s CMD [\"/usr/local/bin/app\", \"health\"]
CMD [\"/usr/local/bin/app\"]
";

fn point_at(text: &[u8], byte: usize) -> Point {
    let before = &text[..byte];
    let row = before.iter().filter(|&&b| b == b'\n').count();
    let column = before.iter().rev().take_while(|&&b| b != b'\n').count();
    Point::new(row, column)
}

/// A document kept parsed incrementally, next to a parser for fresh parses.
struct Editor {
    text: Vec<u8>,
    tree: Tree,
    incremental: Parser,
    fresh: Parser,
}

impl Editor {
    fn new(text: &str) -> Self {
        let mut incremental = common::parser();
        let tree = incremental
            .parse(text, None)
            .expect("the parser returns a tree");
        Self {
            text: text.as_bytes().to_vec(),
            tree,
            incremental,
            fresh: common::parser(),
        }
    }

    /// Replaces `start..old_end` with `new_text`, reparses incrementally and
    /// returns the incremental and the fresh tree's dumps.
    fn edit(&mut self, start: usize, old_end: usize, new_text: &str) -> (String, String) {
        let new_end = start + new_text.len();
        let start_position = point_at(&self.text, start);
        let old_end_position = point_at(&self.text, old_end);
        self.text.splice(start..old_end, new_text.bytes());
        let edit = InputEdit {
            start_byte: start,
            old_end_byte: old_end,
            new_end_byte: new_end,
            start_position,
            old_end_position,
            new_end_position: point_at(&self.text, new_end),
        };
        self.tree.edit(&edit);
        self.tree = self
            .incremental
            .parse(&self.text, Some(&self.tree))
            .expect("the parser returns a tree");
        let fresh = self
            .fresh
            .parse(&self.text, None)
            .expect("the parser returns a tree");
        (
            common::dump(self.tree.root_node()),
            common::dump(fresh.root_node()),
        )
    }

    fn find(&self, needle: &str) -> usize {
        let text = String::from_utf8_lossy(&self.text);
        text.find(needle)
            .unwrap_or_else(|| panic!("`{needle}` is not in the document"))
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.text).into_owned()
    }
}

fn assert_same(editor: &Editor, (incremental, fresh): (String, String), what: &str) {
    assert!(
        incremental == fresh,
        "after {what}, the incremental tree differs from a fresh parse\n\ntext:\n{}\n\nincremental:\n{incremental}\nfresh:\n{fresh}",
        editor.text()
    );
}

#[test]
fn scripted_edits_match_a_fresh_parse() {
    let mut editor = Editor::new(BASE);
    let steps: &[(&str, &str, &str)] = &[
        // (what, text to find, replacement)
        ("retagging the base image", "golang:1.22", "golang:1.23"),
        (
            "switching the escape character to a backtick",
            "# syntax=docker/dockerfile:1\n",
            "# escape=`\n",
        ),
        ("switching it back", "# escape=`\n", "# escape=\\\n"),
        ("removing the directive", "# escape=\\\n", ""),
        ("breaking the heredoc terminator", "\nEOF\n", "\nEOX\n"),
        ("restoring the terminator", "\nEOX\n", "\nEOF\n"),
        (
            "opening a second heredoc on the RUN line",
            "RUN <<EOF\n",
            "RUN <<EOF cat <<TWO\n",
        ),
        (
            "adding its body",
            "echo $VERSION\nEOF\n",
            "echo $VERSION\nEOF\nsecond body\nTWO\n",
        ),
        (
            "joining WORKDIR with the next line",
            "WORKDIR /srv/app\n",
            "WORKDIR /srv/app \\\n",
        ),
        (
            "splitting it again",
            "WORKDIR /srv/app \\\n",
            "WORKDIR /srv/app\n",
        ),
        (
            "commenting inside a continuation",
            "    && rm -rf",
            "    # note\n    && rm -rf",
        ),
        (
            "turning CMD into shell form",
            "CMD [\"/usr/local/bin/app\"]",
            "CMD /usr/local/bin/app",
        ),
        (
            "half-typing an exec form",
            "CMD /usr/local/bin/app",
            "CMD [\"/usr/local/bin/app\",",
        ),
        ("using CRLF on one line", "USER 10001\n", "USER 10001\r\n"),
        ("lower-casing a keyword", "EXPOSE 8080", "expose 8080"),
    ];
    for (what, needle, replacement) in steps {
        let start = editor.find(needle);
        let result = editor.edit(start, start + needle.len(), replacement);
        assert_same(&editor, result, what);
    }
}

#[test]
fn typing_a_dockerfile_one_character_at_a_time_matches_a_fresh_parse() {
    let mut editor = Editor::new("");
    for (offset, ch) in BASE.char_indices() {
        let mut buffer = [0u8; 4];
        let result = editor.edit(offset, offset, ch.encode_utf8(&mut buffer));
        assert_same(&editor, result, &format!("typing byte {offset}"));
    }
    // And deleting it again from the front, which moves every line.
    while !editor.text.is_empty() {
        let result = editor.edit(0, 1, "");
        assert_same(&editor, result, "deleting the first byte");
    }
}

/// A small deterministic generator, so that a failure can be replayed.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }
}

#[test]
fn random_edits_match_a_fresh_parse() {
    const SNIPPETS: &[&str] = &[
        "\n",
        "\r\n",
        " ",
        "\\",
        "\\\n",
        "`",
        "`\n",
        "#",
        "# c\n",
        "\"",
        "'",
        "[",
        "]",
        "=",
        ":",
        "@",
        "--",
        "<<EOF",
        "<<-EOF ",
        "\nEOF\n",
        "EOF",
        "RUN ",
        "FROM a\n",
        "COPY <<X /x\n",
        "\nX\n",
        "# escape=`\n",
        "ENV A=1 ",
        "x",
        "\t",
    ];
    let mut random = XorShift(0x9E37_79B9_7F4A_7C15);
    let mut editor = Editor::new(BASE);
    for step in 0..3000 {
        if editor.text.len() > 4 * BASE.len() {
            editor = Editor::new(BASE);
        }
        let start = random.below(editor.text.len() + 1);
        let old_end = (start + random.below(6)).min(editor.text.len());
        let snippet = if random.below(3) == 0 {
            ""
        } else {
            SNIPPETS[random.below(SNIPPETS.len())]
        };
        let result = editor.edit(start, old_end, snippet);
        assert_same(
            &editor,
            result,
            &format!("random edit {step} ({start}..{old_end} -> {snippet:?})"),
        );
    }
}
