//! A delegation's console on the meeting page: what it may propose or ask from the floor, in its own
//! state's name — an amendment circulated under its own symbol, a separate vote (division) on named
//! paragraphs, a procedural motion, a recorded vote, joining or leaving the sponsors, an oral revision, an
//! objection to a division. The procedure engine decides what is in order; the permission gate who may.

use std::sync::Arc;

use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use plenary_core::procedure::{
    AmendmentAction, Event, Meeting, Method, MotionKind, Part, Question, StateRef,
};
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

/// What a delegation's form asks, read against the meeting as it stands: the event and the notice shown
/// once the rules accept it, or why the form is refused.
type Asked = Result<(Event, String), ApiError>;

/// The one path of every form of this console: the CSRF token checked, the state the delegation acts for
/// (anyone else is refused before the form is read), the event built from the form and the meeting, then
/// recorded through the permission gate and the engine, back to the meeting page with the notice or the
/// reason.
async fn in_own_name<L: EventLog>(
    app: &App<L>,
    viewer: &Viewer,
    id: &str,
    pairs: Vec<(String, String)>,
    acting: &str,
    ask: impl FnOnce(&FormFields, StateRef, &Meeting) -> Asked,
) -> Result<Response, PageError> {
    let fields = FormFields(pairs);
    viewer.check_form(fields.one("csrf_token"))?;
    let back = format!("/meetings/{id}");
    let asked = match viewer.0.state().cloned() {
        Some(state) => {
            let meetings = app.journal.state().await;
            ask(&fields, state, &find(&meetings, id)?.meeting)
        }
        None => Err(ApiError::forbidden(format!("only a delegation {acting}"))),
    };
    match asked {
        Ok((event, notice)) => Ok(submit_from_form(app, viewer, id, event, &back, &notice).await),
        Err(error) => Ok(refused(&back, &error)),
    }
}

/// The next free id of a kind under the current item: `A3`, `D1`, `M2`.
fn next_id(meeting: &Meeting, prefix: char) -> String {
    let item = meeting.current_item();
    let taken = |id: &str| {
        item.is_some_and(|item| {
            item.amendment(id).is_some() || item.division(id).is_some() || item.motion(id).is_some()
        })
    };
    (1..).map(|number| format!("{prefix}{number}")).find(|id| !taken(id)).unwrap_or_default()
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
    in_own_name(
        &app,
        &viewer,
        &id,
        pairs,
        "submits an amendment in its state's name",
        |fields, state, meeting| {
            let action = match fields.one("action") {
                "delete" => AmendmentAction::Delete,
                "reword" => AmendmentAction::Reword,
                "add" => AmendmentAction::Add,
                other => return Err(ApiError::bad_request(format!("unknown action {other:?}"))),
            };
            let parts = parts_of(fields)?;
            let document = match fields.one("document") {
                "" => None,
                written => {
                    Some(written.parse::<Symbol>().map(|symbol| symbol.to_string()).map_err(|error| {
                        ApiError::bad_request(format!(
                            "the amendment's document symbol {written:?} is not a UN symbol: {error}"
                        ))
                    })?)
                }
            };
            let amendment_id = match fields.one("id") {
                "" => next_id(meeting, 'A'),
                written => written.to_owned(),
            };
            let cited = document.clone().unwrap_or_else(|| amendment_id.clone());
            let notice = format!("Amendment {cited} submitted by {}.", state.in_text());
            let event = Event::AmendmentSubmitted {
                id: amendment_id,
                document,
                by: vec![state],
                amends: None,
                action,
                parts,
                text: Some(fields.one("text").to_owned()).filter(|text| !text.is_empty()),
            };
            Ok((event, notice))
        },
    )
    .await
}

/// `POST /meetings/{id}/division`: a delegation asks that paragraphs of the draft be voted on separately
/// (rule 89 / 129).
pub async fn division<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    in_own_name(
        &app,
        &viewer,
        &id,
        pairs,
        "requests a separate vote in its state's name",
        |fields, state, meeting| {
            let parts = parts_of(fields)?;
            if parts.is_empty() {
                return Err(ApiError::bad_request("name the paragraphs to be voted on separately"));
            }
            let names: Vec<String> = parts.iter().map(|part| part.name()).collect();
            let notice =
                format!("{} requested a separate vote on {}.", state.starting_a_sentence(), names.join(", "));
            Ok((Event::DivisionRequested { id: next_id(meeting, 'D'), by: state, parts }, notice))
        },
    )
    .await
}

/// `POST /meetings/{id}/motion`: a delegation moves a procedural motion (rules 76–79 / 116–119; "no
/// action", rule 74 / 116), put to the vote before anything else.
pub async fn motion<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    in_own_name(&app, &viewer, &id, pairs, "moves a motion in its state's name", |fields, state, meeting| {
        let kind = motion_kind(fields.one("kind"))
            .ok_or_else(|| ApiError::bad_request(format!("unknown motion {:?}", fields.one("kind"))))?;
        let notice = format!("{} moved {}.", state.starting_a_sentence(), kind.purpose());
        Ok((Event::MotionMoved { id: next_id(meeting, 'M'), kind, by: state }, notice))
    })
    .await
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
    in_own_name(&app, &viewer, &id, pairs, "speaks in its state's name", from_the_floor).await
}

fn from_the_floor(fields: &FormFields, state: StateRef, meeting: &Meeting) -> Asked {
    let speaker = state.starting_a_sentence();
    match fields.one("act") {
        "join" => Ok((Event::SponsorJoined { state }, format!("{speaker} joined the sponsors."))),
        "withdraw" => Ok((Event::SponsorWithdrew { state }, format!("{speaker} withdrew as a sponsor."))),
        "oral_revision" => {
            let part: Part = fields.one("part").parse().map_err(ApiError::bad_request)?;
            let text = fields.one("text").to_owned();
            if text.is_empty() {
                return Err(ApiError::bad_request("an oral revision needs the revised wording"));
            }
            let notice = format!("{speaker} orally revised {}.", part.name());
            Ok((Event::OralRevision { by: state, part, text }, notice))
        }
        "request_vote" => {
            let question: Question = fields.one("question").parse().map_err(ApiError::bad_request)?;
            let named = meeting
                .current_item()
                .map_or_else(|| question.to_string(), |item| describe_in(item, &question));
            let notice = format!("{speaker} requested a recorded vote on {named}.");
            Ok((Event::VoteRequested { question, by: state, method: Method::Recorded }, notice))
        }
        "object_division" => {
            let division = fields.one("division").to_owned();
            let notice = format!(
                "{speaker} objected to the division: the motion for division is put to the vote first."
            );
            Ok((Event::DivisionObjected { division, by: state }, notice))
        }
        other => Err(ApiError::bad_request(format!("unknown act {other:?}"))),
    }
}
