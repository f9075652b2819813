//! `apt-no-install-recommends`: `apt-get install` without
//! `--no-install-recommends`.

use super::helpers::{self, Manager};
use crate::finding::{Edit, Finding, Fix};
use crate::rules::Context;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(model) = helpers::model(ctx) else {
        return;
    };

    for ins in helpers::runs(model) {
        for p in helpers::package_commands(ins) {
            if p.manager != Manager::Apt || p.program.value.ends_with("apt") || p.sub() != "install"
            {
                continue;
            }
            let off = p.has_option(&["--no-install-recommends"])
                || p.words.iter().any(|w| {
                    let v = w.value.to_ascii_lowercase();
                    v.contains("install-recommends=false") || v.contains("install-recommends=0")
                });
            if off {
                continue;
            }
            out.push(
                Finding::new(
                    "apt-no-install-recommends",
                    helpers::span(p.program.range, p.sub.range),
                    "`apt-get install` without `--no-install-recommends` pulls in recommended packages nobody asked for; add the flag",
                )
                .with_fix(Fix::unsafe_(
                    "Add `--no-install-recommends`",
                    vec![Edit::insert(p.sub.range.end, " --no-install-recommends")],
                )),
            );
        }
    }
}
