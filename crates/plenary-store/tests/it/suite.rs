//! The store suite: each function runs on a fresh SQLite and a fresh PostgreSQL log.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use plenary_core::procedure::{Choice, Event, parse_log};
use plenary_store::{
    AuditError, BrokenLink, EventLog, Fact, Journal, LogKey, RecordError, Refusal, Role, Session, Signing,
    StoreError, VerifyError, verify,
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
    }
}
