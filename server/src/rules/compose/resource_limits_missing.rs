//! `resource-limits-missing` for compose: a service without a CPU or a
//! memory limit, in `deploy.resources.limits` or the legacy `cpus` /
//! `mem_limit` keys.

use super::helpers::{self, planner, services};
use crate::compose::Service;
use crate::finding::{Finding, Fix};
use crate::rules::Context;
use crate::yaml::edit::{Planner, Value};

const RULE: &str = "resource-limits-missing";
const LIMITS: &[&str] = &["deploy", "resources", "limits"];
const TITLE: &str = "Add limits of 0.5 CPU and 256M of memory, to review";

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let planner = planner(ctx);
    for service in services(ctx) {
        let cpu = has(&service, &["cpus"])
            || ["cpus", "cpu_quota", "cpu_count", "cpu_percent"]
                .iter()
                .any(|k| has_legacy(&service, k));
        let memory = has(&service, &["memory"]) || has_legacy(&service, "mem_limit");
        if (cpu && memory) || helpers::inherits_unknown(ctx, &service) {
            continue;
        }

        let missing = match (cpu, memory) {
            (false, false) => "no CPU and no memory limit",
            (false, true) => "no CPU limit",
            _ => "no memory limit",
        };
        let fix = planner
            .as_ref()
            .and_then(|p| plan(p, &service, cpu, memory))
            .map(|e| Fix::unsafe_(TITLE, vec![e]));
        let message = format!(
            "service `{}` has {missing}, so one runaway container can starve the host; set `deploy.resources.limits`",
            service.name
        );
        out.push(Finding::new(RULE, service.missing_key_range(), message).with_fix_opt(fix));
    }
}

fn has(service: &Service<'_>, key: &[&str]) -> bool {
    let path: Vec<&str> = LIMITS.iter().chain(key).copied().collect();
    service.get_path(&path).is_some_and(|f| is_limit(f.node))
}

fn has_legacy(service: &Service<'_>, key: &str) -> bool {
    service.get(key).is_some_and(|f| is_limit(f.node))
}

/// True for a value that limits: the engine reads `0` (and `-1` for
/// memory) as "no limit", so those do not count.
fn is_limit(node: crate::yaml::Node<'_>) -> bool {
    let Some(text) = node.as_str() else {
        return false;
    };
    let number = text
        .trim()
        .trim_end_matches(|c: char| c.is_ascii_alphabetic());
    number.parse::<f64>().map_or(true, |n| n > 0.0)
}

/// Adds what is missing where the service already states its limits: the
/// legacy keys beside a legacy limit, else `deploy.resources.limits`.
fn plan(
    planner: &Planner<'_>,
    service: &Service<'_>,
    cpu: bool,
    memory: bool,
) -> Option<crate::finding::Edit> {
    // A legacy key written with a zero still decides the style: adding
    // `deploy` limits beside it would make compose reject the conflict.
    let legacy = ["cpus", "cpu_quota", "mem_limit"]
        .iter()
        .any(|k| service.get(k).is_some_and(|f| !f.node.is_null()));
    let mut entries = Vec::new();
    if legacy {
        if !cpu {
            entries.push(("cpus", Value::raw("0.5")));
        }
        if !memory {
            entries.push(("mem_limit", Value::raw("256m")));
        }
        return planner.insert_entries(service.node, &entries);
    }
    if !cpu {
        entries.push(("cpus", Value::raw("'0.5'")));
    }
    if !memory {
        entries.push(("memory", Value::raw("256M")));
    }
    match service.get_path(LIMITS) {
        Some(limits) if limits.is_local() && limits.node.as_mapping().is_some() => {
            planner.insert_entries(limits.node, &entries)
        }
        _ => planner.insert_path(service.node, LIMITS, Value::map(entries)),
    }
}
