//! A claim that opens with a name and a colon gives the named one's words: the headline
//! "De Blasio: Trust Bratton on security", a caption "Jo Bloggs: 'We will win'".

use super::{CueKind, Found, Scan};
use crate::attribute::cast::{Cast, Role};
use crate::attribute::source::{classify, Who};

pub fn find(scan: &Scan, cast: &mut Cast, founds: &mut Vec<Found>) {
    let s = scan.s;
    let toks = s.toks;
    let a = s.first_word;
    let Some(colon) = (a..toks.len().min(a + 5)).find(|&k| toks[k].is_punct(':')) else {
        return;
    };
    let name_like = colon > a
        && (a..colon).all(|k| toks[k].is_word() && toks[k].is_cap() && !toks[k].possessive)
        && toks
            .get(colon + 1)
            .is_some_and(|n| n.is_cap() || n.is_quote());
    if !name_like || toks[a].quoted {
        return;
    }
    // A name the cast knows, or a person's full name: "Note:" or "Update:" is no source.
    let known = match classify(s, scan.lex, cast, scan.text_of, (a, colon), None) {
        Some(Who::Known(_)) => true,
        Some(Who::New(n)) => n.role == Role::Person && colon - a >= 2,
        None => false,
    };
    let Some(who) = known
        .then(|| scan.who(cast, Some(((a, colon), None))))
        .flatten()
    else {
        return;
    };
    founds.push(Found {
        cue: CueKind::Speech,
        who: Some(who),
        cue_span: scan.span(colon, 1),
        subordinate: false,
        quoted: false,
        weak: false,
        strong: false,
    });
}
