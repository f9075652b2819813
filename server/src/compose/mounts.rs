//! Service mounts in compose's short (`SOURCE:TARGET[:MODE]`) and long
//! (`type:`, `source:`, `target:`) syntax.
//!
//! A short source is a host path when it looks like one (`/`, `./`, `~`,
//! a variable, a Windows drive, or any `/`); otherwise it names a volume.
//! Named volumes that the top-level `volumes:` defines with the local
//! driver's bind options (`driver_opts: {o: bind, device: /srv/data}`) are
//! host directories too, and count as binds of that directory.

use crate::image::resolve_defaults;
use crate::text::TextRange;
use crate::yaml::Node;

/// What a mount brings into the container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MountKind {
    /// A host file or directory.
    Bind,
    /// A named or anonymous volume managed by the engine.
    Volume,
    Tmpfs,
    /// A Windows named pipe of the host.
    Npipe,
    /// Image and cluster volumes, and types compose may add.
    Other,
}

/// One mount of a service.
#[derive(Debug, Clone)]
pub struct Mount<'a> {
    pub kind: MountKind,
    /// The host path of a bind (variable defaults resolved; a variable
    /// without a default is kept as written), the name of a volume.
    pub source: Option<String>,
    pub target: Option<String>,
    pub read_only: bool,
    /// Where findings start: the short-syntax item, or the long syntax's
    /// `source:` pair.
    pub range: TextRange,
    pub node: Node<'a>,
    /// The named volume a bind goes through (`driver_opts` device).
    pub volume: Option<&'a str>,
}

/// Reads one `volumes:` item; `range` is where a finding on the item as a
/// whole starts (its `extends` pair when inherited).
pub(super) fn parse<'a>(
    item: Node<'a>,
    range: TextRange,
    inherited: Option<Node<'a>>,
    volumes: Option<Node<'a>>,
) -> Option<Mount<'a>> {
    if let Some(text) = item.as_str() {
        return Some(short(text, item, range, volumes));
    }
    item.as_mapping()?;
    let source = item.get("source").and_then(|s| s.as_str());
    let target = item
        .get("target")
        .and_then(|t| t.as_str())
        .map(str::to_string);
    let read_only = item
        .get("read_only")
        .and_then(|r| r.as_bool_compose())
        .unwrap_or(false);
    let range = match (inherited, item.get("source")) {
        (None, Some(source)) => source.pair_range(),
        _ => range,
    };
    let kind = match item.get("type").and_then(|t| t.as_str()) {
        Some("bind") => MountKind::Bind,
        Some("volume") => MountKind::Volume,
        Some("tmpfs") => MountKind::Tmpfs,
        Some("npipe") => MountKind::Npipe,
        Some(_) => MountKind::Other,
        None => match source {
            Some(s) if is_host_path(s) => MountKind::Bind,
            _ => MountKind::Volume,
        },
    };
    let mut mount = Mount {
        kind,
        source: source.map(resolve),
        target,
        read_only,
        range,
        node: item,
        volume: None,
    };
    if kind == MountKind::Volume {
        through_volume(&mut mount, source, volumes);
    }
    Some(mount)
}

fn short<'a>(
    text: &'a str,
    item: Node<'a>,
    range: TextRange,
    volumes: Option<Node<'a>>,
) -> Mount<'a> {
    let text = text.trim();
    // A Windows drive letter's colon is part of the source.
    let drive = text.len() > 2
        && text.as_bytes()[0].is_ascii_alphabetic()
        && text.as_bytes()[1] == b':'
        && matches!(text.as_bytes()[2], b'\\' | b'/');
    let skip = if drive { 2 } else { 0 };
    let mut parts = Vec::with_capacity(3);
    let mut start = 0;
    for (i, c) in text.char_indices().skip(skip) {
        if c == ':' && parts.len() < 2 && !inside_variable(text, i) {
            parts.push(&text[start..i]);
            start = i + 1;
        }
    }
    parts.push(&text[start..]);
    let (source, target, mode) = match parts.as_slice() {
        [target] => (None, Some(*target), None),
        [source, target] => (Some(*source), Some(*target), None),
        [source, target, mode, ..] => (Some(*source), Some(*target), Some(*mode)),
        [] => (None, None, None),
    };
    let read_only = mode.is_some_and(|m| {
        m.split(',')
            .any(|flag| matches!(flag.trim(), "ro" | "readonly"))
    });
    let kind = match source {
        Some(s) if is_host_path(s) => MountKind::Bind,
        _ => MountKind::Volume,
    };
    let mut mount = Mount {
        kind,
        source: source.map(resolve),
        target: target.map(str::to_string),
        read_only,
        range,
        node: item,
        volume: None,
    };
    if kind == MountKind::Volume {
        through_volume(&mut mount, source, volumes);
    }
    mount
}

/// True when `i` is inside a `${...}` of `text` (its `:-` is not a
/// separator).
fn inside_variable(text: &str, i: usize) -> bool {
    let before = &text[..i];
    match (before.rfind("${"), before.rfind('}')) {
        (Some(open), Some(close)) => open > close,
        (Some(_), None) => true,
        _ => false,
    }
}

/// A short-syntax source that is a path on the host rather than a volume
/// name (volume names cannot hold `/`, start with `.` or `~`, or hold a
/// variable that could expand to a path).
fn is_host_path(source: &str) -> bool {
    let s = source.trim();
    s.starts_with(['/', '.', '~', '$', '\\']) || s.contains('/') || s.contains('\\')
}

/// The source with `${VAR:-default}` resolved; kept as written when a
/// variable has no default.
fn resolve(source: &str) -> String {
    resolve_defaults(source).map_or_else(|| source.to_string(), |s| s.into_owned())
}

/// Turns a named volume into a bind when the top-level `volumes:` defines
/// it as a bind of a host directory.
fn through_volume<'a>(mount: &mut Mount<'a>, name: Option<&str>, volumes: Option<Node<'a>>) {
    let (Some(name), Some(volumes)) = (name, volumes) else {
        return;
    };
    let Some(entry) = volumes.entries().find(|e| e.key_str() == Some(name.trim())) else {
        return;
    };
    let Some(opts) = entry.value.get("driver_opts") else {
        return;
    };
    let binds = opts
        .get("o")
        .and_then(|o| o.as_str())
        .is_some_and(|o| o.split(',').any(|f| f.trim() == "bind"));
    let device = opts.get("device").and_then(|d| d.as_str());
    if let (true, Some(device)) = (binds, device) {
        mount.kind = MountKind::Bind;
        mount.volume = entry.key_str();
        mount.source = Some(resolve(device));
    }
}
