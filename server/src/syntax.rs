//! Tree-sitter parsers for the syntaxes that have a grammar, and the
//! conversion of their error nodes into syntax diagnostics.

use std::cell::RefCell;

use tree_sitter::{Language, Node, Parser, Tree};

use crate::format::Syntax;
use crate::text::TextRange;

/// The tree-sitter language for a syntax, if it has a grammar.
pub fn language(syntax: Syntax) -> Option<Language> {
    match syntax {
        Syntax::Dockerfile => Some(crate::dockerfile::grammar::language()),
        Syntax::Yaml => Some(tree_sitter_yaml::LANGUAGE.into()),
        Syntax::Dockerignore => None,
    }
}

thread_local! {
    // Parsers are reused per thread: creating one allocates, and the lexer
    // state it keeps is what makes reparsing cheap.
    static PARSERS: RefCell<Vec<(Syntax, Parser)>> = const { RefCell::new(Vec::new()) };
}

/// Parses `text`, reusing `old` (already edited with `Tree::edit`) so that
/// only the changed region is re-lexed. Returns `None` for syntaxes without
/// a grammar.
pub fn parse(syntax: Syntax, text: &str, old: Option<&Tree>) -> Option<Tree> {
    let language = language(syntax)?;
    PARSERS.with(|cell| {
        let mut parsers = cell.borrow_mut();
        let index = match parsers.iter().position(|(s, _)| *s == syntax) {
            Some(i) => i,
            None => {
                let mut parser = Parser::new();
                // Both grammars are compiled in and checked by tests, so the
                // only way this fails is an ABI mismatch at build time.
                parser.set_language(&language).ok()?;
                parsers.push((syntax, parser));
                parsers.len() - 1
            }
        };
        parsers[index].1.parse(text, old)
    })
}

/// A syntax problem found in a tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxProblem {
    pub range: TextRange,
    pub message: String,
}

/// The outermost ERROR and MISSING nodes of a tree, at most `limit` of them.
pub fn problems(tree: &Tree, text: &str, limit: usize) -> Vec<SyntaxProblem> {
    let mut out = Vec::new();
    if !tree.root_node().has_error() {
        return out;
    }
    let mut cursor = tree.walk();
    let mut stack: Vec<Node> = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        if out.len() >= limit {
            break;
        }
        if node.is_missing() {
            let at = node.start_byte();
            out.push(SyntaxProblem {
                range: TextRange::new(at, at),
                message: format!("syntax error: expected `{}` here", node.kind()),
            });
            continue;
        }
        if node.is_error() {
            let start = node.start_byte();
            let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
            let end = node.end_byte().min(line_end).max(start);
            let snippet: String = text[start..end].trim().chars().take(40).collect();
            let message = if snippet.is_empty() {
                "syntax error: this line does not parse".to_string()
            } else {
                format!("syntax error: `{snippet}` does not parse here")
            };
            out.push(SyntaxProblem {
                range: TextRange::new(start, end),
                message,
            });
            continue;
        }
        if node.has_error() {
            let children: Vec<Node> = node.children(&mut cursor).collect();
            stack.extend(children.into_iter().rev());
        }
    }
    out.sort_by_key(|p| p.range.start);
    out
}
