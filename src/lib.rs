//! sourced: says who? Classifies every claim of a news article by how it is attributed and
//! reports how well the article is sourced.
//!
//! The pipeline, one module per stage, data flowing one way:
//!
//! ```text
//! input (Article) → segment (claim spans) → attribute (Attribution per claim)
//!                 → checks (policy findings) → score (0–100) → report (Report model → renderers)
//! ```
//!
//! [`Checker`] runs the whole pipeline for one article with one rule pack.

pub mod attribute;
pub mod baseline;
pub mod checks;
pub mod config;
pub mod diff;
pub mod input;
pub mod kind;
pub mod report;
pub mod rules;
pub mod score;
pub mod segment;
pub mod server;
mod swar;

use attribute::Attributor;
use input::Article;
use report::{Claim, DocumentReport};
use rules::RulePack;

/// The most of one claim the attributor reads, in bytes. No sentence comes near it (the longest
/// in the BBC corpus is under 1 KB); a longer "claim" is a run with no sentence end (a file of
/// dots, a minified line), whose attribution is read from its start, in bounded memory.
pub const ATTRIBUTION_WINDOW: usize = 64 << 10;

/// The pipeline, compiled once from a rule pack and reused for every article.
#[derive(Debug, Clone)]
pub struct Checker {
    pack: RulePack,
    attributor: Attributor,
    check_lex: checks::CheckLexicon,
    /// The outlet named on the command line, over the pack's and the article's own.
    outlet: Vec<String>,
}

impl Checker {
    pub fn new(pack: RulePack) -> Self {
        let attributor = Attributor::new(&pack);
        let check_lex = checks::CheckLexicon::compile(&pack);
        Checker {
            pack,
            attributor,
            check_lex,
            outlet: Vec::new(),
        }
    }

    /// Check every article as the work of this outlet (its names: "The Washington Post",
    /// "The Post"), whatever the pack or the article says.
    pub fn with_outlet(mut self, names: Vec<String>) -> Self {
        self.outlet = names;
        self
    }

    /// The article's own outlet, from the first of: the command line, the pack (`outlet` in the
    /// config), the article itself.
    fn outlet_of(&self, article: &Article) -> Vec<String> {
        if !self.outlet.is_empty() {
            return self.outlet.clone();
        }
        if !self.pack.outlet.is_empty() {
            return self.pack.outlet.clone();
        }
        article.outlet.iter().cloned().collect()
    }

    pub fn pack(&self) -> &RulePack {
        &self.pack
    }

    /// Check one article: every sentence of it comes back as a claim.
    pub fn check<'a>(&self, article: &'a Article) -> DocumentReport<'a> {
        let text = &article.text;
        // Sentences go to attribution as the segmenter finds them; each attribution holds its
        // claim's span. A claim longer than any sentence is attributed from its first
        // ATTRIBUTION_WINDOW bytes (the attributor keeps a token per word or mark of a claim:
        // 20 MB of dots were 20 million tokens), and gets its full span back after.
        let mut long: Vec<(usize, usize)> = Vec::new();
        let spans = segment::sentences(text).enumerate().map(|(i, span)| {
            if span.end - span.start <= ATTRIBUTION_WINDOW {
                return span;
            }
            long.push((i, span.end));
            let mut end = span.start + ATTRIBUTION_WINDOW;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            segment::Span { end, ..span }
        });
        let outlet = self.outlet_of(article);
        let own = attribute::OwnOutlet::new(&outlet);
        let mut atts = self.attributor.attribute(text, spans, &own);
        for (i, end) in long {
            atts[i].span.end = end;
        }
        let mut lines = LineIndex::new(article.source());
        // The claims are collected in the attributions' memory (a claim is no larger than an
        // attribution), so a long article never holds both lists at once.
        let claims: Vec<Claim> = atts
            .into_iter()
            .map(|a| {
                let span = a.span;
                let (line, column) = lines.line_col(article.source_offset(span.start));
                Claim {
                    start: article.file_offset(span.start),
                    end: article.file_end(span.end),
                    line,
                    column,
                    text: std::borrow::Cow::Borrowed(&text[span.start..span.end]),
                    kind: a.kind,
                    source: a.source,
                    via: a.via,
                    cue: a.cue,
                    source_role: a.role,
                    continued: a.continued,
                }
            })
            .collect();
        let kinds: Vec<_> = claims.iter().map(|c| c.kind).collect();
        let findings = checks::run(&claims, &self.pack, &self.check_lex);
        let mut findings = checks::suppress(findings, &claims, &article.directives, &self.pack);
        mark_ends(&mut findings, &claims, article);
        let score = score::score(&kinds, &findings, &self.pack);
        let (sources, counts) = DocumentReport::summarize(&claims);
        DocumentReport {
            path: article.path.clone(),
            outlet: outlet.into_iter().next(),
            score,
            verdict: score
                .map_or(report::NO_CLAIMS, |s| self.pack.verdict(s as f64))
                .to_string(),
            claims,
            sources,
            counts,
            findings,
            warnings: article.warnings.clone(),
        }
    }
}

/// Set where each finding about a claim ends: the line and column of the claim's last character
/// in the original file, counted from the claim's start over the claim alone (only the flagged
/// claims, a few per article, are looked at).
fn mark_ends(findings: &mut [report::Finding], claims: &[Claim], article: &Article) {
    let text = &article.text;
    let source = article.source();
    for f in findings {
        let Some(c) = f.claim_index.and_then(|i| claims.get(i)) else {
            continue;
        };
        // The claim's text is borrowed from the article's: its place there is its span.
        let Some(start) = (c.text.as_ptr() as usize).checked_sub(text.as_ptr() as usize) else {
            continue;
        };
        let from = article.source_offset(start).min(source.len());
        let end = article.source_end(start + c.text.len()).min(source.len());
        let Some(span) = source.get(from..end.max(from)) else {
            continue;
        };
        // The last character's start, as an offset in the claim's stretch of the source.
        let last = span.char_indices().next_back().map_or(0, |(i, _)| i);
        let mut lines = LineIndex::new(span);
        let (down, col) = lines.line_col(last);
        (f.end_line, f.end_column) = if down == 1 {
            (c.line, c.column.saturating_add(col - 1))
        } else {
            (c.line.saturating_add(down - 1), col)
        };
    }
}

/// Where a report fails its article: the first piece of the prose that is not white space and
/// that no claim covers, or a claim out of order or outside the file (`file_len` bytes). `None`
/// when every sentence of the article is a claim, in order, each pointing into the file. The
/// fuzz targets and the property tests hold every report to this.
pub fn uncovered(article: &Article, doc: &DocumentReport, file_len: usize) -> Option<String> {
    let text = &article.text;
    let base = text.as_ptr() as usize;
    let mut last = 0;
    let mut last_file = 0;
    for c in &doc.claims {
        let start = (c.text.as_ptr() as usize).wrapping_sub(base);
        if start > text.len()
            || start < last
            || text.get(start..start + c.text.len()) != Some(&*c.text)
        {
            return Some(format!(
                "claim {:?} is not the prose after offset {last}",
                c.text
            ));
        }
        if !text[last..start].trim().is_empty() {
            return Some(format!("prose dropped: {:?}", &text[last..start]));
        }
        if c.start > c.end || c.end > file_len || c.start < last_file {
            return Some(format!(
                "claim {:?} at {}..{} outside the file ({file_len} bytes) or out of order",
                c.text, c.start, c.end
            ));
        }
        last = start + c.text.len();
        last_file = c.start;
    }
    if !text[last..].trim().is_empty() {
        return Some(format!("prose dropped at the end: {:?}", &text[last..]));
    }
    None
}

/// `s` in lower case, borrowed when it already is (plain ASCII with no capital: most cues and
/// many sources), so comparing names without case rarely allocates.
pub fn lower(s: &str) -> std::borrow::Cow<'_, str> {
    if s.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(s.to_lowercase())
    }
}

/// Line and column of increasing offsets in one pass (claims come in order). A line ends at
/// `\n`, `\r\n` or a lone `\r`; columns count characters.
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
    /// Characters from the start of the line to `pos`.
    col: usize,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        LineIndex {
            text,
            pos: 0,
            line: 1,
            col: 0,
        }
    }

    /// 1-based line and column of `offset`, which must not go backwards (saturating at
    /// `u32::MAX`, see [`Claim::line`]).
    pub(crate) fn line_col(&mut self, offset: usize) -> (u32, u32) {
        let bytes = self.text.as_bytes();
        let offset = offset.min(bytes.len());
        if offset > self.pos {
            let span = &bytes[self.pos..offset];
            // A line ends at `\n`, or at a `\r` that no `\n` follows (looking past the span).
            let is_break = |i: usize| {
                let b = bytes[i];
                b == b'\n' || b == b'\r' && bytes.get(i + 1) != Some(&b'\n')
            };
            let breaks = if memchr::memchr(b'\r', span).is_some() {
                span.iter()
                    .enumerate()
                    .filter(|&(_, &b)| b == b'\n' || b == b'\r')
                    .filter(|&(k, _)| is_break(self.pos + k))
                    .count()
            } else {
                // The usual case: no carriage return, and a newline only now and then.
                memchr::memchr_iter(b'\n', span).count()
            };
            // Characters are the bytes that do not continue a UTF-8 sequence (in ASCII text,
            // every byte).
            let chars = |s: &[u8]| {
                if s.is_ascii() {
                    s.len()
                } else {
                    s.iter().filter(|&&b| (b as i8) >= -0x40).count()
                }
            };
            if breaks > 0 {
                self.line += breaks;
                // The last break: the last `\n`, or a later `\r` that ends a line.
                let last = memchr::memrchr2(b'\n', b'\r', span)
                    .and_then(|k| (0..=k).rev().find(|&k| is_break(self.pos + k)))
                    .unwrap_or(0);
                self.col = chars(&span[last + 1..]);
            } else {
                self.col += chars(span);
            }
            self.pos = offset;
        }
        let at_most = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        (at_most(self.line), at_most(self.col + 1))
    }
}

/// Test inputs: `count` mixes of `pieces`, each of fewer than `most` of them, picked by a fixed
/// linear congruential generator (the same inputs on every run).
#[cfg(test)]
pub(crate) fn mixes<'p, T: ?Sized>(
    pieces: &[&'p T],
    count: usize,
    most: u64,
    mut seed: u64,
) -> Vec<Vec<&'p T>> {
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        seed >> 33
    };
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        // The length from the generator too: an empty mix must not stop it.
        let len = next() % most;
        let mix = (0..len)
            .map(|_| pieces[next() as usize % pieces.len()])
            .collect();
        out.push(mix);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::LineIndex;

    /// Line and column by walking every character from the start.
    fn naive(text: &str, offset: usize) -> (u32, u32) {
        let (mut line, mut col) = (1, 1);
        let b = text.as_bytes();
        for (i, c) in text.char_indices().take_while(|&(i, _)| i < offset) {
            if c == '\n' || c == '\r' && b.get(i + 1) != Some(&b'\n') {
                line += 1;
                col = 1;
            } else {
                col += 1;
            }
        }
        (line, col)
    }

    /// `Checker::check` builds the claims in the attributions' memory; that needs a claim to
    /// be no larger than an attribution, with the same alignment. The size is the memory budget
    /// of a long article: 88 bytes a claim besides the text (issue #7: a 500 MB file holds
    /// about 4.4 million claims within twice its size).
    #[test]
    fn a_claim_fits_in_an_attribution() {
        use std::mem::{align_of, size_of};
        assert!(size_of::<crate::Claim>() <= size_of::<crate::attribute::Attribution>());
        assert!(size_of::<crate::attribute::Attribution>() <= 88);
        assert_eq!(
            align_of::<crate::Claim>(),
            align_of::<crate::attribute::Attribution>()
        );
    }

    /// `lower` is `to_lowercase`, borrowed or not.
    #[test]
    fn lower_is_to_lowercase() {
        let pieces = ["a", "Z", " ", "é", "É", "ǅ", "Σ", "\u{212A}", "-", "9"];
        for mix in super::mixes(&pieces, 500, 8, 3) {
            let s = mix.concat();
            let l = super::lower(&s);
            assert_eq!(l, s.to_lowercase(), "{s:?}");
            assert_eq!(
                matches!(l, std::borrow::Cow::Borrowed(_)),
                s.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase())
            );
        }
    }

    /// The generator keeps going: every length below `most` comes up, and the pieces vary.
    #[test]
    fn mixes_vary() {
        let mixes = super::mixes(&["a", "b", "c"], 500, 20, 7);
        let lengths: std::collections::BTreeSet<usize> = mixes.iter().map(Vec::len).collect();
        assert_eq!(lengths.len(), 20);
        let texts: std::collections::BTreeSet<String> = mixes.iter().map(|m| m.concat()).collect();
        assert!(texts.len() > 400, "{} distinct mixes", texts.len());
    }

    #[test]
    fn line_index_matches_a_walk_from_the_start() {
        let pieces = [
            "a",
            "é",
            "\n",
            "\r",
            "\r\n",
            " ",
            "“",
            "x\r\ny",
            "\u{1F600}",
        ];
        for mix in super::mixes(&pieces, 300, 40, 7) {
            let text = mix.concat();
            let offsets: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            let mut index = LineIndex::new(&text);
            for &o in offsets.iter().step_by(1 + mix.len() % 3) {
                assert_eq!(index.line_col(o), naive(&text, o), "{text:?} at {o}");
            }
        }
    }
}
