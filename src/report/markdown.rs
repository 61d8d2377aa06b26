//! `--format markdown`: a summary fit for a pull-request comment.

use std::io::Write;

use super::{Report, Severity};
use crate::kind::Kind;

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

pub fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "## sourced: who says so?\n")?;
    writeln!(out, "| article | score | verdict | claims | named | anonymous | vague | unattributed | errors | warnings |")?;
    writeln!(out, "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|")?;
    for d in &report.documents {
        let count = |k: Kind| d.counts.get(&k).copied().unwrap_or(0);
        let sev = |s: Severity| d.findings.iter().filter(|f| f.severity == s).count();
        writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            cell(&d.path),
            d.score.map_or("—".to_string(), |s| s.to_string()),
            cell(&d.verdict),
            d.claims.len(),
            count(Kind::Named),
            count(Kind::Anonymous),
            count(Kind::Vague),
            count(Kind::Unattributed),
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
