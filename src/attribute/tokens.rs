//! Words, punctuation and quotation marks of one claim, with byte offsets into the article.
//!
//! The attribution pass reasons over tokens rather than characters: a cue is a word, a source is
//! a run of words. Each token also knows whether it stands inside a quotation, because a cue
//! inside quoted speech ("I said no") is the speaker's, not the writer's.

use crate::segment::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    Word,
    Punct,
    OpenQuote,
    CloseQuote,
}

#[derive(Debug, Clone)]
pub struct Token<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    /// Lower case, with a possessive `'s` removed (`Trump's` → `trump`); borrowed from the text
    /// when the word is already lower case (most words), so tokenizing rarely allocates.
    pub lower: std::borrow::Cow<'a, str>,
    pub kind: TokKind,
    /// Inside a quotation (quote marks themselves are not).
    pub quoted: bool,
    pub possessive: bool,
    /// A word that starts with an upper-case letter (see [`Token::is_cap`]), decided once when
    /// the word is read: the attribution pass asks it of most tokens several times.
    cap: bool,
    /// The [`tag`](super::lexicon::tag) bits of the word lists that hold `lower`, set by
    /// [`Lexicon::tag`](super::lexicon::Lexicon::tag).
    pub tags: u64,
}

impl Token<'_> {
    pub fn is_word(&self) -> bool {
        self.kind == TokKind::Word
    }
    pub fn is_quote(&self) -> bool {
        matches!(self.kind, TokKind::OpenQuote | TokKind::CloseQuote)
    }
    /// Starts with an upper-case letter or a digit-free capital (`U.S.`, `McCain`, `iPhone` no).
    pub fn is_cap(&self) -> bool {
        self.cap
    }
    /// Whether a list with this [`tag`](super::lexicon::tag) bit holds the word.
    pub fn has(&self, bit: u64) -> bool {
        self.tags & bit != 0
    }
    pub fn is(&self, s: &str) -> bool {
        self.lower == s
    }
    pub fn is_punct(&self, c: char) -> bool {
        self.kind == TokKind::Punct && self.text.starts_with(c)
    }
    /// The word without a possessive ending, as written (`Trump's` → `Trump`).
    pub fn base(&self) -> &str {
        if self.possessive {
            let cut = self.text.rfind(['\'', '’']).unwrap_or(self.text.len());
            &self.text[..cut]
        } else {
            self.text
        }
    }
}

/// A claim's tokens and the quotation state around it.
#[cfg(test)]
#[derive(Debug)]
pub struct Tokens<'a> {
    pub toks: Vec<Token<'a>>,
    /// A quotation is still open when the claim ends (it continues into the next).
    pub open_at_end: bool,
}

/// Abbreviations whose final period belongs to the word.
const ABBREV: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "capt", "sgt", "adm",
    "st", "jr", "sr", "rev", "inc", "corp", "co", "ltd", "jan", "feb", "aug", "sept", "oct", "nov",
    "dec", "no", "vs", "messrs", "maj", "cmdr", "supt", "det", "atty",
];

/// Tokenize `text[span]`. `in_quote` says whether a quotation is open at its start.
#[cfg(test)]
pub fn tokenize(text: &str, span: Span, in_quote: bool) -> Tokens<'_> {
    let mut toks = Vec::new();
    let open_at_end = tokenize_into(text, span, in_quote, &mut toks, &mut Vec::new());
    Tokens { toks, open_at_end }
}

/// The character at byte `i` of `s` (which must be a character boundary) and its length.
#[inline]
fn char_at(s: &str, i: usize) -> Option<char> {
    let b = *s.as_bytes().get(i)?;
    if b < 0x80 {
        Some(b as char)
    } else {
        s[i..].chars().next()
    }
}

/// The character that ends just before byte `i` of `s`.
#[inline]
fn char_before(s: &str, i: usize) -> Option<char> {
    let b = *s.as_bytes().get(i.checked_sub(1)?)?;
    if b < 0x80 {
        Some(b as char)
    } else {
        s[..i].chars().next_back()
    }
}

/// An ASCII letter or digit.
const ALNUM: u8 = 1;
/// A byte the lower-case form of a word may differ at: an upper-case letter, an apostrophe
/// (a possessive, or `’` to normalise), or part of a non-ASCII character.
const NOT_PLAIN: u8 = 2;

/// ASCII white space (what `char::is_whitespace` says of an ASCII character).
const SPACE: u8 = 4;

/// [`ALNUM`], [`NOT_PLAIN`] and [`SPACE`] for every byte, so the word scan learns with one
/// lookup per byte both where the word ends and whether it is already its own lower-case form.
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            t[b] |= ALNUM;
        }
        if c.is_ascii_uppercase() || c == b'\'' || c >= 0x80 {
            t[b] |= NOT_PLAIN;
        }
        if c < 0x80 && (c as char).is_whitespace() {
            t[b] |= SPACE;
        }
        b += 1;
    }
    t
};

/// How many of `eight` bytes, from the first, are ASCII letters or digits, and whether an
/// upper-case letter is among them: [`CLASS`]'s [`ALNUM`] and the capitals of [`NOT_PLAIN`],
/// for a word at a time (see [`crate::swar`]).
#[inline]
fn alnum_run(eight: &[u8]) -> (usize, bool) {
    use crate::swar::{within, word, HIGHS};
    let x = word(eight);
    let upper = within(x, 0x41, 0x5a);
    let alnum = within(x, 0x30, 0x39) | upper | within(x, 0x61, 0x7a);
    // The first byte is the lowest: the run ends at the first byte not in it.
    let n = ((!alnum & HIGHS).trailing_zeros() / 8) as usize;
    let run = if n == 8 {
        u64::MAX
    } else {
        (1u64 << (8 * n)) - 1
    };
    (n, upper & run != 0)
}

#[inline]
fn is_alnum(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric()
    }
}

/// Tokenize `text[span]` into `toks` (cleared first, so one vector serves every claim); returns
/// whether a quotation is left open at the end. Works on bytes, decoding a character only where
/// the byte is not ASCII. The lower-case forms of the previous claim's capitalised words go
/// back to `spare` and are written over, so tokenizing allocates nothing once warm.
pub fn tokenize_into<'a>(
    text: &'a str,
    span: Span,
    in_quote: bool,
    toks: &mut Vec<Token<'a>>,
    spare: &mut Vec<String>,
) -> bool {
    for t in toks.drain(..) {
        if let std::borrow::Cow::Owned(s) = t.lower {
            spare.push(s);
        }
    }
    let s = &text[span.start..span.end];
    let bytes = s.as_bytes();
    let mut quoted = in_quote;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (c, word) = if b < 0x80 {
            let class = CLASS[usize::from(b)];
            if class & SPACE != 0 {
                i += 1;
                continue;
            }
            (b as char, class & ALNUM != 0)
        } else {
            let Some(c) = char_at(s, i) else { break };
            if c.is_whitespace() {
                i += c.len_utf8();
                continue;
            }
            (c, is_alnum(c))
        };
        let off = i;
        if word {
            let mut j = i + c.len_utf8();
            // The word is its own lower-case form unless a byte of it says otherwise.
            let mut flags = CLASS[usize::from(bytes[i])];
            loop {
                // ASCII letters and digits: eight bytes at a time while a whole word of them
                // is there, then a byte at a time; anything else decoded.
                while let Some(eight) = bytes.get(j..j + 8) {
                    let (n, upper) = alnum_run(eight);
                    if upper {
                        flags |= NOT_PLAIN;
                    }
                    j += n;
                    if n < 8 {
                        break;
                    }
                }
                while let Some(&b) = bytes.get(j) {
                    let class = CLASS[usize::from(b)];
                    if class & ALNUM == 0 {
                        break;
                    }
                    flags |= class;
                    j += 1;
                }
                let Some(d) = char_at(s, j) else { break };
                if !d.is_ascii() && is_alnum(d) {
                    flags |= NOT_PLAIN;
                    j += d.len_utf8();
                } else if matches!(d, '.' | '\'' | '’' | '-' | '&' | '/')
                    && char_at(s, j + d.len_utf8()).is_some_and(is_alnum)
                {
                    let next = j + d.len_utf8();
                    flags |= CLASS[usize::from(bytes[j])] | CLASS[usize::from(bytes[next])];
                    let n = char_at(s, next).map_or(0, char::len_utf8);
                    j = next + n;
                } else {
                    break;
                }
            }
            let mut end = j;
            let word = &s[off..end];
            if bytes.get(j) == Some(&b'.') {
                let single_cap = word.chars().count() == 1 && c.is_uppercase();
                if word.contains('.') || single_cap || is_abbreviation(word) {
                    end += 1;
                    j += 1;
                }
            }
            let text_w = &s[off..end];
            let (lower, possessive) = if flags & NOT_PLAIN == 0 {
                // Lower case already, and no apostrophe for a possessive (most words).
                (std::borrow::Cow::Borrowed(text_w), false)
            } else {
                lower_base(text_w, spare)
            };
            toks.push(Token {
                start: span.start + off,
                end: span.start + end,
                text: text_w,
                lower,
                kind: TokKind::Word,
                quoted,
                possessive,
                cap: c.is_uppercase(),
                tags: 0,
            });
            i = j;
            continue;
        }
        let clen = c.len_utf8();
        if c == '\'' && bytes.get(i + 1) == Some(&b'\'') {
            let open = char_before(s, i).is_none_or(char::is_whitespace);
            let kind = if open {
                TokKind::OpenQuote
            } else {
                TokKind::CloseQuote
            };
            quoted = open;
            toks.push(Token {
                start: span.start + off,
                end: span.start + off + 2,
                text: &s[off..off + 2],
                lower: std::borrow::Cow::Borrowed("''"),
                kind,
                quoted: false,
                possessive: false,
                cap: false,
                tags: 0,
            });
            i += 2;
            continue;
        }
        let kind = match c {
            '“' | '„' | '«' => TokKind::OpenQuote,
            '”' | '»' => TokKind::CloseQuote,
            '"' => {
                let prev = char_before(s, i);
                let next = char_at(s, i + 1);
                let open_ctx = prev
                    .is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '—' | '–' | '-'));
                let close_ctx = next.is_none_or(|n| {
                    n.is_whitespace()
                        || matches!(n, ',' | '.' | ';' | ':' | '?' | '!' | ')' | '—' | '–')
                });
                match (open_ctx, close_ctx) {
                    (true, false) => TokKind::OpenQuote,
                    (false, true) => TokKind::CloseQuote,
                    _ if quoted => TokKind::CloseQuote,
                    _ => TokKind::OpenQuote,
                }
            }
            _ => TokKind::Punct,
        };
        match kind {
            TokKind::OpenQuote => quoted = true,
            TokKind::CloseQuote => quoted = false,
            _ => {}
        }
        let mut end = off + clen;
        if c == '-' && bytes.get(i + 1) == Some(&b'-') {
            end += 1;
        }
        toks.push(Token {
            start: span.start + off,
            end: span.start + end,
            text: &s[off..end],
            lower: std::borrow::Cow::Borrowed(&s[off..end]),
            kind,
            quoted: quoted && kind == TokKind::Punct,
            possessive: false,
            cap: false,
            tags: 0,
        });
        i = end;
    }
    quoted
}

/// A word that takes its full stop with it ("Mr.", "Calif."), compared without case.
fn is_abbreviation(word: &str) -> bool {
    use crate::segment::Words;
    // Asked at the end of nearly every sentence: hashed once.
    static ABBREVIATIONS: Words = Words::new(ABBREV);
    static STATES: Words = Words::new(crate::segment::STATE_ABBREVIATIONS);
    word.len() <= 7 && {
        let lower = crate::segment::Lower::ascii(word);
        ABBREVIATIONS.contains(&lower) || STATES.contains(&lower)
    }
}

fn lower_base<'a>(w: &'a str, spare: &mut Vec<String>) -> (std::borrow::Cow<'a, str>, bool) {
    use std::borrow::Cow;
    let plain = w.bytes().all(|b| {
        b.is_ascii_lowercase()
            || b.is_ascii_digit()
            || b == b'-'
            || b == b'.'
            || b == b'&'
            || b == b'/'
    });
    let lower: Cow<'_, str> = if plain {
        Cow::Borrowed(w)
    } else if w.is_ascii() {
        let mut s = spare.pop().unwrap_or_default();
        s.clear();
        s.push_str(w);
        s.make_ascii_lowercase();
        Cow::Owned(s)
    } else {
        Cow::Owned(w.to_lowercase().replace('’', "'"))
    };
    let possessive_at = lower.strip_suffix("'s").filter(|stem| {
        !stem.is_empty()
            && !matches!(
                *stem,
                "it" | "that" | "he" | "she" | "there" | "what" | "who" | "let"
            )
    });
    // The base is a prefix of the lower-case form ("trump's" → "trump", "reuters'" →
    // "reuters"): cut it short rather than copy it.
    let base_len = possessive_at
        .map(str::len)
        .or_else(|| lower.strip_suffix("s'").map(|stem| stem.len() + 1));
    match (base_len, lower) {
        (Some(n), Cow::Borrowed(b)) => (Cow::Borrowed(&b[..n]), true),
        (Some(n), Cow::Owned(mut base)) => {
            base.truncate(n);
            (Cow::Owned(base), true)
        }
        (None, lower) => (lower, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(t: &str) -> Vec<String> {
        tokenize(t, Span::new(0, t.len()), false)
            .toks
            .iter()
            .map(|t| t.text.to_string())
            .collect()
    }

    #[test]
    fn words_keep_abbreviations_and_possessives() {
        assert_eq!(
            words("U.S. officials told Mr. Kim's aide, D-N.Y."),
            [
                "U.S.",
                "officials",
                "told",
                "Mr.",
                "Kim's",
                "aide",
                ",",
                "D-N.Y."
            ]
        );
    }

    #[test]
    fn quotes_mark_quoted_words() {
        let t = "He said, \"We lost,\" and left.";
        let tk = tokenize(t, Span::new(0, t.len()), false);
        let q: Vec<_> = tk
            .toks
            .iter()
            .filter(|t| t.quoted)
            .map(|t| t.text)
            .collect();
        assert_eq!(q, ["We", "lost", ","]);
        assert!(!tk.open_at_end);
        let t = "“It is over. ";
        assert!(tokenize(t, Span::new(0, t.len()), false).open_at_end);
    }

    /// The eight-byte scan says of every byte what the byte table says: for runs of every
    /// length, ending at every kind of byte.
    #[test]
    fn alnum_run_matches_the_byte_table() {
        for stop in 0..=255u8 {
            for fill in [b'a', b'Z', b'5', b'm', b'A', b'0', b'z', b'9'] {
                for n in 0..=8 {
                    for upper_at in [None, Some(0), Some(3), Some(7)] {
                        let mut eight = [fill; 8];
                        if let Some(k) = upper_at {
                            eight[k] = b'Q';
                        }
                        if n < 8 {
                            eight[n] = stop;
                        }
                        let want_n = eight
                            .iter()
                            .position(|&b| CLASS[usize::from(b)] & ALNUM == 0)
                            .unwrap_or(8);
                        let want_upper = eight[..want_n].iter().any(u8::is_ascii_uppercase);
                        assert_eq!(alnum_run(&eight), (want_n, want_upper), "{eight:?}");
                    }
                }
            }
        }
    }

    /// The scan's shortcut for words already in lower case gives what `lower_base` gives.
    #[test]
    fn lower_forms_match_lower_base() {
        let pieces = [
            "a", "Z", "q", "9", " ", "'", "’", "s", "S", ".", "-", "&", "/", "é", "É", "K",
            "\u{212A}", "ß", "\"", ",", "\n",
        ];
        let mut words = 0;
        for mix in crate::mixes(&pieces, 2000, 14, 11) {
            let text = mix.concat();
            for t in tokenize(&text, Span::new(0, text.len()), false).toks {
                if t.is_word() {
                    words += 1;
                    let (lower, possessive) = lower_base(t.text, &mut Vec::new());
                    assert_eq!(
                        (t.lower.as_ref(), t.possessive),
                        (lower.as_ref(), possessive),
                        "{text:?}"
                    );
                }
            }
        }
        assert!(words > 2000, "{words} words");
    }

    #[test]
    fn possessive_base() {
        let t = "Trump’s campaign";
        let tk = tokenize(t, Span::new(0, t.len()), false);
        assert_eq!(tk.toks[0].lower, "trump");
        assert_eq!(tk.toks[0].base(), "Trump");
    }
}
