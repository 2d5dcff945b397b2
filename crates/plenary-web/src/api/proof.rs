//! Proof for the public: a decided vote's stored events, each with its inclusion proof in the tree of the
//! first signed checkpoint that covers them, as one JSON file (`plenary_store::proof`). Anyone can keep it
//! and check it offline with the log's public key (`plenary verify-record FILE --key KEY`): a journalist can
//! prove a published result is in the log. Public, like the record.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use plenary_core::procedure::{Record, VoteStatus};
use plenary_store::checkpoint::read_unverified;
use plenary_store::proof::{self, CheckpointInfo, LogInfo, ProvedEvent, Summary, VoteProof};
use plenary_store::{EventLog, MeetingEntry, StoredCheckpoint, StoredEvent};

use super::meetings::find;
use crate::app::App;
use crate::error::ApiError;

/// A decided vote's events and the checkpoint that covers them.
#[derive(Debug, Clone)]
pub struct Coverage {
    /// The first checkpoint whose tree holds every event of the vote it covers.
    pub checkpoint: StoredCheckpoint,
    /// The positions of the vote's events in that tree, in order.
    pub covered: Vec<u64>,
    /// The positions of the vote's events recorded after the latest checkpoint (a correction noted since).
    pub pending: Vec<u64>,
}

/// What the state says of one vote, read under its lock: the positions of its events, and the position
/// of its decision when it is decided.
#[derive(Debug, Clone)]
pub struct VoteEvents {
    pub seqs: Vec<u64>,
    pub decided: Option<u64>,
}

impl VoteEvents {
    pub fn of(entry: &MeetingEntry, vote: &str) -> VoteEvents {
        let mut seqs = Vec::new();
        let mut decided = None;
        for (seq, event) in entry.vote_events(vote) {
            seqs.push(seq);
            if matches!(event, plenary_core::procedure::Event::VoteDecided { .. }) {
                decided = Some(seq);
            }
        }
        VoteEvents { seqs, decided }
    }
}

/// The checkpoint covering a decided vote, given the size of the latest checkpoint: `None` while the vote is
/// undecided or its decision is not yet signed. Every event of the vote the latest checkpoint holds is
/// covered, by the first checkpoint that holds the last of them.
pub async fn coverage<L: EventLog>(
    app: &App<L>,
    vote: &VoteEvents,
    latest: u64,
) -> Result<Option<Coverage>, ApiError> {
    let Some(decided) = vote.decided else { return Ok(None) };
    if decided > latest {
        return Ok(None);
    }
    let (covered, pending): (Vec<u64>, Vec<u64>) = vote.seqs.iter().partition(|seq| **seq <= latest);
    let last = covered.last().copied().unwrap_or(decided);
    let checkpoint = app.journal.checkpoint_covering(last).await?;
    let checkpoint = checkpoint
        .ok_or_else(|| ApiError::internal(format!("no checkpoint covers event {last} below the latest")))?;
    Ok(Some(Coverage { checkpoint, covered, pending }))
}

/// The size of the latest checkpoint; 0 when none has been signed.
pub async fn latest_size<L: EventLog>(app: &App<L>) -> Result<u64, ApiError> {
    Ok(app.journal.latest_checkpoint().await?.map_or(0, |checkpoint| checkpoint.size))
}

/// `GET /api/meetings/{id}/votes/{vote}/proof`: the vote's proof file.
#[utoipa::path(
    get,
    path = "/api/meetings/{id}/votes/{vote}/proof",
    operation_id = "getVoteProof",
    tag = "votes",
    summary = "A decided vote's proof: its events with their inclusion proofs",
    description = "Anyone may call it. A file to keep and check offline (`plenary verify-record FILE --key \
        KEY`, with the key of GET /api/log/key): the signed note of the first checkpoint that covers the \
        vote's events, and each stored event of the vote (opening, ballots, refused casts, lock, decision, \
        corrections noted since) with every stored field and its RFC 9162 inclusion proof in that \
        checkpoint's tree. A verifier recomputes each event's hash from its fields, the leaf SHA-256(0x00 ‖ \
        hash) and the path to the signed root, and counts the ballots; the `summary` is the server's word, \
        to compare. Served as an attachment (`{id}-{vote}-proof.json`). A correction noted after the latest \
        checkpoint is listed in `not_yet_covered` until a checkpoint covers it. It shows that each event \
        given is in the log, not that the log holds no other event of the vote.",
    params(crate::openapi::VotePath),
    responses(
        (status = 200, description = "The proof.", body = plenary_store::VoteProof),
        (status = 404, response = crate::openapi::NotFound),
        (
            status = 409,
            description = "`refused`: the vote is not decided yet, or no signed checkpoint covers its \
                decision yet (one is signed at every decision, and within seconds in any case).",
            body = crate::openapi::ErrorBody,
        ),
        (status = 503, response = crate::openapi::StoreUnavailable),
    ),
    security((), ("session" = []))
)]
pub async fn vote<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    Path((id, vote_id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let verifier =
        app.journal.verifier().ok_or_else(|| ApiError::not_found("this server signs no checkpoints"))?;
    let latest = latest_size(&app).await?;
    let (events, summary) = {
        let state = app.journal.state().await;
        let entry = find(&state, &id)?;
        let vote = entry
            .meeting
            .vote(&vote_id)
            .ok_or_else(|| ApiError::not_found(format!("{id} has no vote {vote_id:?}")))?;
        if vote.status != VoteStatus::Decided {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "refused",
                format!(
                    "vote {vote_id} of {id} is not decided yet: its proof is served once it is decided and a \
                     signed checkpoint covers the decision"
                ),
            ));
        }
        (VoteEvents::of(entry, &vote_id), summary(entry, &vote_id))
    };
    let summary = summary.ok_or_else(|| ApiError::internal(format!("vote {vote_id} has no result")))?;
    let coverage = coverage(&app, &events, latest).await?.ok_or_else(|| {
        ApiError::new(
            StatusCode::CONFLICT,
            "refused",
            format!(
                "vote {vote_id} of {id} is decided but no signed checkpoint covers its decision yet (the latest \
                 covers {latest} events); one is signed within seconds: try again"
            ),
        )
    })?;
    let checkpoint = coverage.checkpoint;
    let size = checkpoint.size;
    // Another server of a shared log may have signed further than this one has read.
    if size > app.journal.tree_size() {
        app.journal.catch_up().await?;
    }
    let signed = read_unverified(&checkpoint.note).map_err(|error| ApiError::internal(error.to_string()))?;
    let root = app.journal.tree_root(size).map_err(|error| ApiError::internal(error.to_string()))?;
    if signed.size != size || signed.root != root {
        return Err(ApiError::internal(format!(
            "the checkpoint of {size} events does not sign this log's tree"
        )));
    }
    let mut proved = Vec::with_capacity(coverage.covered.len());
    for stored in read_events(&app, &coverage.covered).await? {
        let path = app
            .journal
            .inclusion_proof(stored.seq, size)
            .map_err(|error| ApiError::internal(error.to_string()))?;
        proved.push(ProvedEvent::new(stored, &path).map_err(|error| ApiError::internal(error.to_string()))?);
    }
    let bundle = VoteProof {
        format: proof::FORMAT.to_owned(),
        version: proof::VERSION,
        meeting: id.clone(),
        vote: vote_id.clone(),
        log: LogInfo { origin: verifier.origin().to_owned(), key: verifier.verifier_key().to_owned() },
        checkpoint: CheckpointInfo {
            size,
            root: proof::encode(&signed.root),
            recorded_at: checkpoint.recorded_at,
            note: checkpoint.note,
        },
        summary,
        events: proved,
        not_yet_covered: coverage.pending,
    };
    let body =
        serde_json::to_string_pretty(&bundle).map_err(|error| ApiError::internal(error.to_string()))?;
    let disposition =
        format!("attachment; filename=\"{}-{}-proof.json\"", file_name(&id), file_name(&vote_id));
    Ok((
        [(header::CONTENT_TYPE, "application/json".to_owned()), (header::CONTENT_DISPOSITION, disposition)],
        body,
    )
        .into_response())
}

/// The vote's result as the record states it.
fn summary(entry: &MeetingEntry, vote_id: &str) -> Option<Summary> {
    let vote = entry.meeting.vote(vote_id)?;
    let result = vote.result?;
    let text = Record::of(&entry.meeting)
        .items
        .iter()
        .flat_map(|item| &item.entries)
        .find(|record| record.vote.as_ref().is_some_and(|record| record.id == vote_id))
        .map(|record| record.text.clone())
        .unwrap_or_default();
    Some(Summary {
        question: vote.question.to_string(),
        method: vote.method,
        text,
        yes: result.tally.yes,
        no: result.tally.no,
        abstain: result.tally.abstain,
        outcome: result.outcome.to_string(),
    })
}

/// The stored events at `seqs` (in order), read one run of consecutive positions at a time: never an event
/// of another stream, never the log.
async fn read_events<L: EventLog>(app: &App<L>, seqs: &[u64]) -> Result<Vec<StoredEvent>, ApiError> {
    let mut events = Vec::with_capacity(seqs.len());
    let mut start = 0;
    while start < seqs.len() {
        let mut end = start;
        while end + 1 < seqs.len() && seqs[end + 1] == seqs[end] + 1 {
            end += 1;
        }
        events.extend(app.journal.log().read_range(seqs[start], seqs[end]).await?);
        start = end + 1;
    }
    let read: Vec<u64> = events.iter().map(|event| event.seq).collect();
    if read != seqs {
        return Err(ApiError::internal("the log does not hold the vote's events where the state has them"));
    }
    Ok(events)
}

/// A name safe in a `Content-Disposition` header: ASCII letters, digits, `-`, `_` and `.`.
fn file_name(text: &str) -> String {
    text.chars()
        .map(|character| {
            if character.is_ascii_alphanumeric() || matches!(character, '-' | '_' | '.') {
                character
            } else {
                '_'
            }
        })
        .collect()
}
