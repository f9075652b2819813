//! `root-user`: the final stage runs as root, with no USER or a last USER
//! that is root. A final stage with no USER on a base image whose own
//! config sets a non-root user (distroless `nonroot` variants) is not
//! reported; on a Chainguard image, mostly non-root by default, it is
//! reported at info.

use super::helpers;
use crate::dockerfile::{Instruction, Keyword, Model, Stage};
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::rules::Context;
use crate::text::TextRange;

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
        None => match base_default_user(model, stage) {
            BaseUser::NonRoot => {}
            BaseUser::UsuallyNonRoot(image) => out.push(
                Finding::new(
                    "root-user",
                    from.header,
                    format!(
                        "the final stage sets no `USER` and relies on `{image}` running as a non-root user by default, which the Dockerfile does not show; add a numeric `USER` (that image's own is 65532) to make it explicit"
                    ),
                )
                .with_milder_severity(Severity::Info)
                .with_fix_opt(fix),
            ),
            BaseUser::Root => out.push(
                Finding::new(
                    "root-user",
                    from.header,
                    "the final stage sets no `USER`, so the container runs as root; add a `USER` with a non-root UID",
                )
                .with_fix_opt(fix),
            ),
        },
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

/// What the base image of a final stage with no `USER` runs as.
enum BaseUser<'a> {
    /// A distroless `nonroot` variant: its image config sets user 65532.
    NonRoot,
    /// A Chainguard image: non-root by default for most images, but not
    /// all (`-dev` variants and `wolfi-base` run as root), so it is
    /// reported mildly.
    UsuallyNonRoot(&'a str),
    /// Root, as images are unless they say otherwise.
    Root,
}

/// The default user of the image the final stage is ultimately built from
/// (following `FROM <stage>` to the first stage that names an image).
fn base_default_user<'a>(model: &'a Model, stage: &'a Stage) -> BaseUser<'a> {
    let mut current = stage;
    // Parents always come earlier, so this walk ends; the bound is a guard.
    for _ in 0..=model.stages.len() {
        match current.parent().and_then(|i| model.stage(i)) {
            Some(parent) => current = parent,
            None => break,
        }
    }
    let Some(image) = current.image_ref() else {
        return BaseUser::Root;
    };
    let repository = image.repository();
    let tag = image.tag().unwrap_or("");
    let nonroot_tag = tag.split('-').any(|part| part == "nonroot");
    if image.registry_host() == "gcr.io" && repository.starts_with("distroless/") && nonroot_tag {
        return BaseUser::NonRoot;
    }
    let dev = tag.split('-').any(|part| part == "dev");
    if image.registry_host() == "cgr.dev"
        && repository.starts_with("chainguard/")
        && repository != "chainguard/wolfi-base"
        && !dev
    {
        return BaseUser::UsuallyNonRoot(image.text.trim());
    }
    BaseUser::Root
}

/// True for `root`, `0`, `root:<group>` and `0:<group>`.
pub fn is_root(user: &str) -> bool {
    let name = user.split(':').next().unwrap_or("").trim();
    name == "root" || name == "0"
}

/// Switches the stage to `USER 10001:10001`. A root `USER` that is the
/// stage's last, with no RUN after it that may need root, is rewritten in
/// place; otherwise the new USER goes before the first CMD or ENTRYPOINT
/// after the stage's last USER, or after the stage's last instruction.
fn fix(text: &str, model: &Model, stage: &Stage) -> Option<Fix> {
    let instructions = model.stage_instructions(stage);
    let last_user = instructions
        .iter()
        .rposition(|i| i.keyword == Keyword::User);
    if let Some(user) = last_user.and_then(|i| instructions.get(i))
        && let (Some(first), Some(last)) = (user.args.first(), user.args.last())
        && first.resolved
        && is_root(&first.expanded)
        && !instructions[last_user.unwrap_or(0)..]
            .iter()
            .any(|i| i.keyword == Keyword::Run)
    {
        return Some(Fix::unsafe_(
            format!("Switch to user `{NON_ROOT}`"),
            vec![Edit::replace(
                TextRange::new(first.range.start, last.range.end),
                NON_ROOT,
            )],
        ));
    }
    let last_user = last_user.unwrap_or(0);
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
            // A last line that ends in a continuation (`RUN echo hi \` at the
            // end of the file) would swallow the new line into the RUN.
            let written = text
                .get(last.range.start..last.range.end)
                .unwrap_or_default();
            if written.trim_end().ends_with(model.escape) {
                return None;
            }
            Edit::insert(last.range.end, format!("{nl}USER {NON_ROOT}"))
        }
    };
    Some(Fix::unsafe_(
        format!("Switch to user `{NON_ROOT}`"),
        vec![edit],
    ))
}
