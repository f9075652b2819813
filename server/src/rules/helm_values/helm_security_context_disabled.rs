//! `helm-security-context-disabled`: the values empty or switch off a
//! security context (`securityContext: {}`, `enabled: false` inside one),
//! or weaken it to the point of having none (`runAsNonRoot: false`,
//! `privileged: true`).

use super::helpers::{values, written};
use crate::finding::Finding;
use crate::helm::{Pair, is_security_context_key};
use crate::rules::Context;

const RULE: &str = "helm-security-context-disabled";

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(values) = values(ctx) else {
        return;
    };

    for pair in values.pairs() {
        let Some(why) = disables(&pair) else {
            continue;
        };
        let range = pair.value.pair_range();
        let message = format!("`{}` {why}", written(ctx, range));
        out.push(Finding::new(RULE, range, message));
    }
}

/// What the pair does to a security context, when it disables one.
fn disables(pair: &Pair<'_>) -> Option<&'static str> {
    let value = pair.value;
    if is_security_context_key(pair.key) && !pair.switched_off {
        let empty =
            value.is_null() || (value.as_mapping().is_some() && value.entries().next().is_none());
        return empty.then_some(
            "leaves the chart's workload without a security context, so it runs with the runtime's defaults (root, writable root filesystem, default capabilities); set the hardened fields",
        );
    }
    match pair.key {
        "enabled"
            if pair.parent_key.is_some_and(is_security_context_key)
                && !pair.outer_switched_off
                && value.as_bool_k8s() == Some(false) =>
        {
            Some("switches this security context off, so the chart renders none; set it to `true`")
        }
        "runAsNonRoot" if !pair.switched_off && value.as_bool_k8s() == Some(false) => {
            Some("turns off the chart's non-root guarantee; set it to `true`")
        }
        "privileged" if !pair.switched_off && value.as_bool_k8s() == Some(true) => {
            Some("gives up every isolation a security context provides; set it to `false`")
        }
        _ => None,
    }
}
