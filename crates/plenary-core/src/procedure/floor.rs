//! The floor of an agenda item: its lists of speakers (the debate, explanations of vote before and after
//! the vote, the right of reply), who has the floor and for how long, and points of order.
//!
//! A delegation inscribes on a list and may withdraw while it waits; the chair orders a list and gives the
//! floor to the next delegation waiting on it, or to a named one. What a speaker says becomes a step of
//! the record when the floor is given: an explanation of vote the same step as the `explanation_of_vote`
//! event (with the same rules: not by a sponsor on its own draft, once per delegation and timing), a
//! statement in the debate or in exercise of the right of reply a step of its own. Observer states speak
//! in the debate and in reply, never in explanation of a vote they do not cast.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::error::ProcedureError;
use super::event::{SpeakerList, StateRef, Timing};
use super::forum::Settings;
use super::meeting::{Item, Step};

/// The right of reply is exercised at most twice per delegation per item (decision 34/401, paragraph 8).
pub const REPLIES_PER_ITEM: usize = 2;

/// The lists of speakers of one item and who has the floor.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Floor {
    /// Who waits on each list, in the order they will be called.
    pub waiting: BTreeMap<SpeakerList, Vec<StateRef>>,
    /// Every turn given under the item, in order.
    pub turns: Vec<Turn>,
    /// The turn under way: the last floor given, until the body moves on to other business.
    pub speaking: Option<Turn>,
    /// The delegation whose point of order awaits the chair's ruling.
    pub point_of_order: Option<StateRef>,
}

/// One delegation given the floor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Turn {
    pub list: SpeakerList,
    pub state: StateRef,
    /// In seconds; none when neither the chair nor the rules set one.
    pub time_limit: Option<u32>,
}

impl Floor {
    /// The delegations waiting on `list`, in order.
    pub fn waiting(&self, list: SpeakerList) -> &[StateRef] {
        self.waiting.get(&list).map_or(&[], Vec::as_slice)
    }

    /// Takes `state` off `list`; a list nobody waits on is no longer kept.
    fn take_off(&mut self, list: SpeakerList, state: &StateRef) {
        if let Some(waiting) = self.waiting.get_mut(&list) {
            waiting.retain(|waiting| waiting != state);
            if waiting.is_empty() {
                self.waiting.remove(&list);
            }
        }
    }

    /// How many times `state` has spoken in exercise of the right of reply under the item.
    pub fn replies(&self, state: &StateRef) -> usize {
        self.turns
            .iter()
            .filter(|turn| turn.list == SpeakerList::RightOfReply && &turn.state == state)
            .count()
    }

    /// The turns given on `list`, in order.
    pub fn turns_on(&self, list: SpeakerList) -> impl Iterator<Item = &Turn> {
        self.turns.iter().filter(move |turn| turn.list == list)
    }
}

impl Item {
    /// A delegation inscribes on a list, once at a time. On the lists of explanations of vote only a member
    /// that may explain its vote there inscribes; on the right of reply, one that has not replied twice.
    pub(super) fn inscribe(
        &mut self,
        list: SpeakerList,
        state: &StateRef,
        members: &BTreeSet<StateRef>,
    ) -> Result<(), ProcedureError> {
        if self.floor.waiting(list).contains(state) {
            return Err(ProcedureError::AlreadyInscribed {
                state: state.name().to_owned(),
                list: list.phrase(),
            });
        }
        match list.timing() {
            Some(timing) => {
                if !members.contains(state) {
                    return Err(ProcedureError::ObserverDoesNotVote(state.name().to_owned()));
                }
                self.check_explanation(state, timing)?;
                self.check_explanation_window(timing, false)?;
            }
            None if list == SpeakerList::RightOfReply && self.floor.replies(state) >= REPLIES_PER_ITEM => {
                return Err(ProcedureError::RightOfReplyExhausted(state.name().to_owned()));
            }
            None => {}
        }
        self.floor.waiting.entry(list).or_default().push(state.clone());
        Ok(())
    }

    /// A delegation waiting on a list takes its name off it.
    pub(super) fn withdraw_speaker(
        &mut self,
        list: SpeakerList,
        state: &StateRef,
    ) -> Result<(), ProcedureError> {
        if !self.floor.waiting(list).contains(state) {
            return Err(ProcedureError::NotInscribed { state: state.name().to_owned(), list: list.phrase() });
        }
        self.floor.take_off(list, state);
        Ok(())
    }

    /// The chair's order of a list: a permutation of the delegations waiting on it.
    pub(super) fn order_speakers(
        &mut self,
        list: SpeakerList,
        order: &[StateRef],
    ) -> Result<(), ProcedureError> {
        let waiting: BTreeSet<&StateRef> = self.floor.waiting(list).iter().collect();
        let given: BTreeSet<&StateRef> = order.iter().collect();
        if given.len() != order.len() || given != waiting {
            let names = |states: &mut dyn Iterator<Item = &StateRef>| {
                states.map(StateRef::name).collect::<Vec<_>>().join(", ")
            };
            return Err(ProcedureError::BadSpeakerOrder {
                list: list.phrase(),
                detail: format!(
                    "given {}; waiting {}",
                    names(&mut order.iter()),
                    names(&mut self.floor.waiting(list).iter())
                ),
            });
        }
        self.floor.waiting.insert(list, order.to_vec());
        Ok(())
    }

    /// The chair gives the floor on `list` to the next delegation waiting or to `state`, which must be
    /// waiting. An explanation of vote is recorded as the `explanation_of_vote` event records it; the time
    /// limit is the chair's, or else the one the rules set.
    pub(super) fn give_floor(
        &mut self,
        list: SpeakerList,
        state: Option<&StateRef>,
        time_limit: Option<u32>,
        settings: &Settings,
    ) -> Result<(), ProcedureError> {
        let waiting = self.floor.waiting(list);
        let speaker = match state {
            Some(named) if waiting.contains(named) => named.clone(),
            Some(named) => {
                return Err(ProcedureError::NotInscribed {
                    state: named.name().to_owned(),
                    list: list.phrase(),
                });
            }
            None => waiting.first().cloned().ok_or(ProcedureError::NobodyWaiting(list.phrase()))?,
        };
        let reply = self.floor.replies(&speaker) + 1;
        match list.timing() {
            Some(timing) => {
                self.check_explanation_window(timing, true)?;
                // The same rules and the same step as an explanation_of_vote event; it records last.
                self.explain_vote(&speaker, timing, None, true)?;
            }
            None => {
                if list == SpeakerList::RightOfReply && reply > REPLIES_PER_ITEM {
                    return Err(ProcedureError::RightOfReplyExhausted(speaker.name().to_owned()));
                }
                self.steps.push(Step::Spoke { list, state: speaker.clone() });
            }
        }
        let turn = Turn {
            list,
            state: speaker.clone(),
            time_limit: time_limit.or_else(|| settings.speaking_time(list, reply)),
        };
        self.floor.take_off(list, &speaker);
        self.floor.turns.push(turn.clone());
        self.floor.speaking = Some(turn);
        Ok(())
    }

    /// Whether an explanation at `timing` is in order now: before the vote while the draft is not yet
    /// decided; after the vote once a question of the item has been decided. Inscribing on the list of
    /// explanations after the vote is in order before then (`giving` is false).
    fn check_explanation_window(&self, timing: Timing, giving: bool) -> Result<(), ProcedureError> {
        self.draft()?;
        match timing {
            Timing::BeforeTheVote if self.proposal_decided() => {
                Err(ProcedureError::DraftDecided("an explanation of vote before the vote"))
            }
            Timing::AfterTheVote
                if giving && !self.decisions.iter().any(|(_, decision)| decision.was_put()) =>
            {
                Err(ProcedureError::NothingDecidedYet)
            }
            _ => Ok(()),
        }
    }

    /// A representative raises a point of order; the chair is to rule on it at once.
    pub(super) fn raise_point_of_order(&mut self, by: &StateRef) -> Result<(), ProcedureError> {
        if let Some(pending) = &self.floor.point_of_order {
            return Err(ProcedureError::PointOfOrderPending(pending.name().to_owned()));
        }
        self.floor.point_of_order = Some(by.clone());
        self.steps.push(Step::PointOfOrder { by: by.clone(), ruling: None });
        Ok(())
    }

    /// The chair's ruling on the point of order pending.
    pub(super) fn rule_on_point_of_order(&mut self, ruling: &str) -> Result<(), ProcedureError> {
        let ruling = ruling.trim();
        if self.floor.point_of_order.is_none() {
            return Err(ProcedureError::NoPointOfOrder);
        }
        if ruling.is_empty() {
            return Err(ProcedureError::EmptyRuling);
        }
        let pending = self.steps.iter_mut().rev().find_map(|step| match step {
            Step::PointOfOrder { ruling, .. } if ruling.is_none() => Some(ruling),
            _ => None,
        });
        if let Some(pending) = pending {
            *pending = Some(ruling.to_owned());
        }
        self.floor.point_of_order = None;
        Ok(())
    }
}
