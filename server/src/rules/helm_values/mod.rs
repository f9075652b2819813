//! Rules for helm values files.

use super::Rule;

/// This format's registry rows.
pub const RULES: &[Rule] = &[];
