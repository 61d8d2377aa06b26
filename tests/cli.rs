//! The command line as a user meets it: arguments, exit codes, error messages.

use std::process::Command;

fn sourced(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_sourced"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn temp(name: &str, bytes: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("sourced-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_string_lossy().into_owned()
}

#[test]
fn check_prints_a_table_and_exits_zero() {
    let (code, out, _) = sourced(&["check", "samples/relayed-letter.txt"]);
    assert_eq!(code, 0);
    assert!(out.contains("score "), "{out}");
    assert!(out.contains("Sources"), "{out}");
    assert!(out.contains("Harbor Daily"), "{out}");
}

#[test]
fn json_has_the_contract_fields_for_every_file() {
    let (code, out, _) = sourced(&[
        "check",
        "--format",
        "json",
        "samples/long-quote.txt",
        "samples/no-comment.txt",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let docs = v["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 2);
    for d in docs {
        assert!(d["path"].is_string() && d["score"].is_number());
        for c in d["claims"].as_array().unwrap() {
            for key in [
                "start", "end", "line", "column", "text", "kind", "source", "via", "cue",
            ] {
                assert!(c.get(key).is_some(), "claim lacks {key}: {c}");
            }
        }
    }
}

#[test]
fn missing_file_is_exit_2_naming_the_file() {
    let (code, _, err) = sourced(&["check", "no/such/article.txt"]);
    assert_eq!(code, 2);
    assert!(err.contains("no/such/article.txt"), "{err}");
}

#[test]
fn binary_file_is_exit_2_with_a_reason() {
    let p = temp("photo.jpg", b"\xff\xd8\xff\xe0\0\x10JFIF\0");
    let (code, _, err) = sourced(&["check", &p]);
    assert_eq!(code, 2);
    assert!(err.contains("binary") && err.contains("photo.jpg"), "{err}");
}

#[test]
fn latin1_file_is_checked_with_a_warning() {
    let p = temp("latin1.txt", b"Police said the caf\xe9 was closed.\n");
    let (code, out, _) = sourced(&["check", "--format", "json", &p]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let doc = &v["documents"][0];
    assert!(
        doc["warnings"][0]
            .as_str()
            .unwrap()
            .contains("from byte 19"),
        "{doc}"
    );
    assert_eq!(doc["claims"][0]["kind"], "organization");
    // Offsets count the bytes of the file, not of the decoded text.
    assert_eq!(doc["claims"][0]["end"], 32);
}

#[test]
fn broken_rule_pack_is_exit_2_naming_file_line_and_key() {
    let pack = sourced::rules::DEFAULT_PACK.replace("[weights]\nnamed", "[weights]\nnamed_typo");
    let p = temp("broken.toml", pack.as_bytes());
    let (code, _, err) = sourced(&["check", "--rules", &p, "samples/long-quote.txt"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("broken.toml:") && err.contains("named_typo"),
        "{err}"
    );
}

#[test]
fn empty_file_gets_an_empty_report() {
    let p = temp("empty.txt", b"");
    let (code, out, _) = sourced(&["check", "--format", "json", &p]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["documents"][0]["claims"].as_array().unwrap().len(), 0);
}

/// Reports are written as workers finish, in input order: two threads write exactly what one
/// thread writes, for every streaming format, with an unreadable file among the inputs.
#[test]
fn threads_write_the_same_report_in_input_order() {
    let mut files: Vec<String> = std::fs::read_dir("samples")
        .unwrap()
        .map(|e| e.unwrap().path().to_string_lossy().into_owned())
        .collect();
    files.sort();
    files.insert(3, "samples/no-such-file.txt".to_string());
    for format in [
        "json", "jsonl", "line", "github", "table", "sarif", "junit", "markdown",
    ] {
        let run = |threads: &str| {
            let mut args = vec![
                "check",
                "--exit-zero",
                "--threads",
                threads,
                "--format",
                format,
            ];
            args.extend(files.iter().map(String::as_str));
            sourced(&args)
        };
        let (code1, out1, err1) = run("1");
        let (code2, out2, err2) = run("2");
        assert_eq!(code1, 2, "{format}: the missing file is an error");
        assert_eq!((code1, &out1, &err1), (code2, &out2, &err2), "{format}");
        assert!(err1.contains("no-such-file.txt"), "{err1}");
    }
    let (_, out, _) = sourced(&["check", "--format", "json", "--threads", "2", "samples"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let paths: Vec<&str> = v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert!(paths.len() >= 10, "{paths:?}");
}

/// Reports of 1 MiB articles and more are written straight to the output when their turn
/// comes, the others rendered ahead and filed: mixed, in any order of finishing, they still
/// come out in input order and as one thread writes them.
#[test]
fn large_and_small_reports_keep_input_order_across_threads() {
    let story = std::fs::read_to_string("samples/wire-roundup.txt").unwrap();
    let large = story.repeat((1 << 20) / story.len() + 1);
    let mut files = Vec::new();
    for (k, text) in [
        &story, &large, &story, &story, &large, &story, &large, &story,
    ]
    .iter()
    .enumerate()
    {
        files.push(temp(&format!("mixed-{k}.txt"), text.as_bytes()));
    }
    let run = |threads: &str, format: &str| {
        let mut args = vec!["check", "--exit-zero", "--threads", threads];
        args.extend(["--format", format]);
        args.extend(files.iter().map(String::as_str));
        sourced(&args)
    };
    for format in ["json", "line"] {
        let one = run("1", format);
        assert_eq!(one.0, 0, "{format}: {}", one.2);
        for threads in ["2", "3"] {
            assert_eq!(run(threads, format), one, "{format}, {threads} threads");
        }
    }
}

/// A reader that stops early (`sourced check ... | head`) is its choice, not an error: no
/// message and no error exit code.
#[test]
fn closed_output_is_not_an_error() {
    use std::io::Read;
    use std::process::Stdio;
    // More output than a pipe holds, so that the writer meets the closed pipe.
    let text = std::fs::read("samples/relayed-letter.txt").unwrap();
    let files: Vec<String> = (0..300)
        .map(|i| temp(&format!("closed-{i}.txt"), &text))
        .collect();
    let mut child = Command::new(env!("CARGO_BIN_EXE_sourced"))
        .args(["check", "--exit-zero", "--format", "json"])
        .args(&files)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The pipe is closed here, when the read end is dropped.
    let out = child.wait_with_output().unwrap();
    assert_eq!(&first[..1], b"{");
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("error"), "{err}");
}

/// Every subcommand that prints ends quietly with 0 when its reader has already gone
/// (`sourced explain ANON001 | head -1`), as `check` does: no panic, no message.
#[test]
fn every_subcommand_ends_quietly_on_a_closed_pipe() {
    for args in [
        &["explain", "ANON001"][..],
        &["rules", "list", "--isolated"],
        &["rules", "test", "default"],
        &["completions", "bash"],
        &["man"],
        &["config", "--isolated"],
    ] {
        // The read end is closed before the command starts, so its first write fails.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = Command::new(env!("CARGO_BIN_EXE_sourced"))
            .args(args)
            .stdout(writer)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        assert!(err.is_empty(), "{args:?}: {err}");
    }
}

/// A `--min-score` failure says on standard error which article scored what against the bar.
#[test]
fn min_score_failure_names_the_article_and_its_score() {
    let (code, _, err) = sourced(&[
        "check",
        "--isolated",
        "--min-score",
        "99",
        "samples/council-budget.txt",
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("samples/council-budget.txt: score ")
            && err.contains("/100 is below --min-score 99"),
        "{err}"
    );
}

/// An empty article has no claim and so no score: `null` in JSON, "no claims" in the table, and
/// it neither fails nor passes `--min-score`.
#[test]
fn an_empty_article_has_no_score() {
    let p = temp("no-claims.txt", b"\n");
    let (code, out, err) = sourced(&[
        "check",
        "--isolated",
        "--format",
        "json",
        "--min-score",
        "50",
        &p,
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["documents"][0]["score"].is_null(), "{out}");
    assert_eq!(v["documents"][0]["verdict"], "no claims");
    let (code, out, _) = sourced(&["check", "--isolated", &p]);
    assert_eq!(code, 0);
    assert!(out.lines().nth(1) == Some("no claims"), "{out}");
}

/// `sourced` run from `cwd`.
fn sourced_in(cwd: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_sourced"))
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A fresh folder of its own for one test.
fn fresh(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("sourced-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Each file is checked with the nearest configuration above it, wherever `sourced` runs from
/// (as ruff does); `--isolated` and `--config` still choose one for all.
#[test]
fn each_file_gets_the_nearest_config_above_it() {
    let root = fresh("nearest");
    let desk = root.join("desk");
    std::fs::create_dir_all(desk.join("drafts")).unwrap();
    std::fs::create_dir_all(root.join("elsewhere")).unwrap();
    std::fs::write(
        desk.join("sourced.toml"),
        "extends = \"default\"\n[checks.VAG001]\nseverity = \"error\"\n",
    )
    .unwrap();
    std::fs::write(
        root.join("elsewhere/.sourced.toml"),
        "extends = \"default\"\n[checks.VAG001]\nenabled = false\n",
    )
    .unwrap();
    let a = desk.join("drafts/a.txt");
    let b = root.join("elsewhere/b.txt");
    for f in [&a, &b] {
        std::fs::write(f, "Experts say the plan is doomed.\n").unwrap();
    }
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let run = |extra: &[&str]| {
        let mut args = vec!["check", "--format", "line", "--exit-zero"];
        args.extend(extra);
        args.extend([a, b]);
        sourced_in(&std::env::temp_dir(), &args)
    };
    let (code, out, err) = run(&[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("a.txt:1:1: error[VAG001]"), "{out}");
    assert!(
        !out.contains("b.txt:1:1: warning[VAG001]") && !out.contains("b.txt:1:1: error[VAG001]"),
        "{out}"
    );
    let (_, out, _) = run(&["--isolated"]);
    assert!(
        out.contains("a.txt:1:1: warning[VAG001]") && out.contains("b.txt:1:1: warning[VAG001]"),
        "{out}"
    );
    // Standard input takes the configuration of its --stdin-filename's folder.
    let mut child = Command::new(env!("CARGO_BIN_EXE_sourced"))
        .current_dir(&root)
        .args([
            "check",
            "--format",
            "line",
            "--exit-zero",
            "--stdin-filename",
            "desk/c.txt",
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
        .write_all(b"Experts say so.\n")
        .unwrap();
    let out = String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap();
    assert!(out.contains("desk/c.txt:1:1: error[VAG001]"), "{out}");
}

/// A baseline keys findings by the path from the project root: written for `art.txt`, it
/// applies to `./art.txt`, to the absolute path, and from the folder above — with the project
/// marked by its configuration or by git.
#[test]
fn baselines_apply_however_the_file_is_named() {
    for marker in ["config", "git"] {
        let root = fresh(&format!("baseline-keys-{marker}"));
        let proj = root.join("proj");
        std::fs::create_dir_all(&proj).unwrap();
        match marker {
            "config" => {
                std::fs::write(proj.join("sourced.toml"), "extends = \"default\"\n").unwrap()
            }
            _ => std::fs::create_dir_all(proj.join(".git")).unwrap(),
        }
        std::fs::write(proj.join("art.txt"), "Experts say the plan is doomed.\n").unwrap();
        let base = proj.join("baseline.json");
        let base = base.to_str().unwrap();
        let (code, _, err) = sourced_in(
            &proj,
            &[
                "check",
                "--fail-on",
                "warning",
                "--write-baseline",
                base,
                "art.txt",
            ],
        );
        assert_eq!(code, 1, "{err}");
        let absolute = proj.join("art.txt");
        for (cwd, name) in [
            (&proj, "./art.txt"),
            (&proj, absolute.to_str().unwrap()),
            (&root, "proj/art.txt"),
            (&root, "proj/../proj/art.txt"),
        ] {
            let (code, out, err) = sourced_in(
                cwd,
                &[
                    "check",
                    "--fail-on",
                    "warning",
                    "--format",
                    "line",
                    "--baseline",
                    base,
                    name,
                ],
            );
            assert_eq!(
                code,
                0,
                "{marker}: {name} from {}: {out}{err}",
                cwd.display()
            );
        }
        // The key in the file is the path from the root, with `/` between folders.
        let written = std::fs::read_to_string(base).unwrap();
        assert!(written.contains("\"path\": \"art.txt\""), "{written}");
    }
}

/// `rules test` on the README's own sample pack, which turns ART003 off: the disabled check's
/// examples are skipped (they cannot trigger it), and the pack is reported under its own name
/// — or, when it has none of its own, under its file's.
#[test]
fn rules_test_skips_disabled_checks_and_names_the_pack() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let sample = readme
        .split("```toml\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap())
        .find(|b| b.starts_with("extends = \"default\""))
        .expect("the README's sample pack");
    assert!(sample.contains("enabled = false"), "{sample}");
    let named = temp("metro.toml", sample.as_bytes());
    let (code, out, err) = sourced(&["rules", "test", &named]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("pack metro-desk: ") && out.contains(" 0 failed"),
        "{out}"
    );
    assert!(out.contains("turns off: ART003"), "{out}");
    let unnamed = temp(
        "unnamed.toml",
        b"extends = \"default\"\n[checks.ART003]\nenabled = false\n",
    );
    let (code, out, _) = sourced(&["rules", "test", &unnamed]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(&format!("pack {unnamed}: ")), "{out}");
}

/// `--select`, `--extend-select` and `--ignore` choose checks by id or by the start of one, as
/// ruff's do; so do `select` and `ignore` in a config. A code that chooses no check is an
/// error, and a suppression of an ignored check is not "unused".
#[test]
fn select_and_ignore_choose_checks_by_id_or_prefix() {
    let ids = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["check", "--isolated", "--format", "line", "--exit-zero"];
        all.extend(args);
        all.push("samples/one-voice.txt");
        let (code, out, err) = sourced(&all);
        assert_eq!(code, 0, "{args:?}: {err}");
        let mut ids: Vec<String> = out
            .lines()
            .map(|l| {
                l.split('[')
                    .nth(1)
                    .unwrap()
                    .split(']')
                    .next()
                    .unwrap()
                    .to_string()
            })
            .collect();
        ids.dedup();
        ids
    };
    let every = ids(&[]);
    assert!(every.iter().any(|i| i.starts_with("ART")), "{every:?}");
    let anon = ids(&["--select", "ANON"]);
    assert!(
        !anon.is_empty() && anon.iter().all(|i| i.starts_with("ANON")),
        "{anon:?}"
    );
    let some = ids(&[
        "--select",
        "anon",
        "--ignore",
        "ANON007,ANON008",
        "--extend-select",
        "ART001",
    ]);
    assert!(some.contains(&"ART001".to_string()), "{some:?}");
    assert!(
        !some
            .iter()
            .any(|i| i == "ANON007" || i == "ANON008" || i == "ART002"),
        "{some:?}"
    );
    assert_eq!(ids(&["--ignore", "ALL"]), Vec::<String>::new());

    let (code, _, err) = sourced(&[
        "check",
        "--isolated",
        "--select",
        "ANON01X",
        "samples/one-voice.txt",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("--select") && err.contains("ANON01X"), "{err}");

    // In a config, and a suppression of an ignored check is not reported as matching nothing.
    let dir = fresh("select-config");
    std::fs::write(
        dir.join("sourced.toml"),
        "extends = \"default\"\nselect = [\"VAG\", \"SUP\"]\nignore = [\"VAG001\"]\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("a.txt"),
        "<!-- sourced-disable-next-line VAG001 -->\nExperts say the plan is doomed.\n\nCritics argue it is late.\n",
    )
    .unwrap();
    let (code, out, err) = sourced_in(
        &dir,
        &["check", "--format", "line", "--fail-on", "info", "a.txt"],
    );
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    let (_, out, _) = sourced_in(&dir, &["rules", "list"]);
    assert!(out.lines().any(|l| l.starts_with("VAG001   off")), "{out}");
    std::fs::write(
        dir.join("sourced.toml"),
        "extends = \"default\"\nignore = [\"VAG01\"]\n",
    )
    .unwrap();
    let (code, _, err) = sourced_in(&dir, &["check", "a.txt"]);
    assert_eq!(code, 2);
    // The code is pointed at in the file, as every other error of a pack is.
    assert!(
        err.contains("sourced.toml:2:11") && err.contains("`ignore[0]`") && err.contains("VAG01"),
        "{err}"
    );
}

/// `sourced config` (and `check --show-config FILE`) shows the resolved pack, every value with
/// where it comes from, and every check in effect with why.
#[test]
fn config_shows_every_value_and_where_it_comes_from() {
    let dir = fresh("show-config");
    std::fs::create_dir_all(dir.join("drafts")).unwrap();
    std::fs::write(
        dir.join("sourced.toml"),
        "extends = \"strict\"\n[pack]\nname = \"metro\"\n[lexicons.add]\noutlets = [\"Valley Courier\"]\n[checks.ART003]\nenabled = false\n[weights]\nvague = 0.1\n",
    )
    .unwrap();
    std::fs::write(dir.join("drafts/a.txt"), "Experts say so.\n").unwrap();
    let config = dir.join("sourced.toml").display().to_string();
    let (code, out, err) = sourced_in(&dir, &["config", "--ignore", "VAG"]);
    assert_eq!(code, 0, "{err}");
    let line = |start: &str| {
        out.lines()
            .find(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("no {start}: {out}"))
            .to_string()
    };
    assert_eq!(
        line("pack.name = "),
        format!("pack.name = \"metro\"  # {config}")
    );
    assert_eq!(
        line("weights.vague = "),
        format!("weights.vague = 0.1  # {config}")
    );
    assert!(
        line("pack.description = ").ends_with("# rules/strict.toml (built in)")
            && line("weights.named = ").ends_with("# rules/default.toml (built in)"),
        "{out}"
    );
    assert!(
        line("lexicons.outlets = ").contains("Valley Courier"),
        "{out}"
    );
    assert!(
        line("lexicons.outlets = ").ends_with(&format!("+ lexicons.add in {config}")),
        "{out}"
    );
    assert!(
        line("ART003 ").contains("off") && line("ART003 ").contains("enabled from"),
        "{out}"
    );
    assert!(
        line("VAG001 ").contains("ignored: ignore from the command line"),
        "{out}"
    );
    // From elsewhere, for a file: the file's nearest config.
    let (code, shown, _) = sourced(&[
        "check",
        "--show-config",
        &dir.join("drafts/a.txt").display().to_string(),
    ]);
    assert_eq!(code, 0);
    assert!(
        shown.contains(&format!("# the rule pack in use: {config}")),
        "{shown}"
    );
}

/// `sourced completions SHELL` prints a completion script for each shell clap_complete knows
/// (the bash one is valid bash); `sourced man` a roff manual page naming every subcommand.
#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let (code, out, err) = sourced(&["completions", shell]);
        assert_eq!(code, 0, "{shell}: {err}");
        assert!(
            out.contains("sourced") && out.contains("min-score"),
            "{shell}: {out}"
        );
    }
    let (_, bash, _) = sourced(&["completions", "bash"]);
    let script = temp("completion.bash", bash.as_bytes());
    if let Ok(status) = Command::new("bash").args(["-n", &script]).status() {
        assert!(status.success(), "bash -n {script}");
    }
    let (code, man, err) = sourced(&["man"]);
    assert_eq!(code, 0, "{err}");
    assert!(man.contains(".TH sourced 1"), "{man}");
    for sub in [
        "check",
        "rules",
        "explain",
        "config",
        "completions",
        "batch",
    ] {
        assert!(man.contains(sub), "the man page lacks {sub}");
    }
    let (code, _, err) = sourced(&["completions", "tcsh"]);
    assert_eq!(code, 2, "{err}");
}

/// `sourced config` follows `extends` as the pack loader does: a built-in name is the built-in
/// pack even when the folder holds a file of that name (issue #17, item 8).
#[test]
fn config_reads_a_built_in_name_as_the_built_in_pack() {
    let dir = fresh("show-config-builtin");
    std::fs::write(dir.join("sourced.toml"), "extends = \"strict\"\n").unwrap();
    std::fs::write(dir.join("strict"), "not a pack at all [").unwrap();
    let (code, out, err) = sourced_in(&dir, &["config"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.lines().any(|l| l.starts_with("pack.description = ")
            && l.ends_with("# rules/strict.toml (built in)")),
        "{out}"
    );
}
