//! `default-namespace`: a namespaced object names no namespace, or
//! `default`.

use super::helpers;
use crate::finding::Finding;
use crate::rules::Context;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(_model) = helpers::model(ctx) else {
        return;
    };

    for object in helpers::objects(ctx) {
        // Cluster-scoped kinds, Lists and custom resources (whose scope is
        // unknown here) have no namespace to set.
        if !object.kind.is_namespaced() {
            continue;
        }
        let message = match object.namespace_node() {
            Some(ns) if ns.as_str() != Some("default") => continue,
            Some(_) => format!(
                "{} is in the `default` namespace, outside the policies and quotas of named ones; use its own namespace",
                helpers::object_label(object.kind_name, object.name())
            ),
            // Kustomize sets the namespace of what it merges a patch into.
            None if !helpers::judges_missing(ctx) => continue,
            None => format!(
                "{} names no namespace, so it lands in whatever namespace is current (often `default`); set `metadata.namespace`",
                helpers::object_label(object.kind_name, object.name())
            ),
        };
        out.push(Finding::new(
            "default-namespace",
            object.namespace_range(),
            message,
        ));
    }
}
