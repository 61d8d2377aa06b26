//! `--format jsonl`: one document report per line, for pipelines that stream.

use std::io::{self, Write};

use super::{render_stream, DocumentReport, Report, Stream};

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    render_stream(&Jsonl, report, out)
}

pub struct Jsonl;

impl Stream for Jsonl {
    fn document(&self, doc: &DocumentReport, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer(&mut *out, doc)?;
        writeln!(out)
    }
}
