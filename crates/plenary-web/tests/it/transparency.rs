//! The transparency log over HTTP: the key, the checkpoints and the proofs a reader checks without trusting
//! the server, each checked here with the store's own verification functions and the test key.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use plenary_store::EventLog;
use plenary_store::tree::{Hash, entry, leaf_hash, verify_consistency, verify_inclusion};
use plenary_web::seed::SEED_ACTOR;
use serde_json::{Value, json};

use crate::support::{Service, test_log_key};

fn hash(value: &Value) -> Hash {
    let bytes = BASE64.decode(value.as_str().expect("a base64 hash")).expect("base64");
    Hash::try_from(bytes.as_slice()).expect("32 bytes")
}

fn hashes(value: &Value) -> Vec<Hash> {
    value.as_array().expect("a list of hashes").iter().map(hash).collect()
}

async fn head(service: &Service) -> u64 {
    service.get(None, "/api/health").await.json()["events"].as_u64().expect("the number of events")
}

/// Mexico votes no on the demo draft and the chair locks and decides: the seq of Mexico's ballot.
async fn a_vote_is_decided(service: &mut Service) -> u64 {
    service.sign_in("chair").await;
    service.chair_opens_the_demo_vote().await;
    service.sign_in("mex").await;
    let ballot = "/api/meetings/c3-80-torture/votes/V1/ballot";
    let cast = service.post(Some("mex"), ballot, json!({ "choice": "no" })).await;
    assert_eq!(cast.status, 201, "{}", cast.text());
    for step in ["lock", "decide"] {
        let path = format!("/api/meetings/c3-80-torture/votes/V1/{step}");
        let response = service.post(Some("chair"), &path, json!({})).await;
        assert_eq!(response.status, 200, "{step}: {}", response.text());
    }
    cast.json()["seq"].as_u64().expect("the ballot's position")
}

#[tokio::test]
async fn the_first_start_is_signed_and_the_key_is_served() {
    let service = Service::start().await;
    let key = service.get(None, "/api/log/key").await;
    assert_eq!(key.status, 200);
    assert_eq!(key.text().trim(), test_log_key().verifier_key());

    let checkpoint = service.get(None, "/api/log/checkpoint").await;
    assert_eq!(checkpoint.status, 200);
    assert!(checkpoint.headers["content-type"].to_str().expect("text").starts_with("text/plain"));
    let opened = test_log_key().verifier().open(&checkpoint.text()).expect("signed by the log's key");
    assert_eq!(opened.size, head(&service).await, "the seed is covered before the first request");
    assert_eq!(opened.root, service.app.journal.tree_root(opened.size).expect("a root"));
}

#[tokio::test]
async fn the_first_starts_facts_name_the_seed_as_their_actor() {
    let service = Service::start().await;
    let seeded = service.app.journal.log().read_after(0).await.expect("reads");
    assert_eq!(seeded.len() as u64, head(&service).await, "nothing but the seed is recorded yet");
    let kinds: Vec<&str> = seeded.iter().map(|event| event.kind.as_str()).collect();
    for kind in ["account_created", "document_added", "meeting_opened", "ballot_cast", "draft_tabled"] {
        assert!(kinds.contains(&kind), "the seed records {kind}");
    }
    let unnamed: Vec<String> = seeded
        .iter()
        .filter(|event| event.actor != SEED_ACTOR)
        .map(|event| format!("event {} ({}) by {:?}", event.seq, event.kind, event.actor))
        .collect();
    assert!(unnamed.is_empty(), "every seeded fact names the seed as its actor:\n{}", unnamed.join("\n"));
    assert!(
        !service.app.journal.state().await.accounts.contains_key(SEED_ACTOR),
        "the seed's name is no account's: it cannot be mistaken for a person"
    );

    // Readers show it: the versions the API lists and the document page.
    let document = service.get(None, "/api/documents/a-res-72-163").await.json();
    assert_eq!(document["versions"][0]["recorded_by"], SEED_ACTOR);
    let page = service.get(None, "/documents/a-res-72-163").await.text();
    assert!(
        page.contains(" by Plenary at its first start</span>"),
        "the document page names who recorded it"
    );
}

#[tokio::test]
async fn a_decided_vote_is_covered_at_once_and_a_ballot_is_proved_in_it() {
    let mut service = Service::start().await;
    let ballot = a_vote_is_decided(&mut service).await;

    // Signed in the transaction that decided the vote: the latest checkpoint is the whole log.
    let note = service.get(None, "/api/log/checkpoint").await.text();
    let checkpoint = test_log_key().verifier().open(&note).expect("signed");
    assert_eq!(checkpoint.size, head(&service).await);

    // Mexico's ballot, proved from its stored fields alone.
    let stored = service.app.journal.log().read_after(ballot - 1).await.expect("reads");
    let event = &stored[0];
    assert_eq!((event.seq, event.kind.as_str()), (ballot, "ballot_cast"));
    assert!(event.payload.contains(r#""state":"MEX""#) && event.payload.contains(r#""choice":"no""#));
    assert_eq!(event.computed_hash(), event.hash);
    let leaf = leaf_hash(&entry(event).expect("a hash"));

    let proof = service.get(None, &format!("/api/log/proof/inclusion?seq={ballot}")).await.json();
    assert_eq!(proof["size"].as_u64(), Some(checkpoint.size), "by default, in the latest checkpoint's tree");
    assert_eq!(hash(&proof["leaf_hash"]), leaf);
    assert_eq!(hash(&proof["root"]), checkpoint.root);
    let path = hashes(&proof["proof"]);
    assert_eq!(verify_inclusion(&path, checkpoint.size, &checkpoint.root, ballot, &leaf), Ok(()));
    let mut forged = event.clone();
    forged.payload = event.payload.replace(r#""choice":"no""#, r#""choice":"yes""#);
    forged.hash = forged.computed_hash();
    let yes = leaf_hash(&entry(&forged).expect("a hash"));
    assert!(
        verify_inclusion(&path, checkpoint.size, &checkpoint.root, ballot, &yes).is_err(),
        "a forged yes is not in the log"
    );
}

#[tokio::test]
async fn the_tree_after_a_vote_extends_the_tree_of_the_first_start() {
    let mut service = Service::start().await;
    let first = test_log_key()
        .verifier()
        .open(&service.get(None, "/api/log/checkpoint").await.text())
        .expect("signed");
    a_vote_is_decided(&mut service).await;
    let later = test_log_key()
        .verifier()
        .open(&service.get(None, "/api/log/checkpoint").await.text())
        .expect("signed");
    assert!(later.size > first.size);

    let answer = service.get(None, &format!("/api/log/proof/consistency?from={}", first.size)).await.json();
    assert_eq!((answer["from"].as_u64(), answer["to"].as_u64()), (Some(first.size), Some(later.size)));
    assert_eq!((hash(&answer["from_root"]), hash(&answer["to_root"])), (first.root, later.root));
    let proof = hashes(&answer["proof"]);
    assert_eq!(verify_consistency(&proof, first.size, &first.root, later.size, &later.root), Ok(()));

    let listed = service.get(None, &format!("/api/log/checkpoints?after={}", first.size)).await.json();
    let sizes: Vec<u64> =
        listed["checkpoints"].as_array().expect("a list").iter().filter_map(|c| c["size"].as_u64()).collect();
    assert_eq!(sizes.last(), Some(&later.size));
    assert!(sizes.iter().all(|&size| size > first.size));
}

#[tokio::test]
async fn a_proof_beyond_the_head_is_refused_with_the_size_of_the_log() {
    let service = Service::start().await;
    let events = head(&service).await;
    let beyond = service.get(None, &format!("/api/log/proof/inclusion?seq=1&size={}", events + 1)).await;
    assert_eq!(beyond.status, 404);
    assert!(beyond.text().contains(&format!("the log has {events} events")), "{}", beyond.text());
    let backwards = service.get(None, &format!("/api/log/proof/consistency?from={}&to=1", events)).await;
    assert_eq!(backwards.status, 400, "{}", backwards.text());
    let no_event = service.get(None, "/api/log/proof/inclusion?seq=0").await;
    assert_eq!(no_event.status, 404, "{}", no_event.text());
}
