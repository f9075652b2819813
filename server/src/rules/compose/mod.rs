//! Rules for compose files.

use super::Rule;

/// This format's registry rows.
pub const RULES: &[Rule] = &[];
