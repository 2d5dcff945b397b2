//! `plenary lineage FILE --corpus DIR`: the previous versions of a text among the texts of a directory,
//! ranked, with what changed since the closest one.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::Context;
use clap::Args;
use plenary_core::Document;
use plenary_core::compare::compare;
use plenary_core::lineage::{Library, Profile, Relation};

use super::{collect_documents, exit_bad_input, import_file, print};

/// Find the previous versions of a text (same series, earlier session or earlier revision) in a corpus.
#[derive(Debug, Args)]
pub struct LineageArgs {
    /// The text whose predecessors to find.
    pub file: PathBuf,
    /// The directory of texts to search (read recursively).
    #[arg(long)]
    pub corpus: PathBuf,
    /// How many candidates to list.
    #[arg(long, default_value_t = 5)]
    pub top: usize,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &LineageArgs) -> anyhow::Result<ExitCode> {
    let Some(text) = import_file(&args.file)? else { return Ok(exit_bad_input()) };
    let mut files = Vec::new();
    collect_documents(&args.corpus, &mut files)
        .with_context(|| format!("listing {}", args.corpus.display()))?;
    files.sort();
    let corpus = read_corpus(&files);
    let library = Library::new(corpus.iter().map(|(_, document)| Profile::of(document)).collect());
    let lineage = library.predecessors(&Profile::of(&text.document));
    let profiles = library.profiles();
    let name = |index: usize| {
        profiles[index]
            .symbol
            .as_ref()
            .map_or_else(|| corpus[index].0.display().to_string(), ToString::to_string)
    };

    if args.json {
        let listed: Vec<_> = lineage.predecessors.iter().take(args.top).collect();
        let value = serde_json::json!({
            "text": text.document.symbol.as_ref().map(ToString::to_string),
            "texts_searched": corpus.len(),
            "adopted_from": lineage.adopted_from.iter().map(|&index| name(index)).collect::<Vec<_>>(),
            "predecessors": listed,
        });
        print(&format!("{}\n", serde_json::to_string_pretty(&value).context("writing JSON")?));
        return Ok(ExitCode::SUCCESS);
    }

    let own =
        text.document.symbol.as_ref().map_or_else(|| args.file.display().to_string(), ToString::to_string);
    let mut out = format!(
        "Previous versions of {own} ({}) among {} texts in {}\n",
        text.document.title,
        corpus.len(),
        args.corpus.display()
    );
    for &index in &lineage.adopted_from {
        out.push_str(&format!("  adopted on the draft {} (the same text before adoption)\n", name(index)));
    }
    if lineage.predecessors.is_empty() {
        out.push_str("  none found\n");
    }
    for (rank, candidate) in lineage.predecessors.iter().take(args.top).enumerate() {
        let relation = match candidate.relation {
            Relation::EarlierDraft => "earlier draft",
            Relation::EarlierSession => "earlier session",
        };
        out.push_str(&format!(
            "  {}. {:<20} {relation}, {}{:.0}% of vocabulary shared\n",
            rank + 1,
            name(candidate.index),
            if candidate.same_title { "same title, " } else { "" },
            candidate.resemblance * 100.0
        ));
    }
    if let Some(closest) = lineage.predecessors.first() {
        let comparison = compare(&corpus[closest.index].1, &text.document);
        let summary = comparison.summary;
        out.push_str(&format!(
            "Since {}: {} unchanged, {} modified, {} added, {} deleted, {} moved (plenary compare for the detail)\n",
            name(closest.index),
            summary.unchanged,
            summary.modified,
            summary.added,
            summary.deleted,
            summary.moved
        ));
    }
    print(&out);
    Ok(ExitCode::SUCCESS)
}

/// Imports every document of the corpus, on all cores; texts that cannot be read are left out.
fn read_corpus(files: &[PathBuf]) -> Vec<(PathBuf, Document)> {
    let next = AtomicUsize::new(0);
    let read: Mutex<Vec<(usize, PathBuf, Document)>> = Mutex::new(Vec::with_capacity(files.len()));
    let workers = std::thread::available_parallelism().map_or(2, |count| count.get());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(index) else { break };
                    let Some(document) = read_one(path) else { continue };
                    if let Ok(mut read) = read.lock() {
                        read.push((index, path.clone(), document));
                    }
                }
            });
        }
    });
    let mut read = read.into_inner().unwrap_or_default();
    read.sort_by_key(|(index, _, _)| *index);
    read.into_iter().map(|(_, path, document)| (path, document)).collect()
}

fn read_one(path: &Path) -> Option<Document> {
    let bytes = std::fs::read(path).ok()?;
    let imported = plenary_import::import(&bytes).ok()?;
    (!imported.has_errors()).then_some(imported.document)
}
