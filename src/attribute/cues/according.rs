//! Frames that put the source after them: "according to X", "citing X".

use super::{subordinate, CueKind, Found, Scan};
use crate::attribute::cast::Cast;
use crate::attribute::source::np_after;

pub fn find(scan: &Scan, cast: &mut Cast, founds: &mut Vec<Found>) {
    let s = scan.s;
    for (i, n) in s.find_all(&scan.lex.according) {
        if s.toks[i].quoted {
            continue;
        }
        let who = scan.who(cast, np_after(s, i + n, scan.lex).map(|r| (r, None)));
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
