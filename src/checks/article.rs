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
        let candidates: Vec<(usize, &str)> = ctx
            .claims
            .iter()
            .enumerate()
            .filter(|(_, c)| c.kind == Kind::Named && c.source_role.is_none() && !c.continued)
            .filter_map(|(i, c)| Some((i, c.source.as_deref()?)))
            .filter(|(_, s)| plainly_a_person(s, ctx.lex) && seen.insert(crate::lower(s)))
            .collect();
        candidates
            .into_iter()
            .filter(|&(i, s)| !described(ctx, i, s.split_whitespace().last().unwrap_or(s)))
            .map(|(i, s)| Hit::at(i, format!("\"{s}\" is cited with no role or affiliation")))
            .collect()
    },
};

/// The words of a claim, without punctuation.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|ch: char| !ch.is_alphanumeric() && ch != '-' && ch != '\'')
        .filter(|w| !w.is_empty())
}

/// A name that is plainly a person's: two to four capitalised words, the first a first name
/// the pack knows ("Ana Ruiz", not "Hartwell", "Norwegian" or "Constitutional Affairs"). A
/// finding on an organisation or a fragment of a name would be noise.
fn plainly_a_person(name: &str, lex: &super::CheckLexicon) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().all(|c| c.is_alphabetic() || "'-.’".contains(c))
        })
        && lex.first_names.contains(&words[0].to_lowercase())
}

/// How far from a claim, in claims, the description of its source is looked for: a whole
/// article (a long one has a few hundred claims), without a cost that grows with the square of
/// a file that holds many articles run together.
const NEIGHBOURHOOD: usize = 400;

/// Whether the article describes the person named `surname` in claim `at`: a claim holding
/// the name has a role word ("Spain coach Luis Aragones", "Ruiz, the finance director"), or a
/// claim next to the name's first claim opens with one ("... Gordon Brown has said. The
/// chancellor, speaking ...").
fn described(ctx: &super::Context, at: usize, surname: &str) -> bool {
    let roles = &ctx.lex.roles;
    let is_role = |w: &str| {
        if w.bytes().any(|b| b.is_ascii_uppercase()) {
            roles.contains(&w.to_lowercase())
        } else {
            roles.contains(w)
        }
    };
    let has_role = |text: &str| words(text).any(is_role);
    let opens_with_role = |text: &str| {
        let mut w = words(text);
        w.next().is_some_and(|f| f.eq_ignore_ascii_case("the")) && w.take(2).any(is_role)
    };
    let finder = memchr::memmem::Finder::new(surname);
    let names = |text: &str| {
        finder.find_iter(text.as_bytes()).any(|s| {
            let e = s + surname.len();
            !text[..s].ends_with(char::is_alphanumeric)
                && !text[e..].starts_with(char::is_alphanumeric)
        })
    };
    let from = at.saturating_sub(NEIGHBOURHOOD);
    let to = ctx.claims.len().min(at + NEIGHBOURHOOD);
    let mut first = None;
    for (i, c) in ctx.claims.iter().enumerate().take(to).skip(from) {
        if names(&c.text) {
            first.get_or_insert(i);
            if has_role(&c.text) {
                return true;
            }
        }
    }
    let Some(f) = first else { return false };
    [f.checked_sub(1), Some(f + 1)]
        .into_iter()
        .flatten()
        .filter_map(|j| ctx.claims.get(j))
        .any(|c| opens_with_role(&c.text))
}
