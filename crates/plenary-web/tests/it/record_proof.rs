//! Proof for the public: a decided vote's events with their inclusion proofs, served beside the record, and
//! the checkpoint that covers it on the record page. Each proof is checked here with the test key, as a
//! journalist checks it — every event's hash recomputed, every audit path walked to the signed root.

use axum::http::{StatusCode, header};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use plenary_store::proof::{self, VoteProof};
use plenary_store::tree::{self, Hash};
use serde_json::{Value, json};

use crate::support::{Service, test_log_key};

const DEMO: &str = "/api/meetings/c3-80-torture";

/// Checks every event of a proof by hand (not through `proof::verify`): the signed note opens with the
/// test key, each event's hash is its content's, and its audit path leads to the signed root.
fn check_by_hand(bundle: &VoteProof) {
    let signed = test_log_key().verifier().open(&bundle.checkpoint.note).expect("the test key signed it");
    assert_eq!(
        (bundle.checkpoint.size, bundle.checkpoint.root.clone()),
        (signed.size, BASE64.encode(signed.root))
    );
    for proved in &bundle.events {
        let event = &proved.event;
        assert_eq!(event.computed_hash(), event.hash, "event {}", event.seq);
        let leaf = tree::leaf_hash(&tree::entry(event).expect("a 32-byte hash"));
        assert_eq!(proved.leaf_hash, BASE64.encode(leaf), "event {}", event.seq);
        let path: Vec<Hash> = proved
            .proof
            .iter()
            .map(|hash| Hash::try_from(BASE64.decode(hash).expect("base64").as_slice()).expect("32 bytes"))
            .collect();
        tree::verify_inclusion(&path, signed.size, &signed.root, event.seq, &leaf)
            .unwrap_or_else(|error| panic!("event {}: {error}", event.seq));
    }
}

async fn proof_of(service: &Service, meeting: &str, vote: &str) -> VoteProof {
    let response = service.get(None, &format!("/api/meetings/{meeting}/votes/{vote}/proof")).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(
        response.headers.get(header::CONTENT_DISPOSITION).and_then(|value| value.to_str().ok()),
        Some(format!("attachment; filename=\"{meeting}-{vote}-proof.json\"").as_str())
    );
    serde_json::from_slice(&response.body).expect("a vote proof")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_vote_not_decided_or_not_there_has_no_proof_and_says_why() {
    let mut service = Service::start().await;
    service.sign_in("chair").await;
    service.sign_in("dnk").await;

    let unknown = service.get(None, &format!("{DEMO}/votes/V9/proof")).await;
    assert_eq!((unknown.status, unknown.code().as_str()), (StatusCode::NOT_FOUND, "not_found"));
    assert!(unknown.text().contains("no vote \\\"V9\\\""), "{}", unknown.text());
    let nowhere = service.get(None, "/api/meetings/no-such-meeting/votes/V1/proof").await;
    assert_eq!((nowhere.status, nowhere.code().as_str()), (StatusCode::NOT_FOUND, "not_found"));

    service.chair_opens_the_demo_vote().await;
    let cast = service.post(Some("dnk"), &format!("{DEMO}/votes/V1/ballot"), json!({"choice": "yes"})).await;
    assert_eq!(cast.status, StatusCode::CREATED, "{}", cast.text());
    for step in [None, Some("lock")] {
        if let Some(step) = step {
            let done = service.post(Some("chair"), &format!("{DEMO}/votes/V1/{step}"), json!({})).await;
            assert_eq!(done.status, StatusCode::OK, "{}", done.text());
        }
        let open = service.get(None, &format!("{DEMO}/votes/V1/proof")).await;
        assert_eq!((open.status, open.code().as_str()), (StatusCode::CONFLICT, "refused"), "{}", open.text());
        let message = open.json()["error"]["message"].as_str().unwrap_or_default().to_owned();
        assert!(message.contains("V1") && message.contains("not decided yet"), "{message}");
    }
    // The record page offers no proof of it either.
    let page = service.get(None, "/meetings/c3-80-torture/record").await.text();
    assert!(!page.contains("/votes/V1/proof"), "{page}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_decided_vote_is_served_with_its_events_and_proofs_and_the_record_page_shows_its_checkpoint() {
    let mut service = Service::start().await;
    let voters = [("dnk", "yes"), ("mex", "yes"), ("usa", "no"), ("fra", "abstain"), ("sdn", "no")];
    service.sign_in("chair").await;
    for (who, _) in voters {
        service.sign_in(who).await;
    }
    service.chair_opens_the_demo_vote().await;
    let mut cast_at = Vec::new();
    for (who, choice) in voters.iter().chain(&[("dnk", "no")]) {
        let cast =
            service.post(Some(who), &format!("{DEMO}/votes/V1/ballot"), json!({"choice": choice})).await;
        assert_eq!(cast.status, StatusCode::CREATED, "{who}: {}", cast.text());
        cast_at.push(cast.json()["seq"].as_u64().expect("the ballot's position"));
    }
    for step in ["lock", "decide"] {
        let done = service.post(Some("chair"), &format!("{DEMO}/votes/V1/{step}"), json!({})).await;
        assert_eq!(done.status, StatusCode::OK, "{step}: {}", done.text());
    }

    let bundle = proof_of(&service, "c3-80-torture", "V1").await;
    assert_eq!((bundle.format.as_str(), bundle.version), (proof::FORMAT, proof::VERSION));
    assert_eq!(bundle.log.key, test_log_key().verifier_key());
    assert_eq!(bundle.log.origin, "plenary.test/record");
    check_by_hand(&bundle);
    let kinds: Vec<&str> = bundle.events.iter().map(|proved| proved.event.kind.as_str()).collect();
    let mut expected = vec!["vote_opened"];
    expected.extend(["ballot_cast"; 6]);
    expected.extend(["vote_locked", "vote_decided"]);
    assert_eq!(kinds, expected);
    let ballots: Vec<u64> = bundle
        .events
        .iter()
        .filter(|proved| proved.event.kind == "ballot_cast")
        .map(|p| p.event.seq)
        .collect();
    assert_eq!(ballots, cast_at, "the ballots acknowledged, at their positions");
    for proved in &bundle.events {
        assert_eq!(proved.event.stream, "meeting/c3-80-torture");
    }

    // The covering checkpoint: the first one signed over the decision (a decision is signed at once).
    let decided = bundle.events.last().expect("events").event.seq;
    assert_eq!(bundle.checkpoint.size, decided, "the checkpoint signed with the decision");
    let listed = service.get(None, "/api/log/checkpoints").await.json();
    let first_covering = listed["checkpoints"]
        .as_array()
        .expect("checkpoints")
        .iter()
        .find(|checkpoint| checkpoint["size"].as_u64() >= Some(decided))
        .cloned()
        .expect("a covering checkpoint");
    assert_eq!(first_covering["note"], bundle.checkpoint.note.as_str());
    assert_eq!(first_covering["recorded_at"], bundle.checkpoint.recorded_at.as_str());

    // What a verifier recomputes agrees with the board: Denmark's second ballot counts.
    let proved = proof::verify(&bundle, &test_log_key().verifier()).expect("the proof holds");
    assert_eq!((proved.yes, proved.no, proved.abstain, proved.voters), (1, 3, 1, 5));
    let board = service.get(None, &format!("{DEMO}/votes/V1")).await.json();
    assert_eq!(board["tally"]["yes"], 1);
    assert_eq!(board["tally"]["no"], 3);
    assert_eq!(
        bundle.summary.text,
        "The draft resolution was rejected by a recorded vote of 1 in favour to 3 against, with one abstention."
    );

    // The record page shows the checkpoint and offers the file.
    let page = service.get(None, "/meetings/c3-80-torture/record").await.text();
    let size = bundle.checkpoint.size;
    assert!(page.contains(&format!("data-checkpoint-size=\"{size}\"")), "{page}");
    assert!(page.contains(&format!("tree of {size} events")), "{page}");
    assert!(page.contains(&bundle.checkpoint.root), "the root: {page}");
    assert!(page.contains(&bundle.checkpoint.recorded_at), "when it was signed: {page}");
    assert!(page.contains(r#"href="/api/meetings/c3-80-torture/votes/V1/proof""#), "the download: {page}");
    let details = format!(
        "<details><summary>The signed checkpoint</summary><pre>{}</pre></details>",
        bundle.checkpoint.note
    );
    assert!(page.contains(&details), "the signed note, whole, in a details element: {page}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_real_roll_calls_of_2017_are_proved_and_a_later_correction_joins_once_a_checkpoint_covers_it() {
    // No timer checkpoint during the test: the correction waits for the one the test signs.
    let mut service =
        Service::start_with(|config| config.checkpoint_interval = std::time::Duration::from_secs(3600)).await;
    for (vote, figures) in [("6004", (108, 18, 32)), ("6005", (109, 19, 31))] {
        let bundle = proof_of(&service, "ga-72-73", vote).await;
        check_by_hand(&bundle);
        let proved = proof::verify(&bundle, &test_log_key().verifier()).expect("the proof holds");
        assert_eq!((proved.yes, proved.no, proved.abstain), figures, "roll call {vote}");
        assert_eq!(proved.events, figures.0 as usize + figures.1 as usize + figures.2 as usize + 3);
        assert!(bundle.not_yet_covered.is_empty());
    }
    let page = service.get(None, "/meetings/ga-72-73/record").await.text();
    for vote in ["6004", "6005"] {
        assert!(page.contains(&format!(r#"href="/api/meetings/ga-72-73/votes/{vote}/proof""#)), "{page}");
    }

    // Sudan says it meant to abstain on 6004: recorded at once, covered at the next checkpoint.
    service.sign_in("sdn").await;
    let noted = service
        .post(
            Some("sdn"),
            "/api/meetings/ga-72-73/events",
            json!({"event": "correction_noted", "vote": "6004", "state": "Sudan", "intended": "abstain"}),
        )
        .await;
    assert_eq!(noted.status, StatusCode::CREATED, "{}", noted.text());
    let seq = noted.json()["seq"].as_u64().expect("a position");
    let before = proof_of(&service, "ga-72-73", "6004").await;
    assert_eq!(before.not_yet_covered, [seq]);
    assert!(before.events.iter().all(|proved| proved.event.seq < seq));
    proof::verify(&before, &test_log_key().verifier()).expect("what is covered holds");

    service.app.journal.checkpoint(time::OffsetDateTime::now_utc()).await.expect("signs");
    let after = proof_of(&service, "ga-72-73", "6004").await;
    check_by_hand(&after);
    assert!(after.not_yet_covered.is_empty());
    assert_eq!(after.events.last().map(|proved| proved.event.seq), Some(seq));
    assert!(after.checkpoint.size >= seq);
    let proved = proof::verify(&after, &test_log_key().verifier()).expect("the proof holds");
    assert_eq!(
        (proved.yes, proved.no, proved.abstain),
        (108, 18, 32),
        "a correction never changes the tally"
    );
    assert_eq!(proved.corrections.len(), 1);
    let _: Value = serde_json::to_value(&after).expect("JSON");
}
