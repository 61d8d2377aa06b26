//! `sourced diff --format markdown`: a pull-request comment — a summary row per article, then
//! each article's regressions and improvements, its changed claims folded away in a
//! `<details>`, and the sources and findings that came and went.

use std::io::{self, Write};

use super::table::{claim_line, totals};
use super::{attribution, score_change, DocumentDiff, DraftDiff, Note};
use crate::report::markdown::cell;
use crate::report::table::excerpt;

pub fn render(diff: &DraftDiff, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## sourced diff: how the sourcing changed\n")?;
    if diff.documents.is_empty() {
        return writeln!(out, "No article changed.");
    }
    let regressions: usize = diff.documents.iter().map(|d| d.regressions.len()).sum();
    let improvements: usize = diff.documents.iter().map(|d| d.improvements.len()).sum();
    writeln!(out, "**{}**\n", totals(regressions, improvements))?;
    writeln!(
        out,
        "| article | score | claims | added | removed | edited | reattributed | regressions | improvements |"
    )?;
    writeln!(out, "|---|---|---|---:|---:|---:|---:|---:|---:|")?;
    for d in &diff.documents {
        let t = &d.claims;
        writeln!(
            out,
            "| `{}` | {} | {} → {} | {} | {} | {} | {} | {} | {} |",
            cell(d.path()),
            score_change(&d.score),
            t.old,
            t.new,
            t.added,
            t.removed,
            t.edited,
            t.reattributed,
            d.regressions.len(),
            d.improvements.len()
        )?;
    }
    for d in &diff.documents {
        document(d, out)?;
    }
    Ok(())
}

fn document(doc: &DocumentDiff, out: &mut dyn Write) -> io::Result<()> {
    let heading = match (&doc.old_path, &doc.new_path) {
        (Some(o), Some(n)) if o != n => format!("`{}` (was `{}`)", cell(n), cell(o)),
        (None, Some(n)) => format!("`{}` (new)", cell(n)),
        (Some(o), None) => format!("`{}` (deleted)", cell(o)),
        _ => format!("`{}`", cell(doc.path())),
    };
    writeln!(out, "\n### {heading}\n")?;
    writeln!(out, "{}\n", claim_line(doc))?;
    if doc.is_unchanged() {
        return writeln!(out, "No change to the sourcing.");
    }
    notes(out, "Regressions", &doc.regressions)?;
    notes(out, "Improvements", &doc.improvements)?;
    if !doc.changes.is_empty() {
        writeln!(
            out,
            "<details><summary>Changed claims ({})</summary>\n",
            doc.changes.len()
        )?;
        writeln!(out, "| line | change | claim | before | after |")?;
        writeln!(out, "|---:|---|---|---|---|")?;
        for c in &doc.changes {
            let text = c.new.as_ref().or(c.old.as_ref()).map_or("", |c| &c.text);
            let flag = if c.regression { " ⚠" } else { "" };
            writeln!(
                out,
                "| {} | {}{flag} | {} | {} | {} |",
                c.line,
                c.change.as_str(),
                cell(&excerpt(text)),
                cell(&c.old.as_ref().map(attribution).unwrap_or_default()),
                cell(&c.new.as_ref().map(attribution).unwrap_or_default()),
            )?;
        }
        writeln!(out, "\n</details>\n")?;
    }
    for (label, rows) in [
        ("Sources added", &doc.sources.added),
        ("Sources removed", &doc.sources.removed),
    ] {
        if !rows.is_empty() {
            let names: Vec<String> = rows
                .iter()
                .map(|e| format!("{} ({})", cell(&e.source), e.kind))
                .collect();
            writeln!(out, "**{label}:** {}\n", names.join(", "))?;
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
        writeln!(out, "**{label}**\n")?;
        for f in findings {
            writeln!(
                out,
                "- line {}: **{}** `{}` {}",
                f.line,
                f.severity,
                f.id,
                cell(&f.message)
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

fn notes(out: &mut dyn Write, label: &str, notes: &[Note]) -> io::Result<()> {
    if notes.is_empty() {
        return Ok(());
    }
    writeln!(out, "**{label}**\n")?;
    for n in notes {
        writeln!(
            out,
            "- line {}: {} (`{}`)",
            n.line,
            cell(&n.message),
            n.shift.as_str()
        )?;
    }
    writeln!(out)
}
