//! A tree-sitter grammar for Dockerfiles, written for Bulwark.
//!
//! Load it into a parser with
//! `parser.set_language(&tree_sitter_bulwark_dockerfile::LANGUAGE.into())`.
//! The node types are listed in this crate's README and in [`NODE_TYPES`].

use tree_sitter_language::LanguageFn;

// The grammar's C symbol is `tree_sitter_bulwark_dockerfile`, not
// `tree_sitter_dockerfile`, so that this crate can be linked beside the
// crates.io Dockerfile grammars.
#[allow(unsafe_code)]
unsafe extern "C" {
    fn tree_sitter_bulwark_dockerfile() -> *const ();
}

/// The tree-sitter language of Dockerfiles.
#[allow(unsafe_code)]
pub const LANGUAGE: LanguageFn = unsafe { LanguageFn::from_raw(tree_sitter_bulwark_dockerfile) };

/// The content of the grammar's `node-types.json`.
pub const NODE_TYPES: &str = include_str!("../../src/node-types.json");
