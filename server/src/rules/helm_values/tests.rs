//! Tests of the Helm values rules, all through [`engine::check`], and of
//! their fixes: each fixed file is snapshotted, re-parsed and re-checked.

use std::path::PathBuf;

use crate::config::Config;
use crate::document::Document;
use crate::engine;
use crate::finding::Finding;
use crate::format::FileKind;
use crate::rules::test_support::{apply_checked, line_of, lines_in};
use crate::workspace::Workspace;

const PATH: &str = "/chart/values.yaml";

/// The one place these tests call the engine.
#[track_caller]
fn run(text: &str, config: &Config) -> Vec<Finding> {
    let doc = Document::new(Some(PathBuf::from(PATH)), FileKind::HelmValuesYaml, 1, text);
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
image:
  repository: registry.example.com/shop/web
  tag: \"1.4.2\"
  digest: sha256:cdde6ccd4baf381b8610c957f99b5e70fe9d6c9c83651c94ae2e1c84d8c8b050
podSecurityContext:
  runAsNonRoot: true
  runAsUser: 10001
  fsGroup: 10001
securityContext:
  allowPrivilegeEscalation: false
  readOnlyRootFilesystem: true
  capabilities:
    drop: [ALL]
    add: [NET_BIND_SERVICE]
resources:
  limits: {cpu: 500m, memory: 256Mi}
auth:
  existingSecret: web-auth
  existingSecretPasswordKey: password
  password: \"\"
rbac:
  resources: [pods]
";

#[test]
fn hardened_values_are_quiet() {
    let found = findings(HARDENED);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn missing_keys_are_left_to_the_chart() {
    let text = "replicaCount: 2\nimage:\n  repository: registry.example.com/a\nsecurityContext:\n  runAsUser: 10001\n";
    let found = findings(text);
    let rules: Vec<_> = found.iter().map(|f| f.rule).collect();
    assert_eq!(rules, ["image-not-pinned-by-digest"], "{found:#?}");
}

#[test]
fn images() {
    let text = "\
image: {repository: registry.example.com/a, tag: latest}
worker:
  image: \"ghcr.io/example/worker\"
empty: {image: {repository: registry.example.com/b, tag: \"\"}}
pinned: {image: {repository: registry.example.com/c, tag: \"1@sha256:83ef9342aff8b88a9622c4886bd6e5ad5027e0fe1a39e7f22ce6db30e7ec443a\"}}
hub:
  image:
    registry: docker.io
    repository: bitnami/redis
    tag: 7.2.4
quay: {image: {repository: quay.io/prometheus/node-exporter, tag: v1.7.0}}
off: {enabled: false, image: {repository: nginx, tag: latest}}
elastic:
  image: registry.example.com/elasticsearch
  imageTag: \"8.13.0\"
kibana:
  image: registry.example.com/kibana
  imageTag: \"\"
";
    assert_eq!(lines(text, "image-tag-latest"), [1, 3]);
    assert_eq!(
        lines(text, "image-not-pinned-by-digest"),
        [1, 3, 4, 10, 11, 15, 18]
    );
    let config = Config {
        trusted_registries: Some(vec!["registry.example.com".into()]),
        ..Config::default()
    };
    let found = run(text, &config);
    assert_eq!(lines_in(&found, text, "untrusted-registry"), [3, 8, 11]);
}

#[test]
fn user_and_group_ids() {
    let text = "\
podSecurityContext:
  runAsUser: 1000
  runAsGroup: 0
  fsGroup: 0
  supplementalGroups: [10001, 0]
containerSecurityContext:
  runAsUser: 0
  runAsNonRoot: false
";
    let found = findings(text);
    assert_eq!(lines_in(&found, text, "low-user-id"), [2, 3, 7]);
    assert_eq!(lines_in(&found, text, "root-group"), [3, 4, 5]);
    assert_eq!(lines_in(&found, text, "run-as-non-root"), [7, 8]);
    assert_eq!(
        lines_in(&found, text, "helm-security-context-disabled"),
        [8]
    );
}

#[test]
fn disabled_contexts() {
    let text = "\
podSecurityContext: {}
securityContext:
containerSecurityContext:
  enabled: false
  runAsUser: 0
volumePermissions:
  enabled: false
  containerSecurityContext: {runAsUser: 0, privileged: true}
runner:
  privileged: true
";
    let found = findings(text);
    assert_eq!(
        lines_in(&found, text, "helm-security-context-disabled"),
        [1, 2, 4, 10]
    );
    assert!(lines_in(&found, text, "run-as-non-root").is_empty());
    assert_eq!(lines_in(&found, text, "privileged"), [10]);
}

#[test]
fn capabilities() {
    let text = "\
securityContext:
  capabilities:
    drop: [NET_RAW]
    add:
      - NET_ADMIN
      - CHOWN
      - net_bind_service
sidecar:
  securityContext:
    capabilities: {drop: [all], add: [cap_sys_admin]}
";
    let found = findings(text);
    assert_eq!(lines_in(&found, text, "capabilities-not-dropped"), [3]);
    assert_eq!(lines_in(&found, text, "dangerous-capability"), [5, 10]);
    assert_eq!(lines_in(&found, text, "capability-added"), [6]);
}

#[test]
fn sockets() {
    let text = "\
extraVolumes:
  - name: sock
    hostPath:
      path: /var/run/docker.sock
  - name: data
    hostPath: {path: /srv/data}
dind:
  hostPath: /run/containerd/containerd.sock
docker:
  socketPath: /var/run/docker.sock
";
    assert_eq!(lines(text, "docker-socket-mount"), [4, 8]);
}

#[test]
fn resources() {
    let text = "\
a:
  resources: {}
b:
  resources:
    requests: {cpu: 100m, memory: 128Mi}
c:
  resources:
    limits: {cpu: 500m, memory: 256Mi}
d:
  resources:
    requests: {cpu: 100m}
    limits: {cpu: 500m}
rbac:
  resources: [pods]
quota:
  resources:
    pods: 10
";
    let found = findings(text);
    assert_eq!(
        lines_in(&found, text, "resource-limits-missing"),
        [2, 4, 10]
    );
    assert_eq!(lines_in(&found, text, "resource-requests-missing"), [2, 10]);
    let d: Vec<&str> = found
        .iter()
        .filter(|f| line_of(text, f.range.start) == 10)
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(
        d,
        [
            "this `resources` block sets no memory limit, so the container can starve its neighbours; set `limits`",
            "this `resources` block sets no memory request, so the scheduler cannot place the container safely; set `requests`",
        ]
    );
}

#[test]
fn secrets() {
    let text = "\
auth:
  username: app
  password: \"Vy8#kQ2!mZ\"
  existingSecret: \"\"
  existingSecretPasswordKey: password
  secretKeys:
    adminPasswordKey: admin-password
externalDatabase:
  password: \"\"
  existingSecret: shop-db
apiKey: 3f9a2b7c4d5e6f708192a3b4c5d6e7f8
env:
  - name: DB_PASSWORD
    value: hunter2-hunter2
  - name: LOG_LEVEL
    value: debug
tokenSecretName: runner-token
metrics:
  enabled: false
  password: s3cr3t-Pa55
";
    assert_eq!(lines(text, "secret-in-manifest"), [3, 11, 14, 20]);
}

#[test]
fn suppression_above_a_block() {
    let text = "\
# bulwark-ignore: image-tag-latest -- pinned at install time
image:
  repository: registry.example.com/a
  tag: latest
";
    let found = findings(text);
    assert!(lines_in(&found, text, "image-tag-latest").is_empty());
    assert!(lines_in(&found, text, "unused-suppression").is_empty());
}

const BLOCK: &str = "\
runner:
  securityContext:
    runAsNonRoot: false
    privileged: true
    allowPrivilegeEscalation: true
    readOnlyRootFilesystem: false
    capabilities:
      drop:
        - NET_RAW
      add:
        - SYS_ADMIN
        - CHOWN
  resources:
    requests:
      cpu: 100m
      memory: 128Mi
worker:
  resources:
    limits:
      cpu: 250m
";

const FLOW: &str = "\
runner: {securityContext: {runAsNonRoot: false, privileged: true, allowPrivilegeEscalation: true, readOnlyRootFilesystem: false, capabilities: {drop: [], add: [SYS_ADMIN, CHOWN]}}, resources: {}}
";

/// Every fixable rule, in block and in flow style: the fixed file is
/// snapshotted and re-checked by [`fixed`].
#[test]
fn fixes_in_block_and_flow_style() {
    let cases: &[(&str, &str, &str, usize)] = &[
        ("block", BLOCK, "run-as-non-root", 3),
        ("block", BLOCK, "privileged", 4),
        ("block", BLOCK, "allow-privilege-escalation", 5),
        ("block", BLOCK, "writable-root-filesystem", 6),
        ("block", BLOCK, "capabilities-not-dropped", 8),
        ("block", BLOCK, "dangerous-capability", 11),
        ("block-requests-only", BLOCK, "resource-limits-missing", 13),
        ("block-partial", BLOCK, "resource-limits-missing", 18),
        ("flow", FLOW, "run-as-non-root", 1),
        ("flow", FLOW, "privileged", 1),
        ("flow", FLOW, "allow-privilege-escalation", 1),
        ("flow", FLOW, "writable-root-filesystem", 1),
        ("flow", FLOW, "capabilities-not-dropped", 1),
        ("flow", FLOW, "dangerous-capability", 1),
        ("flow", FLOW, "resource-limits-missing", 1),
    ];
    // Removing a comment does not depend on the style, and the catalog
    // fixes a literal secret only in a Kubernetes env entry.
    crate::rules::test_support::assert_fix_styles_cover_catalog(
        crate::format::Format::HelmValues,
        cases.iter().map(|(style, _, rule, _)| (*style, *rule)),
        &["unused-suppression", "secret-in-manifest"],
    );
    for (style, text, rule, line) in cases {
        let out = fixed(text, rule, *line);
        insta::assert_snapshot!(format!("{rule}.{style}"), out);
    }
}

/// Every values example of every Helm rule's page (the YAML blocks that are
/// neither a manifest nor a compose file): an "Example" block reports its
/// rule exactly once, a "Use instead" block not at all.
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
            let plain = Document::new(
                Some(PathBuf::from("/case/x.yaml")),
                FileKind::Yaml,
                1,
                &*text,
            );
            if plain.analysis().format.is_some() {
                continue;
            }
            let count = run(&text, &config)
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
        "only {checked} values examples checked"
    );
}

/// Every prefix of the test files is checked, and every fix of every
/// prefix applied and re-parsed: broken input is normal input in an editor.
#[test]
fn every_prefix_is_checked_without_panic() {
    for text in [BLOCK, FLOW, HARDENED] {
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
    let mut text = String::from("a: &a {securityContext: {privileged: true, runAsUser: 0}}\n");
    let mut previous = "a".to_string();
    for level in 0..12 {
        let name = format!("l{level}");
        text.push_str(&format!(
            "{name}: &{name} [*{previous}, *{previous}, *{previous}, *{previous}]\n"
        ));
        previous = name;
    }
    let started = std::time::Instant::now();
    let _ = findings(&text);
    assert!(started.elapsed().as_secs() < 10);
}
