//! The segmenter on arbitrary text: spans in order, on char boundaries, covering every
//! non-white-space byte.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let spans = sourced::segment::segment(text);
    let mut last = 0;
    for s in &spans {
        assert!(s.start >= last && s.start < s.end && s.end <= text.len());
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        assert!(text[last..s.start].trim().is_empty());
        last = s.end;
    }
    assert!(text[last..].trim().is_empty());
});
