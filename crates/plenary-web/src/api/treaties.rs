//! Treaties: the register of the core human rights instruments as the log holds it. Who is bound as of any
//! date (`status`), the members still missing by regional group (`gap`), the parties over time, what changed
//! between two dates, who accepts an optional procedure, a state's standing under every instrument, and the
//! secretariat recording a new signature, consent or denunciation (`record_action`).
//!
//! Every question takes `as_of` (an ISO date, by default today); every answer is computed from the folded
//! state, so an action recorded a moment ago is in the next answer.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use plenary_core::dates::format_iso;
use plenary_core::treaties::procedures::Procedure;
use plenary_core::treaties::{
    self, Acceptance, ActionKind, ConsentKind, Declaration, Gap, PartiesStep, Standing, Treaty, TreatyAction,
    TreatyId, TreatyRegister, TreatyStatus, participants,
};
use plenary_store::{EventLog, TreatyRecord};
use serde::{Deserialize, Serialize};
use time::Date;

use crate::acts;
use crate::app::App;
use crate::auth::Actor;
use crate::error::ApiError;

/// The earliest date a question may be asked about: before the first of the treaties was adopted (1965)
/// there is nothing to answer, and a year 1 would only cost a walk.
pub const EARLIEST_AS_OF: Date = time::macros::date!(1945 - 06 - 26);

/// `?as_of=2017-12-19`.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AsOf {
    /// The day asked about, `YYYY-MM-DD` (inclusive: an instrument deposited that day counts). Default:
    /// today.
    pub as_of: Option<String>,
}

/// `?from=2023-01-01&to=2025-12-31`.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct Between {
    /// Changes after this day (exclusive), `YYYY-MM-DD`.
    pub from: String,
    /// Up to this day (inclusive), `YYYY-MM-DD`. Default: today.
    pub to: Option<String>,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct TreatyPath {
    /// The treaty's id: `cat`, `cat_op`, `iccpr` …
    pub id: String,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ProcedurePath {
    /// The treaty's id: `cat`, `cat_op`.
    pub id: String,
    /// `cat_inquiry` (article 20), `cat_inter_state` (21), `cat_individual_complaints` (22),
    /// `opcat_postponement` (OPCAT article 24).
    pub procedure: String,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ParticipantPath {
    /// The participant's code: ISO 3166-1 alpha-3 (`DNK`), `EUU` for the European Union.
    pub code: String,
}

/// A treaty with its counts today.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TreatySummary {
    #[serde(flatten)]
    pub treaty: Treaty,
    pub as_of: String,
    pub parties: usize,
    pub signatories: usize,
    pub member_parties: usize,
}

/// A participant's standing under one treaty, with its declarations and its actions as recorded.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Instrument {
    pub treaty: TreatyId,
    pub abbreviation: String,
    pub title: String,
    pub standing: Standing,
    pub declarations: Vec<Declaration>,
    /// Every action, oldest first, with when and by whom it entered the log.
    pub history: Vec<RecordedAction>,
}

/// An action with its place in the log.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RecordedAction {
    pub seq: u64,
    pub recorded_at: String,
    /// `seed` for the shipped data, else the account that recorded it.
    pub recorded_by: String,
    pub action: TreatyAction,
}

/// A participant's standing under every treaty.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ParticipantTreaties {
    pub code: String,
    pub name: String,
    pub kind: participants::ParticipantKind,
    pub as_of: String,
    pub instruments: Vec<Instrument>,
}

/// What a new action is: the API's body and the secretariat's form.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAction {
    /// The participant's code: `TUV`, `EUU`.
    pub participant: String,
    /// `signature`, `ratification`, `accession`, `succession`, `acceptance`, `approval`,
    /// `formal confirmation`, or `denunciation`.
    pub action: String,
    /// The day of the signature or deposit (for a denunciation, its notification), `YYYY-MM-DD`.
    pub date: String,
    /// For a denunciation: the day it takes effect, `YYYY-MM-DD` (by default the notification's day).
    #[serde(default)]
    pub effective: Option<String>,
}

/// `GET /api/treaties`.
#[utoipa::path(
    get,
    path = "/api/treaties",
    operation_id = "listTreaties",
    tag = "treaties",
    summary = "The treaties in the register",
    description = "Anyone may call it. The 18 core human rights instruments (and any other treaty recorded), \
        each with its adoption, entry-into-force clause and its counts as of `as_of` (default today).",
    params(AsOf),
    responses(
        (status = 200, description = "The treaties.", body = Vec<TreatySummary>),
        (status = 400, response = crate::openapi::BadRequest),
    ),
    security((), ("session" = []))
)]
pub async fn list<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    Query(query): Query<AsOf>,
) -> Result<Json<Vec<TreatySummary>>, ApiError> {
    let as_of = as_of(&app, query.as_of.as_deref())?;
    let state = app.journal.state().await;
    Ok(Json(summaries(&state.treaties, as_of)))
}

/// Every treaty's counts as of a date.
pub fn summaries(register: &TreatyRegister, as_of: Date) -> Vec<TreatySummary> {
    register
        .treaties()
        .map(|treaty| {
            let status = register.status(treaty, as_of);
            TreatySummary {
                treaty: treaty.clone(),
                as_of: format_iso(as_of),
                parties: status.parties,
                signatories: status.signatories,
                member_parties: status.member_parties,
            }
        })
        .collect()
}

/// `GET /api/treaties/{id}/status`.
#[utoipa::path(
    get,
    path = "/api/treaties/{id}/status",
    operation_id = "treatyStatus",
    tag = "treaties",
    summary = "Every state's status under a treaty as of a date",
    description = "Anyone may call it. `parties` (bound on the day), `signatories` (signed, not bound), \
        `in_force_for`, `member_parties`, and `states`: the 193 members and the observer states in UN order, \
        then any other participant that acted (the Cook Islands, Niue, the European Union), each with \
        `status` (`party`, `signatory`, `denounced`, `none`), `signature`, `consent`, `consent_type` and \
        `in_force` (the day the treaty entered into force for it by its rule). 404 for an unknown treaty; \
        400 for a date that is not `YYYY-MM-DD`, before 1945 or after today.",
    params(TreatyPath, AsOf),
    responses(
        (status = 200, description = "The status.", body = TreatyStatus),
        (status = 400, response = crate::openapi::BadRequest),
        (status = 404, response = crate::openapi::NotFound),
    ),
    security((), ("session" = []))
)]
pub async fn status<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    Path(TreatyPath { id }): Path<TreatyPath>,
    Query(query): Query<AsOf>,
) -> Result<Json<TreatyStatus>, ApiError> {
    let as_of = as_of(&app, query.as_of.as_deref())?;
    let state = app.journal.state().await;
    let treaty = treaty(&state.treaties, &id)?;
    Ok(Json(state.treaties.status(treaty, as_of)))
}

/// `GET /api/treaties/{id}/gap`.
#[utoipa::path(
    get,
    path = "/api/treaties/{id}/gap",
    operation_id = "treatyGap",
    tag = "treaties",
    summary = "The members not party, by regional group",
    description = "Anyone may call it. The member states not bound as of `as_of` (signatories first, then \
        those that took no action or denounced, each in UN order), and per regional group its members, \
        parties, signatories and the codes still missing. Türkiye is counted in the Asia-Pacific Group.",
    params(TreatyPath, AsOf),
    responses(
        (status = 200, description = "The gap.", body = Gap),
        (status = 400, response = crate::openapi::BadRequest),
        (status = 404, response = crate::openapi::NotFound),
    ),
    security((), ("session" = []))
)]
pub async fn gap<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    Path(TreatyPath { id }): Path<TreatyPath>,
    Query(query): Query<AsOf>,
) -> Result<Json<Gap>, ApiError> {
    let as_of = as_of(&app, query.as_of.as_deref())?;
    let state = app.journal.state().await;
    let treaty = treaty(&state.treaties, &id)?;
    Ok(Json(state.treaties.gap(treaty, as_of)))
}

/// `GET /api/treaties/{id}/parties`.
#[utoipa::path(
    get,
    path = "/api/treaties/{id}/parties",
    operation_id = "treatyPartiesOverTime",
    tag = "treaties",
    summary = "The number of parties over time",
    description = "Anyone may call it. Every day the number of parties changed, oldest first, with the \
        number after that day's instruments (and denunciations taking effect).",
    params(TreatyPath),
    responses(
        (status = 200, description = "The steps.", body = Vec<PartiesStep>),
        (status = 404, response = crate::openapi::NotFound),
    ),
    security((), ("session" = []))
)]
pub async fn parties<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    Path(TreatyPath { id }): Path<TreatyPath>,
) -> Result<Json<Vec<PartiesStep>>, ApiError> {
    let state = app.journal.state().await;
    let treaty = treaty(&state.treaties, &id)?;
    Ok(Json(state.treaties.parties_over_time(&treaty.id)))
}

/// `GET /api/treaties/{id}/changes`.
#[utoipa::path(
    get,
    path = "/api/treaties/{id}/changes",
    operation_id = "treatyChanges",
    tag = "treaties",
    summary = "What changed between two dates",
    description = "Anyone may call it. Every signature, consent and denunciation dated after `from` and up \
        to `to` (default today), oldest first. `all` as the id: every treaty's.",
    params(TreatyPath, Between),
    responses(
        (status = 200, description = "The changes.", body = Vec<treaties::Change>),
        (status = 400, response = crate::openapi::BadRequest),
        (status = 404, response = crate::openapi::NotFound),
    ),
    security((), ("session" = []))
)]
pub async fn changes<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    Path(TreatyPath { id }): Path<TreatyPath>,
    Query(query): Query<Between>,
) -> Result<Json<Vec<treaties::Change>>, ApiError> {
    let from = parse_day(&app, "from", &query.from)?;
    let to = as_of(&app, query.to.as_deref())?;
    if from > to {
        return Err(ApiError::bad_request(format!("from ({from}) is after to ({to})")));
    }
    let state = app.journal.state().await;
    let treaty = if id == "all" { None } else { Some(treaty(&state.treaties, &id)?.id.clone()) };
    Ok(Json(state.treaties.changes(treaty.as_ref(), from, to)))
}

/// `GET /api/treaties/{id}/procedures/{procedure}`.
#[utoipa::path(
    get,
    path = "/api/treaties/{id}/procedures/{procedure}",
    operation_id = "treatyProcedure",
    tag = "treaties",
    summary = "Who accepts an optional procedure",
    description = "Anyone may call it. The parties that accept the procedure as of `as_of`, with the day \
        their acceptance took effect: `cat_individual_complaints` (CAT article 22) and `cat_inter_state` \
        (article 21) by declaration; `cat_inquiry` (article 20) every party that has not excluded it under \
        article 28 or has withdrawn that reservation; `opcat_postponement` the OPCAT parties that declared \
        a postponement under article 24. Read from the texts of the declarations and notes.",
    params(ProcedurePath, AsOf),
    responses(
        (status = 200, description = "The parties accepting it.", body = Vec<Acceptance>),
        (status = 400, response = crate::openapi::BadRequest),
        (status = 404, response = crate::openapi::NotFound),
    ),
    security((), ("session" = []))
)]
pub async fn procedure<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    Path(ProcedurePath { id, procedure }): Path<ProcedurePath>,
    Query(query): Query<AsOf>,
) -> Result<Json<Vec<Acceptance>>, ApiError> {
    let as_of = as_of(&app, query.as_of.as_deref())?;
    let procedure: Procedure = serde_json::from_value(serde_json::Value::String(procedure.clone()))
        .map_err(|_| ApiError::not_found(format!("no procedure {procedure:?}")))?;
    let state = app.journal.state().await;
    let treaty = treaty(&state.treaties, &id)?;
    Ok(Json(state.treaties.accepting(treaty, procedure, as_of)))
}

/// `GET /api/states/{code}/treaties`.
#[utoipa::path(
    get,
    path = "/api/states/{code}/treaties",
    operation_id = "stateTreaties",
    tag = "treaties",
    summary = "A state's standing under every treaty",
    description = "Anyone may call it. For each treaty: the state's standing as of `as_of`, its \
        declarations, reservations, objections and notes with their texts, and every action with when and \
        by whom it entered the log. 404 for a code no participant has.",
    params(ParticipantPath, AsOf),
    responses(
        (status = 200, description = "The state's treaties.", body = ParticipantTreaties),
        (status = 400, response = crate::openapi::BadRequest),
        (status = 404, response = crate::openapi::NotFound),
    ),
    security((), ("session" = []))
)]
pub async fn participant<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    Path(ParticipantPath { code }): Path<ParticipantPath>,
    Query(query): Query<AsOf>,
) -> Result<Json<ParticipantTreaties>, ApiError> {
    let as_of = as_of(&app, query.as_of.as_deref())?;
    let state = app.journal.state().await;
    Ok(Json(participant_treaties(&state.treaties, &state.treaty_records, &code, as_of)?))
}

/// A participant's standing under every treaty, its declarations and history.
pub fn participant_treaties(
    register: &TreatyRegister,
    records: &[TreatyRecord],
    code: &str,
    as_of: Date,
) -> Result<ParticipantTreaties, ApiError> {
    let participant = participants::by_code(code)
        .ok_or_else(|| ApiError::not_found(format!("no participant has the code {code:?}")))?;
    let instruments = register
        .treaties()
        .map(|treaty| Instrument {
            treaty: treaty.id.clone(),
            abbreviation: treaty.abbreviation.clone(),
            title: treaty.title.clone(),
            standing: register.standing(treaty, participant, as_of),
            declarations: register.declarations_of(&treaty.id, participant.code).to_vec(),
            history: records
                .iter()
                .filter(|record| {
                    record.action.treaty == treaty.id && record.action.participant == participant.code
                })
                .map(|record| RecordedAction {
                    seq: record.seq,
                    recorded_at: record.recorded_at.clone(),
                    recorded_by: record.recorded_by.clone(),
                    action: record.action.clone(),
                })
                .collect(),
        })
        .collect();
    Ok(ParticipantTreaties {
        code: participant.code.to_owned(),
        name: participant.name.to_owned(),
        kind: participant.kind,
        as_of: format_iso(as_of),
        instruments,
    })
}

/// `POST /api/treaties/{id}/actions`.
#[utoipa::path(
    post,
    path = "/api/treaties/{id}/actions",
    operation_id = "recordTreatyAction",
    tag = "treaties",
    summary = "Record a signature, consent or denunciation",
    description = "The secretariat only. The action joins the participant's history in the log (nothing \
        earlier is changed); every answer after it counts it. Refused with 409 `refused` when it makes no \
        sense where it falls in the participant's history (a second signature, a consent while bound, a \
        denunciation while not bound, a date before the treaty's adoption); 400 for a date in the future \
        or an unknown action; 404 for an unknown treaty or participant.",
    params(TreatyPath),
    request_body(content = NewAction, content_type = "application/json"),
    responses(
        (status = 201, description = "Recorded: its position in the log.", body = RecordedAt),
        (status = 404, response = crate::openapi::NotFound),
        (status = 503, response = crate::openapi::StoreUnavailable),
        crate::openapi::WriteRefused,
        crate::openapi::BodyRefused,
    ),
    security(("session" = [], "csrf" = []))
)]
pub async fn record_action<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    actor: Actor,
    Path(TreatyPath { id }): Path<TreatyPath>,
    Json(new): Json<NewAction>,
) -> Result<(StatusCode, Json<RecordedAt>), ApiError> {
    acts::may_record_treaty_action(&actor)?;
    let action = read_action(&app, &id, &new)?;
    let seq = acts::record_treaty_action(&app, &actor, action).await?;
    Ok((StatusCode::CREATED, Json(RecordedAt { seq })))
}

/// Where a recorded fact stands in the log.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RecordedAt {
    pub seq: u64,
}

/// A new action read from the request's words, every field checked and named when wrong.
pub fn read_action<L: EventLog>(app: &App<L>, id: &str, new: &NewAction) -> Result<TreatyAction, ApiError> {
    let treaty = TreatyId::parse(id).map_err(ApiError::not_found)?;
    let participant = participants::by_code(&new.participant)
        .ok_or_else(|| ApiError::not_found(format!("no participant has the code {:?}", new.participant)))?;
    let date = parse_day(app, "date", &new.date)?;
    let kind = match new.action.trim() {
        "signature" => ActionKind::Signature,
        "succession to signature" => ActionKind::SuccessionToSignature,
        "denunciation" => {
            let effective = match &new.effective {
                Some(effective) => treaties::parse_date(effective)
                    .map_err(|problem| ApiError::bad_request(format!("effective: {problem}")))?,
                None => date,
            };
            ActionKind::Denunciation { effective }
        }
        other => match ConsentKind::parse(other) {
            Some(consent) => ActionKind::Consent { consent },
            None => {
                return Err(ApiError::bad_request(format!(
                    "action: {other:?} is not one of signature, ratification, accession, succession, acceptance, \
                     approval, formal confirmation, denunciation"
                )));
            }
        },
    };
    Ok(TreatyAction { treaty, participant: participant.code.to_owned(), date, kind })
}

/// The treaty with this id, or 404.
pub fn treaty<'a>(register: &'a TreatyRegister, id: &str) -> Result<&'a Treaty, ApiError> {
    register.treaty_named(id).ok_or_else(|| ApiError::not_found(format!("no treaty {id:?} in the register")))
}

/// `as_of` read, or today.
pub fn as_of<L: EventLog>(app: &App<L>, text: Option<&str>) -> Result<Date, ApiError> {
    match text.map(str::trim).filter(|text| !text.is_empty()) {
        Some(text) => parse_day(app, "as_of", text),
        None => Ok(app.now().date()),
    }
}

/// A day asked about: `YYYY-MM-DD`, not before 1945 and not after today.
pub fn parse_day<L: EventLog>(app: &App<L>, name: &str, text: &str) -> Result<Date, ApiError> {
    let day =
        treaties::parse_date(text).map_err(|problem| ApiError::bad_request(format!("{name}: {problem}")))?;
    let today = app.now().date();
    if day < EARLIEST_AS_OF || day > today {
        return Err(ApiError::bad_request(format!(
            "{name}: {day} is outside the register's time (from {EARLIEST_AS_OF} to today, {today})"
        )));
    }
    Ok(day)
}

/// `GET /api/documents/{id}/treaty-calls`.
#[utoipa::path(
    get,
    path = "/api/documents/{id}/treaty-calls",
    operation_id = "documentTreatyCalls",
    tag = "treaties",
    summary = "The treaties a text calls upon States to join, with the parties then and now",
    description = "Anyone who may see the document. Each operative paragraph (of the latest version, or \
        `version`) that calls upon States to become parties to a treaty of the register, recognised by the \
        treaty's title or short name (\"the Convention against Torture … and the Optional Protocol \
        thereto\"): the treaty, the parties on the day the text was adopted (if it was) and today.",
    params(crate::openapi::DocumentPath, crate::api::documents::VersionQuery),
    responses(
        (status = 200, description = "The calls, in reading order.", body = Vec<crate::treaty_calls::TreatyCall>),
        (status = 404, response = crate::openapi::NotFound),
    ),
    security((), ("session" = []))
)]
pub async fn document_calls<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    actor: Actor,
    Path(id): Path<String>,
    Query(query): Query<crate::api::documents::VersionQuery>,
) -> Result<Json<Vec<crate::treaty_calls::TreatyCall>>, ApiError> {
    let today = app.now().date();
    let state = app.journal.state().await;
    let entry = crate::api::documents::find(&state, &actor, &id)?;
    let document =
        crate::api::documents::document_of(crate::api::documents::version_of(entry, query.version)?)?;
    Ok(Json(crate::treaty_calls::calls_in(&document, &state.treaties, today)))
}

/// An adopted text calling for a treaty.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SeriesEntry {
    pub document: String,
    pub symbol: String,
    #[serde(with = "plenary_core::dates::iso_date")]
    #[schema(value_type = String, format = Date)]
    pub adopted: Date,
    /// The parties on that day.
    pub parties: usize,
}

/// `GET /api/treaties/{id}/series`.
#[utoipa::path(
    get,
    path = "/api/treaties/{id}/series",
    operation_id = "treatySeries",
    tag = "treaties",
    summary = "The adopted texts that call upon States to join a treaty",
    description = "Anyone may call it. Every adopted text in the store with an operative paragraph calling \
        upon States to become parties to the treaty, oldest first, with the parties on the day it was \
        adopted: the marks of the treaty's chart.",
    params(TreatyPath),
    responses(
        (status = 200, description = "The texts.", body = Vec<SeriesEntry>),
        (status = 404, response = crate::openapi::NotFound),
    ),
    security((), ("session" = []))
)]
pub async fn series<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    Path(TreatyPath { id }): Path<TreatyPath>,
) -> Result<Json<Vec<SeriesEntry>>, ApiError> {
    Ok(Json(series_of(&app, &id).await?))
}

/// The adopted texts calling for treaty `id` (read again on the blocking pool after the log moved on).
pub async fn series_of<L: EventLog>(app: &Arc<App<L>>, id: &str) -> Result<Vec<SeriesEntry>, ApiError> {
    let (head, kept, candidates) = {
        let state = app.journal.state().await;
        treaty(&state.treaties, id)?;
        let texts = crate::treaty_calls::texts_position(&state);
        let kept = app.treaty_series.at(texts);
        let candidates = if kept.is_none() { crate::treaty_calls::candidates(&state) } else { Vec::new() };
        (texts, kept, candidates)
    };
    let series = match kept {
        Some(series) => series,
        None => {
            let series = tokio::task::spawn_blocking(move || crate::treaty_calls::read_series(candidates))
                .await
                .map_err(|error| ApiError::internal(format!("reading the series stopped: {error}")))?;
            let series = Arc::new(series);
            app.treaty_series.keep(head, Arc::clone(&series));
            series
        }
    };
    let state = app.journal.state().await;
    let treaty = treaty(&state.treaties, id)?;
    Ok(series
        .get(&treaty.id)
        .map(|marks| {
            marks
                .iter()
                .map(|mark| SeriesEntry {
                    document: mark.document.clone(),
                    symbol: mark.symbol.clone(),
                    adopted: mark.adopted,
                    parties: state.treaties.status(treaty, mark.adopted).parties,
                })
                .collect()
        })
        .unwrap_or_default())
}
