//! The store suite: each function runs on a fresh SQLite and a fresh PostgreSQL log.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use plenary_core::procedure::{Choice, Event, parse_log};
use plenary_store::audit::check_against;
use plenary_store::tree::{Hash, LogTree, ProofError, verify_consistency};
use plenary_store::{
    AuditError, BrokenLink, CHECKPOINT_EVERY_EVENTS, CheckpointError, EventLog, Fact, GENESIS, Journal,
    LogKey, RecordError, Refusal, Role, Session, SignedCheckpoint, Signing, StoreError, StoredCheckpoint,
    StoredEvent, VerifyError, verify,
};
use time::macros::datetime;

/// Direct access to the database underneath, to do what the application never does (edit an event).
pub enum Raw {
    Sqlite(PathBuf),
    Postgres(String),
}

const THE_2017_PLENARY: &str = include_str!("../../../../data/meetings/2017-plenary-torture.jsonl");

fn meeting_facts(meeting: &str) -> Vec<Fact> {
    parse_log(THE_2017_PLENARY)
        .expect("the shipped log reads")
        .into_iter()
        .map(|logged| Fact::Meeting { meeting: meeting.to_owned(), event: logged.event })
        .collect()
}

fn event(json: &str) -> Event {
    serde_json::from_str(json).expect("an event")
}

/// Meeting "m" with the 2017 draft tabled and recorded vote V1 on it open.
async fn open_a_vote<L: EventLog>(journal: &Journal<L>) {
    let opening = [
        r#"{"event":"meeting_opened","forum":"plenary","meeting":"73rd plenary meeting","date":"2017-12-19"}"#,
        r#"{"event":"item_opened","title":"Torture and other cruel, inhuman or degrading treatment or punishment"}"#,
        r#"{"event":"draft_tabled","symbol":"A/72/439/Add.1","title":"Torture","preambular_paragraphs":11,"operative_paragraphs":50}"#,
        r#"{"event":"vote_opened","vote":"V1","question":"proposal"}"#,
    ];
    let facts =
        opening.iter().map(|json| Fact::Meeting { meeting: "m".into(), event: event(json) }).collect();
    journal.record("chair", facts, datetime!(2017-12-19 15:00 UTC)).await.expect("recorded");
}

async fn reopen<L: EventLog + Clone>(log: &L) -> Journal<L> {
    Journal::open(log.clone()).await.expect("the journal reopens")
}

pub async fn the_2017_plenary_is_recorded_and_folds_back_the_same_after_reopening<L: EventLog + Clone>(
    log: L,
    _raw: Raw,
) {
    let journal = Journal::open(log.clone()).await.expect("opens");
    let account = Fact::AccountCreated {
        account: "secretariat".into(),
        role: Role::Secretariat,
        state: None,
        name: "Secretariat".into(),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
    };
    journal.record("", vec![account], datetime!(2017-12-19 15:00 UTC)).await.expect("recorded");
    let facts = meeting_facts("ga-72-73");
    let count = facts.len() as u64;
    journal.record("secretariat", facts, datetime!(2017-12-19 15:01 UTC)).await.expect("recorded");

    let state = journal.state().await.clone();
    assert_eq!(state.head, count + 1);
    let vote = state.meetings["ga-72-73"].meeting.vote("6004").and_then(|vote| vote.result).expect("decided");
    assert_eq!((vote.tally.yes, vote.tally.no, vote.tally.abstain, vote.tally.non_voting), (108, 18, 32, 35));

    let again = reopen(&log).await;
    assert_eq!(*again.state().await, state, "the fold of the stored log is the state that was built");
    assert_eq!(verify(&log, None).await.map(|audited| audited.events), Ok(count + 1));
}

pub async fn a_refused_fact_appends_nothing<L: EventLog + Clone>(log: L, _raw: Raw) {
    let journal = Journal::open(log.clone()).await.expect("opens");
    journal.record("", meeting_facts("ga-72-73"), datetime!(2017-12-19 15:00 UTC)).await.expect("recorded");
    let head = journal.state().await.head;
    let late = Fact::Meeting {
        meeting: "ga-72-73".into(),
        event: event(r#"{"event":"ballot_cast","vote":"6004","state":"Sudan","choice":"yes"}"#),
    };
    let refused = journal.record("sdn", vec![late], datetime!(2017-12-19 16:00 UTC)).await;
    assert!(
        matches!(refused, Err(RecordError::Refused(Refusal::Procedure(_)))),
        "a cast on a decided vote is refused: {refused:?}"
    );
    assert_eq!(journal.state().await.head, head);
    assert_eq!(log.read_after(0).await.expect("reads").len() as u64, head, "nothing was appended");
}

pub async fn an_edited_event_is_found_by_verify_and_stops_the_journal_opening<L: EventLog + Clone>(
    log: L,
    raw: Raw,
) {
    let journal = Journal::open(log.clone()).await.expect("opens");
    journal.record("", meeting_facts("ga-72-73"), datetime!(2017-12-19 15:00 UTC)).await.expect("recorded");
    drop(journal);
    // Someone with access to the database turns Sudan's vote on the seventh preambular paragraph into a yes.
    let events = log.read_after(0).await.expect("reads");
    let sudan = events
        .iter()
        .find(|event| event.kind == "ballot_cast" && event.payload.contains(r#""state":"SDN""#))
        .expect("Sudan's first ballot");
    let forged = sudan.payload.replace("\"no\"", "\"yes\"");
    assert_ne!(forged, sudan.payload);
    match raw {
        Raw::Sqlite(path) => {
            let pool =
                sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display())).await.expect("connects");
            sqlx::query("UPDATE events SET payload = ? WHERE seq = ?")
                .bind(&forged)
                .bind(sudan.seq as i64)
                .execute(&pool)
                .await
                .expect("edited");
            pool.close().await;
        }
        Raw::Postgres(url) => {
            let pool = sqlx::PgPool::connect(&url).await.expect("connects");
            sqlx::query("UPDATE events SET payload = $1 WHERE seq = $2")
                .bind(&forged)
                .bind(sudan.seq as i64)
                .execute(&pool)
                .await
                .expect("edited");
            pool.close().await;
        }
    }
    assert_eq!(
        verify(&log, None).await.map(|audited| audited.events),
        Err(VerifyError::Damaged(AuditError::Chain(BrokenLink::ContentChanged { seq: sudan.seq })))
    );
    let reopened = Journal::open(log.clone()).await;
    assert!(matches!(reopened, Err(StoreError::Damaged(_))), "a damaged log is not served");
}

pub async fn one_hundred_concurrent_casts_by_one_delegation_leave_one_counted_ballot<L: EventLog + Clone>(
    log: L,
    _raw: Raw,
) {
    let journal = Arc::new(Journal::open(log.clone()).await.expect("opens"));
    open_a_vote(&journal).await;

    let mut casts = Vec::new();
    for index in 0..100 {
        let journal = Arc::clone(&journal);
        let choice = ["yes", "no", "abstain"][index % 3];
        casts.push(tokio::spawn(async move {
            let json =
                format!(r#"{{"event":"ballot_cast","vote":"V1","state":"Denmark","choice":"{choice}"}}"#);
            let fact = Fact::Meeting { meeting: "m".into(), event: event(&json) };
            journal.record("dnk", vec![fact], datetime!(2017-12-19 15:01 UTC)).await
        }));
    }
    for cast in casts {
        cast.await.expect("the task finishes").expect("every cast while open is accepted");
    }
    let state = journal.state().await;
    let vote = state.meetings["m"].meeting.vote("V1").expect("the vote");
    assert_eq!(vote.ballots.len(), 1, "one counted ballot per member");
    let last = log.read_after(0).await.expect("reads").last().cloned().expect("events");
    let last_choice =
        ["yes", "no", "abstain"].iter().find(|choice| last.payload.contains(&format!("\"{choice}\"")));
    let counted = vote.ballots.values().next().copied();
    let expected = last_choice.map(|choice| choice.parse::<Choice>().expect("a choice"));
    assert_eq!(counted, expected, "the latest cast in the log is the one that counts");
    assert_eq!(state.head, 104);
}

/// Group commit: all 193 members cast at once, with observers trying to cast among them. Every member's
/// ballot is acknowledged and counted once, every observer's refused without taking a place in the chain,
/// and the log reads back, verified, as the same state.
pub async fn a_whole_assembly_casting_at_once_is_committed_in_groups_without_a_gap<L: EventLog + Clone>(
    log: L,
    _raw: Raw,
) {
    let journal = Arc::new(Journal::open(log.clone()).await.expect("opens"));
    open_a_vote(&journal).await;

    let voters: Vec<(&str, bool)> =
        plenary_core::states::all().iter().map(|state| (state.iso3.as_str(), state.is_member())).collect();
    let mut casts = Vec::new();
    for (index, (code, member)) in voters.iter().copied().enumerate() {
        let journal = Arc::clone(&journal);
        let choice = ["yes", "no", "abstain"][index % 3];
        casts.push(tokio::spawn(async move {
            let json =
                format!(r#"{{"event":"ballot_cast","vote":"V1","state":"{code}","choice":"{choice}"}}"#);
            let fact = Fact::Meeting { meeting: "m".into(), event: event(&json) };
            (member, journal.record(&code.to_lowercase(), vec![fact], datetime!(2017-12-19 15:01 UTC)).await)
        }));
    }
    let (mut accepted, mut refused) = (0, 0);
    for cast in casts {
        match cast.await.expect("the task finishes") {
            (true, Ok(_)) => accepted += 1,
            (false, Err(RecordError::Refused(_))) => refused += 1,
            (member, outcome) => panic!("member {member}: unexpected outcome {outcome:?}"),
        }
    }
    assert_eq!((accepted, refused), (193, 2));

    let state = journal.state().await;
    assert_eq!(state.meetings["m"].meeting.vote("V1").expect("the vote").ballots.len(), 193);
    assert_eq!(verify(&log, None).await.expect("the chain verifies").events, 4 + 193);
    let reopened = reopen(&log).await;
    let again = reopened.state().await;
    assert_eq!((again.head, &again.last_hash), (state.head, &state.last_hash));
}

pub async fn sessions_expire_and_can_be_deleted<L: EventLog + Clone>(log: L, _raw: Raw) {
    let session = Session {
        token_hash: "abc".into(),
        account: "dnk".into(),
        csrf_token: "xyz".into(),
        expires_at: 2_000,
    };
    log.put_session(&session).await.expect("stored");
    assert_eq!(log.session("abc", 1_000).await.expect("read"), Some(session.clone()));
    assert_eq!(log.session("abc", 2_000).await.expect("read"), None, "expired at its expiry time");
    log.delete_session("abc").await.expect("deleted");
    assert_eq!(log.session("abc", 1_000).await.expect("read"), None);
}

pub async fn two_journals_on_one_database_take_turns_and_see_each_other<L: EventLog + Clone>(
    log: L,
    raw: Raw,
) {
    let first = Arc::new(Journal::open(log.clone()).await.expect("opens"));
    let second = Arc::new(Journal::open(log.clone()).await.expect("opens"));
    let listening = matches!(raw, Raw::Postgres(_));
    if listening {
        tokio::spawn(Arc::clone(&second).follow());
        // Give the listener time to subscribe before the first append.
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let facts = meeting_facts("ga-72-73");
    let (opening, rest) = facts.split_at(10);
    first.record("", opening.to_vec(), datetime!(2017-12-19 15:00 UTC)).await.expect("recorded");
    // The second journal has not seen those events; it catches up before checking, so it appends after them.
    second
        .record("", rest.to_vec(), datetime!(2017-12-19 15:01 UTC))
        .await
        .expect("recorded after catching up");
    first.catch_up().await.expect("catches up");
    assert_eq!(*first.state().await, *second.state().await);
    assert_eq!(verify(&log, None).await.map(|audited| audited.events), Ok(facts.len() as u64));

    if listening {
        let more = Fact::Meeting {
            meeting: "ga-72-73".into(),
            event: event(r#"{"event":"dissociated","state":"Sudan","parts":["pp7"]}"#),
        };
        first.record("sdn", vec![more], datetime!(2017-12-19 16:00 UTC)).await.expect("recorded");
        let head = first.state().await.head;
        let seen = tokio::time::timeout(Duration::from_secs(5), async {
            while second.state().await.head < head {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        })
        .await;
        assert!(seen.is_ok(), "the second server hears of the first one's append through NOTIFY");
    }
}

// ---------------------------------------------------------------------------------------------------------
// Tampering with a signed log: what an attacker with write access to the database can do, and what finds it
// ---------------------------------------------------------------------------------------------------------

/// The log's name and its signing key in the tamper tests.
const ORIGIN: &str = "plenary.test/ga-record";

fn log_key() -> LogKey {
    LogKey::from_seed(ORIGIN, &[17; 32]).expect("the log's key")
}

/// Another key of the same name: the one an attacker without the real key signs with.
fn attacker_key() -> LogKey {
    LogKey::from_seed(ORIGIN, &[66; 32]).expect("the attacker's key")
}

fn signing() -> Signing {
    Signing { key: Some(log_key()), every_events: CHECKPOINT_EVERY_EVENTS }
}

/// Facts per append in the tamper tests, as the service's group commit takes them.
const PER_APPEND: usize = 12;

/// Records the 2017 plenary's events `range` (a multiple of `PER_APPEND` from the start), twelve to an
/// append. Checkpoints are also signed after events 96 and 324, as the server's timer would: with the
/// ones at vote 6004's decision (event 172, in the append ending at 180) and at vote 6005's and the
/// adoption (events 334 and 336), the log holds checkpoints at 96, 180, 324 and 336.
async fn record_2017<L: EventLog>(journal: &Journal<L>, range: std::ops::Range<usize>) {
    let facts = meeting_facts("ga-72-73");
    let start = datetime!(2017-12-19 15:00 UTC);
    for first in range.step_by(PER_APPEND) {
        let last = (first + PER_APPEND).min(facts.len());
        let now = start + time::Duration::seconds(first as i64);
        journal.record("secretariat", facts[first..last].to_vec(), now).await.expect("recorded");
        if last == 96 || last == 324 {
            let made = journal.checkpoint(now).await.expect("a checkpoint");
            assert_eq!(made.map(|checkpoint| checkpoint.size), Some(last as u64));
        }
    }
}

/// The whole 2017 plenary, signed; returns the latest checkpoint, opened with the log's key: the one a
/// reader or a witness keeps elsewhere.
async fn signed_2017<L: EventLog + Clone>(log: &L) -> SignedCheckpoint {
    let journal = Journal::open_signing(log.clone(), signing()).await.expect("opens");
    record_2017(&journal, 0..336).await;
    let sizes: Vec<u64> =
        log.checkpoints().await.expect("reads").iter().map(|checkpoint| checkpoint.size).collect();
    assert_eq!(sizes, [96, 180, 324, 336], "the checkpoints the tamper tests expect");
    let latest = journal.latest_checkpoint().await.expect("reads").expect("a checkpoint");
    log_key().verifier().open(&latest.note).expect("the latest checkpoint opens with the log's key")
}

/// The three tables of the transparency log, as read through the store or written behind its back.
#[derive(Debug, Clone)]
struct Tables {
    events: Vec<StoredEvent>,
    tree: Vec<Hash>,
    checkpoints: Vec<StoredCheckpoint>,
}

async fn read_tables<L: EventLog>(log: &L) -> Tables {
    Tables {
        events: log.read_after(0).await.expect("reads the events"),
        tree: log.read_tree().await.expect("reads the tree"),
        checkpoints: log.checkpoints().await.expect("reads the checkpoints"),
    }
}

const EMPTY_THE_LOG: [&str; 3] = ["DELETE FROM events", "DELETE FROM tree_hashes", "DELETE FROM checkpoints"];

/// What an attacker who can write the database does: replaces the events, the tree hashes and the
/// checkpoints with `tables`, in one transaction, straight in SQL.
async fn write_tables(raw: &Raw, tables: &Tables) {
    match raw {
        Raw::Sqlite(path) => {
            let pool =
                sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display())).await.expect("connects");
            let mut transaction = pool.begin().await.expect("a transaction");
            for statement in EMPTY_THE_LOG {
                sqlx::query(statement).execute(&mut *transaction).await.expect("emptied");
            }
            for event in &tables.events {
                sqlx::query(
                    "INSERT INTO events (seq, stream, kind, payload, recorded_at, actor, prev_hash, hash)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                )
                .bind(event.seq as i64)
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
                    .bind(index as i64)
                    .bind(hash.to_vec())
                    .execute(&mut *transaction)
                    .await
                    .expect("a tree hash written");
            }
            for checkpoint in &tables.checkpoints {
                sqlx::query("INSERT INTO checkpoints (size, note, recorded_at) VALUES (?, ?, ?)")
                    .bind(checkpoint.size as i64)
                    .bind(&checkpoint.note)
                    .bind(&checkpoint.recorded_at)
                    .execute(&mut *transaction)
                    .await
                    .expect("a checkpoint written");
            }
            transaction.commit().await.expect("committed");
            pool.close().await;
        }
        Raw::Postgres(url) => {
            let pool = sqlx::PgPool::connect(url).await.expect("connects");
            let mut transaction = pool.begin().await.expect("a transaction");
            for statement in EMPTY_THE_LOG {
                sqlx::query(statement).execute(&mut *transaction).await.expect("emptied");
            }
            for event in &tables.events {
                sqlx::query(
                    "INSERT INTO events (seq, stream, kind, payload, recorded_at, actor, prev_hash, hash)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(event.seq as i64)
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
                sqlx::query("INSERT INTO tree_hashes (idx, hash) VALUES ($1, $2)")
                    .bind(index as i64)
                    .bind(hash.to_vec())
                    .execute(&mut *transaction)
                    .await
                    .expect("a tree hash written");
            }
            for checkpoint in &tables.checkpoints {
                sqlx::query("INSERT INTO checkpoints (size, note, recorded_at) VALUES ($1, $2, $3)")
                    .bind(checkpoint.size as i64)
                    .bind(&checkpoint.note)
                    .bind(&checkpoint.recorded_at)
                    .execute(&mut *transaction)
                    .await
                    .expect("a checkpoint written");
            }
            transaction.commit().await.expect("committed");
            pool.close().await;
        }
    }
}

/// The attacker's re-seal: `events`, edited, renumbered from 1 and chained again with the public sealing
/// function; the tree hashes recomputed over them; the checkpoints kept as they were. The chain and the
/// tree are then perfect: only a checkpoint can tell.
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

/// Every checkpoint the re-sealed log is long enough for, signed again over its new root with `key`; the
/// others dropped.
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

/// The tree hashes a log of the first `size` events stores: a prefix of the whole tree's.
fn tree_of_first(events: &[StoredEvent], size: usize) -> Vec<Hash> {
    LogTree::over(&events[..size]).expect("a tree").stored().to_vec()
}

/// `verify` with the log's key, which must fail with the audit error it returns.
async fn audit_error<L: EventLog>(log: &L) -> AuditError {
    match verify(log, Some(&log_key().verifier())).await {
        Err(VerifyError::Damaged(error)) => error,
        other => panic!("the tampered log passed verify or failed otherwise: {other:?}"),
    }
}

/// The journal refuses to open the log (and so a server to start on it), saying what `verify` said.
async fn refuses_to_open<L: EventLog + Clone>(log: &L, error: &AuditError) {
    match Journal::open_signing(log.clone(), signing()).await {
        Err(StoreError::Damaged(message)) => assert_eq!(message, error.to_string()),
        Err(other) => panic!("the journal refused the tampered log for another reason: {other}"),
        Ok(_) => panic!("the journal opened a tampered log"),
    }
}

pub async fn a_deleted_last_event_is_found_by_the_checkpoint_that_signed_it<L: EventLog + Clone>(
    log: L,
    raw: Raw,
) {
    signed_2017(&log).await;
    let before = read_tables(&log).await;
    let kept = before.events.len() - 1;

    // The last event deleted, its tree hashes left: the tree is longer than the log.
    let tables = Tables { events: before.events[..kept].to_vec(), ..before.clone() };
    write_tables(&raw, &tables).await;
    let error = audit_error(&log).await;
    assert_eq!(error, AuditError::TreeLonger { events: 335 });
    assert!(error.to_string().contains("events were removed from the end"), "{error}");

    // Its tree hashes deleted too, its checkpoint kept: the checkpoint signed one event more.
    let tables = Tables { tree: tree_of_first(&before.events, kept), ..tables };
    write_tables(&raw, &tables).await;
    let error = audit_error(&log).await;
    let recorded_at = before.checkpoints[3].recorded_at.clone();
    assert_eq!(error, AuditError::Truncated { size: 336, events: 335, recorded_at });
    assert!(
        error.to_string().contains(
            "signed a log of 336 events, but the log holds only 335: the last 1 events were removed"
        ),
        "{error}"
    );
    refuses_to_open(&log, &error).await;
}

pub async fn thirty_deleted_last_events_are_counted_by_the_latest_checkpoint<L: EventLog + Clone>(
    log: L,
    raw: Raw,
) {
    signed_2017(&log).await;
    let before = read_tables(&log).await;
    // Events 307 … 336 and their tree hashes deleted: vote 6005's last ballots, its decision and the
    // adoption. The checkpoints are all kept; the latest (336) counts the loss, not the one at 324.
    let tables = Tables {
        events: before.events[..306].to_vec(),
        tree: tree_of_first(&before.events, 306),
        checkpoints: before.checkpoints.clone(),
    };
    write_tables(&raw, &tables).await;
    let error = audit_error(&log).await;
    assert!(matches!(error, AuditError::Truncated { size: 336, events: 306, .. }), "{error:?}");
    assert!(error.to_string().contains("the last 30 events were removed"), "{error}");
    refuses_to_open(&log, &error).await;
}

/// China voted no on the seventh preambular paragraph (roll call 6004, 108-18-32); the forgery makes it a
/// yes and re-seals everything after it.
pub async fn a_ballot_changed_and_the_chain_resealed_is_found_by_a_checkpoint_root<L: EventLog + Clone>(
    log: L,
    raw: Raw,
) {
    signed_2017(&log).await;
    let before = read_tables(&log).await;
    let (seq, forged) = chinas_no_made_yes(&before.events);
    assert_eq!(seq, 43, "China's ballot on roll call 6004 is the log's event 43");
    let tables = resealed(&forged, &before.checkpoints);
    assert_ne!(tables.events[42].hash, before.events[42].hash);
    write_tables(&raw, &tables).await;

    // The forger did a perfect job on the chain and the tree: only the checkpoints find it.
    let without_checkpoints = plenary_store::audit::audit(&tables.events, &tables.tree, &[], None);
    assert!(without_checkpoints.is_ok(), "the re-sealed chain and tree are whole: {without_checkpoints:?}");
    let error = audit_error(&log).await;
    assert!(
        matches!(&error, AuditError::Rewritten { size: 96, .. }),
        "the first checkpoint after 43: {error:?}"
    );
    assert!(
        error.to_string().contains("signed the first 96 events with root")
            && error
                .to_string()
                .contains("an event up to 96 was changed, removed or inserted and the chain re-sealed"),
        "{error}"
    );
    refuses_to_open(&log, &error).await;
    // A journal without the key checks the checkpoints' roots all the same.
    assert!(matches!(Journal::open(log.clone()).await, Err(StoreError::Damaged(_))));
}

/// The log's events with China's no on roll call 6004 turned into a yes: the event's position, and the
/// events.
fn chinas_no_made_yes(events: &[StoredEvent]) -> (u64, Vec<StoredEvent>) {
    let china = events
        .iter()
        .find(|event| {
            event.kind == "ballot_cast"
                && event.payload.contains(r#""vote":"6004""#)
                && event.payload.contains(r#""state":"CHN""#)
        })
        .expect("China's ballot on roll call 6004");
    assert!(china.payload.contains(r#""choice":"no""#), "China voted no: {}", china.payload);
    let mut forged = events.to_vec();
    let index = (china.seq - 1) as usize;
    forged[index].payload = china.payload.replace(r#""choice":"no""#, r#""choice":"yes""#);
    (china.seq, forged)
}

pub async fn a_middle_event_deleted_and_the_chain_resealed_is_found_by_a_checkpoint_root<
    L: EventLog + Clone,
>(
    log: L,
    raw: Raw,
) {
    signed_2017(&log).await;
    let before = read_tables(&log).await;
    // Event 100, a ballot on roll call 6004, deleted; the 236 after it renumbered and re-sealed.
    let removed = &before.events[99];
    assert_eq!(removed.kind, "ballot_cast");
    let rest: Vec<StoredEvent> = before.events.iter().filter(|event| event.seq != 100).cloned().collect();
    let tables = resealed(&rest, &before.checkpoints);
    assert_eq!(tables.events.len(), 335);
    write_tables(&raw, &tables).await;

    let error = audit_error(&log).await;
    assert!(
        matches!(&error, AuditError::Rewritten { size: 180, .. }),
        "the first checkpoint after 100 names it: {error:?}"
    );
    assert!(error.to_string().contains("an event up to 180 was changed, removed or inserted"), "{error}");
    refuses_to_open(&log, &error).await;
}

pub async fn resigned_checkpoints_fail_the_real_key_and_a_stolen_key_is_caught_by_a_kept_checkpoint<
    L: EventLog + Clone,
>(
    log: L,
    raw: Raw,
) {
    let kept = signed_2017(&log).await;
    let before = read_tables(&log).await;
    let (_, forged) = chinas_no_made_yes(&before.events);
    let forged = resealed(&forged, &before.checkpoints);

    // Re-signed with a key of the same name that is not the log's: the signatures give it away.
    write_tables(&raw, &resigned(&forged, &attacker_key())).await;
    let error = audit_error(&log).await;
    match &error {
        AuditError::Signature {
            size: 96, error: CheckpointError::NotSignedByKey { key, signers }, ..
        } => {
            assert_eq!(key, log_key().verifier_key());
            assert_eq!(signers, ORIGIN);
        }
        other => panic!("expected the first checkpoint's signature to fail: {other:?}"),
    }
    assert!(
        error.to_string().contains(&format!("the checkpoint is not signed by {}", log_key().verifier_key())),
        "{error}"
    );
    refuses_to_open(&log, &error).await;
    // Without the key, nothing in the store tells: the re-signed roots are the re-sealed log's.
    assert!(verify(&log, None).await.is_ok(), "without the key the forgery passes");

    // Re-signed with the log's own key, stolen: the store alone passes, and a server would start on it …
    write_tables(&raw, &resigned(&forged, &log_key())).await;
    let audited = verify(&log, Some(&log_key().verifier())).await.expect("the store alone passes");
    assert_eq!(audited.events, 336);
    assert!(Journal::open_signing(log.clone(), signing()).await.is_ok());
    // … but the checkpoint a reader kept from before the forgery does not hold in it.
    let error = check_against(&audited.tree, &kept, "kept by a reader").expect_err("caught");
    assert!(matches!(&error, AuditError::Rewritten { size: 336, .. }), "{error:?}");
    assert!(
        error.to_string().contains("the checkpoint made kept by a reader signed the first 336 events"),
        "{error}"
    );
    // A witness holding the kept checkpoint asks the log to prove it extends it, and no proof can.
    let proof = audited.tree.consistency_proof(336, 336).expect("a proof");
    let root = audited.tree.root(336).expect("a root");
    assert_eq!(
        verify_consistency(&proof, 336, &kept.root, 336, &root),
        Err(ProofError::NotConsistent { old: 336, new: 336 })
    );
}

pub async fn an_older_copy_put_back_passes_alone_and_a_kept_checkpoint_catches_the_rewind<
    L: EventLog + Clone,
>(
    log: L,
    raw: Raw,
) {
    let journal = Journal::open_signing(log.clone(), signing()).await.expect("opens");
    record_2017(&journal, 0..180).await;
    // A copy of the database as it was after vote 6004's decision: a backup, a replica's snapshot.
    let older = read_tables(&log).await;
    assert_eq!(older.events.len(), 180);
    record_2017(&journal, 180..336).await;
    let latest = journal.latest_checkpoint().await.expect("reads").expect("a checkpoint");
    let kept = log_key().verifier().open(&latest.note).expect("opens");
    assert_eq!(kept.size, 336);
    drop(journal);

    // The older copy put back in place of the log: whole, signed, consistent with itself.
    write_tables(&raw, &older).await;
    let audited = verify(&log, Some(&log_key().verifier())).await.expect("the older copy passes alone");
    assert_eq!((audited.events, audited.checkpoints.len()), (180, 2));
    assert!(Journal::open_signing(log.clone(), signing()).await.is_ok());

    // The checkpoint a reader kept says the log once held 336 events.
    let error = check_against(&audited.tree, &kept, "kept by a reader").expect_err("caught");
    assert!(matches!(error, AuditError::Truncated { size: 336, events: 180, .. }), "{error:?}");
    assert!(
        error.to_string().contains("the last 156 events were removed (the log was truncated or rewound)"),
        "{error}"
    );
    let root = audited.tree.root(180).expect("a root");
    assert_eq!(
        verify_consistency(&[], 336, &kept.root, 180, &root),
        Err(ProofError::Shrunk { old: 336, new: 180 })
    );
}

/// A range read gives exactly the events from one position to another, both included, as the whole log has
/// them; the meeting's state knows the position of each of its events; and the first checkpoint covering an
/// event is the one a scan of every checkpoint finds.
pub async fn a_range_of_events_and_the_checkpoint_covering_an_event_are_read_bounded<L: EventLog + Clone>(
    log: L,
    _raw: Raw,
) {
    let key = LogKey::from_seed("plenary.test/record", &[42; 32]).expect("a key");
    let journal = Journal::open_signing(log.clone(), Signing { key: Some(key), every_events: 40 })
        .await
        .expect("opens");
    // The 2017 plenary in batches of 25: a checkpoint after every 40 events and at each decided vote.
    let facts = meeting_facts("ga-72-73");
    for batch in facts.chunks(25) {
        journal
            .record("secretariat", batch.to_vec(), datetime!(2017-12-19 15:00 UTC))
            .await
            .expect("recorded");
    }
    let all = log.read_after(0).await.expect("reads");
    let head = all.len() as u64;
    assert_eq!(head, facts.len() as u64);

    assert_eq!(log.read_range(5, 9).await.expect("reads"), all[4..9].to_vec());
    assert_eq!(log.read_range(1, head).await.expect("reads"), all);
    assert_eq!(log.read_range(head, head).await.expect("reads"), all[all.len() - 1..].to_vec());
    assert_eq!(log.read_range(head - 1, head + 50).await.expect("reads"), all[all.len() - 2..].to_vec());
    assert!(log.read_range(9, 5).await.expect("reads").is_empty(), "an empty range");
    assert!(log.read_range(head + 1, head + 9).await.expect("reads").is_empty(), "beyond the head");
    assert_eq!(log.read_range(0, 1).await.expect("reads"), all[..1].to_vec());

    // The meeting's events, each with its position in the log.
    let state = journal.state().await;
    let entry = &state.meetings["ga-72-73"];
    assert_eq!(entry.seqs.len(), entry.events.len());
    for (seq, event) in entry.seqs.iter().zip(&entry.events) {
        let stored = &all[usize::try_from(*seq).expect("a position") - 1];
        let fact: Fact = serde_json::from_str(&stored.payload).expect("a fact");
        assert_eq!(fact, Fact::Meeting { meeting: "ga-72-73".into(), event: event.clone() }, "event {seq}");
    }
    drop(state);

    let checkpoints = log.checkpoints().await.expect("reads");
    assert!(checkpoints.len() >= 4, "{} checkpoints", checkpoints.len());
    for seq in 0..=head + 1 {
        let scanned = checkpoints.iter().find(|checkpoint| checkpoint.size >= seq).cloned();
        assert_eq!(log.checkpoint_covering(seq).await.expect("reads"), scanned, "event {seq}");
        assert_eq!(journal.checkpoint_covering(seq).await.expect("reads"), scanned, "event {seq}");
        // A page of two after `seq` is the next two of the full list.
        let page: Vec<_> =
            checkpoints.iter().filter(|checkpoint| checkpoint.size > seq).take(2).cloned().collect();
        assert_eq!(log.checkpoints_after(seq, 2).await.expect("reads"), page, "after {seq}");
    }
}
