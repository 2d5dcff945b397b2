//! The journal: the one way anything is recorded. It checks facts against the current state, seals them
//! into the hash chain, makes them durable, applies them, and tells every watcher.
//!
//! Several app servers may share one PostgreSQL log. Each keeps its own state, folded from the log: before
//! checking a fact it catches up with what others appended, and if another server takes the position first
//! the append fails with a conflict and the journal catches up and tries again. A fact is therefore always
//! checked against the true head of the log, and positions never collide.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use plenary_core::procedure::board;
use time::OffsetDateTime;
use time::macros::format_description;
use tokio::sync::{RwLock, RwLockReadGuard, broadcast, oneshot};

use crate::audit::{AuditError, audit};
use crate::checkpoint::{LogKey, LogVerifier, SignedCheckpoint};
use crate::envelope::StoredEvent;
use crate::fact::Fact;
use crate::log::{Append, EventLog, StoreError, StoredCheckpoint};
use crate::state::{Refusal, State};
use crate::tree::{Hash, LogTree, TreeError, entry};

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

/// How a journal signs its checkpoints.
#[derive(Debug, Default)]
pub struct Signing {
    /// The deployment's key; none: no checkpoints are made (tests, and the benchmark's "off").
    pub key: Option<LogKey>,
    /// A checkpoint at least every this many events (besides every decided vote and every document issued
    /// or adopted). A timer may add more (see [`Journal::checkpoint`]).
    pub every_events: u64,
}

/// Checkpoints every 256 events at least.
pub const CHECKPOINT_EVERY_EVENTS: u64 = 256;

/// The journal over a log `L`.
#[derive(Debug)]
pub struct Journal<L: EventLog> {
    log: L,
    state: RwLock<State>,
    /// The Merkle tree over the durable events; changed only by the holder of the state's write lock.
    tree: std::sync::RwLock<LogTree>,
    signing: Signing,
    /// The size of the largest checkpoint this process knows of.
    checkpointed: AtomicU64,
    applied: broadcast::Sender<Arc<Applied>>,
    /// Requests waiting for the next group commit.
    queue: Mutex<Vec<Request>>,
}

/// One call of `record`, waiting in the queue.
#[derive(Debug)]
struct Request {
    actor: String,
    facts: Vec<Fact>,
    recorded_at: String,
    reply: oneshot::Sender<Result<Vec<StoredEvent>, RecordError>>,
}

/// How many applied events a slow watcher may fall behind before it must reload.
const WATCH_BUFFER: usize = 4096;

impl<L: EventLog> Journal<L> {
    /// Opens the journal without a key: the tree is kept, no checkpoint is made, and the stored ones are
    /// checked against the tree but not for their signatures.
    pub async fn open(log: L) -> Result<Journal<L>, StoreError> {
        Self::open_signing(log, Signing::default()).await
    }

    /// Opens the journal: reads the whole log, audits it (chain, tree, every stored checkpoint against the
    /// key's verifier — a server never starts on a log its own checkpoints contradict) and folds it.
    pub async fn open_signing(log: L, signing: Signing) -> Result<Journal<L>, StoreError> {
        let events = log.read_after(0).await?;
        let stored_tree = log.read_tree().await?;
        let checkpoints = log.checkpoints().await?;
        let verifier = signing.key.as_ref().map(LogKey::verifier);
        let audited = audit(&events, &stored_tree, &checkpoints, verifier.as_ref()).map_err(damaged)?;
        if let Some(missing) = &audited.missing_tree {
            log.put_tree(missing).await?;
        }
        let mut state = State::default();
        for event in &events {
            state.apply(event).map_err(|inconsistent| StoreError::Damaged(inconsistent.to_string()))?;
        }
        let checkpointed = audited.checkpoints.last().map_or(0, |checkpoint| checkpoint.size);
        let (applied, _) = broadcast::channel(WATCH_BUFFER);
        Ok(Journal {
            log,
            state: RwLock::new(state),
            tree: std::sync::RwLock::new(audited.tree),
            signing,
            checkpointed: AtomicU64::new(checkpointed),
            applied,
            queue: Mutex::new(Vec::new()),
        })
    }

    /// The public key checkpoints are signed with, if this journal signs.
    pub fn verifier(&self) -> Option<LogVerifier> {
        self.signing.key.as_ref().map(LogKey::verifier)
    }

    /// The checkpoint of the largest tree any server of this log has signed.
    pub async fn latest_checkpoint(&self) -> Result<Option<StoredCheckpoint>, StoreError> {
        self.log.latest_checkpoint().await
    }

    /// The first checkpoint that covers event `seq`, if one has been made yet.
    pub async fn checkpoint_covering(&self, seq: u64) -> Result<Option<StoredCheckpoint>, StoreError> {
        self.log.checkpoint_covering(seq).await
    }

    /// The number of durable events in the tree.
    pub fn tree_size(&self) -> u64 {
        self.tree.read().unwrap_or_else(PoisonError::into_inner).size()
    }

    /// The root of the tree of the first `size` events.
    pub fn tree_root(&self, size: u64) -> Result<Hash, TreeError> {
        self.tree.read().unwrap_or_else(PoisonError::into_inner).root(size)
    }

    /// The inclusion proof of event `seq` in the tree of `size` events.
    pub fn inclusion_proof(&self, seq: u64, size: u64) -> Result<Vec<Hash>, TreeError> {
        self.tree.read().unwrap_or_else(PoisonError::into_inner).inclusion_proof(seq, size)
    }

    /// The leaf hash of event `seq`.
    pub fn leaf_hash(&self, seq: u64) -> Result<Hash, TreeError> {
        self.tree.read().unwrap_or_else(PoisonError::into_inner).leaf_hash(seq)
    }

    /// The consistency proof between the trees of `old` and `new` events.
    pub fn consistency_proof(&self, old: u64, new: u64) -> Result<Vec<Hash>, TreeError> {
        self.tree.read().unwrap_or_else(PoisonError::into_inner).consistency_proof(old, new)
    }

    /// Signs a checkpoint of the whole log now, unless the last one already covers it: for a timer (every
    /// T seconds) and after the first-start seed. Returns the checkpoint made, if any.
    pub async fn checkpoint(&self, now: OffsetDateTime) -> Result<Option<StoredCheckpoint>, StoreError> {
        let Some(key) = &self.signing.key else { return Ok(None) };
        let mut state = self.state.write().await;
        self.catch_up_locked(&mut state).await?;
        let size = state.head;
        if size == 0 || size <= self.checkpointed.load(Ordering::Acquire) {
            return Ok(None);
        }
        let root = self.tree_root(size).map_err(|error| StoreError::Damaged(error.to_string()))?;
        let checkpoint = stored(key.sign(size, root), timestamp(now));
        self.log.put_checkpoint(&checkpoint).await?;
        self.checkpointed.fetch_max(size, Ordering::AcqRel);
        Ok(Some(checkpoint))
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
    ///
    /// Group commit: a durable commit costs one disk flush, and a vote brings 193 delegations casting at
    /// once. So a request does not commit alone: it joins a queue, and whichever request takes the state
    /// lock next commits every request waiting at that moment in one transaction, each checked against
    /// the state the ones before it leave (a refused request is answered with its refusal and takes no
    /// position in the chain). Nothing is applied or acknowledged before that transaction is durable.
    ///
    /// Not cancel-safe: a call dropped while it commits for others leaves them unanswered (their facts may
    /// or may not be durable). Servers run each call in a task of its own.
    pub async fn record(
        &self,
        actor: &str,
        facts: Vec<Fact>,
        now: OffsetDateTime,
    ) -> Result<Vec<StoredEvent>, RecordError> {
        let (reply, mut answer) = oneshot::channel();
        self.queue.lock().unwrap_or_else(PoisonError::into_inner).push(Request {
            actor: actor.to_owned(),
            facts,
            recorded_at: timestamp(now),
            reply,
        });
        let mut state = self.state.write().await;
        // A request committed by the one before us was answered while that one held the lock.
        if let Ok(outcome) = answer.try_recv() {
            return outcome;
        }
        let batch = std::mem::take(&mut *self.queue.lock().unwrap_or_else(PoisonError::into_inner));
        self.commit(&mut state, batch).await;
        answer.try_recv().unwrap_or_else(|_| {
            Err(RecordError::Store(StoreError::Database("the request was lost before its commit".into())))
        })
    }

    /// Commits a batch of requests in one transaction and answers each.
    async fn commit(&self, state: &mut State, batch: Vec<Request>) {
        loop {
            if let Err(error) = self.catch_up_locked(state).await {
                return answer_all(batch, &error);
            }
            let (sealed, outcomes, after) = seal_batch(state, &batch);
            if sealed.is_empty() {
                return answer_each(batch, outcomes);
            }
            let (added, size, root) = match self.grow(&sealed) {
                Ok(grown) => grown,
                Err(error) => return answer_all(batch, &error),
            };
            let checkpoint = self
                .checkpoint_due(&sealed, size)
                .map(|key| stored(key.sign(size, root), recorded_at(&batch)));
            let append = Append { events: &sealed, tree: &added, checkpoint: checkpoint.as_ref() };
            match self.log.append(append).await {
                Ok(()) => {
                    self.tree.write().unwrap_or_else(PoisonError::into_inner).extend(added, size);
                    if checkpoint.is_some() {
                        self.checkpointed.fetch_max(size, Ordering::AcqRel);
                    }
                    match after {
                        Some(next) => *state = next,
                        None => {
                            for event in &sealed {
                                if let Err(error) = state.apply(event) {
                                    return answer_all(batch, &StoreError::Damaged(error.to_string()));
                                }
                            }
                        }
                    }
                    for event in &sealed {
                        self.announce(state, event);
                    }
                    return answer_each(batch, outcomes);
                }
                // Another server appended first: fold its events in and check again.
                Err(StoreError::Conflict(_)) => continue,
                Err(error) => return answer_all(batch, &error),
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

    /// The tree hashes `sealed` will store, the size and the root they bring the tree to.
    fn grow(&self, sealed: &[StoredEvent]) -> Result<(crate::tree::StoredHashes, u64, Hash), StoreError> {
        let tree = self.tree.read().unwrap_or_else(PoisonError::into_inner);
        let mut growth = tree.grow();
        for event in sealed {
            growth.push(&entry(event).map_err(|error| StoreError::Damaged(error.to_string()))?);
        }
        let root = growth.root();
        let (added, size) = growth.finish();
        Ok((added, size, root))
    }

    /// The key to sign a checkpoint with after `sealed`, if one is due: a decision was taken (a vote
    /// decided, a question adopted without a vote, a document issued or adopted), or enough events have
    /// passed since the last checkpoint.
    fn checkpoint_due(&self, sealed: &[StoredEvent], size: u64) -> Option<&LogKey> {
        let key = self.signing.key.as_ref()?;
        let every = self.signing.every_events.max(1);
        let decided = sealed.iter().any(|event| is_decision(&event.kind));
        (decided || size.saturating_sub(self.checkpointed.load(Ordering::Acquire)) >= every).then_some(key)
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
            // The tree and the state move together, one event at a time.
            let leaf = entry(event).map_err(|error| StoreError::Damaged(error.to_string()))?;
            self.tree.write().unwrap_or_else(PoisonError::into_inner).push(&leaf);
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

/// Kinds of event after which a checkpoint is signed at once: decisions, which the record will cite. A
/// document's status only moves forward from negotiation, so every status change is an issue or an
/// adoption.
fn is_decision(kind: &str) -> bool {
    matches!(kind, "vote_decided" | "adopted_without_vote" | "document_status_changed")
}

fn stored(signed: SignedCheckpoint, recorded_at: String) -> StoredCheckpoint {
    StoredCheckpoint { size: signed.size, note: signed.note, recorded_at }
}

/// When the last request of a batch was made: the time a checkpoint made with it carries.
fn recorded_at(batch: &[Request]) -> String {
    batch.last().map(|request| request.recorded_at.clone()).unwrap_or_default()
}

fn damaged(error: AuditError) -> StoreError {
    StoreError::Damaged(error.to_string())
}

/// What sealing a batch gives: the events to append (every accepted request's, in queue order), each
/// request's outcome (its events, or its refusal), and the state after them when it had to be copied.
type SealedBatch = (Vec<StoredEvent>, Vec<Result<Vec<StoredEvent>, RecordError>>, Option<State>);

/// Seals a batch of requests after the state's head, each against the state the accepted ones before it
/// leave. A single request takes the cheap path of `seal`; several work on one copy of the state.
fn seal_batch(state: &State, batch: &[Request]) -> SealedBatch {
    if let [request] = batch {
        return match seal(state, &request.actor, &request.facts, &request.recorded_at) {
            Ok((sealed, after)) => (sealed.clone(), vec![Ok(sealed)], after),
            Err(refused) => (Vec::new(), vec![Err(refused)], None),
        };
    }
    let mut working = state.clone();
    let mut all = Vec::new();
    let mut outcomes = Vec::with_capacity(batch.len());
    for request in batch {
        match seal(&working, &request.actor, &request.facts, &request.recorded_at) {
            Ok((sealed, after)) => {
                match after {
                    Some(next) => working = next,
                    None => {
                        if let Some(error) = sealed.iter().find_map(|event| working.apply(event).err()) {
                            // Checked and then not applicable: a bug. Commit nothing of this batch rather
                            // than chain onto a state that cannot be trusted.
                            let damaged = StoreError::Damaged(error.to_string());
                            let outcomes = batch.iter().map(|_| Err(damaged.clone().into())).collect();
                            return (Vec::new(), outcomes, None);
                        }
                    }
                }
                all.extend(sealed.iter().cloned());
                outcomes.push(Ok(sealed));
            }
            Err(refused) => outcomes.push(Err(refused)),
        }
    }
    (all, outcomes, Some(working))
}

fn answer_each(batch: Vec<Request>, outcomes: Vec<Result<Vec<StoredEvent>, RecordError>>) {
    for (request, outcome) in batch.into_iter().zip(outcomes) {
        // A caller that gave up waiting is fine: its facts are recorded all the same.
        let _ = request.reply.send(outcome);
    }
}

fn answer_all(batch: Vec<Request>, error: &StoreError) {
    for request in batch {
        let _ = request.reply.send(Err(RecordError::Store(error.clone())));
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
        if payload.len() > fact.max_written_bytes() {
            return Err(RecordError::Refused(Refusal::TooLarge {
                kind: fact.kind(),
                bytes: payload.len(),
                limit: fact.max_written_bytes(),
            }));
        }
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
