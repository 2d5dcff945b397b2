//! `plenary check DIR`: imports every document under a directory, prints one line per problem and the
//! totals, and proves word conservation for each line-based text. Exits non-zero when any file could not
//! be read or was read with errors.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use plenary_core::{Document, Severity};
use plenary_import::conservation::{self, WordAccount};
use plenary_import::{InterchangeFormat, json};

use super::{collect_documents, exit_bad_input, print};

/// Import every document in a directory and report what could not be read or placed.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The directory to check (searched recursively for .txt, .md, .xml, .akn and .json files).
    pub dir: PathBuf,
    /// Also list informational diagnostics.
    #[arg(long)]
    pub verbose: bool,
    /// Also write each document in these formats, read it back, and report any difference in its JSON
    /// (for example `--round-trip akn,md`).
    #[arg(long, value_delimiter = ',', value_enum)]
    pub round_trip: Vec<RoundTrip>,
}

/// A format a document can be written in and read back from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RoundTrip {
    Akn,
    Md,
    Json,
}

/// What checking one file found.
#[derive(Debug, Default)]
struct FileReport {
    lines: Vec<String>,
    errors: usize,
    warnings: usize,
    account: WordAccount,
    conservation_failed: bool,
    round_trip_failed: bool,
    /// The formats whose round trip failed.
    round_trip_failures: Vec<RoundTrip>,
    paragraphs: usize,
}

pub fn run(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let mut files = Vec::new();
    collect_documents(&args.dir, &mut files).with_context(|| format!("listing {}", args.dir.display()))?;
    files.sort();
    if files.is_empty() {
        anyhow::bail!("no documents (.txt, .md, .xml, .akn, .json) under {}", args.dir.display());
    }
    let progress = ProgressBar::new(files.len() as u64);
    progress.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let next = AtomicUsize::new(0);
    let reports: Mutex<Vec<(usize, FileReport)>> = Mutex::new(Vec::with_capacity(files.len()));
    let workers = std::thread::available_parallelism().map_or(2, |count| count.get());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(index) else { break };
                    let report = check_file(path, &args.dir, args.verbose, &args.round_trip);
                    progress.inc(1);
                    if let Ok(mut reports) = reports.lock() {
                        reports.push((index, report));
                    }
                }
            });
        }
    });
    progress.finish_and_clear();
    let mut reports = reports.into_inner().unwrap_or_default();
    reports.sort_by_key(|(index, _)| *index);

    let mut totals = FileReport::default();
    let mut failed_files = 0usize;
    let mut unchecked_files = 0usize;
    let mut round_trip_failures: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    let mut out = String::new();
    for (_, report) in &reports {
        for line in &report.lines {
            out.push_str(line);
            out.push('\n');
        }
        totals.errors += report.errors;
        totals.warnings += report.warnings;
        totals.paragraphs += report.paragraphs;
        totals.account.source_words += report.account.source_words;
        totals.account.furniture_words += report.account.furniture_words;
        totals.account.placed_words += report.account.placed_words;
        totals.account.lost_count += report.account.lost_count;
        totals.account.invented_count += report.account.invented_count;
        totals.account.split_in_two += report.account.split_in_two;
        totals.account.joined_from_two += report.account.joined_from_two;
        if !report.account.checked {
            unchecked_files += 1;
        }
        if report.errors > 0 || report.conservation_failed || report.round_trip_failed {
            failed_files += 1;
        }
        for format in &report.round_trip_failures {
            *round_trip_failures.entry(format.name()).or_insert(0usize) += 1;
        }
    }
    let a = &totals.account;
    out.push_str(&format!(
        "{} files: {} read cleanly, {} with errors; {} errors, {} warnings; {} paragraphs and sub-paragraphs\n\
         words in bodies: {} = {} placed + {} furniture - {} held as two (marks glued to numbers) + {} held as one; \
         {} lost, {} invented{}\n",
        reports.len(),
        reports.len() - failed_files,
        failed_files,
        totals.errors,
        totals.warnings,
        totals.paragraphs,
        a.source_words,
        a.placed_words,
        a.furniture_words,
        a.split_in_two,
        a.joined_from_two,
        a.lost_count,
        a.invented_count,
        match unchecked_files {
            0 => String::new(),
            count => format!(
                "; {count} files not checked for word conservation (Akoma Ntoso, JSON or Word: no source lines \
                 to account for)"
            ),
        },
    ));
    for format in &args.round_trip {
        out.push_str(&format!(
            "round trip through {}: {} of {} files give identical JSON\n",
            format.name(),
            reports.len() - round_trip_failures.get(format.name()).copied().unwrap_or(0),
            reports.len()
        ));
    }
    print(&out);
    Ok(if failed_files > 0 { exit_bad_input() } else { ExitCode::SUCCESS })
}

fn check_file(path: &Path, root: &Path, verbose: bool, round_trips: &[RoundTrip]) -> FileReport {
    let name = path.strip_prefix(root).unwrap_or(path).display().to_string();
    let mut report = FileReport::default();
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            report.errors += 1;
            report.lines.push(format!("{name}: error: cannot read: {error}"));
            return report;
        }
    };
    let imported = match plenary_import::import(&bytes) {
        Ok(imported) => imported,
        Err(error) => {
            report.errors += 1;
            report.lines.push(format!("{name}: error: {error}"));
            return report;
        }
    };
    report.paragraphs = imported.document.paragraphs().len();
    for diagnostic in &imported.diagnostics {
        match diagnostic.severity {
            Severity::Error => report.errors += 1,
            Severity::Warning => report.warnings += 1,
            Severity::Info if !verbose => continue,
            Severity::Info => {}
        }
        let place = diagnostic.line.map(|line| format!(":{line}")).unwrap_or_default();
        report.lines.push(format!("{name}{place}: {}: {}", diagnostic.severity, diagnostic.message));
    }
    let duplicates = imported.document.duplicate_ids();
    if !duplicates.is_empty() {
        report.errors += 1;
        report.lines.push(format!("{name}: error: paragraph ids used twice: {duplicates:?}"));
    }
    report.account = conservation::account_bytes(&bytes, &imported);
    if !report.account.is_exact() {
        report.conservation_failed = true;
        report.lines.push(format!(
            "{name}: error: words not conserved: {} lost {:?}, {} invented {:?}, furniture lines that are not furniture {:?}",
            report.account.lost_count,
            report.account.lost,
            report.account.invented_count,
            report.account.invented,
            report.account.bad_furniture,
        ));
    }
    for format in round_trips {
        if let Err(difference) = round_trip(&imported.document, *format) {
            report.round_trip_failed = true;
            report.round_trip_failures.push(*format);
            report.lines.push(format!("{name}: error: round trip through {}: {difference}", format.name()));
        }
    }
    report
}

impl RoundTrip {
    fn name(self) -> &'static str {
        match self {
            RoundTrip::Akn => "Akoma Ntoso",
            RoundTrip::Md => "Markdown",
            RoundTrip::Json => "JSON",
        }
    }

    fn output_format(self) -> InterchangeFormat {
        match self {
            RoundTrip::Akn => InterchangeFormat::AkomaNtoso,
            RoundTrip::Md => InterchangeFormat::Markdown,
            RoundTrip::Json => InterchangeFormat::Json,
        }
    }
}

/// Writes a document in a format, reads it back, and compares the JSON of both (without diagnostics).
fn round_trip(document: &Document, format: RoundTrip) -> Result<(), String> {
    let written = plenary_import::write(document, &[], format.output_format());
    let read_back = plenary_import::import(written.as_bytes())
        .map_err(|error| format!("cannot read it back: {error}"))?;
    let before = json::to_json(document, &[]);
    let after = json::to_json(&read_back.document, &[]);
    if before == after {
        return Ok(());
    }
    let difference = before
        .lines()
        .zip(after.lines())
        .enumerate()
        .find(|(_, (left, right))| left != right)
        .map(|(line, (left, right))| {
            format!("JSON line {}: {} became {}", line + 1, left.trim(), right.trim())
        })
        .unwrap_or_else(|| "the JSON has a different length".to_string());
    Err(difference)
}
