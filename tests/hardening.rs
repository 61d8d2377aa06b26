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
