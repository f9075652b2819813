//! `build-tools-in-final-stage`: compilers and build tools installed in a
//! stage that ends up in the image.

use super::helpers::{self, Manager};
use crate::finding::Finding;
use crate::rules::Context;

const TOOLS: &[&str] = &[
    "gcc",
    "g++",
    "cc",
    "clang",
    "make",
    "cmake",
    "build-essential",
    "build-base",
    "autoconf",
    "automake",
    "libtool",
    "pkg-config",
    "pkgconf",
    "gfortran",
    "ninja-build",
    "meson",
];

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(model) = helpers::model(ctx) else {
        return;
    };
    let chain = helpers::final_chain(model);

    for ins in helpers::runs(model).filter(|i| helpers::in_final_image(&chain, i)) {
        let commands: Vec<_> = helpers::package_commands(ins).collect();
        for (at, p) in commands.iter().enumerate() {
            if !matches!(p.manager, Manager::Apt | Manager::Apk | Manager::Dnf)
                || !helpers::is_install(p)
            {
                continue;
            }
            // Packages removed again in the same RUN never reach a layer.
            let removed: Vec<&str> = commands[at + 1..]
                .iter()
                .filter(|q| matches!(q.sub(), "del" | "remove" | "purge" | "autoremove" | "erase"))
                .flat_map(|q| q.packages())
                .map(|w| w.value.as_str())
                .collect();
            let virtual_name = p
                .words
                .iter()
                .position(|w| w.value == "--virtual" || w.value == "-t")
                .and_then(|i| p.words.get(i + 1))
                .map(|w| w.value.as_str());
            if virtual_name.is_some_and(|v| removed.contains(&v)) {
                continue;
            }
            let tool = p.packages().into_iter().find(|w| {
                let name = package_name(&w.value);
                (TOOLS.contains(&name) || name.ends_with("-dev") || name.ends_with("-devel"))
                    && !removed.contains(&name)
                    && !removed.contains(&w.value.as_str())
            });
            let Some(tool) = tool else {
                continue;
            };
            out.push(Finding::new(
                "build-tools-in-final-stage",
                tool.range,
                format!(
                    "`{}` installs build tools in the final image; build in an earlier stage and copy only the result",
                    package_name(&tool.value)
                ),
            ));
        }
    }
}

/// A package argument without its version pin (`gcc=13.2` → `gcc`).
fn package_name(arg: &str) -> &str {
    arg.split(['=', '~', '>', '<']).next().unwrap_or(arg)
}
