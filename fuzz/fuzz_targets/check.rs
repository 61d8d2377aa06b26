//! The whole `check` path on arbitrary bytes, read as plain text, Markdown or HTML (the first
//! byte picks): decode, read the format, segment, attribute, check, score. Every sentence of
//! the prose must come back as a claim, in order, pointing into the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sourced::input::InputFormat;

fuzz_target!(|bytes: &[u8]| {
    let Some((&pick, body)) = bytes.split_first() else {
        return;
    };
    let format = match pick % 3 {
        0 => InputFormat::Text,
        1 => InputFormat::Markdown,
        _ => InputFormat::Html,
    };
    sourced_fuzz::check_coverage(body, format);
});
