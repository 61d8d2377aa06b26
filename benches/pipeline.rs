//! Benchmarks of each stage and of the whole pipeline (divan): on the samples, on the BBC
//! corpus when ../shared is present, and on 1×, 10× and 100× copies of a text to show that time
//! grows linearly. Run with `cargo bench`; CI only builds them (`cargo bench --no-run`).

use std::path::Path;
use std::sync::OnceLock;

use divan::counter::BytesCount;
use divan::{black_box, Bencher};
use sourced::attribute::Attributor;
use sourced::input::Article;
use sourced::rules::RulePack;
use sourced::segment::segment;
use sourced::Checker;

fn main() {
    if corpus().is_none() {
        eprintln!("../shared is missing: the BBC-corpus benchmarks run on the samples only");
    }
    divan::main();
}

/// The samples, concatenated.
fn samples() -> &'static str {
    static S: OnceLock<String> = OnceLock::new();
    S.get_or_init(|| {
        let mut paths: Vec<_> =
            std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("samples"))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "txt"))
                .collect();
        paths.sort();
        paths
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect::<Vec<_>>()
            .join("\n\n")
    })
}

/// The BBC corpus, one string an article, when ../shared is present.
fn corpus() -> Option<&'static Vec<String>> {
    static C: OnceLock<Option<Vec<String>>> = OnceLock::new();
    C.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/bbc");
        let mut out = Vec::new();
        for topic in std::fs::read_dir(&root).ok()? {
            let topic = topic.ok()?.path();
            if !topic.is_dir() {
                continue;
            }
            let mut files: Vec<_> = std::fs::read_dir(&topic)
                .ok()?
                .map(|e| e.unwrap().path())
                .collect();
            files.sort();
            for f in files {
                let bytes = std::fs::read(&f).ok()?;
                out.push(String::from_utf8_lossy(&bytes).into_owned());
            }
        }
        Some(out)
    })
    .as_ref()
}

fn checker() -> &'static Checker {
    static C: OnceLock<Checker> = OnceLock::new();
    C.get_or_init(|| Checker::new(RulePack::builtin()))
}

#[divan::bench]
fn segment_samples(b: Bencher) {
    let text = samples();
    b.counter(BytesCount::of_str(text))
        .bench(|| segment(black_box(text)));
}

#[divan::bench]
fn attribute_samples(b: Bencher) {
    let text = samples();
    let spans = segment(text);
    let attributor = Attributor::new(&RulePack::builtin());
    b.counter(BytesCount::of_str(text)).bench(|| {
        attributor.attribute(black_box(text), spans.iter().copied(), &Default::default())
    });
}

#[divan::bench]
fn pipeline_samples(b: Bencher) {
    let article = Article::from_text("samples", samples());
    b.counter(BytesCount::of_str(samples()))
        .bench(|| checker().check(black_box(&article)));
}

#[divan::bench]
fn startup_rule_pack(b: Bencher) {
    b.bench(|| Checker::new(RulePack::builtin()));
}

#[divan::bench(sample_count = 10)]
fn pipeline_bbc_corpus(b: Bencher) {
    let Some(docs) = corpus() else { return };
    let articles: Vec<Article> = docs.iter().map(|t| Article::from_text("bbc", t)).collect();
    let bytes: usize = docs.iter().map(String::len).sum();
    b.counter(BytesCount::new(bytes)).bench(|| {
        for a in &articles {
            black_box(checker().check(a));
        }
    });
}

/// The same text repeated 1, 10 and 100 times in one article: bytes per second should stay flat.
#[divan::bench(args = [1, 10, 100], sample_count = 5)]
fn linear_growth(b: Bencher, copies: usize) {
    let text = samples().repeat(copies);
    let article = Article::from_text("copies", &text);
    b.counter(BytesCount::of_str(&text))
        .bench(|| checker().check(black_box(&article)));
}

#[divan::bench(sample_count = 10)]
fn segment_bbc_corpus(b: Bencher) {
    let Some(docs) = corpus() else { return };
    let bytes: usize = docs.iter().map(String::len).sum();
    b.counter(BytesCount::new(bytes)).bench(|| {
        for d in docs {
            black_box(segment(black_box(d)));
        }
    });
}

#[divan::bench(sample_count = 10)]
fn attribute_bbc_corpus(b: Bencher) {
    let Some(docs) = corpus() else { return };
    let spans: Vec<_> = docs.iter().map(|d| segment(d)).collect();
    let attributor = Attributor::new(&RulePack::builtin());
    let bytes: usize = docs.iter().map(String::len).sum();
    b.counter(BytesCount::new(bytes)).bench(|| {
        for (d, s) in docs.iter().zip(&spans) {
            black_box(attributor.attribute(d, s.iter().copied(), &Default::default()));
        }
    });
}

#[divan::bench(sample_count = 10)]
fn render_json_bbc_corpus(b: Bencher) {
    use sourced::report::{json, Report};
    let Some(docs) = corpus() else { return };
    let articles: Vec<Article> = docs.iter().map(|t| Article::from_text("bbc", t)).collect();
    let report = Report {
        documents: articles.iter().map(|a| checker().check(a)).collect(),
    };
    let bytes: usize = docs.iter().map(String::len).sum();
    let mut out = Vec::with_capacity(bytes * 5);
    b.counter(BytesCount::new(bytes)).bench_local(|| {
        out.clear();
        json::render(&report, &mut out).unwrap();
        black_box(out.len())
    });
}

/// Inputs built to find a super-linear step, at 1x, 10x and 100x: one sentence with no
/// punctuation, a quotation that never closes, a run of capitalised names, pronouns with no
/// one to point to. Bytes per second should stay flat along each row.
#[divan::bench(
    args = [
        ("no-punctuation", 1), ("no-punctuation", 10), ("no-punctuation", 100),
        ("open-quote", 1), ("open-quote", 10), ("open-quote", 100),
        ("names", 1), ("names", 10), ("names", 100),
        ("pronouns", 1), ("pronouns", 10), ("pronouns", 100),
    ],
    sample_count = 5
)]
fn adversarial_growth(b: Bencher, (shape, copies): (&str, usize)) {
    let unit = match shape {
        "no-punctuation" => "officials said the talks stalled and experts say the plan ",
        "open-quote" => "\u{201c}We will not stop, said Maya Okoro and the aides said ",
        "names" => "Maya Okoro Jan Smit Lou Jiwei Anna Berg Said Hassan told Reuters ",
        _ => "He said she said they said it. ",
    };
    let text = unit.repeat(100 * copies);
    let article = Article::from_text("adversarial", &text);
    b.counter(BytesCount::of_str(&text))
        .bench(|| checker().check(black_box(&article)));
}
