//! The rule pack's word lists, compiled once into sets and phrase tables for the attribution pass.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::tokens::Token;
use crate::rules::Lexicons;

/// Multi-word phrases indexed by their first word, so that a lookup at a token costs one hash.
#[derive(Debug, Default, Clone)]
pub struct PhraseSet {
    by_first: HashMap<String, Vec<Vec<String>>>,
    case_sensitive: bool,
    /// The [`tag`] bit a token carries when a phrase of this set may start at it.
    bit: u64,
}

impl PhraseSet {
    /// A phrase table whose first words carry `bit` in [`Lexicon::tag`].
    pub fn new(entries: &[String], case_sensitive: bool, bit: u64) -> Self {
        let mut by_first: HashMap<String, Vec<Vec<String>>> = HashMap::default();
        for e in entries {
            let words: Vec<String> = e
                .split_whitespace()
                .map(|w| {
                    if case_sensitive {
                        w.to_string()
                    } else {
                        w.to_lowercase()
                    }
                })
                .collect();
            if let Some(first) = words.first() {
                by_first.entry(first.clone()).or_default().push(words);
            }
        }
        // Longest first, so the first match is the longest.
        for v in by_first.values_mut() {
            v.sort_by_key(|p| std::cmp::Reverse(p.len()));
        }
        PhraseSet {
            by_first,
            case_sensitive,
            bit,
        }
    }

    /// The tag bit of the set's first words.
    pub fn bit(&self) -> u64 {
        self.bit
    }

    /// The first words as the tokenizer writes a token's `lower`, for the tag table.
    fn first_words(&self) -> impl Iterator<Item = String> + '_ {
        self.by_first
            .keys()
            .map(|w| w.to_lowercase().replace('\u{2019}', "'"))
    }

    fn key<'t>(&self, t: &'t Token) -> &'t str {
        if self.case_sensitive {
            t.base()
        } else {
            &t.lower
        }
    }

    /// The length in tokens of the longest phrase starting at `toks[i]`, if any.
    #[inline]
    pub fn match_at(&self, toks: &[Token], i: usize) -> Option<usize> {
        // Most tokens start no phrase of the set: their tag says so without a lookup.
        if !toks.get(i)?.has(self.bit) {
            return None;
        }
        self.match_tagged(toks, i)
    }

    fn match_tagged(&self, toks: &[Token], i: usize) -> Option<usize> {
        let cands = self.by_first.get(self.key(&toks[i]))?;
        'outer: for p in cands {
            if i + p.len() > toks.len() {
                continue;
            }
            for (k, w) in p.iter().enumerate().skip(1) {
                let t = &toks[i + k];
                // Inner words must match in full; only the last may carry a possessive.
                let key = if k + 1 == p.len() {
                    self.key(t)
                } else if self.case_sensitive {
                    t.text
                } else {
                    &t.lower
                };
                if key != w {
                    continue 'outer;
                }
            }
            if p.len() > 1 && toks[i].possessive {
                continue;
            }
            return Some(p.len());
        }
        None
    }

    /// Every match in `toks[from..to]`, as (start index, length), left to right, not overlapping.
    pub fn find_all(&self, toks: &[Token], from: usize, to: usize) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut i = from;
        while i < to.min(toks.len()) {
            match self.match_at(toks, i) {
                Some(n) if i + n <= to => {
                    out.push((i, n));
                    i += n;
                }
                _ => i += 1,
            }
        }
        out
    }
}

fn set(v: &[String]) -> HashSet<String> {
    v.iter().map(|s| s.to_lowercase()).collect()
}

/// Everything the attribution pass looks words up in. A word list asked only "does it hold this
/// token?" lives in the tag table alone ([`tag`]); the sets kept here are the ones asked of
/// other strings (a word with its full stop cut, a name's base form).
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub according: PhraseSet,
    pub speech_phrases: PhraseSet,
    pub statement_nouns: PhraseSet,
    pub no_comment: PhraseSet,
    pub agentless: PhraseSet,
    pub anonymity: PhraseSet,
    pub outlets: PhraseSet,
    pub outlet_suffixes: Vec<String>,
    pub organization_words: HashSet<String>,
    pub organizations: PhraseSet,
    pub person_titles: HashSet<String>,
    pub person_roles: HashSet<String>,
    pub places: PhraseSet,
    /// Documents that speak for their issuer ("report", "survey").
    pub documents: HashSet<String>,
    /// Endings of a plural noun for people ("distributors").
    pub agent_plural_endings: Vec<String>,
    /// Titles never shown as a person's role ("mr", "former").
    pub courtesy_titles: HashSet<String>,
    /// A token's lower-case form → the [`tag`] bits of every list that holds it.
    tags: WordMap,
}

/// Words of up to 16 bytes (nearly all) as two machine words and a length: the key is hashed
/// and compared as integers, where a `String` key is hashed byte by byte and compared with a
/// `memcmp` call, and every token of every claim is looked up.
#[derive(Debug, Clone, Default)]
struct WordMap {
    short: HashMap<ShortWord, u64>,
    long: HashMap<String, u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct ShortWord {
    head: u64,
    tail: u64,
    len: u8,
}

impl ShortWord {
    /// A word of 1 to 16 bytes, told apart from every other by its first and last eight bytes
    /// (overlapping when it is shorter than 16), its first and last four (shorter than 8), or
    /// its first, middle and last byte (shorter than 4), with its length.
    #[inline]
    fn of(w: &str) -> Option<ShortWord> {
        let b = w.as_bytes();
        let n = b.len();
        let word8 = |k: usize| u64::from_le_bytes(b[k..k + 8].try_into().unwrap_or([0; 8]));
        let word4 =
            |k: usize| u64::from(u32::from_le_bytes(b[k..k + 4].try_into().unwrap_or([0; 4])));
        let (head, tail) = match n {
            0 | 17.. => return None,
            8.. => (word8(0), word8(n - 8)),
            4.. => (word4(0) | word4(n - 4) << 32, 0),
            _ => {
                let byte = |k: usize| u64::from(b[k]);
                (byte(0) | byte(n / 2) << 8 | byte(n - 1) << 16, 0)
            }
        };
        Some(ShortWord {
            head,
            tail,
            len: n as u8,
        })
    }
}

impl WordMap {
    /// The bits of `w`, none yet if `w` is new (a short word is not copied).
    fn entry(&mut self, w: &str) -> &mut u64 {
        match ShortWord::of(w) {
            Some(k) => self.short.entry(k).or_default(),
            None => self.long.entry(w.to_string()).or_default(),
        }
    }

    #[inline]
    fn get(&self, w: &str) -> u64 {
        match ShortWord::of(w) {
            Some(k) => self.short.get(&k),
            None => self.long.get(w),
        }
        .copied()
        .unwrap_or(0)
    }
}

/// One bit per word list. [`Lexicon::tag`] looks a token's lower-case form up once and stores
/// the bits of every list that holds it (for a phrase table: every table with a phrase starting
/// with it), so each later membership test is a bit test, not a hash or a scan of a word list.
pub mod tag {
    pub const STOP: u64 = 1 << 0;
    pub const SKIP_LEFT: u64 = 1 << 1;
    pub const DETERMINER: u64 = 1 << 2;
    pub const DOCUMENT: u64 = 1 << 3;
    pub const QUANTITY: u64 = 1 << 4;
    pub const ROLE_START: u64 = 1 << 5;
    pub const PREP: u64 = 1 << 6;
    pub const TIME_WORD: u64 = 1 << 7;
    pub const PARTICLE: u64 = 1 << 8;
    pub const GROUP_OPENER: u64 = 1 << 9;
    pub const STRONG_VERB: u64 = 1 << 10;
    pub const COGNITION_VERB: u64 = 1 << 11;
    pub const SPEECH_VERB: u64 = 1 << 12;
    pub const BODY_VERB: u64 = 1 << 13;
    pub const WEAK_VERB: u64 = 1 << 14;
    pub const ANONYMOUS_NOUN: u64 = 1 << 15;
    pub const VAGUE_NOUN: u64 = 1 << 16;
    pub const VAGUE_DETERMINER: u64 = 1 << 17;
    pub const OUTLET_NOUN: u64 = 1 << 18;
    pub const BODY_NOUN: u64 = 1 << 19;
    pub const SPOKES_NOUN: u64 = 1 << 20;
    pub const PERSON_TITLE: u64 = 1 << 21;
    pub const PERSON_ROLE: u64 = 1 << 22;
    pub const FEMALE_NAME: u64 = 1 << 23;
    pub const MALE_NAME: u64 = 1 << 24;
    pub const COMMON_WORD: u64 = 1 << 25;
    pub const ACCORDING: u64 = 1 << 26;
    pub const STATEMENT_NOUN: u64 = 1 << 27;
    pub const NO_COMMENT: u64 = 1 << 28;
    pub const AGENTLESS: u64 = 1 << 29;
    pub const ANONYMITY: u64 = 1 << 30;
    pub const OUTLET: u64 = 1 << 31;
    pub const ORGANIZATION: u64 = 1 << 32;
    pub const PLACE: u64 = 1 << 33;
    pub const RECIPIENT_VERB: u64 = 1 << 34;
    pub const CUE_BLOCKER: u64 = 1 << 35;
    pub const PLACE_PREP: u64 = 1 << 36;
    pub const CLAUSE_OPENER: u64 = 1 << 37;
    pub const INFINITIVE_BLOCKER: u64 = 1 << 38;
    pub const GERUND_OPENER: u64 = 1 << 39;
    pub const SPEECH_PHRASE: u64 = 1 << 40;
    pub const BODY_POSSESSION: u64 = 1 << 41;
    pub const BODY_HOLDING: u64 = 1 << 42;
    pub const AGENTLESS_PARTICIPLE: u64 = 1 << 43;
    pub const ISSUER_ADJECTIVE: u64 = 1 << 44;
}

impl Lexicon {
    pub fn compile(l: &Lexicons) -> Lexicon {
        let mut lex = Lexicon {
            according: PhraseSet::new(&l.according_phrases, false, tag::ACCORDING),
            speech_phrases: PhraseSet::new(&l.speech_phrases, false, tag::SPEECH_PHRASE),
            statement_nouns: PhraseSet::new(&l.statement_nouns, false, tag::STATEMENT_NOUN),
            no_comment: PhraseSet::new(&l.no_comment, false, tag::NO_COMMENT),
            agentless: PhraseSet::new(&l.agentless, false, tag::AGENTLESS),
            anonymity: PhraseSet::new(&l.anonymity_markers, false, tag::ANONYMITY),
            outlets: PhraseSet::new(&l.outlets, true, tag::OUTLET),
            outlet_suffixes: l.outlet_suffixes.clone(),
            organization_words: l.organization_words.iter().cloned().collect(),
            organizations: PhraseSet::new(&l.organizations, true, tag::ORGANIZATION),
            person_titles: set(&l.person_titles),
            person_roles: set(&l.person_roles),
            places: PhraseSet::new(&l.places, true, tag::PLACE),
            courtesy_titles: set(&l.courtesy_titles),
            agent_plural_endings: l.agent_plural_endings.clone(),
            documents: set(&l.documents),
            tags: WordMap::default(),
        };
        let mut tags = WordMap::default();
        lex.tag_words(l, &mut |w, bit| *tags.entry(w) |= bit);
        lex.tags = tags;
        lex
    }

    /// Every word of every list with its list's [`tag`] bit, to `add` (a word may come more
    /// than once, with different bits): the pack's lists `l` in lower case, and the first words
    /// of the phrase tables.
    fn tag_words(&self, l: &Lexicons, add: &mut dyn FnMut(&str, u64)) {
        let lists: [(&[String], u64); 35] = [
            (&l.clause_stops, tag::STOP),
            (&l.subject_skips, tag::SKIP_LEFT),
            (&l.determiners, tag::DETERMINER),
            (&l.documents, tag::DOCUMENT),
            (&l.quantities, tag::QUANTITY),
            (&l.role_starts, tag::ROLE_START),
            (&l.prepositions, tag::PREP),
            (&l.time_words, tag::TIME_WORD),
            (&l.name_particles, tag::PARTICLE),
            (&l.group_openers, tag::GROUP_OPENER),
            (&l.strong_verbs, tag::STRONG_VERB),
            (&l.cognition_verbs, tag::COGNITION_VERB),
            (&l.recipient_verbs, tag::RECIPIENT_VERB),
            (&l.cue_blockers, tag::CUE_BLOCKER),
            (&l.place_prepositions, tag::PLACE_PREP),
            (&l.clause_openers, tag::CLAUSE_OPENER),
            (&l.infinitive_blockers, tag::INFINITIVE_BLOCKER),
            (&l.gerund_openers, tag::GERUND_OPENER),
            (&l.body_possessions, tag::BODY_POSSESSION),
            (&l.body_holdings, tag::BODY_HOLDING),
            (&l.agentless_participles, tag::AGENTLESS_PARTICIPLE),
            (&l.issuer_adjectives, tag::ISSUER_ADJECTIVE),
            (&l.speech_verbs, tag::SPEECH_VERB),
            (&l.body_verbs, tag::BODY_VERB),
            (&l.weak_verbs, tag::WEAK_VERB),
            (&l.anonymous_nouns, tag::ANONYMOUS_NOUN),
            (&l.vague_nouns, tag::VAGUE_NOUN),
            (&l.vague_determiners, tag::VAGUE_DETERMINER),
            (&l.outlet_nouns, tag::OUTLET_NOUN),
            (&l.body_nouns, tag::BODY_NOUN),
            (&l.spokes_nouns, tag::SPOKES_NOUN),
            (&l.person_titles, tag::PERSON_TITLE),
            (&l.person_roles, tag::PERSON_ROLE),
            (&l.female_names, tag::FEMALE_NAME),
            (&l.male_names, tag::MALE_NAME),
        ];
        for (list, bit) in lists {
            list.iter().for_each(|w| add(&w.to_lowercase(), bit));
        }
        // Every lower-case word of these lists is a common word: capitalised at a sentence
        // start ("Experts said") it is not a name.
        for list in [
            &l.anonymous_nouns,
            &l.vague_nouns,
            &l.vague_determiners,
            &l.outlet_nouns,
            &l.body_nouns,
            &l.spokes_nouns,
            &l.person_roles,
            &l.speech_verbs,
        ] {
            for w in list {
                w.split_whitespace()
                    .for_each(|part| add(&part.to_lowercase(), tag::COMMON_WORD));
            }
        }
        // Their plurals too: "Ministers were worried" opens with no name.
        for w in l.person_roles.iter().chain(&l.anonymous_nouns) {
            if !w.contains(' ') && !w.ends_with('s') {
                add(&format!("{}s", w.to_lowercase()), tag::COMMON_WORD);
            }
        }
        for p in [
            &self.according,
            &self.speech_phrases,
            &self.statement_nouns,
            &self.no_comment,
            &self.agentless,
            &self.anonymity,
            &self.outlets,
            &self.organizations,
            &self.places,
        ] {
            p.first_words().for_each(|w| add(&w, p.bit));
        }
    }

    /// Whether `word` ends with one of the outlet suffixes ("Times", "-TV"). Asked of the head
    /// of nearly every name: a suffix whose last byte is not the word's is passed over without
    /// comparing the rest.
    pub fn ends_like_outlet(&self, word: &str) -> bool {
        let last = word.as_bytes().last();
        self.outlet_suffixes.iter().any(|suf| {
            suf.as_bytes().last().is_none_or(|b| Some(b) == last) && word.ends_with(suf.as_str())
        })
    }

    /// Give every token the bits of the lists that hold its lower-case form.
    pub fn tag(&self, toks: &mut [Token]) {
        for t in toks {
            t.tags = self.tags.get(&t.lower);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The last-byte shortcut answers as comparing every suffix would, for the pack's suffixes
    /// and with an empty one added.
    #[test]
    fn ends_like_outlet_answers_as_every_suffix() {
        let mut lex = Lexicon::compile(&crate::rules::RulePack::builtin().lexicons);
        let words = [
            "", "Times", "NYTimes", "Post", "post", "KTLA-TV", "TV", "V", "Ministry", "Herald's",
            "é", "Radio", "Press", "Express", "Daily", "s",
        ];
        for round in 0..2 {
            for w in words {
                let every = lex.outlet_suffixes.iter().any(|s| w.ends_with(s.as_str()));
                assert_eq!(lex.ends_like_outlet(w), every, "{w:?} (round {round})");
            }
            lex.outlet_suffixes.push(String::new());
        }
    }

    /// The tag map answers as a map of strings built from the same words: for every word in
    /// it, for words one byte away from them (same length, so the same shape of key), and for
    /// words of every length.
    #[test]
    fn word_map_answers_as_its_map() {
        let pack = crate::rules::RulePack::builtin();
        let lex = Lexicon::compile(&pack.lexicons);
        let mut map: HashMap<String, u64> = HashMap::default();
        lex.tag_words(&pack.lexicons, &mut |w, bit| {
            *map.entry(w.to_string()).or_default() |= bit
        });
        let words = &lex.tags;
        let mut probes: Vec<String> = map.keys().cloned().collect();
        for w in map.keys() {
            for k in 0..w.len() {
                let mut b = w.clone().into_bytes();
                b[k] = b[k].wrapping_add(1);
                if let Ok(s) = String::from_utf8(b) {
                    probes.push(s);
                }
            }
        }
        for n in 0..40 {
            probes.push("x".repeat(n));
            probes.push("é".repeat(n));
        }
        for w in &probes {
            assert_eq!(words.get(w), map.get(w).copied().unwrap_or(0), "{w:?}");
        }
        assert!(map.len() > 500, "{} words", map.len());
    }
}
