//! The chamber: the list of meetings, and one meeting's page — its items and draft, the queue of questions
//! in the order the rules put them, the votes, the chair's console (open a vote, "May I take it …") and a
//! delegation's (submit an amendment, request a recorded vote).

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use plenary_core::dates::format_date;
use plenary_core::procedure::meeting::{Amendment, Item};
use plenary_core::procedure::wording::capitalised;
use plenary_core::procedure::{
    AmendmentAction, Decision, Forum, Meeting, Outcome, Part, Question, StateRef, VoteStatus, queue,
};
use plenary_store::{EventLog, MeetingEntry, Role};

use super::delegation::MOTIONS;
use super::draft::{DraftParagraph, DraftText, paragraphs};
use super::floor::quorum_summary;
use super::secretariat::{FORUMS, drafts_to_table};
use super::{Flash, Layout, PageError, Section, Viewer, render, vote_status_name};
use crate::api::meetings::find;
use crate::app::App;

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
    flash: Flash,
    meetings: Vec<MeetingView>,
    /// The secretariat opens meetings from the list.
    opens_meetings: bool,
    forums: &'static [(&'static str, &'static str)],
}

/// `GET /meetings`.
pub async fn list<L: EventLog>(State(app): State<Arc<App<L>>>, viewer: Viewer, flash: Flash) -> Response {
    let meetings = app.journal.state().await.meetings.values().map(meeting_view).collect();
    render(&ListPage {
        layout: viewer.layout("Meetings", Section::Meetings),
        flash,
        meetings,
        opens_meetings: viewer.0.role() == Some(Role::Secretariat),
        forums: &FORUMS,
    })
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

/// The same, with what the item knows: an amendment by the symbol of the document it is circulated in
/// ("amendment A/C.3/80/L.60"), a motion by its purpose, a division by its paragraphs.
pub fn describe_in(item: &Item, question: &Question) -> String {
    match question {
        Question::Amendment(id) => match item.amendment(id).and_then(|amendment| amendment.document.as_ref())
        {
            Some(symbol) => format!("amendment {symbol}"),
            None => describe(question),
        },
        Question::Motion(id) => match item.motion(id) {
            Some(motion) => format!("the motion {} ({})", motion.kind.purpose(), motion.by.in_text()),
            None => describe(question),
        },
        Question::Division(id) => match item.division(id) {
            Some(division) => {
                let parts: Vec<String> = division.parts.iter().map(|part| part.name()).collect();
                format!("the motion for division {id} ({})", parts.join(", "))
            }
            None => describe(question),
        },
        _ => describe(question),
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
    /// The symbol of the document it is circulated in, when it has one.
    pub document: String,
    pub by: String,
    /// "delete operative paragraph 4", "reword the third preambular paragraph".
    pub purpose: String,
    pub text: String,
    pub withdrawn: bool,
}

/// A request for a separate vote, and whether anyone objected.
pub struct DivisionLine {
    pub id: String,
    pub by: String,
    pub parts: String,
    pub objected_by: String,
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
    divisions: Vec<DivisionLine>,
    /// Motions moved: (id, "Sudan moved to adjourn the debate").
    motions: Vec<(String, String)>,
    votes: Vec<VoteLine>,
    is_chair: bool,
    /// The chair or the secretariat: they take up items and put drafts before the meeting.
    directs: bool,
    own_state: Option<String>,
    /// The questions that can be put now (not yet settled), for the chair's and delegations' pickers; the
    /// next one first.
    open_questions: Vec<(String, String)>,
    /// The chair's next step, in words.
    next_step: String,
    /// Presence and the quorum, for the chair's and the secretariat's console: "193 present; quorum for a
    /// decision 97: quorum present".
    quorum: String,
    has_quorum: bool,
    next_vote_id: String,
    /// The draft's paragraphs, with their words, for amendments, separate votes and oral revisions.
    paragraphs: Vec<DraftParagraph>,
    /// Issued drafts that can be put before the meeting: (document id, "symbol — title").
    drafts_to_table: Vec<(String, String)>,
    vote_in_progress: Option<String>,
    /// Whether the viewer's state sponsors the draft before the meeting.
    own_sponsor: bool,
    motion_kinds: Vec<(&'static str, &'static str)>,
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

/// What the chair does next, in words: the console says it so that no step is guessed.
fn next_step(meeting: &Meeting) -> String {
    if let Some(vote) = meeting.vote_in_progress() {
        let action = match vote.status {
            VoteStatus::Open => "lock it when the delegations have voted",
            _ => "announce the result",
        };
        return format!("Vote {} is in progress: on its board, {action}.", vote.id);
    }
    let Some(item) = meeting.current_item() else {
        return "Next: take up an agenda item.".to_owned();
    };
    if item.draft.is_none() {
        return "Next: put a draft before the meeting.".to_owned();
    }
    match meeting.next_question() {
        Some(question) if item.vote_requests.contains_key(&question) => {
            format!("Next: put {} to the vote — a recorded vote was requested.", describe_in(item, &question))
        }
        Some(question) => format!(
            "Next: {} — ask “May I take it …?”, or put it to the vote if a delegation asks.",
            describe_in(item, &question)
        ),
        None => {
            "Every question under this item is settled: explanations of vote after the vote, then the next \
                 item."
                .to_owned()
        }
    }
}

fn names(states: &[StateRef]) -> String {
    states.iter().map(|state| state.name()).collect::<Vec<_>>().join(", ")
}

fn amendment_line(amendment: &Amendment) -> AmendmentLine {
    let parts: Vec<String> = amendment.parts.iter().map(|part| part.name()).collect();
    let verb = match amendment.action {
        AmendmentAction::Delete => "delete",
        AmendmentAction::Reword => "reword",
        AmendmentAction::Add => "add text after",
    };
    AmendmentLine {
        id: amendment.id.clone(),
        document: amendment.document.clone().unwrap_or_default(),
        by: names(&amendment.by),
        purpose: format!("{verb} {}", parts.join(", ")),
        text: amendment.text.clone().unwrap_or_default(),
        withdrawn: amendment.withdrawn,
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
            let description = describe_in(item, &question);
            if decision.is_none() {
                let entry = (question.to_string(), description.clone());
                if next.as_ref() == Some(&question) {
                    open_questions.insert(0, entry);
                } else {
                    open_questions.push(entry);
                }
            }
            queue_lines.push(QueueLine {
                question: question.to_string(),
                description,
                settled: settled(&question, meeting.forum, decision),
                vote_requested: item.vote_requests.contains_key(&question),
                next: next.as_ref() == Some(&question),
            });
        }
    }
    let amendments =
        item.map(|item| item.amendments.iter().map(amendment_line).collect()).unwrap_or_default();
    let divisions = item
        .map(|item| {
            item.divisions
                .iter()
                .map(|division| DivisionLine {
                    id: division.id.clone(),
                    by: division.by.name().to_owned(),
                    parts: division.parts.iter().map(|part| part.name()).collect::<Vec<_>>().join(", "),
                    objected_by: division
                        .objected_by
                        .as_ref()
                        .map(|state| state.name().to_owned())
                        .unwrap_or_default(),
                })
                .collect()
        })
        .unwrap_or_default();
    let motions = item
        .map(|item| {
            item.motions
                .iter()
                .map(|motion| {
                    (
                        motion.id.clone(),
                        format!("{} moved {}", motion.by.starting_a_sentence(), motion.kind.purpose()),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let draft = item.and_then(|item| item.draft.as_ref());
    let paragraphs = match (item, draft) {
        (Some(item), Some(draft)) => {
            let text = DraftText::read(&state, item);
            paragraphs(&text, draft.preambular_paragraphs, draft.operative_paragraphs)
        }
        _ => Vec::new(),
    };
    let role = viewer.0.role();
    let directs = matches!(role, Some(Role::Chair | Role::Secretariat));
    let page = MeetingPage {
        layout: viewer.layout(
            format!("{} — {}", capitalised(&meeting.forum.title()), meeting.meeting),
            Section::Meetings,
        ),
        flash,
        line: meeting_view(entry),
        item: item.map(|item| match &item.agenda_item {
            Some(number) => format!("Agenda item {number}: {}", item.title),
            None => item.title.clone(),
        }),
        draft: draft.map(|draft| (draft.symbol.clone(), draft.title.clone(), names(&draft.sponsors))),
        queue: queue_lines,
        amendments,
        divisions,
        motions,
        votes: meeting
            .votes
            .iter()
            .map(|vote| VoteLine {
                id: vote.id.clone(),
                question: match meeting.items.get(vote.item) {
                    Some(item) => describe_in(item, &vote.question),
                    None => describe(&vote.question),
                },
                status: vote_status_name(vote.status),
                outcome: vote
                    .result
                    .map(|result| result.outcome.word(&vote.question, meeting.forum).to_owned())
                    .unwrap_or_default(),
            })
            .collect(),
        is_chair: role == Some(Role::Chair),
        directs,
        own_state: viewer.0.state().map(|state| state.name().to_owned()),
        open_questions,
        next_step: next_step(meeting),
        quorum: quorum_summary(meeting),
        has_quorum: meeting.has_quorum(),
        next_vote_id: format!("V{}", meeting.votes.len() + 1),
        paragraphs,
        drafts_to_table: if directs && item.is_some() && draft.is_none() {
            drafts_to_table(&state, meeting.forum)
        } else {
            Vec::new()
        },
        vote_in_progress: meeting.vote_in_progress().map(|vote| vote.id.clone()),
        own_sponsor: match (viewer.0.state(), draft) {
            (Some(own), Some(draft)) => draft.sponsors.contains(own),
            _ => false,
        },
        motion_kinds: MOTIONS.iter().map(|(name, kind)| (*name, kind.purpose())).collect(),
    };
    drop(state);
    Ok(render(&page))
}
