//! Service ports: `ports` in short (`"127.0.0.1:8022:22/tcp"`, ranges) and
//! long (`target:`) syntax, and `expose`. Only the container side matters
//! to rules about what listens in the container.

use crate::text::TextRange;
use crate::yaml::Node;

/// Which list a port comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PortSource {
    /// Published on the host (`ports`).
    Ports,
    /// Opened to other services only (`expose`).
    Expose,
}

/// A container port or port range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Port {
    /// First and last container port.
    pub container: (u32, u32),
    /// `tcp`, `udp` or `sctp` when written.
    pub protocol: Option<String>,
    pub source: PortSource,
    /// The item, or the long syntax's `target:` pair.
    pub range: TextRange,
}

impl Port {
    pub fn contains(&self, port: u32) -> bool {
        self.container.0 <= port && port <= self.container.1
    }

    /// True for TCP, the default.
    pub fn is_tcp(&self) -> bool {
        self.protocol
            .as_deref()
            .is_none_or(|p| p.eq_ignore_ascii_case("tcp"))
    }
}

pub(super) fn parse(
    item: Node<'_>,
    range: TextRange,
    source: PortSource,
    inherited: Option<Node<'_>>,
) -> Option<Port> {
    if let Some(text) = item.as_str() {
        let text = text.trim();
        let (spec, protocol) = match text.rsplit_once('/') {
            Some((spec, protocol)) => (spec, Some(protocol.to_string())),
            None => (text, None),
        };
        // The container port is the last colon-separated part, after any
        // host address (`[::1]:2222:22`) and host port.
        let container = spec.rsplit_once(':').map_or(spec, |(_, c)| c);
        return Some(Port {
            container: port_range(container)?,
            protocol,
            source,
            range,
        });
    }
    let target = item.get("target")?;
    let range = match inherited {
        None => target.pair_range(),
        Some(_) => range,
    };
    Some(Port {
        container: port_range(target.as_str()?)?,
        protocol: item
            .get("protocol")
            .and_then(|p| p.as_str())
            .map(str::to_string),
        source,
        range,
    })
}

fn port_range(text: &str) -> Option<(u32, u32)> {
    let text = text.trim();
    match text.split_once('-') {
        Some((a, b)) => Some((a.trim().parse().ok()?, b.trim().parse().ok()?)),
        None => {
            let p = text.parse().ok()?;
            Some((p, p))
        }
    }
}
