//! The invariants of the specification, checked on random event sequences against a small reference model
//! that is obviously correct because it does nothing but follow the rules as written.

use std::collections::{BTreeMap, BTreeSet};

use plenary_core::procedure::{
    AmendmentAction, Choice, Decision, Event, Majority, Meeting, Outcome, Part, Question, Record, StateRef,
    Tally, queue, replay,
};
use plenary_core::states;
use proptest::prelude::*;
use time::macros::date;

fn state(code: &str) -> StateRef {
    code.parse().expect("a state in the table")
}

/// Every member and observer state in UN order: the casts draw from all of them, so some are not members.
fn every_state() -> Vec<StateRef> {
    states::all().iter().map(|entry| state(&entry.iso3)).collect()
}

#[derive(Debug, Clone)]
enum VoteOp {
    Cast { state: usize, choice: Choice },
    Refuse { state: usize, choice: Choice },
    Lock,
    Decide,
    Correct { state: usize, intended: Choice },
}

fn choice() -> impl Strategy<Value = Choice> {
    prop_oneof![Just(Choice::Yes), Just(Choice::No), Just(Choice::Abstain)]
}

fn vote_op(states: usize) -> impl Strategy<Value = VoteOp> {
    prop_oneof![
        20 => (0..states, choice()).prop_map(|(state, choice)| VoteOp::Cast { state, choice }),
        2 => (0..states, choice()).prop_map(|(state, choice)| VoteOp::Refuse { state, choice }),
        1 => Just(VoteOp::Lock),
        1 => Just(VoteOp::Decide),
        1 => (0..states, choice()).prop_map(|(state, intended)| VoteOp::Correct { state, intended }),
    ]
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Forum {
    Plenary,
    Committee,
    Council,
}

fn opening(forum: Forum, article19: &[StateRef], exempt: &[StateRef]) -> Event {
    let (name, date) = match forum {
        Forum::Plenary => ("plenary", date!(2017 - 12 - 19)),
        Forum::Committee => ("third-committee", date!(2017 - 11 - 14)),
        Forum::Council => ("human-rights-council", date!(2019 - 03 - 22)),
    };
    Event::MeetingOpened {
        forum: name.parse().expect("a forum"),
        meeting: "a meeting".into(),
        date,
        members: None,
        article19: article19.to_vec(),
        article19_exempt: exempt.to_vec(),
        presiding: None,
        settings: Default::default(),
        note: None,
    }
}

fn item_and_draft(important: bool, preambular: u16, operative: u16) -> [Event; 2] {
    [
        Event::ItemOpened { agenda_item: None, title: "An item".into(), important_question: important },
        Event::DraftTabled {
            symbol: "A/C.3/80/L.49".into(),
            title: "Torture and other cruel, inhuman or degrading treatment or punishment".into(),
            preambular_paragraphs: preambular,
            operative_paragraphs: operative,
            sponsors: vec![state("DNK")],
        },
    ]
}

/// The reference model of one vote: a plain map of latest choices and a status word.
struct ReferenceVote {
    members: BTreeSet<StateRef>,
    without_vote: BTreeSet<StateRef>,
    status: &'static str,
    ballots: BTreeMap<StateRef, Choice>,
}

impl ReferenceVote {
    /// Whether the rules accept the operation, applying it if so.
    fn apply(&mut self, op: &VoteOp, states: &[StateRef]) -> bool {
        match op {
            VoteOp::Cast { state, choice } => {
                let state = &states[*state];
                let in_order = self.members.contains(state)
                    && !self.without_vote.contains(state)
                    && self.status == "open";
                if in_order {
                    self.ballots.insert(state.clone(), *choice);
                }
                in_order
            }
            VoteOp::Refuse { state, .. } => {
                let state = &states[*state];
                !(self.members.contains(state) && !self.without_vote.contains(state) && self.status == "open")
            }
            VoteOp::Lock => self.advance("open", "locked"),
            VoteOp::Decide => self.advance("locked", "decided"),
            VoteOp::Correct { state, .. } => {
                self.status == "decided" && self.members.contains(&states[*state])
            }
        }
    }

    /// Moves from `from` to `to`; in any other status the step is out of order.
    fn advance(&mut self, from: &'static str, to: &'static str) -> bool {
        let in_order = self.status == from;
        if in_order {
            self.status = to;
        }
        in_order
    }

    fn tally(&self) -> Tally {
        let count = |wanted| {
            u32::try_from(self.ballots.values().filter(|choice| **choice == wanted).count()).unwrap_or(0)
        };
        let (yes, no, abstain) = (count(Choice::Yes), count(Choice::No), count(Choice::Abstain));
        let members = u32::try_from(self.members.len()).unwrap_or(0);
        Tally { yes, no, abstain, non_voting: members - yes - no - abstain }
    }
}

fn to_event(op: &VoteOp, states: &[StateRef]) -> Event {
    let vote = "V1".to_owned();
    match op {
        VoteOp::Cast { state, choice } => Event::BallotCast {
            vote,
            state: states[*state].clone(),
            choice: *choice,
            by_presiding_officer: false,
        },
        VoteOp::Refuse { state, choice } => Event::BallotRefused {
            vote,
            state: states[*state].clone(),
            choice: *choice,
            reason: "refused".into(),
        },
        VoteOp::Lock => Event::VoteLocked { vote },
        VoteOp::Decide => Event::VoteDecided { vote },
        VoteOp::Correct { state, intended } => {
            Event::CorrectionNoted { vote, state: states[*state].clone(), intended: *intended }
        }
    }
}

proptest! {
    /// One counted ballot per member, only entitled members counted, the four counts add up to the body,
    /// a tie is never adopted, a decided result never changes, and the engine accepts exactly what the
    /// reference model accepts.
    #[test]
    fn a_vote_counts_exactly_what_the_rules_allow(
        forum in prop_oneof![Just(Forum::Plenary), Just(Forum::Committee), Just(Forum::Council)],
        important in any::<bool>(),
        arrears in proptest::sample::subsequence((0..195usize).collect::<Vec<_>>(), 0..6),
        exempt_count in 0usize..3,
        ops in proptest::collection::vec(vote_op(195), 0..400),
    ) {
        let states = every_state();
        prop_assert_eq!(states.len(), 195, "193 members and 2 observers");
        let mut meeting = Meeting::open(&opening(forum, &[], &[])).expect("opens");
        let members = meeting.members.clone();
        // Only members can be in arrears; exemptions come from among them.
        let article19: Vec<StateRef> = arrears.iter().map(|&index| states[index].clone()).filter(|state| members.contains(state)).collect();
        let exempt: Vec<StateRef> = article19.iter().take(exempt_count).cloned().collect();
        meeting = Meeting::open(&opening(forum, &article19, &exempt)).expect("opens");
        let mut events = vec![opening(forum, &article19, &exempt)];
        for event in item_and_draft(important, 11, 50) {
            meeting.apply(&event).expect("accepted");
            events.push(event);
        }
        let opened = Event::VoteOpened { vote: "V1".into(), question: Question::Proposal, method: Default::default(), present: None, reveal: Default::default() };
        meeting.apply(&opened).expect("the vote opens");
        events.push(opened);

        let article19_applies = forum != Forum::Council;
        let without_vote: BTreeSet<StateRef> = if article19_applies {
            article19.iter().filter(|state| !exempt.contains(state)).cloned().collect()
        } else {
            BTreeSet::new()
        };
        let mut reference = ReferenceVote { members: members.clone(), without_vote, status: "open", ballots: BTreeMap::new() };
        let mut decided: Option<(Tally, Outcome)> = None;
        for op in &ops {
            let event = to_event(op, &states);
            let accepted = meeting.apply(&event).is_ok();
            prop_assert_eq!(accepted, reference.apply(op, &states), "{:?}", op);
            if accepted {
                events.push(event);
            }
            let vote = meeting.vote("V1").expect("the vote");
            match (&decided, vote.result) {
                (None, Some(result)) => decided = Some((result.tally, result.outcome)),
                (Some(before), Some(result)) => prop_assert_eq!(*before, (result.tally, result.outcome), "a decided result never changes"),
                (Some(_), None) => prop_assert!(false, "a result disappeared"),
                (None, None) => {}
            }
        }

        let vote = meeting.vote("V1").expect("the vote");
        prop_assert!(vote.ballots.keys().all(|state| reference.members.contains(state) && !reference.without_vote.contains(state)));
        if let Some((tally, outcome)) = decided {
            prop_assert_eq!(tally, reference.tally());
            prop_assert_eq!(tally.members() as usize, members.len());
            let majority = if forum == Forum::Plenary && important { Majority::TwoThirds } else { Majority::Simple };
            prop_assert_eq!(outcome, tally.outcome(majority));
            if tally.yes == tally.no {
                prop_assert_eq!(outcome, Outcome::Rejected, "a tie is never adopted");
            }
        }

        let again = replay(&events).expect("the accepted events replay");
        prop_assert_eq!(&again, &meeting);
        prop_assert_eq!(Record::of(&again).to_text(), Record::of(&meeting).to_text());
    }
}

/// A random item: a draft, requests for division, amendments (some to other amendments) and the chair's
/// order; then the body takes up each next question and decides it at random.
#[derive(Debug, Clone)]
struct Scenario {
    preambular: u16,
    operative: u16,
    divisions: Vec<(Vec<u16>, bool)>,
    amendments: Vec<(u8, u16, Option<usize>)>,
    order_seed: Vec<usize>,
    outcomes: Vec<u8>,
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (1u16..4, 1u16..5)
        .prop_flat_map(|(preambular, operative)| {
            let parts = preambular + operative;
            (
                Just(preambular),
                Just(operative),
                proptest::collection::vec((proptest::collection::vec(0..parts, 1..4), any::<bool>()), 0..3),
                proptest::collection::vec(
                    (0u8..3, 0..parts, proptest::option::weighted(0.3, 0usize..4)),
                    0..5,
                ),
                proptest::collection::vec(any::<usize>(), 5),
                proptest::collection::vec(0u8..3, 40),
            )
        })
        .prop_map(|(preambular, operative, divisions, amendments, order_seed, outcomes)| Scenario {
            preambular,
            operative,
            divisions,
            amendments,
            order_seed,
            outcomes,
        })
}

fn part_at(index: u16, preambular: u16) -> Part {
    if index < preambular { Part::Preambular(index + 1) } else { Part::Operative(index - preambular + 1) }
}

/// Three members decide every vote: two yes and one no carries, one yes and two no fails.
fn decide_by_vote(
    meeting: &mut Meeting,
    events: &mut Vec<Event>,
    id: &str,
    question: &Question,
    carries: bool,
) {
    let opened = Event::VoteOpened {
        vote: id.into(),
        question: question.clone(),
        method: Default::default(),
        present: None,
        reveal: Default::default(),
    };
    let ballots =
        if carries { [Choice::Yes, Choice::Yes, Choice::No] } else { [Choice::Yes, Choice::No, Choice::No] };
    let mut sequence = vec![opened];
    for (code, choice) in ["ARG", "BRA", "CHL"].into_iter().zip(ballots) {
        sequence.push(Event::BallotCast {
            vote: id.into(),
            state: state(code),
            choice,
            by_presiding_officer: false,
        });
    }
    sequence.push(Event::VoteLocked { vote: id.into() });
    sequence.push(Event::VoteDecided { vote: id.into() });
    for event in sequence {
        meeting.apply(&event).unwrap_or_else(|error| panic!("{event:?}: {error}"));
        events.push(event);
    }
}

proptest! {
    /// A draft whose operative paragraphs all failed never reaches a vote as a whole; an amendment not put
    /// to the vote is never tallied; every question is decided once and in the specification's order; and
    /// an amendment is moot exactly when an earlier adopted one altered the same paragraph.
    #[test]
    fn the_queue_follows_the_rules(scenario in scenario()) {
        let mut meeting = Meeting::open(&opening(Forum::Committee, &[], &[])).expect("opens");
        let mut events = vec![opening(Forum::Committee, &[], &[])];
        let apply = |meeting: &mut Meeting, events: &mut Vec<Event>, event: Event| -> bool {
            let accepted = meeting.apply(&event).is_ok();
            if accepted {
                events.push(event);
            }
            accepted
        };
        for event in item_and_draft(false, scenario.preambular, scenario.operative) {
            let accepted = apply(&mut meeting, &mut events, event);
            prop_assert!(accepted);
        }
        for (index, (parts, objected)) in scenario.divisions.iter().enumerate() {
            let parts = parts.iter().map(|&part| part_at(part, scenario.preambular)).collect();
            let id = format!("D{index}");
            let accepted = apply(&mut meeting, &mut events, Event::DivisionRequested { id: id.clone(), by: state("EGY"), parts });
            prop_assert!(accepted);
            if *objected {
                let accepted = apply(&mut meeting, &mut events, Event::DivisionObjected { division: id, by: state("LIE") });
            prop_assert!(accepted);
            }
        }
        let mut submitted: Vec<String> = Vec::new();
        for (index, (action, part, amends)) in scenario.amendments.iter().enumerate() {
            let amends = amends.and_then(|parent| submitted.get(parent).cloned());
            let action = [AmendmentAction::Delete, AmendmentAction::Reword, AmendmentAction::Add][usize::from(*action)];
            let id = format!("A{index}");
            let parts = if amends.is_some() { Vec::new() } else { vec![part_at(*part, scenario.preambular)] };
            let event = Event::AmendmentSubmitted { id: id.clone(), document: None, by: vec![state("SDN")], amends, action, parts, text: None };
            let accepted = apply(&mut meeting, &mut events, event);
            prop_assert!(accepted);
            submitted.push(id);
        }
        let item = meeting.current_item().expect("an item");
        let mut to_the_draft: Vec<String> = item.amendments.iter().filter(|amendment| amendment.amends.is_none()).map(|amendment| amendment.id.clone()).collect();
        for (position, seed) in scenario.order_seed.iter().enumerate() {
            if !to_the_draft.is_empty() {
                let other = seed % to_the_draft.len();
                let length = to_the_draft.len();
                to_the_draft.swap(position % length, other);
            }
        }
        if !to_the_draft.is_empty() {
            let accepted = apply(&mut meeting, &mut events, Event::AmendmentsOrdered { order: to_the_draft });
            prop_assert!(accepted);
        }

        let mut step = 0;
        while let Some(question) = meeting.next_question() {
            let outcome = scenario.outcomes[step % scenario.outcomes.len()];
            step += 1;
            prop_assert!(step < 60, "the queue must end");
            if outcome == 0 {
                let accepted = apply(&mut meeting, &mut events, Event::AdoptedWithoutVote { question });
            prop_assert!(accepted);
            } else {
                decide_by_vote(&mut meeting, &mut events, &format!("V{step}"), &question, outcome == 1);
            }
        }

        let item = meeting.current_item().expect("an item").clone();
        let decisions = &item.decisions;
        // Each question once, and each vote on a question that was put.
        let questions: BTreeSet<&Question> = decisions.iter().map(|(question, _)| question).collect();
        prop_assert_eq!(questions.len(), decisions.len(), "a question decided twice");
        for vote in &meeting.votes {
            let decision = item.decision(&vote.question).expect("a voted question is decided");
            prop_assert!(decision.was_put(), "a question not put to the vote was tallied");
        }
        // The specification's order: motions, divisions, amendments (each after its own amendments), parts,
        // the proposal.
        let rank = |question: &Question| match question {
            Question::Motion(_) => 0,
            Question::Division(_) => 1,
            Question::Amendment(_) => 2,
            Question::Part(_) => 3,
            Question::Proposal => 4,
        };
        prop_assert!(decisions.windows(2).all(|pair| rank(&pair[0].0) <= rank(&pair[1].0)), "{:?}", decisions);
        let position = |id: &str| decisions.iter().position(|(question, _)| question == &Question::Amendment(id.to_owned()));
        for amendment in &item.amendments {
            if let (Some(parent), Some(child)) = (amendment.amends.as_deref().and_then(position), position(&amendment.id)) {
                prop_assert!(child < parent, "an amendment to an amendment comes first");
            }
        }
        // The reference rule for moot amendments, written out directly.
        let adopted = |question: &Question| item.decision(question).is_some_and(Decision::adopted);
        for (index, (question, decision)) in decisions.iter().enumerate() {
            let Question::Amendment(id) = question else { continue };
            let amendment = item.amendment(id).expect("known");
            let mut root = amendment;
            while let Some(parent) = root.amends.as_deref().and_then(|parent| item.amendment(parent)) {
                root = parent;
            }
            let excluded = decisions[..index].iter().any(|(earlier, _)| match earlier {
                Question::Amendment(earlier_id) => {
                    let earlier_amendment = item.amendment(earlier_id).expect("known");
                    adopted(earlier) && queue::excludes(earlier_amendment, root)
                }
                _ => false,
            });
            prop_assert_eq!(excluded, matches!(decision, Decision::NotPutToVote { .. }), "{:?}", question);
        }
        // A draft with no operative paragraph left is rejected without a final vote, and only then.
        let removed = |part: Part| {
            let failed = matches!(item.decision(&Question::Part(part)), Some(decision) if decision.was_put() && !decision.adopted());
            let deleted = item.amendments.iter().any(|amendment| {
                amendment.amends.is_none()
                    && amendment.action == AmendmentAction::Delete
                    && amendment.parts.contains(&part)
                    && adopted(&Question::Amendment(amendment.id.clone()))
            });
            failed || deleted
        };
        let all_removed = (1..=scenario.operative).map(Part::Operative).all(removed);
        let proposal = item.decision(&Question::Proposal).expect("the proposal is settled");
        prop_assert_eq!(all_removed, *proposal == Decision::NoOperativeParagraphRemains);
        if all_removed {
            prop_assert!(meeting.votes.iter().all(|vote| vote.question != Question::Proposal));
        }

        let again = replay(&events).expect("the accepted events replay");
        prop_assert_eq!(Record::of(&again).to_text(), Record::of(&meeting).to_text());
        prop_assert_eq!(
            serde_json::to_string(&Record::of(&again)).expect("JSON"),
            serde_json::to_string(&Record::of(&meeting)).expect("JSON")
        );
    }
}
