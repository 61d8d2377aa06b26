//! Cues with no agent: "reportedly", "it is believed", "media reports"; and, when a claim has
//! no other cue, an unnamed class as its subject ("Many analysts were upbeat", "Some believe").

use super::{subordinate, CueKind, Found, Scan};
use crate::attribute::lexicon::tag;
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
        });
    }
    if founds.is_empty() {
        if let Some(f) = vague_class_subject(scan) {
            founds.push(f);
        }
    }
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
    })
}
