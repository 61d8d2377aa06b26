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
use serde::{Deserialize, Serialize};

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
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RulePack {
    pub pack: PackMeta,
    /// The newsroom's own outlet and its other names (`outlet = "The Harbor Daily"` or a list):
    /// its citations of itself are on the record, not relayed.
    #[serde(default, deserialize_with = "one_or_many")]
    pub outlet: Vec<String>,
    pub lexicons: Lexicons,
    pub weights: Weights,
    pub scoring: Scoring,
    /// Settings of the policy checks, by check id (`ANON001`).
    #[serde(default)]
    pub checks: BTreeMap<String, CheckConfig>,
    /// Run only the checks whose id starts with one of these (`ANON`, `VAG001`), as ruff's
    /// `select`; none: every check the pack turns on.
    #[serde(default)]
    pub select: Option<Vec<String>>,
    /// Checks added to `select`.
    #[serde(default)]
    pub extend_select: Vec<String>,
    /// Checks left out whatever is selected.
    #[serde(default)]
    pub ignore: Vec<String>,
}

/// A string or a list of strings.
fn one_or_many<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(s) => vec![s],
        OneOrMany::Many(v) => v,
    })
}

/// A pack's settings for one check. Everything is optional: a check the pack does not mention
/// runs at its default severity with its default parameters.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
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

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PackMeta {
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub version: u32,
}

/// Word and phrase lists. See `rules/default.toml` for what each list means.
#[derive(Debug, Clone, Deserialize, Serialize)]
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
    // The grammar: closed word classes the source finder reads (see `rules/default.toml`).
    pub clause_stops: Vec<String>,
    pub subject_skips: Vec<String>,
    pub determiners: Vec<String>,
    pub documents: Vec<String>,
    pub quantities: Vec<String>,
    pub role_starts: Vec<String>,
    pub prepositions: Vec<String>,
    pub time_words: Vec<String>,
    pub name_particles: Vec<String>,
    pub group_openers: Vec<String>,
    pub strong_verbs: Vec<String>,
    pub cognition_verbs: Vec<String>,
    pub recipient_verbs: Vec<String>,
    pub cue_blockers: Vec<String>,
    pub place_prepositions: Vec<String>,
    pub courtesy_titles: Vec<String>,
    pub clause_openers: Vec<String>,
    pub body_possessions: Vec<String>,
    pub body_holdings: Vec<String>,
    pub agentless_participles: Vec<String>,
    pub agent_plural_endings: Vec<String>,
    pub issuer_adjectives: Vec<String>,
    pub infinitive_blockers: Vec<String>,
    pub gerund_openers: Vec<String>,
    pub speech_phrases: Vec<String>,
}

/// How much a claim of each kind counts toward the article's score, from 0 to 1.
#[derive(Debug, Clone, Deserialize, Serialize)]
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

#[derive(Debug, Clone, Deserialize, Serialize)]
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

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Penalties {
    pub error: f64,
    pub warning: f64,
    pub info: f64,
    pub cap_per_check: f64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Verdict {
    pub min: f64,
    pub label: String,
}

/// Largest rule pack read from a file. The default pack is about 30 KB; a file past this is
/// not a pack (`/dev/zero`, a file named by mistake) and is refused before it fills memory.
pub const MAX_PACK_BYTES: u64 = 4 << 20;

/// What a `--rules` value or an `extends` names.
enum PackName<'a> {
    /// A pack shipped in the binary (`default`), whatever files the folder holds.
    Builtin(&'a str),
    /// A file: the name contains `/` or ends in `.toml`.
    File,
    /// Neither: most likely a misspelt built-in name.
    Unknown,
}

fn pack_name(name: &str) -> PackName<'_> {
    if let Some((n, _)) = BUILTIN.iter().find(|(n, _)| *n == name) {
        PackName::Builtin(n)
    } else if name.contains(['/', std::path::MAIN_SEPARATOR]) || name.ends_with(".toml") {
        PackName::File
    } else {
        PackName::Unknown
    }
}

/// "no built-in pack `x`" with the nearest built-in name, for a name that is not a path.
fn unknown_pack(name: &str) -> String {
    let names: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
    let hint = nearest(name, &names)
        .map(|n| format!("did you mean `{n}`? "))
        .unwrap_or_default();
    format!("no built-in rule pack `{name}`: {hint}the built-in packs are default, strict and ap; a pack file's path contains `/` or ends in `.toml` (./{name})")
}

/// One file of a pack's `extends` chain, kept to point errors at their line.
struct Source {
    origin: String,
    text: String,
}

/// One step of a key path (`checks.ANON008.params.warn_share`, `scoring.verdicts[2].min`).
#[derive(Debug, Clone, PartialEq)]
enum Seg {
    Key(String),
    Index(usize),
}

fn dotted(key: &[Seg]) -> String {
    let mut out = String::new();
    for seg in key {
        match seg {
            Seg::Key(k) if out.is_empty() => out.push_str(k),
            Seg::Key(k) => {
                out.push('.');
                out.push_str(k);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

fn key_path(path: &serde_path_to_error::Path) -> Vec<Seg> {
    use serde_path_to_error::Segment;
    path.iter()
        .filter_map(|seg| match seg {
            Segment::Seq { index } => Some(Seg::Index(*index)),
            Segment::Map { key } => Some(Seg::Key(key.clone())),
            Segment::Enum { variant } => Some(Seg::Key(variant.clone())),
            Segment::Unknown => None,
        })
        .collect()
}

/// A value of the pack that is out of its range, at its key.
type Invalid = (Vec<Seg>, String);

fn key(parts: &[&str]) -> Vec<Seg> {
    parts.iter().map(|p| Seg::Key(p.to_string())).collect()
}

/// `value` is a finite number within `range`, else the error for `at`.
fn within(at: &[&str], value: f64, range: std::ops::RangeInclusive<f64>) -> Result<(), Invalid> {
    if value.is_finite() && range.contains(&value) {
        return Ok(());
    }
    Err((
        key(at),
        format!(
            "{value} is out of range: give a number from {} to {}",
            range.start(),
            range.end()
        ),
    ))
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
            bail!("{}", unknown_pack(name));
        };
        Self::parse_in(text, &format!("rules/{name}.toml (built in)"), None)
    }

    /// Read a pack: a built-in name (`default`, `strict`, `ap`) is the built-in pack, even when
    /// a file of that name is in the folder; anything else must be the path of a pack file
    /// (containing `/` or ending in `.toml`), a regular file of at most [`MAX_PACK_BYTES`].
    pub fn load(path: &Path) -> Result<RulePack> {
        let shown = path.display().to_string();
        match pack_name(&shown) {
            PackName::Builtin(name) => Self::named(name),
            PackName::Unknown => bail!("{}", unknown_pack(&shown)),
            PackName::File => {
                let text = crate::input::files::read_capped(path, "rule pack", MAX_PACK_BYTES)?;
                Self::parse_in(&text, &shown, Some(path))
            }
        }
    }

    /// Parse a pack; `origin` names it in error messages. `extends` paths are resolved from the
    /// current directory.
    pub fn parse(text: &str, origin: &str) -> Result<RulePack> {
        Self::parse_in(text, origin, None)
    }

    /// Parse a pack read from `path` (none: built in, or text given directly).
    fn parse_in(text: &str, origin: &str, path: Option<&Path>) -> Result<RulePack> {
        let mut sources = vec![Source {
            origin: origin.to_string(),
            text: text.to_string(),
        }];
        // A pack that extends nothing is parsed once, straight into the model (start-up time).
        let merged = if text.contains("extends") {
            merged_table(text, origin, path, &mut sources)?
        } else {
            None
        };
        // Serde first on its own: following the path of keys (to name the one at fault) costs
        // start-up time on every run, so it is done again only when there is a fault.
        let pack: RulePack = match merged {
            Some(table) => match RulePack::deserialize(toml::Value::Table(table)) {
                Ok(pack) => pack,
                Err(e) => {
                    let table = merged_table(text, origin, path, &mut Vec::new())?;
                    let value = toml::Value::Table(table.unwrap_or_default());
                    return Err(
                        match serde_path_to_error::deserialize::<_, RulePack>(value) {
                            Err(e) => invalid(&sources, &key_path(e.path()), e.inner().message()),
                            Ok(_) => invalid(&sources, &[], e.message()),
                        },
                    );
                }
            },
            None => match toml::from_str::<RulePack>(text) {
                Ok(pack) => pack,
                Err(first) => {
                    let de = toml::Deserializer::new(text);
                    let (key, e) = match serde_path_to_error::deserialize::<_, RulePack>(de) {
                        Err(e) => (key_path(e.path()), e.into_inner()),
                        Ok(_) => (Vec::new(), first),
                    };
                    return Err(match e.span() {
                        Some(span) => spanned_error(text, origin, span.start, &key, e.message()),
                        None => invalid(&sources, &key, e.message()),
                    });
                }
            },
        };
        pack.validate()
            .map_err(|(key, message)| invalid(&sources, &key, &message))?;
        Ok(pack)
    }

    /// The checks serde cannot make: numbers in range, known check ids and parameters.
    fn validate(&self) -> Result<(), Invalid> {
        let w = &self.weights;
        for (name, v) in [
            ("named", w.named),
            ("organization", w.organization),
            ("relayed", w.relayed),
            ("anonymous", w.anonymous),
            ("vague", w.vague),
            ("unattributed", w.unattributed),
        ] {
            within(&["weights", name], v, 0.0..=1.0)?;
        }
        let s = &self.scoring;
        within(
            &["scoring", "lede_multiplier"],
            s.lede_multiplier,
            0.0..=100.0,
        )?;
        let p = &s.penalties;
        for (name, v) in [
            ("error", p.error),
            ("warning", p.warning),
            ("info", p.info),
            ("cap_per_check", p.cap_per_check),
        ] {
            within(&["scoring", "penalties", name], v, 0.0..=100.0)?;
        }
        if s.verdicts.is_empty() {
            return Err((
                key(&["scoring", "verdicts"]),
                "no verdict: give at least one [[scoring.verdicts]] with min = 0".into(),
            ));
        }
        for (i, v) in s.verdicts.iter().enumerate() {
            within(&["scoring", "verdicts"], v.min, 0.0..=100.0).map_err(|(mut k, m)| {
                k.extend([Seg::Index(i), Seg::Key("min".into())]);
                (k, m)
            })?;
        }
        if self.lexicons.speech_verbs.is_empty() {
            return Err((
                key(&["lexicons", "speech_verbs"]),
                "empty: the classifier needs at least one cue verb".into(),
            ));
        }
        crate::checks::validate_selection(self)
            .map_err(|(list, i, message)| (vec![Seg::Key(list.into()), Seg::Index(i)], message))?;
        for (id, cfg) in &self.checks {
            let Some(check) = crate::checks::find(id) else {
                let ids: Vec<&str> = crate::checks::REGISTRY.iter().map(|c| c.id).collect();
                let hint = nearest(id, &ids)
                    .map(|n| format!("did you mean `{n}`? "))
                    .unwrap_or_default();
                return Err((
                    key(&["checks", id]),
                    format!("no such check: {hint}(`sourced rules list` lists them)"),
                ));
            };
            for (name, &v) in &cfg.params {
                let at = ["checks", id.as_str(), "params", name.as_str()];
                if !check.params.contains(&name.as_str()) {
                    let hint = nearest(name, check.params)
                        .map(|n| format!("did you mean `{n}`? "))
                        .unwrap_or_default();
                    let known = if check.params.is_empty() {
                        format!("{} takes no parameter", check.id)
                    } else {
                        format!("{} takes {}", check.id, check.params.join(", "))
                    };
                    return Err((
                        key(&at),
                        format!("unknown parameter `{name}`: {hint}{known}"),
                    ));
                }
                let top = if name.ends_with("_share") { 1.0 } else { 1e6 };
                within(&at, v, 0.0..=top)?;
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

/// The key of an error, down to the unknown key an "unknown field `namd`" message names (the
/// path serde reports ends at the table, or at the key, depending on the deserializer).
fn with_unknown_key(key: &[Seg], message: &str) -> Vec<Seg> {
    let mut full = key.to_vec();
    if let Some(unknown) = message
        .strip_prefix("unknown field `")
        .and_then(|r| r.split('`').next())
    {
        if full.last() != Some(&Seg::Key(unknown.to_string())) {
            full.push(Seg::Key(unknown.to_string()));
        }
    }
    full
}

/// An error at a key: in the first file of the chain that writes the key (the pack itself
/// before its parents), with that file's line and column.
fn invalid(sources: &[Source], key: &[Seg], message: &str) -> anyhow::Error {
    let hint = suggestion(message);
    let full = with_unknown_key(key, message);
    let shown = dotted(&full);
    let at = (1..=full.len()).rev().find_map(|len| {
        sources.iter().find_map(|s| {
            span_of(&s.text, &full[..len]).map(|span| {
                let (l, c) = line_col(&s.text, span.start);
                format!("{}:{l}:{c}", s.origin)
            })
        })
    });
    let at = at.unwrap_or_else(|| sources[0].origin.clone());
    anyhow::anyhow!(
        "{at}: invalid rule pack{}: {}{}",
        if shown.is_empty() {
            String::new()
        } else {
            format!(" at key `{shown}`")
        },
        message.trim_end(),
        hint.map(|s| format!("\n  did you mean `{s}`?"))
            .unwrap_or_default()
    )
}

/// Where `key` is written in a TOML text (the key itself, or the table or element it names).
fn span_of(text: &str, key: &[Seg]) -> Option<std::ops::Range<usize>> {
    use toml_edit::{Item, Table, TableLike, Value};
    #[derive(Clone, Copy)]
    enum Node<'a> {
        Item(&'a Item),
        Value(&'a Value),
        Table(&'a Table),
    }
    let doc = toml_edit::ImDocument::parse(text).ok()?;
    let mut node = Node::Table(doc.as_table());
    let mut span = None;
    for seg in key {
        let (at, next) = match seg {
            Seg::Key(k) => {
                let table: &dyn TableLike = match node {
                    Node::Item(i) => i.as_table_like()?,
                    Node::Value(v) => v.as_inline_table()?,
                    Node::Table(t) => t,
                };
                let (key, item) = table.get_key_value(k)?;
                (key.span(), Node::Item(item))
            }
            Seg::Index(i) => match node {
                Node::Item(Item::ArrayOfTables(a)) => {
                    let t = a.get(*i)?;
                    (t.span(), Node::Table(t))
                }
                Node::Item(Item::Value(Value::Array(a))) | Node::Value(Value::Array(a)) => {
                    let v = a.get(*i)?;
                    (v.span(), Node::Value(v))
                }
                _ => return None,
            },
        };
        span = at.or(span);
        node = next;
    }
    span
}

/// A parse error at byte `at` of a pack's own text, with its line and column.
fn spanned_error(text: &str, origin: &str, at: usize, key: &[Seg], message: &str) -> anyhow::Error {
    let (line, col) = line_col(text, at);
    let hint = suggestion(message)
        .map(|s| format!("\n  did you mean `{s}`?"))
        .unwrap_or_default();
    let full = with_unknown_key(key, message);
    let shown = dotted(&full);
    anyhow::anyhow!(
        "{origin}:{line}:{col}: invalid rule pack{}: {}{hint}\n  fix the key or value, or see rules/default.toml for the schema",
        if shown.is_empty() {
            String::new()
        } else {
            format!(" at key `{shown}`")
        },
        message.trim_end()
    )
}

/// A pack's text merged with the packs it `extends` (none when it extends nothing); every file
/// read goes to `sources`.
fn merged_table(
    text: &str,
    origin: &str,
    path: Option<&Path>,
    sources: &mut Vec<Source>,
) -> Result<Option<toml::Table>> {
    let me = path
        .and_then(|p| p.canonicalize().ok())
        .map_or_else(|| origin.to_string(), |p| p.display().to_string());
    let mut chain = vec![(me, origin.to_string())];
    let dir = path.and_then(Path::parent);
    let (table, extended) = resolve(text, origin, dir, &mut chain, sources)?;
    Ok(extended.then_some(table))
}

/// Parse a pack's text into a table, following `extends` to its parents and merging (and
/// whether it extended anything). `chain` holds the packs being resolved (canonical path, name
/// shown), to catch cycles however a path is spelt; `sources` collects every file read.
fn resolve(
    text: &str,
    origin: &str,
    dir: Option<&Path>,
    chain: &mut Vec<(String, String)>,
    sources: &mut Vec<Source>,
) -> Result<(toml::Table, bool)> {
    let mut table: toml::Table = toml::from_str(text).map_err(|e| {
        spanned_error(
            text,
            origin,
            e.span().map_or(0, |s| s.start),
            &[],
            e.message(),
        )
    })?;
    let Some(parent) = table.remove("extends") else {
        return Ok((table, false));
    };
    // Where `extends` is written, for an error about it (found only then: it parses the text
    // again).
    let at = || {
        span_of(text, &key(&["extends"]))
            .map(|s| {
                let (l, c) = line_col(text, s.start);
                format!("{origin}:{l}:{c}")
            })
            .unwrap_or_else(|| origin.to_string())
    };
    let toml::Value::String(name) = parent else {
        bail!(
            "{}: `extends` must be a string: a built-in pack (default, strict, ap) or a path",
            at()
        );
    };
    let (ptext, porigin, me, pdir): (String, String, String, Option<PathBuf>) =
        match pack_name(&name) {
            PackName::Builtin(n) => {
                let text = BUILTIN.iter().find(|(b, _)| *b == n).map_or("", |(_, t)| t);
                let shown = format!("rules/{n}.toml (built in)");
                (text.to_string(), shown.clone(), shown, None)
            }
            PackName::Unknown => bail!("{}: extends = \"{name}\": {}", at(), unknown_pack(&name)),
            PackName::File => {
                let path = dir.unwrap_or(Path::new(".")).join(&name);
                let t = crate::input::files::read_capped(&path, "rule pack", MAX_PACK_BYTES)
                    .with_context(|| format!("{}: extends = \"{name}\"", at()))?;
                // The same file however its path is spelt (`../r/sub/../self.toml`).
                let me = path
                    .canonicalize()
                    .map_or_else(|_| path.display().to_string(), |p| p.display().to_string());
                (
                    t,
                    path.display().to_string(),
                    me,
                    path.parent().map(Path::to_path_buf),
                )
            }
        };
    if chain.iter().any(|(c, _)| *c == me) {
        let names: Vec<&str> = chain.iter().map(|(_, n)| n.as_str()).collect();
        bail!(
            "{}: `extends` cycle: {} → {porigin}",
            at(),
            names.join(" → ")
        );
    }
    chain.push((me, porigin.clone()));
    sources.push(Source {
        origin: porigin.clone(),
        text: ptext.clone(),
    });
    let (mut base, _) = resolve(&ptext, &porigin, pdir.as_deref(), chain, sources)?;
    chain.pop();
    lexicon_edits_are_strings(&table).map_err(|(key, message)| {
        let me = [Source {
            origin: origin.to_string(),
            text: text.to_string(),
        }];
        invalid(&me, &key, &message)
    })?;
    merge(&mut base, table, origin)?;
    Ok((base, true))
}

/// Every entry of `[lexicons.add]` and `[lexicons.remove]` is a string (checked before they
/// are merged into the parent's lists, where the key would point into the parent).
fn lexicon_edits_are_strings(table: &toml::Table) -> Result<(), Invalid> {
    let Some(toml::Value::Table(lexicons)) = table.get("lexicons") else {
        return Ok(());
    };
    for op in ["add", "remove"] {
        let Some(toml::Value::Table(edits)) = lexicons.get(op) else {
            continue;
        };
        for (list, entries) in edits {
            let toml::Value::Array(entries) = entries else {
                continue;
            };
            if let Some(i) = entries.iter().position(|e| !e.is_str()) {
                let mut at = key(&["lexicons", op, list]);
                at.push(Seg::Index(i));
                return Err((
                    at,
                    format!("invalid type: {}, expected a string", entries[i].type_str()),
                ));
            }
        }
    }
    Ok(())
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
