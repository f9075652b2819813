//! `root-user`: the final stage runs as root, with no USER or a last USER
//! that is root.

use super::helpers;
use crate::dockerfile::{Instruction, Keyword, Model, Stage};
use crate::finding::{Edit, Finding, Fix};
use crate::rules::Context;

/// The user the fix switches to: numeric, so it also works on scratch and
/// distroless bases and satisfies Kubernetes' runAsNonRoot.
const NON_ROOT: &str = "10001:10001";

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(model) = helpers::model(ctx) else {
        return;
    };
    let Some(stage) = model.final_stage() else {
        return;
    };
    let Some(from) = model.instructions.get(stage.from) else {
        return;
    };

    let fix = fix(ctx.text(), model, stage);
    match model.effective_user(stage.index) {
        None => out.push(
            Finding::new(
                "root-user",
                from.header,
                "the final stage sets no `USER`, so the container runs as root; add a `USER` with a non-root UID",
            )
            .with_fix_opt(fix),
        ),
        Some(user) => {
            let Some(word) = user.args.first() else {
                return;
            };
            if !word.resolved || !is_root(&word.expanded) {
                return;
            }
            out.push(
                Finding::new(
                    "root-user",
                    user.header,
                    format!(
                        "`USER {}` is the last user of the final stage, so the container runs as root; switch to a non-root UID",
                        word.expanded
                    ),
                )
                .with_fix_opt(fix),
            );
        }
    }
}

/// True for `root`, `0`, `root:<group>` and `0:<group>`.
pub fn is_root(user: &str) -> bool {
    let name = user.split(':').next().unwrap_or("").trim();
    name == "root" || name == "0"
}

/// Inserts `USER 10001:10001` before the first CMD or ENTRYPOINT after the
/// stage's last USER, or after the stage's last instruction.
fn fix(text: &str, model: &Model, stage: &Stage) -> Option<Fix> {
    let instructions = model.stage_instructions(stage);
    let last_user = instructions
        .iter()
        .rposition(|i| i.keyword == Keyword::User)
        .unwrap_or(0);
    let anchor = instructions[last_user..]
        .iter()
        .find(|i| matches!(i.keyword, Keyword::Cmd | Keyword::Entrypoint));
    let nl = helpers::newline(text);
    let edit = match anchor {
        Some(ins) => {
            let line_start = text[..ins.range.start].rfind('\n').map_or(0, |i| i + 1);
            let indent = helpers::indent_at(text, ins.range.start);
            Edit::insert(line_start, format!("{indent}USER {NON_ROOT}{nl}"))
        }
        None => {
            let last: &Instruction = instructions.last()?;
            Edit::insert(last.range.end, format!("{nl}USER {NON_ROOT}"))
        }
    };
    Some(Fix::unsafe_(
        format!("Switch to user `{NON_ROOT}`"),
        vec![edit],
    ))
}
