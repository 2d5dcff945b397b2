//! The storage boundary: one trait for the durable log and the session table, implemented on SQLite
//! ([`crate::sqlite`]) and PostgreSQL ([`crate::postgres`]), tested by one suite on both.

use std::future::Future;

use tokio::sync::mpsc;

use crate::envelope::StoredEvent;

/// What can go wrong below the journal.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// Another writer appended at the same position first; catch up and try again.
    #[error("another writer appended event {0} first")]
    Conflict(u64),
    #[error("database: {0}")]
    Database(String),
    #[error("the log is damaged: {0} (run `plenary verify` for the first broken link)")]
    Damaged(String),
}

/// A signed-in session. Only a hash of the token is stored, so a copy of the database does not sign anyone
/// in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub token_hash: String,
    pub account: String,
    /// The token a browser must echo in `X-CSRF-Token` on every state-changing request.
    pub csrf_token: String,
    /// Unix seconds.
    pub expires_at: i64,
}

/// A durable, append-only log of sealed events, plus the sessions table.
///
/// Acknowledging an append means the events are durable: implementations commit with full synchronous
/// writes before returning.
pub trait EventLog: Send + Sync + 'static {
    /// The events after position `seq`, in order.
    fn read_after(&self, seq: u64) -> impl Future<Output = Result<Vec<StoredEvent>, StoreError>> + Send;

    /// Appends sealed events in one transaction. Fails with [`StoreError::Conflict`] if any position is
    /// taken, and then appends nothing.
    fn append(&self, events: &[StoredEvent]) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Positions appended by other processes sharing the database, as they happen. A store that only one
    /// process can open returns a channel that stays silent.
    fn watch(&self) -> impl Future<Output = Result<mpsc::Receiver<u64>, StoreError>> + Send;

    fn put_session(&self, session: &Session) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The session with this token hash, if it has not expired at `now` (Unix seconds).
    fn session(
        &self,
        token_hash: &str,
        now: i64,
    ) -> impl Future<Output = Result<Option<Session>, StoreError>> + Send;

    fn delete_session(&self, token_hash: &str) -> impl Future<Output = Result<(), StoreError>> + Send;
}

/// Turns a database error into a [`StoreError`], recognising a taken position.
pub(crate) fn database_error(error: sqlx::Error, seq: u64) -> StoreError {
    match &error {
        sqlx::Error::Database(database) if database.is_unique_violation() => StoreError::Conflict(seq),
        _ => StoreError::Database(error.to_string()),
    }
}
