//! The edit that silences one finding with a `# bulwark-ignore:` comment.
//!
//! A line suppression covers the next instruction (with its continuation
//! lines) or the next key's subtree, so the comment goes on its own line
//! before the instruction or key that holds the finding, indented like it.
//! Placing it before the finding's own line would be wrong inside a `RUN`
//! continuation, a heredoc body or a YAML block scalar, where a `#` line is
//! content rather than a comment.

use crate::analysis::Model;
use crate::document::Document;
use crate::finding::Edit;
use crate::text::floor_char_boundary;

/// An edit inserting `# bulwark-ignore: <rule>` before the instruction or
/// key that holds `offset`.
pub fn suppression_edit(doc: &Document, offset: usize, rule: &str) -> Edit {
    let text = doc.text();
    let offset = floor_char_boundary(text, offset);
    // The anchor comes from the model; flooring it keeps the slice below
    // on a character boundary whatever the model reports.
    let anchor = floor_char_boundary(
        text,
        anchor(&doc.analysis().model, offset)
            .unwrap_or(offset)
            .min(offset),
    );
    let line_start = text[..anchor].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..];
    let indent_len = line.len() - line.trim_start_matches([' ', '\t']).len();
    let indent = &line[..indent_len];
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    Edit::insert(
        line_start,
        format!("{indent}# bulwark-ignore: {rule}{newline}"),
    )
}

/// Where the construct holding `offset` starts: the instruction of a
/// Dockerfile, the innermost `key: value` pair of a YAML document.
fn anchor(model: &Model, offset: usize) -> Option<usize> {
    match model {
        Model::Dockerfile(model) => {
            let i = model
                .instructions
                .partition_point(|ins| ins.range.end <= offset);
            model
                .instructions
                .get(i)
                .filter(|ins| ins.range.start <= offset)
                .map(|ins| ins.range.start)
        }
        Model::Yaml(model) => model
            .documents()
            .filter_map(|d| d.root())
            .flat_map(|root| root.descendants())
            // A node reached through an alias reports the pair holding the
            // alias, which is where the text the finding points at is.
            .filter(|n| n.key_range().is_some() && n.pair_range().contains(offset))
            .map(|n| n.pair_range())
            .min_by_key(|r| r.len())
            .map(|r| r.start),
        Model::Dockerignore(_) | Model::None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::FileKind;

    fn suppressed(kind: FileKind, text: &str, at: &str) -> String {
        let doc = Document::new(None, kind, 1, text);
        let offset = text.find(at).expect("the marker text");
        let edit = suppression_edit(&doc, offset, "some-rule");
        let mut out = text.to_string();
        out.replace_range(edit.range.start..edit.range.end, &edit.new_text);
        out
    }

    #[test]
    fn before_the_instruction_not_inside_its_continuation() {
        let text = "FROM a\nRUN apt-get update && \\\n    sudo make\n";
        assert_eq!(
            suppressed(FileKind::Dockerfile, text, "sudo"),
            "FROM a\n# bulwark-ignore: some-rule\nRUN apt-get update && \\\n    sudo make\n"
        );
    }

    #[test]
    fn before_the_key_at_its_indentation() {
        let text = "spec:\n  containers:\n    - name: web\n      image: nginx\n";
        assert_eq!(
            suppressed(FileKind::Yaml, text, "nginx"),
            "spec:\n  containers:\n    - name: web\n      # bulwark-ignore: some-rule\n      image: nginx\n"
        );
        assert_eq!(
            suppressed(FileKind::Yaml, text, "name"),
            "spec:\n  containers:\n    # bulwark-ignore: some-rule\n    - name: web\n      image: nginx\n"
        );
    }

    #[test]
    fn block_scalar_content_is_not_split() {
        let text = "script: |\n  echo one\n  echo two\n";
        assert_eq!(
            suppressed(FileKind::Yaml, text, "echo two"),
            "# bulwark-ignore: some-rule\nscript: |\n  echo one\n  echo two\n"
        );
    }

    #[test]
    fn keeps_crlf_line_ends() {
        let text = ".git\r\n.env\r\n";
        assert_eq!(
            suppressed(FileKind::Dockerignore, text, ".env"),
            ".git\r\n# bulwark-ignore: some-rule\r\n.env\r\n"
        );
    }
}
