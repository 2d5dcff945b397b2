//! The example meeting logs shipped in `data/meetings`, replayed: the 2017 plenary on the torture
//! resolution with its real roll calls, the committee path of the same text, and the three rules the
//! illustrative logs exist to show, and the floor and quorum of the 2025 committee action on L.49.

use std::path::PathBuf;

use plenary_core::procedure::{
    Decision, Majority, Meeting, NotPutBecause, Outcome, Question, Record, Tally, parse_log, replay_log,
    write_log,
};

fn log(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/meetings").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn replayed(name: &str) -> Meeting {
    replay_log(&log(name)).unwrap_or_else(|error| panic!("{name}: {error}"))
}

fn result(meeting: &Meeting, vote: &str) -> (Tally, Outcome) {
    let result = meeting.vote(vote).and_then(|vote| vote.result).expect("a decided vote");
    (result.tally, result.outcome)
}

fn decision(meeting: &Meeting, question: &str) -> Decision {
    let question: Question = question.parse().expect("a question");
    meeting.current_item().and_then(|item| item.decision(&question)).cloned().expect("a decision")
}

#[test]
fn case_9_the_2017_plenary_retains_both_paragraphs_then_adopts_without_a_vote() {
    let meeting = replayed("2017-plenary-torture.jsonl");
    assert_eq!(
        result(&meeting, "6004"),
        (Tally { yes: 108, no: 18, abstain: 32, non_voting: 35 }, Outcome::Adopted)
    );
    assert_eq!(
        result(&meeting, "6005"),
        (Tally { yes: 109, no: 19, abstain: 31, non_voting: 34 }, Outcome::Adopted)
    );
    assert_eq!(decision(&meeting, "proposal"), Decision::WithoutVote);

    let record = Record::of(&meeting).to_text();
    for sentence in [
        "The amendment contained in document A/72/L.34 was withdrawn.",
        "Sudan requested separate votes on the seventh preambular paragraph and operative paragraph 4.",
        "The seventh preambular paragraph was retained by a recorded vote of 108 to 18, with 32 abstentions.",
        "Operative paragraph 4 was retained by a recorded vote of 109 to 19, with 31 abstentions.",
        "    Bahrain, Belarus, Burundi, Central African Republic, China, Democratic People's Republic of Korea, \
         Egypt, Eritrea, Iraq, Kenya, Mauritania, Oman, Russian Federation, Saudi Arabia, Sudan, Syrian Arab \
         Republic, Yemen, Zimbabwe.",
        "The draft resolution as a whole was adopted without a vote.",
    ] {
        assert!(record.contains(sentence), "the record lacks: {sentence}\n{record}");
    }
}

#[test]
fn case_9_the_committee_path_rejects_the_amendments_then_approves_without_a_vote() {
    let meeting = replayed("2017-third-committee-torture.jsonl");
    assert_eq!(result(&meeting, "A1").1, Outcome::Rejected);
    assert_eq!(result(&meeting, "A2").1, Outcome::Rejected);
    assert_eq!(decision(&meeting, "proposal"), Decision::WithoutVote);
    let record = Record::of(&meeting).to_text();
    assert!(record.contains(
        "The Committee rejected, by a recorded vote of 18 in favour to 108 against, with 32 abstentions, the \
         amendment proposed by the Sudan (A1)."
    ));
    assert!(record.contains("The draft resolution was approved without a vote."));
    assert!(record.contains("Note: Illustrative"), "the illustrative counts are marked in the record");
}

#[test]
fn a_draft_whose_operative_paragraphs_all_fail_gets_no_final_vote() {
    let meeting = replayed("all-operative-paragraphs-fail.jsonl");
    assert!(!decision(&meeting, "part:op1").adopted());
    assert!(!decision(&meeting, "part:op2").adopted());
    assert_eq!(decision(&meeting, "proposal"), Decision::NoOperativeParagraphRemains);
    assert!(meeting.votes.iter().all(|vote| vote.question != Question::Proposal));
}

#[test]
fn the_adoption_of_one_amendment_makes_the_competing_one_moot() {
    let meeting = replayed("competing-amendments.jsonl");
    assert_eq!(result(&meeting, "A1").1, Outcome::Adopted);
    assert_eq!(
        decision(&meeting, "amendment:A2"),
        Decision::NotPutToVote { because: NotPutBecause::ExcludedBy { amendment: "A1".into() } }
    );
    let amendment = Question::Amendment("A2".into());
    assert!(
        meeting.votes.iter().all(|vote| vote.question != amendment),
        "an amendment not put is never tallied"
    );
    assert!(
        Record::of(&meeting)
            .to_text()
            .contains("The draft resolution, as amended, was approved without a vote.")
    );
}

#[test]
fn an_important_question_needs_two_thirds_of_those_voting() {
    let meeting = replayed("two-thirds-question.jsonl");
    let (tally, outcome) = result(&meeting, "V1");
    assert_eq!(tally, Tally { yes: 105, no: 54, abstain: 28, non_voting: 6 });
    assert_eq!(meeting.vote("V1").map(|vote| vote.majority), Some(Majority::TwoThirds));
    assert_eq!(outcome, Outcome::Rejected, "105 of 159 is short of two thirds");
    assert_eq!(tally.outcome(Majority::Simple), Outcome::Adopted, "the same ballots carry a simple majority");
    assert!(
        Record::of(&meeting)
            .to_text()
            .contains("  Majority required: two-thirds (106 of the 159 voting yes or no)")
    );
}

#[test]
fn the_floor_and_quorum_of_the_2025_committee_action_on_l49() {
    let meeting = replayed("floor-and-quorum.jsonl");
    assert_eq!(meeting.present().map(|present| present.len()), Some(159));
    assert_eq!((meeting.present_count(), meeting.quorum_needed(), meeting.has_quorum()), (159, 97, true));
    assert_eq!(meeting.vote("A1").and_then(|vote| vote.present), Some(159), "the votes count those present");
    assert_eq!(result(&meeting, "A1").1, Outcome::Rejected);
    assert_eq!(result(&meeting, "V2").1, Outcome::Adopted);
    assert_eq!(decision(&meeting, "proposal"), Decision::WithoutVote);
    let record = Record::of(&meeting).to_text();
    for sentence in [
        "In the debate on the item, statements were made by the representatives of Denmark, the Sudan and the \
         United States of America.",
        "Statements were also made by the observers of the Holy See and the State of Palestine.",
        "An explanation of vote before the vote was given by the representative of Egypt.",
        "The representative of the Sudan raised a point of order; the Chair ruled that the explanation of vote \
         was in order",
        "Explanations of vote before the vote were given by the representatives of the United States of America \
         and the Russian Federation.",
        "Operative paragraph 4 was retained by a recorded vote of 109 to 19, with 31 abstentions.",
        "The draft resolution as a whole was approved without a vote.",
        "Explanations of vote after the vote were given by the representatives of Argentina and Singapore.",
        "The representative of the Sudan spoke in exercise of the right of reply.",
    ] {
        assert!(record.contains(sentence), "the record lacks: {sentence}\n{record}");
    }
    assert!(
        record.lines().filter(|line| line.contains("explanation")).all(|line| !line.contains("Pakistan")),
        "a delegation that withdrew its name did not speak"
    );
}

#[test]
fn replaying_the_same_events_gives_the_same_record_byte_for_byte() {
    for name in [
        "2017-plenary-torture.jsonl",
        "2017-third-committee-torture.jsonl",
        "all-operative-paragraphs-fail.jsonl",
        "competing-amendments.jsonl",
        "two-thirds-question.jsonl",
        "floor-and-quorum.jsonl",
    ] {
        let first = replayed(name);
        let events: Vec<_> =
            parse_log(&log(name)).expect("a log").into_iter().map(|logged| logged.event).collect();
        let rewritten = replay_log(&write_log(&events)).expect("the rewritten log replays");
        assert_eq!(first, rewritten, "{name}");
        let (text, json) =
            (Record::of(&first).to_text(), serde_json::to_string(&Record::of(&first)).expect("JSON"));
        assert_eq!(text, Record::of(&rewritten).to_text(), "{name}");
        assert_eq!(json, serde_json::to_string(&Record::of(&rewritten)).expect("JSON"), "{name}");
    }
}
