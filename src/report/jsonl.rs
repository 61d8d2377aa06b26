//! `--format jsonl`: one document report per line, for pipelines that stream.

use std::io::Write;

use super::Report;

pub fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    for doc in &report.documents {
        serde_json::to_writer(&mut *out, doc)?;
        writeln!(out)?;
    }
    Ok(())
}
