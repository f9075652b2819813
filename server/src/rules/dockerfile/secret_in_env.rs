//! `secret-in-env`: ENV sets a literal credential, which stays in every
//! later layer and in the image's configuration.

use super::helpers;
use crate::dockerfile::{Instruction, Keyword, Pair};
use crate::finding::{Edit, Finding, Fix};
use crate::rules::Context;
use crate::text::TextRange;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(model) = helpers::model(ctx) else {
        return;
    };

    for ins in model
        .instructions
        .iter()
        .filter(|i| i.keyword == Keyword::Env)
    {
        let pairs = ins.pairs();
        for (index, pair) in pairs.iter().enumerate() {
            let Some(value) = pair.value.as_deref() else {
                continue;
            };
            if !ctx.is_literal_secret(&pair.name, value) {
                continue;
            }
            let title = if pairs.len() == 1 {
                "Remove the ENV instruction"
            } else {
                "Remove the secret from the ENV instruction"
            };
            let edit = Edit::delete(remove_pair(ctx.text(), ins, &pairs, index));
            out.push(
                Finding::new(
                    "secret-in-env",
                    pair.range,
                    format!(
                        "`ENV {}` stores a credential in the image for anyone who pulls it; pass it at run time or as a build secret",
                        pair.name
                    ),
                )
                .with_fix(Fix::unsafe_(title, vec![edit])),
            );
        }
    }
}

/// The text to delete so that pair `index` disappears and the rest of the
/// instruction keeps its layout: the whole instruction when it is the only
/// pair, else the pair with the separator before it (or after it, for the
/// first pair).
pub fn remove_pair(text: &str, ins: &Instruction, pairs: &[Pair], index: usize) -> TextRange {
    if pairs.len() <= 1 {
        return helpers::whole_lines(text, ins.range);
    }
    let pair = &pairs[index];
    match index {
        0 => TextRange::new(pair.range.start, pairs[1].range.start),
        _ => TextRange::new(pairs[index - 1].range.end, pair.range.end),
    }
}
