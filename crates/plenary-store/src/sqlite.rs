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
use crate::log::{EventLog, Session, StoreError, database_error};

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

    async fn append(&self, events: &[StoredEvent]) -> Result<(), StoreError> {
        let first = events.first().map_or(0, |event| event.seq);
        let mut transaction = self.pool.begin().await.map_err(db)?;
        for event in events {
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
        transaction.commit().await.map_err(|error| database_error(error, first))
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
