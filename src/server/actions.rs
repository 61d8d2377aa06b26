//! Code actions on a finding: insert the suppression comment the command line reads (see
//! `src/input/directives.rs`), remove a suppression that matches nothing, and show the check's
//! explanation.
//!
//! The comment is `<!-- sourced-disable-next-line ID -->` in every format. In plain text it
//! must be a line of its own; in Markdown and HTML, where comments may stand inside a
//! paragraph, a claim that starts in the middle of a wrapped line gets the comment at the end
//! of the line before, so that the paragraph is not cut in two.

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Command, Diagnostic, Position, Range,
    TextEdit, Url, WorkspaceEdit,
};

use super::document::Document;
use super::position::Encoding;
use crate::input::InputFormat;
use crate::report::{DocumentReport, Finding};

/// The command that shows a check's explanation (`arguments`: the check id).
pub const EXPLAIN: &str = "sourced.explain";

/// The actions for the findings whose range meets `range`.
pub fn actions(
    report: &DocumentReport,
    doc: &Document,
    range: Range,
    diagnostics: &[Diagnostic],
    enc: Encoding,
) -> Vec<CodeActionOrCommand> {
    let (from, to) = (
        doc.lines.offset(&doc.text, range.start, enc),
        doc.lines.offset(&doc.text, range.end, enc),
    );
    let mut out = Vec::new();
    let mut explained = Vec::new();
    for f in &report.findings {
        let f_range = super::diagnostics::range_of(f, doc, enc);
        let (start, end) = (
            doc.lines.offset(&doc.text, f_range.start, enc),
            doc.lines.offset(&doc.text, f_range.end, enc),
        );
        if end < from || start > to {
            continue;
        }
        // The client's own copy of the diagnostic, when it sent one, is what the fix fixes.
        let diagnostic = diagnostics
            .iter()
            .find(|d| super::diagnostics::check_id(d) == Some(&f.id) && d.range == f_range)
            .cloned();
        let edit = if f.id == crate::checks::UNUSED_SUPPRESSION.id {
            removal(f, doc, enc).map(|e| ("Remove this unused suppression".to_string(), e))
        } else {
            suppression(f, doc, enc).map(|e| (format!("Suppress {} on this line", f.id), e))
        };
        if let Some((title, edit)) = edit {
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: diagnostic.map(|d| vec![d]),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(doc.uri.clone(), vec![edit])])),
                    ..WorkspaceEdit::default()
                }),
                is_preferred: Some(true),
                ..CodeAction::default()
            }));
        }
        if !explained.contains(&f.id) {
            explained.push(f.id.clone());
            out.push(CodeActionOrCommand::Command(explain_command(&f.id)));
        }
    }
    out
}

/// The command that shows check `id`'s explanation.
pub fn explain_command(id: &str) -> Command {
    Command {
        title: format!("Explain {id}"),
        command: EXPLAIN.to_string(),
        arguments: Some(vec![serde_json::Value::String(id.to_string())]),
    }
}

/// The edit that suppresses finding `f`: a `sourced-disable-next-line` comment above its
/// claim's line, or its id added to the one already there; for a finding about the whole
/// article, a `sourced-disable` comment on the first line.
pub fn suppression(f: &Finding, doc: &Document, enc: Encoding) -> Option<TextEdit> {
    let text = &doc.text;
    let at = |offset: usize| doc.lines.position(text, offset, enc);
    if f.claim_index.is_none() {
        // Markdown front matter must stay on the first line: no place for the comment there.
        if doc.format == InputFormat::Markdown
            && (text.starts_with("---") || text.starts_with("+++"))
        {
            return None;
        }
        let comment = format!("<!-- sourced-disable {} -->{}", f.id, line_break(doc, 0));
        return Some(TextEdit::new(Range::new(at(0), at(0)), comment));
    }
    let line = doc.lines.line_of(f.start);
    let here = doc.lines.line_range(text, line);
    let above = (line > 0).then(|| doc.lines.line_range(text, line - 1));
    let above_text = above.clone().map(|r| &text[r]).unwrap_or("");
    // A comment already above for other checks: name this one too.
    let trimmed = above_text.trim_end();
    if trimmed.trim_start().starts_with("<!--")
        && trimmed.contains("sourced-disable-next-line")
        && trimmed.ends_with("-->")
    {
        let body = trimmed[..trimmed.len() - 3].trim_end();
        let end = above.as_ref()?.start + body.len();
        return Some(TextEdit::new(
            Range::new(at(end), at(end)),
            format!(", {}", f.id),
        ));
    }
    let comment = format!("<!-- sourced-disable-next-line {} -->", f.id);
    let indent_len = text[here.clone()].len() - text[here.clone()].trim_start().len();
    let mid_line = f.start > here.start + indent_len;
    let inline_ok = matches!(doc.format, InputFormat::Markdown | InputFormat::Html);
    if mid_line && inline_ok && !above_text.trim().is_empty() {
        let end = above.as_ref()?.start + above_text.trim_end().len();
        return Some(TextEdit::new(
            Range::new(at(end), at(end)),
            format!(" {comment}"),
        ));
    }
    let indent = &text[here.start..here.start + indent_len];
    let start = Position::new(at(here.start).line, 0);
    Some(TextEdit::new(
        Range::new(start, start),
        format!("{indent}{comment}{}", line_break(doc, line)),
    ))
}

/// The edit that deletes an unused suppression comment (`f` is its SUP001 finding): its whole
/// line when the comment is all the line holds.
fn removal(f: &Finding, doc: &Document, enc: Encoding) -> Option<TextEdit> {
    let text = &doc.text;
    let comment = text.get(f.start..f.end)?;
    if !comment.starts_with("<!--") {
        return None;
    }
    let line = doc.lines.line_of(f.start);
    let here = doc.lines.line_range(text, line);
    let (start, end) = if text[here.clone()].trim() == comment.trim() {
        let next = if line + 1 < doc.lines.count() {
            doc.lines.line_range(text, line + 1).start
        } else {
            here.end
        };
        (here.start, next)
    } else {
        (f.start, f.end)
    };
    let at = |o| doc.lines.position(text, o, enc);
    Some(TextEdit::new(Range::new(at(start), at(end)), String::new()))
}

/// The line break the document uses at `line` (`\n` when the line has none).
fn line_break(doc: &Document, line: usize) -> &'static str {
    let r = doc.lines.line_range(&doc.text, line);
    let rest = &doc.text[r.end..];
    if rest.starts_with("\r\n") {
        "\r\n"
    } else if rest.starts_with('\r') {
        "\r"
    } else {
        "\n"
    }
}

/// Apply text edits to a document's text (for tests and the benchmark).
pub fn apply(doc: &Document, edits: &[TextEdit], enc: Encoding) -> String {
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                doc.lines.offset(&doc.text, e.range.start, enc),
                doc.lines.offset(&doc.text, e.range.end, enc),
                e.new_text.as_str(),
            )
        })
        .collect();
    spans.sort_by_key(|&(s, _, _)| std::cmp::Reverse(s));
    let mut text = doc.text.clone();
    for (s, e, t) in spans {
        text.replace_range(s..e, t);
    }
    text
}

/// The URI's document is not open: what a request about it is told.
pub fn not_open(uri: &Url) -> String {
    format!("{uri} is not open: the server checks only the documents the editor has opened")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::diagnostics;
    use crate::Checker;

    /// Every suppression action, in every sample and each format, takes away its finding and
    /// only its finding: the rest of the report (the other findings, every claim's text and
    /// kind) is unchanged, and no SUP001 appears.
    #[test]
    fn each_suppression_removes_its_finding_and_nothing_else() {
        let checker = Checker::new(crate::rules::RulePack::builtin());
        let (mut tried, mut inline) = (0, 0);
        for entry in std::fs::read_dir("samples").unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let uri = Url::from_file_path(std::fs::canonicalize(&path).unwrap()).unwrap();
            // Plain text again as Markdown hard-wrapped at 50 columns, so that claims start
            // mid-line after a claim of the line above.
            let wrapped = wrap(&text, 50);
            let mut variants = vec![(text.clone(), "")];
            if path.extension().is_some_and(|e| e == "txt") {
                variants.push((wrapped, "markdown"));
            }
            for (text, lang) in variants {
                let doc = Document::new(uri.clone(), 1, text, lang);
                let before = diagnostics::check(&checker, &doc).unwrap();
                for f in &before.findings {
                    let Some(edit) = suppression(f, &doc, Encoding::Utf16) else {
                        continue;
                    };
                    tried += 1;
                    inline += usize::from(edit.new_text.starts_with(" <!--"));
                    let new =
                        Document::new(uri.clone(), 2, apply(&doc, &[edit], Encoding::Utf16), lang);
                    let after = diagnostics::check(&checker, &new).unwrap();
                    let key = |r: &DocumentReport, g: &Finding| {
                        let claim = g.claim_index.map(|i| r.claims[i].text.to_string());
                        (g.id.clone(), claim)
                    };
                    let mut want: Vec<_> = before
                        .findings
                        .iter()
                        .filter(|g| !std::ptr::eq(*g, f))
                        .map(|g| key(&before, g))
                        .collect();
                    let mut got: Vec<_> = after.findings.iter().map(|g| key(&after, g)).collect();
                    // ANON008 and the like may count the claims differently; an identical
                    // finding on another claim would hide a miss, so compare as lists.
                    want.sort();
                    got.sort();
                    assert_eq!(
                        got,
                        want,
                        "{} ({lang:?}): suppressing {} at line {}:\n{}",
                        path.display(),
                        f.id,
                        f.line,
                        new.text
                    );
                    let kinds = |r: &DocumentReport| {
                        r.claims
                            .iter()
                            .map(|c| (c.text.to_string(), c.kind))
                            .collect::<Vec<_>>()
                    };
                    assert_eq!(
                        kinds(&after),
                        kinds(&before),
                        "{}: suppressing {}",
                        path.display(),
                        f.id
                    );
                }
            }
        }
        assert!(tried > 40, "only {tried} suppressions tried");
        assert!(
            inline >= 4,
            "only {inline} comments at the end of a line above"
        );
    }

    /// Each paragraph's words in lines of at most `width` bytes (a long word alone).
    fn wrap(text: &str, width: usize) -> String {
        let mut out = String::new();
        for para in text.split("\n\n") {
            let mut line = String::new();
            for word in para.split_whitespace() {
                if !line.is_empty() && line.len() + 1 + word.len() > width {
                    out.push_str(&line);
                    out.push('\n');
                    line.clear();
                }
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
            }
            out.push_str(&line);
            out.push_str("\n\n");
        }
        out
    }

    #[test]
    fn an_unused_suppression_is_removed_with_its_line() {
        let text = "Title\n<!-- sourced-disable-next-line ART003 -->\nThe plan is done.\n";
        let doc = Document::new(Url::parse("file:///d/a.txt").unwrap(), 1, text.into(), "");
        let checker = Checker::new(crate::rules::RulePack::builtin());
        let report = diagnostics::check(&checker, &doc).unwrap();
        let f = report
            .findings
            .iter()
            .find(|f| f.id == "SUP001")
            .expect("SUP001");
        let edit = removal(f, &doc, Encoding::Utf16).unwrap();
        assert_eq!(
            apply(&doc, &[edit], Encoding::Utf16),
            "Title\nThe plan is done.\n"
        );
    }
}
