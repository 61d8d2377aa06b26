//! Right of reply: what kind of no-comment each one is, and wording that judges it.

use super::{Check, Hit, Severity};
use crate::kind::Kind;

/// The kind of a no-comment, from its cue.
pub fn kind_of(cue: &str) -> &'static str {
    let c = cue.to_lowercase();
    let has = |w: &str| super::contains_words(&c, w);
    if has("do not comment")
        || has("does not comment")
        || has("don't comment")
        || has("doesn't comment")
        || has("policy")
    {
        "policy no-comment"
    } else if has("reached") || has("unavailable") || has("not available") {
        "could not be reached"
    } else if has("immediately") {
        "no immediate response"
    } else if has("refused") || has("refuses") {
        "refused"
    } else if has("respond")
        || has("responded")
        || has("return")
        || has("returned")
        || has("reply")
        || has("replied")
        || has("answer")
        || has("response")
        || has("said")
    {
        "no response"
    } else {
        "declined"
    }
}

pub static NO_COMMENT_KIND: Check = Check {
    id: "NC001",
    name: "no-comment-kind",
    severity: Severity::Info,
    summary: "records each no-comment and its kind: declined, no response, no immediate response, could not be reached, policy",
    rationale: "AP, Reuters and the BBC require a fair opportunity to respond; the kind of no-comment tells the reader how hard the reporter tried and how the party answered.",
    fix: "Nothing to fix: this records the attempt. Make sure the wording says what happened (declined is not the same as did not respond).",
    params: &[],
    run: |ctx| {
        ctx.claims
            .iter()
            .enumerate()
            .filter(|(_, c)| c.kind == Kind::NoComment)
            .map(|(i, c)| {
                let cue = c.cue.as_deref().unwrap_or("");
                Hit::at(i, format!("no-comment ({}): {}", kind_of(cue), c.source.as_deref().unwrap_or("the party")))
            })
            .collect()
    },
};

pub static REFUSED: Check = Check {
    id: "NC002",
    name: "refused-to-comment",
    severity: Severity::Info,
    summary: "\"refused to comment\" is loaded wording where \"declined to comment\" is neutral",
    rationale: "AP Stylebook: \"refuse\" implies a duty to answer that was not met; \"decline\" is neutral. Wikipedia MOS:SAID lists \"refused\" among verbs that imply culpability.",
    fix: "Write \"declined to comment\" unless the party had a duty to answer.",
    params: &[],
    run: |ctx| {
        ctx.claims
            .iter()
            .enumerate()
            .filter(|(_, c)| c.kind == Kind::NoComment)
            .filter(|(_, c)| ctx.lex.refused.find(&c.text).is_some())
            .map(|(i, _)| Hit::at(i, "\"refused to comment\": \"declined to comment\" is neutral"))
            .collect()
    },
};
