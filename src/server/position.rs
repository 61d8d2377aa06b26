//! Positions as the editor counts them.
//!
//! The report speaks in byte offsets into the document; LSP speaks in lines and characters,
//! where a character is a UTF-16 code unit unless client and server agree on UTF-8 (the
//! server asks for UTF-8 when the client offers it). A line ends at `\n`, `\r\n` or a lone
//! `\r`, as the protocol says.

use lsp_types::Position;

/// How the client counts the characters of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Bytes of UTF-8 (negotiated).
    Utf8,
    /// UTF-16 code units (the protocol's default).
    Utf16,
}

/// Where each line of a text starts, to turn byte offsets into positions and back.
#[derive(Debug, Clone)]
pub struct Lines {
    /// The byte offset of the start of every line; the first is 0.
    starts: Vec<usize>,
}

impl Lines {
    pub fn new(text: &str) -> Lines {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            // A `\r` followed by `\n` ends its line at the `\n`.
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                continue;
            }
            starts.push(i + 1);
        }
        Lines { starts }
    }

    /// How many lines the text has (an empty text has one).
    pub fn count(&self) -> usize {
        self.starts.len()
    }

    /// The byte range of 0-based line `line` without its line break (clamped to the last line).
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let line = line.min(self.starts.len() - 1);
        let start = self.starts[line];
        let end = self.starts.get(line + 1).map_or(text.len(), |&next| {
            let b = text.as_bytes();
            let mut end = next;
            if end > start && b[end - 1] == b'\n' {
                end -= 1;
            }
            if end > start && b[end - 1] == b'\r' {
                end -= 1;
            }
            end
        });
        start..end
    }

    /// The 0-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// The position of byte `offset` (clamped to the text, and back to a character boundary).
    pub fn position(&self, text: &str, offset: usize, enc: Encoding) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.starts[line];
        let character = match enc {
            Encoding::Utf8 => offset - start,
            Encoding::Utf16 => text[start..offset].encode_utf16().count(),
        };
        Position::new(to_u32(line), to_u32(character))
    }

    /// The byte offset of a position. A line past the end means the end of the text; a
    /// character past the end of its line means the end of the line (as the protocol says); a
    /// position inside a character (half a surrogate pair, a byte inside a UTF-8 sequence)
    /// means the start of that character.
    pub fn offset(&self, text: &str, pos: Position, enc: Encoding) -> usize {
        let line = pos.line as usize;
        if line >= self.starts.len() {
            return text.len();
        }
        let range = self.line_range(text, line);
        let want = pos.character as usize;
        match enc {
            Encoding::Utf8 => {
                let mut at = range.start + want.min(range.len());
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                at
            }
            Encoding::Utf16 => {
                let mut units = 0;
                for (i, c) in text[range.clone()].char_indices() {
                    units += c.len_utf16();
                    if units > want {
                        return range.start + i;
                    }
                }
                range.end
            }
        }
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_end_at_lf_crlf_and_lone_cr() {
        let text = "a\nb\r\nc\rd";
        let lines = Lines::new(text);
        assert_eq!(lines.count(), 4);
        assert_eq!(&text[lines.line_range(text, 1)], "b");
        assert_eq!(&text[lines.line_range(text, 2)], "c");
        assert_eq!(&text[lines.line_range(text, 3)], "d");
        assert_eq!(lines.position(text, 7, Encoding::Utf8), Position::new(3, 0));
    }

    /// "é" is two bytes and one UTF-16 unit; "😀" four bytes and two units.
    #[test]
    fn utf16_and_utf8_columns() {
        let text = "é😀x\nsaid";
        let lines = Lines::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(
            lines.position(text, x, Encoding::Utf16),
            Position::new(0, 3)
        );
        assert_eq!(lines.position(text, x, Encoding::Utf8), Position::new(0, 6));
        assert_eq!(lines.offset(text, Position::new(0, 3), Encoding::Utf16), x);
        assert_eq!(lines.offset(text, Position::new(0, 6), Encoding::Utf8), x);
        // Inside the surrogate pair: the start of the emoji.
        assert_eq!(lines.offset(text, Position::new(0, 2), Encoding::Utf16), 2);
        // Past the end of the line: its end, before the break.
        assert_eq!(
            lines.offset(text, Position::new(0, 99), Encoding::Utf16),
            x + 1
        );
        assert_eq!(
            lines.offset(text, Position::new(9, 0), Encoding::Utf16),
            text.len()
        );
    }

    /// Every character boundary goes to a position and back to itself, in both encodings.
    #[test]
    fn offsets_round_trip() {
        let pieces = ["a", "é", "\n", "\r", "\r\n", "😀", "“", " "];
        for mix in crate::mixes(&pieces, 300, 20, 5) {
            let text = mix.concat();
            let lines = Lines::new(&text);
            for enc in [Encoding::Utf8, Encoding::Utf16] {
                for (i, _) in text.char_indices().chain([(text.len(), ' ')]) {
                    // A position between `\r` and `\n` is not one an editor can give.
                    if i > 0 && text.as_bytes()[i - 1] == b'\r' && text[i..].starts_with('\n') {
                        continue;
                    }
                    let p = lines.position(&text, i, enc);
                    assert_eq!(lines.offset(&text, p, enc), i, "{text:?} at {i} ({enc:?})");
                }
            }
        }
    }
}
