//! The server's state: open buffers, the files read from disk, and the
//! workspace view that checks read.
//!
//! Everything here is plain, synchronous data behind one lock, so that the
//! text-sync handlers can update it before they first await. The workspace
//! view is `disk` with the open buffers in front of it; it is rebuilt lazily
//! (only the paths that changed, and only when a check asks for it), so a
//! keystroke costs one entry in a set, not a copy of the workspace.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use tower_lsp_server::ls_types::{Diagnostic, TextDocumentContentChangeEvent, Uri};
use tracing::error;

use crate::config::Config;
use crate::document::Document;
use crate::engine::Fixes;
use crate::finding::Finding;
use crate::format::FileKind;
use crate::workspace::Workspace;

use super::backend::CheckFn;
use super::convert::{self, PositionEncoding};

/// One buffer the client has open.
#[derive(Debug)]
pub struct OpenDocument {
    /// The client's version of the buffer.
    pub version: i32,
    /// The parsed buffer; `None` for a file Bulwark does not handle, which is
    /// remembered only so that it gets its one empty diagnostics list.
    pub doc: Option<Document>,
    /// The latest check of this buffer, possibly of an older version.
    pub checked: Option<Arc<Checked>>,
}

/// The findings of one version of a document, against one generation of the
/// rest of the workspace, with their diagnostics already converted.
#[derive(Debug)]
pub struct Checked {
    /// The document as it was checked: its rope converts the findings' ranges.
    pub doc: Document,
    pub generation: u64,
    pub findings: Vec<Finding>,
    pub diagnostics: Vec<Diagnostic>,
    /// Identifies the diagnostics for pull clients. Results whose
    /// diagnostics equal the previous ones keep the previous id (see
    /// [`Session::store`]), so a client that already holds them is answered
    /// "unchanged" instead of being sent the same list again.
    result_id: String,
    /// How to plan the findings' fixes, when `findings` were checked
    /// without them.
    plan: Option<FixPlan>,
    /// The findings again, with their fixes, once [`Checked::plan_fixes`]
    /// ran; `None` inside when they could not be planned.
    fixed: OnceLock<Option<Vec<Finding>>>,
}

/// The inputs of a check whose fixes were skipped, to plan them later on
/// exactly what was checked.
#[derive(Debug)]
pub struct FixPlan {
    pub run: CheckFn,
    pub workspace: Arc<Workspace>,
    pub config: Arc<Config>,
}

impl Checked {
    /// Results whose `findings` are complete, fixes included when they have
    /// any.
    pub fn new(
        doc: Document,
        generation: u64,
        findings: Vec<Finding>,
        diagnostics: Vec<Diagnostic>,
    ) -> Self {
        let result_id = format!("{}.{}", doc.version(), generation);
        Self {
            doc,
            generation,
            findings,
            diagnostics,
            result_id,
            plan: None,
            fixed: OnceLock::new(),
        }
    }

    /// Results whose `findings` were checked without fixes; `plan` plans
    /// them when a code action asks.
    pub fn without_fixes(
        doc: Document,
        generation: u64,
        findings: Vec<Finding>,
        diagnostics: Vec<Diagnostic>,
        plan: FixPlan,
    ) -> Self {
        Self {
            plan: Some(plan),
            ..Self::new(doc, generation, findings, diagnostics)
        }
    }

    /// Plans the fixes of the findings, once: the check runs again on the
    /// same inputs with fixes. Blocks for as long as a check takes, so call
    /// it off the async threads.
    pub fn plan_fixes(&self) {
        self.fixed.get_or_init(|| {
            let plan = self.plan.as_ref()?;
            let fixed = (plan.run)(&self.doc, &plan.workspace, &plan.config, Fixes::Plan);
            // The findings are a function of the inputs, fixes or not; if
            // the two runs disagree, no fix is offered rather than one for
            // the wrong finding.
            let aligned = fixed.len() == self.findings.len()
                && fixed
                    .iter()
                    .zip(&self.findings)
                    .all(|(a, b)| a.rule == b.rule && a.range == b.range && a.message == b.message);
            if !aligned {
                error!(
                    path = ?self.doc.path(),
                    "the check with fixes found other findings than without; no fixes offered"
                );
                return None;
            }
            Some(fixed)
        });
    }

    /// The findings, with their fixes when [`Checked::plan_fixes`] planned
    /// them (or they never needed planning); in the same order as
    /// `findings` and `diagnostics`.
    pub fn findings_with_fixes(&self) -> &[Finding] {
        if self.plan.is_none() {
            return &self.findings;
        }
        match self.fixed.get() {
            Some(Some(fixed)) => fixed,
            _ => &self.findings,
        }
    }

    pub fn version(&self) -> i32 {
        self.doc.version()
    }

    /// Identifies this result's diagnostics for pull diagnostics: equal ids
    /// mean equal diagnostics.
    pub fn result_id(&self) -> &str {
        &self.result_id
    }
}

/// The outcome of [`Session::store`].
#[derive(Debug)]
pub struct Stored {
    /// The results that stand (`Ok`), or the ones offered when they were
    /// not kept (`Err`).
    pub result: Result<Arc<Checked>, Arc<Checked>>,
    /// Results that are no longer needed, to be dropped where their freeing
    /// delays nobody.
    pub replaced: Option<Arc<Checked>>,
}

impl Stored {
    fn not_kept(checked: Checked) -> Self {
        Self {
            result: Err(Arc::new(checked)),
            replaced: None,
        }
    }
}

/// What a check needs, taken from the session in one go.
#[derive(Debug, Clone)]
pub struct CheckInput {
    pub doc: Document,
    pub workspace: Arc<Workspace>,
    pub generation: u64,
}

/// The outcome of a `didChange`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Changed {
    /// Applied; `clamped` changes had a range beyond the end of the document.
    Applied {
        clamped: usize,
    },
    /// The document is open but not one Bulwark handles.
    Unhandled,
    NotOpen,
}

#[derive(Debug, Default)]
pub struct Session {
    docs: HashMap<Uri, OpenDocument>,
    /// The URI under which each open file's path is open.
    open_paths: HashMap<PathBuf, Uri>,
    /// Files as read from disk (by the index, the watcher or a save).
    disk: HashMap<PathBuf, Document>,
    /// What checks read: `disk` overridden by open buffers.
    workspace: Arc<Workspace>,
    /// Paths whose entry in `workspace` is out of date.
    unsynced: HashSet<PathBuf>,
    /// Bumped whenever a file or configuration that checks read changes.
    generation: u64,
    /// Workspace folders, absolute.
    folders: Vec<PathBuf>,
    /// Folder indexes started and not finished; while any runs, the
    /// workspace view is pending (rules that judge by absence hold back).
    indexing: usize,
}

impl Session {
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Bumps the generation: every open document's results may be stale.
    pub fn invalidate(&mut self) {
        self.generation += 1;
    }

    pub fn folders(&self) -> &[PathBuf] {
        &self.folders
    }

    pub fn set_folders(&mut self, folders: Vec<PathBuf>) {
        self.folders = folders;
    }

    /// The workspace folder holding `path` (the innermost, when they nest).
    pub fn folder_of(&self, path: &Path) -> Option<PathBuf> {
        self.folders
            .iter()
            .filter(|f| path.starts_with(f))
            .max_by_key(|f| f.as_os_str().len())
            .cloned()
    }

    pub fn open(&mut self, uri: Uri, version: i32, doc: Option<Document>) {
        if let Some(path) = doc.as_ref().and_then(Document::path) {
            self.open_paths.insert(path.to_path_buf(), uri.clone());
            self.touch(path.to_path_buf());
        }
        let entry = OpenDocument {
            version,
            doc,
            checked: None,
        };
        self.docs.insert(uri, entry);
    }

    /// Applies a `didChange`: each change is converted to a byte range
    /// through the rope as it stands after the previous ones, then the
    /// document is parsed once.
    pub fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: &[TextDocumentContentChangeEvent],
        encoding: PositionEncoding,
    ) -> Changed {
        let Some(entry) = self.docs.get_mut(uri) else {
            return Changed::NotOpen;
        };
        entry.version = version;
        let Some(doc) = entry.doc.as_mut() else {
            return Changed::Unhandled;
        };
        let mut clamped = 0;
        for change in changes {
            match change.range {
                Some(range) => {
                    let (range, out_of_range) = convert::text_range(doc.rope(), range, encoding);
                    clamped += usize::from(out_of_range);
                    doc.edit(range, &change.text);
                }
                None => doc.replace_all(&change.text),
            }
        }
        doc.reparse(version);
        if let Some(path) = doc.path().map(Path::to_path_buf) {
            self.touch(path);
        }
        Changed::Applied { clamped }
    }

    pub fn close(&mut self, uri: &Uri) -> bool {
        let Some(entry) = self.docs.remove(uri) else {
            return false;
        };
        if let Some(path) = entry.doc.as_ref().and_then(Document::path) {
            if self.open_paths.get(path) == Some(uri) {
                self.open_paths.remove(path);
            }
            self.touch(path.to_path_buf());
        }
        true
    }

    pub fn get(&self, uri: &Uri) -> Option<&OpenDocument> {
        self.docs.get(uri)
    }

    /// The buffers Bulwark handles, for re-checking after a change elsewhere.
    pub fn handled_uris(&self) -> Vec<Uri> {
        self.docs
            .iter()
            .filter(|(_, e)| e.doc.is_some())
            .map(|(uri, _)| uri.clone())
            .collect()
    }

    /// The open buffer of `path`, with its URI and version.
    pub fn open_buffer(&self, path: &Path) -> Option<(&Uri, &Document)> {
        let uri = self.open_paths.get(path)?;
        let doc = self.docs.get(uri)?.doc.as_ref()?;
        Some((uri, doc))
    }

    /// The current text of `path` as checks see it: the open buffer, or the
    /// file as last read from disk.
    pub fn current(&self, path: &Path) -> Option<&Document> {
        effective(&self.docs, &self.open_paths, &self.disk, path)
    }

    /// The latest results of `uri` when they are still valid: for its
    /// current version and the current generation.
    pub fn fresh(&self, uri: &Uri) -> Option<Arc<Checked>> {
        let entry = self.docs.get(uri)?;
        entry
            .checked
            .as_ref()
            .filter(|c| c.version() == entry.version && c.generation == self.generation)
            .cloned()
    }

    /// What a check of `uri` needs, with the workspace view brought up to date.
    pub fn check_input(&mut self, uri: &Uri) -> Option<CheckInput> {
        let doc = self.docs.get(uri)?.doc.clone()?;
        Some(CheckInput {
            doc,
            workspace: self.workspace(),
            generation: self.generation,
        })
    }

    /// Keeps `checked` as the latest results of `uri` when it is for the
    /// version the buffer has now: `Ok` with the results that stand, or
    /// `Err` with `checked` itself when it was not kept.
    ///
    /// When its diagnostics equal those of the results it replaces, it takes
    /// over their result id: a pull client holding that id already has these
    /// diagnostics. The replaced results are returned too, for the caller to
    /// drop off the request's path (freeing a large document's model takes
    /// a while).
    pub fn store(&mut self, uri: &Uri, mut checked: Checked) -> Stored {
        let Some(entry) = self.docs.get_mut(uri) else {
            return Stored::not_kept(checked);
        };
        if entry.doc.is_none() || checked.version() != entry.version {
            return Stored::not_kept(checked);
        }
        // Two checks of one version may finish out of order; the one that
        // saw the later workspace wins.
        if let Some(existing) = &entry.checked {
            if existing.version() == checked.version() && existing.generation > checked.generation {
                return Stored {
                    result: Ok(existing.clone()),
                    replaced: Some(Arc::new(checked)),
                };
            }
            if existing.diagnostics == checked.diagnostics {
                checked.result_id.clone_from(&existing.result_id);
            }
        }
        let checked = Arc::new(checked);
        let replaced = entry.checked.replace(checked.clone());
        Stored {
            result: Ok(checked),
            replaced,
        }
    }

    /// Records a file as read from disk (`None`: gone or no longer handled).
    /// Returns whether what checks see changed.
    pub fn set_disk(&mut self, path: &Path, doc: Option<Document>) -> bool {
        let inserted = doc.is_some();
        let had = match doc {
            Some(doc) => self.disk.insert(path.to_path_buf(), doc).is_some(),
            None => self.disk.remove(path).is_some(),
        };
        // An open buffer hides the disk, so what checks see is unchanged.
        let changed = (had || inserted) && !self.open_paths.contains_key(path);
        if changed {
            self.touch(path.to_path_buf());
        }
        changed
    }

    /// Records that an index of some folders has started: until it is
    /// added with [`Session::add_indexed`], the workspace view is pending.
    pub fn begin_index(&mut self) {
        self.indexing += 1;
        self.set_pending(true);
    }

    fn set_pending(&mut self, pending: bool) {
        if self.workspace.is_pending() != pending {
            Arc::make_mut(&mut self.workspace).set_pending(pending);
            self.generation += 1;
        }
    }

    /// Adds the files of a finished index, keeping entries that a watcher
    /// event or a save wrote meanwhile. Returns how many were added, and
    /// whether the workspace stopped being pending with it (the findings
    /// held back meanwhile are due then).
    pub fn add_indexed(&mut self, docs: Vec<Document>) -> (usize, bool) {
        let was_pending = self.workspace.is_pending();
        self.indexing = self.indexing.saturating_sub(1);
        if self.indexing == 0 {
            self.set_pending(false);
        }
        let ended = was_pending && !self.workspace.is_pending();
        let mut added = 0;
        for doc in docs {
            let Some(path) = doc.path().map(Path::to_path_buf) else {
                continue;
            };
            if self.disk.contains_key(&path) {
                continue;
            }
            self.disk.insert(path.clone(), doc);
            self.touch(path);
            added += 1;
        }
        (added, ended)
    }

    /// Drops the disk entries under `folder` (a removed workspace folder),
    /// except those another workspace folder still holds.
    pub fn forget_folder(&mut self, folder: &Path) {
        let gone: Vec<PathBuf> = self
            .disk
            .keys()
            .filter(|p| p.starts_with(folder) && self.folder_of(p).is_none())
            .cloned()
            .collect();
        for path in gone {
            self.set_disk(&path, None);
        }
    }

    /// Re-decides the kind of the open buffers in `dir` (a `Chart.yaml`
    /// appeared or went away there). Returns whether any changed.
    pub fn reclassify(&mut self, dir: &Path, kind_of: impl Fn(&Path) -> Option<FileKind>) -> bool {
        let mut touched = Vec::new();
        for entry in self.docs.values_mut() {
            let Some(doc) = entry.doc.as_ref() else {
                continue;
            };
            let Some(path) = doc.path().filter(|p| p.parent() == Some(dir)) else {
                continue;
            };
            let kind = kind_of(path);
            if kind == Some(doc.kind()) {
                continue;
            }
            let path = path.to_path_buf();
            entry.doc = kind.map(|k| {
                Document::new(Some(path.clone()), k, entry.version, doc.text().to_string())
            });
            entry.checked = None;
            touched.push(path);
        }
        let any = !touched.is_empty();
        for path in touched {
            self.touch(path);
        }
        any
    }

    /// The workspace view, synchronised with the buffers and the disk.
    fn workspace(&mut self) -> Arc<Workspace> {
        if !self.unsynced.is_empty() {
            let workspace = Arc::make_mut(&mut self.workspace);
            for path in self.unsynced.drain() {
                match effective(&self.docs, &self.open_paths, &self.disk, &path) {
                    Some(doc) => workspace.insert(doc.clone()),
                    None => {
                        workspace.remove(&path);
                    }
                }
            }
        }
        self.workspace.clone()
    }

    fn touch(&mut self, path: PathBuf) {
        self.unsynced.insert(path);
        self.generation += 1;
    }
}

fn effective<'s>(
    docs: &'s HashMap<Uri, OpenDocument>,
    open_paths: &HashMap<PathBuf, Uri>,
    disk: &'s HashMap<PathBuf, Document>,
    path: &Path,
) -> Option<&'s Document> {
    match open_paths.get(path).and_then(|uri| docs.get(uri)) {
        Some(entry) => entry.doc.as_ref(),
        None => disk.get(path),
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use tower_lsp_server::ls_types::{Position, Range};

    use super::*;

    fn change(
        range: Option<((u32, u32), (u32, u32))>,
        text: &str,
    ) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: range.map(|((sl, sc), (el, ec))| {
                Range::new(Position::new(sl, sc), Position::new(el, ec))
            }),
            range_length: None,
            text: text.to_string(),
        }
    }

    fn open(session: &mut Session, path: &str, text: &str) -> Uri {
        let uri = Uri::from_str(&format!("file://{path}")).unwrap();
        let doc = Document::new(Some(PathBuf::from(path)), FileKind::Dockerfile, 1, text);
        session.open(uri.clone(), 1, Some(doc));
        uri
    }

    fn text(session: &Session, uri: &Uri) -> String {
        session
            .get(uri)
            .unwrap()
            .doc
            .as_ref()
            .unwrap()
            .text()
            .to_string()
    }

    #[test]
    fn changes_apply_in_order_through_the_rope() {
        let mut session = Session::default();
        let uri = open(&mut session, "/w/Dockerfile", "FROM a\nRUN é x\n");
        let changes = [
            // After `é` (one UTF-16 unit, two bytes).
            change(Some(((1, 5), (1, 5))), "y"),
            // Positions of the second change see the first one applied.
            change(Some(((1, 6), (1, 7))), "z"),
        ];
        let outcome = session.change(&uri, 2, &changes, PositionEncoding::Utf16);
        assert_eq!(outcome, Changed::Applied { clamped: 0 });
        assert_eq!(text(&session, &uri), "FROM a\nRUN éyzx\n");
        assert_eq!(
            session.get(&uri).unwrap().doc.as_ref().unwrap().version(),
            2
        );
    }

    #[test]
    fn out_of_range_changes_are_clamped_and_counted() {
        let mut session = Session::default();
        let uri = open(&mut session, "/w/Dockerfile", "FROM a\n");
        let outcome = session.change(
            &uri,
            2,
            &[change(Some(((9, 0), (9, 4))), "USER 1\n")],
            PositionEncoding::Utf16,
        );
        assert_eq!(outcome, Changed::Applied { clamped: 1 });
        assert_eq!(text(&session, &uri), "FROM a\nUSER 1\n");
    }

    #[test]
    fn full_text_changes_replace_everything() {
        let mut session = Session::default();
        let uri = open(&mut session, "/w/Dockerfile", "FROM a\n");
        session.change(&uri, 2, &[change(None, "FROM b\n")], PositionEncoding::Utf8);
        assert_eq!(text(&session, &uri), "FROM b\n");
    }

    #[test]
    fn open_buffers_hide_disk_contents_until_closed() {
        let mut session = Session::default();
        let path = Path::new("/w/.dockerignore");
        let disk = Document::new(
            Some(path.to_path_buf()),
            FileKind::Dockerignore,
            0,
            ".git\n",
        );
        session.add_indexed(vec![disk]);
        let uri = Uri::from_str("file:///w/.dockerignore").unwrap();
        let buffer = Document::new(
            Some(path.to_path_buf()),
            FileKind::Dockerignore,
            3,
            ".env\n",
        );
        session.open(uri.clone(), 3, Some(buffer));

        let other = open(&mut session, "/w/Dockerfile", "FROM a\n");
        let input = session.check_input(&other).unwrap();
        assert_eq!(input.workspace.get(path).unwrap().text(), ".env\n");

        session.close(&uri);
        let input = session.check_input(&other).unwrap();
        assert_eq!(input.workspace.get(path).unwrap().text(), ".git\n");
    }

    #[test]
    fn results_for_an_older_version_are_not_kept() {
        let mut session = Session::default();
        let uri = open(&mut session, "/w/Dockerfile", "FROM a\n");
        let input = session.check_input(&uri).unwrap();
        session.change(
            &uri,
            2,
            &[change(None, "FROM b\n")],
            PositionEncoding::Utf16,
        );
        let stale = Checked::new(input.doc, input.generation, Vec::new(), Vec::new());
        assert!(session.store(&uri, stale).result.is_err());
        assert!(session.fresh(&uri).is_none());
    }

    #[test]
    fn a_change_elsewhere_makes_results_stale() {
        let mut session = Session::default();
        let uri = open(&mut session, "/w/Dockerfile", "FROM a\n");
        let input = session.check_input(&uri).unwrap();
        let checked = Checked::new(input.doc, input.generation, Vec::new(), Vec::new());
        assert!(session.store(&uri, checked).result.is_ok());
        assert!(session.fresh(&uri).is_some());
        let ignore = Document::new(
            Some("/w/.dockerignore".into()),
            FileKind::Dockerignore,
            0,
            "",
        );
        assert!(session.set_disk(Path::new("/w/.dockerignore"), Some(ignore)));
        assert!(session.fresh(&uri).is_none());
    }
}
