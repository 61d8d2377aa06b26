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
            .filter(|(_, c)| c.kind == Kind::Named && c.source_role.is_none() && !c.continued)
            .filter_map(|(i, c)| {
                let s = c.source.clone()?;
                let unidentified = plainly_a_person(&s, ctx.lex) && !described_anywhere(&s, ctx);
                (unidentified && seen.insert(crate::lower(&s).into_owned()))
                    .then(|| Hit::at(i, format!("\"{s}\" is cited with no role or affiliation")))
            })
            .collect()
    },
};

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

/// Whether any claim of the article describes the person: a role noun in a claim that names
/// them ("Spain coach Luis Aragones", "Ruiz, the finance director"), or in a claim next to
/// their first ("The information commissioner says ... Richard Thomas said", "... Gordon Brown
/// has said. The chancellor, speaking ...").
fn described_anywhere(name: &str, ctx: &super::Context) -> bool {
    let surname = name.split_whitespace().last().unwrap_or(name);
    let has_role = |text: &str| {
        text.split(|c: char| !c.is_alphanumeric() && c != '-')
            .any(|w| ctx.lex.roles.contains(&w.to_lowercase()))
    };
    // A neighbour speaks of them by their role if it opens with one ("The chancellor, ...").
    let opens_with_role = |text: &str| {
        let words: Vec<&str> = text.split_whitespace().take(3).collect();
        words.first().is_some_and(|w| w.eq_ignore_ascii_case("the"))
            && words[1..].iter().any(|w| {
                let w = w.trim_matches(|c: char| !c.is_alphanumeric());
                ctx.lex.roles.contains(&w.to_lowercase())
            })
    };
    let first = ctx.claims.iter().position(|c| c.text.contains(surname));
    let next_to = first
        .into_iter()
        .flat_map(|i| [i.checked_sub(1), Some(i + 1)]);
    let mut neighbours = next_to.flatten().filter_map(|i| ctx.claims.get(i));
    ctx.claims
        .iter()
        .filter(|c| c.text.contains(surname))
        .any(|c| has_role(&c.text))
        || neighbours.any(|c| opens_with_role(&c.text))
}
