//! Tests of the compose view: services, merges, extends and list spellings.

use super::*;
use crate::format::Syntax;
use crate::yaml::Model;

fn model(text: &str) -> Model {
    let tree = crate::syntax::parse(Syntax::Yaml, text, None).expect("yaml parses");
    Model::build(text, &tree)
}

fn at(text: &str, range: TextRange) -> &str {
    &text[range.start..range.end]
}

#[test]
fn services_exclude_extension_blocks() {
    let text = "x-base: &b\n  privileged: true\nservices:\n  web:\n    <<: *b\n    image: a\n  db:\n    image: b\n    privileged: false\n";
    let m = model(text);
    let file = ComposeFile::of(&m).unwrap();
    let services = file.services();
    let names: Vec<_> = services.iter().map(|s| s.name).collect();
    assert_eq!(names, ["web", "db"]);
    let (privileged, field) = services[0].flag("privileged").unwrap();
    assert!(privileged);
    assert_eq!(at(text, field.pair_range()), "<<: *b");
    assert!(!field.is_local());
    assert!(!services[1].flag("privileged").unwrap().0);
    assert_eq!(at(text, services[0].missing_key_range()), "web:");
}

#[test]
fn extends_inherits_and_reports_on_extends() {
    let text = "services:\n  base:\n    user: root\n    cap_add: [NET_ADMIN]\n  app:\n    extends: base\n    cap_add: [CHOWN]\n  other:\n    extends:\n      file: common.yml\n      service: base\n";
    let m = model(text);
    let file = ComposeFile::of(&m).unwrap();
    let services = file.services();
    let app = services[1];
    let (user, field) = app.string("user").unwrap();
    assert_eq!(user, "root");
    assert_eq!(at(text, field.pair_range()), "extends: base");
    let caps: Vec<_> = app.list("cap_add").iter().map(|i| i.text).collect();
    assert_eq!(caps, ["CHOWN", "NET_ADMIN"]);
    assert!(!app.inherits_unknown());
    assert!(services[2].inherits_unknown());
    assert!(services[2].string("user").is_none());
}

#[test]
fn environment_in_both_forms() {
    let text = "services:\n  a:\n    environment:\n      A: 1\n      B:\n  b:\n    environment:\n      - C=x=y\n      - D\n";
    let m = model(text);
    let file = ComposeFile::of(&m).unwrap();
    let s = file.services();
    let a: Vec<_> = s[0]
        .environment()
        .iter()
        .map(|e| (e.name, e.value))
        .collect();
    assert_eq!(a, [("A", Some("1")), ("B", None)]);
    let b: Vec<_> = s[1]
        .environment()
        .iter()
        .map(|e| (e.name, e.value))
        .collect();
    assert_eq!(b, [("C", Some("x=y")), ("D", None)]);
    assert_eq!(at(text, s[1].environment()[0].range), "- C=x=y");
}

#[test]
fn mounts_in_every_syntax() {
    let text = "services:\n  a:\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n      - data:/data\n      - ./src:/app:rw,z\n      - /anonymous\n      - ${SOCK:-/run/docker.sock}:/s\n      - C:\\data:/data\n      - type: bind\n        source: /etc\n        target: /host-etc\n        read_only: true\n      - type: tmpfs\n        target: /tmp\n      - host:/h\nvolumes:\n  data: {}\n  host:\n    driver_opts: {type: none, o: bind, device: /srv/host}\n";
    let m = model(text);
    let file = ComposeFile::of(&m).unwrap();
    let mounts = file.services()[0].mounts();
    let summary: Vec<_> = mounts
        .iter()
        .map(|m| (m.kind, m.source.as_deref(), m.read_only))
        .collect();
    assert_eq!(
        summary,
        [
            (MountKind::Bind, Some("/var/run/docker.sock"), true),
            (MountKind::Volume, Some("data"), false),
            (MountKind::Bind, Some("./src"), false),
            (MountKind::Volume, None, false),
            (MountKind::Bind, Some("/run/docker.sock"), false),
            (MountKind::Bind, Some("C:\\data"), false),
            (MountKind::Bind, Some("/etc"), true),
            (MountKind::Tmpfs, None, false),
            (MountKind::Bind, Some("/srv/host"), false),
        ]
    );
    assert_eq!(at(text, mounts[6].range), "source: /etc");
    assert_eq!(mounts[8].volume, Some("host"));
}

#[test]
fn ports_read_the_container_side() {
    let text = "services:\n  a:\n    ports:\n      - \"2222:22\"\n      - 127.0.0.1:8022:8022/tcp\n      - \"[::1]:20-30:20-30\"\n      - 22/udp\n      - target: 22\n        published: 2200\n    expose: [\"22\", 2200]\n";
    let m = model(text);
    let file = ComposeFile::of(&m).unwrap();
    let ports = file.services()[0].ports();
    let summary: Vec<_> = ports
        .iter()
        .map(|p| (p.container, p.is_tcp(), p.source))
        .collect();
    assert_eq!(
        summary,
        [
            ((22, 22), true, PortSource::Ports),
            ((8022, 8022), true, PortSource::Ports),
            ((20, 30), true, PortSource::Ports),
            ((22, 22), false, PortSource::Ports),
            ((22, 22), true, PortSource::Ports),
            ((22, 22), true, PortSource::Expose),
            ((2200, 2200), true, PortSource::Expose),
        ]
    );
    assert_eq!(at(text, ports[4].range), "target: 22");
}

#[test]
fn security_opts_split_on_either_separator() {
    let text = "services:\n  a:\n    security_opt: [\"seccomp=unconfined\", \"label:type:spc_t\", no-new-privileges]\n";
    let m = model(text);
    let file = ComposeFile::of(&m).unwrap();
    let opts: Vec<_> = file.services()[0]
        .security_opts()
        .iter()
        .map(|o| (o.name, o.value))
        .collect();
    assert_eq!(
        opts,
        [
            ("seccomp", Some("unconfined")),
            ("label", Some("type:spc_t")),
            ("no-new-privileges", None)
        ]
    );
}
