//! Embeds every rule page of `docs/rules/` into the binary.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/rules");
    println!("cargo:rerun-if-changed={}", docs.display());
    let mut pages: Vec<(String, String)> = Vec::new();
    if let Ok(entries) = std::fs::read_dir(&docs) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "md") {
                println!("cargo:rerun-if-changed={}", path.display());
                let name = path.file_stem().unwrap().to_string_lossy().into_owned();
                let absolute = path.canonicalize().unwrap_or(path);
                pages.push((name, absolute.display().to_string()));
            }
        }
    }
    pages.sort();
    let mut out = String::from("/// Rule pages by name, embedded at build time.\n");
    out.push_str("pub static RULE_DOCS: &[(&str, &str)] = &[\n");
    for (name, path) in &pages {
        writeln!(out, "    ({name:?}, include_str!({path:?})),").unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("rule_docs.rs");
    std::fs::write(dest, out).unwrap();
}
