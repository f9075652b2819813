//! `secret-in-manifest`: a literal secret is written in the manifest: an
//! env value, a ConfigMap entry, or a Secret's `data`/`stringData`.

use super::helpers;
use crate::finding::{Finding, Fix};
use crate::kubernetes::{Container, Kind, Object};
use crate::rules::Context;
use crate::rules::secrets::is_placeholder;
use crate::yaml::edit::{Planner, Value};

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(model) = helpers::model(ctx) else {
        return;
    };
    let planner = Planner::new(model).planning(ctx.fixes);

    for container in helpers::containers(ctx) {
        env_values(ctx, &planner, &container, out);
    }

    for object in helpers::objects(ctx) {
        match object.kind {
            Kind::ConfigMap => config_map(ctx, &object, out),
            Kind::Secret => secret(&object, out),
            _ => {}
        }
    }
}

fn env_values(
    ctx: &Context<'_>,
    planner: &Planner<'_>,
    container: &Container<'_>,
    out: &mut Vec<Finding>,
) {
    for var in container.get("env").iter().flat_map(|e| e.items()) {
        let Some(name) = var.get("name").and_then(|n| n.as_str()) else {
            continue;
        };
        let Some(value) = var.get("value") else {
            continue;
        };
        let Some(text) = value.as_str() else { continue };
        if !ctx.is_literal_secret(name, text) {
            continue;
        }
        let workload = container.pod.object.name().unwrap_or("app");
        let reference = Value::map([(
            "secretKeyRef",
            Value::map([
                ("name", Value::string(&format!("{workload}-secrets"))),
                ("key", Value::string(&kebab(name))),
            ]),
        )]);
        let fix = planner
            .replace_pair(value, "valueFrom", &reference)
            .map(|e| {
                Fix::unsafe_(
                    format!("Read `{name}` from Secret `{workload}-secrets`"),
                    vec![e],
                )
            });
        out.push(
            Finding::new(
                "secret-in-manifest",
                value.pair_range(),
                format!(
                    "env `{name}` of {} holds a literal secret; read it from a Secret with `valueFrom.secretKeyRef`",
                    helpers::label(container)
                ),
            )
            .with_fix_opt(fix),
        );
    }
}

fn config_map(ctx: &Context<'_>, object: &Object<'_>, out: &mut Vec<Finding>) {
    for entry in object.node.get("data").iter().flat_map(|d| d.entries()) {
        let (Some(key), Some(value)) = (entry.key_str(), entry.value.as_str()) else {
            continue;
        };
        if !ctx.is_literal_secret(key, value) {
            continue;
        }
        out.push(Finding::new(
            "secret-in-manifest",
            entry.range(),
            format!(
                "ConfigMap key `{key}` holds a credential in plain text; move it to a Secret kept out of the repository"
            ),
        ));
    }
}

fn secret(object: &Object<'_>, out: &mut Vec<Finding>) {
    for field in ["data", "stringData"] {
        let Some(data) = object.node.get(field) else {
            continue;
        };
        let literal = data.entries().any(|e| {
            e.value.as_str().is_some_and(|v| {
                !is_placeholder(v) && !e.key_str().is_some_and(|k| is_public(k, v))
            })
        });
        if !literal {
            continue;
        }
        let range = data.key_range().unwrap_or_else(|| data.range());
        let name = helpers::object_label("Secret", object.name());
        let message = if field == "data" {
            format!(
                "{name} commits its values in `data` (base64 is an encoding, not encryption); keep them out of the repository with a sealed, SOPS-encrypted or external secret"
            )
        } else {
            format!(
                "{name} commits its values in plain text in `stringData`; keep them out of the repository with a sealed, SOPS-encrypted or external secret"
            )
        };
        out.push(Finding::new("secret-in-manifest", range, message));
    }
}

/// True for a Secret entry that holds public material: a certificate
/// (`tls.crt`, `ca.crt`, or a PEM certificate under any key), which a TLS
/// Secret carries beside its private key. Committing a certificate exposes
/// nothing.
fn is_public(key: &str, value: &str) -> bool {
    // "-----BEGIN CERTIFICATE" in base64, as it starts a `data` entry.
    const CERTIFICATE_BASE64: &str = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS";
    let key = key.to_ascii_lowercase();
    let value = value.trim_start();
    (key.ends_with(".crt") && !value.contains("PRIVATE KEY"))
        || value.starts_with("-----BEGIN CERTIFICATE")
        || value.starts_with(CERTIFICATE_BASE64)
}

/// `DB_PASSWORD` as a Secret key: `db-password`.
fn kebab(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            '_' | '.' | ' ' => out.push('-'),
            c => out.push(c.to_ascii_lowercase()),
        }
    }
    out.trim_matches('-').to_string()
}
