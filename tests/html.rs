//! The HTML report, read back: every claim once, in order, with its kind and source; snapshots
//! of two pages; and, where Chromium is installed, the page opened headless as a reader would.

use std::path::{Path, PathBuf};
use std::process::Command;

use sourced::input::Article;
use sourced::report::{html, Report};
use sourced::rules::RulePack;
use sourced::Checker;

fn report(paths: &[&str]) -> Report<'static> {
    let checker = Checker::new(RulePack::builtin());
    Report {
        documents: paths
            .iter()
            .map(|p| {
                checker
                    .check(&Article::read(Path::new(p)).unwrap())
                    .into_owned()
            })
            .collect(),
    }
}

fn page(paths: &[&str]) -> String {
    let mut out = Vec::new();
    html::render(&report(paths), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// The values of `attr` on every element that has it, in document order.
fn attrs(page: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    page.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &page[i + needle.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect()
}

#[test]
fn every_claim_appears_once_in_order_with_its_kind_and_source() {
    for path in [
        "samples/relayed-letter.txt",
        "samples/no-comment.txt",
        "samples/story.html",
        "samples/draft.md",
    ] {
        let r = report(&[path]);
        let p = page(&[path]);
        let kinds = attrs(&p, "data-kind");
        let sources = attrs(&p, "data-source");
        let doc = &r.documents[0];
        assert_eq!(kinds.len(), doc.claims.len(), "{path}");
        for (i, c) in doc.claims.iter().enumerate() {
            assert_eq!(kinds[i], c.kind.as_str(), "{path} claim {i}");
            assert_eq!(
                sources[i],
                html::esc(c.source.as_deref().unwrap_or("")),
                "{path} claim {i}"
            );
        }
        // Every claim is focusable and described by its tooltip.
        assert_eq!(p.matches("tabindex=\"0\"").count(), doc.claims.len());
        assert_eq!(p.matches("role=\"tooltip\"").count(), doc.claims.len());
        // Self-contained: no external asset, no script.
        assert!(
            !p.contains("<script") && !p.contains("src=\"http") && !p.contains("href=\"http"),
            "{path}"
        );
    }
}

#[test]
fn several_articles_get_a_table_of_contents() {
    let p = page(&["samples/relayed-letter.txt", "samples/one-voice.txt"]);
    assert!(p.contains("<nav class=\"toc\""));
    assert!(p.contains("href=\"#doc-1\"") && p.contains("href=\"#doc-2\""));
}

#[test]
fn output_dir_writes_a_page_per_article_and_an_index() {
    let dir = std::env::temp_dir().join(format!("sourced-html-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = Command::new(env!("CARGO_BIN_EXE_sourced"))
        .args([
            "check",
            "--isolated",
            "--exit-zero",
            "--format",
            "html",
            "--output-dir",
        ])
        .arg(&dir)
        .args(["samples/relayed-letter.txt", "samples/one-voice.txt"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(names.contains(&"index.html".to_string()));
    let index = std::fs::read_to_string(dir.join("index.html")).unwrap();
    for n in names.iter().filter(|n| *n != "index.html") {
        assert!(index.contains(n.as_str()), "index links {n}");
    }
}

#[test]
fn html_snapshots() {
    insta::assert_snapshot!("html_relayed_letter", page(&["samples/relayed-letter.txt"]));
    insta::assert_snapshot!("html_story", page(&["samples/story.html"]));
}

/// The browser: `SOURCED_CHROMIUM` if set (a path, which may not exist), else Debian's or
/// Google's in /usr/bin.
fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("SOURCED_CHROMIUM") {
        return Some(PathBuf::from(p)).filter(|p| p.exists());
    }
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .map(|n| Path::new("/usr/bin").join(n))
        .find(|p| p.exists())
}

/// Without Chromium the browser test fails under CI (`CI=true`: .ci/run installs it, so a
/// missing browser is a broken CI, not a pass), and locally says on stdout that it is skipped.
#[test]
fn a_missing_browser_fails_under_ci_and_is_said_to_be_skipped_locally() {
    let run = |ci: &str| {
        Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "chromium_renders_the_legend_and_the_highlights",
                "--nocapture",
            ])
            .env("SOURCED_CHROMIUM", "/nonexistent/chromium")
            .env("CI", ci)
            .output()
            .unwrap()
    };
    let ci = run("true");
    assert!(
        !ci.status.success(),
        "{}",
        String::from_utf8_lossy(&ci.stdout)
    );
    let local = run("");
    assert!(local.status.success());
    assert!(
        String::from_utf8_lossy(&local.stdout).contains("the browser check is skipped"),
        "{}",
        String::from_utf8_lossy(&local.stdout)
    );
}

fn headless(extra: &[&str], url: &str, profile: &Path) -> std::process::Output {
    Command::new(chromium().unwrap())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(url)
        .output()
        .unwrap()
}

/// Open the page in headless Chromium: the rendered DOM has the legend and every highlight,
/// and a screenshot is taken.
#[test]
fn chromium_renders_the_legend_and_the_highlights() {
    if chromium().is_none() {
        assert!(
            std::env::var_os("CI").is_none_or(|v| v != "true"),
            "CI=true and Chromium is not installed: .ci/run installs it (apt-get install chromium)"
        );
        println!("Chromium is not installed (apt-get install chromium): the browser check is skipped; .ci/run installs it");
        return;
    }
    let dir = std::env::temp_dir().join(format!("sourced-chromium-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("report.html");
    std::fs::write(&file, page(&["samples/relayed-letter.txt"])).unwrap();
    let url = format!("file://{}", file.display());
    let dom = headless(&["--dump-dom"], &url, &dir.join("profile"));
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(dom.contains("class=\"legend\""), "the legend renders");
    let claims = report(&["samples/relayed-letter.txt"]).documents[0]
        .claims
        .len();
    assert_eq!(
        attrs(&dom, "data-kind").len(),
        claims,
        "every highlight renders"
    );
    let shot = dir.join("shot.png");
    let out = headless(
        &[
            "--window-size=1100,1400",
            &format!("--screenshot={}", shot.display()),
        ],
        &url,
        &dir.join("profile2"),
    );
    let png = std::fs::read(&shot)
        .unwrap_or_else(|_| panic!("no screenshot: {}", String::from_utf8_lossy(&out.stderr)));
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 20_000,
        "a real screenshot ({} bytes)",
        png.len()
    );
}
