//! Tests of the Kubernetes view: kinds, pod spec locations, containers and
//! effective security settings.

use super::*;
use crate::format::Syntax;

fn model(text: &str) -> Model {
    let tree = crate::syntax::parse(Syntax::Yaml, text, None).unwrap();
    Model::build(text, &tree)
}

#[test]
fn kinds_need_their_api_group() {
    assert_eq!(Kind::classify("apps/v1", "Deployment"), Kind::Deployment);
    assert_eq!(Kind::classify("v1", "Pod"), Kind::Pod);
    assert_eq!(Kind::classify("example.com/v1", "Pod"), Kind::Other);
    assert_eq!(Kind::classify("batch/v1", "CronJob"), Kind::CronJob);
    assert_eq!(Kind::classify("v1", "Namespace"), Kind::ClusterScoped);
    assert!(!Kind::ClusterRole.is_namespaced());
    assert!(Kind::ConfigMap.is_namespaced());
}

#[test]
fn pod_specs_wherever_they_live() {
    let text = "\
apiVersion: batch/v1
kind: CronJob
metadata: {name: c, namespace: n}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers: [{name: a, image: x}]
---
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata: {name: p}
    spec:
      initContainers:
        - name: i
      containers:
        - name: m
      ephemeralContainers:
        - name: e
---
apiVersion: example.com/v1
kind: Runner
spec:
  template:
    spec:
      containers: [{name: z}]
";
    let m = model(text);
    let specs = pod_specs(&m);
    assert_eq!(specs.len(), 2);
    let anchor = specs[0].anchor();
    assert_eq!(&text[anchor.start..anchor.end], "spec");
    assert_eq!(text[..anchor.start].lines().count(), 8);
    let names: Vec<_> = containers(&m).iter().filter_map(|c| c.name()).collect();
    assert_eq!(names, ["a", "m", "i", "e"]);
    assert_eq!(specs[0].object.namespace(), "n");
    assert_eq!(specs[1].object.namespace(), "default");
}

#[test]
fn effective_security_context() {
    let text = "\
apiVersion: v1
kind: Pod
spec:
  securityContext:
    runAsNonRoot: true
    readOnlyRootFilesystem: true
  containers:
    - name: a
    - name: b
      securityContext: {runAsNonRoot: false}
";
    let m = model(text);
    let cs = containers(&m);
    let (a, b) = (cs[0], cs[1]);
    assert_eq!(
        a.security("runAsNonRoot")
            .map(|(n, l)| (n.as_bool_k8s(), l)),
        Some((Some(true), Level::Pod))
    );
    assert_eq!(
        b.security("runAsNonRoot")
            .map(|(n, l)| (n.as_bool_k8s(), l)),
        Some((Some(false), Level::Container))
    );
    assert!(a.security("readOnlyRootFilesystem").is_none());
    let anchor = a.anchor();
    assert_eq!(&text[anchor.start..anchor.end], "name: a");
}

#[test]
fn capability_names_normalise() {
    assert_eq!(capability_name("cap_sys_admin"), "SYS_ADMIN");
    assert_eq!(capability_name(" NET_RAW "), "NET_RAW");
}

#[test]
fn annotation_suppressions_locate_each_name() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    bulwark.dev/ignore: \"privileged, host-port\"\nspec: {}\n";
    let m = model(text);
    let s = annotation_suppressions(&m);
    assert_eq!(s.len(), 1);
    let names: Vec<_> = s[0]
        .rules
        .iter()
        .map(|r| &text[r.range.start..r.range.end])
        .collect();
    assert_eq!(names, ["privileged", "host-port"]);
    assert_eq!(s[0].origin, "annotation");
}

#[test]
fn workspace_facts_follow_file_changes() {
    use crate::document::Document;
    use crate::format::FileKind;
    use crate::workspace::Workspace;
    use std::path::{Path, PathBuf};

    let policy = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: d, namespace: shop}\nspec: {podSelector: {}}\n";
    let account = "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: a, namespace: shop}\nautomountServiceAccountToken: false\n";
    let path = PathBuf::from("/w/p.yaml");
    let mut workspace = Workspace::new();
    workspace.insert(Document::new(Some(path.clone()), FileKind::Yaml, 1, policy));
    let snapshot = workspace.clone();
    assert!(
        workspace
            .kubernetes_facts()
            .has_network_policy("shop", None)
    );
    assert!(
        !workspace
            .kubernetes_facts()
            .has_network_policy("shop", Some(&path))
    );

    // Replacing the file replaces its facts; the snapshot keeps the old ones.
    workspace.insert(Document::new(
        Some(path.clone()),
        FileKind::Yaml,
        2,
        account,
    ));
    let facts = workspace.kubernetes_facts();
    assert!(!facts.has_network_policy("shop", None));
    assert_eq!(
        facts.service_account_automount("shop", "a", None),
        Some(false)
    );
    assert_eq!(
        facts.service_account_automount("shop", "a", Some(&path)),
        None
    );
    assert!(snapshot.kubernetes_facts().has_network_policy("shop", None));

    workspace.remove(Path::new("/w/p.yaml"));
    assert_eq!(
        workspace
            .kubernetes_facts()
            .service_account_automount("shop", "a", None),
        None
    );
}
