//! Pass 3 of attribution: persons and organizations named in passing, met by the cast so that a
//! later "Cook declined" or "he said" can point back to them.

use super::cast::{self, Cast, Role};
use super::lexicon::tag;
use super::source::{classify, member, Sentence, Who};
use super::tokens::Token;
use super::Lexicon;

pub fn meet(
    s: &Sentence,
    lex: &Lexicon,
    cast: &mut Cast,
    text_of: &dyn Fn(usize, usize) -> String,
) {
    let toks = s.toks;
    let mut i = 0;
    while i < toks.len() {
        if !s.is_proper(i) || toks[i].quoted {
            i += 1;
            continue;
        }
        let mut e = i + 1;
        while e < toks.len() && (toks[e].is_cap() && !toks[e - 1].possessive) {
            e += 1;
        }
        // A known person named again by surname ("Trump has record low support") is nearer
        // for "he" than a speaker from paragraphs ago.
        if e - i == 1 && !s.title_case {
            if let Some(k) = cast.person_by_key(&cast::key_of_token(&toks[i])) {
                cast.touch(k, cast::seen_at(s.index, i));
                if shows_a_body(toks, i) {
                    cast.retype_as_body(k);
                }
            }
        }
        let place = lex.places.match_at(toks, i).is_some();
        if e - i >= 2 && !s.title_case && !place {
            if let Some(Who::New(n)) = classify(s, lex, cast, text_of, (i, e), None) {
                // A run after "in", "at", "from" is most often a place ("in New York"),
                // unless it opens with a known first name.
                let after_prep = i > 0 && toks[i - 1].has(tag::PLACE_PREP);
                let known_first = toks[i].has(tag::MALE_NAME) || toks[i].has(tag::FEMALE_NAME);
                let person_ok = n.role != Role::Person || !after_prep || known_first;
                if matches!(n.role, Role::Person | Role::Organization | Role::Outlet) && person_ok {
                    cast.meet(member(n, cast::seen_at(s.index, i)));
                }
            }
        }
        i = e;
    }
}

/// The words around a one-word name at `i` that say it is a body, not a person: a possession
/// only a body has ("Hartwell's shares", "Hartwell's chief executive"), a holding in it ("shares
/// in Hartwell", "a takeover of Hartwell"), or ", which" after it.
fn shows_a_body(toks: &[Token], i: usize) -> bool {
    let next = toks.get(i + 1);
    let possession = toks[i].possessive && next.is_some_and(|n| n.has(tag::BODY_POSSESSION));
    let holding = i >= 2
        && (toks[i - 1].is("in") || toks[i - 1].is("of") || toks[i - 1].is("for"))
        && toks[i - 2].has(tag::BODY_HOLDING);
    let which =
        next.is_some_and(|n| n.is_punct(',')) && toks.get(i + 2).is_some_and(|n| n.is("which"));
    possession || holding || which
}
