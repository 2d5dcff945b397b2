//! Error pages people can read: every refusal a page route answers is the site's error page (the layout,
//! a heading, what happened and what to do), never the plain text axum writes when a form's body cannot
//! be read, and never an empty page for a path nobody routes. The API keeps its JSON errors
//! (`crate::error`).

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use plenary_store::EventLog;

use super::{ErrorPage, Layout, Section, Viewer, render};
use crate::app::App;
use crate::auth::{Actor, session_actor};

/// Router fallback: a path no route matches. Under `/api` the plain 404 becomes the API's JSON error (the
/// `api_errors_as_json` layer); anywhere else it is the error page, for the viewer as signed in.
pub async fn not_found<L: EventLog>(State(app): State<Arc<App<L>>>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    if path == "/api" || path.starts_with("/api/") {
        return StatusCode::NOT_FOUND.into_response();
    }
    let viewer = viewer_of(&app, request.headers()).await;
    page(
        &viewer,
        StatusCode::NOT_FOUND,
        "There is no page at this address. It may have moved, or the link is mistyped: the documents and meetings are listed from the menu above.",
        false,
    )
}

/// Middleware on the page routes: an error a handler did not render itself as a page — axum's rejection
/// of a form it cannot read (no CSRF field, a wrong content type, a body over the limit), a method the
/// route does not take — becomes the error page. A form posted by someone signed out is answered with an
/// invitation to sign in, whatever else is wrong with it.
pub async fn styled<L: EventLog>(State(app): State<Arc<App<L>>>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if path == "/api" || path.starts_with("/api/") {
        // An unknown API path reaches the pages' fallback; its 404 stays the API's JSON.
        return next.run(request).await;
    }
    let method = request.method().clone();
    let headers = request.headers().clone();
    let response = next.run(request).await;
    let status = response.status();
    if let Some(explained) = response.extensions().get::<Explained>() {
        // A handler's own error page: the same words, in the layout of the viewer as signed in.
        let viewer = viewer_of(&app, &headers).await;
        return page(&viewer, status, &explained.message, explained.sign_in);
    }
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"));
    if is_html || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let viewer = viewer_of(&app, &headers).await;
    if method == Method::POST && matches!(viewer.0, Actor::Public) && status.is_client_error() {
        return page(&viewer, StatusCode::UNAUTHORIZED, SIGNED_OUT, true);
    }
    let retry_after = response.headers().get(header::RETRY_AFTER).cloned();
    let mut styled = page(&viewer, status, explanation(status), false);
    if let Some(seconds) = retry_after {
        styled.headers_mut().insert(header::RETRY_AFTER, seconds);
    }
    styled
}

/// What an error page a handler answered with says, kept on its response for the error layer.
#[derive(Debug, Clone)]
pub struct Explained {
    pub message: String,
    pub sign_in: bool,
}

/// What a signed-out visitor is told who sent a form or opened a page that needs an account.
pub const SIGNED_OUT: &str =
    "You are not signed in, or your session has ended. Sign in, then go back to the page and try again.";

/// What went wrong, in words for the person at the form, by the status axum or a layer answered with.
fn explanation(status: StatusCode) -> &'static str {
    match status {
        StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY => {
            "The form arrived incomplete or damaged (a field was missing, such as the form's security token, \
             or held something it cannot): nothing was changed. Reload the page and send the form again."
        }
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            "The form was not sent the way the page sends it: nothing was changed. Reload the page and send it \
             from there."
        }
        StatusCode::PAYLOAD_TOO_LARGE => {
            "What was sent is larger than the site accepts: nothing was changed."
        }
        StatusCode::METHOD_NOT_ALLOWED => {
            "This address does not take that kind of request: nothing was changed. Open it as a link, or send \
             its form from its page."
        }
        StatusCode::NOT_FOUND => "There is no page at this address.",
        StatusCode::SERVICE_UNAVAILABLE | StatusCode::GATEWAY_TIMEOUT | StatusCode::REQUEST_TIMEOUT => {
            "The server is busy or the request took too long: nothing may have been changed. Try again in a \
             moment."
        }
        status if status.is_server_error() => "Something went wrong on the server. Try again in a moment.",
        _ => "The request could not be carried out: nothing was changed.",
    }
}

/// The viewer of a request from its headers (the session cookie); the public if the session cannot be read.
async fn viewer_of<L: EventLog>(app: &App<L>, headers: &HeaderMap) -> Viewer {
    let (mut parts, ()) = Request::new(()).into_parts();
    parts.headers = headers.clone();
    Viewer(session_actor(&parts, app).await.unwrap_or(Actor::Public))
}

/// The error page for `viewer`.
pub fn page(viewer: &Viewer, status: StatusCode, message: &str, sign_in: bool) -> Response {
    let layout: Layout = viewer.layout(status.canonical_reason().unwrap_or("Error"), Section::Home);
    let mut response = render(&ErrorPage { layout, status: status.as_u16(), message, sign_in });
    *response.status_mut() = status;
    response.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    response
}
