//! `rbac-wildcard`: a Role or ClusterRole grants `*` in verbs, resources,
//! API groups or non-resource URLs.

use super::helpers;
use crate::finding::Finding;
use crate::kubernetes::Kind;
use crate::rules::Context;

const LISTS: &[&str] = &["verbs", "resources", "apiGroups", "nonResourceURLs"];

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(_model) = helpers::model(ctx) else {
        return;
    };

    for object in helpers::objects(ctx) {
        if !matches!(object.kind, Kind::Role | Kind::ClusterRole) {
            continue;
        }
        for rule in object.node.get("rules").iter().flat_map(|r| r.items()) {
            for list in LISTS {
                for item in rule.get(list).iter().flat_map(|l| l.items()) {
                    if item.as_str() != Some("*") {
                        continue;
                    }
                    out.push(Finding::new(
                        "rbac-wildcard",
                        item.range(),
                        format!(
                            "`*` in `{list}` grants everything, including what the API adds later; list what the role needs"
                        ),
                    ));
                }
            }
        }
    }
}
