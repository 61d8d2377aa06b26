//! `--format table` (the default): a header with the score, the claims table, the source ledger
//! and the counts per kind, drawn with comfy-table.

use std::io::Write;

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, Color, ContentArrangement, Table};

use super::{claims, DocumentReport, Report, Severity, NO_CLAIMS};
use crate::kind::Kind;

/// Longest claim excerpt shown in the table, in characters.
const EXCERPT: usize = 60;

/// The colour of a kind, as `--format annotate` tags it.
fn kind_color(kind: Kind) -> Color {
    match kind {
        Kind::Named => Color::Blue,
        Kind::Organization => Color::Green,
        Kind::Anonymous => Color::Red,
        Kind::NoComment => Color::Magenta,
        Kind::Relayed => Color::Cyan,
        Kind::Vague => Color::Yellow,
        Kind::Unattributed => Color::DarkGrey,
    }
}

/// The colour of a severity, as `--format line` prints it.
fn severity_color(severity: Severity) -> Color {
    match severity {
        Severity::Error => Color::Red,
        Severity::Warning => Color::Yellow,
        Severity::Info => Color::Cyan,
    }
}

/// The tables of a report, kinds and severities coloured when `color` is on.
pub fn render(report: &Report, out: &mut dyn Write, color: bool) -> std::io::Result<()> {
    let style = Style { color };
    for (i, doc) in report.documents.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        style.document(doc, out)?;
    }
    Ok(())
}

/// `--quiet`: only each article's findings.
pub fn render_findings(report: &Report, out: &mut dyn Write, color: bool) -> std::io::Result<()> {
    let style = Style { color };
    for doc in &report.documents {
        if doc.findings.is_empty() {
            continue;
        }
        writeln!(out, "{} (score {})", doc.path, doc.score_text())?;
        writeln!(out, "{}", style.findings_table(doc))?;
    }
    Ok(())
}

/// Whether cells are coloured. comfy-table would decide by whether standard output is a
/// terminal; the command line has already decided (`--color`, `NO_COLOR`).
struct Style {
    color: bool,
}

impl Style {
    fn table(&self, header: &[&str]) -> Table {
        let mut t = new_table(header);
        if self.color {
            t.enforce_styling();
        } else {
            t.force_no_tty();
        }
        t
    }

    fn cell(&self, text: impl Into<String>, color: Color) -> Cell {
        let cell = Cell::new(text.into());
        if self.color {
            cell.fg(color)
        } else {
            cell
        }
    }

    fn findings_table(&self, doc: &DocumentReport) -> Table {
        let mut findings = self.table(&["severity", "id", "line", "message"]);
        for f in &doc.findings {
            findings.add_row(vec![
                self.cell(f.severity.as_str(), severity_color(f.severity)),
                Cell::new(&f.id),
                Cell::new(format!("{}:{}", f.line, f.column)),
                Cell::new(&f.message),
            ]);
        }
        findings
    }

    fn document(&self, doc: &DocumentReport, out: &mut dyn Write) -> std::io::Result<()> {
        writeln!(out, "{}", doc.path)?;
        match doc.score {
            Some(score) => writeln!(
                out,
                "score {score}/100 — {} ({})",
                doc.verdict,
                claims(doc.claims.len())
            )?,
            None => writeln!(out, "{NO_CLAIMS}")?,
        }
        for w in &doc.warnings {
            writeln!(out, "warning: {w}")?;
        }
        let mut claims = self.table(&["line", "claim", "kind", "source", "via"]);
        for c in &doc.claims {
            claims.add_row(vec![
                Cell::new(format!("{}:{}", c.line, c.column)),
                Cell::new(excerpt(&c.text)),
                self.cell(c.kind.as_str(), kind_color(c.kind)),
                Cell::new(c.source.as_deref().unwrap_or_default()),
                Cell::new(c.via.as_deref().unwrap_or_default()),
            ]);
        }
        writeln!(out, "{claims}")?;
        writeln!(out, "Sources")?;
        let mut ledger = self.table(&["source", "kind", "claims", "via"]);
        for e in &doc.sources {
            ledger.add_row(vec![
                Cell::new(&e.source),
                self.cell(e.kind.as_str(), kind_color(e.kind)),
                Cell::new(e.claims),
                Cell::new(e.via.as_deref().unwrap_or_default()),
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
            writeln!(out, "{}", self.findings_table(doc))?;
        }
        let counts: Vec<String> = Kind::ALL
            .iter()
            .map(|k| format!("{} {}", k, doc.counts.get(k).copied().unwrap_or(0)))
            .collect();
        writeln!(out, "Kinds: {}", counts.join(" · "))
    }
}

pub(crate) fn new_table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header.to_vec());
    t
}

/// The claim on one line, cut to [`EXCERPT`] characters.
pub(crate) fn excerpt(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= EXCERPT {
        return flat;
    }
    let cut: String = flat.chars().take(EXCERPT - 1).collect();
    format!("{}…", cut.trim_end())
}
