//! `network-policy-missing`: a workload runs in a namespace that no
//! NetworkPolicy in the workspace covers.

use std::collections::HashSet;
use std::path::Path;

use super::helpers;
use crate::finding::{Edit, EditTarget, Finding, Fix};
use crate::kubernetes::Kind;
use crate::rules::Context;
use crate::text::TextRange;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(_model) = helpers::model(ctx) else {
        return;
    };
    let facts = ctx.workspace.kubernetes_facts();
    let here = ctx.doc.path();
    // The namespaces this file's own policies cover, read once rather than
    // once per workload.
    let covered: HashSet<&str> = helpers::objects(ctx)
        .filter(|o| o.kind == Kind::NetworkPolicy)
        .map(|o| o.namespace())
        .collect();

    for object in helpers::objects(ctx) {
        if !object.kind.is_workload() {
            continue;
        }
        let namespace = object.namespace();
        if covered.contains(namespace) || facts.has_network_policy(namespace, here) {
            continue;
        }
        // A policy may sit in a file the editor has not read yet; a
        // kustomize patch is judged through its base.
        if ctx.workspace.is_pending() || !helpers::judges_missing(ctx) {
            continue;
        }
        let fix = here
            .filter(|_| ctx.fixes)
            .and_then(|path| create_policy(ctx, path, namespace));
        out.push(
            Finding::new(
                "network-policy-missing",
                object.namespace_range(),
                format!(
                    "no NetworkPolicy covers namespace `{namespace}`, so every pod can reach this workload; add a default-deny policy"
                ),
            )
            .with_fix_opt(fix),
        );
    }
}

/// A fix that creates `default-deny-<namespace>.yaml` beside the manifest,
/// unless a file of that name exists.
fn create_policy(ctx: &Context<'_>, manifest: &Path, namespace: &str) -> Option<Fix> {
    let safe_name: String = namespace
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let path = manifest
        .parent()?
        .join(format!("default-deny-{safe_name}.yaml"));
    if ctx.workspace.contains(&path) {
        return None;
    }
    let text = format!(
        "# Denies all ingress and egress traffic of the pods in namespace {namespace};\n\
         # add policies that allow what each workload needs.\n\
         apiVersion: networking.k8s.io/v1\n\
         kind: NetworkPolicy\n\
         metadata:\n  name: default-deny\n  namespace: {namespace}\n\
         spec:\n  podSelector: {{}}\n  policyTypes: [\"Ingress\", \"Egress\"]\n"
    );
    Some(Fix::unsafe_(
        format!("Create a default-deny NetworkPolicy for namespace `{namespace}`"),
        vec![Edit {
            target: EditTarget::File { path, create: true },
            range: TextRange::empty(0),
            new_text: text,
        }],
    ))
}
