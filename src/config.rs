//! Which configuration applies to a file: the nearest `sourced.toml` or `.sourced.toml` in the
//! file's folder or a folder above it, as ruff finds its `pyproject.toml`. A newsroom keeps one
//! config per desk (`desk/sourced.toml`), and `sourced check desk/drafts/a.txt` must use it
//! wherever it is run from.
//!
//! [`Discovery`] remembers the answer for every folder it has walked through, so that checking
//! a folder of two thousand drafts walks up once, and a long-lived caller (an editor's language
//! server) can keep one and ask it file after file.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result};

use crate::checks::{self, REGISTRY};
use crate::rules::{RulePack, BUILTIN, MAX_PACK_BYTES};

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

/// One source of settings: the command line, a pack file, or a built-in pack.
struct Layer {
    origin: String,
    table: toml::Table,
}

/// The text of the pack `name` that `extends` (or `--rules`) names from `dir`, as the pack
/// loader resolves it: a built-in name is the built-in pack whatever the folder holds; any
/// other name is a pack file there, a regular file of bounded size.
fn pack_text(name: &str, dir: &Path) -> Result<(String, String, PathBuf)> {
    if let Some((n, text)) = BUILTIN.iter().find(|(n, _)| *n == name) {
        return Ok((
            text.to_string(),
            format!("rules/{n}.toml (built in)"),
            PathBuf::new(),
        ));
    }
    let path = dir.join(name);
    let text = crate::input::files::read_capped(&path, "rule pack", MAX_PACK_BYTES)?;
    let parent = path.parent().map(Path::to_path_buf).unwrap_or_default();
    Ok((text, path.display().to_string(), parent))
}

/// The layers of a pack, the most specific first: the command line's, the pack file's, then
/// each pack it `extends`, down to a built-in one.
fn layers(pack_file: Option<&Path>, command_line: toml::Table) -> Result<Vec<Layer>> {
    let mut layers = vec![Layer {
        origin: "the command line".to_string(),
        table: command_line,
    }];
    let name = pack_file.map_or("default".to_string(), |p| p.display().to_string());
    let mut next = Some((name, PathBuf::new()));
    // The pack has loaded, so its chain has no cycle; the bound only guards against a file
    // changed meanwhile.
    while let Some((name, dir)) = next.take().filter(|_| layers.len() < 64) {
        let (text, origin, dir) = pack_text(&name, &dir)?;
        let table: toml::Table = text
            .parse()
            .with_context(|| format!("{origin}: not a rule pack"))?;
        if let Some(parent) = table.get("extends").and_then(|v| v.as_str()) {
            next = Some((parent.to_string(), dir));
        }
        layers.push(Layer { origin, table });
    }
    Ok(layers)
}

/// Whether a table sets the value at a dotted path.
fn sets(table: &toml::Table, path: &[&str]) -> bool {
    let mut t = table;
    for (i, key) in path.iter().enumerate() {
        match t.get(*key) {
            Some(toml::Value::Table(inner)) if i + 1 < path.len() => t = inner,
            Some(_) => return i + 1 == path.len(),
            None => return false,
        }
    }
    false
}

/// Every leaf of a table (a value that is not a table) under its dotted key, in order.
fn flatten(prefix: &str, table: &toml::Table, out: &mut Vec<(String, toml::Value)>) {
    for (key, value) in table {
        let dotted = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            toml::Value::Table(t) => flatten(&dotted, t, out),
            v => out.push((dotted, v.clone())),
        }
    }
}

/// Where a dotted key's value comes from: the layers that set it (the first for most keys; for
/// a lexicon, also those that add to it or remove from it; for the lists the command line adds
/// to, the command line and the pack).
fn origin(layers: &[Layer], key: &str) -> String {
    let path: Vec<&str> = key.split('.').collect();
    let Some(k) = layers.iter().position(|l| sets(&l.table, &path)) else {
        return "the built-in default".to_string();
    };
    let mut from = vec![layers[k].origin.clone()];
    if let ["lexicons", list] = path[..] {
        for l in layers[..k].iter().rev() {
            for op in ["add", "remove"] {
                if sets(&l.table, &["lexicons", op, list]) {
                    from.push(format!("lexicons.{op} in {}", l.origin));
                }
            }
        }
    }
    if k == 0 && matches!(key, "ignore" | "extend_select") {
        if let Some(l) = layers[1..].iter().find(|l| sets(&l.table, &path)) {
            from.push(l.origin.clone());
        }
    }
    from.join(" + ")
}

/// Why a check is on at its severity, or off.
fn check_reason(pack: &RulePack, layers: &[Layer], id: &str) -> String {
    let config = pack.checks.get(id);
    if !checks::selected(pack, id) {
        return if checks::chooses(&pack.ignore, id) {
            format!("ignored: ignore from {}", origin(layers, "ignore"))
        } else {
            format!("not selected: select from {}", origin(layers, "select"))
        };
    }
    if config.is_some_and(|c| c.enabled == Some(false)) {
        return format!(
            "checks.{id}.enabled from {}",
            origin(layers, &format!("checks.{id}.enabled"))
        );
    }
    if config.is_some_and(|c| c.severity.is_some()) {
        let key = format!("checks.{id}.severity");
        return format!("{key} from {}", origin(layers, &key));
    }
    "the check's default severity".to_string()
}

/// The resolved pack as `key = value` lines, each with where its value comes from, then every
/// check in effect (`sourced config`). `pack_file` is the pack that was loaded (none: the
/// built-in default), `command_line` what the command line added to it (`select`, `ignore`).
pub fn show(
    pack: &RulePack,
    pack_file: Option<&Path>,
    command_line: toml::Table,
) -> Result<String> {
    let layers = layers(pack_file, command_line)?;
    let resolved = toml::Table::try_from(pack).context("the resolved pack as TOML")?;
    let mut leaves = Vec::new();
    flatten("", &resolved, &mut leaves);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# the rule pack in use: {}",
        pack_file.map_or("the built-in default".to_string(), |p| p
            .display()
            .to_string())
    );
    for (key, value) in &leaves {
        // Values as JSON: one line each, whatever they hold (examples run over lines).
        let value = serde_json::to_string(value).unwrap_or_default();
        let _ = writeln!(out, "{key} = {value}  # {}", origin(&layers, key));
    }
    let _ = writeln!(out, "\n# the checks in effect");
    for c in REGISTRY {
        let state = checks::effective(pack, c).map_or("off".to_string(), |s| s.to_string());
        let _ = writeln!(
            out,
            "{:<8} {:<8} # {}",
            c.id,
            state,
            check_reason(pack, &layers, c.id)
        );
    }
    Ok(out)
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
