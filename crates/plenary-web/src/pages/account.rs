//! Signing in and out from the pages. The same checks as the API's sign-in (argon2, the rate limit per
//! address and per account) and the same session cookie.

use std::sync::Arc;

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use plenary_store::EventLog;
use serde::Deserialize;

use super::{Layout, PageError, Section, Viewer, render, see_other};
use crate::api::session::{SignInRefused, close_session, open_session};
use crate::app::App;
use crate::auth::{Actor, ClientAddress};

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    layout: Layout,
    next: String,
    username: String,
    error: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Next {
    next: Option<String>,
}

/// Only a path on this site may be returned to after signing in; anything else goes to `/`.
///
/// Browsers are generous readers of a `Location`: they drop tabs and newlines, read `\` as `/`, and some
/// decode percent-escapes before deciding where a path leads; `//host`, `/\host`, `/%09/host` and
/// `%2F%2Fhost` have all been used to leave a site. So a `next` must be plain: a `/` not followed by `/` or
/// `\`, only printable ASCII without spaces, and the same must hold of it once percent-decoded (twice, for
/// double encoding).
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path) if is_local_path(path) => path.to_owned(),
        _ => "/".to_owned(),
    }
}

fn is_local_path(path: &str) -> bool {
    let plain = |text: &str| {
        let mut characters = text.chars();
        characters.next() == Some('/')
            && !matches!(characters.next(), Some('/' | '\\'))
            && !text.contains('\\')
            && text.chars().all(|character| character.is_ascii_graphic())
    };
    let Some(once) = percent_decode(path) else { return false };
    let Some(twice) = percent_decode(&once) else { return false };
    plain(path) && plain(&once) && plain(&twice)
}

/// Percent-decodes `text`; `None` when the bytes are not UTF-8 (no local path of ours needs that).
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        let escaped = bytes
            .get(index + 1..index + 3)
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok())
            .filter(|_| byte == b'%');
        match escaped {
            Some(value) => {
                decoded.push(value);
                index += 3;
            }
            None => {
                decoded.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8(decoded).ok()
}

/// `GET /sign-in`.
pub async fn form(viewer: Viewer, Query(query): Query<Next>) -> Response {
    let page = SignInPage {
        layout: viewer.layout("Sign in", Section::Account),
        next: safe_next(query.next.as_deref()),
        username: String::new(),
        error: None,
    };
    render(&page)
}

#[derive(Debug, Deserialize)]
pub struct SignInForm {
    username: String,
    password: String,
    next: Option<String>,
}

/// `POST /sign-in`: on success back to where the user came from; otherwise the form again, with the reason.
pub async fn sign_in<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    ClientAddress(client): ClientAddress,
    Form(form): Form<SignInForm>,
) -> Response {
    let next = safe_next(form.next.as_deref());
    match open_session(&app, &client, &form.username, &form.password).await {
        Ok(opened) => (opened.headers, see_other(&next, None)).into_response(),
        Err(refused) => {
            let status = match refused {
                SignInRefused::TooMany { .. } => StatusCode::TOO_MANY_REQUESTS,
                SignInRefused::BadCredentials => StatusCode::UNAUTHORIZED,
                SignInRefused::Failed(ref error) => error.status,
            };
            let page = SignInPage {
                layout: Viewer(Actor::Public).layout("Sign in", Section::Account),
                next,
                username: form.username,
                error: Some(refused.message()),
            };
            (status, render(&page)).into_response()
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct SignOutForm {
    csrf_token: String,
}

/// `POST /sign-out`.
pub async fn sign_out<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Form(form): Form<SignOutForm>,
) -> Result<Response, PageError> {
    viewer.check_form(&form.csrf_token)?;
    let Actor::Account { token_hash, .. } = &viewer.0 else { return Ok(see_other("/", None)) };
    let headers = close_session(&app, token_hash).await?;
    // Appended, not merged: the session's expired cookie and the flash cookie are two Set-Cookie headers.
    let mut response = see_other("/", Some("You are signed out."));
    for (name, value) in &headers {
        response.headers_mut().append(name, value.clone());
    }
    Ok(response)
}
