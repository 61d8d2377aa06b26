//! scripts/mine_cues.py, the cue miner of issue 15: it lemmatises made-up PolNeAR-style cue spans,
//! says which pack lists cover them, and refuses the held-out test split. Says so and passes when
//! python3 (3.11, for tomllib) is missing.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn script() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/mine_cues.py")
}

/// python3 with tomllib, or None (and a message) when the machine has none.
fn python() -> Option<&'static str> {
    let ok = Command::new("python3")
        .args(["-c", "import tomllib"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        eprintln!("python3 >= 3.11 is missing: the mine_cues.py tests are skipped");
        return None;
    }
    Some("python3")
}

fn run(args: &[&str]) -> Option<Output> {
    let py = python()?;
    Some(
        Command::new(py)
            .arg(script())
            .args(args)
            .output()
            .expect("python3 runs"),
    )
}

/// A one-article PolNeAR-like split: made-up sentences, brat spans over them.
fn made_up_split(root: &Path) {
    let text = "Ms Ruiz denounced the plan. The union has repeatedly complained that pay is low. \
                Officials said in a statement that talks go on. Bo Lind wants to win.\n";
    let at = |s: &str| text.find(s).unwrap();
    let mut ann = String::new();
    let mut t = 0;
    let mut attribution = |ann: &mut String, source: &str, cue: &str| {
        let (s, c) = (at(source), at(cue));
        ann.push_str(&format!(
            "T{}\tSource {} {}\t{}\nT{}\tCue {} {}\t{}\nE{}\tAttribution:T{} Cue:T{} Source:T{}\n",
            t + 1,
            s,
            s + source.len(),
            source,
            t + 2,
            c,
            c + cue.len(),
            cue,
            t / 2 + 1,
            t + 2,
            t + 2,
            t + 1
        ));
        t += 2;
    };
    attribution(&mut ann, "Ms Ruiz", "denounced");
    attribution(&mut ann, "The union", "has repeatedly complained");
    attribution(&mut ann, "Officials", "said in a statement");
    attribution(&mut ann, "Bo Lind", "wants");
    for dir in ["train/text", "train/attributions"] {
        fs::create_dir_all(root.join(dir)).unwrap();
    }
    fs::write(root.join("train/text/made-up_one.txt"), text).unwrap();
    fs::write(root.join("train/attributions/made-up_one_a1.ann"), ann).unwrap();
}

#[test]
fn the_test_split_is_refused() {
    let Some(out) = run(&["--split", "test"]) else {
        return;
    };
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("held out"));
}

#[test]
fn cues_are_lemmatised_and_their_coverage_named() {
    let dir = tempfile::tempdir().unwrap();
    made_up_split(dir.path());
    let root = dir.path().to_str().unwrap();
    let Some(out) = run(&["--root", root, "--json"]) else {
        return;
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["attributions"], 4);
    let lemmas = report["lemmas"].as_array().unwrap();
    let find = |l: &str| {
        lemmas
            .iter()
            .find(|r| r["lemma"] == l)
            .unwrap_or_else(|| panic!("no lemma {l} in {lemmas:?}"))
    };
    // Inflection, auxiliaries and adverbs go; "said in a statement" is the verb say.
    for lemma in ["denounce", "complain", "say"] {
        let lists = find(lemma)["covered_by"].as_array().unwrap();
        assert!(!lists.is_empty(), "{lemma} should be in the pack");
    }
    // A verb of wish is not in the pack's cue lists.
    assert!(find("want")["covered_by"].as_array().unwrap().is_empty());
    assert_eq!(find("denounce")["source"], "Ms Ruiz");
    assert_eq!(report["summary"]["covered_attributions"], 3);
}
