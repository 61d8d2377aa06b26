//! `--format json`: the report as one JSON document (the contract the scorers read).
//!
//! It is written one document at a time ([`Json`] is a [`Stream`]): each article's report is
//! rendered by the thread that checked it, already indented for its place in the array, so a
//! directory's report is never held in memory all at once and rendering runs in parallel.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::Formatter;

use super::{render_stream, Claim, DocumentReport, Finding, LedgerEntry, Report, Stream};
use crate::kind::Kind;

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    render_stream(&Json, report, out)
}

/// The streaming JSON renderer: `{"version": 1, "documents": [` … `]}` around the documents.
pub struct Json;

impl Stream for Json {
    fn begin(&self, out: &mut dyn Write) -> io::Result<()> {
        write!(
            out,
            "{{\n  \"version\": {},\n  \"documents\": [",
            super::REPORT_VERSION
        )
    }

    fn separator(&self, first: bool, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(if first { b"\n    " } else { b",\n    " })
    }

    fn document(&self, doc: &DocumentReport, out: &mut dyn Write) -> io::Result<()> {
        // serde_json writes many small pieces: gather them in a buffer of our own, so that only
        // whole blocks go through the dynamic writer.
        let mut w = io::BufWriter::with_capacity(1 << 16, out);
        document(&mut w, doc)?;
        w.flush()
    }

    fn document_into(&self, doc: &DocumentReport, buf: &mut Vec<u8>) -> io::Result<()> {
        // Already a buffer: the small writes go straight into it.
        document(buf, doc)
    }

    fn end(&self, wrote_any: bool, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(if wrote_any { b"\n  ]\n}\n" } else { b"]\n}\n" })
    }
}

/// One document, indented for its place in the `documents` array.
fn document<W: Write>(w: &mut W, doc: &DocumentReport) -> io::Result<()> {
    // The fields in the order of `DocumentReport`; the claims (nine in ten bytes of the
    // output), the ledger, the counts and the findings (written for every article of a
    // directory) by hand. The test below holds this to serde's layout, byte for byte.
    w.write_all(b"{")?;
    field(w, "path", &doc.path, true)?;
    field(w, "outlet", &doc.outlet, false)?;
    field(w, "score", &doc.score, false)?;
    field(w, "verdict", &doc.verdict, false)?;
    w.write_all(b",\n      \"claims\": ")?;
    claims(w, &doc.claims)?;
    w.write_all(b",\n      \"sources\": ")?;
    sources(w, &doc.sources)?;
    w.write_all(b",\n      \"counts\": ")?;
    counts(w, &doc.counts)?;
    w.write_all(b",\n      \"findings\": ")?;
    findings(w, &doc.findings)?;
    field(w, "warnings", &doc.warnings, false)?;
    w.write_all(b"\n    }")
}

/// An array at depth 3 of objects at depth 4, laid out as serde lays them out: `[]` when
/// empty; each object's fields written by `fields`, which starts each with [`key`].
fn objects<W: Write, T>(
    w: &mut W,
    items: &[T],
    mut fields: impl FnMut(&mut W, &T) -> io::Result<()>,
) -> io::Result<()> {
    if items.is_empty() {
        return w.write_all(b"[]");
    }
    w.write_all(b"[")?;
    for (i, item) in items.iter().enumerate() {
        w.write_all(if i == 0 {
            b"\n        {"
        } else {
            b",\n        {"
        })?;
        fields(w, item)?;
        w.write_all(b"\n        }")?;
    }
    w.write_all(b"\n      ]")
}

/// The key of a field of an object at depth 4 (`first`: no comma before it).
fn key<W: Write>(w: &mut W, key: &str, first: bool) -> io::Result<()> {
    w.write_all(if first {
        b"\n          \""
    } else {
        b",\n          \""
    })?;
    w.write_all(key.as_bytes())?;
    w.write_all(b"\": ")
}

/// A plain ASCII word (a kind, a severity) as a JSON string: nothing to escape.
fn word<W: Write>(w: &mut W, word: &str) -> io::Result<()> {
    w.write_all(b"\"")?;
    w.write_all(word.as_bytes())?;
    w.write_all(b"\"")
}

/// The source ledger, as serde lays out a `Vec<LedgerEntry>`.
fn sources<W: Write>(w: &mut W, sources: &[LedgerEntry]) -> io::Result<()> {
    objects(w, sources, |w, s| {
        key(w, "source", true)?;
        string(w, &s.source)?;
        key(w, "kind", false)?;
        word(w, s.kind.as_str())?;
        key(w, "claims", false)?;
        scalar(w, &s.claims)?;
        key(w, "via", false)?;
        optional(w, s.via.as_deref())
    })
}

/// The count of each kind, as serde lays out the `BTreeMap` (in the order of its keys).
fn counts<W: Write>(w: &mut W, counts: &BTreeMap<Kind, usize>) -> io::Result<()> {
    if counts.is_empty() {
        return w.write_all(b"{}");
    }
    w.write_all(b"{")?;
    for (i, (kind, n)) in counts.iter().enumerate() {
        w.write_all(if i == 0 {
            b"\n        "
        } else {
            b",\n        "
        })?;
        word(w, kind.as_str())?;
        w.write_all(b": ")?;
        scalar(w, n)?;
    }
    w.write_all(b"\n      }")
}

/// The findings, as serde lays out a `Vec<Finding>`.
fn findings<W: Write>(w: &mut W, findings: &[Finding]) -> io::Result<()> {
    objects(w, findings, |w, f| {
        key(w, "id", true)?;
        string(w, &f.id)?;
        key(w, "severity", false)?;
        word(w, f.severity.as_str())?;
        key(w, "message", false)?;
        string(w, &f.message)?;
        key(w, "start", false)?;
        scalar(w, &f.start)?;
        key(w, "end", false)?;
        scalar(w, &f.end)?;
        key(w, "line", false)?;
        scalar(w, &f.line)?;
        key(w, "column", false)?;
        scalar(w, &f.column)?;
        key(w, "end_line", false)?;
        scalar(w, &f.end_line)?;
        key(w, "end_column", false)?;
        scalar(w, &f.end_column)?;
        key(w, "claim_index", false)?;
        // `null` for a finding about the whole article, as serde writes a `None`.
        scalar(w, &f.claim_index)
    })
}

/// A field of a document object (depth 3), its value laid out by serde.
fn field<W: Write, T: Serialize + ?Sized>(
    w: &mut W,
    key: &str,
    value: &T,
    first: bool,
) -> io::Result<()> {
    w.write_all(if first { b"\n      \"" } else { b",\n      \"" })?;
    w.write_all(key.as_bytes())?;
    w.write_all(b"\": ")?;
    let mut ser = serde_json::Serializer::with_formatter(&mut *w, Indented::at(3));
    value.serialize(&mut ser).map_err(io::Error::other)
}

/// A JSON scalar or string, compact.
fn scalar<W: Write, T: Serialize + ?Sized>(w: &mut W, value: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *w, value).map_err(io::Error::other)
}

/// Whether a byte of the word `x` is a control character (below 0x20).
#[inline]
fn has_control(x: u64) -> bool {
    crate::swar::any_below(x, 0x20)
}

/// A JSON string, escaped exactly as serde_json escapes it (`"`, `\\`, and the control
/// characters: `\b \t \n \f \r` in short, the others as `\u00xx`). Claim text is most of the
/// report and seldom holds a control character: then only quotes and backslashes need escaping,
/// and `memchr2` finds them many bytes at a time; the rest is written in runs.
fn string<W: Write>(w: &mut W, s: &str) -> io::Result<()> {
    let bytes = s.as_bytes();
    let words = bytes.chunks_exact(8);
    let control = words.remainder().iter().any(|&b| b < 0x20)
        || words.map(crate::swar::word).any(has_control);
    if control {
        return string_with_controls(w, bytes);
    }
    w.write_all(b"\"")?;
    let mut run = 0;
    for i in memchr::memchr2_iter(b'"', b'\\', bytes) {
        w.write_all(&bytes[run..i])?;
        w.write_all(&[b'\\', bytes[i]])?;
        run = i + 1;
    }
    w.write_all(&bytes[run..])?;
    w.write_all(b"\"")
}

/// [`string`] for text with a control character in it (a claim that runs over a line break):
/// checked eight bytes at a time, escaped a byte at a time where a word needs it.
fn string_with_controls<W: Write>(w: &mut W, bytes: &[u8]) -> io::Result<()> {
    use crate::swar::any_byte;
    // A control character, a quote, a backslash.
    let needs_escape = |x: u64| has_control(x) || any_byte(x, b'"') || any_byte(x, b'\\');
    w.write_all(b"\"")?;
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(chunk) = bytes.get(i..i + 8) {
            if !needs_escape(crate::swar::word(chunk)) {
                i += 8;
                continue;
            }
        }
        // A word with something to escape, or the last few bytes: one byte at a time.
        let end = (i + 8).min(bytes.len());
        while i < end {
            let b = bytes[i];
            let short = match b {
                b'"' => Some(b'"'),
                b'\\' => Some(b'\\'),
                0x08 => Some(b'b'),
                b'\t' => Some(b't'),
                b'\n' => Some(b'n'),
                0x0C => Some(b'f'),
                b'\r' => Some(b'r'),
                0x00..=0x1F => None,
                _ => {
                    i += 1;
                    continue;
                }
            };
            w.write_all(&bytes[run..i])?;
            match short {
                Some(c) => w.write_all(&[b'\\', c])?,
                None => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    w.write_all(&[
                        b'\\',
                        b'u',
                        b'0',
                        b'0',
                        HEX[usize::from(b >> 4)],
                        HEX[usize::from(b & 0xF)],
                    ])?
                }
            }
            i += 1;
            run = i;
        }
    }
    w.write_all(&bytes[run..])?;
    w.write_all(b"\"")
}

/// A string or null, as serde writes an `Option` of one.
fn optional<W: Write>(w: &mut W, s: Option<&str>) -> io::Result<()> {
    match s {
        Some(s) => string(w, s),
        None => w.write_all(b"null"),
    }
}

/// The claims array, each claim laid out as serde lays out a `Claim`.
fn claims<W: Write>(w: &mut W, claims: &[Claim]) -> io::Result<()> {
    objects(w, claims, |w, c| {
        key(w, "start", true)?;
        scalar(w, &c.start)?;
        key(w, "end", false)?;
        scalar(w, &c.end)?;
        key(w, "line", false)?;
        scalar(w, &c.line)?;
        key(w, "column", false)?;
        scalar(w, &c.column)?;
        key(w, "text", false)?;
        string(w, &c.text)?;
        key(w, "kind", false)?;
        word(w, c.kind.as_str())?;
        key(w, "source", false)?;
        optional(w, c.source.as_deref())?;
        key(w, "via", false)?;
        optional(w, c.via.as_deref())?;
        key(w, "cue", false)?;
        optional(w, c.cue.as_deref())?;
        key(w, "source_role", false)?;
        optional(w, c.source_role.as_deref())?;
        key(w, "continued", false)?;
        w.write_all(if c.continued { b"true" } else { b"false" })
    })
}

/// serde_json's pretty layout (two spaces an indent) starting at a given depth, so that a
/// document rendered on its own fits inside the surrounding array byte for byte.
struct Indented {
    depth: usize,
    has_value: bool,
}

impl Indented {
    fn at(depth: usize) -> Self {
        Indented {
            depth,
            has_value: false,
        }
    }

    fn newline<W: ?Sized + Write>(&self, w: &mut W) -> io::Result<()> {
        const LINE: &[u8] = b"\n                                ";
        let n = 1 + 2 * self.depth;
        if n <= LINE.len() {
            return w.write_all(&LINE[..n]);
        }
        w.write_all(b"\n")?;
        for _ in 0..self.depth {
            w.write_all(b"  ")?;
        }
        Ok(())
    }
}

impl Indented {
    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.newline(w)?;
        }
        w.write_all(bracket)
    }

    /// Before an array value or an object key.
    fn item<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        self.newline(w)
    }
}

/// Arrays and objects alike: the bracket, each item on its own line, the closing bracket on a
/// line of its own unless empty.
impl Formatter for Indented {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Article;
    use crate::rules::RulePack;
    use crate::Checker;

    /// Strings are escaped as serde_json escapes them: every ASCII character, alone and at
    /// every place in and around an eight-byte word, with multi-byte characters around it.
    #[test]
    fn strings_escape_as_serde_does() {
        let mut cases: Vec<String> = vec![String::new(), "é“”\u{1F600}".into()];
        for c in (0u8..128).map(char::from) {
            for pad in 0..17 {
                cases.push(format!("{}{c}{}", "a".repeat(pad), "é".repeat(pad % 5)));
                cases.push(format!("{}{c}{c}x", "“".repeat(pad)));
            }
        }
        cases.push("line one\nline two\t\"quoted\" \\ back\u{7f}\u{0}\u{1f}".into());
        for s in cases {
            let mut ours = Vec::new();
            string(&mut ours, &s).unwrap();
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                serde_json::to_string(&s).unwrap(),
                "{s:?}"
            );
        }
    }

    /// The streamed layout is serde_json's pretty layout of the whole report, byte for byte.
    #[test]
    fn streamed_equals_pretty() {
        let checker = Checker::new(RulePack::builtin());
        let doc =
            |name: &str, text: &str| checker.check(&Article::from_text(name, text)).into_owned();
        // Every sample: sources, outlets relayed through, roles, warnings, findings.
        let samples = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/samples"))
            .unwrap()
            .map(|e| {
                let p = e.unwrap().path();
                let article = Article::read(&p).unwrap();
                checker.check(&article).into_owned()
            })
            .collect();
        for documents in [
            vec![],
            vec![doc("a.txt", "")],
            vec![
                doc("a.txt", "Officials said the bridge \"is safe\". It opened."),
                doc("b.txt", "The agency declined to comment."),
            ],
            samples,
        ] {
            // A worker's buffer gets the same bytes as the output does.
            for d in &documents {
                let (mut direct, mut buffered) = (Vec::new(), Vec::new());
                Json.document(d, &mut direct).unwrap();
                Json.document_into(d, &mut buffered).unwrap();
                assert_eq!(direct, buffered);
            }
            assert!(
                documents
                    .iter()
                    .any(|d| d.claims.iter().any(|c| c.continued))
                    || documents.len() < 3
            );
            let report = Report { documents };
            let mut streamed = Vec::new();
            render(&report, &mut streamed).unwrap();
            let mut pretty = serde_json::to_vec_pretty(&report).unwrap();
            pretty.push(b'\n');
            assert_eq!(
                String::from_utf8(streamed).unwrap(),
                String::from_utf8(pretty).unwrap()
            );
        }
    }
}
