//! The closed set of events that make up a meeting's log, and the small values they carry.
//!
//! Events are facts in the order they happened, written as JSON objects tagged by `"event"` (one per line
//! in a log file; see `docs/event-log.md`). They carry no clock readings: the store stamps and chains
//! them, and the engine never needs the time to decide anything.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use time::Date;

use super::forum::{Forum, Settings};
use super::majority::Choice;
use super::wording::Method;
use crate::states;

/// Something that happened in a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case", deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Event {
    /// The meeting begins: which body, when, and who may vote in it.
    MeetingOpened {
        forum: Forum,
        /// How the record names the meeting: "73rd plenary meeting".
        meeting: String,
        #[serde(with = "crate::dates::iso_date")]
        date: Date,
        /// The members of the body. Left out: all 193 member states for the Plenary and the Main
        /// Committees, and the Council's membership on `date` for the Human Rights Council.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        members: Option<Vec<StateRef>>,
        /// Members in arrears under Article 19 on the Secretary-General's list.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        article19: Vec<StateRef>,
        /// Members in arrears whom the Assembly has allowed to vote (Article 19, second sentence).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        article19_exempt: Vec<StateRef>,
        /// The delegation of the presiding officer, who does not vote in person.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        presiding: Option<StateRef>,
        #[serde(default)]
        settings: Settings,
        /// A note the record prints under its heading, e.g. that an example's figures are illustrative.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// The meeting takes up an agenda item; what follows concerns it until the next item opens.
    ItemOpened {
        /// The agenda item number as printed: "72 (b)".
        #[serde(default, skip_serializing_if = "Option::is_none")]
        agenda_item: Option<String>,
        title: String,
        /// An important question under Article 18(2): two thirds in the Plenary.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        important_question: bool,
    },
    /// The draft on which action is taken.
    DraftTabled {
        symbol: String,
        title: String,
        preambular_paragraphs: u16,
        operative_paragraphs: u16,
        #[serde(default)]
        sponsors: Vec<StateRef>,
    },
    /// A sponsor revises its draft orally, before action begins.
    OralRevision {
        by: StateRef,
        part: Part,
        text: String,
    },
    SponsorJoined {
        state: StateRef,
    },
    SponsorWithdrew {
        state: StateRef,
    },
    /// A procedural motion (rules 76–79 / 116–119): voted before anything else.
    MotionMoved {
        id: String,
        kind: MotionKind,
        by: StateRef,
    },
    /// A request to vote on parts of the draft separately (rule 89 / 129).
    DivisionRequested {
        id: String,
        by: StateRef,
        parts: Vec<Part>,
    },
    /// An objection to a division: the motion for division is then put to the vote first.
    DivisionObjected {
        division: String,
        by: StateRef,
    },
    AmendmentSubmitted {
        id: String,
        /// The document the amendment is circulated in: "A/C.3/72/L.56".
        #[serde(default, skip_serializing_if = "Option::is_none")]
        document: Option<String>,
        by: Vec<StateRef>,
        /// The amendment this one amends; none when it amends the draft itself.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        amends: Option<String>,
        action: AmendmentAction,
        /// The parts of the draft it deletes or rewords, or after which it adds.
        #[serde(default)]
        parts: Vec<Part>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        text: Option<String>,
    },
    AmendmentWithdrawn {
        amendment: String,
    },
    /// The chair's ruling on the order of the amendments to the draft: the one furthest removed in
    /// substance from the original proposal first (rule 90 / 130).
    AmendmentsOrdered {
        order: Vec<String>,
    },
    /// "May I take it that the Assembly wishes to adopt …?"
    ConsensusProposed {
        question: Question,
    },
    /// A member asks for a vote on a question, recorded or not.
    VoteRequested {
        question: Question,
        by: StateRef,
        #[serde(default)]
        method: Method,
    },
    /// Nobody asked for a vote: the question is decided without one.
    AdoptedWithoutVote {
        question: Question,
    },
    VoteOpened {
        vote: String,
        question: Question,
        #[serde(default)]
        method: Method,
        /// Members present, for the quorum: a number or a list. Left out: the whole membership.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        present: Option<Present>,
        /// What the board shows while the vote is open: each member's vote, or only that it has voted.
        #[serde(default, skip_serializing_if = "Reveal::is_live")]
        reveal: Reveal,
    },
    BallotCast {
        vote: String,
        state: StateRef,
        choice: Choice,
        /// Set when the presiding officer tries to vote in person; the delegation votes through another
        /// of its members instead (rule 104).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        by_presiding_officer: bool,
    },
    /// A cast the engine refused, kept in the log so the record can say so (the service writes these).
    BallotRefused {
        vote: String,
        state: StateRef,
        choice: Choice,
        reason: String,
    },
    VoteLocked {
        vote: String,
    },
    VoteDecided {
        vote: String,
    },
    /// After the result: a member says it meant to vote otherwise. The tally never changes.
    CorrectionNoted {
        vote: String,
        state: StateRef,
        intended: Choice,
    },
    ExplanationOfVote {
        state: StateRef,
        timing: Timing,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        summary: Option<String>,
    },
    /// After adoption, a member dissociates itself from the text or from some of its paragraphs.
    Dissociated {
        state: StateRef,
        #[serde(default)]
        parts: Vec<Part>,
    },
    /// A delegation puts its name on one of the item's lists of speakers: the debate (where an observer
    /// state may speak too), explanations of vote before or after the vote, or the right of reply.
    SpeakerInscribed {
        list: SpeakerList,
        state: StateRef,
    },
    /// A delegation still waiting to speak takes its name off a list.
    SpeakerWithdrawn {
        list: SpeakerList,
        state: StateRef,
    },
    /// The chair's order of a list: every delegation still waiting on it, each once.
    SpeakersOrdered {
        list: SpeakerList,
        order: Vec<StateRef>,
    },
    /// The chair gives the floor to the next speaker on a list, or to a named one inscribed on it.
    FloorGiven {
        list: SpeakerList,
        /// Left out: the first delegation waiting on the list.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        state: Option<StateRef>,
        /// In seconds. Left out: the limit the rules set for the list, if any (see
        /// [`Settings::speaking_time`]).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        time_limit: Option<u32>,
    },
    /// A representative raises a point of order (rule 71 / 113); the chair rules on it at once, and nothing
    /// else is in order until then.
    PointOfOrderRaised {
        by: StateRef,
    },
    /// The chair's ruling on the point of order just raised, as it continues "the President ruled that …".
    PointOfOrderRuled {
        ruling: String,
    },
    /// The secretariat (or a delegation, for itself) marks delegations present or absent. From the first of
    /// these the meeting tracks who is present, for the quorum.
    PresenceMarked {
        states: Vec<StateRef>,
        present: bool,
    },
}

impl Event {
    /// The vote the event belongs to, for the events that name one: its opening, a ballot or a refused
    /// cast, its lock, its decision, a correction noted after it.
    pub fn vote(&self) -> Option<&str> {
        match self {
            Event::VoteOpened { vote, .. }
            | Event::BallotCast { vote, .. }
            | Event::BallotRefused { vote, .. }
            | Event::VoteLocked { vote }
            | Event::VoteDecided { vote }
            | Event::CorrectionNoted { vote, .. } => Some(vote),
            _ => None,
        }
    }

    /// The name of the event as written in a log: `ballot_cast`.
    pub fn name(&self) -> &'static str {
        match self {
            Event::MeetingOpened { .. } => "meeting_opened",
            Event::ItemOpened { .. } => "item_opened",
            Event::DraftTabled { .. } => "draft_tabled",
            Event::OralRevision { .. } => "oral_revision",
            Event::SponsorJoined { .. } => "sponsor_joined",
            Event::SponsorWithdrew { .. } => "sponsor_withdrew",
            Event::MotionMoved { .. } => "motion_moved",
            Event::DivisionRequested { .. } => "division_requested",
            Event::DivisionObjected { .. } => "division_objected",
            Event::AmendmentSubmitted { .. } => "amendment_submitted",
            Event::AmendmentWithdrawn { .. } => "amendment_withdrawn",
            Event::AmendmentsOrdered { .. } => "amendments_ordered",
            Event::ConsensusProposed { .. } => "consensus_proposed",
            Event::VoteRequested { .. } => "vote_requested",
            Event::AdoptedWithoutVote { .. } => "adopted_without_vote",
            Event::VoteOpened { .. } => "vote_opened",
            Event::BallotCast { .. } => "ballot_cast",
            Event::BallotRefused { .. } => "ballot_refused",
            Event::VoteLocked { .. } => "vote_locked",
            Event::VoteDecided { .. } => "vote_decided",
            Event::CorrectionNoted { .. } => "correction_noted",
            Event::ExplanationOfVote { .. } => "explanation_of_vote",
            Event::Dissociated { .. } => "dissociated",
            Event::SpeakerInscribed { .. } => "speaker_inscribed",
            Event::SpeakerWithdrawn { .. } => "speaker_withdrawn",
            Event::SpeakersOrdered { .. } => "speakers_ordered",
            Event::FloorGiven { .. } => "floor_given",
            Event::PointOfOrderRaised { .. } => "point_of_order_raised",
            Event::PointOfOrderRuled { .. } => "point_of_order_ruled",
            Event::PresenceMarked { .. } => "presence_marked",
        }
    }
}

/// A state named in an event, by ISO code or UN name in the log and by ISO 3166-1 alpha-3 code once read:
/// `"SDN"`, `"SD"` and `"Sudan"` are the same state. Member and observer states are recognised; whether
/// one may vote is for the meeting to say.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct StateRef(String);

impl StateRef {
    /// A state known to be in the table, by its alpha-3 code.
    pub(crate) fn from_code(iso3: &str) -> StateRef {
        StateRef(iso3.to_owned())
    }

    /// The ISO 3166-1 alpha-3 code.
    pub fn code(&self) -> &str {
        &self.0
    }

    /// The UN short name, as the record prints it.
    pub fn name(&self) -> &'static str {
        states::by_iso3(&self.0).map_or("", |state| state.name.as_str())
    }
}

impl FromStr for StateRef {
    type Err = String;

    fn from_str(text: &str) -> Result<StateRef, String> {
        states::lookup(text)
            .map(|state| StateRef(state.iso3.clone()))
            .ok_or_else(|| format!("{text:?} is not a UN member or observer state"))
    }
}

impl TryFrom<String> for StateRef {
    type Error = String;

    fn try_from(text: String) -> Result<StateRef, String> {
        text.parse()
    }
}

impl From<StateRef> for String {
    fn from(state: StateRef) -> String {
        state.0
    }
}

impl StateRef {
    /// The state as a sentence of the record names it, with the UN's article: "the Sudan", "Denmark" (see
    /// [`crate::states::in_running_text`]). [`Display`](fmt::Display) gives the bare short name of lists.
    pub fn in_text(&self) -> String {
        crate::states::in_running_text(self.name())
    }

    /// The same at the start of a sentence: "The United States of America".
    pub fn starting_a_sentence(&self) -> String {
        let text = self.in_text();
        match text.strip_prefix("the ") {
            Some(rest) => format!("The {rest}"),
            None => text,
        }
    }
}

impl fmt::Display for StateRef {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.name())
    }
}

/// A paragraph of the draft that can be voted on separately or amended: `pp7` (the seventh preambular
/// paragraph) or `op4` (operative paragraph 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Part {
    Preambular(u16),
    Operative(u16),
}

impl Part {
    pub fn is_operative(self) -> bool {
        matches!(self, Part::Operative(_))
    }

    /// How the record names the part at the start of a sentence: "The seventh preambular paragraph",
    /// "Operative paragraph 4". Preambular paragraphs are unnumbered in UN texts, so they are counted in
    /// words; operative paragraphs carry their numbers.
    pub fn sentence_name(self) -> String {
        match self {
            Part::Preambular(number) => format!("The {} preambular paragraph", ordinal(number)),
            Part::Operative(number) => format!("Operative paragraph {number}"),
        }
    }

    /// The same name inside a sentence: "the seventh preambular paragraph", "operative paragraph 4".
    pub fn name(self) -> String {
        match self {
            Part::Preambular(number) => format!("the {} preambular paragraph", ordinal(number)),
            Part::Operative(number) => format!("operative paragraph {number}"),
        }
    }
}

fn ordinal(number: u16) -> String {
    crate::body::ordinal_words(u32::from(number)).unwrap_or_else(|| format!("{number}th"))
}

impl fmt::Display for Part {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Part::Preambular(number) => write!(formatter, "pp{number}"),
            Part::Operative(number) => write!(formatter, "op{number}"),
        }
    }
}

impl FromStr for Part {
    type Err = String;

    fn from_str(text: &str) -> Result<Part, String> {
        let lower = text.trim().to_ascii_lowercase();
        let parsed = if let Some(number) = lower.strip_prefix("pp") {
            number.parse().ok().map(Part::Preambular)
        } else if let Some(number) = lower.strip_prefix("op") {
            number.parse().ok().map(Part::Operative)
        } else {
            None
        };
        parsed
            .filter(|part| !matches!(part, Part::Preambular(0) | Part::Operative(0)))
            .ok_or_else(|| format!("{text:?} is not a paragraph: expected pp7 or op4"))
    }
}

impl TryFrom<String> for Part {
    type Error = String;

    fn try_from(text: String) -> Result<Part, String> {
        text.parse()
    }
}

impl From<Part> for String {
    fn from(part: Part) -> String {
        part.to_string()
    }
}

/// A question the body decides. Written in a log as `proposal`, `part:op4`, `amendment:A1`,
/// `division:D1` or `motion:M1`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Question {
    /// A procedural motion.
    Motion(String),
    /// A motion for division that drew an objection.
    Division(String),
    Amendment(String),
    /// A part of the draft voted on separately: is it retained?
    Part(Part),
    /// The draft as a whole, as amended.
    Proposal,
}

impl fmt::Display for Question {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Question::Motion(id) => write!(formatter, "motion:{id}"),
            Question::Division(id) => write!(formatter, "division:{id}"),
            Question::Amendment(id) => write!(formatter, "amendment:{id}"),
            Question::Part(part) => write!(formatter, "part:{part}"),
            Question::Proposal => formatter.write_str("proposal"),
        }
    }
}

impl FromStr for Question {
    type Err = String;

    fn from_str(text: &str) -> Result<Question, String> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("proposal") {
            return Ok(Question::Proposal);
        }
        let Some((kind, id)) = text.split_once(':') else {
            return Err(format!(
                "{text:?} is not a question: expected proposal, part:op4, amendment:A1, division:D1 or motion:M1"
            ));
        };
        let id = id.trim();
        if id.is_empty() {
            return Err(format!("{text:?} names no {kind}"));
        }
        match kind.trim().to_ascii_lowercase().as_str() {
            "motion" => Ok(Question::Motion(id.to_owned())),
            "division" => Ok(Question::Division(id.to_owned())),
            "amendment" => Ok(Question::Amendment(id.to_owned())),
            "part" => Ok(Question::Part(id.parse()?)),
            other => Err(format!(
                "{other:?} is not a kind of question: expected part, amendment, division or motion"
            )),
        }
    }
}

impl TryFrom<String> for Question {
    type Error = String;

    fn try_from(text: String) -> Result<Question, String> {
        text.parse()
    }
}

impl From<Question> for String {
    fn from(question: Question) -> String {
        question.to_string()
    }
}

/// The procedural motions, in the precedence of rule 79 / 119, and the Council's "no action" motion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum MotionKind {
    SuspendMeeting,
    AdjournMeeting,
    AdjournDebate,
    CloseDebate,
    /// That no action be taken on the draft (rule 74 / 116, as used in the Third Committee and the Council).
    NoAction,
}

impl MotionKind {
    /// Whether adopting the motion ends consideration of the draft at this meeting, so that every question
    /// still pending is not put to the vote.
    pub fn ends_consideration(self) -> bool {
        matches!(self, MotionKind::AdjournDebate | MotionKind::NoAction | MotionKind::AdjournMeeting)
    }

    /// What the motion asks, after "the motion … ": "to adjourn the debate".
    pub fn purpose(self) -> &'static str {
        match self {
            MotionKind::SuspendMeeting => "to suspend the meeting",
            MotionKind::AdjournMeeting => "to adjourn the meeting",
            MotionKind::AdjournDebate => "to adjourn the debate",
            MotionKind::CloseDebate => "to close the debate",
            MotionKind::NoAction => "that no action be taken on the draft resolution",
        }
    }
}

/// What an amendment does to the draft (rule 90 / 130: it adds to, deletes from or revises part of it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AmendmentAction {
    Delete,
    Reword,
    Add,
}

impl AmendmentAction {
    /// As the log and the chamber page write it.
    pub fn name(self) -> &'static str {
        match self {
            AmendmentAction::Delete => "delete",
            AmendmentAction::Reword => "reword",
            AmendmentAction::Add => "add",
        }
    }
}

/// When an explanation of vote is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Timing {
    BeforeTheVote,
    AfterTheVote,
}

/// The lists of speakers of an agenda item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum SpeakerList {
    /// The debate on the item: members, and observer states, make statements.
    Debate,
    /// Explanations of vote before the vote on the draft (members only; not by its sponsors).
    BeforeTheVote,
    /// Explanations of vote after the vote (members only).
    AfterTheVote,
    /// Statements in exercise of the right of reply: at most two per delegation per item.
    RightOfReply,
}

impl SpeakerList {
    pub const ALL: [SpeakerList; 4] = [
        SpeakerList::Debate,
        SpeakerList::BeforeTheVote,
        SpeakerList::AfterTheVote,
        SpeakerList::RightOfReply,
    ];

    /// As the log writes it: `before_the_vote`.
    pub fn code(self) -> &'static str {
        match self {
            SpeakerList::Debate => "debate",
            SpeakerList::BeforeTheVote => "before_the_vote",
            SpeakerList::AfterTheVote => "after_the_vote",
            SpeakerList::RightOfReply => "right_of_reply",
        }
    }

    /// As a page heads it: "Explanations of vote before the vote".
    pub fn title(self) -> &'static str {
        match self {
            SpeakerList::Debate => "Debate on the item",
            SpeakerList::BeforeTheVote => "Explanations of vote before the vote",
            SpeakerList::AfterTheVote => "Explanations of vote after the vote",
            SpeakerList::RightOfReply => "Right of reply",
        }
    }

    /// The list as a sentence names it: "the list for explanations of vote before the vote".
    pub fn phrase(self) -> &'static str {
        match self {
            SpeakerList::Debate => "the debate on the item",
            SpeakerList::BeforeTheVote => "explanations of vote before the vote",
            SpeakerList::AfterTheVote => "explanations of vote after the vote",
            SpeakerList::RightOfReply => "the right of reply",
        }
    }

    /// The explanations of vote the list gives, if it is one of theirs.
    pub fn timing(self) -> Option<Timing> {
        match self {
            SpeakerList::BeforeTheVote => Some(Timing::BeforeTheVote),
            SpeakerList::AfterTheVote => Some(Timing::AfterTheVote),
            SpeakerList::Debate | SpeakerList::RightOfReply => None,
        }
    }
}

impl fmt::Display for SpeakerList {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.code())
    }
}

impl FromStr for SpeakerList {
    type Err = String;

    fn from_str(text: &str) -> Result<SpeakerList, String> {
        SpeakerList::ALL.into_iter().find(|list| list.code() == text.trim()).ok_or_else(|| {
            format!("{text:?} is not a list of speakers: expected debate, before_the_vote, after_the_vote or right_of_reply")
        })
    }
}

/// What the voting board shows while a vote is open. The record always shows everything.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Reveal {
    /// Each member's vote, as it is cast.
    #[default]
    Live,
    /// Only "has voted" until the vote is locked.
    AfterLock,
}

impl Reveal {
    pub fn is_live(&self) -> bool {
        *self == Reveal::Live
    }
}

/// Who is present when a vote opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Present {
    Count(u32),
    States(Vec<StateRef>),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_written_as_tagged_json_objects() {
        let event: Event =
            serde_json::from_str(r#"{"event":"ballot_cast","vote":"V1","state":"Sudan","choice":"no"}"#)
                .unwrap();
        assert_eq!(
            event,
            Event::BallotCast {
                vote: "V1".into(),
                state: "SDN".parse().unwrap(),
                choice: Choice::No,
                by_presiding_officer: false
            }
        );
        assert_eq!(
            serde_json::to_string(&event).unwrap(),
            r#"{"event":"ballot_cast","vote":"V1","state":"SDN","choice":"no"}"#
        );
    }

    #[test]
    fn questions_and_parts_read_as_written() {
        assert_eq!("part:pp7".parse(), Ok(Question::Part(Part::Preambular(7))));
        assert_eq!("amendment:A1".parse(), Ok(Question::Amendment("A1".into())));
        assert_eq!("proposal".parse(), Ok(Question::Proposal));
        assert!("part:op0".parse::<Question>().is_err());
        assert_eq!(Part::Preambular(7).sentence_name(), "The seventh preambular paragraph");
        assert_eq!(Part::Operative(4).name(), "operative paragraph 4");
    }

    #[test]
    fn an_unknown_state_or_field_is_refused_when_read() {
        let unknown = serde_json::from_str::<Event>(r#"{"event":"sponsor_joined","state":"Atlantis"}"#);
        assert!(unknown.unwrap_err().to_string().contains("Atlantis"));
        let typo = serde_json::from_str::<Event>(r#"{"event":"sponsor_joined","state":"Chile","stat":"x"}"#);
        assert!(typo.is_err());
    }
}
