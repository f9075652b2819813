//! Tests of the edit planner: each edit is applied, re-parsed and read back.

use super::*;
use crate::format::Syntax;

fn model(text: &str) -> Model {
    let tree = crate::syntax::parse(Syntax::Yaml, text, None).expect("yaml parses");
    Model::build(text, &tree)
}

fn root(m: &Model) -> Node<'_> {
    m.documents().next().and_then(|d| d.root()).expect("a root")
}

/// Applies `edit` to `text` and checks that the result still parses.
#[track_caller]
fn apply(text: &str, edit: Option<Edit>) -> String {
    let edit = edit.expect("an edit is planned");
    let mut out = text.to_string();
    out.replace_range(edit.range.start..edit.range.end, &edit.new_text);
    let m = model(&out);
    assert!(
        m.syntax_problems().is_empty(),
        "edit broke the document:\n{out}\n{:?}",
        m.syntax_problems()
    );
    out
}

#[test]
fn insert_into_block_mapping_at_its_indentation() {
    let text =
        "services:\n  web:\n    image: nginx\n    ports:\n      - 80\n  db:\n    image: pg\n";
    let m = model(text);
    let web = root(&m).get_path(&["services", "web"]).unwrap();
    let p = Planner::new(&m);
    let out = apply(text, p.insert(web, "read_only", &Value::raw("true")));
    assert_eq!(
        out,
        "services:\n  web:\n    image: nginx\n    ports:\n      - 80\n    read_only: true\n  db:\n    image: pg\n"
    );
    // An existing key is not written twice.
    assert!(p.insert(web, "image", &Value::raw("x")).is_none());
}

#[test]
fn insert_into_flow_mapping() {
    let text = "a: {x: 1}\nb: {}\n";
    let m = model(text);
    let p = Planner::new(&m);
    let a = root(&m).get("a").unwrap();
    assert_eq!(
        apply(text, p.insert(a, "y", &Value::seq([Value::raw("ALL")]))),
        "a: {x: 1, y: [ALL]}\nb: {}\n"
    );
    let b = root(&m).get("b").unwrap();
    assert_eq!(
        apply(text, p.insert(b, "y", &Value::raw("2"))),
        "a: {x: 1}\nb: {y: 2}\n"
    );
}

#[test]
fn new_lists_follow_the_document() {
    let block = "s:\n  a:\n    - x\n  b: 1\n";
    let m = model(block);
    let p = Planner::new(&m);
    assert!(!p.layout().flow_sequences);
    let s = root(&m).get("s").unwrap();
    assert_eq!(
        apply(block, p.insert(s, "c", &Value::seq([Value::raw("ALL")]))),
        "s:\n  a:\n    - x\n  b: 1\n  c:\n    - ALL\n"
    );

    let compact = "s:\n  a:\n  - x\n  b: 1\n";
    let m = model(compact);
    let p = Planner::new(&m);
    let s = root(&m).get("s").unwrap();
    assert_eq!(
        apply(compact, p.insert(s, "c", &Value::seq([Value::raw("ALL")]))),
        "s:\n  a:\n  - x\n  b: 1\n  c:\n  - ALL\n"
    );

    let flow = "s:\n    a: [x]\n    b: 1\n";
    let m = model(flow);
    let p = Planner::new(&m);
    let s = root(&m).get("s").unwrap();
    assert_eq!(
        apply(flow, p.insert(s, "c", &Value::seq([Value::raw("ALL")]))),
        "s:\n    a: [x]\n    b: 1\n    c: [ALL]\n"
    );
}

#[test]
fn insert_path_creates_and_extends_mappings() {
    let text = "svc:\n    image: x\n    deploy:\n        resources:\n            reservations:\n                memory: 1M\n";
    let m = model(text);
    let p = Planner::new(&m);
    let svc = root(&m).get("svc").unwrap();
    let limits = Value::map([
        ("cpus", Value::raw("'0.5'")),
        ("memory", Value::raw("256M")),
    ]);
    let out = apply(
        text,
        p.insert_path(svc, &["deploy", "resources", "limits"], limits.clone()),
    );
    assert!(
        out.ends_with("            reservations:\n                memory: 1M\n            limits:\n                cpus: '0.5'\n                memory: 256M\n"),
        "{out}"
    );

    let text = "svc:\n  image: x\n";
    let m = model(text);
    let p = Planner::new(&m);
    let svc = root(&m).get("svc").unwrap();
    let out = apply(
        text,
        p.insert_path(svc, &["deploy", "resources", "limits"], limits.clone()),
    );
    assert_eq!(
        out,
        "svc:\n  image: x\n  deploy:\n    resources:\n      limits:\n        cpus: '0.5'\n        memory: 256M\n"
    );
    let m2 = model(&out);
    let cpus = root(&m2).get_path(&["svc", "deploy", "resources", "limits", "cpus"]);
    assert_eq!(cpus.and_then(|c| c.as_str()), Some("0.5"));

    // An empty value is filled in place.
    let text = "svc:\n  deploy:\n  image: x\n";
    let m = model(text);
    let p = Planner::new(&m);
    let svc = root(&m).get("svc").unwrap();
    let out = apply(
        text,
        p.insert_path(svc, &["deploy", "resources", "limits"], limits),
    );
    assert_eq!(
        out,
        "svc:\n  deploy:\n    resources:\n      limits:\n        cpus: '0.5'\n        memory: 256M\n  image: x\n"
    );
}

#[test]
fn nothing_is_planned_through_an_alias() {
    let text = "x: &x\n  deploy: {cpus: 1}\nsvc:\n  <<: *x\n  image: y\nother: *x\n";
    let m = model(text);
    let p = Planner::new(&m);
    let svc = root(&m).get("svc").unwrap();
    assert!(
        p.insert_path(svc, &["deploy", "memory"], Value::raw("1M"))
            .is_none()
    );
    let other = root(&m).get("other").unwrap();
    assert!(p.insert(other, "a", &Value::raw("1")).is_none());
    // The mapping that merges may override a merged key.
    assert!(p.insert(svc, "deploy", &Value::raw("{}")).is_some());
}

#[test]
fn append_items() {
    let text = "a:\n  - x\n  - y\nb: [x]\nc: []\n";
    let m = model(text);
    let p = Planner::new(&m);
    let r = root(&m);
    let v = Value::raw("no-new-privileges:true");
    assert_eq!(
        apply(text, p.append(r.get("a").unwrap(), &v)),
        "a:\n  - x\n  - y\n  - no-new-privileges:true\nb: [x]\nc: []\n"
    );
    assert_eq!(
        apply(text, p.append(r.get("b").unwrap(), &v)),
        "a:\n  - x\n  - y\nb: [x, no-new-privileges:true]\nc: []\n"
    );
    assert_eq!(
        apply(text, p.append(r.get("c").unwrap(), &v)),
        "a:\n  - x\n  - y\nb: [x]\nc: [no-new-privileges:true]\n"
    );
}

#[test]
fn remove_pairs() {
    let text = "s:\n  a: 1\n  b: 2\n  c: {x: 1, y: 2}\n";
    let m = model(text);
    let p = Planner::new(&m);
    let s = root(&m).get("s").unwrap();
    assert_eq!(
        apply(text, p.remove_pair(s.get("b").unwrap())),
        "s:\n  a: 1\n  c: {x: 1, y: 2}\n"
    );
    let c = s.get("c").unwrap();
    assert_eq!(
        apply(text, p.remove_pair(c.get("x").unwrap())),
        "s:\n  a: 1\n  b: 2\n  c: {y: 2}\n"
    );
    assert_eq!(
        apply(text, p.remove_pair(c.get("y").unwrap())),
        "s:\n  a: 1\n  b: 2\n  c: {x: 1}\n"
    );

    let text = "l:\n  - a: 1\n    b: 2\n  - only: 1\n";
    let m = model(text);
    let p = Planner::new(&m);
    let items: Vec<_> = root(&m).get("l").unwrap().items().collect();
    assert_eq!(
        apply(text, p.remove_pair(items[0].get("a").unwrap())),
        "l:\n  - b: 2\n  - only: 1\n"
    );
    assert_eq!(
        apply(text, p.remove_pair(items[1].get("only").unwrap())),
        "l:\n  - a: 1\n    b: 2\n  - {}\n"
    );
}

#[test]
fn remove_items() {
    let text = "a:\n  - x\n  - y\nb: [x, y, z]\nc:\n  - only\n";
    let m = model(text);
    let p = Planner::new(&m);
    let r = root(&m);
    let a: Vec<_> = r.get("a").unwrap().items().collect();
    assert_eq!(
        apply(text, p.remove_item(a[0])),
        "a:\n  - y\nb: [x, y, z]\nc:\n  - only\n"
    );
    let b: Vec<_> = r.get("b").unwrap().items().collect();
    assert_eq!(
        apply(text, p.remove_item(b[1])),
        "a:\n  - x\n  - y\nb: [x, z]\nc:\n  - only\n"
    );
    assert_eq!(
        apply(text, p.remove_item(b[2])),
        "a:\n  - x\n  - y\nb: [x, y]\nc:\n  - only\n"
    );
    let c: Vec<_> = r.get("c").unwrap().items().collect();
    assert_eq!(
        apply(text, p.remove_item(c[0])),
        "a:\n  - x\n  - y\nb: [x, y, z]\nc: []\n"
    );

    // A list at its key's own indent, as kubectl and Helm write them.
    let text = "caps:\n  add:\n  - NET_ADMIN\n  drop:\n  - ALL\n";
    let m = model(text);
    let p = Planner::new(&m);
    let add = root(&m).get_path(&["caps", "add"]).unwrap();
    let only = add.items().next().unwrap();
    assert_eq!(
        apply(text, p.remove_item(only)),
        "caps:\n  add: []\n  drop:\n  - ALL\n"
    );
}

#[test]
fn replace_scalars_keeping_quotes() {
    let text = "a: root\nb: \"0\"\nc: '0:0'\nd: false\n";
    let m = model(text);
    let p = Planner::new(&m);
    let r = root(&m);
    assert_eq!(
        apply(text, p.replace_scalar(r.get("a").unwrap(), "10001:10001")),
        "a: \"10001:10001\"\nb: \"0\"\nc: '0:0'\nd: false\n"
    );
    assert_eq!(
        apply(text, p.replace_scalar(r.get("b").unwrap(), "10001")),
        "a: root\nb: \"10001\"\nc: '0:0'\nd: false\n"
    );
    assert_eq!(
        apply(text, p.replace_scalar(r.get("c").unwrap(), "10001:10001")),
        "a: root\nb: \"0\"\nc: '10001:10001'\nd: false\n"
    );
    assert_eq!(
        apply(text, p.replace_scalar(r.get("d").unwrap(), "true")),
        "a: root\nb: \"0\"\nc: '0:0'\nd: true\n"
    );
}

#[test]
fn crlf_documents_keep_their_line_breaks() {
    let text = "s:\r\n  a: 1\r\n";
    let m = model(text);
    let p = Planner::new(&m);
    let s = root(&m).get("s").unwrap();
    assert_eq!(
        apply(text, p.insert(s, "b", &Value::raw("2"))),
        "s:\r\n  a: 1\r\n  b: 2\r\n"
    );
}

#[test]
fn strings_are_quoted_when_needed() {
    assert_eq!(string_scalar("ALL"), "ALL");
    assert_eq!(string_scalar("10001:10001"), "\"10001:10001\"");
    assert_eq!(string_scalar("true"), "\"true\"");
    assert_eq!(string_scalar("0.5"), "\"0.5\"");
    assert_eq!(string_scalar("a \"b\""), "\"a \\\"b\\\"\"");
}

/// Removals of neighbouring members overlap, so fixes applied together
/// never remove every member of a block collection; applied one after the
/// other, the last writes the empty collection instead of leaving a null.
#[test]
fn removing_every_member_leaves_an_empty_collection() {
    let overlap = |a: TextRange, b: TextRange| a.start < b.end && b.start < a.end;
    let text = "cap_add:\n  - SYS_ADMIN\n  # keep\n  - NET_ADMIN\nenv:\n  A: 1\n  B: 2\n";
    let m = model(text);
    let p = Planner::new(&m);
    let r = root(&m);
    let items: Vec<_> = r.get("cap_add").unwrap().items().collect();
    let first = p.remove_item(items[0]).unwrap();
    let second = p.remove_item(items[1]).unwrap();
    assert!(overlap(first.range, second.range), "{first:?} {second:?}");
    let env = r.get("env").unwrap();
    let a = p.remove_pair(env.get("A").unwrap()).unwrap();
    let b = p.remove_pair(env.get("B").unwrap()).unwrap();
    assert!(overlap(a.range, b.range), "{a:?} {b:?}");

    let once = apply(text, Some(first));
    assert_eq!(
        once,
        "cap_add:\n  # keep\n  - NET_ADMIN\nenv:\n  A: 1\n  B: 2\n"
    );
    let m = model(&once);
    let p = Planner::new(&m);
    let last = root(&m).get("cap_add").unwrap().items().next().unwrap();
    assert_eq!(
        apply(&once, p.remove_item(last)),
        "cap_add:\n  # keep\n  []\nenv:\n  A: 1\n  B: 2\n"
    );

    // Members that are not neighbours can go together; one stays.
    let text = "l:\n  - a\n  - b\n  - c\n";
    let m = model(text);
    let p = Planner::new(&m);
    let items: Vec<_> = root(&m).get("l").unwrap().items().collect();
    let outer = [
        p.remove_item(items[0]).unwrap(),
        p.remove_item(items[2]).unwrap(),
    ];
    assert!(!overlap(outer[0].range, outer[1].range));
    assert_eq!(super::apply(text, &outer), "l:\n  - b\n");
}
