//! The one error type of the HTTP API: a status, a stable machine-readable code and a message that says
//! what was wrong. Clients branch on `code`; people read `message`.

use axum::Json;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use plenary_core::treaties::RegisterError;
use plenary_store::{RecordError, Refusal, StoreError};
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    /// Stable: `not_signed_in`, `forbidden`, `csrf`, `not_found`, `no_route`, `bad_request`, `invalid_body`, `refused`,
    /// `too_many_requests`, `unsupported_media`, `payload_too_large`, `method_not_allowed`, `timeout`,
    /// `too_many_streams`, `overloaded`, `store_unavailable`, `internal`.
    pub code: &'static str,
    pub message: String,
    /// Seconds after which a refused request may be tried again (`Retry-After`), for overload answers.
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError { status, code, message: message.into(), retry_after: None }
    }

    /// The service is at a limit: 503 with `Retry-After`, so that well-behaved clients come back later
    /// instead of retrying at once.
    pub fn unavailable(code: &'static str, message: impl Into<String>, retry_after: u64) -> ApiError {
        ApiError {
            retry_after: Some(retry_after),
            ..ApiError::new(StatusCode::SERVICE_UNAVAILABLE, code, message)
        }
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
                Refusal::UnknownMeeting(_)
                | Refusal::UnknownDocument(_)
                | Refusal::UnknownAccount(_)
                | Refusal::Treaty(RegisterError::UnknownTreaty(_) | RegisterError::UnknownParticipant(_)),
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
        let mut response = (self.status, body).into_response();
        if let Some(seconds) = self.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// The stable code of an error status that did not come from an [`ApiError`] (axum's extractor rejections,
/// the router's 404 and 405, the timeout layers).
fn code_of(status: StatusCode) -> &'static str {
    match status {
        StatusCode::BAD_REQUEST => "bad_request",
        StatusCode::UNAUTHORIZED => "not_signed_in",
        StatusCode::FORBIDDEN => "forbidden",
        // A handler's 404 is an `ApiError` (`not_found`) and never reaches this: a plain 404 is the
        // router's, for a path no route matches.
        StatusCode::NOT_FOUND => "no_route",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::REQUEST_TIMEOUT | StatusCode::GATEWAY_TIMEOUT => "timeout",
        StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media",
        StatusCode::UNPROCESSABLE_ENTITY => "invalid_body",
        StatusCode::TOO_MANY_REQUESTS => "too_many_requests",
        StatusCode::SERVICE_UNAVAILABLE => "overloaded",
        status if status.is_server_error() => "internal",
        _ => "bad_request",
    }
}

/// The longest plain-text error body kept as the JSON message; axum's rejection texts are one line.
const MESSAGE_LIMIT: usize = 4 * 1024;

/// Middleware: every error under `/api` is the documented JSON, whoever produced it. Handlers answer with
/// [`ApiError`] already; axum's own rejections (malformed JSON, wrong content type, a body over the limit),
/// the router's 404 and 405 and the timeout layers answer plain text or nothing, and are rewritten here,
/// keeping their status and headers (`Allow`, `Retry-After`) and their text as the message.
pub async fn api_errors_as_json(request: Request, next: Next) -> Response {
    let under_api = request.uri().path() == "/api" || request.uri().path().starts_with("/api/");
    let (method, path) = (request.method().clone(), request.uri().path().to_owned());
    let response = next.run(request).await;
    let status = response.status();
    if !under_api || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    if is_json {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let text = match axum::body::to_bytes(body, MESSAGE_LIMIT).await {
        Ok(bytes) => String::from_utf8_lossy(&bytes).trim().to_owned(),
        Err(_) => String::new(),
    };
    let message = match status {
        _ if !text.is_empty() => text,
        StatusCode::NOT_FOUND => format!("no such route: {path}"),
        StatusCode::METHOD_NOT_ALLOWED => format!("{method} is not allowed on {path}; see the Allow header"),
        _ => status.canonical_reason().unwrap_or("error").to_ascii_lowercase(),
    };
    let body = json!({ "error": { "code": code_of(status), "message": message } }).to_string();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    Response::from_parts(parts, Body::from(body))
}
