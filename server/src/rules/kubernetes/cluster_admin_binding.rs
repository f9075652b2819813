//! `cluster-admin-binding`: a binding grants the `cluster-admin` role.

use super::helpers;
use crate::finding::Finding;
use crate::kubernetes::Kind;
use crate::rules::Context;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(_model) = helpers::model(ctx) else {
        return;
    };

    for object in helpers::objects(ctx) {
        if !matches!(object.kind, Kind::RoleBinding | Kind::ClusterRoleBinding) {
            continue;
        }
        let Some(role) = object.node.get("roleRef") else {
            continue;
        };
        let kind = role.get("kind").and_then(|k| k.as_str());
        let Some(name) = role.get("name") else {
            continue;
        };
        if name.as_str() != Some("cluster-admin") || kind.is_some_and(|k| k != "ClusterRole") {
            continue;
        }
        out.push(Finding::new(
            "cluster-admin-binding",
            name.pair_range(),
            format!(
                "{} grants `cluster-admin`, full control of the cluster; bind a role with only the permissions needed",
                helpers::object_label(object.kind_name, object.name())
            ),
        ));
    }
}
