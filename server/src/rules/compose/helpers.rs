//! What the compose rules share: the services of the checked file, the edit
//! planner, and image references with their interpolation resolved.

use std::borrow::Cow;

use crate::compose::{ComposeFile, Field, Service};
use crate::format;
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

/// True when the service inherits settings that this file does not show,
/// so rules must not report keys it lacks: it extends a service of another
/// file ([`Service::inherits_unknown`]), or this is an override file
/// (`compose.override.yaml`) and the base file beside it defines the same
/// service, which compose merges it into. The base file is judged on its
/// own, so a key missing from both is reported there, once.
pub fn inherits_unknown(ctx: &Context<'_>, service: &Service<'_>) -> bool {
    service.inherits_unknown() || in_base_file(ctx, service.name)
}

/// True when the document is a compose override file and the base file it
/// is merged into (the first that exists in the workspace) defines `name`.
fn in_base_file(ctx: &Context<'_>, name: &str) -> bool {
    let Some(path) = ctx.doc.path() else {
        return false;
    };
    let is_override = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(format::is_compose_override_name);
    if !is_override {
        return false;
    }
    format::compose_base_candidates(path)
        .iter()
        .find_map(|candidate| ctx.workspace.get(candidate))
        .and_then(|doc| doc.analysis().yaml())
        .and_then(ComposeFile::of)
        .is_some_and(|base| base.service(name).is_some())
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
