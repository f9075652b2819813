//! The YAML model: documents of typed nodes with resolved values and ranges.

use std::path::Path;

use tree_sitter::Tree;

use crate::format::{FileKind, Format};
use crate::syntax::SyntaxProblem;
use crate::text::TextRange;

/// A parsed YAML stream.
#[derive(Debug, Default)]
pub struct Model {
    problems: Vec<SyntaxProblem>,
}

impl Model {
    pub fn build(text: &str, tree: &Tree) -> Self {
        Self {
            problems: crate::syntax::problems(tree, text, 100),
        }
    }

    pub fn comments(&self) -> Vec<TextRange> {
        Vec::new()
    }

    pub fn scope_after(&self, _text: &str, _comment: TextRange) -> Option<TextRange> {
        None
    }

    pub fn syntax_problems(&self) -> Vec<SyntaxProblem> {
        self.problems.clone()
    }
}

/// Decides what a YAML file is from its kind and content.
pub fn detect_format(kind: FileKind, _model: &Model, _path: Option<&Path>) -> Option<Format> {
    match kind {
        FileKind::ComposeYaml => Some(Format::Compose),
        FileKind::HelmValuesYaml => Some(Format::HelmValues),
        _ => None,
    }
}
