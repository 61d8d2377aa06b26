//! Stage 1: read an article as the user wrote it.
//!
//! Text is decoded as UTF-8. A byte-order mark is skipped; bytes that are not UTF-8 (a Latin-1
//! file, say) become U+FFFD with a warning that gives the byte offset, and the text is still
//! checked. Because every later stage works on the decoded text, an [`Article`] keeps the map
//! back to byte offsets in the file, so that reports always point into the file as read.

use std::path::Path;

use anyhow::{bail, Context, Result};

/// An article ready for the pipeline.
#[derive(Debug, Clone)]
pub struct Article {
    /// The path as the user gave it (or `-` for standard input).
    pub path: String,
    pub text: String,
    /// (offset in `text`, offset in the file) at each place where the two drift apart.
    shifts: Vec<(usize, usize)>,
    /// Problems met while reading that did not stop the check.
    pub warnings: Vec<String>,
}

impl Article {
    /// An article from text already in memory (offsets into it are file offsets).
    pub fn from_text(path: &str, text: &str) -> Article {
        Article {
            path: path.to_string(),
            text: text.to_string(),
            shifts: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Decode raw bytes. Fails on binary data (NUL bytes), which is not an article.
    pub fn from_bytes(path: &str, bytes: &[u8]) -> Result<Article> {
        if bytes.contains(&0) {
            bail!("{path}: binary file (it contains NUL bytes): not checked; pass a text, Markdown or HTML article");
        }
        let mut warnings = Vec::new();
        let mut shifts = Vec::new();
        let mut body = bytes;
        let mut base = 0;
        if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
            body = rest;
            base = 3;
            shifts.push((0, 3));
        }
        let text = match std::str::from_utf8(body) {
            Ok(s) => s.to_string(),
            Err(_) => {
                let mut out = String::with_capacity(body.len() + 16);
                let mut first_bad = None;
                let mut count = 0usize;
                for chunk in body.utf8_chunks() {
                    out.push_str(chunk.valid());
                    let file_pos = base
                        + (chunk.valid().as_ptr() as usize - body.as_ptr() as usize)
                        + chunk.valid().len();
                    for (k, _) in chunk.invalid().iter().enumerate() {
                        first_bad.get_or_insert(file_pos);
                        count += 1;
                        out.push('\u{FFFD}');
                        shifts.push((out.len(), file_pos + k + 1));
                    }
                }
                warnings.push(format!(
                    "{path}: not valid UTF-8 ({count} bad byte{} from byte {}): they read as U+FFFD; re-save the file as UTF-8 to check it exactly",
                    if count == 1 { "" } else { "s" },
                    first_bad.unwrap_or(0)
                ));
                out
            }
        };
        Ok(Article {
            path: path.to_string(),
            text,
            shifts,
            warnings,
        })
    }

    /// Read an article from a file.
    pub fn read(path: &Path) -> Result<Article> {
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
        let bytes =
            std::fs::read(path).with_context(|| format!("{shown}: cannot read the file"))?;
        Self::from_bytes(&shown, &bytes)
    }

    /// Read an article from standard input, named `name` in the report.
    pub fn read_stdin(name: &str) -> Result<Article> {
        use std::io::Read;
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .with_context(|| format!("{name}: cannot read standard input"))?;
        Self::from_bytes(name, &bytes)
    }

    /// The byte offset in the file of byte offset `pos` in [`Article::text`].
    pub fn file_offset(&self, pos: usize) -> usize {
        // The last shift at or before pos.
        let i = self.shifts.partition_point(|&(t, _)| t <= pos);
        if i == 0 {
            return pos;
        }
        let (t, f) = self.shifts[i - 1];
        f + (pos - t)
    }
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
    fn binary_is_refused() {
        let e = Article::from_bytes("img.png", b"\x89PNG\0\0")
            .unwrap_err()
            .to_string();
        assert!(e.contains("img.png") && e.contains("binary"), "{e}");
    }
}
