//! The `.dockerignore` model: patterns in order, with their lines.

use crate::text::TextRange;

/// A parsed ignore file.
#[derive(Debug, Default)]
pub struct Model {
    comments: Vec<TextRange>,
}

impl Model {
    pub fn build(_text: &str) -> Self {
        Self::default()
    }

    pub fn comments(&self) -> Vec<TextRange> {
        self.comments.clone()
    }

    pub fn scope_after(&self, _text: &str, _comment: TextRange) -> Option<TextRange> {
        None
    }
}
