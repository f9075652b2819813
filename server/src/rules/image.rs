//! Image references, parsed the way container runtimes read them, for every
//! format that names images (Dockerfile `FROM`, compose `image:`, Kubernetes
//! `image:`, Helm `image.repository`/`tag`).
//!
//! A reference is `[registry[:port]/]path[:tag][@digest]`. The first path
//! component is a registry only when it looks like a host (has a `.` or a
//! `:`, or is `localhost`); otherwise the image is on Docker Hub, which is
//! reported as `docker.io`.

use std::borrow::Cow;

/// The host Docker Hub references resolve to.
pub const DOCKER_HUB: &str = "docker.io";

/// A parsed image reference, borrowing from the text it was parsed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageRef<'a> {
    /// The registry as written (`registry.local:5000`), `None` for Docker Hub
    /// references that name no registry.
    pub registry: Option<&'a str>,
    /// The repository path without registry, tag or digest (`library/nginx`
    /// is written `nginx`, and kept as written).
    pub repository: &'a str,
    pub tag: Option<&'a str>,
    /// The digest after `@` (`sha256:...`).
    pub digest: Option<&'a str>,
}

impl<'a> ImageRef<'a> {
    /// Parses a reference; `None` for text that cannot be one (empty, spaces,
    /// an unresolved variable).
    pub fn parse(text: &'a str) -> Option<Self> {
        let text = text.trim();
        if text.is_empty() || text.contains(char::is_whitespace) || text.contains('$') {
            return None;
        }
        let (rest, digest) = match text.split_once('@') {
            Some((rest, digest)) => (rest, Some(digest).filter(|d| !d.is_empty())),
            None => (text, None),
        };
        let (registry, path) = match rest.split_once('/') {
            Some((first, path))
                if first.contains('.') || first.contains(':') || first == "localhost" =>
            {
                (Some(first), path)
            }
            _ => (None, rest),
        };
        let last_slash = path.rfind('/').map_or(0, |i| i + 1);
        let (repository, tag) = match path[last_slash..].rfind(':') {
            Some(i) => {
                let at = last_slash + i;
                (&path[..at], Some(&path[at + 1..]).filter(|t| !t.is_empty()))
            }
            None => (path, None),
        };
        if repository.is_empty() {
            return None;
        }
        Some(Self {
            registry,
            repository,
            tag,
            digest,
        })
    }

    /// The registry host the image is pulled from, with Docker Hub's aliases
    /// folded into [`DOCKER_HUB`].
    pub fn registry_host(&self) -> &'a str {
        match self.registry {
            None | Some("index.docker.io" | "registry-1.docker.io" | "registry.hub.docker.com") => {
                DOCKER_HUB
            }
            Some(host) => host,
        }
    }

    /// True when the tag is absent or `latest` and no digest pins the image.
    pub fn is_latest(&self) -> bool {
        self.digest.is_none() && self.tag.is_none_or(|t| t == "latest")
    }

    /// True when a digest pins the image.
    pub fn is_pinned(&self) -> bool {
        self.digest.is_some()
    }

    /// True when `trusted` (registry hosts, compared exactly; `docker.io`
    /// stands for Docker Hub) lists the image's registry.
    pub fn is_trusted(&self, trusted: &[String]) -> bool {
        let host = self.registry_host();
        trusted.iter().any(|t| t.trim_end_matches('/') == host)
    }
}

/// Resolves `${VAR:-default}`, `${VAR-default}` and `${VAR:=default}` to
/// their defaults, the value a reference has when the variable is unset.
/// `None` when a variable without a default remains (`$TAG`, `${TAG}`,
/// `${TAG:?err}`): its value is unknown.
pub fn resolve_defaults(text: &str) -> Option<Cow<'_, str>> {
    if !text.contains('$') {
        return Some(Cow::Borrowed(text));
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if let Some(escaped) = after.strip_prefix('$') {
            // `$$` is a literal dollar in compose.
            out.push('$');
            rest = escaped;
            continue;
        }
        let body = after.strip_prefix('{')?;
        let end = matching_brace(body)?;
        let inner = &body[..end];
        let name_end = inner
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(inner.len());
        let op = &inner[name_end..];
        let default = op
            .strip_prefix(":-")
            .or_else(|| op.strip_prefix('-'))
            .or_else(|| op.strip_prefix(":="))
            .or_else(|| op.strip_prefix('='))?;
        out.push_str(&resolve_defaults(default)?);
        rest = &body[end + 1..];
    }
    out.push_str(rest);
    Some(Cow::Owned(out))
}

fn matching_brace(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => return Some(i),
            '}' => depth -= 1,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_references() {
        let r = ImageRef::parse("nginx").unwrap();
        assert_eq!(
            (r.registry, r.repository, r.tag, r.digest),
            (None, "nginx", None, None)
        );
        assert!(r.is_latest());
        assert_eq!(r.registry_host(), "docker.io");

        let r = ImageRef::parse("registry.local:5000/shop/api").unwrap();
        assert_eq!(r.registry, Some("registry.local:5000"));
        assert_eq!(r.repository, "shop/api");
        assert_eq!(r.tag, None);

        let r = ImageRef::parse("registry.local:5000/shop/api:2.3.1").unwrap();
        assert_eq!(r.tag, Some("2.3.1"));
        assert!(!r.is_latest());

        let r = ImageRef::parse("nginx:1.25@sha256:abc").unwrap();
        assert_eq!((r.tag, r.digest), (Some("1.25"), Some("sha256:abc")));
        assert!(r.is_pinned() && !r.is_latest());

        let r = ImageRef::parse("localhost/app:latest").unwrap();
        assert_eq!(r.registry, Some("localhost"));
        assert!(r.is_latest());

        let r = ImageRef::parse("library/redis:7").unwrap();
        assert_eq!(r.registry_host(), "docker.io");
        assert_eq!(r.repository, "library/redis");

        assert!(ImageRef::parse("").is_none());
        assert!(ImageRef::parse("${IMAGE}").is_none());
    }

    #[test]
    fn trusted_registries() {
        let trusted = vec!["registry.example.com".to_string(), "docker.io".to_string()];
        assert!(ImageRef::parse("nginx:1").unwrap().is_trusted(&trusted));
        assert!(
            ImageRef::parse("registry.example.com/a:1")
                .unwrap()
                .is_trusted(&trusted)
        );
        assert!(
            !ImageRef::parse("gcr.io/a/b:1")
                .unwrap()
                .is_trusted(&trusted)
        );
        assert!(
            !ImageRef::parse("registry.example.com.evil.io/a:1")
                .unwrap()
                .is_trusted(&trusted)
        );
    }

    #[test]
    fn variable_defaults() {
        assert_eq!(
            resolve_defaults("app:${TAG:-latest}").unwrap(),
            "app:latest"
        );
        assert_eq!(
            resolve_defaults("${REG-docker.io}/app:1").unwrap(),
            "docker.io/app:1"
        );
        assert_eq!(resolve_defaults("app:1").unwrap(), "app:1");
        assert!(resolve_defaults("app:${TAG}").is_none());
        assert!(resolve_defaults("app:$TAG").is_none());
        assert!(resolve_defaults("app:${TAG:?required}").is_none());
    }
}
