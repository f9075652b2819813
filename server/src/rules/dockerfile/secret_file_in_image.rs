//! `secret-file-in-image`: COPY or ADD brings a credentials file into a
//! layer.

use super::copy_sources;
use super::helpers;
use crate::finding::Finding;
use crate::rules::Context;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(model) = helpers::model(ctx) else {
        return;
    };

    for ins in &model.instructions {
        let Some(transfer) = copy_sources::transfer(ins) else {
            continue;
        };
        if transfer.from_elsewhere {
            continue;
        }
        for source in transfer.sources {
            if copy_sources::is_remote(&source.expanded)
                || !copy_sources::is_secret_file(&source.expanded)
            {
                continue;
            }
            out.push(Finding::new(
                "secret-file-in-image",
                source.range,
                format!(
                    "`{}` is a credentials file and stays readable in this layer; mount it with `RUN --mount=type=secret` instead of copying it",
                    source.value
                ),
            ));
        }
    }
}
