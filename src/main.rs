//! The `sourced` command line.

use std::collections::BTreeMap;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};

use anyhow::Result;
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use sourced::baseline::{self, Baseline, Keys};
use sourced::checks::{self, REGISTRY};
use sourced::config::Discovery;
use sourced::diff::git::{self, Version, Versions};
use sourced::diff::{self, DraftDiff};
use sourced::input::files::{self, Input};
use sourced::input::{Article, InputFormat};
use sourced::report::summary::{RunStats, Tally};
use sourced::report::{
    annotate, github, html, json, jsonl, junit, line, markdown, sarif, table, DocumentReport,
    Report, Stream,
};
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
    /// Compare two versions of an article: what the edit did to its sourcing (claims added,
    /// removed, edited or reattributed, sources, score, findings, regressions).
    Diff(DiffArgs),
    /// The configuration in use: the resolved rule pack, every value and where it comes from,
    /// and every check in effect.
    Config {
        /// The file or folder whose configuration to show (default: the working directory).
        path: Option<PathBuf>,
        #[command(flatten)]
        pack: PackArgs,
    },
    /// Print a completion script for a shell (bash, zsh, fish, powershell, elvish).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) on standard output: `sourced man | man -l -`.
    Man,
    /// Batch mode: read `{"id": ..., "text": ...}` a line on standard input, write one JSON
    /// report a line, in order (a map step for any batch engine).
    Batch {
        #[command(flatten)]
        pack: PackArgs,
    },
    /// Language server for editors (LSP over standard input and output): findings as
    /// diagnostics while the draft is written, hover on a claim, suppression actions.
    Server,
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

/// How the rule pack is chosen: `--rules` wins, then `--config`, then the nearest
/// `sourced.toml` or `.sourced.toml` in a file's folder or above it (unless `--isolated`), then
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
    /// Run only these checks: ids or their starts (`ANON`, `VAG001`, `ALL`), comma-separated;
    /// replaces the pack's `select`.
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    select: Option<Vec<String>>,
    /// Add these checks to the selection (the pack's `select` or `--select`).
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    extend_select: Vec<String>,
    /// Leave these checks out, whatever is selected (added to the pack's `ignore`).
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    ignore: Vec<String>,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Articles: files, directories (walked, honouring .gitignore), globs, or `-` for standard
    /// input. Plain text, Markdown (.md) and HTML (.html), by extension.
    #[arg(required_unless_present = "files_from")]
    files: Vec<PathBuf>,
    /// Also check the paths listed in FILE, one a line (`-`: read the list from standard
    /// input), as `git diff --name-only` prints them.
    #[arg(long, value_name = "FILE")]
    files_from: Option<PathBuf>,
    /// After the report, count the findings by check on standard error.
    #[arg(long)]
    statistics: bool,
    /// Show the configuration the first article would be checked with (as `sourced config`)
    /// instead of checking.
    #[arg(long)]
    show_config: bool,
    /// Write the report to FILE instead of standard output (any format).
    #[arg(long, short, value_name = "FILE", conflicts_with = "output_dir")]
    output: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Read every input as this format instead of choosing by extension.
    #[arg(long, value_enum, default_value_t = InputFormatArg::Auto)]
    input_format: InputFormatArg,
    #[command(flatten)]
    pack: PackArgs,
    /// The name to report for standard input (`-`); its extension picks the input format.
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
    /// Print only the findings.
    #[arg(long, short)]
    quiet: bool,
    /// Colour: auto (on a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    color: ColorArg,
    /// Leave out the findings this baseline accepts.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Write every current finding to this baseline file.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// The articles' own outlet (repeat for its other names: `--outlet "The Washington Post"
    /// --outlet "The Post"`): its citations of itself are on the record, not relayed. Over the
    /// config's `outlet` and what an article declares (front matter, a copyright line).
    #[arg(long, value_name = "NAME")]
    outlet: Vec<String>,
    /// With `--format html`: write one page per article and an index.html into this folder
    /// instead of one page to standard output.
    #[arg(long, value_name = "DIR")]
    output_dir: Option<PathBuf>,
}

#[derive(clap::Args)]
struct DiffArgs {
    /// The old and the new version (`sourced diff OLD NEW`); with `--git`, the files and
    /// folders whose changed articles to compare (default: the current folder).
    paths: Vec<PathBuf>,
    /// Compare every changed .txt/.md/.html under PATHS with this git revision (the old
    /// version read with `git show REV:path`; a new file is all additions).
    #[arg(long, value_name = "REV")]
    git: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Table)]
    format: DiffFormat,
    /// Exit 1 when the edit brought any regression.
    #[arg(long)]
    fail_on_regression: bool,
    #[command(flatten)]
    pack: PackArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    Table,
    Json,
    Markdown,
    Github,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Table,
    Json,
    Jsonl,
    Line,
    Github,
    Sarif,
    Junit,
    Markdown,
    Html,
    Annotate,
}

#[derive(Clone, Copy, ValueEnum)]
enum InputFormatArg {
    Auto,
    Text,
    Markdown,
    Html,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
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
        } => printing(|out| rules_list(&args, out)),
        Command::Rules {
            command: RulesCommand::Test { pack, args },
        } => printing(|out| rules_test(pack, &args, out)),
        Command::Explain { id } => printing(|out| explain(&id, out)),
        Command::Batch { pack } => batch(&pack),
        Command::Diff(args) => diff_drafts(args),
        Command::Server => Ok(sourced::server::run()),
        Command::Completions { shell } => printing(|out| {
            // Written to memory first: the generators panic on a write error (a closed pipe).
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "sourced", &mut script);
            out.write_all(&script)?;
            Ok(EXIT_OK)
        }),
        Command::Man => printing(|out| {
            clap_mangen::Man::new(Cli::command()).render(out)?;
            Ok(EXIT_OK)
        }),
        Command::Config { path, pack } => printing(|out| show_config(&pack, path.as_deref(), out)),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// Run a command that prints to standard output. A reader that stops early (`sourced explain
/// ANON001 | head -1`) closes the pipe: that is its choice, so the command ends quietly with 0,
/// as `check` does.
fn printing(command: impl FnOnce(&mut dyn Write) -> Result<u8>) -> Result<u8> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let res = command(&mut out).and_then(|code| {
        out.flush()?;
        Ok(code)
    });
    match res {
        Err(e) if is_closed_pipe(&e) => Ok(EXIT_OK),
        res => res,
    }
}

/// The error is a write to a pipe whose reader has gone.
fn is_closed_pipe(e: &anyhow::Error) -> bool {
    e.chain()
        .filter_map(|c| c.downcast_ref::<std::io::Error>())
        .any(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
}

impl PackArgs {
    /// The command line chooses one pack for every input (`--rules`, `--config`, `--isolated`);
    /// otherwise each input has the nearest configuration above it.
    fn fixed(&self) -> bool {
        self.rules.is_some() || self.config.is_some() || self.isolated
    }

    /// The pack file for inputs in `dir` (none: the built-in default).
    fn pack_file(&self, discovery: &mut Discovery, dir: &Path) -> Option<PathBuf> {
        match (&self.rules, &self.config) {
            (Some(p), _) | (None, Some(p)) => Some(p.clone()),
            (None, None) if self.isolated => None,
            (None, None) => discovery.for_dir(dir),
        }
    }

    /// The configuration file in use for inputs in `dir`: what `--config` names or discovery
    /// finds (`--rules` names a pack, not a project's configuration).
    fn config_file(&self, discovery: &mut Discovery, dir: &Path) -> Option<PathBuf> {
        match self.rules {
            Some(_) => None,
            None => self.pack_file(discovery, dir),
        }
    }
}

/// Load a pack (none: the built-in default) with the command line's `--select`,
/// `--extend-select` and `--ignore` on top of its own.
fn load(args: &PackArgs, pack_file: Option<&Path>) -> Result<RulePack> {
    let mut pack = match pack_file {
        Some(p) => RulePack::load(p)?,
        None => RulePack::builtin(),
    };
    let no_codes = Vec::new();
    for (flag, codes) in [
        ("--select", args.select.as_ref().unwrap_or(&no_codes)),
        ("--extend-select", &args.extend_select),
        ("--ignore", &args.ignore),
    ] {
        checks::validate_codes(flag, codes)?;
    }
    if let Some(select) = &args.select {
        pack.select = Some(select.clone());
    }
    pack.extend_select
        .extend(args.extend_select.iter().cloned());
    pack.ignore.extend(args.ignore.iter().cloned());
    Ok(pack)
}

/// The pack for a command that reads no article: the one for the working directory.
fn load_pack(args: &PackArgs) -> Result<RulePack> {
    load(
        args,
        args.pack_file(&mut Discovery::from_current_dir(), Path::new(""))
            .as_deref(),
    )
}

/// The folder an input's configuration is looked for from: a file's own folder; for standard
/// input, the folder of its `--stdin-filename`.
fn folder_of<'p>(input: &'p Input, stdin_filename: &'p str) -> Option<&'p Path> {
    match input {
        Input::File(p) => Some(p.parent().unwrap_or(Path::new(""))),
        Input::Stdin => Some(Path::new(stdin_filename).parent().unwrap_or(Path::new(""))),
        Input::Unreadable(_) => None,
    }
}

/// The rule packs of a run, compiled once each, and which one checks each input.
struct Packs {
    /// Each pack file in use (none: the built-in default), with its checker.
    checkers: Vec<(Option<PathBuf>, Checker)>,
    /// The index in `checkers` of each input's pack.
    of_input: Vec<usize>,
}

impl Packs {
    /// Every input gets its pack: the one already compiled for the working directory (`first`,
    /// from `first_file`), or the nearest configuration above it, compiled the first time it
    /// is met.
    fn assign(
        args: &CheckArgs,
        discovery: &mut Discovery,
        first_file: Option<PathBuf>,
        first: Checker,
        inputs: &[Input],
    ) -> Result<Packs> {
        let mut packs = Packs {
            checkers: vec![(first_file, first)],
            of_input: Vec::with_capacity(inputs.len()),
        };
        if args.pack.fixed() {
            packs.of_input.resize(inputs.len(), 0);
            return Ok(packs);
        }
        // The files of a folder share its pack: looked up by the folder as the command line
        // names it (its bytes), before any path is made absolute.
        let mut by_folder: rustc_hash::FxHashMap<&std::ffi::OsStr, usize> = Default::default();
        for input in inputs {
            let Some(dir) = folder_of(input, &args.stdin_filename) else {
                packs.of_input.push(0);
                continue;
            };
            if let Some(&k) = by_folder.get(dir.as_os_str()) {
                packs.of_input.push(k);
                continue;
            }
            let file = args.pack.pack_file(discovery, dir);
            let k = match packs.checkers.iter().position(|(f, _)| *f == file) {
                Some(k) => k,
                None => {
                    let checker = Checker::new(load(&args.pack, file.as_deref())?)
                        .with_outlet(args.outlet.clone());
                    packs.checkers.push((file, checker));
                    packs.checkers.len() - 1
                }
            };
            by_folder.insert(dir.as_os_str(), k);
            packs.of_input.push(k);
        }
        Ok(packs)
    }
}

/// Read one input; an error message (naming the input) when it cannot be read.
fn read_input(input: &Input, args: &CheckArgs) -> Result<Article, String> {
    let format = |path: &Path| match args.input_format {
        InputFormatArg::Auto => InputFormat::from_path(path),
        InputFormatArg::Text => InputFormat::Text,
        InputFormatArg::Markdown => InputFormat::Markdown,
        InputFormatArg::Html => InputFormat::Html,
    };
    match input {
        Input::Stdin => Article::read_stdin(
            &args.stdin_filename,
            format(Path::new(&args.stdin_filename)),
        ),
        Input::File(p) => Article::read_as(p, format(p)),
        Input::Unreadable(why) => return Err(why.clone()),
    }
    .map_err(|e| format!("{e:#}"))
}

/// Check one article; an error message (naming it) if the check fails.
fn check_article<'a>(
    checker: &Checker,
    article: &'a Article,
) -> Result<DocumentReport<'a>, String> {
    // A defect in the classifier must not lose the other files' reports: it is reported
    // against the file that triggered it, as an error (exit 2).
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| checker.check(article))).map_err(|_| {
        format!(
            "{}: internal error while checking this file (a bug in sourced): please report it with the file attached",
            article.path
        )
    })
}

/// What a worker hands back for one input (`'a`: the article its report borrows from).
struct Outcome<'a> {
    done: Done<'a>,
    /// The document breaks `--fail-on` or `--min-score`.
    over: bool,
    /// Why it breaks `--min-score` (said on standard error in input order).
    below: Option<String>,
    /// What the run's summary and `--statistics` count of it (none: it could not be checked).
    tally: Option<Tally>,
    /// Its findings as baseline entries (only with `--write-baseline`).
    entries: Vec<baseline::Entry>,
}

enum Done<'a> {
    /// Rendered to a buffer by a streaming format, waiting for the inputs before it.
    Rendered(Vec<u8>),
    /// The report: a streaming format renders it when it is taken, the others keep it to render
    /// all documents together.
    Kept(Box<DocumentReport<'a>>),
    Failed(String),
}

/// Takes outcomes in any order and writes them in input order, as soon as every input before
/// them is done: the output streams, and at most a few rendered documents wait at a time.
///
/// Two locks: the queue's, held only to file an outcome or fetch the ones next in order, and
/// the output's, held by the one worker writing. Writing (a copy of every rendered document
/// and the system calls that send it to a file) happens outside the queue's lock, so a worker
/// that finishes a document meanwhile files it and goes on to the next input.
struct InOrder<'a> {
    queue: Mutex<Queue>,
    /// Signalled when the worker writing stops (see [`InOrder::take_if_next`]).
    idle: Condvar,
    output: Mutex<Output<'a>>,
}

struct Queue {
    /// The input whose outcome is written next.
    next: usize,
    pending: BTreeMap<usize, Outcome<'static>>,
    /// A worker is writing: what comes meanwhile waits for it to come back for more.
    writing: bool,
}

/// The output and what the run keeps from every outcome written.
struct Output<'a> {
    stream: Option<&'a dyn Stream>,
    out: Box<dyn Write + Send + 'a>,
    wrote_any: bool,
    kept: Vec<DocumentReport<'static>>,
    entries: Vec<baseline::Entry>,
    over: bool,
    failed: bool,
    write_error: Option<std::io::Error>,
    /// Raised with the first write error, for the workers to see without taking a lock.
    closed: &'a AtomicBool,
    /// The progress bar on standard error, if one is drawn: cleared while a message is said.
    progress: Option<&'a indicatif::ProgressBar>,
    /// Totals over the documents taken.
    stats: RunStats,
    /// The report goes to the bar's terminal too: the bar is cleared around every write, and
    /// each write is sent at once, so that no stale bar stays in the middle of the report.
    shares_terminal: bool,
}

impl<'a> InOrder<'a> {
    fn new(output: Output<'a>) -> Self {
        InOrder {
            queue: Mutex::new(Queue {
                next: 0,
                pending: BTreeMap::new(),
                writing: false,
            }),
            idle: Condvar::new(),
            output: Mutex::new(output),
        }
    }

    fn queue(&self) -> MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn output(&self) -> MutexGuard<'_, Output<'a>> {
        self.output.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// File the outcome of input `index`. Unless a worker is already writing, this one writes
    /// what is now next in order.
    fn put(&self, index: usize, outcome: Outcome<'static>) {
        let mut queue = self.queue();
        queue.pending.insert(index, outcome);
        if !queue.writing {
            queue.writing = true;
            self.write_waiting(queue);
        }
    }

    /// Take the outcome of input `index` now, rendered straight to the output, if every input
    /// before it is taken (waiting for their writing to end); else hand it back.
    fn take_if_next<'o>(&self, index: usize, o: Outcome<'o>) -> Option<Outcome<'o>> {
        let mut queue = self.queue();
        while queue.writing && queue.next == index {
            queue = self.idle.wait(queue).unwrap_or_else(|e| e.into_inner());
        }
        if queue.next != index {
            return Some(o);
        }
        queue.next += 1;
        queue.writing = true;
        drop(queue);
        let _writing = Writing(self);
        self.output().take(o);
        self.write_waiting(self.queue());
        None
    }

    /// As the worker writing: write the held outcomes that are next in order, fetched under
    /// the queue's lock and written outside it, until none is ready.
    fn write_waiting<'s>(&'s self, mut queue: MutexGuard<'s, Queue>) {
        let _writing = Writing(self);
        loop {
            let mut ready = Vec::new();
            let q = &mut *queue;
            while let Some(o) = q.pending.remove(&q.next) {
                q.next += 1;
                ready.push(o);
            }
            if ready.is_empty() {
                queue.writing = false;
                self.idle.notify_all();
                return;
            }
            drop(queue);
            let mut output = self.output();
            for o in ready {
                output.take(o);
            }
            drop(output);
            queue = self.queue();
        }
    }
}

/// Held by the worker writing. Should it unwind (a bug in a renderer), the others are told it
/// stopped, so that none waits for it forever: the run then ends with the bug's message.
struct Writing<'s, 'a>(&'s InOrder<'a>);

impl Drop for Writing<'_, '_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.queue().writing = false;
            self.0.idle.notify_all();
        }
    }
}

impl Output<'_> {
    /// Say something on standard error (the progress bar cleared meanwhile).
    fn say(&self, message: &str) {
        match self.progress {
            Some(bar) => bar.suspend(|| eprintln!("{message}")),
            None => eprintln!("{message}"),
        }
    }

    /// Write one document's output after its separator; the first write error stops all output.
    fn write(&mut self, body: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) {
        if self.write_error.is_some() {
            return;
        }
        let first = !self.wrote_any;
        self.wrote_any = true;
        let (stream, out) = (self.stream, &mut self.out);
        let bar = self.progress.filter(|_| self.shares_terminal);
        let send = || {
            match stream {
                Some(s) => s.separator(first, out),
                None => Ok(()),
            }
            .and_then(|_| body(out))
            .and_then(|_| if bar.is_some() { out.flush() } else { Ok(()) })
        };
        let res = match bar {
            Some(bar) => bar.suspend(send),
            None => send(),
        };
        if let Err(e) = res {
            self.write_error = Some(e);
            self.closed.store(true, Ordering::Relaxed);
        }
    }

    fn take(&mut self, o: Outcome<'_>) {
        self.over |= o.over;
        self.stats.add(o.tally, matches!(o.done, Done::Failed(_)));
        if let Some(why) = &o.below {
            self.say(why);
        }
        self.entries.extend(o.entries);
        match o.done {
            Done::Rendered(buf) => self.write(|out| out.write_all(&buf)),
            Done::Kept(d) => match self.stream {
                Some(s) => self.write(|out| s.document(&d, out)),
                None => self.kept.push(d.into_owned()),
            },
            Done::Failed(e) => {
                self.say(&format!("error: {e}"));
                self.failed = true;
            }
        }
    }
}

/// Standard output for a report written in blocks of our own: on Unix the descriptor itself (a
/// copy of it), so that each block goes out in one system call. Rust's handle is line-buffered:
/// it would cut each block at its last line break and send the rest in a second call.
fn report_output() -> Box<dyn Write + Send> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        if let Ok(fd) = std::io::stdout().as_fd().try_clone_to_owned() {
            return Box::new(std::fs::File::from(fd));
        }
    }
    Box::new(std::io::stdout())
}

/// Names the closure's signature, so that each outcome borrows from the article it is given
/// (the input's index, and the article or why it could not be read).
fn per_article<F>(f: F) -> F
where
    F: for<'a> Fn(usize, &'a Result<Article, String>) -> Outcome<'a>,
{
    f
}

/// Articles at least this large are rendered straight to the output in their turn instead of
/// to a buffer first.
const DIRECT_RENDER_BYTES: usize = 1 << 20;

/// Worker threads: `--threads`, else `RAYON_NUM_THREADS`, else one per core.
fn thread_count(args: &CheckArgs) -> usize {
    args.threads
        .or_else(|| std::env::var("RAYON_NUM_THREADS").ok()?.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// The command line's paths, then those `--files-from` lists (blank lines skipped).
fn paths(args: &CheckArgs) -> Result<Vec<PathBuf>> {
    let mut paths = args.files.clone();
    let Some(list) = &args.files_from else {
        return Ok(paths);
    };
    let from_stdin = list.as_os_str() == "-";
    let text = if from_stdin {
        std::io::read_to_string(std::io::stdin()).map_err(|e| {
            anyhow::anyhow!("--files-from -: cannot read the list from standard input: {e}")
        })?
    } else {
        std::fs::read_to_string(list).map_err(|e| {
            anyhow::anyhow!(
                "{}: cannot read the list of files (--files-from): {e}",
                list.display()
            )
        })?
    };
    paths.extend(
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(PathBuf::from),
    );
    if from_stdin && paths.iter().any(|p| p.as_os_str() == "-") {
        anyhow::bail!(
            "--files-from -: standard input holds the list, so `-` cannot also be an article"
        );
    }
    if paths.is_empty() {
        anyhow::bail!(
            "{}: the list of files (--files-from) is empty: nothing to check",
            list.display()
        );
    }
    Ok(paths)
}

/// Where the report goes: `--output FILE`, else standard output.
fn report_sink(args: &CheckArgs) -> Result<Box<dyn Write + Send>> {
    match &args.output {
        Some(path) => {
            let file = std::fs::File::create(path).map_err(|e| {
                anyhow::anyhow!(
                    "{}: cannot write the report (--output): {e}",
                    path.display()
                )
            })?;
            Ok(Box::new(file))
        }
        None => Ok(report_output()),
    }
}

fn check(args: CheckArgs) -> Result<u8> {
    let paths = paths(&args)?;
    if args.show_config {
        let first = paths.first().map(PathBuf::as_path);
        return printing(|out| show_config(&args.pack, first, out));
    }
    if args.output_dir.is_some() && !matches!(args.format, Format::Html) {
        anyhow::bail!("--output-dir writes HTML pages: use it with --format html");
    }
    // With more than one worker to come, the command line's paths are listed (a `stat` each)
    // while the rule pack is read and compiled: neither waits for the other, and both come
    // before any worker can start.
    // The pack compiled meanwhile is the working directory's: usually every input's too.
    let mut discovery = Discovery::from_current_dir();
    let first_file = args.pack.pack_file(&mut discovery, Path::new(""));
    let compile = || load(&args.pack, first_file.as_deref()).map(Checker::new);
    let (checker, inputs) = if thread_count(&args) > 1 {
        std::thread::scope(|scope| {
            let listing = scope.spawn(|| files::expand(&paths));
            let checker = compile();
            let inputs = listing
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (checker, inputs)
        })
    } else {
        (compile(), files::expand(&paths))
    };
    let (checker, inputs) = (checker?.with_outlet(args.outlet.clone()), inputs?);
    let packs = Packs::assign(&args, &mut discovery, first_file.clone(), checker, &inputs)?;
    let accepted = match &args.baseline {
        Some(path) => Some(Baseline::read(path)?.accepted()),
        None => None,
    };
    // Baselines keep findings under each file's path from its project root.
    let keys: Vec<String> = if accepted.is_some() || args.write_baseline.is_some() {
        let mut keys = Keys::new(std::env::current_dir().unwrap_or_default());
        inputs
            .iter()
            .map(|input| {
                let name = match input {
                    Input::File(p) => p.to_string_lossy().into_owned(),
                    Input::Stdin => args.stdin_filename.clone(),
                    Input::Unreadable(_) => return String::new(),
                };
                let dir = folder_of(input, &args.stdin_filename).unwrap_or(Path::new(""));
                let config = args.pack.config_file(&mut discovery, dir);
                keys.key(&name, config.as_deref())
            })
            .collect()
    } else {
        Vec::new()
    };
    // The report's destination: opened before any article is checked, so that a path that
    // cannot be written fails the run at once.
    let sink_out = report_sink(&args)?;
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let color = match args.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let line = line::Line { color };
    let table = table::TableStream {
        quiet: args.quiet,
        color,
    };
    let stream: Option<&dyn Stream> = match args.format {
        Format::Table => Some(&table),
        Format::Json => Some(&json::Json),
        Format::Jsonl => Some(&jsonl::Jsonl),
        Format::Line => Some(&line),
        Format::Github => Some(&github::Github),
        _ => None,
    };
    let progress = (inputs.len() > 5 && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(inputs.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} articles {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let threshold = args.fail_on.threshold();
    // The run's totals are counted only when something will say them.
    let tallied = args.statistics || inputs.len() > 1 && !args.quiet;
    let process = per_article(|i, article| {
        let checker = &packs.checkers[packs.of_input[i]].1;
        let key = keys.get(i).map_or("", String::as_str);
        let checked = article
            .as_ref()
            .map_err(Clone::clone)
            .and_then(|a| check_article(checker, a));
        let mut doc = match checked {
            Ok(d) => d,
            Err(e) => {
                return Outcome {
                    done: Done::Failed(e),
                    over: false,
                    below: None,
                    tally: None,
                    entries: Vec::new(),
                }
            }
        };
        let entries = if args.write_baseline.is_some() {
            Baseline::entries(&doc, key)
        } else {
            Vec::new()
        };
        if let Some(a) = &accepted {
            a.apply(&mut doc, key);
        }
        // An article with no claim has no score: it neither passes nor fails `--min-score`.
        let below = match (args.min_score, doc.score) {
            (Some(min), Some(score)) if score < min => Some(format!(
                "{}: score {score}/100 is below --min-score {min}",
                doc.path
            )),
            _ => None,
        };
        let over = threshold.is_some_and(|t| doc.findings.iter().any(|f| f.severity >= t))
            || below.is_some();
        let tally = tallied.then(|| Tally::of(&doc));
        Outcome {
            done: Done::Kept(Box::new(doc)),
            over,
            below,
            tally,
            entries,
        }
    });

    let mut out: Box<dyn Write + Send> =
        Box::new(std::io::BufWriter::with_capacity(1 << 16, sink_out));
    let begun = match stream {
        Some(s) => s.begin(&mut out),
        None => Ok(()),
    };
    let closed = AtomicBool::new(begun.is_err());
    let sink = InOrder::new(Output {
        stream,
        out,
        wrote_any: false,
        kept: Vec::new(),
        entries: Vec::new(),
        over: false,
        failed: false,
        write_error: begun.err(),
        closed: &closed,
        progress: progress.as_ref(),
        stats: RunStats::default(),
        shares_terminal: to_terminal,
    });
    let handle = |i: usize, input: &Input| {
        // Once the output is closed (`sourced check ... | head`), the rest is not checked.
        if closed.load(Ordering::Relaxed) {
            return;
        }
        let article = read_input(input, &args);
        let outcome = process(i, &article);
        // A large article's report is rendered straight to the output when its turn comes
        // (holding the output meanwhile), so it is never buffered whole. Any other report is
        // rendered here, in parallel, and only copied out by the worker writing.
        let large = article
            .as_ref()
            .is_ok_and(|a| a.text.len() >= DIRECT_RENDER_BYTES);
        let outcome = if large || stream.is_none() {
            match sink.take_if_next(i, outcome) {
                Some(o) => o,
                None => return,
            }
        } else {
            outcome
        };
        let done = match (outcome.done, stream) {
            (Done::Kept(doc), Some(s)) => {
                // A claim's JSON is about four times its text (other formats write less):
                // room for most of the document, so the buffer seldom grows.
                let mut buf = Vec::with_capacity(
                    4096 + 4 * doc.claims.iter().map(|c| c.text.len()).sum::<usize>(),
                );
                match s.document_into(&doc, &mut buf) {
                    Ok(()) => Done::Rendered(buf),
                    Err(e) => Done::Failed(format!("{}: cannot render the report: {e}", doc.path)),
                }
            }
            (Done::Kept(doc), None) => Done::Kept(Box::new(doc.into_owned())),
            (Done::Rendered(b), _) => Done::Rendered(b),
            (Done::Failed(e), _) => Done::Failed(e),
        };
        sink.put(
            i,
            Outcome {
                done,
                over: outcome.over,
                below: outcome.below,
                tally: outcome.tally,
                entries: outcome.entries,
            },
        );
    };
    // Workers take inputs in order from a shared counter, so the output can be written as it
    // comes; the calling thread is one of them.
    let next = AtomicUsize::new(0);
    let work = || loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some(input) = inputs.get(i) else { break };
        handle(i, input);
        if let Some(b) = &progress {
            b.inc(1);
        }
    };
    let threads = thread_count(&args).min(inputs.len()).max(1);
    std::thread::scope(|scope| {
        for _ in 1..threads {
            scope.spawn(work);
        }
        work();
    });
    if let Some(b) = &progress {
        b.finish_and_clear();
    }
    let output = sink.output.into_inner().unwrap_or_else(|e| e.into_inner());
    let Output {
        mut out,
        wrote_any,
        kept,
        entries,
        over,
        failed,
        write_error,
        stats,
        ..
    } = output;

    let report = Report { documents: kept };
    let res = match write_error {
        Some(e) => Err(e),
        None => match (stream, args.format) {
            (Some(s), _) => s.end(wrote_any, &mut out),
            (None, Format::Sarif) => sarif::render(&report, &mut out),
            (None, Format::Junit) => junit::render(&report, &mut out),
            (None, Format::Markdown) => markdown::render(&report, &mut out),
            (None, Format::Html) => match &args.output_dir {
                Some(dir) => write_pages(&report, dir),
                None => html::render(&report, &mut out),
            },
            (None, Format::Annotate) => {
                annotate::render(&report, &mut out, terminal_width(), color)
            }
            (None, _) => unreachable!("every other format streams"),
        },
    }
    .and_then(|_| out.flush());
    // The baseline after the report: a baseline that cannot be written loses no report.
    let mut failed = failed;
    if let Some(path) = &args.write_baseline {
        let n = entries.len();
        match Baseline::new(entries).write(path) {
            Ok(()) => eprintln!("wrote {n} findings to the baseline {}", path.display()),
            Err(e) => {
                eprintln!("error: {e:#}");
                failed = true;
            }
        }
    }
    if let Err(e) = res {
        // A closed pipe (`sourced check ... | head`) is the reader's choice, not an error: the
        // run was cut short, so it has no totals either.
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write the report: {e}");
            return Ok(EXIT_ERROR);
        }
    } else {
        if args.statistics {
            eprint!("{}", stats.statistics());
        }
        if inputs.len() > 1 && !args.quiet {
            eprintln!("{}", stats.summary());
        }
    }
    if failed {
        return Ok(EXIT_ERROR);
    }
    if !args.exit_zero && over {
        return Ok(EXIT_FINDINGS);
    }
    Ok(EXIT_OK)
}

/// The terminal's width for wrapping: `COLUMNS`, else 100.
fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100)
}

/// `--format html --output-dir DIR`: one page per article and an index.
fn write_pages(report: &Report, dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (name, page) in html::pages(report) {
        std::fs::write(dir.join(&name), page)?;
    }
    eprintln!(
        "wrote {} pages and index.html to {}",
        report.documents.len(),
        dir.display()
    );
    Ok(())
}

/// Read one version of an article for `sourced diff` (`None`: it does not exist).
fn read_version(version: &Option<Version>) -> Result<Option<Article>> {
    Ok(match version {
        None => None,
        Some(Version::File(p)) => Some(Article::read(p)?),
        Some(Version::Blob { name, bytes }) => Some(Article::from_vec_as(
            name,
            bytes.clone(),
            InputFormat::from_path(Path::new(name)),
        )?),
    })
}

fn check_version<'a>(
    checker: &Checker,
    article: &'a Option<Article>,
) -> Result<Option<DocumentReport<'a>>, String> {
    article
        .as_ref()
        .map(|a| check_article(checker, a))
        .transpose()
}

fn diff_drafts(args: DiffArgs) -> Result<u8> {
    let checker = Checker::new(load_pack(&args.pack)?);
    let pairs = match (&args.git, &args.paths[..]) {
        (Some(rev), []) => git::changed_articles(rev, &[PathBuf::from(".")])?,
        (Some(rev), paths) => git::changed_articles(rev, paths)?,
        (None, [old, new]) => vec![Versions {
            old: Some(Version::File(old.clone())),
            new: Some(Version::File(new.clone())),
        }],
        (None, _) => anyhow::bail!(
            "sourced diff compares two versions: `sourced diff OLD NEW`, or every changed article with `sourced diff --git REV -- PATHS`"
        ),
    };
    let mut failed = false;
    let mut documents = Vec::new();
    for pair in &pairs {
        let compared = read_version(&pair.old)
            .and_then(|old| Ok((old, read_version(&pair.new)?)))
            .map_err(|e| format!("{e:#}"))
            .and_then(|(old, new)| {
                // The diff has no room for them: a file that was not UTF-8 says so here.
                for w in old.iter().chain(&new).flat_map(|a| &a.warnings) {
                    eprintln!("warning: {w}");
                }
                let old = check_version(&checker, &old)?;
                let new = check_version(&checker, &new)?;
                Ok(diff::diff(old.as_ref(), new.as_ref()))
            });
        match compared {
            Ok(d) => documents.push(d),
            Err(e) => {
                eprintln!("error: {e}");
                failed = true;
            }
        }
    }
    // Nothing could be compared: the errors said why, and an empty diff would read as "no
    // change".
    if failed && documents.is_empty() {
        return Ok(EXIT_ERROR);
    }
    let report = DraftDiff { documents };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let res = match args.format {
        DiffFormat::Table => diff::table::render(&report, &mut out),
        DiffFormat::Json => diff::json::render(&report, &mut out),
        DiffFormat::Markdown => diff::markdown::render(&report, &mut out),
        DiffFormat::Github => diff::github::render(&report, &mut out),
    }
    .and_then(|_| out.flush());
    match res {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("error: cannot write the diff: {e}");
            Ok(EXIT_ERROR)
        }
        _ if failed => Ok(EXIT_ERROR),
        _ if args.fail_on_regression && report.has_regression() => Ok(EXIT_FINDINGS),
        _ => Ok(EXIT_OK),
    }
}

/// One line of batch input.
#[derive(serde::Deserialize)]
struct BatchLine {
    id: serde_json::Value,
    text: String,
    #[serde(default)]
    format: Option<String>,
}

/// One line of batch output: the line's id first, then its report.
#[derive(serde::Serialize)]
struct BatchReport<'a> {
    id: &'a serde_json::Value,
    #[serde(flatten)]
    doc: &'a DocumentReport<'a>,
}

/// Batch mode: a report or an error a line, in order. A bad line (not JSON, not UTF-8, a NUL
/// in its text) gets an error line, with its id when it has one, and the run goes on (exit 2
/// at the end); a closed output (`| head -1`) ends the run quietly.
fn batch(args: &PackArgs) -> Result<u8> {
    let checker = Checker::new(load_pack(args)?);
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = false;
    let mut bytes = Vec::new();
    for n in 1.. {
        bytes.clear();
        if input.read_until(b'\n', &mut bytes)? == 0 {
            break;
        }
        // The line is handed over, to be freed as soon as it is parsed: a 50 MB line is not
        // kept while its article is checked.
        let mut line = std::mem::take(&mut bytes);
        if n == 1 && line.starts_with(b"\xEF\xBB\xBF") {
            line.drain(..3);
        }
        if line.trim_ascii().is_empty() {
            continue;
        }
        let written = match batch_line(&checker, line, n, &mut out) {
            Ok(written) => written,
            Err(error) => {
                failed = true;
                serde_json::to_writer(&mut out, &error).map_err(std::io::Error::from)
            }
        }
        .and_then(|()| writeln!(out));
        if let Err(e) = written {
            return closed_or(e);
        }
    }
    match out.flush() {
        Err(e) => closed_or(e),
        Ok(()) => Ok(if failed { EXIT_ERROR } else { EXIT_OK }),
    }
}

/// A write error: a closed pipe ends the run quietly, anything else is an error.
fn closed_or(e: std::io::Error) -> Result<u8> {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Ok(EXIT_OK)
    } else {
        Err(anyhow::anyhow!("cannot write the report: {e}"))
    }
}

/// Check one batch line (line `n` of standard input) and write its report to `out` (the
/// outcome of writing); the error line (`{"line", "id", "error"}`) when it cannot be checked.
fn batch_line(
    checker: &Checker,
    line: Vec<u8>,
    n: usize,
    out: &mut dyn Write,
) -> Result<std::io::Result<()>, serde_json::Value> {
    let error = |id: Option<&serde_json::Value>, why: String| {
        let mut e = serde_json::json!({ "line": n, "error": format!("stdin:{n}: {why}") });
        if let Some(id) = id {
            e["id"] = id.clone();
        }
        e
    };
    let line = match String::from_utf8(line) {
        Ok(line) => line,
        Err(e) => {
            // The id, if the rest of the line can still be read.
            let lossy = String::from_utf8_lossy(e.as_bytes());
            let id = serde_json::from_str::<BatchLine>(&lossy).ok().map(|b| b.id);
            return Err(error(
                id.as_ref(),
                "not valid UTF-8: re-encode the line as UTF-8".into(),
            ));
        }
    };
    let b = serde_json::from_str::<BatchLine>(&line).map_err(|e| {
        error(
            None,
            format!("not a batch line ({{\"id\": ..., \"text\": ...}}): {e}"),
        )
    })?;
    drop(line);
    let name = match &b.id {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let format = match b.format.as_deref() {
        Some("markdown" | "md") => InputFormat::Markdown,
        Some("html") => InputFormat::Html,
        _ => InputFormat::Text,
    };
    let article = Article::from_vec_as(&name, b.text.into_bytes(), format)
        .map_err(|e| error(Some(&b.id), format!("{e:#}")))?;
    let doc = checker.check(&article);
    let report = BatchReport {
        id: &b.id,
        doc: &doc,
    };
    Ok(serde_json::to_writer(out, &report).map_err(std::io::Error::from))
}

/// `sourced config [PATH]`: the configuration for a file or folder (a file's folder is looked
/// from, as `check` does).
fn show_config(args: &PackArgs, path: Option<&Path>, out: &mut dyn Write) -> Result<u8> {
    let dir = match path {
        Some(p) if p.is_dir() => p,
        Some(p) => p.parent().unwrap_or(Path::new("")),
        None => Path::new(""),
    };
    let file = args.pack_file(&mut Discovery::from_current_dir(), dir);
    let pack = load(args, file.as_deref())?;
    let mut command_line = toml::Table::new();
    let list = |codes: &[String]| {
        toml::Value::Array(codes.iter().cloned().map(toml::Value::String).collect())
    };
    if let Some(select) = &args.select {
        command_line.insert("select".into(), list(select));
    }
    for (key, codes) in [
        ("extend_select", &args.extend_select),
        ("ignore", &args.ignore),
    ] {
        if !codes.is_empty() {
            command_line.insert(key.into(), list(codes));
        }
    }
    out.write_all(sourced::config::show(&pack, file.as_deref(), command_line)?.as_bytes())?;
    Ok(EXIT_OK)
}

fn rules_list(args: &PackArgs, out: &mut dyn Write) -> Result<u8> {
    let pack = load_pack(args)?;
    writeln!(out, "pack: {} — {}", pack.pack.name, pack.pack.description)?;
    for c in REGISTRY {
        let sev = checks::effective(&pack, c).map_or("off".to_string(), |s| s.to_string());
        writeln!(out, "{:<8} {:<8} {:<30} {}", c.id, sev, c.name, c.summary)?;
    }
    Ok(EXIT_OK)
}

/// What to call a pack read from `file` in messages: the name its own `[pack]` gives, else (a
/// pack that inherits its parent's name) the file itself.
fn pack_label(file: Option<&Path>, pack: &RulePack) -> String {
    let Some(file) = file.filter(|f| f.is_file()) else {
        return pack.pack.name.clone();
    };
    let own_name = std::fs::read_to_string(file)
        .ok()
        .and_then(|t| t.parse::<toml::Table>().ok())
        .is_some_and(|t| t.get("pack").and_then(|p| p.get("name")).is_some());
    if own_name {
        pack.pack.name.clone()
    } else {
        file.display().to_string()
    }
}

fn rules_test(pack: Option<PathBuf>, args: &PackArgs, out: &mut dyn Write) -> Result<u8> {
    let file = pack.or_else(|| args.pack_file(&mut Discovery::from_current_dir(), Path::new("")));
    let pack = load(args, file.as_deref())?;
    let label = pack_label(file.as_deref(), &pack);
    let results = checks::test_examples(&pack);
    let failed: Vec<_> = results.iter().filter(|r| !r.passed).collect();
    for r in &failed {
        let what = if r.counter {
            "counter-example triggered it"
        } else {
            "example did not trigger it"
        };
        writeln!(out, "FAIL {} {what}: {:?}", r.id, r.text)?;
    }
    writeln!(
        out,
        "pack {label}: {} passed, {} failed",
        results.len() - failed.len(),
        failed.len()
    )?;
    let skipped = checks::disabled_with_examples(&pack);
    if !skipped.is_empty() {
        writeln!(
            out,
            "skipped the examples of the checks the pack turns off: {}",
            skipped.join(", ")
        )?;
    }
    Ok(if failed.is_empty() {
        EXIT_OK
    } else {
        EXIT_FINDINGS
    })
}

fn explain(id: &str, out: &mut dyn Write) -> Result<u8> {
    let Some(c) = checks::find(id) else {
        anyhow::bail!("no check `{id}`: `sourced rules list` lists them");
    };
    write!(out, "{}", checks::explanation(c, &RulePack::builtin()))?;
    Ok(EXIT_OK)
}
