//! The agreed-language index of a running service is a projection of its log: kept on disk in the data
//! directory, caught up when the service starts, rebuilt from the log when it is removed, and kept in step
//! with what is recorded while the service runs.

use std::time::Duration;

use super::service::{START_TIMEOUT, Server, account, accounts, eventually, seeded_copy};

/// The search page for the phrase every torture resolution repeats.
const TORTURE_PHRASE: &str = "/search?q=%22cruel%2C+inhuman+or+degrading+treatment+or+punishment%22";
/// A phrase of A/RES/79/4 (the report of the IAEA), which the first start does not record.
const IAEA_PHRASE: &str = "/search?q=%22statement+by+the+Director+General+of+the+Agency%22";

#[test]
fn the_index_lives_in_the_data_directory_and_is_rebuilt_from_the_log_when_removed() {
    let data = seeded_copy("search-projection");
    let index = data.path().join("search");
    assert!(!index.exists(), "the copy starts without an index");

    let mut server = Server::start(data.path(), None, START_TIMEOUT);
    let page = server.api().get_text(TORTURE_PHRASE);
    for symbol in ["A/RES/72/163", "A/RES/74/143", "A/RES/80/198"] {
        assert!(page.contains(symbol), "the first start indexed {symbol}");
    }
    assert!(index.join("meta.json").exists(), "the index is on disk in {}", index.display());
    server.kill();

    // Started again, the index is read back (and still answers).
    let mut server = Server::start(data.path(), None, START_TIMEOUT);
    assert!(server.api().get_text(TORTURE_PHRASE).contains("A/RES/72/163"), "the kept index answers");
    server.kill();

    // Removed, it is built again from the log.
    std::fs::remove_dir_all(&index).expect("removing the index");
    let server = Server::start(data.path(), None, START_TIMEOUT);
    assert!(server.api().get_text(TORTURE_PHRASE).contains("A/RES/72/163"), "the rebuilt index answers");
    assert!(index.join("meta.json").exists(), "and is on disk again");
}

#[test]
fn a_text_recorded_while_the_service_runs_is_found_and_survives_a_restart() {
    let data = seeded_copy("search-follows");
    let mut server = Server::start(data.path(), None, START_TIMEOUT);
    let api = server.api();
    assert!(api.get_text(IAEA_PHRASE).contains("Nothing matches"), "not found before it is recorded");

    let secretariat = api.sign_in(account(&accounts(data.path()), "secretariat"));
    let text = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../plenary-import/tests/fixtures/A_RES_79_4.txt"
    ))
    .expect("the fixture");
    let response = ureq::post(format!("{}/api/documents?id=a-res-79-4&status=issued", server.url))
        .header("cookie", &secretariat.cookie)
        .header("x-csrf-token", &secretariat.csrf)
        .header("content-type", "application/octet-stream")
        .send(&text[..])
        .expect("the import is answered");
    assert_eq!(response.status().as_u16(), 201, "the secretariat imports A/RES/79/4");
    assert!(
        eventually(Duration::from_secs(10), || api.get_text(IAEA_PHRASE).contains("A/RES/79/4")),
        "the index follows the log"
    );
    server.kill();

    let server = Server::start(data.path(), None, START_TIMEOUT);
    assert!(server.api().get_text(IAEA_PHRASE).contains("A/RES/79/4"), "and keeps it");
}
