//! `secret-in-arg`: ARG carries a credential, which the image history
//! records.

use super::helpers;
use super::secret_in_env::remove_pair;
use crate::dockerfile::{Instruction, Keyword, Model, Pair};
use crate::finding::{Edit, Finding, Fix};
use crate::rules::Context;
use crate::rules::secrets;
use crate::text::TextRange;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(model) = helpers::model(ctx) else {
        return;
    };

    for ins in &model.instructions {
        if ins.keyword != Keyword::Arg {
            continue;
        }
        let pairs = ins.pairs();
        for (index, pair) in pairs.iter().enumerate() {
            let value = pair.value.as_deref().unwrap_or("");
            let by_value = !secrets::is_placeholder(value) && ctx.looks_like_secret_value(value);
            let allowed = ctx.config.secrets.is_allowed(value);
            if allowed || !(secrets::is_secret_name(&pair.name) || by_value) {
                continue;
            }
            let fix = fix(ctx.text(), model, ins, &pairs, index);
            out.push(
                Finding::new(
                    "secret-in-arg",
                    pair.range,
                    format!(
                        "`ARG {}` carries a credential that the image history records; pass it with `RUN --mount=type=secret` instead",
                        pair.name
                    ),
                )
                .with_fix(fix),
            );
        }
    }
}

/// Removes the ARG and turns the RUN instructions of its stage that read
/// the variable into secret-mount users: each gets
/// `--mount=type=secret,id=<name>` and reads `/run/secrets/<name>`.
fn fix(text: &str, model: &Model, ins: &Instruction, pairs: &[Pair], index: usize) -> Fix {
    let name = &pairs[index].name;
    let id = name.to_ascii_lowercase();
    let mut edits = vec![Edit::delete(remove_pair(text, ins, pairs, index))];
    if let Some(stage) = ins.stage.and_then(|s| model.stage(s)) {
        let later = model.stage_instructions(stage).iter().filter(|i| {
            i.keyword == Keyword::Run && i.range.start > ins.range.start && !i.is_exec_form()
        });
        for run in later {
            let mut uses = references(text, run.range, name);
            if uses.is_empty() {
                continue;
            }
            edits.push(Edit::insert(
                run.keyword_range.end,
                format!(" --mount=type=secret,id={id}"),
            ));
            edits.extend(
                uses.drain(..)
                    .map(|r| Edit::replace(r, format!("$(cat /run/secrets/{id})"))),
            );
        }
    }
    Fix::unsafe_(format!("Turn `{name}` into a build secret"), edits)
}

/// The `$NAME` and `${NAME}` references inside `range`.
fn references(text: &str, range: TextRange, name: &str) -> Vec<TextRange> {
    let body = &text[range.start..range.end];
    let mut out = Vec::new();
    let braced = format!("${{{name}}}");
    let plain = format!("${name}");
    let mut i = 0;
    while let Some(found) = body[i..].find('$') {
        let start = i + found;
        let rest = &body[start..];
        let len = if rest.starts_with(&braced) {
            braced.len()
        } else if rest.starts_with(&plain)
            && !rest[plain.len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            plain.len()
        } else {
            0
        };
        if len > 0 {
            out.push(TextRange::new(
                range.start + start,
                range.start + start + len,
            ));
            i = start + len;
        } else {
            i = start + 1;
        }
    }
    out
}
