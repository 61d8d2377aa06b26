//! Anonymous sources: why anonymity was granted, how the source knows, who they are, and how
//! much of the article rests on them.

use super::{Check, Context, Hit, Severity};
use crate::kind::Kind;

/// The claims that introduce each anonymous source (its first claim), in order.
fn first_anonymous(ctx: &Context) -> Vec<usize> {
    let mut seen = rustc_hash::FxHashSet::default();
    let mut out = Vec::new();
    for (i, c) in ctx.claims.iter().enumerate() {
        if c.kind == Kind::Anonymous && !c.continued {
            let key = crate::lower(c.source.as_deref().unwrap_or(""));
            if seen.insert(key) {
                out.push(i);
            }
        }
    }
    out
}

/// The text of claim `i` and the claim after it: a reason or a description may follow.
fn with_next(ctx: &Context, i: usize) -> String {
    let mut t = ctx.claims[i].text.to_string();
    if let Some(n) = ctx.claims.get(i + 1) {
        t.push(' ');
        t.push_str(&n.text);
    }
    t
}

fn source_of(ctx: &Context, i: usize) -> String {
    ctx.claims[i]
        .source
        .as_deref()
        .unwrap_or("the source")
        .to_string()
}

pub static NO_REASON: Check = Check {
    id: "ANON001",
    name: "anonymous-no-reason",
    severity: Severity::Warning,
    summary: "anonymous source with no stated reason for anonymity",
    rationale: "AP (News Values & Principles) and the SPJ Code ask the story to explain why the source was granted anonymity; the NYT policy asks why they \"have demanded confidentiality\"; NPR: \"Explain, explain, explain.\" Stories that do not explain rank lowest in credibility (Sternadori & Thorson, 2009).",
    fix: "Say why the source could not be named (\"because they were not authorized to discuss the talks\" is weak; \"because they feared losing their job\" is a reason).",
    params: &[],
    run: |ctx| {
        let lex = ctx.lex;
        let mut reason_seen = false;
        let firsts = first_anonymous(ctx);
        let Some(&last) = firsts.last() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        // Only the claims up to the last anonymous source can give a reason that covers it.
        for (i, c) in ctx.claims.iter().enumerate().take(last + 1) {
            let reason = lex.reasons.find(&c.text).or_else(|| lex.formulaic.find(&c.text));
            if firsts.binary_search(&i).is_ok() {
                let next = ctx.claims.get(i + 1).map_or("", |n| n.text.as_ref());
                let ahead = lex.reasons.find(next).or_else(|| lex.formulaic.find(next));
                if reason.is_none() && ahead.is_none() && !reason_seen {
                    out.push(Hit::at(i, format!("anonymous source \"{}\": no reason is given for the anonymity", source_of(ctx, i))));
                }
            }
            reason_seen |= reason.is_some();
            if reason_seen {
                // A reason given once covers every later anonymous source: nothing more to find.
                break;
            }
        }
        out
    },
};

pub static FORMULAIC_REASON: Check = Check {
    id: "ANON002",
    name: "anonymous-formulaic-reason",
    severity: Severity::Info,
    summary: "anonymous source whose only stated reason is formulaic",
    rationale: "NYT standards editor Phil Corbett (2010): pat, formulaic reasons such as \"not authorized to speak publicly\" are uninformative and \"probably worse than no explanation\"; the 2004 NYT policy asks to avoid rote phrases.",
    fix: "Replace the formula with the real reason the source needed anonymity.",
    params: &[],
    run: |ctx| {
        let lex = ctx.lex;
        first_anonymous(ctx)
            .into_iter()
            .filter_map(|i| {
                let t = with_next(ctx, i);
                let formula = lex.formulaic.find(&t)?;
                lex.reasons.find(&t).is_none().then(|| {
                    Hit::at(i, format!("anonymous source \"{}\": the only reason given is the formula \"{formula}\"", source_of(ctx, i)))
                })
            })
            .collect()
    },
};

/// How a source's knowledge is described: directly, only indirectly, or not at all.
fn knowledge(ctx: &Context, i: usize) -> (bool, bool) {
    let lex = ctx.lex;
    let t = format!(
        "{} {}",
        ctx.claims[i].source.as_deref().unwrap_or(""),
        with_next(ctx, i)
    );
    (
        lex.knowledge_direct.find(&t).is_some(),
        lex.knowledge_indirect.find(&t).is_some(),
    )
}

/// A hit for each anonymous source whose knowledge is described as `(direct, indirect)`.
fn knowledge_hits(ctx: &Context, wanted: (bool, bool), what: &str) -> Vec<Hit> {
    first_anonymous(ctx)
        .into_iter()
        .filter(|&i| knowledge(ctx, i) == wanted)
        .map(|i| {
            Hit::at(
                i,
                format!("anonymous source \"{}\": {what}", source_of(ctx, i)),
            )
        })
        .collect()
}

pub static NO_KNOWLEDGE: Check = Check {
    id: "ANON003",
    name: "anonymous-no-knowledge-basis",
    severity: Severity::Warning,
    summary: "anonymous source with no description of how they know",
    rationale: "NPR Ethics Handbook: describe how the source knows — were they in the room, do they have the report. NYT (public editor Clark Hoyt, 2009): anonymous sources \"must have direct knowledge\". AP: the source must be \"in a position to have accurate information\".",
    fix: "Say how the source knows: \"who attended the meeting\", \"who has read the report\", \"with direct knowledge of the talks\".",
    params: &[],
    run: |ctx| knowledge_hits(ctx, (false, false), "nothing says how the source knows"),
};

pub static INDIRECT_KNOWLEDGE: Check = Check {
    id: "ANON004",
    name: "anonymous-indirect-knowledge",
    severity: Severity::Info,
    summary: "anonymous source described only as \"familiar with\" or \"close to\" the matter",
    rationale: "NPR and the NYT ask for the source's direct knowledge; \"familiar with the matter\" and \"close to\" say only that the source is near the story, not that they saw it.",
    fix: "Say what the source saw or took part in, if they did; otherwise say that their knowledge is second-hand.",
    params: &[],
    run: |ctx| knowledge_hits(ctx, (false, true), "described only as familiar with or close to the matter"),
};

pub static BARE_SOURCE: Check = Check {
    id: "ANON005",
    name: "bare-source",
    severity: Severity::Warning,
    summary: "a bare \"sources said\" or \"a source\" with no descriptor",
    rationale: "AP: simply quoting \"a source\" is not allowed; the Washington Post (2004) tells reporters to avoid attributions to \"sources\" or \"informed sources\". Describe the source's position as fully as anonymity allows.",
    fix: "Describe the source: their job, their side, their relation to the events (\"a senior official in the finance ministry\").",
    params: &[],
    run: |ctx| {
        let bare = &ctx.lex.bare_sources;
        ctx.claims
            .iter()
            .enumerate()
            .filter(|(_, c)| c.kind == Kind::Anonymous && !c.continued)
            .filter_map(|(i, c)| {
                let s = crate::lower(c.source.as_deref()?);
                bare.contains(s.as_ref()).then(|| Hit::at(i, format!("\"{}\" with no descriptor: say who the source is", c.source.as_deref().unwrap_or(""))))
            })
            .collect()
    },
};

/// The claim that is the headline (a first line with no sentence-final punctuation), if any,
/// and the lede (the first claim that is a sentence).
pub fn headline_and_lede(ctx: &Context) -> (Option<usize>, Option<usize>) {
    let is_sentence = |t: &str| {
        t.trim_end_matches(['"', '”', '’', '\'', ')'])
            .ends_with(['.', '!', '?'])
    };
    let headline = ctx
        .claims
        .first()
        .filter(|c| !is_sentence(&c.text))
        .map(|_| 0);
    let lede = ctx.claims.iter().position(|c| is_sentence(&c.text));
    (headline, lede)
}

pub static ANONYMOUS_LEDE: Check = Check {
    id: "ANON006",
    name: "anonymous-lede",
    severity: Severity::Warning,
    summary: "the headline or the lede rests only on an anonymous or relayed source",
    rationale: "AP and Reuters: the main claim of a story should not rest on anonymous sourcing alone; the BBC asks that a serious allegation from a single unnamed source be corroborated. The headline and the lede are what readers take away.",
    fix: "Lead with what is on the record, or add the named or independent confirmation the lede rests on.",
    params: &[],
    run: |ctx| {
        let (headline, lede) = headline_and_lede(ctx);
        [headline, lede]
            .into_iter()
            .flatten()
            .filter(|&i| matches!(ctx.claims[i].kind, Kind::Anonymous | Kind::Relayed))
            .map(|i| {
                let what = if Some(i) == headline { "the headline" } else { "the lede" };
                Hit::at(i, format!("{what} rests on {} source \"{}\"", ctx.claims[i].kind, ctx.claims[i].source.as_deref().unwrap_or("")))
            })
            .collect()
    },
};

/// Claims that rest on a source (not unattributed, not a no-comment).
fn sourced<'a>(ctx: &Context<'a>) -> impl Iterator<Item = &'a crate::report::Claim<'a>> {
    ctx.claims
        .iter()
        .filter(|c| !matches!(c.kind, Kind::Unattributed | Kind::NoComment))
}

pub static SINGLE_ANONYMOUS: Check = Check {
    id: "ANON007",
    name: "single-anonymous-source",
    severity: Severity::Error,
    summary: "the whole article rests on a single anonymous source",
    rationale: "NYT Confidential News Sources Policy and AP: a story should rarely rest on a single anonymous source, and then only with the editor's approval; the BBC requires a single unnamed source making a serious allegation to be in a position to know.",
    fix: "Find a second, independent source, or a named one, before publishing.",
    params: &[],
    run: |ctx| {
        let n = sourced(ctx).count();
        let all_anonymous = sourced(ctx).all(|c| c.kind == Kind::Anonymous);
        if n > 0 && all_anonymous && super::only_source(sourced(ctx)).is_some() {
            let first = ctx.claims.iter().position(|c| c.kind == Kind::Anonymous);
            let src = first.and_then(|i| ctx.claims[i].source.clone()).unwrap_or_default();
            let msg = format!("every sourced claim ({n}) rests on one anonymous source, \"{src}\"");
            vec![match first {
                Some(i) => Hit::at(i, msg),
                None => Hit::article(msg),
            }]
        } else {
            Vec::new()
        }
    },
};

pub static ANONYMOUS_SHARE: Check = Check {
    id: "ANON008",
    name: "anonymous-share",
    severity: Severity::Warning,
    summary: "a high share of the sourced claims rests on anonymous sources",
    rationale: "Reuters: anonymous sources are the weakest sources; the NYT and AP treat anonymity as a last resort. A story mostly told by unnamed people asks readers for trust it has not earned. Parameters: `warn_share` (default 0.25), `error_share` (default 0.50).",
    fix: "Put sources on the record, or cut the claims that only anonymous sources support.",
    params: &["warn_share", "error_share"],
    run: |ctx| {
        let (mut anon, mut total) = (0usize, 0usize);
        for c in sourced(ctx) {
            total += 1;
            anon += usize::from(c.kind == Kind::Anonymous);
        }
        if total == 0 {
            return Vec::new();
        }
        let share = anon as f64 / total as f64;
        let (warn, error) = (ctx.param("warn_share", 0.25), ctx.param("error_share", 0.50));
        if share <= warn {
            return Vec::new();
        }
        let first = ctx.claims.iter().position(|c| c.kind == Kind::Anonymous);
        let msg = format!("{anon} of {total} sourced claims ({:.0}%) rest on anonymous sources (over {:.0}%)", share * 100.0, if share > error { error } else { warn } * 100.0);
        let mut hit = match first {
            Some(i) => Hit::at(i, msg),
            None => Hit::article(msg),
        };
        if share > error {
            hit.severity = Some(Severity::Error);
        }
        vec![hit]
    },
};

pub static RELAYED_ANONYMOUS: Check = Check {
    id: "REL001",
    name: "relayed-anonymous-chain",
    severity: Severity::Warning,
    summary: "a relayed report whose own source is anonymous: a chain that ends in nobody",
    rationale: "Reuters and AP ask that another outlet's report be independently confirmed before it is carried; when that report itself rests on an unnamed source, the reader can check neither link of the chain.",
    fix: "Confirm the report independently, or say plainly that it could not be confirmed.",
    params: &[],
    run: |ctx| {
        first_anonymous(ctx)
            .into_iter()
            .map(|i| (i, &ctx.claims[i]))
            .filter(|(_, c)| c.via.is_some())
            .map(|(i, c)| {
                Hit::at(i, format!("anonymous source \"{}\" relayed through {}: a chain that ends in nobody", c.source.as_deref().unwrap_or(""), c.via.as_deref().unwrap_or("")))
            })
            .collect()
    },
};
