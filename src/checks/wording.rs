//! How attribution is worded: unnamed media, vague authorities, loaded verbs.

use super::{Check, Context, Hit, Severity};
use crate::kind::Kind;

/// A vague claim whose cue is unnamed media ("reportedly", "media reports").
fn unnamed_media(ctx: &Context, c: &crate::report::Claim) -> Option<String> {
    if c.kind != Kind::Vague {
        return None;
    }
    let cue = c.cue.as_deref().unwrap_or("");
    ctx.lex.unnamed_media.find(cue).map(str::to_string)
}

pub static UNNAMED_MEDIA: Check = Check {
    id: "REL002",
    name: "unnamed-media",
    severity: Severity::Warning,
    summary: "\"media reports\" or \"reportedly\" with no outlet named",
    rationale: "AP and Reuters ask that a report carried from elsewhere name the outlet, so readers can weigh it; Wikipedia's MOS:ALLEGED lists \"reportedly\" among words that distance the writer from a claim without saying who made it.",
    fix: "Name the outlet that reported it, or confirm the claim and state it on your own authority.",
    params: &[],
    run: |ctx| {
        ctx.claims
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                let cue = unnamed_media(ctx, c)?;
                Some(Hit::at(i, format!("\"{cue}\" names no outlet")))
            })
            .collect()
    },
};

pub static VAGUE: Check = Check {
    id: "VAG001",
    name: "vague-attribution",
    severity: Severity::Warning,
    summary: "vague attribution: \"experts say\", \"critics argue\", \"it is believed\"",
    rationale: "Wikipedia MOS:WEASEL and the BBC Editorial Guidelines: attribute views to identifiable people; \"some say\" and agentless passives present a claim as widely held without showing who holds it.",
    fix: "Name the experts or critics, or quote one; for an agentless passive, say who believes or expects it.",
    params: &[],
    run: |ctx| {
        ctx.claims
            .iter()
            .enumerate()
            .filter(|(_, c)| c.kind == Kind::Vague && !c.continued && unnamed_media(ctx, c).is_none())
            .map(|(i, c)| Hit::at(i, format!("vague attribution \"{}\": who, exactly?", c.source.as_deref().or(c.cue.as_deref()).unwrap_or(""))))
            .collect()
    },
};

pub static LOADED_VERB: Check = Check {
    id: "VERB001",
    name: "loaded-verb",
    severity: Severity::Info,
    summary: "a loaded attribution verb (claimed, admitted, insisted, slammed) where \"said\" is neutral",
    rationale: "AP prefers \"said\"; Wikipedia MOS:SAID: \"claimed\" casts doubt, \"admitted\" and \"conceded\" imply culpability, \"insisted\" implies stubbornness, and tabloid verbs (slammed, blasted) editorialize.",
    fix: "Use \"said\" unless the verb's extra meaning is a fact you can stand behind.",
    params: &[],
    run: |ctx| {
        let loaded = &ctx.lex.loaded_verbs;
        ctx.claims
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.continued)
            .filter_map(|(i, c)| {
                let cue = crate::lower(c.cue.as_deref()?);
                loaded.contains(cue.as_ref()).then(|| Hit::at(i, format!("loaded verb \"{cue}\": \"said\" is neutral")))
            })
            .collect()
    },
};
