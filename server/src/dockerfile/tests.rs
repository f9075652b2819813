//! Unit tests of the Dockerfile model: lexing, heredocs, escapes,
//! substitution, stages and the shell view.

use super::*;
use crate::format::Syntax;

fn model(text: &str) -> Model {
    let tree = crate::syntax::parse(Syntax::Dockerfile, text, None).expect("grammar loads");
    Model::build(text, &tree)
}

fn slice(text: &str, r: TextRange) -> &str {
    &text[r.start..r.end]
}

#[test]
fn instructions_keywords_flags_and_ranges() {
    let text = "FROM --platform=$BUILDPLATFORM golang:1.22 AS Build\n\
                run --mount=type=secret,id=npm,target=/x \\\n    echo hi\n";
    let m = model(text);
    assert_eq!(m.instructions.len(), 2);
    let from = &m.instructions[0];
    assert_eq!(from.keyword, Keyword::From);
    assert_eq!(from.flag("platform").unwrap().value.as_deref(), Some(""));
    let run = &m.instructions[1];
    assert_eq!(run.keyword, Keyword::Run);
    assert_eq!(slice(text, run.keyword_range), "run");
    let mount = run.flag("mount").unwrap();
    assert_eq!(mount.option("type"), Some("secret"));
    assert_eq!(mount.option("id"), Some("npm"));
    assert_eq!(
        slice(text, run.range),
        "run --mount=type=secret,id=npm,target=/x \\\n    echo hi"
    );
    assert_eq!(run.args_text(), "echo hi");
    let echo = &run.commands[0].words[1];
    assert_eq!(slice(text, echo.range), "hi");
}

#[test]
fn stages_names_and_references() {
    let text = "FROM golang:1.22@sha256:abc AS Build\nRUN go build\nFROM build AS test\n\
                FROM scratch\nCOPY --from=BUILD /out /app\n";
    let m = model(text);
    assert_eq!(m.stages.len(), 3);
    assert_eq!(m.stages[1].base, Base::Stage(0));
    assert_eq!(m.stages[2].base, Base::Scratch);
    assert_eq!(m.stage_named("build"), Some(0));
    assert_eq!(m.final_stage().unwrap().index, 2);
    let image = m.stages[0].image_ref().unwrap();
    assert_eq!(image.digest(), Some("sha256:abc"));
    let tag = m.stages[0].image_part_range(image.tag.clone()).unwrap();
    assert_eq!(slice(text, tag), "1.22");
    assert_eq!(m.instructions[4].stage, Some(2));
}

#[test]
fn global_args_and_substitution() {
    let text = "ARG TAG=3.19\nARG USERNAME=root\nFROM alpine:${TAG} AS a\nARG TAG\nARG USERNAME\n\
                ENV HOME_DIR=/home/${USERNAME:-x} B=${NOPE:-dflt}\nUSER $USERNAME\n";
    let m = model(text);
    let image = m.stages[0].image_ref().unwrap();
    assert_eq!(image.tag(), Some("3.19"));
    // The tag came from a variable, so its range is the whole reference.
    let r = m.stages[0].image_part_range(image.tag.clone()).unwrap();
    assert_eq!(slice(text, r), "alpine:${TAG}");
    let env = &m.instructions[5];
    let pairs = env.pairs();
    assert_eq!(pairs[0].expanded.as_deref(), Some("/home/root"));
    assert_eq!(pairs[1].expanded.as_deref(), Some("dflt"));
    let user = m.effective_user(0).unwrap();
    assert_eq!(user.args[0].expanded, "root");
}

#[test]
fn stage_args_do_not_leak_but_env_is_inherited() {
    let text = "FROM a:1 AS one\nARG X=1\nENV Y=2\nUSER 10001\nHEALTHCHECK CMD true\n\
                FROM one\nLABEL l=$X m=$Y\nFROM b:1\n";
    let m = model(text);
    let label = &m.instructions[6];
    assert_eq!(label.args[0].expanded, "l=");
    assert!(!label.args[0].resolved);
    assert_eq!(label.args[1].expanded, "m=2");
    assert!(m.effective_user(1).is_some());
    assert!(m.effective_healthcheck(1).is_some());
    assert!(m.effective_user(2).is_none());
}

#[test]
fn legacy_env_and_multiline_pairs() {
    let text =
        "FROM a:1\nENV DB_PASSWORD hunter2 prod\nENV A=/srv \\\n    SECRET=\"x y\" \\\n    C=1\n";
    let m = model(text);
    let legacy = m.instructions[1].pairs();
    assert_eq!(legacy[0].name, "DB_PASSWORD");
    assert_eq!(legacy[0].value.as_deref(), Some("hunter2 prod"));
    let pairs = m.instructions[2].pairs();
    assert_eq!(pairs.len(), 3);
    assert_eq!(pairs[1].value.as_deref(), Some("x y"));
    assert_eq!(slice(text, pairs[1].range), "SECRET=\"x y\"");
    assert_eq!(slice(text, pairs[1].value_range.unwrap()), "\"x y\"");
}

#[test]
fn heredocs_script_and_content() {
    let text = "FROM a:1\nRUN <<EOF\nset -eu\napt-get update\nEOF\n\
                COPY <<-\"X\" <<Y /dst/\n\tbody\n\tX\nother\nY\nUSER 1\n";
    let m = model(text);
    assert_eq!(m.instructions.len(), 4);
    let run = &m.instructions[1];
    assert!(run.heredocs[0].is_script);
    let names: Vec<_> = run
        .commands
        .iter()
        .filter_map(|c| c.name())
        .map(|w| w.value.as_str())
        .collect();
    assert_eq!(names, ["set", "apt-get"]);
    let update = &run.commands[1].words[1];
    assert_eq!(slice(text, update.range), "update");
    let copy = &m.instructions[2];
    assert_eq!(copy.heredocs.len(), 2);
    assert!(copy.heredocs[0].marker.strip_tabs);
    assert_eq!(slice(text, copy.heredocs[0].lines[0]), "\tbody");
    assert_eq!(slice(text, copy.heredocs[1].lines[0]), "other");
    assert!(copy.commands.is_empty());
    assert_eq!(m.instructions[3].keyword, Keyword::User);
    assert!(m.syntax_problems().is_empty(), "{:?}", m.syntax_problems());
}

#[test]
fn heredoc_fed_to_a_program_is_not_a_script() {
    let text = "FROM a:1\nRUN python3 <<EOF\nimport os\nEOF\nRUN bash <<EOF\nrm -rf x\nEOF\n";
    let m = model(text);
    assert!(!m.instructions[1].heredocs[0].is_script);
    assert!(m.instructions[2].heredocs[0].is_script);
    assert!(
        m.instructions[2]
            .commands
            .iter()
            .any(|c| c.program_name() == Some("rm"))
    );
}

#[test]
fn unterminated_heredoc_is_reported_at_its_line() {
    let text = "FROM a:1\nUSER 1\nRUN <<EOF\napk add curl\n";
    let m = model(text);
    let problems = m.syntax_problems();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(slice(text, problems[0].range), "<<EOF");
    assert_eq!(m.instructions.len(), 3);
}

#[test]
fn comments_in_continuations_are_dropped_and_kept_as_comments() {
    let text =
        "# top\nFROM a:1\nRUN apt-get update \\\n    # why\n    && apt-get install x\nUSER 1\n";
    let m = model(text);
    let comments: Vec<_> = m
        .comments()
        .into_iter()
        .map(|r| slice(text, r).to_string())
        .collect();
    assert_eq!(comments, ["# top", "# why"]);
    let run = &m.instructions[1];
    assert_eq!(run.commands.len(), 2);
    assert_eq!(run.commands[1].program_name(), Some("apt-get"));
    let install = &run.commands[1].words[1];
    assert_eq!(slice(text, install.range), "install");
    let scope = m.scope_after(text, m.comments()[0]).unwrap();
    assert_eq!(slice(text, scope), "FROM a:1");
}

#[test]
fn exec_form_and_shell_form() {
    let text = "FROM a:1\nENTRYPOINT [\"python\", \\\n  \"-X\"]\nCMD ['node', 'x']\nCMD run.sh\n";
    let m = model(text);
    let exec = m.instructions[1].exec.as_ref().unwrap();
    assert_eq!(exec[1].value, "-X");
    assert_eq!(slice(text, exec[1].range), "\"-X\"");
    assert!(m.instructions[2].exec.is_none());
    assert!(m.instructions[3].exec.is_none());
}

#[test]
fn escape_directive_and_crlf() {
    let text = "# escape=`\nFROM a:1\nWORKDIR C:\\app\\\nRUN a `\n  b\nUSER 1\n";
    let m = model(text);
    assert_eq!(m.escape, '`');
    let kinds: Vec<_> = m.instructions.iter().map(|i| i.keyword).collect();
    assert_eq!(
        kinds,
        [Keyword::From, Keyword::Workdir, Keyword::Run, Keyword::User]
    );
    assert_eq!(m.instructions[1].args[0].value, "C:\\app\\");

    let text = "FROM a:1\r\nRUN a \\\r\n  && b\r\nUSER 1\r\n";
    let m = model(text);
    assert_eq!(m.instructions.len(), 3);
    assert_eq!(m.instructions[1].commands.len(), 2);
}

#[test]
fn workdir_is_tracked_and_inherited() {
    let text = "FROM a:1 AS b\nWORKDIR /app\nWORKDIR src\nCOPY x .\nFROM b\nRUN ls\n";
    let m = model(text);
    assert_eq!(&*m.instructions[3].workdir, "/app/src");
    assert_eq!(&*m.instructions[5].workdir, "/app/src");
}

#[test]
fn syntax_errors_do_not_stop_the_model() {
    let text = "FROM a:1\nFROBNICATE x\nUSER root\n";
    let m = model(text);
    assert!(m.instructions.iter().any(|i| i.keyword == Keyword::User));
}

#[test]
fn arbitrary_bytes_never_panic() {
    let samples = [
        "",
        "\\",
        "FROM",
        "RUN <<",
        "RUN <<EOF",
        "ENV =",
        "ENV a=\"",
        "FROM ${",
        "RUN $(",
        "RUN \"",
        "ARG ${A:-${B:-${C",
        "COPY <<'E' x\nE",
        "RUN a \\",
        "é\\\n\\\r\n",
        "FROM a\r",
        "--x",
        "RUN [\"\\u12\"]",
        "# escape=`\nRUN a `",
    ];
    for s in samples {
        let m = model(s);
        let _ = m.syntax_problems();
    }
}
