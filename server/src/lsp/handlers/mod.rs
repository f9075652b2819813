//! One handler per LSP method. `Backend`'s `LanguageServer` impl is the one
//! place that routes methods here; methods without a handler get the
//! transport's `MethodNotFound` answer.

pub mod code_action;
pub mod diagnostic;
pub mod did_change;
pub mod did_change_configuration;
pub mod did_change_watched_files;
pub mod did_change_workspace_folders;
pub mod did_close;
pub mod did_open;
pub mod did_save;
pub mod hover;
pub mod initialize;
pub mod initialized;
pub mod shutdown;
