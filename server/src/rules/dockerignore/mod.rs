//! Rules for dockerignore files.

pub mod coverage;
mod dockerignore_incomplete;

use super::Rule;
use crate::format::Format;

/// This format's registry rows.
pub const RULES: &[Rule] = &[Rule {
    name: "dockerignore-incomplete",
    formats: &[Format::Dockerignore],
    check: dockerignore_incomplete::check,
}];
