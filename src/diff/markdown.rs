//! `sourced diff --format markdown`: a pull-request comment — a summary row per article, then
//! each article's regressions and improvements, its changed claims folded away in a
//! `<details>`, and the sources and findings that came and went.

use std::io::{self, Write};

use super::table::{claim_line, totals};
use super::{attribution, score_change, DocumentDiff, DraftDiff, Note};
use crate::report::markdown::cell;
use crate::report::table::excerpt;

/// Rows of any one list in an article's section at most: GitHub refuses a comment longer than
/// 65,536 characters, and past a few dozen changes the JSON is the place to read them.
const MOST_ROWS: usize = 25;

/// Bytes of articles' sections a comment holds at most (the rest of GitHub's limit is left to
/// the summary table): the sections that do not fit are left out, and the comment says so.
const SECTIONS_BUDGET: usize = 50_000;

/// Rows of the summary table at most (about 150 bytes each).
const MOST_ARTICLES: usize = 80;

/// Say how many rows were left out, if any.
fn more(out: &mut dyn Write, total: usize) -> io::Result<()> {
    if total > MOST_ROWS {
        writeln!(
            out,
            "\n… and {} more (`sourced diff --format json` lists them all)",
            total - MOST_ROWS
        )?;
    }
    Ok(())
}

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
    for d in diff.documents.iter().take(MOST_ARTICLES) {
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
    if diff.documents.len() > MOST_ARTICLES {
        writeln!(
            out,
            "\n… and {} more articles (`sourced diff --format json` lists them all)",
            diff.documents.len() - MOST_ARTICLES
        )?;
    }
    let mut written = 0;
    let mut left_out = 0;
    for d in &diff.documents {
        let mut section = Vec::new();
        document(d, &mut section)?;
        if written + section.len() > SECTIONS_BUDGET {
            left_out += 1;
            continue;
        }
        written += section.len();
        out.write_all(&section)?;
    }
    if left_out > 0 {
        writeln!(
            out,
            "\n{left_out} article{} left out to fit a comment: `sourced diff --format json` has them all.",
            if left_out == 1 { "'s details" } else { "s' details" }
        )?;
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
        for c in doc.changes.iter().take(MOST_ROWS) {
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
        more(out, doc.changes.len())?;
        writeln!(out, "\n</details>\n")?;
    }
    for (label, rows) in [
        ("Sources added", &doc.sources.added),
        ("Sources removed", &doc.sources.removed),
    ] {
        if !rows.is_empty() {
            let mut names: Vec<String> = rows
                .iter()
                .take(MOST_ROWS)
                .map(|e| format!("{} ({})", cell(&e.source), e.kind))
                .collect();
            if rows.len() > MOST_ROWS {
                names.push(format!("and {} more", rows.len() - MOST_ROWS));
            }
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
        for f in findings.iter().take(MOST_ROWS) {
            writeln!(
                out,
                "- line {}: **{}** `{}` {}",
                f.line,
                f.severity,
                f.id,
                cell(&f.message)
            )?;
        }
        more(out, findings.len())?;
        writeln!(out)?;
    }
    Ok(())
}

fn notes(out: &mut dyn Write, label: &str, notes: &[Note]) -> io::Result<()> {
    if notes.is_empty() {
        return Ok(());
    }
    writeln!(out, "**{label}**\n")?;
    for n in notes.iter().take(MOST_ROWS) {
        writeln!(
            out,
            "- line {}: {} (`{}`)",
            n.line,
            cell(&n.message),
            n.shift.as_str()
        )?;
    }
    more(out, notes.len())?;
    writeln!(out)
}
