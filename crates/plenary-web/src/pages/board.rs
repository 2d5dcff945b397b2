//! The voting board of one vote, as a page: every member by name in UN order, coloured by what it shows,
//! the totals, the required majority, a result bar, the votes by regional group and a grid of members.
//! The page is complete as served; `static/board.js` keeps it live from the vote's event stream. A
//! delegation's ballot buttons and the chair's lock and decide buttons are plain forms.

use std::collections::BTreeMap;
use std::sync::Arc;

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use plenary_core::procedure::board::{Board, Shown, board};
use plenary_core::procedure::{Choice, Event, Forum, Majority, Meeting, Method, Outcome, Reveal, VoteStatus};
use plenary_core::states;
use plenary_store::{EventLog, Role};
use serde::Deserialize;

use super::chamber::{capitalised, describe};
use super::{Flash, Layout, PageError, Section, Viewer, refused, render, submit_from_form, vote_status_name};
use crate::api::meetings::find;
use crate::app::App;
use crate::error::ApiError;

/// What a seat shows, as the page's `data-shown` and class name and as words.
pub fn shown_name(shown: Shown) -> (&'static str, &'static str) {
    match shown {
        Shown::NotVoted => ("pending", "not voted"),
        Shown::Voted => ("voted", "has voted"),
        Shown::Yes => ("yes", "yes"),
        Shown::No => ("no", "no"),
        Shown::Abstain => ("abstain", "abstain"),
        Shown::Article19 => ("article19", "no vote (Art. 19)"),
    }
}

pub struct SeatView {
    pub code: String,
    pub name: String,
    pub shown: &'static str,
    pub words: &'static str,
    pub group: String,
    pub absent: bool,
}

pub struct GroupView {
    pub name: String,
    pub code: String,
    pub counts: Vec<(&'static str, u32)>,
    pub members: u32,
}

#[derive(Template)]
#[template(path = "board.html")]
struct BoardPage {
    layout: Layout,
    flash: Flash,
    meeting: String,
    meeting_title: String,
    vote: String,
    question: String,
    status: &'static str,
    method: &'static str,
    hidden_until_lock: bool,
    counts: Vec<(&'static str, &'static str, u32, bool)>,
    members: u32,
    majority: String,
    /// What the majority sentence says, for the live script: its opening words, and the yes votes needed
    /// for every number of members voting yes or no (index = yes + no).
    majority_words: &'static str,
    yes_needed: String,
    outcome: String,
    /// What the live script writes when the question carries ("Adopted", "Approved", "Retained").
    carried_word: String,
    bar: Vec<(&'static str, f64, u32)>,
    seats: Vec<SeatView>,
    groups: Vec<GroupView>,
    /// For a delegation entitled to vote: its state's name and current choice.
    ballot: Option<(String, String)>,
    is_chair: bool,
}

fn majority_words(majority: Majority) -> &'static str {
    match majority {
        Majority::Simple => "a simple majority of the members present and voting",
        Majority::TwoThirds => "a two-thirds majority of the members present and voting",
    }
}

fn first_group(code: &str) -> (String, String) {
    states::by_iso3(code).and_then(|state| state.regional_groups.first().copied()).map_or_else(
        || ("none".to_owned(), "No group".to_owned()),
        |group| (group.code().to_owned(), group.name().to_owned()),
    )
}

/// `GET /meetings/{id}/votes/{vote}`.
pub async fn page<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Path((id, vote_id)): Path<(String, String)>,
    flash: Flash,
) -> Result<Response, PageError> {
    let state = app.journal.state().await;
    let entry = find(&state, &id)?;
    let vote = entry
        .meeting
        .vote(&vote_id)
        .ok_or_else(|| ApiError::not_found(format!("{id} has no vote {vote_id:?}")))?;
    let Some(shown) = board(&entry.meeting, &vote_id) else {
        return Err(ApiError::not_found(format!("{id} has no vote {vote_id:?}")).into());
    };
    let own = viewer.0.state().filter(|own| vote.entitled.contains(*own));
    let ballot = own.map(|own| {
        (own.name().to_owned(), vote.ballots.get(own).map(ToString::to_string).unwrap_or_default())
    });
    let page = build(&viewer, flash, &id, &entry.meeting, &shown, ballot, vote.status);
    drop(state);
    Ok(render(&page))
}

fn build(
    viewer: &Viewer,
    flash: Flash,
    meeting_id: &str,
    meeting: &Meeting,
    shown: &Board,
    ballot: Option<(String, String)>,
    status: VoteStatus,
) -> BoardPage {
    let seats = seat_views(shown, status != VoteStatus::Open);
    let groups = group_views(&seats);
    let hidden_until_lock = shown.tally.is_none();
    BoardPage {
        layout: viewer
            .layout(format!("Vote {} — {}", shown.vote, describe(&shown.question)), Section::Meetings),
        flash,
        meeting: meeting_id.to_owned(),
        meeting_title: meeting.meeting.clone(),
        vote: shown.vote.clone(),
        question: describe(&shown.question),
        status: vote_status_name(status),
        method: if shown.method == Method::Recorded { "recorded vote" } else { "non-recorded vote" },
        hidden_until_lock: hidden_until_lock && shown.reveal == Reveal::AfterLock,
        counts: counts(shown),
        members: shown.members,
        majority: majority_sentence(shown),
        majority_words: majority_words(shown.majority),
        yes_needed: yes_needed(shown),
        outcome: outcome(shown, meeting.forum),
        carried_word: carried_word(shown, meeting.forum),
        bar: bar(shown, &seats),
        seats,
        groups,
        ballot,
        is_chair: viewer.0.role() == Some(Role::Chair),
    }
}

/// Yes, no and abstain as the board shows them: zero while they are hidden.
fn yes_no_abstain(shown: &Board) -> (u32, u32, u32) {
    shown.tally.map_or((0, 0, 0), |tally| (tally.yes, tally.no, tally.abstain))
}

/// Every seat in UN order, with what it shows; once the vote is locked, a seat that did not vote is absent.
fn seat_views(shown: &Board, locked: bool) -> Vec<SeatView> {
    shown
        .seats
        .iter()
        .map(|seat| {
            let (name, words) = shown_name(seat.shown);
            let (group, _) = first_group(&seat.state);
            SeatView {
                code: seat.state.clone(),
                name: seat.name.clone(),
                shown: name,
                words,
                group,
                absent: locked && seat.shown == Shown::NotVoted,
            }
        })
        .collect()
}

/// The votes by regional group (each state counted in its first group), in the groups' order.
fn group_views(seats: &[SeatView]) -> Vec<GroupView> {
    let mut groups: BTreeMap<String, GroupView> = BTreeMap::new();
    for seat in seats {
        let (code, name) = first_group(&seat.code);
        let group = groups.entry(code.clone()).or_insert_with(|| GroupView {
            name,
            code,
            counts: ["yes", "no", "abstain", "voted", "pending"].map(|kind| (kind, 0)).to_vec(),
            members: 0,
        });
        group.members += 1;
        let kind = if seat.shown == "article19" { "pending" } else { seat.shown };
        if let Some(count) = group.counts.iter_mut().find(|(name, _)| *name == kind) {
            count.1 += 1;
        }
    }
    groups.into_values().collect()
}

/// The four counts: each kind, its words, the number and whether it is hidden.
fn counts(shown: &Board) -> Vec<(&'static str, &'static str, u32, bool)> {
    let (yes, no, abstain) = yes_no_abstain(shown);
    let hidden_until_lock = shown.tally.is_none();
    // All four counts are always on the page (the live script fills in those the lock reveals); the
    // yes/no/abstain ones are hidden while the board shows only "has voted".
    vec![
        ("yes", "in favour", yes, hidden_until_lock),
        ("no", "against", no, hidden_until_lock),
        ("abstain", "abstentions", abstain, hidden_until_lock),
        ("voted", "have voted", shown.voted, false),
    ]
}

/// The result bar: each kind's share of the members, as a percentage, and its number.
fn bar(shown: &Board, seats: &[SeatView]) -> Vec<(&'static str, f64, u32)> {
    let (yes, no, abstain) = yes_no_abstain(shown);
    let members = shown.members.max(1);
    let percent = |count: u32| f64::from(count) * 100.0 / f64::from(members);
    let showing_voted = seats.iter().filter(|seat| seat.shown == "voted").count();
    let showing_voted = u32::try_from(showing_voted).unwrap_or(u32::MAX);
    vec![
        ("yes", percent(yes), yes),
        ("no", percent(no), no),
        ("abstain", percent(abstain), abstain),
        ("voted", percent(showing_voted), showing_voted),
    ]
}

/// The majority required, and once the votes show, how many yes votes carry it.
fn majority_sentence(shown: &Board) -> String {
    let (yes, no, _) = yes_no_abstain(shown);
    if shown.tally.is_none() {
        format!("Required: {}.", majority_words(shown.majority))
    } else {
        let needed = shown.majority.yes_needed(yes + no);
        let carry = if needed == 1 { "yes vote carries" } else { "yes votes carry" };
        format!(
            "Required: {} — with {} voting yes or no, {needed} {carry} it.",
            majority_words(shown.majority),
            yes + no
        )
    }
}

/// The yes votes needed for every number of members voting yes or no, comma-separated, for the live script.
fn yes_needed(shown: &Board) -> String {
    (0..=shown.members)
        .map(|voting| shown.majority.yes_needed(voting).to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// "Adopted", "Approved", "Retained" or "Rejected" once decided, as the record words it; empty before.
fn outcome(shown: &Board, forum: Forum) -> String {
    shown.outcome.map(|outcome| capitalised(outcome.word(&shown.question, forum))).unwrap_or_default()
}

/// The word the live script shows when the question carries: "Retained" for a paragraph.
fn carried_word(shown: &Board, forum: Forum) -> String {
    capitalised(Outcome::Adopted.word(&shown.question, forum))
}

#[derive(Debug, Deserialize)]
pub struct BallotForm {
    csrf_token: String,
    choice: String,
}

/// `POST /meetings/{id}/votes/{vote}/ballot`: a delegation casts (or changes) its own state's ballot.
pub async fn ballot<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Path((id, vote)): Path<(String, String)>,
    Form(form): Form<BallotForm>,
) -> Result<Response, PageError> {
    viewer.check_form(&form.csrf_token)?;
    let back = format!("/meetings/{id}/votes/{vote}");
    let Some(state) = viewer.0.state().cloned() else {
        return Ok(refused(&back, &ApiError::forbidden("only a delegation votes, for its own state")));
    };
    let choice: Choice = match form.choice.parse() {
        Ok(choice) => choice,
        Err(error) => return Ok(refused(&back, &ApiError::bad_request(error))),
    };
    let notice = format!("{} voted {choice}.", state.name());
    let event = Event::BallotCast { vote, state, choice, by_presiding_officer: false };
    Ok(submit_from_form(&app, &viewer, &id, event, &back, &notice).await)
}

#[derive(Debug, Deserialize)]
pub struct ChairForm {
    csrf_token: String,
}

/// `POST /meetings/{id}/votes/{vote}/lock`.
pub async fn lock<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Path((id, vote)): Path<(String, String)>,
    Form(form): Form<ChairForm>,
) -> Result<Response, PageError> {
    viewer.check_form(&form.csrf_token)?;
    let back = format!("/meetings/{id}/votes/{vote}");
    Ok(submit_from_form(&app, &viewer, &id, Event::VoteLocked { vote }, &back, "The voting is closed.").await)
}

/// `POST /meetings/{id}/votes/{vote}/decide`.
pub async fn decide<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Path((id, vote)): Path<(String, String)>,
    Form(form): Form<ChairForm>,
) -> Result<Response, PageError> {
    viewer.check_form(&form.csrf_token)?;
    let back = format!("/meetings/{id}/votes/{vote}");
    Ok(submit_from_form(&app, &viewer, &id, Event::VoteDecided { vote }, &back, "The result is announced.")
        .await)
}
