//! The CI-lint side of the command line: every output format, every exit code, standard input,
//! directories with a .gitignore, positions in Markdown and HTML, suppressions and baselines.

use std::path::{Path, PathBuf};
use std::process::Command;

use insta_cmd::{assert_cmd_snapshot, get_cargo_bin};

fn sourced() -> Command {
    let mut c = Command::new(get_cargo_bin("sourced"));
    c.env("NO_COLOR", "1").arg("check").arg("--isolated");
    c
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sourced-lint-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn format_line() {
    assert_cmd_snapshot!(sourced().args([
        "--format",
        "line",
        "samples/one-voice.txt",
        "samples/draft.md"
    ]));
}

#[test]
fn format_github() {
    assert_cmd_snapshot!(sourced().args(["--format", "github", "samples/relayed-letter.txt"]));
}

#[test]
fn format_junit() {
    assert_cmd_snapshot!(sourced().args([
        "--format",
        "junit",
        "samples/one-voice.txt",
        "samples/council-budget.txt"
    ]));
}

#[test]
fn format_markdown() {
    assert_cmd_snapshot!(sourced().args([
        "--format",
        "markdown",
        "samples/one-voice.txt",
        "samples/council-budget.txt"
    ]));
}

#[test]
fn format_jsonl() {
    assert_cmd_snapshot!(sourced().args(["--format", "jsonl", "samples/story.html"]));
}

#[test]
fn format_sarif() {
    assert_cmd_snapshot!(sourced().args(["--format", "sarif", "samples/one-voice.txt"]));
}

#[test]
fn format_annotate() {
    assert_cmd_snapshot!(sourced().env("COLUMNS", "80").args([
        "--format",
        "annotate",
        "samples/long-quote.txt"
    ]));
}

#[test]
fn quiet_prints_only_findings() {
    assert_cmd_snapshot!(sourced().args([
        "--quiet",
        "samples/one-voice.txt",
        "samples/council-budget.txt"
    ]));
}

/// The SARIF output validates against the official OASIS SARIF 2.1.0 schema in ../shared.
#[test]
fn sarif_validates_against_the_schema() {
    let schema_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/schemas/sarif-schema-2.1.0.json");
    if !schema_path.exists() {
        eprintln!("../shared is missing: SARIF schema validation is skipped");
        return;
    }
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let out = sourced()
        .args(["--exit-zero", "--format", "sarif", "samples/"])
        .output()
        .unwrap();
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(sarif["runs"][0]["results"].as_array().unwrap().len() > 10);
    assert_eq!(
        sarif["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .len(),
        sourced::checks::REGISTRY.len()
    );
}

#[test]
fn exit_codes() {
    let code = |args: &[&str]| sourced().args(args).output().unwrap().status.code();
    let cases: &[(&[&str], i32, &str)] = &[
        (
            &["samples/council-budget.txt"],
            0,
            "clean: no finding at error",
        ),
        (
            &["samples/one-voice.txt"],
            1,
            "a finding at or above --fail-on error",
        ),
        (&["samples/long-quote.txt"], 0, "only info findings"),
        (
            &["--fail-on", "info", "samples/long-quote.txt"],
            1,
            "--fail-on info",
        ),
        (
            &["--fail-on", "warning", "samples/relayed-letter.txt"],
            1,
            "--fail-on warning",
        ),
        (
            &["--min-score", "99", "samples/council-budget.txt"],
            1,
            "below --min-score",
        ),
        (
            &["--exit-zero", "samples/one-voice.txt"],
            0,
            "--exit-zero reports only",
        ),
        (
            &["--format", "nope", "samples/one-voice.txt"],
            2,
            "a usage error",
        ),
        (&["no/such/file.txt"], 2, "an input error"),
        (
            &["--rules", "no-such-pack.toml", "samples/one-voice.txt"],
            2,
            "a rule-pack error",
        ),
        (
            &["--exit-zero", "samples/one-voice.txt", "missing.txt"],
            2,
            "an input error wins over --exit-zero",
        ),
    ];
    for (args, expected, why) in cases {
        assert_eq!(code(args), Some(*expected), "{why}: {args:?}");
    }
}

#[test]
fn stdin_with_a_filename_picks_the_format_and_the_name() {
    let mut child = sourced()
        .args([
            "--format",
            "line",
            "--fail-on",
            "never",
            "--stdin-filename",
            "draft.md",
            "-",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"# Title\n\n`code said`\n\nCritics argue it is late.\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text,
        "draft.md:1:1: warning[ART001] no claim rests on a named person\ndraft.md:5:1: warning[VAG001] vague attribution \"Critics\": who, exactly?\n"
    );
}

#[test]
fn a_directory_is_walked_honouring_gitignore() {
    let dir = temp("walk");
    std::fs::create_dir_all(dir.join("drafts/old")).unwrap();
    std::fs::write(dir.join(".gitignore"), "old/\n").unwrap();
    std::fs::write(dir.join("drafts/a.txt"), "Experts say so.\n").unwrap();
    std::fs::write(dir.join("drafts/b.md"), "Critics argue otherwise.\n").unwrap();
    std::fs::write(dir.join("drafts/old/c.txt"), "Analysts say no.\n").unwrap();
    std::fs::write(dir.join("drafts/image.png"), [0u8, 1, 2]).unwrap();
    // The ignore crate honours .gitignore inside a git work tree.
    let _ = Command::new("git")
        .arg("init")
        .arg("-q")
        .current_dir(&dir)
        .status();
    let out = sourced()
        .args(["--format", "json", "--exit-zero"])
        .arg(dir.join("drafts"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<String> = v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(paths.len(), 2, "{paths:?}");
    assert!(
        paths[0].ends_with("a.txt") && paths[1].ends_with("b.md"),
        "{paths:?}"
    );
}

/// Findings in Markdown and HTML land on the line and column of the original file.
#[test]
fn markdown_and_html_findings_land_on_the_right_positions() {
    let out = sourced()
        .args([
            "--format",
            "line",
            "--exit-zero",
            "samples/draft.md",
            "samples/story.html",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    // draft.md: "Critics argue ..." is on line 17, column 1; the unused suppression on line 19.
    assert!(
        text.contains("samples/draft.md:17:1: warning[VAG001]"),
        "{text}"
    );
    assert!(
        text.contains("samples/draft.md:19:1: warning[SUP001]"),
        "{text}"
    );
    // story.html: the no-comment paragraph is on line 17, its text at column 8 (after "    <p>").
    assert!(
        text.contains("samples/story.html:17:8: info[NC001]"),
        "{text}"
    );
    // The suppressed vague claim (story.html line 16) does not appear.
    assert!(!text.contains("story.html:16:"), "{text}");
    let src = std::fs::read_to_string("samples/story.html").unwrap();
    let line17 = src.lines().nth(16).unwrap();
    assert!(line17[7..].starts_with("A spokesman"), "{line17}");
}

#[test]
fn suppressions_used_and_unused() {
    let dir = temp("suppress");
    let f = dir.join("a.txt");
    std::fs::write(
        &f,
        "<!-- sourced-disable-next-line VAG001 -->\nExperts say the plan is doomed.\n\n<!-- sourced-disable VAG001 -->\nCritics argue it is late.\nAnalysts say so.\n<!-- sourced-enable VAG001 -->\nObservers say it is early.\n\n<!-- sourced-disable-next-line ART003 -->\nThe end.\n",
    )
    .unwrap();
    let out = sourced()
        .args(["--format", "line", "--exit-zero"])
        .arg(&f)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().map(|l| l.split_once(':').unwrap().1).collect();
    assert!(
        lines.iter().any(|l| l.starts_with("8:1: warning[VAG001]")),
        "{text}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("10:1: warning[SUP001] suppression of ART003")),
        "{text}"
    );
    assert!(
        !lines
            .iter()
            .any(|l| l.starts_with("2:") || l.starts_with("5:") || l.starts_with("6:")),
        "{text}"
    );
    // The directive lines are not claims.
    let out = sourced()
        .args(["--format", "json", "--exit-zero"])
        .arg(&f)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["documents"][0]["claims"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| !c["text"].as_str().unwrap().contains("sourced-")));
}

#[test]
fn baselines_survive_edits_elsewhere() {
    let dir = temp("baseline");
    let f = dir.join("a.txt");
    let base = dir.join("baseline.json");
    std::fs::write(
        &f,
        "Experts say the plan is doomed.\n\nThe council met on Tuesday.\n",
    )
    .unwrap();
    let out = sourced()
        .args(["--fail-on", "warning", "--write-baseline"])
        .arg(&base)
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "findings are still reported when the baseline is written"
    );
    // An edit above the finding moves it down two lines: the baseline still accepts it.
    std::fs::write(
        &f,
        "Budget row\n\nExperts say the plan is doomed.\n\nThe council met on Tuesday.\n",
    )
    .unwrap();
    let out = sourced()
        .args(["--fail-on", "warning", "--format", "line", "--baseline"])
        .arg(&base)
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // A new finding is not in the baseline.
    std::fs::write(
        &f,
        "Experts say the plan is doomed.\n\nCritics argue it is late.\n",
    )
    .unwrap();
    let out = sourced()
        .args(["--fail-on", "warning", "--format", "line", "--baseline"])
        .arg(&base)
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Critics") && !text.contains("\"Experts\""),
        "{text}"
    );
    // A broken baseline file is an input error.
    std::fs::write(&base, "not json").unwrap();
    let out = sourced()
        .arg("--baseline")
        .arg(&base)
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn batch_mode_maps_lines_to_reports() {
    let mut child = Command::new(get_cargo_bin("sourced"))
        .args(["batch", "--isolated"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"{\"id\": \"a1\", \"text\": \"Police said the road is closed.\"}\n{\"id\": 2, \"text\": \"Experts say so.\"}\nnot json\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["id"], "a1");
    assert_eq!(lines[0]["claims"][0]["kind"], "organization");
    assert_eq!(lines[1]["id"], 2);
    assert_eq!(lines[1]["claims"][0]["kind"], "vague");
    assert!(lines[2]["error"].as_str().unwrap().contains("stdin:3"));
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn output_order_is_stable_whatever_the_threads() {
    let run = |threads: &str| {
        sourced()
            .args([
                "--format",
                "json",
                "--exit-zero",
                "--threads",
                threads,
                "samples/",
            ])
            .output()
            .unwrap()
            .stdout
    };
    assert_eq!(run("1"), run("4"));
}

/// `sourced check ... | head -1`: the reader closes the pipe early; that is not an error.
#[test]
fn a_closed_pipe_exits_quietly() {
    use std::io::Read;
    let mut child = sourced()
        .args([
            "--format",
            "json",
            "--exit-zero",
            "samples/",
            "samples/",
            "samples/",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Colour: never when the output is not a terminal (or NO_COLOR is set), on request with
/// `--color always`.
#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let run = |extra: &[&str]| {
        let mut c = Command::new(get_cargo_bin("sourced"));
        c.args(["check", "--isolated", "--exit-zero", "--format", "line"])
            .args(extra)
            .arg("samples/one-voice.txt");
        String::from_utf8(c.output().unwrap().stdout).unwrap()
    };
    assert!(!run(&[]).contains('\x1b'), "a pipe is not a terminal");
    assert!(run(&["--color", "always"]).contains("\x1b[31merror\x1b[0m"));
    assert!(!run(&["--color", "never"]).contains('\x1b'));
}

/// The report's details (issue 16): "1 claim"; a source quoted directly and through an outlet
/// has a ledger row for each; an agentless cue is no source in the ledger; GitHub annotations
/// and SARIF results mark the whole claim, and SARIF results carry the baseline fingerprint.
#[test]
fn report_details() {
    let dir = temp("details");
    let f = dir.join("a.txt");
    std::fs::write(
        &f,
        "Experts say the plan\nis doomed.\n\nPrices are expected to rise.\n",
    )
    .unwrap();
    let run = |args: &[&str], file: &Path| {
        let out = sourced()
            .arg("--exit-zero")
            .args(args)
            .arg(file)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let one = dir.join("one.txt");
    std::fs::write(&one, "Experts say the plan is doomed.\n").unwrap();
    assert!(run(&[], &one).contains("(1 claim)\n"), "{}", run(&[], &one));

    let github = run(&["--format", "github"], &f);
    assert!(
        github.contains("line=1,col=1,endLine=2,endColumn=10,title=sourced VAG001"),
        "{github}"
    );

    let json: serde_json::Value = serde_json::from_str(&run(&["--format", "json"], &f)).unwrap();
    let sources = json["documents"][0]["sources"].as_array().unwrap();
    assert!(
        sources.iter().all(|s| s["source"] != "are expected to"),
        "{sources:?}"
    );
    let relayed: serde_json::Value = serde_json::from_str(&run(
        &["--format", "json"],
        Path::new("samples/relayed-letter.txt"),
    ))
    .unwrap();
    let reyes: Vec<_> = relayed["documents"][0]["sources"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["source"] == "Tomas Reyes")
        .map(|s| (s["via"].as_str(), s["claims"].as_u64()))
        .collect();
    assert_eq!(reyes, [(None, Some(1)), (Some("Harbor Daily"), Some(3))]);

    let sarif: serde_json::Value = serde_json::from_str(&run(&["--format", "sarif"], &f)).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let vag = results.iter().find(|r| r["ruleId"] == "VAG001").unwrap();
    let region = &vag["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["endLine"].as_u64(), region["endColumn"].as_u64()),
        (Some(2), Some(11))
    );
    // The fingerprint is the baseline's.
    let base = dir.join("baseline.json");
    sourced()
        .arg("--exit-zero")
        .arg("--write-baseline")
        .arg(&base)
        .arg(&f)
        .output()
        .unwrap();
    let baseline: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&base).unwrap()).unwrap();
    let prints: Vec<&str> = baseline["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["fingerprint"].as_str().unwrap())
        .collect();
    for r in results {
        let fp = r["partialFingerprints"]["sourced/v1"].as_str().unwrap();
        assert!(prints.contains(&fp), "{fp} not in {prints:?}");
    }
}

/// The table is coloured as `line` is, on request: kinds and severities, and nothing else
/// changes (the plain table is the coloured one without its escapes).
#[test]
fn table_colours_kinds_and_severities_when_asked() {
    let run = |extra: &[&str]| {
        let mut c = Command::new(get_cargo_bin("sourced"));
        c.args(["check", "--isolated", "--exit-zero"])
            .args(extra)
            .arg("samples/one-voice.txt");
        String::from_utf8(c.output().unwrap().stdout).unwrap()
    };
    let plain = run(&[]);
    assert!(!plain.contains('\x1b'), "a pipe is not a terminal");
    assert_eq!(run(&["--color", "never"]), plain);
    let coloured = run(&["--color", "always"]);
    let sgr = |name: &str| {
        coloured
            .lines()
            .any(|l| l.contains(&format!("m {name}")) && l.contains('\x1b'))
    };
    assert!(
        sgr("anonymous") && sgr("error") && sgr("warning"),
        "{coloured}"
    );
    let mut stripped = String::new();
    let mut rest = coloured.as_str();
    while let Some(i) = rest.find('\x1b') {
        stripped.push_str(&rest[..i]);
        rest = &rest[i + rest[i..].find('m').unwrap() + 1..];
    }
    stripped.push_str(rest);
    assert_eq!(stripped, plain);
    // --quiet's findings table too.
    assert!(run(&["--quiet", "--color", "always"]).contains('\x1b'));
}

/// `--output FILE` writes, in every format, what standard output would have had; a path that
/// cannot be written is an error (exit 2) naming it.
#[test]
fn output_writes_the_report_to_a_file_in_every_format() {
    let dir = temp("output");
    for format in [
        "table", "json", "jsonl", "line", "github", "sarif", "junit", "markdown", "html",
        "annotate",
    ] {
        let file = dir.join(format!("report.{format}"));
        let args = [
            "--exit-zero",
            "--format",
            format,
            "samples/one-voice.txt",
            "samples/draft.md",
        ];
        let to_stdout = sourced().env("COLUMNS", "80").args(args).output().unwrap();
        let to_file = sourced()
            .env("COLUMNS", "80")
            .args(args)
            .arg("--output")
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(to_file.status.code(), Some(0), "{format}");
        assert!(to_file.stdout.is_empty(), "{format}");
        assert!(!to_stdout.stdout.is_empty(), "{format}");
        assert_eq!(std::fs::read(&file).unwrap(), to_stdout.stdout, "{format}");
    }
    let out = sourced()
        .args([
            "--output",
            "/nonexistent/dir/report.json",
            "samples/one-voice.txt",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("/nonexistent/dir/report.json"), "{err}");
}

/// `--files-from FILE` (or `-`, standard input) adds the paths it lists, one a line.
#[test]
fn files_from_reads_a_list_of_paths() {
    let dir = temp("files-from");
    let list = dir.join("list.txt");
    std::fs::write(&list, "samples/one-voice.txt\n\n  samples/draft.md  \n").unwrap();
    let paths_of = |out: std::process::Output| -> Vec<String> {
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["documents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["path"].as_str().unwrap().to_string())
            .collect()
    };
    let args = ["--exit-zero", "--format", "json"];
    let from_file = sourced()
        .args(args)
        .arg("--files-from")
        .arg(&list)
        .arg("samples/long-quote.txt")
        .output()
        .unwrap();
    assert_eq!(
        paths_of(from_file),
        [
            "samples/long-quote.txt",
            "samples/one-voice.txt",
            "samples/draft.md"
        ]
    );
    let mut child = sourced()
        .args(args)
        .args(["--files-from", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"samples/draft.md\n")
        .unwrap();
    assert_eq!(
        paths_of(child.wait_with_output().unwrap()),
        ["samples/draft.md"]
    );
    let missing = sourced()
        .args(["--files-from", "no/such/list.txt"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no/such/list.txt"));
}

/// After a run over several files, one line on standard error sums it up (files, claims,
/// findings by severity, the lowest score); `--statistics` counts the findings by check. The
/// report itself is unchanged.
#[test]
fn statistics_and_the_run_summary() {
    let run = |extra: &[&str]| {
        let out = sourced()
            .args(["--format", "json", "--exit-zero"])
            .args(extra)
            .args(["samples/one-voice.txt", "samples/council-budget.txt"])
            .output()
            .unwrap();
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (report, err) = run(&[]);
    let v: serde_json::Value = serde_json::from_str(&report).unwrap();
    let docs = v["documents"].as_array().unwrap();
    let claims: usize = docs
        .iter()
        .map(|d| d["claims"].as_array().unwrap().len())
        .sum();
    let count = |sev: &str| {
        docs.iter()
            .flat_map(|d| d["findings"].as_array().unwrap())
            .filter(|f| f["severity"] == sev)
            .count()
    };
    let lowest = docs
        .iter()
        .map(|d| d["score"].as_u64().unwrap())
        .min()
        .unwrap();
    assert_eq!(
        err,
        format!(
            "sourced: 2 files checked, {claims} claims; {} errors, {} warnings, {} info; lowest score {lowest}/100 (samples/one-voice.txt)\n",
            count("error"),
            count("warning"),
            count("info")
        )
    );
    let (same, stats) = run(&["--statistics"]);
    assert_eq!(same, report);
    let anon007 = stats.lines().find(|l| l.contains("ANON007")).unwrap();
    assert_eq!(
        anon007.split_whitespace().collect::<Vec<_>>(),
        ["1", "ANON007", "single-anonymous-source"]
    );
    let total: usize = stats
        .lines()
        .filter(|l| !l.starts_with("sourced:"))
        .map(|l| {
            l.split_whitespace()
                .next()
                .unwrap()
                .parse::<usize>()
                .unwrap()
        })
        .sum();
    assert_eq!(total, count("error") + count("warning") + count("info"));
    // One file: no summary.
    let out = sourced()
        .args(["--exit-zero", "samples/one-voice.txt"])
        .output()
        .unwrap();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
