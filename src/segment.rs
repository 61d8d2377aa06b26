//! Stage 2: split an article into claims.
//!
//! A claim is one sentence of the article, as `../shared/eval/GUIDE.md` defines the unit: a
//! sentence ends at `.`, `!` or `?` (with any closing quotes or brackets) followed by white space
//! and the start of a new sentence; a paragraph break (a blank line, or the end of a line with no
//! sentence-final punctuation, such as a headline) ends one too. Abbreviations mid-sentence
//! (`U.S. officials`, `Mr. Kim`, `Feb. 3`, `J. Smith`) and a `?` standing for a lost dash
//! (`Russia?which`) do not end a sentence.
//!
//! The segmenter works on byte offsets into the text and never copies it. Every byte belongs to
//! exactly one [`Span`] or to the white space between two spans, so nothing the writer wrote is
//! dropped. It is a single left-to-right pass: linear in the input.

/// A half-open byte range `[start, end)` into the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

/// Titles that are always followed by a name: a period after them never ends a sentence.
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "messrs", "mmes", "dr", "prof", "sen", "sens", "rep", "reps", "gov", "govs",
    "gen", "lt", "col", "maj", "capt", "cpt", "sgt", "cmdr", "adm", "rev", "hon", "pres", "supt",
    "det", "insp", "atty", "st", "ste", "mt", "ft", "fr", "sr", "jr", "vs", "v", "no", "nos", "pp",
    "vol", "art", "sec", "ch", "fig", "op", "cf", "approx", "est", "dept", "univ", "assn", "bros",
    "corp", "inc", "ltd", "co", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "ave", "blvd", "rd", "gov't", "e.g", "i.e", "etc", "al", "ca", "pt",
];

/// Abbreviations that usually end a sentence when a sentence-like word follows them
/// (`... Apple Inc. The company`), but not otherwise (`Inc. CEO`).
const WEAK_TITLES: &[&str] = &["inc", "corp", "ltd", "co", "etc", "bros", "al", "jr", "sr"];

/// Abbreviations that stand before a number (`No. 2`, `Vol. 3`); before anything else they are
/// ordinary words (`said no.`).
const NUMBERED: &[&str] = &[
    "no", "nos", "vol", "art", "sec", "ch", "fig", "op", "pp", "pt", "v",
];

/// Words that plainly begin a new sentence. After an ambiguous abbreviation (`D-N.Y.`, `Ala.`,
/// `U.S.`) a split happens only before one of these, so `U.S. State Department` stays whole
/// while `... D-N.Y. The bill` splits.
const SENTENCE_STARTERS: &[&str] = &[
    "the",
    "a",
    "an",
    "but",
    "and",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "in",
    "on",
    "at",
    "this",
    "that",
    "these",
    "those",
    "his",
    "her",
    "their",
    "its",
    "there",
    "as",
    "if",
    "when",
    "while",
    "after",
    "before",
    "some",
    "many",
    "most",
    "for",
    "however",
    "meanwhile",
    "still",
    "yet",
    "so",
    "then",
    "now",
    "since",
    "although",
    "though",
    "because",
    "according",
    "asked",
    "what",
    "who",
    "why",
    "how",
    "where",
    "our",
    "my",
    "you",
    "your",
    "one",
    "two",
    "three",
    "both",
    "each",
    "no",
    "not",
    "also",
    "last",
    "earlier",
    "later",
    "under",
    "with",
    "by",
    "from",
    "during",
    "among",
    "despite",
    "officials",
    "experts",
    "analysts",
    "critics",
    "sources",
];

/// Split `text` into sentence spans. Spans are in order, do not overlap, start and end on char
/// boundaries, hold no leading or trailing white space, and leave out only white space.
pub fn segment(text: &str) -> Vec<Span> {
    sentences(text).collect()
}

/// The sentence spans of `text` one at a time, as [`segment`] gives them: the pipeline takes
/// them as they come, so a long article never holds a list of them.
pub fn sentences(text: &str) -> Sentences<'_> {
    Sentences {
        text,
        i: 0,
        common: 0,
        rare: 0,
    }
}

/// The iterator [`sentences`] returns.
#[derive(Debug, Clone)]
pub struct Sentences<'a> {
    text: &'a str,
    /// Where the next sentence is looked for.
    i: usize,
    /// The next `.`, `?` or line feed at or after where it was last looked for: a position
    /// behind the scan is stale and looked for again. Searched with `memchr3` (many bytes at a
    /// time) rather than a byte at a time: most of the text is the inside of sentences.
    common: usize,
    /// The same for `!`, a carriage return and 0xE2 (the first byte of `…`, and of curly quotes).
    rare: usize,
}

impl Sentences<'_> {
    /// The first byte at or after `i` that may end a sentence or a paragraph (terminal
    /// punctuation, a line break, the first byte of `…`), or the text's length. May
    /// stop earlier, at a byte that cannot end one (the very first call): the scan then reads
    /// that character as any other and goes on. It never skips one that may.
    fn may_end_from(&mut self, i: usize) -> usize {
        let bytes = self.text.as_bytes();
        let after = |found: Option<usize>| found.map_or(bytes.len(), |k| i + k);
        if self.common < i {
            self.common = after(memchr::memchr3(b'.', b'?', b'\n', &bytes[i..]));
        }
        if self.rare < i {
            self.rare = after(memchr::memchr3(b'!', b'\r', 0xE2, &bytes[i..]));
        }
        self.common.min(self.rare)
    }
}

impl Iterator for Sentences<'_> {
    type Item = Span;

    fn next(&mut self) -> Option<Span> {
        let text = self.text;
        let bytes = text.as_bytes();
        let mut start: Option<usize> = None;
        let mut i = self.i;
        while i < bytes.len() {
            if start.is_some() {
                // Inside a sentence only terminal punctuation ('…' starts with 0xE2) and line
                // breaks matter: skip to the next of them. Each search goes on from where the
                // last one stopped, so the text is searched once however many sentences it has.
                i = self.may_end_from(i);
                if i >= bytes.len() {
                    break;
                }
            }
            let c = next_char(text, i);
            let clen = c.len_utf8();
            if start.is_none() {
                if c.is_whitespace() {
                    i += clen;
                    continue;
                }
                start = Some(i);
            }
            match c {
                '.' | '!' | '?' | '…' => {
                    // Run of terminal punctuation, then closing quotes and brackets.
                    let mut j = i + clen;
                    while j < bytes.len() {
                        let d = next_char(text, j);
                        if matches!(d, '.' | '!' | '?' | '…') || is_closing(d) {
                            j += d.len_utf8();
                        } else {
                            break;
                        }
                    }
                    if let Some(s) = start.filter(|&s| ends_sentence(text, s, i, j)) {
                        self.i = j;
                        return Some(Span::new(s, j));
                    }
                    i = j;
                    continue;
                }
                '\n' | '\r' => {
                    if let Some(s) = start {
                        if paragraph_break(text, s, i) {
                            self.i = i + clen;
                            return Some(Span::new(s, trim_end(text, s, i)));
                        }
                    }
                }
                _ => {}
            }
            i += clen;
        }
        self.i = bytes.len();
        let s = start?;
        let end = trim_end(text, s, bytes.len());
        (end > s).then(|| Span::new(s, end))
    }
}

fn next_char(text: &str, i: usize) -> char {
    text[i..].chars().next().unwrap_or(' ')
}

fn is_closing(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»' | '›')
}

fn is_opening(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '(' | '[' | '«' | '‹')
}

fn trim_end(text: &str, start: usize, end: usize) -> usize {
    start + text[start..end].trim_end().len()
}

/// Does the punctuation at `punct..after` end the sentence that began at `start`?
fn ends_sentence(text: &str, start: usize, punct: usize, after: usize) -> bool {
    let rest = &text[after..];
    // Must be followed by white space (or the end of the text).
    let Some(ws) = rest.chars().next() else {
        return true;
    };
    if !ws.is_whitespace() {
        return false;
    }
    // A line break after terminal punctuation always ends the sentence (a new paragraph or line).
    let trimmed = rest.trim_start_matches([' ', '\t', '\u{a0}']);
    if trimmed.is_empty() || trimmed.starts_with(['\n', '\r']) {
        return true;
    }
    let mut chars = trimmed.chars();
    let first = chars.next().unwrap_or(' ');
    let letter = if matches!(first, '(' | '[') {
        chars.next().unwrap_or(' ')
    } else if is_opening(first) {
        // An opening quote after a sentence end starts a new sentence.
        return !is_abbreviation_strong(text, start, punct);
    } else {
        first
    };
    if !(letter.is_uppercase() || letter.is_ascii_digit()) {
        return false;
    }
    if text[punct..].starts_with('.') {
        return !is_abbreviation(text, start, punct, trimmed);
    }
    true
}

/// The word that ends at the period at `punct`, lower-cased, without the final period.
fn word_before(text: &str, start: usize, punct: usize) -> &str {
    let head = &text[start..punct];
    let from = head
        .rfind(|c: char| c.is_whitespace() || is_opening(c) || c == '—')
        .map(|p| p + head[p..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(0);
    &head[from..]
}

fn is_abbreviation_strong(text: &str, start: usize, punct: usize) -> bool {
    let w = Lower::ascii(word_before(text, start, punct));
    TITLE_WORDS.contains(&w) && !WEAK_TITLES.contains(&&*w) && !is_month(&w)
}

/// A word in lower case, held on the stack when it is short ASCII (nearly every word a word
/// list is asked about), so that asking allocates nothing.
pub(crate) enum Lower {
    Small([u8; 23], u8),
    Heap(String),
}

impl Lower {
    /// The word as [`str::to_ascii_lowercase`] gives it.
    pub(crate) fn ascii(w: &str) -> Lower {
        Self::small(w).unwrap_or_else(|| Lower::Heap(w.to_ascii_lowercase()))
    }

    /// The word as [`str::to_lowercase`] gives it.
    pub(crate) fn unicode(w: &str) -> Lower {
        Self::small(w).unwrap_or_else(|| Lower::Heap(w.to_lowercase()))
    }

    /// Short ASCII, where the two lower cases agree.
    fn small(w: &str) -> Option<Lower> {
        let len = u8::try_from(w.len()).ok().filter(|&n| n <= 23)?;
        if !w.is_ascii() {
            return None;
        }
        let mut buf = [0u8; 23];
        for (d, b) in buf.iter_mut().zip(w.bytes()) {
            *d = b.to_ascii_lowercase();
        }
        Some(Lower::Small(buf, len))
    }
}

impl std::ops::Deref for Lower {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            // ASCII bytes: always UTF-8.
            Lower::Small(buf, len) => std::str::from_utf8(&buf[..*len as usize]).unwrap_or(""),
            Lower::Heap(s) => s,
        }
    }
}

/// A word list asked about at nearly every full stop, hashed the first time it is asked.
pub(crate) struct Words {
    list: &'static [&'static str],
    set: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>>,
}

impl Words {
    pub(crate) const fn new(list: &'static [&'static str]) -> Words {
        Words {
            list,
            set: std::sync::OnceLock::new(),
        }
    }

    pub(crate) fn contains(&self, w: &str) -> bool {
        self.set
            .get_or_init(|| self.list.iter().copied().collect())
            .contains(w)
    }
}

static TITLE_WORDS: Words = Words::new(TITLES);
static STARTER_WORDS: Words = Words::new(SENTENCE_STARTERS);

fn is_month(w: &str) -> bool {
    matches!(
        w,
        "jan"
            | "feb"
            | "mar"
            | "apr"
            | "jun"
            | "jul"
            | "aug"
            | "sep"
            | "sept"
            | "oct"
            | "nov"
            | "dec"
    )
}

/// Is the period at `punct` part of an abbreviation that does not end the sentence, given the
/// text `next` that follows it?
fn is_abbreviation(text: &str, start: usize, punct: usize, next: &str) -> bool {
    let word = word_before(text, start, punct);
    if word.is_empty() {
        return false;
    }
    let lower = Lower::ascii(word);
    let after = next.trim_start_matches(|c: char| is_opening(c));
    let word_len = after
        .find(|c: char| !(c.is_alphanumeric() || c == '\''))
        .unwrap_or(after.len());
    let next_word = Lower::unicode(&after[..word_len]);
    let starter = STARTER_WORDS.contains(&next_word);
    // Initials: a single capital letter (`J. Smith`, `Donald J. Trump`).
    let mut wc = word.chars();
    if let (Some(c), None) = (wc.next(), wc.next()) {
        if c.is_uppercase() {
            return !starter || &*next_word == "a" || &*next_word == "i";
        }
    }
    if NUMBERED.contains(&&*lower) {
        return next.starts_with(|c: char| c.is_ascii_digit());
    }
    if TITLE_WORDS.contains(&lower) {
        if WEAK_TITLES.contains(&&*lower) || is_month(&lower) {
            return !starter;
        }
        return true;
    }
    // Dotted abbreviations: U.S., D-N.Y., a.m., Wash.-style state names.
    let dotted = word.contains('.') && word.chars().any(char::is_alphabetic);
    let short_state = word.len() <= 5
        && word.chars().next().is_some_and(char::is_uppercase)
        && STATE_ABBREVIATIONS.contains(&&*lower);
    if dotted || short_state {
        return !starter;
    }
    false
}

/// US state abbreviations in AP style ("Selma, Ala.", "D-N.Y."), lower case, without their final
/// period. The segmenter, the tokenizer and the appositive finder all read this one list.
pub const STATE_ABBREVIATIONS: &[&str] = &[
    "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan", "ky",
    "la", "md", "mass", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "okla", "ore", "pa",
    "tenn", "vt", "va", "wash", "wis", "wyo", "n.h", "n.j", "n.m", "n.y", "n.c", "n.d", "r.i",
    "s.c", "s.d", "w.va", "d.c",
];

/// Does the line break at `nl` end the claim that began at `start`? A blank line always does; a
/// single line break does unless the line ends mid-sentence (after `,`, `;`, `:` or a dash) or
/// the next line carries on in lower case.
fn paragraph_break(text: &str, start: usize, nl: usize) -> bool {
    let before = text[start..nl].trim_end_matches([' ', '\t', '\u{a0}', '\r']);
    if before.is_empty() {
        return false;
    }
    let last = before.chars().next_back().unwrap_or(' ');
    // Skip this line break's own \r\n pair, then any horizontal white space.
    let mut j = nl;
    if text[j..].starts_with("\r\n") {
        j += 2;
    } else {
        j += 1;
    }
    let rest = &text[j..];
    let rest_trim = rest.trim_start_matches([' ', '\t', '\u{a0}']);
    if rest_trim.is_empty() || rest_trim.starts_with(['\n', '\r']) {
        return true; // blank line or end of text
    }
    if matches!(last, ',' | ';' | ':' | '—' | '–' | '-' | '(' | '“') {
        return false;
    }
    let first = rest_trim.chars().next().unwrap_or(' ');
    if first.is_lowercase() {
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_is_the_lower_case_the_std_gives() {
        let words = [
            "",
            "Mr",
            "U.S",
            "ABCDEFGHIJKLMNOPQRSTUVW", // 23 bytes: the longest held on the stack
            "ABCDEFGHIJKLMNOPQRSTUVWX", // 24 bytes
            "Éric",
            "\u{212A}elvin", // the Kelvin sign lower-cases to ASCII 'k'
            "İstanbul",
            "O'Neill",
        ];
        for w in words {
            assert_eq!(&*Lower::ascii(w), w.to_ascii_lowercase(), "{w:?}");
            assert_eq!(&*Lower::unicode(w), w.to_lowercase(), "{w:?}");
        }
    }

    fn texts(t: &str) -> Vec<&str> {
        segment(t).iter().map(|s| &t[s.start..s.end]).collect()
    }

    #[test]
    fn splits_plain_sentences() {
        assert_eq!(
            texts("One two. Three four! Five?"),
            ["One two.", "Three four!", "Five?"]
        );
    }

    #[test]
    fn abbreviations_mid_sentence_do_not_split() {
        assert_eq!(
            texts("U.S. officials met Mr. Kim on Feb. 3 in No. 2 Road. J. Smith said so."),
            [
                "U.S. officials met Mr. Kim on Feb. 3 in No. 2 Road.",
                "J. Smith said so."
            ]
        );
        assert_eq!(
            texts("The U.S. State Department said no. Donald J. Trump left."),
            [
                "The U.S. State Department said no.",
                "Donald J. Trump left."
            ]
        );
    }

    #[test]
    fn abbreviation_at_sentence_end_splits_before_a_plain_start() {
        assert_eq!(
            texts("said Rep. Jerrold Nadler, D-N.Y. The bill passed."),
            ["said Rep. Jerrold Nadler, D-N.Y.", "The bill passed."]
        );
        assert_eq!(
            texts("He spoke in Selma, Ala. But on Saturday he left."),
            ["He spoke in Selma, Ala.", "But on Saturday he left."]
        );
    }

    #[test]
    fn lost_dash_question_mark_does_not_split() {
        assert_eq!(
            texts("ties with Russia?which deepened?do not cool."),
            ["ties with Russia?which deepened?do not cool."]
        );
    }

    #[test]
    fn quotations_split_inside_and_close_with_the_quote() {
        let t = "He said, \"Last time, it was candid. They released a lot.\" Then he left.";
        assert_eq!(
            texts(t),
            [
                "He said, \"Last time, it was candid.",
                "They released a lot.\"",
                "Then he left."
            ]
        );
        let t = "“It is over,” she said. “We lost.” The end.";
        assert_eq!(
            texts(t),
            ["“It is over,” she said.", "“We lost.”", "The end."]
        );
        assert_eq!(texts("\"Why?\" he asked."), ["\"Why?\" he asked."]);
    }

    #[test]
    fn headlines_and_paragraphs() {
        let t = "Ad sales boost profit\n\nProfits rose. Sales fell.\r\nA new line\nstill going; on\nand on.";
        assert_eq!(
            texts(t),
            [
                "Ad sales boost profit",
                "Profits rose.",
                "Sales fell.",
                "A new line\nstill going; on\nand on."
            ]
        );
    }

    /// The cached `memchr3` searches find what a byte-at-a-time scan finds: from any position
    /// the scan reaches, in order, the first byte that may end a sentence.
    #[test]
    fn may_end_from_finds_what_a_byte_scan_finds() {
        let pieces = [
            "a", " ", ".", "?", "!", "\n", "\r", "…", "“", "’", "é", "Mr", "word ",
        ];
        let may_end = |b: u8| matches!(b, b'.' | b'!' | b'?' | b'\n' | b'\r' | 0xE2);
        for mix in crate::mixes(&pieces, 400, 30, 5) {
            let text = mix.concat();
            let bytes = text.as_bytes();
            for step in [1, 2, 3, 7] {
                let mut it = sentences(&text);
                let mut i = 1;
                while i <= bytes.len() {
                    let want = (i..bytes.len())
                        .find(|&k| may_end(bytes[k]))
                        .unwrap_or(bytes.len());
                    assert_eq!(it.may_end_from(i), want, "{text:?} from {i}");
                    i += step;
                }
            }
        }
    }

    #[test]
    fn nothing_but_white_space_is_left_out() {
        let t = "  Head line \n\n  Body text. More text  \n";
        let spans = segment(t);
        let mut covered = 0;
        let mut last = 0;
        for s in &spans {
            assert!(t[last..s.start].trim().is_empty());
            covered += s.len();
            last = s.end;
        }
        assert!(t[last..].trim().is_empty());
        assert!(covered > 0);
    }
}
