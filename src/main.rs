//! The `sourced` command line.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use sourced::input::Article;
use sourced::report::{json, table, Report};
use sourced::rules::RulePack;
use sourced::Checker;

/// Exit codes (documented in the README).
const EXIT_OK: u8 = 0;
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
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Article files (plain text, UTF-8), or `-` for standard input.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Use this rule pack instead of the built-in default.
    #[arg(long, value_name = "FILE")]
    rules: Option<PathBuf>,
    /// The name to report for standard input (`-`).
    #[arg(long, value_name = "NAME", default_value = "-")]
    stdin_filename: String,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Table,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check(args),
    }
}

fn check(args: CheckArgs) -> ExitCode {
    let pack = match &args.rules {
        Some(p) => match RulePack::load(p) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("error: {e:#}");
                return ExitCode::from(EXIT_ERROR);
            }
        },
        None => RulePack::builtin(),
    };
    let checker = Checker::new(pack);
    let mut documents = Vec::new();
    let mut failed = false;
    for f in &args.files {
        let read = if f.as_os_str() == "-" {
            Article::read_stdin(&args.stdin_filename)
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
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write the report: {e}");
            return ExitCode::from(EXIT_ERROR);
        }
    }
    ExitCode::from(if failed { EXIT_ERROR } else { EXIT_OK })
}
