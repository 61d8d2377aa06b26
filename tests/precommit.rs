//! The shipped pre-commit hook (`.pre-commit-hooks.yaml`) picks the drafts of a commit and
//! nothing else. pre-commit picks a hook's files by the tags of the `identify` package (the one
//! pre-commit itself uses); this test asks identify for each file's tags and applies the hook's
//! `types`, `types_or` and `exclude_types` as pre-commit does.

use std::path::Path;
use std::process::Command;

/// pre-commit's file selection (`pre_commit.classifier`), on real files.
const SELECT: &str = r#"
import sys, yaml
from identify import identify
hook = yaml.safe_load(open(sys.argv[1]))[0]
types = set(hook.get("types", ["file"]))
types_or = set(hook.get("types_or", []))
exclude = set(hook.get("exclude_types", []))
for path in sys.argv[2:]:
    tags = identify.tags_from_path(path)
    if types <= tags and (not types_or or tags & types_or) and not tags & exclude:
        print(path.rsplit("/", 1)[-1])
"#;

#[test]
fn the_hook_checks_drafts_only() {
    let has_identify = Command::new("python3")
        .args(["-c", "import identify, yaml"])
        .status()
        .is_ok_and(|s| s.success());
    if !has_identify {
        assert!(
            std::env::var_os("CI").is_none_or(|v| v != "true"),
            "CI=true: python3 with the identify and yaml packages is needed (.ci/run installs them)"
        );
        println!("python3 with identify and yaml is missing (pip install identify pyyaml): the hook's file selection is not checked");
        return;
    }
    let dir = std::env::temp_dir().join(format!("sourced-precommit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let names = [
        "draft.txt",
        "notes.md",
        "story.html",
        "page.htm",
        "tool.py",
        "ci.yaml",
        "Cargo.toml",
        "main.rs",
        "script.sh",
        "data.json",
    ];
    let paths: Vec<String> = names
        .iter()
        .map(|n| {
            let p = dir.join(n);
            std::fs::write(&p, "Officials said the road is closed.\n").unwrap();
            p.to_string_lossy().into_owned()
        })
        .collect();
    let hooks = Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml");
    let out = Command::new("python3")
        .args(["-c", SELECT])
        .arg(&hooks)
        .args(&paths)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let picked: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(picked, ["draft.txt", "notes.md", "story.html", "page.htm"]);
}
