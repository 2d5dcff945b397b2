//! The log on PostgreSQL, for several app servers: the same tables as SQLite, positions taken by a primary
//! key so that two servers never both append at one position, and NOTIFY so each server hears of the
//! others' appends at once.

use sqlx::Row;
use sqlx::postgres::{PgListener, PgPool, PgPoolOptions};
use tokio::sync::mpsc;

use crate::envelope::StoredEvent;
use crate::log::{Append, EventLog, Session, StoreError, StoredCheckpoint, database_error};
use crate::sqlite::hash_from_column;
use crate::tree::{Hash, StoredHashes};

/// The channel appends are announced on; the payload is the new head position.
const CHANNEL: &str = "plenary_events";

const SCHEMA: &[&str] = &[
    "CREATE TABLE IF NOT EXISTS events (
        seq BIGINT PRIMARY KEY,
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
        idx BIGINT PRIMARY KEY,
        hash BYTEA NOT NULL
    )",
    "CREATE TABLE IF NOT EXISTS checkpoints (
        size BIGINT PRIMARY KEY,
        note TEXT NOT NULL,
        recorded_at TEXT NOT NULL
    )",
    "CREATE TABLE IF NOT EXISTS sessions (
        token_hash TEXT PRIMARY KEY,
        account TEXT NOT NULL,
        csrf_token TEXT NOT NULL,
        expires_at BIGINT NOT NULL
    )",
];

/// The PostgreSQL log.
#[derive(Debug, Clone)]
pub struct PostgresLog {
    pool: PgPool,
    url: String,
}

impl PostgresLog {
    /// Connects to `url` (`postgres://user@host/database`) and creates the tables if they are missing.
    pub async fn connect(url: &str) -> Result<PostgresLog, StoreError> {
        let pool = PgPoolOptions::new().max_connections(8).connect(url).await.map_err(db)?;
        // Two servers starting together must not both create the tables: serialise on an advisory lock.
        let mut transaction = pool.begin().await.map_err(db)?;
        sqlx::query("SELECT pg_advisory_xact_lock(7218465)").execute(&mut *transaction).await.map_err(db)?;
        for statement in SCHEMA {
            sqlx::query(*statement).execute(&mut *transaction).await.map_err(db)?;
        }
        transaction.commit().await.map_err(db)?;
        Ok(PostgresLog { pool, url: url.to_owned() })
    }

    /// Drops every table: for tests that need an empty database.
    pub async fn reset(&self) -> Result<(), StoreError> {
        sqlx::query("TRUNCATE events, sessions, tree_hashes, checkpoints")
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(())
    }
}

fn db(error: sqlx::Error) -> StoreError {
    StoreError::Database(error.to_string())
}

impl EventLog for PostgresLog {
    async fn read_after(&self, seq: u64) -> Result<Vec<StoredEvent>, StoreError> {
        let rows = sqlx::query(
            "SELECT seq, stream, kind, payload, recorded_at, actor, prev_hash, hash FROM events WHERE seq > $1 ORDER BY seq",
        )
        .bind(i64::try_from(seq).unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(event_from_row).collect()
    }

    async fn read_range(&self, from: u64, to: u64) -> Result<Vec<StoredEvent>, StoreError> {
        let rows = sqlx::query(
            "SELECT seq, stream, kind, payload, recorded_at, actor, prev_hash, hash FROM events WHERE seq >= $1 AND seq <= $2 ORDER BY seq",
        )
        .bind(i64::try_from(from).unwrap_or(i64::MAX))
        .bind(i64::try_from(to).unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(event_from_row).collect()
    }

    async fn append(&self, append: Append<'_>) -> Result<(), StoreError> {
        let Some(last) = append.events.last() else { return Ok(()) };
        let first = append.events.first().map_or(0, |event| event.seq);
        let mut transaction = self.pool.begin().await.map_err(db)?;
        for event in append.events {
            sqlx::query(
                "INSERT INTO events (seq, stream, kind, payload, recorded_at, actor, prev_hash, hash)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
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
        insert_tree(&mut transaction, append.tree, "").await.map_err(|error| database_error(error, first))?;
        if let Some(checkpoint) = append.checkpoint {
            insert_checkpoint(&mut transaction, checkpoint).await?;
        }
        // Delivered to listeners when, and only if, the transaction commits.
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(CHANNEL)
            .bind(last.seq.to_string())
            .execute(&mut *transaction)
            .await
            .map_err(db)?;
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
        insert_tree(&mut transaction, hashes, " ON CONFLICT DO NOTHING").await.map_err(db)?;
        transaction.commit().await.map_err(db)
    }

    async fn put_checkpoint(&self, checkpoint: &StoredCheckpoint) -> Result<(), StoreError> {
        let mut connection = self.pool.acquire().await.map_err(db)?;
        insert_checkpoint(&mut connection, checkpoint).await
    }

    async fn update_checkpoint_notes(&self, checkpoints: &[StoredCheckpoint]) -> Result<(), StoreError> {
        let mut transaction = self.pool.begin().await.map_err(db)?;
        for checkpoint in checkpoints {
            sqlx::query("UPDATE checkpoints SET note = $1 WHERE size = $2")
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
            "SELECT size, note, recorded_at FROM checkpoints WHERE size > $1 ORDER BY size LIMIT $2",
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
            "SELECT size, note, recorded_at FROM checkpoints WHERE size >= $1 ORDER BY size LIMIT 1",
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
        let mut listener = PgListener::connect(&self.url).await.map_err(db)?;
        listener.listen(CHANNEL).await.map_err(db)?;
        let (sender, receiver) = mpsc::channel(1024);
        tokio::spawn(async move {
            // PgListener reconnects by itself; a notification lost while it does is made up for by the
            // next one, since the journal catches up to the true head each time.
            while let Ok(notification) = listener.recv().await {
                let head = notification.payload().parse().unwrap_or(0);
                if sender.send(head).await.is_err() {
                    break;
                }
            }
        });
        Ok(receiver)
    }

    async fn put_session(&self, session: &Session) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, account, csrf_token, expires_at) VALUES ($1, $2, $3, $4)",
        )
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
            "SELECT token_hash, account, csrf_token, expires_at FROM sessions WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        row.map(|row| {
            Ok(Session {
                token_hash: row.try_get("token_hash").map_err(db)?,
                account: row.try_get("account").map_err(db)?,
                csrf_token: row.try_get("csrf_token").map_err(db)?,
                expires_at: row.try_get("expires_at").map_err(db)?,
            })
        })
        .transpose()
    }

    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(())
    }
}

/// Rows of tree hashes per statement (two parameters each; PostgreSQL allows 65,535).
const TREE_ROWS_PER_STATEMENT: usize = 4096;

async fn insert_tree(
    transaction: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    hashes: &StoredHashes,
    on_conflict: &str,
) -> Result<(), sqlx::Error> {
    for (chunk_number, chunk) in hashes.hashes.chunks(TREE_ROWS_PER_STATEMENT).enumerate() {
        let first = hashes.first + (chunk_number * TREE_ROWS_PER_STATEMENT) as u64;
        let mut builder = sqlx::QueryBuilder::new("INSERT INTO tree_hashes (idx, hash) ");
        builder.push_values(chunk.iter().enumerate(), |mut row, (offset, hash)| {
            row.push_bind(i64::try_from(first + offset as u64).unwrap_or(i64::MAX)).push_bind(hash.to_vec());
        });
        builder.push(on_conflict);
        builder.build().execute(&mut **transaction).await?;
    }
    Ok(())
}

async fn insert_checkpoint(
    connection: &mut sqlx::PgConnection,
    checkpoint: &StoredCheckpoint,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO checkpoints (size, note, recorded_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )
    .bind(i64::try_from(checkpoint.size).unwrap_or(i64::MAX))
    .bind(&checkpoint.note)
    .bind(&checkpoint.recorded_at)
    .execute(connection)
    .await
    .map_err(db)?;
    Ok(())
}

fn event_from_row(row: &sqlx::postgres::PgRow) -> Result<StoredEvent, StoreError> {
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

fn checkpoint_from_row(row: &sqlx::postgres::PgRow) -> Result<StoredCheckpoint, StoreError> {
    let size: i64 = row.try_get("size").map_err(db)?;
    Ok(StoredCheckpoint {
        size: u64::try_from(size).map_err(|_| StoreError::Damaged(format!("a checkpoint of size {size}")))?,
        note: row.try_get("note").map_err(db)?,
        recorded_at: row.try_get("recorded_at").map_err(db)?,
    })
}
