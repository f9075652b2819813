//! `world-writable-permissions`: `chmod` or `--chmod` makes files writable
//! by every user.

use super::helpers;
use crate::dockerfile::Keyword;
use crate::finding::Finding;
use crate::rules::Context;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(model) = helpers::model(ctx) else {
        return;
    };

    for ins in &model.instructions {
        if matches!(ins.keyword, Keyword::Copy | Keyword::Add)
            && let Some(flag) = ins.flag("chmod")
            && let Some(mode) = flag.value.as_deref()
            && world_writable(mode)
        {
            out.push(finding(flag.range, &format!("--chmod={mode}")));
        }
        if ins.keyword != Keyword::Run {
            continue;
        }
        for command in &ins.commands {
            if command.program_name() != Some("chmod") {
                continue;
            }
            let mode = command
                .program()
                .iter()
                .skip(1)
                .find(|w| !w.value.starts_with('-') || is_symbolic(&w.value));
            if let Some(mode) = mode
                && world_writable(&mode.value)
            {
                out.push(finding(mode.range, &format!("chmod {}", mode.value)));
            }
        }
    }
}

fn finding(range: crate::text::TextRange, what: &str) -> Finding {
    Finding::new(
        "world-writable-permissions",
        range,
        format!(
            "`{what}` lets any user in the container change these files; grant write access to the owner or group only"
        ),
    )
}

/// `-w` style words are symbolic modes, not options.
fn is_symbolic(word: &str) -> bool {
    word.starts_with('-')
        && word[1..]
            .chars()
            .all(|c| matches!(c, 'r' | 'w' | 'x' | 'X' | 's' | 't'))
}

/// True when a numeric or symbolic mode gives others write access (the
/// sticky-bit `1777` of shared temporary folders is left alone).
pub fn world_writable(mode: &str) -> bool {
    if mode.chars().all(|c| c.is_ascii_digit()) && !mode.is_empty() {
        let Ok(bits) = u32::from_str_radix(mode, 8) else {
            return false;
        };
        return bits & 0o002 != 0 && bits & 0o1000 == 0;
    }
    mode.split(',').any(|clause| {
        let op = clause.find(['+', '=']);
        let Some(op) = op else {
            return false;
        };
        let who = &clause[..op];
        let perms = &clause[op + 1..];
        (who.contains('o') || who.contains('a')) && perms.contains('w') && !perms.contains(['-'])
    })
}

#[cfg(test)]
mod tests {
    use super::world_writable;

    #[test]
    fn modes() {
        for m in ["777", "0666", "a+w", "o+w", "ugo+rwx", "a=rwx", "u+x,o+w"] {
            assert!(world_writable(m), "{m}");
        }
        for m in ["750", "0644", "755", "g+w,o-w", "+x", "1777", "u+w", "o-w"] {
            assert!(!world_writable(m), "{m}");
        }
    }
}
