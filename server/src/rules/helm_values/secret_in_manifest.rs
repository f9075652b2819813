//! `secret-in-manifest` for Helm values: a literal credential written as a
//! value (`password: ...`, `apiKey: ...`, an `env` entry's `value`).
//!
//! Charts name the Secrets and keys they read credentials from with
//! secret-sounding keys (`existingSecret`, `passwordKey`,
//! `secretKeys.adminPasswordKey`); those values are references, not
//! credentials. Empty values are the chart's "generate one" default.

use super::helpers::values;
use crate::finding::Finding;
use crate::rules::Context;

const RULE: &str = "secret-in-manifest";

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(values) = values(ctx) else {
        return;
    };

    // A credential written in the values is committed even when the
    // component that reads it is switched off, so every pair counts.
    for pair in values.pairs() {
        if pair.parent_key.is_some_and(is_reference_block) {
            continue;
        }
        let (name, value) = if pair.key == "value" {
            // An `env` entry: `- name: DB_PASSWORD` / `value: ...`.
            match pair.parent.get("name").and_then(|n| n.as_str()) {
                Some(name) => (name, pair.value),
                None => continue,
            }
        } else {
            (pair.key, pair.value)
        };
        if is_reference_name(name) {
            continue;
        }
        let Some(text) = value.as_str() else { continue };
        if !ctx.is_literal_secret(name, text) {
            continue;
        }

        let message = format!(
            "`{name}` holds a literal secret in the chart's values; reference an existing Secret (`existingSecret`) or pass it at install time"
        );
        out.push(Finding::new(RULE, value.pair_range(), message));
    }
}

/// Keys whose value names a Secret or a key inside one.
fn is_reference_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with("existing")
        || lower.ends_with("passwordkey")
        || lower.ends_with("tokenkey")
        || lower.ends_with("secretkeyref")
        || lower.ends_with("secretref")
        || lower.ends_with("secretname")
}

/// Mappings whose values are all key names (`auth.secretKeys`).
fn is_reference_block(key: &str) -> bool {
    matches!(
        key.to_ascii_lowercase().as_str(),
        "secretkeys" | "secretkeyref" | "valuefrom"
    )
}
