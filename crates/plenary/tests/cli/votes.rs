//! `plenary votes` as a user runs it on the shipped `unvotes` data: the agreement of the United States and
//! China over all roll calls is the peer's figure (`agreement_pandas.py`: 0.1675), by the data's codes and
//! by ISO3 codes alike; a group's cohesion; an unknown state exits 2 naming what it takes.

use std::process::{Command, Output};

use serde_json::Value;

fn plenary(arguments: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plenary")).args(arguments).output().expect("the binary runs")
}

fn json(output: &Output) -> Value {
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

#[test]
fn the_united_states_and_china_agree_on_a_sixth_of_the_roll_calls_both_voted_in() {
    let by_data_codes = json(&plenary(&["votes", "agreement", "US", "CN", "--json"]));
    assert_eq!(format!("{:.4}", by_data_codes["agreement"].as_f64().expect("a share")), "0.1675");
    assert_eq!(by_data_codes["roll_calls"], 4496);
    assert!(by_data_codes["similarity"].as_f64().is_some_and(|similarity| similarity > 0.1675));
    let by_iso3 = json(&plenary(&["votes", "agreement", "USA", "CHN", "--json"]));
    assert_eq!(by_iso3["roll_calls"], by_data_codes["roll_calls"]);
    let since_1991 =
        json(&plenary(&["votes", "agreement", "US", "CN", "--from", "1991", "--to", "2019", "--json"]));
    assert!(since_1991["roll_calls"].as_u64() < by_data_codes["roll_calls"].as_u64());
}

#[test]
fn a_regional_groups_cohesion_is_an_index_between_zero_and_one() {
    let cohesion = json(&plenary(&["votes", "cohesion", "--group", "weog", "--session", "74", "--json"]));
    assert_eq!(cohesion["members"], 28);
    let index = cohesion["index"].as_f64().expect("an index");
    assert!((0.0..=1.0).contains(&index), "{index}");
}

#[test]
fn an_unknown_state_exits_2_saying_what_it_takes() {
    let output = plenary(&["votes", "agreement", "US", "XX"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no state \"XX\""));
}

#[test]
fn the_positions_of_the_74th_session_put_the_united_states_and_israel_at_one_end() {
    let positions = json(&plenary(&["votes", "positions", "--session", "74", "--json"]));
    let mut placed: Vec<(f64, String)> = positions["sessions"][0]["positions"]
        .as_array()
        .expect("positions")
        .iter()
        .map(|position| {
            (position["first"].as_f64().expect("a score"), position["code"].as_str().unwrap_or("").to_owned())
        })
        .collect();
    placed.sort_by(|a, b| a.0.total_cmp(&b.0));
    let end: Vec<&str> = placed.iter().take(2).map(|(_, code)| code.as_str()).collect();
    assert_eq!(end, ["US", "IL"]);
}
