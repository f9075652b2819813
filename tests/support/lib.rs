//! Helpers shared by the out-of-process tests.
