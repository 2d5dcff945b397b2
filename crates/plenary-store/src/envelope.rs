//! One event as the log stores it, and the hash chain that makes any later edit detectable.
//!
//! Each event carries the hash of the one before it; its own hash covers its position, its stream, its
//! kind, when it was recorded, who caused it, its payload and that previous hash. Changing, removing or
//! inserting an event anywhere breaks the chain from there on, and [`verify_chain`] says where.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The hash the first event points back to.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// An event as stored: its place in the log and its seal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredEvent {
    /// Position in the log, from 1, without gaps.
    pub seq: u64,
    /// What the event is about: `meeting/ga-72-73`, `document/a-res-72-163`, `account/dnk`.
    pub stream: String,
    /// The kind of event: `ballot_cast`, `document_added`, `account_created` …
    pub kind: String,
    /// The event itself, as JSON.
    pub payload: String,
    /// When it was recorded, RFC 3339 in UTC with milliseconds.
    pub recorded_at: String,
    /// Who caused it: the id of the account that acted (`secretariat`, `dnk`), or `seed` for the facts the
    /// service records itself on its first start.
    pub actor: String,
    pub prev_hash: String,
    pub hash: String,
}

impl StoredEvent {
    /// Seals an event at position `seq` after the event whose hash is `prev_hash`.
    pub fn seal(
        seq: u64,
        stream: String,
        kind: String,
        payload: String,
        recorded_at: String,
        actor: String,
        prev_hash: String,
    ) -> StoredEvent {
        let mut event =
            StoredEvent { seq, stream, kind, payload, recorded_at, actor, prev_hash, hash: String::new() };
        event.hash = event.computed_hash();
        event
    }

    /// The hash this event's content gives, whatever its `hash` field says.
    pub fn computed_hash(&self) -> String {
        let mut hasher = Sha256::new();
        // Each field is preceded by its length, so that no two different events hash the same text.
        for field in [
            self.prev_hash.as_str(),
            &self.seq.to_string(),
            &self.stream,
            &self.kind,
            &self.recorded_at,
            &self.actor,
            &self.payload,
        ] {
            hasher.update((field.len() as u64).to_le_bytes());
            hasher.update(field.as_bytes());
        }
        hex::encode(hasher.finalize())
    }
}

/// The first place a chain breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BrokenLink {
    #[error("event {seq}: its content does not match its hash (the event was changed after it was recorded)")]
    ContentChanged { seq: u64 },
    #[error(
        "event {seq}: it does not point to the hash of event {previous} (an event was removed, inserted or replaced)"
    )]
    ChainBroken { seq: u64, previous: u64 },
    #[error("event {seq}: expected event {expected} here (events are missing or out of order)")]
    OutOfSequence { seq: u64, expected: u64 },
}

/// Checks a whole log in order: the number of events verified, or the first broken link.
pub fn verify_chain<'a>(events: impl IntoIterator<Item = &'a StoredEvent>) -> Result<u64, BrokenLink> {
    let mut previous_hash = GENESIS.to_owned();
    let mut expected = 1;
    for event in events {
        if event.seq != expected {
            return Err(BrokenLink::OutOfSequence { seq: event.seq, expected });
        }
        if event.prev_hash != previous_hash {
            return Err(BrokenLink::ChainBroken { seq: event.seq, previous: expected - 1 });
        }
        if event.computed_hash() != event.hash {
            return Err(BrokenLink::ContentChanged { seq: event.seq });
        }
        previous_hash.clone_from(&event.hash);
        expected += 1;
    }
    Ok(expected - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(payloads: &[&str]) -> Vec<StoredEvent> {
        let mut previous = GENESIS.to_owned();
        let mut events = Vec::new();
        for (index, payload) in payloads.iter().enumerate() {
            let event = StoredEvent::seal(
                index as u64 + 1,
                "meeting/ga-72-73".into(),
                "ballot_cast".into(),
                (*payload).into(),
                "2017-12-19T15:00:00.000Z".into(),
                "dnk".into(),
                previous,
            );
            previous = event.hash.clone();
            events.push(event);
        }
        events
    }

    #[test]
    fn an_intact_chain_verifies() {
        let events = chain(&[r#"{"choice":"yes"}"#, r#"{"choice":"no"}"#, r#"{"choice":"abstain"}"#]);
        assert_eq!(verify_chain(&events), Ok(3));
    }

    #[test]
    fn an_edited_payload_is_found_at_its_event() {
        let mut events = chain(&[r#"{"choice":"yes"}"#, r#"{"choice":"no"}"#, r#"{"choice":"abstain"}"#]);
        events[1].payload = r#"{"choice":"yes"}"#.into();
        assert_eq!(verify_chain(&events), Err(BrokenLink::ContentChanged { seq: 2 }));
    }

    #[test]
    fn a_resealed_edit_still_breaks_the_next_link() {
        let mut events = chain(&[r#"{"choice":"yes"}"#, r#"{"choice":"no"}"#, r#"{"choice":"abstain"}"#]);
        events[1].payload = r#"{"choice":"yes"}"#.into();
        events[1].hash = events[1].computed_hash();
        assert_eq!(verify_chain(&events), Err(BrokenLink::ChainBroken { seq: 3, previous: 2 }));
    }

    #[test]
    fn a_removed_event_is_found() {
        let mut events = chain(&["1", "2", "3"]);
        events.remove(1);
        assert_eq!(verify_chain(&events), Err(BrokenLink::OutOfSequence { seq: 3, expected: 2 }));
    }
}
