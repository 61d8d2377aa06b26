//! The real corpora in ../shared through `sourced check`: no panic, every file reported, exit
//! codes as documented. Says so and passes when ../shared is not beside the project.

use std::path::{Path, PathBuf};
use std::process::Command;

fn shared() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if p.join("corpus/bbc").is_dir() && p.join("polnear").is_dir() {
        Some(p)
    } else {
        eprintln!("../shared is missing: the corpus runs (BBC, PolNeAR) are skipped");
        None
    }
}

fn texts_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            texts_under(&p, out);
        } else if p.extension().is_some_and(|e| e == "txt")
            && p.file_name().is_some_and(|n| n != "SOURCE.txt")
        {
            out.push(p);
        }
    }
}

/// Run `sourced check --format json` over `files`; every file must come back as a document.
fn check_all(files: &[PathBuf]) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_sourced"))
        .args(["check", "--exit-zero", "--format", "json"])
        .args(files)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "exit code; stderr: {stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("internal error"),
        "{stderr}"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["documents"].as_array().unwrap().len(), files.len());
    v
}

#[test]
fn the_whole_bbc_corpus() {
    let Some(shared) = shared() else { return };
    let mut files = Vec::new();
    texts_under(&shared.join("corpus/bbc"), &mut files);
    assert_eq!(files.len(), 2225, "the BBC corpus has 2,225 articles");
    let v = check_all(&files);
    // The one Latin-1 article is checked with a warning, not refused.
    let latin1 = v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"].as_str().unwrap().ends_with("sport/199.txt"))
        .unwrap();
    assert!(latin1["warnings"][0]
        .as_str()
        .unwrap()
        .contains("not valid UTF-8"));
    assert!(!latin1["claims"].as_array().unwrap().is_empty());
}

#[test]
fn all_of_polnear() {
    let Some(shared) = shared() else { return };
    let mut files = Vec::new();
    for split in ["train", "dev", "test"] {
        texts_under(&shared.join("polnear").join(split).join("text"), &mut files);
    }
    assert_eq!(files.len(), 1008, "PolNeAR has 1,008 articles");
    check_all(&files);
}
