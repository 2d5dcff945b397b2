//! The chamber: the list of meetings, and one meeting's page — its items and draft, the queue of questions
//! in the order the rules put them, the votes, the chair's console (open a vote, "May I take it …") and a
//! delegation's (submit an amendment, request a recorded vote).

use std::sync::Arc;

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use plenary_core::dates::format_date;
use plenary_core::procedure::{
    AmendmentAction, Decision, Event, Forum, Method, Outcome, Part, Question, Reveal, queue,
};
use plenary_store::{EventLog, MeetingEntry, Role};
use serde::Deserialize;

use super::{
    Flash, Layout, PageError, Section, Viewer, refused, render, see_other, submit_from_form, vote_status_name,
};
use crate::acts::meeting_event as submit;
use crate::api::meetings::find;
use crate::app::App;
use crate::error::ApiError;

/// A meeting as a list and the meeting page's heading show it (not a resolution's `MeetingLine`, the line
/// naming the meeting that adopted it).
pub struct MeetingView {
    pub id: String,
    pub body: String,
    pub meeting: String,
    pub date: String,
    pub note: String,
    pub open_vote: Option<String>,
}

pub fn meeting_view(entry: &MeetingEntry) -> MeetingView {
    let meeting = &entry.meeting;
    MeetingView {
        id: entry.id.clone(),
        body: capitalised(&meeting.forum.title()),
        meeting: meeting.meeting.clone(),
        date: format_date(meeting.date),
        note: meeting.note.clone().unwrap_or_default(),
        open_vote: meeting.vote_in_progress().map(|vote| vote.id.clone()),
    }
}

#[derive(Template)]
#[template(path = "meetings.html")]
struct ListPage {
    layout: Layout,
    meetings: Vec<MeetingView>,
}

/// "the Third Committee" as a heading: "The Third Committee".
pub fn capitalised(text: &str) -> String {
    let mut characters = text.chars();
    characters.next().map(|first| first.to_uppercase().chain(characters).collect()).unwrap_or_default()
}

/// `GET /meetings`.
pub async fn list<L: EventLog>(State(app): State<Arc<App<L>>>, viewer: Viewer) -> Response {
    let meetings = app.journal.state().await.meetings.values().map(meeting_view).collect();
    render(&ListPage { layout: viewer.layout("Meetings", Section::Meetings), meetings })
}

/// A question as people say it: "amendment A1 (by the United States)", "operative paragraph 4", "the draft
/// as a whole".
pub fn describe(question: &Question) -> String {
    match question {
        Question::Motion(id) => format!("motion {id}"),
        Question::Division(id) => format!("the motion for division {id}"),
        Question::Amendment(id) => format!("amendment {id}"),
        Question::Part(Part::Preambular(number)) => format!("preambular paragraph {number}"),
        Question::Part(Part::Operative(number)) => format!("operative paragraph {number}"),
        Question::Proposal => "the draft as a whole".to_owned(),
    }
}

pub struct QueueLine {
    pub question: String,
    pub description: String,
    pub settled: String,
    pub vote_requested: bool,
    pub next: bool,
}

pub struct AmendmentLine {
    pub id: String,
    pub by: String,
    pub action: String,
    pub parts: String,
    pub text: String,
    pub withdrawn: bool,
}

pub struct VoteLine {
    pub id: String,
    pub question: String,
    pub status: &'static str,
    pub outcome: String,
}

#[derive(Template)]
#[template(path = "meeting.html")]
struct MeetingPage {
    layout: Layout,
    flash: Flash,
    line: MeetingView,
    item: Option<String>,
    draft: Option<(String, String, String)>,
    queue: Vec<QueueLine>,
    amendments: Vec<AmendmentLine>,
    votes: Vec<VoteLine>,
    is_chair: bool,
    own_state: Option<String>,
    /// The questions that can be put now (not yet settled), for the chair's and delegations' pickers.
    open_questions: Vec<(String, String)>,
    next_vote_id: String,
    /// The draft's paragraphs an amendment can be anchored to.
    parts: Vec<String>,
    vote_in_progress: Option<String>,
    /// Whether the viewer's state sponsors the draft before the meeting.
    own_sponsor: bool,
}

/// How a question in the queue was settled, in the record's words: "retained by vote 6004", "approved
/// without a vote".
fn settled(question: &Question, forum: Forum, decision: Option<&Decision>) -> String {
    match decision {
        None => String::new(),
        Some(Decision::WithoutVote) => format!("{} without a vote", Outcome::Adopted.word(question, forum)),
        Some(Decision::ByVote { vote, outcome }) => {
            format!("{} by vote {vote}", outcome.word(question, forum))
        }
        Some(Decision::NotPutToVote { .. }) => "not put to the vote".to_owned(),
        Some(_) => "settled".to_owned(),
    }
}

/// `GET /meetings/{id}`.
pub async fn meeting<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Path(id): Path<String>,
    flash: Flash,
) -> Result<Response, PageError> {
    let state = app.journal.state().await;
    let entry = find(&state, &id)?;
    let meeting = &entry.meeting;
    let item = meeting.current_item();
    let next = meeting.next_question();
    let mut queue_lines = Vec::new();
    let mut open_questions = Vec::new();
    if let Some(item) = item {
        for question in queue::order(item) {
            let decision = item.decision(&question);
            if decision.is_none() {
                open_questions.push((question.to_string(), describe(&question)));
            }
            queue_lines.push(QueueLine {
                question: question.to_string(),
                description: describe(&question),
                settled: settled(&question, meeting.forum, decision),
                vote_requested: item.vote_requests.contains_key(&question),
                next: next.as_ref() == Some(&question),
            });
        }
    }
    let amendments = item
        .map(|item| {
            item.amendments
                .iter()
                .map(|amendment| AmendmentLine {
                    id: amendment.id.clone(),
                    by: amendment.by.iter().map(|state| state.name()).collect::<Vec<_>>().join(", "),
                    action: amendment.action.name().to_owned(),
                    parts: amendment.parts.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
                    text: amendment.text.clone().unwrap_or_default(),
                    withdrawn: amendment.withdrawn,
                })
                .collect()
        })
        .unwrap_or_default();
    let parts = item
        .and_then(|item| item.draft.as_ref())
        .map(|draft| {
            (1..=draft.preambular_paragraphs)
                .map(|number| format!("pp{number}"))
                .chain((1..=draft.operative_paragraphs).map(|number| format!("op{number}")))
                .collect()
        })
        .unwrap_or_default();
    let page = MeetingPage {
        layout: viewer.layout(
            format!("{} — {}", capitalised(&meeting.forum.title()), meeting.meeting),
            Section::Meetings,
        ),
        flash,
        line: meeting_view(entry),
        item: item.map(|item| item.title.clone()),
        draft: item.and_then(|item| item.draft.as_ref()).map(|draft| {
            let sponsors = draft.sponsors.iter().map(|state| state.name()).collect::<Vec<_>>().join(", ");
            (draft.symbol.clone(), draft.title.clone(), sponsors)
        }),
        queue: queue_lines,
        amendments,
        votes: meeting
            .votes
            .iter()
            .map(|vote| VoteLine {
                id: vote.id.clone(),
                question: describe(&vote.question),
                status: vote_status_name(vote.status),
                outcome: vote
                    .result
                    .map(|result| result.outcome.word(&vote.question, meeting.forum).to_owned())
                    .unwrap_or_default(),
            })
            .collect(),
        is_chair: viewer.0.role() == Some(Role::Chair),
        own_state: viewer.0.state().map(|state| state.name().to_owned()),
        open_questions,
        next_vote_id: format!("V{}", meeting.votes.len() + 1),
        parts,
        vote_in_progress: meeting.vote_in_progress().map(|vote| vote.id.clone()),
        own_sponsor: match (viewer.0.state(), item.and_then(|item| item.draft.as_ref())) {
            (Some(own), Some(draft)) => draft.sponsors.contains(own),
            _ => false,
        },
    };
    drop(state);
    Ok(render(&page))
}

#[derive(Debug, Deserialize)]
pub struct OpenVoteForm {
    csrf_token: String,
    vote: String,
    question: String,
    method: String,
    #[serde(default)]
    reveal: Option<String>,
}

/// `POST /meetings/{id}/open-vote`: the chair opens a vote; then to its board.
pub async fn open_vote<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(form): Form<OpenVoteForm>,
) -> Result<Response, PageError> {
    viewer.check_form(&form.csrf_token)?;
    let back = format!("/meetings/{id}");
    let question: Question = match form.question.parse() {
        Ok(question) => question,
        Err(error) => return Ok(refused(&back, &ApiError::bad_request(error))),
    };
    let method = if form.method == "non_recorded" { Method::NonRecorded } else { Method::Recorded };
    let reveal = if form.reveal.as_deref() == Some("after_lock") { Reveal::AfterLock } else { Reveal::Live };
    let vote = form.vote.trim().to_owned();
    let event = Event::VoteOpened { vote: vote.clone(), question, method, present: None, reveal };
    // Accepted, to the new vote's board; refused, back to the meeting.
    match submit(&app, &viewer.0, &id, event).await {
        Ok(_) => Ok(see_other(&format!("/meetings/{id}/votes/{vote}"), Some("The vote is open."))),
        Err(error) => Ok(refused(&back, &error)),
    }
}

#[derive(Debug, Deserialize)]
pub struct TakeItForm {
    csrf_token: String,
    question: String,
}

/// `POST /meetings/{id}/take-it`: "May I take it that the Assembly wishes to adopt …?" — and, nobody
/// having asked for a vote, adopted without one. A question on which a vote was requested is refused.
pub async fn take_it<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(form): Form<TakeItForm>,
) -> Result<Response, PageError> {
    viewer.check_form(&form.csrf_token)?;
    let back = format!("/meetings/{id}");
    let question: Question = match form.question.parse() {
        Ok(question) => question,
        Err(error) => return Ok(refused(&back, &ApiError::bad_request(error))),
    };
    if let Err(error) =
        submit(&app, &viewer.0, &id, Event::ConsensusProposed { question: question.clone() }).await
    {
        return Ok(refused(&back, &error));
    }
    let notice = format!("It is so decided: {} adopted without a vote.", describe(&question));
    let event = Event::AdoptedWithoutVote { question };
    Ok(submit_from_form(&app, &viewer, &id, event, &back, &notice).await)
}

/// Read by hand from the form's pairs (see `amendment_form`): `parts` repeats.
#[derive(Debug)]
pub struct AmendmentForm {
    csrf_token: String,
    id: String,
    action: String,
    parts: Vec<String>,
    text: String,
}

/// `POST /meetings/{id}/amendment`: a delegation submits an amendment in its state's name, anchored to
/// paragraphs of the draft.
pub async fn amendment<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = amendment_form(form);
    viewer.check_form(&form.csrf_token)?;
    let back = format!("/meetings/{id}");
    let Some(state) = viewer.0.state().cloned() else {
        return Ok(refused(&back, &ApiError::forbidden("only a delegation acts in its state's name")));
    };
    let action = match form.action.as_str() {
        "delete" => AmendmentAction::Delete,
        "reword" => AmendmentAction::Reword,
        "add" => AmendmentAction::Add,
        other => return Ok(refused(&back, &ApiError::bad_request(format!("unknown action {other:?}")))),
    };
    let mut parts = Vec::new();
    for part in &form.parts {
        match part.parse::<Part>() {
            Ok(part) => parts.push(part),
            Err(error) => return Ok(refused(&back, &ApiError::bad_request(error))),
        }
    }
    let document = {
        let meetings = app.journal.state().await;
        find(&meetings, &id)?
            .meeting
            .current_item()
            .and_then(|item| item.draft.as_ref())
            .map(|draft| draft.symbol.clone())
    };
    let amendment_id = form.id.trim().to_owned();
    let event = Event::AmendmentSubmitted {
        id: amendment_id.clone(),
        document,
        by: vec![state.clone()],
        amends: None,
        action,
        parts,
        text: Some(form.text.trim().to_owned()).filter(|text| !text.is_empty()),
    };
    let notice = format!("Amendment {amendment_id} submitted by {}.", state.name());
    Ok(submit_from_form(&app, &viewer, &id, event, &back, &notice).await)
}

/// A form with a repeated field (`parts`) arrives as pairs.
fn amendment_form(pairs: Vec<(String, String)>) -> AmendmentForm {
    let mut form = AmendmentForm {
        csrf_token: String::new(),
        id: String::new(),
        action: String::new(),
        parts: Vec::new(),
        text: String::new(),
    };
    for (key, value) in pairs {
        match key.as_str() {
            "csrf_token" => form.csrf_token = value,
            "id" => form.id = value,
            "action" => form.action = value,
            "parts" => {
                form.parts.extend(value.split([',', ' ']).filter(|part| !part.is_empty()).map(str::to_owned))
            }
            "text" => form.text = value,
            _ => {}
        }
    }
    form
}

#[derive(Debug, Deserialize)]
pub struct FloorForm {
    csrf_token: String,
    /// `join`, `withdraw`, `oral_revision` or `request_vote`.
    act: String,
    #[serde(default)]
    part: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    question: String,
}

/// `POST /meetings/{id}/floor`: what a delegation says from the floor, in its state's name — joining or
/// leaving the sponsors of the draft (open until action on it is complete), an oral revision by a sponsor
/// (before action begins), a request for a recorded vote. The procedure engine decides what is in order.
pub async fn floor<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(form): Form<FloorForm>,
) -> Result<Response, PageError> {
    viewer.check_form(&form.csrf_token)?;
    let back = format!("/meetings/{id}");
    let Some(state) = viewer.0.state().cloned() else {
        return Ok(refused(&back, &ApiError::forbidden("only a delegation speaks in its state's name")));
    };
    let (event, notice) = match form.act.as_str() {
        "join" => {
            (Event::SponsorJoined { state: state.clone() }, format!("{} joined the sponsors.", state.name()))
        }
        "withdraw" => (
            Event::SponsorWithdrew { state: state.clone() },
            format!("{} withdrew as a sponsor.", state.name()),
        ),
        "oral_revision" => {
            let part: Part = match form.part.parse() {
                Ok(part) => part,
                Err(error) => return Ok(refused(&back, &ApiError::bad_request(error))),
            };
            let text = form.text.trim().to_owned();
            if text.is_empty() {
                return Ok(refused(
                    &back,
                    &ApiError::bad_request("an oral revision needs the revised wording"),
                ));
            }
            (
                Event::OralRevision { by: state.clone(), part, text },
                format!("{} revised {part} orally.", state.name()),
            )
        }
        "request_vote" => {
            let question: Question = match form.question.parse() {
                Ok(question) => question,
                Err(error) => return Ok(refused(&back, &ApiError::bad_request(error))),
            };
            let notice = format!("{} requested a recorded vote on {}.", state.name(), describe(&question));
            (Event::VoteRequested { question, by: state.clone(), method: Method::Recorded }, notice)
        }
        other => return Ok(refused(&back, &ApiError::bad_request(format!("unknown act {other:?}")))),
    };
    Ok(submit_from_form(&app, &viewer, &id, event, &back, &notice).await)
}
