//! Snapshot tests: the table and the JSON report of every sample article, under the default
//! rule pack. A change in the classifier shows up here as a reviewed diff (`cargo insta review`).

use std::path::Path;

use sourced::input::Article;
use sourced::report::{json, table, Report};
use sourced::rules::RulePack;
use sourced::Checker;

fn samples() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir("samples")
        .expect("samples/ exists")
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "txt" || e == "md" || e == "html")
        })
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    v.sort();
    assert!(v.len() >= 8, "the project ships at least 8 sample articles");
    v
}

/// The sample's file name without its extension, for snapshot names.
fn stem(path: &str) -> String {
    Path::new(path)
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

fn report_of(path: &str) -> Report<'static> {
    let checker = Checker::new(RulePack::builtin());
    let article = Article::read(Path::new(path)).unwrap();
    Report {
        documents: vec![checker.check(&article).into_owned()],
    }
}

#[test]
fn table_report_of_every_sample() {
    for path in samples() {
        let mut out = Vec::new();
        table::render(&report_of(&path), &mut out, false).unwrap();
        let name = stem(&path);
        insta::assert_snapshot!(format!("table_{name}"), String::from_utf8(out).unwrap());
    }
}

#[test]
fn json_report_of_every_sample() {
    for path in samples() {
        let mut out = Vec::new();
        json::render(&report_of(&path), &mut out).unwrap();
        let name = stem(&path);
        let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
        insta::assert_json_snapshot!(format!("json_{name}"), value);
    }
}

/// Every plain-text sample has every byte in a claim or in the white space between claims,
/// offsets that point into the file, and line/column that agree with them.
#[test]
fn claims_cover_every_sample_and_point_into_the_file() {
    for path in samples().into_iter().filter(|p| p.ends_with(".txt")) {
        let bytes = std::fs::read(&path).unwrap();
        let report = report_of(&path);
        let doc = &report.documents[0];
        let mut last = 0;
        for c in &doc.claims {
            assert!(c.start >= last, "{path}: claims overlap at {}", c.start);
            let gap = std::str::from_utf8(&bytes[last..c.start]).unwrap();
            assert!(
                gap.trim().is_empty(),
                "{path}: text dropped between claims: {gap:?}"
            );
            assert_eq!(
                std::str::from_utf8(&bytes[c.start..c.end]).unwrap(),
                c.text,
                "{path}"
            );
            let before = std::str::from_utf8(&bytes[..c.start]).unwrap();
            assert_eq!(
                c.line as usize,
                before.matches('\n').count() + 1,
                "{path}: line of {:?}",
                c.text
            );
            let col = before.rsplit('\n').next().unwrap().chars().count() + 1;
            assert_eq!(c.column as usize, col, "{path}: column of {:?}", c.text);
            last = c.end;
        }
        assert!(
            std::str::from_utf8(&bytes[last..])
                .unwrap()
                .trim()
                .is_empty(),
            "{path}: tail dropped"
        );
    }
}

/// The samples were written to exercise every kind: each kind appears in at least one of them.
#[test]
fn samples_cover_every_kind() {
    let mut seen = std::collections::BTreeSet::new();
    for path in samples() {
        for c in &report_of(&path).documents[0].claims {
            seen.insert(c.kind);
        }
    }
    assert_eq!(seen.len(), 7, "kinds seen: {seen:?}");
}

/// The findings of every sample under the default and the strict pack.
#[test]
fn findings_of_every_sample_under_default_and_strict() {
    for pack_name in ["default", "strict"] {
        let checker = Checker::new(RulePack::named(pack_name).unwrap());
        for path in samples() {
            let doc = checker
                .check(&Article::read(Path::new(&path)).unwrap())
                .into_owned();
            let lines: Vec<String> = doc
                .findings
                .iter()
                .map(|f| {
                    format!(
                        "{}:{} {} {} {}",
                        f.line, f.column, f.severity, f.id, f.message
                    )
                })
                .collect();
            let name = stem(&path);
            insta::assert_snapshot!(
                format!("findings_{pack_name}_{name}"),
                format!("score {}\n{}", doc.score.unwrap(), lines.join("\n"))
            );
        }
    }
}

/// Markdown and HTML: every claim's offsets point at its first word in the original file, and
/// its line and column are that word's line and column there.
#[test]
fn markdown_and_html_claims_point_into_the_original_file() {
    for path in ["samples/draft.md", "samples/story.html"] {
        let bytes = std::fs::read(path).unwrap();
        let source = std::str::from_utf8(&bytes).unwrap();
        let doc = report_of(path).documents.remove(0);
        assert!(doc.claims.len() >= 5, "{path}");
        for c in &doc.claims {
            let first_word: String = c
                .text
                .chars()
                .take_while(|ch| ch.is_alphanumeric())
                .collect();
            assert!(
                source[c.start..].starts_with(&first_word),
                "{path}: {:?} at {}",
                c.text,
                c.start
            );
            let before = &source[..c.start];
            assert_eq!(
                c.line as usize,
                before.matches('\n').count() + 1,
                "{path}: line of {:?}",
                c.text
            );
            assert_eq!(
                c.column as usize,
                before.rsplit('\n').next().unwrap().chars().count() + 1,
                "{path}"
            );
        }
    }
}
