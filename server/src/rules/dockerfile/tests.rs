//! Tests of the Dockerfile and `.dockerignore` rules, all through
//! [`engine::check`], and of their fixes: each fix is applied, snapshotted,
//! re-parsed and re-checked.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::document::Document;
use crate::engine;
use crate::finding::{Edit, EditTarget, Finding};
use crate::format::FileKind;
use crate::workspace::Workspace;

const DIR: &str = "/case";

fn dockerfile(text: &str) -> Document {
    Document::new(
        Some(PathBuf::from(format!("{DIR}/Dockerfile"))),
        FileKind::Dockerfile,
        1,
        text,
    )
}

fn ignore_doc(name: &str, text: &str) -> Document {
    Document::new(
        Some(PathBuf::from(format!("{DIR}/{name}"))),
        FileKind::Dockerignore,
        1,
        text,
    )
}

/// The one place these tests call the engine.
#[track_caller]
fn run(doc: &Document, workspace: &Workspace, config: &Config) -> Vec<Finding> {
    engine::check(doc, workspace, config)
}

fn check(text: &str) -> Vec<Finding> {
    run(&dockerfile(text), &Workspace::new(), &Config::default())
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

/// The 1-based lines where `rule` is reported.
#[track_caller]
fn lines(text: &str, rule: &str) -> Vec<usize> {
    check(text)
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| line_of(text, f.range.start))
        .collect()
}

/// Applies edits (byte ranges of `text`) from the last to the first.
fn apply(text: &str, edits: &[&Edit]) -> String {
    let mut edits: Vec<&&Edit> = edits.iter().collect();
    edits.sort_by_key(|e| std::cmp::Reverse((e.range.start, e.range.end)));
    let mut out = text.to_string();
    for e in edits {
        out.replace_range(e.range.start..e.range.end, &e.new_text);
    }
    out
}

fn count(list: &[Finding], rule: &str) -> usize {
    list.iter().filter(|f| f.rule == rule).count()
}

/// Applies the fix of the first `rule` finding, then checks that the file
/// still parses, that this finding is gone and that no rule reports more
/// than before. Returns the fixed file.
#[track_caller]
fn fixed(text: &str, rule: &str) -> String {
    let before = check(text);
    let finding = before
        .iter()
        .find(|f| f.rule == rule && f.fix.is_some())
        .unwrap_or_else(|| panic!("no fixable `{rule}` finding in:\n{text}"));
    let fix = finding.fix.as_ref().unwrap();
    let edits: Vec<&Edit> = fix.edits.iter().collect();
    assert!(edits.iter().all(|e| e.target == EditTarget::ThisDocument));
    let out = apply(text, &edits);
    let after = check(&out);
    assert!(
        count(&after, "syntax-error") <= count(&before, "syntax-error"),
        "the fix breaks the file:\n{out}"
    );
    assert_eq!(
        count(&after, rule),
        count(&before, rule) - 1,
        "the `{rule}` finding is still there:\n{out}"
    );
    for f in &after {
        assert!(
            count(&after, f.rule) <= count(&before, f.rule),
            "the fix adds a `{}` finding ({}):\n{out}",
            f.rule,
            f.message
        );
    }
    out
}

#[track_caller]
fn snapshot_fix(name: &str, text: &str, rule: &str) {
    let out = fixed(text, rule);
    insta::assert_snapshot!(name, out.replace('\r', "\\r"));
}

#[test]
fn image_rules() {
    let text = "ARG TAG=latest\nFROM ubuntu:latest AS a\nFROM debian\nFROM nginx:$TAG\nFROM a\n\
                FROM scratch\nFROM registry.local:5000/app\nFROM python:3.12@sha256:abc\n";
    assert_eq!(lines(text, "image-tag-latest"), [2, 3, 4, 7]);
    assert_eq!(lines(text, "image-not-pinned-by-digest"), [2, 3, 4, 7]);
    assert!(lines(text, "untrusted-registry").is_empty());

    let config = Config {
        trusted_registries: Some(vec!["registry.local:5000".to_string()]),
        ..Config::default()
    };
    let found = run(&dockerfile(text), &Workspace::new(), &config);
    let untrusted: Vec<_> = found
        .iter()
        .filter(|f| f.rule == "untrusted-registry")
        .map(|f| line_of(text, f.range.start))
        .collect();
    assert_eq!(untrusted, [2, 3, 4, 8]);
}

#[test]
fn latest_tag_range_is_the_tag() {
    let text = "FROM ubuntu:latest\n";
    let f = check(text)
        .into_iter()
        .find(|f| f.rule == "image-tag-latest")
        .unwrap();
    assert_eq!(&text[f.range.start..f.range.end], "latest");
}

#[test]
fn root_user_cases() {
    assert_eq!(lines("FROM alpine:3\nCMD [\"x\"]\n", "root-user"), [1]);
    assert_eq!(
        lines("FROM alpine:3\nUSER 1000\nUSER root:root\n", "root-user"),
        [3]
    );
    assert_eq!(lines("FROM alpine:3\nARG U=0\nUSER $U\n", "root-user"), [3]);
    assert!(lines("FROM alpine:3\nUSER 1000:0\n", "root-user").is_empty());
    assert!(
        lines(
            "FROM alpine:3 AS b\nUSER 1000\nFROM b\nRUN x\n",
            "root-user"
        )
        .is_empty()
    );
    assert_eq!(
        lines(
            "FROM alpine:3 AS b\nUSER 1000\nFROM alpine:3\n",
            "root-user"
        ),
        [3]
    );
}

#[test]
fn root_user_fixes() {
    snapshot_fix(
        "root-user.before-cmd",
        "FROM alpine:3.20\nRUN true\n  CMD [\"app\"]\n",
        "root-user",
    );
    snapshot_fix(
        "root-user.at-end",
        "FROM alpine:3.20\r\nRUN true\r\n",
        "root-user",
    );
    snapshot_fix(
        "root-user.after-root",
        "FROM alpine:3.20\nCMD [\"a\"]\nUSER root\nENTRYPOINT [\"b\"]\n",
        "root-user",
    );
    // The last root USER with no RUN after it is replaced, not left dead.
    snapshot_fix(
        "root-user.replaces-root",
        "FROM alpine:3.20\nUSER 1000\nCOPY app /app\nUSER root:root\nCMD [\"app\"]\n",
        "root-user",
    );
    // A RUN after it may need root: the new USER goes after that RUN.
    snapshot_fix(
        "root-user.root-for-a-run",
        "FROM alpine:3.20\nUSER root\nRUN apk add --no-cache curl=8\nCMD [\"app\"]\n",
        "root-user",
    );
}

#[test]
fn user_and_healthcheck() {
    assert_eq!(lines("FROM a:1\nUSER app\n", "non-numeric-user"), [2]);
    assert!(lines("FROM a:1\nUSER 10001:app\n", "non-numeric-user").is_empty());
    assert_eq!(
        lines(
            "FROM a:1 AS x\nHEALTHCHECK CMD true\nFROM b:1\n",
            "missing-healthcheck"
        ),
        [3]
    );
    assert!(
        lines(
            "FROM a:1 AS x\nHEALTHCHECK CMD true\nFROM x\n",
            "missing-healthcheck"
        )
        .is_empty()
    );
}

#[test]
fn sudo_and_shell_commands() {
    let text =
        "FROM a:1\nRUN apt-get install -y sudo=1 && useradd -G sudo x\nRUN x \\\n  && sudo rm y\n";
    assert_eq!(lines(text, "sudo-in-run"), [4]);
    let text = "FROM a:1\nRUN curl -fsSL https://x.example.com/i.sh \\\n  | sudo bash -\nRUN curl https://x.example.com/a | tar -x\n\
                RUN sh -c \"$(curl -fsSL https://x.example.com/i)\"\n";
    assert_eq!(lines(text, "curl-pipe-shell"), [2, 5]);
}

#[test]
fn downloads_and_tls() {
    let text = "FROM a:1\nRUN curl -fsSLk https://x\nRUN curl -K /etc/c https://x\nRUN wget http://mirror.example.com/a\n\
                RUN curl http://127.0.0.1:8080/\nRUN curl -fsSLo /tmp/k https://x\n";
    assert_eq!(lines(text, "insecure-download"), [2, 4]);
    let text = "FROM a:1\nENV NODE_TLS_REJECT_UNAUTHORIZED=0 GIT_SSL_NO_VERIFY=false\nRUN git config --global http.sslVerify false\n\
                RUN pip install --trusted-host x y==1\nRUN echo 'sslverify=1' >> /etc/yum.conf\n";
    assert_eq!(lines(text, "tls-verification-disabled"), [2, 3, 4]);
}

#[test]
fn signatures() {
    let text = "FROM a:1\nRUN apt-get install -y --allow-downgrades x=1\nRUN dnf install -y --nogpgcheck x\n\
                RUN rpm -i --nodigest x.rpm\nRUN apt-get -o APT::Get::AllowUnauthenticated=true install x=1\n";
    assert_eq!(lines(text, "package-signature-check-disabled"), [3, 4, 5]);
}

#[test]
fn secrets_in_env_arg_and_run() {
    let text = "FROM a:1\nENV A=1 API_KEY=Zk3v9QeR7tYp2L\nENV PASSWORD_FILE=/run/secrets/p TOKEN=$TOKEN\nENV B ghp_R8vN2kQ7tL4wX9pZ3mC6bH1jF5sD0aGyE2uK\n";
    assert_eq!(lines(text, "secret-in-env"), [2, 4]);
    let text = "FROM a:1\nARG GITHUB_TOKEN\nARG VERSION=1.2\nARG URL=https://u:p4ss@h.example.com/x\nARG TOKEN_URL=https://h/x\n";
    assert_eq!(lines(text, "secret-in-arg"), [2, 4]);
    let text = "FROM a:1\nRUN git clone https://u:Tq9xW2vB7nLp@h.example.com/r.git\nRUN --mount=type=secret,id=t T=\"$(cat /run/secrets/t)\" make\n\
                RUN echo 'password hunter22' > ~/.netrc\nRUN echo 'registry=https://r.example.com/' > .npmrc\nRUN mysql --password=Xr4vQ8zLw -e 1\n";
    assert_eq!(lines(text, "secret-in-run"), [2, 4, 6]);
}

#[test]
fn secret_fixes() {
    snapshot_fix(
        "secret-in-env.only-pair",
        "FROM a:1\nENV API_TOKEN=tok_8Hq2Lx9Vz4Rk7Pm3\nUSER 1\n",
        "secret-in-env",
    );
    snapshot_fix(
        "secret-in-env.middle-pair",
        "FROM a:1\nENV A=/srv \\\n    SECRET_KEY_BASE=9f86d081884c7d65 \\\n    C=1\n",
        "secret-in-env",
    );
    snapshot_fix(
        "secret-in-arg.mount",
        "FROM node:20\nARG NPM_TOKEN\nRUN echo \"//r/:_authToken=${NPM_TOKEN}\" > .npmrc && npm ci\nRUN echo $NPM_TOKENS\n",
        "secret-in-arg",
    );
}

#[test]
fn secret_files_and_removal() {
    let text = "FROM a:1\nWORKDIR /app\nCOPY .env .\nCOPY .env.example id_rsa.pub ./\nCOPY --from=b /k.pem /k.pem\nRUN rm .env\nRUN rm -f /app/.env.example\n";
    assert_eq!(lines(text, "secret-file-in-image"), [3]);
    assert_eq!(lines(text, "secret-removed-in-later-layer"), [6]);
    let text = "FROM a:1\nRUN echo x > /tmp/.env && rm /tmp/.env\n";
    assert!(lines(text, "secret-removed-in-later-layer").is_empty());
}

#[test]
fn add_instead_of_copy_cases() {
    let text = "FROM a:1\nADD a.conf /etc/\nADD https://x.example.com/a.tgz /opt/\nADD --checksum=sha256:ab https://x.example.com/a /a\nADD v.tar.gz /opt/\nCOPY v.tar.gz /opt/\n";
    assert_eq!(lines(text, "add-instead-of-copy"), [2, 3, 5]);
    let fixable: Vec<_> = check(text)
        .into_iter()
        .filter(|f| f.rule == "add-instead-of-copy" && f.fix.is_some())
        .map(|f| line_of(text, f.range.start))
        .collect();
    assert_eq!(fixable, [2]);
    snapshot_fix(
        "add-instead-of-copy.lowercase",
        "from a:1\nadd . /srv/\n",
        "add-instead-of-copy",
    );
}

#[test]
fn package_rules() {
    let text = "FROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN apt-get -y install --no-install-recommends x=1\n";
    assert_eq!(lines(text, "apt-no-install-recommends"), [2]);
    assert_eq!(lines(text, "package-cache-not-cleaned"), [2]);
    assert_eq!(lines(text, "package-version-unpinned"), [2]);
    assert!(lines(text, "apt-update-alone").is_empty());
    let text = "FROM a:1 AS build\nRUN pip install flask\nFROM a:1\nRUN apt-get -qq update\nRUN pip install --no-cache-dir -r r.txt\n\
                RUN --mount=type=cache,target=/root/.cache/pip pip install x==1\nRUN apk add --no-cache curl=1\nRUN npm install -g typescript pm2@5\n";
    assert_eq!(lines(text, "package-cache-not-cleaned"), [4]);
    assert_eq!(lines(text, "apt-update-alone"), [4]);
    assert_eq!(lines(text, "package-version-unpinned"), [2, 8]);
}

/// Removing the apt lists is offered only where nothing still needs them:
/// not on an update alone in its RUN, nor when a later RUN installs from the
/// lists without updating them first. The finding stays either way.
#[test]
fn apt_list_cleanup_is_not_offered_where_the_lists_are_needed() {
    let fixable = |text: &str| -> Vec<usize> {
        check(text)
            .into_iter()
            .filter(|f| f.rule == "package-cache-not-cleaned" && f.fix.is_some())
            .map(|f| line_of(text, f.range.start))
            .collect()
    };
    let alone = "FROM d:1\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends curl=1 && rm -rf /var/lib/apt/lists/*\n";
    assert_eq!(lines(alone, "package-cache-not-cleaned"), [2]);
    assert!(fixable(alone).is_empty(), "{:?}", fixable(alone));
    // Its advice is not to remove the lists there, which would break the
    // later install, but to move the update.
    let advice = check(alone)
        .into_iter()
        .find(|f| f.rule == "package-cache-not-cleaned")
        .map(|f| f.message)
        .unwrap_or_default();
    assert!(advice.contains("in the RUN that installs"), "{advice}");
    let later = "FROM d:1\nRUN apt-get update && apt-get install -y --no-install-recommends a=1\nRUN apt-get install -y --no-install-recommends b=1 && rm -rf /var/lib/apt/lists/*\n";
    assert!(fixable(later).is_empty(), "{:?}", fixable(later));
    let child = "FROM d:1 AS base\nRUN apt-get update && apt-get install -y --no-install-recommends a=1\nFROM base\nRUN apt-get install -y --no-install-recommends b=1 && rm -rf /var/lib/apt/lists/*\n";
    assert!(fixable(child).is_empty(), "{:?}", fixable(child));
    let refreshed = "FROM d:1\nRUN apt-get update && apt-get install -y --no-install-recommends a=1\nRUN apt-get update && apt-get install -y --no-install-recommends b=1 && rm -rf /var/lib/apt/lists/*\n";
    assert_eq!(fixable(refreshed), [2]);
    // Other managers' fixes never take away what a later RUN reads.
    assert_eq!(
        fixable("FROM d:1\nRUN apk update\nRUN apk add curl=1\n"),
        [3]
    );
    assert!(lines("FROM d:1\nRUN apk update\n", "package-cache-not-cleaned").is_empty());
    assert!(
        lines(
            "FROM f:39\nRUN dnf makecache\n",
            "package-cache-not-cleaned"
        )
        .is_empty()
    );
}

#[test]
fn build_tools() {
    let text =
        "FROM a:1\nRUN apt-get install -y --no-install-recommends \\\n    curl=1 \\\n    gcc=2\n";
    assert_eq!(lines(text, "build-tools-in-final-stage"), [4]);
    let text = "FROM a:1\nRUN apk add --virtual .b gcc=1 && make && apk del .b\n";
    assert!(lines(text, "build-tools-in-final-stage").is_empty());
    let text = "FROM a:1 AS b\nRUN apk add gcc=1\nFROM a:1\n";
    assert!(lines(text, "build-tools-in-final-stage").is_empty());
}

#[test]
fn package_fixes() {
    snapshot_fix(
        "apt-no-install-recommends.flag",
        "FROM d:1\nRUN apt-get install -y curl=1\n",
        "apt-no-install-recommends",
    );
    snapshot_fix(
        "package-cache-not-cleaned.pip",
        "FROM d:1\nRUN pip install flask==3\n",
        "package-cache-not-cleaned",
    );
    snapshot_fix(
        "package-cache-not-cleaned.apk",
        "FROM d:1\nRUN apk add curl=1\n",
        "package-cache-not-cleaned",
    );
    snapshot_fix(
        "package-cache-not-cleaned.apt-continued",
        "FROM d:1\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends curl=1\n",
        "package-cache-not-cleaned",
    );
    snapshot_fix(
        "package-cache-not-cleaned.apt-heredoc",
        "FROM d:1\nRUN <<EOF\napt-get update\napt-get install -y --no-install-recommends curl=1\nEOF\nUSER 1\n",
        "package-cache-not-cleaned",
    );
    snapshot_fix(
        "package-cache-not-cleaned.dnf",
        "FROM f:39\nRUN dnf install -y jq-1\n",
        "package-cache-not-cleaned",
    );
    snapshot_fix(
        "package-cache-not-cleaned.backtick",
        "# escape=`\nFROM d:1\nRUN apt-get update `\n    && apt-get install -y --no-install-recommends curl=1\n",
        "package-cache-not-cleaned",
    );
}

#[test]
fn entrypoint_and_ports() {
    let text = "FROM a:1\nCMD node app.js\nENTRYPOINT [\"x\"]\nHEALTHCHECK CMD curl -f http://127.0.0.1/\nCMD ['a', 'b']\n";
    assert_eq!(lines(text, "shell-form-entrypoint"), [2, 5]);
    snapshot_fix(
        "shell-form-entrypoint.words",
        "FROM a:1\nCMD node \"my app.js\" --port 80\n",
        "shell-form-entrypoint",
    );
    snapshot_fix(
        "shell-form-entrypoint.single-quotes",
        "FROM a:1\nCMD ['node', 'server.js']\n",
        "shell-form-entrypoint",
    );
    let piped = check("FROM a:1\nCMD run | tee log\n");
    assert!(
        piped
            .iter()
            .any(|f| f.rule == "shell-form-entrypoint" && f.fix.is_none())
    );
    let text = "FROM a:1\nEXPOSE 8080 22/tcp\nEXPOSE 2222 220 20-30\n";
    assert_eq!(lines(text, "exposed-ssh-port"), [2, 3]);
}

#[test]
fn world_writable() {
    let text = "FROM a:1\nRUN chmod 777 /d && chmod 1777 /tmp\nCOPY --chmod=0755 a /a\nCOPY --chmod=666 b /b\nRUN chmod -R o+w /x\n";
    assert_eq!(lines(text, "world-writable-permissions"), [2, 4, 5]);
}

#[test]
fn full_base_image_cases() {
    assert_eq!(lines("FROM python:3.12\n", "full-base-image"), [1]);
    assert!(lines("FROM python:3.12-slim\n", "full-base-image").is_empty());
    assert!(
        lines(
            "FROM golang:1.23 AS b\nFROM gcr.io/distroless/static\n",
            "full-base-image"
        )
        .is_empty()
    );
    assert!(lines("FROM debian:12\n", "full-base-image").is_empty());
    assert_eq!(
        lines("FROM node:20 AS base\nFROM base\n", "full-base-image"),
        [1]
    );
    snapshot_fix(
        "full-base-image.python",
        "FROM python:3.12.2-bookworm\nUSER 1\n",
        "full-base-image",
    );
    // A floating reference gets no fix: `slim` floats as `latest` does, and
    // the switch would silence image-tag-latest.
    for text in ["FROM python:latest\nUSER 1\n", "FROM node\nUSER 1\n"] {
        let found = check(text);
        let full: Vec<_> = found
            .iter()
            .filter(|f| f.rule == "full-base-image")
            .collect();
        assert_eq!(full.len(), 1, "{text}");
        assert!(full[0].fix.is_none(), "{text}: {:?}", full[0].fix);
        assert_eq!(count(&found, "image-tag-latest"), 1, "{text}");
    }
    snapshot_fix(
        "full-base-image.node",
        "FROM node:20\nUSER 1\n",
        "full-base-image",
    );
}

#[test]
fn heredoc_bodies_are_scripts_or_content() {
    let text = "FROM a:1\nRUN <<EOF\nset -e\nsudo make\nEOF\nCOPY <<EOF /x\nRUN sudo make\nEOF\n";
    assert_eq!(lines(text, "sudo-in-run"), [4]);
}

/// The `.dockerignore` beside the Dockerfile decides `copy-whole-context`,
/// and `<name>.dockerignore` wins over `.dockerignore`.
#[test]
fn copy_whole_context_reads_the_ignore_file_that_counts() {
    let text = "FROM a:1\nCOPY . .\nCOPY ./ /srv/\nCOPY --from=b . .\nCOPY src/ .\n";
    let doc = dockerfile(text);
    let mut ws = Workspace::new();
    let found = run(&doc, &ws, &Config::default());
    let hits: Vec<_> = found
        .iter()
        .filter(|f| f.rule == "copy-whole-context")
        .collect();
    assert_eq!(
        hits.iter()
            .map(|f| line_of(text, f.range.start))
            .collect::<Vec<_>>(),
        [2, 3]
    );
    let Some(EditTarget::File { path, create }) =
        hits[0].fix.as_ref().map(|f| f.edits[0].target.clone())
    else {
        panic!("no file edit");
    };
    assert_eq!(path, Path::new("/case/.dockerignore"));
    assert!(create);

    let complete = ".git\n**/.env*\n**/*.pem\n**/*.key\n**/credentials*\n";
    ws.insert(ignore_doc(".dockerignore", complete));
    assert_eq!(
        count(&run(&doc, &ws, &Config::default()), "copy-whole-context"),
        0
    );

    ws.insert(ignore_doc("Dockerfile.dockerignore", ".git\n"));
    let found = run(&doc, &ws, &Config::default());
    let hit = found
        .iter()
        .find(|f| f.rule == "copy-whole-context")
        .unwrap();
    let edit = &hit.fix.as_ref().unwrap().edits[0];
    assert_eq!(
        edit.target,
        EditTarget::File {
            path: PathBuf::from("/case/Dockerfile.dockerignore"),
            create: false
        }
    );
    insta::assert_snapshot!("copy-whole-context.append", edit.new_text);
}

/// Applying the workspace edit of `copy-whole-context` closes the gap.
#[test]
fn copy_whole_context_fix_closes_the_gap() {
    let doc = dockerfile("FROM a:1\nCOPY . .\n");
    for start in [None, Some(".git\n.env\nnode_modules")] {
        let mut ws = Workspace::new();
        if let Some(text) = start {
            ws.insert(ignore_doc(".dockerignore", text));
        }
        let found = run(&doc, &ws, &Config::default());
        let fix = found
            .iter()
            .find(|f| f.rule == "copy-whole-context")
            .unwrap()
            .fix
            .clone()
            .unwrap();
        let edits: Vec<&Edit> = fix.edits.iter().collect();
        let fixed = apply(start.unwrap_or(""), &edits);
        ws.insert(ignore_doc(".dockerignore", &fixed));
        assert_eq!(
            count(&run(&doc, &ws, &Config::default()), "copy-whole-context"),
            0,
            "{fixed}"
        );
        let ignore = ignore_doc(".dockerignore", &fixed);
        if start.is_none() {
            assert_eq!(
                count(
                    &run(&ignore, &ws, &Config::default()),
                    "dockerignore-incomplete"
                ),
                0
            );
        }
    }
}

/// `dockerignore.required` replaces the built-in list for both rules, and
/// every fix they offer writes the configured patterns.
#[test]
fn configured_required_patterns_drive_both_rules_and_their_fixes() {
    let config = Config::parse(
        "dockerignore:\n  required: [\".git\", \".env*\", \"*.p12\", \"secrets/\", \"node_modules\"]\n",
        Path::new("/case/.bulwark.yaml"),
    )
    .unwrap();
    let doc = dockerfile("FROM a:1\nCOPY . .\n");

    // No ignore file: the created one holds the whole configured list.
    let mut ws = Workspace::new();
    let found = run(&doc, &ws, &config);
    let hit = found
        .iter()
        .find(|f| f.rule == "copy-whole-context")
        .unwrap();
    assert!(hit.message.contains("`*.p12`"), "{}", hit.message);
    assert!(!hit.message.contains("`*.pem`"), "{}", hit.message);
    let created = &hit.fix.as_ref().unwrap().edits[0].new_text;
    assert_eq!(
        created,
        ".git\n**/.env*\n**/*.p12\n**/secrets/\nnode_modules\n"
    );
    let ignore = ignore_doc(".dockerignore", created);
    ws.insert(ignore.clone());
    assert_eq!(count(&run(&doc, &ws, &config), "copy-whole-context"), 0);
    assert_eq!(
        count(&run(&ignore, &ws, &config), "dockerignore-incomplete"),
        0
    );
    // The defaults would still ask for `*.pem` and the rest.
    assert_eq!(
        count(
            &run(&ignore, &ws, &Config::default()),
            "dockerignore-incomplete"
        ),
        1
    );

    // An ignore file with the built-in list lacks the user's entries; both
    // fixes append exactly those (node_modules is not a `COPY .` concern).
    let builtin = ".git\n**/.env*\n**/*.pem\n**/*.key\n**/credentials*\ndocker-compose*.yml\n";
    let ignore = ignore_doc(".dockerignore", builtin);
    let mut ws = Workspace::new();
    ws.insert(ignore.clone());
    let found = run(&doc, &ws, &config);
    let hit = found
        .iter()
        .find(|f| f.rule == "copy-whole-context")
        .unwrap();
    assert_eq!(
        hit.fix.as_ref().unwrap().edits[0].new_text,
        "**/*.p12\n**/secrets/\n"
    );
    let found = run(&ignore, &ws, &config);
    let hit = found
        .iter()
        .find(|f| f.rule == "dockerignore-incomplete")
        .unwrap();
    assert!(
        hit.message.contains("`*.p12`, `secrets/`, `node_modules`"),
        "{}",
        hit.message
    );
    let edits: Vec<&Edit> = hit.fix.as_ref().unwrap().edits.iter().collect();
    let fixed = apply(builtin, &edits);
    assert!(
        fixed.ends_with("**/*.p12\n**/secrets/\nnode_modules\n"),
        "{fixed}"
    );
    let ignore = ignore_doc(".dockerignore", &fixed);
    let mut ws = Workspace::new();
    ws.insert(ignore.clone());
    assert_eq!(
        count(&run(&ignore, &ws, &config), "dockerignore-incomplete"),
        0
    );
    assert_eq!(count(&run(&doc, &ws, &config), "copy-whole-context"), 0);

    // A list with nothing a full copy could leak asks nothing of `COPY .`.
    let deps_only = Config::parse(
        "dockerignore:\n  required: [node_modules]\n",
        Path::new("/case/x"),
    )
    .unwrap();
    assert_eq!(
        count(
            &run(&doc, &Workspace::new(), &deps_only),
            "copy-whole-context"
        ),
        0
    );
}

#[test]
fn dockerignore_incomplete_cases_and_fix() {
    let ws = Workspace::new();
    let cases = [
        (
            ".git\n.env\n**/*.pem\n**/*.key\n**/credentials*\nnode_modules\ndocker-compose*.yml\n",
            vec![1],
        ),
        (
            ".git\n**/.env*\n**/*.pem\n**/*.key\n**/credentials*\nnode_modules\ndocker-compose*.yml\n!.env.production\n",
            vec![8],
        ),
        (
            "*\n!src/\n**/.env*\n**/*.pem\n**/*.key\n**/credentials*\n",
            vec![],
        ),
        ("", vec![1]),
    ];
    for (text, expected) in cases {
        let doc = ignore_doc(".dockerignore", text);
        let found = run(&doc, &ws, &Config::default());
        let got: Vec<_> = found
            .iter()
            .filter(|f| f.rule == "dockerignore-incomplete")
            .map(|f| line_of(text, f.range.start))
            .collect();
        assert_eq!(got, expected, "{text}");
        for f in found.iter().filter(|f| f.rule == "dockerignore-incomplete") {
            let edits: Vec<&Edit> = f.fix.as_ref().unwrap().edits.iter().collect();
            let fixed = apply(text, &edits);
            let again = run(
                &ignore_doc(".dockerignore", &fixed),
                &ws,
                &Config::default(),
            );
            assert!(
                again
                    .iter()
                    .all(|g| g.range.start != f.range.start || g.rule != f.rule),
                "{fixed}"
            );
        }
    }
    let text = "# ignore\n.git";
    let found = run(&ignore_doc(".dockerignore", text), &ws, &Config::default());
    let edits: Vec<&Edit> = found[0].fix.as_ref().unwrap().edits.iter().collect();
    insta::assert_snapshot!("dockerignore-incomplete.append", apply(text, &edits));
}

/// Every message of a file that trips many rules, for review.
#[test]
fn messages() {
    let text = "from ubuntu:latest\nrun sudo apt-get update && sudo apt-get install -y curl\nadd app.tar.gz /opt/\n\
                ENV DB_PASSWORD=hunter2-prod\nCOPY . .\nEXPOSE 22\nRUN chmod 777 /opt\nuser root\ncmd /opt/app/run\n";
    let out: Vec<String> = check(text)
        .iter()
        .map(|f| {
            format!(
                "{}:{} {} {}",
                line_of(text, f.range.start),
                f.rule,
                f.severity.as_str(),
                f.message
            )
        })
        .collect();
    insta::assert_snapshot!("messages", out.join("\n"));
}

/// The fenced blocks of a doc page's section, with the section name and
/// the block's language.
fn doc_blocks(page: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut section = String::new();
    let mut block: Option<(String, String)> = None;
    for line in page.lines() {
        if let Some((lang, body)) = block.as_mut() {
            if line.starts_with("```") {
                out.push((section.clone(), lang.clone(), std::mem::take(body)));
                block = None;
            } else {
                body.push_str(line);
                body.push('\n');
            }
        } else if let Some(heading) = line.strip_prefix("## ") {
            section = heading.trim().to_string();
        } else if let Some(lang) = line.trim().strip_prefix("```") {
            block = Some((lang.to_string(), String::new()));
        }
    }
    out
}

/// Every Dockerfile and `.dockerignore` example of every rule page: an
/// "Example" block reports its rule exactly once, a "Use instead" block
/// not at all.
#[test]
fn doc_examples_hold() {
    let config = Config {
        trusted_registries: Some(vec!["registry.example.com".to_string()]),
        ..Config::default()
    };
    let mut checked = 0;
    let rows = super::RULES.iter().chain(crate::rules::dockerignore::RULES);
    for rule in rows {
        let page = crate::rules::docs::page(rule.name)
            .unwrap_or_else(|| panic!("`{}` has no page", rule.name));
        for (section, lang, text) in doc_blocks(page) {
            let doc = match lang.as_str() {
                "dockerfile" => dockerfile(&text),
                "dockerignore" => ignore_doc(".dockerignore", &text),
                _ => continue,
            };
            let n = count(&run(&doc, &Workspace::new(), &config), rule.name);
            match section.as_str() {
                "Example" => assert_eq!(n, 1, "{}: Example:\n{text}", rule.name),
                "Use instead" => assert_eq!(n, 0, "{}: Use instead:\n{text}", rule.name),
                _ => continue,
            }
            checked += 1;
        }
    }
    assert!(
        checked >= 2 * (super::RULES.len() + 1),
        "only {checked} examples checked"
    );
}

/// Every fix of every finding in the corpus-like samples, applied alone,
/// keeps the file parsing and removes its finding.
#[test]
fn every_fix_reparses_and_removes_its_finding() {
    let samples = [
        "from ubuntu:latest\nrun sudo apt-get update && sudo apt-get install -y curl\nadd app.conf /opt/\nexpose 22\nuser root\ncmd /opt/app/run\n",
        "FROM python:3.12\nARG GITHUB_TOKEN\nENV A=1 API_TOKEN=tok_8Hq2Lx9Vz4Rk7Pm3 B=2\nRUN pip install flask==3\nRUN git clone https://github.com/x/y \"$GITHUB_TOKEN\"\nCMD python -m app\n",
        "FROM alpine:3\nRUN apk add curl=1\nRUN <<EOF\napk add jq=1\nEOF\nENTRYPOINT /entry.sh\n",
        "FROM d:1\r\nRUN apt-get update \\\r\n    && apt-get install -y curl=1\r\nCMD [\"x\"]\r\n",
    ];
    let mut applied = 0;
    for text in samples {
        for f in check(text) {
            let Some(fix) = &f.fix else {
                continue;
            };
            if f.rule == "unused-suppression"
                || fix
                    .edits
                    .iter()
                    .any(|e| e.target != EditTarget::ThisDocument)
            {
                continue;
            }
            let edits: Vec<&Edit> = fix.edits.iter().collect();
            let out = apply(text, &edits);
            let after = check(&out);
            assert!(
                count(&after, "syntax-error") <= count(&check(text), "syntax-error"),
                "{}:\n{out}",
                f.rule
            );
            assert!(
                !after.iter().any(|g| g.rule == f.rule
                    && g.message == f.message
                    && g.range.start == f.range.start),
                "`{}` survives its fix:\n{out}",
                f.rule
            );
            applied += 1;
        }
    }
    assert!(applied >= 10, "only {applied} fixes applied");
}

/// Building the model and running every rule on a 1,000-line Dockerfile
/// stays far below the time an editor allows per keystroke.
#[test]
fn large_dockerfile_is_checked_quickly() {
    let mut text = String::from("FROM python:3.12-slim AS base\n");
    for i in 0..250 {
        text.push_str(&format!(
            "RUN apt-get update \\\n    && apt-get install -y --no-install-recommends pkg{i}=1 \\\n    && rm -rf /var/lib/apt/lists/*\nENV VAR{i}=value{i}\n"
        ));
    }
    let start = std::time::Instant::now();
    let found = check(&text);
    let elapsed = start.elapsed();
    assert!(!found.is_empty());
    // Debug builds are several times slower than release; this bound only
    // catches quadratic behaviour.
    assert!(elapsed.as_millis() < 500, "took {elapsed:?}");
}

#[test]
fn root_user_on_non_root_base_images() {
    let distroless = "\
FROM golang:1.23 AS build
RUN go build -o /app .

FROM gcr.io/distroless/static-debian12:nonroot@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
COPY --from=build /app /app
ENTRYPOINT [\"/app\"]
";
    assert_eq!(lines(distroless, "root-user"), Vec::<usize>::new());
    let debug = "FROM gcr.io/distroless/base-debian12:debug-nonroot\nENTRYPOINT [\"/app\"]\n";
    assert_eq!(lines(debug, "root-user"), Vec::<usize>::new());
    // Built FROM a stage that is built from a nonroot image.
    let chained =
        "FROM gcr.io/distroless/static:nonroot AS base\nFROM base\nENTRYPOINT [\"/app\"]\n";
    assert_eq!(lines(chained, "root-user"), Vec::<usize>::new());

    // The default distroless tags run as root.
    let root = "FROM gcr.io/distroless/static-debian12\nENTRYPOINT [\"/app\"]\n";
    assert_eq!(lines(root, "root-user"), vec![1]);
    // An explicit root USER is still root.
    let explicit = "FROM gcr.io/distroless/static:nonroot\nUSER root\nENTRYPOINT [\"/app\"]\n";
    assert_eq!(lines(explicit, "root-user"), vec![2]);

    let chainguard = "FROM cgr.dev/chainguard/static:latest\nENTRYPOINT [\"/app\"]\n";
    let found = check(chainguard);
    let ours: Vec<&Finding> = found.iter().filter(|f| f.rule == "root-user").collect();
    assert_eq!(ours.len(), 1, "{found:?}");
    assert_eq!(ours[0].severity, crate::finding::Severity::Info);
    assert!(
        !ours[0].message.contains("runs as root"),
        "{}",
        ours[0].message
    );
    let dev = "FROM cgr.dev/chainguard/python:latest-dev\nENTRYPOINT [\"/app\"]\n";
    let found = check(dev);
    let ours: Vec<&Finding> = found.iter().filter(|f| f.rule == "root-user").collect();
    assert_eq!(ours.len(), 1, "{found:?}");
    assert_eq!(ours[0].severity, crate::finding::Severity::Warning);
}

/// Podman and Buildah read `.containerignore` first; Docker never reads it.
#[test]
fn copy_whole_context_reads_a_containerignore() {
    let text = "FROM a:1\nCOPY . /app\n";
    let complete = ".git\n**/.env*\n**/*.pem\n**/*.key\n**/credentials*\n";
    let containerfile = Document::new(
        Some(PathBuf::from(format!("{DIR}/Containerfile"))),
        FileKind::Dockerfile,
        1,
        text,
    );
    let mut ws = Workspace::new();
    ws.insert(ignore_doc(".containerignore", complete));
    assert_eq!(
        count(
            &run(&containerfile, &ws, &Config::default()),
            "copy-whole-context"
        ),
        0
    );
    // A Dockerfile with no .dockerignore: Podman would use it, so it counts.
    let doc = dockerfile(text);
    assert_eq!(
        count(&run(&doc, &ws, &Config::default()), "copy-whole-context"),
        0
    );

    // For a Containerfile an incomplete .containerignore wins over a
    // complete .dockerignore, and the message names it.
    let mut ws = Workspace::new();
    ws.insert(ignore_doc(".containerignore", ".git\n"));
    ws.insert(ignore_doc(".dockerignore", complete));
    let found = run(&containerfile, &ws, &Config::default());
    let hit = found.iter().find(|f| f.rule == "copy-whole-context");
    assert!(
        hit.is_some_and(|f| f.message.contains("the .containerignore does not")),
        "{found:?}"
    );
    // For a Dockerfile the .dockerignore counts.
    assert_eq!(
        count(&run(&doc, &ws, &Config::default()), "copy-whole-context"),
        0
    );
}
