//! The floor and presence: the lists of speakers of an item (inscription, withdrawal, the chair's order,
//! the floor given with its time limit), explanations of vote, the right of reply, points of order, and the
//! quorum once presence is tracked. Each rule with its refusal, then the record's sentences as snapshots.

use plenary_core::procedure::{ProcedureError, Record, SpeakerList, StateRef, Turn};
use plenary_core::states;

use crate::support::Chamber;

fn state(name: &str) -> StateRef {
    name.parse().expect("a state in the table")
}

/// The Third Committee on the 2025 draft A/C.3/80/L.49, sponsored by Denmark.
fn committee() -> Chamber {
    let mut chamber = Chamber::open(
        r#"{"event":"meeting_opened","forum":"third-committee","meeting":"47th meeting","date":"2025-11-18"}"#,
    );
    chamber.then(r#"{"event":"item_opened","agenda_item":"71 (a)","title":"Promotion and protection of human rights: implementation of human rights instruments"}"#);
    chamber.then(r#"{"event":"draft_tabled","symbol":"A/C.3/80/L.49","title":"Torture and other cruel, inhuman or degrading treatment or punishment","preambular_paragraphs":16,"operative_paragraphs":55,"sponsors":["Denmark"]}"#);
    chamber
}

fn inscribe(list: &str, who: &str) -> String {
    format!(r#"{{"event":"speaker_inscribed","list":"{list}","state":"{who}"}}"#)
}

fn give(list: &str) -> String {
    format!(r#"{{"event":"floor_given","list":"{list}"}}"#)
}

fn give_to(list: &str, who: &str) -> String {
    format!(r#"{{"event":"floor_given","list":"{list}","state":"{who}"}}"#)
}

fn waiting(chamber: &Chamber, list: SpeakerList) -> Vec<String> {
    let item = chamber.meeting.current_item().expect("an item");
    item.floor.waiting(list).iter().map(|state| state.name().to_owned()).collect()
}

fn speaking(chamber: &Chamber) -> Option<Turn> {
    chamber.meeting.current_item().and_then(|item| item.floor.speaking.clone())
}

/// The approval of the draft without a vote, which ends the time for explanations before the vote.
fn approve(chamber: &mut Chamber) {
    chamber.then(r#"{"event":"consensus_proposed","question":"proposal"}"#);
    chamber.then(r#"{"event":"adopted_without_vote","question":"proposal"}"#);
}

#[test]
fn delegations_inscribe_and_withdraw_and_the_chair_orders_the_list_and_gives_the_floor() {
    let mut chamber = committee();
    for who in ["Denmark", "Sudan", "United States of America"] {
        chamber.then(&inscribe("debate", who));
    }
    chamber.then(r#"{"event":"speaker_withdrawn","list":"debate","state":"Sudan"}"#);
    chamber.then(&inscribe("debate", "Sudan"));
    assert_eq!(waiting(&chamber, SpeakerList::Debate), ["Denmark", "United States of America", "Sudan"]);
    chamber.then(
        r#"{"event":"speakers_ordered","list":"debate","order":["Sudan","Denmark","United States of America"]}"#,
    );
    chamber.then(&give("debate"));
    assert_eq!(
        speaking(&chamber),
        Some(Turn { list: SpeakerList::Debate, state: state("Sudan"), time_limit: None }),
        "the first waiting speaks; the debate has no limit unless one is set"
    );
    chamber.then(
        r#"{"event":"floor_given","list":"debate","state":"United States of America","time_limit":420}"#,
    );
    assert_eq!(
        speaking(&chamber),
        Some(Turn { list: SpeakerList::Debate, state: state("USA"), time_limit: Some(420) })
    );
    assert_eq!(waiting(&chamber, SpeakerList::Debate), ["Denmark"]);
}

#[test]
fn nobody_is_inscribed_twice_on_one_list_but_may_be_on_two() {
    let mut chamber = committee();
    chamber.then(&inscribe("debate", "Sudan"));
    assert_eq!(
        chamber.refused(&inscribe("debate", "SDN")),
        ProcedureError::AlreadyInscribed { state: "Sudan".into(), list: "the debate on the item" }
    );
    chamber.then(&inscribe("before_the_vote", "Sudan"));
    chamber.then(&inscribe("right_of_reply", "Sudan"));
    // Once it has spoken, it may put its name down again.
    chamber.then(&give("debate"));
    chamber.then(&inscribe("debate", "Sudan"));
}

#[test]
fn the_floor_goes_only_to_a_delegation_waiting_on_the_list() {
    let mut chamber = committee();
    assert_eq!(chamber.refused(&give("debate")), ProcedureError::NobodyWaiting("the debate on the item"));
    chamber.then(&inscribe("debate", "Sudan"));
    assert_eq!(
        chamber.refused(&give_to("debate", "Egypt")),
        ProcedureError::NotInscribed { state: "Egypt".into(), list: "the debate on the item" }
    );
    assert_eq!(
        chamber.refused(r#"{"event":"speaker_withdrawn","list":"right_of_reply","state":"Sudan"}"#),
        ProcedureError::NotInscribed { state: "Sudan".into(), list: "the right of reply" }
    );
    chamber.then(&give_to("debate", "Sudan"));
    assert_eq!(
        chamber.refused(&give_to("debate", "Sudan")),
        ProcedureError::NotInscribed { state: "Sudan".into(), list: "the debate on the item" },
        "a speaker leaves the list when it is given the floor"
    );
}

#[test]
fn the_chairs_order_is_a_permutation_of_those_waiting() {
    let mut chamber = committee();
    chamber.then(&inscribe("debate", "Sudan"));
    chamber.then(&inscribe("debate", "Egypt"));
    for order in [r#"["Sudan"]"#, r#"["Sudan","Egypt","Chile"]"#, r#"["Sudan","Sudan"]"#] {
        let error =
            chamber.refused(&format!(r#"{{"event":"speakers_ordered","list":"debate","order":{order}}}"#));
        assert!(matches!(error, ProcedureError::BadSpeakerOrder { .. }), "{order}: {error}");
    }
    let error = chamber.refused(r#"{"event":"speakers_ordered","list":"debate","order":["Sudan"]}"#);
    assert_eq!(
        error.to_string(),
        "the chair's order must list every delegation waiting on the list for the debate on the item exactly \
         once: given Sudan; waiting Sudan, Egypt"
    );
}

#[test]
fn a_sponsor_does_not_explain_its_vote_on_its_own_draft_from_the_list_either() {
    let mut chamber = committee();
    let refusal = ProcedureError::SponsorExplanation("Denmark".into());
    assert_eq!(chamber.refused(&inscribe("before_the_vote", "Denmark")), refusal);
    assert_eq!(chamber.refused(&inscribe("after_the_vote", "Denmark")), refusal);
    // The same rule as the explanation_of_vote event, from the same function.
    assert_eq!(
        chamber.refused(r#"{"event":"explanation_of_vote","state":"Denmark","timing":"before_the_vote"}"#),
        refusal
    );
}

#[test]
fn explanations_before_the_vote_end_when_the_draft_is_decided_or_its_vote_is_open() {
    let mut chamber = committee();
    chamber.then(&inscribe("before_the_vote", "Sudan"));
    chamber.then(r#"{"event":"vote_opened","vote":"V1","question":"proposal"}"#);
    assert!(matches!(chamber.refused(&give("before_the_vote")), ProcedureError::VoteInProgress { .. }));
    assert!(matches!(
        chamber.refused(&inscribe("before_the_vote", "Egypt")),
        ProcedureError::VoteInProgress { .. }
    ));
    // Putting a name down for later is not an interruption.
    chamber.then(&inscribe("after_the_vote", "Egypt"));
    chamber.then(&inscribe("debate", "Egypt"));
    chamber.cast("V1", 100, 20, 10);
    chamber.then(r#"{"event":"vote_locked","vote":"V1"}"#);
    chamber.then(r#"{"event":"vote_decided","vote":"V1"}"#);
    let decided = ProcedureError::DraftDecided("an explanation of vote before the vote");
    assert_eq!(chamber.refused(&give("before_the_vote")), decided);
    assert_eq!(chamber.refused(&inscribe("before_the_vote", "Chile")), decided);
}

#[test]
fn explanations_after_the_vote_follow_a_decision() {
    let mut chamber = committee();
    chamber.then(&inscribe("after_the_vote", "Sudan"));
    assert_eq!(chamber.refused(&give("after_the_vote")), ProcedureError::NothingDecidedYet);
    approve(&mut chamber);
    chamber.then(&give("after_the_vote"));
    assert_eq!(
        speaking(&chamber),
        Some(Turn { list: SpeakerList::AfterTheVote, state: state("Sudan"), time_limit: Some(600) }),
        "ten minutes for an explanation of vote (decision 34/401)"
    );
}

#[test]
fn one_explanation_per_delegation_at_each_point_whichever_way_it_is_given() {
    let mut chamber = committee();
    chamber.then(&inscribe("before_the_vote", "Sudan"));
    chamber.then(&give("before_the_vote"));
    let already = ProcedureError::ExplanationAlreadyGiven("Sudan".into());
    assert_eq!(chamber.refused(&inscribe("before_the_vote", "Sudan")), already);
    assert_eq!(
        chamber.refused(r#"{"event":"explanation_of_vote","state":"Sudan","timing":"before_the_vote"}"#),
        already
    );
    chamber.then(r#"{"event":"explanation_of_vote","state":"Egypt","timing":"before_the_vote"}"#);
    assert_eq!(
        chamber.refused(&inscribe("before_the_vote", "Egypt")),
        ProcedureError::ExplanationAlreadyGiven("Egypt".into())
    );
}

#[test]
fn the_right_of_reply_is_exercised_twice_at_most_ten_minutes_then_five() {
    let mut chamber = committee();
    chamber.then(&inscribe("right_of_reply", "Sudan"));
    chamber.then(&give("right_of_reply"));
    assert_eq!(speaking(&chamber).and_then(|turn| turn.time_limit), Some(600));
    chamber.then(&inscribe("right_of_reply", "Sudan"));
    chamber.then(&give("right_of_reply"));
    assert_eq!(speaking(&chamber).and_then(|turn| turn.time_limit), Some(300));
    assert_eq!(
        chamber.refused(&inscribe("right_of_reply", "Sudan")),
        ProcedureError::RightOfReplyExhausted("Sudan".into())
    );
    // Per item: under the next item the Sudan may reply again.
    chamber.then(r#"{"event":"item_opened","title":"Another item"}"#);
    chamber.then(&inscribe("right_of_reply", "Sudan"));
}

#[test]
fn an_observer_speaks_in_the_debate_and_in_reply_but_never_explains_a_vote() {
    let mut chamber = committee();
    chamber.then(&inscribe("debate", "Holy See"));
    chamber.then(&inscribe("right_of_reply", "State of Palestine"));
    chamber.then(&give("debate"));
    chamber.then(&give("right_of_reply"));
    chamber.then(r#"{"event":"point_of_order_raised","by":"State of Palestine"}"#);
    chamber.then(r#"{"event":"point_of_order_ruled","ruling":"the point was well taken"}"#);
    let observer = ProcedureError::ObserverDoesNotVote("Holy See".into());
    assert_eq!(chamber.refused(&inscribe("before_the_vote", "Holy See")), observer);
    assert_eq!(
        observer.to_string(),
        "Holy See may not explain its vote: it is an observer, which may speak but does not vote"
    );
    assert!(matches!(
        chamber.refused(r#"{"event":"explanation_of_vote","state":"Holy See","timing":"before_the_vote"}"#),
        ProcedureError::NotAMember { .. }
    ));
    assert!(matches!(
        chamber.refused(r#"{"event":"vote_requested","question":"proposal","by":"Holy See"}"#),
        ProcedureError::NotAMember { .. }
    ));
}

#[test]
fn a_point_of_order_is_ruled_on_at_once() {
    let mut chamber = committee();
    assert_eq!(
        chamber.refused(r#"{"event":"point_of_order_ruled","ruling":"it is in order"}"#),
        ProcedureError::NoPointOfOrder
    );
    chamber.then(r#"{"event":"point_of_order_raised","by":"Sudan"}"#);
    let pending = ProcedureError::PointOfOrderPending("Sudan".into());
    assert_eq!(chamber.refused(&inscribe("debate", "Egypt")), pending);
    assert_eq!(chamber.refused(r#"{"event":"point_of_order_raised","by":"Egypt"}"#), pending);
    assert_eq!(chamber.refused(r#"{"event":"vote_opened","vote":"V1","question":"proposal"}"#), pending);
    assert_eq!(
        chamber.refused(r#"{"event":"point_of_order_ruled","ruling":"  "}"#),
        ProcedureError::EmptyRuling
    );
    // Presence is not an act of the body: the secretariat may mark it meanwhile.
    chamber.then(r#"{"event":"presence_marked","states":["Egypt"],"present":true}"#);
    chamber.then(r#"{"event":"point_of_order_ruled","ruling":"the statement was in order"}"#);
    chamber.then(&inscribe("debate", "Egypt"));
}

#[test]
fn the_speaker_keeps_the_floor_until_the_body_moves_on() {
    let mut chamber = committee();
    chamber.then(&inscribe("debate", "Sudan"));
    chamber.then(&give("debate"));
    chamber.then(&inscribe("debate", "Egypt"));
    chamber.then(r#"{"event":"point_of_order_raised","by":"Chile"}"#);
    chamber.then(r#"{"event":"point_of_order_ruled","ruling":"the speaker may continue"}"#);
    assert_eq!(speaking(&chamber).map(|turn| turn.state), Some(state("Sudan")));
    chamber.then(r#"{"event":"vote_requested","question":"proposal","by":"Egypt"}"#);
    assert_eq!(speaking(&chamber), None);
}

/// Marks `count` members present, in UN order.
fn mark_present(chamber: &mut Chamber, count: usize) {
    let names: Vec<String> =
        states::members().take(count).map(|state| format!("\"{}\"", state.iso3)).collect();
    chamber.then(&format!(r#"{{"event":"presence_marked","states":[{}],"present":true}}"#, names.join(",")));
}

#[test]
fn until_presence_is_marked_the_whole_membership_is_taken_as_present() {
    let chamber = committee();
    let meeting = &chamber.meeting;
    assert_eq!(meeting.present(), None);
    assert_eq!(meeting.present_count(), 193);
    assert_eq!(meeting.quorum_needed(), 97);
    assert!(meeting.has_quorum());
}

#[test]
fn once_presence_is_tracked_a_vote_needs_the_quorum_of_rule_108() {
    let mut chamber = committee();
    chamber.then(r#"{"event":"presence_marked","states":["Denmark","Sudan","United States of America"],"present":true}"#);
    assert_eq!(chamber.meeting.present().map(|present| present.len()), Some(3));
    assert_eq!(chamber.meeting.present_count(), 3);
    assert!(!chamber.meeting.has_quorum());
    let error = chamber.refused(r#"{"event":"vote_opened","vote":"V1","question":"proposal"}"#);
    assert_eq!(
        error.to_string(),
        "no quorum: rule 108 requires a majority of the members (97 of 193) present for a decision; 3 are present"
    );
    // A vote that says who is present is taken at its word.
    chamber.then(r#"{"event":"vote_opened","vote":"V1","question":"proposal","present":120}"#);
    assert_eq!(chamber.meeting.vote("V1").and_then(|vote| vote.present), Some(120));
}

#[test]
fn once_presence_is_tracked_a_decision_without_a_vote_needs_the_quorum_of_rule_67() {
    let mut chamber = Chamber::plenary_with_draft(false, 11, 50);
    mark_present(&mut chamber, 96);
    chamber.then(r#"{"event":"consensus_proposed","question":"proposal"}"#);
    let error = chamber.refused(r#"{"event":"adopted_without_vote","question":"proposal"}"#);
    assert_eq!(error, ProcedureError::QuorumAbsent { rule: 67, members: 193, needed: 97, present: 96 });
    assert_eq!(
        error.to_string(),
        "no quorum: rule 67 requires a majority of the members (97 of 193) present for a decision; 96 are present"
    );
    chamber.then(r#"{"event":"presence_marked","states":["Zimbabwe"],"present":true}"#);
    chamber.then(r#"{"event":"adopted_without_vote","question":"proposal"}"#);
}

#[test]
fn a_vote_opened_with_presence_tracked_counts_those_present() {
    let mut chamber = committee();
    mark_present(&mut chamber, 193);
    chamber.then(r#"{"event":"presence_marked","states":["Denmark","Sudan"],"present":false}"#);
    assert_eq!(chamber.meeting.present_count(), 191);
    chamber.then(r#"{"event":"vote_opened","vote":"V1","question":"proposal"}"#);
    assert_eq!(chamber.meeting.vote("V1").and_then(|vote| vote.present), Some(191));
    // Marking presence does not interrupt the vote.
    chamber.then(r#"{"event":"presence_marked","states":["Denmark"],"present":true}"#);
}

#[test]
fn presence_names_members_of_the_body() {
    let mut chamber = committee();
    assert!(matches!(
        chamber.refused(r#"{"event":"presence_marked","states":["Holy See"],"present":true}"#),
        ProcedureError::NotAMember { .. }
    ));
    assert_eq!(
        chamber.refused(r#"{"event":"presence_marked","states":[],"present":true}"#),
        ProcedureError::NobodyMarked
    );
    assert_eq!(chamber.meeting.present(), None, "a refused marking does not start the tracking");
}

#[test]
fn members_without_a_vote_count_for_the_quorum_as_the_setting_says() {
    let opening = |counts: bool| {
        format!(
            r#"{{"event":"meeting_opened","forum":"plenary","meeting":"1st","date":"2025-09-09","article19":["Afghanistan","Albania"],"settings":{{"article19_counts_for_quorum":{counts}}}}}"#
        )
    };
    for (counts, expected) in [(true, 97), (false, 95)] {
        let mut chamber = Chamber::open(&opening(counts));
        mark_present(&mut chamber, 97);
        assert_eq!(chamber.meeting.present_count(), expected);
        assert_eq!(chamber.meeting.has_quorum(), counts);
    }
}

// The record's sentences.

/// The record's sentences for the item, after the draft line: one per line.
fn told(chamber: &Chamber) -> String {
    let record = Record::of(&chamber.meeting);
    let item = record.items.last().expect("an item");
    item.entries.iter().map(|entry| entry.text.as_str()).collect::<Vec<_>>().join("\n")
}

fn run(chamber: &mut Chamber, list: &str, speakers: &[&str]) {
    for who in speakers {
        chamber.then(&inscribe(list, who));
    }
    for _ in speakers {
        chamber.then(&give(list));
    }
}

#[test]
fn the_debate_is_told_in_one_sentence_per_kind_of_speaker() {
    let mut one = committee();
    run(&mut one, "debate", &["Sudan"]);
    insta::assert_snapshot!("debate_one_representative", told(&one));

    let mut many = committee();
    run(
        &mut many,
        "debate",
        &["Denmark", "Holy See", "Sudan", "State of Palestine", "United States of America"],
    );
    insta::assert_snapshot!("debate_representatives_and_observers", told(&many));

    let mut observers_first = committee();
    run(&mut observers_first, "debate", &["Holy See"]);
    observers_first.then(r#"{"event":"point_of_order_raised","by":"Bolivia (Plurinational State of)"}"#);
    observers_first.then(r#"{"event":"point_of_order_ruled","ruling":"the debate would continue"}"#);
    run(&mut observers_first, "debate", &["Bolivia (Plurinational State of)"]);
    insta::assert_snapshot!("debate_one_observer_then_one_representative", told(&observers_first));
}

#[test]
fn explanations_of_vote_are_told_in_one_sentence_per_run() {
    let mut chamber = committee();
    run(&mut chamber, "before_the_vote", &["Egypt"]);
    chamber.then(r#"{"event":"point_of_order_raised","by":"Sudan"}"#);
    chamber.then(r#"{"event":"point_of_order_ruled","ruling":"the explanation was in order"}"#);
    run(&mut chamber, "before_the_vote", &["Russian Federation", "Netherlands (Kingdom of the)", "Gambia"]);
    approve(&mut chamber);
    run(&mut chamber, "after_the_vote", &["Argentina"]);
    chamber.then(r#"{"event":"dissociated","state":"Sudan","parts":["op4"]}"#);
    run(
        &mut chamber,
        "after_the_vote",
        &["Singapore", "United Kingdom of Great Britain and Northern Ireland"],
    );
    insta::assert_snapshot!("explanations_before_and_after_one_and_many", told(&chamber));
}

#[test]
fn replies_and_points_of_order_name_the_speaker_and_the_chair() {
    let mut chamber = committee();
    run(&mut chamber, "right_of_reply", &["Sudan"]);
    chamber.then(r#"{"event":"point_of_order_raised","by":"Syrian Arab Republic"}"#);
    chamber.then(
        r#"{"event":"point_of_order_ruled","ruling":"the representative of the Sudan could continue"}"#,
    );
    run(&mut chamber, "right_of_reply", &["United States of America", "Sudan", "State of Palestine"]);
    chamber.then(r#"{"event":"point_of_order_raised","by":"Egypt"}"#);
    insta::assert_snapshot!("replies_and_points_of_order_ruled_and_pending", told(&chamber));

    let mut plenary = Chamber::plenary_with_draft(false, 11, 50);
    plenary.then(r#"{"event":"point_of_order_raised","by":"Holy See"}"#);
    plenary.then(r#"{"event":"point_of_order_ruled","ruling":"that the observer's point was in order."}"#);
    run(&mut plenary, "right_of_reply", &["Russian Federation", "Ukraine"]);
    insta::assert_snapshot!("plenary_point_of_order_ruled_by_the_president", told(&plenary));
}
