//! The voting board of one vote, as a page: the question stated with the words concerned, every member by
//! name in UN order with what it shows (in words and colour), the totals, the required majority, a result
//! bar, the votes by regional group and a grid of members, each cell carrying its vote as text.
//! The page is complete as served; `static/board.js` keeps it live from the vote's event stream. A
//! delegation's ballot buttons and the chair's lock and decide buttons are plain forms (the script casts
//! a ballot without leaving the page). The consoles say what the server holds: the page is never kept by
//! the browser (`Cache-Control: no-store`), so Back and a reload show the ballot as it stands.

use std::collections::BTreeMap;
use std::sync::Arc;

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::Response;
use plenary_core::procedure::board::{Board, Shown, board};
use plenary_core::procedure::{
    Choice, Event, Forum, Majority, Meeting, Method, Outcome, Reveal, StateRef, Vote, VoteStatus,
};
use plenary_core::states;
use plenary_store::{EventLog, Role, State as Store};
use serde::Deserialize;

use super::question::{Statement, statement_in};
use super::{Flash, Layout, PageError, Section, Viewer, refused, render, submit_from_form, vote_status_name};
use crate::api::meetings::find;
use crate::app::App;
use crate::error::ApiError;
use plenary_core::procedure::wording::capitalised;

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

/// What a member's cell in the grid shows as text: the letter of its vote, "voted" while votes are hidden,
/// "Art. 19", or a dash for no vote (yet). The live script (`static/board.js`) keeps the same table.
pub fn mark(shown: Shown) -> &'static str {
    match shown {
        Shown::NotVoted => "–",
        Shown::Voted => "voted",
        Shown::Yes => "Y",
        Shown::No => "N",
        Shown::Abstain => "A",
        Shown::Article19 => "Art. 19",
    }
}

pub struct SeatView {
    pub code: String,
    pub name: String,
    pub shown: &'static str,
    /// What the seat shows in words: "yes", "has voted", "did not vote" (once the voting is closed).
    pub words: &'static str,
    /// The grid cell's text: [`mark`].
    pub mark: &'static str,
    pub group: String,
    pub absent: bool,
}

pub struct GroupView {
    pub name: String,
    pub code: String,
    pub counts: Vec<(&'static str, u32)>,
    pub members: u32,
}

/// A delegation's ballot panel: what its state holds, in the sentences the page shows now and the live
/// script writes later (the state's name in the UN's running text: "the Sudan").
pub struct BallotPanel {
    pub state_code: String,
    pub state_name: String,
    /// "yes", "no", "abstain", or empty when it has not voted.
    pub choice: String,
    pub open: bool,
    /// What the panel says now.
    pub sentence: String,
    /// The sentences the live script fills in, with `{choice}` for the vote: while open, after the lock.
    pub open_voted: String,
    pub open_not_voted: String,
    pub closed_voted: String,
    pub closed_not_voted: String,
}

impl BallotPanel {
    fn new(state: &StateRef, vote: &Vote) -> BallotPanel {
        let choice = vote.ballots.get(state).map(ToString::to_string).unwrap_or_default();
        let open = vote.status == VoteStatus::Open;
        let start = state.starting_a_sentence();
        let open_voted = format!("{start} votes {{choice}}. You may change it until the voting is closed.");
        let open_not_voted = format!("{start} has not voted.");
        let closed_voted = format!("The vote is closed: {}’s vote, {{choice}}, stands.", state.in_text());
        let closed_not_voted = format!("The vote is closed: {} did not vote.", state.in_text());
        let sentence = match (open, choice.is_empty()) {
            (true, false) => open_voted.replace("{choice}", &choice),
            (true, true) => open_not_voted.clone(),
            (false, false) => closed_voted.replace("{choice}", &choice),
            (false, true) => closed_not_voted.clone(),
        };
        BallotPanel {
            state_code: state.code().to_owned(),
            state_name: state.name().to_owned(),
            choice,
            open,
            sentence,
            open_voted,
            open_not_voted,
            closed_voted,
            closed_not_voted,
        }
    }
}

/// What the chair's console says comes next, for each status of the vote (the live script switches
/// between them).
pub const NEXT_STEP_OPEN: &str = "Next: close the voting (lock the vote) when the delegations have voted.";
pub const NEXT_STEP_LOCKED: &str = "Next: announce the result.";
pub const NEXT_STEP_DECIDED: &str = "Decided: the result is final.";

fn next_step(status: VoteStatus) -> &'static str {
    match status {
        VoteStatus::Open => NEXT_STEP_OPEN,
        VoteStatus::Locked => NEXT_STEP_LOCKED,
        VoteStatus::Decided => NEXT_STEP_DECIDED,
    }
}

#[derive(Template)]
#[template(path = "board.html")]
struct BoardPage {
    layout: Layout,
    flash: Flash,
    meeting: String,
    meeting_title: String,
    vote: String,
    /// The question put: "Operative paragraph 4", with the paragraph's words.
    statement: Statement,
    status: &'static str,
    method: &'static str,
    hidden_until_lock: bool,
    counts: Vec<CountView>,
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
    /// For a delegation entitled to vote: its ballot panel.
    ballot: Option<BallotPanel>,
    is_chair: bool,
    /// The chair's next step, now.
    next_step: &'static str,
    next_steps: [&'static str; 3],
}

pub(super) fn majority_words(majority: Majority) -> &'static str {
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
    let ballot =
        viewer.0.state().filter(|own| vote.entitled.contains(*own)).map(|own| BallotPanel::new(own, vote));
    let statement = vote_statement(&state, &entry.meeting, vote);
    let page = build(&viewer, flash, &id, &entry.meeting, &shown, statement, ballot, vote.status);
    drop(state);
    Ok(never_stored(render(&page)))
}

/// The question of `vote` stated under the item it was taken under.
pub(super) fn vote_statement(store: &Store, meeting: &Meeting, vote: &Vote) -> Statement {
    match meeting.items.get(vote.item) {
        Some(item) => statement_in(store, item, &vote.question),
        None => super::question::statement(store, meeting, &vote.question),
    }
}

/// A page the browser must not keep: going Back to it, or restoring it, asks the server again, so a
/// console never shows a ballot or a button the server no longer holds.
pub(super) fn never_stored(mut response: Response) -> Response {
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[allow(clippy::too_many_arguments, reason = "one page's parts, each named where it is built")]
fn build(
    viewer: &Viewer,
    flash: Flash,
    meeting_id: &str,
    meeting: &Meeting,
    shown: &Board,
    statement: Statement,
    ballot: Option<BallotPanel>,
    status: VoteStatus,
) -> BoardPage {
    let seats = seat_views(shown, status != VoteStatus::Open);
    let groups = group_views(&seats);
    let hidden_until_lock = shown.tally.is_none();
    BoardPage {
        layout: viewer.layout(format!("Vote {} — {}", shown.vote, statement.heading), Section::Meetings),
        flash,
        meeting: meeting_id.to_owned(),
        meeting_title: meeting.meeting.clone(),
        vote: shown.vote.clone(),
        statement,
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
        next_step: next_step(status),
        next_steps: [NEXT_STEP_OPEN, NEXT_STEP_LOCKED, NEXT_STEP_DECIDED],
    }
}

/// Yes, no and abstain as the board shows them: zero while they are hidden.
pub(super) fn yes_no_abstain(shown: &Board) -> (u32, u32, u32) {
    shown.tally.map_or((0, 0, 0), |tally| (tally.yes, tally.no, tally.abstain))
}

/// Every seat in UN order, with what it shows; once the vote is locked, a seat that did not vote is absent.
pub(super) fn seat_views(shown: &Board, locked: bool) -> Vec<SeatView> {
    shown
        .seats
        .iter()
        .map(|seat| {
            let (name, words) = shown_name(seat.shown);
            let (group, _) = first_group(&seat.state);
            let absent = locked && seat.shown == Shown::NotVoted;
            SeatView {
                code: seat.state.clone(),
                name: seat.name.clone(),
                shown: name,
                words: if absent { "did not vote" } else { words },
                mark: mark(seat.shown),
                group,
                absent,
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

/// One of the four counts: its kind, the number, and its words for one and for more than one ("1
/// abstention", "32 abstentions"), which the live script switches between.
pub struct CountView {
    pub kind: &'static str,
    pub count: u32,
    pub one: &'static str,
    pub many: &'static str,
    /// Hidden while the board shows only "has voted".
    pub hidden: bool,
}

impl CountView {
    pub fn words(&self) -> &'static str {
        if self.count == 1 { self.one } else { self.many }
    }
}

/// The four counts, in the order the totals show them.
pub(super) fn counts(shown: &Board) -> Vec<CountView> {
    let (yes, no, abstain) = yes_no_abstain(shown);
    let hidden_until_lock = shown.tally.is_none();
    // All four counts are always on the page (the live script fills in those the lock reveals); the
    // yes/no/abstain ones are hidden while the board shows only "has voted".
    let count = |kind, count, one, many, hidden| CountView { kind, count, one, many, hidden };
    vec![
        count("yes", yes, "in favour", "in favour", hidden_until_lock),
        count("no", no, "against", "against", hidden_until_lock),
        count("abstain", abstain, "abstention", "abstentions", hidden_until_lock),
        count("voted", shown.voted, "has voted", "have voted", false),
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
pub(super) fn majority_sentence(shown: &Board) -> String {
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
pub(super) fn yes_needed(shown: &Board) -> String {
    (0..=shown.members)
        .map(|voting| shown.majority.yes_needed(voting).to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// "Adopted", "Approved", "Retained" or "Rejected" once decided, as the record words it; empty before.
pub(super) fn outcome(shown: &Board, forum: Forum) -> String {
    shown.outcome.map(|outcome| capitalised(outcome.word(&shown.question, forum))).unwrap_or_default()
}

/// The word the live script shows when the question carries: "Retained" for a paragraph.
pub(super) fn carried_word(shown: &Board, forum: Forum) -> String {
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
