//! Compiles the generated parser and the hand-written external scanner.

use std::path::Path;

fn main() {
    let src = Path::new("src");
    let mut build = cc::Build::new();
    build
        .std("c11")
        .include(src)
        .file(src.join("parser.c"))
        .file(src.join("scanner.c"))
        // The parser's C is never debugged by hand, and unoptimised it runs
        // several times slower, which the language server would feel on
        // every keystroke in a debug build.
        .opt_level(2)
        .warnings(false);
    build.compile("tree-sitter-bulwark-dockerfile");

    for file in [
        "parser.c",
        "scanner.c",
        "tree_sitter/parser.h",
        "tree_sitter/alloc.h",
        "tree_sitter/array.h",
    ] {
        println!("cargo:rerun-if-changed=src/{file}");
    }
}
