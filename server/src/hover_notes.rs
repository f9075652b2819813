//! Short security notes for keywords, flags and keys that carry no finding.
//!
//! The language server shows a note when the cursor rests on an instruction
//! keyword (`ADD`, `USER`), a flag (`--mount=type=secret`) or a YAML key
//! (`privileged`) that is worth a second look even when nothing is wrong.
//! The notes are data: adding one is adding a row to [`DOCKERFILE_NOTES`],
//! [`DOCKERFILE_FLAG_NOTES`] or [`YAML_KEY_NOTES`]. Each format's model
//! answers what sits at an offset.

use crate::analysis::Model;
use crate::dockerfile::{self, Keyword};
use crate::document::Document;
use crate::format::Format;
use crate::text::TextRange;
use crate::yaml;

/// A note on a Dockerfile instruction keyword.
pub struct KeywordNote {
    pub keyword: Keyword,
    pub text: &'static str,
}

/// A note on an instruction flag: `flag` is its name without dashes;
/// `option`, when set, is a `key=value` the flag's options must include
/// (`type=secret` for `--mount`).
pub struct FlagNote {
    pub instructions: &'static [Keyword],
    pub flag: &'static str,
    pub option: Option<(&'static str, &'static str)>,
    pub text: &'static str,
}

/// A note on a YAML key, for the formats listed. `value`, when set, must be
/// the key's scalar value (`kind: Secret`), and the note then also shows on
/// the value.
pub struct KeyNote {
    pub formats: &'static [Format],
    pub key: &'static str,
    pub value: Option<&'static str>,
    pub text: &'static str,
}

pub const DOCKERFILE_NOTES: &[KeywordNote] = &[
    KeywordNote {
        keyword: Keyword::Add,
        text: "`ADD` does more than copy: it downloads URLs and unpacks local tar \
               archives into the image. A download is not verified unless \
               `--checksum` is given, and unpacking can place files you did not \
               review. Use `COPY` for local files, and fetch remote files in a \
               `RUN` step that checks a digest.",
    },
    KeywordNote {
        keyword: Keyword::User,
        text: "`USER` sets who the following instructions and the container run \
               as. The last `USER` of the final stage decides; without one the \
               container runs as root. A numeric non-root UID (`USER 10001`) lets \
               Kubernetes verify `runAsNonRoot`.",
    },
    KeywordNote {
        keyword: Keyword::Env,
        text: "`ENV` values are stored in the image configuration: anyone who can \
               pull the image can read them (`docker inspect`), and every \
               container inherits them. Keep credentials out of `ENV`; pass them \
               at run time, or use `RUN --mount=type=secret` while building.",
    },
    KeywordNote {
        keyword: Keyword::Arg,
        text: "Build arguments used by a `RUN` are recorded in the image history \
               (`docker history`), so a credential passed with `--build-arg` \
               leaks. Use `RUN --mount=type=secret` for credentials. An `ARG` \
               before the first `FROM` is visible only to `FROM` lines unless it \
               is declared again in the stage.",
    },
];

pub const DOCKERFILE_FLAG_NOTES: &[FlagNote] = &[
    FlagNote {
        instructions: &[Keyword::Run],
        flag: "mount",
        option: Some(("type", "secret")),
        text: "A secret mount makes the secret readable (under `/run/secrets/<id>` \
               by default) only while this `RUN` executes; it is written to no \
               layer. This is the safe way to use credentials in a build, as long \
               as the command does not copy the secret into the image.",
    },
    FlagNote {
        instructions: &[Keyword::Copy, Keyword::Add],
        flag: "chmod",
        option: None,
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
    let analysis = doc.analysis();
    let format = analysis.format?;
    let note = match &analysis.model {
        Model::Dockerfile(model) => dockerfile_note(model, offset),
        Model::Yaml(model) => yaml_note(model, offset, format),
        Model::Dockerignore(_) | Model::None => None,
    };
    note.map(|(range, text)| (range, text.to_string()))
}

fn dockerfile_note(model: &dockerfile::Model, offset: usize) -> Option<(TextRange, &'static str)> {
    let i = model
        .instructions
        .partition_point(|ins| ins.range.end <= offset);
    let instruction = model
        .instructions
        .get(i)
        .filter(|ins| ins.range.contains(offset))?;
    if instruction.keyword_range.contains(offset) {
        let note = DOCKERFILE_NOTES
            .iter()
            .find(|n| n.keyword == instruction.keyword)?;
        return Some((instruction.keyword_range, note.text));
    }
    let flag = instruction
        .flags
        .iter()
        .find(|f| f.range.contains(offset))?;
    let note = DOCKERFILE_FLAG_NOTES.iter().find(|n| {
        n.flag == flag.name
            && n.instructions.contains(&instruction.keyword)
            && n.option.is_none_or(|(key, want)| {
                flag.option(key)
                    .is_some_and(|v| v.eq_ignore_ascii_case(want))
            })
    })?;
    Some((flag.range, note.text))
}

fn yaml_note(
    model: &yaml::Model,
    offset: usize,
    format: Format,
) -> Option<(TextRange, &'static str)> {
    // The innermost pair whose key or value holds the offset.
    let node = model
        .documents()
        .filter(|d| d.range().contains(offset) || d.range().end == offset)
        .filter_map(|d| d.root())
        .flat_map(|root| root.descendants())
        .filter(|n| n.key_range().is_some() && n.pair_range().contains(offset))
        .min_by_key(|n| n.pair_range().len())?;
    let key_range = node.key_range()?;
    let key = node.key_str()?;
    let on_key = key_range.contains(offset);
    let note = YAML_KEY_NOTES.iter().find(|n| {
        n.formats.contains(&format)
            && n.key == key
            && match n.value {
                Some(want) => node.as_str() == Some(want),
                // A note about a key shows on the key only: its value may be
                // anything, including a mapping with notes of its own.
                None => on_key,
            }
    })?;
    let range = if note.value.is_some() {
        node.pair_range()
    } else {
        key_range
    };
    Some((range, note.text))
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
