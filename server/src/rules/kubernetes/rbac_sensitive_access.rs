//! `rbac-sensitive-access`: a role rule grants access that leads to more
//! access: reading secrets, exec into pods, creating workloads, proxying to
//! nodes, impersonation, escalating or binding roles, approving
//! certificates, managing admission webhooks.

use super::helpers;
use crate::finding::Finding;
use crate::kubernetes::{Kind, first_line};
use crate::rules::Context;
use crate::yaml::Node;

const WORKLOADS: &[&str] = &[
    "pods",
    "deployments",
    "daemonsets",
    "statefulsets",
    "replicasets",
    "replicationcontrollers",
    "jobs",
    "cronjobs",
];
const WRITE: &[&str] = &["create", "update", "patch"];

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(model) = helpers::model(ctx) else {
        return;
    };

    for object in helpers::objects(ctx) {
        if !matches!(object.kind, Kind::Role | Kind::ClusterRole) {
            continue;
        }
        for rule in object.node.get("rules").iter().flat_map(|r| r.items()) {
            let Some(reason) = sensitive(rule) else {
                continue;
            };
            let range = rule.item_range().unwrap_or_else(|| rule.range());
            out.push(Finding::new(
                "rbac-sensitive-access",
                first_line(model.text(), range),
                format!("this rule lets the role {reason}, which leads to wider access; grant it only to what needs it"),
            ));
        }
    }
}

fn strings<'a>(rule: Node<'a>, key: &str) -> Vec<&'a str> {
    rule.get(key)
        .iter()
        .flat_map(|l| l.items())
        .filter_map(|i| i.as_str())
        .collect()
}

/// Why the rule is sensitive, or `None`. Rules with a wildcard are left to
/// `rbac-wildcard`.
fn sensitive(rule: Node<'_>) -> Option<String> {
    let verbs = strings(rule, "verbs");
    let resources = strings(rule, "resources");
    if verbs.contains(&"*") || resources.contains(&"*") || strings(rule, "apiGroups").contains(&"*")
    {
        return None;
    }
    let any = |list: &[&str]| verbs.iter().find(|v| list.contains(v)).copied();

    if let Some(verb) = any(&["impersonate"]) {
        return Some(format!("`{verb}` users, groups or service accounts"));
    }
    if let Some(verb) = any(&["escalate", "bind"]) {
        return Some(format!("`{verb}` roles beyond its own permissions"));
    }
    for resource in &resources {
        let found = match *resource {
            "secrets" => any(&["get", "list", "watch"]).map(|v| format!("`{v}` secrets")),
            "pods/exec" | "pods/attach" => any(&["create", "get"])
                .map(|v| format!("`{v}` `{resource}` and run commands in pods")),
            "pods/ephemeralcontainers" => any(&["update", "patch"])
                .map(|v| format!("`{v}` `{resource}` and run a debug container in any pod")),
            "nodes/proxy" => verbs
                .first()
                .map(|v| format!("`{v}` `nodes/proxy`, the kubelet API")),
            "serviceaccounts/token" => {
                any(&["create"]).map(|_| "mint service account tokens".to_string())
            }
            "certificatesigningrequests/approval" => any(&["update", "patch"])
                .map(|_| "approve certificate signing requests".to_string()),
            "signers" => {
                any(&["approve", "sign"]).map(|v| format!("`{v}` with certificate signers"))
            }
            "mutatingwebhookconfigurations" | "validatingwebhookconfigurations" => {
                any(&["create", "update", "patch", "delete"])
                    .map(|v| format!("`{v}` `{resource}` (they see or change every request)"))
            }
            r if WORKLOADS.contains(&r) => any(WRITE)
                .map(|v| format!("`{v}` `{r}`, running any image with any service account")),
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}
