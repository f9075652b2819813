//! `package-version-unpinned`: packages installed without a version pin.

use super::helpers::{self, Manager, PackageCommand};
use crate::dockerfile::Word;
use crate::finding::Finding;
use crate::rules::Context;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(model) = helpers::model(ctx) else {
        return;
    };

    for ins in helpers::runs(model) {
        for p in helpers::package_commands(ins) {
            let unpinned = unpinned(&p);
            let Some(first) = unpinned.first() else {
                continue;
            };
            let names: Vec<String> = unpinned.iter().map(|w| format!("`{}`", w.value)).collect();
            out.push(Finding::new(
                "package-version-unpinned",
                first.range,
                format!(
                    "{} installed without a version pin, so rebuilds can pull different code; pin each version",
                    names.join(", ")
                ),
            ));
        }
    }
}

/// The package arguments of an install that carry no version.
fn unpinned<'a>(p: &PackageCommand<'a>) -> Vec<&'a Word> {
    let local =
        |v: &str| v.contains('/') && !v.contains("://") || v.starts_with('.') || v.starts_with('$');
    match p.manager {
        Manager::Apt if p.sub() == "install" => p
            .packages()
            .into_iter()
            .filter(|w| !w.value.contains('=') && !local(&w.value) && !w.value.ends_with(".deb"))
            .collect(),
        Manager::Apk if p.sub() == "add" => p
            .packages()
            .into_iter()
            .filter(|w| {
                !w.value.contains(['=', '~', '<', '>'])
                    && !local(&w.value)
                    && !w.value.ends_with(".apk")
            })
            .collect(),
        Manager::Pip if p.sub() == "install" => {
            if p.has_option(&["-c", "--constraint", "--require-hashes"]) {
                return Vec::new();
            }
            p.packages()
                .into_iter()
                .filter(|w| {
                    let v = &w.value;
                    !(v.contains("==") || v.contains(" @ ") || v.contains("://") || local(v))
                        && !v.ends_with(".whl")
                        && !v.ends_with(".tar.gz")
                        && !v.contains(['*'])
                })
                .collect()
        }
        Manager::Npm if helpers::is_install(p) => p
            .packages()
            .into_iter()
            .filter(|w| {
                let v = w.value.strip_prefix('@').unwrap_or(&w.value);
                !v.contains('@') && !local(&w.value) && !w.value.contains("://")
            })
            .collect(),
        Manager::Gem if p.sub() == "install" => {
            if p.has_option(&["-v", "--version"]) {
                return Vec::new();
            }
            p.packages()
                .into_iter()
                .filter(|w| !w.value.contains(':') && !w.value.ends_with(".gem"))
                .collect()
        }
        Manager::Go if p.sub() == "install" => p
            .packages()
            .into_iter()
            .filter(|w| match w.value.rsplit_once('@') {
                Some((_, version)) => version == "latest" || version.is_empty(),
                None => !w.value.starts_with('.'),
            })
            .collect(),
        _ => Vec::new(),
    }
}
