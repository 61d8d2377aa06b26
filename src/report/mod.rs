//! Stage 5: the report — one serde data model, many renderers.
//!
//! Analysis builds a [`Report`]; renderers ([`table`], [`json`]) only read it. Adding an output
//! format never touches the pipeline.

pub mod annotate;
pub mod github;
pub mod html;
pub mod json;
pub mod jsonl;
pub mod junit;
pub mod line;
pub mod markdown;
pub mod sarif;
pub mod summary;
pub mod table;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

pub use crate::checks::Severity;
use crate::kind::Kind;
use arcstr::ArcStr;

/// The version of the JSON report's format (`"version"` at its top). It goes up when a field
/// changes its meaning or goes away; new fields may come without it. `schema/report.schema.json`
/// describes this version.
pub const REPORT_VERSION: u32 = 1;

/// Everything `sourced check` found, for every article. Serialized as
/// `{"version": REPORT_VERSION, "documents": [...]}`.
#[derive(Debug, Clone)]
pub struct Report<'a> {
    pub documents: Vec<DocumentReport<'a>>,
}

impl Serialize for Report<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut report = s.serialize_struct("Report", 2)?;
        report.serialize_field("version", &REPORT_VERSION)?;
        report.serialize_field("documents", &self.documents)?;
        report.end()
    }
}

/// One article's report. Its claims borrow their text from the article (`'a`) until
/// [`DocumentReport::into_owned`] copies it.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentReport<'a> {
    pub path: String,
    /// The article's own outlet, when known (`--outlet`, the config, front matter, a
    /// copyright line): its citations of itself are `organization`, never `via`.
    pub outlet: Option<String>,
    /// Reliability score, 0–100 (see the README for the formula); `None` (`null` in JSON) for
    /// an article with no claim, which has nothing to judge.
    pub score: Option<u32>,
    /// The pack's verdict for the score ([`NO_CLAIMS`] when there is none).
    pub verdict: String,
    pub claims: Vec<Claim<'a>>,
    /// Each distinct source once per kind and outlet (`via`), in order of first appearance.
    pub sources: Vec<LedgerEntry>,
    /// How many claims of each kind (every kind present, zeros included).
    pub counts: BTreeMap<Kind, usize>,
    /// What the pack's policy checks found, in the order of the text.
    pub findings: Vec<Finding>,
    /// Problems met reading the article that did not stop the check.
    pub warnings: Vec<String>,
}

/// "1 claim", "9 claims".
pub fn claims(n: usize) -> String {
    if n == 1 {
        "1 claim".to_string()
    } else {
        format!("{n} claims")
    }
}

/// The verdict of an article with no claim (and so no score).
pub const NO_CLAIMS: &str = "no claims";

/// A policy check's finding.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// The check's stable id (`sourced explain ID`).
    pub id: String,
    pub severity: Severity,
    pub message: String,
    /// Where it applies: the claim's offsets and position (for an article-level finding, the
    /// start of the file).
    pub start: usize,
    pub end: usize,
    pub line: u32,
    pub column: u32,
    /// Where it ends: the line and column of the claim's last character (for an article-level
    /// finding, its start), so that editors and annotations can mark the whole claim.
    pub end_line: u32,
    pub end_column: u32,
    /// The claim it is about, if it is about one.
    pub claim_index: Option<usize>,
}

/// One claim (a sentence) and its attribution.
#[derive(Debug, Clone, Serialize)]
pub struct Claim<'a> {
    /// Byte offsets into the file as read.
    pub start: usize,
    pub end: usize,
    /// 1-based; the column counts characters (a line or column past `u32::MAX` reads as
    /// `u32::MAX`: positions are for editors, and four words of them per claim add up on an
    /// archive-sized file).
    pub line: u32,
    pub column: u32,
    /// The sentence as the article has it (borrowed from the article's text).
    pub text: Cow<'a, str>,
    pub kind: Kind,
    // Shared strings (one word each, and a name quoted a thousand times is held once) keep a
    // claim no larger than the attribution it is made from, so the claims of an article are
    // built in the attributions' memory.
    pub source: Option<ArcStr>,
    pub via: Option<ArcStr>,
    pub cue: Option<ArcStr>,
    /// The source's role or title as the article gives it ("professor", "spokesman").
    pub source_role: Option<ArcStr>,
    /// The claim takes its source from a quotation it belongs to, not from a cue of its own.
    pub continued: bool,
}

/// A row of the source ledger: who is cited, how, through which outlet, and how often. A source
/// quoted both directly and through an outlet has a row for each.
#[derive(Debug, Clone, Serialize)]
pub struct LedgerEntry {
    pub source: String,
    pub kind: Kind,
    pub claims: usize,
    pub via: Option<String>,
}

/// A renderer that writes each document as soon as it is ready: the check command renders a
/// document on the thread that checked it, writes the documents in input order, and drops each
/// report once it is written, so a directory is never held in memory at once.
pub trait Stream: Sync {
    /// What comes before the first document.
    fn begin(&self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
    /// What comes before each document (`first`: nothing was written before it).
    fn separator(&self, _first: bool, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
    /// One document (written straight out when it is next in order, else to a buffer on the
    /// worker's thread).
    fn document(&self, doc: &DocumentReport, out: &mut dyn Write) -> io::Result<()>;
    /// One document rendered into memory (a worker's buffer, copied out later in input
    /// order). A renderer that gathers its many small writes in a buffer of its own can write
    /// straight into `buf` instead.
    fn document_into(&self, doc: &DocumentReport, buf: &mut Vec<u8>) -> io::Result<()> {
        self.document(doc, buf)
    }
    /// What comes after the last document.
    fn end(&self, _wrote_any: bool, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}

/// Render a whole report with a streaming renderer.
pub fn render_stream(stream: &dyn Stream, report: &Report, out: &mut dyn Write) -> io::Result<()> {
    stream.begin(out)?;
    for (i, doc) in report.documents.iter().enumerate() {
        stream.separator(i == 0, out)?;
        stream.document(doc, out)?;
    }
    stream.end(!report.documents.is_empty(), out)
}

/// Escape text for markup (HTML and XML content and attribute values). Control characters that
/// XML 1.0 forbids become spaces.
pub fn escape_markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Text from an article made safe to print on a terminal: control characters (C0, DEL, C1)
/// and the bidirectional overrides become visible stand-ins, so that an article cannot send
/// escape sequences (`\x1b]0;title\x07`, `\x1b[2J`) to the reader's terminal or reorder what
/// it shows. Escape shows as `␛`, other C0 controls as their control pictures (`␇`), the rest
/// as U+FFFD; tabs and line ends become spaces. Borrowed when there is nothing to replace.
pub fn printable(s: &str) -> Cow<'_, str> {
    let unsafe_char =
        |c: char| c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if !s.chars().any(unsafe_char) {
        return Cow::Borrowed(s);
    }
    s.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => ' ',
            c if (c as u32) < 0x20 => char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'),
            '\u{7F}' => '\u{2421}',
            c if unsafe_char(c) => '\u{FFFD}',
            c => c,
        })
        .collect::<String>()
        .into()
}

impl DocumentReport<'_> {
    /// The score as a reader sees it: `45/100`, or `no claims`.
    pub fn score_text(&self) -> String {
        match self.score {
            Some(s) => format!("{s}/100"),
            None => NO_CLAIMS.to_string(),
        }
    }

    /// The report with its claims' text copied, free of the article it was made from.
    pub fn into_owned(self) -> DocumentReport<'static> {
        DocumentReport {
            path: self.path,
            outlet: self.outlet,
            score: self.score,
            verdict: self.verdict,
            claims: self
                .claims
                .into_iter()
                .map(|c| Claim {
                    text: Cow::Owned(c.text.into_owned()),
                    ..c
                })
                .collect(),
            sources: self.sources,
            counts: self.counts,
            findings: self.findings,
            warnings: self.warnings,
        }
    }

    /// Build the ledger and the counts from the claims.
    ///
    /// A row per source, kind and outlet: a source quoted directly and through an outlet shows
    /// both, each with its own count. An agentless cue ("are expected to", "it is believed")
    /// stands as its claim's source but names no one, so it has no row.
    pub fn summarize(claims: &[Claim]) -> (Vec<LedgerEntry>, BTreeMap<Kind, usize>) {
        type Row<'c> = (Cow<'c, str>, Kind, Option<Cow<'c, str>>);
        let mut ledger: Vec<LedgerEntry> = Vec::new();
        let mut at: rustc_hash::FxHashMap<Row, usize> = Default::default();
        // A claim's source and outlet are an article's shared strings: the claims of one source
        // hold the same ones. The row of each pair of strings (by address and length) is
        // remembered, so a name is lower-cased once, not once per claim; strings met anew find
        // their row by lower case.
        let address = |s: &ArcStr| (s.as_ptr() as usize, s.len());
        let mut row_of: rustc_hash::FxHashMap<_, usize> = Default::default();
        for c in claims {
            let Some(src) = &c.source else { continue };
            if c.kind == Kind::Unattributed || c.cue.as_ref() == Some(src) {
                continue;
            }
            let same_strings = (address(src), c.via.as_ref().map(address), c.kind);
            let row = *row_of.entry(same_strings).or_insert_with(|| {
                let key = (
                    crate::lower(src),
                    c.kind,
                    c.via.as_deref().map(crate::lower),
                );
                *at.entry(key).or_insert_with(|| {
                    ledger.push(LedgerEntry {
                        source: src.to_string(),
                        kind: c.kind,
                        claims: 0,
                        via: c.via.as_deref().map(str::to_string),
                    });
                    ledger.len() - 1
                })
            });
            ledger[row].claims += 1;
        }
        let mut counts: BTreeMap<Kind, usize> = Kind::ALL.iter().map(|&k| (k, 0)).collect();
        for c in claims {
            *counts.entry(c.kind).or_default() += 1;
        }
        (ledger, counts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue #17, item 12: no control character of an article reaches the terminal.
    #[test]
    fn printable_replaces_control_characters() {
        let s = "Smith said \x1b]0;pwned\x07\x1b[2J it\u{9b}31m \u{202E}won\u{7f}.\tok";
        let p = super::printable(s);
        assert!(!p.chars().any(|c| c.is_control()), "{p:?}");
        assert_eq!(
            p,
            "Smith said ␛]0;pwned␇␛[2J it\u{FFFD}31m \u{FFFD}won␡. ok"
        );
        assert!(matches!(
            super::printable("Plain, “quoted” é."),
            Cow::Borrowed(_)
        ));
    }

    /// One row per source, kind and outlet, whatever the case of the names and whether the
    /// claims share their strings: in order of first appearance, with every claim counted; an
    /// agentless cue standing as its own source has no row.
    #[test]
    fn ledger_rows_by_lower_case_name_and_kind() {
        let shared = ArcStr::from("Reuters");
        let claim = |source: Option<ArcStr>, kind: Kind, via: Option<&str>| Claim {
            start: 0,
            end: 0,
            line: 1,
            column: 1,
            text: Cow::Borrowed(""),
            kind,
            source,
            via: via.map(ArcStr::from),
            cue: None,
            source_role: None,
            continued: false,
        };
        let claims = [
            claim(Some(shared.clone()), Kind::Organization, None),
            claim(Some(ArcStr::from("Ana Ruiz")), Kind::Named, None),
            claim(Some(shared.clone()), Kind::Organization, Some("AP")),
            claim(
                Some(ArcStr::from("REUTERS")),
                Kind::Organization,
                Some("AFP"),
            ),
            claim(Some(shared.clone()), Kind::Relayed, None),
            claim(Some(ArcStr::from("reuters")), Kind::Relayed, None),
            claim(Some(shared.clone()), Kind::Unattributed, None),
            claim(None, Kind::Unattributed, None),
            claim(
                Some(ArcStr::from("reuters")),
                Kind::Organization,
                Some("ap"),
            ),
            Claim {
                cue: Some(ArcStr::from("are expected to")),
                ..claim(Some(ArcStr::from("are expected to")), Kind::Vague, None)
            },
        ];
        let (ledger, counts) = DocumentReport::summarize(&claims);
        let rows: Vec<_> = ledger
            .iter()
            .map(|e| (e.source.as_str(), e.kind, e.claims, e.via.as_deref()))
            .collect();
        assert_eq!(
            rows,
            [
                ("Reuters", Kind::Organization, 1, None),
                ("Ana Ruiz", Kind::Named, 1, None),
                ("Reuters", Kind::Organization, 2, Some("AP")),
                ("REUTERS", Kind::Organization, 1, Some("AFP")),
                ("Reuters", Kind::Relayed, 2, None),
            ]
        );
        assert_eq!(counts[&Kind::Organization], 4);
        assert_eq!(counts[&Kind::Unattributed], 2);
        assert_eq!(counts.len(), Kind::ALL.len());
    }
}
