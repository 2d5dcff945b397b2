//! Votes: the chair opens, locks and decides; each delegation casts its own state's ballot; everyone may
//! watch the board, live, as server-sent events.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, Stream, StreamExt};
use plenary_core::procedure::board::board;
use plenary_core::procedure::{Choice, Event, Method, Present, Question, Reveal};
use plenary_store::EventLog;
use serde::Deserialize;
use serde_json::Value;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::wrappers::errors::BroadcastStreamRecvError;

use super::meetings::find;
use crate::acts::meeting_event;
use crate::app::App;
use crate::auth::{Actor, ClientAddress};
use crate::error::ApiError;
use crate::server::Full;

/// When a refused watcher may try again.
const STREAM_RETRY_AFTER_SECONDS: u64 = 5;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct OpenVote {
    pub vote: String,
    pub question: Question,
    #[serde(default)]
    pub method: Method,
    #[serde(default)]
    pub reveal: Reveal,
    pub present: Option<Present>,
}

/// `POST /api/meetings/{id}/votes`: the chair opens a vote on the next question.
#[utoipa::path(
    post,
    path = "/api/meetings/{id}/votes",
    operation_id = "openVote",
    tag = "votes",
    summary = "Open a vote",
    description = "The chair only. Recorded as a `vote_opened` event: the question must be the next one, and \
        a quorum present. Who may vote is fixed now.",
    params(crate::openapi::MeetingPath),
    request_body(content = OpenVote, content_type = "application/json"),
    responses(
        (status = 201, description = "Recorded.", body = crate::openapi::Accepted),
        (status = 404, response = crate::openapi::NotFound),
        (status = 503, response = crate::openapi::StoreUnavailable),
        crate::openapi::WriteRefused,
        crate::openapi::BodyRefused,
    ),
    security(("session" = [], "csrf" = []))
)]
pub async fn open<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    actor: Actor,
    Path(id): Path<String>,
    Json(request): Json<OpenVote>,
) -> Result<Response, ApiError> {
    let event = Event::VoteOpened {
        vote: request.vote,
        question: request.question,
        method: request.method,
        present: request.present,
        reveal: request.reveal,
    };
    let body = meeting_event(&app, &actor, &id, event).await?;
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// `GET /api/meetings/{id}/votes/{vote}`: the board.
#[utoipa::path(
    get,
    path = "/api/meetings/{id}/votes/{vote}",
    operation_id = "getBoard",
    tag = "votes",
    summary = "The voting board",
    description = "Anyone may call it. Every member in UN order with what may be shown of its vote, and the \
        totals (hidden while an `after_lock` vote is open).",
    params(crate::openapi::VotePath),
    responses(
        (status = 200, description = "The board.", body = plenary_core::procedure::board::Board),
        (status = 404, response = crate::openapi::NotFound),
    ),
    security((), ("session" = []))
)]
pub async fn get<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    Path((id, vote)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    let state = app.journal.state().await;
    let entry = find(&state, &id)?;
    let board = board(&entry.meeting, &vote)
        .ok_or_else(|| ApiError::not_found(format!("{id} has no vote {vote:?}")))?;
    serde_json::to_value(&board).map(Json).map_err(|error| ApiError::internal(error.to_string()))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct Ballot {
    pub choice: Choice,
}

/// `POST /api/meetings/{id}/votes/{vote}/ballot`: a delegation casts its state's ballot (again, to change
/// it while the vote is open).
#[utoipa::path(
    post,
    path = "/api/meetings/{id}/votes/{vote}/ballot",
    operation_id = "castBallot",
    tag = "votes",
    summary = "Cast the caller's state's ballot",
    description = "A delegation only, for its own state (the public gets 401, other roles 403). Casting \
        again while the vote is open changes the ballot; the latest counts. A cast the rules refuse (locked, \
        not entitled, Article 19) is answered 409 and not written to the log.",
    params(crate::openapi::VotePath),
    request_body(content = Ballot, content_type = "application/json"),
    responses(
        (status = 201, description = "Recorded.", body = crate::openapi::Accepted),
        (status = 404, response = crate::openapi::NotFound),
        (status = 503, response = crate::openapi::StoreUnavailable),
        crate::openapi::WriteRefused,
        crate::openapi::BodyRefused,
    ),
    security(("session" = [], "csrf" = []))
)]
pub async fn cast<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    actor: Actor,
    Path((id, vote)): Path<(String, String)>,
    Json(ballot): Json<Ballot>,
) -> Result<Response, ApiError> {
    let Some(state) = actor.state().cloned() else {
        return Err(match actor {
            Actor::Public => ApiError::not_signed_in(),
            Actor::Account { .. } => {
                ApiError::forbidden(format!("the {} role does not vote; delegations do", actor.role_name()))
            }
        });
    };
    let event = Event::BallotCast { vote, state, choice: ballot.choice, by_presiding_officer: false };
    let body = meeting_event(&app, &actor, &id, event).await?;
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// `POST /api/meetings/{id}/votes/{vote}/lock`.
#[utoipa::path(
    post,
    path = "/api/meetings/{id}/votes/{vote}/lock",
    operation_id = "lockVote",
    tag = "votes",
    summary = "Lock a vote",
    description = "The chair only. No more casts are accepted. No request body.",
    params(crate::openapi::VotePath),
    responses(
        (status = 200, description = "Recorded.", body = crate::openapi::Accepted),
        (status = 404, response = crate::openapi::NotFound),
        (status = 503, response = crate::openapi::StoreUnavailable),
        crate::openapi::WriteRefused,
    ),
    security(("session" = [], "csrf" = []))
)]
pub async fn lock<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    actor: Actor,
    Path((id, vote)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    meeting_event(&app, &actor, &id, Event::VoteLocked { vote }).await.map(Json)
}

/// `POST /api/meetings/{id}/votes/{vote}/decide`.
#[utoipa::path(
    post,
    path = "/api/meetings/{id}/votes/{vote}/decide",
    operation_id = "decideVote",
    tag = "votes",
    summary = "Decide a vote",
    description = "The chair only, after the lock. The result is counted, compared with the majority and \
        recorded; it is never changed afterwards. No request body.",
    params(crate::openapi::VotePath),
    responses(
        (status = 200, description = "Recorded.", body = crate::openapi::Accepted),
        (status = 404, response = crate::openapi::NotFound),
        (status = 503, response = crate::openapi::StoreUnavailable),
        crate::openapi::WriteRefused,
    ),
    security(("session" = [], "csrf" = []))
)]
pub async fn decide<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    actor: Actor,
    Path((id, vote)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    meeting_event(&app, &actor, &id, Event::VoteDecided { vote }).await.map(Json)
}

/// `GET /api/meetings/{id}/votes/{vote}/stream`: the board as server-sent events. First a `board` event with
/// the whole board, then a `change` event for every ballot, lock and result (a few hundred bytes each). A
/// watcher that falls too far behind gets a fresh `board`.
///
/// Streams are counted per client address and in total (`Config::max_streams_per_address`,
/// `Config::max_streams`): one over either is refused with 503 and `Retry-After`. The place is held until
/// the client goes away (the stream is dropped with its connection).
#[utoipa::path(
    get,
    path = "/api/meetings/{id}/votes/{vote}/stream",
    operation_id = "streamBoard",
    tag = "votes",
    summary = "Watch the board live (server-sent events)",
    description = "Anyone may call it. A `text/event-stream` that stays open: first a `board` event whose \
        data is the whole Board (JSON), then a `change` event (data: a Change, JSON; id: the event's \
        position in the log) for every ballot, lock and result of this vote. When `reload` is true, or when \
        the watcher fell too far behind (it then gets a fresh `board` event), take the whole board. A change \
        may repeat what the first board already shows: changes carry the whole counts, so applying one twice \
        is harmless. A comment is sent every 15 seconds to keep the connection open.",
    params(crate::openapi::VotePath),
    responses(
        (
            status = 200,
            description = "The stream.",
            body = String,
            content_type = "text/event-stream",
            example = "event: board\ndata: {\"vote\":\"V1\",\"question\":\"proposal\",\"status\":\"open\",…}\n\nevent: \
            change\nid: 552\ndata: \
            {\"vote\":\"V1\",\"status\":\"open\",\"seat\":{\"state\":\"FRA\",\"name\":\"France\",\"shown\":\"yes\"},\"voted\":1,\"tally\":{\"yes\":1,\"no\":0,\"abstain\":0,\"non_voting\":192},\"outcome\":null,\"reload\":false}\n\n",
        ),
        (status = 404, response = crate::openapi::NotFound),
        (status = 503, response = crate::openapi::Overloaded),
    ),
    security((), ("session" = []))
)]
pub async fn stream<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    ClientAddress(client): ClientAddress,
    Path((id, vote)): Path<(String, String)>,
) -> Result<Sse<impl Stream<Item = Result<SseEvent, Infallible>>>, ApiError> {
    let place = app.streams.try_enter(&client).map_err(|full| {
        let message = match full {
            Full::Total => "the server is following as many live boards as it can; try again shortly",
            Full::Address => "too many live boards open from your address; close some and try again",
        };
        ApiError::unavailable("too_many_streams", message, STREAM_RETRY_AFTER_SECONDS)
    })?;
    // Subscribe before reading the board, so that nothing between the two is missed.
    let changes = app.journal.subscribe();
    let first = {
        let state = app.journal.state().await;
        let entry = find(&state, &id)?;
        let board = board(&entry.meeting, &vote)
            .ok_or_else(|| ApiError::not_found(format!("{id} has no vote {vote:?}")))?;
        serde_json::to_string(&board).map_err(|error| ApiError::internal(error.to_string()))?
    };
    let head = stream::once(async move { Ok(SseEvent::default().event("board").data(first)) });
    let app_for_reload = Arc::clone(&app);
    let (meeting_id, vote_id) = (id.clone(), vote.clone());
    let updates = BroadcastStream::new(changes).filter_map(move |received| {
        let app = Arc::clone(&app_for_reload);
        let (meeting_id, vote_id) = (meeting_id.clone(), vote_id.clone());
        async move {
            match received {
                Ok(applied) => {
                    let (changed_vote, change) = applied.board_change.as_ref()?;
                    if applied.meeting.as_deref() != Some(meeting_id.as_str()) || *changed_vote != vote_id {
                        return None;
                    }
                    Some(Ok(SseEvent::default()
                        .event("change")
                        .id(applied.event.seq.to_string())
                        .data(change.as_ref())))
                }
                Err(BroadcastStreamRecvError::Lagged(_)) => {
                    let state = app.journal.state().await;
                    let board =
                        state.meetings.get(&meeting_id).and_then(|entry| board(&entry.meeting, &vote_id))?;
                    serde_json::to_string(&board)
                        .ok()
                        .map(|json| Ok(SseEvent::default().event("board").data(json)))
                }
            }
        }
    });
    let events = head.chain(updates).map(move |event| {
        // The stream owns its place; dropping the stream frees it.
        let _held = &place;
        event
    });
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}
