//! Short security notes for keywords, flags and keys that carry no finding.
//!
//! The language server shows a note when the cursor rests on an instruction
//! keyword (`ADD`, `USER`), a flag (`--mount=type=secret`) or a YAML key
//! (`privileged`) that is worth a second look even when nothing is wrong.
//! The notes are data: adding one is adding a row to [`DOCKERFILE_NOTES`],
//! [`DOCKERFILE_FLAG_NOTES`] or [`YAML_KEY_NOTES`]. The lookup reads the
//! syntax tree, so it works whatever state a format's model is in.

use tree_sitter::Node;

use crate::document::Document;
use crate::format::Format;
use crate::text::TextRange;

/// A note on a Dockerfile instruction keyword, matched case-insensitively.
pub struct KeywordNote {
    pub keyword: &'static str,
    pub text: &'static str,
}

/// A note on an instruction flag. `flag` is the flag name with its dashes;
/// `value`, when set, must appear among the flag's comma-separated options
/// (`type=secret` for `--mount`).
pub struct FlagNote {
    pub instructions: &'static [&'static str],
    pub flag: &'static str,
    pub value: Option<&'static str>,
    pub text: &'static str,
}

/// A note on a YAML key, for the formats listed. `value`, when set, must be
/// the key's scalar value (`kind: Secret`), compared exactly.
pub struct KeyNote {
    pub formats: &'static [Format],
    pub key: &'static str,
    pub value: Option<&'static str>,
    pub text: &'static str,
}

pub const DOCKERFILE_NOTES: &[KeywordNote] = &[
    KeywordNote {
        keyword: "ADD",
        text: "`ADD` does more than copy: it downloads URLs and unpacks local tar \
               archives into the image. A download is not verified unless \
               `--checksum` is given, and unpacking can place files you did not \
               review. Use `COPY` for local files, and fetch remote files in a \
               `RUN` step that checks a digest.",
    },
    KeywordNote {
        keyword: "USER",
        text: "`USER` sets who the following instructions and the container run \
               as. The last `USER` of the final stage decides; without one the \
               container runs as root. A numeric non-root UID (`USER 10001`) lets \
               Kubernetes verify `runAsNonRoot`.",
    },
    KeywordNote {
        keyword: "ENV",
        text: "`ENV` values are stored in the image configuration: anyone who can \
               pull the image can read them (`docker inspect`), and every \
               container inherits them. Keep credentials out of `ENV`; pass them \
               at run time, or use `RUN --mount=type=secret` while building.",
    },
    KeywordNote {
        keyword: "ARG",
        text: "Build arguments used by a `RUN` are recorded in the image history \
               (`docker history`), so a credential passed with `--build-arg` \
               leaks. Use `RUN --mount=type=secret` for credentials. An `ARG` \
               before the first `FROM` is visible only to `FROM` lines unless it \
               is declared again in the stage.",
    },
];

pub const DOCKERFILE_FLAG_NOTES: &[FlagNote] = &[
    FlagNote {
        instructions: &["RUN"],
        flag: "--mount",
        value: Some("type=secret"),
        text: "A secret mount makes the secret readable (under `/run/secrets/<id>` \
               by default) only while this `RUN` executes; it is written to no \
               layer. This is the safe way to use credentials in a build, as long \
               as the command does not copy the secret into the image.",
    },
    FlagNote {
        instructions: &["COPY", "ADD"],
        flag: "--chmod",
        value: None,
        text: "`--chmod` sets the mode of the copied files in the same layer, \
               which avoids a later `RUN chmod` that would store the files twice. \
               Avoid world-writable modes (`777`, `o+w`), and keep files the \
               application only reads unwritable by its user.",
    },
];

pub const YAML_KEY_NOTES: &[KeyNote] = &[
    KeyNote {
        formats: &[Format::Kubernetes, Format::Compose, Format::HelmValues],
        key: "privileged",
        value: None,
        text: "A privileged container gets every capability and the host's \
               devices, and is not confined by seccomp or AppArmor: a process \
               that escapes its application controls the node. Grant the single \
               capability the workload needs instead.",
    },
    KeyNote {
        formats: &[Format::Kubernetes, Format::HelmValues],
        key: "hostNetwork",
        value: None,
        text: "With `hostNetwork` the pod shares the node's network namespace: it \
               can bind the node's ports, reach services listening on localhost \
               and sniff traffic, and NetworkPolicies no longer isolate it.",
    },
];

/// The note for what lies at `offset`, with the range it describes.
pub fn hover_note(doc: &Document, offset: usize) -> Option<(TextRange, String)> {
    let format = doc.analysis().format?;
    let tree = doc.tree()?;
    let text = doc.text();
    let node = tree.root_node().descendant_for_byte_range(offset, offset)?;
    match format {
        Format::Dockerfile => dockerfile_note(text, node),
        Format::Dockerignore => None,
        Format::Compose | Format::Kubernetes | Format::HelmValues => {
            yaml_note(text, node, offset, format)
        }
    }
}

fn node_range(node: Node<'_>) -> TextRange {
    TextRange::new(node.start_byte(), node.end_byte())
}

fn node_text<'t>(text: &'t str, node: Node<'_>) -> &'t str {
    text.get(node.start_byte()..node.end_byte()).unwrap_or("")
}

fn dockerfile_note(text: &str, node: Node<'_>) -> Option<(TextRange, String)> {
    // A flag: the cursor may be on any part of `--mount=type=secret,id=x`.
    let mut current = Some(node);
    while let Some(n) = current {
        if matches!(n.kind(), "param" | "mount_param") {
            return flag_note(text, n);
        }
        if n.kind().ends_with("_instruction") {
            break;
        }
        current = n.parent();
    }

    // A keyword is the anonymous first token of its instruction.
    let parent = node.parent()?;
    if node.is_named() || !parent.kind().ends_with("_instruction") {
        return None;
    }
    if parent.child(0).is_none_or(|first| first.id() != node.id()) {
        return None;
    }
    let keyword = node_text(text, node);
    let note = DOCKERFILE_NOTES
        .iter()
        .find(|n| n.keyword.eq_ignore_ascii_case(keyword))?;
    Some((node_range(node), note.text.to_string()))
}

fn flag_note(text: &str, param: Node<'_>) -> Option<(TextRange, String)> {
    let instruction = instruction_keyword(text, param)?;
    let written = node_text(text, param);
    let (flag, options) = written.split_once('=').unwrap_or((written, ""));
    let note = DOCKERFILE_FLAG_NOTES.iter().find(|n| {
        n.flag.eq_ignore_ascii_case(flag)
            && n.instructions
                .iter()
                .any(|i| i.eq_ignore_ascii_case(instruction))
            && n.value.is_none_or(|want| {
                options
                    .split(',')
                    .any(|o| o.trim().eq_ignore_ascii_case(want))
            })
    })?;
    Some((node_range(param), note.text.to_string()))
}

/// The keyword of the instruction that holds `node` (`RUN` for a flag of a
/// `RUN`, also under `ONBUILD`).
fn instruction_keyword<'t>(text: &'t str, node: Node<'_>) -> Option<&'t str> {
    let mut current = node.parent();
    while let Some(n) = current {
        if n.kind().ends_with("_instruction") {
            return n.child(0).map(|k| node_text(text, k));
        }
        current = n.parent();
    }
    None
}

fn yaml_note(
    text: &str,
    node: Node<'_>,
    offset: usize,
    format: Format,
) -> Option<(TextRange, String)> {
    let mut current = Some(node);
    while let Some(n) = current {
        if matches!(n.kind(), "block_mapping_pair" | "flow_pair") {
            return pair_note(text, n, offset, format);
        }
        current = n.parent();
    }
    None
}

fn pair_note(
    text: &str,
    pair: Node<'_>,
    offset: usize,
    format: Format,
) -> Option<(TextRange, String)> {
    let key = pair.child_by_field_name("key")?;
    let value = pair.child_by_field_name("value");
    let on_key = key.start_byte() <= offset && offset < key.end_byte();
    let on_value = value.is_some_and(|v| v.start_byte() <= offset && offset < v.end_byte());
    if !on_key && !on_value {
        return None;
    }
    let key_text = unquote(node_text(text, key));
    let value_text = value.map(|v| unquote(node_text(text, v)));
    let note = YAML_KEY_NOTES.iter().find(|n| {
        n.formats.contains(&format)
            && n.key == key_text
            // A note about a value also shows on the value; a note about a
            // key only on the key, since the value may be anything.
            && match n.value {
                Some(want) => value_text == Some(want),
                None => on_key,
            }
    })?;
    let range = if note.value.is_some() {
        node_range(pair)
    } else {
        node_range(key)
    };
    Some((range, note.text.to_string()))
}

fn unquote(scalar: &str) -> &str {
    let s = scalar.trim();
    s.strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .or_else(|| s.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))
        .unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::FileKind;

    fn note_at(kind: FileKind, marked: &str) -> Option<(String, String)> {
        let offset = marked.find("$0").expect("a $0 cursor");
        let text = marked.replacen("$0", "", 1);
        let doc = Document::new(None, kind, 1, text.clone());
        hover_note(&doc, offset).map(|(r, note)| (text[r.start..r.end].to_string(), note))
    }

    #[test]
    fn keyword_notes_match_any_case() {
        let (word, note) = note_at(FileKind::Dockerfile, "FROM alpine:3.20\na$0dd x /y\n").unwrap();
        assert_eq!(word, "add");
        assert!(note.contains("`COPY`"), "{note}");
        let (word, _) = note_at(FileKind::Dockerfile, "FROM a\nUS$0ER 10001\n").unwrap();
        assert_eq!(word, "USER");
    }

    #[test]
    fn no_note_off_the_keyword() {
        assert!(note_at(FileKind::Dockerfile, "FROM a\nUSER 10$0001\n").is_none());
        assert!(note_at(FileKind::Dockerfile, "FR$0OM a\n").is_none());
    }

    #[test]
    fn secret_mount_flag() {
        let text = "FROM a\nRUN --mount=type=sec$0ret,id=npm npm ci\n";
        let (flag, note) = note_at(FileKind::Dockerfile, text).unwrap();
        assert_eq!(flag, "--mount=type=secret,id=npm");
        assert!(note.contains("/run/secrets"), "{note}");
        let cache = "FROM a\nRUN --mount=type=ca$0che,target=/root/.cache pip install x\n";
        assert!(note_at(FileKind::Dockerfile, cache).is_none());
    }

    #[test]
    fn chmod_flag_on_copy() {
        let (flag, _) = note_at(
            FileKind::Dockerfile,
            "FROM a\nCOPY --ch$0mod=755 run.sh /\n",
        )
        .unwrap();
        assert_eq!(flag, "--chmod=755");
        assert!(note_at(FileKind::Dockerfile, "FROM a\nCOPY --ch$0own=1:1 a /\n").is_none());
    }

    #[test]
    fn yaml_key_notes() {
        let compose = "services:\n  web:\n    image: nginx:1.25\n    privi$0leged: true\n";
        let (key, note) = note_at(FileKind::ComposeYaml, compose).unwrap();
        assert_eq!(key, "privileged");
        assert!(note.contains("capabilit"), "{note}");
        let on_value = "services:\n  web:\n    privileged: tr$0ue\n";
        assert!(note_at(FileKind::ComposeYaml, on_value).is_none());
    }

    #[test]
    fn keys_of_other_formats_have_no_note() {
        // `hostNetwork` means nothing to compose, whose key is `network_mode`.
        let compose = "services:\n  web:\n    host$0Network: true\n";
        assert!(note_at(FileKind::ComposeYaml, compose).is_none());
    }
}
