//! `package-signature-check-disabled`: a package manager is told to skip
//! signature checks.

use super::helpers;
use crate::finding::Finding;
use crate::rules::Context;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(model) = helpers::model(ctx) else {
        return;
    };

    for ins in helpers::runs(model) {
        for command in &ins.commands {
            let Some(program) = command.program_name() else {
                continue;
            };
            let flags: &[&str] = match program {
                "apk" => &["--allow-untrusted"],
                "apt-get" | "apt" | "aptitude" => &["--allow-unauthenticated", "--force-yes"],
                "yum" | "dnf" | "microdnf" | "tdnf" => &[
                    "--nogpgcheck",
                    "--setopt=gpgcheck=0",
                    "--setopt=gpgcheck=false",
                ],
                "rpm" => &["--nosignature", "--nodigest", "--nogpgcheck"],
                "zypper" => &["--no-gpg-checks"],
                _ => continue,
            };
            for word in command.program().iter().skip(1) {
                let v = word.value.to_ascii_lowercase();
                let off = flags.contains(&v.as_str())
                    || v.contains("allowunauthenticated=true")
                    || v.contains("allowunauthenticated=1");
                if !off {
                    continue;
                }
                out.push(Finding::new(
                    "package-signature-check-disabled",
                    word.range,
                    format!(
                        "`{program} {}` installs packages without checking their signatures, so a tampered package is accepted; remove it and import the signing key",
                        word.value
                    ),
                ));
            }
        }
    }
}
