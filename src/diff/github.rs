//! `sourced diff --format github`: the regressions as warnings and the improvements as notices
//! on the new version's lines, so they show on the pull request's diff.

use std::io::{self, Write};

use super::{DraftDiff, Note};
use crate::report::github::{data, property};

pub fn render(diff: &DraftDiff, out: &mut dyn Write) -> io::Result<()> {
    for doc in &diff.documents {
        // A deleted article has no line left to point to.
        let Some(path) = &doc.new_path else { continue };
        for (level, note) in doc
            .regressions
            .iter()
            .map(|n| ("warning", n))
            .chain(doc.improvements.iter().map(|n| ("notice", n)))
        {
            annotate(out, level, path, note)?;
        }
    }
    Ok(())
}

fn annotate(out: &mut dyn Write, level: &str, path: &str, note: &Note) -> io::Result<()> {
    writeln!(
        out,
        "::{level} file={},line={},title={}::{}",
        property(path),
        note.line,
        property(&format!("sourced diff: {}", note.shift.title())),
        data(&note.message)
    )
}
