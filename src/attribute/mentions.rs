//! Pass 3 of attribution: persons and organizations named in passing, met by the cast so that a
//! later "Cook declined" or "he said" can point back to them.

use super::cast::{self, Cast, Role};
use super::lexicon::tag;
use super::source::{self, classify, member, Sentence, Who};
use super::tokens::Token;
use super::Lexicon;

pub fn meet(
    s: &Sentence,
    lex: &Lexicon,
    cast: &mut Cast,
    text_of: &dyn Fn(usize, usize) -> String,
) {
    if s.tags & tag::DOCUMENT != 0 {
        note_issuers(s, cast, text_of);
    }
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
        // The claim's subject ("Kenteris's lawyer reacted angrily.") outranks the names after
        // it for a pronoun in the next claim.
        let at = if is_subject(s, i, e) {
            cast::SALIENT - 1
        } else {
            i
        };
        if e - i == 1 && !s.title_case {
            if let Some(k) = cast.person_by_key(&cast::key_of_token(&toks[i])) {
                cast.touch(k, cast::seen_at(s.index, at));
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
                    cast.meet(member(n, cast::seen_at(s.index, at)));
                }
            }
        }
        i = e;
    }
}

/// Whether the name run `i..e` is the claim's subject: it opens the claim (after a conjunction
/// or a dateline at most) and a word in lower case, its verb, follows.
fn is_subject(s: &Sentence, i: usize, e: usize) -> bool {
    let toks = s.toks;
    let opens = (s.first_word..i).all(|k| !toks[k].is_word() || toks[k].has(tag::CLAUSE_OPENER));
    let possessive = toks[e - 1].possessive;
    opens && !possessive && toks.get(e).is_some_and(|t| t.is_word() && !t.is_cap())
}

/// Bodies named as a document's issuer: a capitalised name before it ("a Daily Telegraph poll",
/// "Envisional's report") or after "by", "from" or "of" ("a survey by the Licensed Taxi Drivers
/// Association").
fn note_issuers(s: &Sentence, cast: &mut Cast, text_of: &dyn Fn(usize, usize) -> String) {
    let toks = s.toks;
    for k in 0..toks.len() {
        if !toks[k].has(tag::DOCUMENT) || toks[k].quoted || toks[k].is_cap() {
            continue;
        }
        let mut a = k;
        while a > 0 && toks[a - 1].is_cap() && s.is_proper(a - 1) {
            a -= 1;
        }
        let (mut b, mut e) = (k + 1, k + 1);
        if a == k
            && toks
                .get(k + 1)
                .is_some_and(|t| t.is("by") || t.is("from") || t.is("of"))
        {
            b = k + 2;
            while b < toks.len() && source::is_det(&toks[b]) && !toks[b].is_cap() {
                b += 1;
            }
            e = b;
            while e < toks.len() && (toks[e].is_cap() || e > b && toks[e].is("of")) {
                e += 1;
            }
            while e > b && toks[e - 1].is("of") {
                e -= 1;
            }
        }
        let (x, y) = if a < k { (a, k) } else { (b, e) };
        if y > x && toks[x].is_cap() && !toks[x].has(tag::TIME_WORD) {
            let name = text_of(toks[x].start, toks[y - 1].end);
            let name = name
                .trim_end_matches("'s")
                .trim_end_matches("’s")
                .to_string();
            cast.note_issuer(s.index, name);
        }
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
