//! The log on SQLite: one file in the data directory, WAL journal, full synchronous commits, so an
//! acknowledged event survives a crash or a power cut.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::Row;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use tokio::sync::mpsc;

use crate::envelope::StoredEvent;
use crate::log::{Append, EventLog, Session, StoreError, StoredCheckpoint, database_error};
use crate::tree::{Hash, StoredHashes};

const SCHEMA: &[&str] = &[
    "CREATE TABLE IF NOT EXISTS events (
        seq INTEGER PRIMARY KEY,
        stream TEXT NOT NULL,
        kind TEXT NOT NULL,
        payload TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        actor TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    )",
    "CREATE INDEX IF NOT EXISTS events_by_stream ON events (stream, seq)",
    // The Merkle tree's stored hashes (crate::tree): index → hash.
    "CREATE TABLE IF NOT EXISTS tree_hashes (
        idx INTEGER PRIMARY KEY,
        hash BLOB NOT NULL
    )",
    "CREATE TABLE IF NOT EXISTS checkpoints (
        size INTEGER PRIMARY KEY,
        note TEXT NOT NULL,
        recorded_at TEXT NOT NULL
    )",
    "CREATE TABLE IF NOT EXISTS sessions (
        token_hash TEXT PRIMARY KEY,
        account TEXT NOT NULL,
        csrf_token TEXT NOT NULL,
        expires_at INTEGER NOT NULL
    )",
];

/// The SQLite log.
#[derive(Debug, Clone)]
pub struct SqliteLog {
    pool: SqlitePool,
}

impl SqliteLog {
    /// Opens (creating if needed) the database file at `path`.
    ///
    /// The database holds password hashes and session tokens: it is created readable by its owner only
    /// (0600) before SQLite opens it, and an existing one is narrowed to that. SQLite gives the `-wal` and
    /// `-shm` files it creates the database's mode.
    pub async fn open(path: &Path) -> Result<SqliteLog, StoreError> {
        restrict_to_owner(path)
            .map_err(|error| StoreError::Database(format!("{}: {error}", path.display())))?;
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(10));
        Self::with_options(options).await
    }

    /// A private in-memory database, for tests.
    pub async fn in_memory() -> Result<SqliteLog, StoreError> {
        let options = SqliteConnectOptions::from_str("sqlite::memory:").map_err(db)?;
        // One connection: every connection to `:memory:` would be a different database.
        let pool = SqlitePoolOptions::new().max_connections(1).connect_with(options).await.map_err(db)?;
        Self::migrate(pool).await
    }

    async fn with_options(options: SqliteConnectOptions) -> Result<SqliteLog, StoreError> {
        let pool = SqlitePoolOptions::new().max_connections(4).connect_with(options).await.map_err(db)?;
        Self::migrate(pool).await
    }

    async fn migrate(pool: SqlitePool) -> Result<SqliteLog, StoreError> {
        for statement in SCHEMA {
            sqlx::query(*statement).execute(&pool).await.map_err(db)?;
        }
        Ok(SqliteLog { pool })
    }
}

/// Creates `path` (empty, which SQLite reads as a new database) with mode 0600 if it does not exist, and
/// sets 0600 on it and on its `-wal` and `-shm` files where they exist.
fn restrict_to_owner(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    drop(options.open(path)?);
    #[cfg(unix)]
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let file = std::path::PathBuf::from(name);
        if file.exists() {
            std::fs::set_permissions(&file, std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
        }
    }
    Ok(())
}

fn db(error: sqlx::Error) -> StoreError {
    StoreError::Database(error.to_string())
}

impl EventLog for SqliteLog {
    async fn read_after(&self, seq: u64) -> Result<Vec<StoredEvent>, StoreError> {
        let rows = sqlx::query(
            "SELECT seq, stream, kind, payload, recorded_at, actor, prev_hash, hash FROM events WHERE seq > ? ORDER BY seq",
        )
        .bind(i64::try_from(seq).unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(event_from_row).collect()
    }

    async fn read_range(&self, from: u64, to: u64) -> Result<Vec<StoredEvent>, StoreError> {
        let rows = sqlx::query(
            "SELECT seq, stream, kind, payload, recorded_at, actor, prev_hash, hash FROM events WHERE seq >= ? AND seq <= ? ORDER BY seq",
        )
        .bind(i64::try_from(from).unwrap_or(i64::MAX))
        .bind(i64::try_from(to).unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(event_from_row).collect()
    }

    async fn append(&self, append: Append<'_>) -> Result<(), StoreError> {
        let first = append.events.first().map_or(0, |event| event.seq);
        let mut transaction = self.pool.begin().await.map_err(db)?;
        for event in append.events {
            sqlx::query(
                "INSERT INTO events (seq, stream, kind, payload, recorded_at, actor, prev_hash, hash)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(i64::try_from(event.seq).unwrap_or(i64::MAX))
            .bind(&event.stream)
            .bind(&event.kind)
            .bind(&event.payload)
            .bind(&event.recorded_at)
            .bind(&event.actor)
            .bind(&event.prev_hash)
            .bind(&event.hash)
            .execute(&mut *transaction)
            .await
            .map_err(|error| database_error(error, first))?;
        }
        insert_tree(&mut transaction, append.tree, "INSERT INTO")
            .await
            .map_err(|error| database_error(error, first))?;
        if let Some(checkpoint) = append.checkpoint {
            insert_checkpoint(&mut transaction, checkpoint).await?;
        }
        transaction.commit().await.map_err(|error| database_error(error, first))
    }

    async fn read_tree(&self) -> Result<Vec<Hash>, StoreError> {
        let rows = sqlx::query("SELECT hash FROM tree_hashes ORDER BY idx")
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        rows.iter().map(|row| hash_from_column(row.try_get("hash").map_err(db)?)).collect()
    }

    async fn put_tree(&self, hashes: &StoredHashes) -> Result<(), StoreError> {
        let mut transaction = self.pool.begin().await.map_err(db)?;
        insert_tree(&mut transaction, hashes, "INSERT OR IGNORE INTO").await.map_err(db)?;
        transaction.commit().await.map_err(db)
    }

    async fn put_checkpoint(&self, checkpoint: &StoredCheckpoint) -> Result<(), StoreError> {
        let mut connection = self.pool.acquire().await.map_err(db)?;
        insert_checkpoint(&mut connection, checkpoint).await
    }

    async fn update_checkpoint_notes(&self, checkpoints: &[StoredCheckpoint]) -> Result<(), StoreError> {
        let mut transaction = self.pool.begin().await.map_err(db)?;
        for checkpoint in checkpoints {
            sqlx::query("UPDATE checkpoints SET note = ? WHERE size = ?")
                .bind(&checkpoint.note)
                .bind(i64::try_from(checkpoint.size).unwrap_or(i64::MAX))
                .execute(&mut *transaction)
                .await
                .map_err(db)?;
        }
        transaction.commit().await.map_err(db)
    }

    async fn checkpoints(&self) -> Result<Vec<StoredCheckpoint>, StoreError> {
        let rows = sqlx::query("SELECT size, note, recorded_at FROM checkpoints ORDER BY size")
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        rows.iter().map(checkpoint_from_row).collect()
    }

    async fn checkpoints_after(&self, after: u64, limit: u32) -> Result<Vec<StoredCheckpoint>, StoreError> {
        let rows = sqlx::query(
            "SELECT size, note, recorded_at FROM checkpoints WHERE size > ? ORDER BY size LIMIT ?",
        )
        .bind(i64::try_from(after).unwrap_or(i64::MAX))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(checkpoint_from_row).collect()
    }

    async fn checkpoint_covering(&self, seq: u64) -> Result<Option<StoredCheckpoint>, StoreError> {
        let row = sqlx::query(
            "SELECT size, note, recorded_at FROM checkpoints WHERE size >= ? ORDER BY size LIMIT 1",
        )
        .bind(i64::try_from(seq).unwrap_or(i64::MAX))
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        row.as_ref().map(checkpoint_from_row).transpose()
    }

    async fn latest_checkpoint(&self) -> Result<Option<StoredCheckpoint>, StoreError> {
        let row = sqlx::query("SELECT size, note, recorded_at FROM checkpoints ORDER BY size DESC LIMIT 1")
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        row.as_ref().map(checkpoint_from_row).transpose()
    }

    async fn watch(&self) -> Result<mpsc::Receiver<u64>, StoreError> {
        // One process owns a SQLite data directory; nothing else appends behind its back. The sender is
        // leaked into a task that waits forever, so the channel stays open and silent.
        let (sender, receiver) = mpsc::channel(1);
        tokio::spawn(async move {
            sender.closed().await;
        });
        Ok(receiver)
    }

    async fn put_session(&self, session: &Session) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO sessions (token_hash, account, csrf_token, expires_at) VALUES (?, ?, ?, ?)")
            .bind(&session.token_hash)
            .bind(&session.account)
            .bind(&session.csrf_token)
            .bind(session.expires_at)
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(())
    }

    async fn session(&self, token_hash: &str, now: i64) -> Result<Option<Session>, StoreError> {
        let row = sqlx::query(
            "SELECT token_hash, account, csrf_token, expires_at FROM sessions WHERE token_hash = ? AND expires_at > ?",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        row.map(|row| session_from_row(&row)).transpose()
    }

    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = ?")
            .bind(token_hash)
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(())
    }
}

/// Rows of tree hashes per statement: two parameters each, well under SQLite's limit of 32,766.
const TREE_ROWS_PER_STATEMENT: usize = 4096;

async fn insert_tree(
    transaction: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    hashes: &StoredHashes,
    insert: &str,
) -> Result<(), sqlx::Error> {
    for (chunk_number, chunk) in hashes.hashes.chunks(TREE_ROWS_PER_STATEMENT).enumerate() {
        let first = hashes.first + (chunk_number * TREE_ROWS_PER_STATEMENT) as u64;
        let mut builder = sqlx::QueryBuilder::new(format!("{insert} tree_hashes (idx, hash) "));
        builder.push_values(chunk.iter().enumerate(), |mut row, (offset, hash)| {
            row.push_bind(i64::try_from(first + offset as u64).unwrap_or(i64::MAX)).push_bind(hash.to_vec());
        });
        builder.build().execute(&mut **transaction).await?;
    }
    Ok(())
}

async fn insert_checkpoint(
    connection: &mut sqlx::SqliteConnection,
    checkpoint: &StoredCheckpoint,
) -> Result<(), StoreError> {
    sqlx::query("INSERT OR IGNORE INTO checkpoints (size, note, recorded_at) VALUES (?, ?, ?)")
        .bind(i64::try_from(checkpoint.size).unwrap_or(i64::MAX))
        .bind(&checkpoint.note)
        .bind(&checkpoint.recorded_at)
        .execute(connection)
        .await
        .map_err(db)?;
    Ok(())
}

fn checkpoint_from_row(row: &sqlx::sqlite::SqliteRow) -> Result<StoredCheckpoint, StoreError> {
    let size: i64 = row.try_get("size").map_err(db)?;
    Ok(StoredCheckpoint {
        size: u64::try_from(size).map_err(|_| StoreError::Damaged(format!("a checkpoint of size {size}")))?,
        note: row.try_get("note").map_err(db)?,
        recorded_at: row.try_get("recorded_at").map_err(db)?,
    })
}

/// A stored tree hash, which must be 32 bytes.
pub(crate) fn hash_from_column(bytes: Vec<u8>) -> Result<Hash, StoreError> {
    Hash::try_from(bytes.as_slice())
        .map_err(|_| StoreError::Damaged(format!("a tree hash of {} bytes, not 32", bytes.len())))
}

fn event_from_row(row: &sqlx::sqlite::SqliteRow) -> Result<StoredEvent, StoreError> {
    let seq: i64 = row.try_get("seq").map_err(db)?;
    Ok(StoredEvent {
        seq: u64::try_from(seq).map_err(|_| StoreError::Damaged(format!("negative position {seq}")))?,
        stream: row.try_get("stream").map_err(db)?,
        kind: row.try_get("kind").map_err(db)?,
        payload: row.try_get("payload").map_err(db)?,
        recorded_at: row.try_get("recorded_at").map_err(db)?,
        actor: row.try_get("actor").map_err(db)?,
        prev_hash: row.try_get("prev_hash").map_err(db)?,
        hash: row.try_get("hash").map_err(db)?,
    })
}

fn session_from_row(row: &sqlx::sqlite::SqliteRow) -> Result<Session, StoreError> {
    Ok(Session {
        token_hash: row.try_get("token_hash").map_err(db)?,
        account: row.try_get("account").map_err(db)?,
        csrf_token: row.try_get("csrf_token").map_err(db)?,
        expires_at: row.try_get("expires_at").map_err(db)?,
    })
}
