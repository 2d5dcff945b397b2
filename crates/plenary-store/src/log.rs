//! The storage boundary: one trait for the durable log and the session table, implemented on SQLite
//! ([`crate::sqlite`]) and PostgreSQL ([`crate::postgres`]), tested by one suite on both.

use std::future::Future;

use tokio::sync::mpsc;

use crate::envelope::StoredEvent;
use crate::tree::{Hash, StoredHashes};

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

/// One durable append: the sealed events, the Merkle tree hashes they add, and the checkpoint signed over
/// the tree they leave when one is due — all in one transaction, so a crash keeps all or none.
#[derive(Debug, Clone, Copy)]
pub struct Append<'a> {
    pub events: &'a [StoredEvent],
    pub tree: &'a StoredHashes,
    pub checkpoint: Option<&'a StoredCheckpoint>,
}

/// A signed checkpoint as a store keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCheckpoint {
    /// The tree size it signs.
    pub size: u64,
    /// The signed note (see [`crate::checkpoint`]).
    pub note: String,
    /// When it was made, RFC 3339 in UTC with milliseconds.
    pub recorded_at: String,
}

/// A durable, append-only log of sealed events, plus the sessions table.
///
/// Acknowledging an append means the events are durable: implementations commit with full synchronous
/// writes before returning.
pub trait EventLog: Send + Sync + 'static {
    /// The events after position `seq`, in order.
    fn read_after(&self, seq: u64) -> impl Future<Output = Result<Vec<StoredEvent>, StoreError>> + Send;

    /// The events from position `from` to position `to`, both included, in order: one bounded read, for a
    /// handler that needs a few events (a vote's) and not the log.
    fn read_range(
        &self,
        from: u64,
        to: u64,
    ) -> impl Future<Output = Result<Vec<StoredEvent>, StoreError>> + Send;

    /// Appends sealed events, their tree hashes and perhaps a checkpoint in one transaction. Fails with
    /// [`StoreError::Conflict`] if any position is taken, and then appends nothing.
    fn append(&self, append: Append<'_>) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Every stored hash of the Merkle tree, in stored-index order (see [`crate::tree`]).
    fn read_tree(&self) -> impl Future<Output = Result<Vec<Hash>, StoreError>> + Send;

    /// Stores tree hashes that are missing (a log written before the tree existed); hashes already
    /// stored are kept.
    fn put_tree(&self, hashes: &StoredHashes) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Stores a checkpoint made outside an append (on a timer); one already stored for its size is kept.
    fn put_checkpoint(
        &self,
        checkpoint: &StoredCheckpoint,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Replaces the notes of stored checkpoints (matched by size): only to add signatures when the key is
    /// rotated, never to change what a checkpoint signs.
    fn update_checkpoint_notes(
        &self,
        checkpoints: &[StoredCheckpoint],
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Every stored checkpoint, by size.
    fn checkpoints(&self) -> impl Future<Output = Result<Vec<StoredCheckpoint>, StoreError>> + Send;

    /// At most `limit` checkpoints of trees larger than `after`, by size: a page, read without the rest.
    fn checkpoints_after(
        &self,
        after: u64,
        limit: u32,
    ) -> impl Future<Output = Result<Vec<StoredCheckpoint>, StoreError>> + Send;

    /// The checkpoint of the smallest tree that holds event `seq` (size >= `seq`): the first to cover it.
    fn checkpoint_covering(
        &self,
        seq: u64,
    ) -> impl Future<Output = Result<Option<StoredCheckpoint>, StoreError>> + Send;

    /// The checkpoint of the largest tree.
    fn latest_checkpoint(&self) -> impl Future<Output = Result<Option<StoredCheckpoint>, StoreError>> + Send;

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
