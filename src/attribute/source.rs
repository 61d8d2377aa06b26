//! Finding the source phrase around a cue and deciding what it names.
//!
//! The phrase is the noun phrase before the cue verb (`Andrei Lankov, a professor at Kookmin
//! University, said`), after it (`"...," said one London-based broker`), or after a frame
//! (`according to the source`). What it names — a person, an organization, an outlet, an
//! unnamed insider or a vague group — comes from capitalisation, titles and the pack's lexicons,
//! and pronouns and role nouns resolve against the article's [`Cast`].

use super::cast::{Cast, Gender, Member, Role};
use super::lexicon::{tag, Lexicon, PhraseSet};
use super::tokens::Token;

/// A title in its full form, so that "Sen. Sanders" is found again as "the senator".
fn title_word(t: &str) -> String {
    let t = t.trim_end_matches('.');
    match t {
        "sen" => "senator",
        "rep" => "representative",
        "gov" => "governor",
        "gen" => "general",
        "pres" => "president",
        "prof" => "professor",
        "dr" => "doctor",
        "lt" => "lieutenant",
        "col" => "colonel",
        "capt" => "captain",
        "sgt" => "sergeant",
        "adm" => "admiral",
        "rev" => "reverend",
        "atty" => "attorney",
        "supt" => "superintendent",
        "det" => "detective",
        other => other,
    }
    .to_string()
}

/// A person's name without a generational suffix ("John G. Roberts Jr." → "John G. Roberts"):
/// the shortest form that identifies them.
/// Cut in place: the name is always a prefix of what it was, so no new string is made.
fn without_suffix(mut name: String) -> String {
    let mut n = name.trim_end();
    for suf in [" Jr.", " Jr", " Sr.", " Sr", " II", " III", " IV"] {
        if let Some(stem) = n.strip_suffix(suf) {
            n = stem.trim_end_matches(',');
            break;
        }
    }
    let len = n.len();
    name.truncate(len);
    name
}

pub fn is_stop(t: &Token) -> bool {
    t.has(tag::STOP)
}

pub fn is_det(t: &Token) -> bool {
    t.has(tag::DETERMINER)
}

fn is_prep(t: &Token) -> bool {
    t.has(tag::PREP) && !t.is_cap()
}

pub fn is_adverb(t: &Token) -> bool {
    let l = &t.lower;
    !t.is_cap()
        && l.len() > 4
        && l.ends_with("ly")
        && !matches!(
            l.as_ref(),
            "family"
                | "ally"
                | "early"
                | "daily"
                | "only"
                | "italy"
                | "assembly"
                | "supply"
                | "rally"
                | "reply"
                | "july"
        )
}

/// A claim's tokens with what the source finder needs to know about the sentence.
pub struct Sentence<'s, 'a> {
    pub toks: &'s [Token<'a>],
    /// Most words are capitalised: a headline in title case, where capitals tell nothing.
    pub title_case: bool,
    /// Index of the claim in the article.
    pub index: usize,
    /// Index of the first word token (tokens before it are punctuation).
    pub first_word: usize,
    /// The [`tag`] bits of all its tokens together: a list none of its words is in needs no
    /// search.
    pub tags: u64,
}

impl Sentence<'_, '_> {
    /// A capitalised word that is a name rather than a common word at the start of a sentence
    /// or in a title-case headline.
    /// Every phrase of `set` in the sentence (see [`PhraseSet::find_all`]).
    pub fn find_all(&self, set: &PhraseSet) -> Vec<(usize, usize)> {
        self.find_all_in(set, 0, self.toks.len())
    }

    /// Every phrase of `set` in `toks[from..to]`; none without a search when no word of the
    /// sentence starts one.
    pub fn find_all_in(&self, set: &PhraseSet, from: usize, to: usize) -> Vec<(usize, usize)> {
        if self.tags & set.bit() == 0 {
            return Vec::new();
        }
        set.find_all(self.toks, from, to)
    }

    /// Asked of nearly every token (a mention scan walks them all): the common answer, a word
    /// with no capital, is given inline.
    #[inline]
    pub fn is_proper(&self, i: usize) -> bool {
        self.toks[i].is_cap() && self.is_proper_cap(i)
    }

    /// [`Sentence::is_proper`] of a capitalised word.
    fn is_proper_cap(&self, i: usize) -> bool {
        let t = &self.toks[i];
        let first = i <= self.first_word;
        let common = t.has(tag::COMMON_WORD)
            || t.has(tag::STOP)
            || t.has(tag::DETERMINER)
            || t.has(tag::PREP);
        if (first || self.title_case) && common {
            return false;
        }
        // All-capitals common words in a headline ("OFFICIALS SAY") are not names either.
        !(common && t.text.chars().all(|c| !c.is_lowercase()))
    }
}

/// How far back any scan from a cue may look, in tokens: it keeps every step linear in the
/// length of a sentence, however long (a 1 MB "sentence" with no punctuation is still a claim).
pub const WINDOW: usize = 64;

/// A token range `[start, end)`.
pub type Range = (usize, usize);

/// A source phrase, and the appositive or relative clause that belongs to it.
pub type Subject = (Range, Option<Range>);

/// The subject noun phrase before a verb at `v`, as a token range, plus the range of an
/// appositive or relative clause between it and the verb. `None` when the verb has no subject on
/// its left (it follows a quotation or a comma that is not an appositive's).
pub fn subject_before(s: &Sentence, v: usize) -> Option<Subject> {
    let toks = s.toks;
    let mut j = v;
    while j > 0
        && toks[j - 1].is_word()
        && (toks[j - 1].has(tag::SKIP_LEFT) || is_adverb(&toks[j - 1]))
    {
        j -= 1;
    }
    if j == 0 {
        return None;
    }
    let t = &toks[j - 1];
    if (t.is("who") || t.is("which")) && j >= 2 && toks[j - 2].is_punct(',') {
        return antecedent(s, j - 2, (j - 1, v));
    }
    if t.is_punct(',') {
        // "Donna Rawlings, 59, of Ashton, Md., who watched, said": a name that opens the
        // clause and is followed by a comma is the subject of a verb after a comma.
        let c0 = (j.saturating_sub(WINDOW)..j - 1)
            .rev()
            .find(|&q| toks[q].is_quote() || toks[q].is_punct(';') || toks[q].is_punct(':'))
            .map_or(0, |q| q + 1);
        let mut a = c0;
        while a < j - 1 && toks[a].is_word() && is_det(&toks[a]) {
            a += 1;
        }
        let mut e = a;
        while e < j - 1
            && !toks[e].has(tag::TIME_WORD)
            && (s.is_proper(e) || e > a && (toks[e].is_cap() || toks[e].has(tag::PARTICLE)))
        {
            e += 1;
        }
        if e > a && e + 1 < j - 1 && toks[e].is_punct(',') && !toks[a].quoted && e - a <= 5 {
            return Some(((a, e), Some((e + 1, j - 1))));
        }
    }
    if t.is_punct(',') || t.is_punct(')') || t.is_punct('—') || t.is_punct('–') {
        // An appositive: "X, a professor at Y, said" / "X, who ..., said" / "X (R-Texas) said".
        let close = j - 1;
        let open_char = if t.is_punct(')') {
            '('
        } else {
            t.text.chars().next().unwrap_or(',')
        };
        let mut k = close;
        let mut found = None;
        while k > 0 && close - k < 40 {
            k -= 1;
            let u = &toks[k];
            if u.is_quote() || u.is_punct(';') || u.is_punct(':') {
                break;
            }
            if u.is_punct(open_char) || (open_char == ',' && (u.is_punct('—') || u.is_punct('–')))
            {
                found = Some(k);
                break;
            }
        }
        let k = found?;
        // "Rep. Jim Jordan (R-Ohio), a member, said": the name stands before the parenthesis.
        let name_end = if k >= 2 && toks[k - 1].is_punct(')') {
            (0..k - 1)
                .rev()
                .take(8)
                .find(|&q| toks[q].is_punct('('))
                .unwrap_or(k)
        } else {
            k
        };
        if k + 1 >= close || name_end == 0 || !toks[name_end - 1].is_word() {
            return None;
        }
        let first = &toks[k + 1];
        let appositive = t.is_punct(')')
            || matches!(
                first.lower.as_ref(),
                "a" | "an"
                    | "the"
                    | "who"
                    | "which"
                    | "whose"
                    | "its"
                    | "his"
                    | "her"
                    | "their"
                    | "now"
                    | "then"
                    | "former"
                    | "also"
                    | "another"
                    | "one"
                    | "both"
                    | "currently"
                    | "formerly"
                    | "once"
                    | "himself"
                    | "herself"
                    | "until"
                    | "like"
                    | "chief"
                    | "senior"
                    | "deputy"
                    | "executive"
                    | "acting"
                    | "longtime"
                    | "interim"
                    | "of"
                    | "from"
                    | "based"
                    | "age"
                    | "aged"
            )
            || first
                .text
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit())
            || first.has(tag::ROLE_START)
            || close - k == 2
                && crate::segment::STATE_ABBREVIATIONS.contains(&first.lower.trim_end_matches('.'))
            || (first.text.contains('-')
                && first.text.chars().filter(|c| c.is_uppercase()).count() >= 1
                && close - k <= 3)
            || toks[k + 1..close]
                .iter()
                .any(|u| u.is("of") || u.is("at") || u.is("for"))
                && toks[k + 1].is_cap();
        let relative = matches!(first.lower.as_ref(), "who" | "which" | "whose");
        let finite = toks[k + 1..close].iter().any(|u| {
            matches!(
                u.lower.as_ref(),
                "is" | "was" | "are" | "were" | "has" | "have" | "had" | "will" | "would"
            )
        });
        // An interjection between subject and verb: "X, when asked about it, said".
        let participle = first.lower.ends_with("ing") && first.lower.len() > 5 && !first.is_cap();
        let interjection = participle
            || matches!(
                first.lower.as_ref(),
                "when"
                    | "while"
                    | "after"
                    | "asked"
                    | "speaking"
                    | "in"
                    | "on"
                    | "at"
                    | "however"
                    | "too"
                    | "though"
                    | "during"
                    | "responding"
                    | "reached"
                    | "contacted"
                    | "writing"
                    | "meanwhile"
                    | "separately"
                    | "moreover"
                    | "instead"
                    | "therefore"
                    | "likewise"
            );
        if !(relative || interjection || appositive && !finite) {
            let seg = &toks[k + 1..close];
            if !seg.is_empty()
                && seg.len() <= 5
                && seg.iter().all(|u| u.is_cap() || u.has(tag::PARTICLE))
            {
                // "The charity's director, Barbara Stocking, said": the role before the name
                // describes the person.
                let role = np_before(s, k).filter(|&(x, y)| {
                    y > x && toks[y - 1].has(tag::PERSON_ROLE) && !toks[y - 1].is_cap()
                });
                return Some(((k + 1, close), role));
            }
            return None;
        }
        let mut np = np_before(s, name_end)?;
        // A chain of appositives: "Donna Rawlings, 59, of Ashton, Md., who watched, said".
        let mut depth = 0;
        loop {
            let mut start = np.0;
            if start >= 1 && matches!(toks[start - 1].lower.as_ref(), "of" | "from" | "in") {
                start -= 1;
            }
            if !(start >= 2
                && toks[start - 1].is_punct(',')
                && toks[start - 2].is_word()
                && depth < 4)
            {
                break;
            }
            let Some(prev) = np_before(s, start - 1) else {
                break;
            };
            let seg_first = &toks[start];
            let chain = seg_first.text.starts_with(|c: char| c.is_ascii_digit())
                || matches!(
                    seg_first.lower.as_ref(),
                    "of" | "from" | "a" | "an" | "the" | "who"
                )
                || np.1 - np.0 <= 2
                    && toks[np.0].is_cap()
                    && crate::segment::STATE_ABBREVIATIONS
                        .iter()
                        .any(|st| toks[np.0].lower.trim_end_matches('.') == *st);
            if !chain || !toks[prev.0].is_cap() {
                break;
            }
            np = prev;
            depth += 1;
        }
        return Some((np, Some((k + 1, close))));
    }
    if !t.is_word() || t.quoted {
        return None;
    }
    // A relative clause without commas: "an official who requested anonymity told ...".
    let mut w = j;
    while w > 0 && j - w < 10 {
        w -= 1;
        let u = &toks[w];
        if !u.is_word() || u.quoted {
            break;
        }
        if u.is("who") {
            if w > 0 && toks[w - 1].is_word() && !is_stop(&toks[w - 1]) {
                let np = np_before(s, w)?;
                return Some((np, Some((w, j))));
            }
            // "Curiel, who through his office declined to comment": the name before the comma.
            if w > 1 && toks[w - 1].is_punct(',') {
                return antecedent(s, w - 1, (w, j));
            }
            break;
        }
    }
    let np = np_before(s, j)?;
    Some((np, None))
}

/// The antecedent of ", who ...": the name before the comma at `comma`, stepping over one
/// appositive ("Staunton, 49, who told ..."). `clause` is the relative clause.
fn antecedent(s: &Sentence, comma: usize, clause: Range) -> Option<Subject> {
    let toks = s.toks;
    let mut c = comma;
    if let Some(k) = (c.saturating_sub(8)..c)
        .rev()
        .find(|&k| toks[k].is_punct(','))
    {
        if k > 0
            && toks[k - 1].is_word()
            && (toks[k + 1].text.starts_with(|ch: char| ch.is_ascii_digit())
                || is_det(&toks[k + 1]))
        {
            c = k;
        }
    }
    let mut a = c;
    while a > 0
        && toks[a - 1].is_word()
        && (toks[a - 1].is_cap() || toks[a - 1].has(tag::PARTICLE))
        && c - a < 5
    {
        a -= 1;
    }
    if a < c {
        return Some(((a, c), Some(clause)));
    }
    np_before(s, c).map(|np| (np, Some(clause)))
}

/// The noun phrase that ends just before token `e`, walking left.
pub fn np_before(s: &Sentence, e: usize) -> Option<(usize, usize)> {
    let toks = s.toks;
    let mut a = e;
    while a > 0 {
        let t = &toks[a - 1];
        if !t.is_word() || t.quoted {
            break;
        }
        if is_pronoun(&t.lower) && !t.possessive {
            if a == e {
                a -= 1;
            }
            break;
        }
        if is_det(t) && !t.is_cap() || is_det(t) && a - 1 == 0 {
            a -= 1;
            // "people familiar with the matter": a determiner after a preposition goes on.
            if a >= 2
                && is_prep(&toks[a - 1])
                && toks[a - 2].is_word()
                && !is_stop(&toks[a - 2])
                && e - a < 8
            {
                a -= 1;
                continue;
            }
            break;
        }
        if is_prep(t) {
            if a == e || a < 2 || !toks[a - 2].is_word() || is_stop(&toks[a - 2]) || e - a >= 8 {
                break;
            }
            a -= 1;
            continue;
        }
        let and_joins = t.is("and")
            && a < e
            && toks[a].is_cap()
            && a >= 2
            && toks[a - 2].is_cap()
            && !toks[a - 2].possessive;
        if is_stop(t) && !and_joins && !(t.is_cap() && !s.title_case && a - 1 > 0) {
            break;
        }
        if t.lower == "said" || t.lower == "says" || t.lower == "told" {
            break;
        }
        a -= 1;
        if e - a >= 12 {
            break;
        }
    }
    // Leading prepositions belong to no phrase.
    while a < e && is_prep(&toks[a]) {
        a += 1;
    }
    (a < e).then_some((a, e))
}

/// The noun phrase that starts at token `b`, walking right (for `said Rep. Smith`,
/// `according to the source`).
pub fn np_after(s: &Sentence, b: usize, lex: &Lexicon) -> Option<(usize, usize)> {
    let toks = s.toks;
    let mut e = b;
    while e < toks.len() {
        let t = &toks[e];
        if !t.is_word() || (t.quoted && !toks[b].quoted) {
            break;
        }
        // "a study by Harvard", "a study by consultants Marlow Data".
        let by_name = t.is("by")
            && e > b
            && (toks.get(e + 1).is_some_and(|n| n.is_cap() || is_det(n))
                || toks.get(e + 2).is_some_and(|n| n.is_cap()) && toks[e + 1].is_word());
        // "Democratic and independent analysts", "Elan and Biogen Idec".
        let and_joins = t.is("and")
            && e > b
            && toks
                .get(e + 1)
                .is_some_and(|n| n.is_word() && !is_det(n) && !is_stop(n) && !is_pronoun(&n.lower));
        // Nouns that are also speech verbs ("state press reports") stay in the phrase.
        let verb_form = matches!(
            t.lower.as_ref(),
            "said" | "says" | "say" | "told" | "tells" | "tell" | "wrote" | "writes"
        ) || t.lower.ends_with("ed");
        if e > b
            && !by_name
            && !and_joins
            && (is_stop(t) && !t.is_cap() || t.has(tag::SPEECH_VERB) && !t.is_cap() && verb_form)
        {
            break;
        }
        if e == b && is_stop(t) && !is_pronoun(&t.lower) {
            break;
        }
        if e > b && is_pronoun(&t.lower) {
            break;
        }
        if e > b && t.has(tag::TIME_WORD) && !t.is_cap() {
            break;
        }
        if e > b && is_prep(t) {
            let next = toks.get(e + 1);
            let ok = next.is_some_and(|n| {
                n.is_word()
                    && (is_det(n) || n.is_cap())
                    && !n.has(tag::TIME_WORD)
                    && lex.statement_nouns.match_at(toks, e + 2).is_none()
                    && lex.statement_nouns.match_at(toks, e + 1).is_none()
            });
            if !ok || e - b >= 8 {
                break;
            }
        }
        if t.has(tag::TIME_WORD) && t.is_cap() && e > b {
            break;
        }
        e += 1;
        if is_pronoun(&t.lower) && e == b + 1 {
            break;
        }
        if e - b >= 12 {
            break;
        }
    }
    (e > b).then_some((b, e))
}

pub fn is_pronoun(w: &str) -> bool {
    matches!(
        w,
        "he" | "she" | "they" | "it" | "i" | "we" | "you" | "him" | "her" | "them" | "us" | "me"
    )
}

/// What a phrase names, ready to meet the cast.
#[derive(Debug, Clone)]
pub struct Named {
    pub role: Role,
    pub name: String,
    pub titles: Vec<String>,
    pub gender: Option<Gender>,
    pub plural: bool,
}

/// The result of classifying a phrase: a new member or one the cast already has.
#[derive(Debug, Clone)]
pub enum Who {
    New(Named),
    Known(usize),
}

/// Join the text of tokens `a..b` as written (from the first token's start to the last's end).
pub fn span_text(
    toks: &[Token],
    text_of: &dyn Fn(usize, usize) -> String,
    a: usize,
    b: usize,
) -> String {
    if a >= b {
        return String::new();
    }
    text_of(toks[a].start, toks[b - 1].end)
}

/// Decide what the phrase `toks[a..b]` names. `extra` is an appositive or relative clause that
/// belongs to it (anonymity markers and role nouns are read there too).
pub fn classify(
    s: &Sentence,
    lex: &Lexicon,
    cast: &Cast,
    text_of: &dyn Fn(usize, usize) -> String,
    (a, b): (usize, usize),
    extra: Option<(usize, usize)>,
) -> Option<Who> {
    let toks = s.toks;
    let mut a = a;
    while a < b && (is_prep(&toks[a]) || toks[a].is("by")) {
        a += 1;
    }
    if a >= b {
        return None;
    }
    // Pronouns.
    if b - a == 1 && is_pronoun(&toks[a].lower) {
        let now = s.index;
        return match toks[a].lower.as_ref() {
            // A "he" or "she" with no one to point back to is still a person speaking.
            "he" | "him" => cast
                .resolve_person(Some(Gender::Male), now)
                .map(Who::Known)
                .or_else(|| unresolved(toks[a].text, Gender::Male)),
            "she" | "her" => cast
                .resolve_person(Some(Gender::Female), now)
                .map(Who::Known)
                .or_else(|| unresolved(toks[a].text, Gender::Female)),
            "they" | "them" => cast
                .last_speaker(&[
                    Role::Organization,
                    Role::Anonymous,
                    Role::Vague,
                    Role::Outlet,
                    Role::Person,
                ])
                .map(Who::Known),
            "it" => cast
                .last_speaker(&[Role::Organization, Role::Outlet])
                .map(Who::Known),
            _ => None,
        };
    }
    // "Two-thirds of Democratic insiders", "most of the analysts": the group after "of".
    if b - a >= 3
        && toks[a + 1].is("of")
        && (toks[a].has(tag::QUANTITY)
            || toks[a].lower.ends_with("-thirds")
            || toks[a].lower.ends_with("percent"))
    {
        return classify(s, lex, cast, text_of, (a + 2, b), extra);
    }
    // The head region ends at the first preposition after the first word.
    let p = (a + 1..b)
        .find(|&i| is_prep(&toks[i]) || toks[i].is("who") || toks[i].is("by"))
        .unwrap_or(b);
    let h = p - 1;
    let head = &toks[h];
    let dets: Vec<&str> = toks[a..p]
        .iter()
        .take_while(|t| is_det(t))
        .map(|t| t.lower.as_ref())
        .collect();
    let definite = dets.iter().any(|d| {
        matches!(
            *d,
            "the" | "this" | "these" | "those" | "its" | "their" | "his" | "her"
        )
    });
    let body_start = a + dets.len();
    let whole = || span_text(toks, text_of, a, b);
    let core = || {
        let start = a + dets.iter().take_while(|d| **d == "the").count();
        span_text(toks, text_of, start, p)
    };

    let markers = s.find_all_in(&lex.anonymity, a, b).len()
        + extra.map_or(0, |(x, y)| s.find_all_in(&lex.anonymity, x, y).len());
    let mut titles: Vec<String> = Vec::new();
    if let Some((x, y)) = extra {
        for t in &toks[x..y] {
            if t.has(tag::PERSON_ROLE) && !titles.iter().any(|x| *x == t.lower) {
                titles.push(title_word(&t.lower));
            }
        }
        // The appositive describes the source, with or without a known role noun ("Tomas
        // Reyes, a shipping consultant, said"): it is the role the report shows.
        let first = &toks[x];
        // "Shami Chakrabarti, from human rights group Liberty", "Mark Miller, at HBOS".
        let affiliation =
            (first.is("from") || first.is("at") || first.is("of") || first.is("with"))
                && toks.get(x + 1).is_some_and(|n| n.is_cap() || is_det(n));
        let describes = is_det(first)
            || first.is_cap()
            || first.is("who")
            || first.has(tag::PERSON_ROLE)
            || affiliation;
        if describes && y - x <= 14 {
            titles.push(span_text(toks, text_of, x, y));
        }
    }

    // "Director of television Jana Bennett", "Real Madrid director of sport Emilio Butragueno":
    // a title with its "of"-tail, then the person's name.
    if p < b && is_title_or_role(head) {
        if let Some(who) = name_after_title_tail(s, lex, cast, text_of, p, b, &head.lower) {
            return Some(who);
        }
    }
    // An outlet named in the head: "NK News", "a CNN tally", "the Financial Times".
    for i in a..p {
        if let Some(n) = lex.outlets.match_at(toks, i) {
            let end = i + n;
            let person_after =
                (end..p).any(|k| s.is_proper(k) && lex.outlets.match_at(toks, k).is_none());
            if !person_after && (end == p || !s.is_proper(p - 1)) {
                let name = without_possessive(span_text(toks, text_of, i, end));
                return fresh(Role::Outlet, name, titles, false);
            }
        }
    }

    if s.is_proper(h) {
        // The run of capitalised words that ends at the head.
        let mut r = h;
        while r > body_start {
            let u = &toks[r - 1];
            if (s.is_proper(r - 1) || u.is_cap() && r - 1 > a) && !u.possessive
                || u.has(tag::PARTICLE) && r - 1 > body_start
            {
                r -= 1;
            } else {
                break;
            }
        }
        // "Bank of England", "Department of Justice": an organization's "of"-tail.
        let mut end = p;
        let org_word = |k: usize| lex.organization_words.contains(toks[k].base());
        let run_has_org = (r..p).any(org_word);
        if p < b && toks[p].is("of") && run_has_org {
            let mut k = p + 1;
            while k < b
                && (toks[k].is_cap()
                    || toks[k].is("the")
                    || toks[k].is("and")
                    || toks[k].is_punct('&'))
            {
                k += 1;
            }
            if k > p + 1 {
                end = k;
            }
        }
        let head_base = head.base();
        let outlet_like = lex.ends_like_outlet(head_base)
            && !(r..end)
                .any(|k| org_word(k) && !lex.outlet_suffixes.iter().any(|x| x == toks[k].base()));
        if outlet_like && (end - r >= 2 || head_base.contains('-')) {
            let start = if dets.first() == Some(&"the") {
                a + 1
            } else {
                r
            };
            let name = span_text(toks, text_of, start.min(r), end);
            return fresh(Role::Outlet, name, titles, false);
        }
        // A title inside the run splits it: "Ohio Democratic Party Chairman David Pepper",
        // "NYPD Commissioner James O'Neill" name a person of that body.
        if let Some(t) = (r..p.saturating_sub(1)).rev().find(|&k| {
            let l = toks[k].lower.trim_end_matches('.');
            lex.person_titles.contains(l) && !matches!(l, "former" | "vice" | "chief" | "head")
        }) {
            if t > r
                && p - t >= 2
                && (t + 1..p).all(|k| toks[k].is_cap() || toks[k].has(tag::PARTICLE))
            {
                let mut gender = None;
                if p - t >= 3 {
                    gender = gender_of_first_name(&toks[t + 1]);
                }
                let name = without_possessive(span_text(toks, text_of, t + 1, p));
                if p - t == 2 {
                    if let Some(i) = cast.person_by_name(&name) {
                        return Some(Who::Known(i));
                    }
                }
                for u in &toks[r..=t] {
                    let l = u.lower.trim_end_matches('.');
                    if lex.person_titles.contains(l) || lex.person_roles.contains(l) {
                        titles.push(title_word(l));
                    }
                }
                let name = without_suffix(name);
                return Some(Who::New(Named {
                    role: Role::Person,
                    name,
                    titles,
                    gender,
                    plural: false,
                }));
            }
        }
        // A run of titles alone ("the Prime Minister", "the Cardinal"): the person the article
        // gave that title, or the name in the appositive after it ("The Lord Chief Justice,
        // Lord Woolf, said").
        if !run_has_org && (r..p).all(|k| is_title_or_role(&toks[k])) {
            if let Some(who) = titled_person(s, lex, cast, text_of, &head.lower, extra) {
                return Some(who);
            }
        }
        // Known organizations and organization words.
        let is_org = (r..end).any(|k| lex.organizations.match_at(toks, k).is_some())
            // The run up to `p` was asked above.
            || run_has_org
            || (p..end).any(org_word)
            || (r..p).any(|k| is_acronym(toks[k].base()));
        let head_lower: &str = &head.lower;
        if head.has(tag::VAGUE_NOUN) && !head.has(tag::ANONYMOUS_NOUN) && !is_org {
            return fresh(Role::Vague, core(), titles, true);
        }
        if head.has(tag::ANONYMOUS_NOUN) && head_lower.ends_with('s') && !is_org
            || markers > 0 && head.has(tag::ANONYMOUS_NOUN)
        {
            return fresh(Role::Anonymous, core(), titles, head_lower.ends_with('s'));
        }
        if is_org {
            let name = without_possessive(span_text(toks, text_of, r, end));
            if let Some(i) = cast.body_by_name(&name) {
                return Some(Who::Known(i));
            }
            return fresh(Role::Organization, name, titles, false);
        }
        // "Web tracking company Envisional", "hedge fund Atticus Capital": a body noun right
        // before the name.
        let described_as_body = r > body_start && !toks[r].has(tag::PERSON_TITLE) && {
            let d = &toks[r - 1];
            d.has(tag::BODY_NOUN)
                && !d.is_cap()
                && !d.has(tag::SPOKES_NOUN)
                && !d.has(tag::PERSON_ROLE)
        };
        if described_as_body {
            let name = without_possessive(span_text(toks, text_of, r, end));
            if let Some(i) = cast.body_by_name(&name) {
                return Some(Who::Known(i));
            }
            return fresh(Role::Organization, name, titles, false);
        }
        // A person: titles before the name are dropped.
        let mut n0 = r;
        let mut gender = None;
        let descriptor = toks.get(body_start..r).unwrap_or_default();
        for t in descriptor {
            if t.has(tag::PERSON_ROLE) || t.has(tag::PERSON_TITLE) {
                titles.push(title_word(&t.lower));
            }
        }
        // "IAAF chief Lamine Diack", "Labour MP Tom Rees", "Ethiopia's Kenenisa Bekele": the
        // words before the name describe the person, the body they speak for included.
        let affiliated = descriptor.iter().any(|t| t.possessive && t.is_cap());
        if descriptor.len() >= 2 && descriptor.iter().any(is_title_or_role) || affiliated {
            titles.push(span_text(toks, text_of, body_start, r));
        }
        while n0 < p - 1 && toks[n0].has(tag::PERSON_TITLE) {
            match toks[n0].lower.trim_end_matches('.') {
                "mr" | "sir" | "lord" | "king" | "prince" | "father" => gender = Some(Gender::Male),
                "mrs" | "ms" | "miss" | "dame" | "lady" | "queen" | "princess" => {
                    gender = Some(Gender::Female)
                }
                _ => {}
            }
            titles.push(title_word(&toks[n0].lower));
            n0 += 1;
        }
        if gender.is_none() && p - n0 >= 2 {
            gender = gender_of_first_name(&toks[n0]);
        }
        let name = without_possessive(span_text(toks, text_of, n0, p));
        if p - n0 == 1 {
            if let Some(i) = cast.person_by_name(&name) {
                return Some(Who::Known(i));
            }
            if let Some(i) = cast.body_by_name(&name) {
                return Some(Who::Known(i));
            }
            let camel = name.chars().skip(1).any(char::is_uppercase)
                && !name.contains('\'')
                && !name.starts_with("Mc")
                && !name.starts_with("Mac");
            if camel && titles.is_empty() {
                return fresh(Role::Organization, name, titles, false);
            }
        }
        return Some(Who::New(Named {
            role: Role::Person,
            name: without_suffix(name),
            titles,
            gender,
            plural: false,
        }));
    }

    // A common-noun head.
    let hl = head.lower.as_ref();
    let plural = hl.ends_with('s') && !hl.ends_with("ss");
    // "a spokesman for X", "the ministry's spokesman", "Twitter spokesman": X speaks.
    let pronoun_owner = dets.first().and_then(|d| match *d {
        "his" => cast.resolve_person(Some(Gender::Male), s.index),
        "her" => cast.resolve_person(Some(Gender::Female), s.index),
        _ => None,
    });
    if head.has(tag::SPOKES_NOUN) || head.has(tag::BODY_NOUN) && hl == "campaign" {
        if let Some(i) = pronoun_owner {
            let who = cast.get(i);
            let name = if hl == "campaign" {
                format!(
                    "{} campaign",
                    who.name.split_whitespace().last().unwrap_or(&who.name)
                )
            } else {
                who.name.clone()
            };
            return fresh(Role::Organization, name, titles, false);
        }
    }
    if head.has(tag::SPOKES_NOUN) && definite && !plural {
        // "the spokesman said", after "J. Smith, a spokesman for the department": Smith.
        if let Some(i) = cast.resolve_role(&[Role::Person], Some(hl), Some(false)) {
            if cast.get(i).titles.iter().any(|t| t == hl) {
                return Some(Who::Known(i));
            }
        }
    }
    if head.has(tag::SPOKES_NOUN) {
        let owner = owner_of(s, text_of, a, h, p, b);
        if let Some(name) = owner {
            if let Some(i) = cast.body_by_name(&name) {
                return Some(Who::Known(i));
            }
            return fresh(Role::Organization, name, titles, false);
        }
        if definite {
            if let Some(i) = cast.resolve_role(&[Role::Organization], None, None) {
                return Some(Who::Known(i));
            }
        }
        return fresh(Role::Organization, whole(), titles, plural);
    }
    if markers > 0
        || head.has(tag::ANONYMOUS_NOUN)
            && !plural
            && (toks[a..h].iter().any(|t| t.is("senior") || t.is("top")))
    {
        if definite && !plural && markers == 0 {
            if let Some(i) = cast.resolve_role(&[Role::Anonymous], None, Some(false)) {
                return Some(Who::Known(i));
            }
        }
        let name = span_text(toks, text_of, a, p);
        return fresh(Role::Anonymous, name, titles, plural);
    }
    if head.has(tag::OUTLET_NOUN) && definite {
        if let Some(i) = cast.resolve_role(&[Role::Outlet], None, None) {
            return Some(Who::Known(i));
        }
    }
    // "a Quinnipiac poll", "Trump's campaign", "the Treasury report": the body in the modifier.
    let modifier_proper =
        (body_start..h).any(|k| s.is_proper(k) || toks[k].possessive && toks[k].is_cap());
    if (head.has(tag::BODY_NOUN) || head.has(tag::OUTLET_NOUN))
        && p < b
        && matches!(toks[p].lower.as_ref(), "by" | "from" | "of" | "in")
    {
        {
            let mut k = p + 1;
            while k < b && is_det(&toks[k]) {
                k += 1;
            }
            if k < b && toks[k].is_cap() {
                // "research by Jupiter": whoever issues a document is a body.
                return match classify(s, lex, cast, text_of, (k, b), None) {
                    Some(Who::New(mut n)) if n.role == Role::Person && !n.name.contains(' ') => {
                        n.role = Role::Organization;
                        Some(Who::New(n))
                    }
                    w @ Some(_) => w,
                    None => None,
                };
            }
        }
    }
    // "Uganda's New Vision newspaper", "the Chicago paper": an outlet named by its modifier.
    if head.has(tag::OUTLET_NOUN) && !definite
        || head.has(tag::OUTLET_NOUN) && cast.resolve_role(&[Role::Outlet], None, None).is_none()
    {
        let mods: Vec<usize> = (body_start..h).filter(|&k| toks[k].is_cap()).collect();
        if let (Some(&f), Some(&l)) = (mods.first(), mods.last()) {
            let name = span_text(toks, text_of, f, l + 1);
            return fresh(Role::Outlet, name, titles, false);
        }
    }
    if head.has(tag::BODY_NOUN) {
        if modifier_proper {
            let name = span_text(toks, text_of, body_start, p);
            return fresh(Role::Organization, name, titles, false);
        }
        if definite && !plural {
            // "the port authority": an organization of that name, else a new one; a bare
            // "the company" points back to the last organization.
            let modified = p - body_start >= 2;
            let by_head = cast.body_by_name(hl);
            if let Some(i) = by_head.filter(|_| !modified) {
                return Some(Who::Known(i));
            }
            if modified {
                let name = core();
                if let Some(i) = cast.body_by_name(&name) {
                    return Some(Who::Known(i));
                }
                return fresh(Role::Organization, name, titles, false);
            }
            if let Some(i) = cast.resolve_role(&[Role::Organization], None, None) {
                return Some(Who::Known(i));
            }
        }
        // "a study by Harvard": the body after the preposition.
        if p < b {
            if let Some(k) = (p + 1..b).find(|&k| s.is_proper(k)) {
                let mut e = k;
                while e < b && (toks[e].is_cap() || toks[e].is("of")) {
                    e += 1;
                }
                let name = span_text(toks, text_of, k, e);
                return fresh(Role::Organization, name, titles, false);
            }
        }
        // A study, poll or report that names no body ("one study found", "the post-debate
        // analysis") cannot be checked: vague.
        if head.has(tag::DOCUMENT) {
            // "federal statistics", "official figures": an issuer that can be checked.
            if (body_start..h).any(|k| toks[k].has(tag::ISSUER_ADJECTIVE)) {
                return fresh(Role::Organization, core(), titles, plural);
            }
            return fresh(Role::Vague, span_text(toks, text_of, a, p), titles, plural);
        }
        return fresh(Role::Organization, core(), titles, plural);
    }
    if head.has(tag::VAGUE_NOUN) && (plural || !head.has(tag::ANONYMOUS_NOUN)) {
        if head.has(tag::ANONYMOUS_NOUN) && modifier_proper {
            return fresh(Role::Anonymous, core(), titles, plural);
        }
        return fresh(Role::Vague, core(), titles, true);
    }
    if head.has(tag::PERSON_ROLE) && definite && !plural {
        if let Some(i) = cast.resolve_role(&[Role::Person, Role::Anonymous], Some(hl), Some(false))
        {
            return Some(Who::Known(i));
        }
        // "the minister said" with no minister named: an unnamed person.
        if dets.first() == Some(&"the") && !head.has(tag::ANONYMOUS_NOUN) {
            return fresh(
                Role::Anonymous,
                span_text(toks, text_of, a, p),
                titles,
                false,
            );
        }
    }
    if head.has(tag::ANONYMOUS_NOUN) {
        if definite && !plural {
            if let Some(i) =
                cast.resolve_role(&[Role::Anonymous, Role::Person], Some(hl), Some(false))
            {
                return Some(Who::Known(i));
            }
        }
        return fresh(
            Role::Anonymous,
            span_text(toks, text_of, a, p),
            titles,
            plural,
        );
    }
    if toks[a..a + dets.len()]
        .iter()
        .any(|t| t.has(tag::VAGUE_DETERMINER))
        && plural
    {
        return fresh(Role::Vague, core(), titles, true);
    }
    None
}

/// The body a spokesperson speaks for: "a spokesman for X", "X's spokesman", "X spokesman".
fn owner_of(
    s: &Sentence,
    text_of: &dyn Fn(usize, usize) -> String,
    a: usize,
    h: usize,
    p: usize,
    b: usize,
) -> Option<String> {
    let toks = s.toks;
    if p < b && (toks[p].is("for") || toks[p].is("of") || toks[p].is("at")) {
        let mut k = p + 1;
        while k < b && is_det(&toks[k]) {
            k += 1;
        }
        let start = k;
        while k < b
            && (toks[k].is_cap()
                || toks[k].is("of")
                || toks[k].is("and")
                || toks[k].is("the") && toks.get(k + 1).is_some_and(|n| n.is_cap())
                || toks[k].has(tag::BODY_NOUN))
        {
            k += 1;
        }
        // "the Friends of the Library", not "Friends of".
        while k > start && matches!(toks[k - 1].lower.as_ref(), "of" | "and" | "the") {
            k -= 1;
        }
        if k > start {
            return Some(without_possessive(span_text(toks, text_of, start, k)));
        }
    }
    let mods: Vec<usize> = (a..h)
        .filter(|&k| {
            (toks[k].is_cap() || toks[k].possessive)
                && !is_det(&toks[k])
                && !is_pronoun(&toks[k].lower)
        })
        .collect();
    if let (Some(&first), Some(&last)) = (mods.first(), mods.last()) {
        let name = span_text(toks, text_of, first, last + 1);
        return Some(without_possessive(name));
    }
    None
}

/// The person named at the end of `toks[p..b]`, a title's "of"-tail: a run of two or more
/// capitalised words after a word in lower case ("of sport Emilio Butragueno").
fn name_after_title_tail(
    s: &Sentence,
    lex: &Lexicon,
    cast: &Cast,
    text_of: &dyn Fn(usize, usize) -> String,
    p: usize,
    b: usize,
    title: &str,
) -> Option<Who> {
    let toks = s.toks;
    let mut r = b;
    while r > p + 1 && (toks[r - 1].is_cap() || toks[r - 1].has(tag::PARTICLE)) {
        r -= 1;
    }
    let lower_before = !toks[r - 1].is_cap() && !toks[r - 1].is("of");
    if b - r < 2 || !lower_before || !toks[r].is_cap() {
        return None;
    }
    match classify(s, lex, cast, text_of, (r, b), None)? {
        Who::New(mut n) if n.role == Role::Person => {
            n.titles.push(title_word(title));
            Some(Who::New(n))
        }
        w @ Who::Known(i) if cast.get(i).role == Role::Person => Some(w),
        _ => None,
    }
}

fn is_title_or_role(t: &Token) -> bool {
    t.has(tag::PERSON_TITLE) || t.has(tag::PERSON_ROLE)
}

/// The person a bare title names: a name in the appositive after it, else the last person the
/// article gave the title.
fn titled_person(
    s: &Sentence,
    lex: &Lexicon,
    cast: &Cast,
    text_of: &dyn Fn(usize, usize) -> String,
    head: &str,
    extra: Option<(usize, usize)>,
) -> Option<Who> {
    if let Some((x, y)) = extra {
        let toks = s.toks;
        let mut e = x;
        while e < y && (toks[e].is_cap() || toks[e].has(tag::PARTICLE)) {
            e += 1;
        }
        if e > x && toks[x].is_cap() && (e == y || !toks[e].is_word()) {
            if let Some(Who::New(n)) = classify(s, lex, cast, text_of, (x, e), None) {
                if n.role == Role::Person {
                    return Some(Who::New(n));
                }
            }
        }
    }
    let title = title_word(head);
    let i = cast.resolve_role(&[Role::Person], Some(&title), Some(false))?;
    cast.get(i).titles.contains(&title).then_some(Who::Known(i))
}

fn is_acronym(w: &str) -> bool {
    let mut letters = 0;
    for c in w.chars().filter(|c| c.is_alphabetic()) {
        if !c.is_uppercase() {
            return false;
        }
        letters += 1;
    }
    (2..=6).contains(&letters) && !w.contains('.')
}

/// The gender a first name says, if the pack's name lists know it (read from its tag bits).
fn gender_of_first_name(first: &Token) -> Option<Gender> {
    if first.has(tag::FEMALE_NAME) {
        Some(Gender::Female)
    } else if first.has(tag::MALE_NAME) {
        Some(Gender::Male)
    } else {
        None
    }
}

/// A name without a possessive ending ("Trump's" → "Trump"), cut in place. Every trailing
/// `'s` goes, then every `’s`, as `trim_end_matches` would, without building a string searcher
/// for a two-character pattern.
pub fn without_possessive(mut name: String) -> String {
    let mut n = name.as_str();
    while let Some(stem) = n.strip_suffix("'s") {
        n = stem;
    }
    while let Some(stem) = n.strip_suffix("’s") {
        n = stem;
    }
    let len = n.len();
    name.truncate(len);
    name
}

/// A pronoun whose person the article never named.
fn unresolved(pronoun: &str, gender: Gender) -> Option<Who> {
    Some(Who::New(Named {
        role: Role::Person,
        name: pronoun.to_string(),
        titles: Vec::new(),
        gender: Some(gender),
        plural: false,
    }))
}

/// The last resort for a subject no lexicon knows, before a strong speech verb: an unnamed
/// group (plural, or a quantity of people) is vague, one unnamed person is anonymous. Proper
/// names and pronouns are not guessed at.
pub fn unnamed_fallback(
    s: &Sentence,
    (a, b): Range,
    text_of: &dyn Fn(usize, usize) -> String,
) -> Option<Named> {
    let toks = s.toks;
    if a >= b || (a..b).any(|k| s.is_proper(k)) || is_pronoun(&toks[a].lower) {
        return None;
    }
    let p = (a + 1..b).find(|&i| is_prep(&toks[i])).unwrap_or(b);
    let head = &toks[p - 1];
    if !head.is_word() || is_stop(head) || head.lower.len() < 3 {
        return None;
    }
    let name = span_text(toks, text_of, a, b);
    let quantity = toks[a].has(tag::GROUP_OPENER) && b - a > 1
        || toks[a].text.starts_with(|c: char| c.is_ascii_digit());
    let plural = head.lower.ends_with('s') && !head.lower.ends_with("ss");
    let role = if plural || quantity {
        Role::Vague
    } else {
        Role::Anonymous
    };
    Some(Named {
        role,
        name,
        titles: Vec::new(),
        gender: None,
        plural: plural || quantity,
    })
}

/// An unnamed group of people no lexicon lists, named by a plural agent noun ("Legitimate
/// Bollywood film distributors have hailed", "traditional libertarians argue"): vague.
pub fn agent_group(
    s: &Sentence,
    lex: &Lexicon,
    (a, b): Range,
    text_of: &dyn Fn(usize, usize) -> String,
) -> Option<Named> {
    let toks = s.toks;
    if a >= b || is_pronoun(&toks[a].lower) {
        return None;
    }
    let p = (a + 1..b).find(|&i| is_prep(&toks[i])).unwrap_or(b);
    let head = &toks[p - 1];
    let l = head.lower.as_ref();
    let agent = !head.is_cap()
        && l.len() > 5
        && lex
            .agent_plural_endings
            .iter()
            .any(|e| l.ends_with(e.as_str()));
    agent.then(|| Named {
        role: Role::Vague,
        name: span_text(toks, text_of, a, p),
        titles: Vec::new(),
        gender: None,
        plural: true,
    })
}

/// A source met for the first time, of no known gender.
fn fresh(role: Role, name: String, titles: Vec<String>, plural: bool) -> Option<Who> {
    Some(Who::New(Named {
        role,
        name,
        titles,
        gender: None,
        plural,
    }))
}

/// Turn a classification into a cast member (for [`Cast::meet`]).
pub fn member(n: Named, seen: usize) -> Member {
    Member {
        name: n.name,
        role: n.role,
        gender: n.gender,
        titles: n.titles,
        via: None,
        last_seen: seen,
        first_seen: seen,
        spoke: false,
        plural: n.plural,
    }
}
