//! Pass 2 of attribution: of a claim's cues, the one that decides its kind, as GUIDE.md says —
//! a main-clause no-comment first, then the main clause's speech cue (a strong verb over a weak
//! one, the innermost identified source over the outlet relaying it), then the rest in order;
//! and the outlet that relays the source, for `via`.

use super::cast::{self, Cast, Member, Role};
use super::cues::{CueKind, Found};
use super::lexicon::tag;
use super::own_outlet::OwnOutlet;
use super::source::Sentence;
use super::{Attribution, Lexicon, Names};
use crate::kind::Kind;

/// The attribution that decides the claim, and the cast member it rests on (marked as having
/// spoken, through the outlet if one relays it).
pub fn choose(
    s: &Sentence,
    lex: &Lexicon,
    own: &OwnOutlet,
    founds: &[Found],
    cast: &mut Cast,
    names: &mut Names,
    text_of: &dyn Fn(usize, usize) -> String,
) -> (Attribution, Option<usize>) {
    let Some(f) = pick(founds, cast) else {
        return (Attribution::none(), None);
    };
    let who = if f.cue == CueKind::NoComment && f.who.is_none() {
        founds
            .iter()
            .find(|f| is_speech(f) && !f.quoted)
            .and_then(|f| f.who)
    } else {
        f.who
    };
    let via = via_of(s, lex, founds, cast, who, text_of).filter(|v| !own.is(v));
    let mut att = attribution(f, who, via.as_deref(), lex, cast, names);
    if att.kind == Kind::Relayed
        && (own.is(att.source.as_deref().unwrap_or("")) || about_itself(s, f))
    {
        att.kind = Kind::Organization;
    }
    if let Some(w) = who {
        let mut m = cast.get(w).clone();
        m.spoke = true;
        // The claim's source is its most salient member: a "he" in the next claim points to
        // them before anyone merely mentioned in this one ("Ward said Chairman Kim would
        // visit. He added ..." is Ward).
        m.last_seen = m.last_seen.max(cast::seen_at(s.index, cast::SALIENT));
        if m.via.is_none() && att.via.is_some() {
            m.via = via;
        }
        cast.meet(m);
    }
    (att, who)
}

/// An outlet speaking as a company about itself: "the Financial Times said it would cut jobs",
/// "Bloomberg says its reporters ...".
fn about_itself(s: &Sentence, f: &Found) -> bool {
    let toks = s.toks;
    let after = toks.partition_point(|t| t.start < f.cue_span.end);
    toks[after..]
        .iter()
        .filter(|t| t.is_word())
        .take(4)
        .find(|t| !(t.is("that") || t.is("last") || t.is("on") || t.has(tag::TIME_WORD)))
        .is_some_and(|t| t.is("it") || t.is("its"))
}

fn is_speech(f: &Found) -> bool {
    f.cue == CueKind::Speech && f.who.is_some()
}

/// The deciding cue, by GUIDE.md's order of precedence.
fn pick<'f>(founds: &'f [Found], cast: &Cast) -> Option<&'f Found> {
    let role = |f: &Found| f.who.map(|w| cast.get(w).role);
    let speech = || founds.iter().filter(|f| is_speech(f));
    // "The Times reported that Smith will endorse Jones": an act narrated in an outlet's report
    // is the outlet's content, not a source inside it (one that speaks, "said", does).
    let in_outlet_report = |f: &Found| {
        !f.strong
            && speech().any(|g| role(g) == Some(Role::Outlet) && g.cue_span.end <= f.cue_span.start)
    };
    let inner = |f: &&Found| role(f) != Some(Role::Outlet) && !in_outlet_report(f);
    founds
        .iter()
        .find(|f| f.cue == CueKind::NoComment && !f.subordinate)
        .or_else(|| speech().filter(inner).find(|f| !f.subordinate && !f.weak))
        .or_else(|| speech().filter(inner).find(|f| !f.subordinate))
        .or_else(|| speech().find(|f| !f.subordinate))
        .or_else(|| founds.iter().find(|f| f.cue == CueKind::NoComment))
        .or_else(|| speech().next())
        .or_else(|| founds.iter().find(|f| f.cue == CueKind::Agentless))
}

/// The outlet relaying the source: another cue's outlet, an outlet named as the recipient
/// ("told NK News", "in an interview with NK News"), or the outlet the source spoke through
/// before.
fn via_of(
    s: &Sentence,
    lex: &Lexicon,
    founds: &[Found],
    cast: &Cast,
    who: Option<usize>,
    text_of: &dyn Fn(usize, usize) -> String,
) -> Option<String> {
    if who.is_some_and(|w| cast.get(w).role == Role::Outlet) {
        return None;
    }
    founds
        .iter()
        .filter_map(|g| g.who)
        .find(|&w| cast.get(w).role == Role::Outlet)
        .map(|w| cast.get(w).name.clone())
        .or_else(|| outlet_as_recipient(s, lex, text_of))
        .or_else(|| who.and_then(|w| cast.get(w).via.clone()))
}

/// An outlet named outside quotation marks as the one spoken to: "told NK News".
fn outlet_as_recipient(
    s: &Sentence,
    lex: &Lexicon,
    text_of: &dyn Fn(usize, usize) -> String,
) -> Option<String> {
    let toks = s.toks;
    s.find_all(&lex.outlets).into_iter().find_map(|(i, n)| {
        if toks[i].quoted {
            return None;
        }
        let word = |k: Option<usize>| k.map(|p| toks[p].lower.as_ref());
        let before = match word(i.checked_sub(1)) {
            Some("the") => word(i.checked_sub(2)),
            b => b,
        };
        matches!(before, Some("told" | "with" | "to" | "tells" | "tell"))
            .then(|| text_of(toks[i].start, toks[i + n - 1].end))
    })
}

/// The claim's attribution from the deciding cue and its source.
fn attribution(
    f: &Found,
    who: Option<usize>,
    via: Option<&str>,
    lex: &Lexicon,
    cast: &Cast,
    names: &mut Names,
) -> Attribution {
    let cue = Some(names.at(f.cue_span));
    let base = Attribution {
        cue,
        cue_span: Some(f.cue_span),
        ..Attribution::none()
    };
    match (f.cue, who) {
        (CueKind::Agentless, _) => Attribution {
            kind: Kind::Vague,
            source: base.cue.clone(),
            ..base
        },
        (c, Some(w)) => {
            let m = cast.get(w);
            Attribution {
                kind: if c == CueKind::NoComment {
                    Kind::NoComment
                } else {
                    kind_of(m.role)
                },
                source: Some(names.get(&m.name)),
                via: via.map(|v| names.get(v)),
                role: role_of(m, lex).map(|r| names.get(&r)),
                ..base
            }
        }
        (_, None) => Attribution {
            kind: Kind::NoComment,
            via: via.map(|v| names.get(v)),
            ..base
        },
    }
}

/// A person's role for the report: the fullest title that says what they do (an appositive,
/// "the agency's chief engineer", over "professor"), not a courtesy title ("mr").
pub fn role_of(m: &Member, lex: &Lexicon) -> Option<String> {
    if m.role != Role::Person {
        return None;
    }
    m.titles
        .iter()
        .filter(|t| !lex.courtesy_titles.contains(t.as_str()))
        .max_by_key(|t| t.len())
        .cloned()
}

fn kind_of(role: Role) -> Kind {
    match role {
        Role::Person => Kind::Named,
        Role::Organization => Kind::Organization,
        Role::Outlet => Kind::Relayed,
        Role::Anonymous => Kind::Anonymous,
        Role::Vague => Kind::Vague,
    }
}
