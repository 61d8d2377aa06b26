//! `--format line`: one finding a line, `path:line:col: severity[ID] message`, as compilers and
//! linters print them (editors and `grep` understand it).

use std::io::Write;

use super::{Report, Severity};

pub fn render(report: &Report, out: &mut dyn Write, color: bool) -> std::io::Result<()> {
    for doc in &report.documents {
        for f in &doc.findings {
            let sev = f.severity.as_str();
            let sev = if color {
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
    }
    Ok(())
}
