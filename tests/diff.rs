//! `sourced diff`: each kind of change on a pair of drafts of our own (tests/fixtures/diff/),
//! snapshots of the table, JSON and Markdown, the exit codes, `--git` against a temporary
//! repository, and a property: a version compared with itself shows no change.
//!
//! Each fixture pair is diffed both ways: old → new shows the regression (or the plain change)
//! the pair is named after, new → old the matching improvement. The kinds the tests expect are
//! spelled out in [`CASES`], so that a change to the classifier shows here as a plain mismatch.

use std::path::Path;
use std::process::Command;

use proptest::prelude::*;
use serde_json::Value;

use sourced::diff::{diff, ChangeKind};
use sourced::input::Article;
use sourced::rules::RulePack;
use sourced::Checker;

fn run(args: &[&str], dir: Option<&Path>) -> (i32, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sourced"));
    cmd.args(args);
    if let Some(d) = dir {
        cmd.current_dir(d);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn sourced(args: &[&str]) -> (i32, String, String) {
    run(args, None)
}

fn pair(case: &str) -> (String, String) {
    let dir = format!("tests/fixtures/diff/{case}");
    (format!("{dir}/old.txt"), format!("{dir}/new.txt"))
}

/// One fixture: what old → new must show, and what new → old must show.
struct Case {
    name: &'static str,
    /// Each changed claim, old → new: (change, old kind, new kind), "-" where there is none.
    changes: &'static [(&'static str, &'static str, &'static str)],
    regressions: &'static [&'static str],
    improvements: &'static [&'static str],
    /// The regressions and improvements of the pair read backwards.
    reverse_regressions: &'static [&'static str],
    reverse_improvements: &'static [&'static str],
}

const CASES: &[Case] = &[
    // `Jane Doe, the mayor, said the repairs ...` → `The repairs would cost ...`
    Case {
        name: "lost-attribution",
        changes: &[("kind", "named", "unattributed")],
        regressions: &["lost_attribution", "last_named_source_removed"],
        improvements: &[],
        reverse_regressions: &[],
        reverse_improvements: &["gained_attribution", "first_named_source"],
    },
    // `Jane Doe, the mayor, said ...` → `A person familiar with the matter said ...`
    Case {
        name: "source-weakened",
        changes: &[("kind", "named", "anonymous")],
        regressions: &["source_weakened", "last_named_source_removed"],
        improvements: &[],
        reverse_regressions: &[],
        reverse_improvements: &["source_strengthened", "first_named_source"],
    },
    // `According to the Daily Ledger, ...` → `..., according to media reports.`
    Case {
        name: "outlet-dropped",
        changes: &[("kind", "relayed", "vague")],
        regressions: &["outlet_dropped"],
        improvements: &[],
        reverse_regressions: &[],
        reverse_improvements: &["outlet_named"],
    },
    // The only named claim cut.
    Case {
        name: "last-named-source-removed",
        changes: &[("removed", "named", "-")],
        regressions: &["last_named_source_removed"],
        improvements: &[],
        reverse_regressions: &[],
        reverse_improvements: &["first_named_source"],
    },
    // `A city official said ...` added, with no reason for the anonymity anywhere.
    Case {
        name: "unexplained-anonymous",
        changes: &[("added", "-", "anonymous")],
        regressions: &["unexplained_anonymous"],
        improvements: &[],
        reverse_regressions: &[],
        reverse_improvements: &[],
    },
    // `A city official said ...` → `A city official, who asked not to be named because ...`
    Case {
        name: "anonymity-explained",
        changes: &[("edited", "anonymous", "anonymous")],
        regressions: &[],
        improvements: &["anonymity_explained"],
        reverse_regressions: &["unexplained_anonymous"],
        reverse_improvements: &[],
    },
    Case {
        name: "edited",
        changes: &[("edited", "named", "named")],
        regressions: &[],
        improvements: &[],
        reverse_regressions: &[],
        reverse_improvements: &[],
    },
    Case {
        name: "moved",
        changes: &[("moved", "unattributed", "unattributed")],
        regressions: &[],
        improvements: &[],
        reverse_regressions: &[],
        reverse_improvements: &[],
    },
    // `Jane Doe, the mayor, said ...` → `John Smith, a council member, said ...`
    Case {
        name: "source",
        changes: &[("source", "named", "named")],
        regressions: &[],
        improvements: &[],
        reverse_regressions: &[],
        reverse_improvements: &[],
    },
    // `According to the Daily Ledger, a person familiar ...` → `According to the Evening Post, ...`
    Case {
        name: "via",
        changes: &[("via", "anonymous", "anonymous")],
        regressions: &[],
        improvements: &[],
        reverse_regressions: &[],
        reverse_improvements: &[],
    },
    Case {
        name: "added-removed",
        changes: &[
            ("removed", "unattributed", "-"),
            ("added", "-", "unattributed"),
        ],
        regressions: &[],
        improvements: &[],
        reverse_regressions: &[],
        reverse_improvements: &[],
    },
];

fn diff_json(old: &str, new: &str) -> Value {
    let (code, out, err) = sourced(&["diff", "--format", "json", old, new]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

fn kind_of(claim: &Value) -> String {
    claim["kind"].as_str().unwrap_or("-").to_string()
}

fn shifts(doc: &Value, key: &str) -> Vec<String> {
    doc[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["shift"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn each_pair_shows_its_change_both_ways() {
    for case in CASES {
        let (old, new) = pair(case.name);
        let v = diff_json(&old, &new);
        let doc = &v["documents"][0];
        let changes: Vec<(String, String, String)> = doc["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["change"].as_str().unwrap().to_string(),
                    kind_of(&c["old"]),
                    kind_of(&c["new"]),
                )
            })
            .collect();
        let expected: Vec<(String, String, String)> = case
            .changes
            .iter()
            .map(|&(c, o, n)| (c.into(), o.into(), n.into()))
            .collect();
        assert_eq!(changes, expected, "{}: changes", case.name);
        assert_eq!(
            shifts(doc, "regressions"),
            case.regressions,
            "{}",
            case.name
        );
        assert_eq!(
            shifts(doc, "improvements"),
            case.improvements,
            "{}",
            case.name
        );

        let back = diff_json(&new, &old);
        let doc = &back["documents"][0];
        assert_eq!(
            shifts(doc, "regressions"),
            case.reverse_regressions,
            "{} reversed",
            case.name
        );
        assert_eq!(
            shifts(doc, "improvements"),
            case.reverse_improvements,
            "{} reversed",
            case.name
        );
    }
}

#[test]
fn snapshots_of_each_pair_in_table_json_and_markdown() {
    for case in CASES {
        let (old, new) = pair(case.name);
        for format in ["table", "json", "markdown"] {
            let mut both = String::new();
            for (a, b) in [(&old, &new), (&new, &old)] {
                let (code, out, err) = sourced(&["diff", "--format", format, a, b]);
                assert_eq!(code, 0, "{err}");
                both.push_str(&format!(
                    "$ sourced diff --format {format} {a} {b}\n{out}\n"
                ));
            }
            insta::assert_snapshot!(format!("{}_{format}", case.name), both);
        }
    }
}

#[test]
fn github_annotations_on_the_new_lines() {
    let mut all = String::new();
    for name in [
        "lost-attribution",
        "outlet-dropped",
        "unexplained-anonymous",
    ] {
        let (old, new) = pair(name);
        for (a, b) in [(&old, &new), (&new, &old)] {
            let (code, out, _) = sourced(&["diff", "--format", "github", a, b]);
            assert_eq!(code, 0);
            all.push_str(&out);
        }
    }
    assert!(
        all.contains("::warning file=tests/fixtures/diff/lost-attribution/new.txt,line=5,"),
        "{all}"
    );
    insta::assert_snapshot!("github", all);
}

/// The JSON has the shape the README documents.
#[test]
fn json_shape() {
    let (old, new) = pair("source-weakened");
    let v = diff_json(&old, &new);
    let doc = &v["documents"][0];
    assert_eq!(doc["old_path"], old.as_str());
    assert_eq!(doc["new_path"], new.as_str());
    assert!(doc["score"]["old"].as_u64().unwrap() > doc["score"]["new"].as_u64().unwrap());
    let c = &doc["changes"][0];
    assert_eq!(c["change"], "kind");
    assert_eq!(c["old"]["source"], "Jane Doe");
    assert_eq!(c["new"]["kind"], "anonymous");
    assert_eq!(c["regression"], true);
    assert_eq!(c["line"], 5);
    for key in [
        "claims",
        "sources",
        "findings",
        "regressions",
        "improvements",
    ] {
        assert!(doc.get(key).is_some(), "no {key}: {doc}");
    }
    assert_eq!(doc["sources"]["removed"][0]["source"], "Jane Doe");
    let new_ids: Vec<&Value> = doc["findings"]["new"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| &f["id"])
        .collect();
    assert!(new_ids.contains(&&Value::from("ANON001")), "{new_ids:?}");
    assert!(new_ids.contains(&&Value::from("ART001")), "{new_ids:?}");
}

/// An article-level regression marks the claim it points to: the named claim cut.
#[test]
fn the_last_named_claim_cut_is_marked_a_regression() {
    let (old, new) = pair("last-named-source-removed");
    let v = diff_json(&old, &new);
    let doc = &v["documents"][0];
    assert_eq!(doc["regressions"][0]["change"], 0);
    assert_eq!(doc["changes"][0]["change"], "removed");
    assert_eq!(doc["changes"][0]["regression"], true);
}

#[test]
fn the_same_draft_twice_shows_no_change() {
    let (old, _) = pair("edited");
    let (code, out, _) = sourced(&["diff", "--fail-on-regression", &old, &old]);
    assert_eq!(code, 0);
    assert!(out.contains("no change to the sourcing"), "{out}");
}

/// A version that is not UTF-8 is still compared, and says so on standard error.
#[test]
fn a_latin1_draft_is_compared_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("latin1.txt");
    std::fs::write(&p, b"Police said the caf\xe9 was closed.\n").unwrap();
    let p = p.to_str().unwrap();
    let (code, out, err) = sourced(&["diff", p, p]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with(&format!("{p}\n")),
        "one path when both are the same: {out}"
    );
    assert!(out.contains("no change to the sourcing"), "{out}");
    assert!(
        err.contains("warning:") && err.contains("not valid UTF-8"),
        "{err}"
    );
}

#[test]
fn fail_on_regression_exits_1_only_on_a_regression() {
    let (old, new) = pair("lost-attribution");
    assert_eq!(sourced(&["diff", &old, &new]).0, 0);
    assert_eq!(sourced(&["diff", "--fail-on-regression", &old, &new]).0, 1);
    // Read backwards the pair is an improvement.
    assert_eq!(sourced(&["diff", "--fail-on-regression", &new, &old]).0, 0);
    // A change that is neither.
    let (old, new) = pair("source");
    assert_eq!(sourced(&["diff", "--fail-on-regression", &old, &new]).0, 0);
}

#[test]
fn input_errors_exit_2_with_a_reason() {
    let (old, _) = pair("edited");
    let (code, out, err) = sourced(&["diff", &old, "no/such/draft.txt"]);
    assert_eq!(code, 2);
    assert!(err.contains("no/such/draft.txt"), "{err}");
    assert!(out.is_empty(), "nothing compared reads as no change: {out}");

    let (code, _, err) = sourced(&["diff", &old]);
    assert_eq!(code, 2);
    assert!(err.contains("sourced diff OLD NEW"), "{err}");

    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("photo.txt");
    std::fs::write(&bin, b"\xff\xd8\xff\xe0\0\x10JFIF\0").unwrap();
    let (code, _, err) = sourced(&["diff", "--fail-on-regression", &old, bin.to_str().unwrap()]);
    assert_eq!(code, 2, "an input error wins over regressions");
    assert!(err.contains("photo.txt"), "{err}");
}

/// However large the diff, the markdown fits in a GitHub comment (65,536 characters) and says
/// what it left out.
#[test]
fn markdown_fits_in_a_comment() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (dir.path().join("old.txt"), dir.path().join("new.txt"));
    let said = |i: usize| format!("Jane Doe{i}, the mayor, said the fee rose by {i} percent.\n\n");
    let plain = |i: usize| format!("The fee rose by {i} percent.\n\n");
    std::fs::write(&old, (0..400).map(said).collect::<String>()).unwrap();
    std::fs::write(&new, (0..400).map(plain).collect::<String>()).unwrap();
    let (code, out, _) = sourced(&[
        "diff",
        "--format",
        "markdown",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert!(out.chars().count() < 65_536, "{} characters", out.len());
    assert!(out.contains("**401 regressions"), "{out}");
    assert!(
        out.contains("… and 376 more (`sourced diff --format json` lists them all)"),
        "{out}"
    );

    // Many articles: the sections that do not fit are left out, and the table is cut short.
    let checker = Checker::new(RulePack::builtin());
    let (a, b) = (
        Article::from_text("old.txt", &std::fs::read_to_string(&old).unwrap()),
        Article::from_text("new.txt", &std::fs::read_to_string(&new).unwrap()),
    );
    let one = diff(Some(&checker.check(&a)), Some(&checker.check(&b)));
    let many = sourced::diff::DraftDiff {
        documents: vec![one; 300],
    };
    let mut md = Vec::new();
    sourced::diff::markdown::render(&many, &mut md).unwrap();
    let md = String::from_utf8(md).unwrap();
    assert!(md.chars().count() < 65_536, "{} characters", md.len());
    assert!(md.contains("… and 220 more articles"), "{md}");
    assert!(
        md.contains("articles' details left out to fit a comment"),
        "{md}"
    );
}

// --- `--git` ----------------------------------------------------------------------------

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.test"])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("the --git tests need git installed");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A repository with a commit of four drafts, then a working tree where one is edited, one
/// deleted, one renamed and edited, one left alone, and one added (untracked).
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |p: &str, text: &str| {
        let p = root.join(p);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    let (old, new) = pair("lost-attribution");
    write("drafts/bridge.md", &std::fs::read_to_string(&old).unwrap());
    write(
        "drafts/gone.txt",
        "Jane Doe, the mayor, said the vote was close.\n",
    );
    write("drafts/same.txt", "The council met on Tuesday.\n");
    write("drafts/notes.csv", "not,an,article\n");
    write(
        "drafts/old-name.txt",
        "John Smith, a council member, said the vote was close.\n\nThe council meets on Monday.\n",
    );
    git(root, &["init", "-q"]);
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "drafts"]);
    git(root, &["mv", "drafts/old-name.txt", "drafts/new-name.txt"]);
    write(
        "drafts/new-name.txt",
        "John Smith, a council member, said the vote was close.\n\nThe council meets on Tuesday.\n",
    );
    write("drafts/bridge.md", &std::fs::read_to_string(&new).unwrap());
    std::fs::remove_file(root.join("drafts/gone.txt")).unwrap();
    write("drafts/notes.csv", "still,not,an,article\n");
    write(
        "drafts/fresh.txt",
        "A person familiar with the matter said the deal was done.\n",
    );
    dir
}

#[test]
fn git_compares_every_changed_article_with_the_revision() {
    let repo = repository();
    let (code, out, err) = run(
        &["diff", "--format", "json", "--git", "HEAD", "--", "drafts"],
        Some(repo.path()),
    );
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let docs = v["documents"].as_array().unwrap();
    let paths: Vec<(Value, Value)> = docs
        .iter()
        .map(|d| (d["old_path"].clone(), d["new_path"].clone()))
        .collect();
    assert_eq!(
        paths,
        [
            ("HEAD:drafts/bridge.md".into(), "drafts/bridge.md".into()),
            (Value::Null, "drafts/fresh.txt".into()),
            ("HEAD:drafts/gone.txt".into(), Value::Null),
            (
                "HEAD:drafts/old-name.txt".into(),
                "drafts/new-name.txt".into()
            ),
        ],
        "the unchanged draft and the .csv are left out"
    );
    // The edited draft: the named claim lost its attribution.
    assert_eq!(shifts(&docs[0], "regressions")[0], "lost_attribution");
    // A new file is all additions, a deleted one all removals.
    let all = |d: &Value, change: &str| {
        d["changes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["change"] == change)
    };
    assert!(all(&docs[1], "added") && docs[1]["claims"]["added"] == 1);
    assert_eq!(docs[1]["score"]["old"], Value::Null);
    assert_eq!(shifts(&docs[1], "regressions"), ["unexplained_anonymous"]);
    assert!(all(&docs[2], "removed") && docs[2]["claims"]["removed"] == 1);
    // A renamed draft is compared with its old name: one claim edited, the other kept.
    assert_eq!(docs[3]["claims"]["edited"], 1);
    assert_eq!(docs[3]["claims"]["unchanged"], 1);

    // From a sub-folder, paths read from there; with no path, the current folder.
    let (code, out, err) = run(
        &["diff", "--format", "json", "--git", "HEAD"],
        Some(&repo.path().join("drafts")),
    );
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["documents"][0]["new_path"], "bridge.md");
    assert_eq!(v["documents"][0]["old_path"], "HEAD:bridge.md");

    let (code, _, _) = run(
        &[
            "diff",
            "--fail-on-regression",
            "--git",
            "HEAD",
            "--",
            "drafts",
        ],
        Some(repo.path()),
    );
    assert_eq!(code, 1);
}

#[test]
fn git_errors_exit_2_with_a_reason() {
    let repo = repository();
    let (code, _, err) = run(&["diff", "--git", "no-such-branch"], Some(repo.path()));
    assert_eq!(code, 2);
    assert!(
        err.contains("no-such-branch") && err.contains("no such revision"),
        "{err}"
    );

    let (code, _, err) = run(
        &["diff", "--git", "HEAD", "--", "nowhere"],
        Some(repo.path()),
    );
    assert_eq!(code, 2);
    assert!(err.contains("nowhere"), "{err}");

    let outside = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sourced"));
    let out = cmd
        .args(["diff", "--git", "HEAD"])
        .current_dir(outside.path())
        .env("GIT_CEILING_DIRECTORIES", outside.path().parent().unwrap())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(err.contains("needs a git repository"), "{err}");
}

// --- Properties -------------------------------------------------------------------------

const PIECES: &[&str] = &[
    "Jane Doe, the mayor, said the bridge would close.",
    "A person familiar with the matter said the deal was done.",
    "According to the Daily Ledger, the contractor was chosen without a tender.",
    "The bridge will close in May.",
    "Critics say the plan is rushed.",
    "She added that the work was overdue.",
    "The council declined to comment.",
    "\n\n",
    " ",
];

fn text_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(prop::sample::select(PIECES), 0..12).prop_map(|v| v.concat()),
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// A version compared with itself, checked twice over, shows no change at all.
    #[test]
    fn a_version_against_itself_shows_no_change(text in text_strategy()) {
        let checker = Checker::new(RulePack::builtin());
        let a = Article::from_text("a.txt", &text);
        let b = Article::from_text("a.txt", &text);
        let (ra, rb) = (checker.check(&a), checker.check(&b));
        let d = diff(Some(&ra), Some(&rb));
        prop_assert!(d.is_unchanged(), "{:?}", d);
        prop_assert_eq!(d.claims.unchanged, ra.claims.len());
    }

    /// Every claim of both versions is accounted for, whatever the two texts.
    #[test]
    fn every_claim_is_accounted_for(old in text_strategy(), new in text_strategy()) {
        let checker = Checker::new(RulePack::builtin());
        let (a, b) = (Article::from_text("a.txt", &old), Article::from_text("b.txt", &new));
        let (ra, rb) = (checker.check(&a), checker.check(&b));
        let d = diff(Some(&ra), Some(&rb));
        let t = &d.claims;
        let kept = t.old - t.removed;
        prop_assert_eq!(kept, t.new - t.added);
        let listed = d.changes.iter().filter(|c| c.old.is_some() && c.new.is_some()).count();
        prop_assert_eq!(listed + t.unchanged, kept);
        let added = d.changes.iter().filter(|c| c.change == ChangeKind::Added).count();
        prop_assert_eq!(added, t.added);
    }
}
