//! The permission matrix, in one place: for every state-changing action, which roles may take it, and for
//! a delegation, only for its own state. The integration tests walk every role × every action × own and
//! other state against this table.

use plenary_core::procedure::{Event, StateRef};
use plenary_store::Role;

use crate::auth::Actor;
use crate::error::ApiError;

/// Something a request asks to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action<'a> {
    /// Import a new document, or add a version to one.
    WriteDocument,
    /// Move a document between negotiation and issued.
    ChangeDocumentStatus,
    /// Join or leave the sponsors of a document for this state.
    Sponsor(&'a StateRef),
    /// Open a meeting.
    OpenMeeting,
    /// An event in a meeting; `amendment_by` is who submitted the amendment it withdraws, if it withdraws one.
    Meeting { event: &'a Event, amendment_by: &'a [StateRef] },
    /// Read a draft still in negotiation.
    ReadNegotiation,
    /// Comment on a paragraph of a document in an informal round.
    Comment,
}

/// Whether `actor` may take `action`; the refusal says why.
pub fn check(actor: &Actor, action: &Action<'_>) -> Result<(), ApiError> {
    let Some(role) = actor.role() else {
        return Err(ApiError::not_signed_in());
    };
    let own = |state: &StateRef| actor.state() == Some(state);
    let allowed = match action {
        Action::WriteDocument => matches!(role, Role::Secretariat | Role::Delegation),
        Action::ChangeDocumentStatus | Action::OpenMeeting => role == Role::Secretariat,
        Action::Sponsor(state) => role == Role::Secretariat || own(state),
        Action::ReadNegotiation => matches!(role, Role::Secretariat | Role::Chair | Role::Delegation),
        Action::Comment => matches!(role, Role::Secretariat | Role::Delegation),
        Action::Meeting { event, amendment_by } => match event {
            Event::MeetingOpened { .. } => role == Role::Secretariat,
            Event::ItemOpened { .. }
            | Event::DraftTabled { .. }
            | Event::AmendmentsOrdered { .. }
            | Event::ConsensusProposed { .. }
            | Event::AdoptedWithoutVote { .. } => matches!(role, Role::Chair | Role::Secretariat),
            // Only the chair opens, locks and decides votes.
            Event::VoteOpened { .. } | Event::VoteLocked { .. } | Event::VoteDecided { .. } => {
                role == Role::Chair
            }
            Event::OralRevision { by, .. }
            | Event::MotionMoved { by, .. }
            | Event::DivisionRequested { by, .. }
            | Event::DivisionObjected { by, .. }
            | Event::VoteRequested { by, .. } => own(by),
            Event::SponsorJoined { state }
            | Event::SponsorWithdrew { state }
            | Event::ExplanationOfVote { state, .. }
            | Event::Dissociated { state, .. }
            | Event::BallotCast { state, .. } => own(state),
            Event::CorrectionNoted { state, .. } => own(state) || role == Role::Secretariat,
            Event::AmendmentSubmitted { by, .. } => by.iter().any(own),
            Event::AmendmentWithdrawn { .. } => amendment_by.iter().any(own),
            // Written by the service itself when it refuses a cast, never by a client.
            Event::BallotRefused { .. } => false,
        },
    };
    if allowed {
        Ok(())
    } else {
        Err(ApiError::forbidden(match actor.state() {
            Some(state) => format!("the delegation of {state} may not do this ({})", describe(action)),
            None => format!("the {} role may not do this ({})", actor.role_name(), describe(action)),
        }))
    }
}

fn describe(action: &Action<'_>) -> String {
    match action {
        Action::WriteDocument => "import or revise a document".to_owned(),
        Action::ChangeDocumentStatus => "change a document's status".to_owned(),
        Action::Sponsor(state) => format!("change the sponsorship of {state}"),
        Action::OpenMeeting => "open a meeting".to_owned(),
        Action::Meeting { event, .. } => event.name().to_owned(),
        Action::ReadNegotiation => "read a draft in negotiation".to_owned(),
        Action::Comment => "comment on a paragraph".to_owned(),
    }
}
