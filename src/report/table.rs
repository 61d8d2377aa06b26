//! `--format table` (the default): a header with the score, the claims table, the source ledger
//! and the counts per kind, drawn with comfy-table.
//!
//! It streams: each article is rendered as soon as it is checked ([`TableStream`]), and a long
//! article's claims table is drawn [`ROWS_AT_A_TIME`] rows at a time, at the widths of the whole
//! table, so that neither a folder nor a 200 MB article is held as one table.

use std::io::Write;

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ColumnConstraint, ContentArrangement, Table, Width};

use super::{
    printable, render_stream, Claim, DocumentReport, Finding, LedgerEntry, Report, Stream,
};
use crate::kind::Kind;

/// Longest claim excerpt shown in the table, in characters.
const EXCERPT: usize = 60;

/// Rows of a claims table drawn at a time.
pub const ROWS_AT_A_TIME: usize = 2048;

/// The table format as a stream of articles; `quiet`: only each article's findings.
pub struct TableStream {
    pub quiet: bool,
}

impl Stream for TableStream {
    fn separator(&self, first: bool, out: &mut dyn Write) -> std::io::Result<()> {
        if first || self.quiet {
            return Ok(());
        }
        writeln!(out)
    }

    fn document(&self, doc: &DocumentReport, out: &mut dyn Write) -> std::io::Result<()> {
        if self.quiet {
            render_findings_of(doc, out)
        } else {
            render_document(doc, out, ROWS_AT_A_TIME)
        }
    }
}

pub fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    render_stream(&TableStream { quiet: false }, report, out)
}

/// `--quiet`: only each article's findings.
pub fn render_findings(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    render_stream(&TableStream { quiet: true }, report, out)
}

fn render_findings_of(doc: &DocumentReport, out: &mut dyn Write) -> std::io::Result<()> {
    if doc.findings.is_empty() {
        return Ok(());
    }
    writeln!(out, "{} (score {}/100)", printable(&doc.path), doc.score)?;
    draw_in_slices(
        &doc.findings,
        &FINDING_HEADER,
        finding_row,
        out,
        ROWS_AT_A_TIME,
    )
}

fn ledger_row(e: &LedgerEntry) -> Vec<String> {
    vec![
        printable(&e.source).into_owned(),
        e.kind.to_string(),
        e.claims.to_string(),
        printable(e.via.as_deref().unwrap_or_default()).into_owned(),
    ]
}

const FINDING_HEADER: [&str; 4] = ["severity", "id", "line", "message"];

fn finding_row(f: &Finding) -> Vec<String> {
    vec![
        f.severity.to_string(),
        f.id.clone(),
        format!("{}:{}", f.line, f.column),
        printable(&f.message).into_owned(),
    ]
}

fn render_document(
    doc: &DocumentReport,
    out: &mut dyn Write,
    rows_at_a_time: usize,
) -> std::io::Result<()> {
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
    draw_in_slices(&doc.claims, &CLAIM_HEADER, claim_row, out, rows_at_a_time)?;
    writeln!(out, "Sources")?;
    let header = ["source", "kind", "claims", "via"];
    if doc.sources.is_empty() {
        let mut ledger = new_table(&header);
        ledger.add_row(vec!["(no source cited)", "", "", ""]);
        writeln!(out, "{ledger}")?;
    } else {
        draw_in_slices(&doc.sources, &header, ledger_row, out, rows_at_a_time)?;
    }
    if !doc.findings.is_empty() {
        writeln!(out, "Findings")?;
        draw_in_slices(
            &doc.findings,
            &FINDING_HEADER,
            finding_row,
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

const CLAIM_HEADER: [&str; 5] = ["line", "claim", "kind", "source", "via"];

fn claim_row(c: &Claim) -> Vec<String> {
    vec![
        format!("{}:{}", c.line, c.column),
        excerpt(&c.text),
        c.kind.to_string(),
        printable(c.source.as_deref().unwrap_or_default()).into_owned(),
        printable(c.via.as_deref().unwrap_or_default()).into_owned(),
    ]
}

/// A table of `items`, one `row` each, drawn `rows` rows at a time: first the widest content of
/// each column over every slice (as comfy-table measures it), then each slice at those widths,
/// its borders joined to the next slice's so that the slices read as one table.
fn draw_in_slices<T>(
    items: &[T],
    header: &[&str],
    row: impl Fn(&T) -> Vec<String>,
    out: &mut dyn Write,
    rows: usize,
) -> std::io::Result<()> {
    let slice = |part: &[T], header_too: bool| {
        let mut t = new_table(if header_too { header } else { &[] });
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

fn new_table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled);
    if !header.is_empty() {
        t.set_header(header.to_vec());
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A long article's claims table drawn in slices is the same table as drawn whole.
    #[test]
    fn a_table_drawn_in_slices_is_the_table_drawn_whole() {
        let text = "Police said the road, “the old one”, was closed. Émile Zola said so.\nThe end. 第一 said 二.\nA spokesman for Ministry of Things said it was fine, no doubt about it at all.\n";
        let article = crate::input::Article::from_text("a.txt", text);
        let doc = crate::Checker::new(crate::rules::RulePack::builtin()).check(&article);
        assert!(doc.claims.len() >= 4);
        let mut whole = Vec::new();
        render_document(&doc, &mut whole, usize::MAX).unwrap();
        for rows in 1..doc.claims.len() {
            let mut sliced = Vec::new();
            render_document(&doc, &mut sliced, rows).unwrap();
            assert_eq!(
                String::from_utf8(sliced).unwrap(),
                String::from_utf8(whole.clone()).unwrap(),
                "{rows} rows at a time"
            );
        }
    }
}
