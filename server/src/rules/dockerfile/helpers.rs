//! Judgement shared by the Dockerfile rules: which stages end up in the
//! image, package-manager invocations, and edits that keep the file's style.

use crate::dockerfile::{Command, Instruction, Keyword, Model, Stage, Word};
use crate::rules::Context;
use crate::text::TextRange;

/// The document's Dockerfile model, if it is one.
pub fn model<'a>(ctx: &Context<'a>) -> Option<&'a crate::dockerfile::Model> {
    ctx.doc.analysis().dockerfile()
}

/// The final stage and the stages it is built FROM, whose layers all end
/// up in the image.
pub fn final_chain(model: &Model) -> Vec<usize> {
    let mut out = Vec::new();
    let mut next = model.final_stage().map(|s| s.index);
    while let Some(i) = next {
        if out.contains(&i) {
            break;
        }
        out.push(i);
        next = model.stage(i).and_then(Stage::parent);
    }
    out
}

/// True when the instruction's stage ends up in the final image.
pub fn in_final_image(chain: &[usize], ins: &Instruction) -> bool {
    ins.stage.is_some_and(|s| chain.contains(&s))
}

/// The RUN instructions of the file.
pub fn runs(model: &Model) -> impl Iterator<Item = &Instruction> {
    model
        .instructions
        .iter()
        .filter(|i| i.keyword == Keyword::Run)
}

/// The package managers rules know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Manager {
    Apt,
    Apk,
    Dnf,
    Pip,
    Npm,
    Gem,
    Go,
}

/// One package-manager command: which manager, its subcommand word, and
/// the words after the subcommand.
#[derive(Debug, Clone, Copy)]
pub struct PackageCommand<'a> {
    pub manager: Manager,
    pub command: &'a Command,
    /// The program word (`apt-get`, `pip3`).
    pub program: &'a Word,
    /// The subcommand word (`install`, `add`, `update`).
    pub sub: &'a Word,
    /// Every word after the program, options included.
    pub words: &'a [Word],
    /// Index in `words` just after the subcommand.
    pub after_sub: usize,
}

impl<'a> PackageCommand<'a> {
    pub fn sub(&self) -> &str {
        &self.sub.value
    }

    /// True when any word is one of `options` (or `option=value`).
    pub fn has_option(&self, options: &[&str]) -> bool {
        self.words.iter().any(|w| {
            options.iter().any(|o| {
                w.value == *o || w.value.strip_prefix(o).is_some_and(|r| r.starts_with('='))
            })
        })
    }

    /// The package arguments: words after the subcommand that are not
    /// options or option values.
    pub fn packages(&self) -> Vec<&'a Word> {
        let with_value: &[&str] = match self.manager {
            Manager::Apt => &["-o", "-t", "-c", "--target-release", "--option"],
            Manager::Apk => &["-X", "--repository", "-t", "--virtual", "--root", "-p"],
            Manager::Dnf => &["--setopt", "--repo", "--enablerepo", "--disablerepo", "-c"],
            Manager::Pip => &[
                "-r",
                "--requirement",
                "-c",
                "--constraint",
                "-e",
                "--editable",
                "-i",
                "--index-url",
                "--extra-index-url",
                "--trusted-host",
                "-t",
                "--target",
                "--prefix",
                "--root",
                "-f",
                "--find-links",
                "--wheel-dir",
                "-w",
                "--platform",
                "--python-version",
            ],
            Manager::Npm => &["--prefix", "--registry", "-w", "--workspace"],
            Manager::Gem => &["-v", "--version", "-i", "--install-dir", "--source", "-n"],
            Manager::Go => &["-o", "-tags", "-ldflags"],
        };
        let mut out = Vec::new();
        let mut skip = false;
        for w in self.words.get(self.after_sub..).unwrap_or(&[]) {
            if skip {
                skip = false;
                continue;
            }
            if w.value.starts_with('-') {
                skip = with_value.contains(&w.value.as_str());
                continue;
            }
            out.push(w);
        }
        out
    }
}

/// Reads a simple command as a package-manager command, if it is one.
pub fn package_command(command: &Command) -> Option<PackageCommand<'_>> {
    let program = command.program();
    let first = program.first()?;
    let name = crate::dockerfile::shell::base_name(&first.value);
    let (manager, rest_at) = match name {
        "apt-get" | "apt" => (Manager::Apt, 1),
        "apk" => (Manager::Apk, 1),
        "dnf" | "yum" | "microdnf" => (Manager::Dnf, 1),
        "npm" => (Manager::Npm, 1),
        "gem" => (Manager::Gem, 1),
        "go" => (Manager::Go, 1),
        n if n.starts_with("pip") && n[3..].chars().all(|c| c.is_ascii_digit() || c == '.') => {
            (Manager::Pip, 1)
        }
        n if n.starts_with("python") => {
            let m = program.iter().position(|w| w.value == "-m")?;
            let module = program.get(m + 1)?;
            if !module.value.starts_with("pip") {
                return None;
            }
            (Manager::Pip, m + 2)
        }
        _ => return None,
    };
    let words = program.get(rest_at..)?;
    let sub_at = words.iter().position(|w| !w.value.starts_with('-'))?;
    Some(PackageCommand {
        manager,
        command,
        program: first,
        sub: &words[sub_at],
        words,
        after_sub: sub_at + 1,
    })
}

/// Every package-manager command of a RUN.
pub fn package_commands(ins: &Instruction) -> impl Iterator<Item = PackageCommand<'_>> {
    ins.commands.iter().filter_map(package_command)
}

/// True for an install subcommand of the manager.
pub fn is_install(p: &PackageCommand<'_>) -> bool {
    match p.manager {
        Manager::Apk => p.sub() == "add",
        Manager::Npm => matches!(p.sub(), "install" | "i" | "add"),
        _ => p.sub() == "install",
    }
}

/// True when a RUN mounts a cache at a path that starts with one of `paths`.
pub fn has_cache_mount(ins: &Instruction, paths: &[&str]) -> bool {
    ins.flags.iter().filter(|f| f.name == "mount").any(|f| {
        f.option("type") == Some("cache")
            && f.option("target")
                .or_else(|| f.option("dst"))
                .or_else(|| f.option("destination"))
                .is_some_and(|t| paths.iter().any(|p| t.starts_with(p)))
    })
}

/// True when a RUN runs `rm` on a path that starts with one of `prefixes`.
pub fn removes(ins: &Instruction, prefixes: &[&str]) -> bool {
    ins.commands
        .iter()
        .filter(|c| c.program_name() == Some("rm"))
        .flat_map(|c| c.program().iter().skip(1))
        .any(|w| prefixes.iter().any(|p| w.value.starts_with(p)))
}

/// A range from the start of `a` to the end of `b`.
pub fn span(a: TextRange, b: TextRange) -> TextRange {
    TextRange::new(a.start.min(b.start), b.end.max(a.end))
}

/// The line break the document uses.
pub fn newline(text: &str) -> &'static str {
    if text.contains("\r\n") { "\r\n" } else { "\n" }
}

/// The whitespace at the start of the line holding `offset`.
pub fn indent_at(text: &str, offset: usize) -> &str {
    let start = text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line = &text[start..];
    let len = line.len() - line.trim_start_matches([' ', '\t']).len();
    &line[..len]
}

/// The range of the whole lines an instruction covers, with the line break
/// after them, for deleting it.
pub fn whole_lines(text: &str, range: TextRange) -> TextRange {
    let start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let end = text[range.end..]
        .find('\n')
        .map_or(text.len(), |i| range.end + i + 1);
    TextRange::new(start, end)
}

/// Text that appends a shell command to a RUN written over continuation
/// lines in the same style (` \` and the last line's indentation), or on
/// the same line when the RUN is one line.
pub fn append_command(text: &str, model: &Model, ins: &Instruction, command: &str) -> String {
    let header = &text[ins.header.start..ins.header.end];
    if header.contains('\n') {
        let indent = indent_at(text, ins.header.end);
        let indent = if indent.is_empty() { "    " } else { indent };
        format!(" {}{}{indent}&& {command}", model.escape, newline(text))
    } else {
        format!(" && {command}")
    }
}
