//! Baselines: accept today's findings so that CI fails only on new ones.
//!
//! A finding is fingerprinted by its check id and the text of its claim (white space folded,
//! lower-cased) — not by its line — so that edits elsewhere in a draft do not resurface it.
//! Article-level findings use their message instead.
//!
//! Findings are kept under the file's [`Keys::key`]: its path from the project root, so that a
//! baseline applies however the file is named on the command line.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};

use crate::report::{DocumentReport, Finding};

/// The baseline format this build writes and reads.
pub const VERSION: u32 = 1;

/// Largest baseline read: some 100,000 findings. A larger file is not a baseline
/// (`/dev/zero`, a report named by mistake) and is refused before it fills memory.
pub const MAX_BASELINE_BYTES: u64 = 16 << 20;

#[derive(Debug, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Hash)]
pub struct Entry {
    pub path: String,
    pub id: String,
    pub fingerprint: String,
}

/// FNV-1a, 64 bits: stable across versions and platforms (unlike `DefaultHasher`).
fn fnv1a(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The fingerprint of a finding in a document.
pub fn fingerprint(doc: &DocumentReport, f: &Finding) -> String {
    let basis = match f.claim_index.and_then(|i| doc.claims.get(i)) {
        Some(c) => c
            .text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase(),
        None => f.message.to_lowercase(),
    };
    format!("{:016x}", fnv1a(&format!("{}\u{1f}{basis}", f.id)))
}

/// The paths baselines keep findings under, for one run.
#[derive(Debug)]
pub struct Keys {
    cwd: PathBuf,
    /// Folder → the top of its git work tree (or the working directory), as walked so far.
    roots: HashMap<PathBuf, PathBuf>,
}

impl Keys {
    /// Keys for paths relative to `cwd`.
    pub fn new(cwd: PathBuf) -> Keys {
        Keys {
            cwd,
            roots: HashMap::new(),
        }
    }

    /// The key of the file at `path` (as the command line names it), checked with the
    /// configuration file `config` (none: the built-in pack or `--rules`): the path relative to
    /// the project root — the configuration's folder, else the top of the git work tree the
    /// file is in, else the working directory — normalised, with `/` between folders. So
    /// `art.txt`, `./art.txt`, its absolute path and `desk/art.txt` from the folder above all
    /// key alike. Standard input (`-`) is its own key.
    pub fn key(&mut self, path: &str, config: Option<&Path>) -> String {
        if path == "-" {
            return path.to_string();
        }
        let file = crate::config::absolute(&self.cwd, Path::new(path));
        let root = match config.and_then(|c| {
            crate::config::absolute(&self.cwd, c)
                .parent()
                .map(Path::to_path_buf)
        }) {
            Some(dir) => dir,
            None => self.git_root(file.parent().unwrap_or(&file)),
        };
        let relative = file.strip_prefix(&root).unwrap_or(&file);
        relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    }

    /// The top of the git work tree `dir` is in (the folder holding `.git`), else the working
    /// directory.
    fn git_root(&mut self, dir: &Path) -> PathBuf {
        if let Some(root) = self.roots.get(dir) {
            return root.clone();
        }
        let root = dir
            .ancestors()
            .find(|d| d.join(".git").exists())
            .map_or_else(|| self.cwd.clone(), Path::to_path_buf);
        self.roots.insert(dir.to_path_buf(), root.clone());
        root
    }
}

impl Baseline {
    /// The baseline entries for one document's findings, under the document's key.
    pub fn entries(doc: &DocumentReport, key: &str) -> Vec<Entry> {
        doc.findings
            .iter()
            .map(|f| Entry {
                path: key.to_string(),
                id: f.id.clone(),
                fingerprint: fingerprint(doc, f),
            })
            .collect()
    }

    pub fn new(findings: Vec<Entry>) -> Baseline {
        Baseline {
            version: VERSION,
            findings,
        }
    }

    /// Read a baseline: a regular file of at most [`MAX_BASELINE_BYTES`], of a version this
    /// build writes.
    pub fn read(path: &Path) -> Result<Baseline> {
        let text = crate::input::files::read_capped(path, "baseline", MAX_BASELINE_BYTES)?;
        let baseline: Baseline = serde_json::from_str(&text).with_context(|| {
            format!(
                "{}: not a sourced baseline (write one with --write-baseline)",
                path.display()
            )
        })?;
        if baseline.version != VERSION {
            bail!(
                "{}: baseline version {} is not one this sourced reads (version {VERSION}): write it again with --write-baseline",
                path.display(),
                baseline.version
            );
        }
        Ok(baseline)
    }

    pub fn write(&self, path: &Path) -> Result<()> {
        let text = serde_json::to_string_pretty(self)?;
        std::fs::write(path, text + "\n")
            .with_context(|| format!("{}: cannot write the baseline", path.display()))
    }

    /// The entries indexed by path, to apply to documents one at a time, from any thread.
    pub fn accepted(&self) -> Accepted {
        let mut by_path: HashMap<String, HashMap<(String, String), usize>> = HashMap::new();
        for e in &self.findings {
            *by_path
                .entry(e.path.clone())
                .or_default()
                .entry((e.id.clone(), e.fingerprint.clone()))
                .or_default() += 1;
        }
        Accepted { by_path }
    }
}

/// A baseline's accepted findings, by path.
pub struct Accepted {
    by_path: HashMap<String, HashMap<(String, String), usize>>,
}

impl Accepted {
    /// Remove from a document the findings the baseline accepts under its key (each entry
    /// accepts one finding, so a second identical finding is new). Returns how many were
    /// removed.
    pub fn apply(&self, doc: &mut DocumentReport, key: &str) -> usize {
        let Some(budget) = self.by_path.get(key) else {
            return 0;
        };
        let mut budget = budget.clone();
        let prints: Vec<String> = doc.findings.iter().map(|f| fingerprint(doc, f)).collect();
        let before = doc.findings.len();
        let mut keep = Vec::with_capacity(before);
        for (f, fp) in doc.findings.drain(..).zip(prints) {
            match budget.get_mut(&(f.id.clone(), fp)) {
                Some(n) if *n > 0 => *n -= 1,
                _ => keep.push(f),
            }
        }
        doc.findings = keep;
        before - doc.findings.len()
    }
}
