//! `capability-added`: a container adds a capability beyond the one the
//! restricted Pod Security Standard allows (`NET_BIND_SERVICE`).

use super::helpers;
use crate::finding::Finding;
use crate::rules::Context;
use crate::rules::judgement::is_notable_added_capability;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(_model) = helpers::model(ctx) else {
        return;
    };

    for container in helpers::containers(ctx) {
        let add = container
            .own_security("capabilities")
            .and_then(|c| c.get("add"));
        for item in add.iter().flat_map(|a| a.items()) {
            let Some(name) = item.as_str() else { continue };
            if !is_notable_added_capability(name) {
                continue;
            }
            out.push(Finding::new(
                "capability-added",
                item.range(),
                format!(
                    "{} adds `{name}`, beyond what the restricted Pod Security Standard allows; check that it needs it",
                    helpers::label(&container)
                ),
            ));
        }
    }
}
