//! Issue #17: inputs an attacker or a careless user would try. None may slow a check past
//! linear time, lose text, exhaust memory or block. Time limits here are generous bounds (a
//! minute where the fixed code takes well under a second), never tight timings: those are the
//! benchmarks' job.

use std::process::{Command, Stdio};
use std::time::Duration;

use sourced::input::{Article, InputFormat};
use sourced::rules::RulePack;
use sourced::Checker;

fn checker() -> &'static Checker {
    static C: std::sync::OnceLock<Checker> = std::sync::OnceLock::new();
    C.get_or_init(|| Checker::new(RulePack::builtin()))
}

/// Run `f` on another thread and fail if it takes longer than `limit`.
fn within<T: Send + 'static>(
    limit: Duration,
    what: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(limit)
        .unwrap_or_else(|_| panic!("{what}: still running after {limit:?}"))
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("sourced-hard-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The binary, with its standard input closed, as a person would run it.
fn sourced(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_sourced"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// Item 1: 4,000 disable/enable pairs and 4,000 next-line comments took minutes (every finding
/// scanned every directive and every claim); indexed, they take milliseconds.
#[test]
fn thousands_of_suppressions_are_checked_in_linear_time() {
    let mut text = String::new();
    for i in 0..4_000 {
        text.push_str("<!-- sourced-disable VAG001 -->\nExperts say it rains.\n<!-- sourced-enable VAG001 -->\n");
        text.push_str(&format!(
            "<!-- sourced-disable-next-line VAG001 -->\nCritics argue {i}.\n\n"
        ));
    }
    let findings = within(Duration::from_secs(60), "8,000 suppressions", move || {
        let article = Article::from_text("many.txt", &text);
        let doc = checker().check(&article);
        let vague = doc.findings.iter().filter(|f| f.id != "ART001").count();
        (doc.claims.len(), vague)
    });
    assert_eq!(findings, (8_000, 0), "claims, findings other than ART001");
}

/// The binary run in `dir` with a time limit: killed, and the test failed, past it.
fn sourced_in(dir: &std::path::Path, args: &[&str], limit: Duration) -> std::process::Output {
    let child = Command::new(env!("CARGO_BIN_EXE_sourced"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let id = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(limit) {
        Ok(out) => out.unwrap(),
        Err(_) => {
            let _ = Command::new("kill").arg("-9").arg(id.to_string()).status();
            panic!("sourced {args:?}: still running after {limit:?}");
        }
    }
}

fn documents(out: &std::process::Output) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap().to_string())
        .collect()
}

/// Item 2: a `**` glob over two symbolic links back to the parent never ended (12 GB and
/// counting); with one loop the same article came 41 times. Globs are walked as folders are.
#[cfg(unix)]
#[test]
fn a_glob_over_symlink_loops_ends_and_reports_each_file_once() {
    let dir = temp_dir("glob-loop");
    let sub = dir.join("g/sub");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(sub.join("a.txt"), "Police said it was calm.\n").unwrap();
    std::fs::write(dir.join("g/b.txt"), "The mayor said so.\n").unwrap();
    std::os::unix::fs::symlink("..", sub.join("l1")).unwrap();
    std::os::unix::fs::symlink("..", sub.join("l2")).unwrap();
    let out = sourced_in(
        &dir,
        &[
            "check",
            "--isolated",
            "--exit-zero",
            "--format",
            "json",
            "g/**/*.txt",
        ],
        Duration::from_secs(60),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(documents(&out), ["g/b.txt", "g/sub/a.txt"]);
    // A glob relative to here, and one wildcard deep only.
    let out = sourced_in(
        &dir.join("g"),
        &[
            "check",
            "--isolated",
            "--exit-zero",
            "--format",
            "json",
            "*.txt",
        ],
        Duration::from_secs(60),
    );
    assert_eq!(documents(&out), ["b.txt"]);
    let out = sourced_in(
        &dir,
        &[
            "check",
            "--isolated",
            "--exit-zero",
            "--format",
            "json",
            "g/*/*.txt",
        ],
        Duration::from_secs(60),
    );
    assert_eq!(documents(&out), ["g/sub/a.txt"]);
}

/// Item 13: `.gitignore` is honoured in a folder that is not a git repository, as ripgrep does.
#[test]
fn gitignore_is_honoured_outside_a_git_repository() {
    let dir = temp_dir("gitignore");
    std::fs::write(dir.join(".gitignore"), "skip.txt\n").unwrap();
    std::fs::write(dir.join("keep.txt"), "Police said it was calm.\n").unwrap();
    std::fs::write(dir.join("skip.txt"), "The mayor said so.\n").unwrap();
    let out = sourced_in(
        &dir,
        &[
            "check",
            "--isolated",
            "--exit-zero",
            "--format",
            "json",
            ".",
        ],
        Duration::from_secs(60),
    );
    assert_eq!(documents(&out), ["./keep.txt"]);
}
