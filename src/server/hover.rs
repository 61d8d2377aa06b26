//! Hover on a claim: who it rests on and why — its kind, source, role, outlet and cue, and the
//! findings about it.

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind};

use super::document::Document;
use super::position::Encoding;
use crate::kind::Kind;
use crate::report::{Claim, DocumentReport};

/// What each kind means, in the words of the README's table.
pub fn meaning(kind: Kind) -> &'static str {
    match kind {
        Kind::Named => {
            "a person identified by name, or a pronoun or role noun pointing back to one"
        }
        Kind::Organization => "an identified body, office or document on the record",
        Kind::Anonymous => "a person or group deliberately not identified",
        Kind::NoComment => "a party declined, refused or failed to comment",
        Kind::Relayed => "another outlet's reporting",
        Kind::Vague => "an unspecified group or agentless authority",
        Kind::Unattributed => "nothing: the writer's own assertion",
    }
}

/// The index of the claim at byte `offset` of the document (its end included, where an editor
/// puts the cursor after the full stop).
pub fn claim_at(report: &DocumentReport, offset: usize) -> Option<usize> {
    let i = report.claims.partition_point(|c| c.end < offset);
    report
        .claims
        .get(i)
        .filter(|c| c.start <= offset && offset <= c.end)
        .map(|_| i)
}

/// The hover for the claim at `offset`, if there is one there.
pub fn hover(
    report: &DocumentReport,
    doc: &Document,
    offset: usize,
    enc: Encoding,
) -> Option<Hover> {
    let i = claim_at(report, offset)?;
    let claim = &report.claims[i];
    let findings: Vec<String> = report
        .findings
        .iter()
        .filter(|f| f.claim_index == Some(i))
        .map(|f| format!("- `{}` ({}): {}", f.id, f.severity, f.message))
        .collect();
    let mut text = describe(claim);
    if !findings.is_empty() {
        text.push_str("\n\n");
        text.push_str(&findings.join("\n"));
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: Some(lsp_types::Range::new(
            doc.lines.position(&doc.text, claim.start, enc),
            doc.lines.position(&doc.text, claim.end, enc),
        )),
    })
}

/// A claim's attribution as Markdown, one fact a line.
pub fn describe(claim: &Claim) -> String {
    let mut lines = vec![format!("**{}**: {}", claim.kind, meaning(claim.kind))];
    let mut fact = |name: &str, value: &Option<arcstr::ArcStr>| {
        if let Some(v) = value {
            lines.push(format!("- {name}: {v}"));
        }
    };
    fact("source", &claim.source);
    fact("role", &claim.source_role);
    fact("via", &claim.via);
    fact("cue", &claim.cue);
    let why = match (&claim.cue, claim.continued) {
        (_, true) => "it belongs to a quotation and takes the quotation's speaker".to_string(),
        (Some(cue), false) => format!("the words “{cue}” attribute it"),
        (None, false) if claim.kind == Kind::Unattributed => {
            "no words attribute it to anyone".to_string()
        }
        (None, false) => "its source is one met earlier in the article".to_string(),
    };
    lines.push(format!("- why: {why}"));
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::diagnostics;
    use lsp_types::Url;

    #[test]
    fn hover_names_kind_source_and_cue() {
        let text = "Talks stall\n\nTwo senior officials said the talks had stalled.\n";
        let doc = Document::new(Url::parse("file:///d/a.txt").unwrap(), 1, text.into(), "");
        let checker = crate::Checker::new(crate::rules::RulePack::builtin());
        let report = diagnostics::check(&checker, &doc).unwrap();
        let at = text.find("senior").unwrap();
        let h = hover(&report, &doc, at, Encoding::Utf16).expect("a claim there");
        let HoverContents::Markup(m) = h.contents else {
            panic!("markdown")
        };
        assert!(m.value.starts_with("**anonymous**"), "{}", m.value);
        assert!(
            m.value.contains("- source: Two senior officials"),
            "{}",
            m.value
        );
        assert!(m.value.contains("- cue: said"), "{}", m.value);
        // Between the headline and the claim: the blank line is no claim.
        assert!(hover(
            &report,
            &doc,
            text.find("\n\n").unwrap() + 1,
            Encoding::Utf16
        )
        .is_none());
    }
}
