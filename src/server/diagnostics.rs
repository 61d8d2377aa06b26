//! Findings as diagnostics: each at the exact range of its claim, with its severity, the check
//! id as its code, and the check's explanation in its data (which the code actions read).

use lsp_types::{Diagnostic, DiagnosticSeverity, NumberOrString, Position, Range};
use serde_json::json;

use super::document::Document;
use super::position::Encoding;
use crate::checks::Severity;
use crate::input::Article;
use crate::report::{DocumentReport, Finding};
use crate::Checker;

/// The diagnostics' `source`: what editors show beside each message.
pub const SOURCE: &str = "sourced";

/// Check a document's text as it is now. An error (a text with NUL bytes is not an article, a
/// bug in the classifier) comes back as its message, never as a panic.
pub fn check(checker: &Checker, doc: &Document) -> Result<DocumentReport<'static>, String> {
    let article = Article::from_bytes_as(&doc.name(), doc.text.as_bytes(), doc.format)
        .map_err(|e| format!("{e:#}"))?;
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        checker.check(&article).into_owned()
    }))
    .map_err(|_| {
        format!(
            "{}: internal error while checking this document (a bug in sourced): please report it with the text attached",
            doc.name()
        )
    })
}

/// The diagnostics of a checked document.
pub fn of_report(report: &DocumentReport, doc: &Document, enc: Encoding) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = report
        .findings
        .iter()
        .map(|f| of_finding(f, doc, enc))
        .collect();
    for w in &report.warnings {
        out.push(problem(w, DiagnosticSeverity::INFORMATION));
    }
    out
}

/// The one diagnostic of a document that could not be checked.
pub fn of_error(error: &str) -> Vec<Diagnostic> {
    vec![problem(error, DiagnosticSeverity::ERROR)]
}

/// A problem with the document as a whole, on its first character.
fn problem(message: &str, severity: DiagnosticSeverity) -> Diagnostic {
    Diagnostic {
        range: Range::default(),
        severity: Some(severity),
        source: Some(SOURCE.to_string()),
        message: message.to_string(),
        ..Diagnostic::default()
    }
}

/// The diagnostic on a configuration file that does not load, where its error points.
pub fn of_config_error(error: &str, path: &std::path::Path) -> Diagnostic {
    let (line, col) = super::config::error_position(error, path);
    Diagnostic {
        range: Range::new(Position::new(line, col), Position::new(line, col + 1)),
        severity: Some(DiagnosticSeverity::ERROR),
        source: Some(SOURCE.to_string()),
        message: format!(
            "{error}\n(the documents under it are checked with the built-in pack until it is fixed)"
        ),
        ..Diagnostic::default()
    }
}

/// A finding's diagnostic. Its data names the check, for the "Explain" code action (which
/// runs the command that shows the explanation): the explanation itself, some 700 bytes a
/// finding, would make a long document's diagnostics many times its size.
fn of_finding(f: &Finding, doc: &Document, enc: Encoding) -> Diagnostic {
    Diagnostic {
        range: range_of(f, doc, enc),
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.id.clone())),
        source: Some(SOURCE.to_string()),
        message: f.message.clone(),
        data: Some(json!({ "id": f.id })),
        ..Diagnostic::default()
    }
}

/// A finding's range: its claim, or the suppression comment it is about; a finding about the
/// whole article stands on the first line.
pub fn range_of(f: &Finding, doc: &Document, enc: Encoding) -> Range {
    let (start, end) = if f.end > f.start {
        (f.start, f.end)
    } else {
        let first = doc.lines.line_range(&doc.text, 0);
        (first.start, first.end)
    };
    Range::new(
        doc.lines.position(&doc.text, start, enc),
        doc.lines.position(&doc.text, end, enc),
    )
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// The check id a diagnostic from this server carries.
pub fn check_id(d: &Diagnostic) -> Option<&str> {
    if d.source.as_deref() != Some(SOURCE) {
        return None;
    }
    match &d.code {
        Some(NumberOrString::String(id)) => Some(id),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::Url;

    #[test]
    fn findings_land_on_their_claims() {
        let text = "Budget cut\n\nThe mayor said the plan works.\n\n“Fine,” experts say.\n";
        let doc = Document::new(Url::parse("file:///d/a.txt").unwrap(), 1, text.into(), "");
        let checker = Checker::new(crate::rules::RulePack::builtin());
        let report = check(&checker, &doc).unwrap();
        let ds = of_report(&report, &doc, Encoding::Utf16);
        let vague = ds
            .iter()
            .find(|d| check_id(d) == Some("VAG001"))
            .expect("VAG001 on the vague claim");
        assert_eq!(vague.range.start, Position::new(4, 0));
        // The curly quotes are one UTF-16 unit each, three bytes each.
        assert_eq!(vague.range.end, Position::new(4, 20));
        assert_eq!(vague.severity, Some(DiagnosticSeverity::WARNING));
        assert_eq!(vague.data, Some(json!({ "id": "VAG001" })));
    }

    #[test]
    fn a_text_with_nul_bytes_is_an_error_not_a_panic() {
        let doc = Document::new(Url::parse("file:///d/a.txt").unwrap(), 1, "a\0b".into(), "");
        let checker = Checker::new(crate::rules::RulePack::builtin());
        let e = check(&checker, &doc).unwrap_err();
        assert!(e.contains("binary"), "{e}");
    }
}
