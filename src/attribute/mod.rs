//! Stage 3: decide, for every claim, who it rests on.
//!
//! Attribution is a pipeline of small passes, each in its own module, run claim by claim in
//! article order over the claim's tokens ([`tokens`], tagged from the pack by [`lexicon`]):
//!
//! 1. [`cues`]: every cue (no-comment phrases, "according to", communication verbs, agentless
//!    phrases) with the source phrase it points to, classified by [`source`] against the pack's
//!    lexicons and the article's [`cast`] (its who's-who, so pronouns and role nouns resolve);
//! 2. [`choose`]: the cue that decides the claim's kind as `../shared/eval/GUIDE.md` says;
//! 3. [`mentions`]: people and bodies named in passing, for the cast;
//!
//! and then, over the whole article, 4. [`quotations`]: a quotation's speaker carried to every
//! sentence of the quotation.
//!
//! This stage reads only the text and the claim spans from the stages before it and returns one
//! [`Attribution`] per claim; it knows nothing of scores or reports.

mod cast;
mod choose;
mod cues;
mod lexicon;
mod mentions;
mod own_outlet;
mod quotations;
mod source;
mod tokens;

use crate::kind::Kind;
use crate::rules::RulePack;
use crate::segment::Span;

use arcstr::ArcStr;

use cast::Cast;
use lexicon::Lexicon;
pub use own_outlet::OwnOutlet;
use source::Sentence;
use tokens::{tokenize_into, Token};

/// How a claim is attributed.
///
/// Names are shared strings ([`ArcStr`]): a source quoted a thousand times is held once, and an
/// attribution stays as large as the report's claim, so a long article's claims are collected in
/// the attributions' own memory.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribution {
    /// The claim attributed (byte offsets into the article).
    pub span: Span,
    pub kind: Kind,
    /// The claim inherits its source from a quotation it belongs to.
    pub continued: bool,
    /// What the first pass learnt about the claim's shape, for the quotation pass.
    shape: Shape,
    /// The source as the article names it (for a pronoun, the person it points to).
    pub source: Option<ArcStr>,
    /// The outlet a source is reported through.
    pub via: Option<ArcStr>,
    /// The words that make the attribution ("said", "according to", "declined to comment").
    pub cue: Option<ArcStr>,
    /// The source's role or title, when the article gives one.
    pub role: Option<ArcStr>,
    /// Where the cue stands (byte offsets into the article).
    pub cue_span: Option<Span>,
    /// The cast member the claim's own cue chose, which a quotation after it may inherit.
    speaker: Option<u32>,
}

impl Attribution {
    fn none() -> Self {
        Attribution {
            span: Span { start: 0, end: 0 },
            kind: Kind::Unattributed,
            continued: false,
            shape: Shape::default(),
            source: None,
            via: None,
            cue: None,
            role: None,
            cue_span: None,
            speaker: None,
        }
    }

    /// Take another claim's attribution (a quotation's speaker), keeping this claim's own span,
    /// shape and speaker: those describe the claim, not its source.
    fn inherit(&mut self, from: &Attribution, continued: bool) {
        *self = Attribution {
            span: self.span,
            shape: self.shape,
            speaker: self.speaker,
            continued,
            ..from.clone()
        };
    }
}

/// Shares the strings of a document's attributions: each distinct name, outlet, cue and role is
/// allocated once.
pub(crate) struct Names<'t> {
    /// The article, for strings that stand in it as written (cues).
    text: &'t str,
    set: rustc_hash::FxHashSet<ArcStr>,
}

impl<'t> Names<'t> {
    fn new(text: &'t str) -> Self {
        Names {
            text,
            set: Default::default(),
        }
    }

    fn get(&mut self, s: &str) -> ArcStr {
        if let Some(a) = self.set.get(s) {
            return a.clone();
        }
        let a = ArcStr::from(s);
        self.set.insert(a.clone());
        a
    }

    /// The article's text at `span`, shared.
    fn at(&mut self, span: Span) -> ArcStr {
        self.get(&self.text[span.start..span.end])
    }
}

/// The attribution pass, compiled from a rule pack once and reused for every article.
#[derive(Debug, Clone)]
pub struct Attributor {
    lex: Lexicon,
}

/// What the first pass learnt about a claim, for the quotation pass.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Shape {
    /// Continues a quotation left open by the claim before.
    continues: bool,
    /// Leaves a quotation open.
    open_at_end: bool,
    /// Opens with a quotation mark and is mostly quoted.
    quote_only: bool,
    /// The claim found its own attribution from a cue outside quotation marks.
    direct: bool,
}

impl Attributor {
    pub fn new(pack: &RulePack) -> Self {
        Attributor {
            lex: Lexicon::compile(&pack.lexicons),
        }
    }

    /// One attribution per claim span, in order. The spans are taken as they come (from
    /// [`crate::segment::sentences`], say), so no list of them is held.
    pub fn attribute(
        &self,
        text: &str,
        claims: impl IntoIterator<Item = Span>,
        own: &OwnOutlet,
    ) -> Vec<Attribution> {
        // A worker checks article after article: its cast's tables are kept from one to the
        // next (emptied), so a new article's cast does not grow them again from nothing.
        thread_local! {
            static CAST: std::cell::RefCell<Cast> = std::cell::RefCell::default();
        }
        let mut cast = CAST.with_borrow_mut(std::mem::take);
        let mut names = Names::new(text);
        // Room for a short article's claims (a long one grows as usual).
        let mut out: Vec<Attribution> = Vec::with_capacity((text.len() / 128 + 1).min(1024));
        let mut in_quote = false;
        // One token vector for every claim: tokenizing allocates nothing once it has grown.
        let mut toks: Vec<Token> = Vec::with_capacity(64);
        let mut spare_lower: Vec<String> = Vec::new();
        let text_of = |a: usize, b: usize| text[a..b].to_string();
        let mut last_end = None;
        for (i, span) in claims.into_iter().enumerate() {
            let span = &span;
            let paragraph = last_end.is_none_or(|e| text[e..span.start].contains('\n'));
            last_end = Some(span.end);
            let first_char = text[span.start..span.end].chars().next().unwrap_or(' ');
            let opens_with_quote = matches!(first_char, '"' | '“' | '«')
                || text[span.start..span.end].starts_with("''");
            if paragraph && !opens_with_quote {
                in_quote = false;
            }
            let continues = in_quote;
            let open_at_end = tokenize_into(text, *span, in_quote, &mut toks, &mut spare_lower);
            self.lex.tag(&mut toks);
            in_quote = open_at_end;
            let (mut words, mut caps, mut quoted_words, mut tags) = (0, 0, 0, 0);
            // Title case capitalises common words too ("Obama Says Museum Will Tell"); a
            // sentence of names ("Prime Minister Tony Blair visited Leeds.") is not a headline.
            let mut common_caps = 0;
            let mut first_word = None;
            for (k, t) in toks.iter().enumerate() {
                tags |= t.tags;
                if t.is_word() {
                    let later = first_word.is_some();
                    first_word.get_or_insert(k);
                    words += 1;
                    caps += usize::from(t.is_cap());
                    quoted_words += usize::from(t.quoted);
                    common_caps += usize::from(later && t.is_cap() && is_common(t));
                }
            }
            let s = Sentence {
                toks: &toks,
                title_case: words >= 4 && caps * 10 >= words * 7 && common_caps > 0,
                index: i,
                first_word: first_word.unwrap_or(0),
                tags,
            };
            let scan = cues::Scan {
                s: &s,
                lex: &self.lex,
                text_of: &text_of,
            };
            let founds = cues::find(&scan, &mut cast);
            let (mut att, who) =
                choose::choose(&s, &self.lex, own, &founds, &mut cast, &mut names, &text_of);
            mentions::meet(&s, &self.lex, &mut cast, &text_of);
            att.span = *span;
            att.speaker = who.and_then(|w| u32::try_from(w).ok());
            att.shape = Shape {
                continues,
                open_at_end,
                quote_only: opens_with_quote && quoted_words * 10 >= words * 7,
                // A "she said" whose person the cast cannot find is a weak attribution: the
                // quotation pass may still give the claim the speaker before it.
                direct: att.kind != Kind::Unattributed
                    && !quotations::unresolved_pronoun(&att)
                    && founds.iter().any(|f| !f.quoted),
            };
            out.push(att);
        }
        follow_retyped_bodies(&mut out, &cast);
        self.roles_from_the_whole_article(&mut out, &cast, &mut names);
        issue_documents(&mut out, &cast, &self.lex);
        quotations::carry(&mut out, &cast);
        cast.clear();
        CAST.with_borrow_mut(|kept| *kept = cast);
        out
    }
}

impl Attributor {
    /// A person's role as the whole article gives it: "Corbett said" in the lede, "the
    /// 74-year-old comedian" three paragraphs on — every claim of theirs shows the role.
    fn roles_from_the_whole_article(
        &self,
        out: &mut [Attribution],
        cast: &Cast,
        names: &mut Names,
    ) {
        for a in out
            .iter_mut()
            .filter(|a| a.kind == Kind::Named && a.role.is_none())
        {
            let person = a.source.as_deref().and_then(|s| cast.person_by_name(s));
            if let Some(role) = person.and_then(|i| choose::role_of(cast.get(i), &self.lex)) {
                a.role = Some(names.get(&role));
            }
        }
    }
}

/// A study, survey or report with no issuer in its own sentence speaks for the body the article
/// names as its issuer anywhere, before or after (GUIDE.md: "a survey named later takes the
/// body that ran it"); with none named it stays vague.
fn issue_documents(out: &mut [Attribution], cast: &Cast, lex: &Lexicon) {
    for (k, a) in out.iter_mut().enumerate() {
        if a.kind != Kind::Vague || a.continued {
            continue;
        }
        let Some(src) = a.source.as_deref() else {
            continue;
        };
        let head = src.rsplit(' ').next().unwrap_or(src).to_lowercase();
        // "Polls show", "studies suggest": many documents, no one issuer to find.
        let countable_plural =
            head.ends_with('s') && lex.documents.contains(head.trim_end_matches('s'));
        if countable_plural || head == "analyses" {
            continue;
        }
        if !lex.documents.contains(&head)
            || src.chars().any(char::is_uppercase) && src.len() > head.len() + 2
        {
            continue;
        }
        if let Some(issuer) = cast.issuer_near(k) {
            a.kind = Kind::Organization;
            a.source = Some(ArcStr::from(issuer));
        }
    }
}

/// A word a headline capitalises that no name holds: a function word or a verb of speech
/// ("Says", "Will", "Of").
fn is_common(t: &Token) -> bool {
    use lexicon::tag;
    t.has(tag::STOP | tag::DETERMINER | tag::PREP | tag::SPEECH_VERB | tag::SKIP_LEFT)
}

/// The who's-who decides a source's type from all the article says of it: claims given to a
/// bare name before the article showed it to be a body ("Hartwell said ..." then "Hartwell's
/// shares fell") become the body's.
fn follow_retyped_bodies(out: &mut [Attribution], cast: &Cast) {
    let names: Vec<&str> = cast.retyped_bodies().collect();
    if names.is_empty() {
        return;
    }
    for a in out.iter_mut().filter(|a| a.kind == Kind::Named) {
        if a.source.as_deref().is_some_and(|s| names.contains(&s)) {
            a.kind = Kind::Organization;
            a.role = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::segment;

    fn run(text: &str) -> Vec<(Kind, Option<String>)> {
        let a = Attributor::new(&RulePack::builtin());
        let spans = segment(text);
        a.attribute(text, spans, &OwnOutlet::default())
            .into_iter()
            .map(|x| (x.kind, x.source.map(|s| s.to_string())))
            .collect()
    }

    #[test]
    fn named_with_appositive_and_pronoun_continuation() {
        let r = run("Andrei Lankov, a professor at Kookmin University, said, \"Kim needs Trump less.\" He added that talks would resume.");
        assert_eq!(r[0], (Kind::Named, Some("Andrei Lankov".into())));
        assert_eq!(r[1], (Kind::Named, Some("Andrei Lankov".into())));
    }

    #[test]
    fn relayed_anonymous_and_no_comment() {
        let r = run("NK News reported that talks stalled. Citing a high-level source who requested anonymity, the outlet reported that a letter was sent. The State Department declined to comment.");
        assert_eq!(r[0].0, Kind::Relayed);
        assert_eq!(r[1], (Kind::Anonymous, Some("a high-level source".into())));
        assert_eq!(r[2].0, Kind::NoComment);
    }

    #[test]
    fn vague_and_unattributed() {
        let r = run("Experts said the deal is fragile. The two leaders met three times.");
        assert_eq!(r[0].0, Kind::Vague);
        assert_eq!(r[1], (Kind::Unattributed, None));
    }

    #[test]
    fn multi_sentence_quote_takes_its_speaker() {
        let r = run("Peter Ward said talks failed. He said, \"Last time it was open. They released letters. Now they may hesitate,\" NK News reported.");
        assert_eq!(r[2], (Kind::Named, Some("Peter Ward".into())));
        assert_eq!(r[3], (Kind::Named, Some("Peter Ward".into())));
    }

    fn kinds(text: &str) -> Vec<Kind> {
        run(text).into_iter().map(|(k, _)| k).collect()
    }

    #[test]
    fn verb_phrases_are_cues_of_their_subject() {
        let r =
            run("The show's director Richard Eyre issued a warning that the show was unsuitable.");
        assert_eq!(r[0], (Kind::Named, Some("Richard Eyre".into())));
        assert_eq!(
            kinds("The council hit back at its critics."),
            [Kind::Organization]
        );
    }

    #[test]
    fn a_name_and_a_colon_open_a_headline_quote() {
        assert_eq!(
            run("Paul Ryan: The decision defies explanation")[0].0,
            Kind::Named
        );
        // A label is no source.
        assert_eq!(
            kinds("Update: The bridge reopened on Monday"),
            [Kind::Unattributed]
        );
    }

    #[test]
    fn agentless_construction_needs_a_form_of_be_and_no_agent() {
        assert_eq!(
            kinds("The deal is widely expected to collapse."),
            [Kind::Vague]
        );
        assert_eq!(
            kinds("The minister is not thought to have known."),
            [Kind::Vague]
        );
        // "by" names the agent: no agentless cue.
        assert_eq!(
            kinds("The plan was criticised by the mayor."),
            [Kind::Unattributed]
        );
    }

    #[test]
    fn a_document_takes_the_issuer_named_later() {
        let r =
            run("Sales fell 4%, according to a survey. The survey was run by the Retail Council.");
        assert_eq!(r[0], (Kind::Organization, Some("Retail Council".into())));
        // Plural documents have no one issuer.
        let r =
            run("Polls show the race is close. A survey by the Retail Council found sales fell.");
        assert_eq!(r[0].0, Kind::Vague);
    }

    #[test]
    fn a_bare_name_shown_to_be_a_body_takes_its_claims_along() {
        let r = run("Norbank said it would cut jobs. Norbank's shares fell 3%.");
        assert_eq!(r[0], (Kind::Organization, Some("Norbank".into())));
    }

    #[test]
    fn a_sentence_of_names_is_not_a_title_case_headline() {
        // Met as a person by the mentions pass, so "the prime minister" finds him.
        let r = run(
            "Prime Minister Tony Blair visited Leeds. The prime minister said jobs would follow.",
        );
        assert_eq!(r[1], (Kind::Named, Some("Tony Blair".into())));
    }

    #[test]
    fn the_claims_source_outranks_names_it_mentions() {
        let r = run("Ward said Chairman Kim would visit. He added that talks would go on.");
        assert_eq!(r[1], (Kind::Named, Some("Ward".into())));
    }

    #[test]
    fn an_outlets_report_of_an_act_stays_the_outlets() {
        let r = run("The Valley Courier reported that Smith will endorse Jones.");
        assert_eq!(r[0], (Kind::Relayed, Some("Valley Courier".into())));
        let r = run("The Valley Courier reported that Smith said the deal was off.");
        assert_eq!(r[0], (Kind::Named, Some("Smith".into())));
    }
}
