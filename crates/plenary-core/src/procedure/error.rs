//! Why the engine refused an event. Every refusal is typed, so the service can map it to a stable error
//! code and the CLI can say what was wrong in words.

use thiserror::Error;

use super::event::{Part, Question};

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ProcedureError {
    #[error("the meeting has not been opened: the first event of a log is meeting_opened")]
    MeetingNotOpened,
    #[error("the meeting is already open")]
    MeetingAlreadyOpened,
    #[error("no agenda item is open: item_opened must come before {0}")]
    NoItemOpen(&'static str),
    #[error("no draft has been tabled under this item")]
    NoDraft,
    #[error("a draft ({0}) has already been tabled under this item")]
    DraftAlreadyTabled(String),
    #[error("the membership given is empty or names {0} twice")]
    BadMembership(String),
    #[error("{0}")]
    MembershipUnknown(String),
    #[error("{state} is not a member of {forum}")]
    NotAMember { state: String, forum: String },
    #[error("{0} has no vote under Article 19 of the Charter")]
    Article19(String),
    #[error("the presiding officer does not vote; another member of the delegation of {0} votes instead")]
    PresidingOfficerDoesNotVote(String),
    #[error("{0} is not a sponsor of the draft")]
    NotASponsor(String),
    #[error("{0} is already a sponsor of the draft")]
    AlreadyASponsor(String),
    #[error(
        "{0} joined the sponsors from the floor: only the sponsors the draft was tabled with revise it orally"
    )]
    NotAPenHolder(String),
    #[error("{0} may not explain its vote before the vote on a draft it sponsors")]
    SponsorExplanation(String),
    #[error("{0} has already explained its vote at this point")]
    ExplanationAlreadyGiven(String),
    #[error("action on the draft has begun: {0} is no longer in order")]
    ActionBegun(&'static str),
    #[error("the draft has been decided: {0} is no longer in order")]
    DraftDecided(&'static str),
    #[error("the draft has {preambular} preambular and {operative} operative paragraphs; it has no {part}")]
    NoSuchPart { part: Part, preambular: u16, operative: u16 },
    #[error("the identifier {0:?} is already in use under this item")]
    DuplicateId(String),
    #[error("there is no amendment {0:?}")]
    UnknownAmendment(String),
    #[error("there is no division request {0:?}")]
    UnknownDivision(String),
    #[error("there is no vote {0:?}")]
    UnknownVote(String),
    #[error("the amendment {0:?} has already been voted on or withdrawn")]
    AmendmentNotPending(String),
    #[error("an amendment that {action} must name the paragraphs it applies to")]
    AmendmentWithoutParts { action: &'static str },
    #[error("the chair's order must list every pending amendment to the draft exactly once: {0}")]
    BadAmendmentOrder(String),
    #[error("the division request {0:?} has already drawn an objection")]
    AlreadyObjected(String),
    #[error("{question} is not before the body now; the next question is {expected}")]
    OutOfOrder { question: Question, expected: String },
    #[error("{0} is not among the questions before the body")]
    NotBeforeTheBody(Question),
    #[error("{0} has already been decided")]
    AlreadyDecided(Question),
    #[error("a vote ({0}) has already been taken on {1}; a second vote on the same question is not in order")]
    SecondVoteOnQuestion(String, Question),
    #[error("vote {0} is still open; a second vote cannot open before it is decided")]
    AnotherVoteOpen(String),
    #[error("vote {vote} is in progress: only ballots, the lock and the result are in order, not {event}")]
    VoteInProgress { vote: String, event: &'static str },
    #[error("a vote was requested on {0}: it cannot be adopted without a vote")]
    VoteWasRequested(Question),
    #[error(
        "no quorum: rule {rule} requires a majority of the members ({needed} of {members}) present for a \
         decision; {}",
        are_present(*.present)
    )]
    QuorumAbsent { rule: u16, members: u32, needed: u32, present: u32 },
    #[error("vote {0} is locked: casts are no longer accepted")]
    VoteLocked(String),
    #[error("vote {0} has been decided")]
    VoteDecided(String),
    #[error("vote {0} is not open")]
    VoteNotOpen(String),
    #[error("vote {0} must be locked before it is decided")]
    VoteNotLocked(String),
    #[error("vote {0} has not been decided yet: a correction can only follow the result")]
    VoteNotDecided(String),
    #[error("{state} is already inscribed on the list for {list}")]
    AlreadyInscribed { state: String, list: &'static str },
    #[error("{state} is not waiting on the list for {list}: the floor goes only to an inscribed speaker")]
    NotInscribed { state: String, list: &'static str },
    #[error("nobody is waiting on the list for {0}")]
    NobodyWaiting(&'static str),
    #[error(
        "the chair's order must list every delegation waiting on the list for {list} exactly once: {detail}"
    )]
    BadSpeakerOrder { list: &'static str, detail: String },
    #[error("{0} has already spoken twice in exercise of the right of reply on this item")]
    RightOfReplyExhausted(String),
    #[error("{0} may not explain its vote: it is an observer, which may speak but does not vote")]
    ObserverDoesNotVote(String),
    #[error("no decision has been taken under this item yet: explanations of vote after the vote follow one")]
    NothingDecidedYet,
    #[error("a point of order raised by {0} awaits the ruling of the chair: nothing else is in order first")]
    PointOfOrderPending(String),
    #[error("no point of order has been raised: there is nothing to rule on")]
    NoPointOfOrder,
    #[error("a ruling must say what the chair ruled")]
    EmptyRuling,
    #[error("a presence must name at least one delegation")]
    NobodyMarked,
    #[error("the refusal of {state}'s cast in vote {vote} does not match the rules: {why}")]
    RefusalNotWarranted { vote: String, state: String, why: String },
}

/// "3 are present", "1 is present".
fn are_present(present: u32) -> String {
    if present == 1 { "1 is present".to_owned() } else { format!("{present} are present") }
}
