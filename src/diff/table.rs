//! `sourced diff --format table` (the default): for each article, the score before and after,
//! the regressions and improvements, every changed claim, and the sources and findings that
//! came and went.

use std::io::{self, Write};

use super::{attribution, score_change, DocumentDiff, DraftDiff, Note};
use crate::report::table::{excerpt, new_table};

pub fn render(diff: &DraftDiff, out: &mut dyn Write) -> io::Result<()> {
    for (i, doc) in diff.documents.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        document(doc, out)?;
    }
    let regressions: usize = diff.documents.iter().map(|d| d.regressions.len()).sum();
    let improvements: usize = diff.documents.iter().map(|d| d.improvements.len()).sum();
    if diff.documents.is_empty() {
        writeln!(out, "no article changed")
    } else {
        writeln!(
            out,
            "\n{} in {} article{}",
            totals(regressions, improvements),
            diff.documents.len(),
            if diff.documents.len() == 1 { "" } else { "s" }
        )
    }
}

/// `2 regressions, 1 improvement`.
pub(crate) fn totals(regressions: usize, improvements: usize) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}",
        plural(regressions, "regression"),
        plural(improvements, "improvement")
    )
}

/// How the article is named: `new.md (was old.md)` when the paths differ.
pub(crate) fn title(doc: &DocumentDiff) -> String {
    match (&doc.old_path, &doc.new_path) {
        (Some(o), Some(n)) if o != n => format!("{n} (was {o})"),
        (Some(_), Some(n)) => n.clone(),
        (None, Some(n)) => format!("{n} (new)"),
        (Some(o), None) => format!("{o} (deleted)"),
        (None, None) => "-".to_string(),
    }
}

/// `12 → 13 claims: 2 added, 1 removed, ...`.
pub(crate) fn claim_line(doc: &DocumentDiff) -> String {
    let t = &doc.claims;
    format!(
        "{} → {} claims: {} added, {} removed, {} edited, {} moved, {} reattributed, {} unchanged",
        t.old, t.new, t.added, t.removed, t.edited, t.moved, t.reattributed, t.unchanged
    )
}

fn document(doc: &DocumentDiff, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}", title(doc))?;
    let verdict = match (&doc.verdict.old, &doc.verdict.new) {
        (Some(o), Some(n)) if o == n => o.clone(),
        (o, n) => format!(
            "{} → {}",
            o.as_deref().unwrap_or("–"),
            n.as_deref().unwrap_or("–")
        ),
    };
    writeln!(out, "score {} — {verdict}", score_change(&doc.score))?;
    writeln!(out, "{}", claim_line(doc))?;
    if doc.is_unchanged() {
        return writeln!(out, "no change to the sourcing");
    }
    notes(out, "Regressions", &doc.regressions)?;
    notes(out, "Improvements", &doc.improvements)?;
    if !doc.changes.is_empty() {
        let mut t = new_table(&["line", "change", "claim", "before", "after", ""]);
        for c in &doc.changes {
            let text = c.new.as_ref().or(c.old.as_ref()).map_or("", |c| &c.text);
            let mark = match (c.regression, c.improvement) {
                (true, true) => "regression, improvement",
                (true, false) => "regression",
                (false, true) => "improvement",
                (false, false) => "",
            };
            t.add_row(vec![
                c.line.to_string(),
                c.change.as_str().to_string(),
                excerpt(text),
                c.old.as_ref().map(attribution).unwrap_or_default(),
                c.new.as_ref().map(attribution).unwrap_or_default(),
                mark.to_string(),
            ]);
        }
        writeln!(out, "Changed claims")?;
        writeln!(out, "{t}")?;
    }
    for (label, rows) in [
        ("Sources added", &doc.sources.added),
        ("Sources removed", &doc.sources.removed),
    ] {
        if !rows.is_empty() {
            let names: Vec<String> = rows
                .iter()
                .map(|e| format!("{} ({})", e.source, e.kind))
                .collect();
            writeln!(out, "{label}: {}", names.join(", "))?;
        }
    }
    for (label, findings) in [
        ("New findings", &doc.findings.new),
        (
            "Fixed findings (lines of the old version)",
            &doc.findings.fixed,
        ),
    ] {
        if findings.is_empty() {
            continue;
        }
        let mut t = new_table(&["severity", "id", "line", "message"]);
        for f in findings {
            t.add_row(vec![
                f.severity.to_string(),
                f.id.clone(),
                format!("{}:{}", f.line, f.column),
                f.message.clone(),
            ]);
        }
        writeln!(out, "{label}")?;
        writeln!(out, "{t}")?;
    }
    Ok(())
}

fn notes(out: &mut dyn Write, label: &str, notes: &[Note]) -> io::Result<()> {
    if notes.is_empty() {
        return Ok(());
    }
    writeln!(out, "{label}")?;
    for n in notes {
        writeln!(
            out,
            "  line {}: {} [{}]",
            n.line,
            n.message,
            n.shift.as_str()
        )?;
    }
    Ok(())
}
