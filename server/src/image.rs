//! Container image references: `[registry/]repository[:tag][@digest]`.
//!
//! Format-neutral, so the Dockerfile model and the YAML formats (compose
//! `image:`, Kubernetes `image:`, Helm `repository`/`tag`) judge references
//! the same way. Offsets are byte offsets into the reference string.

use std::borrow::Cow;
use std::ops::Range;

/// The registry Docker uses for references without a registry part.
pub const DOCKER_HUB: &str = "docker.io";

/// A parsed image reference. Every part is a byte range of `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    pub text: String,
    pub registry: Option<Range<usize>>,
    pub repository: Range<usize>,
    /// The tag without its `:`.
    pub tag: Option<Range<usize>>,
    /// The digest without its `@` (`sha256:...`).
    pub digest: Option<Range<usize>>,
}

impl ImageRef {
    /// Splits a reference the way Docker does: the first path component is a
    /// registry when it holds a `.` or a `:` or is `localhost`, so the `:5000`
    /// of `registry.local:5000/app` is a port, never a tag.
    pub fn parse(text: &str) -> Option<Self> {
        let trimmed = text.trim();
        if trimmed.is_empty() || trimmed.chars().any(char::is_whitespace) {
            return None;
        }
        let lead = text.len() - text.trim_start().len();
        let end = lead + trimmed.len();
        let (name_end, digest) = match text[lead..end].find('@') {
            Some(at) => (lead + at, Some(lead + at + 1..end)),
            None => (end, None),
        };
        let name = &text[lead..name_end];
        let (registry, path_start) = match name.find('/') {
            Some(slash) => {
                let first = &name[..slash];
                if first.contains('.') || first.contains(':') || first == "localhost" {
                    (Some(lead..lead + slash), lead + slash + 1)
                } else {
                    (None, lead)
                }
            }
            None => (None, lead),
        };
        let last_slash = text[path_start..name_end]
            .rfind('/')
            .map_or(path_start, |i| path_start + i + 1);
        let (repo_end, tag) = match text[last_slash..name_end].find(':') {
            Some(colon) => (last_slash + colon, Some(last_slash + colon + 1..name_end)),
            None => (name_end, None),
        };
        if repo_end <= path_start {
            return None;
        }
        Some(Self {
            text: text.to_string(),
            registry,
            repository: path_start..repo_end,
            tag,
            digest,
        })
    }

    /// The registry host as written, or `docker.io` for Docker Hub references.
    pub fn registry_host(&self) -> &str {
        self.registry.clone().map_or(DOCKER_HUB, |r| &self.text[r])
    }

    /// True when the reference names Docker Hub, explicitly or implicitly.
    pub fn is_docker_hub(&self) -> bool {
        matches!(
            self.registry_host(),
            "docker.io" | "index.docker.io" | "registry-1.docker.io"
        )
    }

    pub fn repository(&self) -> &str {
        &self.text[self.repository.clone()]
    }

    /// The last path component of the repository (`python` of `library/python`).
    pub fn short_name(&self) -> &str {
        let repo = self.repository();
        repo.rsplit('/').next().unwrap_or(repo)
    }

    /// The repository as Docker Hub names official images (`library/` dropped).
    pub fn hub_name(&self) -> Option<&str> {
        if !self.is_docker_hub() {
            return None;
        }
        let repo = self.repository();
        Some(repo.strip_prefix("library/").unwrap_or(repo))
    }

    pub fn tag(&self) -> Option<&str> {
        self.tag.clone().map(|r| &self.text[r])
    }

    pub fn digest(&self) -> Option<&str> {
        self.digest.clone().map(|r| &self.text[r])
    }

    /// True for `:latest` and for references with neither tag nor digest.
    pub fn is_latest(&self) -> bool {
        self.digest.is_none() && self.tag().is_none_or(|t| t == "latest")
    }

    /// True when a configured registry list trusts this reference; entries
    /// are hosts compared exactly, and `docker.io` covers Docker Hub.
    pub fn trusted_by(&self, registries: &[String]) -> bool {
        registries.iter().any(|r| {
            let r = r.trim().trim_end_matches('/');
            if r == DOCKER_HUB {
                self.is_docker_hub()
            } else {
                self.registry_host() == r
            }
        })
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

    fn parts(text: &str) -> (String, String, Option<String>, Option<String>) {
        let r = ImageRef::parse(text).unwrap();
        (
            r.registry_host().to_string(),
            r.repository().to_string(),
            r.tag().map(str::to_string),
            r.digest().map(str::to_string),
        )
    }

    #[test]
    fn registry_port_is_not_a_tag() {
        let (reg, repo, tag, _) = parts("registry.local:5000/base/python");
        assert_eq!(reg, "registry.local:5000");
        assert_eq!(repo, "base/python");
        assert_eq!(tag, None);
        let (_, _, tag, _) = parts("registry.local:5000/base/python:3.12-slim");
        assert_eq!(tag.as_deref(), Some("3.12-slim"));
    }

    #[test]
    fn hub_names_and_digests() {
        let r = ImageRef::parse("python:3.12@sha256:abc").unwrap();
        assert!(r.is_docker_hub());
        assert_eq!(r.tag(), Some("3.12"));
        assert_eq!(r.digest(), Some("sha256:abc"));
        assert!(!r.is_latest());
        assert!(ImageRef::parse("ubuntu").unwrap().is_latest());
        assert!(ImageRef::parse("ubuntu:latest").unwrap().is_latest());
        let (reg, repo, ..) = parts("golangci/golangci-lint:v1");
        assert_eq!(
            (reg.as_str(), repo.as_str()),
            ("docker.io", "golangci/golangci-lint")
        );
        assert_eq!(
            ImageRef::parse("docker.io/library/alpine:3")
                .unwrap()
                .hub_name(),
            Some("alpine")
        );
        assert!(ImageRef::parse("").is_none());
        assert!(ImageRef::parse(":tag").is_none());
    }

    #[test]
    fn trust_is_by_exact_host() {
        let list = vec!["registry.example.com".to_string()];
        assert!(
            ImageRef::parse("registry.example.com/a:1")
                .unwrap()
                .trusted_by(&list)
        );
        assert!(
            !ImageRef::parse("registry.example.com.mirror.example.net/a:1")
                .unwrap()
                .trusted_by(&list)
        );
        assert!(!ImageRef::parse("nginx:1").unwrap().trusted_by(&list));
        let hub = vec!["docker.io".to_string()];
        assert!(ImageRef::parse("nginx:1").unwrap().trusted_by(&hub));
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
