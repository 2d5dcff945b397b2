//! The OpenAPI description of the API, served at `/api/openapi.json`.

use axum::http::header;
use axum::response::IntoResponse;

/// The document, kept beside the code and checked against the router by the tests.
pub const OPENAPI: &str = include_str!("openapi.json");

pub async fn document() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI)
}
