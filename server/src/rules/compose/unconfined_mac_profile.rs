//! `unconfined-mac-profile` for compose: `security_opt` switches off
//! AppArmor (`apparmor:unconfined`), SELinux labelling (`label:disable`),
//! sets an SELinux type outside the container set, user or role, or
//! unmasks the kernel paths (`systempaths=unconfined`). An SELinux level
//! alone is fine.

use super::helpers::services;
use crate::compose::SecurityOpt;
use crate::finding::Finding;
use crate::rules::Context;
use crate::rules::judgement::is_allowed_selinux_type;

const RULE: &str = "unconfined-mac-profile";

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for service in services(ctx) {
        for opt in service.security_opts() {
            let Some(why) = weakness(&opt) else {
                continue;
            };

            let message = format!(
                "`{}` {why} for service `{}`; remove it",
                opt.item.text, service.name
            );
            out.push(Finding::new(RULE, opt.item.range, message));
        }
    }
}

/// What the option switches off, when it weakens the container's mandatory
/// access control.
fn weakness(opt: &SecurityOpt<'_>) -> Option<&'static str> {
    let name = opt.name.trim().to_ascii_lowercase();
    let value = opt.value.unwrap_or("").trim();
    match name.as_str() {
        "apparmor" if value.eq_ignore_ascii_case("unconfined") => {
            Some("switches off AppArmor confinement")
        }
        "systempaths" if value.eq_ignore_ascii_case("unconfined") => {
            Some("unmasks the kernel's `/proc` and `/sys` paths")
        }
        "label" if value.eq_ignore_ascii_case("disable") => Some("switches off SELinux labelling"),
        "label" => {
            let (part, setting) = value.split_once(':')?;
            match part.trim().to_ascii_lowercase().as_str() {
                "type" if !is_allowed_selinux_type(setting) => {
                    Some("runs under an SELinux type outside the container policy")
                }
                "user" | "role" => Some("sets an SELinux user or role"),
                _ => None,
            }
        }
        _ => None,
    }
}
