//! Snapshots of two pages as the service serves them to the public: a resolution's document page and the
//! record page of the seeded 2017 plenary meeting. What changes from one start to the next — the moment a
//! fact was recorded, the hashes and signatures of the log — is replaced by a placeholder; everything a
//! reader sees besides is compared byte for byte. The hand-checked assertions in `pages.rs` stay.

use axum::http::StatusCode;

use crate::support::Service;

/// Settings that replace, in a page, what differs between two starts of the same service.
fn stable() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    // A recording time ("2026-12-04 13:05:09 UTC"), an RFC 3339 timestamp, and hex or base64 digests.
    // A signed note's signature line: "— origin key-hash-and-signature".
    settings.add_filter(r"(— \S+ )[A-Za-z0-9+/]{40,}=*", "$1[signature]");
    settings.add_filter(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?( ?UTC|Z)?", "[time]");
    settings.add_filter(r"\b[0-9a-f]{64}\b", "[sha256]");
    settings.add_filter(r"[A-Za-z0-9+/]{43}=", "[base64 sha256]");
    settings
}

#[tokio::test]
async fn the_document_page_of_a_resolution() {
    let service = Service::start().await;
    let page = service.get(None, "/documents/a-res-80-198").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    stable().bind(|| insta::assert_snapshot!("document_page_A_RES_80_198", html));
}

#[tokio::test]
async fn the_record_page_of_the_seeded_2017_meeting() {
    let service = Service::start().await;
    let page = service.get(None, "/meetings/ga-72-73/record").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    let html = page.text();
    stable().bind(|| insta::assert_snapshot!("record_page_ga_72_73", html));
}
