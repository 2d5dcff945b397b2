//! Error pages as a person meets them: a form the server cannot read, an address nobody routes, a form sent
//! by someone signed out. Each is the site's page (its header, navigation and a heading) with words that
//! say what to do, never axum's plain text or an empty body; the API keeps its JSON errors.

use axum::http::{StatusCode, header};

use crate::support::{Response, Service};

/// The site's frame: the banner with the main navigation, the main region and a first-level heading.
fn in_the_sites_layout(response: &Response) -> bool {
    let html = response.text();
    let content_type = response.headers.get(header::CONTENT_TYPE).and_then(|value| value.to_str().ok());
    content_type.is_some_and(|value| value.starts_with("text/html"))
        && html.contains(r#"<header class="site">"#)
        && html.contains(r#"<nav aria-label="Main">"#)
        && html.contains(r#"<main id="main""#)
        && html.contains("<h1>")
}

#[tokio::test]
async fn a_form_without_its_csrf_field_is_refused_with_the_sites_error_page() {
    let mut service = Service::start().await;
    service.sign_in("dnk").await;
    let refused = service
        .submit_form(
            Some("dnk"),
            "/documents/a-c-3-80-l-49/comments",
            &[("version", "1"), ("paragraph", "op4"), ("text", "No token.")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(in_the_sites_layout(&refused), "{}", refused.text());
    let html = refused.text();
    assert!(!html.contains("Failed to deserialize"), "{html}");
    assert!(html.contains("security token") && html.contains("Reload the page"), "{html}");
    assert!(html.contains("Signed in as Denmark"), "the page knows who is looking: {html}");
    let comments = service.get(Some("dnk"), "/api/documents/a-c-3-80-l-49/comments").await.json();
    assert_eq!(comments["comments"].as_array().map(Vec::len), Some(0), "nothing recorded");
}

#[tokio::test]
async fn an_unknown_address_is_a_styled_404_and_an_unknown_api_path_a_json_one() {
    let service = Service::start().await;
    for path in ["/nonexistent", "/documents/a-res-80-198/nothing-here", "/meetings/x/y/z/w"] {
        let missing = service.get(None, path).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND, "{path}");
        assert!(in_the_sites_layout(&missing), "{path}: {}", missing.text());
        assert!(missing.text().contains("There is no page at this address"), "{path}");
    }
    let api = service.get(None, "/api/nonexistent").await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert_eq!(api.code(), "no_route", "{}", api.text());
    // A document that does not exist is the handler's 404, on the same page.
    let document = service.get(None, "/documents/no-such-document").await;
    assert_eq!(document.status, StatusCode::NOT_FOUND);
    assert!(in_the_sites_layout(&document));
}

#[tokio::test]
async fn a_form_sent_by_someone_signed_out_invites_them_to_sign_in() {
    let service = Service::start().await;
    // A page kept open after the session ended: its token no longer matches any session.
    for fields in [vec![("csrf_token", "stale"), ("action", "join")], vec![("action", "join")]] {
        let refused = service.submit_form(None, "/documents/a-c-3-80-l-49/sponsorship", &fields).await;
        assert_eq!(refused.status, StatusCode::UNAUTHORIZED, "{fields:?}");
        assert!(in_the_sites_layout(&refused), "{}", refused.text());
        let html = refused.text();
        assert!(
            html.contains("You are not signed in")
                && html.contains(r#"<a href="/sign-in">Sign in</a> to go on."#),
            "{html}"
        );
        assert!(!html.contains("POST /api/session"), "no API words on a page: {html}");
    }
}

#[tokio::test]
async fn the_style_sheet_wraps_long_words_in_documents() {
    let service = Service::start().await;
    let css = service.get(None, "/static/plenary.css").await.text();
    let ours = css.split("/* documents and errors */").nth(1).unwrap_or_default();
    let rule = ours.lines().find(|line| line.contains("article.resolution")).unwrap_or_default();
    assert!(rule.contains("overflow-wrap: anywhere"), "{ours}");
}

#[tokio::test]
async fn a_refusal_is_shown_to_the_viewer_as_signed_in_with_the_reason() {
    let mut service = Service::start().await;
    service.sign_in("dnk").await;
    let refused = service.get(Some("dnk"), "/documents/a-res-80-198/edit").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(in_the_sites_layout(&refused), "{}", refused.text());
    let html = refused.text();
    assert!(html.contains("its text never changes again"), "the reason: {html}");
    assert!(
        html.contains("Signed in as Denmark") && !html.contains(r#"<a href="/sign-in">Sign in</a>"#),
        "{html}"
    );
}
