//! What the secretariat (and the chair) set up from the pages: a meeting opened, an agenda item taken up,
//! an issued draft put before the meeting with its symbol, paragraphs and sponsors from the stored text.

use std::sync::Arc;

use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use plenary_core::procedure::{Event, Forum, Settings};
use plenary_store::{DocumentStatus, EventLog, State as Stored};
use serde::Deserialize;
use time::Date;
use time::macros::format_description;

use super::draft::stored_draft;
use super::{PageError, Viewer, refused, see_other, submit_from_form};
use crate::api::documents::sponsors_in_un_order;
use crate::api::meetings::valid_id;
use crate::app::App;
use crate::error::ApiError;

/// The bodies a meeting can be opened in from the page, as the form names them.
pub const FORUMS: [(&str, &str); 8] = [
    ("plenary", "The General Assembly (plenary)"),
    ("first-committee", "The First Committee"),
    ("second-committee", "The Second Committee"),
    ("third-committee", "The Third Committee"),
    ("fourth-committee", "The Fourth Committee"),
    ("fifth-committee", "The Fifth Committee"),
    ("sixth-committee", "The Sixth Committee"),
    ("human-rights-council", "The Human Rights Council"),
];

#[derive(Debug, Deserialize)]
pub struct OpenMeetingForm {
    csrf_token: String,
    id: String,
    forum: String,
    meeting: String,
    date: String,
}

/// `POST /meetings`: the secretariat opens a meeting — its body, how the record names it ("45th meeting")
/// and its date. The membership is the body's on that date.
pub async fn open_meeting<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Form(form): Form<OpenMeetingForm>,
) -> Result<Response, PageError> {
    viewer.check_form(&form.csrf_token)?;
    let back = "/meetings";
    let id = form.id.trim();
    if !valid_id(id) {
        let message = format!("the meeting id {id:?} must be letters, digits and dashes (at most 80)");
        return Ok(refused(back, &ApiError::bad_request(message)));
    }
    let forum: Forum = match form.forum.parse() {
        Ok(forum) => forum,
        Err(error) => return Ok(refused(back, &ApiError::bad_request(error))),
    };
    let date = match Date::parse(form.date.trim(), format_description!("[year]-[month]-[day]")) {
        Ok(date) => date,
        Err(_) => {
            let message = format!("the date {:?} is not a date written 2025-11-18", form.date.trim());
            return Ok(refused(back, &ApiError::bad_request(message)));
        }
    };
    let meeting = form.meeting.trim();
    if meeting.is_empty() {
        return Ok(refused(
            back,
            &ApiError::bad_request("name the meeting as the record will: \"45th meeting\""),
        ));
    }
    if app.journal.state().await.meetings.contains_key(id) {
        return Ok(refused(back, &ApiError::bad_request(format!("a meeting {id:?} already exists"))));
    }
    let event = Event::MeetingOpened {
        forum,
        meeting: meeting.to_owned(),
        date,
        members: None,
        article19: Vec::new(),
        article19_exempt: Vec::new(),
        presiding: None,
        settings: Settings::default(),
        note: None,
    };
    match crate::acts::open_meeting(&app, &viewer.0, id, event).await {
        Ok(()) => Ok(see_other(&format!("/meetings/{id}"), Some("The meeting is open."))),
        Err(error) => super::refused_act(back, error),
    }
}

#[derive(Debug, Deserialize)]
pub struct ItemForm {
    csrf_token: String,
    #[serde(default)]
    agenda_item: String,
    title: String,
    /// A checkbox: present ("on") when ticked.
    #[serde(default)]
    important_question: Option<String>,
}

/// `POST /meetings/{id}/item`: the meeting takes up an agenda item.
pub async fn take_up_item<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(form): Form<ItemForm>,
) -> Result<Response, PageError> {
    viewer.check_form(&form.csrf_token)?;
    let back = format!("/meetings/{id}");
    let title = form.title.trim().to_owned();
    if title.is_empty() {
        return Ok(refused(&back, &ApiError::bad_request("an agenda item needs its title")));
    }
    let agenda_item = Some(form.agenda_item.trim().to_owned()).filter(|number| !number.is_empty());
    let notice = match &agenda_item {
        Some(number) => format!("Agenda item {number} is before the meeting."),
        None => "The item is before the meeting.".to_owned(),
    };
    let event =
        Event::ItemOpened { agenda_item, title, important_question: form.important_question.is_some() };
    Ok(submit_from_form(&app, &viewer, &id, event, &back, &notice).await)
}

#[derive(Debug, Deserialize)]
pub struct DraftForm {
    csrf_token: String,
    /// The id of the stored document.
    document: String,
}

/// `POST /meetings/{id}/draft`: an issued draft is put before the meeting — the procedure learns its
/// symbol, title, how many paragraphs it has and its sponsors from the stored text.
pub async fn table_draft<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(form): Form<DraftForm>,
) -> Result<Response, PageError> {
    viewer.check_form(&form.csrf_token)?;
    let back = format!("/meetings/{id}");
    let event = {
        let state = app.journal.state().await;
        match draft_event(&state, form.document.trim()) {
            Ok(event) => event,
            Err(error) => return Ok(refused(&back, &error)),
        }
    };
    let notice = match &event {
        Event::DraftTabled { symbol, .. } => format!("Draft {symbol} is before the meeting."),
        _ => String::new(),
    };
    Ok(submit_from_form(&app, &viewer, &id, event, &back, &notice).await)
}

/// The `draft_tabled` event for a stored, issued draft.
fn draft_event(state: &Stored, document: &str) -> Result<Event, ApiError> {
    let entry = state
        .documents
        .get(document)
        .ok_or_else(|| ApiError::not_found(format!("no document {document:?}")))?;
    if entry.status != DocumentStatus::Issued {
        return Err(ApiError::bad_request(format!(
            "{document} is not an issued draft: only a draft issued with its symbol is put before a meeting"
        )));
    }
    let symbol = entry
        .versions
        .last()
        .and_then(|version| version.symbol.clone())
        .ok_or_else(|| ApiError::bad_request(format!("{document} has no symbol")))?;
    let text = stored_draft(state, &symbol)
        .ok_or_else(|| ApiError::internal(format!("the text of {symbol} could not be read")))?;
    let count = |length: usize| u16::try_from(length).unwrap_or(u16::MAX);
    Ok(Event::DraftTabled {
        symbol,
        title: text.title.clone(),
        preambular_paragraphs: count(text.preamble.len()),
        operative_paragraphs: count(text.operative.len()),
        sponsors: sponsors_in_un_order(entry),
    })
}

/// The drafts that can be put before a meeting of `forum`: issued, with a symbol of that forum (`A/C.3/…` for
/// the Third Committee, `A/80/L.…` for the plenary, `A/HRC/…` for the Council; a symbol Plenary cannot
/// read is offered everywhere); as (document id, "symbol — title"). The store holds some 300 issued drafts
/// of every forum from its first start; a meeting's picker offers its own forum's.
pub fn drafts_to_table(state: &Stored, forum: Forum) -> Vec<(String, String)> {
    state
        .documents
        .values()
        .filter(|entry| entry.status == DocumentStatus::Issued)
        .filter_map(|entry| {
            let version = entry.versions.last()?;
            let symbol = version.symbol.clone()?;
            let of_forum = symbol.parse::<plenary_core::Symbol>().map_or(true, |parsed| match forum {
                Forum::Plenary => {
                    parsed.body() == Some(plenary_core::Body::GeneralAssembly) && parsed.committee().is_none()
                }
                Forum::MainCommittee(number) => {
                    parsed.committee() == Some(plenary_core::Committee::Main(number))
                }
                Forum::HumanRightsCouncil => parsed.body() == Some(plenary_core::Body::HumanRightsCouncil),
            });
            of_forum.then(|| (entry.id.clone(), format!("{symbol} — {}", version.title)))
        })
        .collect()
}
