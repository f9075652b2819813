//! The format-specific model of a document, built after every parse.

use std::path::Path;

use tree_sitter::Tree;

use crate::format::{FileKind, Format};
use crate::syntax::SyntaxProblem;
use crate::text::TextRange;
use crate::{dockerfile, dockerignore, yaml};

/// The typed view rules read instead of raw nodes.
#[derive(Debug)]
pub enum Model {
    Dockerfile(dockerfile::Model),
    Dockerignore(dockerignore::Model),
    Yaml(yaml::Model),
    /// A file Bulwark does not analyse (a Helm template).
    None,
}

/// A document's model plus the facts every format shares.
#[derive(Debug)]
pub struct Analysis {
    /// The format rules run for; `None` when the file holds nothing Bulwark
    /// reviews (a CI workflow, app config, a Helm template).
    pub format: Option<Format>,
    pub model: Model,
}

impl Analysis {
    pub fn build(kind: FileKind, text: &str, tree: Option<&Tree>, path: Option<&Path>) -> Self {
        match (kind, tree) {
            (FileKind::Dockerfile, Some(tree)) => Self {
                format: Some(Format::Dockerfile),
                model: Model::Dockerfile(dockerfile::Model::build(text, tree)),
            },
            (FileKind::Dockerignore, _) => Self {
                format: Some(Format::Dockerignore),
                model: Model::Dockerignore(dockerignore::Model::build(text)),
            },
            (
                FileKind::ComposeYaml
                | FileKind::HelmValuesYaml
                | FileKind::HelmTemplate
                | FileKind::Yaml,
                Some(tree),
            ) => {
                let model = yaml::Model::build(text, tree);
                let format = yaml::detect_format(kind, &model, path);
                Self {
                    format,
                    model: Model::Yaml(model),
                }
            }
            _ => Self {
                format: None,
                model: Model::None,
            },
        }
    }

    /// Rebuilds after edits that left the first `prefix` and the last
    /// `suffix` bytes of the text unchanged: a YAML model copies the
    /// documents the edits did not touch from `previous`; other formats
    /// are built afresh.
    pub fn rebuild(
        kind: FileKind,
        text: &str,
        tree: Option<&Tree>,
        path: Option<&Path>,
        previous: &Analysis,
        (prefix, suffix): (usize, usize),
    ) -> Self {
        match (kind, tree, previous.yaml()) {
            (
                FileKind::ComposeYaml
                | FileKind::HelmValuesYaml
                | FileKind::HelmTemplate
                | FileKind::Yaml,
                Some(tree),
                Some(old),
            ) => {
                let reuse = yaml::Reuse {
                    previous: old,
                    prefix,
                    suffix,
                };
                let model = yaml::Model::rebuild(text, tree, reuse);
                let format = yaml::detect_format(kind, &model, path);
                Self {
                    format,
                    model: Model::Yaml(model),
                }
            }
            _ => Self::build(kind, text, tree, path),
        }
    }

    pub fn dockerfile(&self) -> Option<&dockerfile::Model> {
        match &self.model {
            Model::Dockerfile(m) => Some(m),
            _ => None,
        }
    }

    pub fn dockerignore(&self) -> Option<&dockerignore::Model> {
        match &self.model {
            Model::Dockerignore(m) => Some(m),
            _ => None,
        }
    }

    pub fn yaml(&self) -> Option<&yaml::Model> {
        match &self.model {
            Model::Yaml(m) => Some(m),
            _ => None,
        }
    }

    /// Real comments of the document (not `#` lines inside heredoc bodies or
    /// YAML block scalars), for suppression comments.
    pub fn comments(&self) -> Vec<TextRange> {
        match &self.model {
            Model::Dockerfile(m) => m.comments(),
            Model::Dockerignore(m) => m.comments(),
            Model::Yaml(m) => m.comments(),
            Model::None => Vec::new(),
        }
    }

    /// The range a line suppression written as `comment` covers: the next
    /// instruction (with its continuation lines) in a Dockerfile, the next
    /// key's subtree in YAML.
    pub fn suppression_scope(&self, text: &str, comment: TextRange) -> Option<TextRange> {
        match &self.model {
            Model::Dockerfile(m) => m.scope_after(text, comment),
            Model::Dockerignore(m) => m.scope_after(text, comment),
            Model::Yaml(m) => m.scope_after(text, comment),
            Model::None => None,
        }
    }

    /// Syntax problems: tree-sitter error nodes and format-specific ones.
    pub fn syntax_problems(&self) -> Vec<SyntaxProblem> {
        match &self.model {
            Model::Dockerfile(m) => m.syntax_problems(),
            Model::Dockerignore(_) | Model::None => Vec::new(),
            Model::Yaml(m) => m.syntax_problems(),
        }
    }
}
