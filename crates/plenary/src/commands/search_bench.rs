//! `plenary bench search DIR... [--synthetic N]`: the agreed-language index timed on the jobs of the peer
//! `fts5_search.py` (SQLite FTS5), for `bench/search.py`: the texts are read and imported before the clock
//! starts; then the index is built (tantivy's part and the clause index's part), each of the peer's eight
//! queries is run `--runs` times after one untimed run, and where every paragraph was first agreed is found.
//! `--synthetic N` indexes the texts N times, each copy under altered symbols (session + 100·k, or the
//! year in a Council symbol + k) and dates (year + k), and says so in its output.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Args;
use plenary_core::{Document, Symbol};
use plenary_search::{SearchIndex, SearchRequest};
use serde::Serialize;
use time::Date;

use super::index::{LoadedText, indexed, load_directory};
use super::{print, report};

/// The queries of `fts5_search.py`, in its order and its syntax (which Plenary's query language shares).
pub const PEER_QUERIES: [&str; 8] = [
    "\"torture and other cruel\"",
    "\"calls upon all States\"",
    "\"non-derogable right\"",
    "\"International Criminal Court\"",
    "\"remain seized of the matter\"",
    "\"requests the Secretary-General to submit\"",
    "corruption AND torture",
    "\"forced confessions\"",
];

#[derive(Debug, Args)]
pub struct SearchBenchArgs {
    /// Directories of texts (each read recursively).
    #[arg(required = true)]
    pub dirs: Vec<PathBuf>,
    /// Index the corpus this many times, each copy under altered symbols and years (a synthetic corpus).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=100))]
    pub synthetic: u32,
    /// Timed runs of each query (after one untimed run).
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub runs: u32,
    /// The figures as JSON (else a short summary).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Serialize)]
struct SearchTiming {
    /// "real", or "synthetic: the corpus repeated N times with altered symbols and years".
    corpus: String,
    synthetic_copies: u32,
    texts: usize,
    paragraphs: u64,
    build: BuildTiming,
    runs_per_query: u32,
    queries: Vec<QueryTiming>,
    /// Over every timed run of every query.
    query_ms_p50: f64,
    query_ms_p99: f64,
    /// Over the per-query means, as the peer reports them (its median is the upper one of eight).
    query_ms_median: f64,
    query_ms_max: f64,
    first_agreed: FirstAgreedTiming,
}

#[derive(Debug, Serialize)]
struct BuildTiming {
    /// The full-text index: every paragraph with its words, facets and stored text, committed (tantivy).
    words_s: f64,
    /// The clause index: wordings, shingles, MinHash signatures, LSH buckets, clauses joined.
    clauses_s: f64,
    /// Merging the writer's segments into one (`SearchIndex::merge_segments`), and how many there were.
    merge_s: f64,
    segments_merged: usize,
    total_s: f64,
}

#[derive(Debug, Serialize)]
struct QueryTiming {
    query: String,
    /// Paragraphs and documents matched.
    total: u64,
    documents: u64,
    mean_ms: f64,
    p50_ms: f64,
    p99_ms: f64,
}

#[derive(Debug, Serialize)]
struct FirstAgreedTiming {
    /// Paragraphs of current texts looked at, and how many of them were agreed earlier in another text.
    paragraphs: u64,
    agreed_earlier: usize,
    seconds: f64,
}

pub fn run(args: &SearchBenchArgs) -> anyhow::Result<ExitCode> {
    let mut texts: Vec<LoadedText> = Vec::new();
    for dir in &args.dirs {
        let loaded = load_directory(dir, &|_| {}, &|| {})?;
        for problem in &loaded.problems {
            report(problem);
        }
        texts.extend(loaded.texts);
    }
    texts.sort_by(|a, b| a.id.cmp(&b.id));
    texts.dedup_by(|a, b| a.id == b.id);
    let copies: Vec<LoadedText> =
        (1..args.synthetic).flat_map(|copy| texts.iter().map(move |text| synthetic(text, copy))).collect();
    texts.extend(copies);
    let timing = time_search(&texts, args)?;
    if args.json {
        print(&format!("{}\n", serde_json::to_string(&timing).context("writing JSON")?));
    } else {
        print(&summary(&timing));
    }
    Ok(ExitCode::SUCCESS)
}

fn time_search(texts: &[LoadedText], args: &SearchBenchArgs) -> anyhow::Result<SearchTiming> {
    let index = SearchIndex::in_memory().context("creating the index")?;
    let started = Instant::now();
    let parts = index.add_timed(&indexed(texts)).context("indexing")?;
    let segments_before = index.segment_count();
    let merging = Instant::now();
    index.merge_segments().context("merging the index's segments")?;
    let merge = merging.elapsed();
    let total = started.elapsed();
    let mut all_runs: Vec<Duration> = Vec::new();
    let mut queries = Vec::new();
    for query in PEER_QUERIES {
        let request = SearchRequest::new(query);
        let found = index.search(&request).with_context(|| format!("the query {query}"))?;
        let mut runs: Vec<Duration> = Vec::with_capacity(args.runs as usize);
        for _ in 0..args.runs {
            let started = Instant::now();
            std::hint::black_box(index.search(&request)?);
            runs.push(started.elapsed());
        }
        let mean = runs.iter().sum::<Duration>() / args.runs;
        runs.sort_unstable();
        queries.push(QueryTiming {
            query: query.to_owned(),
            total: found.total,
            documents: found.documents,
            mean_ms: milliseconds(mean),
            p50_ms: milliseconds(percentile(&runs, 0.50)),
            p99_ms: milliseconds(percentile(&runs, 0.99)),
        });
        all_runs.extend(runs);
    }
    all_runs.sort_unstable();
    let mut means: Vec<f64> = queries.iter().map(|query| query.mean_ms).collect();
    means.sort_by(f64::total_cmp);
    let started = Instant::now();
    let agreed_earlier = index.first_agreed_everywhere();
    let first_agreed_seconds = started.elapsed().as_secs_f64();
    let synthetic = args.synthetic > 1;
    Ok(SearchTiming {
        corpus: if synthetic {
            format!(
                "synthetic: the corpus repeated {} times, each copy with altered symbols and years",
                args.synthetic
            )
        } else {
            "real".to_owned()
        },
        synthetic_copies: args.synthetic,
        texts: texts.len(),
        paragraphs: index.paragraph_count(),
        build: BuildTiming {
            words_s: parts.words.as_secs_f64(),
            clauses_s: parts.clauses.as_secs_f64(),
            merge_s: merge.as_secs_f64(),
            segments_merged: segments_before,
            total_s: total.as_secs_f64(),
        },
        runs_per_query: args.runs,
        queries,
        query_ms_p50: milliseconds(percentile(&all_runs, 0.50)),
        query_ms_p99: milliseconds(percentile(&all_runs, 0.99)),
        query_ms_median: means.get(means.len() / 2).copied().unwrap_or_default(),
        query_ms_max: means.last().copied().unwrap_or_default(),
        first_agreed: FirstAgreedTiming {
            paragraphs: index.paragraph_count(),
            agreed_earlier,
            seconds: first_agreed_seconds,
        },
    })
}

fn summary(timing: &SearchTiming) -> String {
    let mut out = format!(
        "{} ({} texts, {} paragraphs)\nbuild {:.2} s (words {:.2} s, clauses {:.2} s, merging {} segments {:.2} s)\n",
        timing.corpus,
        timing.texts,
        timing.paragraphs,
        timing.build.total_s,
        timing.build.words_s,
        timing.build.clauses_s,
        timing.build.segments_merged,
        timing.build.merge_s
    );
    for query in &timing.queries {
        out.push_str(&format!(
            "  {:<45} {:>7} paragraphs  p50 {:7.3} ms  p99 {:7.3} ms\n",
            query.query, query.total, query.p50_ms, query.p99_ms
        ));
    }
    out.push_str(&format!(
        "all runs: p50 {:.3} ms, p99 {:.3} ms\nfirst agreed in, every paragraph: {:.2} s ({} agreed earlier elsewhere)\n",
        timing.query_ms_p50, timing.query_ms_p99, timing.first_agreed.seconds, timing.first_agreed.agreed_earlier
    ));
    out
}

/// The nearest-rank percentile of sorted durations.
fn percentile(sorted: &[Duration], fraction: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = (fraction * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn milliseconds(duration: Duration) -> f64 {
    (duration.as_secs_f64() * 1e6).round() / 1e3
}

/// Copy number `copy` of a text for the synthetic corpus: its symbol's session moved on by 100 · copy (a
/// Council symbol's year by `copy`), its dates by `copy` years, its id suffixed so it is a document of its own.
fn synthetic(text: &LoadedText, copy: u32) -> LoadedText {
    let mut document: Document = text.document.clone();
    document.symbol = document.symbol.as_ref().map(|symbol| altered_symbol(symbol, copy));
    let years = i32::try_from(copy).unwrap_or(0);
    document.issued = document.issued.map(|date| later(date, years));
    if let Some(adoption) = document.adoption.as_mut() {
        adoption.date = adoption.date.map(|date| later(date, years));
    }
    if let Some(meeting) = document.meeting.as_mut() {
        meeting.date = meeting.date.map(|date| later(date, years));
    }
    LoadedText { file: text.file.clone(), id: format!("{}-synthetic-{copy}", text.id), document }
}

fn altered_symbol(symbol: &Symbol, copy: u32) -> Symbol {
    let text = symbol.as_str();
    let altered = match symbol.session() {
        Some(session) => {
            let number = session.number().to_string();
            let mut moved = false;
            let parts: Vec<String> = text
                .split('/')
                .map(|part| {
                    if !moved && part == number {
                        moved = true;
                        (session.number() + 100 * copy).to_string()
                    } else {
                        part.to_owned()
                    }
                })
                .collect();
            parts.join("/")
        }
        None => match (text.rfind('('), text.rfind(')')) {
            (Some(open), Some(close)) if open < close => match text[open + 1..close].parse::<u32>() {
                Ok(year) => format!("{}({}){}", &text[..open], year + copy, &text[close + 1..]),
                Err(_) => text.to_owned(),
            },
            _ => text.to_owned(),
        },
    };
    Symbol::parse(&altered).unwrap_or_else(|_| symbol.clone())
}

fn later(date: Date, years: i32) -> Date {
    let year = date.year() + years;
    Date::from_calendar_date(year, date.month(), date.day())
        .or_else(|_| Date::from_calendar_date(year, date.month(), date.day() - 1))
        .unwrap_or(date)
}
