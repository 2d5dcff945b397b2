//! `plenary rotate-log-key`: replaces the log's signing key, with the servers stopped, so that the chain of
//! trust runs from the old key to the new one: every stored checkpoint gains the new key's signature (and
//! keeps the old one), and the head of the log is signed by both (the handover). See
//! docs/transparency-log.md.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use plenary_store::{EventLog, LogKey, PostgresLog, SqliteLog, StoredCheckpoint};

use super::serve::{KEY_FILE, PUBLIC_KEY_FILE, read_private_key, runtime, write_private};
use super::{print, report};

/// Replace the log's signing key (stop every server first).
#[derive(Debug, Args)]
pub struct RotateArgs {
    /// The data directory holding plenary.db (and log-key, unless --log-key says otherwise).
    #[arg(long, default_value = "plenary-data")]
    pub data: PathBuf,
    /// A PostgreSQL URL instead of the data directory's SQLite database.
    #[arg(long)]
    pub database: Option<String>,
    /// The file holding the current private key; the new key is written in its place.
    #[arg(long, env = "PLENARY_LOG_KEY_FILE")]
    pub log_key: Option<PathBuf>,
}

pub fn run(args: &RotateArgs) -> anyhow::Result<ExitCode> {
    let key_path = args.log_key.clone().unwrap_or_else(|| args.data.join(KEY_FILE));
    let old = read_private_key(&key_path)?;
    runtime()?.block_on(async {
        match &args.database {
            Some(url) => {
                rotate(
                    &PostgresLog::connect(url).await.context("connecting to PostgreSQL")?,
                    &old,
                    &key_path,
                    args,
                )
                .await
            }
            None => {
                let path = args.data.join("plenary.db");
                anyhow::ensure!(path.exists(), "{}: no database here", path.display());
                let log =
                    SqliteLog::open(&path).await.with_context(|| format!("opening {}", path.display()))?;
                rotate(&log, &old, &key_path, args).await
            }
        }
    })
}

async fn rotate<L: EventLog>(
    log: &L,
    old: &LogKey,
    key_path: &Path,
    args: &RotateArgs,
) -> anyhow::Result<ExitCode> {
    let audited = match plenary_store::verify(log, Some(&old.verifier())).await {
        Ok(audited) => audited,
        Err(error) => {
            report(&format!("not rotating: the log does not verify with the current key: {error}"));
            return Ok(ExitCode::FAILURE);
        }
    };
    let new = LogKey::generate(old.origin()).context("generating the new key")?;
    // The new key is on disk before any checkpoint needs it, so a crash leaves either key usable.
    let pending = key_path.with_extension("new");
    write_private(&pending, &format!("{}\n", new.private_key()))?;

    let mut cosigned = Vec::new();
    for stored in log.checkpoints().await.context("reading the checkpoints")? {
        let note = new
            .cosign(&stored.note)
            .with_context(|| format!("cosigning the checkpoint of {} events", stored.size))?;
        cosigned.push(StoredCheckpoint { note, ..stored });
    }
    let head = audited.events;
    let mut signed_by_both = cosigned.len();
    if head > 0 && !cosigned.iter().any(|checkpoint| checkpoint.size == head) {
        signed_by_both += 1;
        let root = audited.tree.root(head).context("the head of the tree")?;
        let note = new.cosign(&old.sign(head, root).note).context("signing the handover")?;
        let recorded_at = plenary_store::timestamp(time::OffsetDateTime::now_utc());
        log.put_checkpoint(&StoredCheckpoint { size: head, note, recorded_at })
            .await
            .context("storing the handover")?;
    }
    log.update_checkpoint_notes(&cosigned).await.context("storing the cosigned checkpoints")?;

    let stamp = time::OffsetDateTime::now_utc().unix_timestamp();
    let retired = key_path.with_file_name(format!("{KEY_FILE}.retired-{stamp}"));
    std::fs::rename(key_path, &retired)
        .with_context(|| format!("moving the old key to {}", retired.display()))?;
    std::fs::rename(&pending, key_path)
        .with_context(|| format!("putting the new key in {}", key_path.display()))?;
    let public = args.data.join(PUBLIC_KEY_FILE);
    std::fs::write(&public, format!("{}\n", new.verifier_key()))
        .with_context(|| format!("writing {}", public.display()))?;
    print(&format!(
        "The log {} is now signed with\n  {}\nin place of\n  {}\n\
         {} checkpoints carry both signatures; the handover is the checkpoint of {head} events.\n\
         The old private key is in {} — destroy it once every witness has the new key.\n",
        old.origin(),
        new.verifier_key(),
        old.verifier_key(),
        signed_by_both,
        retired.display()
    ));
    Ok(ExitCode::SUCCESS)
}
