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
pub mod input;
pub mod kind;
pub mod report;
pub mod rules;
pub mod score;
pub mod segment;

use attribute::Attributor;
use input::Article;
use report::{Claim, DocumentReport};
use rules::RulePack;

/// The pipeline, compiled once from a rule pack and reused for every article.
#[derive(Debug, Clone)]
pub struct Checker {
    pack: RulePack,
    attributor: Attributor,
    check_lex: checks::CheckLexicon,
}

impl Checker {
    pub fn new(pack: RulePack) -> Self {
        let attributor = Attributor::new(&pack);
        let check_lex = checks::CheckLexicon::compile(&pack);
        Checker {
            pack,
            attributor,
            check_lex,
        }
    }

    pub fn pack(&self) -> &RulePack {
        &self.pack
    }

    /// Check one article: every sentence of it comes back as a claim.
    pub fn check(&self, article: &Article) -> DocumentReport {
        let text = &article.text;
        let spans = segment::segment(text);
        let atts = self.attributor.attribute(text, &spans);
        let mut lines = LineIndex::new(article.source());
        let claims: Vec<Claim> = spans
            .iter()
            .zip(atts)
            .map(|(span, a)| {
                let (line, column) = lines.line_col(article.source_offset(span.start));
                Claim {
                    start: article.file_offset(span.start),
                    end: article.file_end(span.end),
                    line,
                    column,
                    text: text[span.start..span.end].to_string(),
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
        let findings = checks::suppress(findings, &claims, &article.directives, &self.pack);
        let score = score::score(&kinds, &findings, &self.pack);
        let (sources, counts) = DocumentReport::summarize(&claims);
        DocumentReport {
            path: article.path.clone(),
            score,
            verdict: self.pack.verdict(score as f64).to_string(),
            claims,
            sources,
            counts,
            findings,
            warnings: article.warnings.clone(),
        }
    }
}

/// Line and column of increasing offsets in one pass (claims come in order). A line ends at
/// `\n`, `\r\n` or a lone `\r`; columns count characters.
struct LineIndex<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
    /// Characters from the start of the line to `pos`.
    col: usize,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> Self {
        LineIndex {
            text,
            pos: 0,
            line: 1,
            col: 0,
        }
    }

    /// 1-based line and column of `offset`, which must not go backwards.
    fn line_col(&mut self, offset: usize) -> (usize, usize) {
        let bytes = self.text.as_bytes();
        while self.pos < offset {
            let b = bytes[self.pos];
            let lone_cr = b == b'\r' && bytes.get(self.pos + 1) != Some(&b'\n');
            if b == b'\n' || lone_cr {
                self.line += 1;
                self.col = 0;
            } else if b & 0xC0 != 0x80 {
                // A byte that starts a character (not a UTF-8 continuation byte).
                self.col += 1;
            }
            self.pos += 1;
        }
        (self.line, self.col + 1)
    }
}
