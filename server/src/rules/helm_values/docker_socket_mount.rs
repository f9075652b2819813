//! `docker-socket-mount` for Helm values: a `hostPath` volume of a
//! container runtime socket (or of the directory that holds one).

use super::helpers::fields;
use crate::finding::Finding;
use crate::rules::Context;
use crate::rules::judgement::is_runtime_socket;

const RULE: &str = "docker-socket-mount";

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for pair in fields(ctx, "hostPath") {
        // `hostPath: {path: ...}` as in a pod spec, or a chart's own
        // `hostPath: /run/...` setting.
        let path = pair.value.get("path").unwrap_or(pair.value);
        let Some(text) = path.as_str() else { continue };
        if !is_runtime_socket(text) {
            continue;
        }

        let message = format!(
            "the values mount the container runtime socket `{text}` from the host, which gives the container root on the node; remove the volume"
        );
        out.push(Finding::new(RULE, path.pair_range(), message));
    }
}
