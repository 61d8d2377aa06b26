//! Which files a command line names: files, directories (walked recursively, honouring
//! `.gitignore` through the `ignore` crate), globs, and `-` for standard input.

use rustc_hash::FxHashSet;
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
    for arg in args {
        let s = arg.to_string_lossy();
        if s == "-" {
            out.push(Input::Stdin);
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
                    Err(e) => out.push(Input::Unreadable(format!(
                        "{}: cannot read: {e}",
                        arg.display()
                    ))),
                }
            }
            if found.is_empty() {
                out.push(Input::Unreadable(format!(
                    "{}: no article files here (.txt, .md, .html and the like): pass the files, or a folder that holds some",
                    arg.display()
                )));
            }
            found.sort();
            for p in found {
                out.push(Input::File(p));
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
                out.push(Input::File(p));
            }
        } else {
            out.push(Input::File(arg.clone()));
        }
    }
    Ok(first_of_each(out))
}

/// The inputs without repeats, each where it first comes. A set of references into the list
/// keeps this linear in the number of paths, with no path copied.
fn first_of_each(mut inputs: Vec<Input>) -> Vec<Input> {
    let mut seen: FxHashSet<&Input> = FxHashSet::default();
    let first: Vec<bool> = inputs.iter().map(|i| seen.insert(i)).collect();
    drop(seen);
    let mut first = first.into_iter();
    inputs.retain(|_| first.next().unwrap_or(true));
    inputs
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A path named twice, or named and also found in a folder named, is checked once, where it
    /// first comes; the rest keep their order.
    #[test]
    fn each_input_once_where_it_first_comes() {
        let dir = std::env::temp_dir().join(format!("sourced-expand-{}", std::process::id()));
        let sub = dir.join("folder");
        std::fs::create_dir_all(&sub).unwrap();
        let [a, b, c] = ["a.txt", "b.md", "c.txt"].map(|n| sub.join(n));
        for p in [&a, &b, &c] {
            std::fs::write(p, "Text.").unwrap();
        }
        std::fs::write(sub.join("notes.bin"), "skip").unwrap();
        let args = [
            c.clone(),
            PathBuf::from("-"),
            sub.clone(),
            a.clone(),
            PathBuf::from("-"),
            c.clone(),
        ];
        let got = expand(&args).unwrap();
        let file = |p: &PathBuf| Input::File(p.clone());
        assert_eq!(got, [file(&c), Input::Stdin, file(&a), file(&b)]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn first_of_each_keeps_first_occurrences_in_order() {
        let f = |s: &str| Input::File(PathBuf::from(s));
        let got = first_of_each(vec![
            f("x"),
            f("y"),
            f("x"),
            Input::Stdin,
            f("y"),
            Input::Stdin,
        ]);
        assert_eq!(got, [f("x"), f("y"), Input::Stdin]);
        assert_eq!(first_of_each(Vec::new()), []);
    }
}
