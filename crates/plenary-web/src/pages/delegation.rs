//! A delegation's console on the meeting page: what it may propose or ask from the floor, in its own
//! state's name — an amendment circulated under its own symbol, a separate vote (division) on named
//! paragraphs, a procedural motion, a recorded vote, joining or leaving the sponsors, an oral revision, an
//! objection to a division. The procedure engine decides what is in order; the permission gate who may.

use std::sync::Arc;

use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use plenary_core::procedure::{AmendmentAction, Event, Method, MotionKind, Part, Question, StateRef};
use plenary_core::symbol::Symbol;
use plenary_store::EventLog;

use super::chamber::describe_in;
use super::{PageError, Viewer, refused, submit_from_form};
use crate::api::meetings::find;
use crate::app::App;
use crate::error::ApiError;

/// A form as its pairs: a field may repeat (the paragraphs of a multiple select), so it is not read into
/// a struct by serde, which keeps only one value.
pub struct FormFields(Vec<(String, String)>);

impl FormFields {
    /// The first value of `name`, trimmed; empty when absent.
    pub fn one(&self, name: &str) -> &str {
        self.0.iter().find(|(key, _)| key == name).map_or("", |(_, value)| value.trim())
    }

    /// Every value of `name`, each split at commas and spaces (`op4, op5` typed in one field).
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(key, _)| key == name)
            .flat_map(|(_, value)| value.split([',', ' ']).filter(|part| !part.is_empty()).map(str::to_owned))
            .collect()
    }
}

/// The paragraphs a form names, or the first that is not one.
fn parts_of(fields: &FormFields) -> Result<Vec<Part>, ApiError> {
    fields.all("parts").iter().map(|part| part.parse::<Part>().map_err(ApiError::bad_request)).collect()
}

/// The state a delegation acts for; anyone else is refused before anything is read.
fn own_state(viewer: &Viewer, what: &str) -> Result<StateRef, ApiError> {
    viewer.0.state().cloned().ok_or_else(|| ApiError::forbidden(format!("only a delegation {what}")))
}

/// The next free id of a kind under the current item: `A3`, `D1`, `M2`.
async fn next_id<L: EventLog>(app: &App<L>, meeting: &str, prefix: char) -> Result<String, ApiError> {
    let meetings = app.journal.state().await;
    let item = find(&meetings, meeting)?.meeting.current_item().cloned();
    let taken = |id: &str| {
        item.as_ref().is_some_and(|item| {
            item.amendment(id).is_some() || item.division(id).is_some() || item.motion(id).is_some()
        })
    };
    Ok((1..).map(|number| format!("{prefix}{number}")).find(|id| !taken(id)).unwrap_or_default())
}

/// `POST /meetings/{id}/amendment`: a delegation submits an amendment in its state's name, anchored to
/// paragraphs of the draft and cited by the symbol of the document it is circulated in (A/C.3/80/L.60),
/// never the draft's.
pub async fn amendment<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let fields = FormFields(pairs);
    viewer.check_form(fields.one("csrf_token"))?;
    let back = format!("/meetings/{id}");
    let state = match own_state(&viewer, "submits an amendment in its state's name") {
        Ok(state) => state,
        Err(error) => return Ok(refused(&back, &error)),
    };
    let action = match fields.one("action") {
        "delete" => AmendmentAction::Delete,
        "reword" => AmendmentAction::Reword,
        "add" => AmendmentAction::Add,
        other => return Ok(refused(&back, &ApiError::bad_request(format!("unknown action {other:?}")))),
    };
    let parts = match parts_of(&fields) {
        Ok(parts) => parts,
        Err(error) => return Ok(refused(&back, &error)),
    };
    let document = match fields.one("document") {
        "" => None,
        written => match written.parse::<Symbol>() {
            Ok(symbol) => Some(symbol.to_string()),
            Err(error) => {
                let message =
                    format!("the amendment's document symbol {written:?} is not a UN symbol: {error}");
                return Ok(refused(&back, &ApiError::bad_request(message)));
            }
        },
    };
    let amendment_id = match fields.one("id") {
        "" => next_id(&app, &id, 'A').await?,
        written => written.to_owned(),
    };
    let cited = document.clone().unwrap_or_else(|| amendment_id.clone());
    let event = Event::AmendmentSubmitted {
        id: amendment_id,
        document,
        by: vec![state.clone()],
        amends: None,
        action,
        parts,
        text: Some(fields.one("text").to_owned()).filter(|text| !text.is_empty()),
    };
    let notice = format!("Amendment {cited} submitted by {}.", state.in_text());
    Ok(submit_from_form(&app, &viewer, &id, event, &back, &notice).await)
}

/// `POST /meetings/{id}/division`: a delegation asks that paragraphs of the draft be voted on separately
/// (rule 89 / 129).
pub async fn division<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let fields = FormFields(pairs);
    viewer.check_form(fields.one("csrf_token"))?;
    let back = format!("/meetings/{id}");
    let state = match own_state(&viewer, "requests a separate vote in its state's name") {
        Ok(state) => state,
        Err(error) => return Ok(refused(&back, &error)),
    };
    let parts = match parts_of(&fields) {
        Ok(parts) if parts.is_empty() => {
            return Ok(refused(
                &back,
                &ApiError::bad_request("name the paragraphs to be voted on separately"),
            ));
        }
        Ok(parts) => parts,
        Err(error) => return Ok(refused(&back, &error)),
    };
    let names: Vec<String> = parts.iter().map(|part| part.name()).collect();
    let notice =
        format!("{} requested a separate vote on {}.", state.starting_a_sentence(), names.join(", "));
    let event = Event::DivisionRequested { id: next_id(&app, &id, 'D').await?, by: state, parts };
    Ok(submit_from_form(&app, &viewer, &id, event, &back, &notice).await)
}

/// `POST /meetings/{id}/motion`: a delegation moves a procedural motion (rules 76–79 / 116–119; "no
/// action", rule 74 / 116), put to the vote before anything else.
pub async fn motion<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let fields = FormFields(pairs);
    viewer.check_form(fields.one("csrf_token"))?;
    let back = format!("/meetings/{id}");
    let state = match own_state(&viewer, "moves a motion in its state's name") {
        Ok(state) => state,
        Err(error) => return Ok(refused(&back, &error)),
    };
    let kind = match motion_kind(fields.one("kind")) {
        Some(kind) => kind,
        None => {
            let message = format!("unknown motion {:?}", fields.one("kind"));
            return Ok(refused(&back, &ApiError::bad_request(message)));
        }
    };
    let notice = format!("{} moved {}.", state.starting_a_sentence(), kind.purpose());
    let event = Event::MotionMoved { id: next_id(&app, &id, 'M').await?, kind, by: state };
    Ok(submit_from_form(&app, &viewer, &id, event, &back, &notice).await)
}

/// The motions a delegation may move from the page, as the form names them and in the precedence of rule
/// 79 / 119.
pub const MOTIONS: [(&str, MotionKind); 5] = [
    ("suspend_meeting", MotionKind::SuspendMeeting),
    ("adjourn_meeting", MotionKind::AdjournMeeting),
    ("adjourn_debate", MotionKind::AdjournDebate),
    ("close_debate", MotionKind::CloseDebate),
    ("no_action", MotionKind::NoAction),
];

fn motion_kind(name: &str) -> Option<MotionKind> {
    MOTIONS.iter().find(|(known, _)| *known == name).map(|(_, kind)| *kind)
}

/// `POST /meetings/{id}/floor`: what a delegation says from the floor, in its state's name — joining or
/// leaving the sponsors of the draft (open until action on it is complete), an oral revision by a sponsor
/// (before action begins), a request for a recorded vote, an objection to a division.
pub async fn floor<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let fields = FormFields(pairs);
    viewer.check_form(fields.one("csrf_token"))?;
    let back = format!("/meetings/{id}");
    let state = match own_state(&viewer, "speaks in its state's name") {
        Ok(state) => state,
        Err(error) => return Ok(refused(&back, &error)),
    };
    let (event, notice) = match fields.one("act") {
        "join" => (
            Event::SponsorJoined { state: state.clone() },
            format!("{} joined the sponsors.", state.starting_a_sentence()),
        ),
        "withdraw" => (
            Event::SponsorWithdrew { state: state.clone() },
            format!("{} withdrew as a sponsor.", state.starting_a_sentence()),
        ),
        "oral_revision" => {
            let part: Part = match fields.one("part").parse() {
                Ok(part) => part,
                Err(error) => return Ok(refused(&back, &ApiError::bad_request(error))),
            };
            let text = fields.one("text").to_owned();
            if text.is_empty() {
                return Ok(refused(
                    &back,
                    &ApiError::bad_request("an oral revision needs the revised wording"),
                ));
            }
            let notice = format!("{} orally revised {}.", state.starting_a_sentence(), part.name());
            (Event::OralRevision { by: state.clone(), part, text }, notice)
        }
        "request_vote" => {
            let question: Question = match fields.one("question").parse() {
                Ok(question) => question,
                Err(error) => return Ok(refused(&back, &ApiError::bad_request(error))),
            };
            let named = {
                let meetings = app.journal.state().await;
                let meeting = &find(&meetings, &id)?.meeting;
                meeting
                    .current_item()
                    .map_or_else(|| question.to_string(), |item| describe_in(item, &question))
            };
            let notice = format!("{} requested a recorded vote on {named}.", state.starting_a_sentence());
            (Event::VoteRequested { question, by: state.clone(), method: Method::Recorded }, notice)
        }
        "object_division" => {
            let division = fields.one("division").to_owned();
            let notice = format!(
                "{} objected to the division: the motion for division is put to the vote first.",
                state.starting_a_sentence()
            );
            (Event::DivisionObjected { division, by: state.clone() }, notice)
        }
        other => return Ok(refused(&back, &ApiError::bad_request(format!("unknown act {other:?}")))),
    };
    Ok(submit_from_form(&app, &viewer, &id, event, &back, &notice).await)
}
