//! `sourced diff`: what an edit did to an article's sourcing.
//!
//! Two finished reports (the old draft's and the new one's, see [`crate::report`]) go in; a
//! [`DraftDiff`] comes out: the claims aligned ([`align`]), each changed claim with what
//! changed and whether an editor should worry ([`changes`]), the sources that came and went,
//! the score before and after, the findings new and fixed. Renderers ([`table`], [`json`],
//! [`markdown`], [`github`]) only read it; [`git`] finds the old drafts in a git revision.

pub mod align;
pub mod changes;
pub mod git;
pub mod github;
pub mod json;
pub mod markdown;
pub mod table;

use serde::Serialize;

use crate::report::{Claim, DocumentReport, Finding, LedgerEntry};

/// Every article compared.
#[derive(Debug, Clone, Serialize)]
pub struct DraftDiff {
    pub documents: Vec<DocumentDiff>,
}

/// How one article's sourcing changed between two versions.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentDiff {
    /// The old version's path (null for an article that is new).
    pub old_path: Option<String>,
    /// The new version's path (null for an article that was deleted).
    pub new_path: Option<String>,
    pub score: Before<u32>,
    pub verdict: Before<String>,
    pub claims: Tally,
    /// Each claim that changed, in the order of the new version (a removed claim stands where
    /// it was). Claims left exactly as they were are not listed.
    pub changes: Vec<Change>,
    /// Sources of the ledger that appear or disappear (by name, case aside, and kind).
    pub sources: SourceChanges,
    /// Findings by their baseline fingerprint (check id and claim text): those only the new
    /// version has, and those only the old one had.
    pub findings: FindingChanges,
    /// The changes an editor must look at, in the order of the new version.
    pub regressions: Vec<Note>,
    /// The changes that made the sourcing better.
    pub improvements: Vec<Note>,
}

/// A value in the old and the new version (null where that version does not exist).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Before<T> {
    pub old: Option<T>,
    pub new: Option<T>,
}

/// How many claims each version has, and what became of them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub old: usize,
    pub new: usize,
    pub added: usize,
    pub removed: usize,
    /// Kept claims whose text was edited.
    pub edited: usize,
    /// Kept claims that changed place.
    pub moved: usize,
    /// Kept claims whose kind, source or outlet changed.
    pub reattributed: usize,
    /// Kept claims with the same text, place and attribution.
    pub unchanged: usize,
}

/// One claim that changed.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// What changed, the first that applies of added, removed, kind, source, via, edited,
    /// moved.
    pub change: ChangeKind,
    /// The claim in the old version (null for an added claim).
    pub old: Option<Claim<'static>>,
    /// The claim in the new version (null for a removed claim).
    pub new: Option<Claim<'static>>,
    /// The line of the new version where the change shows (for a removed claim, the line of
    /// the claim that now follows where it was).
    pub line: u32,
    /// The claim's text was edited (a kept claim whose text is not the same).
    pub edited: bool,
    /// The claim changed place.
    pub moved: bool,
    /// One of the document's regressions is about this claim.
    pub regression: bool,
    /// One of the document's improvements is about this claim.
    pub improvement: bool,
}

/// What changed about a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A claim only the new version has.
    Added,
    /// A claim only the old version had.
    Removed,
    /// The claim's kind of attribution changed.
    Kind,
    /// Same kind, another source.
    Source,
    /// Same kind and source, another outlet it came through.
    Via,
    /// Only the wording changed.
    Edited,
    /// Only the place changed.
    Moved,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Kind => "kind",
            ChangeKind::Source => "source",
            ChangeKind::Via => "via",
            ChangeKind::Edited => "edited",
            ChangeKind::Moved => "moved",
        }
    }
}

/// A regression or an improvement, in an editor's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    pub shift: Shift,
    pub message: String,
    /// The index in `changes` of the claim it is about (null for the article as a whole).
    pub change: Option<usize>,
    /// The line of the new version it points to.
    pub line: u32,
}

/// The shifts in sourcing an editor cares about: the first five are regressions, the others
/// the matching improvements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shift {
    /// An attributed claim is now the writer's own assertion.
    LostAttribution,
    /// A named or on-record source replaced by an anonymous or vague one.
    SourceWeakened,
    /// A claim that came through an outlet no longer names it.
    OutletDropped,
    /// The article had a named source and has none left.
    LastNamedSourceRemoved,
    /// A new anonymous claim with no reason given for the anonymity, or an anonymous claim
    /// that no longer gives one (by the pack's ANON001).
    UnexplainedAnonymous,
    /// A claim that was the writer's own assertion is now attributed.
    GainedAttribution,
    /// An anonymous or vague source replaced by a named or on-record one.
    SourceStrengthened,
    /// A claim now names the outlet it came through.
    OutletNamed,
    /// An article with no named source now has one.
    FirstNamedSource,
    /// An anonymous claim now gives the reason for the anonymity.
    AnonymityExplained,
}

impl Shift {
    pub fn is_regression(self) -> bool {
        matches!(
            self,
            Shift::LostAttribution
                | Shift::SourceWeakened
                | Shift::OutletDropped
                | Shift::LastNamedSourceRemoved
                | Shift::UnexplainedAnonymous
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Shift::LostAttribution => "lost_attribution",
            Shift::SourceWeakened => "source_weakened",
            Shift::OutletDropped => "outlet_dropped",
            Shift::LastNamedSourceRemoved => "last_named_source_removed",
            Shift::UnexplainedAnonymous => "unexplained_anonymous",
            Shift::GainedAttribution => "gained_attribution",
            Shift::SourceStrengthened => "source_strengthened",
            Shift::OutletNamed => "outlet_named",
            Shift::FirstNamedSource => "first_named_source",
            Shift::AnonymityExplained => "anonymity_explained",
        }
    }

    /// The shift in words, for titles ("lost attribution").
    pub fn title(self) -> String {
        self.as_str().replace('_', " ")
    }
}

/// A claim's attribution in a cell: its kind, source and outlet (`anonymous: a person familiar
/// via Daily Ledger`).
pub fn attribution(c: &Claim) -> String {
    let mut s = c.kind.to_string();
    if let Some(source) = c
        .source
        .as_deref()
        .filter(|_| c.kind != crate::kind::Kind::Unattributed)
    {
        s.push_str(": ");
        s.push_str(source);
    }
    if let Some(via) = c.via.as_deref() {
        s.push_str(" via ");
        s.push_str(via);
    }
    s
}

/// A score before and after, with the difference (`72 → 58 (−14)`).
pub fn score_change(score: &Before<u32>) -> String {
    let show = |s: Option<u32>| s.map_or("–".to_string(), |s| s.to_string());
    match (score.old, score.new) {
        (Some(o), Some(n)) if o == n => format!("{o} (unchanged)"),
        (Some(o), Some(n)) if n > o => format!("{o} → {n} (+{})", n - o),
        (Some(o), Some(n)) => format!("{o} → {n} (−{})", o - n),
        (o, n) => format!("{} → {}", show(o), show(n)),
    }
}

/// Ledger rows that appear or disappear.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SourceChanges {
    pub added: Vec<LedgerEntry>,
    pub removed: Vec<LedgerEntry>,
}

/// Findings only one version has.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FindingChanges {
    pub new: Vec<Finding>,
    pub fixed: Vec<Finding>,
}

impl DocumentDiff {
    /// Nothing about the sourcing changed.
    pub fn is_unchanged(&self) -> bool {
        self.changes.is_empty()
            && self.sources.added.is_empty()
            && self.sources.removed.is_empty()
            && self.findings.new.is_empty()
            && self.findings.fixed.is_empty()
            && self.regressions.is_empty()
            && self.improvements.is_empty()
            && self.score.old == self.score.new
    }

    /// The path to name the article by: the new one, else the old one.
    pub fn path(&self) -> &str {
        self.new_path
            .as_deref()
            .or(self.old_path.as_deref())
            .unwrap_or("-")
    }
}

impl DraftDiff {
    /// Any regression in any article (`--fail-on-regression`).
    pub fn has_regression(&self) -> bool {
        self.documents.iter().any(|d| !d.regressions.is_empty())
    }
}

/// Compare two versions of an article: `None` for a version that does not exist (a new
/// article is all additions, a deleted one all removals).
pub fn diff(old: Option<&DocumentReport>, new: Option<&DocumentReport>) -> DocumentDiff {
    changes::compare(old, new)
}
