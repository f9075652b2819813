//! Compiles the generated parser and the external scanner (see README.md for
//! what differs from the crates.io release).

use std::path::Path;

fn main() {
    let src = Path::new("src");
    let mut build = cc::Build::new();
    build
        .std("c11")
        .include(src)
        .file(src.join("parser.c"))
        .file(src.join("scanner.c"))
        // Unoptimised, the parser runs several times slower, which the
        // language server would feel on every keystroke in a debug build.
        .opt_level(2)
        .warnings(false);
    build.compile("tree-sitter-yaml");

    for file in [
        "parser.c",
        "scanner.c",
        "schema.core.c",
        "schema.json.c",
        "schema.legacy.c",
    ] {
        println!("cargo:rerun-if-changed=src/{file}");
    }
    println!("cargo:rerun-if-changed=src/tree_sitter");
}
