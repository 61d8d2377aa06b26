//! `--format line`: one finding a line, `path:line:col: severity[ID] message`, as compilers and
//! linters print them (editors and `grep` understand it).

use std::io::{self, Write};

use super::{render_stream, DocumentReport, Report, Severity, Stream};

pub fn render(report: &Report, out: &mut dyn Write, color: bool) -> io::Result<()> {
    render_stream(&Line { color }, report, out)
}

pub struct Line {
    pub color: bool,
}

impl Stream for Line {
    fn document(&self, doc: &DocumentReport, out: &mut dyn Write) -> io::Result<()> {
        for f in &doc.findings {
            let sev = f.severity.as_str();
            let sev = if self.color {
                let code = match f.severity {
                    Severity::Error => "31",
                    Severity::Warning => "33",
                    Severity::Info => "36",
                };
                format!("\x1b[{code}m{sev}\x1b[0m")
            } else {
                sev.to_string()
            };
            writeln!(
                out,
                "{}:{}:{}: {sev}[{}] {}",
                doc.path, f.line, f.column, f.id, f.message
            )?;
        }
        Ok(())
    }
}
