//! Frames that put the source after them: "according to X", "citing X".

use super::{subordinate, CueKind, Found, Scan};
use crate::attribute::cast::Cast;
use crate::attribute::lexicon::tag;
use crate::attribute::source::np_after;

/// "according to a list the Harbor Daily assembled", "according to figures Norbank
/// compiled": a document and the body that made it, which is the source.
fn compiled_by(scan: &Scan, cast: &mut Cast, from: usize) -> Option<usize> {
    let toks = scan.s.toks;
    let mut k = from;
    while k < toks.len().min(from + 4) && toks[k].is_word() && !toks[k].is_cap() {
        k += 1;
    }
    if k == from || k >= toks.len() || !toks[k].has(tag::DETERMINER) && !toks[k].is_cap() {
        return None;
    }
    let a = k + usize::from(toks[k].is("the"));
    let mut e = a;
    while e < toks.len() && toks[e].is_cap() && toks[e].is_word() {
        e += 1;
    }
    let verb = toks
        .get(e)
        .is_some_and(|v| v.is_word() && !v.is_cap() && v.lower.ends_with("ed"));
    (e > a && verb)
        .then(|| scan.who(cast, Some(((a, e), None))))
        .flatten()
}

pub fn find(scan: &Scan, cast: &mut Cast, founds: &mut Vec<Found>) {
    let s = scan.s;
    for (i, n) in s.find_all(&scan.lex.according) {
        if s.toks[i].quoted {
            continue;
        }
        let who = compiled_by(scan, cast, i + n)
            .or_else(|| scan.who(cast, np_after(s, i + n, scan.lex).map(|r| (r, None))));
        if who.is_some() {
            founds.push(Found {
                cue: CueKind::Speech,
                who,
                cue_span: scan.span(i, n),
                subordinate: subordinate(s, i),
                quoted: false,
                weak: false,
                strong: true,
            });
        }
    }
}
