//! The event log at the centre of Plenary.
//!
//! Everything that happens — an account created, a document version imported, a co-sponsor joining, every
//! event of a meeting — is a [`Fact`] recorded through the [`Journal`]: checked against the current
//! [`State`], sealed into a hash chain ([`envelope`]), made durable by an [`EventLog`] (SQLite or
//! PostgreSQL), applied, and announced to watchers. The state is a pure fold over the log, so a restart
//! rebuilds it exactly, and any later edit of a stored event is found by [`verify`]. The events are also the leaves of a Merkle tree
//! ([`tree`]) whose heads are signed as checkpoints ([`checkpoint`]), so a reader holding one can prove an
//! event is in the log and that the log still extends what was signed; a vote's events with their proofs
//! make one file a reader checks offline ([`proof`]).

pub mod audit;
pub mod checkpoint;
pub mod envelope;
pub mod fact;
pub mod journal;
pub mod log;
pub mod postgres;
pub mod proof;
pub mod sqlite;
pub mod state;
pub mod tree;

pub use audit::{AuditError, Audited};
pub use checkpoint::{CheckpointError, LogKey, LogVerifier, SignedCheckpoint};
pub use envelope::{BrokenLink, GENESIS, StoredEvent, verify_chain};
pub use fact::{DocumentStatus, Fact, Role, Version, document_id};
pub use journal::{Applied, CHECKPOINT_EVERY_EVENTS, Journal, RecordError, Signing, timestamp};
pub use log::{Append, EventLog, Session, StoreError, StoredCheckpoint};
pub use postgres::PostgresLog;
pub use proof::{ProofFailure, Proved, VoteProof};
pub use sqlite::SqliteLog;
pub use state::{Account, Comment, DocumentEntry, MeetingEntry, Refusal, State, TreatyRecord, VersionEntry};

/// Why [`verify`] failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error(transparent)]
    Damaged(#[from] audit::AuditError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Reads the whole log and audits it (see [`audit`]): its hash chain, its Merkle tree, and every stored
/// checkpoint, whose signatures are checked against `verifier` when one is given.
pub async fn verify<L: EventLog>(
    log: &L,
    verifier: Option<&checkpoint::LogVerifier>,
) -> Result<audit::Audited, VerifyError> {
    let events = log.read_after(0).await?;
    let tree = log.read_tree().await?;
    let checkpoints = log.checkpoints().await?;
    Ok(audit::audit(&events, &tree, &checkpoints, verifier)?)
}
