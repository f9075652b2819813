//! `root-group`: `runAsGroup`, `fsGroup` or `supplementalGroups` include 0.

use super::helpers;
use crate::finding::Finding;
use crate::rules::Context;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(_model) = helpers::model(ctx) else {
        return;
    };

    for pod in helpers::pod_specs(ctx) {
        let containers = pod.containers();
        for container in &containers {
            if let Some((group, _)) = container.security("runAsGroup")
                && group.as_i64() == Some(0)
            {
                out.push(Finding::new(
                    "root-group",
                    group.pair_range(),
                    "`runAsGroup: 0` runs the process in the root group; use a non-zero group",
                ));
            }
        }
        if containers.is_empty() {
            continue;
        }
        if let Some(fs_group) = pod.security("fsGroup")
            && fs_group.as_i64() == Some(0)
        {
            out.push(Finding::new(
                "root-group",
                fs_group.pair_range(),
                "`fsGroup: 0` gives the pod's volumes to the root group; use a non-zero group",
            ));
        }
        let groups = pod.security("supplementalGroups");
        for item in groups.iter().flat_map(|g| g.items()) {
            if item.as_i64() == Some(0) {
                out.push(Finding::new(
                    "root-group",
                    item.range(),
                    "`supplementalGroups` adds the root group `0`; remove it",
                ));
            }
        }
    }
}
