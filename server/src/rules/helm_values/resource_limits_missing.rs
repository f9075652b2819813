//! `resource-limits-missing` for Helm values: a container `resources`
//! block without a CPU or a memory limit (`resources: {}` included).

use super::helpers::{has_resource, planner, resource_blocks};
use crate::finding::{Edit, Finding, Fix};
use crate::rules::Context;
use crate::yaml::Node;
use crate::yaml::edit::{Planner, Value};

const RULE: &str = "resource-limits-missing";

/// The starting values the fix writes, to be reviewed for the workload (the
/// same as for manifests).
const REQUESTS: &[(&str, &str)] = &[("cpu", "100m"), ("memory", "128Mi")];
const LIMITS: &[(&str, &str)] = &[("cpu", "500m"), ("memory", "256Mi")];

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let planner = planner(ctx);
    for resources in resource_blocks(ctx) {
        let missing = match (
            has_resource(resources, "limits", "cpu"),
            has_resource(resources, "limits", "memory"),
        ) {
            (true, true) => continue,
            (false, true) => "CPU limit",
            (true, false) => "memory limit",
            (false, false) => "CPU or memory limit",
        };

        let fix = planner
            .as_ref()
            .and_then(|p| plan(p, resources))
            .map(|e| Fix::unsafe_("Add resource requests and limits", vec![e]));
        let message = format!(
            "this `resources` block sets no {missing}, so the container can starve its neighbours; set `limits`"
        );
        out.push(Finding::new(RULE, resources.pair_range(), message).with_fix_opt(fix));
    }
}

fn map(values: &[(&str, &str)]) -> Value {
    Value::map(values.iter().map(|(k, v)| (*k, Value::raw(*v))))
}

/// Writes the `limits` (and `requests`) the block lacks, or the keys its
/// `limits` lacks.
fn plan(planner: &Planner<'_>, resources: Node<'_>) -> Option<Edit> {
    match resources.get("limits").filter(|l| !l.is_null()) {
        None => {
            let mut entries = Vec::new();
            if resources.get("requests").is_none_or(|r| r.is_null()) {
                entries.push(("requests", map(REQUESTS)));
            }
            entries.push(("limits", map(LIMITS)));
            planner.insert_entries(resources, &entries)
        }
        Some(limits) => {
            let entries: Vec<(&str, Value)> =
                LIMITS.iter().map(|(k, v)| (*k, Value::raw(*v))).collect();
            planner.insert_entries(limits, &entries)
        }
    }
}
