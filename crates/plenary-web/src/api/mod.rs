//! The JSON API under `/api`: one module per resource, and the router that mounts them.

pub mod documents;
pub mod log;
pub mod meetings;
pub mod misc;
pub mod proof;
pub mod search;
pub mod session;
pub mod treaties;
pub mod votes;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{delete, get, post};
use plenary_store::EventLog;

use crate::app::App;

/// Uploads are resolution texts and Word files: 16 MB, the importer's own limit.
const BODY_LIMIT: usize = 16 * 1024 * 1024;

/// Every route of the API. `crate::openapi` describes the same list; a test keeps them equal.
pub fn routes<L: EventLog>() -> Router<Arc<App<L>>> {
    Router::new()
        .route("/api/health", get(misc::health::<L>))
        .route("/api/openapi.json", get(crate::openapi::document))
        .route(
            "/api/session",
            post(session::sign_in::<L>).get(session::current::<L>).delete(session::sign_out::<L>),
        )
        .route("/api/states", get(misc::states))
        .route("/api/log/key", get(log::key::<L>))
        .route("/api/log/checkpoint", get(log::checkpoint::<L>))
        .route("/api/log/checkpoints", get(log::checkpoints::<L>))
        .route("/api/log/proof/inclusion", get(log::inclusion::<L>))
        .route("/api/log/proof/consistency", get(log::consistency::<L>))
        .route("/api/documents", get(documents::list::<L>).post(documents::create::<L>))
        .route("/api/documents/{id}", get(documents::get::<L>))
        .route(
            "/api/documents/{id}/versions",
            get(documents::list_versions::<L>).post(documents::add_version::<L>),
        )
        .route("/api/documents/{id}/export", get(documents::export::<L>))
        .route("/api/documents/{id}/status", post(documents::change_status::<L>))
        .route("/api/documents/{id}/sponsors", post(documents::join::<L>))
        .route("/api/documents/{id}/sponsors/{state}", delete(documents::withdraw::<L>))
        .route("/api/documents/{id}/comments", get(documents::comments::<L>).post(documents::comment::<L>))
        .route("/api/documents/{id}/paragraphs/{pid}/history", get(search::history::<L>))
        .route("/api/compare", get(documents::compare::<L>))
        .route("/api/search", get(search::search::<L>))
        .route("/api/treaties", get(treaties::list::<L>))
        .route("/api/treaties/{id}/status", get(treaties::status::<L>))
        .route("/api/treaties/{id}/gap", get(treaties::gap::<L>))
        .route("/api/treaties/{id}/parties", get(treaties::parties::<L>))
        .route("/api/treaties/{id}/changes", get(treaties::changes::<L>))
        .route("/api/treaties/{id}/procedures/{procedure}", get(treaties::procedure::<L>))
        .route("/api/treaties/{id}/actions", post(treaties::record_action::<L>))
        .route("/api/treaties/{id}/series", get(treaties::series::<L>))
        .route("/api/documents/{id}/treaty-calls", get(treaties::document_calls::<L>))
        .route("/api/states/{code}/treaties", get(treaties::participant::<L>))
        .route("/api/meetings", get(meetings::list::<L>).post(meetings::create::<L>))
        .route("/api/meetings/{id}", get(meetings::get::<L>))
        .route("/api/meetings/{id}/events", get(meetings::events::<L>).post(meetings::post_event::<L>))
        .route("/api/meetings/{id}/queue", get(meetings::queue::<L>))
        .route("/api/meetings/{id}/amendments", post(meetings::amend::<L>))
        .route("/api/meetings/{id}/record", get(meetings::record::<L>))
        .route("/api/meetings/{id}/votes", post(votes::open::<L>))
        .route("/api/meetings/{id}/votes/{vote}", get(votes::get::<L>))
        .route("/api/meetings/{id}/votes/{vote}/ballot", post(votes::cast::<L>))
        .route("/api/meetings/{id}/votes/{vote}/lock", post(votes::lock::<L>))
        .route("/api/meetings/{id}/votes/{vote}/decide", post(votes::decide::<L>))
        .route("/api/meetings/{id}/votes/{vote}/stream", get(votes::stream::<L>))
        .route("/api/meetings/{id}/votes/{vote}/proof", get(proof::vote::<L>))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
}
