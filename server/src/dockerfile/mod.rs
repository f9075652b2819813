//! The Dockerfile model: stages, instructions, flags, arguments and variables.

pub mod grammar;

use tree_sitter::Tree;

use crate::syntax::SyntaxProblem;
use crate::text::TextRange;

/// A parsed Dockerfile, in the shape rules read.
#[derive(Debug, Default)]
pub struct Model {
    comments: Vec<TextRange>,
    problems: Vec<SyntaxProblem>,
}

impl Model {
    pub fn build(text: &str, tree: &Tree) -> Self {
        Self {
            comments: Vec::new(),
            problems: crate::syntax::problems(tree, text, 100),
        }
    }

    pub fn comments(&self) -> Vec<TextRange> {
        self.comments.clone()
    }

    pub fn scope_after(&self, _text: &str, _comment: TextRange) -> Option<TextRange> {
        None
    }

    pub fn syntax_problems(&self) -> Vec<SyntaxProblem> {
        self.problems.clone()
    }
}
