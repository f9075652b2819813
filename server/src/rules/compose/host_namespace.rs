//! `host-namespace` for compose: `network_mode`, `pid`, `ipc` or `uts` set
//! to `host`.

use super::helpers::{planner, services};
use crate::finding::{Finding, Fix};
use crate::rules::Context;

const RULE: &str = "host-namespace";

const KEYS: &[(&str, &str)] = &[
    ("network_mode", "network"),
    ("pid", "process"),
    ("ipc", "IPC"),
    ("uts", "hostname (UTS)"),
];

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let planner = planner(ctx);
    for service in services(ctx) {
        for (key, namespace) in KEYS {
            let Some((value, field)) = service.string(key) else {
                continue;
            };
            if !value.trim().eq_ignore_ascii_case("host") {
                continue;
            }

            let fix = match field.is_local() {
                true => planner.as_ref().and_then(|p| p.remove_pair(field.node)),
                false => None,
            };
            let message = format!(
                "`{key}: host` shares the host's {namespace} namespace with service `{}`; remove it",
                service.name
            );
            let title = format!("Remove `{key}: host`");
            out.push(
                Finding::new(RULE, field.pair_range(), message)
                    .with_fix_opt(fix.map(|e| Fix::unsafe_(title, vec![e]))),
            );
        }
    }
}
