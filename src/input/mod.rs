//! Stage 1: read an article as the user wrote it.
//!
//! Bytes are decoded as UTF-8. A byte-order mark is skipped; bytes that are not UTF-8 (a Latin-1
//! file, say) become U+FFFD with a warning that gives the byte offset, and the text is still
//! checked. Markdown and HTML are reduced to their prose (code, front matter, link targets,
//! scripts and markup are not prose) by [`markdown`] and [`html`].
//!
//! Every later stage works on [`Article::text`], the prose. The article keeps two offset maps —
//! prose → decoded source, decoded source → file bytes — so that every offset a report gives
//! points into the **original file**, and every line and column is counted in it: never in a
//! converted text.

mod directives;
pub mod files;
mod html;
mod markdown;
mod outlet;

use std::path::Path;

use anyhow::{bail, Context, Result};

pub use directives::{Directive, DirectiveKind};

/// How an article is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    Text,
    Markdown,
    Html,
}

impl InputFormat {
    /// The format a file's extension suggests (plain text for anything unknown).
    pub fn from_path(path: &Path) -> InputFormat {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("md" | "markdown" | "mdown" | "mkd") => InputFormat::Markdown,
            Some("html" | "htm" | "xhtml") => InputFormat::Html,
            _ => InputFormat::Text,
        }
    }

    /// Extensions of the files a directory walk picks up.
    pub const EXTENSIONS: &'static [&'static str] = &[
        "txt", "text", "md", "markdown", "mdown", "mkd", "html", "htm", "xhtml",
    ];
}

/// A piecewise map from offsets in one text to offsets in another: at each recorded point
/// `(from, to)` the two start to differ by a new amount.
#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
    shifts: Vec<(usize, usize)>,
    /// Ends of pieces that are shorter or longer than their source (a decoded `&rdquo;`):
    /// (end in this text, end in the source).
    ends: Vec<(usize, usize)>,
}

impl OffsetMap {
    pub fn map(&self, pos: usize) -> usize {
        self.map_with(pos, self.shifts.partition_point(|&(t, _)| t <= pos))
    }

    /// Map an exclusive end: at a point where two pieces meet, the end of the piece before
    /// (not the start of the next one, which may stand far on in the source).
    pub fn map_end(&self, pos: usize) -> usize {
        if let Ok(k) = self.ends.binary_search_by_key(&pos, |&(t, _)| t) {
            return self.ends[k].1;
        }
        self.map_with(pos, self.shifts.partition_point(|&(t, _)| t < pos))
    }

    fn map_with(&self, pos: usize, i: usize) -> usize {
        if i == 0 {
            return pos;
        }
        let (t, f) = self.shifts[i - 1];
        f + (pos - t)
    }
}

/// Builds a text out of pieces of a source, recording where each piece came from.
#[derive(Debug, Default)]
pub struct TextBuilder {
    pub text: String,
    map: OffsetMap,
}

impl TextBuilder {
    /// Append `piece`, which stands at `source_pos` in the source.
    pub fn push(&mut self, piece: &str, source_pos: usize) {
        if piece.is_empty() {
            return;
        }
        if self.map.map(self.text.len()) != source_pos {
            self.map.shifts.push((self.text.len(), source_pos));
        }
        self.text.push_str(piece);
    }

    /// Append `piece`, which stands for `source[start..end]` (a decoded entity, an unescaped
    /// run): its start and its end map exactly, whatever their lengths.
    pub fn push_mapped(&mut self, piece: &str, start: usize, end: usize) {
        self.push(piece, start);
        if end - start != piece.len() {
            self.map.ends.push((self.text.len(), end));
        }
    }

    /// Append a separator (a space, a paragraph break) that stands for the source at
    /// `source_pos`, unless the text already ends with white space.
    pub fn separate(&mut self, sep: &str, source_pos: usize) {
        if self.text.is_empty() {
            return;
        }
        let tail = self.text.len() - self.text.trim_end_matches([' ', '\t']).len();
        let has_break = self.text.trim_end_matches([' ', '\t']).ends_with('\n');
        if sep.contains('\n') {
            if self.text.ends_with("\n\n") || has_break && sep == "\n" {
                return;
            }
            self.text.truncate(self.text.len() - tail);
        } else if tail > 0 || self.text.ends_with('\n') {
            return;
        }
        self.push(sep, source_pos);
    }

    pub fn finish(self) -> (String, OffsetMap) {
        (self.text, self.map)
    }
}

/// An article ready for the pipeline.
#[derive(Debug, Clone)]
pub struct Article {
    /// The path as the user gave it (or the `--stdin-filename` for standard input).
    pub path: String,
    pub format: InputFormat,
    /// The prose the pipeline analyses.
    pub text: String,
    /// The decoded file, when it differs from the prose (Markdown, HTML).
    source: Option<String>,
    /// Prose offsets → decoded-source offsets.
    to_source: OffsetMap,
    /// Decoded-source offsets → file bytes (a BOM, bytes that were not UTF-8).
    to_file: OffsetMap,
    /// Suppression comments (`<!-- sourced-disable-next-line ID -->`).
    pub directives: Vec<Directive>,
    /// Problems met while reading that did not stop the check.
    pub warnings: Vec<String>,
    /// The outlet the article declares itself (front matter, a copyright line).
    pub outlet: Option<String>,
}

impl Article {
    /// A plain-text article from text already in memory (offsets into it are file offsets).
    pub fn from_text(path: &str, text: &str) -> Article {
        Self::build(
            path,
            text.to_string(),
            OffsetMap::default(),
            Vec::new(),
            InputFormat::Text,
        )
    }

    /// Decode raw bytes as plain text. Fails on binary data (NUL bytes), which is not an article.
    pub fn from_bytes(path: &str, bytes: &[u8]) -> Result<Article> {
        Self::from_bytes_as(path, bytes, InputFormat::Text)
    }

    /// Decode raw bytes written in `format`.
    pub fn from_bytes_as(path: &str, bytes: &[u8], format: InputFormat) -> Result<Article> {
        Self::from_vec_as(path, bytes.to_vec(), format)
    }

    /// Decode raw bytes written in `format`, taking them over: valid UTF-8 becomes the text
    /// without a copy, so a large file is held once.
    pub fn from_vec_as(path: &str, bytes: Vec<u8>, format: InputFormat) -> Result<Article> {
        let (source, to_file, warnings) = decode(path, bytes)?;
        Ok(Self::build(path, source, to_file, warnings, format))
    }

    fn build(
        path: &str,
        source: String,
        to_file: OffsetMap,
        mut warnings: Vec<String>,
        format: InputFormat,
    ) -> Article {
        let outlet = outlet::declared(&source, format);
        let (text, source, to_source, directives) = match format {
            InputFormat::Text => {
                let (text, directives) = directives::from_plain_text(source);
                (text, None, OffsetMap::default(), directives)
            }
            InputFormat::Markdown => {
                let (text, map, directives) = markdown::prose(&source);
                (text, Some(source), map, directives)
            }
            InputFormat::Html => {
                let (text, map, directives, empty) = html::prose(&source);
                if empty {
                    warnings.push(format!("{path}: no prose in this page: its text is all in scripts, navigation or markup that is not the article (see the README's Input section)"));
                }
                (text, Some(source), map, directives)
            }
        };
        let directives = directives
            .into_iter()
            .map(|mut d| {
                d.start = to_file.map(d.start);
                d.end = to_file.map(d.end);
                d
            })
            .collect();
        Article {
            path: path.to_string(),
            format,
            text,
            source,
            to_source,
            to_file,
            directives,
            warnings,
            outlet,
        }
    }

    /// Read an article from a file, in the format its extension says.
    pub fn read(path: &Path) -> Result<Article> {
        Self::read_as(path, InputFormat::from_path(path))
    }

    /// Read an article from a file written in `format`.
    pub fn read_as(path: &Path, format: InputFormat) -> Result<Article> {
        let shown = path.display().to_string();
        let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                anyhow::anyhow!("{shown}: no such file: check the path")
            }
            std::io::ErrorKind::PermissionDenied => {
                anyhow::anyhow!("{shown}: permission denied: make the file readable")
            }
            _ => anyhow::anyhow!("{shown}: cannot read the file: {e}"),
        })?;
        if meta.is_dir() {
            bail!("{shown}: is a directory: pass the article files inside it");
        }
        if !meta.is_file() {
            // A FIFO with no writer would block forever; a device may never end.
            bail!("{shown}: not a regular file (a pipe, socket or device): pipe it to standard input with `-` instead");
        }
        // The size is known: read into a vector of that size (reading a `File` directly would
        // ask the system for its size and position again).
        let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
        std::fs::File::open(path)
            .and_then(|f| {
                std::io::Read::read_to_end(&mut std::io::Read::take(f, u64::MAX), &mut bytes)
            })
            .with_context(|| format!("{shown}: cannot read the file"))?;
        Self::from_vec_as(&shown, bytes, format)
    }

    /// Read an article from standard input, named `name` in the report.
    pub fn read_stdin(name: &str, format: InputFormat) -> Result<Article> {
        use std::io::Read;
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .with_context(|| format!("{name}: cannot read standard input"))?;
        Self::from_vec_as(name, bytes, format)
    }

    /// The decoded file: lines and columns are counted here.
    pub fn source(&self) -> &str {
        self.source.as_deref().unwrap_or(&self.text)
    }

    /// The offset in [`Article::source`] of offset `pos` in [`Article::text`].
    pub fn source_offset(&self, pos: usize) -> usize {
        self.to_source.map(pos)
    }

    /// The offset in [`Article::source`] of the exclusive end `pos` of a span of
    /// [`Article::text`].
    pub fn source_end(&self, pos: usize) -> usize {
        self.to_source.map_end(pos)
    }

    /// The byte offset in the file of offset `pos` in [`Article::text`].
    pub fn file_offset(&self, pos: usize) -> usize {
        self.to_file.map(self.to_source.map(pos))
    }

    /// The byte offset in the file of the exclusive end `pos` of a span of [`Article::text`].
    pub fn file_end(&self, pos: usize) -> usize {
        self.to_file.map_end(self.to_source.map_end(pos))
    }
}

/// A wide Unicode encoding, as a byte-order mark announces it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wide {
    Utf16 { big_endian: bool },
    Utf32 { big_endian: bool },
}

impl Wide {
    fn name(self) -> &'static str {
        match self {
            Wide::Utf16 { big_endian: false } => "UTF-16 (little-endian)",
            Wide::Utf16 { big_endian: true } => "UTF-16 (big-endian)",
            Wide::Utf32 { big_endian: false } => "UTF-32 (little-endian)",
            Wide::Utf32 { big_endian: true } => "UTF-32 (big-endian)",
        }
    }

    fn bom_len(self) -> usize {
        match self {
            Wide::Utf16 { .. } => 2,
            Wide::Utf32 { .. } => 4,
        }
    }
}

/// The wide encoding (UTF-16 or UTF-32) a file's byte-order mark announces, if any (what
/// Windows Notepad calls "Unicode" is UTF-16, little-endian, with a mark).
fn wide_encoding(bytes: &[u8]) -> Option<Wide> {
    // UTF-32 first: its little-endian mark begins with UTF-16's.
    [
        (&b"\xFF\xFE\x00\x00"[..], Wide::Utf32 { big_endian: false }),
        (b"\x00\x00\xFE\xFF", Wide::Utf32 { big_endian: true }),
        (b"\xFF\xFE", Wide::Utf16 { big_endian: false }),
        (b"\xFE\xFF", Wide::Utf16 { big_endian: true }),
    ]
    .into_iter()
    .find(|(bom, _)| bytes.starts_with(bom))
    .map(|(_, wide)| wide)
}

/// A UTF-16 or UTF-32 file decoded (by the standard library's decoders), with each character's
/// offset in the file; `None` when it does not decode (an odd length, an unpaired surrogate:
/// then the bytes are most likely not that encoding at all).
fn decode_wide(bytes: &[u8], wide: Wide) -> Option<(String, OffsetMap)> {
    let body = &bytes[wide.bom_len()..];
    let mut text = String::with_capacity(body.len());
    let mut map = OffsetMap::default();
    let mut file = wide.bom_len();
    // Each character: where it stands in the file and how many bytes it takes there.
    let mut push = |c: char, width: usize, text: &mut String| {
        if map.map(text.len()) != file {
            map.shifts.push((text.len(), file));
        }
        text.push(c);
        if c.len_utf8() != width {
            map.ends.push((text.len(), file + width));
        }
        file += width;
    };
    match wide {
        Wide::Utf16 { big_endian } => {
            if !body.len().is_multiple_of(2) {
                return None;
            }
            let units = body.chunks_exact(2).map(|u| {
                let u = [u[0], u[1]];
                if big_endian {
                    u16::from_be_bytes(u)
                } else {
                    u16::from_le_bytes(u)
                }
            });
            for c in char::decode_utf16(units) {
                let c = c.ok()?;
                push(c, 2 * c.len_utf16(), &mut text);
            }
        }
        Wide::Utf32 { big_endian } => {
            if !body.len().is_multiple_of(4) {
                return None;
            }
            for u in body.chunks_exact(4) {
                let u = [u[0], u[1], u[2], u[3]];
                let n = if big_endian {
                    u32::from_be_bytes(u)
                } else {
                    u32::from_le_bytes(u)
                };
                push(char::from_u32(n)?, 4, &mut text);
            }
        }
    }
    Some((text, map))
}

/// Decode a file's bytes: the text, the map back to byte offsets, and warnings.
fn decode(path: &str, mut bytes: Vec<u8>) -> Result<(String, OffsetMap, Vec<String>)> {
    // Wide text with a line end or a space has NUL bytes (`\n` is `0A 00`); without any, the
    // mark is more likely two Latin-1 letters (`ÿþ`), read as such below.
    let wide = wide_encoding(&bytes).filter(|_| bytes.contains(&0));
    if let Some(encoding) = wide {
        if let Some((text, map)) = decode_wide(&bytes, encoding) {
            if !text.contains('\0') {
                return Ok((text, map, Vec::new()));
            }
        }
        bail!("{path}: {} text that does not decode (it starts with a byte-order mark, but has bad code units or NUL characters): not checked; re-save the file as UTF-8", encoding.name());
    }
    if bytes.contains(&0) {
        bail!("{path}: binary file (it contains NUL bytes): not checked; pass a text, Markdown or HTML article");
    }
    let mut warnings = Vec::new();
    let mut shifts = Vec::new();
    let mut ends = Vec::new();
    let mut base = 0;
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
        base = 3;
        shifts.push((0, 3));
    }
    let text = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            // Everything before the first bad byte is known to be valid: the walk starts there.
            let valid_up_to = e.utf8_error().valid_up_to();
            let mut body = e.into_bytes();
            // First the map and the layout: each bad byte becomes U+FFFD (three bytes).
            let mut first_bad = None;
            let mut count = 0usize;
            // Each valid run of the body (start, end) and the bad bytes after it; the first
            // run takes in the valid start.
            let mut runs: Vec<(usize, usize, usize)> = Vec::new();
            let mut out_len = valid_up_to;
            for (k, chunk) in body[valid_up_to..].utf8_chunks().enumerate() {
                let at = chunk.valid().as_ptr() as usize - body.as_ptr() as usize;
                let valid_start = if k == 0 { 0 } else { at };
                let valid_end = at + chunk.valid().len();
                out_len += chunk.valid().len();
                let file_pos = base + valid_end;
                for k in 0..chunk.invalid().len() {
                    first_bad.get_or_insert(file_pos);
                    count += 1;
                    out_len += '\u{FFFD}'.len_utf8();
                    shifts.push((out_len, file_pos + k + 1));
                    // The replacement character ends where the bad byte ends.
                    ends.push((out_len, file_pos + k + 1));
                }
                runs.push((valid_start, valid_end, chunk.invalid().len()));
            }
            // Then the text, written in the file's own buffer from the back, so that a large
            // file is never held twice.
            // Every byte moves right (by two for each bad byte before it), so copying from the
            // back never overwrites a byte not yet copied.
            body.reserve_exact(out_len - body.len());
            body.resize(out_len, 0);
            let mut write = out_len;
            for &(start, end, bad) in runs.iter().rev() {
                for _ in 0..bad {
                    write -= 3;
                    body[write..write + 3].copy_from_slice("\u{FFFD}".as_bytes());
                }
                write -= end - start;
                body.copy_within(start..end, write);
            }
            warnings.push(format!(
                "{path}: not valid UTF-8 ({count} bad byte{} from byte {}): they read as U+FFFD; re-save the file as UTF-8 to check it exactly",
                if count == 1 { "" } else { "s" },
                first_bad.unwrap_or(0)
            ));
            String::from_utf8(body).map_err(|e| {
                anyhow::anyhow!(
                    "{path}: could not decode the file ({e}): please report this as a bug"
                )
            })?
        }
    };
    Ok((text, OffsetMap { shifts, ends }, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_skipped_and_offsets_point_into_the_file() {
        let a = Article::from_bytes("x", b"\xEF\xBB\xBFHi. Yo.").unwrap();
        assert_eq!(a.text, "Hi. Yo.");
        assert_eq!(a.file_offset(0), 3);
        assert_eq!(a.file_offset(4), 7);
        assert!(a.warnings.is_empty());
    }

    #[test]
    fn latin1_reads_with_a_warning_and_offsets_stay_true() {
        let a = Article::from_bytes("x", b"caf\xe9 ok. Next.").unwrap();
        assert_eq!(a.text, "caf\u{FFFD} ok. Next.");
        assert!(a.warnings[0].contains("from byte 3"), "{:?}", a.warnings);
        // "ok" is at text offset 7 (3 + 3 bytes of U+FFFD + space) and file offset 5.
        assert_eq!(a.file_offset(7), 5);
        assert_eq!(a.file_offset(3), 3);
    }

    #[test]
    fn a_claim_ending_in_bad_bytes_ends_inside_the_file() {
        // Found by the `attribute` fuzz target: U+FFFD is three bytes for one bad byte.
        let bytes = b"Police said so. Rise 1.\xff\xff\xff\xff";
        let a = Article::from_bytes("x", bytes).unwrap();
        let end = a.text.len();
        assert_eq!(a.file_end(end), bytes.len());
        assert_eq!(a.file_offset(end), bytes.len());
    }

    /// Decoding in the file's own buffer gives what pushing onto a fresh string gives: each
    /// bad byte one U+FFFD, wherever the bad bytes stand (first, last, in runs, amid multi-byte
    /// characters and truncated sequences).
    #[test]
    fn in_place_decoding_matches_a_fresh_copy() {
        let pieces: [&[u8]; 8] = [
            b"a",
            b"\xe9",
            "é".as_bytes(),
            b"\xff\xfe",
            "“".as_bytes(),
            b"\xe2\x80",
            b". ",
            b"\xef\xbb\xbf",
        ];
        for mix in crate::mixes(&pieces, 500, 24, 11) {
            let bytes = mix.concat();
            let mut want = String::new();
            let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
            for chunk in body.utf8_chunks() {
                want.push_str(chunk.valid());
                for _ in chunk.invalid() {
                    want.push('\u{FFFD}');
                }
            }
            let a = Article::from_bytes("x", &bytes).unwrap();
            assert_eq!(a.text, want, "{bytes:?}");
            assert_eq!(a.file_end(a.text.len()), bytes.len(), "{bytes:?}");
        }
    }

    #[test]
    fn binary_is_refused() {
        let e = Article::from_bytes("img.png", b"\x89PNG\0\0")
            .unwrap_err()
            .to_string();
        assert!(e.contains("img.png") && e.contains("binary"), "{e}");
    }

    /// Issue #17, item 13: a UTF-16 or UTF-32 file (Windows Notepad's "Unicode") is decoded,
    /// and every claim's offsets point into the file's own bytes.
    #[test]
    fn utf16_and_utf32_files_are_decoded_with_offsets_into_the_file() {
        let text = "Police said “no”. Émile said 😀 so.";
        /// A byte-order mark, an encoder, the bytes of a code unit.
        type Encoding = (&'static [u8], fn(&str) -> Vec<u8>, usize);
        let encodings: [Encoding; 4] = [
            (
                b"\xFF\xFE",
                |s| s.encode_utf16().flat_map(u16::to_le_bytes).collect(),
                2,
            ),
            (
                b"\xFE\xFF",
                |s| s.encode_utf16().flat_map(u16::to_be_bytes).collect(),
                2,
            ),
            (
                b"\xFF\xFE\0\0",
                |s| s.chars().flat_map(|c| (c as u32).to_le_bytes()).collect(),
                4,
            ),
            (
                b"\0\0\xFE\xFF",
                |s| s.chars().flat_map(|c| (c as u32).to_be_bytes()).collect(),
                4,
            ),
        ];
        for (bom, encode, unit) in encodings {
            let bytes: Vec<u8> = bom.iter().copied().chain(encode(text)).collect();
            let a = Article::from_bytes("a.txt", &bytes).unwrap();
            assert_eq!(a.text, text);
            assert!(a.warnings.is_empty());
            // "Émile" starts after the BOM and the 18 characters before it.
            let e = text.find('É').unwrap();
            assert_eq!(a.file_offset(e), bom.len() + 18 * unit);
            assert_eq!(a.file_end(text.len()), bytes.len());
            // The file's bytes at a character's span decode to that character.
            let smile = text.find('😀').unwrap();
            let (s, end) = (a.file_offset(smile), a.file_end(smile + '😀'.len_utf8()));
            assert_eq!(&bytes[s..end], &encode("😀")[..]);
        }
        // A mark with bytes that are no UTF-16 is refused, saying so.
        let bad = [0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00];
        let e = Article::from_bytes("b.txt", &bad).unwrap_err().to_string();
        assert!(
            e.contains("b.txt: UTF-16 (little-endian) text that does not decode"),
            "{e}"
        );
    }

    #[test]
    fn formats_by_extension() {
        assert_eq!(
            InputFormat::from_path(Path::new("a/b.MD")),
            InputFormat::Markdown
        );
        assert_eq!(
            InputFormat::from_path(Path::new("b.htm")),
            InputFormat::Html
        );
        assert_eq!(
            InputFormat::from_path(Path::new("b.txt")),
            InputFormat::Text
        );
        assert_eq!(
            InputFormat::from_path(Path::new("README")),
            InputFormat::Text
        );
    }

    #[test]
    fn builder_maps_pieces_back() {
        let mut b = TextBuilder::default();
        b.push("Hello", 10);
        b.separate(" ", 15);
        b.push("world.", 20);
        let (text, map) = b.finish();
        assert_eq!(text, "Hello world.");
        assert_eq!(map.map(0), 10);
        assert_eq!(map.map(6), 20);
        assert_eq!(map.map(11), 25);
    }
}
