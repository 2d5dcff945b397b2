//! `plenary bench import DIR` and `plenary bench compare OLD NEW`: Plenary's own timings of the two jobs the
//! peers in `bench/peers.py` do, so that both figures and their ratio come from one run on the same texts.
//! Each figure is the mean over `--rounds` rounds of the work alone: the files are read and one untimed round
//! is run before the clock starts (patterns compiled on first use, caches filled), as the peers do theirs.
//! `plenary bench search DIR...` times the agreed-language index for `bench/search.py` (`search_bench.rs`).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::{Args, Subcommand};
use plenary_core::compare::compare;
use serde::Serialize;

use super::{collect_documents, print, read_input};

/// Time the importer over a folder of texts, or the comparison of two texts (JSON on standard output).
#[derive(Debug, Args)]
pub struct BenchArgs {
    #[command(subcommand)]
    pub job: Job,
    /// How many rounds to run; the figure is their mean.
    #[arg(long, default_value_t = 5, global = true, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub rounds: u32,
}

#[derive(Debug, Subcommand)]
pub enum Job {
    /// Import every document under DIR (recursively): decoding, format detection, layout and structure.
    Import { dir: PathBuf },
    /// Import two texts and compare them, as a user comparing two files does.
    Compare { old: PathBuf, new: PathBuf },
    /// Index every document under the DIRs (read and imported before the clock starts), run the eight
    /// queries of the peer `fts5_search.py`, and find where every paragraph was first agreed.
    Search(super::search_bench::SearchBenchArgs),
}

#[derive(Debug, Serialize)]
struct ImportTiming {
    texts: usize,
    bytes: usize,
    /// Paragraphs and sub-paragraphs of the texts read.
    paragraphs: usize,
    refused: usize,
    rounds: u32,
    seconds_per_round: f64,
}

#[derive(Debug, Serialize)]
struct CompareTiming {
    /// Units of both versions in the comparison, unchanged ones included.
    units: usize,
    rounds: u32,
    seconds_per_compare: f64,
}

pub fn run(args: &BenchArgs) -> anyhow::Result<ExitCode> {
    let json = match &args.job {
        Job::Import { dir } => serde_json::to_string(&time_import(dir, args.rounds)?),
        Job::Compare { old, new } => serde_json::to_string(&time_compare(old, new, args.rounds)?),
        Job::Search(search) => return super::search_bench::run(search),
    }
    .context("writing JSON")?;
    print(&format!("{json}\n"));
    Ok(ExitCode::SUCCESS)
}

fn time_import(dir: &std::path::Path, rounds: u32) -> anyhow::Result<ImportTiming> {
    let mut paths = Vec::new();
    collect_documents(dir, &mut paths).with_context(|| format!("reading {}", dir.display()))?;
    paths.sort();
    let texts = paths.iter().map(|path| read_input(path)).collect::<anyhow::Result<Vec<_>>>()?;
    let (mut paragraphs, mut refused) = (0, 0);
    for bytes in &texts {
        std::hint::black_box(plenary_import::import(bytes).ok());
    }
    let started = Instant::now();
    for round in 0..rounds {
        for bytes in &texts {
            match plenary_import::import(bytes) {
                Ok(imported) if round == 0 => paragraphs += imported.document.paragraphs().len(),
                Ok(_) => {}
                Err(_) if round == 0 => refused += 1,
                Err(_) => {}
            }
        }
    }
    Ok(ImportTiming {
        texts: texts.len(),
        bytes: texts.iter().map(Vec::len).sum(),
        paragraphs,
        refused,
        rounds,
        seconds_per_round: started.elapsed().as_secs_f64() / f64::from(rounds),
    })
}

fn time_compare(old: &std::path::Path, new: &std::path::Path, rounds: u32) -> anyhow::Result<CompareTiming> {
    let (old_bytes, new_bytes) = (read_input(old)?, read_input(new)?);
    let mut units = 0;
    let warm_up = (plenary_import::import(&old_bytes), plenary_import::import(&new_bytes));
    if let (Ok(old_document), Ok(new_document)) = warm_up {
        std::hint::black_box(compare(&old_document.document, &new_document.document));
    }
    let started = Instant::now();
    for _ in 0..rounds {
        let old_document = plenary_import::import(&old_bytes).with_context(|| old.display().to_string())?;
        let new_document = plenary_import::import(&new_bytes).with_context(|| new.display().to_string())?;
        units = compare(&old_document.document, &new_document.document).changes.len();
    }
    Ok(CompareTiming {
        units,
        rounds,
        seconds_per_compare: started.elapsed().as_secs_f64() / f64::from(rounds),
    })
}
