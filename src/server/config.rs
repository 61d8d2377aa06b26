//! Which rule pack checks a document: the nearest `sourced.toml` or `.sourced.toml`, looked
//! for from the document's folder up, as the command line does from the current directory.
//!
//! Packs are compiled once and kept until a configuration file changes; a pack that does not
//! load is kept as its error (reported on the configuration file), and the documents under it
//! are checked with the built-in pack meanwhile, so the editor never goes quiet.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::rules::RulePack;
use crate::Checker;

/// The names a configuration file may have, in the order they are looked for in a folder.
pub const NAMES: [&str; 2] = ["sourced.toml", ".sourced.toml"];

/// The configuration file nearest to `dir`: in `dir` itself, else in its parents.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .flat_map(|d| NAMES.map(|n| d.join(n)))
        .find(|p| p.is_file())
}

/// Is this file (by name) one whose change can change a pack: a configuration file, or a
/// pack another one extends (any `.toml`)?
pub fn may_change_a_pack(path: &str) -> bool {
    path.ends_with(".toml")
}

/// The packs in use, compiled, by configuration file.
pub struct Configs {
    builtin: Arc<Checker>,
    /// Each configuration file met, compiled or with the reason it does not load.
    loaded: HashMap<PathBuf, Result<Arc<Checker>, String>>,
    /// The configuration file found for each folder looked in.
    found: HashMap<PathBuf, Option<PathBuf>>,
}

impl Default for Configs {
    fn default() -> Self {
        Configs {
            builtin: Arc::new(Checker::new(RulePack::builtin())),
            loaded: HashMap::new(),
            found: HashMap::new(),
        }
    }
}

impl Configs {
    /// The pack for a document in `dir` (`None`: not a file on disk, the built-in pack), and
    /// the configuration file it comes from.
    pub fn checker_for(&mut self, dir: Option<&Path>) -> (Arc<Checker>, Option<PathBuf>) {
        let Some(dir) = dir else {
            return (self.builtin.clone(), None);
        };
        let config = self
            .found
            .entry(dir.to_path_buf())
            .or_insert_with(|| discover(dir))
            .clone();
        let Some(config) = config else {
            return (self.builtin.clone(), None);
        };
        let loaded = self
            .loaded
            .entry(config.clone())
            .or_insert_with(|| load(&config));
        match loaded {
            Ok(c) => (c.clone(), Some(config)),
            Err(_) => (self.builtin.clone(), Some(config)),
        }
    }

    /// Forget every pack and every search: a configuration file changed, appeared or went.
    pub fn reload(&mut self) {
        self.loaded.clear();
        self.found.clear();
    }

    /// Every configuration file met, with the reason it does not load (`None`: it loads).
    pub fn problems(&self) -> impl Iterator<Item = (&Path, Option<&str>)> {
        self.loaded
            .iter()
            .map(|(p, r)| (p.as_path(), r.as_ref().err().map(String::as_str)))
    }
}

/// Load and compile a pack; its error, as the command line would print it, if it does not.
fn load(path: &Path) -> Result<Arc<Checker>, String> {
    std::panic::catch_unwind(|| RulePack::load(path).map(|p| Arc::new(Checker::new(p))))
        .unwrap_or_else(|_| {
            Err(anyhow::anyhow!(
                "{}: internal error while loading this rule pack (a bug in sourced): please report it with the file attached",
                path.display()
            ))
        })
        .map_err(|e| format!("{e:#}"))
}

/// Where in the configuration file an error points, 0-based (line, column): the error starts
/// `FILE:LINE:COL:` when it names a place, else it is about the file as a whole.
pub fn error_position(error: &str, path: &Path) -> (u32, u32) {
    let shown = path.display().to_string();
    let place = error
        .strip_prefix(shown.as_str())
        .and_then(|rest| rest.strip_prefix(':'))
        .map(|rest| rest.splitn(3, ':').collect::<Vec<_>>());
    match place.as_deref() {
        Some([line, col, _]) => match (line.parse::<u32>(), col.parse::<u32>()) {
            (Ok(l), Ok(c)) => (l.saturating_sub(1), c.saturating_sub(1)),
            _ => (0, 0),
        },
        _ => (0, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("sourced-server-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("a/b")).unwrap();
        dir
    }

    #[test]
    fn the_nearest_configuration_wins() {
        let dir = scratch("nearest");
        assert_eq!(discover(&dir.join("a/b")), None);
        std::fs::write(dir.join(".sourced.toml"), "extends = \"default\"\n").unwrap();
        assert_eq!(discover(&dir.join("a/b")), Some(dir.join(".sourced.toml")));
        std::fs::write(dir.join("a/sourced.toml"), "extends = \"strict\"\n").unwrap();
        assert_eq!(discover(&dir.join("a/b")), Some(dir.join("a/sourced.toml")));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_broken_pack_is_its_error_and_the_builtin_checks_meanwhile() {
        let dir = scratch("broken");
        let config = dir.join("sourced.toml");
        std::fs::write(
            &config,
            "extends = \"default\"\n[checks.ANON001]\nseverty = \"error\"\n",
        )
        .unwrap();
        let mut configs = Configs::default();
        let (checker, found) = configs.checker_for(Some(&dir.join("a/b")));
        assert_eq!(found.as_deref(), Some(config.as_path()));
        assert_eq!(checker.pack().pack.name, RulePack::builtin().pack.name);
        let problems: Vec<_> = configs.problems().collect();
        let error = problems[0].1.expect("the pack does not load");
        assert!(error.contains("severty"), "{error}");
        assert_eq!(error_position(error, &config), (2, 0), "{error}");
        // Fixed on disk: a reload picks it up.
        std::fs::write(&config, "extends = \"strict\"\n").unwrap();
        configs.reload();
        let (checker, _) = configs.checker_for(Some(&dir.join("a/b")));
        assert_eq!(checker.pack().pack.name, "strict");
        assert!(configs.problems().all(|(_, e)| e.is_none()));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
