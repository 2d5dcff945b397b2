//! The treaty register through the API, on the real seeded service: who is bound by the Convention against
//! Torture (and its Optional Protocol) as of a date, who signed and is not bound, the secretariat recording a
//! new instrument, a state's history, the optional procedures, and the answers to bad questions.
//!
//! The expected figures are the UN's (the status pages' counts) or are computed here from the shipped table
//! `data/treaties/participants.csv`, read with the csv crate, never by the code under test.

use std::collections::BTreeSet;

use axum::http::StatusCode;
use plenary_store::EventLog;
use serde_json::{Value, json};

use crate::support::Service;

const PARTICIPANTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/treaties/participants.csv");
const OHCHR_CAT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/treaties/ohchr-cat-2023-02-21.csv");

/// One row of the shipped table, as its header names the columns.
#[derive(Debug)]
struct Row {
    participant: String,
    signature_date: String,
    consent_date: String,
    bracketed_in_source: String,
}

/// The shipped table's rows for one treaty.
fn rows(treaty: &str) -> Vec<Row> {
    let mut reader = csv::Reader::from_path(PARTICIPANTS).expect("the shipped participants table");
    let headers = reader.headers().expect("a header").clone();
    let column = |name: &str| headers.iter().position(|header| header == name).expect(name);
    let (treaty_id, participant, signature, consent, bracketed) = (
        column("treaty_id"),
        column("participant"),
        column("signature_date"),
        column("consent_date"),
        column("bracketed_in_source"),
    );
    reader
        .records()
        .map(|record| record.expect("a well-formed row"))
        .filter(|record| &record[treaty_id] == treaty)
        .map(|record| Row {
            participant: record[participant].to_owned(),
            signature_date: record[signature].to_owned(),
            consent_date: record[consent].to_owned(),
            bracketed_in_source: record[bracketed].to_owned(),
        })
        .collect()
}

/// The parties as of `day` by the table: a consent dated on or before the day, not struck out (bracketed)
/// in the source. ISO dates compare as text.
fn parties_by_the_table(treaty: &str, day: &str) -> usize {
    rows(treaty)
        .iter()
        .filter(|row| {
            !row.consent_date.is_empty()
                && row.consent_date.as_str() <= day
                && row.bracketed_in_source.is_empty()
        })
        .count()
}

async fn status(service: &Service, treaty: &str, as_of: &str) -> Value {
    let response = service.get(None, &format!("/api/treaties/{treaty}/status?as_of={as_of}")).await;
    assert_eq!(response.status, StatusCode::OK, "{treaty} as of {as_of}: {}", response.text());
    response.json()
}

fn standing<'a>(status: &'a Value, code: &str) -> &'a Value {
    status["states"]
        .as_array()
        .and_then(|states| states.iter().find(|state| state["code"] == code))
        .unwrap_or_else(|| panic!("{code} is in the status"))
}

async fn events(service: &Service) -> u64 {
    service.get(None, "/api/health").await.json()["events"].as_u64().unwrap_or(0)
}

fn iso(day: time::Date) -> String {
    format!("{:04}-{:02}-{:02}", day.year(), u8::from(day.month()), day.day())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_parties_to_cat_and_opcat_as_of_a_date_are_the_uns_figures_and_the_tables() {
    let service = Service::start().await;
    // The day A/RES/72/163 was adopted, and the status pages' own date (3 February 2026).
    for (as_of, cat, opcat) in [("2017-12-19", 162, 85), ("2026-02-03", 175, 96)] {
        assert_eq!(status(&service, "cat", as_of).await["parties"], cat, "CAT as of {as_of}");
        assert_eq!(status(&service, "cat_op", as_of).await["parties"], opcat, "OPCAT as of {as_of}");
    }
    // The end of 2022 and of 2024, as the UN counted them (Tuvalu and Dominica joined in between).
    assert_eq!(status(&service, "cat", "2022-12-31").await["parties"], 173);
    assert_eq!(status(&service, "cat", "2024-12-31").await["parties"], 175);
    // Any day: the count the table gives. CAT's entry into force, the turn of the century, a day in 2010.
    for as_of in ["1987-06-26", "2000-01-01", "2010-06-30"] {
        for treaty in ["cat", "cat_op"] {
            let expected = parties_by_the_table(treaty, as_of);
            assert_eq!(
                status(&service, treaty, as_of).await["parties"],
                expected,
                "{treaty} as of {as_of}: the table counts {expected}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_status_carries_every_state_with_its_dates_denmark_among_them() {
    let service = Service::start().await;
    let status = status(&service, "cat", "2017-12-19").await;
    assert_eq!(status["treaty"], "cat");
    assert_eq!(status["as_of"], "2017-12-19");
    assert!(status["signatories"].is_u64());
    let states = status["states"].as_array().expect("states");
    // The 193 members and the two observer states.
    assert!(states.len() >= 195, "{} states", states.len());
    for state in states {
        for field in ["code", "name", "status", "signature", "consent", "consent_type", "in_force"] {
            assert!(state.get(field).is_some(), "{field} missing in {state}");
        }
    }
    assert_eq!(
        states.iter().filter(|state| state["status"] == "party").count() as u64,
        status["parties"].as_u64().expect("a count")
    );
    let denmark = standing(&status, "DNK");
    assert_eq!(denmark["name"], "Denmark");
    assert_eq!(denmark["status"], "party");
    assert_eq!(denmark["signature"], "1985-02-04");
    assert_eq!(denmark["consent"], "1987-05-27");
    assert_eq!(denmark["consent_type"], "ratification");
    // Article 27(1): thirty days after the twentieth instrument, deposited on 27 May 1987 — by Denmark.
    assert_eq!(denmark["in_force"], "1987-06-26");
    let india = standing(&status, "IND");
    assert_eq!(
        (india["status"].as_str(), india["signature"].as_str()),
        (Some("signatory"), Some("1997-10-14"))
    );
    assert!(india["consent"].is_null() && india["in_force"].is_null(), "{india}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cat_signatories_not_bound_are_those_of_the_table() {
    let service = Service::start().await;
    let expected: BTreeSet<String> = rows("cat")
        .into_iter()
        .filter(|row| !row.signature_date.is_empty() && row.consent_date.is_empty())
        .map(|row| row.participant)
        .collect();
    assert_eq!(
        expected,
        ["Brunei Darussalam", "Haiti", "India", "Palau"].map(String::from).into_iter().collect(),
        "the table itself"
    );
    let status = status(&service, "cat", "2026-02-03").await;
    let signatories: BTreeSet<String> = status["states"]
        .as_array()
        .expect("states")
        .iter()
        .filter(|state| state["status"] == "signatory")
        .map(|state| state["name"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(signatories, expected);
    assert_eq!(status["signatories"], 4);
    // The gap lists the signatories first.
    let gap = service.get(None, "/api/treaties/cat/gap?as_of=2026-02-03").await.json();
    let missing: Vec<&str> = gap["missing"]
        .as_array()
        .expect("missing")
        .iter()
        .filter_map(|state| state["code"].as_str())
        .collect();
    assert_eq!(missing[..4], ["BRN", "HTI", "IND", "PLW"]);
    assert_eq!(gap["member_parties"].as_u64().map(|parties| parties + missing.len() as u64), Some(193));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_secretariat_records_indias_ratification_and_every_answer_counts_it() {
    let mut service = Service::start().await;
    for account in ["secretariat", "ind"] {
        service.sign_in(account).await;
    }
    let today = time::OffsetDateTime::now_utc().date();
    let yesterday = iso(today.previous_day().expect("a day"));
    let ratification = json!({"participant": "IND", "action": "ratification", "date": yesterday});

    let gap_before = service.get(None, "/api/treaties/cat/gap").await.json();
    let missing_before = gap_before["missing"].as_array().expect("missing").len();
    assert!(gap_before["missing"].as_array().expect("missing").iter().any(|state| state["code"] == "IND"));
    let steps_before = service.get(None, "/api/treaties/cat/parties").await.json();
    let parties_before = steps_before.as_array().and_then(|steps| steps.last()).expect("steps")["parties"]
        .as_u64()
        .expect("a count");
    let calls_before = service.get(None, "/api/documents/a-res-72-163/treaty-calls").await.json();
    assert_eq!(calls_before[0]["treaty"], "cat", "operative paragraph 35 calls for the Convention");
    assert_eq!(calls_before[0]["paragraph"], "op35");
    assert_eq!(calls_before[0]["parties_at_adoption"], 162);
    assert_eq!(calls_before[0]["parties_today"].as_u64(), Some(parties_before));
    let chart_before = service.get(None, "/treaties/cat/parties.svg").await.text();
    assert!(chart_before.contains(&format!("class=\"last-value\">{parties_before}<")));

    // Refused before anything is recorded: signed out, a delegation (India itself), a day not yet come,
    // a participant nobody is.
    let logged = events(&service).await;
    let signed_out = service.post(None, "/api/treaties/cat/actions", ratification.clone()).await;
    assert_eq!(signed_out.status, StatusCode::UNAUTHORIZED, "{}", signed_out.text());
    let delegation = service.post(Some("ind"), "/api/treaties/cat/actions", ratification.clone()).await;
    assert_eq!((delegation.status, delegation.code().as_str()), (StatusCode::FORBIDDEN, "forbidden"));
    let future = iso(today.saturating_add(time::Duration::days(30)));
    let early = json!({"participant": "IND", "action": "ratification", "date": future});
    let early = service.post(Some("secretariat"), "/api/treaties/cat/actions", early).await;
    assert_eq!(early.status, StatusCode::BAD_REQUEST, "{}", early.text());
    assert!(early.text().contains("date"), "{}", early.text());
    let nobody = json!({"participant": "XXX", "action": "ratification", "date": yesterday});
    let nobody = service.post(Some("secretariat"), "/api/treaties/cat/actions", nobody).await;
    assert_eq!(nobody.status, StatusCode::NOT_FOUND, "{}", nobody.text());
    assert_eq!(events(&service).await, logged, "nothing refused was recorded");

    let recorded = service.post(Some("secretariat"), "/api/treaties/cat/actions", ratification.clone()).await;
    assert_eq!(recorded.status, StatusCode::CREATED, "{}", recorded.text());
    let seq = recorded.json()["seq"].as_u64().expect("its place in the log");
    assert_eq!(events(&service).await, seq, "the ratification is the log's last fact");

    // The fact in the log, by the secretariat.
    let stored = service.app.journal.log().read_after(seq - 1).await.expect("reads");
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].kind, "treaty_action_recorded");
    assert_eq!(stored[0].actor, "secretariat");
    assert_eq!(stored[0].stream, "treaty/cat");

    let gap_after = service.get(None, "/api/treaties/cat/gap").await.json();
    let missing_after = gap_after["missing"].as_array().expect("missing");
    assert_eq!(missing_after.len(), missing_before - 1);
    assert!(missing_after.iter().all(|state| state["code"] != "IND"));
    let steps_after = service.get(None, "/api/treaties/cat/parties").await.json();
    let last = steps_after.as_array().and_then(|steps| steps.last()).expect("steps");
    assert_eq!(last["parties"].as_u64(), Some(parties_before + 1));
    assert_eq!(last["date"], yesterday);
    // The resolution's call counts it beside the paragraph (the count at its adoption stays), and so does
    // the chart.
    let calls_after = service.get(None, "/api/documents/a-res-72-163/treaty-calls").await.json();
    assert_eq!(calls_after[0]["parties_at_adoption"], 162);
    assert_eq!(calls_after[0]["parties_today"].as_u64(), Some(parties_before + 1));
    let chart_after = service.get(None, "/treaties/cat/parties.svg").await.text();
    assert!(chart_after.contains(&format!("class=\"last-value\">{}<", parties_before + 1)));
    let india = standing(&status(&service, "cat", &iso(today)).await, "IND").clone();
    assert_eq!(india["status"], "party");
    assert_eq!(india["signature"], "1997-10-14", "the signature stands");
    assert_eq!(india["consent"], yesterday);
    assert_eq!(india["consent_type"], "ratification");
    // Before the day it was deposited, India was a signatory still.
    assert_eq!(standing(&status(&service, "cat", "2026-02-03").await, "IND")["status"], "signatory");

    let treaties = service.get(None, "/api/states/IND/treaties").await;
    assert_eq!(treaties.status, StatusCode::OK, "{}", treaties.text());
    let treaties = treaties.json();
    assert_eq!(treaties["code"], "IND");
    let cat = treaties["instruments"]
        .as_array()
        .and_then(|instruments| instruments.iter().find(|instrument| instrument["treaty"] == "cat"))
        .expect("CAT among India's instruments");
    assert_eq!(cat["standing"]["status"], "party");
    let history = cat["history"].as_array().expect("a history");
    assert_eq!(history.len(), 2, "the signature (seeded) and the ratification: {history:?}");
    assert_eq!(history[0]["recorded_by"], plenary_web::seed::SEED_ACTOR);
    assert_eq!(history[0]["action"]["kind"], "signature");
    assert_eq!(history[1]["seq"], seq);
    assert_eq!(history[1]["recorded_by"], "secretariat");
    assert_eq!(history[1]["action"]["date"], yesterday);
    assert_eq!(history[1]["action"]["kind"], "consent");
    assert_eq!(history[1]["action"]["consent"], "ratification");

    // The same ratification again makes no sense: India is bound.
    let again = service.post(Some("secretariat"), "/api/treaties/cat/actions", ratification).await;
    assert_eq!((again.status, again.code().as_str()), (StatusCode::CONFLICT, "refused"), "{}", again.text());
    assert_eq!(events(&service).await, seq, "the refused second ratification changed nothing");
    let steps_again = service.get(None, "/api/treaties/cat/parties").await.json();
    assert_eq!(steps_again, steps_after);
}

/// OHCHR's dashboard of 21 February 2023 gives, per state, the day it accepted the individual complaints
/// procedure (CAT article 22); the register reads it from the declarations' texts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_states_accepting_individual_complaints_are_ohchrs() {
    let service = Service::start().await;
    let response =
        service.get(None, "/api/treaties/cat/procedures/cat_individual_complaints?as_of=2023-02-21").await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    let accepting = response.json();
    let accepting = accepting.as_array().expect("a list");
    let by_register: BTreeSet<String> =
        accepting.iter().filter_map(|state| state["code"].as_str()).map(str::to_owned).collect();

    // OHCHR names the states; their codes are those the status gives the same names, and OHCHR's own
    // spellings where they are not the UN's.
    let status = status(&service, "cat", "2023-02-21").await;
    let code_of = |name: &str| -> Option<String> {
        let spelled = match name {
            "Czech Republic" => "Czechia",
            "Netherlands" => "Netherlands (Kingdom of the)",
            other => other,
        };
        status["states"]
            .as_array()?
            .iter()
            .find(|state| state["name"] == spelled)
            .and_then(|state| state["code"].as_str())
            .map(str::to_owned)
    };
    let mut reader = csv::Reader::from_path(OHCHR_CAT).expect("the OHCHR table");
    let headers = reader.headers().expect("a header").clone();
    let column = |name: &str| headers.iter().position(|header| header == name).expect(name);
    let (country, article_22) =
        (column("country"), column("Date of acceptance of individual communications procedure"));
    let ohchr: Vec<(String, String)> = reader
        .records()
        .map(|record| record.expect("a row"))
        .filter(|record| !record[article_22].is_empty() && &record[article_22] <= "2023-02-21")
        .map(|record| (record[country].to_owned(), record[article_22].to_owned()))
        .collect();
    assert_eq!(ohchr.len(), 70, "the OHCHR table itself");
    let unnamed: Vec<&String> =
        ohchr.iter().map(|(name, _)| name).filter(|name| code_of(name).is_none()).collect();
    assert!(unnamed.is_empty(), "OHCHR names no state has: {unnamed:?}");
    let by_ohchr: BTreeSet<String> = ohchr.iter().filter_map(|(name, _)| code_of(name)).collect();

    // Where both sources speak they agree. Grenada is the one state OHCHR lists (from its accession, 26
    // September 2019) of which the UN Treaty Collection prints no declaration at all. Honduras accepted on
    // 22 July 2024, after OHCHR's table; Ukraine's acceptance of 12 September 2003 is told in a note.
    let differ: Vec<&String> = by_register.symmetric_difference(&by_ohchr).collect();
    assert_eq!(differ, [&"GRD".to_owned()], "the register and OHCHR disagree");
    // The days agree too, but for four: Andorra (UNTC's declaration is dated 22 November 2006, OHCHR gives the
    // ratification's day), Ghana (UNTC's declaration is undated: the register takes the ratification's day,
    // OHCHR says 2009), Seychelles (UNTC 6 August 2001, OHCHR 2011) and Sri Lanka (UNTC 16 August 2016,
    // OHCHR 1994).
    let days_differ: Vec<String> = ohchr
        .iter()
        .filter_map(|(name, day)| {
            let code = code_of(name)?;
            let found = accepting.iter().find(|state| state["code"] == code.as_str())?;
            (found["since"] != day.as_str()).then_some(code)
        })
        .collect();
    assert_eq!(days_differ, ["AND", "GHA", "SYC", "LKA"]);
    let since = |code: &str| {
        accepting
            .iter()
            .find(|state| state["code"] == code)
            .map(|state| state["since"].clone())
            .unwrap_or_else(|| panic!("{code} accepts individual complaints"))
    };
    assert_eq!(since("BOL"), "2006-02-14", "Bolivia, by its declaration of 14 February 2006");
    assert_eq!(since("DNK"), "1987-05-27", "Denmark, upon ratification");
    assert_eq!(since("UKR"), "2003-09-12", "Ukraine, by the note on its withdrawals and declarations");
    // The United States and Japan never accepted it.
    assert!(accepting.iter().all(|state| state["code"] != "USA" && state["code"] != "JPN"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_questions_are_answered_with_what_is_wrong() {
    let service = Service::start().await;
    let bad_date = service.get(None, "/api/treaties/cat/status?as_of=2017-13-40").await;
    assert_eq!(bad_date.status, StatusCode::BAD_REQUEST, "{}", bad_date.text());
    assert!(bad_date.text().contains("as_of"), "names the parameter: {}", bad_date.text());
    let unknown = service.get(None, "/api/treaties/no_such_treaty/status?as_of=2017-12-19").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND, "{}", unknown.text());
    assert!(unknown.text().contains("no_such_treaty"), "{}", unknown.text());
    let parameter = service.get(None, "/api/treaties/cat/status?as_at=2017-12-19").await;
    assert_eq!(parameter.status, StatusCode::BAD_REQUEST, "{}", parameter.text());
    let before_1945 = service.get(None, "/api/treaties/cat/gap?as_of=1900-01-01").await;
    assert_eq!(before_1945.status, StatusCode::BAD_REQUEST, "{}", before_1945.text());
    let nobody = service.get(None, "/api/states/XXX/treaties").await;
    assert_eq!(nobody.status, StatusCode::NOT_FOUND, "{}", nobody.text());
    let procedure = service.get(None, "/api/treaties/cat/procedures/article_99").await;
    assert_eq!(procedure.status, StatusCode::NOT_FOUND, "{}", procedure.text());
}

/// A log recorded before the treaty register existed (here: one account, and nothing of treaties) is given
/// the shipped treaty data at its next start, recorded by the service itself, once.
#[tokio::test]
async fn an_older_log_is_given_the_treaty_register_at_its_next_start() {
    let directory = crate::support::TempDir::new();
    let path = directory.0.join("plenary.db");
    {
        let log = plenary_store::SqliteLog::open(&path).await.expect("SQLite opens");
        let journal =
            plenary_store::Journal::open_signing(log, crate::support::test_signing()).await.expect("opens");
        let account = plenary_store::Fact::AccountCreated {
            account: "secretariat".into(),
            role: plenary_store::Role::Secretariat,
            state: None,
            name: "Secretariat".into(),
            password_hash: "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA".into(),
        };
        journal.record("operator", vec![account], time::OffsetDateTime::now_utc()).await.expect("recorded");
        assert!(journal.state().await.treaties.is_empty());
    }
    let start = |path: std::path::PathBuf| async move {
        let log = plenary_store::SqliteLog::open(&path).await.expect("SQLite opens");
        let config = plenary_web::Config {
            password_cost: plenary_web::PasswordCost::for_tests(),
            ship_corpus: false,
            ..plenary_web::Config::default()
        };
        plenary_web::start(log, config, crate::support::test_signing()).await.expect("the service starts")
    };
    let (app, credentials) = start(path.clone()).await;
    assert!(credentials.is_none(), "not a first start: no accounts are created");
    let (treaties, head) = {
        let state = app.journal.state().await;
        (state.treaties.treaties().count(), state.head)
    };
    assert_eq!(treaties, 18);
    let recorded = app.journal.log().read_after(1).await.expect("reads");
    assert!(recorded.iter().all(|event| event.actor == plenary_web::seed::SEED_ACTOR));
    assert!(recorded.iter().any(|event| event.kind == "treaty_action_recorded"));
    drop(app);
    // Once: the next start finds the register and records nothing more.
    let (app, _) = start(path).await;
    assert_eq!(app.journal.state().await.head, head);
}
