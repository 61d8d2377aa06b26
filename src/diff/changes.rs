//! What each aligned claim's change means for the sourcing: what changed, and which changes
//! are regressions and improvements an editor must see.

use std::borrow::Cow;
use std::collections::HashMap;

use super::align::{align, folded, Step};
use super::{
    Before, Change, ChangeKind, DocumentDiff, FindingChanges, Note, Shift, SourceChanges, Tally,
};
use crate::baseline::fingerprint;
use crate::kind::Kind;
use crate::report::{Claim, DocumentReport, Finding, LedgerEntry};

/// The check whose finding says an anonymous source is given no reason for the anonymity.
const NO_REASON: &str = "ANON001";

/// Compare two versions of an article (see [`super::diff`]).
pub fn compare(old: Option<&DocumentReport>, new: Option<&DocumentReport>) -> DocumentDiff {
    let old_claims = old.map_or(&[][..], |d| &d.claims[..]);
    let new_claims = new.map_or(&[][..], |d| &d.claims[..]);
    let old_texts: Vec<&str> = old_claims.iter().map(|c| &*c.text).collect();
    let new_texts: Vec<&str> = new_claims.iter().map(|c| &*c.text).collect();
    let steps = align(&old_texts, &new_texts);
    let old_no_reason = flagged(old, NO_REASON);
    let new_no_reason = flagged(new, NO_REASON);
    let anchors = anchors(&steps, old_claims, new_claims);

    let mut tally = Tally {
        old: old_claims.len(),
        new: new_claims.len(),
        ..Tally::default()
    };
    let mut changes = Vec::new();
    let mut notes = Vec::new();
    for (step, line) in steps.iter().zip(anchors) {
        let (change, shifts) = match *step {
            Step::Kept {
                old: o,
                new: n,
                moved,
            } => {
                let (oc, nc) = (&old_claims[o], &new_claims[n]);
                let edited = folded(&oc.text) != folded(&nc.text);
                let reattributed = reattribution(oc, nc);
                tally.edited += usize::from(edited);
                tally.moved += usize::from(moved);
                tally.reattributed += usize::from(reattributed.is_some());
                let Some(change) = reattributed
                    .or(edited.then_some(ChangeKind::Edited))
                    .or(moved.then_some(ChangeKind::Moved))
                else {
                    tally.unchanged += 1;
                    continue;
                };
                let shifts = kept_shifts(oc, nc, old_no_reason[o], new_no_reason[n]);
                let c = Change {
                    change,
                    old: Some(owned(oc)),
                    new: Some(owned(nc)),
                    line,
                    edited,
                    moved,
                    regression: false,
                    improvement: false,
                };
                (c, shifts)
            }
            Step::Removed(o) => {
                tally.removed += 1;
                (
                    one_sided(ChangeKind::Removed, &old_claims[o], line),
                    Vec::new(),
                )
            }
            Step::Added(n) => {
                tally.added += 1;
                let nc = &new_claims[n];
                let shifts = added_shifts(nc, new_no_reason[n]);
                (one_sided(ChangeKind::Added, nc, line), shifts)
            }
        };
        let index = changes.len();
        changes.push(change);
        notes.extend(shifts.into_iter().map(|(shift, message)| Note {
            shift,
            message,
            change: Some(index),
            line,
        }));
    }
    if let (Some(o), Some(n)) = (old, new) {
        notes.extend(named_sources(o, n, &changes));
    }
    // The article-level note among the others, by line.
    notes.sort_by_key(|n| n.line);
    for n in &notes {
        if let Some(c) = n.change.map(|i| &mut changes[i]) {
            c.regression |= n.shift.is_regression();
            c.improvement |= !n.shift.is_regression();
        }
    }
    let (regressions, improvements) = notes.into_iter().partition(|n| n.shift.is_regression());
    DocumentDiff {
        old_path: old.map(|d| d.path.clone()),
        new_path: new.map(|d| d.path.clone()),
        score: Before {
            old: old.and_then(|d| d.score),
            new: new.and_then(|d| d.score),
        },
        verdict: Before {
            old: old.map(|d| d.verdict.clone()),
            new: new.map(|d| d.verdict.clone()),
        },
        claims: tally,
        changes,
        sources: ledger_changes(old, new),
        findings: finding_changes(old, new),
        regressions,
        improvements,
    }
}

/// A claim with its text copied, free of the report it came from.
fn owned(c: &Claim) -> Claim<'static> {
    Claim {
        start: c.start,
        end: c.end,
        line: c.line,
        column: c.column,
        text: Cow::Owned(c.text.to_string()),
        kind: c.kind,
        source: c.source.clone(),
        via: c.via.clone(),
        cue: c.cue.clone(),
        source_role: c.source_role.clone(),
        continued: c.continued,
    }
}

fn one_sided(change: ChangeKind, claim: &Claim, line: u32) -> Change {
    let (old, new) = match change {
        ChangeKind::Removed => (Some(owned(claim)), None),
        _ => (None, Some(owned(claim))),
    };
    Change {
        change,
        old,
        new,
        line,
        edited: false,
        moved: false,
        regression: false,
        improvement: false,
    }
}

/// For each claim of a report, whether the check `id` flagged it.
fn flagged(doc: Option<&DocumentReport>, id: &str) -> Vec<bool> {
    let Some(doc) = doc else { return Vec::new() };
    let mut out = vec![false; doc.claims.len()];
    for f in doc.findings.iter().filter(|f| f.id == id) {
        if let Some(slot) = f.claim_index.and_then(|i| out.get_mut(i)) {
            *slot = true;
        }
    }
    out
}

/// The new version's line each step shows at: a claim of the new version its own line, a
/// removed claim the line of the claim that now follows where it was (else the one before it;
/// an article deleted altogether keeps the old lines).
fn anchors(steps: &[Step], old: &[Claim], new: &[Claim]) -> Vec<u32> {
    let own = |s: &Step| match *s {
        Step::Kept { new: n, .. } | Step::Added(n) => Some(new[n].line),
        Step::Removed(_) => None,
    };
    let mut next: Vec<Option<u32>> = vec![None; steps.len()];
    let mut following = None;
    for (i, s) in steps.iter().enumerate().rev() {
        following = own(s).or(following);
        next[i] = following;
    }
    let mut before = None;
    steps
        .iter()
        .zip(next)
        .map(|(s, next)| {
            if let Some(line) = own(s) {
                before = Some(line);
                return line;
            }
            let Step::Removed(o) = *s else { unreachable!() };
            match (new.is_empty(), next.or(before)) {
                (false, Some(line)) => line,
                (false, None) => 1,
                (true, _) => old[o].line,
            }
        })
        .collect()
}

/// What changed in a kept claim's attribution, if anything: its kind, else its source, else
/// the outlet it came through. The writer's own assertions have no source to compare.
fn reattribution(old: &Claim, new: &Claim) -> Option<ChangeKind> {
    let same = |a: Option<&str>, b: Option<&str>| {
        a.map(|s| crate::lower(s).into_owned()) == b.map(|s| crate::lower(s).into_owned())
    };
    if old.kind != new.kind {
        Some(ChangeKind::Kind)
    } else if old.kind == Kind::Unattributed {
        None
    } else if !same(old.source.as_deref(), new.source.as_deref()) {
        Some(ChangeKind::Source)
    } else if !same(old.via.as_deref(), new.via.as_deref()) {
        Some(ChangeKind::Via)
    } else {
        None
    }
}

/// Named people and on-record bodies: the sources a reader can check.
fn on_record(k: Kind) -> bool {
    matches!(k, Kind::Named | Kind::Organization)
}

/// Anonymous people and unspecified groups: the sources a reader cannot check.
fn unaccountable(k: Kind) -> bool {
    matches!(k, Kind::Anonymous | Kind::Vague)
}

/// The outlet a claim came through: its `via`, or the source of a relayed claim.
fn outlet<'c>(c: &'c Claim) -> Option<&'c str> {
    c.via.as_deref().or_else(|| {
        (c.kind == Kind::Relayed)
            .then_some(c.source.as_deref())
            .flatten()
    })
}

/// How a claim's attribution reads in a message: its kind and source.
fn quoted(c: &Claim) -> String {
    match c.source.as_deref() {
        Some(s) if c.kind != Kind::Unattributed => format!("{} \"{s}\"", c.kind),
        _ => c.kind.to_string(),
    }
}

/// The regression an added claim can be: anonymous, with no reason given (ANON001 flagged it).
fn added_shifts(new: &Claim, no_reason: bool) -> Vec<(Shift, String)> {
    if new.kind != Kind::Anonymous || !no_reason {
        return Vec::new();
    }
    let source = new.source.as_deref().unwrap_or("no source named");
    vec![(
        Shift::UnexplainedAnonymous,
        format!("new anonymous claim (\"{source}\") with no reason given for the anonymity"),
    )]
}

/// The regressions and improvements of a kept claim (`*_no_reason`: ANON001 flagged it).
fn kept_shifts(
    old: &Claim,
    new: &Claim,
    old_no_reason: bool,
    new_no_reason: bool,
) -> Vec<(Shift, String)> {
    let mut out = Vec::new();
    let (was, now) = (quoted(old), quoted(new));
    let lost = old.kind != Kind::Unattributed && new.kind == Kind::Unattributed;
    if lost {
        out.push((
            Shift::LostAttribution,
            format!("lost its attribution: was {was}, now the writer's own assertion"),
        ));
    }
    if old.kind == Kind::Unattributed && new.kind != Kind::Unattributed {
        out.push((
            Shift::GainedAttribution,
            format!("now attributed to {now} (was the writer's own assertion)"),
        ));
    }
    if on_record(old.kind) && unaccountable(new.kind) {
        out.push((Shift::SourceWeakened, format!("{was} replaced by {now}")));
    }
    if unaccountable(old.kind) && on_record(new.kind) {
        out.push((
            Shift::SourceStrengthened,
            format!("{was} replaced by {now}"),
        ));
    }
    match (outlet(old), outlet(new)) {
        // Losing the attribution says it already.
        (Some(o), None) if !lost => out.push((
            Shift::OutletDropped,
            format!("no longer names the outlet \"{o}\" it came through: now {now}"),
        )),
        (None, Some(n)) if old.kind != Kind::Unattributed => out.push((
            Shift::OutletNamed,
            format!("now names the outlet \"{n}\" it came through"),
        )),
        _ => {}
    }
    if old.kind == Kind::Anonymous && new.kind == Kind::Anonymous {
        match (old_no_reason, new_no_reason) {
            (true, false) => out.push((
                Shift::AnonymityExplained,
                format!("{now} now gives a reason for the anonymity"),
            )),
            (false, true) => out.push((
                Shift::UnexplainedAnonymous,
                format!("{now} no longer gives a reason for the anonymity"),
            )),
            _ => {}
        }
    }
    out
}

/// The article-level shifts: the last named source gone, or a first one added. The note
/// points at the claim that took the named source away (the last) or brought it (the first).
fn named_sources(old: &DocumentReport, new: &DocumentReport, changes: &[Change]) -> Option<Note> {
    let names = |d: &DocumentReport| -> Vec<String> {
        d.sources
            .iter()
            .filter(|e| e.kind == Kind::Named)
            .map(|e| e.source.clone())
            .collect()
    };
    let is_named = |c: &Option<Claim>| c.as_ref().is_some_and(|c| c.kind == Kind::Named);
    let (old_names, new_names) = (names(old), names(new));
    let (shift, at, message) = if !old_names.is_empty() && new_names.is_empty() {
        let at = changes
            .iter()
            .rposition(|c| is_named(&c.old) && !is_named(&c.new));
        let message = format!(
            "the last named source is gone ({}): the article cites no named source",
            old_names.join(", ")
        );
        (Shift::LastNamedSourceRemoved, at, message)
    } else if old_names.is_empty() && !new_names.is_empty() {
        let at = changes
            .iter()
            .position(|c| is_named(&c.new) && !is_named(&c.old));
        let message = format!(
            "the article now cites a named source ({})",
            new_names.join(", ")
        );
        (Shift::FirstNamedSource, at, message)
    } else {
        return None;
    };
    Some(Note {
        shift,
        message,
        change: at,
        line: at.map_or(1, |i| changes[i].line),
    })
}

/// A ledger row's identity: its source, case aside, and its kind.
fn row_key(e: &LedgerEntry) -> (String, Kind) {
    (crate::lower(&e.source).into_owned(), e.kind)
}

fn ledger_changes(old: Option<&DocumentReport>, new: Option<&DocumentReport>) -> SourceChanges {
    let rows = |d: Option<&DocumentReport>| d.map_or(&[][..], |d| &d.sources[..]).to_vec();
    let (old, new) = (rows(old), rows(new));
    let only = |these: &[LedgerEntry], those: &[LedgerEntry]| -> Vec<LedgerEntry> {
        let keys: std::collections::HashSet<_> = those.iter().map(row_key).collect();
        these
            .iter()
            .filter(|e| !keys.contains(&row_key(e)))
            .cloned()
            .collect()
    };
    SourceChanges {
        added: only(&new, &old),
        removed: only(&old, &new),
    }
}

/// Findings of `these` whose fingerprints `those` does not have (as many times).
fn unmatched(these: Option<&DocumentReport>, those: Option<&DocumentReport>) -> Vec<Finding> {
    let Some(these) = these else {
        return Vec::new();
    };
    let mut left: HashMap<String, usize> = HashMap::new();
    if let Some(those) = those {
        for f in &those.findings {
            *left.entry(fingerprint(those, f)).or_default() += 1;
        }
    }
    these
        .findings
        .iter()
        .filter(|f| match left.get_mut(&fingerprint(these, f)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .cloned()
        .collect()
}

fn finding_changes(old: Option<&DocumentReport>, new: Option<&DocumentReport>) -> FindingChanges {
    FindingChanges {
        new: unmatched(new, old),
        fixed: unmatched(old, new),
    }
}
