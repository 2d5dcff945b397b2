//! Meetings: opening one, every event of the procedure (permission-checked), the queue of questions, the
//! meeting's log and its record.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use plenary_core::procedure::{AmendmentAction, Event, Part, Record, Reveal, VoteStatus, queue};
use plenary_store::{EventLog, MeetingEntry};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::acts;
use crate::app::App;
use crate::auth::Actor;
use crate::error::ApiError;
use crate::permissions::{Action, check};

pub fn find<'a>(state: &'a plenary_store::State, id: &str) -> Result<&'a MeetingEntry, ApiError> {
    state.meetings.get(id).ok_or_else(|| ApiError::not_found(format!("there is no meeting {id:?}")))
}

fn summary(entry: &MeetingEntry) -> Value {
    let meeting = &entry.meeting;
    json!({
        "id": entry.id,
        "forum": meeting.forum,
        "body": meeting.forum.title(),
        "meeting": meeting.meeting,
        "date": meeting.date.to_string(),
        "note": meeting.note,
        "members": meeting.members.len(),
        "items": meeting.items.iter().map(|item| json!({
            "agenda_item": item.agenda_item,
            "title": item.title,
            "important_question": item.important_question,
            "draft": item.draft.as_ref().map(|draft| json!({
                "symbol": draft.symbol,
                "title": draft.title,
                "preambular_paragraphs": draft.preambular_paragraphs,
                "operative_paragraphs": draft.operative_paragraphs,
                "sponsors": draft.sponsors,
            })),
            "decided": item.proposal_decided(),
        })).collect::<Vec<_>>(),
        "votes": meeting.votes.iter().map(|vote| json!({
            "id": vote.id,
            "question": vote.question,
            "status": vote.status,
            "outcome": vote.result.map(|result| result.outcome),
        })).collect::<Vec<_>>(),
        "vote_in_progress": meeting.vote_in_progress().map(|vote| vote.id.clone()),
        "next_question": meeting.next_question(),
    })
}

/// `GET /api/meetings`.
#[utoipa::path(
    get,
    path = "/api/meetings",
    operation_id = "listMeetings",
    tag = "meetings",
    summary = "List meetings",
    description = "Anyone may call it.",
    responses((status = 200, description = "The meetings.", body = crate::openapi::MeetingList)),
    security((), ("session" = []))
)]
pub async fn list<L: EventLog>(State(app): State<Arc<App<L>>>) -> Json<Value> {
    let state = app.journal.state().await;
    Json(json!({ "meetings": state.meetings.values().map(summary).collect::<Vec<_>>() }))
}

/// `GET /api/meetings/{id}`.
#[utoipa::path(
    get,
    path = "/api/meetings/{id}",
    operation_id = "getMeeting",
    tag = "meetings",
    summary = "A meeting",
    description = "Anyone may call it. The body, the items and their drafts, the votes, the vote in progress \
        and the next question.",
    params(crate::openapi::MeetingPath),
    responses(
        (status = 200, description = "The meeting.", body = crate::openapi::MeetingSummary),
        (status = 404, response = crate::openapi::NotFound),
    ),
    security((), ("session" = []))
)]
pub async fn get<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let state = app.journal.state().await;
    Ok(Json(summary(find(&state, &id)?)))
}

/// `POST /api/meetings`: opens a meeting. The body is a `meeting_opened` event (without the `event` field)
/// plus the meeting's `id`.
#[utoipa::path(
    post,
    path = "/api/meetings",
    operation_id = "openMeeting",
    tag = "meetings",
    summary = "Open a meeting",
    description = "The secretariat only. The body is a `meeting_opened` event (without `event`) plus the \
        meeting's `id`.",
    request_body(content = crate::openapi::OpenMeeting, content_type = "application/json"),
    responses(
        (
            status = 201,
            description = "Opened.",
            body = crate::openapi::Opened,
            headers(("Location" = String, description = "`/api/meetings/{id}`")),
        ),
        (status = 503, response = crate::openapi::StoreUnavailable),
        crate::openapi::WriteRefused,
        crate::openapi::BodyRefused,
    ),
    security(("session" = [], "csrf" = []))
)]
pub async fn create<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    actor: Actor,
    Json(mut body): Json<Map<String, Value>>,
) -> Result<Response, ApiError> {
    // Asked before the body is read, so a refusal says "forbidden" whatever was sent; the act asks again.
    check(&actor, &Action::OpenMeeting)?;
    let id = match body.remove("id") {
        Some(Value::String(id)) if valid_id(&id) => id,
        _ => return Err(ApiError::bad_request("give the meeting an \"id\": letters, digits and dashes")),
    };
    body.insert("event".to_owned(), Value::String("meeting_opened".to_owned()));
    let event: Event = serde_json::from_value(Value::Object(body))
        .map_err(|error| ApiError::bad_request(error.to_string()))?;
    acts::open_meeting(&app, &actor, &id, event).await?;
    Ok((StatusCode::CREATED, [(header::LOCATION, format!("/api/meetings/{id}"))], Json(json!({ "id": id })))
        .into_response())
}

pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 80
        && id.chars().all(|character| character.is_ascii_alphanumeric() || character == '-')
}

/// `POST /api/meetings/{id}/events`: any event of the procedure, as written in an event log.
#[utoipa::path(
    post,
    path = "/api/meetings/{id}/events",
    operation_id = "postMeetingEvent",
    tag = "meetings",
    summary = "Record an event of the procedure",
    description = "Any event of docs/event-log.md except `meeting_opened` (use POST /api/meetings). Who may \
        send which, per the permission matrix: `item_opened`, `draft_tabled`, `amendments_ordered`, \
        `consensus_proposed`, `adopted_without_vote`: the chair or the secretariat; `vote_opened`, \
        `vote_locked`, `vote_decided`: the chair only; `oral_revision`, `motion_moved`, \
        `division_requested`, `division_objected`, `vote_requested`: the delegation of the state in `by`; \
        `sponsor_joined`, `sponsor_withdrew`, `ballot_cast`, `explanation_of_vote`, `dissociated`: the \
        delegation of the state in `state`; `correction_noted`: that delegation or the secretariat; \
        `amendment_submitted`: a delegation among `by`; `amendment_withdrawn`: a delegation among the \
        amendment's submitters; `speaker_inscribed`, `speaker_withdrawn`: the delegation of the state in \
        `state`, or the secretariat (for any state, observer states included); `speakers_ordered`, \
        `floor_given`, `point_of_order_ruled`: the chair only; `point_of_order_raised`: the delegation of \
        the state in `by`; `presence_marked`: the secretariat, or a delegation naming only its own state; \
        `ballot_refused`: nobody (kept for logs written before the service stopped \
        recording refusals). The rules then check the event against the meeting: 409 `refused` with the \
        reason when they refuse it. A refused `ballot_cast` is answered 409 and not written to the log (a \
        refusal carries nothing the log does not already decide, and must not let a delegation grow the \
        record without bound); a delegation whose vote was not counted sends `correction_noted`.",
    params(crate::openapi::MeetingPath),
    request_body(
        content = Event,
        content_type = "application/json",
        example = json!({"event": "vote_requested", "question": "proposal", "by": "SDN"}),
    ),
    responses(
        (status = 201, description = "Recorded.", body = crate::openapi::Accepted),
        (status = 404, response = crate::openapi::NotFound),
        (status = 503, response = crate::openapi::StoreUnavailable),
        crate::openapi::WriteRefused,
        crate::openapi::BodyRefused,
    ),
    security(("session" = [], "csrf" = []))
)]
pub async fn post_event<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    actor: Actor,
    Path(id): Path<String>,
    Json(event): Json<Event>,
) -> Result<Response, ApiError> {
    let body = acts::meeting_event(&app, &actor, &id, event).await?;
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// `GET /api/meetings/{id}/events`: the meeting's events in order. Ballots of a vote whose board hides
/// them until the lock are left out while it is open.
#[utoipa::path(
    get,
    path = "/api/meetings/{id}/events",
    operation_id = "listMeetingEvents",
    tag = "meetings",
    summary = "The meeting's log",
    description = "Anyone may call it. Every event in order. The ballots of a vote whose board reveals them \
        only after the lock are left out while it is open.",
    params(crate::openapi::MeetingPath),
    responses(
        (status = 200, description = "The events.", body = crate::openapi::MeetingEvents),
        (status = 404, response = crate::openapi::NotFound),
    ),
    security((), ("session" = []))
)]
pub async fn events<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let state = app.journal.state().await;
    let entry = find(&state, &id)?;
    let hidden = |vote_id: &str| {
        entry
            .meeting
            .vote(vote_id)
            .is_some_and(|vote| vote.reveal == Reveal::AfterLock && vote.status == VoteStatus::Open)
    };
    let events: Vec<&Event> = entry
        .events
        .iter()
        .filter(|event| !matches!(event, Event::BallotCast { vote, .. } if hidden(vote)))
        .collect();
    Ok(Json(json!({ "id": id, "events": events })))
}

/// `GET /api/meetings/{id}/queue`: the questions under the current item in the order they are taken,
/// with how each was settled.
#[utoipa::path(
    get,
    path = "/api/meetings/{id}/queue",
    operation_id = "getQueue",
    tag = "meetings",
    summary = "The order of questions",
    description = "Anyone may call it. The questions under the current item in the order the rules take \
        them, with how each was settled and whether a vote was requested.",
    params(crate::openapi::MeetingPath),
    responses(
        (status = 200, description = "The queue.", body = crate::openapi::Queue),
        (status = 404, response = crate::openapi::NotFound),
    ),
    security((), ("session" = []))
)]
pub async fn queue<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let state = app.journal.state().await;
    let entry = find(&state, &id)?;
    let Some(item) = entry.meeting.current_item() else {
        return Ok(Json(json!({ "id": id, "item": null, "questions": [] })));
    };
    let questions: Vec<Value> = queue::order(item)
        .into_iter()
        .map(|question| {
            let decision = item.decision(&question);
            json!({
                "question": question,
                "decision": decision,
                "vote_requested": item.vote_requests.contains_key(&question),
            })
        })
        .collect();
    Ok(Json(json!({
        "id": id,
        "item": item.title,
        "next_question": entry.meeting.next_question(),
        "questions": questions,
    })))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct AmendmentRequest {
    pub id: String,
    pub document: Option<String>,
    pub amends: Option<String>,
    pub action: AmendmentAction,
    #[serde(default)]
    pub parts: Vec<Part>,
    pub text: Option<String>,
}

/// `POST /api/meetings/{id}/amendments`: a delegation submits an amendment in its own state's name.
#[utoipa::path(
    post,
    path = "/api/meetings/{id}/amendments",
    operation_id = "submitAmendment",
    tag = "meetings",
    summary = "Submit an amendment",
    description = "A delegation only, in its own state's name (the public gets 401; the chair, the \
        secretariat and the observer 403). Recorded as an `amendment_submitted` event.",
    params(crate::openapi::MeetingPath),
    request_body(content = AmendmentRequest, content_type = "application/json"),
    responses(
        (status = 201, description = "Recorded.", body = crate::openapi::Accepted),
        (status = 404, response = crate::openapi::NotFound),
        (status = 503, response = crate::openapi::StoreUnavailable),
        crate::openapi::WriteRefused,
        crate::openapi::BodyRefused,
    ),
    security(("session" = [], "csrf" = []))
)]
pub async fn amend<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    actor: Actor,
    Path(id): Path<String>,
    Json(request): Json<AmendmentRequest>,
) -> Result<Response, ApiError> {
    let Some(state) = actor.state().cloned() else {
        return Err(match actor {
            Actor::Public => ApiError::not_signed_in(),
            Actor::Account { .. } => {
                ApiError::forbidden("only a delegation submits amendments, in its state's name")
            }
        });
    };
    let event = Event::AmendmentSubmitted {
        id: request.id,
        document: request.document,
        by: vec![state],
        amends: request.amends,
        action: request.action,
        parts: request.parts,
        text: request.text,
    };
    let body = acts::meeting_event(&app, &actor, &id, event).await?;
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RecordQuery {
    /// `json` (the default) or `text`.
    #[param(schema_with = crate::openapi::record_formats)]
    pub format: Option<String>,
}

/// `GET /api/meetings/{id}/record`: the record in the UN's words.
#[utoipa::path(
    get,
    path = "/api/meetings/{id}/record",
    operation_id = "getRecord",
    tag = "meetings",
    summary = "The record of the meeting",
    description = "Anyone may call it. The record in the UN's words, as JSON (the default) or as text.",
    params(crate::openapi::MeetingPath, RecordQuery),
    responses(
        (
            status = 200,
            description = "The record.",
            content((plenary_core::procedure::Record = "application/json"), (String = "text/plain")),
        ),
        (status = 400, response = crate::openapi::BadRequest),
        (status = 404, response = crate::openapi::NotFound),
    ),
    security((), ("session" = []))
)]
pub async fn record<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    Path(id): Path<String>,
    Query(query): Query<RecordQuery>,
) -> Result<Response, ApiError> {
    let state = app.journal.state().await;
    let record = Record::of(&find(&state, &id)?.meeting);
    match query.format.as_deref().unwrap_or("json") {
        "json" => {
            Ok(Json(serde_json::to_value(&record).map_err(|error| ApiError::internal(error.to_string()))?)
                .into_response())
        }
        "text" => {
            Ok(([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], record.to_text()).into_response())
        }
        other => Err(ApiError::bad_request(format!("unknown format {other:?}: expected json or text"))),
    }
}
