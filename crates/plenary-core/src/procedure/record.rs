//! The official record of a meeting: every step of the action on each draft, in the UN's words, with
//! the per-state listing of each recorded vote.
//!
//! The record is built from the meeting state alone, so the same events always give the same record; it
//! renders as text ([`Record::to_text`]) and serialises as JSON. Corrections are notes under the vote they
//! concern; they never change a tally.

use std::fmt::Write as _;

use serde::Serialize;

use super::event::{AmendmentAction, Part, Question, SpeakerList, StateRef, Timing};
use super::forum::Forum;
use super::majority::{Choice, Majority, Outcome, Tally};
use super::meeting::{Item, Meeting, Step, Vote, VoteStatus};
use super::queue::{Decision, NotPutBecause};
use super::wording::{Figures, Listing, Method, capitalised, vote_phrase};

/// The record of one meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Record {
    pub forum: Forum,
    /// "the General Assembly", "the Third Committee".
    pub body: String,
    pub meeting: String,
    /// The date as the record prints it: "18 December 2017".
    pub date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub items: Vec<ItemRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemRecord {
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub agenda_item: Option<String>,
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub draft: Option<DraftRecord>,
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DraftRecord {
    pub symbol: String,
    pub title: String,
    /// The sponsors when action ended, in the order they joined.
    pub sponsors: Vec<String>,
}

/// One paragraph of the record: a sentence and, for a vote, its result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = RecordEntry))]
pub struct Entry {
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question: Option<Question>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vote: Option<VoteRecord>,
}

/// The result of one vote as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VoteRecord {
    pub id: String,
    pub method: Method,
    pub majority: Majority,
    pub status: VoteStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// The outcome in the record's words for this question: "adopted", "approved" (a Main Committee's
    /// draft), "retained" (a paragraph put to a separate vote) or "rejected".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
    pub yes: u32,
    pub no: u32,
    pub abstain: u32,
    pub non_voting: u32,
    /// Total voting membership.
    pub members: u32,
    /// The yes votes the result needed, given how many voted yes or no.
    pub yes_needed: u32,
    /// Names per choice, for a recorded vote only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listing: Option<Listing>,
    /// Members without a vote under Article 19 when the vote opened.
    pub article19: Vec<String>,
    pub refused: Vec<RefusedRecord>,
    /// "Subsequently, X advised the Secretariat that it had intended to vote in favour."
    pub corrections: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefusedRecord {
    pub state: String,
    pub reason: String,
}

impl Record {
    /// The record of everything the meeting did so far.
    pub fn of(meeting: &Meeting) -> Record {
        let items = meeting
            .items
            .iter()
            .enumerate()
            .map(|(index, item)| ItemRecord {
                agenda_item: item.agenda_item.clone(),
                title: item.title.clone(),
                draft: item.draft.as_ref().map(|draft| DraftRecord {
                    symbol: draft.symbol.clone(),
                    title: draft.title.clone(),
                    sponsors: draft.sponsors.iter().map(|state| state.name().to_owned()).collect(),
                }),
                entries: Writer { meeting, item, index }.entries(),
            })
            .collect();
        Record {
            forum: meeting.forum,
            body: meeting.forum.title(),
            meeting: meeting.meeting.clone(),
            date: crate::dates::format_date(meeting.date),
            note: meeting.note.clone(),
            items,
        }
    }

    /// The record as text: a heading per item, a paragraph per step, and under each recorded vote its
    /// listing and summary.
    pub fn to_text(&self) -> String {
        let mut text = String::new();
        let _ = writeln!(text, "{}, {}, {}", capitalised(&self.body), self.meeting, self.date);
        if let Some(note) = &self.note {
            let _ = writeln!(text, "Note: {note}");
        }
        for item in &self.items {
            text.push('\n');
            match &item.agenda_item {
                Some(number) => {
                    let _ = writeln!(text, "Agenda item {number}: {}", item.title);
                }
                None => {
                    let _ = writeln!(text, "{}", item.title);
                }
            }
            if let Some(draft) = &item.draft {
                let _ = writeln!(text, "Draft resolution: {} ({})", draft.title, draft.symbol);
                if !draft.sponsors.is_empty() {
                    let _ = writeln!(text, "Sponsors: {}.", draft.sponsors.join(", "));
                }
            }
            for entry in &item.entries {
                text.push('\n');
                text.push_str(&entry.text);
                text.push('\n');
                if let Some(vote) = &entry.vote {
                    vote.write_text(&mut text);
                }
            }
        }
        text
    }
}

impl VoteRecord {
    fn write_text(&self, text: &mut String) {
        if let Some(listing) = &self.listing {
            for line in listing.to_text().lines() {
                let _ = writeln!(text, "  {line}");
            }
        }
        let _ = writeln!(
            text,
            "  Yes: {} | No: {} | Abstentions: {} | Non-voting: {} | Total voting membership: {}",
            self.yes, self.no, self.abstain, self.non_voting, self.members
        );
        let _ = writeln!(
            text,
            "  Majority required: {} ({} of the {} voting yes or no)",
            self.majority,
            self.yes_needed,
            self.yes + self.no
        );
        if !self.article19.is_empty() {
            let _ = writeln!(
                text,
                "  Without a vote under Article 19 of the Charter: {}.",
                self.article19.join(", ")
            );
        }
        for refused in &self.refused {
            let _ = writeln!(text, "  Not counted: a vote cast by {} ({}).", refused.state, refused.reason);
        }
        for correction in &self.corrections {
            let _ = writeln!(text, "  {correction}");
        }
    }
}

/// Writes the entries of one item.
struct Writer<'a> {
    meeting: &'a Meeting,
    item: &'a Item,
    index: usize,
}

impl Writer<'_> {
    fn entries(&self) -> Vec<Entry> {
        let mut entries = Vec::new();
        // Consecutive speakers of one kind are told in one sentence, as the UN's meeting coverage does, in
        // the order they spoke.
        let steps = &self.item.steps;
        let mut debate_told = false;
        let mut index = 0;
        while index < steps.len() {
            let Some(kind) = spoken_kind(&steps[index]) else {
                entries.push(self.entry(&steps[index]));
                index += 1;
                continue;
            };
            let run = steps[index..].iter().take_while(|step| spoken_kind(step) == Some(kind));
            let speakers: Vec<&StateRef> = run.filter_map(speaker).collect();
            index += speakers.len();
            for text in self.spoken(kind, &speakers, &mut debate_told) {
                entries.push(Entry { text, question: None, vote: None });
            }
        }
        // A vote still open or locked has no decision yet; the record says where it stands.
        for vote in self.meeting.votes.iter().filter(|vote| vote.item == self.index && vote.result.is_none())
        {
            let state = if vote.status == VoteStatus::Open { "open" } else { "locked" };
            entries.push(Entry {
                text: format!(
                    "The vote on {} is {state}: {} of {} members have voted.",
                    self.question_name(&vote.question),
                    vote.ballots.len(),
                    vote.members
                ),
                question: Some(vote.question.clone()),
                vote: None,
            });
        }
        entries
    }

    fn entry(&self, step: &Step) -> Entry {
        let text = match step {
            Step::SponsorJoined { state } => format!("{} joined the sponsors.", state.starting_a_sentence()),
            Step::SponsorWithdrew { state } => {
                format!("{} withdrew as a sponsor.", state.starting_a_sentence())
            }
            Step::OralRevision { by, part, text } => {
                format!("Before action, {} orally revised {} to read: “{text}”", by.in_text(), part.name())
            }
            Step::MotionMoved { id } => match self.item.motion(id) {
                Some(motion) => {
                    format!("{} moved {}.", motion.by.starting_a_sentence(), motion.kind.purpose())
                }
                None => String::new(),
            },
            Step::DivisionRequested { id } => match self.item.division(id) {
                Some(division) => {
                    let votes = if division.parts.len() == 1 { "a separate vote" } else { "separate votes" };
                    format!(
                        "{} requested {votes} on {}.",
                        division.by.starting_a_sentence(),
                        part_names(&division.parts)
                    )
                }
                None => String::new(),
            },
            Step::DivisionObjected { by, .. } => {
                format!(
                    "{} objected to the division; the motion for division was put to the vote.",
                    by.starting_a_sentence()
                )
            }
            Step::AmendmentSubmitted { id } => self.amendment_submitted(id),
            Step::AmendmentWithdrawn { id } => {
                format!("{} was withdrawn.", capitalised(&self.amendment_name(id)))
            }
            Step::VoteRequested { question, by, method } => {
                let kind = if *method == Method::Recorded { "a recorded vote" } else { "a vote" };
                format!("{} requested {kind} on {}.", by.starting_a_sentence(), self.question_name(question))
            }
            Step::Spoke { .. } | Step::Explanation { from_list: true, .. } => {
                // Told in groups by `entries`; alone, a group of one.
                match (spoken_kind(step), speaker(step)) {
                    (Some(kind), Some(state)) => self.spoken(kind, &[state], &mut false).join(" "),
                    _ => String::new(),
                }
            }
            Step::PointOfOrder { by, ruling } => {
                let who = capitalised(&self.speaker_name(by));
                match ruling {
                    Some(ruling) => {
                        let ruling = ruling.trim().trim_end_matches('.');
                        let ruling = ruling.strip_prefix("that ").unwrap_or(ruling);
                        format!(
                            "{who} raised a point of order; the {} ruled that {ruling}.",
                            self.meeting.forum.presiding_title()
                        )
                    }
                    None => format!("{who} raised a point of order."),
                }
            }
            Step::Explanation { state, timing, summary, from_list: false } => {
                let when = match timing {
                    Timing::BeforeTheVote => "before",
                    Timing::AfterTheVote => "after",
                };
                let mut sentence = format!(
                    "The representative of {} spoke in explanation of vote {when} the vote",
                    state.in_text()
                );
                if let Some(summary) = summary {
                    let _ = write!(sentence, ": {summary}");
                }
                sentence.push('.');
                sentence
            }
            Step::Dissociated { state, parts } => {
                if parts.is_empty() {
                    format!(
                        "{} dissociated itself from the consensus on the text.",
                        state.starting_a_sentence()
                    )
                } else {
                    format!("{} dissociated itself from {}.", state.starting_a_sentence(), part_names(parts))
                }
            }
            Step::Decided { question, decision } => return self.decided(question, decision),
        };
        Entry { text, question: None, vote: None }
    }

    /// The sentences that tell a run of consecutive speakers of one kind.
    fn spoken(&self, kind: Spoken, speakers: &[&StateRef], debate_told: &mut bool) -> Vec<String> {
        let (members, observers): (Vec<&StateRef>, Vec<&StateRef>) =
            speakers.iter().copied().partition(|state| self.meeting.members.contains(*state));
        match kind {
            Spoken::Debate => {
                let mut sentences = Vec::new();
                for (group, role) in [(members, Role::Representative), (observers, Role::Observer)] {
                    if group.is_empty() {
                        continue;
                    }
                    let (statements, verb) =
                        if group.len() == 1 { ("a statement", "was") } else { ("statements", "were") };
                    let by = speakers_phrase(role, &group);
                    sentences.push(if *debate_told {
                        format!("{} {verb} also made by {by}.", capitalised(statements))
                    } else {
                        format!("In the debate on the item, {statements} {verb} made by {by}.")
                    });
                    *debate_told = true;
                }
                sentences
            }
            Spoken::Reply => {
                let groups: Vec<String> = [(members, Role::Representative), (observers, Role::Observer)]
                    .into_iter()
                    .filter(|(group, _)| !group.is_empty())
                    .map(|(group, role)| speakers_phrase(role, &group))
                    .collect();
                vec![format!(
                    "{} spoke in exercise of the right of reply.",
                    capitalised(&groups.join(" and "))
                )]
            }
            Spoken::Explanations(timing) => {
                let when = match timing {
                    Timing::BeforeTheVote => "before",
                    Timing::AfterTheVote => "after",
                };
                let (explanations, verb) =
                    if speakers.len() == 1 { ("An explanation", "was") } else { ("Explanations", "were") };
                vec![format!(
                    "{explanations} of vote {when} the vote {verb} given by {}.",
                    speakers_phrase(Role::Representative, speakers)
                )]
            }
        }
    }

    /// "the representative of Denmark", "the observer of the Holy See".
    fn speaker_name(&self, state: &StateRef) -> String {
        let role = if self.meeting.members.contains(state) { Role::Representative } else { Role::Observer };
        speakers_phrase(role, &[state])
    }

    fn amendment_submitted(&self, id: &str) -> String {
        let Some(amendment) = self.item.amendment(id) else { return String::new() };
        let by = state_names(&amendment.by);
        let document = amendment.document.as_ref().map(|symbol| format!(" ({symbol})")).unwrap_or_default();
        let purpose = match (&amendment.amends, amendment.action) {
            (Some(parent), _) => format!("to amend {}", self.amendment_name(parent)),
            (None, AmendmentAction::Delete) => format!("to delete {}", part_names(&amendment.parts)),
            (None, AmendmentAction::Reword) => format!("to revise {}", part_names(&amendment.parts)),
            (None, AmendmentAction::Add) => format!("to add text after {}", part_names(&amendment.parts)),
        };
        format!("{} submitted an amendment{document} {purpose}.", capitalised(&by))
    }

    fn decided(&self, question: &Question, decision: &Decision) -> Entry {
        let vote = match decision {
            Decision::ByVote { vote, .. } => self.meeting.vote(vote),
            _ => None,
        };
        let text = match decision {
            Decision::WithoutVote => self.without_vote(question),
            Decision::ByVote { outcome, .. } => {
                match vote.and_then(|vote| vote.result.map(|result| (vote, result))) {
                    Some((vote, result)) => self.by_vote(question, *outcome, &result.tally, vote.method),
                    None => String::new(),
                }
            }
            Decision::NotPutToVote { because } => self.not_put(question, because),
            Decision::NoOperativeParagraphRemains => format!(
                "All its operative paragraphs having been rejected, {} was rejected as a whole; no vote was taken \
                 on it.",
                self.draft_kind()
            ),
        };
        Entry { text, question: Some(question.clone()), vote: vote.map(|vote| self.vote_record(vote)) }
    }

    fn without_vote(&self, question: &Question) -> String {
        let forum = self.meeting.forum;
        match question {
            Question::Proposal => {
                format!("{} was {} without a vote.", self.proposal_subject(), forum.carries_verb())
            }
            Question::Part(part) => format!("{} was retained without a vote.", part.sentence_name()),
            Question::Amendment(id) => {
                format!("{} adopted {} without a vote.", forum.subject(), self.amendment_name(id))
            }
            Question::Division(_) | Question::Motion(_) => {
                format!("{} was adopted without a vote.", capitalised(&self.question_name(question)))
            }
        }
    }

    fn by_vote(&self, question: &Question, outcome: Outcome, tally: &Tally, method: Method) -> String {
        let forum = self.meeting.forum;
        // As the adoption notes and the meeting coverage write them: a question carried "by a recorded vote
        // of 120 to none, with 10 abstentions", one lost "by a recorded vote of 1 in favour to 2 against".
        let figures = if outcome.is_adopted() { Figures::Compact } else { Figures::Spelled };
        let phrase = vote_phrase(tally, method, figures);
        match question {
            Question::Proposal => {
                let verb = if outcome.is_adopted() { forum.carries_verb() } else { "rejected" };
                format!("{} was {verb} {phrase}.", self.proposal_subject())
            }
            Question::Part(part) if outcome.is_adopted() => {
                format!("{} was retained {phrase}.", part.sentence_name())
            }
            Question::Part(part) => format!(
                "{} rejected {} {phrase}; the paragraph was removed from the draft.",
                forum.subject(),
                part.name()
            ),
            Question::Amendment(id) => {
                let verb = if outcome.is_adopted() { "adopted" } else { "rejected" };
                format!("{} {verb}, {phrase}, {}.", forum.subject(), self.amendment_name(id))
            }
            Question::Division(_) | Question::Motion(_) => {
                let consequence = match (question, outcome) {
                    (Question::Division(_), Outcome::Rejected) => "; the parts were not voted on separately",
                    _ => "",
                };
                format!("{} was {outcome} {phrase}{consequence}.", capitalised(&self.question_name(question)))
            }
        }
    }

    fn not_put(&self, question: &Question, because: &NotPutBecause) -> String {
        let reason = match because {
            NotPutBecause::ExcludedBy { amendment } => {
                format!("the adoption of {} having excluded it", self.amendment_name(amendment))
            }
            NotPutBecause::ParentWithdrawn { amendment } => {
                format!("{} having been withdrawn", self.amendment_name(amendment))
            }
            NotPutBecause::PartDeletedBy { amendment } => {
                format!("{} having deleted it", self.amendment_name(amendment))
            }
            NotPutBecause::ConsiderationEnded { motion } => {
                let purpose = self.item.motion(motion).map_or("", |motion| motion.kind.purpose());
                format!("the motion {purpose} having been adopted")
            }
        };
        match question {
            Question::Part(part) => format!("No separate vote was taken on {}, {reason}.", part.name()),
            _ => format!("{} was not put to the vote, {reason}.", capitalised(&self.question_name(question))),
        }
    }

    /// "The draft resolution as a whole, as orally revised and amended,".
    fn proposal_subject(&self) -> String {
        let mut subject = capitalised(&self.draft_kind());
        let voted_in_parts = self
            .item
            .decisions
            .iter()
            .any(|(question, decision)| matches!(question, Question::Part(_)) && decision.was_put());
        if voted_in_parts {
            subject.push_str(" as a whole");
        }
        let revised = self.item.steps.iter().any(|step| matches!(step, Step::OralRevision { .. }));
        let amended = self.item.amended();
        match (revised, amended) {
            (true, true) => subject.push_str(", as orally revised and amended,"),
            (true, false) => subject.push_str(", as orally revised,"),
            (false, true) => subject.push_str(", as amended,"),
            (false, false) => {}
        }
        subject
    }

    fn draft_kind(&self) -> String {
        "the draft resolution".to_owned()
    }

    fn question_name(&self, question: &Question) -> String {
        match question {
            Question::Proposal => self.draft_kind(),
            Question::Part(part) => part.name(),
            Question::Amendment(id) => self.amendment_name(id),
            Question::Division(id) => match self.item.division(id) {
                Some(division) => format!(
                    "the motion by {} for a division of the vote on {}",
                    division.by.in_text(),
                    part_names(&division.parts)
                ),
                None => format!("the motion for division {id}"),
            },
            Question::Motion(id) => match self.item.motion(id) {
                Some(motion) => format!("the motion by {} {}", motion.by.in_text(), motion.kind.purpose()),
                None => format!("the motion {id}"),
            },
        }
    }

    /// "the amendment contained in document A/C.3/72/L.56", or "the amendment proposed by Sudan (A1)" when
    /// it was not circulated as a document.
    fn amendment_name(&self, id: &str) -> String {
        let Some(amendment) = self.item.amendment(id) else { return format!("amendment {id}") };
        let kind =
            if amendment.amends.is_some() { "the amendment to the amendment" } else { "the amendment" };
        match &amendment.document {
            Some(symbol) => format!("{kind} contained in document {symbol}"),
            None => format!("{kind} proposed by {} ({id})", state_names(&amendment.by)),
        }
    }

    fn vote_record(&self, vote: &Vote) -> VoteRecord {
        let tally = vote.result.map(|result| result.tally).unwrap_or_default();
        let listing = (vote.method == Method::Recorded)
            .then(|| Listing::from_votes(vote.ballots.iter().map(|(state, choice)| (state.name(), *choice))));
        VoteRecord {
            id: vote.id.clone(),
            method: vote.method,
            majority: vote.majority,
            status: vote.status,
            outcome: vote.result.map(|result| result.outcome),
            result: vote
                .result
                .map(|result| result.outcome.word(&vote.question, self.meeting.forum).to_owned()),
            yes: tally.yes,
            no: tally.no,
            abstain: tally.abstain,
            non_voting: tally.non_voting,
            members: vote.members,
            yes_needed: vote.majority.yes_needed(tally.yes + tally.no),
            listing,
            article19: sorted_names(&vote.article19),
            refused: vote
                .refused
                .iter()
                .map(|refused| RefusedRecord {
                    state: refused.state.name().to_owned(),
                    reason: refused.reason.clone(),
                })
                .collect(),
            corrections: vote
                .corrections
                .iter()
                .map(|correction| correction_note(&correction.state, correction.intended))
                .collect(),
        }
    }
}

/// "Subsequently, Ghana advised the Secretariat that it had intended to vote in favour."
pub fn correction_note(state: &StateRef, intended: Choice) -> String {
    format!(
        "Subsequently, {} advised the Secretariat that it had intended {}.",
        state.in_text(),
        intended.intention()
    )
}

/// The kinds of speaker the record tells in groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Spoken {
    Debate,
    Reply,
    Explanations(Timing),
}

fn spoken_kind(step: &Step) -> Option<Spoken> {
    match step {
        Step::Spoke { list: SpeakerList::RightOfReply, .. } => Some(Spoken::Reply),
        Step::Spoke { .. } => Some(Spoken::Debate),
        Step::Explanation { timing, from_list: true, .. } => Some(Spoken::Explanations(*timing)),
        _ => None,
    }
}

fn speaker(step: &Step) -> Option<&StateRef> {
    match step {
        Step::Spoke { state, .. } | Step::Explanation { state, .. } => Some(state),
        _ => None,
    }
}

/// Who speaks for a state: the representative of a member, the observer of an observer state.
#[derive(Debug, Clone, Copy)]
enum Role {
    Representative,
    Observer,
}

/// "the representatives of Denmark, the Sudan and the United States of America", "the observer of the
/// Holy See".
fn speakers_phrase(role: Role, states: &[&StateRef]) -> String {
    let singular = match role {
        Role::Representative => "representative",
        Role::Observer => "observer",
    };
    let plural = if states.len() == 1 { "" } else { "s" };
    format!(
        "the {singular}{plural} of {}",
        join_with_and(states.iter().map(|state| state.in_text()).collect())
    )
}

/// "the seventh preambular paragraph and operative paragraph 4".
fn part_names(parts: &[Part]) -> String {
    join_with_and(parts.iter().map(|part| part.name()).collect())
}

fn state_names(states: &[StateRef]) -> String {
    join_with_and(states.iter().map(StateRef::in_text).collect())
}

fn sorted_names<'a>(states: impl IntoIterator<Item = &'a StateRef>) -> Vec<String> {
    let mut names: Vec<String> = states.into_iter().map(|state| state.name().to_owned()).collect();
    names.sort_by_cached_key(|name| crate::states::un_order_key(name));
    names
}

fn join_with_and(mut names: Vec<String>) -> String {
    match names.len() {
        0 => String::new(),
        1 => names.remove(0),
        _ => {
            let last = names.pop().unwrap_or_default();
            format!("{} and {last}", names.join(", "))
        }
    }
}
