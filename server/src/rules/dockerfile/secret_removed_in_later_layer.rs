//! `secret-removed-in-later-layer`: a credentials file copied in one
//! instruction and deleted by a later RUN, which leaves it in the earlier
//! layer.

use super::copy_sources;
use super::helpers;
use crate::dockerfile::{Keyword, Model};
use crate::finding::Finding;
use crate::rules::Context;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(model) = helpers::model(ctx) else {
        return;
    };

    // Files copied so far: (absolute path in the image, stage, source text).
    let mut copied: Vec<(String, usize, String)> = Vec::new();
    for ins in &model.instructions {
        let Some(stage) = ins.stage else {
            continue;
        };
        if let Some(transfer) = copy_sources::transfer(ins) {
            let Some(dest) = transfer.dest else {
                continue;
            };
            let dest_is_dir = dest.expanded.ends_with('/')
                || transfer.sources.len() > 1
                || copy_sources::is_whole_context(&dest.expanded);
            let dest_path = resolve(&ins.workdir, &dest.expanded);
            for source in &transfer.sources {
                if !copy_sources::is_secret_file(&source.expanded) {
                    continue;
                }
                let path = if dest_is_dir {
                    join(&dest_path, copy_sources::base_name(&source.expanded))
                } else {
                    dest_path.clone()
                };
                copied.push((path, stage, source.value.clone()));
            }
            continue;
        }
        if ins.keyword != Keyword::Run || copied.is_empty() {
            continue;
        }
        for command in &ins.commands {
            if command.program_name() != Some("rm") {
                continue;
            }
            let program = command.program();
            for arg in program.iter().skip(1).filter(|w| !w.value.starts_with('-')) {
                let target = resolve(&ins.workdir, &arg.value);
                let hit = copied.iter().find(|(path, from, _)| {
                    sees(model, stage, *from)
                        && (*path == target || path.starts_with(&format!("{target}/")))
                });
                let Some((_, _, source)) = hit else {
                    continue;
                };
                let range = helpers::span(program[0].range, arg.range);
                out.push(Finding::new(
                    "secret-removed-in-later-layer",
                    range,
                    format!(
                        "`rm {}` runs in a later layer, so the `{source}` copied earlier is still in the image; use `RUN --mount=type=secret` instead of copying it",
                        arg.value
                    ),
                ));
            }
        }
    }
}

/// True when stage `stage` is `from` or built from it.
fn sees(model: &Model, mut stage: usize, from: usize) -> bool {
    for _ in 0..=model.stages.len() {
        if stage == from {
            return true;
        }
        match model.stage(stage).and_then(|s| s.parent()) {
            Some(p) => stage = p,
            None => return false,
        }
    }
    false
}

/// An image path resolved against the working directory and cleaned.
fn resolve(workdir: &str, path: &str) -> String {
    let absolute = if let Some(rest) = path.strip_prefix("~/") {
        format!("/root/{rest}")
    } else if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{workdir}/{path}")
    };
    format!("/{}", crate::dockerignore::clean(&absolute))
}

fn join(dir: &str, name: &str) -> String {
    format!("{}/{name}", dir.trim_end_matches('/'))
}
