//! `--format markdown`: a summary fit for a pull-request comment.

use std::io::Write;

use super::{Report, Severity};
use crate::kind::Kind;

pub(crate) fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

pub fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "## sourced: who says so?\n")?;
    // A column for every kind, in the order reports list them.
    let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
    writeln!(
        out,
        "| article | score | verdict | claims | {} | errors | warnings |",
        kinds.join(" | ")
    )?;
    writeln!(
        out,
        "|---|---:|---|---:|{}---:|---:|",
        "---:|".repeat(kinds.len())
    )?;
    for d in &report.documents {
        let count = |k: &Kind| d.counts.get(k).copied().unwrap_or(0).to_string();
        let counts: Vec<String> = Kind::ALL.iter().map(count).collect();
        let sev = |s: Severity| d.findings.iter().filter(|f| f.severity == s).count();
        writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} | {} |",
            cell(&d.path),
            d.score.map_or("—".to_string(), |s| s.to_string()),
            cell(&d.verdict),
            d.claims.len(),
            counts.join(" | "),
            sev(Severity::Error),
            sev(Severity::Warning)
        )?;
    }
    let any = report.documents.iter().any(|d| !d.findings.is_empty());
    if any {
        writeln!(out, "\n### Findings\n")?;
        for d in &report.documents {
            for f in &d.findings {
                writeln!(
                    out,
                    "- `{}:{}:{}` **{}** `{}` {}",
                    cell(&d.path),
                    f.line,
                    f.column,
                    f.severity,
                    f.id,
                    cell(&f.message)
                )?;
            }
        }
    } else {
        writeln!(out, "\nNo findings.")?;
    }
    Ok(())
}
