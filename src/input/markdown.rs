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
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut out = TextBuilder::default();
    let mut found = Vec::new();
    // Depth inside content that is not prose (code blocks, front matter, images).
    let mut skip = 0usize;
    for (event, range) in Parser::new_ext(source, opts).into_offset_iter() {
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
                    if let Some(d) =
                        directives::parse(comment, start, end, directives::line_of(source, start))
                    {
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
