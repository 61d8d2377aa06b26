//! Pass 4 of attribution, over the whole article: every sentence of a multi-sentence quotation
//! takes the quotation's speaker (even one named only in its last sentence), and a wholly
//! quoted sentence right after an attributed one takes that one's speaker.

use super::cast::{Cast, Role};
use super::Attribution;
use crate::kind::Kind;
use std::ops::RangeInclusive;

pub fn carry(out: &mut [Attribution], cast: &Cast) {
    let n = out.len();
    let mut i = 0;
    while i < n {
        // A run of claims linked by an open quotation.
        let mut j = i;
        while j + 1 < n && out[j].shape.open_at_end && out[j + 1].shape.continues {
            j += 1;
        }
        if j > i {
            carry_run(out, i..=j, cast);
            i = j + 1;
            continue;
        }
        if i > 0
            && out[i].shape.quote_only
            && !out[i].shape.direct
            && needs_speaker(&out[i])
            && can_go_on(&out[i - 1], cast)
        {
            let prev = out[i - 1].clone();
            out[i].inherit(&prev, true);
        }
        i += 1;
    }
}

/// One quotation over the claims of `run`: its speaker is the first claim that found its own
/// identified source outside the quotation marks, else any that found one; failing both, the
/// claim before the quotation when it opens with it.
fn carry_run(out: &mut [Attribution], run: RangeInclusive<usize>, cast: &Cast) {
    let i = *run.start();
    let direct = |k: &usize| out[*k].shape.direct;
    let speaker = run
        .clone()
        .filter(direct)
        .find(|&k| {
            !matches!(
                out[k].kind,
                Kind::Relayed | Kind::Vague | Kind::Unattributed
            )
        })
        .or_else(|| run.clone().find(direct));
    let Some(k) = speaker else {
        if i > 0 && out[i].shape.quote_only && can_go_on(&out[i - 1], cast) {
            let prev = out[i - 1].clone();
            for m in run {
                if needs_speaker(&out[m]) {
                    out[m].inherit(&prev, true);
                }
            }
        }
        return;
    };
    // The outlet: the speaker's own, or an outlet that reports the quotation in the run.
    let via = out[k].via.clone().or_else(|| {
        run.clone()
            .find(|&m| out[m].kind == Kind::Relayed)
            .and_then(|m| out[m].source.clone())
    });
    let mut base = out[k].clone();
    base.via = via.clone();
    for m in run {
        let own = &out[m];
        let replace =
            !own.shape.direct || (own.kind == Kind::Relayed && base.kind != Kind::Relayed);
        if replace {
            out[m].inherit(&base, m != k);
        } else if m == k {
            out[m].via = via.clone();
        }
    }
}

/// The claim before spoke through a source that can go on speaking in a quotation.
fn can_go_on(prev: &Attribution, cast: &Cast) -> bool {
    matches!(
        prev.kind,
        Kind::Named | Kind::Anonymous | Kind::Organization
    ) && prev
        .speaker
        .is_some_and(|w| cast.get(w as usize).role != Role::Vague)
}

fn needs_speaker(a: &Attribution) -> bool {
    a.kind == Kind::Unattributed || unresolved_pronoun(a)
}

/// An attribution to "he" or "she" that no one in the cast fitted.
pub fn unresolved_pronoun(a: &Attribution) -> bool {
    a.kind == Kind::Named
        && a.source
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case("he") || s.eq_ignore_ascii_case("she"))
}
