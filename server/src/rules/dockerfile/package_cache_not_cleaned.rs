//! `package-cache-not-cleaned`: a package manager's cache is left in the
//! layer of a stage that ends up in the image.

use super::helpers::{self, Manager, PackageCommand};
use crate::dockerfile::{Instruction, Keyword, Model};
use crate::finding::{Edit, Finding, Fix};
use crate::rules::Context;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(model) = helpers::model(ctx) else {
        return;
    };
    let chain = helpers::final_chain(model);
    let text = ctx.text();

    for ins in helpers::runs(model).filter(|i| helpers::in_final_image(&chain, i)) {
        let commands: Vec<_> = helpers::package_commands(ins).collect();

        // apt writes its lists in `update`; they must go in the same RUN.
        let apt_update = commands
            .iter()
            .find(|p| p.manager == Manager::Apt && p.sub() == "update");
        if let Some(p) = apt_update
            && !helpers::removes(ins, &["/var/lib/apt/lists"])
            && !helpers::has_cache_mount(ins, &["/var/lib/apt"])
        {
            // Removing the lists is safe only once nothing needs them: an
            // update alone in its RUN (apt-update-alone) feeds the install
            // of a later RUN, which the cleanup would break.
            let installs_here = reads_lists_after(&commands, p);
            let fix = (installs_here && !later_run_reads_lists(model, &chain, ins))
                .then(|| cleanup_fix(text, model, ins, "rm -rf /var/lib/apt/lists/*"))
                .flatten();
            // With no install in this RUN, removing the lists here would
            // break the install that reads them later: the advice is to
            // move the update into that RUN.
            let message = if installs_here {
                "apt lists written by `apt-get update` stay in this layer; remove /var/lib/apt/lists/* in the same RUN"
            } else {
                "apt lists written by `apt-get update` stay in this layer; run the update in the RUN that installs, and remove /var/lib/apt/lists/* there"
            };
            out.push(finding(p, message, fix));
        }

        for p in &commands {
            match p.manager {
                Manager::Pip if p.sub() == "install" => {
                    let kept = p.has_option(&["--no-cache-dir"])
                        || helpers::has_cache_mount(ins, &["/root/.cache", "/root/.cache/pip"])
                        || pip_cache_off(model, ins);
                    if !kept {
                        let fix = Some(Fix::safe(
                            "Add `--no-cache-dir`",
                            vec![Edit::insert(p.sub.range.end, " --no-cache-dir")],
                        ));
                        out.push(finding(p, "`pip install` keeps its download cache in the layer; add `--no-cache-dir`", fix));
                    }
                }
                Manager::Apk if p.sub() == "add" => {
                    let kept = p.has_option(&["--no-cache"])
                        || helpers::removes(ins, &["/var/cache/apk"])
                        || helpers::has_cache_mount(ins, &["/var/cache/apk", "/etc/apk/cache"]);
                    if !kept {
                        let fix = Some(Fix::safe(
                            "Add `--no-cache`",
                            vec![Edit::insert(p.sub.range.end, " --no-cache")],
                        ));
                        out.push(finding(p, "`apk add` without `--no-cache` leaves the package index in the layer; add `--no-cache`", fix));
                    }
                }
                Manager::Dnf if p.sub() == "install" => {
                    let program = crate::dockerfile::shell::base_name(&p.program.value);
                    let cleaned = commands
                        .iter()
                        .any(|q| q.manager == Manager::Dnf && q.sub() == "clean")
                        || helpers::removes(ins, &["/var/cache/dnf", "/var/cache/yum"])
                        || helpers::has_cache_mount(ins, &["/var/cache/dnf", "/var/cache/yum"]);
                    if !cleaned {
                        let fix = cleanup_fix(text, model, ins, &format!("{program} clean all"));
                        out.push(finding(p, &format!("`{program} install` leaves its cache in the layer; run `{program} clean all` in the same RUN"), fix));
                    }
                }
                _ => {}
            }
        }
    }
}

fn finding(p: &PackageCommand<'_>, message: &str, fix: Option<Fix>) -> Finding {
    Finding::new(
        "package-cache-not-cleaned",
        helpers::span(p.program.range, p.sub.range),
        message,
    )
    .with_fix_opt(fix)
}

/// The apt subcommands that read the package lists `update` writes.
const READS_LISTS: &[&str] = &[
    "install",
    "upgrade",
    "dist-upgrade",
    "full-upgrade",
    "build-dep",
    "source",
    "download",
    "reinstall",
    "satisfy",
];

fn reads_lists(p: &PackageCommand<'_>) -> bool {
    p.manager == Manager::Apt && READS_LISTS.contains(&p.sub())
}

/// Whether an apt command after `update` in the same RUN uses the lists.
fn reads_lists_after(commands: &[PackageCommand<'_>], update: &PackageCommand<'_>) -> bool {
    commands
        .iter()
        .any(|q| q.sub.range.start > update.sub.range.start && reads_lists(q))
}

/// Whether a later RUN of the image reads the apt lists before updating
/// them itself: it relies on the lists this RUN leaves behind.
fn later_run_reads_lists(model: &Model, chain: &[usize], ins: &Instruction) -> bool {
    let later = helpers::runs(model)
        .filter(|i| helpers::in_final_image(chain, i) && i.range.start > ins.range.start);
    for run in later {
        for q in helpers::package_commands(run).filter(|q| q.manager == Manager::Apt) {
            if q.sub() == "update" {
                return false;
            }
            if reads_lists(&q) {
                return true;
            }
        }
    }
    false
}

/// `PIP_NO_CACHE_DIR` set by an ENV of the stage before this RUN.
fn pip_cache_off(model: &Model, ins: &Instruction) -> bool {
    let Some(stage) = ins.stage.and_then(|s| model.stage(s)) else {
        return false;
    };
    model
        .stage_instructions(stage)
        .iter()
        .take_while(|i| i.range.start < ins.range.start)
        .filter(|i| i.keyword == Keyword::Env)
        .flat_map(|i| i.pairs())
        .any(|p| p.name == "PIP_NO_CACHE_DIR")
}

/// Appends a cleanup command to the RUN: on its own line at the end of a
/// heredoc script, else after the last command in the RUN's own style.
fn cleanup_fix(text: &str, model: &Model, ins: &Instruction, command: &str) -> Option<Fix> {
    if ins.is_exec_form() {
        return None;
    }
    let edit = match ins.heredocs.iter().rev().find(|h| h.is_script) {
        Some(heredoc) => {
            let terminator = heredoc.terminator?;
            let line_start = text[..terminator.start].rfind('\n').map_or(0, |i| i + 1);
            Edit::insert(line_start, format!("{command}{}", helpers::newline(text)))
        }
        None => {
            let end = ins.header.end;
            let body = &text[ins.header.start..end];
            let trimmed = body.trim_end_matches([' ', '\t']);
            let at = ins.header.start + trimmed.len();
            Edit::insert(at, helpers::append_command(text, model, ins, command))
        }
    };
    Some(Fix::safe(
        format!("Add `{command}` to the same RUN"),
        vec![edit],
    ))
}
