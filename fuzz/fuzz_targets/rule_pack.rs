//! The rule-pack loader on arbitrary text: an error or a pack, never a panic; a pack that
//! loads can check an article.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sourced::input::Article;
use sourced::rules::RulePack;
use sourced::Checker;

fuzz_target!(|text: &str| {
    // Half the inputs start from the real pack, so that the fuzzer reaches the deep keys.
    let text = if text.starts_with('#') {
        format!("{}\n{}", sourced::rules::DEFAULT_PACK, text)
    } else {
        text.to_string()
    };
    if let Ok(pack) = RulePack::parse(&text, "fuzz.toml") {
        let doc = Checker::new(pack)
            .check(&Article::from_text("x", "Officials said talks stalled."))
            .into_owned();
        assert!(doc.score.is_none_or(|s| s <= 100));
    }
});
