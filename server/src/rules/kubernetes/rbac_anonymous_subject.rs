//! `rbac-anonymous-subject`: a binding grants a role to anonymous,
//! unauthenticated, every authenticated user or `system:masters`.

use super::helpers;
use crate::finding::Finding;
use crate::kubernetes::Kind;
use crate::rules::Context;

const SUBJECTS: &[(&str, &str)] = &[
    ("system:anonymous", "anyone who does not authenticate"),
    ("system:unauthenticated", "anyone who does not authenticate"),
    ("system:authenticated", "every authenticated user"),
    ("system:masters", "a group that bypasses authorization"),
];

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(_model) = helpers::model(ctx) else {
        return;
    };

    for object in helpers::objects(ctx) {
        if !matches!(object.kind, Kind::RoleBinding | Kind::ClusterRoleBinding) {
            continue;
        }
        for subject in object.node.get("subjects").iter().flat_map(|s| s.items()) {
            let Some(name) = subject.get("name") else {
                continue;
            };
            let Some(written) = name.as_str() else {
                continue;
            };
            let Some((_, who)) = SUBJECTS.iter().find(|(s, _)| *s == written) else {
                continue;
            };
            out.push(Finding::new(
                "rbac-anonymous-subject",
                name.range(),
                format!("`{written}` grants the role to {who}; bind named users, groups or service accounts"),
            ));
        }
    }
}
