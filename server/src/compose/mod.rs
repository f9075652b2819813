//! The compose view: the services of a compose file and the settings rules
//! read from them, on top of the YAML model.
//!
//! A service is an entry of the top-level `services:` mapping whose value is
//! a mapping. `x-` extension blocks are not services; what they hold counts
//! where a service merges them (`<<: *x`), and a finding on a merged value
//! lands on that `<<` line because the model reports values at the alias
//! they were reached through. A key written in the service wins over a
//! merged one.
//!
//! `extends` (same file) is followed: a key the service does not set is
//! looked up in the services it extends, nearest first, and a finding on an
//! inherited value starts at the service's `extends` key. A service that
//! extends a service of another file inherits settings this view cannot see,
//! so rules do not report keys it lacks ([`Service::inherits_unknown`]).
//!
//! Lists come in the spellings compose accepts: `environment` and `sysctls`
//! as maps or `KEY=value` lists, `volumes` and `ports` in short and long
//! syntax ([`mounts`], [`ports`]), `security_opt` with `:` or `=`.

mod mounts;
mod ports;

use std::path::{Component, Path, PathBuf};

use crate::text::TextRange;
use crate::yaml::{self, Node};

pub use mounts::{Mount, MountKind};
pub use ports::{Port, PortSource};

/// Services `extends` chains are followed through.
const MAX_EXTENDS: usize = 8;

/// A compose file's top level.
#[derive(Debug, Clone, Copy)]
pub struct ComposeFile<'a> {
    pub root: Node<'a>,
    /// The `services:` mapping.
    pub services_node: Node<'a>,
    /// The top-level `volumes:` mapping, when there is one.
    volumes: Option<Node<'a>>,
}

impl<'a> ComposeFile<'a> {
    /// The compose file held by the first document of `model`, when its top
    /// level has a `services:` mapping.
    pub fn of(model: &'a yaml::Model) -> Option<Self> {
        let root = model.documents().find_map(|d| d.root())?.as_mapping()?;
        let services_node = root.get("services")?.as_mapping()?;
        Some(Self {
            root,
            services_node,
            volumes: root.get("volumes").and_then(Node::as_mapping),
        })
    }

    /// Every service, in file order.
    pub fn services(&self) -> Vec<Service<'a>> {
        self.services_node
            .entries()
            .filter_map(|entry| {
                let name = entry.key_str()?;
                let node = entry.value.as_mapping()?;
                Some(Service {
                    file: *self,
                    name,
                    key: entry.key,
                    node,
                })
            })
            .collect()
    }

    pub fn service(&self, name: &str) -> Option<Service<'a>> {
        self.services().into_iter().find(|s| s.name == name)
    }
}

/// One service.
#[derive(Debug, Clone, Copy)]
pub struct Service<'a> {
    file: ComposeFile<'a>,
    pub name: &'a str,
    /// The service's name key (`web:`).
    pub key: Node<'a>,
    /// The service's mapping.
    pub node: Node<'a>,
}

/// A setting of a service, with where a finding on it belongs.
#[derive(Debug, Clone, Copy)]
pub struct Field<'a> {
    pub node: Node<'a>,
    /// The `extends` value of the service, when the setting is inherited
    /// from the service it extends.
    pub inherited: Option<Node<'a>>,
}

impl<'a> Field<'a> {
    /// The `key: value` pair, or the service's `extends` pair when inherited.
    pub fn pair_range(&self) -> TextRange {
        match self.inherited {
            Some(extends) => extends.pair_range(),
            None => self.node.pair_range(),
        }
    }

    /// The value, or the service's `extends` pair when inherited.
    pub fn value_range(&self) -> TextRange {
        match self.inherited {
            Some(extends) => extends.pair_range(),
            None => self.node.range(),
        }
    }

    /// Where a finding on `item` of this list setting belongs: the item
    /// (through an alias, the alias), or the `extends` pair when inherited.
    pub fn item_range(&self, item: Node<'a>) -> TextRange {
        match self.inherited {
            Some(extends) => extends.pair_range(),
            None => item.item_range().unwrap_or_else(|| item.range()),
        }
    }

    /// True when the setting is written in the service itself, not merged
    /// through an alias or inherited: a fix may edit it in place.
    pub fn is_local(&self) -> bool {
        self.inherited.is_none() && self.node.via().is_none()
    }

    /// The items of a list setting, each a scalar string.
    pub fn strings(&self) -> Vec<ListItem<'a>> {
        self.node
            .items()
            .filter_map(|item| {
                let text = item.as_str()?;
                Some(ListItem {
                    text,
                    node: item,
                    range: self.item_range(item),
                    local: self.inherited.is_none() && item.via().is_none(),
                })
            })
            .collect()
    }
}

/// A string item of a list setting.
#[derive(Debug, Clone, Copy)]
pub struct ListItem<'a> {
    pub text: &'a str,
    pub node: Node<'a>,
    /// Where a finding on the item starts.
    pub range: TextRange,
    /// Written in the service itself (a fix may edit it).
    pub local: bool,
}

/// A `NAME=value` or `NAME: value` setting (environment, build args,
/// sysctls).
#[derive(Debug, Clone, Copy)]
pub struct Assignment<'a> {
    pub name: &'a str,
    /// `None` for a bare name (an environment variable passed through from
    /// the host) or an empty map value.
    pub value: Option<&'a str>,
    /// The pair or the list item.
    pub range: TextRange,
}

/// A `security_opt` entry split into its option and value:
/// `seccomp:unconfined` and `seccomp=unconfined` are (`seccomp`,
/// `unconfined`), a bare `no-new-privileges` has no value.
#[derive(Debug, Clone, Copy)]
pub struct SecurityOpt<'a> {
    pub name: &'a str,
    pub value: Option<&'a str>,
    pub item: ListItem<'a>,
}

impl<'a> Service<'a> {
    /// Where a finding about a key this service lacks starts: its name key,
    /// to the end of that line.
    pub fn missing_key_range(&self) -> TextRange {
        let text = self.key.model().text();
        let start = self.key.source_range().start;
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = text[start..line_end].trim_end();
        TextRange::new(start, start + line.len())
    }

    /// The services this one extends in the same file, nearest first, each
    /// with this service's `extends` value (where inherited findings land).
    fn bases(&self) -> Vec<(Service<'a>, Node<'a>)> {
        let Some(extends) = self.node.get("extends") else {
            return Vec::new();
        };
        let mut out: Vec<(Service<'a>, Node<'a>)> = Vec::new();
        let mut current = *self;
        for _ in 0..MAX_EXTENDS {
            let Some(target) = current.extends_target() else {
                break;
            };
            let Some(base) = self.file.service(target) else {
                break;
            };
            if base.name == self.name || out.iter().any(|(s, _)| s.name == base.name) {
                break;
            }
            out.push((base, extends));
            current = base;
        }
        out
    }

    /// The service named by `extends` when it is in this file.
    fn extends_target(&self) -> Option<&'a str> {
        let extends = self.node.get("extends")?;
        if let Some(name) = extends.as_str() {
            return Some(name);
        }
        if extends.get("file").is_some() {
            return None;
        }
        extends.get("service")?.as_str()
    }

    /// True when the service (or one it extends) extends a service of
    /// another file, or one this file does not define: it inherits settings
    /// that are not visible here.
    pub fn inherits_unknown(&self) -> bool {
        let mut current = *self;
        for _ in 0..MAX_EXTENDS {
            let Some(extends) = current.node.get("extends") else {
                return false;
            };
            let Some(target) = current.extends_target() else {
                return !extends.is_null();
            };
            let Some(base) = self.file.service(target) else {
                return true;
            };
            current = base;
        }
        false
    }

    /// The setting at `path`, from the service itself or else from the
    /// services it extends.
    pub fn get_path(&self, path: &[&str]) -> Option<Field<'a>> {
        if let Some(node) = self.node.get_path(path) {
            return Some(Field {
                node,
                inherited: None,
            });
        }
        self.bases().into_iter().find_map(|(base, extends)| {
            base.node.get_path(path).map(|node| Field {
                node,
                inherited: Some(extends),
            })
        })
    }

    pub fn get(&self, key: &str) -> Option<Field<'a>> {
        self.get_path(&[key])
    }

    /// Every written value of a list setting: the service's own and those of
    /// the services it extends (compose appends inherited lists).
    pub fn get_all(&self, key: &str) -> Vec<Field<'a>> {
        let mut out = Vec::new();
        if let Some(node) = self.node.get(key) {
            out.push(Field {
                node,
                inherited: None,
            });
        }
        for (base, extends) in self.bases() {
            if let Some(node) = base.node.get(key) {
                out.push(Field {
                    node,
                    inherited: Some(extends),
                });
            }
        }
        out
    }

    /// The string items of a list setting, own and inherited.
    pub fn list(&self, key: &str) -> Vec<ListItem<'a>> {
        self.get_all(key).iter().flat_map(Field::strings).collect()
    }

    /// A boolean setting as compose reads it (`true` or `"true"`).
    pub fn flag(&self, key: &str) -> Option<(bool, Field<'a>)> {
        let field = self.get(key)?;
        field.node.as_bool_compose().map(|b| (b, field))
    }

    /// A string setting (numbers included, as compose converts them).
    pub fn string(&self, key: &str) -> Option<(&'a str, Field<'a>)> {
        let field = self.get(key)?;
        field.node.as_str().map(|s| (s, field))
    }

    /// The `security_opt` entries, own and inherited.
    pub fn security_opts(&self) -> Vec<SecurityOpt<'a>> {
        self.list("security_opt")
            .into_iter()
            .map(|item| {
                let text = item.text.trim();
                let (name, value) = match text.find([':', '=']) {
                    Some(i) => (&text[..i], Some(&text[i + 1..])),
                    None => (text, None),
                };
                SecurityOpt { name, value, item }
            })
            .collect()
    }

    /// The environment, map or list form, own entries first; an inherited
    /// variable the service sets again is not listed twice.
    pub fn environment(&self) -> Vec<Assignment<'a>> {
        self.assignments(&["environment"])
    }

    /// Build arguments (`build.args`), map or list form.
    pub fn build_args(&self) -> Vec<Assignment<'a>> {
        self.assignments(&["build", "args"])
    }

    /// Sysctls, map or list form.
    pub fn sysctls(&self) -> Vec<Assignment<'a>> {
        self.assignments(&["sysctls"])
    }

    fn assignments(&self, path: &[&str]) -> Vec<Assignment<'a>> {
        let mut fields = Vec::new();
        if let Some(node) = self.node.get_path(path) {
            fields.push(Field {
                node,
                inherited: None,
            });
        }
        for (base, extends) in self.bases() {
            if let Some(node) = base.node.get_path(path) {
                fields.push(Field {
                    node,
                    inherited: Some(extends),
                });
            }
        }
        let mut out: Vec<Assignment<'a>> = Vec::new();
        for field in fields {
            let own: Vec<Assignment<'a>> = assignments_of(&field);
            for a in own {
                if !out.iter().any(|o| o.name == a.name) {
                    out.push(a);
                }
            }
        }
        out
    }

    /// The service's mounts (`volumes`, `tmpfs`), own and inherited, with
    /// named volumes that the top-level `volumes:` defines as binds of a
    /// host directory resolved to that directory.
    pub fn mounts(&self) -> Vec<Mount<'a>> {
        let mut out = Vec::new();
        for field in self.get_all("volumes") {
            for item in field.node.items() {
                let range = field.item_range(item);
                if let Some(mount) = mounts::parse(item, range, field.inherited, self.file.volumes)
                {
                    out.push(mount);
                }
            }
        }
        out
    }

    /// The container ports the service publishes or exposes.
    pub fn ports(&self) -> Vec<Port> {
        let mut out = Vec::new();
        for (key, source) in [("ports", PortSource::Ports), ("expose", PortSource::Expose)] {
            for field in self.get_all(key) {
                for item in field.node.items() {
                    let range = field.item_range(item);
                    out.extend(ports::parse(item, range, source, field.inherited));
                }
            }
        }
        out
    }

    /// True when compose builds the image of this service (`build:`), so
    /// `image:` names what is built rather than what is pulled.
    pub fn builds_image(&self) -> bool {
        self.get("build").is_some_and(|f| !f.node.is_null())
    }
}

/// Where compose finds the Dockerfile of a service it builds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Build<'a> {
    /// The Dockerfile: `build.dockerfile` (default `Dockerfile`) in the
    /// context (`build:` or `build.context`), relative to the compose file.
    pub dockerfile: PathBuf,
    /// The stage `build.target` names; the final stage when `None`.
    pub target: Option<&'a str>,
}

impl<'a> Service<'a> {
    /// The Dockerfile this service is built from, when it builds from a
    /// local context with a Dockerfile on disk (not an inline Dockerfile or
    /// a Git URL). `compose_path` is the compose file's own path.
    pub fn build(&self, compose_path: &Path) -> Option<Build<'a>> {
        let build = self.get("build")?.node;
        let (context, dockerfile, target) = match build.as_str() {
            Some(context) => (context, "Dockerfile", None),
            None => {
                if build.get("dockerfile_inline").is_some() {
                    return None;
                }
                let context = build.get("context").and_then(|c| c.as_str()).unwrap_or(".");
                let dockerfile = build
                    .get("dockerfile")
                    .and_then(|d| d.as_str())
                    .unwrap_or("Dockerfile");
                let target = build.get("target").and_then(|t| t.as_str());
                (context, dockerfile, target)
            }
        };
        let context = crate::image::resolve_defaults(context)?;
        if context.contains("://") || context.starts_with("git@") || context.contains('$') {
            return None;
        }
        let dir = compose_path.parent().unwrap_or(Path::new(""));
        let path = dir.join(context.as_ref()).join(dockerfile);
        Some(Build {
            dockerfile: lexical(&path),
            target,
        })
    }
}

/// `path` with `.` and `..` folded, as the workspace keys its documents.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The entries of an environment-like setting.
fn assignments_of<'a>(field: &Field<'a>) -> Vec<Assignment<'a>> {
    if field.node.as_mapping().is_some() {
        return field
            .node
            .entries()
            .filter_map(|entry| {
                let name = entry.key_str()?;
                let range = match field.inherited {
                    Some(extends) => extends.pair_range(),
                    None => entry.value.pair_range(),
                };
                Some(Assignment {
                    name,
                    value: entry.value.as_str(),
                    range,
                })
            })
            .collect();
    }
    field
        .strings()
        .into_iter()
        .map(|item| match item.text.split_once('=') {
            Some((name, value)) => Assignment {
                name: name.trim(),
                value: Some(value),
                range: item.range,
            },
            None => Assignment {
                name: item.text.trim(),
                value: None,
                range: item.range,
            },
        })
        .collect()
}

#[cfg(test)]
mod tests;
