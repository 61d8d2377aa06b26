//! Stage 3: decide, for every claim, who it rests on.
//!
//! For each claim, in article order: find the cues (communication verbs, `according to`,
//! no-comment phrases, agentless phrases), find the source phrase around each cue, classify it
//! against the rule pack's lexicons and the cast of sources met so far, and pick the one that
//! decides the claim's kind as `../shared/eval/GUIDE.md` says (a no-comment first, then the main
//! clause's source, the innermost identified source over the outlet relaying it). A second pass
//! carries a quotation's speaker to every sentence of the quotation.
//!
//! This stage reads only the text and the claim spans from the stages before it and returns one
//! [`Attribution`] per claim; it knows nothing of scores or reports.

mod cast;
mod lexicon;
mod source;
mod tokens;

use crate::kind::Kind;
use crate::rules::RulePack;
use crate::segment::Span;

use arcstr::ArcStr;

use cast::{Cast, Gender, Role};
use lexicon::{tag, Lexicon};
use source::{classify, member, np_after, subject_before, Sentence, Who};
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
struct Names<'t> {
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CueKind {
    Speech,
    NoComment,
    Agentless,
}

/// A cue found in a claim, with the cast member it points to.
#[derive(Debug, Clone)]
struct Found {
    cue: CueKind,
    who: Option<usize>,
    cue_span: Span,
    /// Inside a relative clause (", who declined to comment,").
    subordinate: bool,
    /// The cue word stands inside a quotation.
    quoted: bool,
    /// A weak cue (a verb that is often not about speech: "published", "found").
    weak: bool,
}

/// What the first pass learnt about a claim, for the quotation pass.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Shape {
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
            let mut first_word = None;
            for (k, t) in toks.iter().enumerate() {
                tags |= t.tags;
                if t.is_word() {
                    first_word.get_or_insert(k);
                    words += 1;
                    caps += usize::from(t.is_cap());
                    quoted_words += usize::from(t.quoted);
                }
            }
            let s = Sentence {
                toks: &toks,
                title_case: words >= 4 && caps * 10 >= words * 7,
                index: i,
                first_word: first_word.unwrap_or(0),
                tags,
            };
            let founds = self.find(&s, &mut cast, &text_of);
            let (mut att, who) = self.choose(&s, &founds, &mut cast, &mut names, &text_of);
            self.meet_mentions(&s, &mut cast, &text_of);
            att.span = *span;
            att.speaker = who.and_then(|w| u32::try_from(w).ok());
            att.shape = Shape {
                continues,
                open_at_end,
                quote_only: opens_with_quote && quoted_words * 10 >= words * 7,
                // A "she said" whose person the cast cannot find is a weak attribution: the
                // quotation pass may still give the claim the speaker before it.
                direct: att.kind != Kind::Unattributed
                    && !unresolved_pronoun(&att)
                    && founds.iter().any(|f| !f.quoted),
            };
            out.push(att);
        }
        self.carry_quotations(&mut out, &cast);
        cast.clear();
        CAST.with_borrow_mut(|kept| *kept = cast);
        out
    }

    /// Every cue in a claim.
    fn find(
        &self,
        s: &Sentence,
        cast: &mut Cast,
        text_of: &dyn Fn(usize, usize) -> String,
    ) -> Vec<Found> {
        let lex = &self.lex;
        let toks = s.toks;
        let mut founds = Vec::new();
        let who_of = |cast: &mut Cast, range: Option<source::Subject>| -> Option<usize> {
            let (np, extra) = range?;
            let who = classify(s, lex, cast, text_of, np, extra)?;
            let idx = match who {
                Who::Known(i) => i,
                Who::New(n) => cast.meet(member(n, cast::seen_at(s.index, np.0))),
            };
            if np.1 - np.0 == 1 {
                match toks[np.0].lower.as_ref() {
                    "he" => cast.set_gender(idx, Gender::Male),
                    "she" => cast.set_gender(idx, Gender::Female),
                    _ => {}
                }
            }
            Some(idx)
        };

        // No-comment phrases, anywhere (a quoted "We do not comment" is the speaker's no-comment).
        for (i, n) in s.find_all(&lex.no_comment) {
            let subject = if toks[i].quoted {
                None
            } else {
                subject_before(s, i)
            };
            let pronoun =
                subject.is_some_and(|((a, b), _)| b - a == 1 && source::is_pronoun(&toks[a].lower));
            let who = if pronoun && i > 0 {
                // "The sheriff's office said it does not comment": the office.
                let speaker = (i.saturating_sub(source::WINDOW)..i).rev().find_map(|v| {
                    let t = &toks[v];
                    (t.is_word() && !t.quoted && t.has(tag::SPEECH_VERB))
                        .then(|| who_of(cast, subject_before(s, v)))
                        .flatten()
                });
                speaker.or_else(|| who_of(cast, subject))
            } else {
                who_of(cast, subject)
            };
            founds.push(Found {
                cue: CueKind::NoComment,
                who,
                cue_span: Span::new(toks[i].start, toks[i + n - 1].end),
                subordinate: subordinate(toks, i),
                quoted: toks[i].quoted,
                weak: false,
            });
        }
        // "according to X", "citing X".
        for (i, n) in s.find_all(&lex.according) {
            if toks[i].quoted {
                continue;
            }
            let who = who_of(cast, np_after(s, i + n, lex).map(|r| (r, None)));
            if who.is_some() {
                founds.push(Found {
                    cue: CueKind::Speech,
                    who,
                    cue_span: Span::new(toks[i].start, toks[i + n - 1].end),
                    subordinate: subordinate(toks, i),
                    quoted: false,
                    weak: false,
                });
            }
        }
        // Tokens inside a phrase cue already found are not verb cues of their own (most claims
        // have no phrase cue: then nothing is allocated).
        let mut covered = Vec::new();
        if !founds.is_empty() {
            covered.resize(toks.len(), false);
        }
        for f in &founds {
            let mut k = toks.partition_point(|t| t.start < f.cue_span.start);
            while k < toks.len() && toks[k].end <= f.cue_span.end {
                covered[k] = true;
                k += 1;
            }
        }
        // Communication verbs.
        for v in 0..toks.len() {
            let t = &toks[v];
            if !t.is_word() || t.quoted || !t.has(tag::SPEECH_VERB) {
                continue;
            }
            if covered.get(v).copied().unwrap_or(false) {
                continue;
            }
            // A capitalised verb mid-sentence is a name ("the State Department"), except in a
            // title-case headline ("Trump Says ...").
            if t.is_cap() && v > 0 && !s.title_case {
                continue;
            }
            let prev = v.checked_sub(1).map(|p| &toks[p]);
            let prev_l = prev.map_or("", |p| p.lower.as_ref());
            // Nouns ("the report", "his remarks"), infinitives ("to say") and passives ("was told").
            if source::is_det(prev.unwrap_or(t)) && prev.is_some() && !prev.unwrap().is_cap()
                || prev_l == "united" && t.lower == "states"
                || matches!(
                    prev_l,
                    "to" | "is"
                        | "are"
                        | "was"
                        | "were"
                        | "been"
                        | "being"
                        | "be"
                        | "when"
                        | "if"
                        | "unless"
                        | "so-called"
                        | "well"
                )
            {
                continue;
            }
            if prev.is_some_and(|p| p.possessive) {
                continue;
            }
            let next = toks.get(v + 1);
            let after_quote = |k: usize| {
                toks.get(k)
                    .is_some_and(|p| p.kind == tokens::TokKind::CloseQuote)
            };
            let inverted = v >= 1
                && (after_quote(v - 1)
                    || v >= 2 && toks[v - 1].is_punct(',') && after_quote(v - 2));
            let subject = if inverted { None } else { subject_before(s, v) };
            let comma_before = prev.is_some_and(|p| p.is_punct(','));
            let weak = t.has(tag::WEAK_VERB) && !inverted && !comma_before;
            // A quotation soon after the verb: 'called the holiday "a celebration"'.
            let quote_soon = toks[v + 1..toks.len().min(v + 15)]
                .iter()
                .any(|n| n.kind == tokens::TokKind::OpenQuote);
            // Cognition verbs take a bare clause: "some believe the plan", "he expects it to".
            let bare_clause = t.has(tag::COGNITION_VERB)
                && next.is_some_and(|n| {
                    source::is_pronoun(&n.lower) || source::is_det(n) || n.is_cap()
                })
                || t.lower.starts_with("call") && next.is_some_and(|n| n.is("for") || n.is("on"))
                || matches!(
                    t.lower.as_ref(),
                    "agreed" | "agree" | "agrees" | "disagreed" | "disagree" | "disagrees"
                ) && next.is_some_and(|n| n.is("with"))
                || matches!(
                    t.lower.as_ref(),
                    "spoke"
                        | "speaks"
                        | "speak"
                        | "speaking"
                        | "lashed"
                        | "lashes"
                        | "hit"
                        | "hits"
                ) && toks[v + 1..]
                    .iter()
                    .find(|n| !source::is_adverb(n))
                    .is_some_and(|n| {
                        n.is("of")
                            || n.is("about")
                            || n.is("out")
                            || n.is("to") && toks.get(v + 2).is_some_and(|r| r.is("reporters"))
                    });
            if weak && !quote_soon && !bare_clause && !t.has(tag::BODY_VERB) {
                let clause_end = next.is_none_or(|n| {
                    n.is_punct('.') || n.is_punct(',') || n.is_punct('!') || n.is_punct('?')
                });
                let introduces = clause_end
                    || next.is_some_and(|n| {
                        n.is("that")
                            || n.is_punct(':')
                            || n.kind == tokens::TokKind::OpenQuote
                            || n.is_punct(',')
                                && toks
                                    .get(v + 2)
                                    .is_some_and(|m| m.kind == tokens::TokKind::OpenQuote)
                    });
                if !introduces {
                    continue;
                }
            }
            let no_subject = subject.is_none();
            let mut who = who_of(cast, subject);
            // "Reuters quoted one trader as saying": the quoted one speaks, through the outlet.
            if matches!(t.lower.as_ref(), "quoted" | "quoting" | "quotes" | "quote") {
                if let Some(r) = np_after(s, v + 1, lex) {
                    if toks.get(r.1).is_some_and(|x| x.is("as")) {
                        if let Some(q) = who_of(cast, Some((r, None))) {
                            who = Some(q);
                        }
                    }
                }
            }
            let recipient_verb = matches!(
                t.lower.as_ref(),
                "told"
                    | "tell"
                    | "tells"
                    | "telling"
                    | "asked"
                    | "ask"
                    | "asks"
                    | "informed"
                    | "urged"
                    | "accused"
                    | "blamed"
                    | "criticized"
                    | "criticised"
                    | "praised"
                    | "quoted"
            );
            if who.is_none() && no_subject && !recipient_verb {
                if let Some(r) = np_after(s, v + 1, lex) {
                    if !toks[r.0].is("that") {
                        // '"...," said Maya Okoro, the head librarian.': the appositive after.
                        let extra = toks.get(r.1).filter(|t| t.is_punct(',')).and_then(|_| {
                            let x = r.1 + 1;
                            toks.get(x).filter(|t| {
                                t.is_word() && (source::is_det(t) || t.has(tag::PERSON_ROLE))
                            })?;
                            let y = (x..toks.len().min(x + 14))
                                .find(|&k| !toks[k].is_word())
                                .unwrap_or(toks.len().min(x + 14));
                            (y > x).then_some((x, y))
                        });
                        who = who_of(cast, Some((r, extra)));
                    }
                }
            }
            // ", saying ...": the participle's subject is the clause's subject.
            if who.is_none() && comma_before && t.lower.ends_with("ing") {
                if let Some(start) = clause_subject_start(toks, v) {
                    who = who_of(cast, np_after(s, start, lex).map(|r| (r, None)));
                }
            }
            // A subject that names no one the lexicons know ("the candidates say", "about four
            // in 10 voters say"): an unnamed group, or one unnamed person.
            if who.is_none() && t.has(tag::STRONG_VERB) {
                if let Some((np, _)) = subject {
                    if let Some(n) = source::unnamed_fallback(s, np, text_of) {
                        who = Some(cast.meet(member(n, cast::seen_at(s.index, np.0))));
                    }
                }
            }
            let Some(w) = who else { continue };
            let body_subject = matches!(
                cast.get(w).role,
                Role::Organization | Role::Outlet | Role::Vague
            );
            let introduces = next.is_some_and(|n| n.is("that") || n.is_punct(':')) || quote_soon;
            if t.has(tag::BODY_VERB) && !body_subject && !introduces {
                continue;
            }
            if weak && t.has(tag::BODY_VERB) && !body_subject && !introduces && !bare_clause {
                continue;
            }
            founds.push(Found {
                cue: CueKind::Speech,
                who: Some(w),
                cue_span: Span::new(t.start, t.end),
                subordinate: subordinate(toks, v),
                quoted: false,
                weak: weak || t.has(tag::BODY_VERB),
            });
        }
        // Agentless cues: "reportedly", "it is believed", "media reports".
        for (i, n) in s.find_all(&lex.agentless) {
            if toks[i].quoted {
                continue;
            }
            founds.push(Found {
                cue: CueKind::Agentless,
                who: None,
                cue_span: Span::new(toks[i].start, toks[i + n - 1].end),
                subordinate: subordinate(toks, i),
                quoted: false,
                weak: false,
            });
        }
        // An unnamed class as the claim's subject: "Many analysts were upbeat", "Some believe".
        if founds.is_empty() {
            let first = toks.iter().position(|t| t.is_word());
            if let Some(f) = first.filter(|&f| !toks[f].quoted) {
                let noun = toks.get(f + 1).filter(|t| t.is_word());
                if toks[f].has(tag::VAGUE_DETERMINER)
                    && noun.is_some_and(|n| n.has(tag::VAGUE_NOUN) && n.lower.ends_with('s'))
                {
                    let end = f + 2;
                    founds.push(Found {
                        cue: CueKind::Agentless,
                        who: None,
                        cue_span: Span::new(toks[f].start, toks[end - 1].end),
                        subordinate: false,
                        quoted: false,
                        weak: true,
                    });
                }
            }
        }
        founds.sort_by_key(|f| f.cue_span.start);
        founds
    }

    /// Pick the attribution that decides the claim, and mark its source as a speaker.
    fn choose(
        &self,
        s: &Sentence,
        founds: &[Found],
        cast: &mut Cast,
        names: &mut Names,
        text_of: &dyn Fn(usize, usize) -> String,
    ) -> (Attribution, Option<usize>) {
        let role = |f: &Found| f.who.map(|w| cast.get(w).role);
        let speech = |f: &&Found| f.cue == CueKind::Speech && f.who.is_some();
        let first_speaker = founds
            .iter()
            .find(|f| speech(f) && !f.quoted)
            .and_then(|f| f.who);
        let pick = founds
            .iter()
            .find(|f| f.cue == CueKind::NoComment && !f.subordinate)
            .or_else(|| {
                founds
                    .iter()
                    .filter(speech)
                    .find(|f| !f.subordinate && !f.weak && role(f) != Some(Role::Outlet))
            })
            .or_else(|| {
                founds
                    .iter()
                    .filter(speech)
                    .find(|f| !f.subordinate && role(f) != Some(Role::Outlet))
            })
            .or_else(|| founds.iter().filter(speech).find(|f| !f.subordinate))
            .or_else(|| founds.iter().find(|f| f.cue == CueKind::NoComment))
            .or_else(|| founds.iter().find(speech))
            .or_else(|| founds.iter().find(|f| f.cue == CueKind::Agentless));
        let Some(f) = pick else {
            return (Attribution::none(), None);
        };
        let who = if f.cue == CueKind::NoComment && f.who.is_none() {
            first_speaker
        } else {
            f.who
        };
        let cue = Some(names.at(f.cue_span));
        // The outlet relaying the source: another cue's outlet, or an outlet named as the
        // recipient ("told NK News", "in an interview with NK News").
        let via_of = |who: Option<usize>| -> Option<String> {
            if who.is_some_and(|w| cast.get(w).role == Role::Outlet) {
                return None;
            }
            founds
                .iter()
                .filter_map(|g| g.who)
                .find(|&w| cast.get(w).role == Role::Outlet)
                .map(|w| cast.get(w).name.clone())
                .or_else(|| self.outlet_mentioned(s, text_of))
                .or_else(|| who.and_then(|w| cast.get(w).via.clone()))
        };
        let via = via_of(who);
        let att = match (f.cue, who) {
            (CueKind::Agentless, _) => Attribution {
                kind: Kind::Vague,
                source: cue.clone(),
                cue,
                cue_span: Some(f.cue_span),
                ..Attribution::none()
            },
            (c, Some(w)) => {
                let m = cast.get(w);
                let kind = if c == CueKind::NoComment {
                    Kind::NoComment
                } else {
                    kind_of(m.role)
                };
                Attribution {
                    kind,
                    source: Some(names.get(&m.name)),
                    via: via.as_deref().map(|v| names.get(v)),
                    cue,
                    cue_span: Some(f.cue_span),
                    role: role_of(m).map(|r| names.get(&r)),
                    ..Attribution::none()
                }
            }
            (_, None) => Attribution {
                kind: Kind::NoComment,
                via: via.as_deref().map(|v| names.get(v)),
                cue,
                cue_span: Some(f.cue_span),
                ..Attribution::none()
            },
        };
        if let Some(w) = who {
            let via = via.filter(|_| att.via.is_some());
            let m = cast.get(w).clone();
            let mut m2 = m;
            m2.spoke = true;
            m2.last_seen = m2.last_seen.max(cast::seen_at(s.index, 0));
            if m2.via.is_none() {
                m2.via = via;
            }
            cast.meet(m2);
        }
        (att, who)
    }

    /// An outlet named outside quotation marks, e.g. the recipient in "told NK News".
    fn outlet_mentioned(
        &self,
        s: &Sentence,
        text_of: &dyn Fn(usize, usize) -> String,
    ) -> Option<String> {
        let toks = s.toks;
        for (i, n) in s.find_all(&self.lex.outlets) {
            if toks[i].quoted {
                continue;
            }
            let before = i.checked_sub(1).map(|p| toks[p].lower.as_ref());
            let before = match before {
                Some("the") => i.checked_sub(2).map(|p| toks[p].lower.as_ref()),
                b => b,
            };
            if matches!(before, Some("told" | "with" | "to" | "tells" | "tell")) {
                let name = text_of(toks[i].start, toks[i + n - 1].end);
                return Some(name);
            }
        }
        None
    }

    /// Persons and organizations named in passing, so that a later "Cook declined" or "he said"
    /// can point back to them.
    fn meet_mentions(
        &self,
        s: &Sentence,
        cast: &mut Cast,
        text_of: &dyn Fn(usize, usize) -> String,
    ) {
        let toks = s.toks;
        let mut i = 0;
        while i < toks.len() {
            if !s.is_proper(i) || toks[i].quoted {
                i += 1;
                continue;
            }
            let mut e = i + 1;
            while e < toks.len() && (toks[e].is_cap() && !toks[e - 1].possessive) {
                e += 1;
            }
            // A run after "in", "at", "from" is most often a place ("in New York").
            let after_prep = i > 0
                && matches!(
                    toks[i - 1].lower.as_ref(),
                    "in" | "at"
                        | "from"
                        | "to"
                        | "near"
                        | "across"
                        | "into"
                        | "of"
                        | "on"
                        | "outside"
                        | "inside"
                );
            let known_first = toks[i].has(tag::MALE_NAME) || toks[i].has(tag::FEMALE_NAME);
            let place = self.lex.places.match_at(toks, i).is_some();
            // A known person named again by surname ("Trump has record low support") is
            // nearer for "he" than a speaker from paragraphs ago.
            if e - i == 1 && !s.title_case {
                if let Some(k) = cast.person_by_key(&cast::key_of_token(&toks[i])) {
                    cast.touch(k, cast::seen_at(s.index, i));
                }
            }
            if e - i >= 2 && !s.title_case && !place {
                if let Some(Who::New(n)) = classify(s, &self.lex, cast, text_of, (i, e), None) {
                    let person_ok = n.role != Role::Person || !after_prep || known_first;
                    if matches!(n.role, Role::Person | Role::Organization | Role::Outlet)
                        && person_ok
                    {
                        cast.meet(member(n, cast::seen_at(s.index, i)));
                    }
                }
            }
            i = e;
        }
    }

    /// Give every sentence of a multi-sentence quotation its speaker, and a wholly quoted
    /// sentence after an attributed quotation the same speaker.
    fn carry_quotations(&self, out: &mut [Attribution], cast: &Cast) {
        let n = out.len();
        let shape = |out: &[Attribution], k: usize| out[k].shape;
        // The claim before spoke through a source that can go on speaking in a quotation.
        let fits = |prev: &Attribution| {
            matches!(
                prev.kind,
                Kind::Named | Kind::Anonymous | Kind::Organization
            ) && prev
                .speaker
                .is_some_and(|w| cast.get(w as usize).role != Role::Vague)
        };
        let mut i = 0;
        while i < n {
            // A run of claims linked by an open quotation.
            let mut j = i;
            while j + 1 < n && shape(out, j).open_at_end && shape(out, j + 1).continues {
                j += 1;
            }
            if j > i {
                let group = i..=j;
                let speaker = group
                    .clone()
                    .filter(|&k| shape(out, k).direct)
                    .find(|&k| {
                        out[k].kind != Kind::Relayed
                            && out[k].kind != Kind::Vague
                            && out[k].kind != Kind::Unattributed
                    })
                    .or_else(|| group.clone().find(|&k| shape(out, k).direct));
                if speaker.is_none() && i > 0 && shape(out, i).quote_only && fits(&out[i - 1]) {
                    let prev = out[i - 1].clone();
                    for m in group.clone() {
                        if out[m].kind == Kind::Unattributed || unresolved_pronoun(&out[m]) {
                            out[m].inherit(&prev, true);
                        }
                    }
                }
                if let Some(k) = speaker {
                    let via = out[k].via.clone().or_else(|| {
                        group
                            .clone()
                            .find(|&m| out[m].kind == Kind::Relayed)
                            .and_then(|m| out[m].source.clone())
                    });
                    let mut base = out[k].clone();
                    base.via = via.clone();
                    for m in group.clone() {
                        let own = &out[m];
                        let replace = !own.shape.direct
                            || (own.kind == Kind::Relayed && base.kind != Kind::Relayed);
                        if replace {
                            out[m].inherit(&base, m != k);
                        } else if m == k {
                            out[m].via = via.clone();
                        }
                    }
                }
                i = j + 1;
                continue;
            }
            // A wholly quoted sentence right after an attributed one.
            if i > 0
                && shape(out, i).quote_only
                && !shape(out, i).direct
                && (out[i].kind == Kind::Unattributed || unresolved_pronoun(&out[i]))
                && fits(&out[i - 1])
            {
                let prev = out[i - 1].clone();
                out[i].inherit(&prev, true);
            }
            i += 1;
        }
    }
}

/// An attribution to "he" or "she" that no one in the cast fitted.
fn unresolved_pronoun(a: &Attribution) -> bool {
    a.kind == Kind::Named
        && a.source
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case("he") || s.eq_ignore_ascii_case("she"))
}

/// Verbs that make a communication act whoever their subject is.
const STRONG: &[&str] = &[
    "said",
    "says",
    "say",
    "saying",
    "told",
    "tells",
    "tell",
    "wrote",
    "writes",
    "added",
    "adds",
    "stated",
    "explained",
];

/// Where the subject of the clause that holds token `v` starts: after the last quotation mark,
/// `;` or `:` before it, past leading conjunctions and a dateline ("WASHINGTON —").
fn clause_subject_start(toks: &[Token], v: usize) -> Option<usize> {
    let from = v.saturating_sub(source::WINDOW);
    let mut k = (from..v)
        .rev()
        .find(|&q| toks[q].is_quote() || toks[q].is_punct(';') || toks[q].is_punct(':'))
        .map_or(from, |q| q + 1);
    while k < v {
        let t = &toks[k];
        let dateline = t.is_word()
            && t.text.chars().all(|c| !c.is_lowercase())
            && toks
                .get(k + 1)
                .is_some_and(|n| n.is_punct('—') || n.is_punct('-') || n.is_punct('–'));
        if !t.is_word()
            || dateline
            || matches!(
                t.lower.as_ref(),
                "but"
                    | "and"
                    | "however"
                    | "meanwhile"
                    | "still"
                    | "yet"
                    | "so"
                    | "also"
                    | "now"
                    | "then"
            )
        {
            k += 1;
        } else {
            break;
        }
    }
    (k < v).then_some(k)
}

/// Verbs of thinking that report a stance with a bare clause after them.
const COGNITION: &[&str] = &[
    "believe",
    "believes",
    "think",
    "thinks",
    "agree",
    "agreed",
    "agrees",
    "suspect",
    "suspects",
    "expect",
    "expects",
    "expected",
    "reckon",
    "reckons",
    "fear",
    "fears",
    "feel",
    "feels",
    "estimated",
    "estimates",
    "argued",
    "argue",
    "argues",
    "predicted",
    "predicts",
    "warned",
    "warns",
];

/// A person's role for the report: the first title that says what they do ("professor",
/// "spokesman"), not a courtesy title ("mr").
fn role_of(m: &cast::Member) -> Option<String> {
    if m.role != Role::Person {
        return None;
    }
    // The fullest description: an appositive ("the agency's chief engineer") over a title.
    let courtesy = [
        "mr",
        "mrs",
        "ms",
        "miss",
        "sir",
        "dame",
        "lord",
        "lady",
        "former",
        "vice",
        "then-candidate",
        "chief",
        "head",
        "deputy",
        "senior",
        "acting",
    ];
    m.titles
        .iter()
        .filter(|t| !courtesy.contains(&t.as_str()))
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

/// Is token `i` inside a relative clause opened by ", who" or ", which" and not yet closed?
fn subordinate(toks: &[Token], i: usize) -> bool {
    let mut k = i;
    let stop = i.saturating_sub(source::WINDOW);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::segment;

    fn run(text: &str) -> Vec<(Kind, Option<String>)> {
        let a = Attributor::new(&RulePack::builtin());
        let spans = segment(text);
        a.attribute(text, spans)
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
}
