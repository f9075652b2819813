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
    /// A YAML file under a `templates/` folder. When its text holds template
    /// syntax (`{{`) it is a Helm template: Go templates, not YAML, so it is
    /// neither parsed nor reported on (see [`is_template_text`]). Without
    /// template syntax it is ordinary YAML and its content decides, as for
    /// [`FileKind::Yaml`].
    HelmTemplate,
    /// Any other YAML; its content decides (compose or Kubernetes).
    Yaml,
}

impl FileKind {
    pub fn syntax(self) -> Option<Syntax> {
        match self {
            FileKind::Dockerfile => Some(Syntax::Dockerfile),
            FileKind::Dockerignore => Some(Syntax::Dockerignore),
            FileKind::ComposeYaml
            | FileKind::HelmValuesYaml
            | FileKind::HelmTemplate
            | FileKind::Yaml => Some(Syntax::Yaml),
        }
    }

    /// The syntax a document of this kind holding `text` is parsed with:
    /// [`FileKind::syntax`], except that a file under `templates/` whose text
    /// holds template syntax is not parsed at all.
    pub fn syntax_for(self, text: &str) -> Option<Syntax> {
        if self.is_helm_template(text) {
            return None;
        }
        self.syntax()
    }

    /// True when a file of this kind holding `text` is a Helm template that
    /// is skipped: under `templates/` and holding template syntax.
    pub fn is_helm_template(self, text: &str) -> bool {
        self == FileKind::HelmTemplate && is_template_text(text)
    }
}

/// True when `text` holds Go template syntax. Only a file under `templates/`
/// is judged by this: elsewhere `{{` is just text (an Argo parameter, a
/// string value), and the file is reviewed as YAML.
pub fn is_template_text(text: &str) -> bool {
    text.contains("{{")
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

/// A file-name pattern editors use to decide which buffers to send to the
/// server, with the language id the file usually carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NamePattern {
    /// A glob over the file name alone: `*` stands for any run of
    /// characters, everything else is literal, compared case-insensitively.
    pub glob: &'static str,
    /// The id in [`LANGUAGE_IDS`] such a file is usually opened as.
    pub language_id: &'static str,
}

impl NamePattern {
    const fn new(glob: &'static str, language_id: &'static str) -> Self {
        Self { glob, language_id }
    }
}

/// The file names editors should send to Bulwark, most specific first (a
/// name takes the language of the first pattern it matches).
///
/// Editor integrations are generated from this table. It may match a little
/// more than [`classify`] accepts (`x.dockerignore`), since the server ignores
/// what it does not handle, but it never matches less: a test checks that.
pub const NAME_PATTERNS: &[NamePattern] = &[
    NamePattern::new(".dockerignore", "ignore"),
    NamePattern::new("*.dockerignore", "ignore"),
    NamePattern::new(".containerignore", "ignore"),
    NamePattern::new("Dockerfile", "dockerfile"),
    NamePattern::new("Containerfile", "dockerfile"),
    NamePattern::new("*.Dockerfile", "dockerfile"),
    NamePattern::new("*.Containerfile", "dockerfile"),
    NamePattern::new("Dockerfile.*", "dockerfile"),
    NamePattern::new("Containerfile.*", "dockerfile"),
    NamePattern::new("compose.yaml", "dockercompose"),
    NamePattern::new("compose.yml", "dockercompose"),
    NamePattern::new("compose.*.yaml", "dockercompose"),
    NamePattern::new("compose.*.yml", "dockercompose"),
    NamePattern::new("docker-compose.yaml", "dockercompose"),
    NamePattern::new("docker-compose.yml", "dockercompose"),
    NamePattern::new("docker-compose.*.yaml", "dockercompose"),
    NamePattern::new("docker-compose.*.yml", "dockercompose"),
    NamePattern::new("docker-compose-*.yaml", "dockercompose"),
    NamePattern::new("docker-compose-*.yml", "dockercompose"),
    NamePattern::new("*.compose.yaml", "dockercompose"),
    NamePattern::new("*.compose.yml", "dockercompose"),
    NamePattern::new("*.yaml", "yaml"),
    NamePattern::new("*.yml", "yaml"),
];

/// Whether `name` matches a [`NamePattern::glob`] (case-insensitively).
pub fn glob_matches(glob: &str, name: &str) -> bool {
    let glob = glob.to_ascii_lowercase();
    let name = name.to_ascii_lowercase();
    let mut parts = glob.split('*');
    let Some(first) = parts.next() else {
        return false;
    };
    let Some(mut rest) = name.strip_prefix(first) else {
        return false;
    };
    let tail: Vec<&str> = parts.collect();
    let Some((last, middle)) = tail.split_last() else {
        // No `*` at all: the whole name must be the literal.
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// The language id of the first [`NAME_PATTERNS`] entry `name` matches.
pub fn pattern_language_id(name: &str) -> Option<&'static str> {
    NAME_PATTERNS
        .iter()
        .find(|p| glob_matches(p.glob, name))
        .map(|p| p.language_id)
}

/// True for Dockerfile names: `Dockerfile`, `Containerfile`, `*.Dockerfile`,
/// `*.containerfile`, `Dockerfile.*`, `Containerfile.*`, case-insensitively,
/// but never an ignore file.
pub fn is_dockerfile_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    if name.ends_with(".dockerignore") || name.ends_with(".containerignore") {
        return false;
    }
    name == "dockerfile"
        || name == "containerfile"
        || name.ends_with(".dockerfile")
        || name.ends_with(".containerfile")
        || name.starts_with("dockerfile.")
        || name.starts_with("containerfile.")
}

/// True for `.dockerignore`, `<Dockerfile name>.dockerignore` and
/// `.containerignore` (the ignore file Podman and Buildah read first).
pub fn is_dockerignore_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower == ".dockerignore"
        || lower == ".containerignore"
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

/// The ignore files that may govern the build context of the Dockerfile at
/// `dockerfile`, in the order the build tools look for them; the first that
/// exists counts. Docker reads `<name>.dockerignore`, then `.dockerignore`.
/// Podman and Buildah read `.containerignore` before `.dockerignore`, so a
/// `Containerfile` prefers it; a `Dockerfile` falls back to it only when
/// there is no `.dockerignore`, since `docker build` never reads it.
pub fn ignore_file_candidates(dockerfile: &Path) -> Vec<std::path::PathBuf> {
    let dir = dockerfile.parent().unwrap_or(Path::new(""));
    let name = dockerfile
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let specific = dir.join(format!("{name}.dockerignore"));
    let docker = dir.join(".dockerignore");
    let container = dir.join(".containerignore");
    if name.to_ascii_lowercase().starts_with("containerfile")
        || name.to_ascii_lowercase().ends_with(".containerfile")
    {
        vec![specific, container, docker]
    } else {
        vec![specific, docker, container]
    }
}

/// True for the compose override files that `docker compose` merges into
/// the base file of the same folder by itself: `compose.override.y*ml` and
/// `docker-compose.override.y*ml`.
pub fn is_compose_override_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let stem = lower
        .strip_suffix(".yaml")
        .or_else(|| lower.strip_suffix(".yml"));
    matches!(stem, Some("compose.override" | "docker-compose.override"))
}

/// The base compose files an override file at `path` is merged into, in the
/// order `docker compose` looks for them (the first that exists is used).
pub fn compose_base_candidates(path: &Path) -> Vec<std::path::PathBuf> {
    let dir = path.parent().unwrap_or(Path::new(""));
    [
        "compose.yaml",
        "compose.yml",
        "docker-compose.yaml",
        "docker-compose.yml",
    ]
    .iter()
    .map(|name| dir.join(name))
    .collect()
}

/// Classifies the file at `path` as it stands on disk: [`classify`], with a
/// look beside it for the `Chart.yaml` that makes `values*.yaml` Helm
/// values. Both front ends decide this way.
pub fn classify_file(path: &Path) -> Option<FileKind> {
    let chart_beside = path
        .parent()
        .is_some_and(|dir| dir.join("Chart.yaml").is_file());
    classify(path, chart_beside)
}

/// A file under a `templates/` folder may be a chart's Go template; its text
/// decides ([`FileKind::is_helm_template`]).
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
        for name in [
            "Dockerfile.dockerignore",
            "Containerfile.containerignore",
            "dockerfiles",
            "README.md",
        ] {
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

    /// Names around every pattern's edges, handled or not.
    const SAMPLE_NAMES: &[&str] = &[
        "Dockerfile",
        "dockerfile",
        "DOCKERFILE",
        "Containerfile",
        "containerfile",
        "api.Dockerfile",
        "api.dockerfile",
        "x.containerfile",
        "Dockerfile.dev",
        "dockerfile.prod",
        "Containerfile.ci",
        ".dockerignore",
        "Dockerfile.dockerignore",
        "api.Dockerfile.dockerignore",
        "x.dockerignore",
        "compose.yaml",
        "compose.yml",
        "COMPOSE.YAML",
        "compose.prod.yaml",
        "compose.prod.yml",
        "docker-compose.yml",
        "docker-compose.yaml",
        "docker-compose.override.yml",
        "docker-compose-dev.yml",
        "docker-compose-dev.yaml",
        "app.compose.yml",
        "app.compose.yaml",
        "composer.yaml",
        "deploy.yaml",
        "Deploy.YML",
        "values.yaml",
        "values-prod.yaml",
        "Chart.yaml",
        "README.md",
        "dockerfiles",
        "Dockerfile-old",
        "main.rs",
        "yaml",
        ".yaml",
        "x.yaml.bak",
        "compose",
        "compose.json",
        "docker-compose.json",
        ".gitignore",
        "Makefile",
    ];

    fn expected_language(kind: FileKind) -> &'static str {
        match kind {
            FileKind::Dockerfile => "dockerfile",
            FileKind::Dockerignore => "ignore",
            FileKind::ComposeYaml => "dockercompose",
            FileKind::HelmValuesYaml | FileKind::HelmTemplate | FileKind::Yaml => "yaml",
        }
    }

    #[test]
    fn name_patterns_cover_every_handled_name() {
        for name in SAMPLE_NAMES {
            for chart_beside in [false, true] {
                let Some(kind) = classify(Path::new(name), chart_beside) else {
                    continue;
                };
                assert_eq!(
                    pattern_language_id(name),
                    Some(expected_language(kind)),
                    "{name} is {kind:?}"
                );
            }
        }
    }

    #[test]
    fn name_patterns_skip_what_no_format_claims() {
        for name in SAMPLE_NAMES {
            let handled = classify(Path::new(name), false).is_some()
                || classify(Path::new(name), true).is_some()
                || name.to_ascii_lowercase().ends_with(".dockerignore")
                || name.eq_ignore_ascii_case("Chart.yaml");
            assert_eq!(pattern_language_id(name).is_some(), handled, "{name}");
        }
    }

    #[test]
    fn name_patterns_use_known_language_ids() {
        for pattern in NAME_PATTERNS {
            assert!(LANGUAGE_IDS.contains(&pattern.language_id), "{pattern:?}");
        }
    }

    #[test]
    fn globs_match_like_the_editors_do() {
        assert!(glob_matches("*.yaml", "a.yaml"));
        assert!(!glob_matches("*.yaml", "a.yaml.bak"));
        assert!(glob_matches("compose.*.yml", "compose.a.yml"));
        assert!(!glob_matches("compose.*.yml", "compose.yml"));
        assert!(glob_matches("Dockerfile", "DOCKERFILE"));
        assert!(!glob_matches("Dockerfile", "Dockerfile2"));
        assert!(!glob_matches("*.compose.yml", ".compose.yml2"));
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

    #[test]
    fn compose_override_names() {
        for name in [
            "compose.override.yaml",
            "compose.override.yml",
            "docker-compose.override.yml",
            "Docker-Compose.Override.YAML",
        ] {
            assert!(is_compose_override_name(name), "{name}");
        }
        for name in ["compose.yaml", "compose.prod.yaml", "override.yaml"] {
            assert!(!is_compose_override_name(name), "{name}");
        }
    }

    #[test]
    fn only_templates_with_template_syntax_are_skipped() {
        let kind = FileKind::HelmTemplate;
        let template = "kind: Pod\nmetadata:\n  name: {{ .Release.Name }}\n";
        assert!(kind.is_helm_template(template));
        assert_eq!(kind.syntax_for(template), None);
        let plain = "kind: Pod\nmetadata:\n  name: web\n";
        assert!(!kind.is_helm_template(plain));
        assert_eq!(kind.syntax_for(plain), Some(Syntax::Yaml));
        // Outside `templates/`, `{{` is only text.
        assert!(!FileKind::Yaml.is_helm_template(template));
        assert_eq!(FileKind::Yaml.syntax_for(template), Some(Syntax::Yaml));
    }
}
