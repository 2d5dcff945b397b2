//! The transparency log against the real binary: `plenary verify` after a real vote, then each way of
//! tampering with the database file — done directly on the SQLite file with the server stopped, the way
//! someone with the disk would — found by `verify` and refused by `serve`; a copy of the data directory
//! put back (a rewind), which passes alone but not against a checkpoint kept elsewhere nor a witness;
//! `plenary witness` following a growing log, and catching two servers that serve forked copies of one log.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use plenary_store::tree::{Hash, LogTree};
use plenary_store::{GENESIS, LogKey, StoredCheckpoint, StoredEvent};
use serde_json::json;
use sqlx::Row;

use super::service::{
    Account, MEETING, START_TIMEOUT, Server, TempDir, VOTE, account, accounts, ballot_path, block_on,
    run_plenary, seeded_copy, sqlite, verify_intact,
};

/// A witness run is a handful of small requests.
const WITNESS_TIMEOUT: Duration = Duration::from_secs(60);

/// Servers in these tests sign a checkpoint every second while events arrive.
const SERVE_ARGUMENTS: [&str; 2] = ["--checkpoint-seconds", "1"];

fn path_str(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A copy of a data directory (its files: the database, the keys, the accounts), as a backup would take it;
/// the search index, a directory derived from the log, is left for the copy to build again.
fn copy_data(from: &Path, name: &str) -> TempDir {
    let copy = TempDir::new(name);
    for entry in std::fs::read_dir(from).expect("the data directory") {
        let entry = entry.expect("an entry");
        if entry.file_type().expect("an entry's type").is_dir() {
            continue;
        }
        std::fs::copy(entry.path(), copy.path().join(entry.file_name())).expect("copying the data");
    }
    copy
}

/// `plenary witness URL --state STATE`, and any more arguments.
fn witness(url: &str, state: &Path, more: &[&str]) -> Output {
    let mut arguments = vec!["witness", url, "--state", path_str(state)];
    arguments.extend_from_slice(more);
    run_plenary(&arguments, WITNESS_TIMEOUT)
}

/// A witness run that must succeed; returns its one line.
fn witness_ok(url: &str, state: &Path) -> String {
    let output = witness(url, state, &[]);
    assert!(output.status.success(), "plenary witness {url} failed: {}{}", stdout(&output), stderr(&output));
    stdout(&output)
}

/// GET `url` as text.
fn get_text(url: &str) -> String {
    let agent =
        ureq::Agent::config_builder().timeout_global(Some(Duration::from_secs(30))).build().new_agent();
    let mut response = agent.get(url).call().unwrap_or_else(|error| panic!("GET {url}: {error}"));
    response.body_mut().read_to_string().expect("a text answer")
}

/// The size of the server's latest checkpoint.
fn checkpoint_size(server: &Server) -> u64 {
    let note = get_text(&format!("{}/api/log/checkpoint", server.url));
    note.lines().nth(1).and_then(|line| line.parse().ok()).unwrap_or_else(|| panic!("a checkpoint: {note}"))
}

/// Waits until the server has signed a checkpoint of its whole log (the timer does it within a second);
/// returns the log's size.
fn wait_for_checkpoint(server: &Server) -> u64 {
    let head = server.api().head();
    let started = Instant::now();
    while checkpoint_size(server) < head {
        assert!(started.elapsed() < Duration::from_secs(30), "no checkpoint of {head} events within 30 s");
        std::thread::sleep(Duration::from_millis(100));
    }
    head
}

/// The chair opens the demo vote; then each of `casts` (delegation, choice) casts once.
fn vote(server: &Server, accounts: &[Account], casts: &[(&str, &str)]) -> Vec<u64> {
    let api = server.api();
    let chair = api.sign_in(account(accounts, "chair"));
    api.open_vote(&chair);
    casts
        .iter()
        .map(|(delegation, choice)| {
            let session = api.sign_in(account(accounts, delegation));
            let cast = api.post_expect(&ballot_path(), &session, &json!({ "choice": choice }), 201);
            cast["seq"].as_u64().expect("the ballot's position")
        })
        .collect()
}

/// The chair locks the demo vote and decides it (a checkpoint is signed at the decision).
fn lock_and_decide(server: &Server, accounts: &[Account]) {
    let api = server.api();
    let chair = api.sign_in(account(accounts, "chair"));
    for step in ["lock", "decide"] {
        api.post_expect(&format!("/api/meetings/{MEETING}/votes/{VOTE}/{step}"), &chair, &json!({}), 200);
    }
}

// ---------------------------------------------------------------------------------------------------------
// The database file, rewritten as an attacker with the disk would
// ---------------------------------------------------------------------------------------------------------

/// The transparency log's three tables in the SQLite file.
#[derive(Debug, Clone)]
struct Tables {
    events: Vec<StoredEvent>,
    tree: Vec<Hash>,
    checkpoints: Vec<StoredCheckpoint>,
}

fn read_tables(data: &Path) -> Tables {
    block_on(async {
        let pool = sqlite(data, true).await;
        let events = sqlx::query(
            "SELECT seq, stream, kind, payload, recorded_at, actor, prev_hash, hash FROM events ORDER BY seq",
        )
        .fetch_all(&pool)
        .await
        .expect("reading the events")
        .iter()
        .map(|row| StoredEvent {
            seq: u64::try_from(row.get::<i64, _>("seq")).expect("a position"),
            stream: row.get("stream"),
            kind: row.get("kind"),
            payload: row.get("payload"),
            recorded_at: row.get("recorded_at"),
            actor: row.get("actor"),
            prev_hash: row.get("prev_hash"),
            hash: row.get("hash"),
        })
        .collect();
        let tree = sqlx::query("SELECT hash FROM tree_hashes ORDER BY idx")
            .fetch_all(&pool)
            .await
            .expect("reading the tree")
            .iter()
            .map(|row| Hash::try_from(row.get::<Vec<u8>, _>("hash").as_slice()).expect("32 bytes"))
            .collect();
        let checkpoints = sqlx::query("SELECT size, note, recorded_at FROM checkpoints ORDER BY size")
            .fetch_all(&pool)
            .await
            .expect("reading the checkpoints")
            .iter()
            .map(|row| StoredCheckpoint {
                size: u64::try_from(row.get::<i64, _>("size")).expect("a size"),
                note: row.get("note"),
                recorded_at: row.get("recorded_at"),
            })
            .collect();
        pool.close().await;
        Tables { events, tree, checkpoints }
    })
}

/// Replaces the three tables in the file, in one transaction.
fn write_tables(data: &Path, tables: &Tables) {
    block_on(async {
        let pool = sqlite(data, false).await;
        let mut transaction = pool.begin().await.expect("a transaction");
        for statement in ["DELETE FROM events", "DELETE FROM tree_hashes", "DELETE FROM checkpoints"] {
            sqlx::query(statement).execute(&mut *transaction).await.expect("emptied");
        }
        for event in &tables.events {
            sqlx::query(
                "INSERT INTO events (seq, stream, kind, payload, recorded_at, actor, prev_hash, hash)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(i64::try_from(event.seq).expect("a position"))
            .bind(&event.stream)
            .bind(&event.kind)
            .bind(&event.payload)
            .bind(&event.recorded_at)
            .bind(&event.actor)
            .bind(&event.prev_hash)
            .bind(&event.hash)
            .execute(&mut *transaction)
            .await
            .expect("an event written");
        }
        for (index, hash) in tables.tree.iter().enumerate() {
            sqlx::query("INSERT INTO tree_hashes (idx, hash) VALUES (?, ?)")
                .bind(i64::try_from(index).expect("an index"))
                .bind(hash.to_vec())
                .execute(&mut *transaction)
                .await
                .expect("a tree hash written");
        }
        for checkpoint in &tables.checkpoints {
            sqlx::query("INSERT INTO checkpoints (size, note, recorded_at) VALUES (?, ?, ?)")
                .bind(i64::try_from(checkpoint.size).expect("a size"))
                .bind(&checkpoint.note)
                .bind(&checkpoint.recorded_at)
                .execute(&mut *transaction)
                .await
                .expect("a checkpoint written");
        }
        transaction.commit().await.expect("committed");
        pool.close().await;
    });
}

/// The first `size` events and their tree hashes; the checkpoints kept.
fn cut_to(tables: &Tables, size: usize) -> Tables {
    let events = tables.events[..size].to_vec();
    let tree = LogTree::over(&events).expect("a tree").stored().to_vec();
    Tables { events, tree, checkpoints: tables.checkpoints.clone() }
}

/// `events` renumbered from 1 and chained again with the public sealing function, the tree recomputed;
/// the checkpoints kept.
fn resealed(events: &[StoredEvent], checkpoints: &[StoredCheckpoint]) -> Tables {
    let mut previous = GENESIS.to_owned();
    let mut sealed = Vec::with_capacity(events.len());
    for (seq, event) in (1..).zip(events) {
        let event = StoredEvent::seal(
            seq,
            event.stream.clone(),
            event.kind.clone(),
            event.payload.clone(),
            event.recorded_at.clone(),
            event.actor.clone(),
            previous,
        );
        previous = event.hash.clone();
        sealed.push(event);
    }
    let tree = LogTree::over(&sealed).expect("a tree").stored().to_vec();
    Tables { events: sealed, tree, checkpoints: checkpoints.to_vec() }
}

/// Every checkpoint signed again with `key` over the roots of the events now in `tables`.
fn resigned(tables: &Tables, key: &LogKey) -> Tables {
    let tree = LogTree::over(&tables.events).expect("a tree");
    let checkpoints = tables
        .checkpoints
        .iter()
        .filter(|checkpoint| checkpoint.size <= tree.size())
        .map(|checkpoint| StoredCheckpoint {
            size: checkpoint.size,
            note: key.sign(checkpoint.size, tree.root(checkpoint.size).expect("a root")).note,
            recorded_at: checkpoint.recorded_at.clone(),
        })
        .collect();
    Tables { checkpoints, ..tables.clone() }
}

/// The log's own signing key, from the data directory.
fn data_key(data: &Path) -> LogKey {
    LogKey::from_private(&std::fs::read_to_string(data.join("log-key")).expect("the log key"))
        .expect("a private key")
}

/// Mexico's ballot in `events` turned from no into yes: its position, and the events.
fn mexicos_no_made_yes(events: &[StoredEvent]) -> (u64, Vec<StoredEvent>) {
    let mexico = events
        .iter()
        .find(|event| {
            event.kind == "ballot_cast"
                && event.payload.contains(&format!(r#""vote":"{VOTE}""#))
                && event.payload.contains(r#""state":"MEX""#)
        })
        .expect("Mexico's ballot");
    assert!(mexico.payload.contains(r#""choice":"no""#), "Mexico voted no: {}", mexico.payload);
    let mut forged = events.to_vec();
    forged[usize::try_from(mexico.seq - 1).expect("an index")].payload =
        mexico.payload.replace(r#""choice":"no""#, r#""choice":"yes""#);
    (mexico.seq, forged)
}

/// `plenary verify` fails on `data` naming the failure (`expected`), and `plenary serve` refuses to start
/// on it saying the same.
fn found_and_refused(data: &Path, expected: &str) {
    let output = run_plenary(&["verify", "--data", path_str(data)], START_TIMEOUT);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "verify fails: {}{message}", stdout(&output));
    assert!(
        message.contains("the log is damaged: ") && message.contains(expected),
        "verify says {expected:?}: {message}"
    );

    let output = run_plenary(&["serve", "--data", path_str(data), "--listen", "127.0.0.1:0"], START_TIMEOUT);
    let message = stderr(&output);
    assert!(!output.status.success(), "serve refuses a tampered log: {}", stdout(&output));
    assert!(!stdout(&output).contains("Plenary is serving"));
    assert!(
        message.contains("damaged") && message.contains(expected),
        "serve says the log is damaged and why ({expected:?}): {message}"
    );
}

/// A real vote on a served data directory, then the server stopped: the data directory, the checkpoint a
/// reader saved from /api/log/checkpoint at the end (in `saved`), and a witness state that saw it.
struct Voted {
    data: TempDir,
    /// Outside the data directory: `checkpoint.txt`, `witness.json`.
    kept: TempDir,
    /// The events of the log, and the positions of the ballots cast.
    events: u64,
    ballots: Vec<u64>,
}

impl Voted {
    fn saved(&self) -> PathBuf {
        self.kept.path().join("checkpoint.txt")
    }

    fn witness_state(&self) -> PathBuf {
        self.kept.path().join("witness.json")
    }
}

/// Thirty-five delegations vote (Mexico no), a checkpoint is signed over their ballots, the chair locks
/// and decides; the reader saves the last checkpoint and a witness sees it.
fn a_real_vote(name: &str) -> Voted {
    let data = seeded_copy(name);
    let kept = TempDir::new(&format!("{name}-kept"));
    let accounts = accounts(data.path());
    let mut delegations: Vec<&str> = accounts
        .iter()
        .filter(|account| account.role == "delegation" && account.username != "mex")
        .map(|account| account.username.as_str())
        .take(34)
        .collect();
    delegations.insert(10, "mex");
    let casts: Vec<(&str, &str)> = delegations
        .iter()
        .enumerate()
        .map(|(index, delegation)| {
            (*delegation, if *delegation == "mex" { "no" } else { ["yes", "abstain"][index % 2] })
        })
        .collect();

    let mut server = Server::start_with(data.path(), &SERVE_ARGUMENTS, START_TIMEOUT);
    let ballots = vote(&server, &accounts, &casts);
    let cast = wait_for_checkpoint(&server);
    lock_and_decide(&server, &accounts);
    let events = server.api().head();
    assert_eq!(events, cast + 2);
    assert_eq!(checkpoint_size(&server), events, "the decision is signed at once");
    std::fs::write(
        kept.path().join("checkpoint.txt"),
        get_text(&format!("{}/api/log/checkpoint", server.url)),
    )
    .expect("saving the checkpoint");
    let output = witness(&server.url, &kept.path().join("witness.json"), &[]);
    assert!(output.status.success(), "the witness: {}{}", stdout(&output), stderr(&output));
    assert!(stderr(&output).contains("TRUST ON FIRST USE"), "{}", stderr(&output));
    server.kill();
    assert_eq!(verify_intact(data.path()), events, "plenary verify passes the voted log");
    Voted { data, kept, events, ballots }
}

#[test]
fn verify_names_each_tampering_of_the_database_file_and_serve_refuses_it() {
    let voted = a_real_vote("tamper-list");
    let (data, events) = (voted.data.path(), voted.events);
    let before = read_tables(data);
    assert_eq!(before.events.len() as u64, events);
    let last = before.checkpoints.last().expect("checkpoints").size;
    assert_eq!(last, events);

    // (a) The last event (the decision) deleted with its tree hashes; its checkpoint kept.
    let copy = copy_data(data, "tamper-last");
    write_tables(copy.path(), &cut_to(&before, before.events.len() - 1));
    found_and_refused(
        copy.path(),
        &format!(
            "signed a log of {events} events, but the log holds only {}: the last 1 events were removed",
            events - 1
        ),
    );

    // (b) The last thirty deleted: the decision, the lock and 28 ballots.
    let copy = copy_data(data, "tamper-thirty");
    write_tables(copy.path(), &cut_to(&before, before.events.len() - 30));
    found_and_refused(copy.path(), "the last 30 events were removed (the log was truncated or rewound)");

    // (c) Mexico's no made a yes, and every later event re-sealed and the tree recomputed.
    let (mexico, forged) = mexicos_no_made_yes(&before.events);
    let copy = copy_data(data, "tamper-ballot");
    write_tables(copy.path(), &resealed(&forged, &before.checkpoints));
    found_and_refused(copy.path(), "was changed, removed or inserted and the chain re-sealed");
    assert!(mexico > before.checkpoints[0].size, "the ballot came after the first start's checkpoint");

    // (d) A ballot in the middle deleted, and everything after it re-sealed.
    let middle = voted.ballots[voted.ballots.len() / 2];
    let rest: Vec<StoredEvent> = before.events.iter().filter(|event| event.seq != middle).cloned().collect();
    let copy = copy_data(data, "tamper-middle");
    write_tables(copy.path(), &resealed(&rest, &before.checkpoints));
    found_and_refused(copy.path(), "was changed, removed or inserted and the chain re-sealed");

    // (e) The forged ballot's log with every checkpoint re-signed by another key of the log's name.
    let key = data_key(data);
    let other = LogKey::from_seed(key.origin(), &[66; 32]).expect("a key");
    let forged = resealed(&forged, &before.checkpoints);
    let copy = copy_data(data, "tamper-other-key");
    write_tables(copy.path(), &resigned(&forged, &other));
    found_and_refused(copy.path(), &format!("the checkpoint is not signed by {}", key.verifier_key()));

    // … and re-signed with the log's own key, stolen: the data directory alone passes, and serves.
    let copy = copy_data(data, "tamper-stolen-key");
    write_tables(copy.path(), &resigned(&forged, &key));
    assert_eq!(verify_intact(copy.path()), events, "with the stolen key, the store alone passes");
    // The checkpoint a reader saved does not hold in it.
    let saved = voted.saved();
    let output = run_plenary(
        &["verify", "--data", path_str(copy.path()), "--checkpoint", path_str(&saved)],
        START_TIMEOUT,
    );
    assert_eq!(
        output.status.code(),
        Some(1),
        "verify --checkpoint fails: {}{}",
        stdout(&output),
        stderr(&output)
    );
    assert!(
        stderr(&output).contains(&format!(
            "the log does not extend the checkpoint in {}: the checkpoint made elsewhere signed the first {events} events with root",
            saved.display()
        )) && stderr(&output).contains("the chain re-sealed"),
        "{}",
        stderr(&output)
    );
    // A witness that saw the real log finds two histories of the same size under one key.
    let state = voted.witness_state();
    let witnessed = std::fs::read(&state).expect("the witness state");
    let server = Server::start_with(copy.path(), &SERVE_ARGUMENTS, START_TIMEOUT);
    let output = witness(&server.url, &state, &[]);
    assert_eq!(output.status.code(), Some(1), "the witness fails: {}{}", stdout(&output), stderr(&output));
    assert!(
        stderr(&output)
            .contains(&format!("fork: the log at {} signed a tree of {events} events", server.url)),
        "{}",
        stderr(&output)
    );
    assert!(
        stdout(&output).contains("The checkpoint seen at")
            && stdout(&output).contains("The checkpoint served now by"),
        "both checkpoints are printed as evidence: {}",
        stdout(&output)
    );
    assert_eq!(std::fs::read(&state).expect("the witness state"), witnessed, "the state is not advanced");
}

#[test]
fn an_older_copy_put_back_passes_alone_but_not_a_kept_checkpoint_nor_a_witness() {
    let voted = a_real_vote("rewind");
    // The copy taken earlier: the data directory as it was before the vote (the first start's).
    let earlier = seeded_copy("rewind-earlier");
    let earlier_events = verify_intact(earlier.path());
    assert!(earlier_events < voted.events);
    // The database put back as it was: the file and its write-ahead log.
    for name in ["plenary.db", "plenary.db-wal", "plenary.db-shm"] {
        let _ = std::fs::remove_file(voted.data.path().join(name));
        if earlier.path().join(name).exists() {
            std::fs::copy(earlier.path().join(name), voted.data.path().join(name)).expect("put back");
        }
    }

    // Alone, it is a whole log, signed and consistent with itself.
    assert_eq!(verify_intact(voted.data.path()), earlier_events);
    // Against the checkpoint a reader saved, it lost the vote.
    let saved = voted.saved();
    let output = run_plenary(
        &["verify", "--data", path_str(voted.data.path()), "--checkpoint", path_str(&saved)],
        START_TIMEOUT,
    );
    assert_eq!(output.status.code(), Some(1), "{}{}", stdout(&output), stderr(&output));
    assert!(
        stderr(&output).contains(&format!(
            "signed a log of {} events, but the log holds only {earlier_events}: the last {} events were removed (the log was truncated or rewound)",
            voted.events,
            voted.events - earlier_events
        )),
        "{}",
        stderr(&output)
    );

    // Served again, the witness that saw the vote calls it a rewind.
    let state = voted.witness_state();
    let witnessed = std::fs::read(&state).expect("the witness state");
    let server = Server::start_with(voted.data.path(), &SERVE_ARGUMENTS, START_TIMEOUT);
    let output = witness(&server.url, &state, &[]);
    assert_eq!(output.status.code(), Some(1), "{}{}", stdout(&output), stderr(&output));
    assert!(
        stderr(&output).contains(&format!(
            "rewind: the log at {} served {earlier_events} events but had shown {} at",
            server.url, voted.events
        )),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read(&state).expect("the witness state"), witnessed, "the state is not advanced");
}

#[test]
fn a_witness_follows_a_growing_log() {
    let data = seeded_copy("witness-grows");
    let accounts = accounts(data.path());
    let server = Server::start_with(data.path(), &SERVE_ARGUMENTS, START_TIMEOUT);
    let kept = TempDir::new("witness-grows-state");
    let state = kept.path().join("witness.json");
    let given = kept.path().join("given-key.json");
    let public_key = data.path().join("log-key.pub");

    let first = witness(&server.url, &state, &[]);
    assert!(first.status.success(), "{}{}", stdout(&first), stderr(&first));
    assert!(stdout(&first).contains("first checkpoint of this log seen"), "{}", stdout(&first));
    let output = witness(&server.url, &given, &["--key", path_str(&public_key)]);
    assert!(output.status.success(), "{}{}", stdout(&output), stderr(&output));
    assert!(!stderr(&output).contains("TRUST ON FIRST USE"), "a key given is not trusted on first use");

    let api = server.api();
    let chair = api.sign_in(account(&accounts, "chair"));
    api.open_vote(&chair);
    let mut sizes = Vec::new();
    for delegation in ["fra", "dnk", "mex", "bra"] {
        let session = api.sign_in(account(&accounts, delegation));
        api.post_expect(&ballot_path(), &session, &json!({ "choice": "yes" }), 201);
        let size = wait_for_checkpoint(&server);
        for state in [&state, &given] {
            let line = witness_ok(&server.url, state);
            assert!(
                line.contains(&format!("{size} events (root "))
                    && line.contains("consistency proof verified"),
                "{line}"
            );
        }
        sizes.push(size);
    }
    // Nothing new: the same checkpoint again.
    let line = witness_ok(&server.url, &state);
    assert!(line.contains("unchanged"), "{line}");
    assert!(sizes.windows(2).all(|pair| pair[0] < pair[1]), "{sizes:?}");
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&state).expect("the state")).expect("JSON");
    let logs = saved["logs"].as_object().expect("the logs");
    let key = std::fs::read_to_string(&public_key).expect("the public key");
    assert_eq!(logs.keys().collect::<Vec<_>>(), [key.trim()], "one log, by its key");
    assert_eq!(logs[key.trim()]["checkpoint"]["size"].as_u64(), sizes.last().copied());
}

#[test]
fn one_witness_of_two_servers_of_a_forked_log_catches_the_fork() {
    let a = seeded_copy("fork-a");
    let b = copy_data(a.path(), "fork-b");
    let accounts = accounts(a.path());
    let server_a = Server::start_with(a.path(), &SERVE_ARGUMENTS, START_TIMEOUT);
    let server_b = Server::start_with(b.path(), &SERVE_ARGUMENTS, START_TIMEOUT);
    let kept = TempDir::new("fork-state");
    let state = kept.path().join("witness.json");

    // Before they part, both serve the same checkpoint: the witness sees one log.
    witness_ok(&server_a.url, &state);
    assert!(witness_ok(&server_b.url, &state).contains("unchanged"));

    // Each copy records its own vote: France no on A, France yes on B. Same size, two histories.
    vote(&server_a, &accounts, &[("fra", "no")]);
    vote(&server_b, &accounts, &[("fra", "yes")]);
    let size = wait_for_checkpoint(&server_a);
    assert_eq!(wait_for_checkpoint(&server_b), size);
    assert!(witness_ok(&server_a.url, &state).contains("consistency proof verified"));
    let seen = std::fs::read(&state).expect("the state");

    let output = witness(&server_b.url, &state, &[]);
    assert_eq!(output.status.code(), Some(1), "{}{}", stdout(&output), stderr(&output));
    assert!(
        stderr(&output)
            .contains(&format!("fork: the log at {} signed a tree of {size} events", server_b.url))
            && stderr(&output).contains(&format!("(at {})", server_a.url)),
        "{}",
        stderr(&output)
    );
    assert!(stdout(&output).contains("The checkpoint served now by"), "{}", stdout(&output));
    assert_eq!(std::fs::read(&state).expect("the state"), seen, "the state is not advanced");

    // B grows past A: no consistency proof joins A's checkpoint to B's.
    let api = server_b.api();
    let denmark = api.sign_in(account(&accounts, "dnk"));
    api.post_expect(&ballot_path(), &denmark, &json!({ "choice": "abstain" }), 201);
    let larger = wait_for_checkpoint(&server_b);
    assert!(larger > size);
    let output = witness(&server_b.url, &state, &[]);
    assert_eq!(output.status.code(), Some(1), "{}{}", stdout(&output), stderr(&output));
    assert!(
        stderr(&output)
            .contains(&format!("fork: the log at {} does not extend the checkpoint seen at", server_b.url))
            && stderr(&output)
                .contains(&format!("does not join the tree of {size} events to the tree of {larger}")),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read(&state).expect("the state"), seen, "the state is not advanced");
    // A is still the log the witness saw.
    assert!(witness_ok(&server_a.url, &state).contains("unchanged"));
}

#[test]
fn a_witness_follows_a_key_rotation_only_through_the_handover_both_keys_signed() {
    let data = seeded_copy("witness-rotation");
    let accounts = accounts(data.path());
    let kept = TempDir::new("witness-rotation-state");
    let state = kept.path().join("witness.json");
    let old_key = std::fs::read_to_string(data.path().join("log-key.pub")).expect("the key");
    let mut server = Server::start_with(data.path(), &SERVE_ARGUMENTS, START_TIMEOUT);
    let line = witness_ok(&server.url, &state);
    assert!(line.contains("first checkpoint of this log seen"), "{line}");
    server.kill();

    let rotated = run_plenary(&["rotate-log-key", "--data", path_str(data.path())], START_TIMEOUT);
    assert!(rotated.status.success(), "{}{}", stdout(&rotated), stderr(&rotated));
    let new_key = std::fs::read_to_string(data.path().join("log-key.pub")).expect("the new key");
    let server = Server::start_with(data.path(), &SERVE_ARGUMENTS, START_TIMEOUT);
    vote(&server, &accounts, &[("mex", "no")]);
    wait_for_checkpoint(&server);

    // The old key no longer signs: the witness that trusts it refuses, and keeps its state.
    let before = std::fs::read(&state).expect("the state");
    let output = witness(&server.url, &state, &[]);
    assert_eq!(output.status.code(), Some(1), "{}{}", stdout(&output), stderr(&output));
    assert!(stderr(&output).contains("does not verify with the log's key"), "{}", stderr(&output));
    assert_eq!(std::fs::read(&state).expect("the state"), before);

    // Told the new key, it follows through the handover, and watches the log under the new key alone.
    let output = witness(&server.url, &state, &["--key", new_key.trim()]);
    assert!(output.status.success(), "{}{}", stdout(&output), stderr(&output));
    assert!(stdout(&output).contains("the log's key was rotated from"), "{}", stdout(&output));
    assert!(stdout(&output).contains("signed by both"), "{}", stdout(&output));
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&state).expect("the state")).expect("JSON");
    let logs = saved["logs"].as_object().expect("the logs");
    assert_eq!(logs.keys().collect::<Vec<_>>(), [new_key.trim()]);
    assert!(logs[new_key.trim()]["trusted"].as_str().expect("how").contains(old_key.trim()));
    witness_ok(&server.url, &state);

    drop(server);

    // A key swapped in by hand — every stored checkpoint re-signed with it alone, no handover — is not
    // followed, even when the witness is told that key.
    let swapped = copy_data(data.path(), "witness-rotation-swapped");
    let stranger = LogKey::generate(old_key.split('+').next().expect("the name")).expect("a key");
    write_tables(swapped.path(), &resigned(&read_tables(swapped.path()), &stranger));
    std::fs::write(swapped.path().join("log-key"), stranger.private_key()).expect("the swapped key");
    let server = Server::start_with(swapped.path(), &SERVE_ARGUMENTS, START_TIMEOUT);
    let before = std::fs::read(&state).expect("the state");
    let output = witness(&server.url, &state, &["--key", stranger.verifier_key()]);
    assert_eq!(output.status.code(), Some(1), "{}{}", stdout(&output), stderr(&output));
    assert!(stderr(&output).contains("without a handover is not followed"), "{}", stderr(&output));
    assert_eq!(std::fs::read(&state).expect("the state"), before, "the state is not advanced");
}
