//! An open document: the text as the editor has it, kept up to date edit by edit.

use std::path::PathBuf;

use lsp_types::{TextDocumentContentChangeEvent, Url};

use super::position::{Encoding, Lines};
use crate::input::InputFormat;
use crate::report::DocumentReport;

/// A document the client opened.
#[derive(Clone)]
pub struct Document {
    pub uri: Url,
    pub version: i32,
    pub text: String,
    pub lines: Lines,
    pub format: InputFormat,
    /// The file on disk, for a `file:` URI (where the configuration is looked for).
    pub path: Option<PathBuf>,
    /// The report on the text as it is now; `None` while an edit waits to be checked.
    pub report: Option<DocumentReport<'static>>,
    /// How long the last check took (the pause after an edit is at least that long, so a
    /// long document is not checked again and again while the typing goes on).
    pub last_check: std::time::Duration,
}

impl Document {
    pub fn new(uri: Url, version: i32, text: String, language: &str) -> Document {
        let path = uri.to_file_path().ok();
        let format = match language {
            "markdown" => InputFormat::Markdown,
            "html" => InputFormat::Html,
            // Anything else goes by the name (an `.md` file the editor calls `text`, say).
            _ => InputFormat::from_path(std::path::Path::new(uri.path())),
        };
        Document {
            lines: Lines::new(&text),
            uri,
            version,
            text,
            format,
            path,
            report: None,
            last_check: std::time::Duration::ZERO,
        }
    }

    /// Apply the client's edits in order (each range counts in the text as the edits before
    /// it left it). A change with no range replaces the whole text.
    pub fn apply(&mut self, changes: Vec<TextDocumentContentChangeEvent>, enc: Encoding) {
        for change in changes {
            match change.range {
                None => self.text = change.text,
                Some(range) => {
                    let start = self.lines.offset(&self.text, range.start, enc);
                    let end = self.lines.offset(&self.text, range.end, enc).max(start);
                    self.text.replace_range(start..end, &change.text);
                }
            }
            self.lines = Lines::new(&self.text);
        }
        self.report = None;
    }

    /// A configuration file, not an article: never checked as prose.
    pub fn is_config(&self) -> bool {
        self.uri.path().ends_with(".toml")
    }

    /// The name the report gives the document.
    pub fn name(&self) -> String {
        match &self.path {
            Some(p) => p.display().to_string(),
            None => self.uri.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{Position, Range};

    fn edit(l0: u32, c0: u32, l1: u32, c1: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l0, c0), Position::new(l1, c1))),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn edits_apply_in_order_in_utf16() {
        let uri = Url::parse("file:///tmp/a.md").unwrap();
        let mut d = Document::new(uri, 1, "“Hi,” she said.\nNext.\n".into(), "markdown");
        assert_eq!(d.format, InputFormat::Markdown);
        // Replace "she" (UTF-16 columns 6..9: the curly quotes are one unit each).
        d.apply(
            vec![edit(0, 6, 0, 9, "Ana"), edit(1, 0, 1, 0, "The ")],
            Encoding::Utf16,
        );
        assert_eq!(d.text, "“Hi,” Ana said.\nThe Next.\n");
        d.apply(vec![edit(0, 0, 9, 9, "all")], Encoding::Utf16);
        assert_eq!(d.text, "all");
    }
}
