//! Tests of the Kubernetes rules, all through [`engine::check`], and of
//! their fixes: each fixed file is snapshotted, re-parsed and re-checked.

use std::path::PathBuf;

use crate::config::Config;
use crate::document::Document;
use crate::engine;
use crate::finding::{Finding, Severity};
use crate::format::FileKind;
use crate::rules::test_support::{apply_checked, line_of, lines_in};
use crate::workspace::Workspace;

const PATH: &str = "/case/pod.yaml";

fn doc(text: &str) -> Document {
    Document::new(Some(PathBuf::from(PATH)), FileKind::Yaml, 1, text)
}

/// The one place these tests call the engine.
#[track_caller]
fn run(text: &str, workspace: &Workspace, config: &Config) -> Vec<Finding> {
    engine::check(&doc(text), workspace, config)
}

fn findings(text: &str) -> Vec<Finding> {
    run(text, &Workspace::new(), &Config::default())
}

/// The 1-based lines where `rule` is reported.
#[track_caller]
fn lines(text: &str, rule: &str) -> Vec<usize> {
    lines_in(&findings(text), text, rule)
}

/// Applies the fix of the first `rule` finding, then checks that the result
/// parses, that this finding is gone and that no new finding appeared.
#[track_caller]
fn fixed(text: &str, rule: &str) -> String {
    let before = findings(text);
    let finding = before
        .iter()
        .find(|f| f.rule == rule && f.fix.is_some())
        .unwrap_or_else(|| panic!("no fixable `{rule}` finding in:\n{text}"));
    apply_checked(text, &before, finding, findings)
}

const BARE_POD: &str = "\
apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers:
    - name: shell
      image: busybox:1.36.1
";

const FLOW_POD: &str = "\
apiVersion: v1
kind: Pod
metadata: {name: tools, namespace: shop}
spec: {containers: [{name: app, image: \"registry.example.com/app:1.0\"}]}
";

const HARDENED: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      serviceAccountName: web
      automountServiceAccountToken: false
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        seccompProfile: {type: RuntimeDefault}
      containers:
        - name: web
          image: registry.example.com/web:1.4.2@sha256:576d2a797c10297b355b67fc74230715d74089e393a006f3dc22546c80826d24
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: [ALL]
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: 500m, memory: 256Mi}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
";

#[test]
fn hardened_workload_is_quiet() {
    let found = findings(HARDENED);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn missing_settings_are_anchored() {
    // Container keys on the `- name:` line, pod keys on `spec:`, namespace
    // on `kind:`.
    for rule in [
        "run-as-non-root",
        "allow-privilege-escalation",
        "writable-root-filesystem",
        "capabilities-not-dropped",
        "resource-limits-missing",
        "resource-requests-missing",
    ] {
        assert_eq!(lines(BARE_POD, rule), [7], "{rule}");
    }
    for rule in [
        "service-account-token-mounted",
        "seccomp-profile-missing",
        "default-service-account",
    ] {
        assert_eq!(lines(BARE_POD, rule), [5], "{rule}");
    }
    assert_eq!(lines(BARE_POD, "default-namespace"), [2]);
    assert_eq!(lines(BARE_POD, "network-policy-missing"), [2]);
    assert_eq!(lines(BARE_POD, "image-not-pinned-by-digest"), [8]);
}

#[test]
fn images() {
    let text = "\
apiVersion: v1
kind: Pod
spec:
  containers:
    - {name: a, image: nginx}
    - {name: b, image: 'nginx:latest'}
    - {name: c, image: registry.local:5000/app}
    - {name: d, image: registry.local:5000/app:2.3.1}
    - {name: e, image: nginx@sha256:2926fc6fc631c27768b0e5583f7daba8d29a356fe09fde550f26c6dec3c0f417}
    - {name: f, image: \"app:${TAG:-latest}\"}
    - {name: g, image: \"app:${TAG}\"}
";
    assert_eq!(lines(text, "image-tag-latest"), [5, 6, 7, 10]);
    assert_eq!(lines(text, "image-not-pinned-by-digest"), [5, 6, 7, 8, 10]);
    assert!(lines(text, "untrusted-registry").is_empty());

    let config = Config {
        trusted_registries: Some(vec!["registry.local:5000".to_string()]),
        ..Config::default()
    };
    let untrusted: Vec<usize> = run(text, &Workspace::new(), &config)
        .iter()
        .filter(|f| f.rule == "untrusted-registry")
        .map(|f| line_of(text, f.range.start))
        .collect();
    assert_eq!(untrusted, [5, 6, 9, 10]);
}

#[test]
fn user_and_group_ids() {
    let text = "\
apiVersion: v1
kind: Pod
spec:
  securityContext:
    runAsNonRoot: true
    runAsUser: 1000
    fsGroup: 0
    supplementalGroups: [10001, 0]
  containers:
    - name: a
    - name: b
      securityContext: {runAsUser: 0, runAsGroup: 0}
    - name: c
      securityContext: {runAsUser: 10001, runAsNonRoot: false}
";
    assert_eq!(lines(text, "run-as-non-root"), [12, 14]);
    assert_eq!(lines(text, "low-user-id"), [6, 12, 12]);
    assert_eq!(lines(text, "root-group"), [7, 8, 12]);
}

#[test]
fn container_only_fields_at_pod_level_do_not_count() {
    let text = "\
apiVersion: v1
kind: Pod
spec:
  securityContext:
    runAsNonRoot: true
    allowPrivilegeEscalation: false
    readOnlyRootFilesystem: true
    privileged: true
  containers:
    - name: app
";
    assert_eq!(lines(text, "allow-privilege-escalation"), [10]);
    assert_eq!(lines(text, "writable-root-filesystem"), [10]);
    assert!(lines(text, "run-as-non-root").is_empty());
    assert!(lines(text, "privileged").is_empty());
}

#[test]
fn explicit_values_are_reported_where_written() {
    let text = "\
apiVersion: v1
kind: Pod
spec:
  hostNetwork: true
  hostPID: yes
  hostIPC: false
  automountServiceAccountToken: true
  serviceAccountName: default
  containers:
    - name: a
      securityContext:
        privileged: true
        allowPrivilegeEscalation: true
        readOnlyRootFilesystem: false
        windowsOptions: {hostProcess: true}
";
    assert_eq!(lines(text, "host-namespace"), [4, 5]);
    assert_eq!(lines(text, "service-account-token-mounted"), [7]);
    assert_eq!(lines(text, "default-service-account"), [8]);
    assert_eq!(lines(text, "privileged"), [12, 15]);
    assert_eq!(lines(text, "allow-privilege-escalation"), [13]);
    assert_eq!(lines(text, "writable-root-filesystem"), [14]);
}

#[test]
fn quoted_booleans_are_strings_to_kubernetes() {
    let text = "\
apiVersion: v1
kind: Pod
spec:
  hostNetwork: \"true\"
  containers:
    - name: a
      securityContext: {privileged: \"true\"}
";
    assert!(lines(text, "host-namespace").is_empty());
    assert!(lines(text, "privileged").is_empty());
}

#[test]
fn capabilities() {
    let text = "\
apiVersion: v1
kind: Pod
spec:
  containers:
    - name: a
      securityContext:
        capabilities:
          drop: [NET_RAW]
          add: [sys_admin, CAP_NET_ADMIN, NET_BIND_SERVICE, NET_RAW, all]
    - name: b
      securityContext: {capabilities: {drop: [all]}}
";
    assert_eq!(lines(text, "capabilities-not-dropped"), [8]);
    assert_eq!(lines(text, "dangerous-capability"), [9, 9, 9]);
    assert_eq!(lines(text, "capability-added"), [9]);
    // The canonical name is shown only when the spelling differs.
    let messages: Vec<String> = findings(text)
        .into_iter()
        .filter(|f| f.rule == "dangerous-capability")
        .map(|f| f.message)
        .collect();
    assert_eq!(
        messages,
        [
            "container `a` adds `sys_admin` (`SYS_ADMIN`), which opens a way out to the node; remove it",
            "container `a` adds `CAP_NET_ADMIN` (`NET_ADMIN`), which opens a way out to the node; remove it",
            "container `a` adds `all` (`ALL`), which opens a way out to the node; remove it",
        ]
    );
    let plain = BARE_POD.replace(
        "    - name: shell\n",
        "    - name: shell\n      securityContext: {capabilities: {add: [SYS_ADMIN]}}\n",
    );
    let said: Vec<String> = findings(&plain)
        .into_iter()
        .filter(|f| f.rule == "dangerous-capability")
        .map(|f| f.message)
        .collect();
    assert_eq!(
        said,
        ["container `shell` adds `SYS_ADMIN`, which opens a way out to the node; remove it"]
    );
}

#[test]
fn host_mounts_and_ports() {
    let text = "\
apiVersion: apps/v1
kind: DaemonSet
spec:
  template:
    spec:
      containers:
        - name: a
          ports:
            - {containerPort: 22}
            - {containerPort: 8080, hostPort: 80}
          volumeMounts:
            - {name: logs, mountPath: /logs, readOnly: true}
            - {name: sock, mountPath: /var/run/docker.sock}
      volumes:
        - {name: logs, hostPath: {path: /var/log}}
        - {name: sock, hostPath: {path: /var/run/docker.sock}}
        - {name: root, hostPath: {path: /}}
        - {name: tmp, emptyDir: {}}
";
    assert_eq!(lines(text, "exposed-ssh-port"), [9]);
    assert_eq!(lines(text, "host-port"), [10]);
    assert_eq!(lines(text, "host-path-mount"), [15, 16, 17]);
    assert_eq!(lines(text, "docker-socket-mount"), [16]);
    let severities: Vec<Severity> = findings(text)
        .iter()
        .filter(|f| f.rule == "host-path-mount")
        .map(|f| f.severity)
        .collect();
    assert_eq!(
        severities,
        [Severity::Warning, Severity::Error, Severity::Error]
    );
}

#[test]
fn resources() {
    let text = "\
apiVersion: v1
kind: Pod
spec:
  containers:
    - name: a
      resources: {requests: {cpu: 100m, memory: 128Mi}}
    - name: b
      resources: {limits: {cpu: 1, memory: 1Gi}}
    - name: c
      resources: {requests: {cpu: 100m}}
    - name: d
      resources: {requests: {cpu: 100m}, limits: {memory: 1Gi}}
  ephemeralContainers:
    - name: debug
";
    assert_eq!(lines(text, "resource-limits-missing"), [5, 9, 11]);
    // A request left out defaults to the limit.
    assert_eq!(lines(text, "resource-requests-missing"), [9]);
    let messages: Vec<String> = findings(text)
        .into_iter()
        .filter(|f| f.rule.starts_with("resource-"))
        .map(|f| f.message)
        .collect();
    assert_eq!(
        messages,
        [
            "container `a` has no CPU or memory limit, so it can starve its neighbours; set `resources.limits`",
            "container `c` has no CPU or memory limit, so it can starve its neighbours; set `resources.limits`",
            "container `c` sets no memory request, so the scheduler cannot place it safely; set `resources.requests`",
            "container `d` has no CPU limit, so it can starve its neighbours; set `resources.limits`",
        ]
    );
}

#[test]
fn seccomp_and_mac_profiles() {
    let text = "\
apiVersion: v1
kind: Pod
metadata:
  annotations:
    container.apparmor.security.beta.kubernetes.io/a: unconfined
spec:
  securityContext:
    seccompProfile: {type: Unconfined}
    seLinuxOptions: {level: \"s0:c1,c2\"}
  containers:
    - name: a
      securityContext:
        appArmorProfile: {type: Unconfined}
        seLinuxOptions: {type: spc_t, user: system_u}
        procMount: Unmasked
    - name: b
      securityContext:
        seccompProfile: {type: Localhost, localhostProfile: x.json}
";
    assert_eq!(lines(text, "seccomp-profile-missing"), [8]);
    let seccomp = findings(text)
        .into_iter()
        .find(|f| f.rule == "seccomp-profile-missing");
    assert_eq!(seccomp.map(|f| f.severity), Some(Severity::Warning));
    assert_eq!(lines(text, "unconfined-mac-profile"), [5, 13, 14, 14, 15]);
}

#[test]
fn sysctls() {
    let text = "\
apiVersion: v1
kind: Pod
spec:
  securityContext:
    sysctls:
      - {name: net.ipv4.ip_local_port_range, value: \"1024 65000\"}
      - {name: kernel.msgmax, value: \"65536\"}
      - name: net/core/somaxconn
        value: \"1024\"
  containers: [{name: a}]
";
    assert_eq!(lines(text, "unsafe-sysctl"), [7, 8]);
}

#[test]
fn rbac() {
    let text = "\
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: r}
rules:
  - apiGroups: [\"\"]
    resources: [secrets]
    verbs: [get]
  - apiGroups: [\"*\"]
    resources: [pods]
    verbs: [create]
  - apiGroups: [\"\"]
    resources: [pods, pods/log]
    verbs: [get, list]
  - nonResourceURLs: [\"/healthz/*\"]
    verbs: [get]
  - apiGroups: [\"\"]
    resources: [pods/ephemeralcontainers]
    verbs: [patch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: b}
subjects:
  - {kind: Group, name: system:authenticated}
  - {kind: Group, name: system:authenticated-readers}
roleRef: {kind: ClusterRole, name: cluster-admin}
";
    assert_eq!(lines(text, "rbac-sensitive-access"), [5, 16]);
    assert_eq!(lines(text, "rbac-wildcard"), [8]);
    assert_eq!(lines(text, "rbac-anonymous-subject"), [24]);
    assert_eq!(lines(text, "cluster-admin-binding"), [26]);
    assert!(lines(text, "default-namespace").is_empty());
}

#[test]
fn network_policies() {
    let text = "\
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: shop}
spec:
  podSelector: {}
  ingress:
    - {}
    - from: [{podSelector: {}}]
    - from:
        - namespaceSelector: {}
        - namespaceSelector: {matchLabels: {team: a}}
  egress: [{ports: [{port: 53}]}]
";
    assert_eq!(lines(text, "network-policy-allow-all"), [7, 10]);

    // Every address, with nothing excepted, is every address.
    let text = "\
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: world, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
    - from: [{ipBlock: {cidr: 0.0.0.0/0}}]
    - from:
        - ipBlock:
            cidr: \"::/0\"
  egress:
    - to:
        - ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}
        - ipBlock: {cidr: 10.20.0.0/16}
";
    assert_eq!(lines(text, "network-policy-allow-all"), [7, 9]);
}

#[test]
fn namespaces() {
    let text = "\
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: a, namespace: default}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w}
";
    assert_eq!(lines(text, "default-namespace"), [7]);
}

#[test]
fn services_and_ingresses() {
    let text = "\
apiVersion: v1
kind: Service
metadata: {name: s, namespace: shop}
spec:
  externalIPs: [203.0.113.10]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: i
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/server-snippet: \"return 200;\"
    nginx.ingress.kubernetes.io/rewrite-target: /
spec:
  tls: [{hosts: [\"*.example.com\"]}]
  rules:
    - host: a.example.com
    - host: example.org
";
    assert_eq!(lines(text, "service-external-ips"), [5]);
    assert_eq!(lines(text, "ingress-snippet-annotation"), [13]);
    assert_eq!(lines(text, "ingress-without-tls"), [19]);
}

#[test]
fn secrets() {
    let text = "\
apiVersion: v1
kind: Pod
metadata: {name: api}
spec:
  containers:
    - name: api
      env:
        - {name: DB_PASSWORD, value: \"Wint3r-is-c0ming\"}
        - {name: DB_PASSWORD_FILE, value: /run/secrets/db}
        - {name: UPSTREAM, value: \"https://u:Kp2wQ9zR@up.internal/\"}
        - {name: TOKEN, valueFrom: {secretKeyRef: {name: a, key: b}}}
---
apiVersion: v1
kind: Secret
metadata: {name: s}
data:
  password: aHVudGVyMg==
stringData: {}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: c}
data: {LOG_LEVEL: info, SMTP_PASSWORD: mailer-pass-2024}
";
    assert_eq!(lines(text, "secret-in-manifest"), [8, 10, 16, 23]);
}

#[test]
fn aliases_and_merge_keys_report_where_used() {
    let text = "\
apiVersion: v1
kind: Pod
spec:
  containers:
    - name: a
      securityContext: &loose
        privileged: true
    - name: b
      securityContext: *loose
    - name: c
      securityContext:
        <<: *loose
        allowPrivilegeEscalation: false
";
    assert_eq!(lines(text, "privileged"), [7, 9, 12]);
    assert_eq!(lines(text, "allow-privilege-escalation"), [5, 8]);
    let through_alias = findings(text)
        .into_iter()
        .find(|f| f.rule == "privileged" && line_of(text, f.range.start) == 9)
        .unwrap();
    assert!(
        through_alias.fix.is_none(),
        "the anchor is shared, so it is not edited"
    );
}

#[test]
fn custom_resources_get_no_pod_rules() {
    let text = "\
apiVersion: actions.example.com/v1
kind: RunnerSet
metadata: {name: ci, namespace: ci}
spec:
  template:
    spec:
      containers:
        - name: runner
          image: runner:latest
          securityContext: {privileged: true}
";
    let found = findings(text);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn list_items_are_objects() {
    let text = "\
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata: {name: a, namespace: default}
    spec:
      hostNetwork: true
      containers: [{name: a}]
";
    assert_eq!(lines(text, "default-namespace"), [6]);
    assert_eq!(lines(text, "host-namespace"), [8]);
}

#[test]
fn annotation_suppressions() {
    let text = "\
apiVersion: v1
kind: Pod
metadata:
  name: a
  annotations:
    bulwark.dev/ignore: \"privileged,host-port\"
spec:
  containers:
    - name: a
      securityContext: {privileged: true}
";
    assert!(lines(text, "privileged").is_empty());
    assert_eq!(lines(text, "unused-suppression"), [6]);
}

#[test]
fn cross_file_facts() {
    let pod = "\
apiVersion: v1
kind: Pod
metadata: {name: p, namespace: reports}
spec:
  serviceAccountName: reporter
  containers: [{name: a}]
";
    let others = "\
apiVersion: v1
kind: ServiceAccount
metadata: {name: reporter, namespace: reports}
automountServiceAccountToken: false
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: d, namespace: reports}
spec: {podSelector: {}}
";
    let mut workspace = Workspace::new();
    let only = |w: &Workspace, rule: &str| {
        run(pod, w, &Config::default())
            .iter()
            .filter(|f| f.rule == rule)
            .count()
    };
    assert_eq!(only(&workspace, "service-account-token-mounted"), 1);
    assert_eq!(only(&workspace, "network-policy-missing"), 1);
    workspace.insert(Document::new(
        Some(PathBuf::from("/case/others.yaml")),
        FileKind::Yaml,
        1,
        others,
    ));
    assert_eq!(only(&workspace, "service-account-token-mounted"), 0);
    assert_eq!(only(&workspace, "network-policy-missing"), 0);
    // The workspace's copy of the checked file itself does not count.
    let mut stale = Workspace::new();
    stale.insert(Document::new(
        Some(PathBuf::from(PATH)),
        FileKind::Yaml,
        1,
        others,
    ));
    assert_eq!(only(&stale, "network-policy-missing"), 1);
}

#[test]
fn network_policy_fix_creates_a_file_that_satisfies_the_rule() {
    let found = findings(BARE_POD);
    let finding = found
        .iter()
        .find(|f| f.rule == "network-policy-missing")
        .unwrap();
    let edit = &finding.fix.as_ref().unwrap().edits[0];
    let crate::finding::EditTarget::File { path, create } = &edit.target else {
        panic!("expected a new file")
    };
    assert!(create);
    assert_eq!(path, &PathBuf::from("/case/default-deny-default.yaml"));
    insta::assert_snapshot!("network-policy-missing.created", edit.new_text);
    let mut workspace = Workspace::new();
    let created = Document::new(Some(path.clone()), FileKind::Yaml, 1, edit.new_text.clone());
    // The pod names no namespace, so the policy is for `default`, which is
    // the one thing left to say about it.
    let about_policy = engine::check(&created, &Workspace::new(), &Config::default());
    assert!(
        about_policy.iter().all(|f| f.rule == "default-namespace"),
        "{about_policy:#?}"
    );
    workspace.insert(created);
    let after = run(BARE_POD, &workspace, &Config::default());
    assert!(after.iter().all(|f| f.rule != "network-policy-missing"));
}

/// Every fixable rule, in block and in flow style: the fixed file is
/// snapshotted and re-checked by [`fixed`].
#[test]
fn fixes_in_block_and_flow_style() {
    let block_values = "\
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: shop}
spec:
  hostNetwork: true
  automountServiceAccountToken: true
  securityContext:
    runAsNonRoot: false
    seccompProfile:
      type: Unconfined
  containers:
    - name: api
      image: registry.example.com/api:1.0  # pinned by tag
      env:
        - name: DB_PASSWORD
          value: \"Wint3r-is-c0ming\"
      securityContext:
        privileged: true
        allowPrivilegeEscalation: true
        capabilities:
          drop:
            - NET_RAW
          add:
            - SYS_ADMIN
            - NET_BIND_SERVICE
";
    let flow_values = "\
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: shop}
spec: {hostPID: true, automountServiceAccountToken: true, securityContext: {runAsNonRoot: false, seccompProfile: {type: Unconfined}}, containers: [{name: api, image: registry.example.com/api:1.0, env: [{name: API_TOKEN, value: \"tok_live_3f9a2b7c\"}], securityContext: {privileged: true, allowPrivilegeEscalation: true, capabilities: {drop: [\"NET_RAW\"], add: [\"SYS_ADMIN\"]}}}]}
";
    let cases: &[(&str, &str, &str)] = &[
        ("block-missing", BARE_POD, "run-as-non-root"),
        ("block-missing", BARE_POD, "allow-privilege-escalation"),
        ("block-missing", BARE_POD, "writable-root-filesystem"),
        ("block-missing", BARE_POD, "capabilities-not-dropped"),
        ("block-missing", BARE_POD, "resource-limits-missing"),
        ("block-missing", BARE_POD, "service-account-token-mounted"),
        ("block-missing", BARE_POD, "seccomp-profile-missing"),
        ("flow-missing", FLOW_POD, "run-as-non-root"),
        ("flow-missing", FLOW_POD, "allow-privilege-escalation"),
        ("flow-missing", FLOW_POD, "writable-root-filesystem"),
        ("flow-missing", FLOW_POD, "capabilities-not-dropped"),
        ("flow-missing", FLOW_POD, "resource-limits-missing"),
        ("flow-missing", FLOW_POD, "service-account-token-mounted"),
        ("flow-missing", FLOW_POD, "seccomp-profile-missing"),
        ("block-values", block_values, "run-as-non-root"),
        ("block-values", block_values, "privileged"),
        ("block-values", block_values, "allow-privilege-escalation"),
        ("block-values", block_values, "capabilities-not-dropped"),
        ("block-values", block_values, "dangerous-capability"),
        ("block-values", block_values, "host-namespace"),
        (
            "block-values",
            block_values,
            "service-account-token-mounted",
        ),
        ("block-values", block_values, "seccomp-profile-missing"),
        ("block-values", block_values, "secret-in-manifest"),
        ("flow-values", flow_values, "run-as-non-root"),
        ("flow-values", flow_values, "privileged"),
        ("flow-values", flow_values, "allow-privilege-escalation"),
        ("flow-values", flow_values, "capabilities-not-dropped"),
        ("flow-values", flow_values, "dangerous-capability"),
        ("flow-values", flow_values, "host-namespace"),
        ("flow-values", flow_values, "service-account-token-mounted"),
        ("flow-values", flow_values, "seccomp-profile-missing"),
        ("flow-values", flow_values, "secret-in-manifest"),
    ];
    // Removing a comment and creating a policy file do not depend on the
    // style of this file.
    crate::rules::test_support::assert_fix_styles_cover_catalog(
        crate::format::Format::Kubernetes,
        cases.iter().map(|(style, _, rule)| (*style, *rule)),
        &["unused-suppression", "network-policy-missing"],
    );
    for (style, text, rule) in cases {
        let out = fixed(text, rule);
        insta::assert_snapshot!(format!("{rule}.{style}"), out);
    }
}

#[test]
fn partial_resources_are_completed() {
    let text = "\
apiVersion: v1
kind: Pod
spec:
  containers:
    - name: a
      resources:
        requests: {cpu: 100m, memory: 128Mi}
    - name: b
      resources:
        limits:
          memory: 256Mi
";
    let once = fixed(text, "resource-limits-missing");
    let twice = fixed(&once, "resource-limits-missing");
    insta::assert_snapshot!("resource-limits-missing.partial", twice);
}

#[test]
fn fixes_follow_crlf_and_indentation() {
    let text = "apiVersion: v1\r\nkind: Pod\r\nspec:\r\n    containers:\r\n    - name: a\r\n      image: x:1\r\n";
    let out = fixed(text, "capabilities-not-dropped");
    assert!(!out.replace("\r\n", "").contains('\n'), "{out:?}");
    insta::assert_snapshot!("capabilities-not-dropped.crlf", out.replace('\r', "\\r"));
}

/// The fenced YAML blocks of a doc page's section, with the section name.
fn doc_blocks(page: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut section = String::new();
    let mut block: Option<String> = None;
    for line in page.lines() {
        if let Some(body) = block.as_mut() {
            if line.starts_with("```") {
                out.push((section.clone(), std::mem::take(body)));
                block = None;
            } else {
                body.push_str(line);
                body.push('\n');
            }
        } else if let Some(heading) = line.strip_prefix("## ") {
            section = heading.trim().to_string();
        } else if line.trim() == "```yaml" {
            block = Some(String::new());
        }
    }
    out
}

/// Every Kubernetes example of every rule page: an "Example" block reports
/// its rule exactly once, a "Use instead" block not at all.
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
        for (section, text) in doc_blocks(page) {
            let doc = doc(&text);
            if doc.analysis().format != Some(crate::format::Format::Kubernetes) {
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
        "only {checked} examples checked"
    );
}

/// The keystroke path on a 100-document manifest: edit, incremental
/// reparse, model rebuild and every rule. The bound is loose because tests
/// run unoptimised on shared machines; an optimised build takes a small
/// fraction of it.
#[test]
fn edit_to_findings_on_a_large_manifest() {
    let mut text = String::new();
    for i in 0..100 {
        text.push_str(&HARDENED.replace("name: web", &format!("name: web-{i}")));
        text.push_str("---\n");
    }
    let mut doc = doc(&text);
    let workspace = Workspace::new();
    let config = Config::default();
    assert!(engine::check(&doc, &workspace, &config).is_empty());

    let at = text.find("runAsUser: 10001").unwrap() + "runAsUser: ".len();
    let mut best = std::time::Duration::MAX;
    for round in 0..10 {
        let digit = if round % 2 == 0 { "2" } else { "1" };
        let started = std::time::Instant::now();
        doc.edit(crate::text::TextRange::new(at, at + 1), digit);
        doc.reparse(round + 2);
        let found = engine::check(&doc, &workspace, &config);
        best = best.min(started.elapsed());
        assert!(found.is_empty(), "{found:#?}");
        let model = doc.analysis().yaml().unwrap();
        assert!(
            model.reused_documents() >= 199,
            "{}",
            model.reused_documents()
        );
    }
    eprintln!("edit to findings, 100 documents: {best:?}");
    assert!(best.as_millis() < 100, "{best:?} per edit");
}

#[test]
fn objects_without_a_name_are_called_unnamed_not_empty_backticks() {
    // A manifest being written has no `metadata.name` yet.
    let text = "apiVersion: v1\nkind: Service\nspec:\n  externalIPs: [1.2.3.4]\n---\n\
                apiVersion: v1\nkind: Secret\ndata:\n  password: aHVudGVyMg==\n";
    let all = findings(text);
    let by = |rule: &str| {
        all.iter()
            .find(|f| f.rule == rule)
            .map(|f| f.message.clone())
            .unwrap_or_default()
    };
    assert!(by("default-namespace").starts_with("unnamed Service names no namespace"));
    assert!(by("service-external-ips").starts_with("unnamed Service sets `externalIPs`"));
    assert!(by("secret-in-manifest").starts_with("unnamed Secret commits"));
    assert!(all.iter().all(|f| !f.message.contains("``")), "{all:?}");
}

/// The findings for `text` read from `path` as the file name classifies it.
fn findings_at(path: &str, text: &str) -> Vec<Finding> {
    let path = PathBuf::from(path);
    let kind = crate::format::classify(&path, false).unwrap_or(FileKind::Yaml);
    let doc = Document::new(Some(path), kind, 1, text);
    engine::check(&doc, &Workspace::new(), &Config::default())
}

#[test]
fn a_plain_manifest_under_templates_is_checked() {
    let found = findings_at("/case/templates/pod.yaml", BARE_POD);
    assert!(
        found.iter().any(|f| f.rule == "run-as-non-root"),
        "{found:?}"
    );
}

#[test]
fn a_helm_template_gets_no_findings_and_no_syntax_errors() {
    let text = "\
apiVersion: v1
kind: Pod
metadata:
  name: {{ include \"x.fullname\" . }}
spec:
  {{- with .Values.podSecurityContext }}
  securityContext: {{- toYaml . | nindent 4 }}
  {{- end }}
  containers:
    - name: shell
      image: busybox:1.36.1
      securityContext:
        privileged: true
";
    assert_eq!(findings_at("/case/templates/pod.yaml", text), Vec::new());
    // The same text elsewhere is YAML (badly formed, and reviewed).
    assert!(!findings_at("/case/pod.yaml", text).is_empty());
}

#[test]
fn typing_template_syntax_into_a_templates_file_stops_review() {
    let path = PathBuf::from("/case/templates/pod.yaml");
    let mut doc = Document::new(Some(path), FileKind::HelmTemplate, 1, BARE_POD);
    assert!(!engine::check(&doc, &Workspace::new(), &Config::default()).is_empty());
    let at = BARE_POD.find("debug").unwrap_or(0);
    doc.edit(
        crate::text::TextRange::new(at, at + 5),
        "{{ .Release.Name }}",
    );
    doc.reparse(2);
    assert!(doc.is_helm_template());
    assert_eq!(
        engine::check(&doc, &Workspace::new(), &Config::default()),
        Vec::new()
    );
}

#[test]
fn a_non_zero_run_as_user_without_run_as_non_root_is_info_and_says_so() {
    let text = "\
apiVersion: v1
kind: Pod
metadata: {name: w, namespace: shop}
spec:
  containers:
    - name: w
      image: registry.example.com/w:1.0
      securityContext:
        runAsUser: 10001
    - name: x
      image: registry.example.com/x:1.0
";
    let found = findings(text);
    let ours: Vec<&Finding> = found
        .iter()
        .filter(|f| f.rule == "run-as-non-root")
        .collect();
    assert_eq!(ours.len(), 2, "{found:?}");
    assert_eq!(ours[0].severity, Severity::Info);
    assert!(
        ours[0].message.contains("runs as user 10001"),
        "{}",
        ours[0].message
    );
    assert!(
        !ours[0].message.contains("may run as root"),
        "{}",
        ours[0].message
    );
    assert_eq!(ours[1].severity, Severity::Warning);
    assert!(
        ours[1].message.contains("may run as root"),
        "{}",
        ours[1].message
    );
}

#[test]
fn sops_encrypted_secrets_and_certificates_are_not_literals() {
    let text = "\
apiVersion: v1
kind: Secret
metadata: {name: db, namespace: shop}
type: Opaque
stringData:
  password: ENC[AES256_GCM,data:Tr7o1f3QmA==,iv:1T2x0a==,tag:Jk9Q0w==,type:str]
sops:
  age:
    - recipient: age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq
  mac: ENC[AES256_GCM,data:b3Jn,iv:aXY=,tag:dGFn,type:str]
  version: 3.8.1
---
apiVersion: v1
kind: Secret
metadata: {name: web-tls, namespace: shop}
type: kubernetes.io/tls
data:
  tls.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUM=
  tls.key: \"\"
";
    assert_eq!(lines(text, "secret-in-manifest"), Vec::<usize>::new());
}

#[test]
fn a_string_data_secret_is_called_plain_text_not_base64() {
    let text = "\
apiVersion: v1
kind: Secret
metadata: {name: db, namespace: shop}
stringData:
  password: hunter2-prod
---
apiVersion: v1
kind: Secret
metadata: {name: tls, namespace: shop}
type: kubernetes.io/tls
data:
  tls.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUM=
  tls.key: LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t
";
    let found = findings(text);
    let ours: Vec<&Finding> = found
        .iter()
        .filter(|f| f.rule == "secret-in-manifest")
        .collect();
    assert_eq!(ours.len(), 2, "{found:?}");
    assert!(
        ours[0].message.contains("plain text in `stringData`"),
        "{}",
        ours[0].message
    );
    assert!(!ours[0].message.contains("base64"), "{}", ours[0].message);
    assert!(ours[1].message.contains("base64"), "{}", ours[1].message);
}

#[test]
fn a_token_audience_is_not_a_secret() {
    let text = "\
apiVersion: v1
kind: Pod
metadata: {name: w, namespace: shop}
spec:
  containers:
    - name: w
      image: registry.example.com/w:1.0
      env:
        - {name: TOKEN_AUDIENCE, value: payments}
        - {name: JWT_ISSUER, value: https://auth.example.com}
        - {name: API_TOKEN, value: payments}
";
    assert_eq!(lines(text, "secret-in-manifest"), vec![11]);
}

#[test]
fn kustomize_patches_and_image_less_containers_are_fragments() {
    let patch = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: w
spec:
  replicas: 5
  template:
    spec:
      containers:
        - name: w
          resources:
            limits: {memory: 128Mi, cpu: 200m}
";
    let doc_at = |path: &str| Document::new(Some(PathBuf::from(path)), FileKind::Yaml, 1, patch);
    let kustomization = |listing: &str| {
        Document::new(
            Some(PathBuf::from("/case/overlay/kustomization.yaml")),
            FileKind::Yaml,
            1,
            listing,
        )
    };
    let container_rules = ["run-as-non-root", "capabilities-not-dropped"];
    let pod_rules = ["seccomp-profile-missing", "default-service-account"];
    let rules_of = |found: &[Finding]| -> Vec<&'static str> {
        let mut r: Vec<&'static str> = found.iter().map(|f| f.rule).collect();
        r.dedup();
        r
    };

    // Listed as a patch (either spelling, relative paths resolved): no
    // missing-key findings at all.
    for listing in [
        "patches:\n  - path: ./patch.yaml\n",
        "patchesStrategicMerge:\n  - patch.yaml\n",
    ] {
        let mut ws = Workspace::new();
        ws.insert(kustomization(listing));
        let doc = doc_at("/case/overlay/patch.yaml");
        ws.insert(doc.clone());
        let found = engine::check(&doc, &ws, &Config::default());
        for rule in container_rules.iter().chain(&pod_rules) {
            assert!(!rules_of(&found).contains(rule), "{rule}: {found:?}");
        }
    }

    // Not listed, or listed by a kustomization elsewhere: judged whole.
    for (kustomization_at, listing) in [
        (
            "/case/overlay/kustomization.yaml",
            "patches:\n  - path: other.yaml\n",
        ),
        (
            "/elsewhere/kustomization.yaml",
            "patches:\n  - path: patch.yaml\n",
        ),
    ] {
        let mut ws = Workspace::new();
        ws.insert(Document::new(
            Some(PathBuf::from(kustomization_at)),
            FileKind::Yaml,
            1,
            listing,
        ));
        let doc = doc_at("/case/overlay/patch.yaml");
        let found = engine::check(&doc, &ws, &Config::default());
        for rule in container_rules.iter().chain(&pod_rules) {
            assert!(rules_of(&found).contains(rule), "{rule}: {found:?}");
        }
    }
}
