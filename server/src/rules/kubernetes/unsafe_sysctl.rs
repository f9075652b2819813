//! `unsafe-sysctl`: a pod sets a sysctl outside the safe set.

use super::helpers;
use crate::finding::Finding;
use crate::rules::Context;
use crate::rules::judgement::is_safe_sysctl;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(_model) = helpers::model(ctx) else {
        return;
    };

    for pod in helpers::pod_specs(ctx) {
        let sysctls = pod.security("sysctls");
        for item in sysctls.iter().flat_map(|s| s.items()) {
            let Some(name) = item.get("name") else {
                continue;
            };
            let Some(written) = name.as_str() else {
                continue;
            };
            if is_safe_sysctl(written) {
                continue;
            }
            out.push(Finding::new(
                "unsafe-sysctl",
                name.pair_range(),
                format!(
                    "sysctl `{written}` is outside the safe set and can affect the node or other pods; remove it or set it on the node"
                ),
            ));
        }
    }
}
