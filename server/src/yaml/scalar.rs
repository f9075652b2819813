//! Scalar values: how quoted, plain and block scalars read once resolved,
//! and how Kubernetes and compose type a plain scalar.

/// How a scalar is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    /// `|` block scalar.
    Literal,
    /// `>` block scalar.
    Folded,
}

/// The resolved value of a single-quoted scalar's source (quotes included).
pub fn single_quoted(source: &str) -> String {
    let inner = strip_quotes(source, '\'');
    fold_lines(&inner.replace("''", "'"))
}

/// The resolved value of a double-quoted scalar's source (quotes included).
pub fn double_quoted(source: &str) -> String {
    let inner = strip_quotes(source, '"');
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars().peekable();
    // Raw line breaks fold like plain scalars; escaped ones are kept, so the
    // folding is done while unescaping.
    let mut pending_break = 0usize;
    while let Some(c) = chars.next() {
        if c == '\r' {
            continue;
        }
        if c == '\n' {
            // Trailing spaces before a raw break are not content.
            while out.ends_with([' ', '\t']) {
                out.pop();
            }
            pending_break += 1;
            while chars.peek().is_some_and(|c| *c == ' ' || *c == '\t') {
                chars.next();
            }
            continue;
        }
        if pending_break > 0 {
            if pending_break == 1 {
                out.push(' ');
            } else {
                out.extend(std::iter::repeat_n('\n', pending_break - 1));
            }
            pending_break = 0;
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(e) = chars.next() else {
            out.push('\\');
            break;
        };
        match e {
            'n' => out.push('\n'),
            't' | '\t' => out.push('\t'),
            'r' => out.push('\r'),
            '0' => out.push('\0'),
            'a' => out.push('\u{7}'),
            'b' => out.push('\u{8}'),
            'e' => out.push('\u{1b}'),
            'f' => out.push('\u{c}'),
            'v' => out.push('\u{b}'),
            ' ' => out.push(' '),
            '/' => out.push('/'),
            '"' => out.push('"'),
            '\\' => out.push('\\'),
            'N' => out.push('\u{85}'),
            '_' => out.push('\u{a0}'),
            'L' => out.push('\u{2028}'),
            'P' => out.push('\u{2029}'),
            'x' | 'u' | 'U' => {
                let digits = match e {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let mut code = 0u32;
                let mut ok = true;
                for _ in 0..digits {
                    match chars.next().and_then(|d| d.to_digit(16)) {
                        Some(d) => code = code * 16 + d,
                        None => {
                            ok = false;
                            break;
                        }
                    }
                }
                match char::from_u32(code).filter(|_| ok) {
                    Some(ch) => out.push(ch),
                    None => out.push('\u{fffd}'),
                }
            }
            '\r' | '\n' => {
                // An escaped line break joins the lines with nothing between.
                if e == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                while chars.peek().is_some_and(|c| *c == ' ' || *c == '\t') {
                    chars.next();
                }
            }
            other => {
                out.push('\\');
                out.push(other);
            }
        }
    }
    out
}

/// The resolved value of a multi-line plain scalar: lines trimmed and folded.
pub fn plain(source: &str) -> String {
    fold_lines(source)
}

/// Folds flow-scalar lines: a single break becomes a space, `n` breaks
/// become `n - 1` newlines; leading and trailing blanks of lines go.
fn fold_lines(source: &str) -> String {
    if !source.contains('\n') {
        return source.to_string();
    }
    let mut out = String::with_capacity(source.len());
    let mut empty_run = 0usize;
    for (i, line) in source.split('\n').enumerate() {
        let line = line.trim_end_matches('\r');
        let trimmed = if i == 0 { line.trim_end() } else { line.trim() };
        if i > 0 && trimmed.is_empty() {
            empty_run += 1;
            continue;
        }
        if i > 0 {
            if empty_run == 0 {
                out.push(' ');
            } else {
                out.extend(std::iter::repeat_n('\n', empty_run));
            }
        }
        empty_run = 0;
        out.push_str(trimmed);
    }
    out
}

fn strip_quotes(source: &str, quote: char) -> &str {
    let s = source.strip_prefix(quote).unwrap_or(source);
    s.strip_suffix(quote).unwrap_or(s)
}

/// The resolved value of a block scalar's source (its header included).
/// `parent_indent` is the indentation of the line holding the header, used
/// with an explicit indentation indicator.
pub fn block(source: &str, parent_indent: usize) -> (ScalarStyle, String) {
    let (header, body) = match source.find('\n') {
        Some(i) => (&source[..i], &source[i + 1..]),
        None => (source, ""),
    };
    let header = header.split('#').next().unwrap_or("").trim_end();
    let style = if header.starts_with('>') {
        ScalarStyle::Folded
    } else {
        ScalarStyle::Literal
    };
    let mut keep = false;
    let mut strip = false;
    let mut explicit = None;
    for c in header.chars().skip(1) {
        match c {
            '+' => keep = true,
            '-' => strip = true,
            '1'..='9' => explicit = c.to_digit(10).map(|d| d as usize),
            _ => {}
        }
    }

    let lines: Vec<&str> = body.split('\n').map(|l| l.trim_end_matches('\r')).collect();
    let indent = match explicit {
        Some(n) => parent_indent + n,
        None => lines
            .iter()
            .find(|l| !l.trim().is_empty())
            .map_or(0, |l| l.len() - l.trim_start_matches(' ').len()),
    };

    let mut content: Vec<&str> = Vec::with_capacity(lines.len());
    for line in &lines {
        let cut = line
            .char_indices()
            .take_while(|(i, c)| *i < indent && *c == ' ')
            .count();
        content.push(&line[cut..]);
    }
    // The source ends at the last content character, so trailing empty
    // lines are only those the grammar kept; chomping decides about them.
    while content.last().is_some_and(|l| l.is_empty()) && !keep {
        content.pop();
    }

    let mut out = String::with_capacity(body.len());
    match style {
        ScalarStyle::Folded => {
            let mut previous: Option<bool> = None;
            let mut empties = 0usize;
            for line in &content {
                if line.is_empty() {
                    empties += 1;
                    continue;
                }
                let more = line.starts_with([' ', '\t']);
                match previous {
                    // Leading empty lines are kept as line breaks.
                    None => out.extend(std::iter::repeat_n('\n', empties)),
                    Some(prev_more) if !more && !prev_more => {
                        if empties == 0 {
                            out.push(' ');
                        } else {
                            out.extend(std::iter::repeat_n('\n', empties));
                        }
                    }
                    // Around more-indented lines breaks are not folded.
                    Some(_) => out.extend(std::iter::repeat_n('\n', empties + 1)),
                }
                empties = 0;
                out.push_str(line);
                previous = Some(more);
            }
        }
        _ => {
            for (i, line) in content.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                out.push_str(line);
            }
        }
    }
    if !strip && !content.is_empty() {
        out.push('\n');
    }
    (style, out)
}

/// True for the plain scalars YAML reads as null.
pub fn is_null_plain(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

/// A plain scalar as Kubernetes reads a boolean: YAML 1.1, so `yes`, `on`,
/// `y` and their capitalised and upper-case forms count.
pub fn bool_yaml11(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "y" | "Y" => {
            Some(true)
        }
        "false" | "False" | "FALSE" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "n" | "N" => {
            Some(false)
        }
        _ => None,
    }
}

/// A scalar as compose reads a boolean: YAML 1.2 `true`/`false`, and the
/// same words as strings, which compose converts in boolean fields.
pub fn bool_yaml12(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// A plain scalar read as an integer (decimal with optional sign and `_`
/// separators, `0x`, `0o`, `0b`, and YAML 1.1 leading-zero octal).
pub fn int(text: &str) -> Option<i64> {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() {
        return None;
    }
    let cleaned: String = digits.chars().filter(|c| *c != '_').collect();
    let value = if let Some(hex) = cleaned.strip_prefix("0x") {
        i64::from_str_radix(hex, 16).ok()?
    } else if let Some(oct) = cleaned.strip_prefix("0o") {
        i64::from_str_radix(oct, 8).ok()?
    } else if let Some(bin) = cleaned.strip_prefix("0b") {
        i64::from_str_radix(bin, 2).ok()?
    } else if cleaned.len() > 1 && cleaned.starts_with('0') {
        i64::from_str_radix(&cleaned[1..], 8).ok()?
    } else {
        if !cleaned.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        cleaned.parse::<i64>().ok()?
    };
    Some(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_values() {
        assert_eq!(single_quoted("'it''s'"), "it's");
        assert_eq!(double_quoted(r#""a\tb\n\u00e9\"""#), "a\tb\né\"");
        assert_eq!(double_quoted("\"one\n  two\n\n  three\""), "one two\nthree");
        assert_eq!(double_quoted("\"joined\\\n   here\""), "joinedhere");
    }

    #[test]
    fn plain_folding() {
        assert_eq!(plain("one\n  two\r\n  three"), "one two three");
        assert_eq!(plain("a\n\n  b"), "a\nb");
    }

    #[test]
    fn block_scalars() {
        assert_eq!(block("|\n  a\n  b", 0).1, "a\nb\n");
        assert_eq!(block("|-\n  a\n   b", 0).1, "a\n b");
        assert_eq!(block(">\n  a\n  b\n\n  c", 0).1, "a b\nc\n");
        assert_eq!(block("|2\n    x\r\n  y", 0).1, "  x\ny\n");
        assert_eq!(block("| # note\n  # kept\n", 0).1, "# kept\n");
    }

    #[test]
    fn typing() {
        assert_eq!(bool_yaml11("Yes"), Some(true));
        assert_eq!(bool_yaml11("off"), Some(false));
        assert_eq!(bool_yaml11("yEs"), None);
        assert_eq!(bool_yaml12("yes"), None);
        assert_eq!(int("0"), Some(0));
        assert_eq!(int("-12"), Some(-12));
        assert_eq!(int("0x1F"), Some(31));
        assert_eq!(int("1_000"), Some(1000));
        assert_eq!(int("1.5"), None);
        assert_eq!(int("abc"), None);
        assert!(is_null_plain("~"));
    }
}
