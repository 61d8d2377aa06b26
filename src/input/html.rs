//! HTML → prose, through html5gum (a WHATWG HTML5 tokenizer) with byte spans into the file.
//!
//! The tokenizer decides what is text, what is a tag, a comment, a script or an attribute, as a
//! browser's does: a tag name inside a script string, a tag inside a comment or an unquoted
//! attribute with an apostrophe are not mistaken for markup. On its tokens this module applies
//! the rules of what is prose:
//!
//! - **Where**: the text inside `<article>` elements when the page has one, else inside
//!   `<main>`, else inside `<body>`, else the whole page.
//! - **Not prose**: the content of elements that are not read as text — `head` metadata
//!   (`title`, `meta`, `style`, `script` ...), `script`, `style`, `template`, `noscript`, `svg`,
//!   `math`, `iframe`, `object`, `canvas`, `select`, `textarea`, code (`pre`, `code`) — and of
//!   the page's chrome: `nav`, `aside`, `footer`. An element that is never closed ends where its
//!   parent ends, as in a browser; a `<head>` never closed ends at the first text or tag that
//!   cannot be in a head.
//! - **Breaks**: block elements end a paragraph, `<br>` ends a line, table cells are separated
//!   by a space; white space collapses as a browser collapses it.
//! - **Entities**: decoded by the tokenizer itself, from the full HTML5 table.
//!
//! Every piece of prose keeps its offset in the file: the tokenizer gives each text run's span,
//! and within a run only entities differ from the source, each mapped by its own start and end.

use rustc_hash::FxHashMap;

use html5gum::{DefaultEmitter, Token, Tokenizer};

use super::directives::{self, Directive};
use super::{OffsetMap, TextBuilder};

/// Elements whose content is never prose.
const SKIP: &[&[u8]] = &[
    b"script",
    b"style",
    b"template",
    b"noscript",
    b"svg",
    b"math",
    b"iframe",
    b"object",
    b"canvas",
    b"select",
    b"textarea",
    b"pre",
    b"code",
    b"nav",
    b"aside",
    b"footer",
];

/// Elements that may stand in a `<head>`: any other tag, or text, ends a head left open.
const HEAD: &[&[u8]] = &[
    b"title",
    b"meta",
    b"link",
    b"style",
    b"script",
    b"base",
    b"noscript",
    b"template",
];

/// Elements that end a paragraph.
const BLOCK: &[&[u8]] = &[
    b"p",
    b"div",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"li",
    b"ul",
    b"ol",
    b"tr",
    b"table",
    b"blockquote",
    b"section",
    b"article",
    b"header",
    b"figcaption",
    b"figure",
    b"dd",
    b"dt",
    b"dl",
    b"pre",
    b"hr",
    b"main",
    b"body",
    b"address",
    b"details",
    b"summary",
    b"form",
    b"fieldset",
    b"legend",
    b"button",
    b"label",
    b"caption",
];

/// Elements that never have content (no end tag closes them).
const VOID: &[&[u8]] = &[
    b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta",
    b"source", b"track", b"wbr", b"param",
];

/// What the page's prose is read from, in order of preference.
const REGIONS: &[&[u8]] = &[b"article", b"main", b"body"];

/// The prose of an HTML page, its map back to the source, and its suppression comments.
/// `empty` is set when the page has text but none of it is prose (a warning for the user).
pub fn prose(source: &str) -> (String, OffsetMap, Vec<Directive>, bool) {
    let tokens = tokens(source);
    let region = REGIONS.iter().copied().find(|r| {
        tokens
            .iter()
            .any(|t| matches!(t, Tok::Start(n, _) if &**n == *r))
    });
    let mut reader = Reader {
        source,
        out: TextBuilder::default(),
        open: Vec::new(),
        counts: FxHashMap::default(),
        region,
        entities: FxHashMap::default(),
    };
    let mut found = Vec::new();
    let mut lines = crate::LineIndex::new(source);
    let mut any_text = false;
    for tok in &tokens {
        match tok {
            Tok::Start(name, at) => reader.start(name, *at),
            Tok::SelfClosing(name, at) => reader.separate_for(name, *at),
            Tok::End(name, at) => reader.end(name, *at),
            Tok::Text(start, end) => {
                any_text |= !source[*start..*end].trim().is_empty();
                reader.text(*start, *end);
            }
            Tok::Comment(start, end) => {
                let comment = &source[*start..*end];
                let (line, _) = lines.line_col(*start);
                if let Some(d) = directives::parse(comment, *start, *end, line) {
                    found.push(d);
                }
            }
        }
    }
    let (text, map) = reader.out.finish();
    let empty = any_text && text.trim().is_empty();
    (text, map, found, empty)
}

/// A token, reduced to what the prose needs: tag names (lower case) and byte spans.
enum Tok {
    Start(Box<[u8]>, usize),
    SelfClosing(Box<[u8]>, usize),
    End(Box<[u8]>, usize),
    Text(usize, usize),
    Comment(usize, usize),
}

fn tokens(source: &str) -> Vec<Tok> {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    // Script, style, title and textarea content is tokenized as a browser does (a `<p>` in a
    // script string is not a tag).
    emitter.naively_switch_states(true);
    let mut out = Vec::new();
    for token in Tokenizer::new_with_emitter(source, emitter) {
        let Ok(token) = token;
        out.push(match token {
            Token::StartTag(t) if t.self_closing || VOID.contains(&&t.name[..]) => {
                Tok::SelfClosing(t.name.0.into_boxed_slice(), t.span.start)
            }
            Token::StartTag(t) => Tok::Start(t.name.0.into_boxed_slice(), t.span.start),
            Token::EndTag(t) => Tok::End(t.name.0.into_boxed_slice(), t.span.start),
            Token::String(s) => Tok::Text(s.span.start, s.span.end),
            Token::Comment(c) => Tok::Comment(c.span.start, c.span.end),
            Token::Doctype(_) | Token::Error(_) => continue,
        });
    }
    out
}

/// Walks the tokens with the elements open at each point, and writes the prose.
struct Reader<'s> {
    source: &'s str,
    out: TextBuilder,
    /// The open elements, innermost last.
    open: Vec<Box<[u8]>>,
    /// How many of each name are open (an end tag with none open is ignored, at no cost).
    counts: FxHashMap<Box<[u8]>, usize>,
    /// The element the prose is read from (none: the whole page).
    region: Option<&'static [u8]>,
    /// Entities decoded so far: the text of the reference → its text and length.
    entities: FxHashMap<&'s str, (String, usize)>,
}

impl<'s> Reader<'s> {
    fn count(&self, names: &[&[u8]]) -> usize {
        names
            .iter()
            .map(|n| self.counts.get(*n).copied().unwrap_or(0))
            .sum()
    }

    /// In the region and outside anything skipped: text here is prose.
    fn reading(&self) -> bool {
        self.count(SKIP) == 0
            && self.count(&[b"head"]) == 0
            && self.region.is_none_or(|r| self.count(&[r]) > 0)
    }

    fn start(&mut self, name: &[u8], at: usize) {
        self.leave_head_for(Some(name));
        self.separate_for(name, at);
        self.open.push(name.into());
        *self.counts.entry(name.into()).or_default() += 1;
    }

    fn end(&mut self, name: &[u8], at: usize) {
        if self.counts.get(name).copied().unwrap_or(0) > 0 {
            // Close it and whatever was left open inside it.
            while let Some(top) = self.open.pop() {
                if let Some(n) = self.counts.get_mut(&top) {
                    *n -= 1;
                }
                if &*top == name {
                    break;
                }
            }
        }
        self.separate_for(name, at);
    }

    /// A `<head>` left open ends at a tag that cannot stand in a head (`name`), or at text
    /// (`None`), as a browser's parser ends it.
    fn leave_head_for(&mut self, name: Option<&[u8]>) {
        if self.count(&[b"head"]) == 0 || name.is_some_and(|n| HEAD.contains(&n)) {
            return;
        }
        // Only when the head itself is the innermost element: text in a `<title>` is the
        // title's.
        if name.is_none() && self.open.last().is_none_or(|top| &**top != b"head") {
            return;
        }
        self.end(b"head", 0);
    }

    /// The break a tag makes in the prose.
    fn separate_for(&mut self, name: &[u8], at: usize) {
        if name == b"br" {
            self.out.separate("\n", at);
        } else if name == b"td" || name == b"th" || name == b"code" {
            self.out.separate(" ", at);
        } else if BLOCK.contains(&name) || SKIP.contains(&name) {
            self.out.separate("\n\n", at);
        }
    }

    /// A run of text (`source[start..end]`): written as it stands, white space collapsed and
    /// entities decoded.
    fn text(&mut self, start: usize, end: usize) {
        let run = &self.source[start..end];
        if !run.trim().is_empty() {
            self.leave_head_for(None);
        }
        if !self.reading() {
            return;
        }
        let bytes = run.as_bytes();
        let mut i = 0;
        let mut piece = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if !(b.is_ascii_whitespace() || b == b'&') {
                i += 1;
                continue;
            }
            self.out.push(&run[piece..i], start + piece);
            if b == b'&' {
                let (decoded, len) = self.entity(&run[i..]);
                if decoded.trim().is_empty() && !decoded.is_empty() {
                    self.out.separate(" ", start + i);
                } else {
                    let (from, to) = (start + i, start + i + len);
                    let decoded = decoded.to_string();
                    self.out.push_mapped(&decoded, from, to);
                }
                i += len;
            } else {
                self.out.separate(" ", start + i);
                i += 1;
            }
            piece = i;
        }
        self.out.push(&run[piece..], start + piece);
    }

    /// The character reference at the start of `s` (which starts with `&`), decoded by the
    /// tokenizer, and how many bytes of `s` it takes; a `&` that starts no reference stands
    /// for itself. Each distinct reference is decoded once.
    fn entity(&mut self, s: &'s str) -> (&str, usize) {
        // The longest text a reference can take: `&`, an optional `#` and `x`, letters and
        // digits, and a `;`.
        let body = s[1..]
            .bytes()
            .take(40)
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'#')
            .count();
        let semicolon = usize::from(s.as_bytes().get(1 + body) == Some(&b';'));
        let candidate = &s[..1 + body + semicolon];
        let (text, len) = self
            .entities
            .entry(candidate)
            .or_insert_with(|| decode_reference(candidate));
        (text.as_str(), *len)
    }
}

/// Decode `candidate` (`&name;`, `&#8217;`, `&copy2023`, `& `) with the tokenizer: the text the
/// reference stands for and the bytes of `candidate` it takes (a reference without its `;` may
/// take only part of it: `&copy2023` is `©` and `2023`).
fn decode_reference(candidate: &str) -> (String, usize) {
    let mut decoded = Vec::new();
    for token in Tokenizer::new(candidate) {
        let Ok(token) = token;
        if let Token::String(s) = token {
            decoded.extend_from_slice(&s);
        }
    }
    let decoded = String::from_utf8_lossy(&decoded).into_owned();
    if decoded == candidate {
        return ("&".to_string(), 1);
    }
    // What follows the reference is passed through unchanged: the common tail.
    let raw = candidate.as_bytes();
    let dec = decoded.as_bytes();
    let mut tail = 0;
    while tail < raw.len() - 1
        && tail < dec.len()
        && raw[raw.len() - 1 - tail] == dec[dec.len() - 1 - tail]
    {
        tail += 1;
    }
    while !decoded.is_char_boundary(dec.len() - tail) {
        tail -= 1;
    }
    let text = decoded[..dec.len() - tail].to_string();
    (text, raw.len() - tail)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(src: &str) -> String {
        let (text, map, _, _) = prose(src);
        // Every word of the prose maps back onto the same word in the source.
        for (i, w) in text.match_indices(|c: char| c.is_ascii_alphanumeric()) {
            let at = map.map(i);
            assert_eq!(&src[at..at + w.len()], w, "{text:?} at {i}");
        }
        text
    }

    #[test]
    fn the_article_text_without_scripts_and_navigation() {
        let src = "<html><head><title>T</title><script>var said=1;</script></head><body><nav>Home said</nav><article><h1>Mill closes</h1><p>The mayor said it was &ldquo;sad&rdquo; &amp; costly.</p><p>Police said so.<br>More.</p></article><footer>(c) us</footer></body></html>";
        let (text, map, _, _) = prose(src);
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
        // A decoded entity maps to the whole reference.
        let quote = text.find('“').unwrap();
        assert_eq!(
            &src[map.map(quote)..map.map_end(quote + '“'.len_utf8())],
            "&ldquo;"
        );
    }

    #[test]
    fn body_when_there_is_no_article_and_comments_are_directives() {
        let src =
            "<body>\n<!-- sourced-disable-next-line VAG001 -->\n<p>Experts say so.</p>\n</body>";
        let (text, _, d, _) = prose(src);
        assert_eq!(text.trim(), "Experts say so.");
        assert_eq!(d[0].line, 2);
    }

    #[test]
    fn broken_html_does_not_lose_text() {
        let text = text_of("a < b and <p unclosed text &bogus; &#99999999; <");
        assert!(text.contains("a < b"), "{text:?}");
    }

    /// Issue #17, item 5: each page that lost its prose to the old tokenizer.
    #[test]
    fn pages_that_lost_their_prose_keep_it() {
        let cases = [
            // ASP.NET wraps the whole page in a form.
            "<html><body><form id=aspnetForm><div><p>Police said it was calm.</p></div></form></body></html>",
            // A button never closed.
            "<body><button>Share<p>Police said it was calm.</p></body>",
            // A head never closed, and no body.
            "<html><head><title>T</title><p>Police said it was calm.</p>",
            // A tag name in a script string.
            "<body><script>var t=\"<article>\";</script><p>Police said it was calm.</p></body>",
            // A landmark in a comment.
            "<body><!-- <main> moved --><p>Police said it was calm.</p></body>",
            // An unquoted attribute with an apostrophe.
            "<body><p><img alt=Bob's>Police said it was calm.</p></body>",
        ];
        for src in cases {
            let text = text_of(src);
            assert!(text.contains("Police said it was calm."), "{src}: {text:?}");
        }
    }

    /// Issue #16, bug 10: the full HTML5 entity table, and code is not prose.
    #[test]
    fn every_named_entity_and_no_code() {
        let src = "<p>&Eacute;douard Philippe said &frac12; of it&zwnj;s budget was cut &copy2024; &notit; &amp &lt;b&gt;.</p><pre>said = 1</pre><p>Run <code>grep said</code> now.</p>";
        let (text, map, _, _) = prose(src);
        assert!(
            text.starts_with("Édouard Philippe said ½ of it\u{200C}s budget"),
            "{text:?}"
        );
        assert!(text.contains("©2024; ¬it; & <b>."), "{text:?}");
        assert!(
            !text.contains("said = 1") && !text.contains("grep"),
            "{text:?}"
        );
        assert!(text.contains("Run now."), "{text:?}");
        let e = text.find('É').unwrap();
        assert_eq!(map.map(e), 3);
        assert_eq!(map.map_end(e + 'É'.len_utf8()), 3 + "&Eacute;".len());
    }

    #[test]
    fn a_page_with_no_prose_says_so() {
        let (_, _, _, empty) =
            prose("<html><body><nav>Home About</nav><script>x()</script></body></html>");
        assert!(empty);
        let (_, _, _, empty) = prose("");
        assert!(
            !empty,
            "an empty file is an article with no claims, not a warning"
        );
    }
}
