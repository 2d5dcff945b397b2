//! The voting board: what the hall, the chair and every watcher see of one vote, as data.
//!
//! The board is a projection of the meeting: every member in UN order with what may be shown of its vote,
//! and the totals. While a vote whose reveal is `after_lock` is open, a member that voted shows only "has
//! voted" and the totals stay hidden; once locked, everything is shown. [`change`] gives the small update a
//! single event makes, so that a live board sends a few bytes per ballot rather than the whole board.

use serde::Serialize;

use super::event::{Event, Question, Reveal};
use super::majority::{Choice, Majority, Outcome, Tally};
use super::meeting::{Meeting, Vote, VoteStatus};
use super::wording::Method;

/// What the board shows for one member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Shown {
    /// Entitled, and has not voted (yet).
    NotVoted,
    /// Has voted; the vote is hidden until the lock.
    Voted,
    Yes,
    No,
    Abstain,
    /// No vote under Article 19 of the Charter.
    Article19,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Seat {
    /// ISO 3166-1 alpha-3 code.
    pub state: String,
    /// The UN short name.
    pub name: String,
    pub shown: Shown,
}

/// The whole board of one vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Board {
    pub vote: String,
    pub question: Question,
    pub status: VoteStatus,
    pub method: Method,
    pub reveal: Reveal,
    pub majority: Majority,
    /// Members that have voted (yes, no or abstain).
    pub voted: u32,
    pub members: u32,
    /// The counts, when they may be shown.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub tally: Option<Tally>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub outcome: Option<Outcome>,
    /// Every member of the body in UN order.
    pub seats: Vec<Seat>,
}

/// The update one event makes to a board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Change {
    pub vote: String,
    pub status: VoteStatus,
    /// The member whose seat changed, with what it now shows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seat: Option<Seat>,
    pub voted: u32,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub tally: Option<Tally>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub outcome: Option<Outcome>,
    /// Set when the lock or the result reveals every seat at once: reload the whole board.
    pub reload: bool,
}

/// The board of vote `vote_id`, if there is such a vote.
pub fn board(meeting: &Meeting, vote_id: &str) -> Option<Board> {
    let vote = meeting.vote(vote_id)?;
    let mut seats: Vec<Seat> = meeting
        .members
        .iter()
        .map(|state| Seat {
            state: state.code().to_owned(),
            name: state.name().to_owned(),
            shown: shown(vote, state),
        })
        .collect();
    seats.sort_by_cached_key(|seat| crate::states::un_order_key(&seat.name));
    Some(Board {
        vote: vote.id.clone(),
        question: vote.question.clone(),
        status: vote.status,
        method: vote.method,
        reveal: vote.reveal,
        majority: vote.majority,
        voted: voted(vote),
        members: vote.members,
        tally: visible_tally(vote),
        outcome: vote.result.map(|result| result.outcome),
        seats,
    })
}

/// The update `event` made to a board, once applied to `meeting`; `None` for events that touch no board.
pub fn change(meeting: &Meeting, event: &Event) -> Option<Change> {
    let (vote_id, state, reload) = match event {
        Event::VoteOpened { vote, .. } => (vote, None, true),
        Event::BallotCast { vote, state, .. } => (vote, Some(state), false),
        Event::VoteLocked { vote } | Event::VoteDecided { vote } => (vote, None, true),
        _ => return None,
    };
    let vote = meeting.vote(vote_id)?;
    Some(Change {
        vote: vote.id.clone(),
        status: vote.status,
        seat: state.map(|state| Seat {
            state: state.code().to_owned(),
            name: state.name().to_owned(),
            shown: shown(vote, state),
        }),
        voted: voted(vote),
        tally: visible_tally(vote),
        outcome: vote.result.map(|result| result.outcome),
        reload,
    })
}

fn hidden(vote: &Vote) -> bool {
    vote.reveal == Reveal::AfterLock && vote.status == VoteStatus::Open
}

fn shown(vote: &Vote, state: &super::event::StateRef) -> Shown {
    if vote.article19.contains(state) {
        return Shown::Article19;
    }
    match vote.ballots.get(state) {
        None => Shown::NotVoted,
        Some(_) if hidden(vote) => Shown::Voted,
        Some(Choice::Yes) => Shown::Yes,
        Some(Choice::No) => Shown::No,
        Some(Choice::Abstain) => Shown::Abstain,
    }
}

fn voted(vote: &Vote) -> u32 {
    u32::try_from(vote.ballots.len()).unwrap_or(u32::MAX)
}

fn visible_tally(vote: &Vote) -> Option<Tally> {
    if hidden(vote) {
        return None;
    }
    Some(
        vote.result.map_or_else(
            || Tally::count(vote.ballots.values().copied(), vote.members),
            |result| result.tally,
        ),
    )
}
