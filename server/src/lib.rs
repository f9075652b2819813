//! Bulwark: container-security review of Dockerfiles, `.dockerignore`,
//! compose files, Kubernetes manifests and Helm values.
//!
//! The engine (document, model, rules, findings) is shared by two front ends:
//! the language server in [`lsp`] and the command-line checker in [`cli`].
//! Nothing outside those two modules knows about LSP types or output formats.

pub mod analysis;
pub mod baseline;
pub mod catalog;
pub mod cli;
pub mod compose;
pub mod config;
pub mod dockerfile;
pub mod dockerignore;
pub mod document;
pub mod engine;
pub mod finding;
pub mod format;
pub mod helm;
pub mod hover_notes;
pub mod image;
pub mod kubernetes;
pub mod lsp;
pub mod rules;
pub mod suppress_edit;
pub mod suppression;
pub mod syntax;
pub mod text;
pub mod workspace;
pub mod yaml;
