//! Which files a command line names: files, directories (walked recursively, honouring
//! `.gitignore` through the `ignore` crate, inside a git repository or not), globs, and `-`
//! for standard input.
//!
//! Globs are walked as directories are: from the folder the pattern names before its first
//! wildcard, without following symbolic links, each file once, matching each path against the
//! pattern. A symbolic link that loops back (`sub/up -> ..`) is never entered, so a `**` glob
//! ends, and reports each article once.

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
            let found = walk(arg, None, &mut out);
            if found.is_empty() {
                out.push(Input::Unreadable(format!(
                    "{}: no article files here (.txt, .md, .html and the like): pass the files, or a folder that holds some",
                    arg.display()
                )));
            }
            out.extend(found.into_iter().map(Input::File));
        } else if is_glob(&s) && !arg.exists() {
            let pattern = match glob::Pattern::new(&s) {
                Ok(p) => p,
                Err(e) => bail!("{s}: not a valid glob pattern: {e}"),
            };
            let found = walk_glob(&s, &pattern, &mut out);
            if found.is_empty() {
                bail!("{s}: the pattern matches no file");
            }
            out.extend(found.into_iter().map(Input::File));
        } else {
            out.push(Input::File(arg.clone()));
        }
    }
    Ok(first_of_each(out))
}

/// The article files under `root` (by extension, or those `glob` matches), sorted; what cannot
/// be read goes to `errors`. Links are not followed; `.gitignore` files are honoured even
/// outside a git repository, as ripgrep does.
fn walk(
    root: &Path,
    glob: Option<(&glob::Pattern, usize)>,
    errors: &mut Vec<Input>,
) -> Vec<PathBuf> {
    let mut walker = ignore::WalkBuilder::new(root);
    walker.require_git(false).follow_links(false);
    if let Some((_, Some(depth))) = glob.map(|(p, d)| (p, depth_limit(p, d))) {
        walker.max_depth(Some(depth));
    }
    let options = glob::MatchOptions {
        require_literal_separator: true,
        ..glob::MatchOptions::new()
    };
    let mut found = Vec::new();
    for entry in walker.build() {
        match entry {
            Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                let keep = match glob {
                    Some((pattern, _)) => pattern.matches_path_with(e.path(), options),
                    None => wanted(e.path()),
                };
                if keep {
                    found.push(e.into_path());
                }
            }
            Ok(_) => {}
            Err(e) => errors.push(Input::Unreadable(format!(
                "{}: cannot read: {e}",
                root.display()
            ))),
        }
    }
    found.sort();
    found
}

/// The files a glob matches, walked from the folder before its first wildcard.
fn walk_glob(text: &str, pattern: &glob::Pattern, errors: &mut Vec<Input>) -> Vec<PathBuf> {
    let parts: Vec<&str> = text.split('/').collect();
    let literal = parts.iter().take_while(|p| !is_glob(p)).count();
    let base = parts[..literal].join("/");
    if base.is_empty() && text.starts_with('/') {
        return walk(Path::new("/"), Some((pattern, literal)), errors);
    }
    if !base.is_empty() {
        return walk(Path::new(&base), Some((pattern, literal)), errors);
    }
    // A pattern relative to here (`*.txt`): walk `.` and match the paths without their `./`.
    let relative = glob::Pattern::new(&format!("./{text}")).unwrap_or_else(|_| pattern.clone());
    walk(Path::new("."), Some((&relative, 1)), errors)
        .into_iter()
        .map(|p| p.strip_prefix(".").map(Path::to_path_buf).unwrap_or(p))
        .collect()
}

/// How deep below its base a pattern with `components` path components, `base` of them
/// literal, can match: unlimited with `**`.
fn depth_limit(pattern: &glob::Pattern, base: usize) -> Option<usize> {
    let text = pattern.as_str();
    if text.contains("**") {
        return None;
    }
    let components = text.split('/').count();
    Some(components.saturating_sub(base).max(1))
}

/// Read a small file the run needs (a rule pack, a baseline) as text. Anything but a regular
/// file is refused (a FIFO would block for ever, `/dev/zero` never ends), and so is a file
/// larger than `limit` bytes, before it is read whole.
pub fn read_capped(path: &Path, what: &str, limit: u64) -> Result<String> {
    use std::io::Read;
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => anyhow::anyhow!("{shown}: no such {what}: check the path"),
        _ => anyhow::anyhow!("{shown}: cannot read the {what}: {e}"),
    })?;
    if !meta.is_file() {
        bail!("{shown}: not a regular file (a folder, pipe or device): give the {what} as a file");
    }
    let too_large = || {
        anyhow::anyhow!(
            "{shown}: too large for a {what} (over {} MB): check that this is the right file",
            limit >> 20
        )
    };
    if meta.len() > limit {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    std::fs::File::open(path)
        .and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
        .map_err(|e| anyhow::anyhow!("{shown}: cannot read the {what}: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!("{shown}: the {what} is not UTF-8 text ({e}): re-save it as UTF-8")
    })
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
