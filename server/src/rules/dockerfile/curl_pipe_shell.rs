//! `curl-pipe-shell`: a downloaded script piped straight into a shell.

use super::helpers;
use crate::dockerfile::Sep;
use crate::finding::Finding;
use crate::rules::Context;

const DOWNLOADERS: &[&str] = &["curl", "wget"];
const SHELLS: &[&str] = &["sh", "bash", "zsh", "ash", "dash", "ksh", "fish"];

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(model) = helpers::model(ctx) else {
        return;
    };

    for ins in helpers::runs(model) {
        let commands = &ins.commands;
        for (i, command) in commands.iter().enumerate() {
            let Some(program) = command.program_name() else {
                continue;
            };
            // `curl ... | sh`, with anything the pipe passes through first.
            if DOWNLOADERS.contains(&program) && command.sep == Sep::Pipe {
                let mut j = i + 1;
                while let Some(next) = commands.get(j) {
                    let shell = next.program_name().is_some_and(|p| SHELLS.contains(&p));
                    if shell {
                        let (Some(first), Some(last)) =
                            (command.words.first(), next.program().first())
                        else {
                            break;
                        };
                        out.push(Finding::new(
                            "curl-pipe-shell",
                            helpers::span(first.range, last.range),
                            format!(
                                "`{program}` output is piped into `{}` unverified; download to a file, check its hash or signature, then run it",
                                last.value
                            ),
                        ));
                        break;
                    }
                    if next.sep != Sep::Pipe {
                        break;
                    }
                    j += 1;
                }
                continue;
            }
            // `sh -c "$(curl ...)"`.
            if SHELLS.contains(&program) {
                let fetched = command.program().iter().find(|w| {
                    DOWNLOADERS.iter().any(|d| {
                        w.value.contains(&format!("$({d} ")) || w.value.contains(&format!("`{d} "))
                    })
                });
                if let Some(word) = fetched {
                    out.push(Finding::new(
                        "curl-pipe-shell",
                        helpers::span(command.program()[0].range, word.range),
                        format!("`{program}` runs a downloaded script unverified; download to a file, check it, then run it"),
                    ));
                }
            }
        }
    }
}
