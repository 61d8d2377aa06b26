//! `--format json`: the report as one JSON document (the contract the scorers read).

use std::io::Write;

use super::Report;

pub fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    writeln!(out)
}
