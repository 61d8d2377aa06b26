//! `--format table` (the default): a header with the score, the claims table, the source ledger
//! and the counts per kind, drawn with comfy-table.

use std::io::Write;

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table};

use super::{printable, DocumentReport, Report};
use crate::kind::Kind;

/// Longest claim excerpt shown in the table, in characters.
const EXCERPT: usize = 60;

pub fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    for (i, doc) in report.documents.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        render_document(doc, out)?;
    }
    Ok(())
}

/// `--quiet`: only each article's findings.
pub fn render_findings(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    for doc in &report.documents {
        if doc.findings.is_empty() {
            continue;
        }
        writeln!(out, "{} (score {}/100)", printable(&doc.path), doc.score)?;
        writeln!(out, "{}", findings_table(doc))?;
    }
    Ok(())
}

fn findings_table(doc: &DocumentReport) -> Table {
    let mut findings = new_table(&["severity", "id", "line", "message"]);
    for f in &doc.findings {
        findings.add_row(vec![
            f.severity.to_string(),
            f.id.clone(),
            format!("{}:{}", f.line, f.column),
            printable(&f.message).into_owned(),
        ]);
    }
    findings
}

fn render_document(doc: &DocumentReport, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "{}", printable(&doc.path))?;
    writeln!(
        out,
        "score {}/100 — {} ({} claims)",
        doc.score,
        doc.verdict,
        doc.claims.len()
    )?;
    for w in &doc.warnings {
        writeln!(out, "warning: {}", printable(w))?;
    }
    let mut claims = new_table(&["line", "claim", "kind", "source", "via"]);
    for c in &doc.claims {
        claims.add_row(vec![
            format!("{}:{}", c.line, c.column),
            excerpt(&c.text),
            c.kind.to_string(),
            printable(c.source.as_deref().unwrap_or_default()).into_owned(),
            printable(c.via.as_deref().unwrap_or_default()).into_owned(),
        ]);
    }
    writeln!(out, "{claims}")?;
    writeln!(out, "Sources")?;
    let mut ledger = new_table(&["source", "kind", "claims", "via"]);
    for e in &doc.sources {
        ledger.add_row(vec![
            printable(&e.source).into_owned(),
            e.kind.to_string(),
            e.claims.to_string(),
            printable(e.via.as_deref().unwrap_or_default()).into_owned(),
        ]);
    }
    if doc.sources.is_empty() {
        ledger.add_row(vec![
            "(no source cited)".to_string(),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }
    writeln!(out, "{ledger}")?;
    if !doc.findings.is_empty() {
        writeln!(out, "Findings")?;
        writeln!(out, "{}", findings_table(doc))?;
    }
    let counts: Vec<String> = Kind::ALL
        .iter()
        .map(|k| format!("{} {}", k, doc.counts.get(k).copied().unwrap_or(0)))
        .collect();
    writeln!(out, "Kinds: {}", counts.join(" · "))
}

fn new_table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header.to_vec());
    t
}

/// The claim on one line, cut to [`EXCERPT`] characters, safe to print.
fn excerpt(text: &str) -> String {
    let flat: String = printable(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if flat.chars().count() <= EXCERPT {
        return flat;
    }
    let cut: String = flat.chars().take(EXCERPT - 1).collect();
    format!("{}…", cut.trim_end())
}
