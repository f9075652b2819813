//! `insecure-download`: curl or wget with TLS verification off, or over
//! plain `http://`.

use super::helpers;
use crate::finding::Finding;
use crate::rules::Context;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(model) = helpers::model(ctx) else {
        return;
    };

    for ins in helpers::runs(model) {
        for command in &ins.commands {
            let Some(program) = command.program_name() else {
                continue;
            };
            if program != "curl" && program != "wget" {
                continue;
            }
            for word in command.program().iter().skip(1) {
                let v = word.value.as_str();
                let insecure_flag = match program {
                    "curl" => {
                        v == "--insecure"
                            || (v.starts_with('-') && !v.starts_with("--") && short_bundle_has_k(v))
                    }
                    _ => v == "--no-check-certificate",
                };
                let message = if insecure_flag {
                    format!(
                        "`{program} {v}` turns off TLS verification, so anyone on the path can swap the download; remove it"
                    )
                } else if is_plain_http(v) {
                    format!(
                        "`{v}` is downloaded over plain http, so anyone on the path can swap it; use https"
                    )
                } else {
                    continue;
                };
                out.push(Finding::new("insecure-download", word.range, message));
            }
        }
    }
}

/// True when a bundle of curl short options (`-fsSLk`) holds `-k`, before
/// any option that takes the rest of the word as its value.
fn short_bundle_has_k(word: &str) -> bool {
    for c in word.chars().skip(1) {
        match c {
            'k' => return true,
            // Options whose value may follow in the same word.
            'o' | 'O' | 'H' | 'd' | 'u' | 'x' | 'A' | 'e' | 'K' | 'T' | 'w' | 'X' | 'F' | 'C'
            | 'm' | 'b' | 'c' => return false,
            _ => {}
        }
    }
    false
}

/// A plain http URL to a host other than the loopback.
fn is_plain_http(word: &str) -> bool {
    let Some(rest) = word.strip_prefix("http://") else {
        return false;
    };
    let host = rest.split(['/', ':', '?']).next().unwrap_or("");
    !matches!(host, "localhost" | "127.0.0.1" | "[::1]" | "0.0.0.0")
}
