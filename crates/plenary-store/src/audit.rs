//! The audit of a whole log: its hash chain, its Merkle tree as stored against the one its events give,
//! and every stored checkpoint — its signature, and that the events it signed are still the ones stored.
//! A server runs it before it starts; `plenary verify` runs it on a data directory or a database.
//!
//! What each kind of tampering trips (the tamper tests of the store suite, `tests/it/suite.rs`, do each on both stores):
//! - an event edited without re-sealing: the chain;
//! - the last events removed: a checkpoint that signed more events than the log holds;
//! - an event edited, removed or inserted and every later hash re-sealed (chain and tree recomputed): a
//!   checkpoint whose root is not the root of the events now stored;
//! - the same with the checkpoints deleted or re-signed with a stolen key, or the whole database replaced
//!   by an older copy: only a checkpoint kept outside (`verify --checkpoint`, a witness) — see
//!   `docs/transparency-log.md`.

use crate::checkpoint::{CheckpointError, LogVerifier, SignedCheckpoint};
use crate::envelope::{BrokenLink, StoredEvent, verify_chain};
use crate::log::StoredCheckpoint;
use crate::tree::{Hash, LogTree, TreeError};

/// What a log that passed its audit holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Audited {
    pub events: u64,
    pub tree: LogTree,
    /// The stored checkpoints, each verified; by size.
    pub checkpoints: Vec<SignedCheckpoint>,
    /// Tree hashes the store did not hold yet (a log from before the tree existed), to be stored.
    pub missing_tree: Option<crate::tree::StoredHashes>,
}

/// The first thing found wrong, in words that say what and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuditError {
    /// The chain names the event: "event 612: its content does not match its hash …".
    #[error(transparent)]
    Chain(#[from] BrokenLink),
    #[error(transparent)]
    Tree(#[from] TreeError),
    #[error(
        "the stored Merkle tree does not match the events at event {seq} (stored hash {index}): the events or the tree were changed after they were written"
    )]
    TreeMismatch { index: u64, seq: u64 },
    #[error(
        "the stored Merkle tree has hashes for more events than the log holds ({events}): events were removed from the end"
    )]
    TreeLonger { events: u64 },
    #[error("the checkpoint made {recorded_at} for {size} events: {error}")]
    Signature { size: u64, recorded_at: String, error: CheckpointError },
    #[error(
        "the checkpoint made {recorded_at} was filed under {stored} events but signs {signed}: the checkpoints table was edited"
    )]
    MisfiledCheckpoint { stored: u64, signed: u64, recorded_at: String },
    #[error(
        "the checkpoint made {recorded_at} signed a log of {size} events, but the log holds only {events}: the last {missing} events were removed (the log was truncated or rewound)",
        missing = size - events
    )]
    Truncated { size: u64, events: u64, recorded_at: String },
    #[error(
        "the checkpoint made {recorded_at} signed the first {size} events with root {signed}, but the events now stored give {found}: an event up to {size} was changed, removed or inserted and the chain re-sealed"
    )]
    Rewritten { size: u64, recorded_at: String, signed: String, found: String },
}

/// Audits a whole log. `verifier` is the key the checkpoints must be signed with; without one (a journal
/// opened with no key, as in tests) their signatures are not checked but their roots still are.
pub fn audit(
    events: &[StoredEvent],
    stored_tree: &[Hash],
    checkpoints: &[StoredCheckpoint],
    verifier: Option<&LogVerifier>,
) -> Result<Audited, AuditError> {
    let count = verify_chain(events)?;
    let tree = LogTree::over(events)?;
    let missing_tree = compare_trees(&tree, stored_tree)?;
    let mut verified = Vec::with_capacity(checkpoints.len());
    for stored in checkpoints {
        verified.push(open_stored(stored, verifier)?);
    }
    // First the checkpoints the log is long enough for: a changed event is named by the first of them
    // that covers it, even when events were also removed from the end.
    for (signed, stored) in verified.iter().zip(checkpoints) {
        if signed.size <= tree.size() {
            check_against(&tree, signed, &stored.recorded_at)?;
        }
    }
    // Then a log shorter than its checkpoints, measured against the largest, which says how many signed
    // events are gone (against the first one past the end, the message would undercount them).
    let latest = verified.iter().zip(checkpoints).max_by_key(|(signed, _)| signed.size);
    if let Some((signed, stored)) = latest {
        check_against(&tree, signed, &stored.recorded_at)?;
    }
    Ok(Audited { events: count, tree, checkpoints: verified, missing_tree })
}

/// Checks that `tree` still holds the events a checkpoint signed: it has at least as many, and the first
/// `size` of them give the signed root.
pub fn check_against(
    tree: &LogTree,
    checkpoint: &SignedCheckpoint,
    recorded_at: &str,
) -> Result<(), AuditError> {
    if checkpoint.size > tree.size() {
        return Err(AuditError::Truncated {
            size: checkpoint.size,
            events: tree.size(),
            recorded_at: recorded_at.to_owned(),
        });
    }
    let found = tree.root(checkpoint.size)?;
    if found != checkpoint.root {
        return Err(AuditError::Rewritten {
            size: checkpoint.size,
            recorded_at: recorded_at.to_owned(),
            signed: hex::encode(checkpoint.root),
            found: hex::encode(found),
        });
    }
    Ok(())
}

fn open_stored(
    stored: &StoredCheckpoint,
    verifier: Option<&LogVerifier>,
) -> Result<SignedCheckpoint, AuditError> {
    let signature_error =
        |error| AuditError::Signature { size: stored.size, recorded_at: stored.recorded_at.clone(), error };
    let signed = match verifier {
        Some(verifier) => verifier.open(&stored.note).map_err(signature_error)?,
        None => crate::checkpoint::read_unverified(&stored.note).map_err(signature_error)?,
    };
    if signed.size != stored.size {
        return Err(AuditError::MisfiledCheckpoint {
            stored: stored.size,
            signed: signed.size,
            recorded_at: stored.recorded_at.clone(),
        });
    }
    Ok(signed)
}

/// Compares the stored tree with the one the events give: the hashes the store lacks, or the first
/// difference.
fn compare_trees(tree: &LogTree, stored: &[Hash]) -> Result<Option<crate::tree::StoredHashes>, AuditError> {
    let computed = tree.stored();
    if stored.len() > computed.len() {
        return Err(AuditError::TreeLonger { events: tree.size() });
    }
    if let Some(index) = stored.iter().zip(computed).position(|(stored, computed)| stored != computed) {
        return Err(AuditError::TreeMismatch {
            index: index as u64,
            seq: crate::tree::seq_of_stored(index as u64),
        });
    }
    if stored.len() == computed.len() {
        return Ok(None);
    }
    Ok(Some(crate::tree::StoredHashes {
        first: stored.len() as u64,
        hashes: computed[stored.len()..].to_vec(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checkpoint::LogKey;
    use crate::envelope::GENESIS;

    fn events(count: u64) -> Vec<StoredEvent> {
        let mut previous = GENESIS.to_owned();
        (1..=count)
            .map(|seq| {
                let event = StoredEvent::seal(
                    seq,
                    "meeting/m".into(),
                    "ballot_cast".into(),
                    format!("{{\"n\":{seq}}}"),
                    "2017-12-19T15:00:00.000Z".into(),
                    "dnk".into(),
                    previous.clone(),
                );
                previous.clone_from(&event.hash);
                event
            })
            .collect()
    }

    /// Checkpoints of `tree` at `sizes`, signed with `key`, as a store keeps them.
    fn signed_at(sizes: &[u64], key: &LogKey, tree: &LogTree) -> Vec<StoredCheckpoint> {
        sizes
            .iter()
            .map(|&size| StoredCheckpoint {
                size,
                note: key.sign(size, tree.root(size).expect("a root")).note,
                recorded_at: format!("at {size}"),
            })
            .collect()
    }

    #[test]
    fn a_truncation_is_counted_from_the_largest_checkpoint() {
        let key = LogKey::from_seed("plenary.example/record", &[7; 32]).expect("a key");
        let all = events(40);
        let tree = LogTree::over(&all).expect("a tree");
        let checkpoints = signed_at(&[10, 20, 40], &key, &tree);
        let kept = &all[..10];
        let kept_tree = LogTree::over(kept).expect("a tree");
        let error = audit(kept, kept_tree.stored(), &checkpoints, Some(&key.verifier()));
        assert_eq!(error, Err(AuditError::Truncated { size: 40, events: 10, recorded_at: "at 40".into() }));
        let message = error.err().map(|error| error.to_string()).unwrap_or_default();
        assert!(message.contains("the last 30 events were removed"), "{message}");
    }

    #[test]
    fn a_rewrite_is_named_before_a_truncation() {
        let key = LogKey::from_seed("plenary.example/record", &[7; 32]).expect("a key");
        let all = events(40);
        let tree = LogTree::over(&all).expect("a tree");
        let checkpoints = signed_at(&[10, 20, 40], &key, &tree);
        // Event 15 removed and the rest re-sealed: 39 events, the first 14 as signed.
        let mut rest: Vec<StoredEvent> = all.iter().filter(|event| event.seq != 15).cloned().collect();
        let mut previous = GENESIS.to_owned();
        for (index, event) in rest.iter_mut().enumerate() {
            *event = StoredEvent::seal(
                index as u64 + 1,
                event.stream.clone(),
                event.kind.clone(),
                event.payload.clone(),
                event.recorded_at.clone(),
                event.actor.clone(),
                previous.clone(),
            );
            previous.clone_from(&event.hash);
        }
        let rest_tree = LogTree::over(&rest).expect("a tree");
        let error = audit(&rest, rest_tree.stored(), &checkpoints, Some(&key.verifier()));
        assert!(matches!(error, Err(AuditError::Rewritten { size: 20, .. })), "{error:?}");
    }
}
