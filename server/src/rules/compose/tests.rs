//! Tests of the compose rules, all through [`engine::check`], and of their
//! fixes: each fixed file is snapshotted, re-parsed and re-checked.

use std::path::PathBuf;

use crate::config::Config;
use crate::document::Document;
use crate::engine;
use crate::finding::{Finding, Severity};
use crate::format::FileKind;
use crate::rules::test_support::{apply_checked, line_of, lines_in};
use crate::workspace::Workspace;

const PATH: &str = "/case/docker-compose.yml";

/// The one place these tests call the engine.
#[track_caller]
fn run(text: &str, config: &Config) -> Vec<Finding> {
    let doc = Document::new(Some(PathBuf::from(PATH)), FileKind::ComposeYaml, 1, text);
    engine::check(&doc, &Workspace::new(), config)
}

fn findings(text: &str) -> Vec<Finding> {
    run(text, &Config::default())
}

/// The 1-based lines where `rule` is reported.
#[track_caller]
fn lines(text: &str, rule: &str) -> Vec<usize> {
    lines_in(&findings(text), text, rule)
}

/// Applies the fix of the `rule` finding on `line`, then checks that the
/// result parses, that this finding is gone and that no new finding
/// appeared.
#[track_caller]
fn fixed(text: &str, rule: &str, line: usize) -> String {
    let before = findings(text);
    let finding = before
        .iter()
        .find(|f| f.rule == rule && line_of(text, f.range.start) == line)
        .unwrap_or_else(|| panic!("no `{rule}` finding on line {line} in:\n{text}"));
    apply_checked(text, &before, finding, findings)
}

const HARDENED: &str = "\
services:
  api:
    image: registry.example.com/shop/api:1.4.2@sha256:1e93507456eb5eed6809bc43df9a8bb5c1817fd533020a731354230df22fab4e
    user: \"10001:10001\"
    read_only: true
    cap_drop: [ALL]
    security_opt:
      - no-new-privileges:true
    deploy:
      resources:
        limits: {cpus: \"0.50\", memory: 256M}
    tmpfs: [/tmp]
    volumes:
      - data:/data
      - ./config:/etc/app:ro
volumes:
  data:
";

#[test]
fn hardened_service_is_quiet() {
    let found = findings(HARDENED);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn missing_settings_start_at_the_service_name() {
    let text = "services:\n  web:\n    image: registry.example.com/web:1.0\n";
    let found = findings(text);
    for rule in [
        "root-user",
        "writable-root-filesystem",
        "capabilities-not-dropped",
        "allow-privilege-escalation",
        "resource-limits-missing",
    ] {
        assert_eq!(lines_in(&found, text, rule), [2], "{rule}");
        let finding = found.iter().find(|f| f.rule == rule).unwrap();
        assert_eq!(&text[finding.range.start..finding.range.end], "web:");
        assert!(finding.fix.is_some(), "{rule} offers a fix");
    }
    // Docker's default seccomp and AppArmor profiles apply.
    assert!(lines_in(&found, text, "seccomp-profile-missing").is_empty());
}

#[test]
fn images() {
    let text = "\
services:
  a: {image: nginx:latest}
  b: {image: redis}
  c: {image: registry.local:5000/shop/api}
  d: {image: \"rabbitmq:${TAG:-latest}\"}
  e: {image: \"rabbitmq:${TAG:-3.13.0}\"}
  f: {image: \"rabbitmq:${TAG}\"}
  g: {image: \"postgres@sha256:5efbe7914cbdf39ec030b0d560113123242a3fce3b9c14b1f19c80782589aecf\"}
  h: {build: ., image: shop/app}
";
    assert_eq!(lines(text, "image-tag-latest"), [2, 3, 4, 5]);
    assert_eq!(lines(text, "image-not-pinned-by-digest"), [2, 3, 4, 5, 6]);
    assert!(lines(text, "untrusted-registry").is_empty());
    let config = Config {
        trusted_registries: Some(vec!["registry.local:5000".into()]),
        ..Config::default()
    };
    let found = run(text, &config);
    assert_eq!(
        lines_in(&found, text, "untrusted-registry"),
        [2, 3, 5, 6, 8]
    );
}

#[test]
fn users() {
    let text = "\
services:
  a: {image: x:1, user: root}
  b: {image: x:1, user: \"0:0\"}
  c: {image: x:1, user: 0}
  d: {image: x:1, user: \"1001:0\"}
  e: {image: x:1, user: app}
  f: {image: x:1, user: \"${UID:-0}\"}
  g: {image: x:1, user: \"${UID}\"}
  h: {image: x:1}
";
    assert_eq!(lines(text, "root-user"), [2, 3, 4, 7, 9]);
}

#[test]
fn secrets_in_environment_and_build_args() {
    let text = "\
services:
  api:
    image: x:1
    environment:
      DB_PASSWORD: s3cr3t-Pa55
      DB_PASSWORD_FILE: /run/secrets/db
      API_TOKEN: ${API_TOKEN}
      EMPTY_SECRET:
    build:
      context: .
      args:
        - NPM_TOKEN=npm_R8vN2kQ7tL4wX9pZ3mC6bH1jF5sD0aGyE2uK
        - NODE_ENV=production
  worker:
    image: x:1
    environment:
      - QUEUE_URL=amqp://worker:Rb7xQ2pL@mq.internal:5672/
      - API_TOKEN
";
    assert_eq!(lines(text, "secret-in-manifest"), [5, 12, 17]);
}

/// The default of an interpolation is committed with the file: a literal
/// secret there is reported; a plain default, an unset-is-an-error form and
/// an empty default are not.
#[test]
fn secrets_in_interpolation_defaults() {
    let text = "\
services:
  db:
    image: x:1
    environment:
      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-Sup3rS3cretDefault}
      ADMIN_TOKEN: \"${ADMIN_TOKEN-tok_3f9a2b7c4d}\"
      DB_PASSWORD: ${DB_PASSWORD:?set DB_PASSWORD}
      API_KEY: ${API_KEY:-}
      LOG_LEVEL: ${LOG_LEVEL:-info}
    healthcheck:
      test: [CMD, pg_isready]
  app:
    image: x:1
    environment:
      - SECRET_KEY=${SECRET_KEY:-dev-insecure-Xk2p9Qz7}
";
    assert_eq!(lines(text, "secret-in-manifest"), [5, 6, 15]);
    let found = findings(text);
    let first = found
        .iter()
        .find(|f| f.rule == "secret-in-manifest")
        .unwrap();
    assert!(
        first.message.contains("when its variable is unset"),
        "{}",
        first.message
    );
}

#[test]
fn ssh_ports() {
    let text = "\
services:
  a:
    image: x:1
    ports:
      - \"2222:22\"
      - \"127.0.0.1:8022:8022/tcp\"
      - 20-30:20-30
      - 22/udp
      - target: 22
        published: 2200
    expose: [\"22\", 2222]
";
    assert_eq!(lines(text, "exposed-ssh-port"), [5, 7, 9, 11]);
}

#[test]
fn merged_and_inherited_values_are_reported_where_used() {
    let text = "\
x-agent: &agent
  privileged: true
  cap_add: [SYS_ADMIN]
services:
  collector:
    <<: *agent
    image: x:1
  shipper:
    <<: *agent
    image: x:1
    privileged: false
  base:
    image: x:1
    network_mode: host
  child:
    extends: base
";
    assert_eq!(lines(text, "privileged"), [6]);
    assert_eq!(lines(text, "dangerous-capability"), [6, 9]);
    assert_eq!(lines(text, "host-namespace"), [14, 16]);
    let found = findings(text);
    let merged = found
        .iter()
        .find(|f| f.rule == "dangerous-capability")
        .unwrap();
    assert!(merged.fix.is_none(), "the shared block is not edited");
}

#[test]
fn settings_from_another_file_are_unknown() {
    let text = "\
services:
  web:
    extends:
      file: common.yml
      service: base
";
    let found = findings(text);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn no_new_privileges() {
    let text = "\
services:
  a: {image: x:1, security_opt: [no-new-privileges]}
  b: {image: x:1, security_opt: [\"no-new-privileges=true\"]}
  c: {image: x:1, security_opt: [\"no-new-privileges:false\"]}
  d: {image: x:1, security_opt: [\"apparmor:docker-default\"]}
  e: {image: x:1}
";
    assert_eq!(lines(text, "allow-privilege-escalation"), [4, 5, 6]);
}

#[test]
fn capabilities() {
    let text = "\
services:
  a:
    image: x:1
    cap_drop: [all]
    cap_add: [NET_ADMIN, cap_sys_module, NET_BIND_SERVICE, chown]
  b:
    image: x:1
    cap_drop: [NET_RAW]
";
    assert_eq!(lines(text, "dangerous-capability"), [5, 5]);
    assert_eq!(lines(text, "capability-added"), [5]);
    assert_eq!(lines(text, "capabilities-not-dropped"), [8]);
}

#[test]
fn host_namespaces() {
    let text = "\
services:
  a: {image: x:1, network_mode: host, pid: \"host\", ipc: host, uts: host}
  b: {image: x:1, network_mode: \"service:a\", ipc: shareable, pid: \"container:a\"}
  c: {image: x:1, cgroup: host, userns_mode: host}
  d: {image: x:1, cgroup: private}
";
    assert_eq!(lines(text, "host-namespace"), [2, 2, 2, 2, 4, 4]);
}

#[test]
fn mounts() {
    let text = "\
services:
  a:
    image: x:1
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock:ro
      - /:/host
      - /srv/reports:/reports:ro
      - /srv/uploads:/uploads
      - ./src:/app
      - ../shared:/shared:ro
      - cache:/cache
      - ${XDG_RUNTIME_DIR}/docker.sock:/var/run/docker.sock
      - type: bind
        source: /run/containerd/containerd.sock
        target: /run/containerd/containerd.sock
      - type: volume
        source: hostdir
        target: /data
volumes:
  cache:
  hostdir:
    driver_opts: {type: none, o: bind, device: /etc}
";
    let found = findings(text);
    assert_eq!(lines_in(&found, text, "docker-socket-mount"), [5, 12, 14]);
    assert_eq!(
        lines_in(&found, text, "host-path-mount"),
        [5, 6, 7, 8, 10, 12, 14, 17]
    );
    let severity = |line: usize| {
        found
            .iter()
            .find(|f| f.rule == "host-path-mount" && line_of(text, f.range.start) == line)
            .map(|f| f.severity)
    };
    assert_eq!(severity(6), Some(Severity::Error), "the host root");
    assert_eq!(severity(7), Some(Severity::Warning), "a read-only bind");
    assert_eq!(severity(8), Some(Severity::Error), "a writable bind");
    assert_eq!(severity(17), Some(Severity::Error), "/etc through a volume");
}

#[test]
fn resource_limits() {
    let text = "\
services:
  a:
    image: x:1
    deploy: {resources: {limits: {cpus: \"1\", memory: 512M}}}
  b:
    image: x:1
    mem_limit: 256m
    cpus: 0.5
  c:
    image: x:1
    deploy: {resources: {reservations: {memory: 128M}}}
  d:
    image: x:1
    mem_limit: 256m
  e:
    image: x:1
    mem_limit: 0
    cpus: \"0\"
";
    assert_eq!(lines(text, "resource-limits-missing"), [9, 12, 15]);
}

#[test]
fn seccomp_and_mac_profiles() {
    let text = "\
services:
  a:
    image: x:1
    security_opt:
      - seccomp:unconfined
      - seccomp=./strict.json
      - apparmor=unconfined
      - apparmor:docker-default
      - label:disable
      - label:type:spc_t
      - label:type:container_t
      - label:level:s0:c100,c200
      - label=user:system_u
      - systempaths=unconfined
";
    let found = findings(text);
    assert_eq!(lines_in(&found, text, "seccomp-profile-missing"), [5]);
    let seccomp = found
        .iter()
        .find(|f| f.rule == "seccomp-profile-missing")
        .unwrap();
    assert_eq!(seccomp.severity, Severity::Warning);
    assert_eq!(
        lines_in(&found, text, "unconfined-mac-profile"),
        [7, 9, 10, 13, 14]
    );
}

#[test]
fn sysctls() {
    let text = "\
services:
  a:
    image: x:1
    sysctls:
      net.ipv4.ip_forward: 1
      net.ipv4.tcp_syncookies: 1
  b:
    image: x:1
    sysctls:
      - kernel.msgmax=65536
      - net.ipv4.ip_local_port_range=1024 65000
";
    assert_eq!(lines(text, "unsafe-sysctl"), [5, 10]);
}

#[test]
fn suppression_above_a_service_covers_it() {
    let text = "\
services:
  # bulwark-ignore: root-user, privileged -- the image drops privileges itself
  web:
    image: x:1
";
    let found = findings(text);
    assert!(lines_in(&found, text, "root-user").is_empty());
    assert_eq!(lines_in(&found, text, "unused-suppression"), [2]);
}

#[test]
fn yaml_with_services_but_another_name_is_compose() {
    let text = "services:\n  web:\n    image: x:1\n    privileged: true\n";
    let doc = Document::new(
        Some(PathBuf::from("/case/stack.yml")),
        FileKind::Yaml,
        1,
        text,
    );
    let found = engine::check(&doc, &Workspace::new(), &Config::default());
    assert_eq!(lines_in(&found, text, "privileged"), [4]);
}

const BLOCK: &str = "\
services:
  api:
    image: registry.example.com/shop/api:1.4.2
    user: root
    privileged: true
    network_mode: host
    read_only: false
    cap_drop:
      - NET_RAW
    cap_add:
      - SYS_ADMIN
      - CHOWN
    security_opt:
      - no-new-privileges:false
  worker:
    image: registry.example.com/shop/worker:1.4.2
    security_opt:
      - apparmor:docker-default
    deploy:
      resources:
        reservations:
          memory: 128M
  legacy:
    image: registry.example.com/shop/legacy:1.4.2
    mem_limit: 256m
  bare:
    image: registry.example.com/shop/bare:1.4.2
";

const FLOW: &str = "\
services:
  api: {image: \"registry.example.com/shop/api:1.4.2\", user: \"0\", privileged: \"true\", pid: host, read_only: false, cap_drop: [NET_RAW], cap_add: [SYS_ADMIN, CHOWN], security_opt: [\"no-new-privileges=false\"]}
  worker: {image: \"registry.example.com/shop/worker:1.4.2\", security_opt: [apparmor=docker-default], deploy: {resources: {limits: {cpus: \"0.5\"}}}}
  bare: {image: \"registry.example.com/shop/bare:1.4.2\"}
";

/// Seccomp turned off in both `security_opt` forms, beside entries that stay.
const SECCOMP_BLOCK: &str = "\
services:
  api:
    image: registry.example.com/shop/api:1.4.2
    security_opt:
      - no-new-privileges:true
      - seccomp:unconfined
      - apparmor=docker-default
";

const SECCOMP_FLOW: &str = "\
services:
  api: {image: registry.example.com/shop/api:1.4.2, security_opt: [\"no-new-privileges:true\", \"seccomp=unconfined\"]}
";

const MERGED: &str = "\
x-agent: &agent
  privileged: true
  read_only: false
services:
  collector:
    <<: *agent
    image: registry.example.com/ops/collector:2.4.0
";

/// Every fixable rule, in block and in flow style: the fixed file is
/// snapshotted and re-checked by [`fixed`].
#[test]
fn fixes_in_block_and_flow_style() {
    let cases: &[(&str, &str, &str, usize)] = &[
        ("block-value", BLOCK, "root-user", 4),
        ("block-missing", BLOCK, "root-user", 26),
        ("block-value", BLOCK, "privileged", 5),
        ("block-value", BLOCK, "host-namespace", 6),
        ("block-value", BLOCK, "writable-root-filesystem", 7),
        ("block-missing", BLOCK, "writable-root-filesystem", 26),
        ("block-value", BLOCK, "capabilities-not-dropped", 8),
        ("block-missing", BLOCK, "capabilities-not-dropped", 26),
        ("block-value", BLOCK, "dangerous-capability", 11),
        ("block-value", BLOCK, "allow-privilege-escalation", 14),
        ("block-list", BLOCK, "allow-privilege-escalation", 15),
        ("block-missing", BLOCK, "allow-privilege-escalation", 26),
        ("block-partial", BLOCK, "resource-limits-missing", 15),
        ("block-legacy", BLOCK, "resource-limits-missing", 23),
        ("block-missing", BLOCK, "resource-limits-missing", 26),
        ("flow-value", FLOW, "root-user", 2),
        ("flow-missing", FLOW, "root-user", 4),
        ("flow-value", FLOW, "privileged", 2),
        ("flow-value", FLOW, "host-namespace", 2),
        ("flow-value", FLOW, "writable-root-filesystem", 2),
        ("flow-missing", FLOW, "writable-root-filesystem", 4),
        ("flow-value", FLOW, "capabilities-not-dropped", 2),
        ("flow-missing", FLOW, "capabilities-not-dropped", 4),
        ("flow-value", FLOW, "dangerous-capability", 2),
        ("flow-value", FLOW, "allow-privilege-escalation", 2),
        ("flow-list", FLOW, "allow-privilege-escalation", 3),
        ("flow-missing", FLOW, "allow-privilege-escalation", 4),
        ("flow-partial", FLOW, "resource-limits-missing", 3),
        ("flow-missing", FLOW, "resource-limits-missing", 4),
        ("block-value", SECCOMP_BLOCK, "seccomp-profile-missing", 6),
        ("flow-value", SECCOMP_FLOW, "seccomp-profile-missing", 2),
        ("merged", MERGED, "privileged", 6),
        ("merged", MERGED, "writable-root-filesystem", 6),
    ];
    // Removing a comment does not depend on the style, and the catalog
    // fixes a literal secret only in a Kubernetes env entry.
    crate::rules::test_support::assert_fix_styles_cover_catalog(
        crate::format::Format::Compose,
        cases.iter().map(|(style, _, rule, _)| (*style, *rule)),
        &["unused-suppression", "secret-in-manifest"],
    );
    for (style, text, rule, line) in cases {
        let out = fixed(text, rule, *line);
        insta::assert_snapshot!(format!("{rule}.{style}"), out);
    }
}

#[test]
fn only_local_items_are_edited() {
    let text = "\
x-caps: &caps [SYS_ADMIN]
services:
  a:
    image: x:1
    cap_add: *caps
";
    let found = findings(text);
    let finding = found
        .iter()
        .find(|f| f.rule == "dangerous-capability")
        .unwrap();
    assert_eq!(line_of(text, finding.range.start), 5);
    assert!(finding.fix.is_none());
}

/// Every compose example of every compose rule's page: an "Example" block
/// reports its rule exactly once, a "Use instead" block not at all.
#[test]
fn doc_examples_hold() {
    let config = Config {
        trusted_registries: Some(vec!["registry.example.com".to_string()]),
        ..Config::default()
    };
    let mut checked = 0;
    for rule in super::RULES {
        let page = crate::rules::docs::page(rule.name)
            .unwrap_or_else(|| panic!("`{}` has no page", rule.name));
        for (section, text) in crate::rules::docs::fenced_blocks(page, "yaml") {
            // The file kind of a YAML file with no telling name: the content
            // decides, so only the compose blocks are checked here.
            let doc = Document::new(
                Some(PathBuf::from("/case/stack.yml")),
                FileKind::Yaml,
                1,
                &*text,
            );
            if doc.analysis().format != Some(crate::format::Format::Compose) {
                continue;
            }
            let count = engine::check(&doc, &Workspace::new(), &config)
                .iter()
                .filter(|f| f.rule == rule.name)
                .count();
            match section.as_str() {
                "Example" => assert_eq!(count, 1, "{}: Example:\n{text}", rule.name),
                "Use instead" => assert_eq!(count, 0, "{}: Use instead:\n{text}", rule.name),
                _ => continue,
            }
            checked += 1;
        }
    }
    assert!(
        checked >= 2 * super::RULES.len(),
        "only {checked} compose examples checked"
    );
}

#[test]
fn a_built_image_with_a_non_root_user_needs_no_user() {
    let text = "\
services:
  api:
    build: ./api
  worker:
    build: {context: ., dockerfile: worker.Dockerfile, target: run}
  tool:
    build: ./tool
";
    let mut workspace = Workspace::new();
    let dockerfile = |path: &str, text: &str| {
        Document::new(Some(PathBuf::from(path)), FileKind::Dockerfile, 1, text)
    };
    workspace.insert(dockerfile(
        "/case/api/Dockerfile",
        "FROM alpine:3.20\nUSER 10001\n",
    ));
    workspace.insert(dockerfile(
        "/case/worker.Dockerfile",
        "FROM alpine:3.20 AS run\nUSER app\nFROM run AS debug\nUSER root\n",
    ));
    workspace.insert(dockerfile(
        "/case/tool/Dockerfile",
        "FROM alpine:3.20\nUSER root\n",
    ));
    let doc = Document::new(Some(PathBuf::from(PATH)), FileKind::ComposeYaml, 1, text);
    let found = engine::check(&doc, &workspace, &Config::default());
    assert_eq!(lines_in(&found, text, "root-user"), [6]);
    // Without the Dockerfiles, nothing says who the images run as.
    assert_eq!(lines(text, "root-user"), [2, 4, 6]);
}

/// Every prefix of the test files is checked, and every fix of every
/// prefix applied and re-parsed: broken input is normal input in an editor.
#[test]
fn every_prefix_is_checked_without_panic() {
    for text in [BLOCK, FLOW, SECCOMP_BLOCK, SECCOMP_FLOW, MERGED, HARDENED] {
        for end in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            let prefix = &text[..end];
            for finding in findings(prefix) {
                if let Some(fix) = &finding.fix {
                    let _ = findings(&crate::yaml::edit::apply(prefix, &fix.edits));
                }
            }
        }
    }
}

#[test]
fn alias_bombs_are_bounded() {
    let mut text = String::from("x-a: &a [SYS_ADMIN, SYS_ADMIN, SYS_ADMIN, SYS_ADMIN]\n");
    let mut previous = "a".to_string();
    for level in 0..12 {
        let name = format!("l{level}");
        text.push_str(&format!(
            "x-{name}: &{name} [*{previous}, *{previous}, *{previous}, *{previous}]\n"
        ));
        previous = name;
    }
    text.push_str(&format!(
        "services:\n  web:\n    image: x:1\n    cap_add: *{previous}\n"
    ));
    let started = std::time::Instant::now();
    let _ = findings(&text);
    assert!(started.elapsed().as_secs() < 5);
}

/// Findings for the override file beside `base` (when given), both in the
/// workspace as `docker compose` would merge them.
fn override_findings(name: &str, text: &str, base: Option<&str>) -> Vec<Finding> {
    let mut ws = Workspace::new();
    if let Some(base) = base {
        ws.insert(Document::new(
            Some(PathBuf::from("/case/compose.yaml")),
            FileKind::ComposeYaml,
            1,
            base,
        ));
    }
    let doc = Document::new(
        Some(PathBuf::from(format!("/case/{name}"))),
        FileKind::ComposeYaml,
        1,
        text,
    );
    ws.insert(doc.clone());
    engine::check(&doc, &ws, &Config::default())
}

#[test]
fn an_override_file_is_judged_with_its_base() {
    let base = "\
services:
  api:
    image: registry.example.com/api:1.0
    user: \"10001:10001\"
    read_only: true
    cap_drop: [ALL]
    security_opt: [no-new-privileges:true]
    deploy: {resources: {limits: {cpus: '0.5', memory: 256M}}}
";
    let text = "\
services:
  api:
    ports: [\"127.0.0.1:8080:8080\"]
    privileged: true
  debug:
    image: registry.example.com/debug:1.0
";
    let missing = [
        "allow-privilege-escalation",
        "capabilities-not-dropped",
        "resource-limits-missing",
        "root-user",
        "writable-root-filesystem",
    ];
    let found = override_findings("compose.override.yaml", text, Some(base));
    for rule in missing {
        // `api` is merged into the base's; `debug` exists only here.
        assert_eq!(lines_in(&found, text, rule), vec![5], "{rule}: {found:?}");
    }
    // A value the override sets still counts.
    assert_eq!(lines_in(&found, text, "privileged"), vec![4]);

    // Without a base file, or in a file compose does not merge by itself,
    // the service is judged whole.
    for (name, base) in [
        ("compose.override.yaml", None),
        ("compose.prod.yaml", Some(base)),
    ] {
        let found = override_findings(name, text, base);
        for rule in missing {
            assert_eq!(
                lines_in(&found, text, rule),
                vec![2, 5],
                "{name} {rule}: {found:?}"
            );
        }
    }
}
