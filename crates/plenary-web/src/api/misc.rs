//! The health check and the member states.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use plenary_store::EventLog;
use serde_json::{Value, json};

use crate::app::App;

/// `GET /api/health`: up, and how far the log goes.
pub async fn health<L: EventLog>(State(app): State<Arc<App<L>>>) -> Json<Value> {
    let state = app.journal.state().await;
    Json(json!({ "status": "ok", "events": state.head, "version": env!("CARGO_PKG_VERSION") }))
}

/// `GET /api/states`: the 193 member states and the observer states, in UN order.
pub async fn states() -> Json<Value> {
    Json(json!({ "states": plenary_core::states::all() }))
}
