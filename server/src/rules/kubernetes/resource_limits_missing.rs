//! `resource-limits-missing`: a container has no CPU or no memory limit.

use super::helpers;
use crate::finding::{Edit, Finding, Fix};
use crate::kubernetes::{Container, ContainerRole};
use crate::rules::Context;
use crate::yaml::edit::{Planner, Value};

/// The starting values the fix writes, to be reviewed for the workload.
const REQUESTS: &[(&str, &str)] = &[("cpu", "100m"), ("memory", "128Mi")];
const LIMITS: &[(&str, &str)] = &[("cpu", "500m"), ("memory", "256Mi")];

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(model) = helpers::model(ctx) else {
        return;
    };
    let planner = Planner::new(model).planning(ctx.fixes);

    for container in helpers::containers(ctx) {
        // Ephemeral containers cannot have resources.
        if container.role == ContainerRole::Ephemeral || !helpers::judges_missing(ctx) {
            continue;
        }
        let limits = container.get("resources").and_then(|r| r.get("limits"));
        let has = |key: &str| {
            limits
                .and_then(|l| l.get(key))
                .is_some_and(|v| !v.is_null())
        };
        let missing = match (has("cpu"), has("memory")) {
            (true, true) => continue,
            (false, true) => "CPU limit",
            (true, false) => "memory limit",
            (false, false) => "CPU or memory limit",
        };
        let fix = plan(&planner, &container)
            .map(|e| Fix::unsafe_("Add resource requests and limits", vec![e]));
        out.push(
            Finding::new(
                "resource-limits-missing",
                container.anchor(),
                format!(
                    "{} has no {missing}, so it can starve its neighbours; set `resources.limits`",
                    helpers::label(&container)
                ),
            )
            .with_fix_opt(fix),
        );
    }
}

/// Container keys `resources` conventionally follows.
const KEYS_BEFORE: &[&str] = &[
    "name",
    "image",
    "imagePullPolicy",
    "command",
    "args",
    "workingDir",
    "ports",
    "env",
    "envFrom",
];

fn map(values: &[(&str, &str)]) -> Value {
    Value::map(values.iter().map(|(k, v)| (*k, Value::raw(*v))))
}

/// Writes what is missing: the whole `resources` block, the `requests` and
/// `limits` it lacks, or the keys a `limits` mapping lacks.
fn plan(planner: &Planner<'_>, container: &Container<'_>) -> Option<Edit> {
    let Some(resources) = container.get("resources").filter(|r| !r.is_null()) else {
        let value = Value::map([("requests", map(REQUESTS)), ("limits", map(LIMITS))]);
        return planner.insert_entries_after(container.node, &[("resources", value)], KEYS_BEFORE);
    };
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
