//! `shell-form-entrypoint`: CMD or ENTRYPOINT in shell form, which runs the
//! process under `/bin/sh -c` where it does not receive signals.

use super::helpers;
use crate::dockerfile::{Instruction, Keyword};
use crate::finding::{Edit, Finding, Fix};
use crate::rules::Context;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(model) = helpers::model(ctx) else {
        return;
    };
    let chain = helpers::final_chain(model);

    for ins in &model.instructions {
        if !matches!(ins.keyword, Keyword::Cmd | Keyword::Entrypoint) || ins.is_exec_form() {
            continue;
        }
        if !helpers::in_final_image(&chain, ins) || ins.args_text().is_empty() {
            continue;
        }
        let keyword = &ctx.text()[ins.keyword_range.start..ins.keyword_range.end];
        let fix = exec_form(ins).map(|json| {
            Fix::unsafe_(
                "Rewrite as a JSON exec-form array",
                vec![Edit::replace(ins.args_range(), json)],
            )
        });
        out.push(
            Finding::new(
                "shell-form-entrypoint",
                ins.args_range(),
                format!(
                    "`{}` in shell form runs under `/bin/sh -c`, so the process does not get SIGTERM; write it as a JSON array",
                    keyword.to_ascii_uppercase()
                ),
            )
            .with_fix_opt(fix),
        );
    }
}

/// The JSON array for a shell-form command made of plain words, or for a
/// single-quoted pseudo-array (`['node', 'app.js']`). `None` when the
/// command needs a shell (pipes, `&&`, variables, globs, redirections).
fn exec_form(ins: &Instruction) -> Option<String> {
    let text = ins.args_text();
    let words: Vec<String> =
        if let Some(inner) = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
            inner
                .split(',')
                .map(|part| {
                    let p = part.trim();
                    p.strip_prefix('\'')
                        .and_then(|p| p.strip_suffix('\''))
                        .map(str::to_string)
                })
                .collect::<Option<Vec<_>>>()?
        } else {
            if text.contains([
                '|', '&', ';', '<', '>', '$', '`', '*', '?', '(', ')', '~', '\n',
            ]) {
                return None;
            }
            ins.args.iter().map(|w| w.value.clone()).collect()
        };
    if words.is_empty() {
        return None;
    }
    let items: Vec<String> = words
        .iter()
        .map(|w| serde_json::to_string(w).unwrap_or_else(|_| format!("\"{w}\"")))
        .collect();
    Some(format!("[{}]", items.join(", ")))
}
