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
        self.kind == TokKind::Word && self.text.chars().next().is_some_and(char::is_uppercase)
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
pub fn tokenize(text: &str, span: Span, in_quote: bool) -> Tokens<'_> {
    let s = &text[span.start..span.end];
    let mut toks = Vec::new();
    let mut quoted = in_quote;
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (off, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c.is_alphanumeric() {
            let mut j = i + 1;
            while j < chars.len() {
                let d = chars[j].1;
                if d.is_alphanumeric() {
                    j += 1;
                } else if matches!(d, '.' | '\'' | '’' | '-' | '&' | '/')
                    && chars.get(j + 1).is_some_and(|n| n.1.is_alphanumeric())
                {
                    j += 2;
                } else {
                    break;
                }
            }
            let mut end = chars.get(j).map_or(s.len(), |x| x.0);
            let word = &s[off..end];
            // A final period belongs to abbreviations and initials.
            if chars.get(j).is_some_and(|x| x.1 == '.') {
                let lower = word.to_ascii_lowercase();
                let single_cap = word.chars().count() == 1 && c.is_uppercase();
                if word.contains('.')
                    || single_cap
                    || ABBREV.contains(&lower.as_str())
                    || crate::segment::STATE_ABBREVIATIONS.contains(&lower.as_str())
                {
                    end += 1;
                    j += 1;
                }
            }
            let text_w = &s[off..end];
            let (lower, possessive) = lower_base(text_w);
            toks.push(Token {
                start: span.start + off,
                end: span.start + end,
                text: text_w,
                lower,
                kind: TokKind::Word,
                quoted,
                possessive,
                tags: 0,
            });
            i = j;
            continue;
        }
        let clen = c.len_utf8();
        // Two apostrophes stand for a double quotation mark (''like this'').
        if c == '\'' && chars.get(i + 1).is_some_and(|x| x.1 == '\'') {
            let prev = if i == 0 { None } else { Some(chars[i - 1].1) };
            let open = prev.is_none_or(char::is_whitespace);
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
                tags: 0,
            });
            i += 2;
            continue;
        }
        let kind = match c {
            '“' | '„' | '«' => TokKind::OpenQuote,
            '”' | '»' => TokKind::CloseQuote,
            '"' => {
                let prev = if i == 0 { None } else { Some(chars[i - 1].1) };
                let next = chars.get(i + 1).map(|x| x.1);
                let open_ctx = prev
                    .is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '—' | '–' | '-'));
                let close_ctx = next.is_none_or(|n| {
                    n.is_whitespace()
                        || matches!(n, ',' | '.' | ';' | ':' | '?' | '!' | ')' | '—' | '–')
                });
                match (open_ctx, close_ctx) {
                    (true, false) => TokKind::OpenQuote,
                    (false, true) => TokKind::CloseQuote,
                    // Ambiguous: toggle the quotation state.
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
        // Two hyphens stand for a dash.
        let mut end = off + clen;
        if c == '-' && chars.get(i + 1).is_some_and(|x| x.1 == '-') {
            end += 1;
            i += 1;
        }
        toks.push(Token {
            start: span.start + off,
            end: span.start + end,
            text: &s[off..end],
            lower: std::borrow::Cow::Borrowed(&s[off..end]),
            kind,
            quoted: quoted && kind == TokKind::Punct,
            possessive: false,
            tags: 0,
        });
        i += 1;
    }
    Tokens {
        toks,
        open_at_end: quoted,
    }
}

fn lower_base(w: &str) -> (std::borrow::Cow<'_, str>, bool) {
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
        Cow::Owned(w.to_ascii_lowercase())
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
    if let Some(stem) = possessive_at {
        return (Cow::Owned(stem.to_string()), true);
    }
    if let Some(stem) = lower.strip_suffix("s'") {
        return (Cow::Owned(format!("{stem}s")), true);
    }
    (lower, false)
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

    #[test]
    fn possessive_base() {
        let t = "Trump’s campaign";
        let tk = tokenize(t, Span::new(0, t.len()), false);
        assert_eq!(tk.toks[0].lower, "trump");
        assert_eq!(tk.toks[0].base(), "Trump");
    }
}
