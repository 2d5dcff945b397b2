//! The permission matrix, in one place: for every state-changing action, which roles may take it, for a
//! delegation only for its own state, and for a document, what its life allows (a text changes only while
//! it is negotiated, and only by the sponsors who hold the pen). The acts in `acts.rs` ask it; the
//! integration tests walk every role × every action × own and other state against this table.

use plenary_core::procedure::{Event, StateRef};
use plenary_store::{DocumentEntry, DocumentStatus, Role};

use crate::auth::Actor;
use crate::error::ApiError;

/// Something a request asks to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action<'a> {
    /// Import a new document, entering its life at `status`.
    ImportDocument { status: DocumentStatus },
    /// Add a version to a document: revise its text.
    ReviseDocument(&'a DocumentEntry),
    /// Move a document on in its life: issue it, or record its adoption.
    ChangeDocumentStatus,
    /// Join or leave the sponsors of a document for this state.
    Sponsor { state: &'a StateRef, document: &'a DocumentEntry },
    /// Open a meeting.
    OpenMeeting,
    /// An event in a meeting; `amendment_by` is who submitted the amendment it withdraws, if it withdraws one.
    Meeting { event: &'a Event, amendment_by: &'a [StateRef] },
    /// Read a draft still in negotiation.
    ReadNegotiation,
    /// Comment on a paragraph of a document in an informal round.
    Comment,
    /// Record a participant's signature, consent or denunciation of a treaty (the depositary's record).
    RecordTreatyAction,
}

/// Whether `actor` may take `action`; the refusal says why.
pub fn check(actor: &Actor, action: &Action<'_>) -> Result<(), ApiError> {
    let Some(role) = actor.role() else {
        return Err(ApiError::not_signed_in());
    };
    let own = |state: &StateRef| actor.state() == Some(state);
    let allowed = match action {
        // A delegation's text enters as a draft in negotiation; only the secretariat issues.
        Action::ImportDocument { status } => match role {
            Role::Secretariat => true,
            Role::Delegation => *status == DocumentStatus::Negotiation,
            Role::Chair | Role::Observer => false,
        },
        Action::ReviseDocument(document) => {
            if !document.status.text_may_change() {
                return Err(ApiError::forbidden(format!(
                    "{} is {}: its text never changes again; a revision is a new document and a correction \
                     a corrigendum issued by the secretariat",
                    document.id, document.status
                )));
            }
            // The secretariat services every draft; a delegation revises only as a sponsor holding the pen.
            role == Role::Secretariat
                || actor.state().is_some_and(|state| document.pen_holders.contains(state))
        }
        // The secretariat keeps the depositary's record; no state records its own instruments.
        Action::ChangeDocumentStatus | Action::OpenMeeting | Action::RecordTreatyAction => {
            role == Role::Secretariat
        }
        Action::Sponsor { state, document } => {
            if document.status == DocumentStatus::Adopted {
                return Err(ApiError::forbidden(format!(
                    "{} is adopted: its sponsors are final",
                    document.id
                )));
            }
            role == Role::Secretariat || own(state)
        }
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
            // The lists of speakers: a delegation puts its own name down or takes it off; the secretariat
            // keeps the lists for any delegation (an observer state has no account of its own).
            Event::SpeakerInscribed { state, .. } | Event::SpeakerWithdrawn { state, .. } => {
                own(state) || role == Role::Secretariat
            }
            // The chair orders the lists, gives the floor and rules on points of order.
            Event::SpeakersOrdered { .. } | Event::FloorGiven { .. } | Event::PointOfOrderRuled { .. } => {
                role == Role::Chair
            }
            Event::PointOfOrderRaised { by } => own(by),
            // The secretariat marks any delegation present or absent; a delegation only itself.
            Event::PresenceMarked { states, .. } => {
                role == Role::Secretariat || (!states.is_empty() && states.iter().all(own))
            }
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
        Action::ImportDocument { status: DocumentStatus::Negotiation } => "import a draft".to_owned(),
        Action::ImportDocument { status } => format!("import a document as {status}"),
        Action::ReviseDocument(document) if document.pen_holders.is_empty() => {
            format!("revise {}", document.id)
        }
        Action::ReviseDocument(document) => format!(
            "revise {}: only the sponsors holding the pen ({}) revise it",
            document.id,
            document.pen_holders.iter().map(StateRef::name).collect::<Vec<_>>().join(", ")
        ),
        Action::ChangeDocumentStatus => "change a document's status".to_owned(),
        Action::Sponsor { state, .. } => format!("change the sponsorship of {state}"),
        Action::OpenMeeting => "open a meeting".to_owned(),
        Action::Meeting { event, .. } => event.name().to_owned(),
        Action::ReadNegotiation => "read a draft in negotiation".to_owned(),
        Action::Comment => "comment on a paragraph".to_owned(),
        Action::RecordTreatyAction => "record a treaty action".to_owned(),
    }
}
