//! The commented starter configuration that `bulwark init` writes.
//!
//! Every setting is present but commented out, so the file changes nothing
//! until a line is uncommented; a test parses it, and parses it again with
//! each setting uncommented, so the examples stay valid.

/// The text of a new `.bulwark.yaml`.
pub const STARTER: &str = r#"# Bulwark configuration: applies to the files in this folder and below,
# up to the next .bulwark.yaml. Every setting is optional; uncomment what you
# need. Reference: docs/configuration.md; schema: docs/bulwark.schema.json.

# Rule levels that replace the defaults: off, error, warning, info or hint.
# `bulwark rules` lists the rules.
# rules:
#   image-not-pinned-by-digest: off
#   resource-requests-missing: info

# Files not to check, relative to this folder. A pattern without a `/`
# matches at any depth; a folder's pattern covers everything below it.
# ignore:
#   - vendor/
#   - "*.generated.yaml"

# Rule levels for some files only; later entries win.
# overrides:
#   - files: ["test/**", "examples/**"]
#     rules:
#       secret-in-env: off

# Registries images may come from; turns `untrusted-registry` on.
# `docker.io` stands for Docker Hub.
# trusted-registries:
#   - docker.io
#   - registry.example.com

# Secrets: regular expressions of known-safe values (matched whole), and of
# values that are secrets under any name (matched anywhere in the value).
# secrets:
#   allow:
#     - "changeme-[0-9]+"
#   extra-patterns:
#     - "acme_[A-Za-z0-9]{32}"

# What every .dockerignore must exclude (these are the defaults).
# dockerignore:
#   required: [".git", ".env*", "*.pem", "*.key", "credentials*", "node_modules", "docker-compose*.yml"]

# The lowest severity that makes `bulwark check` fail (--fail-on wins).
# fail-on: warning
"#;

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::STARTER;
    use crate::config::{Config, Layer};

    #[test]
    fn starter_parses_and_changes_nothing() {
        let config = Config::parse(STARTER, Path::new(".bulwark.yaml")).unwrap();
        assert_eq!(config, Config::default());
    }

    /// Uncommenting every example (the lines that start with `# ` followed
    /// by a key or an indented value) still gives a valid file.
    #[test]
    fn starter_examples_are_valid() {
        let uncommented: String = STARTER
            .lines()
            .map(|line| {
                let Some(rest) = line.strip_prefix("# ") else {
                    return String::new();
                };
                let first = rest.trim_start();
                let example = rest.starts_with(' ')
                    || first.starts_with('-')
                    || first.split_once(':').is_some_and(|(k, _)| {
                        !k.is_empty() && k.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                    });
                if example {
                    rest.to_string()
                } else {
                    String::new()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        let layer = Layer::parse(&uncommented, Path::new("/repo/.bulwark.yaml"))
            .unwrap_or_else(|e| panic!("{e}\n{uncommented}"));
        let s = &layer.settings;
        assert!(s.rules.is_some() && s.ignore.is_some() && s.overrides.is_some());
        assert!(s.trusted_registries.is_some() && s.secrets.is_some());
        assert!(s.dockerignore.is_some() && s.fail_on.is_some());
    }
}
