//! `--format table` (the default): a header with the score, the claims table, the source ledger
//! and the counts per kind, drawn with comfy-table.
//!
//! It streams: each article is rendered as soon as it is checked ([`TableStream`]), and a long
//! article's claims table is drawn [`ROWS_AT_A_TIME`] rows at a time, at the widths of the whole
//! table, so that neither a folder nor a 200 MB article is held as one table.

use std::io::Write;

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, Color, ColumnConstraint, ContentArrangement, Table, Width};

use super::{
    claims, printable, render_stream, Claim, DocumentReport, Finding, LedgerEntry, Report,
    Severity, Stream, NO_CLAIMS,
};
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

/// Rows of a claims table drawn at a time.
pub const ROWS_AT_A_TIME: usize = 2048;

/// The table format as a stream of articles; `quiet`: only each article's findings; `color`:
/// kinds and severities coloured.
pub struct TableStream {
    pub quiet: bool,
    pub color: bool,
}

impl Stream for TableStream {
    fn separator(&self, first: bool, out: &mut dyn Write) -> std::io::Result<()> {
        if first || self.quiet {
            return Ok(());
        }
        writeln!(out)
    }

    fn document(&self, doc: &DocumentReport, out: &mut dyn Write) -> std::io::Result<()> {
        let style = Style { color: self.color };
        if self.quiet {
            style.findings_of(doc, out)
        } else {
            style.document(doc, out, ROWS_AT_A_TIME)
        }
    }
}

/// The tables of a report, kinds and severities coloured when `color` is on.
pub fn render(report: &Report, out: &mut dyn Write, color: bool) -> std::io::Result<()> {
    render_stream(
        &TableStream {
            quiet: false,
            color,
        },
        report,
        out,
    )
}

/// `--quiet`: only each article's findings.
pub fn render_findings(report: &Report, out: &mut dyn Write, color: bool) -> std::io::Result<()> {
    render_stream(&TableStream { quiet: true, color }, report, out)
}

/// Whether cells are coloured. comfy-table would decide by whether standard output is a
/// terminal; the command line has already decided (`--color`, `NO_COLOR`).
#[derive(Clone, Copy)]
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

    fn findings_of(&self, doc: &DocumentReport, out: &mut dyn Write) -> std::io::Result<()> {
        if doc.findings.is_empty() {
            return Ok(());
        }
        writeln!(out, "{} (score {})", printable(&doc.path), doc.score_text())?;
        self.draw_in_slices(
            &doc.findings,
            &FINDING_HEADER,
            |f| self.finding_row(f),
            out,
            ROWS_AT_A_TIME,
        )
    }

    fn ledger_row(&self, e: &LedgerEntry) -> Vec<Cell> {
        vec![
            Cell::new(printable(&e.source)),
            self.cell(e.kind.as_str(), kind_color(e.kind)),
            Cell::new(e.claims),
            Cell::new(printable(e.via.as_deref().unwrap_or_default())),
        ]
    }

    fn finding_row(&self, f: &Finding) -> Vec<Cell> {
        vec![
            self.cell(f.severity.as_str(), severity_color(f.severity)),
            Cell::new(&f.id),
            Cell::new(format!("{}:{}", f.line, f.column)),
            Cell::new(printable(&f.message)),
        ]
    }

    fn claim_row(&self, c: &Claim) -> Vec<Cell> {
        vec![
            Cell::new(format!("{}:{}", c.line, c.column)),
            Cell::new(excerpt(&c.text)),
            self.cell(c.kind.as_str(), kind_color(c.kind)),
            Cell::new(printable(c.source.as_deref().unwrap_or_default())),
            Cell::new(printable(c.via.as_deref().unwrap_or_default())),
        ]
    }

    fn document(
        &self,
        doc: &DocumentReport,
        out: &mut dyn Write,
        rows_at_a_time: usize,
    ) -> std::io::Result<()> {
        writeln!(out, "{}", printable(&doc.path))?;
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
            writeln!(out, "warning: {}", printable(w))?;
        }
        self.draw_in_slices(
            &doc.claims,
            &CLAIM_HEADER,
            |c| self.claim_row(c),
            out,
            rows_at_a_time,
        )?;
        writeln!(out, "Sources")?;
        let header = ["source", "kind", "claims", "via"];
        if doc.sources.is_empty() {
            let mut ledger = self.table(&header);
            ledger.add_row(vec!["(no source cited)", "", "", ""]);
            writeln!(out, "{ledger}")?;
        } else {
            self.draw_in_slices(
                &doc.sources,
                &header,
                |e| self.ledger_row(e),
                out,
                rows_at_a_time,
            )?;
        }
        if !doc.findings.is_empty() {
            writeln!(out, "Findings")?;
            self.draw_in_slices(
                &doc.findings,
                &FINDING_HEADER,
                |f| self.finding_row(f),
                out,
                rows_at_a_time,
            )?;
        }
        let counts: Vec<String> = Kind::ALL
            .iter()
            .map(|k| format!("{} {}", k, doc.counts.get(k).copied().unwrap_or(0)))
            .collect();
        writeln!(out, "Kinds: {}", counts.join(" · "))
    }

    /// A table of `items`, one `row` each, drawn `rows` rows at a time: first the widest
    /// content of each column over every slice (as comfy-table measures it, colours aside),
    /// then each slice at those widths, its borders joined to the next slice's so that the
    /// slices read as one table.
    fn draw_in_slices<T>(
        &self,
        items: &[T],
        header: &[&str],
        row: impl Fn(&T) -> Vec<Cell>,
        out: &mut dyn Write,
        rows: usize,
    ) -> std::io::Result<()> {
        let slice = |part: &[T], header_too: bool| {
            let mut t = self.table(if header_too { header } else { &[] });
            for item in part {
                t.add_row(row(item));
            }
            t
        };
        if items.len() <= rows {
            return writeln!(out, "{}", slice(items, true));
        }
        let mut widths = slice(&[], true).column_max_content_widths();
        for part in items.chunks(rows) {
            for (w, p) in widths
                .iter_mut()
                .zip(slice(part, false).column_max_content_widths())
            {
                *w = (*w).max(p);
            }
        }
        let parts = items.len().div_ceil(rows);
        for (n, part) in items.chunks(rows).enumerate() {
            let mut t = slice(part, n == 0);
            for (column, w) in t.column_iter_mut().zip(&widths) {
                // The width with the cell's padding, one space each side.
                column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(
                    w.saturating_add(2),
                )));
            }
            let drawn = t.to_string();
            let lines: Vec<&str> = drawn.lines().collect();
            let from = usize::from(n > 0);
            let to = lines.len() - usize::from(n + 1 < parts);
            for line in &lines[from..to] {
                writeln!(out, "{line}")?;
            }
        }
        Ok(())
    }
}

const FINDING_HEADER: [&str; 4] = ["severity", "id", "line", "message"];

const CLAIM_HEADER: [&str; 5] = ["line", "claim", "kind", "source", "via"];

pub(crate) fn new_table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled);
    if !header.is_empty() {
        t.set_header(header.to_vec());
    }
    t
}

/// The claim on one line, cut to [`EXCERPT`] characters, safe to print.
pub(crate) fn excerpt(text: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A long article's claims table drawn in slices is the same table as drawn whole, coloured
    /// or not.
    #[test]
    fn a_table_drawn_in_slices_is_the_table_drawn_whole() {
        let text = "Police said the road, “the old one”, was closed. Émile Zola said so.\nThe end. 第一 said 二.\nA spokesman for Ministry of Things said it was fine, no doubt about it at all.\n";
        let article = crate::input::Article::from_text("a.txt", text);
        let doc = crate::Checker::new(crate::rules::RulePack::builtin()).check(&article);
        assert!(doc.claims.len() >= 4);
        for color in [false, true] {
            let style = Style { color };
            let mut whole = Vec::new();
            style.document(&doc, &mut whole, usize::MAX).unwrap();
            assert_eq!(String::from_utf8_lossy(&whole).contains('\x1b'), color);
            for rows in 1..doc.claims.len() {
                let mut sliced = Vec::new();
                style.document(&doc, &mut sliced, rows).unwrap();
                assert_eq!(
                    String::from_utf8(sliced).unwrap(),
                    String::from_utf8(whole.clone()).unwrap(),
                    "{rows} rows at a time, colour {color}"
                );
            }
        }
    }
}
