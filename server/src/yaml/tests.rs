//! Tests of the YAML model: values, aliases, bounds, ranges and detection.

use super::*;
use crate::format::Syntax;

fn model(text: &str) -> Model {
    let tree = crate::syntax::parse(Syntax::Yaml, text, None).expect("yaml parses");
    Model::build(text, &tree)
}

fn root(m: &Model) -> Node<'_> {
    m.documents().next().and_then(|d| d.root()).expect("a root")
}

fn at<'a>(text: &'a str, range: TextRange) -> &'a str {
    &text[range.start..range.end]
}

#[test]
fn scalars_resolve() {
    let text = "a: 'it''s'\nb: \"x\\ty\"\nc: plain\n  folded\nd: |\n  line1\n  line2\ne: ~\nf:\ng: !!str true\n";
    let m = model(text);
    let r = root(&m);
    assert_eq!(r.get("a").unwrap().as_str(), Some("it's"));
    assert_eq!(r.get("b").unwrap().as_str(), Some("x\ty"));
    assert_eq!(r.get("c").unwrap().as_str(), Some("plain folded"));
    assert_eq!(r.get("d").unwrap().as_str(), Some("line1\nline2\n"));
    assert!(r.get("e").unwrap().is_null());
    assert!(r.get("f").unwrap().is_null());
    assert_eq!(r.get("g").unwrap().as_bool_k8s(), None);
    assert_eq!(r.get("g").unwrap().as_str(), Some("true"));
    assert!(r.get("missing").is_none());
}

#[test]
fn booleans_as_each_tool_reads_them() {
    let m = model("a: yes\nb: \"true\"\nc: On\nd: false\ne: 'false'\nf: nope\n");
    let r = root(&m);
    let k8s: Vec<_> = ["a", "b", "c", "d", "e", "f"]
        .iter()
        .map(|k| r.get(k).unwrap().as_bool_k8s())
        .collect();
    assert_eq!(k8s, [Some(true), None, Some(true), Some(false), None, None]);
    let compose: Vec<_> = ["a", "b", "c", "d", "e", "f"]
        .iter()
        .map(|k| r.get(k).unwrap().as_bool_compose())
        .collect();
    assert_eq!(
        compose,
        [None, Some(true), None, Some(false), Some(false), None]
    );
}

#[test]
fn integers() {
    let m = model("a: 0\nb: \"0\"\nc: 10001\nd: 1e3\n");
    let r = root(&m);
    assert_eq!(r.get("a").unwrap().as_i64(), Some(0));
    assert_eq!(r.get("b").unwrap().as_i64(), None);
    assert_eq!(r.get("c").unwrap().as_i64(), Some(10001));
    assert_eq!(r.get("d").unwrap().as_i64(), None);
}

#[test]
fn aliases_point_at_the_alias() {
    let text = "base: &sc\n  privileged: true\nuse:\n  securityContext: *sc\n";
    let m = model(text);
    let r = root(&m);
    let p = r
        .get_path(&["use", "securityContext", "privileged"])
        .unwrap();
    assert_eq!(p.as_bool_k8s(), Some(true));
    assert_eq!(at(text, p.range()), "*sc");
    assert_eq!(at(text, p.pair_range()), "securityContext: *sc");
    assert_eq!(at(text, p.key_range().unwrap()), "securityContext");
    assert_eq!(at(text, p.source_range()), "true");
    assert!(p.via().is_some());
    let direct = r.get_path(&["base", "privileged"]).unwrap();
    assert_eq!(at(text, direct.pair_range()), "privileged: true");
    assert!(direct.via().is_none());
}

#[test]
fn merge_keys() {
    let text = "a: &a {x: 1, y: 2}\nb: &b {y: 3, z: 4}\nc:\n  <<: [*a, *b]\n  x: 9\nd:\n  <<: *b\n";
    let m = model(text);
    let r = root(&m);
    let c = r.get("c").unwrap();
    assert_eq!(c.get("x").unwrap().as_i64(), Some(9));
    assert_eq!(c.get("y").unwrap().as_i64(), Some(2));
    assert_eq!(c.get("z").unwrap().as_i64(), Some(4));
    let keys: Vec<_> = c.entries().filter_map(|e| e.key_str()).collect();
    assert_eq!(keys, ["x", "y", "z"]);
    let y = c.get("y").unwrap();
    assert_eq!(at(text, y.range()), "*a");
    let d = r.get("d").unwrap();
    let z = d.get("z").unwrap();
    assert_eq!(at(text, z.pair_range()), "<<: *b");
    let entry = d.entries().next().unwrap();
    assert_eq!(at(text, entry.range()), "<<: *b");
}

#[test]
fn undefined_and_self_aliases_are_null() {
    let m = model("a: *nowhere\nb: &s [*s]\n");
    let r = root(&m);
    assert!(r.get("a").unwrap().is_null());
    assert_eq!(r.get("a").unwrap().kind(), NodeKind::UnresolvedAlias);
    let b = r.get("b").unwrap();
    assert!(b.items().next().unwrap().is_null());
}

#[test]
fn billion_laughs_is_bounded() {
    let mut text = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..12 {
        let prev = format!("*a{}", i - 1);
        let list = vec![prev.as_str(); 10].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{list}]\n"));
    }
    text.push_str("m0: &m0 {k: v}\n");
    for i in 1..12 {
        let prev = format!("*m{}", i - 1);
        let list = vec![prev.as_str(); 10].join(", ");
        text.push_str(&format!("m{i}: &m{i} {{<<: [{list}]}}\n"));
    }
    let started = std::time::Instant::now();
    let m = model(&text);
    let r = root(&m);
    let count = r.get("a11").unwrap().descendants().count();
    assert_eq!(count, MAX_EXPANDED_NODES);
    let m11 = r.get("m11").unwrap();
    assert!(m11.get("missing").is_none());
    assert_eq!(m11.get("k").unwrap().as_str(), Some("v"));
    assert_eq!(m11.entries().count(), 1);
    assert!(
        started.elapsed().as_secs() < 5,
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn deep_nesting() {
    let mut text = String::new();
    for i in 0..200 {
        text.push_str(&" ".repeat(i * 2));
        text.push_str(&format!("k{i}:\n"));
    }
    let m = model(&text);
    let keys: Vec<String> = (0..200).map(|i| format!("k{i}")).collect();
    let path: Vec<&str> = keys.iter().map(String::as_str).collect();
    assert!(root(&m).get_path(&path).unwrap().is_null());
    assert!(m.syntax_problems().is_empty());

    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    // Runs on a thread with a small stack to prove the depth bound holds.
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || {
            let m = model(&deep);
            assert!(
                m.syntax_problems()
                    .iter()
                    .any(|p| p.message.contains("nesting"))
            );
            let flow = format!("a: {}1{}", "{b: ".repeat(5_000), "}".repeat(5_000));
            let _ = model(&flow);
        })
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn flow_and_block_styles() {
    let text = "a: {b: [1, 2], c: {d: e}}\nf:\n  - g\n  - [h: i]\n";
    let m = model(text);
    let r = root(&m);
    let a = r.get("a").unwrap();
    assert!(a.is_flow());
    let b: Vec<_> = a
        .get("b")
        .unwrap()
        .items()
        .filter_map(|n| n.as_i64())
        .collect();
    assert_eq!(b, [1, 2]);
    assert_eq!(a.get_path(&["c", "d"]).unwrap().as_str(), Some("e"));
    let f = r.get("f").unwrap();
    assert!(!f.is_flow());
    let second = f.items().nth(1).unwrap();
    let inner = second.items().next().unwrap();
    assert_eq!(inner.get("h").unwrap().as_str(), Some("i"));
    let g = f.items().next().unwrap();
    assert_eq!(at(text, g.item_range().unwrap()), "- g");
}

#[test]
fn bom_and_crlf() {
    let text = "\u{feff}a: 1\r\nb:\r\n  c: \"x\"\r\nd: |\r\n  one\r\n  two\r\n";
    let m = model(text);
    let r = root(&m);
    assert_eq!(r.get("a").unwrap().as_i64(), Some(1));
    let c = r.get_path(&["b", "c"]).unwrap();
    assert_eq!(at(text, c.pair_range()), "c: \"x\"");
    assert_eq!(r.get("d").unwrap().as_str(), Some("one\ntwo\n"));
    assert!(m.syntax_problems().is_empty());
}

#[test]
fn tabs_are_explained() {
    let text = "a:\n  b: 1\nc:\n\td: 2\n";
    let m = model(text);
    let problems = m.syntax_problems();
    assert!(!problems.is_empty());
    assert!(problems[0].message.contains("tab"), "{problems:?}");
    assert_eq!(
        &text[problems[0].range.start..problems[0].range.start + 1],
        "\t"
    );
}

#[test]
fn documents_and_comments() {
    let text = "# head\na: 1\n---\n---\n# c\nb: |\n  # not a comment\n...\n";
    let m = model(text);
    let roots: Vec<_> = m.documents().map(|d| d.root().is_some()).collect();
    assert_eq!(roots.iter().filter(|r| **r).count(), 2);
    let comments: Vec<_> = m.comments().iter().map(|c| at(text, *c)).collect();
    assert_eq!(comments, ["# head", "# c"]);
}

#[test]
fn suppression_scope_is_the_next_subtree() {
    let text = "a:\n  # bulwark-ignore: x\n  b:\n    c: 1\n  d: 2\nl:\n  # bulwark-ignore: y\n\n  - name: web\n    image: x\n  - name: db\n";
    let m = model(text);
    let comments = m.comments();
    let first = m.scope_after(text, comments[0]).unwrap();
    assert_eq!(at(text, first), "b:\n    c: 1");
    let second = m.scope_after(text, comments[1]).unwrap();
    assert_eq!(at(text, second), "- name: web\n    image: x");
}

#[test]
fn formats_are_detected() {
    let detect = |kind, text: &str| detect_format(kind, &model(text), None);
    let k8s = "---\n# nothing\n---\napiVersion: v1\nkind: Pod\n";
    assert_eq!(detect(FileKind::Yaml, k8s), Some(Format::Kubernetes));
    let compose = "services:\n  web:\n    image: nginx\n";
    assert_eq!(detect(FileKind::Yaml, compose), Some(Format::Compose));
    assert_eq!(detect(FileKind::Yaml, "services: [a]\n"), None);
    let workflow = "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n";
    assert_eq!(detect(FileKind::Yaml, workflow), None);
    assert_eq!(detect(FileKind::Yaml, "openapi: 3.0.0\n"), None);
    assert_eq!(
        detect(FileKind::ComposeYaml, "x: 1\n"),
        Some(Format::Compose)
    );
    assert_eq!(
        detect(FileKind::HelmValuesYaml, "x: 1\n"),
        Some(Format::HelmValues)
    );
}

#[test]
fn key_ranges_and_parents() {
    let text = "spec:\n  containers:\n    - name: web\n      image: nginx\n";
    let m = model(text);
    let r = root(&m);
    let c = r
        .get_path(&["spec", "containers"])
        .unwrap()
        .items()
        .next()
        .unwrap();
    assert_eq!(
        at(text, c.item_range().unwrap()),
        "- name: web\n      image: nginx"
    );
    assert_eq!(at(text, c.source_range()), "name: web\n      image: nginx");
    let image = c.get("image").unwrap();
    assert_eq!(at(text, image.key_range().unwrap()), "image");
    assert_eq!(image.key_str(), Some("image"));
    assert_eq!(image.parent().unwrap().source_range(), c.source_range());
}

/// Everything the model says about the stream, as text, to compare models.
fn dump(m: &Model) -> String {
    fn node(out: &mut String, n: Node<'_>, depth: usize) {
        use std::fmt::Write as _;
        let pad = " ".repeat(depth * 2);
        let _ = writeln!(
            out,
            "{pad}{:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?}",
            n.kind(),
            n.source_range(),
            n.range(),
            n.raw_str(),
            n.anchor(),
            n.tag(),
            n.key_range(),
            n.pair_range(),
            n.item_range(),
        );
        if depth > 50 {
            return;
        }
        for e in n.entries() {
            let _ = writeln!(out, "{pad}entry {:?} {:?}", e.range(), e.key_range());
            node(out, e.key, depth + 1);
            node(out, e.value, depth + 1);
        }
        for i in n.items() {
            node(out, i, depth + 1);
        }
    }
    let mut out = String::new();
    for d in m.documents() {
        out.push_str(&format!("doc {:?}\n", d.range()));
        if let Some(r) = d.root() {
            node(&mut out, r, 0);
        }
    }
    out.push_str(&format!("{:?}\n{:?}\n", m.comments(), m.syntax_problems()));
    out
}

#[test]
fn rebuilt_models_equal_fresh_ones() {
    use crate::document::Document;
    let base = "\
# head
a: &x {b: 1, c: 'two'}
d: *x
---
# second
list:
  - one
  - \"two\\n\"
  - |
    block
---
e:
  <<: *nowhere
  f: folded
    line
";
    let mut doc = Document::new(None, FileKind::Yaml, 1, base);
    let edits: &[(&str, &str)] = &[
        ("one", "uno"),
        ("b: 1", "b: 10"),
        ("# second", "# second, longer"),
        ("folded", "x"),
        ("---\n# second", "---\n---\n# second"),
        ("list:", "list: # note\n"),
        ("d: *x", "d: *x\nz: [1, 2"),
        ("z: [1, 2", "z: [1, 2]"),
        ("uno", ""),
    ];
    let mut reused = 0;
    for (i, (find, replace)) in edits.iter().enumerate() {
        let text = doc.text().to_string();
        let Some(at) = text.find(find) else {
            panic!("`{find}` not in:\n{text}")
        };
        doc.edit(TextRange::new(at, at + find.len()), replace);
        doc.reparse(i as i32 + 2);
        let fresh = Document::new(None, FileKind::Yaml, 0, doc.text().to_string());
        let (Some(a), Some(b)) = (doc.analysis().yaml(), fresh.analysis().yaml()) else {
            panic!("no model")
        };
        assert_eq!(
            dump(a),
            dump(b),
            "after edit {i} (`{find}`):\n{}",
            doc.text()
        );
        reused += a.reused_documents();
    }
    // Most edits touch one document of three; the others were copied.
    assert!(reused >= edits.len(), "only {reused} documents reused");
}

#[test]
fn duplicate_keys_are_problems_and_the_last_wins() {
    let text = "a: 1\nb:\n  x: false\n  y: 2\n  x: true\nc: {k: 1, k: 2}\n<<: {z: 1}\n";
    let m = model(text);
    let problems = m.syntax_problems();
    let lines: Vec<usize> = problems
        .iter()
        .map(|p| text[..p.range.start].matches('\n').count() + 1)
        .collect();
    assert_eq!(lines, [5, 6], "{problems:?}");
    assert!(problems[0].message.contains("`x` (also on line 3)"));
    let r = root(&m);
    assert_eq!(r.get_path(&["b", "x"]).unwrap().as_bool_k8s(), Some(true));
    assert_eq!(r.get_path(&["c", "k"]).unwrap().as_i64(), Some(2));
}

/// Random edits (some breaking the syntax, some splitting or joining
/// documents) never make a rebuilt model differ from a fresh one.
#[test]
fn rebuilt_models_survive_random_edits() {
    use crate::document::Document;
    let base = "\
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: shop}
spec:
  containers:
    - name: a
      image: x:1
---
apiVersion: v1
kind: ConfigMap
data:
  k: &v 'quoted'
  j: *v
---
# comment
list: [1, 2, {x: y}]
text: |
  block
";
    let pieces = [
        "", " ", "a", "\n", "-", ":", "---\n", "# c\n", "'", "{", "}", "  k: v\n",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let mut doc = Document::new(None, FileKind::Yaml, 1, base);
    let mut reused = 0;
    for round in 0..300 {
        // Start again from the clean text now and then, so that most edits
        // land in a stream that still parses.
        if round % 4 == 0 {
            let len = doc.text().len();
            doc.edit(TextRange::new(0, len), base);
            doc.reparse(round);
        }
        let len = doc.text().len();
        let start = crate::text::floor_char_boundary(doc.text(), next(len + 1));
        let end = crate::text::floor_char_boundary(doc.text(), (start + next(4)).min(len));
        doc.edit(TextRange::new(start, end), pieces[next(pieces.len())]);
        doc.reparse(round + 1);
        let fresh = Document::new(None, FileKind::Yaml, 0, doc.text().to_string());
        let (Some(a), Some(b)) = (doc.analysis().yaml(), fresh.analysis().yaml()) else {
            panic!("no model")
        };
        assert_eq!(dump(a), dump(b), "round {round}:\n{}", doc.text());
        reused += a.reused_documents();
    }
    assert!(reused > 100, "only {reused} documents reused");
}

#[test]
fn nesting_deeper_than_the_scanner_state_does_not_abort() {
    // Past 253 block levels the YAML scanner's state no longer fits the
    // parser runtime's buffer; the released scanner wrote past it and the
    // runtime aborted the process. Both the one-space staircase and a run
    // of `- ` on one line reach that depth.
    let staircase: String = (0..400).map(|i| format!("{}k:\n", " ".repeat(i))).collect();
    let dashes = format!("{}x\n", "- ".repeat(2000));
    for text in [staircase, dashes] {
        let tree = crate::syntax::parse(Syntax::Yaml, &text, None).expect("yaml parses");
        let _ = Model::build(&text, &tree);
    }
}

#[test]
fn documents_longer_than_32767_lines_parse_to_the_end() {
    // The scanner kept rows in 16 bits: from line 32,768 on, everything was
    // one syntax error and the keys there were lost.
    let mut text: String = (0..40_000).map(|i| format!("k{i}: {i}\n")).collect();
    text.push_str("last: here\n");
    let tree = crate::syntax::parse(Syntax::Yaml, &text, None).expect("yaml parses");
    assert!(!tree.root_node().has_error());
    let m = Model::build(&text, &tree);
    assert_eq!(root(&m).get("last").and_then(|n| n.as_str()), Some("here"));
}
