//! The shipped corpus at the first start: every text of `data/corpus/corpus.tar.zst` recorded once, as a
//! finished document under the id of its symbol, beside the ten shipped texts; nothing added again on the
//! next start; and the lists of documents a page at a time.

use std::collections::BTreeSet;

use axum::http::StatusCode;
use plenary_store::{DocumentStatus, SqliteLog};
use plenary_web::seed::SEED_ACTOR;
use plenary_web::{Config, PasswordCost};

use crate::support::{Service, test_signing};

#[tokio::test]
async fn a_first_start_records_every_corpus_text_once_lists_them_by_pages_and_a_second_start_adds_nothing() {
    assert!(Config::default().ship_corpus, "the default (what `plenary serve` starts with) loads the corpus");
    let service = Service::start_with(|config| config.ship_corpus = true).await;

    // What the archive holds, read independently of the seed: the id each text takes.
    let archive = plenary_web::corpus::shipped().expect("the shipped archive reads");
    let catalogue = plenary_web::corpus::decision_catalogue(&archive);
    let texts: Vec<_> = archive.iter().filter(|text| text.name != plenary_web::corpus::CATALOGUE).collect();
    assert_eq!(texts.len(), 2_989);
    let mut corpus_ids = BTreeSet::new();
    for text in &texts {
        let catalogued = catalogue.get(&text.name);
        let (read, _) =
            plenary_web::acts::read_finished_text_with_errors(&text.name, &text.bytes, catalogued)
                .unwrap_or_else(|error| panic!("{}: {error}", text.name));
        corpus_ids.insert(read.id);
    }
    let (head, documents) = {
        let state = service.app.journal.state().await;
        let documents: BTreeSet<String> = state.documents.keys().cloned().collect();
        for id in &corpus_ids {
            let entry = &state.documents[id];
            assert_eq!(entry.versions.len(), 1, "{id} is recorded once, with one version");
            assert_eq!(entry.versions[0].recorded_by, SEED_ACTOR);
        }
        // Real texts under their symbols: a General Assembly resolution, a draft, a decision, and the Security
        // Council's resolutions of 1946 and 2002.
        let symbol = |id: &str| state.documents[id].latest().and_then(|version| version.symbol.clone());
        assert_eq!(symbol("a-res-79-144").as_deref(), Some("A/RES/79/144"));
        assert_eq!(state.documents["a-res-79-144"].status, DocumentStatus::Adopted);
        assert_eq!(symbol("a-80-l-1").as_deref(), Some("A/80/L.1"));
        assert_eq!(state.documents["a-80-l-1"].status, DocumentStatus::Issued);
        assert_eq!(state.documents["a-dec-71-401"].status, DocumentStatus::Adopted);
        // A decision carries the symbol and title of the decisions' catalogue, which its text does not print.
        assert_eq!(symbol("a-dec-71-401").as_deref(), Some("A/DEC/71/401"));
        assert_eq!(
            state.documents["a-dec-71-401"].latest().map(|version| version.title.as_str()),
            Some("Appointment of the members of the Credentials Committee")
        );
        assert_eq!(symbol("s-res-1-1946").as_deref(), Some("S/RES/1 (1946)"));
        assert_eq!(symbol("s-res-1454-2002").as_deref(), Some("S/RES/1454 (2002)"));
        (state.head, documents)
    };
    // Every corpus id and every shipped text, nothing else: the ten shipped texts are in the corpus too
    // and keep their one record; two corpus texts print another resolution's symbol (source misprints)
    // and are passed over.
    let shipped = ["a-res-72-163", "a-res-74-143", "a-c-3-80-l-49", "a-res-80-198", "s-res-830-1993"];
    assert!(shipped.iter().all(|id| corpus_ids.contains(*id)));
    assert_eq!(documents, corpus_ids);
    assert_eq!(documents.len(), 2_987);

    the_lists_of_documents_go_a_page_at_a_time(&service).await;

    let log = SqliteLog::open(&service.database()).await.expect("SQLite opens again");
    let config = Config { password_cost: PasswordCost::for_tests(), ..Config::default() };
    let (again, credentials) = plenary_web::start(log, config, test_signing()).await.expect("a second start");
    assert!(credentials.is_none(), "a second start is not a first start");
    let state = again.journal.state().await;
    assert_eq!(state.head, head, "a second start records nothing");
    assert_eq!(state.documents.len(), documents.len());
}

async fn the_lists_of_documents_go_a_page_at_a_time(service: &Service) {
    // The API: 100 by default, never more than 500, `total` on every page.
    let first = service.get(None, "/api/documents").await.json();
    assert_eq!(first["total"], 2_987);
    assert_eq!((first["offset"].as_u64(), first["limit"].as_u64()), (Some(0), Some(100)));
    assert_eq!(first["documents"].as_array().map(Vec::len), Some(100));
    let most = service.get(None, "/api/documents?limit=100000").await.json();
    assert_eq!(most["limit"], 500);
    assert_eq!(most["documents"].as_array().map(Vec::len), Some(500));
    let last = service.get(None, "/api/documents?offset=2980").await.json();
    assert_eq!(last["documents"].as_array().map(Vec::len), Some(7));
    assert_eq!(last["documents"][6]["id"], first_ids_after(service, 2_986).await);
    let torture = service.get(None, "/api/documents?q=torture").await.json();
    assert!(
        torture["documents"]
            .as_array()
            .is_some_and(|found| found.iter().any(|row| row["id"] == "a-res-80-198"))
    );

    // The page: 50 rows, where they stand, and plain links on (the search kept in them).
    let rows = |html: &str| html.matches("<tr data-id=").count();
    let page = service.get(None, "/documents").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert_eq!(rows(&html), 50);
    assert!(html.contains("Documents 1–50 of 2987"), "where the page stands");
    assert!(html.contains(r#"<a rel="next" href="/documents?page=2">"#));
    assert!(!html.contains(r#"rel="prev""#));
    assert!(html.len() < 100_000, "a page of the list is small: {} bytes", html.len());
    let html = service.get(None, "/documents?page=60").await.text();
    assert_eq!(rows(&html), 37);
    assert!(html.contains("Documents 2951–2987 of 2987"));
    assert!(html.contains(r#"<a rel="prev" href="/documents?page=59">"#) && !html.contains(r#"rel="next""#));
    let html = service.get(None, "/documents?q=a-res&page=2").await.text();
    assert_eq!(rows(&html), 50);
    assert!(html.contains(r#"href="/documents?q=a%2Dres&#38;page=1""#), "the search is kept in the links");
    assert!(html.contains(r#"href="/documents?q=a%2Dres&#38;page=3""#));

    // The start page: the first twenty, drafts first, and the way to the rest.
    let home = service.get(None, "/").await.text();
    assert!(home.contains(r#"<p id="more-documents">20 of 2987 documents"#), "{home}");
    assert!(home.contains(r#"href="/documents/a-80-l-1""#), "an issued draft comes first");
    assert!(!home.contains(r#"href="/documents/s-res-1-1946""#), "the adopted texts wait in the list");
    assert!(home.len() < 100_000, "the start page is small: {} bytes", home.len());
}

/// The id of the document at `position` (from 0) in the order of ids.
async fn first_ids_after(service: &Service, position: usize) -> String {
    service.app.journal.state().await.documents.keys().nth(position).cloned().unwrap_or_default()
}
