//! `tls-verification-disabled`: a tool is told to skip TLS verification.

use super::helpers;
use crate::dockerfile::{Command, Keyword};
use crate::finding::Finding;
use crate::rules::Context;
use crate::text::TextRange;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(model) = helpers::model(ctx) else {
        return;
    };

    for ins in &model.instructions {
        match ins.keyword {
            Keyword::Env => {
                for pair in ins.pairs() {
                    let value = pair
                        .expanded
                        .as_deref()
                        .unwrap_or("")
                        .trim()
                        .to_ascii_lowercase();
                    let off = match pair.name.as_str() {
                        "NODE_TLS_REJECT_UNAUTHORIZED" | "PYTHONHTTPSVERIFY" => value == "0",
                        "GIT_SSL_NO_VERIFY" => !matches!(value.as_str(), "" | "0" | "false" | "no"),
                        "PIP_TRUSTED_HOST" => !value.is_empty(),
                        "NPM_CONFIG_STRICT_SSL" | "YARN_STRICT_SSL" => value == "false",
                        _ => false,
                    };
                    if off {
                        report(out, pair.range, &format!("`{}`", pair.name));
                    }
                }
            }
            Keyword::Run => {
                for command in &ins.commands {
                    if let Some((range, what)) = run_setting(command) {
                        report(out, range, &what);
                    }
                }
            }
            _ => {}
        }
    }
}

fn report(out: &mut Vec<Finding>, range: TextRange, what: &str) {
    out.push(Finding::new(
        "tls-verification-disabled",
        range,
        format!("{what} turns off TLS verification, so a network attacker can serve any package; trust the CA explicitly instead"),
    ));
}

/// A command that switches verification off, with the words that do it.
fn run_setting(command: &Command) -> Option<(TextRange, String)> {
    let program = command.program();
    let name = command.program_name()?;
    let values: Vec<String> = program
        .iter()
        .map(|w| w.value.to_ascii_lowercase())
        .collect();
    let find = |pred: &dyn Fn(&str) -> bool| program.iter().zip(&values).find(|(_, v)| pred(v));

    // `npm config set strict-ssl false`, `yarn config set strict-ssl false`.
    if matches!(name, "npm" | "yarn" | "pnpm") {
        if let Some(i) = values.iter().position(|v| v == "strict-ssl")
            && values.get(i + 1).is_some_and(|v| v == "false")
        {
            return Some((
                helpers::span(program[i].range, program[i + 1].range),
                "`strict-ssl false`".into(),
            ));
        }
        if let Some((w, _)) = find(&|v| v == "--strict-ssl=false" || v == "strict-ssl=false") {
            return Some((w.range, format!("`{}`", w.value)));
        }
    }
    // `pip install --trusted-host`, `pip config set global.trusted-host`.
    if name.starts_with("pip") || name.starts_with("python") {
        if let Some((w, _)) = find(&|v| {
            v == "--trusted-host"
                || v.starts_with("--trusted-host=")
                || v.ends_with(".trusted-host")
        }) {
            return Some((w.range, format!("`{}`", w.value)));
        }
    }
    // `git config http.sslVerify false`, `git -c http.sslVerify=false`.
    if name == "git" {
        if let Some(i) = values.iter().position(|v| v == "http.sslverify")
            && values.get(i + 1).is_some_and(|v| v == "false" || v == "0")
        {
            return Some((
                helpers::span(program[i].range, program[i + 1].range),
                "`http.sslVerify false`".into(),
            ));
        }
        if let Some((w, _)) = find(&|v| v == "http.sslverify=false" || v == "http.sslverify=0") {
            return Some((w.range, format!("`{}`", w.value)));
        }
    }
    // `sslverify=0` for yum or dnf, as an option or written into their config.
    let yum_conf = command
        .redirects
        .iter()
        .filter_map(|r| r.target.as_ref())
        .any(|t| t.value.contains("yum") || t.value.contains("dnf"))
        || matches!(name, "dnf" | "yum" | "microdnf");
    if yum_conf
        && let Some((w, _)) = find(&|v| {
            v.lines().flat_map(|l| l.split("\\n")).any(|l| {
                matches!(
                    l.trim().trim_start_matches("--setopt="),
                    "sslverify=0" | "sslverify=false" | "sslverify=no"
                )
            })
        })
    {
        return Some((w.range, "`sslverify=0`".into()));
    }
    None
}
