//! `plenary replay`: the shipped meeting logs through the real binary.

use std::path::PathBuf;
use std::process::{Command, Output};

fn plenary(arguments: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plenary")).args(arguments).output().expect("the binary runs")
}

fn meeting_log(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/meetings").join(name).display().to_string()
}

#[test]
fn replay_prints_the_record_of_the_2017_plenary() {
    let output = plenary(&["replay", &meeting_log("2017-plenary-torture.jsonl")]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let record = String::from_utf8_lossy(&output.stdout);
    assert!(record.starts_with("The General Assembly, 73rd plenary meeting, 19 December 2017\n"));
    assert!(record.contains("\nThe seventh preambular paragraph was retained by a recorded vote of 108 to 18, with 32 abstentions.\n"));
    assert!(record.contains(
        "\nOperative paragraph 4 was retained by a recorded vote of 109 to 19, with 31 abstentions.\n"
    ));
    assert!(record.ends_with("\nThe draft resolution as a whole was adopted without a vote.\n"));
}

#[test]
fn replay_json_gives_each_vote_its_counts_and_listing() {
    let output = plenary(&["replay", &meeting_log("2017-plenary-torture.jsonl"), "--json"]);
    assert!(output.status.success());
    let record: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    let entries = record["items"][0]["entries"].as_array().expect("entries");
    let votes: Vec<&serde_json::Value> = entries.iter().filter_map(|entry| entry.get("vote")).collect();
    assert_eq!(votes.len(), 2);
    assert_eq!(
        (
            &votes[0]["yes"],
            &votes[0]["no"],
            &votes[0]["abstain"],
            &votes[0]["non_voting"],
            &votes[0]["members"]
        ),
        (&108.into(), &18.into(), &32.into(), &35.into(), &193.into())
    );
    assert_eq!(votes[0]["outcome"], "adopted");
    assert_eq!(votes[0]["listing"]["against"][0], "Bahrain");
    assert_eq!(
        entries.last().map(|entry| entry["text"].clone()),
        Some("The draft resolution as a whole was adopted without a vote.".into())
    );
}

#[test]
fn a_refused_event_stops_the_replay_with_its_line_and_reason() {
    let directory = std::env::temp_dir().join(format!("plenary-replay-test-{}", std::process::id()));
    std::fs::create_dir_all(&directory).expect("a temporary directory");
    let log = std::fs::read_to_string(meeting_log("2017-plenary-torture.jsonl")).expect("the shipped log");
    // A late ballot after the first lock: the rules refuse it.
    let lock = r#"{"event": "vote_locked", "vote": "6004"}"#;
    let late = format!(
        "{lock}\n{{\"event\": \"ballot_cast\", \"vote\": \"6004\", \"state\": \"Sudan\", \"choice\": \"yes\"}}"
    );
    let tampered = directory.join("late-ballot.jsonl");
    std::fs::write(&tampered, log.replacen(lock, &late, 1)).expect("writing");
    let line = log.lines().position(|line| line == lock).expect("the lock") + 2;

    let output = plenary(&["replay", &tampered.display().to_string()]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr).trim_end(),
        format!(
            "{}: line {line}: ballot_cast refused: vote 6004 is locked: casts are no longer accepted",
            tampered.display()
        )
    );
    std::fs::remove_dir_all(&directory).ok();
}
