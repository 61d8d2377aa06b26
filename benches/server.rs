//! The language server's work on every pause in the typing: apply the editor's edit to a
//! 20 KB draft, check it again and build its diagnostics (issue #18: well under 10 ms). Run
//! with `cargo bench --bench server`; CI only builds it.

use std::path::Path;

use divan::{black_box, Bencher};
use lsp_types::{Position, Range, TextDocumentContentChangeEvent, Url};
use sourced::rules::RulePack;
use sourced::server::diagnostics;
use sourced::server::document::Document;
use sourced::server::position::Encoding;
use sourced::Checker;

fn main() {
    divan::main();
}

/// A 20 KB Markdown draft: the plain-text samples, one after another, until there are 20 KB.
fn draft() -> Document {
    let mut paths: Vec<_> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("samples"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
    paths.sort();
    let samples: Vec<String> = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let mut text = String::new();
    for s in samples.iter().cycle() {
        if text.len() >= 20_000 {
            break;
        }
        text.push_str(s);
        text.push_str("\n\n");
    }
    let uri = Url::parse("file:///drafts/draft.md").unwrap();
    Document::new(uri, 1, text, "markdown")
}

/// One keystroke in the middle of the draft: a letter typed at the start of a line.
fn keystroke(doc: &Document) -> TextDocumentContentChangeEvent {
    let at = Position::new(doc.lines.count() as u32 / 2, 0);
    TextDocumentContentChangeEvent {
        range: Some(Range::new(at, at)),
        range_length: None,
        text: "A".to_string(),
    }
}

#[divan::bench]
fn recheck_20kb_draft_after_one_edit(bencher: Bencher) {
    let checker = Checker::new(RulePack::builtin());
    let doc = draft();
    assert!(doc.text.len() >= 20_000);
    let edit = keystroke(&doc);
    bencher.with_inputs(|| doc.clone()).bench_local_refs(|doc| {
        doc.apply(vec![edit.clone()], Encoding::Utf16);
        let report = diagnostics::check(&checker, doc).unwrap();
        let diags = diagnostics::of_report(&report, doc, Encoding::Utf16);
        black_box((report, diags))
    });
}
