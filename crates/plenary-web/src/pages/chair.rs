//! The chair's console on the meeting page: put a question to the vote, or "May I take it …?".

use std::sync::Arc;

use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use plenary_core::procedure::{Event, Method, Outcome, Question, Reveal};
use plenary_store::EventLog;
use serde::Deserialize;

use super::chamber::describe_in;
use super::{PageError, Viewer, refused, see_other, submit_from_form};
use crate::acts::meeting_event as submit;
use crate::api::meetings::find;
use crate::app::App;
use crate::error::ApiError;

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
    let (named, word) = {
        let meetings = app.journal.state().await;
        let meeting = &find(&meetings, &id)?.meeting;
        let named = match meeting.current_item() {
            Some(item) => describe_in(item, &question),
            None => question.to_string(),
        };
        (named, Outcome::Adopted.word(&question, meeting.forum))
    };
    let notice = format!("It is so decided: {named} {word} without a vote.");
    let event = Event::AdoptedWithoutVote { question };
    Ok(submit_from_form(&app, &viewer, &id, event, &back, &notice).await)
}
