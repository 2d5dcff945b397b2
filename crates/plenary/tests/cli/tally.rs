//! `plenary tally` on real roll calls: the fixtures in `tests/fixtures/votes` are rows of the `unvotes` data
//! (roll calls 6004 and 6005, A/72/PV.73, 19 December 2017; 425 of 1955, with the Republic of China; 2877 of
//! 1985, with both German states; 4668 of 2006, with Serbia under "Yugoslavia"; 9001, the first special
//! session of 1947), the matching rows of `un_roll_calls.csv`, and roll call 6004 rewritten as `state,vote`
//! with ISO 3166-1 alpha-3 codes.

use std::path::PathBuf;
use std::process::{Command, Output};

fn plenary(arguments: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plenary")).args(arguments).output().expect("the binary runs")
}

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/votes").join(name).display().to_string()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn json_of(output: &Output) -> serde_json::Value {
    assert!(output.status.success(), "{}", stderr(output));
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

/// A directory of files written for one test (with no un_roll_calls.csv in it), removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(test: &str) -> Scratch {
        let directory =
            std::env::temp_dir().join(format!("plenary-tally-test-{}-{test}", std::process::id()));
        std::fs::create_dir_all(&directory).expect("a temporary directory");
        Scratch(directory)
    }

    fn write(&self, name: &str, text: &str) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, text).expect("writing a test file");
        path.display().to_string()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

/// The rows of the plain fixture (roll call 6004 by ISO3 code), header first.
fn torture_rows() -> Vec<String> {
    let text = std::fs::read_to_string(fixture("torture_pp7_iso3.csv")).expect("the fixture");
    text.lines().map(str::to_owned).collect()
}

#[test]
fn roll_call_6004_is_the_seventh_preambular_paragraph_retained_108_to_18() {
    let output = plenary(&["tally", &fixture("un_votes.csv"), "--roll-call", "6004", "--json"]);
    let json = json_of(&output);
    let expected = serde_json::json!({
        "yes": 108, "no": 18, "abstain": 32, "non_voting": 35, "members": 193,
        "majority": "simple", "outcome": "adopted",
        "wording": "The draft resolution was adopted by a recorded vote of 108 to 18, with 32 abstentions."
    });
    for (key, value) in expected.as_object().expect("an object") {
        assert_eq!(&json[key], value, "{key}");
    }
    assert_eq!((json["roll_call"].as_u64(), json["session"].as_u64()), (Some(6004), Some(72)));
    assert_eq!(json["resolution"], "R/72/163");
    assert_eq!(json["listing"]["against"][0], "Bahrain");
    // The listed keys come first, in this order.
    let text = stdout(&output);
    let positions: Vec<usize> =
        ["yes", "no", "abstain", "non_voting", "members", "majority", "outcome", "wording", "body"]
            .iter()
            .map(|key| text.find(&format!("\"{key}\":")).unwrap_or_else(|| panic!("{key} in {text}")))
            .collect();
    assert!(positions.windows(2).all(|pair| pair[0] < pair[1]), "{text}");
}

#[test]
fn roll_call_6005_is_the_fourth_operative_paragraph_retained_109_to_19() {
    let json = json_of(&plenary(&["tally", &fixture("un_votes.csv"), "--roll-call", "6005", "--json"]));
    let counts = ["yes", "no", "abstain", "non_voting", "members"].map(|key| json[key].as_u64());
    assert_eq!(counts, [Some(109), Some(19), Some(31), Some(34), Some(193)]);
    assert_eq!(json["outcome"], "adopted");
}

#[test]
fn the_text_output_is_the_record_sentence_the_members_and_the_listing() {
    let output = plenary(&["tally", &fixture("un_votes.csv"), "--roll-call", "6004"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "The draft resolution was adopted by a recorded vote of 108 to 18, with 32 abstentions."
    );
    assert_eq!(
        lines[1],
        "Members: 193; not voting: 35; majority: simple (needed 64 of 126 voting yes or no)"
    );
    assert_eq!(lines[2], "In favour:");
    assert!(lines[3].starts_with("  Afghanistan, Albania, Andorra, Antigua and Barbuda,"), "{}", lines[3]);
    assert!(lines[3].contains(", Serbia, "), "Yugoslavia in the 2017 data is Serbia: {}", lines[3]);
    assert_eq!(lines[4], "Against:");
    assert_eq!(lines[6], "Abstaining:");
}

#[test]
fn a_state_vote_file_by_iso3_code_gives_the_same_result() {
    let json = json_of(&plenary(&["tally", &fixture("torture_pp7_iso3.csv"), "--json"]));
    let counts = ["yes", "no", "abstain", "non_voting", "members"].map(|key| json[key].as_u64());
    assert_eq!(counts, [Some(108), Some(18), Some(32), Some(35), Some(193)]);
    assert!(json.get("roll_call").is_none());
}

#[test]
fn historical_roll_calls_count_the_members_of_their_session() {
    let output = plenary(&["tally", &fixture("un_votes.csv"), "--all", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let tallies: Vec<serde_json::Value> =
        stdout(&output).lines().map(|line| serde_json::from_str(line).expect("a JSON line")).collect();
    let members: Vec<(u64, u64, &str)> = tallies
        .iter()
        .map(|tally| {
            let outcome = tally["outcome"].as_str().unwrap_or_default();
            (tally["roll_call"].as_u64().unwrap_or(0), tally["members"].as_u64().unwrap_or(0), outcome)
        })
        .collect();
    assert_eq!(
        members,
        [
            // The first special session (April–May 1947): the 55 members of the time.
            (9001, 55, "rejected"),
            // Session 10 (1955–56), the year sixteen states were admitted together.
            (425, 76, "rejected"),
            // Session 40 (1985–86): 159 members less South Africa, excluded from 1974 to 1994.
            (2877, 158, "adopted"),
            (4668, 192, "adopted"),
            (6004, 193, "adopted"),
            (6005, 193, "adopted"),
        ]
    );
    let listing = |id: &str| {
        let output = plenary(&["tally", &fixture("un_votes.csv"), "--roll-call", id]);
        assert!(output.status.success(), "{}", stderr(&output));
        stdout(&output)
    };
    // The Republic of China held China's seat (the data calls it Taiwan); the record printed "China".
    assert!(listing("425").contains("Abstaining:\n  China, El Salvador, Ethiopia, Iceland, Paraguay.\n"));
    let germans = listing("2877");
    assert!(germans.contains("German Democratic Republic") && germans.contains("Germany"), "{germans}");
    assert!(listing("4668").contains(", Serbia, "));
}

#[test]
fn a_file_of_several_roll_calls_needs_one_chosen() {
    let output = plenary(&["tally", &fixture("un_votes.csv")]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("the file holds 6 roll calls"), "{}", stderr(&output));
    assert!(stderr(&output).contains("--roll-call N"), "{}", stderr(&output));
}

#[test]
fn an_observer_state_is_refused_by_name() {
    let mut rows = torture_rows();
    rows.push("Holy See,yes".to_owned());
    let scratch = Scratch::new("observer");
    let output = plenary(&["tally", &scratch.write("votes.csv", &rows.join("\n"))]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("line 160: Holy See is a non-member observer State and has no vote"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_state_that_votes_twice_is_refused_with_both_lines() {
    let mut rows = torture_rows();
    rows.insert(40, "SDN,yes".to_owned());
    let sudan = rows.iter().rposition(|row| row.starts_with("SDN,")).expect("Sudan voted in 6004") + 1;
    let scratch = Scratch::new("twice");
    let output = plenary(&["tally", &scratch.write("votes.csv", &rows.join("\n"))]);
    assert_eq!(output.status.code(), Some(2));
    let expected = format!("line {sudan}: Sudan voted twice (lines 41 and {sudan})");
    assert!(stderr(&output).contains(&expected), "{expected} in {}", stderr(&output));

    // In a file of roll calls, the error names the roll call.
    let unvotes = std::fs::read_to_string(fixture("un_votes.csv")).expect("the fixture");
    let mut rows: Vec<&str> = unvotes.lines().collect();
    let sudan = rows.iter().position(|row| row.starts_with("6004,Sudan,")).expect("Sudan in 6004") + 1;
    rows.push("6004,Sudan,SD,yes");
    let votes = scratch.write("un_votes.csv", &rows.join("\n"));
    let output = plenary(&["tally", &votes, "--roll-call", "6004"]);
    assert_eq!(output.status.code(), Some(2));
    let last = rows.len();
    let expected = format!("line {last}: Sudan voted twice in roll call 6004 (lines {sudan} and {last})");
    assert!(stderr(&output).contains(&expected), "{expected} in {}", stderr(&output));
}

#[test]
fn an_unknown_vote_word_is_refused_with_its_line() {
    let mut rows = torture_rows();
    rows[14] = "FRA,perhaps".to_owned();
    let scratch = Scratch::new("word");
    let output = plenary(&["tally", &scratch.write("votes.csv", &rows.join("\n"))]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output)
            .contains("line 15: \"perhaps\" is not a vote: expected yes, no or abstain (Y, N or A)"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_unknown_state_is_refused_with_its_line() {
    let scratch = Scratch::new("atlantis");
    let output = plenary(&["tally", &scratch.write("votes.csv", "state,vote\nFRA,yes\nAtlantis,no\n")]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("line 3: \"Atlantis\" is not a UN member state"), "{}", stderr(&output));
}

#[test]
fn fewer_members_than_votes_is_refused() {
    let output = plenary(&["tally", &fixture("torture_pp7_iso3.csv"), "--members", "150"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output)
            .contains("--members 150: 158 votes were counted, more than the 150 members of the body"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_human_rights_council_has_47_members_by_default() {
    // Worked case 11 of the specification: 33 in favour, 6 against, 8 abstaining of 47.
    let mut rows = vec!["state,vote".to_owned()];
    for (index, row) in torture_rows().iter().skip(1).take(47).enumerate() {
        let state = row.split(',').next().unwrap_or_default();
        let vote = match index {
            0..33 => "Y",
            33..39 => "N",
            _ => "A",
        };
        rows.push(format!("{state},{vote}"));
    }
    let scratch = Scratch::new("hrc");
    let votes = scratch.write("votes.csv", &rows.join("\n"));
    let json = json_of(&plenary(&["tally", &votes, "--body", "hrc", "--json"]));
    let counts = ["yes", "no", "abstain", "non_voting", "members"].map(|key| json[key].as_u64());
    assert_eq!(counts, [Some(33), Some(6), Some(8), Some(0), Some(47)]);
    assert_eq!(json["outcome"], "adopted");

    let output = plenary(&["tally", &fixture("torture_pp7_iso3.csv"), "--body", "hrc"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("more than the 47 members"), "{}", stderr(&output));
}

#[test]
fn a_listed_council_refuses_a_state_not_on_it() {
    let scratch = Scratch::new("council");
    let council = scratch.write("council.txt", "# members\nFrance\nSudan\nBRA\n");
    let votes = scratch.write("votes.csv", "FRA,yes\nSDN,no\nChile,abstain\n");
    let output = plenary(&["tally", &votes, "--body", "hrc", "--membership", &council]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("line 3: Chile is not a member of the Human Rights Council"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_main_committee_approves() {
    let output = plenary(&["tally", &fixture("torture_pp7_iso3.csv"), "--body", "third-committee"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).starts_with("The draft resolution was approved by a recorded vote of 108 to 18"));
    let output = plenary(&[
        "tally",
        &fixture("torture_pp7_iso3.csv"),
        "--body",
        "committee",
        "--majority",
        "two-thirds",
    ]);
    assert_eq!(output.status.code(), Some(2), "two thirds applies only in the plenary");
}

#[test]
fn two_thirds_of_126_voting_needs_84() {
    let output = plenary(&["tally", &fixture("torture_pp7_iso3.csv"), "--majority", "two-thirds"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("majority: two-thirds (needed 84 of 126 voting yes or no)"), "{text}");
    assert!(text.starts_with("The draft resolution was adopted"), "108 of 126 is more than two thirds");
}
