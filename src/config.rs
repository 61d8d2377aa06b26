//! Which configuration applies to a file: the nearest `sourced.toml` or `.sourced.toml` in the
//! file's folder or a folder above it, as ruff finds its `pyproject.toml`. A newsroom keeps one
//! config per desk (`desk/sourced.toml`), and `sourced check desk/drafts/a.txt` must use it
//! wherever it is run from.
//!
//! [`Discovery`] remembers the answer for every folder it has walked through, so that checking
//! a folder of two thousand drafts walks up once, and a long-lived caller (an editor's language
//! server) can keep one and ask it file after file.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// The names a configuration file goes by, in the order they are looked for in a folder.
pub const NAMES: [&str; 2] = ["sourced.toml", ".sourced.toml"];

/// Finds the configuration of files and folders, remembering each folder's answer.
#[derive(Debug)]
pub struct Discovery {
    /// Relative paths are taken from here.
    cwd: PathBuf,
    /// Folder (absolute, normalised) → its configuration file, if any.
    found: HashMap<PathBuf, Option<PathBuf>>,
}

impl Discovery {
    /// Discovery for paths relative to `cwd`.
    pub fn new(cwd: PathBuf) -> Discovery {
        Discovery {
            cwd,
            found: HashMap::new(),
        }
    }

    /// Discovery for paths relative to the process's working directory.
    pub fn from_current_dir() -> Discovery {
        Discovery::new(std::env::current_dir().unwrap_or_default())
    }

    /// The configuration file of `file`: the nearest one in its folder or above.
    pub fn for_file(&mut self, file: &Path) -> Option<PathBuf> {
        let dir = file.parent().unwrap_or(Path::new(""));
        self.for_dir(dir)
    }

    /// The configuration file of a folder: the nearest one in it or above it.
    pub fn for_dir(&mut self, dir: &Path) -> Option<PathBuf> {
        let dir = absolute(&self.cwd, dir);
        let mut walked = Vec::new();
        let mut answer = None;
        for d in dir.ancestors() {
            if let Some(known) = self.found.get(d) {
                answer = known.clone();
                break;
            }
            walked.push(d.to_path_buf());
            if let Some(p) = NAMES.iter().map(|n| d.join(n)).find(|p| p.is_file()) {
                answer = Some(p);
                break;
            }
        }
        for d in walked {
            self.found.insert(d, answer.clone());
        }
        answer
    }
}

/// `path` made absolute from `cwd` and normalised by its text (`.` dropped, `..` taken back),
/// without asking the file system.
pub fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in cwd.join(path).components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_config_above_the_file_wins_and_answers_are_remembered() {
        let root = std::env::temp_dir().join(format!("sourced-discovery-{}", std::process::id()));
        let desk = root.join("desk");
        let drafts = desk.join("drafts/late");
        std::fs::create_dir_all(&drafts).unwrap();
        std::fs::write(root.join(".sourced.toml"), "").unwrap();
        std::fs::write(desk.join("sourced.toml"), "").unwrap();
        let mut d = Discovery::new(root.clone());
        assert_eq!(
            d.for_file(Path::new("desk/drafts/late/a.txt")),
            Some(desk.join("sourced.toml"))
        );
        assert_eq!(
            d.for_file(&root.join("b.txt")),
            Some(root.join(".sourced.toml"))
        );
        // Remembered: gone from the disk, still the answer for the folders walked.
        std::fs::remove_file(desk.join("sourced.toml")).unwrap();
        assert_eq!(
            d.for_dir(&desk.join("drafts/./late/../late")),
            Some(desk.join("sourced.toml"))
        );
        // A new discovery sees the disk as it is.
        assert_eq!(
            Discovery::new(root.clone()).for_dir(&drafts),
            Some(root.join(".sourced.toml"))
        );
        std::fs::remove_dir_all(&root).unwrap();
    }
}
