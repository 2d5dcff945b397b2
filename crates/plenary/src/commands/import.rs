//! `plenary import DIR`: bulk-loads the texts of a directory into a service's store as finished documents
//! (adopted resolutions, issued drafts), through the one gate (`plenary_web::acts::bulk_import`):
//! read on every core, recorded in one append, so an interrupted run leaves nothing behind.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use plenary_store::{EventLog, Journal, PostgresLog, Signing, SqliteLog};
use plenary_web::acts::{BulkOutcome, bulk_import};

use super::serve::{KEY_FILE, read_private_key, runtime};
use super::{collect_documents, exit_bad_input, print, report};

/// Load every document file under DIR (recursively: .txt, .md, .xml, .akn, .json, .docx; READMEs and
/// indexes passed over) into the store as finished texts: a resolution as adopted, anything
/// else as an issued draft. A text whose document id is in the store already is skipped; a file that is
/// not a document, or that the importer reads with errors, is named with the reason and not recorded.
/// Everything readable is recorded in one append: an interrupted run records nothing. Exit code 0 when
/// every file was imported or skipped, 2 when any file was a problem (the others are imported all the
/// same). The store must have had its first start (`plenary serve`) already.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The directory of texts.
    pub dir: PathBuf,
    /// The data directory holding plenary.db (and the log key the checkpoints are signed with).
    #[arg(long, default_value = "plenary-data")]
    pub data: PathBuf,
    /// A PostgreSQL URL instead of the data directory's SQLite database.
    #[arg(long)]
    pub database: Option<String>,
    /// The file holding the log's private key, when it is not the data directory's log-key.
    #[arg(long, env = "PLENARY_LOG_KEY_FILE")]
    pub log_key: Option<PathBuf>,
}

pub fn run(args: &ImportArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let mut paths = Vec::new();
    collect_documents(&args.dir, &mut paths).with_context(|| format!("reading {}", args.dir.display()))?;
    paths.sort();
    let mut files = Vec::with_capacity(paths.len());
    let mut unreadable = 0;
    for path in &paths {
        match std::fs::read(path) {
            Ok(bytes) => files.push((path.display().to_string(), bytes)),
            Err(error) => {
                report(&format!("{}: {error}", path.display()));
                unreadable += 1;
            }
        }
    }
    let signing = signing(args)?;
    let outcomes = runtime()?.block_on(async {
        match &args.database {
            Some(url) => {
                let log = PostgresLog::connect(url).await.context("connecting to PostgreSQL")?;
                import_into(log, signing, files).await
            }
            None => {
                let path = args.data.join("plenary.db");
                anyhow::ensure!(
                    path.exists(),
                    "{}: no database here; start `plenary serve --data {}` once first",
                    path.display(),
                    args.data.display()
                );
                let log =
                    SqliteLog::open(&path).await.with_context(|| format!("opening {}", path.display()))?;
                import_into(log, signing, files).await
            }
        }
    })?;
    let (mut imported, mut skipped, mut problems) = (0, 0, unreadable);
    for (file, outcome) in &outcomes {
        match outcome {
            BulkOutcome::Imported { .. } => imported += 1,
            BulkOutcome::Skipped { id } => {
                skipped += 1;
                report(&format!("{file}: skipped, {id} is in the store already"));
            }
            BulkOutcome::Problem { message } => {
                problems += 1;
                report(&format!("{file}: {message}"));
            }
        }
    }
    print(&format!(
        "imported {imported}, skipped {skipped}, problems {problems}, in {:.1} s\n",
        started.elapsed().as_secs_f64()
    ));
    Ok(if problems > 0 { exit_bad_input() } else { ExitCode::SUCCESS })
}

/// The checkpoints an import's append may call for are signed with the deployment's key: --log-key, else
/// the data directory's (with PostgreSQL and no key, they are left to the servers' timer).
fn signing(args: &ImportArgs) -> anyhow::Result<Signing> {
    let path = args.log_key.clone().unwrap_or_else(|| args.data.join(KEY_FILE));
    let key = if path.exists() {
        Some(read_private_key(&path)?)
    } else if args.log_key.is_some() {
        anyhow::bail!("{}: no such key file", path.display());
    } else {
        None
    };
    Ok(Signing { key, every_events: plenary_store::CHECKPOINT_EVERY_EVENTS })
}

/// Opens the journal (which audits the log), refuses a store that never had its first start, and records.
async fn import_into<L: EventLog + 'static>(
    log: L,
    signing: Signing,
    files: Vec<(String, Vec<u8>)>,
) -> anyhow::Result<Vec<(String, BulkOutcome)>> {
    let journal = Arc::new(Journal::open_signing(log, signing).await.context("opening the log")?);
    anyhow::ensure!(
        journal.state().await.head > 0,
        "the store is empty: start `plenary serve` on it once first (its first start creates the accounts)"
    );
    let names: Vec<String> = files.iter().map(|(name, _)| name.clone()).collect();
    let bar = ProgressBar::new(files.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message("reading and recording");
    let ticks = bar.clone();
    let outcomes =
        bulk_import(&journal, files, Arc::new(move || ticks.inc(1)), time::OffsetDateTime::now_utc())
            .await
            .map_err(|error| anyhow::anyhow!("{}", error.message))
            .context("recording the documents")?;
    bar.finish_and_clear();
    // Sign what the append added now, as a server's first start does, rather than leave it to a timer.
    journal.checkpoint(time::OffsetDateTime::now_utc()).await.context("signing a checkpoint")?;
    Ok(names.into_iter().zip(outcomes).collect())
}
