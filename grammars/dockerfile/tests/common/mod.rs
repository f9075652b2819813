//! Helpers shared by the grammar's test binaries.

use tree_sitter::{Node, Parser};

pub fn parser() -> Parser {
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_bulwark_dockerfile::LANGUAGE.into())
        .expect("the grammar's ABI version is supported by the tree-sitter crate");
    parser
}

/// The first ERROR or MISSING node in document order, if any.
#[allow(dead_code)]
pub fn first_error(node: Node<'_>) -> Option<Node<'_>> {
    if node.is_error() || node.is_missing() {
        return Some(node);
    }
    if !node.has_error() {
        return None;
    }
    let mut cursor = node.walk();
    let children: Vec<Node<'_>> = node.children(&mut cursor).collect();
    children.into_iter().find_map(first_error)
}

/// Every node with its kind, field name and byte range, one per line, for
/// comparing two trees exactly.
#[allow(dead_code)]
pub fn dump(node: Node<'_>) -> String {
    let mut out = String::new();
    let mut cursor = node.walk();
    let mut depth = 0usize;
    loop {
        let node = cursor.node();
        let field = cursor
            .field_name()
            .map_or(String::new(), |name| format!("{name}: "));
        let missing = if node.is_missing() { " MISSING" } else { "" };
        out.push_str(&format!(
            "{:indent$}{field}{}{missing} {}..{}\n",
            "",
            node.kind(),
            node.start_byte(),
            node.end_byte(),
            indent = depth * 2
        ));
        if cursor.goto_first_child() {
            depth += 1;
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return out;
            }
            depth -= 1;
        }
    }
}
