//! The one error type of the HTTP API: a status, a stable machine-readable code and a message that says
//! what was wrong. Clients branch on `code`; people read `message`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use plenary_store::{RecordError, Refusal, StoreError};
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    /// Stable: `not_signed_in`, `forbidden`, `csrf`, `not_found`, `bad_request`, `refused`, `too_many_requests`,
    /// `unsupported_media`, `internal`.
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError { status, code, message: message.into() }
    }

    pub fn not_signed_in() -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, "not_signed_in", "sign in first (POST /api/session)")
    }

    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message)
    }
}

impl From<RecordError> for ApiError {
    fn from(error: RecordError) -> ApiError {
        match error {
            // The rules refused it: the request was understood, the state does not allow it.
            RecordError::Refused(
                Refusal::UnknownMeeting(_) | Refusal::UnknownDocument(_) | Refusal::UnknownAccount(_),
            ) => ApiError::not_found(error.to_string()),
            RecordError::Refused(refusal) => {
                ApiError::new(StatusCode::CONFLICT, "refused", refusal.to_string())
            }
            RecordError::Store(store) => store.into(),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> ApiError {
        tracing::error!(%error, "store");
        ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "store_unavailable", error.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Json(json!({ "error": { "code": self.code, "message": self.message } }));
        (self.status, body).into_response()
    }
}
