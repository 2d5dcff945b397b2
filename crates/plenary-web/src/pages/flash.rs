//! The message a page shows after a form: "Your ballot is recorded", or the reason the rules refused it.
//!
//! It travels in a cookie the server sets on the redirect and the next page clears, never in the URL: a
//! link anyone can write (`?error=The Chair has annulled this vote`) must not put official-looking words on
//! a page. Only this server's responses set the cookie (HttpOnly, SameSite=Strict, a minute), so what a
//! banner says is what the server said to this browser.

use axum::extract::{FromRequestParts, Request};
use axum::http::header::SET_COOKIE;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use percent_encoding::{NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// The cookie's name.
const COOKIE_NAME: &str = "plenary_flash";

/// The longest message kept; the reasons the engine gives are a sentence or two.
const MAX_MESSAGE_BYTES: usize = 1_000;

/// The messages a page shows after a redirect.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Flash {
    pub notice: Option<String>,
    pub error: Option<String>,
}

/// Which kind of message a cookie holds: its first letter.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Notice,
    Error,
}

impl Kind {
    fn letter(self) -> char {
        match self {
            Kind::Notice => 'n',
            Kind::Error => 'e',
        }
    }
}

/// A redirect to `path` that carries a notice for the page there.
pub fn redirect_with_notice(path: &str, notice: &str) -> Response {
    with_message(Redirect::to(path).into_response(), Kind::Notice, notice)
}

/// A redirect to `path` that carries an error for the page there.
pub fn redirect_with_error(path: &str, error: &str) -> Response {
    with_message(Redirect::to(path).into_response(), Kind::Error, error)
}

fn with_message(mut response: Response, kind: Kind, message: &str) -> Response {
    let message = truncated(message, MAX_MESSAGE_BYTES);
    let value = format!(
        "{COOKIE_NAME}={}{}; Path=/; HttpOnly; SameSite=Strict; Max-Age=60",
        kind.letter(),
        utf8_percent_encode(message, NON_ALPHANUMERIC)
    );
    match HeaderValue::from_str(&value) {
        Ok(value) => {
            response.headers_mut().append(SET_COOKIE, value);
            response
        }
        // Percent-encoding leaves only ASCII, so this cannot happen; the redirect still goes.
        Err(_) => response,
    }
}

fn truncated(text: &str, limit: usize) -> &str {
    if text.len() <= limit {
        return text;
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The cookie's value in a request, if it carries one.
fn cookie_value(parts: &Parts) -> Option<String> {
    crate::auth::cookie(parts, COOKIE_NAME)
}

impl<S: Send + Sync> FromRequestParts<S> for Flash {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Flash, Self::Rejection> {
        let Some(value) = cookie_value(parts) else { return Ok(Flash::default()) };
        let mut characters = value.chars();
        let kind = characters.next();
        let message = percent_decode_str(characters.as_str()).decode_utf8_lossy();
        let message = truncated(&message, MAX_MESSAGE_BYTES).to_owned();
        Ok(match kind {
            Some('n') => Flash { notice: Some(message), error: None },
            Some('e') => Flash { notice: None, error: Some(message) },
            _ => Flash::default(),
        })
    }
}

/// Middleware: a page that was sent the cookie has shown its message, so the response clears it (unless it
/// is itself a redirect carrying a new one). A message is shown once.
pub async fn clear_after_showing(request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let had_message = cookie_value(&parts).is_some();
    let mut response = next.run(Request::from_parts(parts, body)).await;
    let sets_a_new_one = response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .any(|value| value.as_bytes().starts_with(COOKIE_NAME.as_bytes()));
    let is_redirect = response.status() == StatusCode::SEE_OTHER;
    if had_message && !sets_a_new_one && !is_redirect {
        let expired = format!("{COOKIE_NAME}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
        if let Ok(value) = HeaderValue::from_str(&expired) {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use axum::http::header::COOKIE;

    use super::*;

    fn request_parts(cookie: &str) -> Parts {
        let request = axum::http::Request::builder().header(COOKIE, cookie).body(()).expect("a request");
        request.into_parts().0
    }

    #[tokio::test]
    async fn a_message_set_on_a_redirect_reads_back_on_the_next_page() {
        let response = redirect_with_error("/meetings/m", "The vote is closed; “no” was not recorded.");
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(response.headers()["location"], "/meetings/m");
        let set = response.headers()[SET_COOKIE].to_str().expect("ASCII");
        let pair = set.split(';').next().expect("name=value");
        let flash = Flash::from_request_parts(&mut request_parts(pair), &()).await.expect("infallible");
        assert_eq!(flash.error.as_deref(), Some("The vote is closed; “no” was not recorded."));
        assert_eq!(flash.notice, None);
    }

    #[tokio::test]
    async fn without_the_cookie_there_is_no_message() {
        let flash = Flash::from_request_parts(&mut request_parts("plenary_session=abc"), &()).await;
        assert_eq!(flash.expect("infallible"), Flash::default());
    }
}
