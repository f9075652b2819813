//! `network-policy-allow-all`: a NetworkPolicy rule allows all traffic (an
//! empty rule), every namespace (an empty `namespaceSelector`) or every
//! address (`ipBlock: {cidr: 0.0.0.0/0}` with nothing excepted).

use super::helpers;
use crate::finding::Finding;
use crate::kubernetes::Kind;
use crate::rules::Context;
use crate::yaml::Node;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(_model) = helpers::model(ctx) else {
        return;
    };

    for object in helpers::objects(ctx) {
        if object.kind != Kind::NetworkPolicy {
            continue;
        }
        let Some(spec) = object.node.get("spec") else {
            continue;
        };
        for (direction, peers, word) in [("ingress", "from", "from"), ("egress", "to", "to")] {
            for rule in spec.get(direction).iter().flat_map(|r| r.items()) {
                if rule.as_mapping().is_none() {
                    continue;
                }
                let peer_list = rule.get(peers).filter(|p| !p.is_null());
                let ports = rule.get("ports").filter(|p| !p.is_null());
                let no_peers = peer_list.is_none_or(|p| p.items().next().is_none());
                let no_ports = ports.is_none_or(|p| p.items().next().is_none());
                if no_peers && no_ports {
                    out.push(Finding::new(
                        "network-policy-allow-all",
                        rule.range(),
                        format!(
                            "this {direction} rule is empty, so it allows all traffic {word} anywhere; list the peers and ports it needs"
                        ),
                    ));
                    continue;
                }
                for peer in peer_list.iter().flat_map(|p| p.items()) {
                    if let Some(cidr) = every_address(peer) {
                        out.push(Finding::new(
                            "network-policy-allow-all",
                            peer.range(),
                            format!(
                                "`ipBlock` `{cidr}` with no `except` allows traffic {word} every address; list the address ranges it needs"
                            ),
                        ));
                        continue;
                    }
                    if selects_every_namespace(peer) {
                        out.push(Finding::new(
                            "network-policy-allow-all",
                            peer.range(),
                            format!(
                                "an empty `namespaceSelector` allows traffic {word} every namespace; select the namespaces by label"
                            ),
                        ));
                    }
                }
            }
        }
    }
}

fn is_empty_selector(node: Node<'_>) -> bool {
    node.is_null()
        || node
            .as_mapping()
            .is_some_and(|m| m.entries().next().is_none())
}

/// A peer with an empty `namespaceSelector` and no narrowing `podSelector`
/// matches every pod of every namespace.
fn selects_every_namespace(peer: Node<'_>) -> bool {
    let Some(namespaces) = peer.get("namespaceSelector") else {
        return false;
    };
    is_empty_selector(namespaces) && peer.get("podSelector").is_none_or(is_empty_selector)
}

/// The CIDR of an `ipBlock` peer that covers every IPv4 or IPv6 address and
/// excepts nothing.
fn every_address(peer: Node<'_>) -> Option<&str> {
    let block = peer.get("ipBlock")?;
    let cidr = block.get("cidr")?.as_str()?.trim();
    let all = matches!(cidr, "0.0.0.0/0" | "::/0" | "0::/0");
    let excepts = block
        .get("except")
        .is_some_and(|e| e.items().next().is_some());
    (all && !excepts).then_some(cidr)
}
