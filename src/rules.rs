//! Rule packs: the lexicons, weights, scoring and policy checks that the pipeline reads as data.
//!
//! A pack is a TOML file. Three are compiled into the binary (`rules/default.toml`,
//! `rules/strict.toml`, `rules/ap.toml`); a pack of the user's own may `extends = "default"` (or
//! a path) and then only say what differs: lexicon entries to add or remove, weights, check
//! severities and parameters. Unknown keys are errors, so a typo in a pack is caught instead of
//! silently ignored; errors name the file, the line and column, the key, and the nearest valid
//! key.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::Deserialize;

use crate::checks::Severity;
use crate::kind::Kind;

/// The pack used when no other is given.
pub const DEFAULT_PACK: &str = include_str!("../rules/default.toml");
/// Every check at warning or above, lower thresholds.
pub const STRICT_PACK: &str = include_str!("../rules/strict.toml");
/// A house style after the AP's sourcing rules.
pub const AP_PACK: &str = include_str!("../rules/ap.toml");

/// The packs shipped in the binary, by name.
pub const BUILTIN: &[(&str, &str)] = &[
    ("default", DEFAULT_PACK),
    ("strict", STRICT_PACK),
    ("ap", AP_PACK),
];

/// A rule pack as written in TOML.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulePack {
    pub pack: PackMeta,
    pub lexicons: Lexicons,
    pub weights: Weights,
    pub scoring: Scoring,
    /// Settings of the policy checks, by check id (`ANON001`).
    #[serde(default)]
    pub checks: BTreeMap<String, CheckConfig>,
}

/// A pack's settings for one check. Everything is optional: a check the pack does not mention
/// runs at its default severity with its default parameters.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckConfig {
    pub enabled: Option<bool>,
    pub severity: Option<Severity>,
    /// Numeric parameters (thresholds), named as the check's rationale says.
    #[serde(default)]
    pub params: BTreeMap<String, f64>,
    /// Article snippets that must trigger the check (`sourced rules test`).
    #[serde(default)]
    pub examples: Vec<String>,
    /// Article snippets that must not.
    #[serde(default)]
    pub counter_examples: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackMeta {
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub version: u32,
}

/// Word and phrase lists. See `rules/default.toml` for what each list means.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lexicons {
    pub speech_verbs: Vec<String>,
    pub body_verbs: Vec<String>,
    pub weak_verbs: Vec<String>,
    pub according_phrases: Vec<String>,
    pub statement_nouns: Vec<String>,
    pub no_comment: Vec<String>,
    pub agentless: Vec<String>,
    pub anonymity_markers: Vec<String>,
    pub anonymous_nouns: Vec<String>,
    pub vague_nouns: Vec<String>,
    pub vague_determiners: Vec<String>,
    pub outlets: Vec<String>,
    pub outlet_nouns: Vec<String>,
    pub outlet_suffixes: Vec<String>,
    pub organization_words: Vec<String>,
    pub organizations: Vec<String>,
    pub body_nouns: Vec<String>,
    pub spokes_nouns: Vec<String>,
    pub person_titles: Vec<String>,
    pub person_roles: Vec<String>,
    pub female_names: Vec<String>,
    pub male_names: Vec<String>,
    pub places: Vec<String>,
    /// Substantive reasons for anonymity ("for fear of reprisal").
    pub anonymity_reasons: Vec<String>,
    /// Formulaic reasons ("not authorized to speak publicly").
    pub formulaic_reasons: Vec<String>,
    /// How a source knows, first-hand ("who attended the meeting").
    pub knowledge_direct: Vec<String>,
    /// How a source knows, at one remove ("familiar with", "close to").
    pub knowledge_indirect: Vec<String>,
    /// Source phrases with no descriptor ("sources", "a source").
    pub bare_sources: Vec<String>,
    /// Attribution verbs that judge ("claimed", "admitted", "slammed").
    pub loaded_verbs: Vec<String>,
    /// Cues that rest on unnamed media ("reportedly", "media reports").
    pub unnamed_media: Vec<String>,
}

/// How much a claim of each kind counts toward the article's score, from 0 to 1.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    pub named: f64,
    pub organization: f64,
    pub relayed: f64,
    pub anonymous: f64,
    pub vague: f64,
    pub unattributed: f64,
}

impl Weights {
    /// The weight of a kind; `None` for kinds left out of the score (no_comment).
    pub fn of(&self, kind: Kind) -> Option<f64> {
        match kind {
            Kind::Named => Some(self.named),
            Kind::Organization => Some(self.organization),
            Kind::Relayed => Some(self.relayed),
            Kind::Anonymous => Some(self.anonymous),
            Kind::Vague => Some(self.vague),
            Kind::Unattributed => Some(self.unattributed),
            Kind::NoComment => None,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scoring {
    /// How many claims at the top (headline and lede) weigh more.
    pub lede_claims: usize,
    /// How much more they weigh.
    pub lede_multiplier: f64,
    /// Verdict labels, from the highest `min` down.
    pub verdicts: Vec<Verdict>,
    /// Points off the score per finding, by severity, capped per check.
    pub penalties: Penalties,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Penalties {
    pub error: f64,
    pub warning: f64,
    pub info: f64,
    pub cap_per_check: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Verdict {
    pub min: f64,
    pub label: String,
}

impl RulePack {
    /// The default pack compiled into the binary.
    pub fn builtin() -> RulePack {
        // The shipped packs are tested; failing to parse one is a build defect, not a user error.
        Self::named("default").expect("the built-in rule pack parses")
    }

    /// A pack shipped in the binary, by name (`default`, `strict`, `ap`).
    pub fn named(name: &str) -> Result<RulePack> {
        let Some((_, text)) = BUILTIN.iter().find(|(n, _)| *n == name) else {
            bail!("no built-in rule pack `{name}`: the built-in packs are default, strict and ap");
        };
        Self::parse_in(text, &format!("rules/{name}.toml (built in)"), None)
    }

    /// Read a pack from a file, or a built-in pack by name when no such file exists.
    pub fn load(path: &Path) -> Result<RulePack> {
        if !path.exists() {
            if let Some(name) = path
                .to_str()
                .filter(|n| BUILTIN.iter().any(|(b, _)| b == n))
            {
                return Self::named(name);
            }
        }
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read the rule pack", path.display()))?;
        Self::parse_in(&text, &path.display().to_string(), path.parent())
    }

    /// Parse a pack; `origin` names it in error messages. `extends` paths are resolved from the
    /// current directory.
    pub fn parse(text: &str, origin: &str) -> Result<RulePack> {
        Self::parse_in(text, origin, None)
    }

    fn parse_in(text: &str, origin: &str, dir: Option<&Path>) -> Result<RulePack> {
        // A pack that extends nothing is parsed once, straight into the model (start-up time).
        let (table, extended) = if text.contains("extends") {
            let mut chain = vec![origin.to_string()];
            resolve(text, origin, dir, &mut chain)?
        } else {
            (toml::Table::new(), false)
        };
        let pack: RulePack = if extended {
            RulePack::deserialize(toml::Value::Table(table)).map_err(|e| {
                let hint = suggestion(e.message())
                    .map(|s| format!("\n  did you mean `{s}`?"))
                    .unwrap_or_default();
                // The merged pack has no positions: find the offending key in this file's text.
                let at = e
                    .message()
                    .split('`')
                    .nth(1)
                    .and_then(|key| position_of_key(text, key))
                    .map(|(l, c)| format!(":{l}:{c}"))
                    .unwrap_or_default();
                anyhow::anyhow!(
                    "{origin}{at}: invalid rule pack (after `extends`): {}{hint}",
                    e.message().trim_end()
                )
            })?
        } else {
            toml::from_str(text).map_err(|e| spanned_error(text, origin, &e))?
        };
        pack.validate(origin)?;
        Ok(pack)
    }

    fn validate(&self, origin: &str) -> Result<()> {
        let w = &self.weights;
        for (key, v) in [
            ("named", w.named),
            ("organization", w.organization),
            ("relayed", w.relayed),
            ("anonymous", w.anonymous),
            ("vague", w.vague),
            ("unattributed", w.unattributed),
        ] {
            if !(0.0..=1.0).contains(&v) {
                bail!("{origin}: weights.{key} = {v} is out of range: weights lie between 0.0 and 1.0");
            }
        }
        if self.scoring.verdicts.is_empty() {
            bail!("{origin}: scoring.verdicts is empty: give at least one verdict with min = 0");
        }
        if self.lexicons.speech_verbs.is_empty() {
            bail!("{origin}: lexicons.speech_verbs is empty: the classifier needs at least one cue verb");
        }
        for id in self.checks.keys() {
            if crate::checks::find(id).is_none() {
                let ids: Vec<&str> = crate::checks::REGISTRY.iter().map(|c| c.id).collect();
                let near = ids
                    .iter()
                    .min_by_key(|c| edit_distance(id, c))
                    .copied()
                    .unwrap_or("");
                bail!("{origin}: checks.{id}: no such check; did you mean `{near}`? (`sourced rules list` lists them)");
            }
        }
        Ok(())
    }

    /// The verdict label for a score.
    pub fn verdict(&self, score: f64) -> &str {
        self.scoring
            .verdicts
            .iter()
            .find(|v| score >= v.min)
            .or(self.scoring.verdicts.last())
            .map_or("", |v| v.label.as_str())
    }
}

/// A parse error with its position, key and the nearest valid key.
fn spanned_error(text: &str, origin: &str, e: &toml::de::Error) -> anyhow::Error {
    let (line, col) = e.span().map(|s| line_col(text, s.start)).unwrap_or((0, 0));
    let key = key_at(text, line);
    let hint = suggestion(e.message())
        .map(|s| format!("\n  did you mean `{s}`?"))
        .unwrap_or_default();
    anyhow::anyhow!(
        "{origin}:{line}:{col}: invalid rule pack{}: {}{hint}\n  fix the key or value, or see rules/default.toml for the schema",
        key.map(|k| format!(" at key `{k}`")).unwrap_or_default(),
        e.message().trim_end()
    )
}

/// Parse a pack's text into a table, following `extends` to its parents and merging; returns
/// whether anything was merged. `chain` holds the packs being resolved, to catch cycles.
fn resolve(
    text: &str,
    origin: &str,
    dir: Option<&Path>,
    chain: &mut Vec<String>,
) -> Result<(toml::Table, bool)> {
    let mut table: toml::Table =
        toml::from_str(text).map_err(|e| spanned_error(text, origin, &e))?;
    let Some(parent) = table.remove("extends") else {
        return Ok((table, false));
    };
    let toml::Value::String(name) = parent else {
        bail!(
            "{origin}: `extends` must be a string: a built-in pack (default, strict, ap) or a path"
        );
    };
    let (ptext, porigin, pdir): (String, String, Option<PathBuf>) =
        match BUILTIN.iter().find(|(n, _)| *n == name) {
            Some((n, t)) if !dir.unwrap_or(Path::new(".")).join(&name).exists() => {
                (t.to_string(), format!("rules/{n}.toml (built in)"), None)
            }
            _ => {
                let path = dir.unwrap_or(Path::new(".")).join(&name);
                let t = std::fs::read_to_string(&path).with_context(|| {
                    format!(
                        "{origin}: extends = \"{name}\": cannot read {}",
                        path.display()
                    )
                })?;
                (
                    t,
                    path.display().to_string(),
                    path.parent().map(Path::to_path_buf),
                )
            }
        };
    if chain.contains(&porigin) {
        chain.push(porigin);
        bail!("{origin}: `extends` cycle: {}", chain.join(" → "));
    }
    chain.push(porigin.clone());
    let (mut base, _) = resolve(&ptext, &porigin, pdir.as_deref(), chain)?;
    chain.pop();
    merge(&mut base, table, origin)?;
    Ok((base, true))
}

/// Merge a child pack into its parent: tables merge key by key, other values replace; in
/// `[lexicons]`, `add` and `remove` tables edit the parent's lists entry by entry.
fn merge(base: &mut toml::Table, child: toml::Table, origin: &str) -> Result<()> {
    for (key, value) in child {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(mut c)) => {
                if key == "lexicons" {
                    for (op, add) in [("add", true), ("remove", false)] {
                        let Some(edits) = c.remove(op) else { continue };
                        let toml::Value::Table(edits) = edits else {
                            bail!("{origin}: lexicons.{op} must be a table of lists");
                        };
                        for (list, entries) in edits {
                            let Some(toml::Value::Array(target)) = b.get_mut(&list) else {
                                bail!("{origin}: lexicons.{op}.{list}: no such lexicon in the parent pack");
                            };
                            let toml::Value::Array(entries) = entries else {
                                bail!("{origin}: lexicons.{op}.{list} must be a list");
                            };
                            if add {
                                target.extend(entries);
                            } else {
                                target.retain(|v| !entries.contains(v));
                            }
                        }
                    }
                }
                merge(b, c, origin)?;
            }
            (_, v) => {
                base.insert(key, v);
            }
        }
    }
    Ok(())
}

/// The 1-based line and column where `key` is written as a key (`key = ...` or `[...key]`).
fn position_of_key(text: &str, key: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(n, line)| {
        let t = line.trim_start();
        let is_key = t
            .strip_prefix(key)
            .is_some_and(|r| r.trim_start().starts_with('='))
            || t.starts_with('[')
                && t.trim_end().trim_end_matches(']').rsplit('.').next() == Some(key);
        is_key.then(|| (n + 1, line.len() - t.len() + 1))
    })
}

/// The dotted key written on a 1-based `line` of a TOML text (`lexicons.speech_verbs`), from the
/// key on that line and the nearest table header above it.
fn key_at(text: &str, line: usize) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let here = lines.get(line.checked_sub(1)?)?;
    let table = lines[..line - 1]
        .iter()
        .rev()
        .map(|l| l.trim())
        .find(|l| l.starts_with('['))
        .map(|l| l.trim_matches(|c| c == '[' || c == ']').trim().to_string());
    let key = here
        .split_once('=')
        .map(|(k, _)| k.trim().to_string())
        .filter(|k| !k.is_empty() && !k.starts_with('#'));
    match (table, key) {
        (Some(t), Some(k)) => Some(format!("{t}.{k}")),
        (None, Some(k)) => Some(k),
        (Some(t), None) => Some(t),
        (None, None) => None,
    }
}

/// For "unknown field `x`, expected one of `a`, `b`": the expected key nearest to `x`.
fn suggestion(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (unknown, rest) = rest.split_once('`')?;
    rest.split('`')
        .skip(1)
        .step_by(2)
        .map(|cand| (edit_distance(unknown, cand), cand))
        .filter(|(d, c)| *d <= (c.len().max(unknown.len()) / 2).max(2))
        .min()
        .map(|(_, c)| c.to_string())
}

/// The candidate nearest to `word` (ignoring case), if it is near enough to be a likely typo.
pub(crate) fn nearest<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let word = word.to_ascii_lowercase();
    candidates
        .iter()
        .map(|c| (edit_distance(&word, &c.to_ascii_lowercase()), *c))
        .filter(|(d, c)| *d <= (c.len().max(word.len()) / 2).max(2))
        .min()
        .map(|(_, c)| c)
}

/// Levenshtein distance, for key suggestions (keys are short).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_pack_parses() {
        let p = RulePack::builtin();
        assert_eq!(p.pack.name, "default");
        assert!(p.lexicons.speech_verbs.contains(&"said".to_string()));
    }

    #[test]
    fn unknown_key_names_file_line_and_key() {
        let text = DEFAULT_PACK.replace("[weights]\nnamed", "[weights]\nnamd");
        let err = RulePack::parse(&text, "my.toml").unwrap_err().to_string();
        assert!(err.starts_with("my.toml:"), "{err}");
        assert!(err.contains("namd"), "{err}");
        let line = err.split(':').nth(1).unwrap().parse::<usize>().unwrap();
        assert!(text.lines().nth(line - 1).unwrap().contains("namd"));
    }

    #[test]
    fn unknown_key_suggests_the_nearest_and_names_the_dotted_key() {
        let text = DEFAULT_PACK.replace("[weights]\nnamed", "[weights]\nnamd");
        let err = RulePack::parse(&text, "my.toml").unwrap_err().to_string();
        assert!(err.contains("did you mean `named`?"), "{err}");
        assert!(err.contains("at key `weights.namd`"), "{err}");
    }

    #[test]
    fn wrong_type_names_the_key() {
        let text = "[pack]\nname = \"x\"\n[lexicons]\nspeech_verbs = \"said\"\n";
        let err = RulePack::parse(text, "bad.toml").unwrap_err().to_string();
        assert!(err.starts_with("bad.toml:4:"), "{err}");
        assert!(err.contains("lexicons.speech_verbs"), "{err}");
    }

    #[test]
    fn out_of_range_weight_is_an_error() {
        let text = DEFAULT_PACK.replace("vague = 0.20", "vague = 2.0");
        let err = RulePack::parse(&text, "x.toml").unwrap_err().to_string();
        assert!(err.contains("weights.vague"), "{err}");
    }

    #[test]
    fn verdicts_pick_the_first_reached() {
        let p = RulePack::builtin();
        assert_eq!(p.verdict(95.0), "well sourced");
        assert_eq!(p.verdict(10.0), "poorly sourced");
    }
}
