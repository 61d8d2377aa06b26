//! Cues with no agent: "reportedly", "it is believed", "media reports"; and, when a claim has
//! no other cue, an unnamed class as its subject ("Many analysts were upbeat", "Some believe").

use super::{subordinate, CueKind, Found, Scan};
use crate::attribute::lexicon::tag;
use crate::attribute::source::{self, Sentence};
use crate::segment::Span;

pub fn find(scan: &Scan, founds: &mut Vec<Found>) {
    let s = scan.s;
    let toks = s.toks;
    for (i, n) in s.find_all(&scan.lex.agentless) {
        if toks[i].quoted {
            continue;
        }
        founds.push(Found {
            cue: CueKind::Agentless,
            who: None,
            cue_span: scan.span(i, n),
            subordinate: subordinate(s, i),
            quoted: false,
            weak: false,
            strong: false,
        });
    }
    if let Some((i, j)) = agentless_passive(s) {
        founds.push(Found {
            cue: CueKind::Agentless,
            who: None,
            cue_span: Span::new(toks[i].start, toks[j].end),
            subordinate: subordinate(s, i),
            quoted: false,
            weak: false,
            strong: false,
        });
    }
    if founds.is_empty() {
        if let Some(f) = vague_class_subject(scan) {
            founds.push(f);
        }
    }
}

/// The first agentless construction outside quotation marks, as the token range it spans: a form
/// of "be" and, past adverbs, "not" and "been", an agentless participle ("is not expected to",
/// "has long been considered", "was seen on Monday as"); or a noun and such a participle before
/// "to" or "as" (a reduced relative: "a party expected to launch"). A "by" soon after names
/// the agent: then it is no cue.
fn agentless_passive(s: &Sentence) -> Option<(usize, usize)> {
    let toks = s.toks;
    if s.tags & tag::AGENTLESS_PARTICIPLE == 0 {
        return None;
    }
    let by_soon = |j: usize| {
        toks[j + 1..toks.len().min(j + 5)]
            .iter()
            .any(|t| t.is("by"))
    };
    for (j, t) in toks.iter().enumerate() {
        if !t.has(tag::AGENTLESS_PARTICIPLE) || t.quoted || t.is_cap() || by_soon(j) {
            continue;
        }
        // Walk back over adverbs, negation, auxiliaries and time words; a form of "be" among
        // them ("is not expected", "had long been considered") makes the construction.
        let mut i = j;
        let mut be = false;
        while i > 0 && j - i < 6 {
            let p = &toks[i - 1];
            let be_form = matches!(
                p.lower.as_ref(),
                "is" | "are" | "was" | "were" | "be" | "been" | "being" | "'s"
            );
            let between = be_form
                || p.is("not")
                || p.is("n't")
                || p.has(tag::SKIP_LEFT)
                || p.has(tag::TIME_WORD)
                || source::is_adverb(p)
                || p.is("on")
                || p.is("widely")
                || p.is("long");
            if !p.is_word() || !between {
                break;
            }
            be |= be_form;
            i -= 1;
        }
        if be {
            return Some((i, j));
        }
        let reduced = j > 0
            && toks[j - 1].is_word()
            && !toks[j - 1].has(tag::STOP)
            && !toks[j - 1].has(tag::SKIP_LEFT)
            && toks.get(j + 1).is_some_and(|n| n.is("to") || n.is("as"));
        if reduced {
            return Some((j, j + 1));
        }
    }
    None
}

/// "Many analysts", "Some economists" opening the claim.
fn vague_class_subject(scan: &Scan) -> Option<Found> {
    let toks = scan.s.toks;
    let f = toks.iter().position(|t| t.is_word())?;
    if toks[f].quoted || !toks[f].has(tag::VAGUE_DETERMINER) {
        return None;
    }
    let noun = toks.get(f + 1).filter(|t| t.is_word())?;
    (noun.has(tag::VAGUE_NOUN) && noun.lower.ends_with('s')).then(|| Found {
        cue: CueKind::Agentless,
        who: None,
        cue_span: Span::new(toks[f].start, toks[f + 1].end),
        subordinate: false,
        quoted: false,
        weak: true,
        strong: false,
    })
}
