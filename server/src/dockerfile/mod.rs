//! The Dockerfile model: stages, instructions, flags, arguments and variables.
//!
//! Only the top level of the tree is read: the instruction nodes of
//! `source_file` (where each starts), `comment` nodes and error nodes. Each
//! instruction's text is then lexed here, in one pass over the file, so the
//! model does not depend on how a grammar shapes the inside of an
//! instruction. Lines inside an error node are lexed too, so a file with a
//! syntax error is still analysed.

pub mod grammar;
pub mod lexer;
pub mod shell;

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use tree_sitter::Tree;

pub use lexer::{Assignment, HeredocMarker, Logical, Word};
pub use shell::{Command, Redirect, Sep};

use crate::image::ImageRef;
use crate::syntax::SyntaxProblem;
use crate::text::TextRange;

/// An instruction's keyword, matched case-insensitively.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Keyword {
    From,
    Run,
    Cmd,
    Label,
    Maintainer,
    Expose,
    Env,
    Add,
    Copy,
    Entrypoint,
    Volume,
    User,
    Workdir,
    Arg,
    Onbuild,
    Stopsignal,
    Healthcheck,
    Shell,
    /// Anything else (a misspelling, `CROSS_BUILD_*`).
    Other,
}

impl Keyword {
    pub fn parse(word: &str) -> Option<Self> {
        const ALL: &[(&str, Keyword)] = &[
            ("FROM", Keyword::From),
            ("RUN", Keyword::Run),
            ("CMD", Keyword::Cmd),
            ("LABEL", Keyword::Label),
            ("MAINTAINER", Keyword::Maintainer),
            ("EXPOSE", Keyword::Expose),
            ("ENV", Keyword::Env),
            ("ADD", Keyword::Add),
            ("COPY", Keyword::Copy),
            ("ENTRYPOINT", Keyword::Entrypoint),
            ("VOLUME", Keyword::Volume),
            ("USER", Keyword::User),
            ("WORKDIR", Keyword::Workdir),
            ("ARG", Keyword::Arg),
            ("ONBUILD", Keyword::Onbuild),
            ("STOPSIGNAL", Keyword::Stopsignal),
            ("HEALTHCHECK", Keyword::Healthcheck),
            ("SHELL", Keyword::Shell),
        ];
        ALL.iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(word))
            .map(|(_, k)| *k)
    }

    /// Instructions whose arguments Docker expands `$VAR` in.
    fn expands(self) -> bool {
        matches!(
            self,
            Keyword::From
                | Keyword::Add
                | Keyword::Copy
                | Keyword::Env
                | Keyword::Expose
                | Keyword::Label
                | Keyword::Stopsignal
                | Keyword::User
                | Keyword::Volume
                | Keyword::Workdir
                | Keyword::Arg
        )
    }

    /// Instructions that accept a JSON array (exec form).
    fn takes_exec(self) -> bool {
        matches!(
            self,
            Keyword::Run
                | Keyword::Cmd
                | Keyword::Entrypoint
                | Keyword::Shell
                | Keyword::Volume
                | Keyword::Add
                | Keyword::Copy
        )
    }
}

/// A `--name[=value]` flag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    /// The name without the dashes, lower-cased.
    pub name: String,
    /// The value, quotes removed and variables expanded.
    pub value: Option<String>,
    pub range: TextRange,
    pub value_range: Option<TextRange>,
}

impl Flag {
    /// The comma-separated `key=value` options of a flag such as
    /// `--mount=type=secret,id=x`; a bare key has an empty value.
    pub fn options(&self) -> Vec<(&str, &str)> {
        self.value
            .as_deref()
            .unwrap_or("")
            .split(',')
            .filter(|part| !part.is_empty())
            .map(|part| match part.split_once('=') {
                Some((k, v)) => (k.trim(), v.trim()),
                None => (part.trim(), ""),
            })
            .collect()
    }

    pub fn option(&self, key: &str) -> Option<&str> {
        self.options()
            .into_iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    }
}

/// A heredoc opened on an instruction's line, with its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heredoc {
    pub marker: HeredocMarker,
    /// The body lines, without line breaks and without the terminator.
    pub lines: Vec<TextRange>,
    /// The terminator line; `None` when the file ends first.
    pub terminator: Option<TextRange>,
    /// True when RUN hands the body to a shell as its script.
    pub is_script: bool,
}

impl Heredoc {
    /// The body from its first line to the end of its last.
    pub fn body(&self) -> Option<TextRange> {
        let first = self.lines.first()?;
        let last = self.lines.last()?;
        Some(TextRange::new(first.start, last.end))
    }
}

/// One `NAME=value` pair of ENV, ARG or LABEL (or the legacy `ENV NAME value`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    pub name: String,
    pub name_range: TextRange,
    /// The value as written (quotes removed), when there is one.
    pub value: Option<String>,
    pub expanded: Option<String>,
    pub value_range: Option<TextRange>,
    /// The whole pair.
    pub range: TextRange,
}

/// One instruction with its lexed parts.
#[derive(Debug, Clone)]
pub struct Instruction {
    pub keyword: Keyword,
    pub keyword_range: TextRange,
    /// The whole instruction: continuation lines and heredoc bodies included.
    pub range: TextRange,
    /// The logical line: from the keyword to the end of its last
    /// continuation line.
    pub header: TextRange,
    pub flags: Vec<Flag>,
    /// The words after the flags (Docker's quoting, variables expanded
    /// where Docker expands them).
    pub args: Vec<Word>,
    /// The JSON array, for instructions written in exec form.
    pub exec: Option<Vec<Word>>,
    pub heredocs: Vec<Heredoc>,
    /// For RUN: its simple commands, from the line and from heredoc scripts.
    pub commands: Vec<Command>,
    /// The stage the instruction belongs to (`None` before the first FROM).
    pub stage: Option<usize>,
    /// The working directory the instruction runs in.
    pub workdir: Arc<str>,
    logical: Logical,
    /// Logical offset where the arguments start.
    args_start: usize,
}

impl Instruction {
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(name))
    }

    /// The arguments as written after the flags, continuations joined.
    pub fn args_text(&self) -> &str {
        self.logical
            .text
            .get(self.args_start..)
            .unwrap_or("")
            .trim()
    }

    /// The document range of the arguments.
    pub fn args_range(&self) -> TextRange {
        let text = &self.logical.text;
        let start = lexer::skip_space(text, self.args_start.min(text.len()));
        let end = text.trim_end().len().max(start);
        self.logical.range(start, end)
    }

    /// The JSON array's words in exec form, the plain words otherwise.
    pub fn operands(&self) -> &[Word] {
        self.exec.as_deref().unwrap_or(&self.args)
    }

    /// True for a RUN, CMD or ENTRYPOINT written as a JSON array.
    pub fn is_exec_form(&self) -> bool {
        self.exec.is_some()
    }

    /// The logical line, for mapping offsets of `args_text`.
    pub fn logical(&self) -> &Logical {
        &self.logical
    }

    /// ENV, ARG or LABEL pairs (ARG pairs may have no value).
    pub fn pairs(&self) -> Vec<Pair> {
        let legacy = self.keyword == Keyword::Env
            && self.args.first().is_some_and(|w| w.assignment().is_none());
        if legacy {
            let name = &self.args[0];
            let rest = &self.args[1..];
            let value = rest
                .iter()
                .map(|w| w.value.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let expanded = rest
                .iter()
                .map(|w| w.expanded.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let value_range = match (rest.first(), rest.last()) {
                (Some(a), Some(b)) => Some(TextRange::new(a.range.start, b.range.end)),
                _ => None,
            };
            let end = value_range.map_or(name.range.end, |r| r.end);
            return vec![Pair {
                name: name.value.clone(),
                name_range: name.range,
                value: Some(value),
                expanded: Some(expanded),
                value_range,
                range: TextRange::new(name.range.start, end),
            }];
        }
        self.args
            .iter()
            .map(|w| match w.assignment() {
                Some(a) => Pair {
                    name: a.name.to_string(),
                    name_range: a.name_range,
                    value: Some(a.value.to_string()),
                    expanded: Some(a.expanded.to_string()),
                    value_range: Some(a.value_range),
                    range: w.range,
                },
                None => Pair {
                    name: w.value.clone(),
                    name_range: w.range,
                    value: None,
                    expanded: None,
                    value_range: None,
                    range: w.range,
                },
            })
            .collect()
    }
}

/// What a stage is built from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base {
    /// An image, parsed from its reference with variables substituted.
    Image(ImageRef),
    /// An earlier stage, by index.
    Stage(usize),
    Scratch,
    /// Nothing usable: a missing reference or one whose variables have no value.
    Unknown,
}

/// One build stage: a FROM and the instructions up to the next FROM.
#[derive(Debug, Clone)]
pub struct Stage {
    pub index: usize,
    /// The `AS` name as written.
    pub name: Option<String>,
    pub name_range: Option<TextRange>,
    /// Index of the FROM instruction.
    pub from: usize,
    pub base: Base,
    /// The base reference word (its `expanded` value is what was parsed).
    pub image: Option<Word>,
    /// Indices of the stage's instructions, the FROM included.
    pub instructions: Range<usize>,
    /// The last USER of this stage itself.
    pub user: Option<usize>,
    /// The last HEALTHCHECK of this stage itself.
    pub healthcheck: Option<usize>,
}

impl Stage {
    /// The parent stage when this one is built FROM an earlier stage.
    pub fn parent(&self) -> Option<usize> {
        match self.base {
            Base::Stage(i) if i < self.index => Some(i),
            _ => None,
        }
    }

    /// The base image, when the stage is built from an image.
    pub fn image_ref(&self) -> Option<&ImageRef> {
        match &self.base {
            Base::Image(image) => Some(image),
            _ => None,
        }
    }

    /// The document range of a part of the base reference (a byte range of
    /// [`ImageRef::text`], such as its tag): the part itself when the
    /// reference is written literally, the whole reference word when it came
    /// from variables or quotes.
    pub fn image_part_range(&self, part: Option<Range<usize>>) -> Option<TextRange> {
        let word = self.image.as_ref()?;
        let image = self.image_ref()?;
        let literal = word.value == word.expanded
            && !word.quoted
            && word.value == image.text
            && word.range.len() == image.text.len();
        match part {
            Some(p) if literal && p.end <= image.text.len() => Some(TextRange::new(
                word.range.start + p.start,
                word.range.start + p.end,
            )),
            _ => Some(word.range),
        }
    }
}

/// A parsed Dockerfile, in the shape rules read.
#[derive(Debug, Default)]
pub struct Model {
    /// The escape character from the `# escape=` directive.
    pub escape: char,
    pub instructions: Vec<Instruction>,
    pub stages: Vec<Stage>,
    comments: Vec<TextRange>,
    problems: Vec<SyntaxProblem>,
}

impl Model {
    pub fn build(text: &str, tree: &Tree) -> Self {
        Builder::new(text).run(tree)
    }

    pub fn comments(&self) -> Vec<TextRange> {
        self.comments.clone()
    }

    /// The next instruction after `comment`, continuation lines and heredoc
    /// bodies included.
    pub fn scope_after(&self, _text: &str, comment: TextRange) -> Option<TextRange> {
        let i = self
            .instructions
            .partition_point(|ins| ins.range.start < comment.end);
        self.instructions.get(i).map(|ins| ins.range)
    }

    pub fn syntax_problems(&self) -> Vec<SyntaxProblem> {
        self.problems.clone()
    }

    /// The stage Docker builds by default: the last one.
    pub fn final_stage(&self) -> Option<&Stage> {
        self.stages.last()
    }

    pub fn stage(&self, index: usize) -> Option<&Stage> {
        self.stages.get(index)
    }

    /// The instructions of a stage, its FROM included.
    pub fn stage_instructions(&self, stage: &Stage) -> &[Instruction] {
        self.instructions
            .get(stage.instructions.clone())
            .unwrap_or(&[])
    }

    /// True when `stage` is the final stage.
    pub fn is_final(&self, stage: usize) -> bool {
        self.stages.len().checked_sub(1) == Some(stage)
    }

    /// The stage a `--from=` value or a FROM reference names: a stage name
    /// (case-insensitive) or a stage index.
    pub fn stage_named(&self, name: &str) -> Option<usize> {
        self.stages
            .iter()
            .find(|s| {
                s.name
                    .as_deref()
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
            })
            .map(|s| s.index)
            .or_else(|| {
                name.parse::<usize>()
                    .ok()
                    .filter(|i| *i < self.stages.len())
            })
    }

    /// The USER in force at the end of a stage: its own last USER, else the
    /// one of the stage it is built from.
    pub fn effective_user(&self, stage: usize) -> Option<&Instruction> {
        self.inherited(stage, |s| s.user)
    }

    /// The HEALTHCHECK in force in a stage, inherited the same way as USER.
    pub fn effective_healthcheck(&self, stage: usize) -> Option<&Instruction> {
        self.inherited(stage, |s| s.healthcheck)
    }

    fn inherited(
        &self,
        mut stage: usize,
        get: fn(&Stage) -> Option<usize>,
    ) -> Option<&Instruction> {
        // Parents always come earlier, so this walk ends; the bound is a guard.
        for _ in 0..=self.stages.len() {
            let s = self.stages.get(stage)?;
            if let Some(i) = get(s) {
                return self.instructions.get(i);
            }
            stage = s.parent()?;
        }
        None
    }
}

/// Parser directives at the top of the file; returns the escape character.
fn directives(text: &str) -> char {
    let mut escape = '\\';
    for line in text.lines() {
        let line = line.trim();
        let Some(body) = line.strip_prefix('#') else {
            break;
        };
        let Some((key, value)) = body.split_once('=') else {
            break;
        };
        let key = key.trim();
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric()) {
            break;
        }
        if key.eq_ignore_ascii_case("escape") {
            match value.trim() {
                "`" => escape = '`',
                "\\" => escape = '\\',
                _ => {}
            }
        }
    }
    escape
}

/// Variables visible in a stage: `None` for an ARG declared without a value.
type Vars = HashMap<String, Option<String>>;

struct Builder<'t> {
    text: &'t str,
    escape: char,
    model: Model,
    global: Vars,
    vars: Vars,
    /// ENV of each stage at its end, for stages built FROM it.
    stage_env: Vec<Vars>,
    env: Vars,
    workdir: Arc<str>,
    stage_workdirs: Vec<Arc<str>>,
    /// Where unterminated heredocs start, for syntax problems.
    unterminated: Vec<(TextRange, usize, String)>,
}

impl<'t> Builder<'t> {
    fn new(text: &'t str) -> Self {
        Self {
            text,
            escape: directives(text),
            model: Model::default(),
            global: Vars::new(),
            vars: Vars::new(),
            stage_env: Vec::new(),
            env: Vars::new(),
            workdir: Arc::from("/"),
            stage_workdirs: Vec::new(),
            unterminated: Vec::new(),
        }
    }

    fn run(mut self, tree: &Tree) -> Model {
        let text = self.text;
        let root = tree.root_node();
        let mut cursor = root.walk();
        let mut pos = 0;
        for node in root.children(&mut cursor) {
            let start = node.start_byte().min(text.len());
            let end = node.end_byte().min(text.len());
            if node.is_error() && end > pos {
                // An error node may begin inside an instruction the lexer
                // already read (a continuation the grammar missed).
                pos = self.lines(start.max(pos), end);
                continue;
            }
            if start < pos {
                continue;
            }
            let kind = node.kind();
            if kind.ends_with("_instruction") {
                pos = self.instruction(start);
            } else if kind == "comment" {
                let end = lexer::line_bounds(text, start).0.min(node.end_byte());
                self.model
                    .comments
                    .push(TextRange::new(start, end.max(start)));
                pos = end;
            }
        }
        self.finish_stage();

        let mut problems = crate::syntax::problems(tree, text, 100);
        // The grammar's error for an unclosed heredoc starts somewhere in the
        // instruction or its body; the heredoc's own message replaces it.
        for (_, instruction, _) in &self.unterminated {
            problems.retain(|p| p.range.start < *instruction);
        }
        for (at, _, word) in &self.unterminated {
            problems.push(SyntaxProblem {
                range: *at,
                message: format!(
                    "syntax error: the heredoc `{word}` is never closed; end it with a line holding only `{word}`"
                ),
            });
        }
        problems.sort_by_key(|p| p.range.start);
        self.model.problems = problems;
        self.model.escape = self.escape;
        self.model.comments.sort();
        self.model
    }

    /// Lexes the lines of an error node: instructions where a line starts
    /// with a keyword, comments where it starts with `#`.
    fn lines(&mut self, start: usize, end: usize) -> usize {
        let text = self.text;
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let mut pos = if text[line_start..start].trim().is_empty() {
            line_start
        } else {
            lexer::line_bounds(text, start).1
        };
        while pos < end {
            let (line_end, next) = lexer::line_bounds(text, pos);
            let line = &text[pos..line_end];
            let trimmed = line.trim_start();
            let at = pos + (line.len() - trimmed.len());
            let word: String = trimmed
                .chars()
                .take_while(|c| c.is_ascii_alphabetic() || *c == '_')
                .collect();
            if trimmed.starts_with('#') {
                let end = at + trimmed.trim_end().len();
                self.model.comments.push(TextRange::new(at, end));
                pos = next;
            } else if !word.is_empty() && Keyword::parse(&word).is_some() {
                pos = self.instruction(at);
            } else {
                pos = next;
            }
        }
        pos
    }

    /// Lexes the instruction whose keyword starts at `start`; returns the
    /// offset after it (after its heredoc bodies).
    fn instruction(&mut self, start: usize) -> usize {
        let text = self.text;
        let escape = self.escape;
        let read = lexer::read_logical(text, start, escape);
        self.model.comments.extend(read.comments.iter().copied());
        let logical = read.logical;
        let ltext = logical.text.as_str();

        let kw_len = ltext
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(ltext.len());
        let keyword = Keyword::parse(&ltext[..kw_len]).unwrap_or(Keyword::Other);
        let keyword_range = logical.range(0, kw_len);

        if keyword == Keyword::From {
            self.finish_stage();
        }
        let global_scope = keyword == Keyword::From || self.model.stages.is_empty();
        let expand = keyword.expands();

        // Flags come first; their values are always expanded.
        let mut flags = Vec::new();
        let mut i = lexer::skip_space(ltext, kw_len);
        while ltext[i..].starts_with("--") {
            let (word, end) = {
                let lookup = self.lookup(global_scope);
                lexer::docker_word(&logical, i, escape, Some(&lookup))
            };
            let raw = &word.expanded[2..];
            let (name, value) = match raw.split_once('=') {
                Some((n, v)) => (n.to_ascii_lowercase(), Some(v.to_string())),
                None => (raw.to_ascii_lowercase(), None),
            };
            let value_range = word.assignment().map(|a| a.value_range);
            flags.push(Flag {
                name,
                value,
                range: word.range,
                value_range,
            });
            i = lexer::skip_space(ltext, end);
        }
        let args_start = i;

        let exec = if keyword.takes_exec() {
            lexer::json_array(&logical, args_start)
        } else {
            None
        };
        let mut args = Vec::new();
        let mut raws = Vec::new();
        let mut j = args_start;
        while j < ltext.len() {
            let (word, end) = if expand {
                let lookup = self.lookup(global_scope);
                lexer::docker_word(&logical, j, escape, Some(&lookup))
            } else {
                lexer::docker_word(&logical, j, escape, None)
            };
            raws.push(ltext[j..end].to_string());
            args.push(word);
            j = lexer::skip_space(ltext, end.max(j + 1));
        }

        // Heredoc bodies follow the logical line, one after another.
        let mut heredocs = Vec::new();
        let mut pos = read.next;
        let mut range_end = read.end;
        if matches!(keyword, Keyword::Run | Keyword::Copy | Keyword::Add) && exec.is_none() {
            for (word, raw) in args.iter().zip(&raws) {
                let Some(marker) = lexer::heredoc_marker(raw, word.range) else {
                    continue;
                };
                let mut lines = Vec::new();
                let mut terminator = None;
                while pos < text.len() {
                    let (line_end, next) = lexer::line_bounds(text, pos);
                    let end = if line_end > pos && text.as_bytes()[line_end - 1] == b'\r' {
                        line_end - 1
                    } else {
                        line_end
                    };
                    let line = &text[pos..end];
                    let cmp = if marker.strip_tabs {
                        line.trim_start_matches('\t')
                    } else {
                        line
                    };
                    let range = TextRange::new(pos, end);
                    pos = next;
                    range_end = range_end.max(end);
                    if cmp == marker.word {
                        terminator = Some(range);
                        break;
                    }
                    lines.push(range);
                }
                if terminator.is_none() {
                    let line_end = lexer::line_bounds(text, marker.range.start).0;
                    let at = TextRange::new(marker.range.start, line_end.max(marker.range.end));
                    self.unterminated.push((at, start, marker.word.clone()));
                }
                heredocs.push(Heredoc {
                    marker,
                    lines,
                    terminator,
                    is_script: false,
                });
            }
        }

        let commands = if keyword == Keyword::Run {
            run_commands(text, &logical, args_start, exec.as_deref(), &mut heredocs)
        } else {
            Vec::new()
        };

        let index = self.model.instructions.len();
        let stage = self.model.stages.len().checked_sub(1);
        let mut instruction = Instruction {
            keyword,
            keyword_range,
            range: TextRange::new(start, range_end.max(start)),
            header: TextRange::new(start, read.end.max(start)),
            flags,
            args,
            exec,
            heredocs,
            commands,
            stage,
            workdir: self.workdir.clone(),
            logical,
            args_start,
        };
        self.apply(index, &mut instruction);
        self.model.instructions.push(instruction);
        pos.max(read.next).max(start + 1)
    }

    /// Records what an instruction changes: stages, variables, USER,
    /// HEALTHCHECK and WORKDIR.
    fn apply(&mut self, index: usize, ins: &mut Instruction) {
        match ins.keyword {
            Keyword::From => {
                let stage_index = self.model.stages.len();
                let image = ins.args.first().cloned();
                let name_at = ins
                    .args
                    .iter()
                    .position(|w| w.value.eq_ignore_ascii_case("as"))
                    .filter(|i| *i >= 1);
                let name = name_at.and_then(|i| ins.args.get(i + 1));
                let base = match &image {
                    None => Base::Unknown,
                    Some(w) if !w.resolved || w.expanded.is_empty() => Base::Unknown,
                    Some(w) if w.expanded.eq_ignore_ascii_case("scratch") => Base::Scratch,
                    Some(w) => match self.model.stage_named(&w.expanded) {
                        Some(s) if w.expanded.parse::<usize>().is_err() => Base::Stage(s),
                        _ => ImageRef::parse(&w.expanded).map_or(Base::Unknown, Base::Image),
                    },
                };
                let parent = match base {
                    Base::Stage(p) => Some(p),
                    _ => None,
                };
                self.env = parent
                    .and_then(|p| self.stage_env.get(p).cloned())
                    .unwrap_or_default();
                self.vars = self.env.clone();
                self.workdir = parent
                    .and_then(|p| self.stage_workdirs.get(p).cloned())
                    .unwrap_or_else(|| Arc::from("/"));
                ins.stage = Some(stage_index);
                ins.workdir = self.workdir.clone();
                self.model.stages.push(Stage {
                    index: stage_index,
                    name: name.map(|w| w.value.clone()),
                    name_range: name.map(|w| w.range),
                    from: index,
                    base,
                    image,
                    instructions: index..index + 1,
                    user: None,
                    healthcheck: None,
                });
            }
            Keyword::Arg => {
                let global = self.model.stages.is_empty();
                for pair in ins.pairs() {
                    let value = match pair.expanded {
                        Some(v) => Some(v),
                        None if global => None,
                        None => self.global.get(&pair.name).cloned().flatten(),
                    };
                    if global {
                        self.global.insert(pair.name, value);
                    } else {
                        self.vars.insert(pair.name, value);
                    }
                }
            }
            Keyword::Env => {
                for pair in ins.pairs() {
                    let value = pair.expanded.unwrap_or_default();
                    self.vars.insert(pair.name.clone(), Some(value.clone()));
                    self.env.insert(pair.name, Some(value));
                }
            }
            Keyword::Workdir => {
                if let Some(w) = ins.args.first() {
                    let path = w.expanded.as_str();
                    self.workdir = if path.starts_with('/') || path.contains(':') {
                        Arc::from(path)
                    } else {
                        Arc::from(format!("{}/{}", self.workdir.trim_end_matches('/'), path))
                    };
                }
            }
            _ => {}
        }
        if let Some(stage) = self.model.stages.last_mut() {
            stage.instructions.end = index + 1;
            match ins.keyword {
                Keyword::User => stage.user = Some(index),
                Keyword::Healthcheck => stage.healthcheck = Some(index),
                _ => {}
            }
        }
    }

    fn finish_stage(&mut self) {
        if self.model.stages.len() > self.stage_env.len() {
            self.stage_env.push(std::mem::take(&mut self.env));
            self.stage_workdirs.push(self.workdir.clone());
        }
    }

    fn lookup(&self, global: bool) -> impl Fn(&str) -> Option<String> + '_ {
        move |name: &str| {
            let scope = if global { &self.global } else { &self.vars };
            scope.get(name).cloned().flatten()
        }
    }
}

/// Shell programs that run a heredoc body as their script.
const SHELLS: &[&str] = &["sh", "bash", "ash", "dash", "zsh", "ksh"];

/// The simple commands of a RUN: its line, then the heredoc bodies that are
/// scripts (a heredoc on a line with no program, or fed to a shell).
fn run_commands(
    text: &str,
    logical: &Logical,
    args_start: usize,
    exec: Option<&[Word]>,
    heredocs: &mut [Heredoc],
) -> Vec<Command> {
    let mut out = Vec::new();
    if let Some(words) = exec {
        out.push(Command {
            words: words.to_vec(),
            redirects: Vec::new(),
            sep: Sep::End,
        });
        return out;
    }
    let src = logical.text.get(args_start..).unwrap_or("");
    shell::parse(src, &|i| logical.orig(args_start + i), &mut out);
    for heredoc in heredocs.iter_mut() {
        let holder = out.iter().find(|c| {
            c.redirects.iter().any(|r| {
                r.op.starts_with("<<")
                    && r.target
                        .as_ref()
                        .is_some_and(|t| t.value == heredoc.marker.word)
            })
        });
        heredoc.is_script = match holder {
            Some(c) => c.words.is_empty() || c.program_name().is_some_and(|p| SHELLS.contains(&p)),
            None => false,
        };
    }
    for heredoc in heredocs.iter() {
        if let (true, Some(body)) = (heredoc.is_script, heredoc.body()) {
            let src = &text[body.start..body.end];
            shell::parse(src, &|i| body.start + i, &mut out);
        }
    }
    // A line holding only the heredoc redirection names no program.
    out.retain(|c| !c.words.is_empty());
    out
}

#[cfg(test)]
mod tests;
