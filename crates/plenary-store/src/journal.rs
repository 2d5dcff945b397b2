//! The journal: the one way anything is recorded. It checks facts against the current state, seals them
//! into the hash chain, makes them durable, applies them, and tells every watcher.
//!
//! Several app servers may share one PostgreSQL log. Each keeps its own state, folded from the log: before
//! checking a fact it catches up with what others appended, and if another server takes the position first
//! the append fails with a conflict and the journal catches up and tries again. A fact is therefore always
//! checked against the true head of the log, and positions never collide.

use std::sync::Arc;

use plenary_core::procedure::board;
use time::OffsetDateTime;
use time::macros::format_description;
use tokio::sync::{RwLock, RwLockReadGuard, broadcast};

use crate::envelope::{StoredEvent, verify_chain};
use crate::fact::Fact;
use crate::log::{EventLog, StoreError};
use crate::state::{Refusal, State};

/// Why a fact was not recorded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    #[error(transparent)]
    Refused(#[from] Refusal),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// An event just applied, as watchers receive it.
#[derive(Debug, Clone)]
pub struct Applied {
    pub event: StoredEvent,
    /// For a meeting event: the meeting's id.
    pub meeting: Option<String>,
    /// For an event that changed a voting board: the vote's id and the change, as JSON, rendered once for
    /// every watcher.
    pub board_change: Option<(String, Arc<str>)>,
}

/// The journal over a log `L`.
#[derive(Debug)]
pub struct Journal<L: EventLog> {
    log: L,
    state: RwLock<State>,
    applied: broadcast::Sender<Arc<Applied>>,
}

/// How many applied events a slow watcher may fall behind before it must reload.
const WATCH_BUFFER: usize = 4096;

impl<L: EventLog> Journal<L> {
    /// Opens the journal: reads the whole log, checks its chain and folds it.
    pub async fn open(log: L) -> Result<Journal<L>, StoreError> {
        let events = log.read_after(0).await?;
        verify_chain(&events).map_err(|broken| StoreError::Damaged(broken.to_string()))?;
        let mut state = State::default();
        for event in &events {
            state.apply(event).map_err(|inconsistent| StoreError::Damaged(inconsistent.to_string()))?;
        }
        let (applied, _) = broadcast::channel(WATCH_BUFFER);
        Ok(Journal { log, state: RwLock::new(state), applied })
    }

    pub fn log(&self) -> &L {
        &self.log
    }

    /// The current state, for reading. Hold it briefly: writers wait for readers.
    pub async fn state(&self) -> RwLockReadGuard<'_, State> {
        self.state.read().await
    }

    /// Every event applied from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Applied>> {
        self.applied.subscribe()
    }

    /// Records facts caused by `actor` at `now`, all or none: each is checked against the state the ones
    /// before it leave. Returns the stored events once they are durable.
    pub async fn record(
        &self,
        actor: &str,
        facts: Vec<Fact>,
        now: OffsetDateTime,
    ) -> Result<Vec<StoredEvent>, RecordError> {
        let recorded_at = timestamp(now);
        let mut state = self.state.write().await;
        loop {
            self.catch_up_locked(&mut state).await?;
            let (sealed, after) = seal(&state, actor, &facts, &recorded_at)?;
            match self.log.append(&sealed).await {
                Ok(()) => {
                    match after {
                        Some(next) => *state = next,
                        None => {
                            for event in &sealed {
                                state.apply(event).map_err(|error| StoreError::Damaged(error.to_string()))?;
                            }
                        }
                    }
                    for event in &sealed {
                        self.announce(&state, event);
                    }
                    return Ok(sealed);
                }
                // Another server appended first: fold its events in and check again.
                Err(StoreError::Conflict(_)) => continue,
                Err(error) => return Err(error.into()),
            }
        }
    }

    /// Applies whatever other processes appended since our head.
    pub async fn catch_up(&self) -> Result<(), StoreError> {
        let mut state = self.state.write().await;
        self.catch_up_locked(&mut state).await
    }

    /// Follows the log for as long as the journal lives: every append another process makes is applied
    /// and announced here too. Spawn it once per process.
    pub async fn follow(self: Arc<Self>) -> Result<(), StoreError> {
        let mut appended = self.log.watch().await?;
        while appended.recv().await.is_some() {
            self.catch_up().await?;
        }
        Ok(())
    }

    async fn catch_up_locked(&self, state: &mut State) -> Result<(), StoreError> {
        let events = self.log.read_after(state.head).await?;
        for event in &events {
            if event.prev_hash != state.last_hash {
                return Err(StoreError::Damaged(format!(
                    "event {} does not follow event {}",
                    event.seq, state.head
                )));
            }
            if event.computed_hash() != event.hash {
                return Err(StoreError::Damaged(format!("event {} does not match its hash", event.seq)));
            }
            state.apply(event).map_err(|error| StoreError::Damaged(error.to_string()))?;
            self.announce(state, event);
        }
        Ok(())
    }

    fn announce(&self, state: &State, event: &StoredEvent) {
        let meeting = event.stream.strip_prefix("meeting/").map(str::to_owned);
        let board_change = meeting.as_ref().and_then(|id| {
            let entry = state.meetings.get(id)?;
            let last = entry.events.last()?;
            let change = board::change(&entry.meeting, last)?;
            serde_json::to_string(&change).ok().map(|json| (change.vote, Arc::from(json)))
        });
        // Nobody listening is fine.
        let _ = self.applied.send(Arc::new(Applied { event: event.clone(), meeting, board_change }));
    }
}

/// Seals facts after the state's head. A single fact is checked against the state as it is; several are
/// applied one by one to a copy, which is returned to replace the state once they are durable.
fn seal(
    state: &State,
    actor: &str,
    facts: &[Fact],
    recorded_at: &str,
) -> Result<(Vec<StoredEvent>, Option<State>), RecordError> {
    let mut scratch = (facts.len() > 1).then(|| state.clone());
    let mut sealed = Vec::with_capacity(facts.len());
    let (mut seq, mut previous) = (state.head, state.last_hash.clone());
    for fact in facts {
        scratch.as_ref().unwrap_or(state).check(fact)?;
        let payload = serde_json::to_string(fact).map_err(|error| StoreError::Database(error.to_string()))?;
        seq += 1;
        let event = StoredEvent::seal(
            seq,
            fact.stream(),
            fact.kind().to_owned(),
            payload,
            recorded_at.to_owned(),
            actor.to_owned(),
            previous,
        );
        previous = event.hash.clone();
        if let Some(scratch) = scratch.as_mut() {
            scratch.apply(&event).map_err(|error| StoreError::Damaged(error.to_string()))?;
        }
        sealed.push(event);
    }
    Ok((sealed, scratch))
}

/// RFC 3339 in UTC with milliseconds: `2017-12-19T15:04:05.123Z`.
pub fn timestamp(now: OffsetDateTime) -> String {
    let utc = now.to_offset(time::UtcOffset::UTC);
    utc.format(format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"))
        .unwrap_or_default()
}
