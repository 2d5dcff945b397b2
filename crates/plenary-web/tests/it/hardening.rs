//! The attacker's requests, kept as reproducers (see `/work/shared/spec/threats.md`): sign-in lock-out of
//! another account, open redirects after sign-in, missing security headers, API errors that are not the
//! documented JSON, and one address holding every live stream. Requests go through the real router; the
//! client's address is set as the server sets it, with a `ConnectInfo` extension.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::json;
use tower::ServiceExt;

use crate::support::{Response, Service};

const MEETING: &str = "c3-80-torture";

/// A request as it arrives from `address`.
fn from(address: &str, mut request: Request<Body>) -> Request<Body> {
    let address: SocketAddr = format!("{address}:40000").parse().expect("an address");
    request.extensions_mut().insert(ConnectInfo(address));
    request
}

fn sign_in_request(address: &str, username: &str, password: &str) -> Request<Body> {
    let body = json!({ "username": username, "password": password }).to_string();
    from(
        address,
        Request::post("/api/session")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body))
            .expect("a request"),
    )
}

// ---------------------------------------------------------------------------------------------------------
// 4. Sign-in lock-out
// ---------------------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_megabyte_name_or_password_is_a_wrong_one_and_counts_against_its_address() {
    let service = Service::start().await;
    let attacker = "203.0.113.67";
    let huge = "x".repeat(1024 * 1024);
    let long_name = service.raw(sign_in_request(attacker, &huge, "guess")).await;
    assert_eq!(long_name.status, StatusCode::UNAUTHORIZED, "{}", long_name.code());
    let long_password = service.raw(sign_in_request(attacker, "chair", &huge)).await;
    assert_eq!(long_password.status, StatusCode::UNAUTHORIZED, "{}", long_password.code());
    // The chair, from its own address, with its own password, is unaffected.
    let chair = service.raw(sign_in_request("198.51.100.1", "chair", &service.password("chair"))).await;
    assert_eq!(chair.status, StatusCode::OK, "{}", chair.text());
}

#[tokio::test]
async fn an_address_hammering_the_chairs_password_locks_out_only_itself() {
    let service = Service::start().await;
    let attacker = "203.0.113.66";
    let mut refused_at = None;
    for attempt in 1..=40 {
        let response = service.raw(sign_in_request(attacker, "chair", "guess")).await;
        if response.status == StatusCode::TOO_MANY_REQUESTS {
            assert!(response.headers.contains_key(header::RETRY_AFTER), "says when to retry");
            assert_eq!(response.code(), "too_many_requests");
            refused_at = Some(attempt);
            break;
        }
        assert_eq!(response.status, StatusCode::UNAUTHORIZED, "attempt {attempt}: {}", response.text());
    }
    let refused_at = refused_at.expect("the attacker is throttled");
    assert!(refused_at <= 11, "throttled after a handful of failures, not {refused_at}");

    // The real chair, at the podium, signs in at once while the attacker is locked.
    let chair = service.raw(sign_in_request("198.51.100.1", "chair", &service.password("chair"))).await;
    assert_eq!(chair.status, StatusCode::OK, "the chair is not locked out: {}", chair.text());
    // The attacker stays locked, even with the right password.
    let locked = service.raw(sign_in_request(attacker, "chair", &service.password("chair"))).await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
    // The attacker's address is throttled for other accounts too: it cannot spray.
    let mut sprayed = 0;
    for account in 0..40 {
        let response = service.raw(sign_in_request(attacker, &format!("guess-{account}"), "guess")).await;
        if response.status == StatusCode::TOO_MANY_REQUESTS {
            break;
        }
        sprayed += 1;
    }
    assert!(sprayed < 20, "an address that failed often is throttled for every account ({sprayed} tries)");
}

// ---------------------------------------------------------------------------------------------------------
// 5. Open redirect after sign-in
// ---------------------------------------------------------------------------------------------------------

/// Redirect targets known to leave a site in some browser, raw and percent-encoded.
const BYPASSES: &[&str] = &[
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "/\t/evil.example/",
    "/%09/evil.example/",
    "/%5Cevil.example",
    "/%5cevil.example",
    "%2F%2Fevil.example",
    "/%2F/evil.example",
    "/%252F%252Fevil.example",
    "https://evil.example/",
    "HTTPS:evil.example",
    "//evil.example@good/",
    "/\r\nSet-Cookie: x=1",
    "/%0d%0aSet-Cookie:x",
    "/%0D%0ASet-Cookie:x",
    "javascript:alert(1)",
    "/ /evil.example",
    "/\u{0}/evil.example",
    "/\u{7f}/evil.example",
    "/\u{2028}/evil.example",
    "",
    " //evil.example",
];

fn is_local(location: &str) -> bool {
    let decoded = percent_decode(&percent_decode(location));
    location.starts_with('/')
        && !decoded.starts_with("//")
        && !decoded.contains('\\')
        && !decoded.chars().any(char::is_control)
        && !location.chars().any(|c| c.is_whitespace() || c.is_control())
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' && index + 2 < bytes.len() {
            if let Ok(byte) =
                u8::from_str_radix(std::str::from_utf8(&bytes[index + 1..index + 3]).unwrap_or(""), 16)
            {
                out.push(byte);
                index += 3;
                continue;
            }
        }
        out.push(bytes[index]);
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test]
async fn after_signing_in_only_a_local_path_is_followed_whatever_next_says() {
    let service = Service::start().await;
    let password = service.password("dnk");
    for payload in BYPASSES {
        let response = service
            .submit_form(None, "/sign-in", &[("username", "dnk"), ("password", &password), ("next", payload)])
            .await;
        assert_eq!(response.status, StatusCode::SEE_OTHER, "next={payload:?}: {}", response.text());
        let location = response.headers[header::LOCATION].to_str().expect("an ASCII Location");
        assert!(is_local(location), "next={payload:?} redirected to {location:?}");
    }
    // A genuine local path with a query is kept.
    let response = service
        .submit_form(
            None,
            "/sign-in",
            &[("username", "dnk"), ("password", &password), ("next", "/documents?q=climate")],
        )
        .await;
    assert_eq!(response.headers[header::LOCATION], "/documents?q=climate");
}

#[tokio::test]
async fn the_sign_in_form_never_fails_on_its_next_parameter() {
    let service = Service::start().await;
    for query in ["/%09/evil", "/%0d%0aSet-Cookie:x", "%2F%2Fevil", "/%5Cevil", "/%E2%80%A8", "%ff%fe"] {
        let response = service.get(None, &format!("/sign-in?next={query}")).await;
        assert_eq!(response.status, StatusCode::OK, "next={query}");
        let page = response.text();
        assert!(page.contains(r#"name="next" value="/""#), "next={query} falls back to /");
    }
}

// ---------------------------------------------------------------------------------------------------------
// 6. Security headers
// ---------------------------------------------------------------------------------------------------------

#[tokio::test]
async fn every_kind_of_response_carries_the_security_headers() {
    let service = Service::start().await;
    for (path, status) in [
        ("/", StatusCode::OK),
        ("/api/health", StatusCode::OK),
        ("/static/plenary.css", StatusCode::OK),
        ("/static/nothing.js", StatusCode::NOT_FOUND),
        ("/no/such/page", StatusCode::NOT_FOUND),
        ("/api/no/such/thing", StatusCode::NOT_FOUND),
        ("/api/documents/none-such", StatusCode::NOT_FOUND),
    ] {
        let response = service.get(None, path).await;
        assert_eq!(response.status, status, "{path}");
        let csp = response.headers.get(header::CONTENT_SECURITY_POLICY).map(|v| v.to_str().unwrap_or(""));
        let csp = csp.unwrap_or_else(|| panic!("{path}: no Content-Security-Policy"));
        for directive in [
            "default-src 'self'",
            "script-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'",
        ] {
            assert!(csp.contains(directive), "{path}: CSP {csp:?} lacks {directive}");
        }
        assert!(!csp.contains("script-src 'self' 'unsafe-inline'"), "no inline script");
        assert_eq!(
            response.headers.get(header::X_CONTENT_TYPE_OPTIONS).map(|v| v.as_bytes()),
            Some(&b"nosniff"[..]),
            "{path}"
        );
        assert_eq!(
            response.headers.get(header::X_FRAME_OPTIONS).map(|v| v.as_bytes()),
            Some(&b"DENY"[..]),
            "{path}"
        );
        assert_eq!(
            response.headers.get(header::REFERRER_POLICY).map(|v| v.as_bytes()),
            Some(&b"no-referrer"[..]),
            "{path}"
        );
    }
}

#[tokio::test]
async fn the_templates_have_no_inline_script_for_the_policy_to_block() {
    let templates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let handler = regex::Regex::new(r#"\son[a-z]+\s*="#).expect("a regex");
    for entry in std::fs::read_dir(templates).expect("the templates") {
        let path = entry.expect("an entry").path();
        let text = std::fs::read_to_string(&path).expect("a template");
        let lower = text.to_ascii_lowercase();
        for (index, _) in lower.match_indices("<script") {
            let tag = &lower[index..lower[index..].find('>').map_or(lower.len(), |end| index + end)];
            assert!(tag.contains(" src="), "{}: an inline <script>", path.display());
        }
        assert!(!lower.contains("javascript:"), "{}: a javascript: URL", path.display());
        assert!(!handler.is_match(&lower), "{}: an inline event handler", path.display());
    }
    let base = service_page_head().await;
    assert!(base.contains(r#"name="htmx-config""#), "htmx is told not to inject its indicator style");
}

async fn service_page_head() -> String {
    Service::start().await.get(None, "/documents").await.text()
}

// ---------------------------------------------------------------------------------------------------------
// 7. API errors are JSON
// ---------------------------------------------------------------------------------------------------------

fn assert_json_error(response: &Response, status: StatusCode, code: &str, what: &str) {
    assert_eq!(response.status, status, "{what}: {}", response.text());
    let content_type = response.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
    assert_eq!(content_type, Some("application/json"), "{what}");
    assert_eq!(response.code(), code, "{what}: {}", response.text());
    let message = response.json()["error"]["message"].as_str().unwrap_or_default().to_owned();
    assert!(!message.is_empty(), "{what}: a message for people");
}

#[tokio::test]
async fn every_api_error_is_the_documented_json_with_a_stable_code() {
    let service = Service::start().await;
    let bad_json = service
        .send(None, Method::POST, "/api/session", Some(b"{\"username\":".to_vec()), "application/json")
        .await;
    assert_json_error(&bad_json, StatusCode::BAD_REQUEST, "bad_request", "malformed JSON");

    let missing_field = service
        .send(
            None,
            Method::POST,
            "/api/session",
            Some(b"{\"username\":\"dnk\"}".to_vec()),
            "application/json",
        )
        .await;
    assert_json_error(&missing_field, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", "a missing field");

    let wrong_type =
        service.send(None, Method::POST, "/api/session", Some(b"username=dnk".to_vec()), "text/plain").await;
    assert_json_error(
        &wrong_type,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media",
        "wrong content type",
    );

    let too_big = service.upload(None, "/api/documents", &vec![b'a'; 16 * 1024 * 1024 + 1]).await;
    assert_json_error(&too_big, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", "a body over the limit");

    let unknown = service.get(None, "/api/no/such/thing").await;
    assert_json_error(&unknown, StatusCode::NOT_FOUND, "no_route", "an unknown route");

    let wrong_method = service.send(None, Method::DELETE, "/api/health", None, "").await;
    assert_json_error(&wrong_method, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", "a wrong method");
    assert!(wrong_method.headers.contains_key(header::ALLOW), "405 still says what is allowed");

    let bad_path = service.get(None, "/api/meetings/%FF/votes/V1").await;
    assert!(bad_path.status.is_client_error(), "an undecodable path");
    assert_eq!(
        bad_path.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()),
        Some("application/json")
    );

    // Pages keep their HTML error pages.
    let page = service.get(None, "/no/such/page").await;
    assert_ne!(
        page.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()),
        Some("application/json")
    );
}

// ---------------------------------------------------------------------------------------------------------
// 2. Live streams per address
// ---------------------------------------------------------------------------------------------------------

fn stream_request(address: &str) -> Request<Body> {
    from(
        address,
        Request::get(format!("/api/meetings/{MEETING}/votes/V1/stream"))
            .body(Body::empty())
            .expect("a request"),
    )
}

#[tokio::test]
async fn one_address_cannot_hold_every_live_stream() {
    let mut service = Service::start().await;
    service.sign_in("chair").await;
    service.chair_opens_the_demo_vote().await;

    let mut held = Vec::new();
    let mut refused = None;
    for attempt in 1..=3_000 {
        let response =
            service.router.clone().oneshot(stream_request("203.0.113.7")).await.expect("an answer");
        if response.status() == StatusCode::OK {
            held.push(response);
            continue;
        }
        refused = Some((attempt, response));
        break;
    }
    let (attempt, response) = refused.expect("one address is refused before it holds 3,000 streams");
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE, "refused at attempt {attempt}");
    assert!(response.headers().contains_key(header::RETRY_AFTER));
    let body = http_body_util::BodyExt::collect(response.into_body()).await.expect("a body").to_bytes();
    let body: serde_json::Value = serde_json::from_slice(&body).expect("JSON");
    assert_eq!(body["error"]["code"], "too_many_streams");

    // Another address still watches; and a stream given up frees its place.
    let other = service.router.clone().oneshot(stream_request("198.51.100.9")).await.expect("an answer");
    assert_eq!(other.status(), StatusCode::OK);
    drop(held.pop());
    let again = service.router.clone().oneshot(stream_request("203.0.113.7")).await.expect("an answer");
    assert_eq!(again.status(), StatusCode::OK, "a closed stream frees its place");
}
