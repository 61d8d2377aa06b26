//! Stage 4b: newsroom policy checks over a classified article.
//!
//! Each check has a stable id, a default severity, a one-line summary, a rationale that cites
//! the policy it comes from, and an `explain` text (`sourced explain ID`). Checks are grouped one
//! module per family (anonymous sources, wording, no-comment, article level) and registered in
//! one place, [`REGISTRY`]. A check reads only the claims the attribution stage produced and
//! the pack's settings; it never reaches back into the classifier.

mod anonymous;
mod article;
mod no_comment;
mod suppress;
mod wording;

pub use suppress::suppress;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::report::{Claim, Finding};
use crate::rules::{CheckConfig, RulePack};

/// How serious a finding is. `--fail-on` compares against it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a check found: which claim (if any) and what to say.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub claim: Option<usize>,
    pub message: String,
    /// A severity other than the check's own (a graded check such as the anonymous share).
    pub severity: Option<Severity>,
}

impl Hit {
    fn at(claim: usize, message: impl Into<String>) -> Hit {
        Hit {
            claim: Some(claim),
            message: message.into(),
            severity: None,
        }
    }
    fn article(message: impl Into<String>) -> Hit {
        Hit {
            claim: None,
            message: message.into(),
            severity: None,
        }
    }
}

/// What a check sees: the article's claims, the pack (with its phrase lists compiled) and the
/// check's parameters.
pub struct Context<'a> {
    pub claims: &'a [Claim<'a>],
    pub pack: &'a RulePack,
    pub lex: &'a CheckLexicon,
    pub params: &'a BTreeMap<String, f64>,
}

impl Context<'_> {
    /// A numeric parameter of the check, or its default.
    pub fn param(&self, name: &str, default: f64) -> f64 {
        self.params.get(name).copied().unwrap_or(default)
    }
}

/// A phrase list compiled into one Aho-Corasick automaton: one pass over a text finds any of
/// its phrases, case-insensitively, as whole words. The automaton is built the first time a
/// check asks (most lists are never searched in a short article, so start-up stays fast).
///
/// The automaton itself is case-sensitive and searches an ASCII-lower-cased copy of the text:
/// that is the same match as an ASCII-case-insensitive automaton (the phrases are lower case
/// and the copy keeps every offset), but it lets the automaton skip ahead with a prefilter,
/// which `aho-corasick` turns off for case-insensitive searches. Some checks search every
/// claim of an article, so the scan is worth it.
#[derive(Debug, Clone)]
pub struct Phrases {
    ac: std::sync::OnceLock<Option<aho_corasick::AhoCorasick>>,
    phrases: Vec<String>,
}

impl Phrases {
    pub fn new(list: &[String]) -> Phrases {
        let phrases: Vec<String> = list
            .iter()
            .filter(|p| !p.is_empty())
            .map(|p| p.to_lowercase())
            .collect();
        Phrases {
            ac: std::sync::OnceLock::new(),
            phrases,
        }
    }

    fn automaton(&self) -> Option<&aho_corasick::AhoCorasick> {
        self.ac
            .get_or_init(|| {
                aho_corasick::AhoCorasick::builder()
                    .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                    // A contiguous NFA builds several times faster than a DFA (start-up time)
                    // and searches claim-sized texts about as fast.
                    .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
                    .build(&self.phrases)
                    .ok()
            })
            .as_ref()
    }

    /// The first phrase that occurs in `text` as whole words.
    pub fn find(&self, text: &str) -> Option<&str> {
        thread_local! {
            /// The claim's ASCII-lower-cased copy, one buffer per thread.
            static LOWER: std::cell::RefCell<Vec<u8>> =
                const { std::cell::RefCell::new(Vec::new()) };
        }
        let ac = self.automaton()?;
        LOWER.with_borrow_mut(|lower| {
            lower.clear();
            lower.extend_from_slice(text.as_bytes());
            lower.make_ascii_lowercase();
            let bytes = &lower[..];
            let is_word = |b: u8| b.is_ascii_alphanumeric();
            ac.find_iter(bytes)
                .find(|m| {
                    (m.start() == 0 || !is_word(bytes[m.start() - 1]))
                        && (m.end() == bytes.len() || !is_word(bytes[m.end()]))
                })
                .map(|m| self.phrases[m.pattern().as_usize()].as_str())
        })
    }
}

/// The pack's phrase lists that checks search claims for, compiled once per pack.
#[derive(Debug, Clone)]
pub struct CheckLexicon {
    pub reasons: Phrases,
    pub formulaic: Phrases,
    pub knowledge_direct: Phrases,
    pub knowledge_indirect: Phrases,
    pub unnamed_media: Phrases,
    pub refused: Phrases,
    /// Each registered check's severity and parameters in this pack, in [`REGISTRY`] order
    /// (`None`: turned off), looked up once per pack rather than once per article.
    pub settings: Vec<Option<(Severity, BTreeMap<String, f64>)>>,
    /// The pack's loaded verbs and bare source phrases as sets: checks ask about every claim.
    pub loaded_verbs: rustc_hash::FxHashSet<String>,
    pub bare_sources: rustc_hash::FxHashSet<String>,
    /// First names (ART003 names as unidentified only someone plainly a person) and the role
    /// nouns that identify one (`person_roles`, `person_titles`), in lower case.
    pub first_names: rustc_hash::FxHashSet<String>,
    pub roles: rustc_hash::FxHashSet<String>,
}

impl CheckLexicon {
    pub fn compile(pack: &RulePack) -> CheckLexicon {
        let l = &pack.lexicons;
        CheckLexicon {
            reasons: Phrases::new(&l.anonymity_reasons),
            formulaic: Phrases::new(&l.formulaic_reasons),
            knowledge_direct: Phrases::new(&l.knowledge_direct),
            knowledge_indirect: Phrases::new(&l.knowledge_indirect),
            unnamed_media: Phrases::new(&l.unnamed_media),
            refused: Phrases::new(&[
                "refused to comment".into(),
                "refuses to comment".into(),
                "refused comment".into(),
            ]),
            settings: REGISTRY
                .iter()
                .map(|check| {
                    let params = config(pack, check)
                        .map(|c| c.params.clone())
                        .unwrap_or_default();
                    effective(pack, check).map(|severity| (severity, params))
                })
                .collect(),
            loaded_verbs: l.loaded_verbs.iter().cloned().collect(),
            bare_sources: l.bare_sources.iter().cloned().collect(),
            first_names: (l.male_names.iter().chain(&l.female_names))
                .map(|n| n.to_lowercase())
                .collect(),
            roles: (l.person_roles.iter().chain(&l.person_titles))
                .filter(|r| {
                    !matches!(
                        r.as_str(),
                        "mr" | "mrs" | "ms" | "miss" | "mr." | "mrs." | "ms."
                    )
                })
                .map(|r| r.to_lowercase())
                .collect(),
        }
    }
}

/// The one source all these claims rest on, in lower case (a claim with no source counts as
/// the source ""), if they rest on exactly one; none for no claims.
pub fn only_source<'c>(
    claims: impl IntoIterator<Item = &'c Claim<'c>>,
) -> Option<std::borrow::Cow<'c, str>> {
    let mut only = None;
    for c in claims {
        let key = crate::lower(c.source.as_deref().unwrap_or(""));
        match &only {
            None => only = Some(key),
            Some(o) if *o == key => {}
            Some(_) => return None,
        }
    }
    only
}

/// `haystack` contains `needle` starting and ending at word boundaries.
pub fn contains_words(haystack: &str, needle: &str) -> bool {
    let bytes = haystack.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric();
    let mut from = 0;
    while let Some(p) = haystack[from..].find(needle) {
        let s = from + p;
        let e = s + needle.len();
        let before_ok = s == 0 || !is_word(bytes[s - 1]);
        let after_ok = e == bytes.len() || !is_word(bytes[e]);
        if before_ok && after_ok {
            return true;
        }
        from = s + needle.len().max(1);
        while from < haystack.len() && !haystack.is_char_boundary(from) {
            from += 1;
        }
    }
    false
}

/// A registered check.
pub struct Check {
    pub id: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// One line: what it flags.
    pub summary: &'static str,
    /// Why, citing the policy it comes from.
    pub rationale: &'static str,
    /// What to do about it (shown by `sourced explain`).
    pub fix: &'static str,
    /// The numeric parameters it reads (`params = { ... }` in the pack): any other is a typo.
    pub params: &'static [&'static str],
    pub run: fn(&Context) -> Vec<Hit>,
}

/// Every check, in the order reports list them. Add a check here and nowhere else.
pub static REGISTRY: &[&Check] = &[
    &anonymous::NO_REASON,
    &anonymous::FORMULAIC_REASON,
    &anonymous::NO_KNOWLEDGE,
    &anonymous::INDIRECT_KNOWLEDGE,
    &anonymous::BARE_SOURCE,
    &anonymous::ANONYMOUS_LEDE,
    &anonymous::SINGLE_ANONYMOUS,
    &anonymous::ANONYMOUS_SHARE,
    &anonymous::RELAYED_ANONYMOUS,
    &wording::UNNAMED_MEDIA,
    &wording::VAGUE,
    &wording::LOADED_VERB,
    &no_comment::NO_COMMENT_KIND,
    &no_comment::REFUSED,
    &article::NO_NAMED_SOURCE,
    &article::SINGLE_SOURCE,
    &article::NAMED_WITHOUT_ROLE,
    &UNUSED_SUPPRESSION,
];

/// Reported by [`suppress`], not by a pass over the claims.
pub static UNUSED_SUPPRESSION: Check = Check {
    id: "SUP001",
    name: "unused-suppression",
    severity: Severity::Warning,
    summary: "a suppression comment that suppresses nothing",
    rationale: "A suppression that no longer matches a finding hides nothing today and will silently hide a new finding tomorrow; ruff (RUF100) and clippy report them for the same reason.",
    fix: "Delete the comment, or correct the check id it names.",
    params: &[],
    run: |_| Vec::new(),
};

/// The check with this id (case-insensitive), if any.
pub fn find(id: &str) -> Option<&'static Check> {
    REGISTRY
        .iter()
        .copied()
        .find(|c| c.id.eq_ignore_ascii_case(id) || c.name == id)
}

/// What `sourced explain ID` prints: the check, what it flags, why, how to fix it, and the
/// pack's examples of it (the editor's explanation is the same text).
pub fn explanation(check: &Check, pack: &RulePack) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}) — default severity: {}",
        check.id, check.name, check.severity
    );
    let _ = write!(
        out,
        "\nWhat: {}.\n\nWhy: {}\n\nFix: {}\n",
        check.summary, check.rationale, check.fix
    );
    if let Some(cfg) = config(pack, check) {
        for e in &cfg.examples {
            let _ = write!(out, "\nFlagged:     {e}\n");
        }
        for e in &cfg.counter_examples {
            let _ = writeln!(out, "Not flagged: {e}");
        }
    }
    out
}

/// The settings a pack gives a check (none: the defaults).
pub fn config<'p>(pack: &'p RulePack, check: &Check) -> Option<&'p CheckConfig> {
    pack.checks.get(check.id)
}

/// Whether a check id is chosen by codes (`ANON` selects every ANON check, `VAG001` one; `ALL`
/// every check).
pub fn chooses(codes: &[String], id: &str) -> bool {
    codes.iter().any(|c| {
        c.eq_ignore_ascii_case("ALL")
            || id.get(..c.len()).is_some_and(|p| p.eq_ignore_ascii_case(c))
    })
}

/// Is the check chosen by the pack's `select`, `extend_select` and `ignore`? `ignore` wins;
/// with no `select`, every check is chosen.
pub fn selected(pack: &RulePack, id: &str) -> bool {
    let chosen = match &pack.select {
        Some(select) => chooses(select, id) || chooses(&pack.extend_select, id),
        None => true,
    };
    chosen && !chooses(&pack.ignore, id)
}

/// Every code of the pack's `select`, `extend_select` and `ignore` chooses at least one check:
/// a code that chooses none is a typo, and would silently change nothing. The error names the
/// list and the code's place in it, for the pack's error to point at.
pub fn validate_selection(pack: &RulePack) -> Result<(), (&'static str, usize, String)> {
    let lists = [
        ("select", pack.select.as_deref().unwrap_or_default()),
        ("extend_select", &pack.extend_select),
        ("ignore", &pack.ignore),
    ];
    for (key, codes) in lists {
        if let Some(i) = codes.iter().position(|c| !chooses_any(c)) {
            return Err((key, i, no_such_code(&codes[i])));
        }
    }
    Ok(())
}

/// Every code chooses at least one check; `what` names where the codes come from.
pub fn validate_codes(what: &str, codes: &[String]) -> anyhow::Result<()> {
    match codes.iter().find(|c| !chooses_any(c)) {
        Some(code) => anyhow::bail!("{what}: {}", no_such_code(code)),
        None => Ok(()),
    }
}

/// The code chooses at least one check.
fn chooses_any(code: &str) -> bool {
    let code = [code.to_string()];
    REGISTRY.iter().any(|c| chooses(&code, c.id))
}

fn no_such_code(code: &str) -> String {
    format!("`{code}` is no check id nor the start of one (ANON, ANON001, ALL; `sourced rules list` lists them)")
}

/// Is the check on in this pack (turned on, and chosen by `select` and `ignore`), and at which
/// severity?
pub fn effective(pack: &RulePack, check: &Check) -> Option<Severity> {
    if !selected(pack, check.id) {
        return None;
    }
    match config(pack, check) {
        Some(c) if c.enabled == Some(false) => None,
        Some(c) => Some(c.severity.unwrap_or(check.severity)),
        None => Some(check.severity),
    }
}

/// Run every enabled check of the pack over an article's claims.
///
/// `lex` must be compiled from `pack` ([`CheckLexicon::compile`]): it holds the pack's settings.
pub fn run(claims: &[Claim], pack: &RulePack, lex: &CheckLexicon) -> Vec<Finding> {
    let mut out = Vec::new();
    for (check, setting) in REGISTRY.iter().zip(&lex.settings) {
        let Some((severity, params)) = setting else {
            continue;
        };
        let severity = *severity;
        let ctx = Context {
            claims,
            pack,
            lex,
            params,
        };
        for hit in (check.run)(&ctx) {
            let at = hit.claim.and_then(|i| claims.get(i));
            out.push(Finding {
                id: check.id.to_string(),
                severity: hit
                    .severity
                    .map_or(severity, |s| s.max(severity).min(Severity::Error)),
                message: hit.message,
                start: at.map_or(0, |c| c.start),
                end: at.map_or(0, |c| c.end),
                line: at.map_or(1, |c| c.line),
                column: at.map_or(1, |c| c.column),
                // Where the claim ends is found once the findings are known (`Checker::check`).
                end_line: at.map_or(1, |c| c.line),
                end_column: at.map_or(1, |c| c.column),
                claim_index: hit.claim,
            });
        }
    }
    out.sort_by(|a, b| (a.start, a.id.as_str()).cmp(&(b.start, b.id.as_str())));
    out
}

/// The points a pack takes off the score for these findings: per finding the penalty of its
/// severity, capped per check.
pub fn penalty(findings: &[Finding], pack: &RulePack) -> f64 {
    let p = &pack.scoring.penalties;
    let mut per_check: BTreeMap<&str, f64> = BTreeMap::new();
    for f in findings {
        let points = match f.severity {
            Severity::Error => p.error,
            Severity::Warning => p.warning,
            Severity::Info => p.info,
        };
        *per_check.entry(f.id.as_str()).or_default() += points;
    }
    per_check.values().map(|v| v.min(p.cap_per_check)).sum()
}

/// The outcome of one example of `sourced rules test`.
#[derive(Debug, Clone)]
pub struct ExampleResult {
    pub id: &'static str,
    /// A counter-example (must not trigger) rather than an example (must).
    pub counter: bool,
    pub text: String,
    pub passed: bool,
}

/// Run every check's `examples` and `counter_examples` of a pack through the whole pipeline with
/// that pack: each example must trigger its check, each counter-example must not. A check the
/// pack turns off cannot trigger: its examples are skipped ([`disabled_with_examples`]).
pub fn test_examples(pack: &RulePack) -> Vec<ExampleResult> {
    let checker = crate::Checker::new(pack.clone());
    let mut out = Vec::new();
    for check in REGISTRY {
        let Some(cfg) = config(pack, check) else {
            continue;
        };
        if effective(pack, check).is_none() {
            continue;
        }
        for (counter, list) in [(false, &cfg.examples), (true, &cfg.counter_examples)] {
            for text in list {
                let article = crate::input::Article::from_text("example", text);
                let doc = checker.check(&article);
                let fired = doc.findings.iter().any(|f| f.id == check.id);
                out.push(ExampleResult {
                    id: check.id,
                    counter,
                    text: text.clone(),
                    passed: fired != counter,
                });
            }
        }
    }
    out
}

/// The checks a pack turns off that have examples (which `sourced rules test` skips).
pub fn disabled_with_examples(pack: &RulePack) -> Vec<&'static str> {
    REGISTRY
        .iter()
        .filter(|c| effective(pack, c).is_none())
        .filter(|c| {
            config(pack, c)
                .is_some_and(|cfg| !cfg.examples.is_empty() || !cfg.counter_examples.is_empty())
        })
        .map(|c| c.id)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::Phrases;

    /// What `Phrases::find` answered when it searched the text itself with an ASCII-case-
    /// insensitive automaton.
    fn reference<'p>(phrases: &'p [String], text: &str) -> Option<&'p str> {
        let ac = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(phrases)
            .unwrap();
        let bytes = text.as_bytes();
        let is_word = |b: u8| b.is_ascii_alphanumeric();
        ac.find_iter(text)
            .find(|m| {
                (m.start() == 0 || !is_word(bytes[m.start() - 1]))
                    && (m.end() == bytes.len() || !is_word(bytes[m.end()]))
            })
            .map(|m| phrases[m.pattern().as_usize()].as_str())
    }

    #[test]
    fn lower_cased_search_finds_what_a_case_insensitive_one_finds() {
        let list: Vec<String> = [
            "for fear of",
            "fearing",
            "not authorized to speak",
            "é",
            "ok",
        ]
        .map(String::from)
        .to_vec();
        let phrases = Phrases::new(&list);
        let pieces = [
            "For",
            "FEAR",
            "of",
            "fear",
            "Fearing",
            "fearings",
            "not",
            "Authorized",
            "to",
            "SPEAK",
            "speaker",
            " ",
            " ",
            ",",
            "É",
            "é",
            "\u{212A}",
            "ok",
            "OK",
            "Ok.",
            "-",
            "x",
        ];
        let mut found = 0;
        for mix in crate::mixes(&pieces, 3000, 12, 5) {
            let text = mix.concat();
            let got = phrases.find(&text);
            found += usize::from(got.is_some());
            assert_eq!(got, reference(&phrases.phrases, &text), "{text:?}");
        }
        assert!(found > 300, "{found} texts with a phrase");
    }
}
