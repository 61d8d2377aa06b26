//! Verb phrases that are communication acts, with their subject before them: "X issued a
//! warning", "Y made the comments", "Z hit back", "the minister played down ...".

use super::{subordinate, CueKind, Found, Scan};
use crate::attribute::cast::Cast;
use crate::attribute::source::subject_before;

pub fn find(scan: &Scan, cast: &mut Cast, founds: &mut Vec<Found>) {
    let s = scan.s;
    for (i, n) in s.find_all(&scan.lex.speech_phrases) {
        if s.toks[i].quoted {
            continue;
        }
        if let Some(who) = scan.who(cast, subject_before(s, i)) {
            founds.push(Found {
                cue: CueKind::Speech,
                who: Some(who),
                cue_span: scan.span(i, n),
                subordinate: subordinate(s, i),
                quoted: false,
                weak: false,
                strong: false,
            });
        }
    }
}
