//! Which files a command line names: files, directories (walked recursively, honouring
//! `.gitignore` through the `ignore` crate), globs, and `-` for standard input.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::{bail, Result};

use super::InputFormat;

/// One input to check.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Input {
    Stdin,
    File(PathBuf),
    /// A path the walk could not read: reported as an error, the rest still checked.
    Unreadable(String),
}

fn is_glob(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

fn wanted(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| InputFormat::EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Expand the command line's paths, in order, without duplicates. A directory yields the
/// article files under it (by extension), sorted; a glob its matches, sorted.
pub fn expand(args: &[PathBuf]) -> Result<Vec<Input>> {
    let mut out: Vec<Input> = Vec::new();
    // A set beside the list keeps the de-duplication linear in the number of paths.
    let mut seen: HashSet<Input> = HashSet::new();
    let mut push = |i: Input, out: &mut Vec<Input>| {
        if seen.insert(i.clone()) {
            out.push(i);
        }
    };
    for arg in args {
        let s = arg.to_string_lossy();
        if s == "-" {
            push(Input::Stdin, &mut out);
        } else if arg.is_dir() {
            let mut found: Vec<PathBuf> = Vec::new();
            for entry in ignore::WalkBuilder::new(arg)
                .sort_by_file_path(|a, b| a.cmp(b))
                .build()
            {
                match entry {
                    Ok(e) if e.file_type().is_some_and(|t| t.is_file()) && wanted(e.path()) => {
                        found.push(e.into_path());
                    }
                    Ok(_) => {}
                    Err(e) => push(
                        Input::Unreadable(format!("{}: cannot read: {e}", arg.display())),
                        &mut out,
                    ),
                }
            }
            if found.is_empty() {
                push(
                    Input::Unreadable(format!(
                        "{}: no article files here (.txt, .md, .html and the like): pass the files, or a folder that holds some",
                        arg.display()
                    )),
                    &mut out,
                );
            }
            found.sort();
            for p in found {
                push(Input::File(p), &mut out);
            }
        } else if is_glob(&s) && !arg.exists() {
            let paths = match glob::glob(&s) {
                Ok(p) => p,
                Err(e) => bail!("{s}: not a valid glob pattern: {e}"),
            };
            let mut found: Vec<PathBuf> = paths
                .filter_map(|p| p.ok())
                .filter(|p| p.is_file())
                .collect();
            if found.is_empty() {
                bail!("{s}: the pattern matches no file");
            }
            found.sort();
            for p in found {
                push(Input::File(p), &mut out);
            }
        } else {
            push(Input::File(arg.clone()), &mut out);
        }
    }
    Ok(out)
}
