//! The transparency log over HTTP: the log's public key, its signed checkpoints, and the proofs that let
//! anyone check an event is in the log (inclusion) and that the log still extends a checkpoint they kept
//! (consistency). All public: a checkpoint and a proof reveal no event's content. Hashes are base64, as in
//! the checkpoints themselves.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use plenary_store::EventLog;
use plenary_store::tree::{Hash, TreeError};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::app::App;
use crate::error::ApiError;

/// The most checkpoints one listing returns.
const CHECKPOINTS_PER_PAGE: u32 = 1000;

fn text(body: String) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], body)
}

fn base64_all(hashes: &[Hash]) -> Vec<String> {
    hashes.iter().map(|hash| BASE64.encode(hash)).collect()
}

fn tree_error(error: TreeError) -> ApiError {
    ApiError::not_found(error.to_string())
}

/// `GET /api/log/key`: the verifier key checkpoints are signed with.
#[utoipa::path(
    get,
    path = "/api/log/key",
    operation_id = "logKey",
    tag = "log",
    summary = "The log's public key",
    description = "Anyone may call it. The Ed25519 verifier key (C2SP signed-note format, \
        `name+keyid+base64`) every checkpoint is signed with: give it to witnesses and to `plenary verify \
        --key` / `plenary verify-record --key`.",
    responses(
        (
            status = 200,
            description = "The verifier key and a newline.",
            body = String,
            content_type = "text/plain",
            example = "plenary.local/record+e1f19db2+AWKAiHxviAu734d1XeBJQX4IRqakhMIRrNW3wd9Idgr8\n",
        ),
        (status = 404, response = crate::openapi::NotFound),
    ),
    security((), ("session" = []))
)]
pub async fn key<L: EventLog>(State(app): State<Arc<App<L>>>) -> Result<impl IntoResponse, ApiError> {
    let verifier =
        app.journal.verifier().ok_or_else(|| ApiError::not_found("this server signs no checkpoints"))?;
    Ok(text(format!("{}\n", verifier.verifier_key())))
}

/// `GET /api/log/checkpoint`: the latest signed checkpoint, as a signed note.
#[utoipa::path(
    get,
    path = "/api/log/checkpoint",
    operation_id = "logCheckpoint",
    tag = "log",
    summary = "The latest signed checkpoint",
    description = "Anyone may call it. The head of the log's Merkle tree (origin, size, base64 root) as a \
        C2SP tlog-checkpoint in a signed note. Signed at every decided vote, every document issued or \
        adopted, every 256 events and at least every 10 seconds while events arrive. Keep it: `plenary \
        verify --checkpoint` and `plenary witness` prove later that the log still extends it.",
    responses(
        (
            status = 200,
            description = "The signed note.",
            body = String,
            content_type = "text/plain",
            example = "plenary.local/record\n545\nQo0X1ubxbMmAgiB9bz9qKsqU6cfBQPGqtqlN+JBODQ=\n\n— plenary.local/record \
            4fGdsg...=\n",
        ),
        (status = 404, response = crate::openapi::NotFound),
    ),
    security((), ("session" = []))
)]
pub async fn checkpoint<L: EventLog>(State(app): State<Arc<App<L>>>) -> Result<impl IntoResponse, ApiError> {
    let latest =
        app.journal.latest_checkpoint().await.map_err(|error| ApiError::internal(error.to_string()))?;
    let latest = latest.ok_or_else(|| ApiError::not_found("no checkpoint has been signed yet"))?;
    Ok(text(latest.note))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CheckpointsQuery {
    /// Only checkpoints of trees larger than this many events.
    #[serde(default)]
    after: u64,
}

/// `GET /api/log/checkpoints?after=N`: every checkpoint kept, oldest first, a thousand at a time.
#[utoipa::path(
    get,
    path = "/api/log/checkpoints",
    operation_id = "logCheckpoints",
    tag = "log",
    summary = "Every checkpoint kept",
    description = "Anyone may call it. Oldest first, at most 1,000 per answer; page with `after`.",
    params(CheckpointsQuery),
    responses(
        (status = 200, description = "The checkpoints.", body = crate::openapi::Checkpoints),
        (status = 400, response = crate::openapi::BadRequest),
    ),
    security((), ("session" = []))
)]
pub async fn checkpoints<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    Query(query): Query<CheckpointsQuery>,
) -> Result<Json<Value>, ApiError> {
    let page: Vec<Value> = app
        .journal
        .log()
        .checkpoints_after(query.after, CHECKPOINTS_PER_PAGE)
        .await
        .map_err(|error| ApiError::internal(error.to_string()))?
        .into_iter()
        .map(|checkpoint| {
            json!({ "size": checkpoint.size, "recorded_at": checkpoint.recorded_at, "note": checkpoint.note })
        })
        .collect();
    Ok(Json(json!({ "checkpoints": page })))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InclusionQuery {
    /// The event's position in the log, from 1.
    seq: u64,
    /// The tree to prove it in; by default the latest checkpoint's.
    size: Option<u64>,
}

/// `GET /api/log/proof/inclusion?seq=N&size=M`: the audit path of event `seq` in the tree of `size` events.
#[utoipa::path(
    get,
    path = "/api/log/proof/inclusion",
    operation_id = "logInclusionProof",
    tag = "log",
    summary = "The inclusion proof of an event",
    description = "Anyone may call it. The RFC 9162 audit path of event `seq` in the tree of `size` events \
        (by default the latest checkpoint's). The leaf is SHA-256(0x00 ‖ the event's 32-byte chain hash).",
    params(InclusionQuery),
    responses(
        (status = 200, description = "The proof.", body = crate::openapi::InclusionProof),
        (status = 400, response = crate::openapi::BadRequest),
        (status = 404, response = crate::openapi::NotFound),
    ),
    security((), ("session" = []))
)]
pub async fn inclusion<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    Query(query): Query<InclusionQuery>,
) -> Result<Json<Value>, ApiError> {
    let size = match query.size {
        Some(size) => size,
        None => latest_size(&app).await?,
    };
    let journal = &app.journal;
    let proof = journal.inclusion_proof(query.seq, size).map_err(tree_error)?;
    let root = journal.tree_root(size).map_err(tree_error)?;
    let leaf = journal.leaf_hash(query.seq).map_err(tree_error)?;
    Ok(Json(json!({
        "seq": query.seq,
        "size": size,
        "leaf_hash": BASE64.encode(leaf),
        "root": BASE64.encode(root),
        "proof": base64_all(&proof),
    })))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConsistencyQuery {
    /// The earlier tree's size.
    from: u64,
    /// By default the latest checkpoint's size.
    to: Option<u64>,
}

/// `GET /api/log/proof/consistency?from=A&to=B`: the proof that the tree of `B` events extends the tree of
/// `A`.
#[utoipa::path(
    get,
    path = "/api/log/proof/consistency",
    operation_id = "logConsistencyProof",
    tag = "log",
    summary = "The consistency proof between two trees",
    description = "Anyone may call it. The RFC 9162 proof that the tree of `to` events (by default the \
        latest checkpoint's) extends the tree of `from`.",
    params(ConsistencyQuery),
    responses(
        (status = 200, description = "The proof.", body = crate::openapi::ConsistencyProof),
        (status = 400, response = crate::openapi::BadRequest),
        (status = 404, response = crate::openapi::NotFound),
    ),
    security((), ("session" = []))
)]
pub async fn consistency<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    Query(query): Query<ConsistencyQuery>,
) -> Result<Json<Value>, ApiError> {
    let to = match query.to {
        Some(to) => to,
        None => latest_size(&app).await?,
    };
    if query.from > to {
        return Err(ApiError::bad_request(format!("from ({}) is larger than to ({to})", query.from)));
    }
    let journal = &app.journal;
    let proof = journal.consistency_proof(query.from, to).map_err(tree_error)?;
    Ok(Json(json!({
        "from": query.from,
        "to": to,
        "from_root": BASE64.encode(journal.tree_root(query.from).map_err(tree_error)?),
        "to_root": BASE64.encode(journal.tree_root(to).map_err(tree_error)?),
        "proof": base64_all(&proof),
    })))
}

async fn latest_size<L: EventLog>(app: &App<L>) -> Result<u64, ApiError> {
    let latest =
        app.journal.latest_checkpoint().await.map_err(|error| ApiError::internal(error.to_string()))?;
    latest
        .map(|checkpoint| checkpoint.size)
        .ok_or_else(|| ApiError::not_found("no checkpoint has been signed yet"))
}
