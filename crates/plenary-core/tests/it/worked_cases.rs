//! The worked cases of `spec/rules-of-procedure.md`, numbered as there. Case 9, the 2017 torture
//! resolution, is played from its real roll calls in `example_logs.rs`.

use plenary_core::procedure::{Choice, Decision, NotPutBecause, Outcome, ProcedureError, Question, Tally};

use crate::support::Chamber;

fn result(chamber: &Chamber, vote: &str) -> (Tally, Outcome) {
    let result = chamber.meeting.vote(vote).and_then(|vote| vote.result).expect("the vote is decided");
    (result.tally, result.outcome)
}

#[test]
fn case_1_a_plenary_vote_on_a_question_that_is_not_important() {
    let mut chamber = Chamber::plenary_with_draft(false, 11, 50);
    chamber.then(r#"{"event":"vote_requested","question":"proposal","by":"Sudan"}"#);
    chamber.vote("V1", "proposal", 120, 10, 30);
    let (tally, outcome) = result(&chamber, "V1");
    assert_eq!(tally, Tally { yes: 120, no: 10, abstain: 30, non_voting: 33 });
    assert_eq!(tally.members(), 193);
    assert_eq!(outcome, Outcome::Adopted);
    assert!(chamber.record().contains(
        "\nThe draft resolution was adopted by a recorded vote of 120 to 10, with 30 abstentions.\n"
    ));
    assert!(
        chamber
            .record()
            .contains("Yes: 120 | No: 10 | Abstentions: 30 | Non-voting: 33 | Total voting membership: 193")
    );
}

#[test]
fn case_2_a_tied_vote_is_rejected() {
    let mut chamber = Chamber::plenary_with_draft(false, 11, 50);
    chamber.vote("V1", "proposal", 60, 60, 50);
    assert_eq!(result(&chamber, "V1").1, Outcome::Rejected);
    assert!(
        chamber.record().contains(
            "The draft resolution was rejected by a recorded vote of 60 in favour to 60 against, with 50 abstentions."
        )
    );
}

#[test]
fn case_3_two_thirds_in_the_plenary_on_an_important_question_only() {
    let mut carried = Chamber::plenary_with_draft(true, 11, 50);
    carried.vote("V1", "proposal", 100, 50, 0);
    assert_eq!(result(&carried, "V1").1, Outcome::Adopted, "exactly two thirds carries");

    let mut short = Chamber::plenary_with_draft(true, 11, 50);
    short.vote("V1", "proposal", 99, 50, 0);
    assert_eq!(result(&short, "V1").1, Outcome::Rejected);

    let mut committee = Chamber::open(
        r#"{"event":"meeting_opened","forum":"fifth-committee","meeting":"20th meeting","date":"2017-12-19"}"#,
    );
    committee.item_with_draft(true, 11, 50).vote("V1", "proposal", 99, 50, 0);
    assert_eq!(result(&committee, "V1").1, Outcome::Adopted, "a Main Committee decides by simple majority");
}

#[test]
fn case_3_two_thirds_reaches_amendments_and_separate_parts_but_not_procedural_motions() {
    let mut chamber = Chamber::plenary_with_draft(true, 3, 2);
    chamber
        .then(r#"{"event":"motion_moved","id":"M1","kind":"close_debate","by":"Japan"}"#)
        .then(r#"{"event":"amendment_submitted","id":"A1","by":["Cuba"],"action":"delete","parts":["op2"]}"#)
        .then(r#"{"event":"division_requested","id":"D1","by":"Sudan","parts":["op1"]}"#);
    chamber.vote("V1", "motion:M1", 80, 70, 0);
    chamber.vote("V2", "amendment:A1", 80, 70, 0);
    chamber.vote("V3", "part:op1", 80, 70, 0);
    assert_eq!(result(&chamber, "V1").1, Outcome::Adopted, "procedural: simple majority");
    assert_eq!(
        result(&chamber, "V2").1,
        Outcome::Rejected,
        "an amendment to an important question: two thirds"
    );
    assert_eq!(result(&chamber, "V3").1, Outcome::Rejected, "a part of an important question: two thirds");
}

#[test]
fn case_4_abstentions_neither_help_nor_hurt() {
    let mut chamber = Chamber::plenary_with_draft(false, 11, 50);
    chamber.vote("V1", "proposal", 5, 4, 150);
    assert_eq!(
        result(&chamber, "V1"),
        (Tally { yes: 5, no: 4, abstain: 150, non_voting: 34 }, Outcome::Adopted)
    );
}

#[test]
fn case_5_when_every_operative_part_fails_the_draft_is_rejected_without_a_final_vote() {
    let mut chamber = Chamber::plenary_with_draft(false, 3, 2);
    chamber.then(
        r#"{"event":"division_requested","id":"D1","by":"Sudan","parts":["pp1","pp2","pp3","op1","op2"]}"#,
    );
    assert_eq!(chamber.next().as_deref(), Some("part:pp1"));
    chamber
        .vote("V1", "part:pp1", 90, 20, 10)
        .vote("V2", "part:pp2", 90, 20, 10)
        .vote("V3", "part:pp3", 90, 20, 10);
    chamber.vote("V4", "part:op1", 40, 70, 10).vote("V5", "part:op2", 40, 70, 10);

    let decision =
        chamber.meeting.current_item().and_then(|item| item.decision(&Question::Proposal)).cloned();
    assert_eq!(decision, Some(Decision::NoOperativeParagraphRemains));
    assert_eq!(chamber.next(), None);
    let error = chamber.refused(r#"{"event":"vote_opened","vote":"V6","question":"proposal"}"#);
    assert_eq!(error, ProcedureError::AlreadyDecided(Question::Proposal));
    assert!(chamber.record().contains(
        "All its operative paragraphs having been rejected, the draft resolution was rejected as a whole; no vote was taken on it."
    ));
}

#[test]
fn case_5_when_only_one_operative_part_fails_the_rest_is_put_as_a_whole() {
    let mut chamber = Chamber::plenary_with_draft(false, 3, 2);
    chamber.then(r#"{"event":"division_requested","id":"D1","by":"Sudan","parts":["op1","op2"]}"#);
    chamber.vote("V1", "part:op1", 90, 20, 10).vote("V2", "part:op2", 40, 70, 10);
    assert_eq!(chamber.next().as_deref(), Some("proposal"));
    chamber.then(r#"{"event":"adopted_without_vote","question":"proposal"}"#);
    let record = chamber.record();
    assert!(
        record.contains(
            "Operative paragraph 1 was retained by a recorded vote of 90 to 20, with 10 abstentions."
        )
    );
    assert!(record.contains(
        "The Assembly rejected operative paragraph 2 by a recorded vote of 40 in favour to 70 against, with 10 abstentions; the paragraph was removed from the draft."
    ));
    assert!(record.contains("The draft resolution as a whole was adopted without a vote."));
}

fn competing_amendments() -> Chamber {
    let mut chamber = Chamber::plenary_with_draft(false, 11, 50);
    chamber
        .then(r#"{"event":"amendment_submitted","id":"A2","document":"A/72/L.35","by":["Sudan"],"action":"reword","parts":["op5"],"text":"Also emphasizes that States must take measures to prevent torture;"}"#)
        .then(r#"{"event":"amendment_submitted","id":"A1","document":"A/72/L.34","by":["Sudan"],"action":"delete","parts":["op5"]}"#)
        .then(r#"{"event":"amendments_ordered","order":["A1","A2"]}"#);
    chamber
}

#[test]
fn case_6_an_adopted_amendment_makes_a_competing_one_moot() {
    let mut chamber = competing_amendments();
    assert_eq!(chamber.next().as_deref(), Some("amendment:A1"), "the chair ruled A1 furthest removed");
    chamber.vote("V1", "amendment:A1", 90, 60, 20);
    let item = chamber.meeting.current_item().expect("an item");
    assert_eq!(
        item.decision(&Question::Amendment("A2".into())),
        Some(&Decision::NotPutToVote { because: NotPutBecause::ExcludedBy { amendment: "A1".into() } })
    );
    assert_eq!(chamber.next().as_deref(), Some("proposal"));
    let error = chamber.refused(r#"{"event":"vote_opened","vote":"V2","question":"amendment:A2"}"#);
    assert_eq!(error, ProcedureError::AlreadyDecided(Question::Amendment("A2".into())));
    let record = chamber.record();
    assert!(record.contains(
        "The Assembly adopted, by a recorded vote of 90 to 60, with 20 abstentions, the amendment contained in document A/72/L.34."
    ));
    assert!(record.contains(
        "The amendment contained in document A/72/L.35 was not put to the vote, the adoption of the amendment contained in document A/72/L.34 having excluded it."
    ));
}

#[test]
fn case_6_a_rejected_amendment_leaves_the_competing_one_to_be_voted() {
    let mut chamber = competing_amendments();
    chamber.vote("V1", "amendment:A1", 60, 90, 20);
    assert_eq!(chamber.next().as_deref(), Some("amendment:A2"));
    chamber.vote("V2", "amendment:A2", 60, 90, 20);
    assert_eq!(chamber.next().as_deref(), Some("proposal"));
}

#[test]
fn case_7_an_amendment_to_an_amendment_is_voted_first() {
    let mut chamber = competing_amendments();
    chamber.then(r#"{"event":"amendment_submitted","id":"A2bis","by":["Egypt"],"amends":"A2","action":"reword","text":"Also emphasizes that States must take effective measures to prevent torture;"}"#);
    chamber.vote("V1", "amendment:A1", 60, 90, 20);
    assert_eq!(chamber.next().as_deref(), Some("amendment:A2bis"));
    let error = chamber.refused(r#"{"event":"vote_opened","vote":"V2","question":"amendment:A2"}"#);
    assert!(matches!(error, ProcedureError::OutOfOrder { .. }), "{error}");
    chamber.vote("V2", "amendment:A2bis", 100, 30, 20);
    assert_eq!(chamber.next().as_deref(), Some("amendment:A2"));
    chamber.vote("V3", "amendment:A2", 100, 30, 20);
    assert_eq!(chamber.next().as_deref(), Some("proposal"));
}

#[test]
fn case_8_a_member_without_a_vote_under_article_19_is_refused_and_never_counted() {
    let mut chamber = Chamber::open(
        r#"{"event":"meeting_opened","forum":"plenary","meeting":"73rd plenary meeting","date":"2017-12-19","article19":["Venezuela","Comoros","Somalia"],"article19_exempt":["Comoros","Somalia"]}"#,
    );
    chamber.item_with_draft(false, 11, 50);
    chamber.then(r#"{"event":"vote_opened","vote":"V1","question":"proposal"}"#);
    let error = chamber.refused(r#"{"event":"ballot_cast","vote":"V1","state":"Venezuela","choice":"no"}"#);
    assert_eq!(error, ProcedureError::Article19("Venezuela (Bolivarian Republic of)".into()));
    assert_eq!(
        error.to_string(),
        "Venezuela (Bolivarian Republic of) has no vote under Article 19 of the Charter"
    );
    chamber.then(r#"{"event":"ballot_cast","vote":"V1","state":"Comoros","choice":"yes"}"#);
    chamber.then(r#"{"event":"ballot_refused","vote":"V1","state":"Venezuela","choice":"no","reason":"no vote under Article 19 of the Charter"}"#);
    chamber.then(r#"{"event":"vote_locked","vote":"V1"}"#).then(r#"{"event":"vote_decided","vote":"V1"}"#);
    let (tally, _) = result(&chamber, "V1");
    assert_eq!(tally, Tally { yes: 1, no: 0, abstain: 0, non_voting: 192 });
    let record = chamber.record();
    assert!(
        record
            .contains("Without a vote under Article 19 of the Charter: Venezuela (Bolivarian Republic of).")
    );
    assert!(record.contains("Not counted: a vote cast by Venezuela (Bolivarian Republic of) (no vote under Article 19 of the Charter)."));
}

#[test]
fn case_8_a_refusal_the_rules_do_not_warrant_is_itself_refused() {
    let mut chamber = Chamber::plenary_with_draft(false, 11, 50);
    chamber.then(r#"{"event":"vote_opened","vote":"V1","question":"proposal"}"#);
    let error = chamber
        .refused(r#"{"event":"ballot_refused","vote":"V1","state":"Chile","choice":"yes","reason":"late"}"#);
    assert!(matches!(error, ProcedureError::RefusalNotWarranted { .. }));
}

#[test]
fn case_10_without_a_quorum_the_vote_cannot_open() {
    let mut chamber = Chamber::open(
        r#"{"event":"meeting_opened","forum":"third-committee","meeting":"47th meeting","date":"2017-11-14"}"#,
    );
    chamber.item_with_draft(false, 11, 50);
    let error = chamber.refused(r#"{"event":"vote_opened","vote":"V1","question":"proposal","present":90}"#);
    assert_eq!(error, ProcedureError::QuorumAbsent { rule: 108, members: 193, needed: 97, present: 90 });
    assert_eq!(
        error.to_string(),
        "no quorum: rule 108 requires a majority of the members (97 of 193) present for a decision; 90 are present"
    );
    chamber.then(r#"{"event":"vote_opened","vote":"V1","question":"proposal","present":97}"#);
}

#[test]
fn case_11_the_human_rights_council_counts_its_47_members() {
    let open = r#"{"event":"meeting_opened","forum":"human-rights-council","meeting":"40th session, 57th meeting","date":"2019-03-22"}"#;
    let mut adopted = Chamber::open(open);
    assert_eq!(adopted.meeting.members.len(), 47);
    adopted.item_with_draft(false, 11, 50);
    adopted.vote("V1", "proposal", 33, 6, 8);
    assert_eq!(
        result(&adopted, "V1"),
        (Tally { yes: 33, no: 6, abstain: 8, non_voting: 0 }, Outcome::Adopted)
    );

    let mut tied = Chamber::open(open);
    tied.item_with_draft(false, 11, 50).vote("V1", "proposal", 20, 20, 7);
    assert_eq!(result(&tied, "V1").1, Outcome::Rejected);
    assert!(
        tied.record().contains(
            "The draft resolution was rejected by a recorded vote of 20 in favour to 20 against, with 7 abstentions."
        )
    );

    let error = tied.refused(r#"{"event":"correction_noted","vote":"V1","state":"Norway","intended":"yes"}"#);
    assert_eq!(error.to_string(), "Norway is not a member of the Human Rights Council");
}

#[test]
fn case_12_a_vote_may_change_while_open_and_only_a_note_after_the_result() {
    let mut chamber = Chamber::plenary_with_draft(false, 11, 50);
    chamber.then(r#"{"event":"vote_opened","vote":"V1","question":"proposal"}"#);
    chamber.cast("V1", 100, 20, 10);
    chamber.then(r#"{"event":"ballot_cast","vote":"V1","state":"Ghana","choice":"no"}"#);
    chamber.then(r#"{"event":"ballot_cast","vote":"V1","state":"Ghana","choice":"yes"}"#);
    chamber.then(r#"{"event":"vote_locked","vote":"V1"}"#);
    let error = chamber.refused(r#"{"event":"ballot_cast","vote":"V1","state":"Ghana","choice":"abstain"}"#);
    assert_eq!(error, ProcedureError::VoteLocked("V1".into()));
    chamber.then(r#"{"event":"vote_decided","vote":"V1"}"#);
    let vote = chamber.meeting.vote("V1").expect("the vote");
    assert_eq!(vote.ballots.get(&"GHA".parse().expect("Ghana")), Some(&Choice::Yes));
    let before = result(&chamber, "V1");

    chamber.then(r#"{"event":"correction_noted","vote":"V1","state":"Ghana","intended":"abstain"}"#);
    assert_eq!(result(&chamber, "V1"), before, "a correction never changes the tally");
    assert!(
        chamber
            .record()
            .contains("  Subsequently, Ghana advised the Secretariat that it had intended to abstain.\n")
    );
}

#[test]
fn the_presiding_officer_does_not_vote_in_person() {
    let mut chamber = Chamber::open(
        r#"{"event":"meeting_opened","forum":"plenary","meeting":"73rd plenary meeting","date":"2017-12-19","presiding":"Slovakia"}"#,
    );
    chamber
        .item_with_draft(false, 11, 50)
        .then(r#"{"event":"vote_opened","vote":"V1","question":"proposal"}"#);
    let error = chamber.refused(r#"{"event":"ballot_cast","vote":"V1","state":"Slovakia","choice":"yes","by_presiding_officer":true}"#);
    assert!(matches!(error, ProcedureError::PresidingOfficerDoesNotVote(_)));
    chamber.then(r#"{"event":"ballot_cast","vote":"V1","state":"Slovakia","choice":"yes"}"#);
}

#[test]
fn refusals_say_why() {
    let mut chamber = Chamber::plenary_with_draft(false, 11, 50);
    let second_draft = chamber.refused(r#"{"event":"draft_tabled","symbol":"A/72/L.1","title":"x","preambular_paragraphs":1,"operative_paragraphs":1}"#);
    assert_eq!(second_draft.to_string(), "a draft (A/72/439/Add.1) has already been tabled under this item");
    let no_such_part =
        chamber.refused(r#"{"event":"division_requested","id":"D1","by":"Sudan","parts":["op51"]}"#);
    assert_eq!(
        no_such_part.to_string(),
        "the draft has 11 preambular and 50 operative paragraphs; it has no op51"
    );
    let observer = chamber.refused(r#"{"event":"vote_requested","question":"proposal","by":"Holy See"}"#);
    assert_eq!(observer.to_string(), "Holy See is not a member of the General Assembly");

    chamber.then(r#"{"event":"vote_opened","vote":"V1","question":"proposal"}"#);
    let interruption = chamber.refused(r#"{"event":"sponsor_joined","state":"Chile"}"#);
    assert_eq!(
        interruption.to_string(),
        "vote V1 is in progress: only ballots, the lock and the result are in order, not sponsor_joined"
    );
    chamber.then(r#"{"event":"vote_locked","vote":"V1"}"#).then(r#"{"event":"vote_decided","vote":"V1"}"#);
    let second_vote = chamber.refused(r#"{"event":"vote_opened","vote":"V2","question":"proposal"}"#);
    assert_eq!(second_vote, ProcedureError::SecondVoteOnQuestion("V1".into(), Question::Proposal));
    let late_revision =
        chamber.refused(r#"{"event":"oral_revision","by":"Denmark","part":"op1","text":"x"}"#);
    assert_eq!(late_revision, ProcedureError::DraftDecided("oral_revision"));
}

#[test]
fn sponsors_may_not_explain_their_vote_on_their_own_draft() {
    let mut chamber = Chamber::plenary_with_draft(false, 11, 50);
    let error =
        chamber.refused(r#"{"event":"explanation_of_vote","state":"Denmark","timing":"before_the_vote"}"#);
    assert_eq!(error, ProcedureError::SponsorExplanation("Denmark".into()));
    chamber.then(r#"{"event":"explanation_of_vote","state":"Sudan","timing":"before_the_vote"}"#);
    let twice =
        chamber.refused(r#"{"event":"explanation_of_vote","state":"Sudan","timing":"before_the_vote"}"#);
    assert_eq!(twice, ProcedureError::ExplanationAlreadyGiven("Sudan".into()));
}

#[test]
fn the_board_hides_votes_until_the_lock_when_so_configured() {
    use plenary_core::procedure::board::{Shown, board};
    let mut chamber = Chamber::plenary_with_draft(false, 11, 50);
    chamber.then(r#"{"event":"vote_opened","vote":"V1","question":"proposal","reveal":"after_lock"}"#);
    chamber.then(r#"{"event":"ballot_cast","vote":"V1","state":"Ghana","choice":"no"}"#);
    let open = board(&chamber.meeting, "V1").expect("a board");
    let ghana = |board: &plenary_core::procedure::board::Board| {
        board.seats.iter().find(|seat| seat.name == "Ghana").map(|seat| seat.shown)
    };
    assert_eq!(ghana(&open), Some(Shown::Voted));
    assert_eq!((open.voted, open.tally), (1, None), "the totals stay hidden while open");
    assert_eq!(open.seats.len(), 193);
    assert_eq!(open.seats[0].name, "Afghanistan");
    chamber.then(r#"{"event":"vote_locked","vote":"V1"}"#);
    let locked = board(&chamber.meeting, "V1").expect("a board");
    assert_eq!(ghana(&locked), Some(Shown::No));
    assert_eq!(locked.tally, Some(Tally { yes: 0, no: 1, abstain: 0, non_voting: 192 }));
}
