//! `ingress-without-tls`: an Ingress serves hosts without TLS.

use super::helpers;
use crate::finding::Finding;
use crate::kubernetes::Kind;
use crate::rules::Context;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(_model) = helpers::model(ctx) else {
        return;
    };

    for object in helpers::objects(ctx) {
        if object.kind != Kind::Ingress {
            continue;
        }
        let Some(spec) = object.node.get("spec") else {
            continue;
        };
        let tls: Vec<_> = spec.get("tls").iter().flat_map(|t| t.items()).collect();
        if tls.is_empty() {
            out.push(Finding::new(
                "ingress-without-tls",
                object.kind_range(),
                format!(
                    "{} has no `tls` section, so it serves plain HTTP; add `tls` with a certificate secret",
                    helpers::object_label("Ingress", object.name())
                ),
            ));
            continue;
        }
        let covered: Vec<&str> = tls
            .iter()
            .flat_map(|t| t.get("hosts").into_iter().flat_map(|h| h.items()))
            .filter_map(|h| h.as_str())
            .collect();
        for rule in spec.get("rules").iter().flat_map(|r| r.items()) {
            let Some(host) = rule.get("host") else {
                continue;
            };
            let Some(name) = host.as_str() else { continue };
            if covered.iter().any(|c| host_matches(c, name)) {
                continue;
            }
            out.push(Finding::new(
                "ingress-without-tls",
                host.pair_range(),
                format!("host `{name}` is not in any `tls` entry, so it is served over plain HTTP; add it to `tls.hosts`"),
            ));
        }
    }
}

/// True when TLS host `pattern` (which may be `*.example.com`) covers
/// `host`.
fn host_matches(pattern: &str, host: &str) -> bool {
    match pattern.strip_prefix("*.") {
        Some(suffix) => host
            .split_once('.')
            .is_some_and(|(label, rest)| !label.is_empty() && rest == suffix),
        None => pattern == host,
    }
}
