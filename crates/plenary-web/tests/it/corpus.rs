//! The shipped corpus at the first start: every text of `data/corpus/corpus.tar.zst` recorded once, as a
//! finished document under the id of its symbol, beside the ten shipped texts; and nothing added again on
//! the next start.

use std::collections::BTreeSet;

use plenary_store::{DocumentStatus, SqliteLog};
use plenary_web::seed::SEED_ACTOR;
use plenary_web::{Config, PasswordCost};

use crate::support::{TempDir, test_signing};

fn with_corpus() -> Config {
    let config = Config { password_cost: PasswordCost::for_tests(), ..Config::default() };
    assert!(config.ship_corpus, "the default (what `plenary serve` starts with) loads the corpus");
    config
}

#[tokio::test]
async fn a_first_start_records_every_corpus_text_once_and_a_second_start_adds_nothing() {
    let directory = TempDir::new();
    let database = directory.0.join("plenary.db");
    let log = SqliteLog::open(&database).await.expect("SQLite opens");
    let (app, credentials) =
        plenary_web::start(log, with_corpus(), test_signing()).await.expect("a first start");
    assert!(credentials.is_some(), "a first start creates the accounts");

    // What the archive holds, read independently of the seed: the id each text takes.
    let texts = plenary_web::corpus::shipped().expect("the shipped archive reads");
    assert_eq!(texts.len(), 2_989);
    let mut corpus_ids = BTreeSet::new();
    for text in &texts {
        let (read, _) = plenary_web::acts::read_finished_text_with_errors(&text.name, &text.bytes)
            .unwrap_or_else(|error| panic!("{}: {error}", text.name));
        corpus_ids.insert(read.id);
    }
    let (head, documents) = {
        let state = app.journal.state().await;
        let documents: BTreeSet<String> = state.documents.keys().cloned().collect();
        for id in &corpus_ids {
            let entry = &state.documents[id];
            assert_eq!(entry.versions.len(), 1, "{id} is recorded once, with one version");
            assert_eq!(entry.versions[0].recorded_by, SEED_ACTOR);
        }
        // Real texts under their symbols: a General Assembly resolution, a draft, a decision (named by its
        // file: it carries no symbol), and the Security Council's resolutions of 1946 and 2002.
        let symbol = |id: &str| state.documents[id].latest().and_then(|version| version.symbol.clone());
        assert_eq!(symbol("a-res-79-144").as_deref(), Some("A/RES/79/144"));
        assert_eq!(state.documents["a-res-79-144"].status, DocumentStatus::Adopted);
        assert_eq!(symbol("a-80-l-1").as_deref(), Some("A/80/L.1"));
        assert_eq!(state.documents["a-80-l-1"].status, DocumentStatus::Issued);
        assert_eq!(state.documents["a-dec-71-401"].status, DocumentStatus::Adopted);
        assert_eq!(
            state.documents["a-dec-71-401"].versions[0].version.label.as_deref(),
            Some("A_DEC_71_401")
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
    drop(app);

    let log = SqliteLog::open(&database).await.expect("SQLite opens again");
    let (app, credentials) =
        plenary_web::start(log, with_corpus(), test_signing()).await.expect("a second start");
    assert!(credentials.is_none(), "a second start is not a first start");
    let state = app.journal.state().await;
    assert_eq!(state.head, head, "a second start records nothing");
    assert_eq!(state.documents.len(), documents.len());
}
