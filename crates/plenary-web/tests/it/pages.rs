//! The web pages through the real router, as a browser without JavaScript uses them: forms, redirects,
//! the session cookie and the CSRF token in a hidden field. (The browser tests in `crates/plenary/tests/
//! browser` drive the same pages in Chromium, live updates included.)

use axum::http::{StatusCode, header};

use crate::support::{Service, flash, flash_error, flash_notice, location};

const LAST_YEARS_TEXT: &[u8] = include_bytes!("../../../../data/resolutions/A_RES_74_143.txt");
const NEW_DRAFT: &[u8] = include_bytes!("../../../../data/resolutions/A_C.3_80_L.49.txt");

#[tokio::test]
async fn a_delegation_signs_in_with_the_form_and_returns_to_the_page_it_came_from() {
    let service = Service::start().await;
    let password = service.password("dnk");
    let signed_in = service
        .submit_form(
            None,
            "/sign-in",
            &[("username", "dnk"), ("password", &password), ("next", "/documents")],
        )
        .await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
    assert_eq!(location(&signed_in), "/documents");
    let cookie =
        signed_in.headers.get(header::SET_COOKIE).and_then(|value| value.to_str().ok()).unwrap_or_default();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");

    let wrong = service.submit_form(None, "/sign-in", &[("username", "dnk"), ("password", "not it")]).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.text().contains("role=\"alert\">Unknown account or wrong password."), "{}", wrong.text());

    let elsewhere = service
        .submit_form(
            None,
            "/sign-in",
            &[("username", "dnk"), ("password", &password), ("next", "//evil.example/")],
        )
        .await;
    assert_eq!(location(&elsewhere), "/", "only a path on this site is returned to");
}

#[tokio::test]
async fn a_form_without_the_sessions_token_changes_nothing() {
    let mut service = Service::start().await;
    service.sign_in("chair").await;
    let forged = service
        .submit_form(
            Some("chair"),
            "/meetings/c3-80-torture/open-vote",
            &[("csrf_token", "forged"), ("vote", "V1"), ("question", "proposal"), ("method", "recorded")],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let meeting = service.get(None, "/api/meetings/c3-80-torture").await.json();
    assert_eq!(meeting["votes"].as_array().map(Vec::len), Some(0));
}

#[tokio::test]
async fn without_javascript_the_chair_and_three_delegations_take_a_recorded_vote_through_the_forms() {
    let mut service = Service::start().await;
    for who in ["chair", "dnk", "mex", "usa"] {
        service.sign_in(who).await;
    }
    let chair_token = service.csrf("chair");
    let opened = service
        .submit_form(
            Some("chair"),
            "/meetings/c3-80-torture/open-vote",
            &[
                ("csrf_token", &chair_token),
                ("vote", "V1"),
                ("question", "proposal"),
                ("method", "recorded"),
                ("reveal", "live"),
            ],
        )
        .await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.text());
    assert!(location(&opened).starts_with("/meetings/c3-80-torture/votes/V1"));

    for (who, choice) in [("dnk", "yes"), ("mex", "yes"), ("usa", "no")] {
        let token = service.csrf(who);
        let cast = service
            .submit_form(
                Some(who),
                "/meetings/c3-80-torture/votes/V1/ballot",
                &[("csrf_token", &token), ("choice", choice)],
            )
            .await;
        assert_eq!(cast.status, StatusCode::SEE_OTHER, "{who}: {}", cast.text());
        assert_eq!(flash_error(&cast), None, "{who}");
    }
    // Denmark's console shows its own ballot; the public's board (a reload) shows all three.
    let console = service.get(Some("dnk"), "/meetings/c3-80-torture/votes/V1").await.text();
    assert!(
        console.contains("Denmark votes yes. You may change it until the voting is closed."),
        "{console}"
    );
    let board = service.get(None, "/meetings/c3-80-torture/votes/V1").await.text();
    assert!(board.contains(r#"data-state="DNK" data-shown="yes""#));
    assert!(board.contains(r#"data-state="MEX" data-shown="yes""#));
    assert!(board.contains(r#"data-state="USA" data-shown="no""#));
    assert!(board.contains(r#"data-state="FRA" data-shown="pending""#));
    assert!(board.contains(r#"<li class="yes" data-count="yes"><strong>2</strong>"#), "the totals");
    assert!(!board.contains(r#"id="ballot""#), "the public has no ballot buttons");

    let lock = service
        .submit_form(Some("chair"), "/meetings/c3-80-torture/votes/V1/lock", &[("csrf_token", &chair_token)])
        .await;
    assert_eq!(flash_error(&lock), None);
    let late_token = service.csrf("dnk");
    let late = service
        .submit_form(
            Some("dnk"),
            "/meetings/c3-80-torture/votes/V1/ballot",
            &[("csrf_token", &late_token), ("choice", "no")],
        )
        .await;
    assert!(flash_error(&late).is_some(), "a ballot after the lock is refused: {}", location(&late));
    let decide = service
        .submit_form(
            Some("chair"),
            "/meetings/c3-80-torture/votes/V1/decide",
            &[("csrf_token", &chair_token)],
        )
        .await;
    assert_eq!(flash_error(&decide), None);

    let record = service.get(None, "/meetings/c3-80-torture/record").await.text();
    assert!(record.contains("by a recorded vote of 2 to 1"), "the record in UN wording: {record}");
    // A row for every member of the Committee, in UN order: the three ballots and 190 members not voting.
    let csv = service.get(None, "/meetings/c3-80-torture/votes/V1/record/csv").await.text();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 1 + 193, "{csv}");
    assert!(lines[0].starts_with("undl_id,ms_code,ms_name,ms_vote,date,session,"), "{csv}");
    assert!(lines[1].starts_with(",AFG,AFGHANISTAN,X,"), "{csv}");
    assert!(lines.iter().any(|line| line.starts_with(",DNK,DENMARK,Y,")), "{csv}");
    assert!(lines.iter().any(|line| line.starts_with(",USA,UNITED STATES OF AMERICA,N,")), "{csv}");
    assert_eq!(lines.iter().filter(|line| line.starts_with(",") && line.contains(",X,")).count(), 190);
    let unvotes = service.get(None, "/meetings/c3-80-torture/votes/V1/record/unvotes.csv").await.text();
    assert!(
        unvotes.starts_with("rcid,country,country_code,vote\nV1,Afghanistan,AF,not voting\n"),
        "{unvotes}"
    );
    assert!(
        unvotes.contains("\nV1,Denmark,DK,yes\n")
            && unvotes.contains("\nV1,United States of America,US,no\n")
    );
    let pdf = service.get(None, "/meetings/c3-80-torture/votes/V1/record/pdf").await;
    assert!(pdf.body.starts_with(b"%PDF-"));
    // The whole record, in each format.
    let text = service.get(None, "/meetings/c3-80-torture/record/text").await.text();
    assert!(text.contains("by a recorded vote of 2 to 1"), "{text}");
    let whole = service.get(None, "/meetings/c3-80-torture/record/csv").await.text();
    assert_eq!(whole, csv, "one recorded vote: the record's table is the vote's");
    let pdf = service.get(None, "/meetings/c3-80-torture/record/pdf").await;
    assert!(pdf.body.starts_with(b"%PDF-"));
    let unknown = service.get(None, "/meetings/c3-80-torture/record/xls").await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_document_page_prints_a_resolution_as_the_un_does() {
    let service = Service::start().await;
    let page = service.get(None, "/documents/a-res-80-198").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(html.contains(r#"<span class="symbol">A/RES/80/198</span>"#));
    assert!(
        html.contains(r#"<p class="para preambular" id="pp1"><em>Reaffirming</em> its previous resolutions"#),
        "{html}"
    );
    assert!(html.contains(
        r#"<p class="para operative" id="op1"><span class="num">1.</span><em>Condemns</em> all forms"#
    ));
    assert!(html.contains(r#"data-format="docx""#) && html.contains(r#"data-format="pdf""#));
    // The masthead in the UN's words, never a Rust name: "Distr.: General" as the text prints it.
    assert!(html.contains("Distr.: General"), "{html}");
}

#[tokio::test]
async fn the_documents_are_searched_by_symbol_and_title_and_drafts_in_negotiation_hidden_from_the_public() {
    let mut service = Service::start().await;
    let found = service.get(None, "/documents?q=torture").await.text();
    assert!(found.contains(r#"data-id="a-res-80-198""#) && !found.contains(r#"data-id="a-res-80-6""#));
    service.sign_in("dnk").await;
    let token = service.csrf("dnk");
    service
        .submit_multipart(
            "dnk",
            "/documents/import",
            &[("csrf_token", &token), ("id", "dnk-draft")],
            ("draft.txt", NEW_DRAFT),
        )
        .await;
    assert!(service.get(Some("dnk"), "/documents").await.text().contains(r#"data-id="dnk-draft""#));
    assert!(!service.get(None, "/documents").await.text().contains(r#"data-id="dnk-draft""#));
    assert_eq!(service.get(None, "/documents/dnk-draft").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_sponsor_imports_last_years_text_and_a_new_draft_and_sees_what_changed() {
    let mut service = Service::start().await;
    service.sign_in("dnk").await;
    let token = service.csrf("dnk");
    let last_year = service
        .submit_multipart(
            "dnk",
            "/documents/import",
            &[("csrf_token", &token), ("id", "dnk-last-year")],
            ("A_RES_74_143.txt", LAST_YEARS_TEXT),
        )
        .await
        .text();
    assert!(
        last_year.contains(r#"id="diagnostics""#)
            && last_year.contains(r#"id="imported-document" href="/documents/dnk-last-year""#),
        "{last_year}"
    );
    let draft = service
        .submit_multipart(
            "dnk",
            "/documents/import",
            &[("csrf_token", &token), ("id", "dnk-new-draft")],
            ("A_C.3_80_L.49.txt", NEW_DRAFT),
        )
        .await;
    assert_eq!(draft.status, StatusCode::OK);

    let junk = service
        .submit_multipart(
            "dnk",
            "/documents/import",
            &[("csrf_token", &token), ("id", "junk")],
            ("photo.jpg", &[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 0x4A, 0x46]),
        )
        .await
        .text();
    assert!(junk.contains(r#"class="alert error" role="alert""#), "{junk}");
    assert_eq!(
        service.get(Some("dnk"), "/documents/junk").await.status,
        StatusCode::NOT_FOUND,
        "nothing stored"
    );

    let compare = service.get(Some("dnk"), "/compare?old=dnk-last-year&new=dnk-new-draft").await.text();
    assert!(compare.contains(r#"<section id="what-is-new""#));
    assert!(
        compare.contains(r#"<section id="redline""#)
            && compare.contains("<ins>")
            && compare.contains("<del>")
    );
    assert!(compare.contains(r#"<section id="side-by-side""#));
    assert!(compare.contains(
        r#"id="compare-docx" href="/api/compare?old=dnk-last-year@1&amp;new=dnk-new-draft@1&amp;format=docx""#
    ));
}

#[tokio::test]
async fn a_sponsor_edits_a_draft_paragraph_by_paragraph_and_an_unknown_opening_phrase_must_be_confirmed() {
    let mut service = Service::start().await;
    service.sign_in("dnk").await;
    service.sign_in("jpn").await;
    let token = service.csrf("dnk");
    service
        .submit_multipart(
            "dnk",
            "/documents/import",
            &[("csrf_token", &token), ("id", "dnk-draft")],
            ("draft.txt", NEW_DRAFT),
        )
        .await;
    let form = service.get(Some("dnk"), "/documents/dnk-draft/edit").await.text();
    assert!(form.contains(r#"<textarea id="p-op1" name="op1""#), "{form}");

    let unknown =
        [("csrf_token", token.as_str()), ("op1", "Wishes that all forms of torture were condemned;")];
    let warned = service.submit_form(Some("dnk"), "/documents/dnk-draft/edit", &unknown).await.text();
    assert!(
        warned.contains(r#"id="phrase-warnings""#) && warned.contains("op1: “Wishes that all forms”"),
        "{warned}"
    );
    assert_eq!(
        service.get(Some("dnk"), "/api/documents/dnk-draft/versions").await.json()["versions"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );

    let revised = [
        ("csrf_token", token.as_str()),
        ("op1", "Strongly condemns all forms of torture;"),
        ("label", "Rev.1"),
    ];
    let saved = service.submit_form(Some("dnk"), "/documents/dnk-draft/edit", &revised).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
    assert_eq!(location(&saved).split('&').next(), Some("/documents/dnk-draft?version=2"));
    let page = service.get(Some("dnk"), "/documents/dnk-draft?version=2").await.text();
    assert!(page.contains("<em>Strongly condemns</em> all forms of torture;"), "{page}");

    // Japan is not among the draft's sponsors: it cannot edit it, and joining them does not give it the pen.
    assert_eq!(service.get(Some("jpn"), "/documents/dnk-draft/edit").await.status, StatusCode::FORBIDDEN);
    let japan_token = service.csrf("jpn");
    let joined = service
        .submit_form(
            Some("jpn"),
            "/documents/dnk-draft/sponsorship",
            &[("csrf_token", &japan_token), ("action", "join")],
        )
        .await;
    assert!(flash_notice(&joined).is_some(), "{}", location(&joined));
    assert_eq!(service.get(Some("jpn"), "/documents/dnk-draft/edit").await.status, StatusCode::FORBIDDEN);
    let rewritten = [("csrf_token", japan_token.as_str()), ("op1", "Welcomes all forms of torture;")];
    let forged = service.submit_form(Some("jpn"), "/documents/dnk-draft/edit", &rewritten).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN, "{}", forged.text());
    assert_eq!(
        service.get(Some("dnk"), "/api/documents/dnk-draft/versions").await.json()["versions"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );
}

#[tokio::test]
async fn delegations_comment_on_paragraphs_and_the_public_cannot() {
    let mut service = Service::start().await;
    service.sign_in("dnk").await;
    service.sign_in("observer").await;
    let token = service.csrf("dnk");
    let fields = [
        ("csrf_token", token.as_str()),
        ("version", "1"),
        ("paragraph", "op4"),
        ("text", "Could we keep the 2023 wording here?"),
    ];
    let commented = service.submit_form(Some("dnk"), "/documents/a-c-3-80-l-49/comments", &fields).await;
    assert!(flash_notice(&commented).is_some(), "{}", location(&commented));
    let page = service.get(Some("dnk"), "/documents/a-c-3-80-l-49?version=1").await.text();
    assert!(page.contains(r##"<li data-paragraph="op4"><a href="#op4">op4</a> — <strong>Denmark</strong>: Could we keep the 2023 wording here?"##), "{page}");

    let observer_token = service.csrf("observer");
    let refused = service
        .submit_form(
            Some("observer"),
            "/documents/a-c-3-80-l-49/comments",
            &[("csrf_token", &observer_token), ("version", "1"), ("paragraph", "op4"), ("text", "No.")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn from_the_floor_a_delegation_joins_the_sponsors_and_only_a_tabling_sponsor_revises_orally() {
    let mut service = Service::start().await;
    service.sign_in("jpn").await;
    service.sign_in("dnk").await;
    let token = service.csrf("jpn");
    let joined = service
        .submit_form(Some("jpn"), "/meetings/c3-80-torture/floor", &[("csrf_token", &token), ("act", "join")])
        .await;
    assert!(
        flash_notice(&joined).is_some_and(|notice| notice.contains("Japan joined")),
        "{:?}",
        flash(&joined)
    );
    let again = service
        .submit_form(Some("jpn"), "/meetings/c3-80-torture/floor", &[("csrf_token", &token), ("act", "join")])
        .await;
    assert!(flash_error(&again).is_some(), "joining twice is refused: {}", location(&again));

    let revision = |token: &str| {
        [
            ("csrf_token", token.to_owned()),
            ("act", "oral_revision".to_owned()),
            ("part", "op4".to_owned()),
            ("text", "Calls upon all States to act without delay;".to_owned()),
        ]
    };
    let by_japan = revision(&token);
    let by_japan: Vec<(&str, &str)> = by_japan.iter().map(|(key, value)| (*key, value.as_str())).collect();
    let refused = service.submit_form(Some("jpn"), "/meetings/c3-80-torture/floor", &by_japan).await;
    assert!(
        flash_error(&refused)
            .is_some_and(|reason| reason.contains("only the sponsors the draft was tabled with")),
        "a state that joined from the floor does not revise: {:?}",
        flash(&refused)
    );

    let by_denmark = revision(&service.csrf("dnk"));
    let by_denmark: Vec<(&str, &str)> =
        by_denmark.iter().map(|(key, value)| (*key, value.as_str())).collect();
    let revised = service.submit_form(Some("dnk"), "/meetings/c3-80-torture/floor", &by_denmark).await;
    assert!(flash_notice(&revised).is_some(), "{}", location(&revised));
    let record = service.get(None, "/meetings/c3-80-torture/record").await.text();
    assert!(record.contains("Japan joined the sponsors"), "{record}");
    assert!(record.contains("Denmark"), "the record tells of Denmark's oral revision: {record}");
}

#[tokio::test]
async fn a_banner_comes_only_from_the_server_never_from_the_link() {
    let mut service = Service::start().await;
    // The attacker's link: official-looking words in the query.
    let forged =
        "/meetings/c3-80-torture?error=The%20Chair%20has%20annulled%20this%20vote&notice=Denmark%20withdrew";
    let page = service.get(None, forged).await.text();
    assert!(
        !page.contains("annulled") && !page.contains("Denmark withdrew"),
        "the link's words are not shown"
    );
    assert!(!page.contains(r#"class="alert"#), "no banner at all");

    // A real refusal: the redirect carries it in the cookie, the next page shows it once and clears it.
    service.sign_in("dnk").await;
    let token = service.csrf("dnk");
    let refused = service
        .submit_form(
            Some("dnk"),
            "/meetings/c3-80-torture/floor",
            &[("csrf_token", &token), ("act", "no such act")],
        )
        .await;
    assert_eq!(location(&refused), "/meetings/c3-80-torture", "the URL carries no message");
    let reason = flash_error(&refused).expect("the refusal travels in the flash cookie");
    let cookie =
        refused.headers[header::SET_COOKIE].to_str().expect("ASCII").split(';').next().unwrap_or_default();
    let request = axum::http::Request::builder()
        .uri("/meetings/c3-80-torture")
        .header(header::COOKIE, format!("{}; {cookie}", service.cookie("dnk")))
        .body(axum::body::Body::empty())
        .expect("a request");
    let shown = service.raw(request).await;
    let html = shown.text();
    assert!(html.contains(r#"class="alert error" role="alert""#), "the page shows the server's refusal");
    assert!(html.contains(&plenary_render::html::escape(&reason)), "{reason} on the page");
    let cleared = shown.headers.get_all(header::SET_COOKIE).iter().filter_map(|value| value.to_str().ok());
    assert!(
        cleared.into_iter().any(|value| value.starts_with("plenary_flash=;") && value.contains("Max-Age=0"))
    );
}
