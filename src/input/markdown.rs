//! Markdown → prose, through pulldown-cmark with source offsets.
//!
//! Prose is the text of paragraphs, headings, list items, block quotes and table cells. Front
//! matter, code blocks, inline code, link targets, images and HTML are not prose. Every piece of
//! prose keeps the offset it came from, and blocks are separated by blank lines so that the
//! segmenter ends a claim at each block.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::directives::{self, Directive};
use super::{OffsetMap, TextBuilder};

pub fn prose(source: &str) -> (String, OffsetMap, Vec<Directive>) {
    let unix = unix_line_ends(source);
    let parsed = unix.as_deref().unwrap_or(source);
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut out = TextBuilder::default();
    let mut found = Vec::new();
    // Depth inside content that is not prose (code blocks, front matter, images).
    let mut skip = 0usize;
    // Comments come in order: their lines are counted in one pass (a lone `\r` ends a line).
    let mut lines = crate::LineIndex::new(source);
    for (event, range) in Parser::new_ext(parsed, opts).into_offset_iter() {
        match event {
            Event::Start(
                Tag::CodeBlock(_) | Tag::MetadataBlock(_) | Tag::Image { .. } | Tag::HtmlBlock,
            ) => {
                skip += 1;
            }
            Event::End(
                TagEnd::CodeBlock | TagEnd::MetadataBlock(_) | TagEnd::Image | TagEnd::HtmlBlock,
            ) => {
                skip = skip.saturating_sub(1);
                out.separate("\n\n", range.end);
            }
            Event::Text(t) if skip == 0 => {
                // The text as written when it is unchanged (the usual case); an unescaped or
                // entity-decoded run still starts where its source starts.
                out.push_mapped(&t, range.start, range.end);
            }
            Event::Code(_) if skip == 0 => out.separate(" ", range.start),
            Event::SoftBreak if skip == 0 => out.separate(" ", range.start),
            Event::HardBreak if skip == 0 => out.separate("\n", range.start),
            Event::Html(h) | Event::InlineHtml(h) => {
                for (at, comment) in comments(&h) {
                    let start = range.start + at;
                    let end = start + comment.len();
                    let (line, _) = lines.line_col(start);
                    if let Some(d) = directives::parse(comment, start, end, line) {
                        found.push(d);
                    }
                }
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::FootnoteDefinition,
            ) => out.separate("\n\n", range.end),
            Event::End(TagEnd::TableCell) => out.separate(" ", range.end),
            Event::Rule => out.separate("\n\n", range.start),
            _ => {}
        }
    }
    let (text, map) = out.finish();
    (text, map, found)
}

/// `source` with each lone `\r` (an old Mac line end) turned into `\n`, when it has any.
///
/// CommonMark counts a lone `\r` as a line end, but pulldown-cmark does not always (a code
/// fence or an HTML comment closed on a `\r`-ended line ran on to the end of the file and the
/// prose after it was lost). The copy has the same length, so every offset into it is an offset
/// into the file; lines are still counted in the file itself.
fn unix_line_ends(source: &str) -> Option<String> {
    let bytes = source.as_bytes();
    let lone = |k: usize| bytes.get(k + 1) != Some(&b'\n');
    if !memchr::memchr_iter(b'\r', bytes).any(lone) {
        return None;
    }
    let mut out = bytes.to_vec();
    for k in memchr::memchr_iter(b'\r', bytes).filter(|&k| lone(k)) {
        out[k] = b'\n';
    }
    // Only ASCII bytes changed, for ASCII bytes.
    String::from_utf8(out).ok()
}

/// The `<!-- ... -->` comments in a piece of HTML, with their offsets in it.
pub fn comments(html: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(s) = html[from..].find("<!--") {
        let s = from + s;
        let Some(e) = html[s..].find("-->") else {
            break;
        };
        let e = s + e + 3;
        out.push((s, &html[s..e]));
        from = e;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(src: &str) -> (String, Vec<Directive>) {
        let (text, map, d) = prose(src);
        // Every word of the prose maps back onto the same word in the source.
        for (i, w) in text.match_indices(|c: char| c.is_alphanumeric()) {
            let at = map.map(i);
            assert_eq!(&src[at..at + w.len()], w, "{text:?} at {i}");
        }
        (text, d)
    }

    #[test]
    fn code_front_matter_and_links_are_not_prose() {
        let src = "---\ntitle: X\n---\n\n# Budget cut\n\nThe mayor [said](http://x.test/said) so. Use `grep said` here.\n\n```\nsaid = 1\n```\n\n- Police said it was calm.\n";
        let (text, _) = pieces(src);
        assert!(
            !text.contains("title")
                && !text.contains("http")
                && !text.contains("grep")
                && !text.contains("said = 1")
        );
        assert!(text.contains("Budget cut"));
        assert!(text.contains("The mayor said so."));
        assert!(text.contains("Police said it was calm."));
    }

    /// Issue #17, item 3: with `\r` line ends, the prose after a code fence or an HTML comment
    /// is still prose, and the directive is on its line.
    #[test]
    fn lone_carriage_returns_keep_the_prose_after_fences_and_comments() {
        let src = "# Title\r\r```\rcode\r```\r\rPolice said it was calm.\r\r<!-- sourced-disable-next-line VAG001 -->\rExperts say so.\r\rThe end.\r";
        let (text, d) = pieces(src);
        assert!(text.contains("Police said it was calm."), "{text:?}");
        assert!(text.contains("Experts say so."), "{text:?}");
        assert!(text.contains("The end."), "{text:?}");
        assert!(!text.contains("code"), "{text:?}");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, 9);
    }

    #[test]
    fn hard_wrapped_paragraphs_join_and_comments_are_directives() {
        let src = "Officials said the plan\nwas dropped.\n\n<!-- sourced-disable-next-line ANON003 -->\nAn aide said so.\n";
        let (text, d) = pieces(src);
        assert!(
            text.contains("Officials said the plan was dropped."),
            "{text:?}"
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, 4);
    }
}
