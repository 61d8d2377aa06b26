//! `--format annotate`: the article in the terminal, each claim behind a compact tag of its kind
//! and source (`[anon: a senior official]`), wrapped to the terminal's width, then the summary.
//! Tags are coloured on a terminal (never with NO_COLOR); the plain tags say the same.

use std::io::Write;

use super::{printable, DocumentReport, Report};
use crate::kind::Kind;

fn tag(kind: Kind) -> &'static str {
    match kind {
        Kind::Named => "named",
        Kind::Organization => "org",
        Kind::Anonymous => "anon",
        Kind::NoComment => "no comment",
        Kind::Relayed => "relayed",
        Kind::Vague => "vague",
        Kind::Unattributed => "none",
    }
}

fn color(kind: Kind) -> &'static str {
    match kind {
        Kind::Named => "34",
        Kind::Organization => "32",
        Kind::Anonymous => "31",
        Kind::NoComment => "35",
        Kind::Relayed => "36",
        Kind::Vague => "33",
        Kind::Unattributed => "90",
    }
}

/// Wrap `text` to `width` columns (characters), continuing lines with `indent` spaces.
fn wrap(text: &str, width: usize, indent: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut len = 0;
    for word in text.split_whitespace() {
        let w = word.chars().count();
        if len > 0 && len + 1 + w > width {
            lines.push(std::mem::take(&mut line));
            len = 0;
        }
        if len == 0 && !lines.is_empty() {
            line.push_str(&" ".repeat(indent));
            len = indent;
        } else if len > 0 {
            line.push(' ');
            len += 1;
        }
        line.push_str(word);
        len += w;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

pub fn render(
    report: &Report,
    out: &mut dyn Write,
    width: usize,
    colour: bool,
) -> std::io::Result<()> {
    for (i, doc) in report.documents.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        render_document(doc, out, width.max(40), colour)?;
    }
    Ok(())
}

fn render_document(
    doc: &DocumentReport,
    out: &mut dyn Write,
    width: usize,
    colour: bool,
) -> std::io::Result<()> {
    writeln!(
        out,
        "{} — score {}, {}",
        printable(&doc.path),
        doc.score_text(),
        doc.verdict
    )?;
    writeln!(out)?;
    let mut prev_line: Option<usize> = None;
    for c in &doc.claims {
        if prev_line.is_some_and(|p| c.line as usize > p + 1) {
            writeln!(out)?;
        }
        prev_line = Some(c.line as usize + c.text.matches('\n').count());
        let mut t = format!("[{}", tag(c.kind));
        if let Some(s) = &c.source {
            t.push_str(": ");
            t.push_str(&printable(s));
        }
        if let Some(v) = &c.via {
            t.push_str(" via ");
            t.push_str(&printable(v));
        }
        t.push(']');
        let plain_tag_len = t.chars().count();
        let shown = if colour {
            format!("\x1b[{}m{t}\x1b[0m", color(c.kind))
        } else {
            t
        };
        let text = printable(&c.text);
        let body = wrap(&text, width.saturating_sub(2), 2);
        if plain_tag_len + 1 + body.first().map_or(0, |l| l.chars().count()) <= width {
            let mut lines = body.into_iter();
            writeln!(out, "{shown} {}", lines.next().unwrap_or_default())?;
            for l in lines {
                writeln!(out, "{l}")?;
            }
        } else {
            writeln!(out, "{shown}")?;
            for l in wrap(&text, width.saturating_sub(2), 2) {
                writeln!(out, "  {}", l.trim_start())?;
            }
        }
    }
    writeln!(out)?;
    let counts: Vec<String> = Kind::ALL
        .iter()
        .map(|k| format!("{} {}", tag(*k), doc.counts.get(k).copied().unwrap_or(0)))
        .collect();
    writeln!(out, "Kinds: {}", counts.join(" · "))?;
    for e in &doc.sources {
        writeln!(
            out,
            "  {:<40} {:<13} {} claim{}",
            printable(&e.source),
            e.kind.as_str(),
            e.claims,
            if e.claims == 1 { "" } else { "s" }
        )?;
    }
    for f in &doc.findings {
        writeln!(
            out,
            "{}:{}: {}[{}] {}",
            f.line,
            f.column,
            f.severity,
            f.id,
            printable(&f.message)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_on_words_with_an_indent() {
        let lines = wrap("one two three four five six", 10, 2);
        assert_eq!(lines, ["one two", "  three", "  four", "  five six"]);
        assert!(lines.iter().all(|l| l.chars().count() <= 10));
    }
}
