//! `exposed-ssh-port`: EXPOSE opens port 22.

use super::helpers;
use crate::dockerfile::Keyword;
use crate::finding::Finding;
use crate::rules::Context;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(model) = helpers::model(ctx) else {
        return;
    };

    for ins in model
        .instructions
        .iter()
        .filter(|i| i.keyword == Keyword::Expose)
    {
        for word in &ins.args {
            let port = word.expanded.split('/').next().unwrap_or("");
            let opens_22 = match port.split_once('-') {
                Some((a, b)) => match (a.parse::<u32>(), b.parse::<u32>()) {
                    (Ok(a), Ok(b)) => a <= 22 && 22 <= b,
                    _ => false,
                },
                None => port == "22",
            };
            if !opens_22 {
                continue;
            }
            out.push(Finding::new(
                "exposed-ssh-port",
                word.range,
                format!(
                    "`EXPOSE {}` opens the SSH port; use `docker exec` or `kubectl exec` instead of an SSH daemon",
                    word.value
                ),
            ));
        }
    }
}
