//! Each claim's kind as an inlay hint at its start (off unless the client's settings switch
//! them on: `{"sourced": {"kindHints": true}}`).

use lsp_types::{InlayHint, InlayHintKind, InlayHintLabel, InlayHintTooltip, Range};

use super::document::Document;
use super::position::Encoding;
use crate::report::DocumentReport;

/// The hints for the claims that start inside `range`.
pub fn hints(
    report: &DocumentReport,
    doc: &Document,
    range: Range,
    enc: Encoding,
) -> Vec<InlayHint> {
    let from = doc.lines.offset(&doc.text, range.start, enc);
    let to = doc.lines.offset(&doc.text, range.end, enc);
    let first = report.claims.partition_point(|c| c.start < from);
    report.claims[first..]
        .iter()
        .take_while(|c| c.start <= to)
        .map(|c| InlayHint {
            position: doc.lines.position(&doc.text, c.start, enc),
            label: InlayHintLabel::String(format!("{}:", c.kind)),
            kind: Some(InlayHintKind::TYPE),
            text_edits: None,
            tooltip: Some(InlayHintTooltip::String(
                super::hover::describe(c).replace("**", ""),
            )),
            padding_left: None,
            padding_right: Some(true),
            data: None,
        })
        .collect()
}
