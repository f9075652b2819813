//! The sources and destination of COPY and ADD, shared by the rules that
//! judge what reaches a layer.

use crate::dockerfile::{Instruction, Keyword, Word};

/// Sources and destination of a COPY or ADD (heredoc sources left out).
pub struct Transfer<'a> {
    pub sources: Vec<&'a Word>,
    pub dest: Option<&'a Word>,
    /// True when the sources come from another stage or image (`--from`).
    pub from_elsewhere: bool,
}

pub fn transfer(ins: &Instruction) -> Option<Transfer<'_>> {
    if !matches!(ins.keyword, Keyword::Copy | Keyword::Add) {
        return None;
    }
    let operands = ins.operands();
    let (dest, sources) = operands.split_last()?;
    Some(Transfer {
        sources: sources
            .iter()
            .filter(|w| !(w.value.starts_with("<<") && !w.quoted))
            .collect(),
        dest: Some(dest),
        from_elsewhere: ins.flag("from").is_some(),
    })
}

/// True for a source that is the whole build context (`.`, `./`).
pub fn is_whole_context(source: &str) -> bool {
    crate::dockerignore::clean(source).is_empty() && !source.starts_with('/')
}

/// True for remote sources ADD downloads.
pub fn is_remote(source: &str) -> bool {
    let s = source.to_ascii_lowercase();
    s.starts_with("http://")
        || s.starts_with("https://")
        || s.starts_with("git@")
        || s.starts_with("git://")
}

/// True for local archives ADD unpacks (tar, optionally compressed).
pub fn is_archive(source: &str) -> bool {
    const ENDINGS: &[&str] = &[
        ".tar",
        ".tar.gz",
        ".tgz",
        ".tar.bz2",
        ".tbz2",
        ".tbz",
        ".tar.xz",
        ".txz",
        ".tar.zst",
        ".tar.lz",
        ".tar.lzma",
    ];
    let s = source.to_ascii_lowercase();
    ENDINGS.iter().any(|e| s.ends_with(e))
}

/// The last path component.
pub fn base_name(path: &str) -> &str {
    path.trim_end_matches('/')
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(path)
}

/// True when a file name is a credential file (not a template or a public
/// key: `.env.example`, `id_rsa.pub` and certificates are fine).
pub fn is_secret_file(path: &str) -> bool {
    let name = base_name(path).to_ascii_lowercase();
    const TEMPLATES: &[&str] = &[
        "example", "sample", "template", "dist", "defaults", "tmpl", "tpl",
    ];
    if name == ".env" || name.ends_with(".env") {
        return true;
    }
    if let Some(suffix) = name.strip_prefix(".env.") {
        return !TEMPLATES.iter().any(|t| suffix.split('.').any(|p| p == *t));
    }
    const EXACT: &[&str] = &[
        "id_rsa",
        "id_dsa",
        "id_ecdsa",
        "id_ed25519",
        ".npmrc",
        ".netrc",
        ".pypirc",
        ".git-credentials",
        ".pgpass",
        "kubeconfig",
        ".dockercfg",
        "credentials",
    ];
    if EXACT.contains(&name.as_str()) {
        return true;
    }
    if name.starts_with("credentials") && name.ends_with(".json") {
        return true;
    }
    [".pem", ".key", ".p12", ".pfx"]
        .iter()
        .any(|e| name.ends_with(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_files_and_lookalikes() {
        for f in [
            ".env",
            "deploy/id_rsa",
            "certs/server.key",
            "tls/client.pem",
            "config/credentials-prod.json",
            "ci/kubeconfig",
            ".netrc",
            ".env.production",
        ] {
            assert!(is_secret_file(f), "{f}");
        }
        for f in [
            ".env.example",
            "deploy/id_rsa.pub",
            "certs/ca.crt",
            "app/keys.py",
            "app/credentials_form.html",
        ] {
            assert!(!is_secret_file(f), "{f}");
        }
    }

    #[test]
    fn context_remote_archive() {
        assert!(is_whole_context("."));
        assert!(is_whole_context("./"));
        assert!(!is_whole_context("./src"));
        assert!(is_remote("https://x/y.tgz"));
        assert!(is_archive("vendor.tar.gz"));
        assert!(!is_archive("agent.zip"));
    }
}
