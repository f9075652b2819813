//! `ingress-snippet-annotation`: an Ingress injects raw ingress-nginx
//! configuration through a snippet annotation.

use super::helpers;
use crate::finding::Finding;
use crate::kubernetes::Kind;
use crate::rules::Context;

/// The annotation names (after the controller's prefix) that paste text
/// into the shared nginx configuration.
const SNIPPETS: &[&str] = &[
    "configuration-snippet",
    "server-snippet",
    "auth-snippet",
    "stream-snippet",
    "modsecurity-snippet",
];

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(_model) = helpers::model(ctx) else {
        return;
    };

    for object in helpers::objects(ctx) {
        if object.kind != Kind::Ingress {
            continue;
        }
        for entry in object.annotations().iter().flat_map(|a| a.entries()) {
            let Some(key) = entry.key_str() else { continue };
            let Some((_, name)) = key.rsplit_once('/') else {
                continue;
            };
            if !SNIPPETS.contains(&name) {
                continue;
            }
            out.push(Finding::new(
                "ingress-snippet-annotation",
                entry.key_range(),
                format!(
                    "`{key}` injects raw configuration into the shared ingress controller; use the controller's dedicated annotations"
                ),
            ));
        }
    }
}
