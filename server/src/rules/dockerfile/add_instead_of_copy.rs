//! `add-instead-of-copy`: ADD for local files, for a remote URL without
//! `--checksum`, or for an archive it unpacks implicitly.

use super::copy_sources;
use super::helpers;
use crate::dockerfile::Keyword;
use crate::finding::{Edit, Finding, Fix};
use crate::rules::Context;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(model) = helpers::model(ctx) else {
        return;
    };

    for ins in model
        .instructions
        .iter()
        .filter(|i| i.keyword == Keyword::Add)
    {
        let Some(transfer) = copy_sources::transfer(ins) else {
            continue;
        };
        if transfer.sources.is_empty() {
            continue;
        }
        let remote = transfer
            .sources
            .iter()
            .find(|w| copy_sources::is_remote(&w.expanded));
        if let Some(url) = remote {
            if ins.flag("checksum").is_some() {
                continue;
            }
            out.push(Finding::new(
                "add-instead-of-copy",
                url.range,
                format!(
                    "`ADD {}` downloads without `--checksum`, so a changed file goes unnoticed; add `--checksum=sha256:...` or download and verify in RUN",
                    url.value
                ),
            ));
            continue;
        }
        if let Some(archive) = transfer
            .sources
            .iter()
            .find(|w| copy_sources::is_archive(&w.expanded))
        {
            out.push(Finding::new(
                "add-instead-of-copy",
                archive.range,
                format!(
                    "`ADD {}` unpacks the archive implicitly; use COPY and unpack it in a RUN you can see",
                    archive.value
                ),
            ));
            continue;
        }
        out.push(
            Finding::new(
                "add-instead-of-copy",
                ins.keyword_range,
                "`ADD` copies local files with extra behaviour (URLs, unpacking); use `COPY`",
            )
            .with_fix(Fix::safe(
                "Replace ADD with COPY",
                vec![Edit::replace(
                    ins.keyword_range,
                    copy_keyword(ctx.text(), ins.keyword_range),
                )],
            )),
        );
    }
}

/// `COPY` in the case the keyword was written in.
fn copy_keyword(text: &str, range: crate::text::TextRange) -> &'static str {
    let written = &text[range.start..range.end];
    if written.chars().all(|c| c.is_ascii_lowercase()) {
        "copy"
    } else {
        "COPY"
    }
}
