//! A sitting set up and run from the pages alone, without JavaScript: the secretariat opens a meeting of
//! the Third Committee, takes up the item and puts the issued draft A/C.3/80/L.49 before it; the Sudan
//! submits an amendment under its own symbol and asks for a separate vote on operative paragraph 4; the
//! record cites the amendment's document, never the draft's.

use axum::http::StatusCode;

use crate::support::{Service, flash_error, flash_notice, location};

const MEETING: &str = "c3-80-50";

async fn post(service: &Service, who: &str, path: &str, fields: &[(&str, &str)]) -> crate::support::Response {
    let token = service.csrf(who);
    let mut with_token = vec![("csrf_token", token.as_str())];
    with_token.extend_from_slice(fields);
    service.submit_form(Some(who), path, &with_token).await
}

async fn accepted(service: &Service, who: &str, path: &str, fields: &[(&str, &str)]) -> String {
    let response = post(service, who, path, fields).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{who} {path}: {}", response.text());
    assert_eq!(flash_error(&response), None, "{who} {path} was refused");
    flash_notice(&response).unwrap_or_default()
}

async fn the_secretariat_sets_up_the_meeting(service: &Service) {
    let opened = post(
        service,
        "secretariat",
        "/meetings",
        &[("forum", "third-committee"), ("meeting", "50th meeting"), ("date", "2025-11-19"), ("id", MEETING)],
    )
    .await;
    assert_eq!(flash_error(&opened), None);
    assert_eq!(location(&opened), format!("/meetings/{MEETING}"));
    let page = format!("/meetings/{MEETING}");
    let item = [("agenda_item", "71 (a)"), ("title", "Implementation of human rights instruments")];
    accepted(service, "secretariat", &format!("{page}/item"), &item).await;
    let console = service.get(Some("secretariat"), &page).await.text();
    assert!(console.contains("Next: put a draft before the meeting."), "{console}");
    assert!(console.contains(r#"<option value="a-c-3-80-l-49">A/C.3/80/L.49 — Torture"#), "{console}");
    let tabled =
        accepted(service, "secretariat", &format!("{page}/draft"), &[("document", "a-c-3-80-l-49")]).await;
    assert_eq!(tabled, "Draft A/C.3/80/L.49 is before the meeting.");
}

#[tokio::test]
async fn the_secretariat_opens_a_meeting_and_puts_the_issued_draft_before_it_with_its_paragraphs_and_sponsors()
 {
    let mut service = Service::start().await;
    for who in ["secretariat", "sdn"] {
        service.sign_in(who).await;
    }
    the_secretariat_sets_up_the_meeting(&service).await;

    let meeting = service.get(Some("sdn"), &format!("/api/meetings/{MEETING}")).await.json();
    let draft = &meeting["items"][0]["draft"];
    assert_eq!(draft["symbol"], "A/C.3/80/L.49");
    assert_eq!(
        (draft["preambular_paragraphs"].as_u64(), draft["operative_paragraphs"].as_u64()),
        (Some(16), Some(55))
    );
    assert_eq!(draft["sponsors"][0], "AND", "the sponsors the draft was issued with, Andorra first");
    assert_eq!(draft["sponsors"].as_array().map(Vec::len), Some(47));

    // The Sudan's console offers the paragraphs with their words, not bare codes.
    let console = service.get(Some("sdn"), &format!("/meetings/{MEETING}")).await.text();
    assert!(
        console.contains(r#"<option value="op4">Operative paragraph 4 — “Emphasizes that acts of torture"#),
        "{console}"
    );
}

#[tokio::test]
async fn an_amendment_is_cited_by_its_own_symbol_and_a_separate_vote_is_asked_for_by_paragraph() {
    let mut service = Service::start().await;
    for who in ["secretariat", "sdn", "chair"] {
        service.sign_in(who).await;
    }
    the_secretariat_sets_up_the_meeting(&service).await;
    let page = format!("/meetings/{MEETING}");

    let amendment =
        [("document", "A/C.3/80/L.60"), ("id", "A1"), ("action", "delete"), ("parts", "op5"), ("text", "")];
    let submitted = accepted(&service, "sdn", &format!("{page}/amendment"), &amendment).await;
    assert_eq!(submitted, "Amendment A/C.3/80/L.60 submitted by the Sudan.");
    let division = accepted(&service, "sdn", &format!("{page}/division"), &[("parts", "op4")]).await;
    assert_eq!(division, "The Sudan requested a separate vote on operative paragraph 4.");

    let not_a_symbol = [("document", "L.60 please"), ("id", "A2"), ("action", "delete"), ("parts", "op6")];
    let refused = post(&service, "sdn", &format!("{page}/amendment"), &not_a_symbol).await;
    assert!(flash_error(&refused).is_some_and(|reason| reason.contains("is not a UN symbol")));

    let console = service.get(Some("chair"), &page).await.text();
    assert!(console.contains("Next: amendment A/C.3/80/L.60"), "the chair's next step: {console}");
    assert!(
        console.contains(r#"<p id="console-quorum" data-quorum="present">Presence: presence not yet marked"#),
        "{console}"
    );
    accepted(
        &service,
        "secretariat",
        &format!("{page}/presence"),
        &[("act", "roll"), ("present", "SDN"), ("present", "DNK")],
    )
    .await;
    let console = service.get(Some("chair"), &page).await.text();
    assert!(
        console.contains(r#"data-quorum="absent">Presence: 2 present; quorum for a decision 97: no quorum"#),
        "the chair's console shows the quorum lacking: {console}"
    );
    let record = service.get(None, &format!("/api/meetings/{MEETING}/record")).await.json();
    let sentences: Vec<&str> = record["items"][0]["entries"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|entry| entry["text"].as_str())
        .collect();
    assert_eq!(
        sentences,
        [
            "The Sudan submitted an amendment (A/C.3/80/L.60) to delete operative paragraph 5.",
            "The Sudan requested a separate vote on operative paragraph 4.",
        ]
    );
}

#[tokio::test]
async fn a_delegation_moves_a_motion_from_its_console_and_the_chair_sees_it_first_in_the_queue() {
    let mut service = Service::start().await;
    for who in ["secretariat", "sdn", "chair"] {
        service.sign_in(who).await;
    }
    the_secretariat_sets_up_the_meeting(&service).await;
    let page = format!("/meetings/{MEETING}");
    let moved = accepted(&service, "sdn", &format!("{page}/motion"), &[("kind", "adjourn_debate")]).await;
    assert_eq!(moved, "The Sudan moved to adjourn the debate.");
    let console = service.get(Some("chair"), &page).await.text();
    assert!(console.contains("Next: the motion to adjourn the debate (the Sudan)"), "{console}");
}

#[tokio::test]
async fn only_the_secretariat_opens_a_meeting_and_only_a_delegation_speaks_from_the_floor() {
    let mut service = Service::start().await;
    for who in ["secretariat", "dnk", "chair", "observer"] {
        service.sign_in(who).await;
    }
    let by_denmark = post(
        &service,
        "dnk",
        "/meetings",
        &[("forum", "plenary"), ("meeting", "1st meeting"), ("date", "2025-11-19"), ("id", "forged")],
    )
    .await;
    assert_eq!(by_denmark.status, StatusCode::FORBIDDEN, "{}", by_denmark.text());
    assert!(service.get(None, "/api/meetings/forged").await.status == StatusCode::NOT_FOUND);

    the_secretariat_sets_up_the_meeting(&service).await;
    let page = format!("/meetings/{MEETING}");
    let by_observer = post(&service, "observer", &format!("{page}/division"), &[("parts", "op4")]).await;
    assert!(flash_error(&by_observer).is_some_and(|reason| reason.contains("only a delegation")));
    let twice =
        post(&service, "secretariat", &format!("{page}/draft"), &[("document", "a-c-3-80-l-49")]).await;
    assert!(flash_error(&twice).is_some(), "a second draft under one item is refused");
}
