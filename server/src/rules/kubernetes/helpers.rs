//! What the Kubernetes rules share: the model lookup, how a container is
//! named in messages, and the fixes that set a security field.

use std::path::Path;

use crate::finding::Edit;
use crate::kubernetes::{Container, ContainerRole, Object, PodSpec};
use crate::rules::Context;
use crate::workspace::normalize;
use crate::yaml::Model;
use crate::yaml::edit::{Planner, Value};

/// The YAML model of a Kubernetes document.
pub fn model<'a>(ctx: &Context<'a>) -> Option<&'a Model> {
    ctx.doc.analysis().yaml()
}

/// The stream's objects, as [`crate::kubernetes::objects`] lists them, read once
/// per check.
pub fn objects<'c, 'a>(ctx: &'c Context<'a>) -> impl Iterator<Item = Object<'a>> + 'c {
    ctx.kubernetes().objects.iter().copied()
}

/// The stream's pod specs, as [`crate::kubernetes::pod_specs`] lists them.
pub fn pod_specs<'c, 'a>(ctx: &'c Context<'a>) -> impl Iterator<Item = PodSpec<'a>> + 'c {
    ctx.kubernetes().pod_specs.iter().copied()
}

/// The stream's containers, as [`crate::kubernetes::containers`] lists them.
pub fn containers<'c, 'a>(ctx: &'c Context<'a>) -> impl Iterator<Item = Container<'a>> + 'c {
    ctx.kubernetes().containers.iter().copied()
}

/// Kustomization files are looked for this many folders up from a manifest.
pub const MAX_KUSTOMIZATION_DEPTH: usize = 8;

/// The names kustomize reads its configuration from.
pub const KUSTOMIZATION_FILES: [&str; 2] = ["kustomization.yaml", "kustomization.yml"];

/// True when rules may report keys a container, pod spec or object lacks:
/// not in a file a `kustomization.yaml` lists as a patch, which kustomize
/// merges into a base that is judged on its own. A container with no
/// `image` elsewhere is still judged: it is as likely a manifest being
/// written as a fragment.
pub fn judges_missing(ctx: &Context<'_>) -> bool {
    !ctx.is_kustomize_patch()
}

/// True when a `kustomization.yaml` (or `.yml`) in the document's folder or
/// a folder above it lists the document under `patches:` (as a path or a
/// `path:` entry) or `patchesStrategicMerge:`.
pub fn is_kustomize_patch(ctx: &Context<'_>) -> bool {
    let Some(path) = ctx.doc.path() else {
        return false;
    };
    let path = normalize(path);
    path.ancestors()
        .skip(1)
        .take(MAX_KUSTOMIZATION_DEPTH)
        .any(|dir| {
            KUSTOMIZATION_FILES
                .iter()
                .filter_map(|name| ctx.workspace.get(&dir.join(name)))
                .any(|k| lists_patch(k, dir, &path))
        })
}

fn lists_patch(kustomization: &crate::document::Document, dir: &Path, path: &Path) -> bool {
    let Some(root) = kustomization
        .analysis()
        .yaml()
        .and_then(|m| m.documents().find_map(|d| d.root()))
    else {
        return false;
    };
    ["patches", "patchesStrategicMerge"]
        .iter()
        .filter_map(|key| root.get(key))
        .flat_map(|list| list.items())
        .filter_map(|item| {
            item.as_str()
                .or_else(|| item.get("path").and_then(|p| p.as_str()))
        })
        .any(|listed| normalize(&dir.join(listed.trim())) == path)
}

/// `container `web``, `init container `setup``, for messages.
pub fn label(container: &Container<'_>) -> String {
    let role = match container.role {
        ContainerRole::Container => "container",
        ContainerRole::Init => "init container",
        ContainerRole::Ephemeral => "ephemeral container",
    };
    match container.name() {
        Some(name) => format!("{role} `{name}`"),
        None => role.to_string(),
    }
}

/// `Pod `web``, for messages; `unnamed Pod` when the manifest gives no
/// name (a half-written one), rather than empty backticks.
pub fn object_label(kind: &str, name: Option<&str>) -> String {
    match name {
        Some(name) if !name.is_empty() => format!("{kind} `{name}`"),
        _ => format!("unnamed {kind}"),
    }
}

/// An edit that gives the container's own `securityContext` `field: value`:
/// the written value is replaced in place, a missing one is inserted (with
/// the `securityContext` mapping when there is none).
pub fn set_security_field(
    planner: &Planner<'_>,
    container: &Container<'_>,
    field: &str,
    value: &str,
) -> Option<Edit> {
    match container.own_security(field) {
        Some(node) => planner.replace_scalar(node, value),
        None => planner.insert_path(
            container.node,
            &["securityContext", field],
            Value::raw(value),
        ),
    }
}

/// A setting as written where it is defined (`runAsNonRoot: false`), for
/// messages; through an alias the finding points at the alias, but the
/// message names the value.
pub fn setting(field: &str, value: crate::yaml::Node<'_>) -> String {
    format!("{field}: {}", value.raw_str().unwrap_or(""))
}

/// A container `securityContext` flag that must hold one value, as
/// `allowPrivilegeEscalation: false` and `readOnlyRootFilesystem: true` must.
pub struct RequiredFlag {
    pub rule: &'static str,
    pub field: &'static str,
    pub safe: bool,
    /// The message for a wrong value: `{setting}` and `{container}` are
    /// filled in.
    pub wrong: &'static str,
    /// The message for a missing flag: `{container}` is filled in.
    pub missing: &'static str,
}

/// Reports every container of the document whose own `securityContext`
/// sets `flag.field` to the unsafe value (at that key) or, where missing
/// keys are judged, does not set it (at the container), each with a fix
/// that writes the safe value.
pub fn check_required_flag(
    ctx: &Context<'_>,
    flag: &RequiredFlag,
    out: &mut Vec<crate::finding::Finding>,
) {
    use crate::finding::{Finding, Fix};
    let Some(model) = model(ctx) else {
        return;
    };
    let planner = Planner::new(model).planning(ctx.fixes);
    let safe = if flag.safe { "true" } else { "false" };
    let title = format!("Set `{}: {safe}`", flag.field);

    for container in containers(ctx) {
        let fix = || {
            set_security_field(&planner, &container, flag.field, safe)
                .map(|e| Fix::unsafe_(title.clone(), vec![e]))
        };
        match container.own_security(flag.field) {
            Some(value) if value.as_bool_k8s() == Some(flag.safe) => {}
            Some(value) => {
                let fix = value.as_bool_k8s().and_then(|_| fix());
                let message = flag
                    .wrong
                    .replace("{setting}", &setting(flag.field, value))
                    .replace("{container}", &label(&container));
                out.push(Finding::new(flag.rule, value.pair_range(), message).with_fix_opt(fix));
            }
            None if !judges_missing(ctx) => {}
            None => {
                let message = flag.missing.replace("{container}", &label(&container));
                out.push(Finding::new(flag.rule, container.anchor(), message).with_fix_opt(fix()));
            }
        }
    }
}

/// A container's image reference as written and as parsed, with `${VAR:-x}`
/// defaults resolved: what the image rules judge.
pub struct ContainerImage<'a> {
    /// The `image:` value node, where image findings start.
    pub node: crate::yaml::Node<'a>,
    pub written: &'a str,
    pub reference: crate::image::ImageRef,
}

/// The image of every container of the document that names one the rules
/// can read (a string that parses as a reference once defaults resolve).
pub fn container_images<'c, 'a>(
    ctx: &'c Context<'a>,
) -> impl Iterator<Item = ContainerImage<'a>> + 'c {
    containers(ctx).filter_map(|container| {
        let node = container.image()?;
        let written = node.as_str()?;
        let resolved = crate::image::resolve_defaults(written)?;
        let reference = crate::image::ImageRef::parse(&resolved)?;
        Some(ContainerImage {
            node,
            written,
            reference,
        })
    })
}
