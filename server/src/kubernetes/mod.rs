//! The Kubernetes view of a YAML model: objects, pod specs and containers.
//!
//! Every document whose root has `apiVersion` and `kind` is an object; the
//! items of a `kind: List` are objects too. Kinds are recognised only with
//! the API group they belong to, so a custom resource that borrows a
//! built-in name (or embeds a pod template) is a [`Kind::Other`] and gets no
//! pod rules.
//!
//! Pod specs are found where each workload kind keeps them (a CronJob's is
//! under `spec.jobTemplate.spec.template.spec`). Each [`Container`] knows its
//! pod, so rules ask for the *effective* security setting: the container's
//! own, else the pod's, for the fields the pod level can set.

pub mod facts;

use crate::suppression::{Scope, SuppressedRule, Suppression};
use crate::text::TextRange;
use crate::yaml::{Model, Node};

/// The annotation that suppresses rules for one object.
pub const IGNORE_ANNOTATION: &str = "bulwark.dev/ignore";

/// The kinds rules know, recognised with their API group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Pod,
    Deployment,
    StatefulSet,
    DaemonSet,
    ReplicaSet,
    ReplicationController,
    Job,
    CronJob,
    PodTemplate,
    List,
    Role,
    ClusterRole,
    RoleBinding,
    ClusterRoleBinding,
    NetworkPolicy,
    Secret,
    ConfigMap,
    ServiceAccount,
    Service,
    Ingress,
    /// Another built-in kind that lives in a namespace.
    OtherNamespaced,
    /// A built-in kind without a namespace (Namespace, Node, CRDs, ...).
    ClusterScoped,
    /// A custom resource or an unknown kind.
    Other,
}

/// Built-in kinds: name, the API groups that serve it (`""` is the core
/// group), and the kind.
const KINDS: &[(&str, &[&str], Kind)] = &[
    ("Pod", &[""], Kind::Pod),
    ("Deployment", &["apps", "extensions"], Kind::Deployment),
    ("StatefulSet", &["apps"], Kind::StatefulSet),
    ("DaemonSet", &["apps", "extensions"], Kind::DaemonSet),
    ("ReplicaSet", &["apps", "extensions"], Kind::ReplicaSet),
    ("ReplicationController", &[""], Kind::ReplicationController),
    ("Job", &["batch"], Kind::Job),
    ("CronJob", &["batch"], Kind::CronJob),
    ("PodTemplate", &[""], Kind::PodTemplate),
    ("List", &[""], Kind::List),
    ("Role", &["rbac.authorization.k8s.io"], Kind::Role),
    (
        "ClusterRole",
        &["rbac.authorization.k8s.io"],
        Kind::ClusterRole,
    ),
    (
        "RoleBinding",
        &["rbac.authorization.k8s.io"],
        Kind::RoleBinding,
    ),
    (
        "ClusterRoleBinding",
        &["rbac.authorization.k8s.io"],
        Kind::ClusterRoleBinding,
    ),
    (
        "NetworkPolicy",
        &["networking.k8s.io", "extensions"],
        Kind::NetworkPolicy,
    ),
    ("Secret", &[""], Kind::Secret),
    ("ConfigMap", &[""], Kind::ConfigMap),
    ("ServiceAccount", &[""], Kind::ServiceAccount),
    ("Service", &[""], Kind::Service),
    (
        "Ingress",
        &["networking.k8s.io", "extensions"],
        Kind::Ingress,
    ),
    ("PersistentVolumeClaim", &[""], Kind::OtherNamespaced),
    ("Endpoints", &[""], Kind::OtherNamespaced),
    ("LimitRange", &[""], Kind::OtherNamespaced),
    ("ResourceQuota", &[""], Kind::OtherNamespaced),
    (
        "EndpointSlice",
        &["discovery.k8s.io"],
        Kind::OtherNamespaced,
    ),
    (
        "HorizontalPodAutoscaler",
        &["autoscaling"],
        Kind::OtherNamespaced,
    ),
    ("PodDisruptionBudget", &["policy"], Kind::OtherNamespaced),
    ("Lease", &["coordination.k8s.io"], Kind::OtherNamespaced),
    ("Namespace", &[""], Kind::ClusterScoped),
    ("Node", &[""], Kind::ClusterScoped),
    ("PersistentVolume", &[""], Kind::ClusterScoped),
    (
        "CustomResourceDefinition",
        &["apiextensions.k8s.io"],
        Kind::ClusterScoped,
    ),
    ("StorageClass", &["storage.k8s.io"], Kind::ClusterScoped),
    ("CSIDriver", &["storage.k8s.io"], Kind::ClusterScoped),
    ("PriorityClass", &["scheduling.k8s.io"], Kind::ClusterScoped),
    ("RuntimeClass", &["node.k8s.io"], Kind::ClusterScoped),
    ("IngressClass", &["networking.k8s.io"], Kind::ClusterScoped),
    (
        "APIService",
        &["apiregistration.k8s.io"],
        Kind::ClusterScoped,
    ),
    (
        "PodSecurityPolicy",
        &["policy", "extensions"],
        Kind::ClusterScoped,
    ),
    (
        "MutatingWebhookConfiguration",
        &["admissionregistration.k8s.io"],
        Kind::ClusterScoped,
    ),
    (
        "ValidatingWebhookConfiguration",
        &["admissionregistration.k8s.io"],
        Kind::ClusterScoped,
    ),
    (
        "CertificateSigningRequest",
        &["certificates.k8s.io"],
        Kind::ClusterScoped,
    ),
];

impl Kind {
    fn classify(api_version: &str, kind: &str) -> Self {
        let group = api_version.rsplit_once('/').map_or("", |(g, _)| g);
        KINDS
            .iter()
            .find(|(name, groups, _)| *name == kind && groups.contains(&group))
            .map_or(Kind::Other, |(_, _, k)| *k)
    }

    /// True for the kinds that run pods (a PodTemplate only describes one).
    pub fn is_workload(self) -> bool {
        matches!(
            self,
            Kind::Pod
                | Kind::Deployment
                | Kind::StatefulSet
                | Kind::DaemonSet
                | Kind::ReplicaSet
                | Kind::ReplicationController
                | Kind::Job
                | Kind::CronJob
        )
    }

    /// True for built-in kinds that live in a namespace.
    pub fn is_namespaced(self) -> bool {
        !matches!(
            self,
            Kind::List
                | Kind::ClusterRole
                | Kind::ClusterRoleBinding
                | Kind::ClusterScoped
                | Kind::Other
        )
    }

    /// Where the pod spec sits below the object's root.
    fn pod_spec_path(self) -> Option<&'static [&'static str]> {
        match self {
            Kind::Pod => Some(&["spec"]),
            Kind::Deployment
            | Kind::StatefulSet
            | Kind::DaemonSet
            | Kind::ReplicaSet
            | Kind::ReplicationController
            | Kind::Job => Some(&["spec", "template", "spec"]),
            Kind::CronJob => Some(&["spec", "jobTemplate", "spec", "template", "spec"]),
            Kind::PodTemplate => Some(&["template", "spec"]),
            _ => None,
        }
    }
}

/// One Kubernetes object: a document's root or an item of a `List`.
#[derive(Debug, Clone, Copy)]
pub struct Object<'a> {
    /// The object's mapping.
    pub node: Node<'a>,
    pub kind: Kind,
    /// The `kind:` value as written.
    pub kind_name: &'a str,
    pub api_version: &'a str,
    /// The `kind:` value node.
    pub kind_node: Node<'a>,
}

impl<'a> Object<'a> {
    fn from_node(node: Node<'a>) -> Option<Self> {
        let api_version = node.get("apiVersion")?.as_str()?;
        let kind_node = node.get("kind")?;
        let kind_name = kind_node.as_str()?;
        Some(Self {
            node,
            kind: Kind::classify(api_version, kind_name),
            kind_name,
            api_version,
            kind_node,
        })
    }

    pub fn metadata(&self) -> Option<Node<'a>> {
        self.node.get("metadata").and_then(Node::as_mapping)
    }

    pub fn name(&self) -> Option<&'a str> {
        self.metadata()?.get("name")?.as_str()
    }

    /// The `namespace:` value, when written.
    pub fn namespace_node(&self) -> Option<Node<'a>> {
        self.metadata()?.get("namespace").filter(|n| !n.is_null())
    }

    /// The namespace the object lands in: as written, else `default`.
    pub fn namespace(&self) -> &'a str {
        self.namespace_node()
            .and_then(|n| n.as_str())
            .filter(|s| !s.is_empty())
            .unwrap_or("default")
    }

    /// The `kind: X` pair, where findings about the whole object start.
    pub fn kind_range(&self) -> TextRange {
        self.kind_node.pair_range()
    }

    /// Where a finding about the object's namespace starts: the
    /// `namespace:` pair when written, else the `kind:` line.
    pub fn namespace_range(&self) -> TextRange {
        self.namespace_node()
            .map_or_else(|| self.kind_range(), |n| n.pair_range())
    }

    /// The annotations mapping.
    pub fn annotations(&self) -> Option<Node<'a>> {
        self.metadata()?
            .get("annotations")
            .and_then(Node::as_mapping)
    }

    /// The object's pod spec, for kinds that have one.
    pub fn pod_spec(&self) -> Option<PodSpec<'a>> {
        let path = self.kind.pod_spec_path()?;
        let node = self.node.get_path(path)?.as_mapping()?;
        Some(PodSpec {
            object: *self,
            node,
        })
    }
}

/// Every object of the stream, `List` items included (the `List` itself is
/// listed too, so that object-level rules can skip it by kind).
pub fn objects(model: &Model) -> Vec<Object<'_>> {
    let mut out = Vec::new();
    for doc in model.documents() {
        let Some(root) = doc.root() else { continue };
        let Some(object) = Object::from_node(root) else {
            continue;
        };
        out.push(object);
        if object.kind == Kind::List {
            for item in object.node.get("items").iter().flat_map(|n| n.items()) {
                if let Some(inner) = Object::from_node(item) {
                    // Nested lists are not a thing the API accepts.
                    if inner.kind != Kind::List {
                        out.push(inner);
                    }
                }
            }
        }
    }
    out
}

/// Every pod spec of the stream.
pub fn pod_specs(model: &Model) -> Vec<PodSpec<'_>> {
    objects(model).iter().filter_map(Object::pod_spec).collect()
}

/// Every container of every pod spec of the stream.
pub fn containers(model: &Model) -> Vec<Container<'_>> {
    pod_specs(model)
        .iter()
        .flat_map(PodSpec::containers)
        .collect()
}

/// The objects, pod specs and containers of a stream, read once for all the
/// rules of a check (each rule walking the stream again for them was a
/// large share of a check).
#[derive(Debug, Default)]
pub struct Views<'a> {
    /// As [`objects`] returns them.
    pub objects: Vec<Object<'a>>,
    /// As [`pod_specs`] returns them.
    pub pod_specs: Vec<PodSpec<'a>>,
    /// As [`containers`] returns them.
    pub containers: Vec<Container<'a>>,
}

impl<'a> Views<'a> {
    pub fn of(model: &'a Model) -> Self {
        let objects = objects(model);
        let pod_specs: Vec<PodSpec<'a>> = objects.iter().filter_map(Object::pod_spec).collect();
        let containers = pod_specs.iter().flat_map(PodSpec::containers).collect();
        Self {
            objects,
            pod_specs,
            containers,
        }
    }
}

/// A pod spec and the object it belongs to.
#[derive(Debug, Clone, Copy)]
pub struct PodSpec<'a> {
    pub object: Object<'a>,
    /// The pod spec mapping.
    pub node: Node<'a>,
}

/// Which list of the pod spec a container comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContainerRole {
    Container,
    Init,
    Ephemeral,
}

impl ContainerRole {
    pub fn key(self) -> &'static str {
        match self {
            ContainerRole::Container => "containers",
            ContainerRole::Init => "initContainers",
            ContainerRole::Ephemeral => "ephemeralContainers",
        }
    }
}

impl<'a> PodSpec<'a> {
    pub fn get(&self, key: &str) -> Option<Node<'a>> {
        self.node.get(key)
    }

    /// The pod spec's own `spec:` key, where findings about keys missing
    /// from it start.
    pub fn anchor(&self) -> TextRange {
        self.node
            .key_range()
            .unwrap_or_else(|| first_line(self.node.model().text(), self.node.range()))
    }

    /// The pod-level `securityContext` mapping.
    pub fn security_context(&self) -> Option<Node<'a>> {
        self.node.get("securityContext").and_then(Node::as_mapping)
    }

    /// A field of the pod-level security context.
    pub fn security(&self, field: &str) -> Option<Node<'a>> {
        self.security_context()?.get(field).filter(|n| !n.is_null())
    }

    /// Containers, init containers and ephemeral containers, in that order.
    pub fn containers(&self) -> Vec<Container<'a>> {
        let mut out = Vec::new();
        for role in [
            ContainerRole::Container,
            ContainerRole::Init,
            ContainerRole::Ephemeral,
        ] {
            let Some(list) = self.node.get(role.key()) else {
                continue;
            };
            for node in list.items() {
                if node.as_mapping().is_some() {
                    out.push(Container {
                        node,
                        role,
                        pod: *self,
                    });
                }
            }
        }
        out
    }

    /// The `volumes` items, as mappings.
    pub fn volumes(&self) -> impl Iterator<Item = Node<'a>> + 'a {
        self.node
            .get("volumes")
            .into_iter()
            .flat_map(|v| v.items())
            .filter(|v| v.as_mapping().is_some())
    }
}

/// Where a security field is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Container,
    Pod,
}

/// Security context fields that exist only on containers: written in the
/// pod's `securityContext` they are unknown fields and do nothing.
pub const CONTAINER_ONLY_FIELDS: &[&str] = &[
    "allowPrivilegeEscalation",
    "readOnlyRootFilesystem",
    "privileged",
    "capabilities",
    "procMount",
];

/// A container and the pod it runs in.
#[derive(Debug, Clone, Copy)]
pub struct Container<'a> {
    /// The container mapping.
    pub node: Node<'a>,
    pub role: ContainerRole,
    pub pod: PodSpec<'a>,
}

impl<'a> Container<'a> {
    pub fn get(&self, key: &str) -> Option<Node<'a>> {
        self.node.get(key)
    }

    pub fn name(&self) -> Option<&'a str> {
        self.node.get("name")?.as_str()
    }

    /// The container's first line (from its first key to the end of that
    /// line), where findings about keys missing from it start.
    pub fn anchor(&self) -> TextRange {
        first_line(self.node.model().text(), self.node.range())
    }

    /// The `image:` value.
    pub fn image(&self) -> Option<Node<'a>> {
        self.node.get("image").filter(|n| !n.is_null())
    }

    /// The container's own `securityContext` mapping.
    pub fn security_context(&self) -> Option<Node<'a>> {
        self.node.get("securityContext").and_then(Node::as_mapping)
    }

    /// A field of the container's own security context.
    pub fn own_security(&self, field: &str) -> Option<Node<'a>> {
        self.security_context()?.get(field).filter(|n| !n.is_null())
    }

    /// The effective value of a security field: the container's, else the
    /// pod's unless the field exists only on containers.
    pub fn security(&self, field: &str) -> Option<(Node<'a>, Level)> {
        if let Some(node) = self.own_security(field) {
            return Some((node, Level::Container));
        }
        if CONTAINER_ONLY_FIELDS.contains(&field) {
            return None;
        }
        self.pod.security(field).map(|n| (n, Level::Pod))
    }

    /// The `ports` items, as mappings.
    pub fn ports(&self) -> impl Iterator<Item = Node<'a>> + 'a {
        self.node
            .get("ports")
            .into_iter()
            .flat_map(|v| v.items())
            .filter(|v| v.as_mapping().is_some())
    }
}

/// The first line of `range`: from its start to the end of that line.
pub fn first_line(text: &str, range: TextRange) -> TextRange {
    let rest = text.get(range.start..range.end).unwrap_or("");
    let len = rest.find(['\n', '\r']).unwrap_or(rest.len());
    TextRange::new(range.start, range.start + len)
}

/// Normalises a capability name: upper case, without a `CAP_` prefix.
pub fn capability_name(name: &str) -> String {
    let upper = name.trim().to_ascii_uppercase();
    match upper.strip_prefix("CAP_") {
        Some(rest) => rest.to_string(),
        None => upper,
    }
}

/// The suppressions that objects declare with the `bulwark.dev/ignore`
/// annotation; each covers its whole object.
pub fn annotation_suppressions(model: &Model) -> Vec<Suppression> {
    let text = model.text();
    let mut out = Vec::new();
    for object in objects(model) {
        let Some(value) = object.annotations().and_then(|a| a.get(IGNORE_ANNOTATION)) else {
            continue;
        };
        let Some(list) = value.as_str() else { continue };
        // Names are located in the written value so that an unused one can
        // be removed; the value is searched from its start, past the quote.
        let source = value.source_range();
        let written = text.get(source.start..source.end).unwrap_or("");
        let mut search_from = 0;
        let mut rules = Vec::new();
        for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let range = match written.get(search_from..).and_then(|w| w.find(name)) {
                Some(i) => {
                    let start = source.start + search_from + i;
                    search_from += i + name.len();
                    TextRange::new(start, start + name.len())
                }
                None => value.range(),
            };
            rules.push(SuppressedRule {
                silences: vec![name.to_string()],
                written: name.to_string(),
                range,
            });
        }
        if rules.is_empty() {
            continue;
        }
        out.push(Suppression {
            range: value.pair_range(),
            rules,
            scope: Scope::Range(object.node.source_range()),
            origin: "annotation",
        });
    }
    out
}

#[cfg(test)]
mod tests;
