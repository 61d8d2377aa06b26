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
        let person = meet_run(s, lex, cast, text_of, i, e);
        // Who the person is, wherever the article says it: every claim of theirs shows it
        // (and ART003 does not call them unidentified).
        if let Some((k, (x, y))) = person.zip(description(s, i, e)) {
            cast.add_title(k, text_of(toks[x].start, toks[y - 1].end));
        }
        i = e;
    }
}

/// Meet the name run `i..e`; the person it names, if it names one.
fn meet_run(
    s: &Sentence,
    lex: &Lexicon,
    cast: &mut Cast,
    text_of: &dyn Fn(usize, usize) -> String,
    i: usize,
    e: usize,
) -> Option<usize> {
    let toks = s.toks;
    // The claim's subject ("Kenteris's lawyer reacted angrily.") outranks the names after it
    // for a pronoun in the next claim.
    let at = if is_subject(s, i, e) {
        cast::SALIENT - 1
    } else {
        i
    };
    if s.title_case {
        return None;
    }
    if e - i == 1 {
        // A known person named again by surname ("Trump has record low support") is nearer
        // for "he" than a speaker from paragraphs ago.
        let k = cast.person_by_key(&cast::key_of_token(&toks[i]))?;
        cast.touch(k, cast::seen_at(s.index, at));
        if shows_a_body(toks, i) {
            cast.retype_as_body(k);
            return None;
        }
        return Some(k);
    }
    if lex.places.match_at(toks, i).is_some() {
        return None;
    }
    // "Britain's Kathy Butler": the possessive before the name describes the person.
    let from = if i > 0 && toks[i - 1].possessive && toks[i - 1].is_cap() {
        i - 1
    } else {
        i
    };
    let Some(Who::New(n)) = classify(s, lex, cast, text_of, (from, e), None) else {
        return None;
    };
    // A run after "in", "at", "from" is most often a place ("in New York"), unless it opens
    // with a known first name.
    let after_prep = i > 0 && toks[i - 1].has(tag::PLACE_PREP);
    let known_first = toks[i].has(tag::MALE_NAME) || toks[i].has(tag::FEMALE_NAME);
    let person = n.role == Role::Person;
    if person && after_prep && !known_first
        || !matches!(n.role, Role::Person | Role::Organization | Role::Outlet)
    {
        return None;
    }
    let k = cast.meet(member(n, cast::seen_at(s.index, at)));
    (person && cast.get(k).role == Role::Person).then_some(k)
}

/// Words around the name run `i..e` that say who the person is: an appositive after it (", a
/// professor at ...", ", senior consultant for Sophos", ", from the group Liberty"), an
/// affiliation ("of Liberty", "at HBOS"), or a role before it ("Spain coach", "the charity's
/// director"). The token range of the description.
fn description(s: &Sentence, i: usize, e: usize) -> Option<(usize, usize)> {
    let toks = s.toks;
    let end_of = |x: usize| {
        (x..toks.len().min(x + 12))
            .find(|&k| !toks[k].is_word() && !toks[k].is_punct('-') && !toks[k].is_punct('&'))
            .unwrap_or(toks.len().min(x + 12))
    };
    let next = toks.get(e)?;
    if next.is_punct(',') {
        let x = e + 1;
        let t = toks.get(x)?;
        let opens = source::is_det(t) && !t.is_cap()
            || t.has(tag::PERSON_ROLE)
            || t.possessive && t.is_cap()
            || t.is("who") && toks.get(x + 1).is_some_and(|n| !n.is_cap())
            || is_common_noun(t)
            || (t.is("from") || t.is("at") || t.is("of"))
                && toks
                    .get(x + 1)
                    .is_some_and(|n| n.is_cap() || source::is_det(n));
        let y = end_of(x);
        return (opens && y > x + 1).then_some((x, y));
    }
    if (next.is("of") || next.is("from") || next.is("at"))
        && toks.get(e + 1).is_some_and(|n| n.is_cap())
    {
        let y = end_of(e + 1);
        return Some((e, y));
    }
    // A noun in lower case right before the name ("Spain coach Luis Aragones", "environmental
    // campaigner Barry Lim", "pole vault champion Yelena Isinbayeva").
    let before = i.checked_sub(1).map(|k| &toks[k])?;
    is_common_noun(before).then(|| {
        let mut x = i - 1;
        while x > 0 && toks[x - 1].is_word() && (toks[x - 1].is_cap() || toks[x - 1].possessive) {
            x -= 1;
        }
        (x, i)
    })
}

/// A word in lower case that may be a noun of description: not a function word, a verb of
/// speech, or a participle.
fn is_common_noun(t: &Token) -> bool {
    let l = t.lower.as_ref();
    t.is_word()
        && !t.is_cap()
        && !t.quoted
        && l.len() > 2
        && !t.has(tag::STOP)
        && !t.has(tag::PREP)
        && !t.has(tag::SKIP_LEFT)
        && !t.has(tag::TIME_WORD)
        && !source::is_det(t)
        && !t.has(tag::SPEECH_VERB)
        && !l.ends_with("ing")
        && !l.ends_with("ed")
        && !l.ends_with("ly")
        && !l.chars().next().is_some_and(|c| c.is_ascii_digit())
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
        // "a survey by X", "the report from X", "the survey was carried out by X".
        let by = (k + 1..toks.len().min(k + 7))
            .take_while(|&q| toks[q].is_word() && !toks[q].is_cap())
            .find(|&q| toks[q].is("by") || q == k + 1 && (toks[q].is("from") || toks[q].is("of")));
        if let Some(by) = by.filter(|_| a == k) {
            b = by + 1;
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
            let name = source::without_possessive(text_of(toks[x].start, toks[y - 1].end));
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
