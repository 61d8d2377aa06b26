//! The whole pipeline (decode, segment, attribute, checks, score) on arbitrary bytes.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use sourced::input::Article;
use sourced::rules::RulePack;
use sourced::Checker;

fuzz_target!(|bytes: &[u8]| {
    static CHECKER: OnceLock<Checker> = OnceLock::new();
    let checker = CHECKER.get_or_init(|| Checker::new(RulePack::builtin()));
    if let Ok(article) = Article::from_bytes("fuzz.txt", bytes) {
        let doc = checker.check(&article);
        for c in &doc.claims {
            assert!(c.start <= c.end && c.end <= bytes.len());
        }
        assert!(doc.score.is_none_or(|s| s <= 100));
    }
});
