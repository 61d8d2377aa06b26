//! Pass 1 of attribution: every cue in a claim, each with the source phrase it points to.
//!
//! One module per kind of cue, run in this order (a later pass skips words an earlier one
//! already took):
//! - [`no_comment`]: "declined to comment", "did not respond", anywhere in the claim;
//! - [`according`]: frames that put the source after them ("according to X", "citing X");
//! - [`phrases`]: verb phrases that are communication acts ("issued a warning", "hit back");
//! - [`headline`]: a name and a colon opening the claim ("De Blasio: Trust Bratton");
//! - [`verbs`]: communication verbs with a subject before them or an inverted one after;
//! - [`agentless`]: cues with no agent ("reportedly", "is expected to") and an unnamed class
//!   as the claim's subject ("Many analysts were upbeat").
//!
//! The passes find and classify; choosing among the cues is [`super::choose`]'s job.

mod according;
mod agentless;
mod headline;
mod no_comment;
mod phrases;
mod verbs;

use super::cast::{self, Cast, Gender};
use super::source::{classify, member, Sentence, Subject, Who};
use super::Lexicon;
use crate::segment::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueKind {
    Speech,
    NoComment,
    Agentless,
}

/// A cue found in a claim, with the cast member it points to.
#[derive(Debug, Clone)]
pub struct Found {
    pub cue: CueKind,
    pub who: Option<usize>,
    pub cue_span: Span,
    /// Inside a relative clause (", who declined to comment,").
    pub subordinate: bool,
    /// The cue word stands inside a quotation.
    pub quoted: bool,
    /// A weak cue (a verb that is often not about speech: "published", "found").
    pub weak: bool,
    /// A cue that always reports words or thoughts ("said", "believe", "according to"), not
    /// an act that may only be narrated ("proposed", "endorsed").
    pub strong: bool,
}

/// What every pass reads: the claim, the pack's lexicon and the article's text.
pub struct Scan<'s, 'a, 't> {
    pub s: &'s Sentence<'s, 'a>,
    pub lex: &'s Lexicon,
    pub text_of: &'t dyn Fn(usize, usize) -> String,
}

impl Scan<'_, '_, '_> {
    /// The cast member a source phrase names: one already met, or a new one met now. A lone
    /// "he" or "she" teaches the cast the member's gender.
    pub fn who(&self, cast: &mut Cast, subject: Option<Subject>) -> Option<usize> {
        let (np, extra) = subject?;
        let who = classify(self.s, self.lex, cast, self.text_of, np, extra)?;
        let idx = match who {
            Who::Known(i) => i,
            Who::New(n) => cast.meet(member(n, cast::seen_at(self.s.index, np.0))),
        };
        if np.1 - np.0 == 1 {
            match self.s.toks[np.0].lower.as_ref() {
                "he" => cast.set_gender(idx, Gender::Male),
                "she" => cast.set_gender(idx, Gender::Female),
                _ => {}
            }
        }
        Some(idx)
    }

    /// The span of tokens `i..i + n`, in the article's bytes.
    fn span(&self, i: usize, n: usize) -> Span {
        Span::new(self.s.toks[i].start, self.s.toks[i + n - 1].end)
    }
}

/// Every cue in a claim, in the order they stand.
pub fn find(scan: &Scan, cast: &mut Cast) -> Vec<Found> {
    let mut founds = Vec::new();
    no_comment::find(scan, cast, &mut founds);
    according::find(scan, cast, &mut founds);
    phrases::find(scan, cast, &mut founds);
    headline::find(scan, cast, &mut founds);
    verbs::find(scan, cast, &mut founds);
    agentless::find(scan, &mut founds);
    founds.sort_by_key(|f| f.cue_span.start);
    founds
}

/// Is token `i` inside a relative clause opened by ", who" or ", which" and not yet closed?
pub fn subordinate(s: &Sentence, i: usize) -> bool {
    let toks = s.toks;
    let mut k = i;
    let stop = i.saturating_sub(super::source::WINDOW);
    while k > stop {
        k -= 1;
        let t = &toks[k];
        if t.is_punct(',') || t.is_quote() || t.is_punct(';') {
            return false;
        }
        if (t.is("who") || t.is("which")) && k > 0 && toks[k - 1].is_punct(',') {
            return true;
        }
    }
    false
}
