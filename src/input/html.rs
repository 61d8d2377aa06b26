//! HTML → prose, with a small tokenizer of its own.
//!
//! The prose is the article's text: inside `<article>` when there is one, else `<main>`, else
//! `<body>`. Scripts, styles, navigation, forms and the like are skipped; block elements end a
//! paragraph; entities are decoded; white space collapses as a browser collapses it. Every piece
//! keeps its offset in the file — never a re-found match in converted text.

use super::directives::{self, Directive};
use super::{OffsetMap, TextBuilder};

/// Elements whose content is never prose.
const SKIP: &[&str] = &[
    "script", "style", "nav", "noscript", "template", "svg", "head", "form", "button", "select",
    "textarea", "iframe", "object", "canvas", "math", "aside", "footer",
];

/// Elements that end a paragraph.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "tr",
    "table",
    "blockquote",
    "section",
    "article",
    "header",
    "figcaption",
    "figure",
    "dd",
    "dt",
    "dl",
    "pre",
    "hr",
    "title",
    "main",
    "body",
    "address",
    "details",
    "summary",
];

pub fn prose(source: &str) -> (String, OffsetMap, Vec<Directive>) {
    let lower = source.to_ascii_lowercase();
    let (from, to) = region(&lower);
    let mut out = TextBuilder::default();
    let mut found = Vec::new();
    // Directives anywhere in the file.
    let mut lines = crate::LineIndex::new(source);
    for (at, comment) in super::markdown::comments(source) {
        if let Some(d) = directives::parse(comment, at, at + comment.len(), lines.line_col(at).0) {
            found.push(d);
        }
    }
    let bytes = source.as_bytes();
    let mut i = from;
    let mut run_start: Option<usize> = None;
    let flush = |out: &mut TextBuilder, run: &mut Option<usize>, end: usize| {
        if let Some(s) = run.take() {
            out.push(&source[s..end], s);
        }
    };
    while i < to {
        let b = bytes[i];
        if b == b'<' {
            flush(&mut out, &mut run_start, i);
            if lower[i..].starts_with("<!--") {
                i = lower[i..].find("-->").map_or(to, |e| i + e + 3);
                continue;
            }
            let Some((name, closing, end)) = tag_at(&lower, i) else {
                // A lone "<" in text.
                run_start = Some(i);
                i += 1;
                continue;
            };
            if !closing && SKIP.contains(&name) && !lower[i..end].ends_with("/>") {
                let close = format!("</{name}");
                i = lower[end..].find(&close).map_or(to, |e| {
                    let c = end + e;
                    lower[c..].find('>').map_or(to, |g| c + g + 1)
                });
                out.separate("\n\n", i.min(source.len()));
                continue;
            }
            if name == "br" {
                out.separate("\n", i);
            } else if BLOCK.contains(&name) || name == "td" || name == "th" {
                out.separate(
                    if name == "td" || name == "th" {
                        " "
                    } else {
                        "\n\n"
                    },
                    i,
                );
            }
            i = end;
            continue;
        }
        if b == b'&' {
            if let Some((decoded, len)) = entity(&source[i..to]) {
                flush(&mut out, &mut run_start, i);
                if decoded == ' ' {
                    out.separate(" ", i);
                } else {
                    out.push_mapped(decoded.encode_utf8(&mut [0; 4]), i, i + len);
                }
                i += len;
                continue;
            }
        }
        if b.is_ascii_whitespace() {
            flush(&mut out, &mut run_start, i);
            out.separate(" ", i);
            i += 1;
            continue;
        }
        if run_start.is_none() {
            run_start = Some(i);
        }
        i += 1;
    }
    flush(&mut out, &mut run_start, to);
    let (text, map) = out.finish();
    (text, map, found)
}

/// The part of the document that holds the article.
fn region(lower: &str) -> (usize, usize) {
    for name in ["article", "main", "body"] {
        let open = format!("<{name}");
        let mut from = 0;
        while let Some(p) = lower[from..].find(&open) {
            let s = from + p;
            let after = lower
                .as_bytes()
                .get(s + open.len())
                .copied()
                .unwrap_or(b'>');
            if after == b'>' || after.is_ascii_whitespace() {
                let start = lower[s..].find('>').map_or(lower.len(), |g| s + g + 1);
                let end = lower[start..]
                    .rfind(&format!("</{name}"))
                    .map_or(lower.len(), |e| start + e);
                return (start, end);
            }
            from = s + open.len();
        }
    }
    (0, lower.len())
}

/// The tag at `i` (which holds `<`): its lower-case name, whether it closes, and the offset
/// after its `>`.
fn tag_at(lower: &str, i: usize) -> Option<(&str, bool, usize)> {
    let rest = &lower[i + 1..];
    let closing = rest.starts_with('/');
    let name_start = i + 1 + usize::from(closing);
    let name_len = lower[name_start..]
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
        .count();
    if name_len == 0 && !lower[name_start..].starts_with('!') {
        return None;
    }
    // The closing ">" outside quoted attribute values.
    let mut quote = None;
    for (k, c) in lower[name_start..].char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => {
                return Some((
                    &lower[name_start..name_start + name_len],
                    closing,
                    name_start + k + 1,
                ))
            }
            (None, '<') if k > 0 => return None,
            _ => {}
        }
    }
    None
}

/// The entity at the start of `s` (`&amp;`, `&#8217;`, `&#x2019;`), decoded, and its length.
fn entity(s: &str) -> Option<(char, usize)> {
    let end = s.bytes().take(12).position(|b| b == b';')?;
    let body = &s[1..end];
    let c = if let Some(num) = body.strip_prefix('#') {
        let n = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        char::from_u32(n)
            .filter(|c| *c != '\0')
            .unwrap_or('\u{FFFD}')
    } else {
        match body {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
            "rsquo" => '’',
            "lsquo" => '‘',
            "rdquo" => '”',
            "ldquo" => '“',
            "mdash" => '—',
            "ndash" => '–',
            "hellip" => '…',
            "copy" => '©',
            "reg" => '®',
            "trade" => '™',
            "laquo" => '«',
            "raquo" => '»',
            "bull" | "middot" => '·',
            "euro" => '€',
            "pound" => '£',
            "deg" => '°',
            "eacute" => 'é',
            "egrave" => 'è',
            "aacute" => 'á',
            "oacute" => 'ó',
            "uacute" => 'ú',
            "iacute" => 'í',
            "ntilde" => 'ñ',
            "ccedil" => 'ç',
            "uuml" => 'ü',
            "ouml" => 'ö',
            "auml" => 'ä',
            "szlig" => 'ß',
            _ => return None,
        }
    };
    Some((c, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_article_text_without_scripts_and_navigation() {
        let src = "<html><head><title>T</title><script>var said=1;</script></head><body><nav>Home said</nav><article><h1>Mill closes</h1><p>The mayor said it was &ldquo;sad&rdquo; &amp; costly.</p><p>Police said so.<br>More.</p></article><footer>(c) us</footer></body></html>";
        let (text, map, _) = prose(src);
        assert!(
            !text.contains("var") && !text.contains("Home") && !text.contains("(c)"),
            "{text:?}"
        );
        assert!(
            text.contains(
                "Mill closes\n\nThe mayor said it was “sad” & costly.\n\nPolice said so.\nMore."
            ),
            "{text:?}"
        );
        // Offsets map back into the file.
        let p = text.find("Police").unwrap();
        assert_eq!(&src[map.map(p)..map.map(p) + 6], "Police");
        let q = text.find("costly").unwrap();
        assert_eq!(&src[map.map(q)..map.map(q) + 6], "costly");
    }

    #[test]
    fn body_when_there_is_no_article_and_comments_are_directives() {
        let src =
            "<body>\n<!-- sourced-disable-next-line VAG001 -->\n<p>Experts say so.</p>\n</body>";
        let (text, _, d) = prose(src);
        assert_eq!(text.trim(), "Experts say so.");
        assert_eq!(d[0].line, 2);
    }

    #[test]
    fn broken_html_does_not_lose_text() {
        let (text, _, _) = prose("a < b and <p unclosed text &bogus; &#99999999; <");
        assert!(text.contains("a < b"), "{text:?}");
    }
}
