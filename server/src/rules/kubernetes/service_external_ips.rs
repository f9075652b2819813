//! `service-external-ips`: a Service sets `externalIPs`.

use super::helpers;
use crate::finding::Finding;
use crate::kubernetes::Kind;
use crate::rules::Context;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(_model) = helpers::model(ctx) else {
        return;
    };

    for object in helpers::objects(ctx) {
        if object.kind != Kind::Service {
            continue;
        }
        let Some(ips) = object.node.get_path(&["spec", "externalIPs"]) else {
            continue;
        };
        if ips.items().next().is_none() {
            continue;
        }
        out.push(Finding::new(
            "service-external-ips",
            ips.pair_range(),
            format!(
                "{} sets `externalIPs`, which can capture traffic to those addresses across the cluster; use a LoadBalancer or an Ingress",
                helpers::object_label("Service", object.name())
            ),
        ));
    }
}
