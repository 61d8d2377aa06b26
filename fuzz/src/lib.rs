//! What the reader fuzz targets share: run a format's reader and the pipeline after it on
//! arbitrary bytes, and hold the offsets to their invariants.

use std::sync::OnceLock;

use sourced::input::{Article, InputFormat};
use sourced::rules::RulePack;
use sourced::Checker;

/// Offsets stay inside the file and claims come in order.
pub fn check_reader(bytes: &[u8], format: InputFormat) {
    static CHECKER: OnceLock<Checker> = OnceLock::new();
    let checker = CHECKER.get_or_init(|| Checker::new(RulePack::builtin()));
    if let Ok(article) = Article::from_bytes_as("fuzz", bytes, format) {
        let doc = checker.check(&article);
        let mut last = 0;
        for c in &doc.claims {
            assert!(
                c.start <= c.end && c.end <= bytes.len(),
                "{} {} {}",
                c.start,
                c.end,
                bytes.len()
            );
            assert!(c.start >= last, "claims out of order");
            last = c.start;
        }
    }
}

/// The whole check on `bytes` read as `format`: every sentence of the prose is a claim, in
/// order, inside the file ([`sourced::uncovered`]), and the score is in range.
pub fn check_coverage(bytes: &[u8], format: InputFormat) {
    static CHECKER: OnceLock<Checker> = OnceLock::new();
    let checker = CHECKER.get_or_init(|| Checker::new(RulePack::builtin()));
    if let Ok(article) = Article::from_bytes_as("fuzz", bytes, format) {
        let doc = checker.check(&article);
        if let Some(problem) = sourced::uncovered(&article, &doc, bytes.len()) {
            panic!("{format:?}: {problem}");
        }
        assert!(doc.score.is_none_or(|s| s <= 100));
    }
}
