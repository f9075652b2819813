//! `host-namespace` for compose: `network_mode`, `pid`, `ipc`, `uts`,
//! `cgroup` or `userns_mode` set to `host`. The last two are not in the
//! Pod Security Standards, which have no such fields, but share the host's
//! cgroup tree and opt out of user-namespace remapping (root in the
//! container is root on the host) just as plainly.

use super::helpers::{planner, services};
use crate::finding::{Finding, Fix};
use crate::rules::Context;

const RULE: &str = "host-namespace";

const KEYS: &[(&str, &str)] = &[
    ("network_mode", "network"),
    ("pid", "process"),
    ("ipc", "IPC"),
    ("uts", "hostname (UTS)"),
    ("cgroup", "cgroup"),
    ("userns_mode", "user"),
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
