//! On a terminal: the progress bar (standard error) and the report (standard output) share the
//! screen. The run goes through `script`, which gives it a pseudo-terminal, and the screen it
//! leaves is read back with a terminal emulator (vt100).

use std::process::Command;

/// The screen `sourced check ARGS` leaves on a terminal of `rows` × 250, and what it printed
/// to pipes instead (standard output, then standard error).
fn screen_and_pipe(args: &[&str], rows: u16) -> Option<(String, String)> {
    let bin = env!("CARGO_BIN_EXE_sourced");
    let command = std::iter::once(bin)
        .chain(args.iter().copied())
        .map(|a| format!("'{a}'"))
        .collect::<Vec<_>>()
        .join(" ");
    // The pseudo-terminal's size, as a terminal window would set it.
    let command = format!("stty cols 250 rows {rows} && {command}");
    // No `script` at all: the caller says so (or fails under CI). One that runs and fails is
    // a failure.
    let tty = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .output()
        .ok()?;
    assert!(
        tty.status.success(),
        "script: {}{}",
        String::from_utf8_lossy(&tty.stdout),
        String::from_utf8_lossy(&tty.stderr)
    );
    let size = |n: u16| std::num::NonZero::new(n).unwrap();
    let mut parser = vt100::Parser::new(size(rows), size(250), 0);
    parser.process(&tty.stdout);
    let screen = parser.screen().contents();
    let pipe = Command::new(bin).args(args).output().unwrap();
    let mut printed = String::from_utf8(pipe.stdout).unwrap();
    printed.push_str(&String::from_utf8(pipe.stderr).unwrap());
    Some((screen, printed))
}

/// The progress bar is cleared around every write: the screen ends with the report and only
/// the report, no stale bar left in it (`sourced check --format line corpus/`).
#[test]
fn the_progress_bar_leaves_no_trace_in_the_report() {
    let dir = std::env::temp_dir().join(format!("sourced-terminal-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read("samples/one-voice.txt").unwrap();
    for i in 0..60 {
        std::fs::write(dir.join(format!("a{i:02}.txt")), &text).unwrap();
    }
    let dir = dir.to_string_lossy().into_owned();
    let args = [
        "check",
        "--isolated",
        "--color",
        "never",
        "--exit-zero",
        "--threads",
        "1",
        "--format",
        "line",
        &dir,
    ];
    let Some((screen, pipe)) = screen_and_pipe(&args, 1000) else {
        assert!(
            std::env::var_os("CI").is_none_or(|v| v != "true"),
            "CI=true: `script` (util-linux) is needed to give the run a terminal"
        );
        println!("`script` (util-linux) is missing: the progress bar's terminal test is skipped");
        return;
    };
    let lines: Vec<&str> = screen.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(!screen.contains("articles"), "{screen}");
    assert_eq!(lines, pipe.lines().collect::<Vec<_>>());
}
