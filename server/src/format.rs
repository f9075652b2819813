//! Which files Bulwark handles, and as what.
//!
//! This is the one definition of the files the server serves: the CLI walks
//! with it, the language server filters documents with it, and the editor
//! integrations are generated from [`LANGUAGE_IDS`] and the name patterns
//! documented here. The file name decides; a client's language id only
//! matters for a buffer that has no usable name.

use std::path::Path;

use serde::{Deserialize, Serialize};

/// The formats rules are written for (the catalog's `formats`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    Dockerfile,
    Dockerignore,
    Compose,
    Kubernetes,
    HelmValues,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Dockerfile => "dockerfile",
            Format::Dockerignore => "dockerignore",
            Format::Compose => "compose",
            Format::Kubernetes => "kubernetes",
            Format::HelmValues => "helm-values",
        }
    }
}

/// The syntax a document is parsed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Syntax {
    Dockerfile,
    /// `.dockerignore`: a line-based format with no tree.
    Dockerignore,
    Yaml,
}

/// What a file's name (and, for YAML, its place) says about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    Dockerfile,
    Dockerignore,
    /// A YAML file named like a compose file.
    ComposeYaml,
    /// `values*.yaml` beside a `Chart.yaml`.
    HelmValuesYaml,
    /// A Helm template (`templates/*.yaml` of a chart): Go templates, not
    /// YAML, so it is neither parsed nor reported on.
    HelmTemplate,
    /// Any other YAML; its content decides (compose or Kubernetes).
    Yaml,
}

impl FileKind {
    pub fn syntax(self) -> Option<Syntax> {
        match self {
            FileKind::Dockerfile => Some(Syntax::Dockerfile),
            FileKind::Dockerignore => Some(Syntax::Dockerignore),
            FileKind::ComposeYaml | FileKind::HelmValuesYaml | FileKind::Yaml => Some(Syntax::Yaml),
            FileKind::HelmTemplate => None,
        }
    }
}

/// Language ids that clients send for documents Bulwark may handle.
pub const LANGUAGE_IDS: &[&str] = &[
    "dockerfile",
    "yaml",
    "dockercompose",
    "yaml.docker-compose",
    "ignore",
    "plaintext",
];

/// True for Dockerfile names: `Dockerfile`, `Containerfile`, `*.Dockerfile`,
/// `*.containerfile`, `Dockerfile.*`, `Containerfile.*`, case-insensitively,
/// but never an ignore file.
pub fn is_dockerfile_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    if name.ends_with(".dockerignore") {
        return false;
    }
    name == "dockerfile"
        || name == "containerfile"
        || name.ends_with(".dockerfile")
        || name.ends_with(".containerfile")
        || name.starts_with("dockerfile.")
        || name.starts_with("containerfile.")
}

/// True for `.dockerignore` and `<Dockerfile name>.dockerignore`.
pub fn is_dockerignore_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower == ".dockerignore"
        || lower
            .strip_suffix(".dockerignore")
            .is_some_and(|stem| !stem.is_empty() && is_dockerfile_name(stem))
}

fn is_yaml_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".yaml") || lower.ends_with(".yml")
}

/// True for compose file names: `compose.y*ml`, `docker-compose.y*ml`,
/// `compose.*.y*ml`, `docker-compose.*.y*ml`, `docker-compose-*.y*ml` and
/// `*.compose.y*ml`.
pub fn is_compose_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let Some(stem) = lower
        .strip_suffix(".yaml")
        .or_else(|| lower.strip_suffix(".yml"))
    else {
        return false;
    };
    stem == "compose"
        || stem == "docker-compose"
        || stem.starts_with("compose.")
        || stem.starts_with("docker-compose.")
        || stem.starts_with("docker-compose-")
        || stem.ends_with(".compose")
}

fn is_values_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with("values") && (lower.ends_with(".yaml") || lower.ends_with(".yml"))
}

/// Classifies a file by its path. `chart_beside` tells whether a
/// `Chart.yaml` sits in the same folder (the caller looks; this function does
/// no I/O). Returns `None` for files Bulwark does not handle.
pub fn classify(path: &Path, chart_beside: bool) -> Option<FileKind> {
    let name = path.file_name()?.to_str()?;
    if is_dockerignore_name(name) {
        return Some(FileKind::Dockerignore);
    }
    if is_dockerfile_name(name) {
        return Some(FileKind::Dockerfile);
    }
    if !is_yaml_name(name) {
        return None;
    }
    if is_compose_name(name) {
        return Some(FileKind::ComposeYaml);
    }
    if in_chart_templates(path) {
        return Some(FileKind::HelmTemplate);
    }
    if chart_beside && is_values_name(name) {
        return Some(FileKind::HelmValuesYaml);
    }
    if name.eq_ignore_ascii_case("Chart.yaml") && chart_beside {
        // A chart's own metadata: not a manifest.
        return None;
    }
    Some(FileKind::Yaml)
}

/// A file under a `templates/` folder of a chart holds Go templates.
fn in_chart_templates(path: &Path) -> bool {
    path.parent()
        .and_then(Path::file_name)
        .is_some_and(|dir| dir == "templates")
        || path
            .components()
            .rev()
            .skip(1)
            .any(|c| c.as_os_str() == "templates")
}

/// Classifies a buffer that has no usable file name by its language id.
pub fn classify_language_id(language_id: &str) -> Option<FileKind> {
    match language_id {
        "dockerfile" => Some(FileKind::Dockerfile),
        "dockercompose" | "yaml.docker-compose" => Some(FileKind::ComposeYaml),
        "yaml" => Some(FileKind::Yaml),
        "ignore" => Some(FileKind::Dockerignore),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dockerfile_names() {
        for name in [
            "Dockerfile",
            "containerfile",
            "api.Dockerfile",
            "Dockerfile.dev",
            "x.containerfile",
        ] {
            assert!(is_dockerfile_name(name), "{name}");
        }
        for name in ["Dockerfile.dockerignore", "dockerfiles", "README.md"] {
            assert!(!is_dockerfile_name(name), "{name}");
        }
    }

    #[test]
    fn ignore_names() {
        assert!(is_dockerignore_name(".dockerignore"));
        assert!(is_dockerignore_name("Dockerfile.dockerignore"));
        assert!(is_dockerignore_name("api.Dockerfile.dockerignore"));
        assert!(!is_dockerignore_name("x.dockerignore"));
    }

    #[test]
    fn compose_names() {
        for name in [
            "compose.yaml",
            "docker-compose.yml",
            "compose.prod.yaml",
            "docker-compose-dev.yml",
            "app.compose.yml",
        ] {
            assert!(is_compose_name(name), "{name}");
        }
        assert!(!is_compose_name("composer.yaml"));
    }

    #[test]
    fn helm_files() {
        assert_eq!(
            classify(Path::new("chart/values.yaml"), true),
            Some(FileKind::HelmValuesYaml)
        );
        assert_eq!(
            classify(Path::new("chart/values.yaml"), false),
            Some(FileKind::Yaml)
        );
        assert_eq!(
            classify(Path::new("chart/templates/deploy.yaml"), true),
            Some(FileKind::HelmTemplate)
        );
    }
}
