//! Communication verbs: "the ministry said", '"...," said Mr. Kim', "X, who ..., told",
//! ", saying ...". A verb is a cue when it is used as a verb (not "the report", "to say", "was
//! told"), its source phrase names someone, and — for a weak verb, one that is often not about
//! speech — it introduces content (a "that"-clause, a quotation, a colon).

use super::{subordinate, CueKind, Found, Lexicon, Scan};
use crate::attribute::cast::{self, Cast, Role};
use crate::attribute::lexicon::tag;
use crate::attribute::source::{self, member, np_after, subject_before, Sentence, Subject};
use crate::attribute::tokens::{TokKind, Token};
use crate::segment::Span;

pub fn find(scan: &Scan, cast: &mut Cast, founds: &mut Vec<Found>) {
    let s = scan.s;
    let toks = s.toks;
    let covered = covered_by(toks, founds);
    for (v, t) in toks.iter().enumerate() {
        if covered.get(v).copied().unwrap_or(false) || !used_as_verb(s, v) {
            continue;
        }
        let u = Use::at(s, v);
        let gated = u.weak && !u.quote_soon && !u.bare_clause && !t.has(tag::BODY_VERB);
        if gated && !u.ends_or_introduces {
            continue;
        }
        let Some(w) = speaker(scan, cast, &u) else {
            continue;
        };
        let body_subject = matches!(
            cast.get(w).role,
            Role::Organization | Role::Outlet | Role::Vague
        );
        let introduces = u.introduces || u.quote_soon;
        if t.has(tag::BODY_VERB) && !body_subject && !introduces {
            continue;
        }
        founds.push(Found {
            cue: CueKind::Speech,
            who: Some(w),
            cue_span: Span::new(t.start, t.end),
            subordinate: subordinate(s, v),
            quoted: false,
            weak: u.weak || t.has(tag::BODY_VERB),
            strong: t.has(tag::STRONG_VERB) || t.has(tag::COGNITION_VERB),
        });
    }
}

/// Tokens inside a phrase cue already found are not verb cues of their own (most claims have no
/// phrase cue: then nothing is allocated).
fn covered_by(toks: &[Token], founds: &[Found]) -> Vec<bool> {
    let mut covered = Vec::new();
    if founds.is_empty() {
        return covered;
    }
    covered.resize(toks.len(), false);
    for f in founds {
        let mut k = toks.partition_point(|t| t.start < f.cue_span.start);
        while k < toks.len() && toks[k].end <= f.cue_span.end {
            covered[k] = true;
            k += 1;
        }
    }
    covered
}

/// A speech verb at `v` used as a verb: not quoted, not a capitalised name mid-sentence ("the
/// State Department") outside a title-case headline, not a noun after a determiner or a
/// possessive ("the report", "his remarks"), not after a blocker ("to say", "was told").
fn used_as_verb(s: &Sentence, v: usize) -> bool {
    let toks = s.toks;
    let t = &toks[v];
    if !t.is_word() || t.quoted || !t.has(tag::SPEECH_VERB) {
        return false;
    }
    if t.is_cap() && v > 0 && !s.title_case {
        return false;
    }
    let Some(prev) = v.checked_sub(1).map(|p| &toks[p]) else {
        return true;
    };
    let noun = source::is_det(prev) && !prev.is_cap();
    let place = prev.is("united") && t.is("states");
    let blocked = prev.has(tag::CUE_BLOCKER) && !nonfinite(toks, v);
    !(noun || place || blocked || prev.possessive)
}

/// A communication verb in a non-finite form whose act is the clause subject's: an infinitive
/// after anything but a plan, wish or request ("goes on to criticise", "used a message to
/// denounce", not "wants to say", "was asked to comment"), or a gerund after a preposition ("in
/// attacking", "by telling them that"). Weak verbs never count so.
fn nonfinite(toks: &[Token], v: usize) -> bool {
    let t = &toks[v];
    if v < 2 || t.has(tag::WEAK_VERB) || t.has(tag::BODY_VERB) {
        return false;
    }
    let (prev, before) = (&toks[v - 1], &toks[v - 2]);
    let infinitive = prev.is("to") && before.is_word() && !before.has(tag::INFINITIVE_BLOCKER);
    let gerund = prev.has(tag::GERUND_OPENER) && t.lower.ends_with("ing");
    infinitive || gerund
}

/// How a verb at `v` stands in its claim.
struct Use {
    v: usize,
    /// None after a quotation ('"...," said X'): the source comes after the verb.
    subject: Option<Subject>,
    comma_before: bool,
    weak: bool,
    /// A quotation soon after the verb: 'called the holiday "a celebration"'.
    quote_soon: bool,
    /// A verb that takes a bare clause or a fixed complement ("some believe the plan ...",
    /// "called for", "agreed with", "spoke of").
    bare_clause: bool,
    /// The token after the verb is a clause end, "that", a colon or a quotation.
    ends_or_introduces: bool,
    /// "that" or a colon follows the verb.
    introduces: bool,
    /// An infinitive or gerund whose subject is the clause's ([`nonfinite`]).
    nonfinite: bool,
}

impl Use {
    fn at(s: &Sentence, v: usize) -> Use {
        let toks = s.toks;
        let t = &toks[v];
        let after_quote = |k: usize| toks.get(k).is_some_and(|p| p.kind == TokKind::CloseQuote);
        let inverted = v >= 1
            && (after_quote(v - 1) || v >= 2 && toks[v - 1].is_punct(',') && after_quote(v - 2));
        let comma_before = v >= 1 && toks[v - 1].is_punct(',');
        let next = toks.get(v + 1);
        let quote_soon = toks[v + 1..toks.len().min(v + 15)]
            .iter()
            .any(|n| n.kind == TokKind::OpenQuote);
        let introduces =
            next.is_some_and(|n| n.is("that") || n.is_punct(':')) || that_after_adverbials(toks, v);
        let clause_end = next.is_none_or(|n| {
            n.is_punct('.') || n.is_punct(',') || n.is_punct('!') || n.is_punct('?')
        });
        let quote_next = next.is_some_and(|n| {
            n.kind == TokKind::OpenQuote
                || n.is_punct(',')
                    && toks
                        .get(v + 2)
                        .is_some_and(|m| m.kind == TokKind::OpenQuote)
        });
        let nonfinite = nonfinite(toks, v);
        Use {
            v,
            nonfinite,
            subject: if inverted || nonfinite {
                None
            } else {
                subject_before(s, v)
            },
            comma_before,
            weak: t.has(tag::WEAK_VERB) && !inverted && !comma_before,
            quote_soon,
            bare_clause: takes_bare_clause(toks, v),
            ends_or_introduces: clause_end || introduces || quote_next,
            introduces,
        }
    }
}

/// "complained on Tuesday that", "warned repeatedly that", "told reporters in Paris that": a
/// "that" a few words on, with only adverbials, a recipient or commas between it and the verb.
fn that_after_adverbials(toks: &[Token], v: usize) -> bool {
    for t in toks.iter().skip(v + 1).take(8) {
        if t.is("that") {
            return true;
        }
        let other_punct = !t.is_word() && !t.is_punct(',');
        if other_punct || t.has(tag::SPEECH_VERB) || t.has(tag::STOP) && !t.is("about") {
            return false;
        }
    }
    false
}

/// Verbs whose complement carries the content without "that": cognition verbs before a
/// clause's subject, "call for/on", "agree with", "speak of/about/out", "lash out".
fn takes_bare_clause(toks: &[Token], v: usize) -> bool {
    let t = &toks[v];
    let next = toks.get(v + 1);
    let l = t.lower.as_ref();
    t.has(tag::COGNITION_VERB)
        && next.is_some_and(|n| source::is_pronoun(&n.lower) || source::is_det(n) || n.is_cap())
        || l.starts_with("call") && next.is_some_and(|n| n.is("for") || n.is("on"))
        || matches!(
            l,
            "agreed" | "agree" | "agrees" | "disagreed" | "disagree" | "disagrees"
        ) && next.is_some_and(|n| n.is("with"))
        || matches!(
            l,
            "spoke"
                | "speaks"
                | "speak"
                | "speaking"
                | "talk"
                | "talks"
                | "talked"
                | "talking"
                | "lashed"
                | "lashes"
                | "hit"
                | "hits"
        ) && toks[v + 1..]
            .iter()
            .find(|n| !source::is_adverb(n))
            .is_some_and(|n| {
                n.is("of")
                    || n.is("about")
                    || n.is("out")
                    || n.is("to") && toks.get(v + 2).is_some_and(|r| r.is("reporters"))
            })
}

/// The cast member who speaks through the verb: its subject, the one quoted ("quoted one
/// trader as saying"), an inverted subject after it, the subject of a ", saying" participle's
/// clause, or an unnamed group no lexicon knows (before a strong verb, or named by a plural
/// agent noun before any verb but a weak one).
fn speaker(scan: &Scan, cast: &mut Cast, u: &Use) -> Option<usize> {
    let s = scan.s;
    let toks = s.toks;
    let t = &toks[u.v];
    if u.nonfinite {
        let start = clause_subject_start(toks, u.v)?;
        return scan.who(cast, clause_subject(s, start, scan.lex).map(|r| (r, None)));
    }
    let mut who = scan.who(cast, u.subject);
    if matches!(t.lower.as_ref(), "quoted" | "quoting" | "quotes" | "quote") {
        if let Some(q) = quoted_as(scan, cast, u.v) {
            who = Some(q);
        }
    }
    if who.is_none() && u.subject.is_none() && !t.has(tag::RECIPIENT_VERB) {
        who = inverted_subject(scan, cast, u.v);
    }
    if who.is_none() && u.comma_before && t.lower.ends_with("ing") {
        if let Some(start) = clause_subject_start(toks, u.v) {
            who = scan.who(cast, clause_subject(s, start, scan.lex).map(|r| (r, None)));
        }
    }
    if who.is_none() {
        if let Some((np, _)) = u.subject {
            let group = if t.has(tag::STRONG_VERB) {
                source::unnamed_fallback(s, np, scan.text_of)
            } else if !u.weak {
                source::agent_group(s, scan.lex, np, scan.text_of)
            } else {
                None
            };
            if let Some(n) = group {
                who = Some(cast.meet(member(n, cast::seen_at(s.index, np.0))));
            }
        }
    }
    who
}

/// "Reuters quoted one trader as saying": the quoted one speaks, through the outlet.
fn quoted_as(scan: &Scan, cast: &mut Cast, v: usize) -> Option<usize> {
    let r = np_after(scan.s, v + 1, scan.lex)?;
    if !scan.s.toks.get(r.1).is_some_and(|x| x.is("as")) {
        return None;
    }
    scan.who(cast, Some((r, None)))
}

/// '"...," said Maya Okoro, the head librarian.': the source after the verb, with the
/// appositive after it.
fn inverted_subject(scan: &Scan, cast: &mut Cast, v: usize) -> Option<usize> {
    let toks = scan.s.toks;
    let r = np_after(scan.s, v + 1, scan.lex)?;
    if toks[r.0].is("that") {
        return None;
    }
    let extra = toks.get(r.1).filter(|t| t.is_punct(',')).and_then(|_| {
        let x = r.1 + 1;
        // "the head librarian", "BT's chief executive", "senior consultant for Sophos",
        // "at HBOS": an appositive, not a clause going on (", adding that").
        let opener = |t: &&Token| {
            let lower_noun = !t.is_cap()
                && !t.lower.ends_with("ing")
                && !t.has(tag::STOP)
                && !t.has(tag::SPEECH_VERB);
            t.is_word()
                && (source::is_det(t)
                    || t.has(tag::PERSON_ROLE)
                    || t.possessive && t.is_cap()
                    || lower_noun
                    || t.is("at")
                    || t.is("from")
                    || t.is("of"))
        };
        toks.get(x).filter(opener)?;
        let y = (x..toks.len().min(x + 14))
            .find(|&k| !toks[k].is_word())
            .unwrap_or(toks.len().min(x + 14));
        (y > x).then_some((x, y))
    });
    scan.who(cast, Some((r, extra)))
}

/// The subject noun phrase that opens a clause at `start`: the phrase after it, cut before its
/// verb — a word in lower case right after a name ("Mr Smith went on to criticise"), or a past
/// form after a common noun ("The cardinal used a message to denounce").
fn clause_subject(s: &Sentence, start: usize, lex: &Lexicon) -> Option<(usize, usize)> {
    let (b, e) = np_after(s, start, lex)?;
    let toks = s.toks;
    let verb = |k: usize| {
        let (t, prev) = (&toks[k], &toks[k - 1]);
        let function = t.has(tag::PREP) || t.has(tag::PARTICLE) || source::is_det(t) || t.is("and");
        !t.is_cap()
            && !function
            && (prev.is_cap() && !source::is_det(prev) || t.lower.ends_with("ed") && k > b + 1)
    };
    let end = (b + 1..e).find(|&k| verb(k)).unwrap_or(e);
    Some((b, end))
}

/// Where the subject of the clause that holds token `v` starts: after the last quotation mark,
/// `;` or `:` before it, past leading conjunctions and a dateline ("WASHINGTON —").
fn clause_subject_start(toks: &[Token], v: usize) -> Option<usize> {
    let from = v.saturating_sub(source::WINDOW);
    let mut k = (from..v)
        .rev()
        .find(|&q| toks[q].is_quote() || toks[q].is_punct(';') || toks[q].is_punct(':'))
        .map_or(from, |q| q + 1);
    while k < v {
        let t = &toks[k];
        let dateline = t.is_word()
            && t.text.chars().all(|c| !c.is_lowercase())
            && toks
                .get(k + 1)
                .is_some_and(|n| n.is_punct('—') || n.is_punct('-') || n.is_punct('–'));
        if !t.is_word() || dateline || t.has(tag::CLAUSE_OPENER) {
            k += 1;
        } else {
            break;
        }
    }
    (k < v).then_some(k)
}
