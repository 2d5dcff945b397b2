//! The state of a meeting, as a pure fold over its events.
//!
//! [`Meeting::apply`] checks an event against the rules and either applies it whole or refuses it with a
//! [`ProcedureError`] and leaves the state as it was. The same events therefore always give the same state,
//! and [`replay`] of a log is the state the meeting reached.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use time::Date;

use super::error::ProcedureError;
use super::event::{
    AmendmentAction, Event, MotionKind, Part, Present, Question, Reveal, SpeakerList, StateRef, Timing,
};
use super::floor::Floor;
use super::forum::{Forum, Settings};
use super::hrc;
use super::majority::{Choice, Majority, Outcome, Tally};
use super::queue::{self, Decision};
use super::wording::Method;
use crate::states;

/// A meeting: the body, who may vote in it, the items it took up and every vote it held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Meeting {
    pub forum: Forum,
    pub meeting: String,
    pub date: Date,
    /// The members of the body.
    pub members: BTreeSet<StateRef>,
    /// Members without a vote under Article 19 in this body (arrears, less exemptions; empty where the
    /// Article does not apply).
    pub article19: BTreeSet<StateRef>,
    /// Members in arrears the Assembly allowed to vote.
    pub article19_exempt: BTreeSet<StateRef>,
    pub presiding: Option<StateRef>,
    pub settings: Settings,
    pub note: Option<String>,
    pub items: Vec<Item>,
    /// Every vote of the meeting, in the order they opened.
    pub votes: Vec<Vote>,
    /// The members marked present, from the first `presence_marked` event on; `None` before it, when the
    /// whole membership is taken to be present.
    pub presence: Option<BTreeSet<StateRef>>,
}

/// An agenda item and the action taken on its draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    pub agenda_item: Option<String>,
    pub title: String,
    pub important_question: bool,
    pub draft: Option<Draft>,
    pub motions: Vec<Motion>,
    pub divisions: Vec<Division>,
    /// Amendments in the order they were submitted.
    pub amendments: Vec<Amendment>,
    /// The chair's ruling on the order of the amendments to the draft, when there was one.
    pub amendment_order: Option<Vec<String>>,
    /// Votes requested, by question: who asked and how.
    pub vote_requests: BTreeMap<Question, (StateRef, Method)>,
    /// Questions decided (or not put to the vote), in the order it happened.
    pub decisions: Vec<(Question, Decision)>,
    /// What the record tells, in the order it happened.
    pub steps: Vec<Step>,
    /// Whether action on the draft has begun: oral revisions are then out of order.
    pub action_begun: bool,
    /// The lists of speakers and who has the floor.
    pub floor: Floor,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Draft {
    pub symbol: String,
    pub title: String,
    pub preambular_paragraphs: u16,
    pub operative_paragraphs: u16,
    /// Sponsors in the order they joined.
    pub sponsors: Vec<StateRef>,
    /// The sponsors who hold the pen: those the draft was tabled with, while they remain sponsors. Only
    /// they revise it orally; a state that joins the sponsors from the floor supports the text, it does
    /// not rewrite it.
    #[serde(skip)]
    pub pen_holders: Vec<StateRef>,
}

impl Draft {
    pub fn has_part(&self, part: Part) -> bool {
        match part {
            Part::Preambular(number) => number <= self.preambular_paragraphs,
            Part::Operative(number) => number <= self.operative_paragraphs,
        }
    }

    pub fn operative_parts(&self) -> impl Iterator<Item = Part> {
        (1..=self.operative_paragraphs).map(Part::Operative)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Motion {
    pub id: String,
    pub kind: MotionKind,
    pub by: StateRef,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Division {
    pub id: String,
    pub by: StateRef,
    pub parts: Vec<Part>,
    pub objected_by: Option<StateRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Amendment {
    pub id: String,
    pub document: Option<String>,
    pub by: Vec<StateRef>,
    pub amends: Option<String>,
    pub action: AmendmentAction,
    pub parts: Vec<Part>,
    pub text: Option<String>,
    pub withdrawn: bool,
}

/// Something the record tells about an item, in the order it happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    SponsorJoined {
        state: StateRef,
    },
    SponsorWithdrew {
        state: StateRef,
    },
    OralRevision {
        by: StateRef,
        part: Part,
        text: String,
    },
    MotionMoved {
        id: String,
    },
    DivisionRequested {
        id: String,
    },
    DivisionObjected {
        id: String,
        by: StateRef,
    },
    AmendmentSubmitted {
        id: String,
    },
    AmendmentWithdrawn {
        id: String,
    },
    VoteRequested {
        question: Question,
        by: StateRef,
        method: Method,
    },
    /// An explanation of vote: from an `explanation_of_vote` event, or given the floor from a list of
    /// speakers (`from_list`), which the record groups with the explanations given next to it.
    Explanation {
        state: StateRef,
        timing: Timing,
        summary: Option<String>,
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        from_list: bool,
    },
    /// A statement in the debate on the item or in exercise of the right of reply.
    Spoke {
        list: SpeakerList,
        state: StateRef,
    },
    /// A point of order and, once given, the chair's ruling on it.
    PointOfOrder {
        by: StateRef,
        ruling: Option<String>,
    },
    Decided {
        question: Question,
        decision: Decision,
    },
    Dissociated {
        state: StateRef,
        parts: Vec<Part>,
    },
}

/// One vote, from opening to result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Vote {
    pub id: String,
    /// The index of the item in [`Meeting::items`].
    pub item: usize,
    pub question: Question,
    pub method: Method,
    pub reveal: Reveal,
    pub majority: Majority,
    pub status: VoteStatus,
    /// The size of the body when the vote opened.
    pub members: u32,
    /// Who could vote, snapshotted when the vote opened.
    pub entitled: BTreeSet<StateRef>,
    /// Members without a vote under Article 19 when the vote opened.
    pub article19: BTreeSet<StateRef>,
    pub present: Option<u32>,
    /// Which members were present when the vote opened, when the vote or the meeting's presence names
    /// them: the exports mark the others "absent" rather than "not voting".
    pub present_members: Option<BTreeSet<StateRef>>,
    /// The latest choice of each member that voted.
    pub ballots: BTreeMap<StateRef, Choice>,
    /// Members that changed their vote while it was open, each once.
    pub changed: BTreeSet<StateRef>,
    pub refused: Vec<RefusedCast>,
    pub corrections: Vec<Correction>,
    pub result: Option<VoteResult>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum VoteStatus {
    Open,
    Locked,
    Decided,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RefusedCast {
    pub state: StateRef,
    pub choice: Choice,
    pub reason: String,
}

/// "Subsequently, X advised the Secretariat that it had intended to vote in favour." It never changes the
/// tally.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Correction {
    pub state: StateRef,
    pub intended: Choice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct VoteResult {
    pub tally: Tally,
    pub outcome: Outcome,
}

/// Where a log could not be replayed: the 0-based index of the event and why it was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("event {} ({event}): {error}", index + 1)]
pub struct ReplayError {
    pub index: usize,
    pub event: &'static str,
    pub error: ProcedureError,
}

/// The meeting a log of events describes, or the first event the rules refuse.
pub fn replay<'a>(events: impl IntoIterator<Item = &'a Event>) -> Result<Meeting, ReplayError> {
    let mut meeting: Option<Meeting> = None;
    for (index, event) in events.into_iter().enumerate() {
        let refused = |error| ReplayError { index, event: event.name(), error };
        match &mut meeting {
            None => meeting = Some(Meeting::open(event).map_err(refused)?),
            Some(meeting) => meeting.apply(event).map_err(refused)?,
        }
    }
    meeting.ok_or(ReplayError { index: 0, event: "none", error: ProcedureError::MeetingNotOpened })
}

impl Meeting {
    /// The meeting a `meeting_opened` event opens.
    pub fn open(event: &Event) -> Result<Meeting, ProcedureError> {
        let Event::MeetingOpened {
            forum,
            meeting,
            date,
            members,
            article19,
            article19_exempt,
            presiding,
            settings,
            note,
        } = event
        else {
            return Err(ProcedureError::MeetingNotOpened);
        };
        let members = match members {
            Some(list) if list.is_empty() => return Err(ProcedureError::BadMembership("nobody".to_owned())),
            Some(list) => unique(list)?,
            None if *forum == Forum::HumanRightsCouncil => {
                hrc::members_on(*date).map_err(ProcedureError::MembershipUnknown)?
            }
            None => states::members().map(|state| StateRef::from_code(&state.iso3)).collect(),
        };
        for state in article19.iter().chain(article19_exempt).chain(presiding) {
            if !members.contains(state) {
                return Err(not_a_member(state, *forum));
            }
        }
        let article19_exempt: BTreeSet<StateRef> = article19_exempt.iter().cloned().collect();
        let article19 = if settings.article19_applies(*forum) {
            article19.iter().filter(|state| !article19_exempt.contains(*state)).cloned().collect()
        } else {
            BTreeSet::new()
        };
        Ok(Meeting {
            forum: *forum,
            meeting: meeting.clone(),
            date: *date,
            members,
            article19,
            article19_exempt,
            presiding: presiding.clone(),
            settings: *settings,
            note: note.clone(),
            items: Vec::new(),
            votes: Vec::new(),
            presence: None,
        })
    }

    /// Applies one event, or refuses it and changes nothing.
    pub fn apply(&mut self, event: &Event) -> Result<(), ProcedureError> {
        self.check_no_vote_in_progress(event)?;
        self.check_no_point_of_order_pending(event)?;
        if matches!(event, Event::AdoptedWithoutVote { .. }) {
            // A decision without a vote is a decision: once presence is tracked, it needs the quorum too.
            self.check_quorum(None)?;
        }
        self.apply_checked(event)?;
        if !keeps_the_speaker(event) {
            if let Some(item) = self.items.last_mut() {
                item.floor.speaking = None;
            }
        }
        Ok(())
    }

    fn apply_checked(&mut self, event: &Event) -> Result<(), ProcedureError> {
        match event {
            Event::MeetingOpened { .. } => Err(ProcedureError::MeetingAlreadyOpened),
            Event::ItemOpened { agenda_item, title, important_question } => {
                self.items.push(Item::new(agenda_item.clone(), title.clone(), *important_question));
                Ok(())
            }
            Event::BallotCast { vote, state, choice, by_presiding_officer } => {
                self.cast(vote, state, *choice, *by_presiding_officer)
            }
            Event::BallotRefused { vote, state, choice, reason } => self.refuse(vote, state, *choice, reason),
            Event::VoteLocked { vote } => self.lock(vote),
            Event::VoteDecided { vote } => self.decide(vote),
            Event::CorrectionNoted { vote, state, intended } => self.correct(vote, state, *intended),
            Event::VoteOpened { vote, question, method, present, reveal } => {
                self.open_vote(vote, question, *method, present.as_ref(), *reveal)
            }
            Event::PresenceMarked { states, present } => self.mark_presence(states, *present),
            _ => {
                let (forum, settings) = (self.forum, self.settings);
                let members = self.members.clone();
                let item = self.current_item_mut(event.name())?;
                item.apply(event, forum, &members, &settings)?;
                queue::settle(item);
                Ok(())
            }
        }
    }

    /// The item events now apply to: the last one opened.
    pub fn current_item(&self) -> Option<&Item> {
        self.items.last()
    }

    fn current_item_mut(&mut self, event: &'static str) -> Result<&mut Item, ProcedureError> {
        self.items.last_mut().ok_or(ProcedureError::NoItemOpen(event))
    }

    pub fn vote(&self, id: &str) -> Option<&Vote> {
        self.votes.iter().find(|vote| vote.id == id)
    }

    /// The vote of the current item that is open or locked, if any.
    pub fn vote_in_progress(&self) -> Option<&Vote> {
        self.votes.iter().find(|vote| vote.status != VoteStatus::Decided)
    }

    /// The question the body takes up next under the current item, once the questions made moot by earlier
    /// decisions are set aside.
    pub fn next_question(&self) -> Option<Question> {
        self.current_item().and_then(queue::next_question)
    }

    /// The majority a question under this item needs.
    pub fn majority_for(&self, item: &Item, question: &Question) -> Majority {
        match question {
            // Procedural motions and motions for division are decided by a simple majority (rule 85).
            Question::Motion(_) | Question::Division(_) => Majority::Simple,
            Question::Amendment(_) | Question::Part(_) | Question::Proposal => {
                self.forum.majority(item.important_question)
            }
        }
    }

    /// While a vote is open or locked, nothing interrupts it: only its ballots, lock and result, corrections
    /// to earlier votes, and what does not take the floor — delegations marked present, and inscriptions on
    /// (or withdrawals from) the lists of speakers, except on the list of explanations before a vote on the
    /// draft itself.
    fn check_no_vote_in_progress(&self, event: &Event) -> Result<(), ProcedureError> {
        let allowed = match event {
            Event::BallotCast { .. }
            | Event::BallotRefused { .. }
            | Event::VoteLocked { .. }
            | Event::VoteDecided { .. }
            | Event::CorrectionNoted { .. }
            | Event::PresenceMarked { .. }
            | Event::SpeakerWithdrawn { .. } => true,
            Event::SpeakerInscribed { list, .. } => {
                *list != SpeakerList::BeforeTheVote
                    || self.vote_in_progress().is_none_or(|vote| vote.question != Question::Proposal)
            }
            _ => false,
        };
        match self.vote_in_progress() {
            Some(vote) if !allowed => {
                Err(ProcedureError::VoteInProgress { vote: vote.id.clone(), event: event.name() })
            }
            _ => Ok(()),
        }
    }

    /// A point of order is ruled on at once (rule 71 / 113): until the ruling, only the ruling (and the
    /// marking of presence, which is not an act of the body) is in order.
    fn check_no_point_of_order_pending(&self, event: &Event) -> Result<(), ProcedureError> {
        let pending = self.current_item().and_then(|item| item.floor.point_of_order.as_ref());
        match pending {
            Some(by) if !matches!(event, Event::PointOfOrderRuled { .. } | Event::PresenceMarked { .. }) => {
                Err(ProcedureError::PointOfOrderPending(by.name().to_owned()))
            }
            _ => Ok(()),
        }
    }

    /// Members marked present or absent. The first marking starts the tracking from nobody present.
    fn mark_presence(&mut self, states: &[StateRef], present: bool) -> Result<(), ProcedureError> {
        if states.is_empty() {
            return Err(ProcedureError::NobodyMarked);
        }
        if let Some(outsider) = states.iter().find(|state| !self.members.contains(*state)) {
            return Err(not_a_member(outsider, self.forum));
        }
        let tracked = self.presence.get_or_insert_with(BTreeSet::new);
        for state in states {
            if present {
                tracked.insert(state.clone());
            } else {
                tracked.remove(state);
            }
        }
        Ok(())
    }

    /// The members marked present, once presence is tracked (see [`Meeting::presence`]).
    pub fn present(&self) -> Option<&BTreeSet<StateRef>> {
        self.presence.as_ref()
    }

    /// How many members count as present for the quorum: those marked present once presence is tracked,
    /// the whole membership before (less, in both cases, the members without a vote under Article 19 when
    /// the settings say they do not count).
    pub fn present_count(&self) -> u32 {
        match &self.presence {
            Some(set) => self.counted_for_quorum(&Present::States(set.iter().cloned().collect())),
            None => self.counted_for_quorum(&Present::Count(count(self.members.len()))),
        }
    }

    /// How many members must be present for a decision: a majority of the members (rules 67 and 108).
    pub fn quorum_needed(&self) -> u32 {
        quorum_for_decision(count(self.members.len()))
    }

    /// Whether a decision may be taken now as far as the quorum goes.
    pub fn has_quorum(&self) -> bool {
        self.check_quorum(None).is_ok()
    }

    fn open_vote(
        &mut self,
        id: &str,
        question: &Question,
        method: Method,
        present: Option<&Present>,
        reveal: Reveal,
    ) -> Result<(), ProcedureError> {
        if self.vote(id).is_some() {
            return Err(ProcedureError::DuplicateId(id.to_owned()));
        }
        let item_index = self.items.len().checked_sub(1).ok_or(ProcedureError::NoItemOpen("vote_opened"))?;
        let item = &self.items[item_index];
        queue::check_is_next(item, question)?;
        if let Some(vote) =
            self.votes.iter().find(|vote| vote.item == item_index && &vote.question == question)
        {
            return Err(ProcedureError::SecondVoteOnQuestion(vote.id.clone(), question.clone()));
        }
        self.check_quorum(present)?;
        let majority = self.majority_for(item, question);
        let present_for_vote = self.present_for_vote(present);
        let vote = Vote {
            id: id.to_owned(),
            item: item_index,
            question: question.clone(),
            method,
            reveal,
            majority,
            status: VoteStatus::Open,
            members: count(self.members.len()),
            entitled: self.members.difference(&self.article19).cloned().collect(),
            article19: self.article19.clone(),
            present: present_for_vote.as_ref().map(|present| self.count_present(present)),
            present_members: match present_for_vote {
                Some(Present::States(list)) => {
                    Some(list.into_iter().filter(|state| self.members.contains(state)).collect())
                }
                _ => None,
            },
            ballots: BTreeMap::new(),
            changed: BTreeSet::new(),
            refused: Vec::new(),
            corrections: Vec::new(),
            result: None,
        };
        self.votes.push(vote);
        self.items[item_index].action_begun = true;
        Ok(())
    }

    /// Who is present for a vote: as the vote says, or else the members marked present when presence is
    /// tracked; `None` when neither says (the whole membership).
    fn present_for_vote(&self, present: Option<&Present>) -> Option<Present> {
        present
            .cloned()
            .or_else(|| self.presence.as_ref().map(|set| Present::States(set.iter().cloned().collect())))
    }

    /// A decision needs a majority of the members present (rules 67 and 108). When neither the vote nor the
    /// meeting's presence says who is present, the whole membership is taken to be.
    fn check_quorum(&self, present: Option<&Present>) -> Result<(), ProcedureError> {
        let Some(present) = self.present_for_vote(present) else { return Ok(()) };
        let counted = self.counted_for_quorum(&present);
        let needed = self.quorum_needed();
        if counted < needed {
            return Err(ProcedureError::QuorumAbsent {
                rule: self.forum.quorum_rule(),
                members: count(self.members.len()),
                needed,
                present: counted,
            });
        }
        Ok(())
    }

    /// The members present that count for the quorum.
    fn counted_for_quorum(&self, present: &Present) -> u32 {
        let counted = self.count_present(present);
        if self.settings.article19_counts_for_quorum {
            return counted;
        }
        let without_vote_present = match present {
            Present::Count(_) => count(self.article19.len()),
            Present::States(list) => {
                count(list.iter().filter(|state| self.article19.contains(*state)).count())
            }
        };
        counted.saturating_sub(without_vote_present)
    }

    fn count_present(&self, present: &Present) -> u32 {
        match present {
            Present::Count(number) => *number,
            Present::States(list) => count(list.iter().filter(|state| self.members.contains(*state)).count()),
        }
    }

    /// Why a cast would be refused, if it would.
    pub fn check_cast(
        &self,
        vote_id: &str,
        state: &StateRef,
        by_presiding_officer: bool,
    ) -> Result<(), ProcedureError> {
        let vote = self.vote(vote_id).ok_or_else(|| ProcedureError::UnknownVote(vote_id.to_owned()))?;
        if !self.members.contains(state) {
            return Err(not_a_member(state, self.forum));
        }
        if vote.article19.contains(state) {
            return Err(ProcedureError::Article19(state.name().to_owned()));
        }
        if by_presiding_officer {
            return Err(ProcedureError::PresidingOfficerDoesNotVote(state.name().to_owned()));
        }
        match vote.status {
            VoteStatus::Open => Ok(()),
            VoteStatus::Locked => Err(ProcedureError::VoteLocked(vote_id.to_owned())),
            VoteStatus::Decided => Err(ProcedureError::VoteDecided(vote_id.to_owned())),
        }
    }

    fn cast(
        &mut self,
        vote_id: &str,
        state: &StateRef,
        choice: Choice,
        by_presiding_officer: bool,
    ) -> Result<(), ProcedureError> {
        self.check_cast(vote_id, state, by_presiding_officer)?;
        let vote = self.vote_mut(vote_id)?;
        // While the vote is open a member may change its vote; the latest counts.
        if let Some(previous) = vote.ballots.insert(state.clone(), choice) {
            if previous != choice {
                vote.changed.insert(state.clone());
            }
        }
        Ok(())
    }

    fn refuse(
        &mut self,
        vote_id: &str,
        state: &StateRef,
        choice: Choice,
        reason: &str,
    ) -> Result<(), ProcedureError> {
        match self.check_cast(vote_id, state, false) {
            Ok(()) => Err(ProcedureError::RefusalNotWarranted {
                vote: vote_id.to_owned(),
                state: state.name().to_owned(),
                why: "the cast is in order".to_owned(),
            }),
            Err(ProcedureError::UnknownVote(id)) => Err(ProcedureError::UnknownVote(id)),
            Err(_) => {
                let refusal = RefusedCast { state: state.clone(), choice, reason: reason.to_owned() };
                self.vote_mut(vote_id)?.refused.push(refusal);
                Ok(())
            }
        }
    }

    fn lock(&mut self, vote_id: &str) -> Result<(), ProcedureError> {
        let vote = self.vote_mut(vote_id)?;
        match vote.status {
            VoteStatus::Open => {
                vote.status = VoteStatus::Locked;
                Ok(())
            }
            VoteStatus::Locked => Err(ProcedureError::VoteLocked(vote_id.to_owned())),
            VoteStatus::Decided => Err(ProcedureError::VoteDecided(vote_id.to_owned())),
        }
    }

    fn decide(&mut self, vote_id: &str) -> Result<(), ProcedureError> {
        let vote = self.vote_mut(vote_id)?;
        match vote.status {
            VoteStatus::Open => return Err(ProcedureError::VoteNotLocked(vote_id.to_owned())),
            VoteStatus::Decided => return Err(ProcedureError::VoteDecided(vote_id.to_owned())),
            VoteStatus::Locked => {}
        }
        let tally = Tally::count(vote.ballots.values().copied(), vote.members);
        let outcome = tally.outcome(vote.majority);
        vote.result = Some(VoteResult { tally, outcome });
        vote.status = VoteStatus::Decided;
        let (item_index, question) = (vote.item, vote.question.clone());
        let decision = Decision::ByVote { vote: vote_id.to_owned(), outcome };
        let item = &mut self.items[item_index];
        item.record_decision(question, decision);
        queue::settle(item);
        Ok(())
    }

    fn correct(&mut self, vote_id: &str, state: &StateRef, intended: Choice) -> Result<(), ProcedureError> {
        let forum = self.forum;
        if !self.members.contains(state) {
            return Err(not_a_member(state, forum));
        }
        let vote = self.vote_mut(vote_id)?;
        if vote.status != VoteStatus::Decided {
            return Err(ProcedureError::VoteNotDecided(vote_id.to_owned()));
        }
        vote.corrections.push(Correction { state: state.clone(), intended });
        Ok(())
    }

    fn vote_mut(&mut self, vote_id: &str) -> Result<&mut Vote, ProcedureError> {
        self.votes
            .iter_mut()
            .find(|vote| vote.id == vote_id)
            .ok_or_else(|| ProcedureError::UnknownVote(vote_id.to_owned()))
    }
}

/// A majority of the members must be present for a decision (rules 67 and 108).
pub fn quorum_for_decision(members: u32) -> u32 {
    members / 2 + 1
}

impl Item {
    fn new(agenda_item: Option<String>, title: String, important_question: bool) -> Item {
        Item {
            agenda_item,
            title,
            important_question,
            draft: None,
            motions: Vec::new(),
            divisions: Vec::new(),
            amendments: Vec::new(),
            amendment_order: None,
            vote_requests: BTreeMap::new(),
            decisions: Vec::new(),
            steps: Vec::new(),
            action_begun: false,
            floor: Floor::default(),
        }
    }

    pub fn decision(&self, question: &Question) -> Option<&Decision> {
        self.decisions.iter().find(|(decided, _)| decided == question).map(|(_, decision)| decision)
    }

    pub fn amendment(&self, id: &str) -> Option<&Amendment> {
        self.amendments.iter().find(|amendment| amendment.id == id)
    }

    pub fn division(&self, id: &str) -> Option<&Division> {
        self.divisions.iter().find(|division| division.id == id)
    }

    pub fn motion(&self, id: &str) -> Option<&Motion> {
        self.motions.iter().find(|motion| motion.id == id)
    }

    pub fn is_sponsor(&self, state: &StateRef) -> bool {
        self.draft.as_ref().is_some_and(|draft| draft.sponsors.contains(state))
    }

    /// Whether the draft as a whole has been decided (or set aside).
    pub fn proposal_decided(&self) -> bool {
        self.decision(&Question::Proposal).is_some()
    }

    /// Whether any amendment was adopted, so that the draft is "as amended".
    pub fn amended(&self) -> bool {
        self.amendments.iter().any(|amendment| {
            amendment.amends.is_none()
                && matches!(
                    self.decision(&Question::Amendment(amendment.id.clone())),
                    Some(decision) if decision.adopted()
                )
        })
    }

    pub(crate) fn record_decision(&mut self, question: Question, decision: Decision) {
        self.steps.push(Step::Decided { question: question.clone(), decision: decision.clone() });
        self.decisions.push((question, decision));
    }

    pub(super) fn draft(&self) -> Result<&Draft, ProcedureError> {
        self.draft.as_ref().ok_or(ProcedureError::NoDraft)
    }

    fn check_parts(&self, parts: &[Part]) -> Result<(), ProcedureError> {
        let draft = self.draft()?;
        match parts.iter().find(|part| !draft.has_part(**part)) {
            Some(part) => Err(ProcedureError::NoSuchPart {
                part: *part,
                preambular: draft.preambular_paragraphs,
                operative: draft.operative_paragraphs,
            }),
            None => Ok(()),
        }
    }

    fn check_id_is_new(&self, id: &str) -> Result<(), ProcedureError> {
        let taken = self.motion(id).is_some() || self.division(id).is_some() || self.amendment(id).is_some();
        if taken { Err(ProcedureError::DuplicateId(id.to_owned())) } else { Ok(()) }
    }

    fn check_draft_open(&self, event: &'static str) -> Result<(), ProcedureError> {
        self.draft()?;
        if self.proposal_decided() { Err(ProcedureError::DraftDecided(event)) } else { Ok(()) }
    }

    /// Applies an event about the item itself (not about a vote): the states it names as acting must be
    /// members of the body; then the function for its kind of event applies it, or refuses it.
    fn apply(
        &mut self,
        event: &Event,
        forum: Forum,
        members: &BTreeSet<StateRef>,
        settings: &Settings,
    ) -> Result<(), ProcedureError> {
        if let Some(outsider) = acting_states(event).iter().find(|state| !members.contains(*state)) {
            return Err(not_a_member(outsider, forum));
        }
        let name = event.name();
        match event {
            Event::DraftTabled { symbol, title, preambular_paragraphs, operative_paragraphs, sponsors } => {
                self.table_draft(symbol, title, *preambular_paragraphs, *operative_paragraphs, sponsors)
            }
            Event::OralRevision { by, part, text } => self.revise_orally(name, by, *part, text),
            Event::SponsorJoined { state } => self.join_sponsors(name, state),
            Event::SponsorWithdrew { state } => self.withdraw_sponsor(name, state),
            Event::MotionMoved { id, kind, by } => self.move_motion(name, id, *kind, by),
            Event::DivisionRequested { id, by, parts } => self.request_division(name, id, by, parts),
            Event::DivisionObjected { division, by } => self.object_to_division(name, division, by),
            Event::AmendmentSubmitted { id, document, by, amends, action, parts, text } => {
                let amendment = Amendment {
                    id: id.clone(),
                    document: document.clone(),
                    by: by.clone(),
                    amends: amends.clone(),
                    action: *action,
                    parts: parts.clone(),
                    text: text.clone(),
                    withdrawn: false,
                };
                self.submit_amendment(name, amendment)
            }
            Event::AmendmentWithdrawn { amendment } => self.withdraw_amendment(amendment),
            Event::AmendmentsOrdered { order } => self.order_amendments(name, order),
            Event::ConsensusProposed { question } => self.propose_consensus(question),
            Event::VoteRequested { question, by, method } => self.request_vote(question, by, *method),
            Event::AdoptedWithoutVote { question } => self.adopt_without_vote(question),
            Event::ExplanationOfVote { state, timing, summary } => {
                self.explain_vote(state, *timing, summary.as_ref(), false)
            }
            Event::Dissociated { state, parts } => self.dissociate(state, parts),
            Event::SpeakerInscribed { list, state } => self.inscribe(*list, state, members),
            Event::SpeakerWithdrawn { list, state } => self.withdraw_speaker(*list, state),
            Event::SpeakersOrdered { list, order } => self.order_speakers(*list, order),
            Event::FloorGiven { list, state, time_limit } => {
                self.give_floor(*list, state.as_ref(), *time_limit, settings)
            }
            Event::PointOfOrderRaised { by } => self.raise_point_of_order(by),
            Event::PointOfOrderRuled { ruling } => self.rule_on_point_of_order(ruling),
            Event::MeetingOpened { .. }
            | Event::PresenceMarked { .. }
            | Event::ItemOpened { .. }
            | Event::VoteOpened { .. }
            | Event::BallotCast { .. }
            | Event::BallotRefused { .. }
            | Event::VoteLocked { .. }
            | Event::VoteDecided { .. }
            | Event::CorrectionNoted { .. } => Ok(()),
        }
    }

    /// The draft is tabled, once, with its sponsors (each named once), who hold the pen.
    fn table_draft(
        &mut self,
        symbol: &str,
        title: &str,
        preambular_paragraphs: u16,
        operative_paragraphs: u16,
        sponsors: &[StateRef],
    ) -> Result<(), ProcedureError> {
        if let Some(draft) = &self.draft {
            return Err(ProcedureError::DraftAlreadyTabled(draft.symbol.clone()));
        }
        let mut ordered: Vec<StateRef> = Vec::new();
        for sponsor in sponsors {
            if ordered.contains(sponsor) {
                return Err(ProcedureError::AlreadyASponsor(sponsor.name().to_owned()));
            }
            ordered.push(sponsor.clone());
        }
        self.draft = Some(Draft {
            symbol: symbol.to_owned(),
            title: title.to_owned(),
            preambular_paragraphs,
            operative_paragraphs,
            pen_holders: ordered.clone(),
            sponsors: ordered,
        });
        Ok(())
    }

    /// A sponsor holding the pen revises a part of the open draft, before action begins.
    fn revise_orally(
        &mut self,
        name: &'static str,
        by: &StateRef,
        part: Part,
        text: &str,
    ) -> Result<(), ProcedureError> {
        self.check_draft_open(name)?;
        if self.action_begun {
            return Err(ProcedureError::ActionBegun(name));
        }
        if !self.is_sponsor(by) {
            return Err(ProcedureError::NotASponsor(by.name().to_owned()));
        }
        if !self.draft.as_ref().is_some_and(|draft| draft.pen_holders.contains(by)) {
            return Err(ProcedureError::NotAPenHolder(by.name().to_owned()));
        }
        self.check_parts(&[part])?;
        self.steps.push(Step::OralRevision { by: by.clone(), part, text: text.to_owned() });
        Ok(())
    }

    /// A state joins the sponsors of the open draft (without the pen).
    fn join_sponsors(&mut self, name: &'static str, state: &StateRef) -> Result<(), ProcedureError> {
        self.check_draft_open(name)?;
        if self.is_sponsor(state) {
            return Err(ProcedureError::AlreadyASponsor(state.name().to_owned()));
        }
        if let Some(draft) = &mut self.draft {
            draft.sponsors.push(state.clone());
        }
        self.steps.push(Step::SponsorJoined { state: state.clone() });
        Ok(())
    }

    /// A sponsor of the open draft withdraws, and gives up the pen with its name.
    fn withdraw_sponsor(&mut self, name: &'static str, state: &StateRef) -> Result<(), ProcedureError> {
        self.check_draft_open(name)?;
        if !self.is_sponsor(state) {
            return Err(ProcedureError::NotASponsor(state.name().to_owned()));
        }
        if let Some(draft) = &mut self.draft {
            draft.sponsors.retain(|sponsor| sponsor != state);
            draft.pen_holders.retain(|holder| holder != state);
        }
        self.steps.push(Step::SponsorWithdrew { state: state.clone() });
        Ok(())
    }

    /// A procedural motion on the open draft, under an id not yet used.
    fn move_motion(
        &mut self,
        name: &'static str,
        id: &str,
        kind: MotionKind,
        by: &StateRef,
    ) -> Result<(), ProcedureError> {
        self.check_draft_open(name)?;
        self.check_id_is_new(id)?;
        self.motions.push(Motion { id: id.to_owned(), kind, by: by.clone() });
        self.steps.push(Step::MotionMoved { id: id.to_owned() });
        Ok(())
    }

    /// A request to vote on some parts of the open draft separately.
    fn request_division(
        &mut self,
        name: &'static str,
        id: &str,
        by: &StateRef,
        parts: &[Part],
    ) -> Result<(), ProcedureError> {
        self.check_draft_open(name)?;
        self.check_id_is_new(id)?;
        if parts.is_empty() {
            return Err(ProcedureError::AmendmentWithoutParts { action: "divides the draft" });
        }
        self.check_parts(parts)?;
        let division =
            Division { id: id.to_owned(), by: by.clone(), parts: parts.to_vec(), objected_by: None };
        self.divisions.push(division);
        self.steps.push(Step::DivisionRequested { id: id.to_owned() });
        Ok(())
    }

    /// An objection to a division, once, before any of its parts is decided.
    fn object_to_division(
        &mut self,
        name: &'static str,
        division: &str,
        by: &StateRef,
    ) -> Result<(), ProcedureError> {
        self.check_draft_open(name)?;
        let question = Question::Division(division.to_owned());
        let request = self
            .divisions
            .iter_mut()
            .find(|request| request.id == division)
            .ok_or_else(|| ProcedureError::UnknownDivision(division.to_owned()))?;
        if request.objected_by.is_some() {
            return Err(ProcedureError::AlreadyObjected(division.to_owned()));
        }
        if self
            .decisions
            .iter()
            .any(|(decided, _)| matches!(decided, Question::Part(part) if request.parts.contains(part)))
        {
            return Err(ProcedureError::AlreadyDecided(question));
        }
        request.objected_by = Some(by.clone());
        self.steps.push(Step::DivisionObjected { id: division.to_owned(), by: by.clone() });
        Ok(())
    }

    /// An amendment to the open draft, which names the parts it changes, or to an amendment still pending.
    fn submit_amendment(&mut self, name: &'static str, amendment: Amendment) -> Result<(), ProcedureError> {
        self.check_draft_open(name)?;
        self.check_id_is_new(&amendment.id)?;
        match &amendment.amends {
            Some(parent) => self.check_amendment_pending(parent)?,
            None if amendment.parts.is_empty() => {
                return Err(ProcedureError::AmendmentWithoutParts { action: what_it_does(amendment.action) });
            }
            None => {}
        }
        self.check_parts(&amendment.parts)?;
        let id = amendment.id.clone();
        self.amendments.push(amendment);
        self.steps.push(Step::AmendmentSubmitted { id });
        Ok(())
    }

    /// A pending amendment is withdrawn.
    fn withdraw_amendment(&mut self, id: &str) -> Result<(), ProcedureError> {
        self.check_amendment_pending(id)?;
        if let Some(found) = self.amendments.iter_mut().find(|candidate| candidate.id == id) {
            found.withdrawn = true;
        }
        self.steps.push(Step::AmendmentWithdrawn { id: id.to_owned() });
        Ok(())
    }

    /// Whether amendment `id` was submitted and is neither withdrawn nor decided.
    fn check_amendment_pending(&self, id: &str) -> Result<(), ProcedureError> {
        let amendment = self.amendment(id).ok_or_else(|| ProcedureError::UnknownAmendment(id.to_owned()))?;
        if amendment.withdrawn || self.decision(&Question::Amendment(id.to_owned())).is_some() {
            return Err(ProcedureError::AmendmentNotPending(id.to_owned()));
        }
        Ok(())
    }

    /// The chair's order of the amendments to the open draft: every pending one, each once.
    fn order_amendments(&mut self, name: &'static str, order: &[String]) -> Result<(), ProcedureError> {
        self.check_draft_open(name)?;
        let to_the_draft: BTreeSet<&String> = self
            .amendments
            .iter()
            .filter(|amendment| amendment.amends.is_none() && !amendment.withdrawn)
            .map(|amendment| &amendment.id)
            .collect();
        let given: BTreeSet<&String> = order.iter().collect();
        if given.len() != order.len() || given != to_the_draft {
            let expected: Vec<&str> = to_the_draft.iter().map(|id| id.as_str()).collect();
            return Err(ProcedureError::BadAmendmentOrder(format!(
                "given {}, pending {}",
                order.join(", "),
                expected.join(", ")
            )));
        }
        self.amendment_order = Some(order.to_vec());
        Ok(())
    }

    /// The chair proposes to adopt the next question without a vote: action on the draft has begun.
    fn propose_consensus(&mut self, question: &Question) -> Result<(), ProcedureError> {
        queue::check_is_next(self, question)?;
        self.action_begun = true;
        Ok(())
    }

    /// A member asks for a vote on a question of the item not yet decided.
    fn request_vote(
        &mut self,
        question: &Question,
        by: &StateRef,
        method: Method,
    ) -> Result<(), ProcedureError> {
        self.draft()?;
        if self.decision(question).is_some() {
            return Err(ProcedureError::AlreadyDecided(question.clone()));
        }
        queue::check_is_known(self, question)?;
        self.vote_requests.insert(question.clone(), (by.clone(), method));
        self.steps.push(Step::VoteRequested { question: question.clone(), by: by.clone(), method });
        Ok(())
    }

    /// The next question is adopted without a vote, if nobody asked for one.
    fn adopt_without_vote(&mut self, question: &Question) -> Result<(), ProcedureError> {
        queue::check_is_next(self, question)?;
        if self.vote_requests.contains_key(question) {
            return Err(ProcedureError::VoteWasRequested(question.clone()));
        }
        self.action_begun = true;
        self.record_decision(question.clone(), Decision::WithoutVote);
        Ok(())
    }

    /// A member explains its vote, once before and once after the vote: from an `explanation_of_vote`
    /// event, or given the floor from a list of explanations (`from_list`).
    pub(super) fn explain_vote(
        &mut self,
        state: &StateRef,
        timing: Timing,
        summary: Option<&String>,
        from_list: bool,
    ) -> Result<(), ProcedureError> {
        self.check_explanation(state, timing)?;
        self.steps.push(Step::Explanation {
            state: state.clone(),
            timing,
            summary: summary.cloned(),
            from_list,
        });
        Ok(())
    }

    /// Whether `state` may explain its vote at `timing` under this item's draft: not a sponsor of the draft
    /// (unless it was amended), and not twice at the same point.
    pub(super) fn check_explanation(&self, state: &StateRef, timing: Timing) -> Result<(), ProcedureError> {
        self.draft()?;
        // Rule 88: the proposer may not explain its vote on its own proposal, unless it was amended.
        if self.is_sponsor(state) && !self.amended() {
            return Err(ProcedureError::SponsorExplanation(state.name().to_owned()));
        }
        let already = self.steps.iter().any(|step| {
            matches!(step, Step::Explanation { state: given, timing: when, .. } if given == state && *when == timing)
        });
        if already {
            return Err(ProcedureError::ExplanationAlreadyGiven(state.name().to_owned()));
        }
        Ok(())
    }

    /// A member dissociates itself from the text or from some of its parts.
    fn dissociate(&mut self, state: &StateRef, parts: &[Part]) -> Result<(), ProcedureError> {
        self.check_parts(parts)?;
        self.steps.push(Step::Dissociated { state: state.clone(), parts: parts.to_vec() });
        Ok(())
    }
}

/// The states an event names as acting in the body — moving a motion, asking for a division or objecting
/// to one, submitting an amendment, asking for a vote, explaining a vote, dissociating — each of which must be
/// one of its members. (Sponsoring a draft and revising it orally are not checked here.)
fn acting_states(event: &Event) -> &[StateRef] {
    match event {
        Event::MotionMoved { by, .. }
        | Event::DivisionRequested { by, .. }
        | Event::DivisionObjected { by, .. }
        | Event::VoteRequested { by, .. } => std::slice::from_ref(by),
        Event::AmendmentSubmitted { by, .. } => by,
        Event::ExplanationOfVote { state, .. } | Event::Dissociated { state, .. } => {
            std::slice::from_ref(state)
        }
        _ => &[],
    }
}

/// Whether the speaker keeps the floor after `event`: the lists being kept, a point of order ruled on and
/// delegations marked present do not end a turn; any other business of the body does.
fn keeps_the_speaker(event: &Event) -> bool {
    matches!(
        event,
        Event::SpeakerInscribed { .. }
            | Event::SpeakerWithdrawn { .. }
            | Event::SpeakersOrdered { .. }
            | Event::FloorGiven { .. }
            | Event::PointOfOrderRaised { .. }
            | Event::PointOfOrderRuled { .. }
            | Event::PresenceMarked { .. }
    )
}

/// What an amendment does to the draft, as a refusal says it.
fn what_it_does(action: AmendmentAction) -> &'static str {
    match action {
        AmendmentAction::Delete => "deletes",
        AmendmentAction::Reword => "rewords",
        AmendmentAction::Add => "adds",
    }
}

impl Decision {
    pub fn adopted(&self) -> bool {
        match self {
            Decision::WithoutVote => true,
            Decision::ByVote { outcome, .. } => *outcome == Outcome::Adopted,
            Decision::NotPutToVote { .. } | Decision::NoOperativeParagraphRemains => false,
        }
    }

    /// Whether the question was actually put to the body (with or without a vote).
    pub fn was_put(&self) -> bool {
        !matches!(self, Decision::NotPutToVote { .. } | Decision::NoOperativeParagraphRemains)
    }
}

fn unique(list: &[StateRef]) -> Result<BTreeSet<StateRef>, ProcedureError> {
    let mut set = BTreeSet::new();
    for state in list {
        if !set.insert(state.clone()) {
            return Err(ProcedureError::BadMembership(state.name().to_owned()));
        }
    }
    Ok(set)
}

fn not_a_member(state: &StateRef, forum: Forum) -> ProcedureError {
    ProcedureError::NotAMember { state: state.name().to_owned(), forum: forum.title() }
}

fn count(length: usize) -> u32 {
    u32::try_from(length).unwrap_or(u32::MAX)
}
