//! `plenary index DIR --out INDEX`: a stand-alone agreed-language index of a directory of texts, for
//! `plenary search` and `plenary history` without a server. The texts are read on every core; the index is
//! built beside its final place and renamed into it, so INDEX is never half-written.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use plenary_core::Document;
use plenary_search::{IndexedText, SearchIndex, is_agreed_language};

use super::{collect_documents, exit_bad_input, print, report};

/// Build a search index of every document file under DIR (recursively: .txt, .md, .xml, .akn, .json,
/// .docx; READMEs and indexes passed over). Each text is one document (its id from its symbol, else its
/// file's name), agreed language when it is an adopted resolution or decision. A file that cannot be read,
/// or that the importer reads with errors, is named with the reason and left out. An existing INDEX is
/// replaced whole: the new index is built in INDEX.tmp and takes INDEX's place only when it is complete.
/// Exit code 0 when every file was indexed, 2 when any was left out (the others are indexed all the same).
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// The directory of texts.
    pub dir: PathBuf,
    /// The directory the index is written to.
    #[arg(long)]
    pub out: PathBuf,
}

/// A text read for the index.
pub struct LoadedText {
    /// The file it was read from.
    pub file: PathBuf,
    /// Its document id: `plenary_store::document_id` of its symbol, else of its file's name.
    pub id: String,
    pub document: Document,
}

/// What reading a directory gave: the texts, and a line for each file left out.
pub struct Loaded {
    pub texts: Vec<LoadedText>,
    pub problems: Vec<String>,
}

pub fn run(args: &IndexArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message("reading");
    let ticks = bar.clone();
    let loaded = load_directory(&args.dir, &|total| bar.set_length(total as u64), &|| ticks.inc(1))?;
    bar.set_message("indexing");
    let paragraphs = build(&args.out, &loaded.texts)?;
    bar.finish_and_clear();
    for problem in &loaded.problems {
        report(problem);
    }
    print(&format!(
        "indexed {} texts, {paragraphs} paragraphs, into {} in {:.1} s; {} files left out\n",
        loaded.texts.len(),
        args.out.display(),
        started.elapsed().as_secs_f64(),
        loaded.problems.len()
    ));
    Ok(if loaded.problems.is_empty() { ExitCode::SUCCESS } else { exit_bad_input() })
}

/// Reads and imports every document file under `dir` on every core. `sized` is told how many files there
/// are, `tick` is called after each. Texts come back in the order of their file names; a file whose
/// document id another file already gave is a problem, not a second text.
pub fn load_directory(dir: &Path, sized: &dyn Fn(usize), tick: &(dyn Fn() + Sync)) -> anyhow::Result<Loaded> {
    let mut paths = Vec::new();
    collect_documents(dir, &mut paths).with_context(|| format!("reading {}", dir.display()))?;
    paths.sort();
    sized(paths.len());
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let mut read: Vec<(usize, Result<Document, String>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let at = next.fetch_add(1, Ordering::Relaxed);
                        let Some(path) = paths.get(at) else { break };
                        done.push((at, read_text(path)));
                        tick();
                    }
                    done
                })
            })
            .collect();
        workers.into_iter().flat_map(|worker| worker.join().unwrap_or_default()).collect()
    });
    anyhow::ensure!(read.len() == paths.len(), "a reader thread stopped before it finished its files");
    read.sort_by_key(|(at, _)| *at);
    let mut texts: Vec<LoadedText> = Vec::with_capacity(read.len());
    let mut problems = Vec::new();
    let mut taken: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (at, outcome) in read {
        let file = paths[at].clone();
        let document = match outcome {
            Ok(document) => document,
            Err(message) => {
                problems.push(format!("{}: {message}", file.display()));
                continue;
            }
        };
        let name = document.symbol.as_ref().map(ToString::to_string).unwrap_or_else(|| {
            file.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default()
        });
        let id = plenary_store::document_id(&name);
        if id.is_empty() {
            problems
                .push(format!("{}: neither the text nor its file name gives a document id", file.display()));
            continue;
        }
        if let Some(&first) = taken.get(&id) {
            problems.push(format!(
                "{}: left out, its document id {id} is {}'s already",
                file.display(),
                texts[first].file.display()
            ));
            continue;
        }
        taken.insert(id.clone(), texts.len());
        texts.push(LoadedText { file, id, document });
    }
    Ok(Loaded { texts, problems })
}

/// Reads one file: its document, or why it is left out (the importer's refusal, or its first error).
fn read_text(path: &Path) -> Result<Document, String> {
    let bytes = std::fs::read(path).map_err(|error| error.to_string())?;
    let imported = plenary_import::import(&bytes).map_err(|error| error.to_string())?;
    if let Some(error) =
        imported.diagnostics.iter().find(|diagnostic| diagnostic.severity == plenary_core::Severity::Error)
    {
        return Err(format!("read with errors, so left out: {error}"));
    }
    Ok(imported.document)
}

/// The texts as the index takes them: each the current first version of its document, public, agreed
/// language when its symbol or adoption says so.
pub fn indexed(texts: &[LoadedText]) -> Vec<IndexedText<'_>> {
    texts
        .iter()
        .map(|text| IndexedText {
            document: &text.id,
            version: 1,
            current: true,
            adopted: is_agreed_language(&text.document),
            public: true,
            text: &text.document,
        })
        .collect()
}

/// Builds the index of `texts` at `out`: written whole in `out.tmp`, then put in `out`'s place (an index
/// there before is moved aside and removed only once the new one stands). Returns the paragraphs indexed.
fn build(out: &Path, texts: &[LoadedText]) -> anyhow::Result<u64> {
    let building = sibling(out, "tmp");
    let replaced = sibling(out, "old");
    for path in [out, &building, &replaced] {
        refuse_other_content(path)?;
    }
    remove_if_present(&building)?;
    remove_if_present(&replaced)?;
    let index =
        SearchIndex::open_or_create(&building).with_context(|| format!("creating {}", building.display()))?;
    index.add(&indexed(texts)).with_context(|| format!("writing {}", building.display()))?;
    index.merge_segments().with_context(|| format!("merging the segments of {}", building.display()))?;
    let paragraphs = index.paragraph_count();
    index.close().with_context(|| format!("finishing {}", building.display()))?;
    if out.exists() {
        std::fs::rename(out, &replaced)
            .with_context(|| format!("moving the old index {} aside", out.display()))?;
    }
    std::fs::rename(&building, out)
        .with_context(|| format!("moving {} to {}", building.display(), out.display()))?;
    remove_if_present(&replaced)?;
    Ok(paragraphs)
}

/// `INDEX.tmp` beside `INDEX`.
fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let mut name = out.as_os_str().to_owned();
    name.push(format!(".{suffix}"));
    PathBuf::from(name)
}

/// Refuses to replace anything but a search index or an empty directory: `--out` naming a directory of
/// texts by mistake must not remove them.
fn refuse_other_content(path: &Path) -> anyhow::Result<()> {
    if !path.exists() {
        return Ok(());
    }
    anyhow::ensure!(path.is_dir(), "{}: a file is there, not a search index; not replaced", path.display());
    let is_index = path.join("meta.json").is_file();
    let is_empty =
        std::fs::read_dir(path).with_context(|| format!("reading {}", path.display()))?.next().is_none();
    anyhow::ensure!(
        is_index || is_empty,
        "{}: this directory holds something other than a search index; not replaced",
        path.display()
    );
    Ok(())
}

fn remove_if_present(path: &Path) -> anyhow::Result<()> {
    if path.exists() {
        std::fs::remove_dir_all(path).with_context(|| format!("removing {}", path.display()))?;
    }
    Ok(())
}
