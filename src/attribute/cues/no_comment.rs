//! No-comment phrases, anywhere in the claim: a quoted "We do not comment" is the speaker's own
//! no-comment.

use super::{subordinate, CueKind, Found, Scan};
use crate::attribute::cast::Cast;
use crate::attribute::lexicon::tag;
use crate::attribute::source::{self, subject_before};

pub fn find(scan: &Scan, cast: &mut Cast, founds: &mut Vec<Found>) {
    let s = scan.s;
    let toks = s.toks;
    for (i, n) in s.find_all(&scan.lex.no_comment) {
        let subject = if toks[i].quoted {
            None
        } else {
            subject_before(s, i)
        };
        let pronoun =
            subject.is_some_and(|((a, b), _)| b - a == 1 && source::is_pronoun(&toks[a].lower));
        let who = if pronoun && i > 0 {
            // "The sheriff's office said it does not comment": the office.
            let speaker = (i.saturating_sub(source::WINDOW)..i).rev().find_map(|v| {
                let t = &toks[v];
                (t.is_word() && !t.quoted && t.has(tag::SPEECH_VERB))
                    .then(|| scan.who(cast, subject_before(s, v)))
                    .flatten()
            });
            speaker.or_else(|| scan.who(cast, subject))
        } else {
            scan.who(cast, subject)
        };
        founds.push(Found {
            cue: CueKind::NoComment,
            who,
            cue_span: scan.span(i, n),
            subordinate: subordinate(s, i),
            quoted: toks[i].quoted,
            weak: false,
            strong: false,
        });
    }
}
