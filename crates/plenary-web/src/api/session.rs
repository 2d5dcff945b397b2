//! Signing in and out.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use plenary_store::{EventLog, Session};
use serde::Deserialize;
use serde_json::json;

use crate::app::App;
use crate::auth::{
    Actor, ClientAddress, SESSION_COOKIE, SESSION_LIFETIME, generate_token, token_hash, verify_password,
};
use crate::error::ApiError;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct SignIn {
    pub username: String,
    pub password: String,
}

/// `POST /api/session`: signs in; sets the session cookie and returns the CSRF token to echo.
#[utoipa::path(
    post,
    path = "/api/session",
    operation_id = "signIn",
    tag = "session",
    summary = "Sign in",
    description = "Anyone may call it. Checks the password (argon2id), sets the `plenary_session` cookie \
        (HttpOnly, SameSite=Strict, 12 hours) and returns the CSRF token to send back in the `x-csrf-token` \
        header on every state-changing request. After 10 failed sign-ins in a minute from one address or for \
        one account name, sign-ins are refused with 429 and `Retry-After`.",
    request_body(content = SignIn, content_type = "application/json"),
    responses(
        (
            status = 200,
            description = "Signed in.",
            body = crate::openapi::SessionInfo,
            headers(
                ("Set-Cookie" = String, description = "`plenary_session=…; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200` (plus `Secure` when \
                serving with --secure-cookies)."),
            ),
        ),
        (
            status = 401,
            description = "`bad_credentials`: unknown account or wrong password.",
            body = crate::openapi::ErrorBody,
        ),
        (status = 429, response = crate::openapi::TooManyRequests),
        (status = 503, response = crate::openapi::StoreUnavailable),
        crate::openapi::BodyRefused,
    ),
    security(())
)]
pub async fn sign_in<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    ClientAddress(client): ClientAddress,
    Json(request): Json<SignIn>,
) -> Result<Response, ApiError> {
    let opened = match open_session(&app, &client, &request.username, &request.password).await {
        Ok(opened) => opened,
        Err(refusal) => return Ok(refusal.into_response()),
    };
    let body = json!({
        "account": opened.account.id,
        "role": opened.account.role,
        "state": opened.account.state,
        "name": opened.account.name,
        "csrf_token": opened.csrf_token,
    });
    Ok((opened.headers, Json(body)).into_response())
}

/// A session just opened: the `Set-Cookie` header to send, the account and the CSRF token.
#[derive(Debug)]
pub struct OpenedSession {
    pub headers: HeaderMap,
    pub account: plenary_store::Account,
    pub csrf_token: String,
}

/// Why a sign-in was refused: wrong credentials, or too many failures (with the seconds to wait).
#[derive(Debug)]
pub enum SignInRefused {
    BadCredentials,
    TooMany { wait_seconds: u64 },
    Failed(ApiError),
}

impl SignInRefused {
    pub fn message(&self) -> String {
        match self {
            SignInRefused::BadCredentials => "Unknown account or wrong password.".to_owned(),
            SignInRefused::TooMany { wait_seconds } => {
                format!("Too many failed sign-ins; try again in {wait_seconds} seconds.")
            }
            SignInRefused::Failed(error) => error.message.clone(),
        }
    }
}

impl IntoResponse for SignInRefused {
    fn into_response(self) -> Response {
        match self {
            SignInRefused::BadCredentials => ApiError::new(
                StatusCode::UNAUTHORIZED,
                "bad_credentials",
                "unknown account or wrong password",
            )
            .into_response(),
            SignInRefused::TooMany { wait_seconds } => {
                let mut error = ApiError::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "too_many_requests",
                    format!("too many failed sign-ins; try again in {wait_seconds} seconds"),
                )
                .into_response();
                if let Ok(value) = HeaderValue::from_str(&wait_seconds.to_string()) {
                    error.headers_mut().insert(header::RETRY_AFTER, value);
                }
                error
            }
            SignInRefused::Failed(error) => error.into_response(),
        }
    }
}

/// No account name is longer (the longest is `secretariat`); a longer name is a wrong one, cut to this
/// before it becomes a key in the sign-in limiter's memory.
const MAX_USERNAME_CHARS: usize = 64;
/// A longer password is refused as wrong without hashing it.
const MAX_PASSWORD_BYTES: usize = 1024;

/// Checks a username and password (rate-limited per client address and per username from that address) and opens a session.
/// Used by the API's sign-in and the sign-in page alike.
pub async fn open_session<L: EventLog>(
    app: &App<L>,
    client: &str,
    username: &str,
    password: &str,
) -> Result<OpenedSession, SignInRefused> {
    let username: String =
        username.trim().chars().take(MAX_USERNAME_CHARS).collect::<String>().to_ascii_lowercase();
    if let Err(wait) = app.sign_in_limiter.check(client, &username) {
        // Rounded up: "try again in 0 seconds" would invite an immediate retry into the same lock.
        return Err(SignInRefused::TooMany {
            wait_seconds: (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1),
        });
    }
    if password.len() > MAX_PASSWORD_BYTES {
        app.sign_in_limiter.failed(client, &username);
        return Err(SignInRefused::BadCredentials);
    }
    let account = app.journal.state().await.accounts.get(&username).cloned();
    // Verify even for an unknown name, so that timing does not tell which names exist.
    let stored_owned =
        account.as_ref().map_or_else(|| app.decoy_hash.clone(), |account| account.password_hash.clone());
    let password = password.to_owned();
    let matches = tokio::task::spawn_blocking(move || verify_password(&password, &stored_owned))
        .await
        .map_err(|error| SignInRefused::Failed(ApiError::internal(error.to_string())))?;
    let Some(account) = account.filter(|_| matches) else {
        app.sign_in_limiter.failed(client, &username);
        return Err(SignInRefused::BadCredentials);
    };
    app.sign_in_limiter.succeeded(client, &username);
    let token = generate_token();
    let csrf_token = generate_token();
    let expires_at = app.now().unix_timestamp() + i64::try_from(SESSION_LIFETIME.as_secs()).unwrap_or(0);
    let session = Session {
        token_hash: token_hash(&token),
        account: account.id.clone(),
        csrf_token: csrf_token.clone(),
        expires_at,
    };
    app.journal.log().put_session(&session).await.map_err(|error| SignInRefused::Failed(error.into()))?;
    let secure = if app.config.secure_cookies { "; Secure" } else { "" };
    let cookie = format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{secure}",
        SESSION_LIFETIME.as_secs()
    );
    let mut headers = HeaderMap::new();
    headers.insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie)
            .map_err(|error| SignInRefused::Failed(ApiError::internal(error.to_string())))?,
    );
    Ok(OpenedSession { headers, account, csrf_token })
}

/// `GET /api/session`: who is signed in.
#[utoipa::path(
    get,
    path = "/api/session",
    operation_id = "currentSession",
    tag = "session",
    summary = "Who is signed in",
    description = "Any signed-in account. Returns the account, its role, its state (for a delegation) and \
        the CSRF token of the session.",
    responses(
        (status = 200, description = "The session.", body = crate::openapi::SessionInfo),
        (status = 401, response = crate::openapi::Unauthorized),
        (status = 503, response = crate::openapi::StoreUnavailable),
    ),
    security(("session" = []))
)]
pub async fn current<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    actor: Actor,
) -> Result<Json<serde_json::Value>, ApiError> {
    let Actor::Account { id, role, state, csrf_token, .. } = actor else {
        return Err(ApiError::not_signed_in());
    };
    let name =
        app.journal.state().await.accounts.get(&id).map(|account| account.name.clone()).unwrap_or_default();
    Ok(Json(json!({ "account": id, "role": role, "state": state, "name": name, "csrf_token": csrf_token })))
}

/// `DELETE /api/session`: signs out.
#[utoipa::path(
    delete,
    path = "/api/session",
    operation_id = "signOut",
    tag = "session",
    summary = "Sign out",
    description = "Any signed-in account (with the CSRF header). Ends the session and expires the cookie.",
    responses(
        (status = 204, description = "Signed out; the cookie is expired.", headers(("Set-Cookie" = String))),
        (status = 401, response = crate::openapi::Unauthorized),
        (status = 403, response = crate::openapi::Forbidden),
        (status = 503, response = crate::openapi::StoreUnavailable),
    ),
    security(("session" = [], "csrf" = []))
)]
pub async fn sign_out<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    actor: Actor,
) -> Result<Response, ApiError> {
    let Actor::Account { token_hash, .. } = actor else { return Err(ApiError::not_signed_in()) };
    Ok((close_session(&app, &token_hash).await?, StatusCode::NO_CONTENT).into_response())
}

/// Deletes a session; returns the `Set-Cookie` header that clears the cookie.
pub async fn close_session<L: EventLog>(app: &App<L>, token_hash: &str) -> Result<HeaderMap, ApiError> {
    app.journal.log().delete_session(token_hash).await?;
    let expired = format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    let mut headers = HeaderMap::new();
    headers.insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&expired).map_err(|error| ApiError::internal(error.to_string()))?,
    );
    Ok(headers)
}
