//! `secret-in-run`: a RUN command embeds a literal credential.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::helpers;
use crate::dockerfile::{Command, Word};
use crate::finding::Finding;
use crate::rules::Context;
use crate::rules::secrets;

/// Files tools read credentials from.
const CREDENTIAL_FILES: &[&str] = &[
    ".netrc",
    ".npmrc",
    ".pypirc",
    ".git-credentials",
    ".pgpass",
    "credentials",
    ".yarnrc",
    ".yarnrc.yml",
];

/// A credential field followed by a literal value (`password X`,
/// `_authToken=X`), as written into those files.
static CREDENTIAL_FIELD: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r#"(?i)(?:password|passwd|_auth|_authtoken|_password|token|npmauthtoken)\s*[=: ]\s*([^\s$"'\\]+)"#).ok()
});

/// `Bearer <literal>` in a header.
static BEARER: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?i)\bbearer\s+([A-Za-z0-9._~+/-]{12,}=*)").ok());

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(model) = helpers::model(ctx) else {
        return;
    };

    let mut seen = HashSet::new();
    for ins in helpers::runs(model) {
        for command in &ins.commands {
            for (word, what) in credentials(ctx, command) {
                if !seen.insert(word.range) {
                    continue;
                }
                out.push(Finding::new(
                    "secret-in-run",
                    word.range,
                    format!(
                        "this RUN command embeds {what}, which stays in the layer and the build log; use `RUN --mount=type=secret` instead"
                    ),
                ));
            }
        }
    }
}

/// The words of a command that hold a literal credential, with what each is.
fn credentials<'c>(ctx: &Context<'_>, command: &'c Command) -> Vec<(&'c Word, String)> {
    let writes_credential_file = command
        .redirects
        .iter()
        .filter_map(|r| r.target.as_ref())
        .chain(command.name().filter(|n| n.value == "tee").into_iter())
        .chain(command.args().iter())
        .any(|w| {
            let base = crate::dockerfile::shell::base_name(&w.value);
            CREDENTIAL_FILES.contains(&base)
        });
    let mut out = Vec::new();
    for word in &command.words {
        if let Some(what) = embedded_secret(ctx, &word.value) {
            out.push((word, what));
            continue;
        }
        if let Some(a) = word.assignment()
            && !a.value.starts_with("$(")
            && ctx.is_literal_secret(a.name.trim_start_matches('-'), a.value)
        {
            out.push((word, format!("a literal value for `{}`", a.name)));
            continue;
        }
        if writes_credential_file
            && let Some(re) = CREDENTIAL_FIELD.as_ref()
            && re.captures(&word.value).is_some()
        {
            out.push((
                word,
                "a credential written into a credentials file".to_string(),
            ));
        }
    }
    out
}

/// A credential anywhere inside a word: a known token format, a URL with a
/// password, or a bearer token.
fn embedded_secret(ctx: &Context<'_>, value: &str) -> Option<String> {
    if ctx.config.secrets.is_allowed(value) {
        return None;
    }
    if secrets::has_url_password(value) {
        return Some("a URL with a password".to_string());
    }
    // The regex runs only on words that can match: most words of a RUN
    // hold no header at all.
    if value.len() > 18
        && value.to_ascii_lowercase().contains("bearer")
        && let Some(re) = BEARER.as_ref()
        && re.is_match(value)
    {
        return Some("a bearer token".to_string());
    }
    value
        .split(|c: char| c.is_whitespace() || matches!(c, '=' | '"' | '\'' | ',' | ';'))
        .find(|piece| !piece.is_empty() && ctx.looks_like_secret_value(piece))
        .map(|_| "a token literal".to_string())
}
