//! In-process tests of the language server.
