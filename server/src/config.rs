//! The resolved configuration rules and filters read: one plain value per file.
//!
//! Settings come from three places, in rising precedence: the catalog's
//! defaults, the editor's `bulwark` settings, and the repository's
//! `.bulwark.yaml` (or `.bulwark.yml`): the nearest one from the file's folder
//! upward, stopping at a repository root (a folder holding `.git`) or a
//! workspace folder. The CLI's `--config PATH` names the file instead.
//!
//! The keys are those of [`Settings`]; [`Layer`] is one source of them,
//! checked and compiled (globs, regular expressions); [`resolve`] folds the
//! layers that apply to one file into a [`Config`]. Other tools' files
//! (`.hadolint.yaml`, `.trivyignore`) are read by [`peers`] and add to the
//! same value. Reading files is done by the front ends through [`Loader`],
//! never by rules.

mod loader;
mod locate;
pub mod peers;
pub mod starter;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use regex::{Regex, RegexBuilder};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::catalog::Catalog;
use crate::finding::{Finding, Severity};
use crate::text::TextRange;

pub use loader::Loader;
pub use peers::PeerIgnore;

/// The names a configuration file may have, in the order they are looked for.
pub const FILE_NAMES: [&str; 2] = [".bulwark.yaml", ".bulwark.yml"];

/// What `.dockerignore` must exclude unless `dockerignore.required` says
/// otherwise: the version-control folder, environment files, keys,
/// credentials, dependency folders and compose files.
pub const DEFAULT_DOCKERIGNORE_REQUIRED: &[&str] = &[
    ".git",
    ".env*",
    "*.pem",
    "*.key",
    "credentials*",
    "node_modules",
    "docker-compose*.yml",
];

/// The largest compiled regular expression a setting may produce, so that a
/// pattern cannot make every check slow.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// True for `.bulwark.yaml` and `.bulwark.yml`.
pub fn is_config_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| FILE_NAMES.contains(&n))
}

/// A rule's configured level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    /// The rule does not run.
    Off,
    Error,
    Warning,
    Info,
    Hint,
}

impl RuleLevel {
    pub fn severity(self) -> Option<Severity> {
        match self {
            RuleLevel::Off => None,
            RuleLevel::Error => Some(Severity::Error),
            RuleLevel::Warning => Some(Severity::Warning),
            RuleLevel::Info => Some(Severity::Info),
            RuleLevel::Hint => Some(Severity::Hint),
        }
    }
}

/// The lowest severity that fails a `bulwark check` run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Threshold {
    Error,
    Warning,
    Info,
    Hint,
}

impl Threshold {
    pub fn severity(self) -> Severity {
        match self {
            Threshold::Error => Severity::Error,
            Threshold::Warning => Severity::Warning,
            Threshold::Info => Severity::Info,
            Threshold::Hint => Severity::Hint,
        }
    }
}

/// Bulwark's settings: the keys of `.bulwark.yaml`, and of the editor's
/// `bulwark` settings section.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[schemars(title = "Bulwark configuration")]
pub struct Settings {
    /// Rule levels that replace the catalog's defaults: `off`, `error`,
    /// `warning`, `info` or `hint`, keyed by rule name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "rules_schema")]
    pub rules: Option<BTreeMap<String, RuleLevel>>,
    /// Globs of files not to check, relative to the configuration file's
    /// folder. A pattern without a `/` matches a name at any depth; a
    /// folder's pattern covers everything below it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore: Option<Vec<String>>,
    /// Rule levels for some files only; later entries win over earlier ones
    /// and over `rules`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overrides: Option<Vec<Override>>,
    /// Registry hosts images may come from (`docker.io` stands for Docker
    /// Hub). `untrusted-registry` is inactive until this is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trusted_registries: Option<Vec<String>>,
    /// How literal secrets are recognised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secrets: Option<SecretsSettings>,
    /// What the `.dockerignore` rules require.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dockerignore: Option<DockerignoreSettings>,
    /// The lowest severity that makes `bulwark check` exit with 1 (the
    /// command line's `--fail-on` wins over it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail_on: Option<Threshold>,
}

/// Rule levels for the files that match some globs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Override {
    /// Globs of the files this entry applies to, relative to the
    /// configuration file's folder.
    pub files: Vec<String>,
    /// Rule levels for those files.
    #[serde(default)]
    #[schemars(schema_with = "rules_schema")]
    pub rules: BTreeMap<String, RuleLevel>,
}

/// How literal secrets are recognised.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct SecretsSettings {
    /// Regular expressions of values known to be safe (test fixtures, public
    /// sample keys); a value that one matches in whole is never a secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow: Option<Vec<String>>,
    /// Regular expressions of values that are secrets under any name (an
    /// in-house token format); a value that contains a match counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra_patterns: Option<Vec<String>>,
}

/// What the `.dockerignore` rules require.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct DockerignoreSettings {
    /// Patterns `.dockerignore` must exclude, replacing the default list
    /// (`.git`, `.env*`, `*.pem`, `*.key`, `credentials*`, `node_modules`,
    /// `docker-compose*.yml`). An entry without a `/` counts at every depth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<Vec<String>>,
}

/// A map from catalog rule names to levels, each rule described by its
/// catalog summary, so that editors complete and check the names.
fn rules_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let level = serde_json::json!({
        "enum": ["off", "error", "warning", "info", "hint"],
    });
    let properties: serde_json::Map<String, serde_json::Value> = Catalog::get()
        .rules()
        .iter()
        .map(|r| {
            let mut entry = level.clone();
            entry["description"] = serde_json::Value::String(r.summary.clone());
            (r.name.clone(), entry)
        })
        .collect();
    let value = serde_json::json!({
        "description": "Rule levels keyed by rule name.",
        "type": ["object", "null"],
        "properties": properties,
        "additionalProperties": false,
    });
    schemars::Schema::try_from(value).unwrap_or_default()
}

/// The JSON schema of [`Settings`], as written to `docs/bulwark.schema.json`.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(Settings);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// A regular expression from the settings, compared by its source.
#[derive(Debug, Clone)]
pub struct Pattern {
    source: String,
    regex: Regex,
}

impl Pattern {
    /// Compiles `source`; `whole` anchors it so that it must match a whole
    /// value rather than a part of one.
    pub fn new(source: &str, whole: bool) -> Result<Self, regex::Error> {
        let anchored;
        let text = if whole {
            anchored = format!("^(?:{source})$");
            anchored.as_str()
        } else {
            source
        };
        let regex = RegexBuilder::new(text)
            .size_limit(REGEX_SIZE_LIMIT)
            .build()?;
        Ok(Self {
            source: source.to_string(),
            regex,
        })
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    pub fn regex(&self) -> &Regex {
        &self.regex
    }
}

impl PartialEq for Pattern {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
    }
}

impl Eq for Pattern {}

/// The secret settings in force for a file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SecretPatterns {
    pub allow: Vec<Pattern>,
    pub extra: Vec<Pattern>,
}

impl SecretPatterns {
    /// True when an `allow` pattern matches the whole value.
    pub fn is_allowed(&self, value: &str) -> bool {
        let value = value.trim();
        self.allow.iter().any(|p| p.regex.is_match(value))
    }

    /// True when an `extra-patterns` pattern occurs in the value.
    pub fn is_extra_secret(&self, value: &str) -> bool {
        self.extra.iter().any(|p| p.regex.is_match(value))
    }
}

/// The configuration in force for one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// Per-rule levels that replace the catalog defaults.
    pub rules: BTreeMap<String, RuleLevel>,
    /// Registry hosts images may come from; `untrusted-registry` is inactive
    /// until this is set.
    pub trusted_registries: Option<Vec<String>>,
    /// Known-safe values and extra secret patterns.
    pub secrets: SecretPatterns,
    /// What `.dockerignore` must exclude; `None` means the defaults
    /// ([`Config::dockerignore_required`] resolves it).
    pub dockerignore_required: Option<Vec<String>>,
    /// The lowest severity that fails a CLI run, when the file sets one.
    pub fail_on: Option<Severity>,
    /// Other tools' ids that their configuration files ignore for the whole
    /// file (`.hadolint.yaml`'s `ignored`, `.trivyignore`).
    pub peer_ignores: Vec<PeerIgnore>,
}

impl Config {
    /// Parses configuration text into the configuration a file gets that no
    /// `overrides` entry matches; `path` names the file in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Self, ConfigError> {
        let layer = Layer::parse(text, path)?;
        Ok(resolve(&[&layer], None))
    }

    /// The level configured for `rule`, if any.
    pub fn level(&self, rule: &str) -> Option<RuleLevel> {
        self.rules.get(rule).copied()
    }

    /// False when the configuration turns `rule` off.
    pub fn enabled(&self, rule: &str) -> bool {
        self.level(rule) != Some(RuleLevel::Off)
    }

    /// The patterns `.dockerignore` must exclude.
    pub fn dockerignore_required(&self) -> Vec<String> {
        match &self.dockerignore_required {
            Some(list) => list.clone(),
            None => DEFAULT_DOCKERIGNORE_REQUIRED
                .iter()
                .map(|s| (*s).to_string())
                .collect(),
        }
    }
}

/// One problem in a configuration file: what is wrong, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    /// The offending key (or list item), in bytes of the file's text.
    pub range: TextRange,
    /// 1-based line and column of the range's start.
    pub line: usize,
    pub column: usize,
}

/// Why a configuration file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}", describe(path, problems))]
    Invalid {
        path: PathBuf,
        problems: Vec<Problem>,
    },
}

impl ConfigError {
    /// The configuration file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            ConfigError::Read { path, .. } | ConfigError::Invalid { path, .. } => path,
        }
    }

    /// The problems found, empty for a read error.
    pub fn problems(&self) -> &[Problem] {
        match self {
            ConfigError::Read { .. } => &[],
            ConfigError::Invalid { problems, .. } => problems,
        }
    }
}

fn describe(path: &Path, problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("{}:{}:{}: {}", path.display(), p.line, p.column, p.message))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Where a layer of settings came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A configuration file.
    File(PathBuf),
    /// The editor's settings.
    Editor,
}

/// One source of settings, checked and compiled.
#[derive(Debug, Clone)]
pub struct Layer {
    pub origin: Origin,
    /// Folders that globs are relative to: the configuration file's folder,
    /// or the editor's workspace folders.
    bases: Vec<PathBuf>,
    pub settings: Settings,
    ignore: Option<GlobSet>,
    overrides: Vec<(GlobSet, BTreeMap<String, RuleLevel>)>,
    allow: Option<Vec<Pattern>>,
    extra: Option<Vec<Pattern>>,
}

/// How many problems one configuration file reports at most.
const MAX_PROBLEMS: usize = 50;

impl Layer {
    /// Parses and checks a configuration file's text.
    pub fn parse(text: &str, path: &Path) -> Result<Self, ConfigError> {
        let invalid = |problems| ConfigError::Invalid {
            path: path.to_path_buf(),
            problems,
        };
        let located = locate::Located::new(text);
        let base = path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let compile = |settings| {
            Self::compile(
                settings,
                Origin::File(path.to_path_buf()),
                vec![base.clone()],
            )
        };
        if located.is_empty() {
            return compile(Settings::default()).map_err(|errors| {
                invalid(errors.into_iter().map(|e| located.problem(e)).collect())
            });
        }
        let first = match serde_yaml_ng::from_str::<Settings>(text) {
            Ok(settings) => {
                return compile(settings).map_err(|errors| {
                    invalid(errors.into_iter().map(|e| located.problem(e)).collect())
                });
            }
            Err(e) => located.serde_problem(&e),
        };
        // serde stops at the first problem. So that a user fixes them all in
        // one go, the entry at fault is blanked out and the text read again,
        // for as long as each problem sits at a block-style key; the checks
        // made after deserialising then run on what is left.
        let mut problems = vec![first];
        let mut rest = text.to_string();
        while problems.len() < MAX_PROBLEMS {
            let Some(last) = problems.last() else { break };
            let Some(next) = located.without_entry(&rest, last) else {
                break;
            };
            rest = next;
            match serde_yaml_ng::from_str::<Settings>(&rest) {
                Ok(settings) => {
                    if let Err(errors) = compile(settings) {
                        problems.extend(errors.into_iter().map(|e| located.problem(e)));
                    }
                    break;
                }
                Err(e) => {
                    let problem = located.serde_problem(&e);
                    if problems.iter().any(|p| p.range == problem.range) {
                        break;
                    }
                    problems.push(problem);
                }
            }
        }
        problems.sort_by_key(|p| p.range.start);
        Err(invalid(problems))
    }

    /// Reads and checks the configuration file at `path`.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let bytes = std::fs::read(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Self::parse(&String::from_utf8_lossy(&bytes), path)
    }

    /// Editor settings (the `bulwark` section as JSON), with globs relative
    /// to `folders`. Keys Bulwark does not know are dropped (editors send
    /// their own keys in the same section) and returned, for a log line.
    pub fn from_editor(
        value: &serde_json::Value,
        folders: Vec<PathBuf>,
    ) -> Result<(Self, Vec<String>), String> {
        let mut unknown = Vec::new();
        let value = match value {
            serde_json::Value::Null => serde_json::Value::Object(Default::default()),
            serde_json::Value::Object(map) => {
                let known: serde_json::Map<String, serde_json::Value> = map
                    .iter()
                    .filter(|(k, v)| {
                        let keep = SETTINGS_KEYS.contains(&k.as_str());
                        if !keep {
                            unknown.push((*k).clone());
                        }
                        // An editor writes `null` for a setting left unset.
                        keep && !v.is_null()
                    })
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                serde_json::Value::Object(known)
            }
            _ => return Err("the `bulwark` settings must be an object".to_string()),
        };
        let settings: Settings =
            serde_json::from_value(value).map_err(|e| format!("bulwark settings: {e}"))?;
        let layer = Self::compile(settings, Origin::Editor, folders).map_err(|errors| {
            errors
                .into_iter()
                .map(|e| format!("bulwark settings: {}: {}", e.path_text(), e.message))
                .collect::<Vec<_>>()
                .join("; ")
        })?;
        Ok((layer, unknown))
    }

    fn compile(
        settings: Settings,
        origin: Origin,
        bases: Vec<PathBuf>,
    ) -> Result<Self, Vec<locate::KeyError>> {
        use locate::{KeyError, Seg};
        let mut errors = Vec::new();
        if let Some(rules) = &settings.rules {
            for name in rules.keys() {
                if let Some(message) = unknown_rule(name) {
                    errors.push(KeyError::key(
                        vec![Seg::key("rules"), Seg::key(name)],
                        message,
                    ));
                }
            }
        }
        let ignore = settings
            .ignore
            .as_ref()
            .and_then(|globs| compile_globs(globs, &[Seg::key("ignore")], &mut errors));
        let mut overrides = Vec::new();
        for (i, o) in settings.overrides.iter().flatten().enumerate() {
            let at = [Seg::key("overrides"), Seg::Index(i)];
            if o.files.is_empty() {
                errors.push(KeyError::value(
                    vec![at[0].clone(), at[1].clone(), Seg::key("files")],
                    "an override needs at least one glob in `files`".to_string(),
                ));
            }
            let files_at = [at[0].clone(), at[1].clone(), Seg::key("files")];
            let set = compile_globs(&o.files, &files_at, &mut errors);
            for name in o.rules.keys() {
                if let Some(message) = unknown_rule(name) {
                    errors.push(KeyError::key(
                        vec![
                            at[0].clone(),
                            at[1].clone(),
                            Seg::key("rules"),
                            Seg::key(name),
                        ],
                        message,
                    ));
                }
            }
            if let Some(set) = set {
                overrides.push((set, o.rules.clone()));
            }
        }
        for (i, host) in settings.trusted_registries.iter().flatten().enumerate() {
            let at = vec![Seg::key("trusted-registries"), Seg::Index(i)];
            if host.trim().is_empty() {
                errors.push(KeyError::value(
                    at,
                    "a registry host cannot be empty".into(),
                ));
            } else if host.contains("://") {
                errors.push(KeyError::value(
                    at,
                    format!("write the registry host without a scheme, not `{host}`"),
                ));
            } else if host.contains('/') || host.chars().any(char::is_whitespace) {
                errors.push(KeyError::value(
                    at,
                    format!("`{host}` is not a registry host (write only the host and port)"),
                ));
            }
        }
        let secrets = settings.secrets.clone().unwrap_or_default();
        let allow = secrets
            .allow
            .as_ref()
            .map(|list| compile_regexes(list, "allow", &mut errors));
        let extra = secrets
            .extra_patterns
            .as_ref()
            .map(|list| compile_regexes(list, "extra-patterns", &mut errors));
        for (i, p) in settings
            .dockerignore
            .iter()
            .flat_map(|d| d.required.iter().flatten())
            .enumerate()
        {
            let at = vec![
                Seg::key("dockerignore"),
                Seg::key("required"),
                Seg::Index(i),
            ];
            let p = p.trim();
            let problem = if crate::dockerignore::clean(p).is_empty() {
                Some("a required pattern cannot be empty".to_string())
            } else if p.starts_with('!') {
                Some(format!(
                    "`{p}` is a negation; list what must be excluded, without `!`"
                ))
            } else {
                GlobBuilder::new(&crate::dockerignore::clean(p))
                    .literal_separator(true)
                    .backslash_escape(true)
                    .build()
                    .err()
                    .map(|e| format!("`{p}` is not a valid pattern: {}", e.kind()))
            };
            if let Some(message) = problem {
                errors.push(KeyError::value(at, message));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Self {
            origin,
            bases,
            settings,
            ignore,
            overrides,
            allow,
            extra,
        })
    }

    /// `path` relative to the first base folder that holds it.
    fn relative<'p>(&self, path: &'p Path) -> &'p Path {
        self.bases
            .iter()
            .find_map(|b| path.strip_prefix(b).ok())
            .unwrap_or(path)
    }

    /// True when the layer's `ignore` globs match `path`.
    pub fn ignores(&self, path: &Path) -> bool {
        self.ignore
            .as_ref()
            .is_some_and(|set| set.is_match(self.relative(path)))
    }

    /// True when the layer sets `ignore` at all.
    fn sets_ignore(&self) -> bool {
        self.ignore.is_some()
    }
}

/// The top-level keys of [`Settings`].
const SETTINGS_KEYS: &[&str] = &[
    "rules",
    "ignore",
    "overrides",
    "trusted-registries",
    "secrets",
    "dockerignore",
    "fail-on",
];

/// A message when `name` is not a catalog rule, naming the rule a peer id
/// stands for when it is one.
fn unknown_rule(name: &str) -> Option<String> {
    let catalog = Catalog::get();
    if catalog.rule(name).is_some() {
        return None;
    }
    let mut peers: Vec<&str> = Vec::new();
    for tool in peers::TOOLS {
        for rule in catalog.rules_for_anchor(tool, name) {
            if !peers.contains(&rule.name.as_str()) {
                peers.push(&rule.name);
            }
        }
    }
    Some(if peers.is_empty() {
        format!("unknown rule `{name}` (see `bulwark rules`)")
    } else {
        let names: Vec<String> = peers.iter().map(|n| format!("`{n}`")).collect();
        format!(
            "unknown rule `{name}`: another tool's id; Bulwark's name for it is {}",
            names.join(" or ")
        )
    })
}

/// Normalises one glob the way the documentation says: a pattern without a
/// `/` matches at any depth, a leading `/` anchors, a folder covers its
/// contents.
fn glob_variants(pattern: &str) -> Vec<String> {
    let p = pattern.trim();
    let p = p.strip_prefix("./").unwrap_or(p);
    let p = p.trim_end_matches('/');
    let anchored = p.starts_with('/');
    let p = p.trim_start_matches('/');
    let base = if anchored || p.contains('/') || p.starts_with("**") {
        p.to_string()
    } else {
        format!("**/{p}")
    };
    vec![base.clone(), format!("{base}/**")]
}

fn compile_globs(
    globs: &[String],
    at: &[locate::Seg],
    errors: &mut Vec<locate::KeyError>,
) -> Option<GlobSet> {
    let mut builder = GlobSetBuilder::new();
    let mut ok = true;
    for (i, g) in globs.iter().enumerate() {
        let mut path = at.to_vec();
        path.push(locate::Seg::Index(i));
        if g.trim().is_empty() {
            errors.push(locate::KeyError::value(
                path,
                "a glob cannot be empty".into(),
            ));
            ok = false;
            continue;
        }
        for variant in glob_variants(g) {
            match GlobBuilder::new(&variant).literal_separator(true).build() {
                Ok(glob) => {
                    builder.add(glob);
                }
                Err(e) => {
                    errors.push(locate::KeyError::value(
                        path.clone(),
                        format!("`{g}` is not a valid glob: {}", e.kind()),
                    ));
                    ok = false;
                    break;
                }
            }
        }
    }
    if !ok {
        return None;
    }
    builder.build().ok()
}

fn compile_regexes(list: &[String], key: &str, errors: &mut Vec<locate::KeyError>) -> Vec<Pattern> {
    use locate::Seg;
    let mut out = Vec::new();
    for (i, source) in list.iter().enumerate() {
        match Pattern::new(source, key == "allow") {
            Ok(p) => out.push(p),
            Err(e) => {
                let first = e.to_string();
                let reason = first.lines().last().unwrap_or("invalid").trim().to_string();
                errors.push(locate::KeyError::value(
                    vec![Seg::key("secrets"), Seg::key(key), Seg::Index(i)],
                    format!("`{source}` is not a valid regular expression: {reason}"),
                ));
            }
        }
    }
    out
}

/// Folds the layers that apply to `path` (lowest precedence first) into the
/// configuration for it. `rules` merge per rule name, each layer's
/// `overrides` applying after its `rules`; every other key takes the value
/// of the highest layer that sets it. `path` is `None` when no particular
/// file is meant (no override applies).
pub fn resolve(layers: &[&Layer], path: Option<&Path>) -> Config {
    let mut config = Config::default();
    for layer in layers {
        let s = &layer.settings;
        if let Some(rules) = &s.rules {
            config
                .rules
                .extend(rules.iter().map(|(k, v)| (k.clone(), *v)));
        }
        if let Some(path) = path {
            let relative = layer.relative(path);
            for (set, rules) in &layer.overrides {
                if set.is_match(relative) {
                    config
                        .rules
                        .extend(rules.iter().map(|(k, v)| (k.clone(), *v)));
                }
            }
        }
        if let Some(hosts) = &s.trusted_registries {
            config.trusted_registries = Some(hosts.clone());
        }
        if let Some(allow) = &layer.allow {
            config.secrets.allow = allow.clone();
        }
        if let Some(extra) = &layer.extra {
            config.secrets.extra = extra.clone();
        }
        if let Some(required) = s.dockerignore.as_ref().and_then(|d| d.required.as_ref()) {
            config.dockerignore_required = Some(required.clone());
        }
        if let Some(fail_on) = s.fail_on {
            config.fail_on = Some(fail_on.severity());
        }
    }
    config
}

/// True when `path` is ignored by the highest layer that sets `ignore`.
pub fn is_ignored(layers: &[&Layer], path: &Path) -> bool {
    layers
        .iter()
        .rev()
        .find(|l| l.sets_ignore())
        .is_some_and(|l| l.ignores(path))
}

/// The configuration file that applies to files in `dir`: the nearest
/// `.bulwark.yaml`/`.bulwark.yml` from `dir` upward, stopping after a folder
/// that holds `.git` or after `stop_at`.
pub fn find_config_file(dir: &Path, stop_at: Option<&Path>) -> Option<PathBuf> {
    find_upward(dir, &FILE_NAMES, stop_at)
}

/// The nearest file named one of `names` from `dir` upward, stopping after a
/// folder that holds `.git` or after `stop_at`.
pub fn find_upward(dir: &Path, names: &[&str], stop_at: Option<&Path>) -> Option<PathBuf> {
    let mut current = Some(dir);
    while let Some(d) = current {
        for name in names {
            let candidate = d.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
        if is_boundary(d, stop_at) {
            return None;
        }
        current = d.parent();
    }
    None
}

/// True for a folder where the upward search for configuration stops.
pub fn is_boundary(dir: &Path, stop_at: Option<&Path>) -> bool {
    dir.join(".git").exists() || stop_at == Some(dir)
}

/// Loads the configuration file at `path` as the configuration of a file
/// that no `overrides` entry matches.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let layer = Layer::load(path)?;
    Ok(resolve(&[&layer], None))
}

/// `config-error` findings for a configuration file's text, at the
/// offending keys: what the editor shows on an open `.bulwark.yaml`.
pub fn diagnose(text: &str, path: &Path) -> Vec<Finding> {
    let Err(err) = Layer::parse(text, path) else {
        return Vec::new();
    };
    let severity = Catalog::get()
        .rule("config-error")
        .map_or(Severity::Error, |r| r.severity);
    err.problems()
        .iter()
        .map(|p| {
            let mut f = Finding::new("config-error", p.range, p.message.clone());
            f.severity = severity;
            f
        })
        .collect()
}

#[cfg(test)]
mod tests;
