//! The event log at the centre of Plenary.
//!
//! Everything that happens — an account created, a document version imported, a co-sponsor joining, every
//! event of a meeting — is a [`Fact`] recorded through the [`Journal`]: checked against the current
//! [`State`], sealed into a hash chain ([`envelope`]), made durable by an [`EventLog`] (SQLite or
//! PostgreSQL), applied, and announced to watchers. The state is a pure fold over the log, so a restart
//! rebuilds it exactly, and any later edit of a stored event is found by [`verify`].

pub mod checkpoint;
pub mod envelope;
pub mod fact;
pub mod journal;
pub mod log;
pub mod postgres;
pub mod sqlite;
pub mod state;
pub mod tree;

pub use envelope::{BrokenLink, GENESIS, StoredEvent, verify_chain};
pub use fact::{DocumentStatus, Fact, Role, Version, document_id};
pub use journal::{Applied, Journal, RecordError, timestamp};
pub use log::{EventLog, Session, StoreError};
pub use postgres::PostgresLog;
pub use sqlite::SqliteLog;
pub use state::{Account, Comment, DocumentEntry, MeetingEntry, Refusal, State, VersionEntry};

/// What [`verify`] found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error(transparent)]
    Broken(#[from] BrokenLink),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Reads the whole log and checks its hash chain: the number of events, or the first broken link.
pub async fn verify<L: EventLog>(log: &L) -> Result<u64, VerifyError> {
    let events = log.read_after(0).await?;
    Ok(verify_chain(&events)?)
}
