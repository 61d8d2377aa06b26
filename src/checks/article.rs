//! The article as a whole: does anyone speak on the record, and more than one voice?

use super::{Check, Hit, Severity};
use crate::kind::Kind;

pub static NO_NAMED_SOURCE: Check = Check {
    id: "ART001",
    name: "no-named-source",
    severity: Severity::Warning,
    summary: "the article cites no named source at all",
    rationale: "Reuters and the BBC prefer first-hand, named, on-the-record sources; NPR: name sources whenever possible. An article with no named voice cannot be checked by its readers.",
    fix: "Put at least one source on the record, by name.",
    params: &[],
    run: |ctx| {
        let sourced = ctx.claims.iter().any(|c| !matches!(c.kind, Kind::Unattributed));
        if sourced && !ctx.claims.iter().any(|c| c.kind == Kind::Named) {
            vec![Hit::article("no claim rests on a named person")]
        } else {
            Vec::new()
        }
    },
};

pub static SINGLE_SOURCE: Check = Check {
    id: "ART002",
    name: "single-source",
    severity: Severity::Warning,
    summary: "the article rests on only one distinct source",
    rationale: "Reuters and the BBC ask for corroboration; a story with one voice is that voice's story. Parameter: `min_claims` (default 2), the sourced claims needed before the check applies.",
    fix: "Add an independent source, or the other side of the story.",
    params: &["min_claims"],
    run: |ctx| {
        let sourced = || ctx.claims.iter().filter(|c| !matches!(c.kind, Kind::Unattributed | Kind::NoComment));
        let n = sourced().count();
        match super::only_source(sourced()) {
            Some(src) if n as f64 >= ctx.param("min_claims", 2.0) => {
                vec![Hit::article(format!("all {n} sourced claims rest on one source, \"{src}\""))]
            }
            _ => Vec::new(),
        }
    },
};

pub static NAMED_WITHOUT_ROLE: Check = Check {
    id: "ART003",
    name: "named-without-role",
    severity: Severity::Info,
    summary: "a named person cited with no role or affiliation",
    rationale: "AP and NPR: identify sources by who they are and why they know — a name alone does not tell the reader why to listen.",
    fix: "Add the person's role or affiliation where they are first cited (\"Ana Ruiz, a nurse at the clinic\").",
    params: &[],
    run: |ctx| {
        let mut seen = rustc_hash::FxHashSet::default();
        ctx.claims
            .iter()
            .enumerate()
            .filter(|(_, c)| c.kind == Kind::Named && c.source_role.is_none())
            // A pronoun the article never resolved names no one to describe.
            .filter(|(_, c)| c.source.as_deref().is_some_and(|s| s.chars().any(char::is_uppercase)))
            .filter_map(|(i, c)| {
                let s = c.source.clone()?;
                seen.insert(crate::lower(c.source.as_deref()?)).then(|| Hit::at(i, format!("\"{s}\" is cited with no role or affiliation")))
            })
            .collect()
    },
};
