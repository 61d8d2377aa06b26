//! Every input gets an answer: property tests over arbitrary text, and the bad inputs a
//! newsroom's files will hold sooner or later.

use std::path::Path;
use std::process::Command;

use proptest::prelude::*;
use sourced::input::Article;
use sourced::report::{json, Report};
use sourced::rules::RulePack;
use sourced::Checker;

fn checker() -> &'static Checker {
    static C: std::sync::OnceLock<Checker> = std::sync::OnceLock::new();
    C.get_or_init(|| Checker::new(RulePack::builtin()))
}

/// Line and column of a byte offset, counted independently of the pipeline: lines end at
/// `\n`, `\r\n` or a lone `\r`; columns count characters.
fn reference_line_col(text: &str, offset: usize) -> (u32, u32) {
    let mut line = 1;
    let mut col = 1;
    let mut chars = text[..offset].chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' || c == '\r' && chars.peek() != Some(&'\n') {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    (line, col)
}

/// The invariants of issue #5 for one text.
fn check_invariants(text: &str) {
    let doc = checker()
        .check(&Article::from_text("prop.txt", text))
        .into_owned();
    let mut last = 0;
    for c in &doc.claims {
        assert!(
            c.start >= last,
            "claims overlap or go backwards at {}",
            c.start
        );
        assert!(c.start < c.end, "empty claim at {}", c.start);
        assert!(text.is_char_boundary(c.start) && text.is_char_boundary(c.end));
        assert!(
            text[last..c.start].trim().is_empty(),
            "text dropped: {:?}",
            &text[last..c.start]
        );
        assert_eq!(&text[c.start..c.end], c.text);
        assert_eq!(
            (c.line, c.column),
            reference_line_col(text, c.start),
            "position of {:?}",
            c.text
        );
        last = c.end;
    }
    assert!(
        text[last..].trim().is_empty(),
        "tail dropped: {:?}",
        &text[last..]
    );
}

/// Text made of the characters that stress a segmenter: words, sentence ends, abbreviations,
/// quotes of every kind, line ends of every kind, and Unicode that is not ASCII.
fn article_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "said",
        "Smith",
        "the",
        "official",
        "U.S.",
        "Mr.",
        "Feb.",
        "J.",
        "declined to comment",
        "according to",
        "Reuters",
        "he",
        "She",
        "experts",
        ".",
        ". ",
        "! ",
        "? ",
        "?",
        ",",
        ";",
        ":",
        "\"",
        "“",
        "”",
        "‘",
        "’",
        "''",
        "(",
        ")",
        "—",
        "-",
        " ",
        " ",
        " ",
        "\n",
        "\n\n",
        "\r\n",
        "\r",
        "\t",
        "\u{200b}",
        "\u{202e}",
        "😀",
        "e\u{301}",
        "日本語",
        "…",
        "\u{a0}",
    ]);
    prop::collection::vec(pieces, 0..120).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn claims_cover_the_text_in_order(text in article_text()) {
        check_invariants(&text);
    }

    #[test]
    fn any_unicode_is_covered(text in any::<String>()) {
        check_invariants(&text);
    }

    #[test]
    fn the_report_is_deterministic(text in article_text()) {
        let render = || {
            let doc = checker().check(&Article::from_text("prop.txt", &text)).into_owned();
            let mut out = Vec::new();
            json::render(&Report { documents: vec![doc] }, &mut out).unwrap();
            out
        };
        prop_assert_eq!(render(), render());
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(article) = Article::from_bytes("bytes.txt", &bytes) {
            let doc = checker().check(&article);
            for c in &doc.claims {
                prop_assert!(c.start <= c.end && c.end <= bytes.len() + 3);
            }
        }
    }
}

#[test]
fn pathological_texts_are_checked() {
    let long_sentence = "word ".repeat(200_000);
    let quotes = "\"".repeat(10_000);
    let curly = "“”".repeat(5_000);
    let mixed = "One line.\r\nTwo line.\rThree line.\nFour\tline.\n";
    let unicode =
        "Zero\u{200b}width said. \u{202e}Right-to-left said. Emoji 😀 said. Cafe\u{301} said.";
    for text in [
        "",
        " \n\t\r\n ",
        "no sentence end at all",
        &long_sentence,
        &quotes,
        &curly,
        mixed,
        unicode,
    ] {
        check_invariants(text);
    }
}

#[test]
fn columns_count_characters_not_bytes() {
    let text = "😀 Emoji first. É second.";
    let doc = checker().check(&Article::from_text("x", text)).into_owned();
    assert_eq!(doc.claims[1].text, "É second.");
    // 😀 is four bytes but one character: É stands at column 16, byte 18.
    assert_eq!(doc.claims[1].column, 16);
    assert_eq!(doc.claims[1].start, 18);
}

#[test]
fn lone_carriage_returns_end_lines() {
    let text = "First line.\rSecond line.\rThird.";
    let doc = checker().check(&Article::from_text("x", text)).into_owned();
    let lines: Vec<u32> = doc.claims.iter().map(|c| c.line).collect();
    assert_eq!(lines, [1, 2, 3]);
}

fn sourced(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_sourced"))
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("sourced-robust-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_without_hanging() {
    let dir = temp_dir("fifo");
    let fifo = dir.join("pipe.txt");
    let _ = std::fs::remove_file(&fifo);
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo is not available here: the FIFO case is not exercised");
        return;
    }
    let (code, err) = sourced(&["check", fifo.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("not a regular file"), "{err}");
}

#[test]
fn a_directory_and_a_dangling_link_are_clear_errors() {
    let dir = temp_dir("dir");
    let (code, err) = sourced(&["check", dir.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("no article files here"), "{err}");
    #[cfg(unix)]
    {
        let link = dir.join("gone.txt");
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(dir.join("nowhere.txt"), &link).unwrap();
        let (code, err) = sourced(&["check", link.to_str().unwrap()]);
        assert_eq!(code, 2);
        assert!(err.contains("no such file"), "{err}");
    }
}

#[test]
fn stdin_closed_at_once_is_an_empty_article() {
    let (code, err) = sourced(&["check", "--format", "json", "-"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn one_bad_file_does_not_lose_the_others() {
    let out = Command::new(env!("CARGO_BIN_EXE_sourced"))
        .args([
            "check",
            "--format",
            "json",
            "samples/long-quote.txt",
            "no/such.txt",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["documents"].as_array().unwrap().len(), 1);
}

#[test]
fn rule_packs_that_are_broken_or_extreme() {
    // Malformed TOML.
    assert!(RulePack::parse("[pack\nname = 1", "m.toml")
        .unwrap_err()
        .to_string()
        .starts_with("m.toml:1:"));
    // An empty cue lexicon cannot classify anything: an error that says so.
    let empty = sourced::rules::DEFAULT_PACK.replacen(
        "speech_verbs = [",
        "speech_verbs = [] \nold_speech_verbs = [",
        1,
    );
    assert!(RulePack::parse(&empty, "e.toml").is_err());
    // Other lists may be empty.
    let no_outlets = {
        let start = sourced::rules::DEFAULT_PACK.find("\noutlets = [").unwrap();
        let end = start + sourced::rules::DEFAULT_PACK[start..].find("]\n").unwrap() + 2;
        format!(
            "{}\noutlets = []\n{}",
            &sourced::rules::DEFAULT_PACK[..start],
            &sourced::rules::DEFAULT_PACK[end..]
        )
    };
    let pack = RulePack::parse(&no_outlets, "n.toml").unwrap();
    let doc = Checker::new(pack)
        .check(&Article::from_text(
            "x",
            "Reuters reported that talks failed.",
        ))
        .into_owned();
    assert_eq!(doc.claims.len(), 1);
    // A huge lexicon (100,000 entries) loads and works.
    let huge: Vec<String> = (0..100_000).map(|i| format!("\"outlet{i}\"")).collect();
    let big = sourced::rules::DEFAULT_PACK.replacen(
        "outlets = [",
        &format!("outlets = [{},", huge.join(", ")),
        1,
    );
    let pack = RulePack::parse(&big, "big.toml").unwrap();
    let doc = Checker::new(pack)
        .check(&Article::from_text(
            "x",
            "outlet99999 reported that talks failed.",
        ))
        .into_owned();
    assert_eq!(doc.claims[0].kind, sourced::kind::Kind::Relayed);
}

/// Every input a fuzz target ever crashed on stays a test: the whole pipeline on it, with the
/// fuzz target's own assertions.
#[test]
fn fuzz_regressions() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let format = if name.starts_with("markdown") {
            sourced::input::InputFormat::Markdown
        } else if name.starts_with("html") {
            sourced::input::InputFormat::Html
        } else {
            sourced::input::InputFormat::Text
        };
        if let Ok(article) = Article::from_bytes_as(&name, &bytes, format) {
            let doc = checker().check(&article);
            let mut last = 0;
            for c in &doc.claims {
                assert!(
                    c.start <= c.end && c.end <= bytes.len(),
                    "{name}: claim {}..{} past {}",
                    c.start,
                    c.end,
                    bytes.len()
                );
                assert!(c.start >= last, "{name}: claims out of order");
                last = c.start;
            }
        }
        n += 1;
    }
    assert!(n >= 1);
}
