//! `--format html`: the article as written, every claim highlighted by its kind, in one
//! self-contained page (no network, no external assets, no JavaScript needed).
//!
//! Each claim is one element carrying `data-kind` (the kind's JSON name) and `data-source`, and
//! can take keyboard focus; hovering or focusing it shows its kind, source, via, cue and
//! findings. Kinds are told apart by colour (the Okabe–Ito palette, safe for colour-blind
//! readers, as light tints under dark text for contrast) *and* by an underline style and a
//! marker, so a greyscale print keeps them apart.

use std::fmt::Write as _;
use std::io::Write;

use super::{DocumentReport, Report};
use crate::kind::Kind;

/// Per kind: CSS class, tint, underline colour, underline style, marker, and what it means.
fn style(
    kind: Kind,
) -> (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
) {
    match kind {
        Kind::Named => (
            "named",
            "#d6e6f4",
            "#0072b2",
            "solid",
            "●",
            "a named person",
        ),
        Kind::Organization => (
            "organization",
            "#cdeee3",
            "#009e73",
            "double",
            "■",
            "an organization on the record",
        ),
        Kind::Anonymous => (
            "anonymous",
            "#f8dccb",
            "#d55e00",
            "dashed",
            "▲",
            "an anonymous source",
        ),
        Kind::NoComment => (
            "no_comment",
            "#f2dcea",
            "#cc79a7",
            "dotted",
            "◆",
            "a party that did not comment",
        ),
        Kind::Relayed => (
            "relayed",
            "#dcedf8",
            "#56b4e9",
            "wavy",
            "↪",
            "another outlet's reporting",
        ),
        Kind::Vague => (
            "vague",
            "#f9e7c4",
            "#e69f00",
            "dotted",
            "?",
            "a vague or agentless authority",
        ),
        Kind::Unattributed => (
            "unattributed",
            "transparent",
            "#767676",
            "none",
            "",
            "nobody: the writer's own assertion",
        ),
    }
}

/// Escape text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    super::escape_markup(s)
}

fn css() -> String {
    let mut css = String::from(
        r#"
:root { color-scheme: light; }
body { font: 17px/1.6 Georgia, "Times New Roman", serif; color: #111; background: #fff; margin: 0; }
header, main { max-width: 52rem; margin: 0 auto; padding: 0 1rem; }
header h1 { font: 600 1.3rem/1.2 system-ui, sans-serif; margin: 1.2rem 0 .2rem; }
h2 { font: 600 1.15rem/1.3 system-ui, sans-serif; margin-top: 2.5rem; border-top: 1px solid #bbb; padding-top: 1rem; }
h3 { font: 600 1rem/1.3 system-ui, sans-serif; margin: 1.5rem 0 .5rem; }
.score { font: 1rem system-ui, sans-serif; }
.score strong { font-size: 1.6rem; }
.bar { display: flex; height: 1.6rem; border: 1px solid #555; margin: .5rem 0 1rem; font: .75rem/1.6rem system-ui, sans-serif; }
.bar span { display: block; overflow: hidden; white-space: nowrap; text-align: center; color: #111; border-right: 1px solid #fff; }
.legend ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .4rem 1.2rem; font: .85rem system-ui, sans-serif; }
.legend li { white-space: nowrap; }
.article p { margin: 0 0 1rem; }
.claim { position: relative; padding: .05rem 0; border-radius: 2px; text-decoration-thickness: 2px; text-underline-offset: .22em; }
.claim:focus { outline: 3px solid #111; outline-offset: 1px; }
.claim::before { font: .7rem system-ui, sans-serif; vertical-align: super; margin-right: .1rem; }
.tip { display: none; position: absolute; left: 0; top: 1.7em; z-index: 10; width: max-content; max-width: 26rem; background: #111; color: #fff; font: .8rem/1.4 system-ui, sans-serif; padding: .4rem .6rem; border-radius: 4px; white-space: normal; }
.claim:hover > .tip, .claim:focus > .tip, .claim:focus-within > .tip { display: block; }
table { border-collapse: collapse; font: .85rem system-ui, sans-serif; }
th, td { border: 1px solid #999; padding: .2rem .5rem; text-align: left; }
.findings li { font: .85rem system-ui, sans-serif; margin: .2rem 0; }
.sev-error { color: #a40000; font-weight: 700; }
.sev-warning { color: #7a4a00; font-weight: 700; }
.sev-info { color: #2f4f6f; }
nav.toc { font: .9rem system-ui, sans-serif; }
@media print { .tip { display: none !important; } .claim { background: none !important; } }
"#,
    );
    for k in Kind::ALL {
        let (class, tint, line, deco, marker, _) = style(k);
        let _ = writeln!(
            css,
            ".k-{class} {{ background: {tint}; text-decoration: underline {deco} {line}; }}\n.k-{class}::before {{ content: \"{marker}\"; color: #111; }}\n.sw-{class} {{ background: {tint}; border-bottom: 3px {} {line}; padding: 0 .3rem; }}",
            if deco == "wavy" || deco == "none" { "solid" } else { deco }
        );
    }
    css
}

/// The page for a whole report: one article, or several with a table of contents.
pub fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let title = match report.documents.as_slice() {
        [one] => format!("sourced — {}", one.path),
        docs => format!("sourced — {} articles", docs.len()),
    };
    write!(out, "{}", page_start(&title))?;
    if report.documents.len() > 1 {
        writeln!(
            out,
            "<nav class=\"toc\" aria-label=\"Articles\"><h2>Articles</h2><ol>"
        )?;
        for (i, d) in report.documents.iter().enumerate() {
            writeln!(
                out,
                "<li><a href=\"#doc-{}\">{}</a> — {}, {}</li>",
                i + 1,
                esc(&d.path),
                d.score_text(),
                esc(&d.verdict)
            )?;
        }
        writeln!(out, "</ol></nav>")?;
    }
    for (i, d) in report.documents.iter().enumerate() {
        write!(out, "{}", document(d, i + 1))?;
    }
    write!(out, "{}", page_end())
}

/// One page per article and an index, for `--output-dir`: (file name, page) pairs.
pub fn pages(report: &Report) -> Vec<(String, String)> {
    let mut pages = Vec::new();
    let mut index = page_start("sourced — index");
    index.push_str("<nav class=\"toc\" aria-label=\"Articles\"><h2>Articles</h2><ol>\n");
    for (i, d) in report.documents.iter().enumerate() {
        let name = format!("{:04}-{}.html", i + 1, slug(&d.path));
        let _ = writeln!(
            index,
            "<li><a href=\"{}\">{}</a> — {}, {}</li>",
            esc(&name),
            esc(&d.path),
            d.score_text(),
            esc(&d.verdict)
        );
        let mut page = page_start(&format!("sourced — {}", d.path));
        page.push_str("<p><a href=\"index.html\">All articles</a></p>\n");
        page.push_str(&document(d, 1));
        page.push_str(&page_end());
        pages.push((name, page));
    }
    index.push_str("</ol></nav>\n");
    index.push_str(&page_end());
    pages.insert(0, ("index.html".to_string(), index));
    pages
}

fn slug(path: &str) -> String {
    let s: String = path
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let s = s.trim_matches('-').to_string();
    s.chars()
        .rev()
        .take(60)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect()
}

fn page_start(title: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<header><h1>sourced: who says so?</h1></header>\n<main>\n",
        esc(title),
        css()
    )
}

fn page_end() -> String {
    "</main>\n</body>\n</html>\n".to_string()
}

/// One article's section.
fn document(d: &DocumentReport, n: usize) -> String {
    let mut h = String::new();
    let id = format!("doc-{n}");
    let _ = writeln!(
        h,
        "<article class=\"doc\" id=\"{id}\" aria-labelledby=\"{id}-title\">"
    );
    let _ = writeln!(h, "<h2 id=\"{id}-title\">{}</h2>", esc(&d.path));
    let _ = match d.score {
        Some(score) => writeln!(
            h,
            "<p class=\"score\">Score <strong>{score}</strong>/100 — {} · {}</p>",
            esc(&d.verdict),
            super::claims(d.claims.len())
        ),
        None => writeln!(h, "<p class=\"score\">{}</p>", super::NO_CLAIMS),
    };
    // The bar of claims per kind.
    let total = d.claims.len().max(1);
    let _ = write!(
        h,
        "<div class=\"bar\" role=\"img\" aria-label=\"claims per kind: "
    );
    let parts: Vec<String> = Kind::ALL
        .iter()
        .filter_map(|k| {
            d.counts
                .get(k)
                .filter(|n| **n > 0)
                .map(|n| format!("{k} {n}"))
        })
        .collect();
    let _ = write!(h, "{}\">", esc(&parts.join(", ")));
    for k in Kind::ALL {
        let count = d.counts.get(&k).copied().unwrap_or(0);
        if count == 0 {
            continue;
        }
        let (class, ..) = style(k);
        let pct = 100.0 * count as f64 / total as f64;
        let _ = write!(h, "<span class=\"k-{class}\" style=\"width:{pct:.2}%\" title=\"{k}: {count}\">{count}</span>");
    }
    h.push_str("</div>\n");
    // The legend.
    h.push_str("<section class=\"legend\" aria-label=\"Legend\"><ul>\n");
    for k in Kind::ALL {
        let (class, _, _, _, marker, meaning) = style(k);
        let _ = writeln!(
            h,
            "<li><span class=\"sw-{class}\">{marker} {k}</span> {}</li>",
            esc(meaning)
        );
    }
    h.push_str("</ul></section>\n");
    // The article, claim by claim.
    h.push_str("<section class=\"article\" aria-label=\"The article\">\n<p>");
    let mut prev_line = None;
    for (i, c) in d.claims.iter().enumerate() {
        if let Some(p) = prev_line {
            let line = c.line as usize;
            if line > p + 1 {
                h.push_str("</p>\n<p>");
            } else if line == p + 1 {
                h.push_str("<br>\n");
            } else {
                h.push(' ');
            }
        }
        let last_line = c.line as usize + c.text.matches('\n').count();
        prev_line = Some(last_line);
        let (class, ..) = style(c.kind);
        let cid = format!("{id}-c{}", i + 1);
        let mut tip = format!("{}", c.kind);
        if let Some(s) = &c.source {
            let _ = write!(tip, " · source: {s}");
        }
        if let Some(r) = &c.source_role {
            let _ = write!(tip, " ({r})");
        }
        if let Some(v) = &c.via {
            let _ = write!(tip, " · via: {v}");
        }
        if let Some(cue) = &c.cue {
            let _ = write!(tip, " · cue: “{cue}”");
        }
        let findings: Vec<String> = d
            .findings
            .iter()
            .filter(|f| f.claim_index == Some(i))
            .map(|f| format!("{} {}: {}", f.severity, f.id, f.message))
            .collect();
        let label = format!(
            "{tip}{}",
            if findings.is_empty() {
                String::new()
            } else {
                format!(" · {}", findings.join(" · "))
            }
        );
        let _ = write!(
            h,
            "<span class=\"claim k-{class}\" id=\"{cid}\" tabindex=\"0\" data-kind=\"{}\" data-source=\"{}\" aria-describedby=\"{cid}-tip\">{}<span class=\"tip\" role=\"tooltip\" id=\"{cid}-tip\">{}</span></span>",
            c.kind.as_str(),
            esc(c.source.as_deref().unwrap_or("")),
            esc(&c.text),
            esc(&label)
        );
    }
    h.push_str("</p>\n</section>\n");
    // The ledger.
    h.push_str("<section class=\"ledger\"><h3>Who is cited</h3>\n<table><thead><tr><th scope=\"col\">source</th><th scope=\"col\">kind</th><th scope=\"col\">claims</th><th scope=\"col\">via</th></tr></thead><tbody>\n");
    for e in &d.sources {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&e.source),
            e.kind,
            e.claims,
            esc(e.via.as_deref().unwrap_or(""))
        );
    }
    if d.sources.is_empty() {
        h.push_str("<tr><td colspan=\"4\">No source is cited.</td></tr>\n");
    }
    h.push_str("</tbody></table></section>\n");
    // The findings, linked to their claims.
    let _ = writeln!(
        h,
        "<section class=\"findings\"><h3>Findings ({})</h3>",
        d.findings.len()
    );
    if d.findings.is_empty() {
        h.push_str("<p>No findings.</p>\n");
    } else {
        h.push_str("<ol>\n");
        for f in &d.findings {
            let at = match f.claim_index {
                Some(i) => format!("<a href=\"#{id}-c{}\">{}:{}</a>", i + 1, f.line, f.column),
                None => format!("{}:{}", f.line, f.column),
            };
            let _ = writeln!(
                h,
                "<li>{at} <span class=\"sev-{}\">{}</span> <code>{}</code> {}</li>",
                f.severity,
                f.severity,
                esc(&f.id),
                esc(&f.message)
            );
        }
        h.push_str("</ol>\n");
    }
    h.push_str("</section>\n</article>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn luminance(hex: &str) -> f64 {
        let v = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap();
        let channel = |c: u32| {
            let c = f64::from(c) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(v >> 16 & 0xff)
            + 0.7152 * channel(v >> 8 & 0xff)
            + 0.0722 * channel(v & 0xff)
    }

    fn contrast(a: &str, b: &str) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    /// WCAG AA: the text (#111) on every kind's tint reaches 4.5:1.
    #[test]
    fn every_tint_keeps_text_contrast_at_least_4_5() {
        for k in Kind::ALL {
            let (_, tint, ..) = style(k);
            let bg = if tint == "transparent" {
                "#ffffff"
            } else {
                tint
            };
            let ratio = contrast("#111111", bg);
            assert!(ratio >= 4.5, "{k}: {ratio:.2}");
        }
        for sev in ["#a40000", "#7a4a00", "#2f4f6f"] {
            assert!(contrast(sev, "#ffffff") >= 4.5, "{sev}");
        }
    }

    #[test]
    fn escapes_markup_in_text_and_attributes() {
        assert_eq!(
            esc(r#"<b>"A & B's"</b>"#),
            "&lt;b&gt;&quot;A &amp; B&#39;s&quot;&lt;/b&gt;"
        );
    }
}
