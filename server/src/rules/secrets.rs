//! Deciding whether a name and value hold a literal credential, for every
//! format that writes environment variables or settings (Dockerfile `ENV`
//! and `ARG`, compose `environment`, Kubernetes `env` and ConfigMaps, Helm
//! values).
//!
//! A finding needs a literal value: empty values, variable references and
//! template placeholders hold nothing. A secret-looking *name* with a literal
//! value counts, unless the name says the value is a location (`*_FILE`,
//! `*_PATH`, `*_URL`, ...) and the value carries no credential itself. A
//! secret-looking *value* counts under any name: a URL with a password in
//! it, a private key, or a token with a well-known vendor prefix.

use crate::config::SecretPatterns;

/// Words that, as a part of a variable name, say it holds a credential.
const SECRET_WORDS: &[&str] = &[
    "password",
    "passwd",
    "pwd",
    "secret",
    "token",
    "apikey",
    "api_key",
    "access_key",
    "accesskey",
    "private_key",
    "privatekey",
    "credential",
    "credentials",
    "auth",
    "passphrase",
    "client_secret",
    "signing_key",
    "encryption_key",
    "master_key",
];

/// Name endings that make the value a location rather than the secret.
const LOCATION_SUFFIXES: &[&str] = &[
    "_file",
    "_path",
    "_dir",
    "_url",
    "_uri",
    "_endpoint",
    "_host",
    "_name",
    "_ref",
    "_id",
    "_arn",
];

/// Name parts that make a secret word harmless: settings about a credential
/// (`TOKEN_TTL`, `AUTH_MODE`), who it is for or from (`TOKEN_AUDIENCE`,
/// `JWT_ISSUER`, `AUTH_SCOPE`) and where it is checked (`AUTH_SERVER`,
/// `TOKEN_URL_INTERNAL`). A value that is itself a credential (a URL with a
/// password, a vendor token) is still reported under such a name.
const HARMLESS_PARTS: &[&str] = &[
    "ttl",
    "timeout",
    "expiry",
    "expires",
    "length",
    "len",
    "type",
    "mode",
    "enabled",
    "method",
    "header",
    "policy",
    "format",
    "version",
    "lifetime",
    "duration",
    "provider",
    "audience",
    "aud",
    "issuer",
    "iss",
    "scope",
    "scopes",
    "realm",
    "algorithm",
    "alg",
    "url",
    "uri",
    "endpoint",
    "host",
    "port",
    "server",
    "interval",
    "rotation",
];

/// Token prefixes of well-known credential formats.
const TOKEN_PREFIXES: &[&str] = &[
    "AKIA",
    "ASIA",
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
    "github_pat_",
    "glpat-",
    "xoxb-",
    "xoxp-",
    "xoxa-",
    "xoxr-",
    "xoxs-",
    "sk_live_",
    "rk_live_",
    "pk_live_",
    "tok_live_",
    "sk-ant-",
    "AIza",
    "npm_",
    "pypi-",
    "dop_v1_",
    "SG.",
];

/// True when `name` (any case, `-`, `.` or `_` separated) says its value is
/// a credential.
pub fn is_secret_name(name: &str) -> bool {
    let lower: String = name
        .chars()
        .map(|c| match c {
            '-' | '.' | ' ' => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    let lower = split_camel(name, &lower);
    if LOCATION_SUFFIXES.iter().any(|s| lower.ends_with(s)) {
        return false;
    }
    // The shell's working directory variables, not passwords.
    if lower == "pwd" || lower == "oldpwd" {
        return false;
    }
    let parts: Vec<&str> = lower.split('_').filter(|p| !p.is_empty()).collect();
    let Some(first) = (0..parts.len()).find(|&i| secret_word_at(&parts, i)) else {
        return false;
    };
    // A harmless part after the secret word qualifies it (`TOKEN_AUDIENCE`
    // is about a token); one before it does not (`SERVER_PASSWORD` is a
    // password).
    !parts[first + 1..]
        .iter()
        .any(|p| HARMLESS_PARTS.contains(p))
}

/// True when a secret word starts at `parts[i]`.
fn secret_word_at(parts: &[&str], i: usize) -> bool {
    let Some(part) = parts.get(i) else {
        return false;
    };
    SECRET_WORDS.iter().any(|word| match word.split_once('_') {
        // Compound words (`api_key`) span parts; the first may end a longer
        // part (`xapi_key`).
        Some((head, _)) => {
            part.ends_with(head)
                && parts[i..]
                    .join("_")
                    .get(part.len() - head.len()..)
                    .is_some_and(|rest| rest.starts_with(word))
        }
        // Single words must be whole parts (or the end of a compound part
        // like `dbpassword`), so `author` or `pwdless` do not count.
        None => *part == *word || (part.ends_with(word) && word.len() >= 6),
    })
}

/// `camelCase` names split into `camel_case`, so `dbPassword` reads as
/// `db_password`.
fn split_camel(original: &str, lower: &str) -> String {
    if !original.chars().any(|c| c.is_ascii_lowercase())
        || !original.chars().any(|c| c.is_ascii_uppercase())
    {
        return lower.to_string();
    }
    let mut out = String::with_capacity(lower.len() + 4);
    let mut prev_lower = false;
    for c in original.chars() {
        if c.is_ascii_uppercase() && prev_lower {
            out.push('_');
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        out.push(match c {
            '-' | '.' | ' ' => '_',
            c => c.to_ascii_lowercase(),
        });
    }
    out
}

/// True for values that hold no literal: empty, a variable reference
/// (`$X`, `${X}`), a template (`{{ .Values.x }}`), an angle-bracket
/// placeholder, an all-asterisk mask, or a value encrypted by SOPS.
pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    v.is_empty()
        || v.starts_with('$')
        || v.contains("{{")
        || (v.starts_with('<') && v.ends_with('>'))
        || v.chars().all(|c| c == '*' || c == 'x' || c == 'X')
        || is_sops_encrypted(v)
}

/// True for a value SOPS has encrypted (`ENC[AES256_GCM,data:...,type:str]`):
/// ciphertext committed on purpose, readable only with the key, so not a
/// literal secret.
pub fn is_sops_encrypted(value: &str) -> bool {
    let v = value.trim();
    v.strip_prefix("ENC[")
        .and_then(|rest| rest.strip_suffix(']'))
        .is_some_and(|body| body.contains("data:") && body.contains(','))
}

/// True when the value itself is a credential whatever its name: a URL with
/// a password, a private key block, or a token with a vendor prefix.
pub fn looks_like_secret_value(value: &str) -> bool {
    let v = value.trim();
    if v.contains("-----BEGIN") && v.contains("PRIVATE KEY") {
        return true;
    }
    if has_url_password(v) {
        return true;
    }
    if is_aws_access_key_id(v) || is_jwt(v) {
        return true;
    }
    TOKEN_PREFIXES
        .iter()
        .any(|p| v.starts_with(p) && v.len() >= p.len() + 12 && is_token_text(&v[p.len()..]))
}

/// `AKIA`/`ASIA` and 16 upper-case letters or digits: an AWS access key id.
fn is_aws_access_key_id(v: &str) -> bool {
    v.len() == 20
        && (v.starts_with("AKIA") || v.starts_with("ASIA"))
        && v[4..]
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// Three base64url parts, the first two JSON objects (`eyJ`): a JWT.
fn is_jwt(v: &str) -> bool {
    let parts: Vec<&str> = v.split('.').collect();
    parts.len() == 3
        && parts[0].starts_with("eyJ")
        && parts[1].starts_with("eyJ")
        && parts.iter().all(|p| {
            p.len() >= 8
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
}

fn is_token_text(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | '+' | '='))
}

/// True for `scheme://user:password@host...` with a literal password.
pub fn has_url_password(value: &str) -> bool {
    let Some((_, rest)) = value.split_once("://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let Some((userinfo, host)) = authority.rsplit_once('@') else {
        return false;
    };
    let Some((_, password)) = userinfo.split_once(':') else {
        return false;
    };
    !host.is_empty() && !password.is_empty() && !is_placeholder(password)
}

/// True when values that are plain numbers or booleans sit under a secret
/// name (`PASSWORD_MIN: 8`): they are settings, not credentials.
fn is_trivial(value: &str) -> bool {
    let v = value.trim();
    v.parse::<f64>().is_ok()
        || matches!(
            v.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "none"
        )
}

/// [`is_literal_secret`] under the configuration's `secrets` settings: a
/// value an `allow` pattern matches in whole is never a secret, and one that
/// contains an `extra-patterns` match always is (unless it is a
/// placeholder). Rules call it through [`super::Context::is_literal_secret`].
pub fn is_literal_secret_with(patterns: &SecretPatterns, name: &str, value: &str) -> bool {
    if patterns.is_allowed(value) {
        return false;
    }
    if !is_placeholder(value) && patterns.is_extra_secret(value) {
        return true;
    }
    is_literal_secret(name, value)
}

/// [`looks_like_secret_value`] under the configuration's `secrets`
/// settings (see [`is_literal_secret_with`]).
pub fn looks_like_secret_value_with(patterns: &SecretPatterns, value: &str) -> bool {
    if patterns.is_allowed(value) {
        return false;
    }
    (!is_placeholder(value) && patterns.is_extra_secret(value)) || looks_like_secret_value(value)
}

/// True when `name = value` writes a literal credential, with the default
/// settings; rules use [`is_literal_secret_with`] so that the
/// configuration's `secrets` apply.
pub fn is_literal_secret(name: &str, value: &str) -> bool {
    if is_placeholder(value) {
        return false;
    }
    if looks_like_secret_value(value) {
        return true;
    }
    is_secret_name(name) && !is_trivial(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configured_patterns_allow_and_add() {
        let config = crate::config::Config::parse(
            "secrets:\n  allow: [\"Wint3r-is-c0ming\"]\n  extra-patterns: [\"acme_[a-z]{8}\"]\n",
            std::path::Path::new("x"),
        )
        .unwrap();
        let p = &config.secrets;
        assert!(is_literal_secret("DB_PASSWORD", "Wint3r-is-c0ming"));
        assert!(!is_literal_secret_with(
            p,
            "DB_PASSWORD",
            "Wint3r-is-c0ming"
        ));
        assert!(is_literal_secret_with(p, "DB_PASSWORD", "other-value"));
        assert!(!is_literal_secret("NOTE", "id acme_abcdefgh"));
        assert!(is_literal_secret_with(p, "NOTE", "id acme_abcdefgh"));
        assert!(looks_like_secret_value_with(p, "acme_abcdefgh"));
        assert!(!looks_like_secret_value_with(p, "${TOKEN}"));
    }

    #[test]
    fn secret_names() {
        for name in [
            "DB_PASSWORD",
            "API_TOKEN",
            "AWS_SECRET_ACCESS_KEY",
            "client-secret",
            "dbPassword",
            "SMTP_PASSWORD",
            "PASSWD",
            "GITHUB_TOKEN",
            "api-token",
            "password",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in [
            "DB_PASSWORD_FILE",
            "DB_HOST",
            "LOG_LEVEL",
            "AUTHOR",
            "TOKEN_TTL",
            "SECRET_NAME",
            "VAULT_TOKEN_PATH",
            "AUTH_URL",
            "TOKEN_AUDIENCE",
            "JWT_ISSUER",
            "OIDC_CLIENT_SECRET_URL",
            "AUTH_SCOPE",
            "TOKEN_URL_INTERNAL",
            "AUTH_SERVER",
            "API_KEY_HEADER",
            "PASSWORD_POLICY",
            "tokenAudience",
            "SECRET_ARN",
            "DB_PASSWORD_ARN",
        ] {
            assert!(!is_secret_name(name), "{name}");
        }
        for name in ["SERVER_PASSWORD", "HOST_TOKEN", "X_API_KEY", "MY_API_KEYS"] {
            assert!(is_secret_name(name), "{name}");
        }
    }

    #[test]
    fn literal_secrets() {
        assert!(is_literal_secret("DB_PASSWORD", "Wint3r-is-c0ming"));
        assert!(is_literal_secret(
            "UPSTREAM",
            "https://svc:Kp2wQ9zR@upstream.internal/api"
        ));
        assert!(is_literal_secret(
            "DATABASE_URL",
            "postgres://user:pass@db:5432/app"
        ));
        assert!(is_literal_secret(
            "X",
            "ghp_abcdefghijklmnopqrstuvwxyz0123456789"
        ));
        assert!(!is_literal_secret("DB_PASSWORD", ""));
        assert!(!is_literal_secret("DB_PASSWORD", "${DB_PASSWORD}"));
        assert!(!is_literal_secret("DB_PASSWORD", "{{ .Values.password }}"));
        assert!(!is_literal_secret("DB_PASSWORD_FILE", "/run/secrets/db"));
        assert!(!is_literal_secret(
            "UPSTREAM",
            "https://upstream.internal/api"
        ));
        assert!(!is_literal_secret("LOG_LEVEL", "debug"));
        assert!(!is_literal_secret("PASSWORD_MIN", "8"));
        assert!(is_literal_secret("UPLOAD_ID", "AKIAJ7Q2W5RZ8XK3M4PL"));
        assert!(is_literal_secret(
            "SESSION",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
        ));
        assert!(!is_literal_secret("UPLOAD_ID", "AKIA-not-a-key"));
        assert!(!is_literal_secret("TOKEN_AUDIENCE", "payments"));
        // A credential-shaped value under a harmless name still counts.
        assert!(is_literal_secret(
            "AUTH_SERVER",
            "https://svc:Kp2wQ9zR@auth.internal/"
        ));
        assert!(is_literal_secret("API_TOKEN", "payments"));
    }

    #[test]
    fn sops_ciphertext_is_not_a_literal() {
        let enc = "ENC[AES256_GCM,data:Tr7o1f3Q,iv:1T2x,tag:Jk9Q==,type:str]";
        assert!(is_sops_encrypted(enc));
        assert!(!is_literal_secret("DB_PASSWORD", enc));
        assert!(!is_sops_encrypted("ENC[not sops]"));
        assert!(is_literal_secret("DB_PASSWORD", "ENC[not sops]"));
    }
}
