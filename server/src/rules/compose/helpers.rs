//! What the compose rules share: the services of the checked file, the edit
//! planner, and image references with their interpolation resolved.

use std::borrow::Cow;

use crate::compose::{ComposeFile, Field, Service};
use crate::image::resolve_defaults;
use crate::rules::Context;
use crate::yaml::edit::Planner;

/// The services of the document being checked; empty for anything that is
/// not a compose file with a `services:` mapping.
pub fn services<'a>(ctx: &Context<'a>) -> Vec<Service<'a>> {
    ctx.doc
        .analysis()
        .yaml()
        .and_then(ComposeFile::of)
        .map(|file| file.services())
        .unwrap_or_default()
}

/// The edit planner for the document being checked.
pub fn planner<'a>(ctx: &Context<'a>) -> Option<Planner<'a>> {
    let fixes = ctx.fixes;
    ctx.doc
        .analysis()
        .yaml()
        .map(|model| Planner::new(model).planning(fixes))
}

/// A service's `image:` that compose pulls: the text as written, the
/// reference with `${VAR:-default}` resolved (`None` when a variable has no
/// default), and the setting. Services that build their image are skipped:
/// there `image:` names the build's output, not something pulled.
pub struct PulledImage<'a> {
    pub written: &'a str,
    pub resolved: Option<Cow<'a, str>>,
    pub field: Field<'a>,
}

pub fn pulled_image<'a>(service: &Service<'a>) -> Option<PulledImage<'a>> {
    if service.builds_image() {
        return None;
    }
    let (written, field) = service.string("image")?;
    Some(PulledImage {
        written,
        resolved: resolve_defaults(written),
        field,
    })
}
