//! The `sourced` command line.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand, ValueEnum};

use sourced::checks::{self, REGISTRY};
use sourced::input::Article;
use sourced::report::{json, table, Report};
use sourced::rules::RulePack;
use sourced::Checker;

/// Exit codes (documented in the README).
const EXIT_OK: u8 = 0;
const EXIT_FINDINGS: u8 = 1;
const EXIT_ERROR: u8 = 2;

#[derive(Parser)]
#[command(
    name = "sourced",
    version,
    about = "Says who? Classifies every claim of a news article by how it is attributed."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check articles: classify every claim and print a reliability report.
    Check(CheckArgs),
    /// Rule packs: list their checks, or test their examples.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// Explain a check: what it flags, why (with the policy it comes from), how to fix it.
    Explain {
        /// The check's id (`ANON001`) or name (`anonymous-no-reason`).
        id: String,
    },
}

#[derive(Subcommand)]
enum RulesCommand {
    /// List every check: id, severity in the pack, one line.
    List(PackArgs),
    /// Run every check's examples and counter-examples of a pack (default: the active pack).
    Test {
        /// A built-in pack name (default, strict, ap) or a pack file.
        pack: Option<PathBuf>,
        #[command(flatten)]
        args: PackArgs,
    },
}

/// How the rule pack is chosen: `--rules` wins, then `--config`, then a `sourced.toml` or
/// `.sourced.toml` found in the current directory or its parents (unless `--isolated`), then
/// the built-in default.
#[derive(clap::Args)]
struct PackArgs {
    /// Use this rule pack: a built-in name (default, strict, ap) or a file.
    #[arg(long, value_name = "PACK")]
    rules: Option<PathBuf>,
    /// Use this configuration file (a rule pack, usually `extends = "default"`).
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
    /// Ignore any sourced.toml / .sourced.toml.
    #[arg(long)]
    isolated: bool,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Article files (plain text, UTF-8), or `-` for standard input.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    #[command(flatten)]
    pack: PackArgs,
    /// The name to report for standard input (`-`).
    #[arg(long, value_name = "NAME", default_value = "-")]
    stdin_filename: String,
    /// Exit 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,
    /// Exit 1 when an article scores below this.
    #[arg(long, value_name = "N")]
    min_score: Option<u32>,
    /// Report only: exit 0 whatever the findings (errors reading input still exit 2).
    #[arg(long)]
    exit_zero: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Table,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    fn threshold(self) -> Option<checks::Severity> {
        match self {
            FailOn::Error => Some(checks::Severity::Error),
            FailOn::Warning => Some(checks::Severity::Warning),
            FailOn::Info => Some(checks::Severity::Info),
            FailOn::Never => None,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check(args),
        Command::Rules {
            command: RulesCommand::List(args),
        } => rules_list(&args),
        Command::Rules {
            command: RulesCommand::Test { pack, args },
        } => rules_test(pack, &args),
        Command::Explain { id } => explain(&id),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// The configuration file found in `dir` or its parents.
fn discover(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .flat_map(|d| [d.join("sourced.toml"), d.join(".sourced.toml")])
        .find(|p| p.is_file())
}

fn load_pack(args: &PackArgs) -> Result<RulePack> {
    if let Some(p) = &args.rules {
        return RulePack::load(p);
    }
    if let Some(p) = &args.config {
        return RulePack::load(p);
    }
    if !args.isolated {
        if let Some(p) = std::env::current_dir().ok().and_then(|d| discover(&d)) {
            return RulePack::load(&p);
        }
    }
    Ok(RulePack::builtin())
}

fn check(args: CheckArgs) -> Result<u8> {
    let checker = Checker::new(load_pack(&args.pack)?);
    let mut documents = Vec::new();
    let mut failed = false;
    for f in &args.files {
        let read = if f.as_os_str() == "-" {
            Article::read_stdin(
                &args.stdin_filename,
                sourced::input::InputFormat::from_path(Path::new(&args.stdin_filename)),
            )
        } else {
            Article::read(f)
        };
        match read {
            Ok(article) => {
                // A defect in the classifier must not lose the other files' reports: it is
                // reported against the file that triggered it, as an error (exit 2).
                match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    checker.check(&article)
                })) {
                    Ok(doc) => documents.push(doc),
                    Err(_) => {
                        eprintln!(
                            "error: {}: internal error while checking this file (a bug in sourced): please report it with the file attached",
                            f.display()
                        );
                        failed = true;
                    }
                }
            }
            Err(e) => {
                eprintln!("error: {e:#}");
                failed = true;
            }
        }
    }
    let report = Report { documents };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let res = match args.format {
        Format::Table => table::render(&report, &mut out),
        Format::Json => json::render(&report, &mut out),
    }
    .and_then(|_| out.flush());
    if let Err(e) = res {
        // A closed pipe (`sourced check ... | head`) is the reader's choice, not an error.
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write the report: {e}");
            return Ok(EXIT_ERROR);
        }
    }
    if failed {
        return Ok(EXIT_ERROR);
    }
    let over = |d: &sourced::report::DocumentReport| {
        let threshold = args.fail_on.threshold();
        threshold.is_some_and(|t| d.findings.iter().any(|f| f.severity >= t))
            || args.min_score.is_some_and(|m| d.score < m)
    };
    if !args.exit_zero && report.documents.iter().any(over) {
        return Ok(EXIT_FINDINGS);
    }
    Ok(EXIT_OK)
}

fn rules_list(args: &PackArgs) -> Result<u8> {
    let pack = load_pack(args)?;
    println!("pack: {} — {}", pack.pack.name, pack.pack.description);
    for c in REGISTRY {
        let sev = checks::effective(&pack, c).map_or("off".to_string(), |s| s.to_string());
        println!("{:<8} {:<8} {:<30} {}", c.id, sev, c.name, c.summary);
    }
    Ok(EXIT_OK)
}

fn rules_test(pack: Option<PathBuf>, args: &PackArgs) -> Result<u8> {
    let pack = match pack {
        Some(p) => RulePack::load(&p)?,
        None => load_pack(args)?,
    };
    let results = checks::test_examples(&pack);
    let failed: Vec<_> = results.iter().filter(|r| !r.passed).collect();
    for r in &failed {
        let what = if r.counter {
            "counter-example triggered it"
        } else {
            "example did not trigger it"
        };
        println!("FAIL {} {what}: {:?}", r.id, r.text);
    }
    println!(
        "pack {}: {} passed, {} failed",
        pack.pack.name,
        results.len() - failed.len(),
        failed.len()
    );
    Ok(if failed.is_empty() {
        EXIT_OK
    } else {
        EXIT_FINDINGS
    })
}

fn explain(id: &str) -> Result<u8> {
    let Some(c) = checks::find(id) else {
        anyhow::bail!("no check `{id}`: `sourced rules list` lists them");
    };
    let pack = RulePack::builtin();
    println!("{} ({}) — default severity: {}", c.id, c.name, c.severity);
    println!();
    println!("What: {}.", c.summary);
    println!();
    println!("Why: {}", c.rationale);
    println!();
    println!("Fix: {}", c.fix);
    if let Some(cfg) = checks::config(&pack, c) {
        for e in &cfg.examples {
            println!("\nFlagged:     {e}");
        }
        for e in &cfg.counter_examples {
            println!("Not flagged: {e}");
        }
    }
    Ok(EXIT_OK)
}
