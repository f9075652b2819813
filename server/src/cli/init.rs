//! `bulwark init`: writes the commented starter `.bulwark.yaml`.
//!
//! It never replaces a configuration file: an existing `.bulwark.yaml` or
//! `.bulwark.yml` in the folder makes it stop with exit code 2.

use std::io::Write;
use std::path::Path;

use crate::config::{self, starter};

use super::ExitStatus;

pub fn run(folder: &Path) -> ExitStatus {
    if let Some(existing) = config::FILE_NAMES
        .iter()
        .map(|n| folder.join(n))
        .find(|p| p.exists())
    {
        eprintln!(
            "bulwark: {} already exists; not overwriting it",
            existing.display()
        );
        return ExitStatus::Error;
    }
    let path = folder.join(config::FILE_NAMES[0]);
    // `create_new` so that a file appearing meanwhile is not replaced either.
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut f| f.write_all(starter::STARTER.as_bytes()));
    match written {
        Ok(()) => {
            eprintln!("bulwark: wrote {}", path.display());
            ExitStatus::Clean
        }
        Err(err) => {
            eprintln!("bulwark: cannot write {}: {err}", path.display());
            ExitStatus::Error
        }
    }
}
