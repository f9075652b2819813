//! `non-numeric-user`: the final stage's USER names a user instead of a UID.

use super::helpers;
use crate::finding::Finding;
use crate::rules::Context;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(model) = helpers::model(ctx) else {
        return;
    };
    let Some(stage) = model.final_stage() else {
        return;
    };
    let Some(user) = model.effective_user(stage.index) else {
        return;
    };
    let Some(word) = user.args.first() else {
        return;
    };

    if !word.resolved {
        return;
    }
    let name = word.expanded.split(':').next().unwrap_or("");
    // Root is `root-user`'s finding; a number is what the rule asks for.
    if name.is_empty() || name == "root" || name.chars().all(|c| c.is_ascii_digit()) {
        return;
    }
    out.push(Finding::new(
        "non-numeric-user",
        word.range,
        format!(
            "`USER {}` names a user, so Kubernetes cannot check runAsNonRoot against the image; use the numeric UID",
            word.expanded
        ),
    ));
}
