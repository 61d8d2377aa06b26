//! Suppression comments, the same in every input format:
//!
//! ```text
//! <!-- sourced-disable-next-line ANON001, VAG001 -->   the next line with text
//! <!-- sourced-disable ANON005 -->                     from here ...
//! <!-- sourced-enable ANON005 -->                      ... to here
//! ```
//!
//! No ids means every check. In Markdown and HTML they are ordinary comments; in plain text a
//! line holding only such a comment is a directive, not prose, and is left out of the claims.

/// What a suppression comment does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectiveKind {
    /// The findings on the next line that has text.
    NextLine,
    /// Findings from here until a matching enable (or the end).
    Disable,
    /// Ends a disable.
    Enable,
}

/// A suppression comment found in an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub kind: DirectiveKind,
    /// The check ids it names (upper-cased); empty for every check.
    pub ids: Vec<String>,
    /// Where the comment stands (byte offsets into the file) and its 1-based line.
    pub start: usize,
    pub end: usize,
    pub line: u32,
}

impl Directive {
    pub fn covers(&self, id: &str) -> bool {
        self.ids.is_empty() || self.ids.iter().any(|x| x.eq_ignore_ascii_case(id))
    }
}

/// Parse the body of a comment (`<!-- ... -->` with or without its delimiters).
pub fn parse(comment: &str, start: usize, end: usize, line: u32) -> Option<Directive> {
    let body = comment
        .trim()
        .trim_start_matches("<!--")
        .trim_end_matches("-->")
        .trim();
    let (kind, rest) = if let Some(r) = body.strip_prefix("sourced-disable-next-line") {
        (DirectiveKind::NextLine, r)
    } else if let Some(r) = body.strip_prefix("sourced-disable") {
        (DirectiveKind::Disable, r)
    } else if let Some(r) = body.strip_prefix("sourced-enable") {
        (DirectiveKind::Enable, r)
    } else {
        return None;
    };
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    let ids = rest
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(str::to_ascii_uppercase)
        .collect();
    Some(Directive {
        kind,
        ids,
        start,
        end,
        line,
    })
}

/// The lines of `text`, each with its line end: `\n`, `\r\n` or a lone `\r` (as an editor
/// counts them, and as claims' lines are counted).
pub fn lines_with_ends(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut pos = 0;
    std::iter::from_fn(move || {
        if pos >= bytes.len() {
            return None;
        }
        let start = pos;
        pos = match memchr::memchr2(b'\n', b'\r', &bytes[pos..]) {
            Some(k) if bytes[pos + k] == b'\r' && bytes.get(pos + k + 1) == Some(&b'\n') => {
                pos + k + 2
            }
            Some(k) => pos + k + 1,
            None => bytes.len(),
        };
        Some(&text[start..pos])
    })
}

/// Plain text: find directive lines and blank them out of the prose (same byte length, so
/// offsets are unchanged).
pub fn from_plain_text(source: String) -> (String, Vec<Directive>) {
    if !source.contains("sourced-") {
        // The usual case: the text is the file, not a copy of it.
        return (source, Vec::new());
    }
    let mut text = String::with_capacity(source.len());
    let mut directives = Vec::new();
    let mut pos = 0;
    for (n, line) in lines_with_ends(&source).enumerate() {
        let body = line.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim();
        let directive = (trimmed.starts_with("<!--") && trimmed.ends_with("-->"))
            .then(|| {
                parse(
                    trimmed,
                    pos,
                    pos + body.len(),
                    u32::try_from(n + 1).unwrap_or(u32::MAX),
                )
            })
            .flatten();
        match directive {
            Some(d) => {
                directives.push(d);
                text.extend(std::iter::repeat_n(' ', body.len()));
                text.push_str(&line[body.len()..]);
            }
            None => text.push_str(line),
        }
        pos += line.len();
    }
    (text, directives)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_forms() {
        let d = parse(
            "<!-- sourced-disable-next-line anon001, VAG001 -->",
            0,
            10,
            3,
        )
        .unwrap();
        assert_eq!(d.kind, DirectiveKind::NextLine);
        assert_eq!(d.ids, ["ANON001", "VAG001"]);
        assert!(d.covers("vag001") && !d.covers("ART001"));
        let d = parse("sourced-disable", 0, 0, 1).unwrap();
        assert_eq!(d.kind, DirectiveKind::Disable);
        assert!(d.covers("ANYTHING"));
        assert_eq!(
            parse("<!-- sourced-enable ART001 -->", 0, 0, 1)
                .unwrap()
                .kind,
            DirectiveKind::Enable
        );
        assert!(parse("<!-- an ordinary comment -->", 0, 0, 1).is_none());
        assert!(parse("<!-- sourced-disabled -->", 0, 0, 1).is_none());
    }

    #[test]
    fn plain_text_directive_lines_are_blanked() {
        let src = "Title\n<!-- sourced-disable-next-line VAG001 -->\nExperts say so.\n";
        let (text, ds) = from_plain_text(src.to_string());
        assert_eq!(text.len(), src.len());
        assert!(!text.contains("sourced"));
        assert_eq!(ds[0].line, 2);
        assert_eq!(
            &src[ds[0].start..ds[0].end],
            "<!-- sourced-disable-next-line VAG001 -->"
        );
    }

    /// Issue #17, item 4: a lone `\r` ends a line, so a directive on a line of its own in a
    /// file with old Mac line ends is a directive, on the line an editor shows.
    #[test]
    fn lone_carriage_returns_end_directive_lines() {
        let src = "Title\r<!-- sourced-disable-next-line VAG001 -->\rExperts say so.\r\nEnd.";
        let (text, ds) = from_plain_text(src.to_string());
        assert_eq!(text.len(), src.len());
        assert!(!text.contains("sourced"), "{text:?}");
        assert_eq!(ds.len(), 1);
        assert_eq!(ds[0].line, 2);
        let lines: Vec<&str> = lines_with_ends(src).collect();
        assert_eq!(lines.concat(), src);
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[2], "Experts say so.\r\n");
    }
}
