//! Fix plans as LSP workspace edits.
//!
//! A fix edits the document it was found in, and sometimes another file
//! (the `.dockerignore` beside a Dockerfile), which may not exist yet.
//! Positions in another file are computed against its text as the client
//! has it: the open buffer, else the indexed disk content.

use std::collections::HashMap;
use std::path::PathBuf;

use ropey::Rope;
use tower_lsp_server::ls_types::{
    CreateFile, CreateFileOptions, DocumentChangeOperation, DocumentChanges, OneOf,
    OptionalVersionedTextDocumentIdentifier, ResourceOp, TextDocumentEdit, TextEdit, Uri,
    WorkspaceEdit,
};

use crate::finding::{Edit, EditTarget};
use crate::text::TextRange;

use super::capabilities::ClientCaps;
use super::convert;

/// Which text an edit applies to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TargetKey {
    ThisDocument,
    File(PathBuf),
}

impl TargetKey {
    pub fn of(edit: &Edit) -> Self {
        match &edit.target {
            EditTarget::ThisDocument => TargetKey::ThisDocument,
            EditTarget::File { path, .. } => TargetKey::File(path.clone()),
        }
    }
}

/// The text of an edit target as the client has it now.
#[derive(Debug, Clone)]
pub struct Target {
    pub uri: Uri,
    pub rope: Rope,
    /// The buffer version, for an open document.
    pub version: Option<i32>,
    /// False for a file that the edit creates.
    pub exists: bool,
}

/// The workspace edit applying `edits`, or `None` when a target is unknown
/// (a file the fix expected to exist is gone).
pub fn workspace_edit(
    edits: &[&Edit],
    targets: &HashMap<TargetKey, Target>,
    caps: &ClientCaps,
) -> Option<WorkspaceEdit> {
    let mut groups: Vec<(&Target, Vec<TextEdit>)> = Vec::new();
    let mut index: HashMap<TargetKey, usize> = HashMap::new();
    for edit in edits {
        let key = TargetKey::of(edit);
        let target = targets.get(&key)?;
        let text_edit = convert::text_edit(&target.rope, edit.range, &edit.new_text, caps.encoding);
        match index.get(&key) {
            Some(&i) => groups[i].1.push(text_edit),
            None => {
                index.insert(key, groups.len());
                groups.push((target, vec![text_edit]));
            }
        }
    }
    if groups.is_empty() {
        return None;
    }

    let creates = groups.iter().any(|(t, _)| !t.exists);
    if !caps.document_changes || creates && !caps.create_files {
        let changes = groups
            .into_iter()
            .map(|(target, edits)| (target.uri.clone(), edits))
            .collect();
        return Some(WorkspaceEdit {
            changes: Some(changes),
            ..WorkspaceEdit::default()
        });
    }

    let mut operations = Vec::new();
    for (target, edits) in groups {
        if !target.exists {
            operations.push(DocumentChangeOperation::Op(ResourceOp::Create(
                CreateFile {
                    uri: target.uri.clone(),
                    // Never clobber a file that appeared since the check.
                    options: Some(CreateFileOptions {
                        overwrite: Some(false),
                        ignore_if_exists: Some(true),
                    }),
                    annotation_id: None,
                },
            )));
        }
        operations.push(DocumentChangeOperation::Edit(TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier {
                uri: target.uri.clone(),
                version: target.version,
            },
            edits: edits.into_iter().map(OneOf::Left).collect(),
        }));
    }
    let changes = if creates {
        DocumentChanges::Operations(operations)
    } else {
        DocumentChanges::Edits(
            operations
                .into_iter()
                .filter_map(|op| match op {
                    DocumentChangeOperation::Edit(edit) => Some(edit),
                    DocumentChangeOperation::Op(_) => None,
                })
                .collect(),
        )
    };
    Some(WorkspaceEdit {
        document_changes: Some(changes),
        ..WorkspaceEdit::default()
    })
}

/// True when two edits of one target cannot both be applied: their ranges
/// overlap, or both start at the same offset (their order would be a guess).
pub fn conflict(a: TextRange, b: TextRange) -> bool {
    a.start < b.end && b.start < a.end || a.start == b.start
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use tower_lsp_server::ls_types::ClientCapabilities;

    use super::*;

    fn caps(document_changes: bool, create_files: bool) -> ClientCaps {
        ClientCaps {
            document_changes,
            create_files,
            ..ClientCaps::new(&ClientCapabilities::default())
        }
    }

    fn targets() -> HashMap<TargetKey, Target> {
        let mut targets = HashMap::new();
        targets.insert(
            TargetKey::ThisDocument,
            Target {
                uri: Uri::from_str("file:///w/Dockerfile").unwrap(),
                rope: Rope::from_str("FROM a\nCOPY . .\n"),
                version: Some(4),
                exists: true,
            },
        );
        targets.insert(
            TargetKey::File("/w/.dockerignore".into()),
            Target {
                uri: Uri::from_str("file:///w/.dockerignore").unwrap(),
                rope: Rope::new(),
                version: None,
                exists: false,
            },
        );
        targets
    }

    fn edits() -> Vec<Edit> {
        vec![
            Edit::insert(7, "# note\n"),
            Edit {
                target: EditTarget::File {
                    path: "/w/.dockerignore".into(),
                    create: true,
                },
                range: TextRange::empty(0),
                new_text: ".git\n".to_string(),
            },
        ]
    }

    #[test]
    fn creates_files_with_document_changes() {
        let edits = edits();
        let refs: Vec<&Edit> = edits.iter().collect();
        let edit = workspace_edit(&refs, &targets(), &caps(true, true)).unwrap();
        let json = serde_json::to_value(&edit).unwrap();
        let ops = json["documentChanges"].as_array().unwrap();
        assert_eq!(ops[0]["textDocument"]["version"], 4);
        assert_eq!(ops[0]["edits"][0]["range"]["start"]["line"], 1);
        assert_eq!(ops[1]["kind"], "create");
        assert_eq!(ops[1]["options"]["ignoreIfExists"], true);
        assert_eq!(ops[2]["textDocument"]["uri"], "file:///w/.dockerignore");
    }

    #[test]
    fn plain_changes_without_create_support() {
        let edits = edits();
        let refs: Vec<&Edit> = edits.iter().collect();
        let edit = workspace_edit(&refs, &targets(), &caps(true, false)).unwrap();
        assert!(edit.document_changes.is_none());
        assert_eq!(edit.changes.unwrap().len(), 2);
    }

    #[test]
    fn versioned_edits_when_nothing_is_created() {
        let edits = edits();
        let edit = workspace_edit(&[&edits[0]], &targets(), &caps(true, false)).unwrap();
        assert!(matches!(
            edit.document_changes,
            Some(DocumentChanges::Edits(_))
        ));
    }

    #[test]
    fn unknown_targets_give_no_edit() {
        let missing = Edit {
            target: EditTarget::File {
                path: "/elsewhere".into(),
                create: false,
            },
            range: TextRange::empty(0),
            new_text: String::new(),
        };
        assert!(workspace_edit(&[&missing], &targets(), &caps(true, true)).is_none());
    }

    #[test]
    fn conflicts() {
        assert!(conflict(TextRange::new(0, 4), TextRange::new(2, 6)));
        assert!(conflict(TextRange::empty(3), TextRange::empty(3)));
        assert!(!conflict(TextRange::new(0, 3), TextRange::new(3, 5)));
        assert!(!conflict(TextRange::empty(3), TextRange::new(0, 2)));
    }
}
