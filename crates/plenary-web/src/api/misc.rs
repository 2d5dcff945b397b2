//! The health check and the member states.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use plenary_store::EventLog;
use serde_json::{Value, json};

use crate::app::App;

/// `GET /api/health`: up, and how far the log goes.
#[utoipa::path(
    get,
    path = "/api/health",
    operation_id = "health",
    tag = "service",
    summary = "Whether the service is up",
    description = "Anyone may call it. Says how many events the log holds and the server's version.",
    responses(
        (
            status = 200,
            description = "Up.",
            body = crate::openapi::Health,
            example = json!({"status": "ok", "events": 545, "version": "0.1.0"}),
        ),
    ),
    security((), ("session" = []))
)]
pub async fn health<L: EventLog>(State(app): State<Arc<App<L>>>) -> Json<Value> {
    let state = app.journal.state().await;
    Json(json!({ "status": "ok", "events": state.head, "version": env!("CARGO_PKG_VERSION") }))
}

/// `GET /api/states`: the 193 member states and the observer states, in UN order.
#[utoipa::path(
    get,
    path = "/api/states",
    operation_id = "listStates",
    tag = "states",
    summary = "The member and observer states",
    description = "Anyone may call it. The 193 member states and the observer states, in UN order, with \
        their codes and regional groups.",
    responses((status = 200, description = "The states.", body = crate::openapi::StateList)),
    security((), ("session" = []))
)]
pub async fn states() -> Json<Value> {
    Json(json!({ "states": plenary_core::states::all() }))
}
