//! `sourced diff --git REV -- PATHS`: the articles changed since a git revision, the old
//! version read with `git show REV:path`, the new one from the working tree.
//!
//! Only git's own commands are run (`rev-parse`, `diff --name-status`, `ls-files`, `show`),
//! with NUL-separated output, so a path with spaces or quotes reads as it is.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::input::InputFormat;

/// One version of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Version {
    /// The working tree's file.
    File(PathBuf),
    /// The file as the revision has it: `name` is `REV:path`, as git writes it.
    Blob { name: String, bytes: Vec<u8> },
}

/// An article's two versions: no old one for a new file, no new one for a deleted file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Versions {
    pub old: Option<Version>,
    pub new: Option<Version>,
}

/// Run git with `args`; its standard output, or an error with what git said.
fn git(args: &[&str], paths: &[PathBuf]) -> Result<Vec<u8>> {
    let out = Command::new("git")
        // git's own messages in English, so that "not a git repository" can be recognised.
        .env("LC_ALL", "C")
        .args(args)
        .args(paths)
        .output()
        .context("--git runs `git`, which could not be started: is git installed and on PATH?")?;
    if !out.status.success() {
        bail!("{}", String::from_utf8_lossy(&out.stderr).trim());
    }
    Ok(out.stdout)
}

fn line(bytes: Vec<u8>) -> String {
    String::from_utf8_lossy(&bytes).trim_end().to_string()
}

fn is_article(path: &str) -> bool {
    Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| InputFormat::EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// The articles under `paths` (default: the current folder) that differ between `rev` and the
/// working tree, with their versions, in path order. A new file (untracked or added) has no old
/// version; a renamed one is compared with its old name.
pub fn changed_articles(rev: &str, paths: &[PathBuf]) -> Result<Vec<Versions>> {
    let cwd = std::env::current_dir().context("cannot read the current folder")?;
    let root = match git(&["rev-parse", "--show-toplevel"], &[]) {
        Ok(root) => PathBuf::from(line(root)),
        Err(e) if e.to_string().contains("not a git repository") => bail!(
            "--git needs a git repository, and {} is not in one: run sourced from inside the clone, or compare two files with `sourced diff OLD NEW`",
            cwd.display()
        ),
        Err(e) => return Err(e),
    };
    let prefix = line(git(&["rev-parse", "--show-prefix"], &[])?);
    if git(
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
        &[],
    )
    .is_err()
    {
        bail!("--git {rev}: no such revision in this repository (a branch, tag or commit; `git log --oneline` lists commits)");
    }
    for p in paths {
        if !p.exists() {
            bail!(
                "{}: no such file or folder (pass the articles or folders to compare with {rev})",
                p.display()
            );
        }
    }
    let mut pathspec = vec![PathBuf::from("--")];
    pathspec.extend(paths.iter().cloned());

    let mut found: Vec<(String, Option<String>, Option<String>)> = Vec::new();
    let listing = git(
        &["diff", "--name-status", "-z", "--find-renames", rev],
        &pathspec,
    )?;
    let mut fields = listing
        .split(|&b| b == 0)
        .map(|f| String::from_utf8_lossy(f).into_owned());
    while let Some(status) = fields.next().filter(|s| !s.is_empty()) {
        let first = fields.next().unwrap_or_default();
        let (old, new) = match status.as_bytes()[0] {
            b'A' => (None, Some(first)),
            b'D' => (Some(first), None),
            b'R' | b'C' => (Some(first), Some(fields.next().unwrap_or_default())),
            _ => (Some(first.clone()), Some(first)),
        };
        let key = new.clone().or(old.clone()).unwrap_or_default();
        found.push((key, old, new));
    }
    let untracked = git(
        &[
            "ls-files",
            "--others",
            "--exclude-standard",
            "--full-name",
            "-z",
        ],
        &pathspec,
    )?;
    for p in untracked.split(|&b| b == 0).filter(|p| !p.is_empty()) {
        let p = String::from_utf8_lossy(p).into_owned();
        found.push((p.clone(), None, Some(p)));
    }
    found.retain(|(_, old, new)| {
        old.as_deref().is_some_and(is_article) || new.as_deref().is_some_and(is_article)
    });
    found.sort();
    found.dedup();

    let shown = |p: &str| -> PathBuf {
        match p.strip_prefix(&prefix) {
            Some(rest) => PathBuf::from(rest),
            None => root.join(p),
        }
    };
    let mut out = Vec::new();
    for (_, old, new) in found {
        let old = match old {
            Some(p) => Some(Version::Blob {
                name: format!("{rev}:{}", shown(&p).display()),
                bytes: git(&["show", &format!("{rev}:{p}")], &[])
                    .with_context(|| format!("cannot read {p} as of {rev}"))?,
            }),
            None => None,
        };
        out.push(Versions {
            old,
            new: new.map(|p| Version::File(shown(&p))),
        });
    }
    Ok(out)
}
