//! The tree-sitter grammar Dockerfiles are parsed with: the project's own,
//! in `grammars/dockerfile`, which handles the `# escape=` directive,
//! continuations before CRLF and heredocs in its external scanner.

use tree_sitter::Language;

pub fn language() -> Language {
    tree_sitter_bulwark_dockerfile::LANGUAGE.into()
}
