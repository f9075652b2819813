//! Tests of the Helm values view: images, switched-off components.

use super::*;
use crate::format::Syntax;
use crate::yaml::Model;

fn model(text: &str) -> Model {
    let tree = crate::syntax::parse(Syntax::Yaml, text, None).expect("yaml parses");
    Model::build(text, &tree)
}

#[test]
fn images_in_both_forms_at_any_depth() {
    let text = "\
image: {repository: a/b, tag: \"1\"}
worker: {image: \"r.io/w:2\", imagePullPolicy: Always}
metrics:
  exporter:
    initImage: {registry: docker.io, repository: prom/x, tag: latest, digest: \"\"}
off:
  enabled: false
  image: {repository: c/d}
";
    let m = model(text);
    let values = Values::of(&m).unwrap();
    let images = values.images();
    assert_eq!(images.len(), 3);
    match images[2] {
        Image::Fields {
            registry, digest, ..
        } => {
            assert_eq!(registry.and_then(|r| r.as_str()), Some("docker.io"));
            assert!(digest.is_none(), "an empty digest is none");
        }
        Image::Reference { .. } => panic!("a mapping"),
    }
}

#[test]
fn switched_off_components_and_contexts() {
    let text = "\
a:
  enabled: false
  securityContext: {runAsUser: 0}
podSecurityContext:
  enabled: false
  fsGroup: 0
b: {securityContext: {privileged: true}}
";
    let m = model(text);
    let pairs = Values::of(&m).unwrap().pairs();
    let find = |key: &str| pairs.iter().find(|p| p.key == key).unwrap();
    assert!(find("runAsUser").switched_off);
    assert!(find("fsGroup").switched_off);
    assert!(!find("privileged").switched_off);
    let enabled: Vec<_> = pairs.iter().filter(|p| p.key == "enabled").collect();
    assert!(
        enabled
            .iter()
            .all(|p| p.switched_off && !p.outer_switched_off)
    );
    assert_eq!(find("privileged").parent_key, Some("securityContext"));
}
