//! The tree-sitter grammar Dockerfiles are parsed with.
//!
//! Known gap: this is the crates.io `tree-sitter-dockerfile-updated`
//! grammar, which turns the rest of a file into one error after a backtick
//! continuation under `# escape=` and after a `\` before CRLF. The model
//! reads only the top-level instruction nodes, so swapping in the project's
//! own grammar changes nothing else.

use tree_sitter::Language;

pub fn language() -> Language {
    tree_sitter_dockerfile_updated::language()
}
