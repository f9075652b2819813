//! What the rule tests of every format share: where findings start (as
//! 1-based lines) and the check that a fix does what a fix must (the fixed
//! file parses, the finding is gone, nothing new is reported).

use crate::finding::{EditTarget, Finding};
use crate::yaml::edit;

/// The 1-based line of byte `offset` of `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

/// The 1-based lines where `rule` is reported in `found`.
pub fn lines_in(found: &[Finding], text: &str, rule: &str) -> Vec<usize> {
    found
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| line_of(text, f.range.start))
        .collect()
}

/// Applies the fix of `finding` (one of `before`, the findings of `text`)
/// and returns the fixed text, after checking with `check` that it still
/// parses, that one finding of that rule is gone and that no finding appears
/// that was not there before.
#[track_caller]
pub fn apply_checked(
    text: &str,
    before: &[Finding],
    finding: &Finding,
    check: impl Fn(&str) -> Vec<Finding>,
) -> String {
    let rule = finding.rule;
    let fix = finding
        .fix
        .as_ref()
        .unwrap_or_else(|| panic!("the `{rule}` finding has no fix"));
    assert!(
        fix.edits
            .iter()
            .all(|e| e.target == EditTarget::ThisDocument),
        "the `{rule}` fix edits another file"
    );
    let out = edit::apply(text, &fix.edits);
    let after = check(&out);
    assert!(
        after.iter().all(|f| f.rule != "syntax-error"),
        "the fix breaks the file:\n{out}"
    );
    let count = |list: &[Finding], r: &str| list.iter().filter(|f| f.rule == r).count();
    assert_eq!(
        count(&after, rule),
        count(before, rule) - 1,
        "the `{rule}` finding is still there:\n{out}"
    );
    for f in &after {
        assert!(
            before
                .iter()
                .any(|b| b.rule == f.rule && b.message == f.message),
            "the fix adds a `{}` finding ({}):\n{out}",
            f.rule,
            f.message
        );
    }
    out
}

/// Checks that the fix cases of a format's tests, as (style, rule) pairs,
/// hold a `block*` and a `flow*` case for every rule the catalog marks
/// fixable in `format`, except the `exempt` ones (whose fix does not depend
/// on the YAML style, such as removing a comment or creating a file).
#[track_caller]
pub fn assert_fix_styles_cover_catalog<'a>(
    format: crate::format::Format,
    cases: impl IntoIterator<Item = (&'a str, &'a str)>,
    exempt: &[&str],
) {
    let cases: Vec<(&str, &str)> = cases.into_iter().collect();
    let mut missing = Vec::new();
    for rule in crate::catalog::Catalog::get().rules() {
        if !rule.formats.contains(&format) || rule.fix.is_none() {
            continue;
        }
        if exempt.contains(&rule.name.as_str()) {
            continue;
        }
        for style in ["block", "flow"] {
            let covered = cases
                .iter()
                .any(|(s, r)| *r == rule.name && s.starts_with(style));
            if !covered {
                missing.push(format!("{} ({style})", rule.name));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "fixable {} rules without a fix case: {missing:?}",
        format.as_str()
    );
}
