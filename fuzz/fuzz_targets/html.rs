//! The html reader and the pipeline after it on arbitrary bytes: offsets stay inside the file,
//! on the first byte of a character, and claims come in order.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use sourced::input::{Article, InputFormat};
use sourced::rules::RulePack;
use sourced::Checker;

fuzz_target!(|bytes: &[u8]| {
    static CHECKER: OnceLock<Checker> = OnceLock::new();
    let checker = CHECKER.get_or_init(|| Checker::new(RulePack::builtin()));
    if let Ok(article) = Article::from_bytes_as("fuzz", bytes, InputFormat::Html) {
        let doc = checker.check(&article);
        let mut last = 0;
        for c in &doc.claims {
            assert!(c.start <= c.end && c.end <= bytes.len(), "{} {} {}", c.start, c.end, bytes.len());
            assert!(c.start >= last, "claims out of order");
            last = c.start;
        }
    }
});
