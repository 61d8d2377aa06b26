//! The rule pack's word lists, compiled once into sets and phrase tables for the attribution pass.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::tokens::Token;
use crate::rules::Lexicons;

/// Multi-word phrases indexed by their first word, so that a lookup at a token costs one hash.
#[derive(Debug, Default, Clone)]
pub struct PhraseSet {
    by_first: HashMap<String, Vec<Vec<String>>>,
    case_sensitive: bool,
}

impl PhraseSet {
    pub fn new(entries: &[String], case_sensitive: bool) -> Self {
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
        }
    }

    fn key<'t>(&self, t: &'t Token) -> &'t str {
        if self.case_sensitive {
            t.base()
        } else {
            &t.lower
        }
    }

    /// The length in tokens of the longest phrase starting at `toks[i]`, if any.
    pub fn match_at(&self, toks: &[Token], i: usize) -> Option<usize> {
        let cands = self.by_first.get(self.key(toks.get(i)?))?;
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

/// Everything the attribution pass looks words up in.
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub speech_verbs: HashSet<String>,
    pub body_verbs: HashSet<String>,
    pub weak_verbs: HashSet<String>,
    pub according: PhraseSet,
    pub statement_nouns: PhraseSet,
    pub no_comment: PhraseSet,
    pub agentless: PhraseSet,
    pub anonymity: PhraseSet,
    pub anonymous_nouns: HashSet<String>,
    pub vague_nouns: HashSet<String>,
    pub vague_determiners: HashSet<String>,
    pub outlets: PhraseSet,
    pub outlet_nouns: HashSet<String>,
    pub outlet_suffixes: Vec<String>,
    pub organization_words: HashSet<String>,
    pub organizations: PhraseSet,
    pub body_nouns: HashSet<String>,
    pub spokes_nouns: HashSet<String>,
    pub person_titles: HashSet<String>,
    pub person_roles: HashSet<String>,
    pub female_names: HashSet<String>,
    pub male_names: HashSet<String>,
    pub places: PhraseSet,
    /// Every lower-case word of every list: a capitalised word found here is a common word at a
    /// sentence start ("Experts said"), not a name.
    pub common_words: HashSet<String>,
}

impl Lexicon {
    pub fn compile(l: &Lexicons) -> Lexicon {
        let mut common: HashSet<String> = HashSet::default();
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
                for part in w.split_whitespace() {
                    common.insert(part.to_lowercase());
                }
            }
        }
        Lexicon {
            speech_verbs: set(&l.speech_verbs),
            body_verbs: set(&l.body_verbs),
            weak_verbs: set(&l.weak_verbs),
            according: PhraseSet::new(&l.according_phrases, false),
            statement_nouns: PhraseSet::new(&l.statement_nouns, false),
            no_comment: PhraseSet::new(&l.no_comment, false),
            agentless: PhraseSet::new(&l.agentless, false),
            anonymity: PhraseSet::new(&l.anonymity_markers, false),
            anonymous_nouns: set(&l.anonymous_nouns),
            vague_nouns: set(&l.vague_nouns),
            vague_determiners: set(&l.vague_determiners),
            outlets: PhraseSet::new(&l.outlets, true),
            outlet_nouns: set(&l.outlet_nouns),
            outlet_suffixes: l.outlet_suffixes.clone(),
            organization_words: l.organization_words.iter().cloned().collect(),
            organizations: PhraseSet::new(&l.organizations, true),
            body_nouns: set(&l.body_nouns),
            spokes_nouns: set(&l.spokes_nouns),
            person_titles: set(&l.person_titles),
            person_roles: set(&l.person_roles),
            female_names: set(&l.female_names),
            male_names: set(&l.male_names),
            places: PhraseSet::new(&l.places, true),
            common_words: common,
        }
    }
}
