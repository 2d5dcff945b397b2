//! The life of a document, as an attacker tries it: an adopted resolution cannot be rewritten by anyone,
//! a delegation cannot publish its own text, joining the sponsors of another state's draft does not give
//! the pen, and a document's life only goes forward. Each test is a finding of the attack on the service,
//! written before the fix.

use axum::http::StatusCode;
use serde_json::json;

use crate::support::Service;

const RES_80_198: &[u8] = include_bytes!("../../../../data/resolutions/A_RES_80_198.txt");
const RES_74_143: &[u8] = include_bytes!("../../../../data/resolutions/A_RES_74_143.txt");
const L49: &[u8] = include_bytes!("../../../../data/resolutions/A_C.3_80_L.49.txt");

async fn events(service: &Service) -> u64 {
    service.get(None, "/api/health").await.json()["events"].as_u64().unwrap_or(0)
}

/// The text the public reads as the latest version of a document: its hash and its version number.
async fn public_latest(service: &Service, id: &str) -> (String, u64) {
    let document = service.get(None, &format!("/api/documents/{id}")).await.json();
    let number = document["version"].as_u64().unwrap_or(0);
    let hash = document["versions"][usize::try_from(number.saturating_sub(1)).unwrap_or(0)]["hash"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    (hash, number)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nobody_rewrites_an_adopted_resolution_and_the_public_still_reads_the_adopted_text() {
    let mut service = Service::start().await;
    for account in ["dnk", "secretariat"] {
        service.sign_in(account).await;
    }
    let adopted = service.get(None, "/api/documents/a-res-80-198").await.json();
    assert_eq!(adopted["status"], "adopted");
    let before = public_latest(&service, "a-res-80-198").await;
    let logged = events(&service).await;

    // The attack as it was run: Denmark joins the sponsors, then posts a forged version.
    let joined =
        service.post(Some("dnk"), "/api/documents/a-res-80-198/sponsors", json!({"state": "DNK"})).await;
    assert_eq!(joined.status, StatusCode::FORBIDDEN, "{}", joined.text());
    assert!(joined.text().contains("adopted: its sponsors are final"), "{}", joined.text());
    let forged = service.upload(Some("dnk"), "/api/documents/a-res-80-198/versions", RES_74_143).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN, "{}", forged.text());
    assert!(forged.text().contains("its text never changes again"), "{}", forged.text());
    // Not even the secretariat adds a silent version: a correction is a corrigendum, a new document.
    let silent =
        service.upload(Some("secretariat"), "/api/documents/a-res-80-198/versions", RES_74_143).await;
    assert_eq!(silent.status, StatusCode::FORBIDDEN, "{}", silent.text());
    // And an adopted text does not go back to negotiation.
    let back = service
        .post(Some("secretariat"), "/api/documents/a-res-80-198/status", json!({"status": "negotiation"}))
        .await;
    assert_eq!(back.status, StatusCode::CONFLICT, "{}", back.text());
    assert!(back.text().contains("only goes forward"), "{}", back.text());

    assert_eq!(events(&service).await, logged, "nothing was written");
    assert_eq!(public_latest(&service, "a-res-80-198").await, before, "the public reads the adopted text");
    let page = service.get(None, "/documents/a-res-80-198").await.text();
    assert!(page.contains("all forms of torture"), "{page}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delegation_cannot_publish_its_own_import() {
    let mut service = Service::start().await;
    service.sign_in("dnk").await;
    service.sign_in("secretariat").await;
    let logged = events(&service).await;
    for status in ["issued", "adopted"] {
        let published = service
            .upload(Some("dnk"), &format!("/api/documents?id=dnk-{status}&status={status}"), L49)
            .await;
        assert_eq!(published.status, StatusCode::FORBIDDEN, "{status}: {}", published.text());
        assert_eq!(published.code(), "forbidden");
    }
    assert_eq!(events(&service).await, logged);
    assert_eq!(service.get(None, "/api/documents/dnk-issued").await.status, StatusCode::NOT_FOUND);

    // Its import is a draft in negotiation, hidden from the public until the secretariat issues it.
    let draft = service.upload(Some("dnk"), "/api/documents?id=dnk-draft", L49).await;
    assert_eq!(draft.status, StatusCode::CREATED, "{}", draft.text());
    assert_eq!(service.get(None, "/api/documents/dnk-draft").await.status, StatusCode::NOT_FOUND);
    let issued =
        service.post(Some("dnk"), "/api/documents/dnk-draft/status", json!({"status": "issued"})).await;
    assert_eq!(issued.status, StatusCode::FORBIDDEN);
    let issued = service
        .post(Some("secretariat"), "/api/documents/dnk-draft/status", json!({"status": "issued"}))
        .await;
    assert_eq!(issued.status, StatusCode::NO_CONTENT, "{}", issued.text());
    assert_eq!(service.get(None, "/api/documents/dnk-draft").await.json()["status"], "issued");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn joining_the_sponsors_of_another_states_draft_does_not_give_the_pen() {
    let mut service = Service::start().await;
    for account in ["dnk", "chn", "secretariat"] {
        service.sign_in(account).await;
    }
    let draft = service.upload(Some("dnk"), "/api/documents?id=dnk-draft", L49).await;
    assert_eq!(draft.status, StatusCode::CREATED, "{}", draft.text());

    let joined =
        service.post(Some("chn"), "/api/documents/dnk-draft/sponsors", json!({"state": "CHN"})).await;
    assert_eq!(joined.status, StatusCode::NO_CONTENT, "{}", joined.text());
    let revised = service.upload(Some("chn"), "/api/documents/dnk-draft/versions", RES_80_198).await;
    assert_eq!(revised.status, StatusCode::FORBIDDEN, "{}", revised.text());
    assert!(revised.text().contains("only the sponsors holding the pen"), "{}", revised.text());

    // Denmark, which drafted it, revises it while it is negotiated …
    let revised =
        service.upload(Some("dnk"), "/api/documents/dnk-draft/versions?label=Rev.1", RES_80_198).await;
    assert_eq!(revised.status, StatusCode::CREATED, "{}", revised.text());
    assert_eq!(revised.json()["version"], 2);
    // … and not once the secretariat has issued it.
    let issued = service
        .post(Some("secretariat"), "/api/documents/dnk-draft/status", json!({"status": "issued"}))
        .await;
    assert_eq!(issued.status, StatusCode::NO_CONTENT, "{}", issued.text());
    let late = service.upload(Some("dnk"), "/api/documents/dnk-draft/versions", RES_74_143).await;
    assert_eq!(late.status, StatusCode::FORBIDDEN, "{}", late.text());
    let versions = service.get(None, "/api/documents/dnk-draft/versions").await.json();
    assert_eq!(versions["versions"].as_array().map(Vec::len), Some(2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sponsor_that_withdraws_gives_up_the_pen() {
    let mut service = Service::start().await;
    service.sign_in("dnk").await;
    let draft = service.upload(Some("dnk"), "/api/documents?id=dnk-draft", L49).await;
    assert_eq!(draft.status, StatusCode::CREATED, "{}", draft.text());
    let withdrawn = service.delete(Some("dnk"), "/api/documents/dnk-draft/sponsors/DNK").await;
    assert_eq!(withdrawn.status, StatusCode::NO_CONTENT, "{}", withdrawn.text());
    let rejoined =
        service.post(Some("dnk"), "/api/documents/dnk-draft/sponsors", json!({"state": "DNK"})).await;
    assert_eq!(rejoined.status, StatusCode::NO_CONTENT, "{}", rejoined.text());
    let revised = service.upload(Some("dnk"), "/api/documents/dnk-draft/versions", RES_80_198).await;
    assert_eq!(revised.status, StatusCode::FORBIDDEN, "{}", revised.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn casts_refused_after_the_lock_do_not_grow_the_log() {
    let mut service = Service::start().await;
    service.sign_in("chair").await;
    service.sign_in("dnk").await;
    let meeting = "/api/meetings/c3-80-torture";
    service.chair_opens_the_demo_vote().await;
    let cast =
        service.post(Some("dnk"), &format!("{meeting}/votes/V1/ballot"), json!({"choice": "yes"})).await;
    assert_eq!(cast.status, StatusCode::CREATED, "{}", cast.text());
    let locked = service.post(Some("chair"), &format!("{meeting}/votes/V1/lock"), json!({})).await;
    assert_eq!(locked.status, StatusCode::OK, "{}", locked.text());

    let logged = events(&service).await;
    for _ in 0..200 {
        let late =
            service.post(Some("dnk"), &format!("{meeting}/votes/V1/ballot"), json!({"choice": "no"})).await;
        assert_eq!(late.status, StatusCode::CONFLICT, "{}", late.text());
        assert_eq!(late.code(), "refused");
    }
    assert_eq!(events(&service).await, logged, "200 refused casts wrote nothing");
    let board = service.get(None, &format!("{meeting}/votes/V1")).await.json();
    let denmark =
        board["seats"].as_array().and_then(|seats| seats.iter().find(|seat| seat["state"] == "DNK"));
    assert_eq!(denmark.map(|seat| seat["shown"].clone()), Some(json!("yes")), "{board}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_amendment_of_a_megabyte_is_refused_and_the_log_does_not_grow() {
    let mut service = Service::start().await;
    service.sign_in("dnk").await;
    let logged = events(&service).await;
    let text = "Also emphasizes that States must take effective measures; ".repeat(20_000);
    let amendment = json!({"id": "A-huge", "action": "reword", "parts": ["op5"], "text": text});
    let refused = service.post(Some("dnk"), "/api/meetings/c3-80-torture/amendments", amendment).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.code());
    assert!(
        refused.text().contains("an event may hold at most 65536"),
        "{}",
        &refused.text()[..200.min(refused.text().len())]
    );
    assert_eq!(events(&service).await, logged);
}
