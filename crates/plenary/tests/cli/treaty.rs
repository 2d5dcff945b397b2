//! `plenary treaty` as a user runs it, on the shipped UN Treaty Collection data: the status of the
//! Convention against Torture as of the day A/RES/72/163 was adopted, the members missing by regional
//! group, Denmark's instruments, an unknown treaty, and a deployment's data directory with an action its
//! secretariat recorded. The figures are the UN's, or are computed here from the shipped table with the
//! csv crate.

use std::process::{Command, Output};

use serde_json::Value;

const PARTICIPANTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/treaties/participants.csv");

fn plenary(arguments: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plenary")).args(arguments).output().expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout.clone()).expect("UTF-8")
}

fn json(output: &Output) -> Value {
    serde_json::from_str(&stdout(output)).expect("JSON on stdout")
}

/// The CAT parties as of `day` by the shipped table: a consent on or before the day, not bracketed.
fn cat_parties_by_the_table(day: &str) -> usize {
    let mut reader = csv::Reader::from_path(PARTICIPANTS).expect("the shipped table");
    let headers = reader.headers().expect("a header").clone();
    let column = |name: &str| headers.iter().position(|header| header == name).expect(name);
    let (treaty, consent, bracketed) =
        (column("treaty_id"), column("consent_date"), column("bracketed_in_source"));
    reader
        .records()
        .map(|record| record.expect("a row"))
        .filter(|record| {
            &record[treaty] == "cat"
                && !record[consent].is_empty()
                && &record[consent] <= day
                && record[bracketed].is_empty()
        })
        .count()
}

/// The CAT signatories not bound as of `day` by the shipped table: signed on or before the day, no consent
/// by then.
fn cat_signatories_by_the_table(day: &str) -> usize {
    let mut reader = csv::Reader::from_path(PARTICIPANTS).expect("the shipped table");
    let headers = reader.headers().expect("a header").clone();
    let column = |name: &str| headers.iter().position(|header| header == name).expect(name);
    let (treaty, signature, consent) =
        (column("treaty_id"), column("signature_date"), column("consent_date"));
    reader
        .records()
        .map(|record| record.expect("a row"))
        .filter(|record| {
            &record[treaty] == "cat"
                && !record[signature].is_empty()
                && &record[signature] <= day
                && (record[consent].is_empty() || &record[consent] > day)
        })
        .count()
}

#[test]
fn the_status_of_cat_on_the_day_of_a_res_72_163_as_json() {
    let status = json(&plenary(&["treaty", "status", "cat", "--as-of", "2017-12-19", "--json"]));
    assert_eq!(status["treaty"], "cat");
    assert_eq!(status["as_of"], "2017-12-19");
    assert_eq!(status["parties"], 162);
    assert_eq!(status["parties"].as_u64(), Some(cat_parties_by_the_table("2017-12-19") as u64));
    assert_eq!(status["signatories"].as_u64(), Some(cat_signatories_by_the_table("2017-12-19") as u64));
    let states = status["states"].as_array().expect("states");
    let denmark = states.iter().find(|state| state["code"] == "DNK").expect("Denmark");
    for (field, value) in [
        ("name", "Denmark"),
        ("status", "party"),
        ("signature", "1985-02-04"),
        ("consent", "1987-05-27"),
        ("consent_type", "ratification"),
        ("in_force", "1987-06-26"),
    ] {
        assert_eq!(denmark[field], value, "Denmark's {field}");
    }
}

#[test]
fn the_gap_by_regional_group_adds_up_to_the_193_members() {
    let output = stdout(&plenary(&["treaty", "gap", "cat", "--by", "group", "--as-of", "2026-02-03"]));
    assert!(output.starts_with("Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment (CAT), as of 3 February 2026\n"), "{output}");
    for group in [
        "African States",
        "Asia-Pacific States",
        "Eastern European States",
        "Latin American and Caribbean States",
        "Western European and other States",
    ] {
        assert!(output.contains(&format!("\n{group} (")), "{group} is listed: {output}");
    }
    // Every member is counted once, in one group: the groups' sizes add up to 193, their parties to the
    // members that are parties.
    let gap = json(&plenary(&["treaty", "gap", "cat", "--as-of", "2026-02-03", "--json"]));
    let groups = gap["groups"].as_array().expect("groups");
    assert_eq!(groups.len(), 5);
    let sum = |field: &str| groups.iter().filter_map(|group| group[field].as_u64()).sum::<u64>();
    assert_eq!(sum("members"), 193);
    assert_eq!(sum("parties"), gap["member_parties"].as_u64().expect("a count"));
    assert_eq!(sum("parties") + sum("signatories") + sum("others"), 193);
    assert_eq!(sum("signatories"), 4, "Brunei Darussalam, Haiti, India, Palau");
    // Türkiye, a party, is counted in the Asia-Pacific Group; India is missing there.
    let asia = groups.iter().find(|group| group["group"] == "Asia-Pacific").expect("Asia-Pacific");
    assert!(asia["missing"].as_array().expect("missing").iter().any(|code| code == "IND"));
    let parties = gap["member_parties"].as_u64().expect("a count");
    let line = format!("{parties} of 193 members are parties; {} are not\n", 193 - parties);
    assert!(output.contains(&line), "{line}: {output}");
    assert!(output.contains("\nIndia "), "{output}");
}

#[test]
fn denmarks_instruments() {
    let output = stdout(&plenary(&["treaty", "state", "DNK", "--as-of", "2026-02-03"]));
    assert!(output.starts_with("Denmark as of 3 February 2026\n"), "{output}");
    let cat = output.lines().find(|line| line.starts_with("CAT ")).expect("a CAT line");
    assert!(cat.contains("party"), "{cat}");
    assert!(cat.contains("signed 4 February 1985, ratification 27 May 1987, in force 26 June 1987"), "{cat}");
    // By its UN name as well as its code.
    let by_name = stdout(&plenary(&["treaty", "state", "Denmark", "--as-of", "2026-02-03"]));
    assert_eq!(by_name, output);
}

#[test]
fn an_unknown_treaty_exits_2_naming_the_known_ones() {
    let output = plenary(&["treaty", "status", "torture"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("\"torture\""), "{stderr}");
    for id in ["cerd", "cat", "cat_op", "crc", "crpd", "ced"] {
        assert!(stderr.contains(id), "names {id}: {stderr}");
    }
    assert!(output.stdout.is_empty());
}

/// A deployment's data directory, as `plenary serve` leaves it: the shipped data seeded at its first start,
/// then India's ratification of CAT recorded by the secretariat through the service's act (the permission
/// check included). `plenary treaty --data` reads that log; without it, the shipped data.
#[test]
fn the_data_of_a_deployment_counts_what_its_secretariat_recorded() {
    use plenary_core::treaties::{ActionKind, ConsentKind, TreatyAction, TreatyId};

    let data = std::env::temp_dir().join(format!("plenary-treaty-data-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    std::fs::create_dir_all(&data).expect("a data directory");
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    runtime.block_on(async {
        let log = plenary_store::SqliteLog::open(&data.join("plenary.db")).await.expect("SQLite opens");
        let config = plenary_web::Config {
            password_cost: plenary_web::PasswordCost::for_tests(),
            ship_corpus: false,
            ..plenary_web::Config::default()
        };
        let signing =
            plenary_store::Signing { key: None, every_events: plenary_store::CHECKPOINT_EVERY_EVENTS };
        let (app, _) = plenary_web::start(log, config, signing).await.expect("the service starts");
        let ratification = TreatyAction {
            treaty: TreatyId::parse("cat").expect("an id"),
            participant: "IND".to_owned(),
            date: time::Date::from_calendar_date(2026, time::Month::June, 1).expect("a day"),
            kind: ActionKind::Consent { consent: ConsentKind::Ratification },
        };
        let delegation = plenary_web::auth::Actor::Account {
            id: "ind".to_owned(),
            role: plenary_store::Role::Delegation,
            state: None,
            csrf_token: String::new(),
            token_hash: String::new(),
        };
        assert!(
            plenary_web::acts::record_treaty_action(&app, &delegation, ratification.clone()).await.is_err()
        );
        let secretariat = plenary_web::auth::Actor::Account {
            id: "secretariat".to_owned(),
            role: plenary_store::Role::Secretariat,
            state: None,
            csrf_token: String::new(),
            token_hash: String::new(),
        };
        plenary_web::acts::record_treaty_action(&app, &secretariat, ratification).await.expect("recorded");
    });
    drop(runtime);
    let directory = data.display().to_string();

    let parties = |arguments: &[&str]| json(&plenary(arguments))["parties"].as_u64();
    let deployed = ["treaty", "status", "cat", "--data", &directory, "--json", "--as-of"];
    assert_eq!(parties(&[&deployed[..], &["2026-05-31"]].concat()), Some(175));
    assert_eq!(parties(&[&deployed[..], &["2026-06-01"]].concat()), Some(176));
    assert_eq!(
        parties(&["treaty", "status", "cat", "--json", "--as-of", "2026-06-01"]),
        Some(175),
        "shipped"
    );

    let india =
        json(&plenary(&["treaty", "state", "IND", "--data", &directory, "--as-of", "2026-06-01", "--json"]));
    let cat = india["instruments"]
        .as_array()
        .and_then(|instruments| instruments.iter().find(|instrument| instrument["treaty"] == "cat"))
        .expect("CAT");
    assert_eq!(cat["standing"]["status"], "party");
    assert_eq!(cat["standing"]["consent"], "2026-06-01");
    let history = cat["history"].as_array().expect("a history");
    assert_eq!(history.len(), 2, "{history:?}");
    assert_eq!(history[1]["recorded_by"], "secretariat");
    assert_eq!(history[1]["action"]["consent"], "ratification");
    let _ = std::fs::remove_dir_all(&data);
}
