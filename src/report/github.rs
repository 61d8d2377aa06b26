//! `--format github`: GitHub Actions workflow commands, so findings appear as annotations on
//! the pull request's diff.

use std::io::{self, Write};

use super::{render_stream, DocumentReport, Report, Severity, Stream};

/// Escape a workflow command's message.
pub(crate) fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a workflow command's property value.
pub(crate) fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    render_stream(&Github, report, out)
}

pub struct Github;

impl Stream for Github {
    fn document(&self, doc: &DocumentReport, out: &mut dyn Write) -> io::Result<()> {
        for f in &doc.findings {
            let level = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            writeln!(
                out,
                "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                property(&doc.path),
                f.line,
                f.column,
                f.end_line,
                f.end_column,
                property(&format!("sourced {}", f.id)),
                data(&f.message)
            )?;
        }
        Ok(())
    }
}
