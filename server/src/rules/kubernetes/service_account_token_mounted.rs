//! `service-account-token-mounted`: a pod mounts its service account token
//! (no `automountServiceAccountToken: false` on the pod, nor on its
//! ServiceAccount when that is in the workspace).

use super::helpers;
use crate::finding::{Finding, Fix};
use crate::kubernetes::{Kind, Object, PodSpec};
use crate::rules::Context;
use crate::yaml::edit::{Planner, Value};

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(model) = helpers::model(ctx) else {
        return;
    };
    let planner = Planner::new(model).planning(ctx.fixes);
    // Read once: looking the accounts up per pod would walk the whole stream
    // again for every pod.
    let accounts: Vec<Object<'_>> = helpers::objects(ctx)
        .filter(|o| o.kind == Kind::ServiceAccount)
        .collect();

    for pod in helpers::pod_specs(ctx) {
        match pod
            .get("automountServiceAccountToken")
            .and_then(|n| n.as_bool_k8s().map(|b| (n, b)))
        {
            Some((_, false)) => continue,
            Some((flag, true)) => {
                let fix = planner
                    .replace_scalar(flag, "false")
                    .map(|e| Fix::unsafe_("Set `automountServiceAccountToken: false`", vec![e]));
                out.push(
                    Finding::new(
                        "service-account-token-mounted",
                        flag.pair_range(),
                        "`automountServiceAccountToken: true` mounts an API token into every container; set it to `false` unless the pod calls the API",
                    )
                    .with_fix_opt(fix),
                );
            }
            None => {
                // While the workspace is read in, the account may be in a
                // file not read yet.
                if account_disables_token(ctx, &accounts, &pod)
                    || ctx.workspace.is_pending()
                    || !helpers::judges_missing(ctx)
                {
                    continue;
                }
                let fix = planner
                    .insert_entries_after(
                        pod.node,
                        &[("automountServiceAccountToken", Value::raw("false"))],
                        &["serviceAccountName", "serviceAccount"],
                    )
                    .map(|e| Fix::unsafe_("Add `automountServiceAccountToken: false`", vec![e]));
                out.push(
                    Finding::new(
                        "service-account-token-mounted",
                        pod.anchor(),
                        "the pod mounts its service account's API token; add `automountServiceAccountToken: false` unless it calls the API",
                    )
                    .with_fix_opt(fix),
                );
            }
        }
    }
}

/// True when the pod's ServiceAccount, among `accounts` (this document's) or
/// elsewhere in the workspace, sets `automountServiceAccountToken: false`.
fn account_disables_token(ctx: &Context<'_>, accounts: &[Object<'_>], pod: &PodSpec<'_>) -> bool {
    let name = ["serviceAccountName", "serviceAccount"]
        .iter()
        .find_map(|k| pod.get(k).and_then(|n| n.as_str()))
        .unwrap_or("default");
    let namespace = pod.object.namespace();
    let here = accounts
        .iter()
        .find(|o| o.name() == Some(name) && o.namespace() == namespace);
    if let Some(account) = here {
        let automount = account.node.get("automountServiceAccountToken");
        return automount.and_then(|n| n.as_bool_k8s()) == Some(false);
    }
    ctx.workspace
        .kubernetes_facts()
        .service_account_automount(namespace, name, ctx.doc.path())
        == Some(false)
}
