//! `sourced diff --format json`: the [`DraftDiff`] as serde writes it (the shape is in the
//! README).

use std::io::{self, Write};

use super::DraftDiff;

pub fn render(diff: &DraftDiff, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, diff)?;
    writeln!(out)
}
