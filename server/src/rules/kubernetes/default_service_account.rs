//! `default-service-account`: a pod runs as its namespace's `default`
//! ServiceAccount.

use super::helpers;
use crate::finding::Finding;
use crate::rules::Context;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(_model) = helpers::model(ctx) else {
        return;
    };

    for pod in helpers::pod_specs(ctx) {
        let name = ["serviceAccountName", "serviceAccount"]
            .iter()
            .find_map(|k| pod.get(k).filter(|n| !n.is_null()));
        match name {
            Some(node) if node.as_str() != Some("default") => {}
            Some(node) => out.push(Finding::new(
                "default-service-account",
                node.pair_range(),
                "the pod runs as the `default` ServiceAccount, which every pod of the namespace shares; give it its own",
            )),
            None if !helpers::judges_missing(ctx) => {}
            None => out.push(Finding::new(
                "default-service-account",
                pod.anchor(),
                "the pod sets no `serviceAccountName`, so it runs as the namespace's shared `default` account; give it its own",
            )),
        }
    }
}
