//! The whole life of the 2017 torture resolution through the API, as the delegations and the chair lived
//! it: tabled, revised orally, co-sponsored, Sudan's request for separate recorded votes on the seventh
//! preambular paragraph and operative paragraph 4, the real per-state ballots of roll calls 6004 and 6005
//! cast by each delegation's own account, both paragraphs retained, the draft adopted without a vote — and
//! the record the service publishes is the procedure engine's record of the same events.

use axum::http::StatusCode;
use plenary_core::procedure::{Event, Record, StateRef, parse_log, replay};
use serde_json::json;

use crate::support::Service;

const THE_2017_PLENARY: &str = include_str!("../../../../data/meetings/2017-plenary-torture.jsonl");

/// The real ballots of a roll call in the shipped log: (delegation account, choice).
fn ballots(vote: &str) -> Vec<(String, String)> {
    parse_log(THE_2017_PLENARY)
        .expect("the shipped log")
        .into_iter()
        .filter_map(|logged| match logged.event {
            Event::BallotCast { vote: id, state, choice, .. } if id == vote => {
                Some((state.code().to_lowercase(), choice.to_string()))
            }
            _ => None,
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_2017_plenary_through_the_api_gives_the_engines_record() {
    let mut service = Service::start().await;
    let roll_6004 = ballots("6004");
    let roll_6005 = ballots("6005");
    let mut voters: Vec<String> =
        roll_6004.iter().chain(&roll_6005).map(|(account, _)| account.clone()).collect();
    voters.sort();
    voters.dedup();
    assert_eq!((roll_6004.len(), roll_6005.len(), voters.len()), (158, 159, 161));
    let accounts: std::collections::BTreeSet<String> = ["secretariat", "chair", "dnk", "mex", "chl", "sdn"]
        .into_iter()
        .map(str::to_owned)
        .chain(voters)
        .collect();
    for account in &accounts {
        service.sign_in(account).await;
    }

    let meeting = "/api/meetings/ga-72-73-live";
    let opened = service
        .post(
            Some("secretariat"),
            "/api/meetings",
            json!({"id": "ga-72-73-live", "forum": "plenary", "meeting": "73rd plenary meeting", "date": "2017-12-19"}),
        )
        .await;
    assert_eq!(opened.status, StatusCode::CREATED, "{}", opened.text());

    let chair_steps = [
        json!({"event": "item_opened", "agenda_item": "72 (a)", "title": "Promotion and protection of human rights: implementation of human rights instruments"}),
        json!({"event": "draft_tabled", "symbol": "A/72/439/Add.1, draft resolution II", "title": "Torture and other cruel, inhuman or degrading treatment or punishment", "preambular_paragraphs": 11, "operative_paragraphs": 50, "sponsors": ["Denmark"]}),
    ];
    for step in chair_steps {
        let response = service.post(Some("chair"), &format!("{meeting}/events"), step).await;
        assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    }
    // Co-sponsors join, each for its own state; Denmark revises orally before action.
    for (account, state) in [("mex", "Mexico"), ("chl", "Chile")] {
        let joined = service
            .post(
                Some(account),
                &format!("{meeting}/events"),
                json!({"event": "sponsor_joined", "state": state}),
            )
            .await;
        assert_eq!(joined.status, StatusCode::CREATED, "{}", joined.text());
    }
    let revised = service
        .post(
            Some("dnk"),
            &format!("{meeting}/events"),
            json!({"event": "oral_revision", "by": "Denmark", "part": "op12", "text": "Stresses the obligation of States to ensure that anyone who is arrested is informed at the time of arrest of the reasons for the arrest;"}),
        )
        .await;
    assert_eq!(revised.status, StatusCode::CREATED, "{}", revised.text());
    for step in [
        json!({"event": "division_requested", "id": "D1", "by": "Sudan", "parts": ["pp7", "op4"]}),
        json!({"event": "vote_requested", "question": "part:pp7", "by": "Sudan", "method": "recorded"}),
        json!({"event": "vote_requested", "question": "part:op4", "by": "Sudan", "method": "recorded"}),
    ] {
        let response = service.post(Some("sdn"), &format!("{meeting}/events"), step).await;
        assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    }

    for (vote, question, roll) in [("6004", "part:pp7", &roll_6004), ("6005", "part:op4", &roll_6005)] {
        let opened = service
            .post(Some("chair"), &format!("{meeting}/votes"), json!({"vote": vote, "question": question}))
            .await;
        assert_eq!(opened.status, StatusCode::CREATED, "{}", opened.text());
        for (account, choice) in roll {
            let cast = service
                .post(Some(account), &format!("{meeting}/votes/{vote}/ballot"), json!({"choice": choice}))
                .await;
            assert_eq!(cast.status, StatusCode::CREATED, "{account}: {}", cast.text());
        }
        for step in ["lock", "decide"] {
            let response =
                service.post(Some("chair"), &format!("{meeting}/votes/{vote}/{step}"), json!({})).await;
            assert_eq!(response.status, StatusCode::OK, "{step}: {}", response.text());
        }
        let board = service.get(None, &format!("{meeting}/votes/{vote}")).await.json();
        assert_eq!(board["outcome"], "adopted");
    }
    let adopted = service
        .post(
            Some("chair"),
            &format!("{meeting}/events"),
            json!({"event": "adopted_without_vote", "question": "proposal"}),
        )
        .await;
    assert_eq!(adopted.status, StatusCode::CREATED, "{}", adopted.text());

    // The record as published, as text and as JSON.
    let published = service.get(None, &format!("{meeting}/record?format=text")).await.text();
    for sentence in [
        "Mexico joined the sponsors.",
        "Before action, Denmark orally revised operative paragraph 12 to read:",
        "Sudan requested separate votes on the seventh preambular paragraph and operative paragraph 4.",
        "The seventh preambular paragraph was retained by a recorded vote of 108 to 18, with 32 abstentions.",
        "Operative paragraph 4 was retained by a recorded vote of 109 to 19, with 31 abstentions.",
        "The draft resolution as a whole, as orally revised, was adopted without a vote.",
    ] {
        assert!(published.contains(sentence), "the record lacks {sentence:?}:\n{published}");
    }

    // It is the procedure engine's record of the events the service stored, byte for byte.
    let events: Vec<Event> = serde_json::from_value(
        service.get(None, &format!("{meeting}/events")).await.json()["events"].clone(),
    )
    .expect("events");
    let engine = Record::of(&replay(&events).expect("the stored events replay"));
    assert_eq!(published, engine.to_text());
    assert_eq!(
        service.get(None, &format!("{meeting}/record")).await.json(),
        serde_json::to_value(&engine).expect("JSON")
    );

    // And its two votes read exactly as in the record of the shipped 2017 log.
    let shipped = Record::of(
        &replay(parse_log(THE_2017_PLENARY).expect("log").iter().map(|logged| &logged.event))
            .expect("replays"),
    );
    let votes_of = |record: &Record| -> Vec<String> {
        record.items[0]
            .entries
            .iter()
            .filter(|entry| entry.vote.is_some())
            .map(|entry| entry.text.clone())
            .collect()
    };
    assert_eq!(votes_of(&engine), votes_of(&shipped));
    let sponsors: Vec<StateRef> = serde_json::from_value(
        service.get(None, meeting).await.json()["items"][0]["draft"]["sponsors"].clone(),
    )
    .expect("sponsors");
    assert_eq!(sponsors.iter().map(StateRef::code).collect::<Vec<_>>(), ["DNK", "MEX", "CHL"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_hundred_and_ninety_delegations_vote_on_the_demo_draft_and_the_record_counts_each_once() {
    let mut service = Service::start().await;
    service.sign_in("chair").await;
    let delegations: Vec<String> = service
        .credentials
        .iter()
        .filter(|account| account.state.is_some())
        .map(|account| account.username.clone())
        .take(190)
        .collect();
    for account in &delegations {
        service.sign_in(account).await;
    }
    let meeting = "/api/meetings/c3-80-torture";
    service.chair_opens_the_demo_vote().await;
    let choices = ["yes", "yes", "no", "abstain", "yes"];
    for (index, account) in delegations.iter().enumerate() {
        let cast = service
            .post(Some(account), &format!("{meeting}/votes/V1/ballot"), json!({"choice": choices[index % 5]}))
            .await;
        assert_eq!(cast.status, StatusCode::CREATED, "{account}: {}", cast.text());
    }
    for step in ["lock", "decide"] {
        service.post(Some("chair"), &format!("{meeting}/votes/V1/{step}"), json!({})).await;
    }
    let board = service.get(None, &format!("{meeting}/votes/V1")).await.json();
    assert_eq!(board["tally"], json!({"yes": 114, "no": 38, "abstain": 38, "non_voting": 3}));
    let record = service.get(None, &format!("{meeting}/record?format=text")).await.text();
    assert!(
        record.contains(
            "The draft resolution was approved by a recorded vote of 114 to 38, with 38 abstentions."
        ),
        "{record}"
    );
}
