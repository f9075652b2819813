//! Rules for dockerfile files.

use super::Rule;

/// This format's registry rows.
pub const RULES: &[Rule] = &[];
