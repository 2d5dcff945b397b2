//! Recorded votes from CSV files: reading them, checking that every vote was cast by a member entitled to
//! cast it, and counting the result.
//!
//! Two layouts are read (see `docs/voting-data.md`):
//! - the `unvotes` layout, `rcid,country,country_code,vote`, many roll calls in one file, with its companion
//!   `un_roll_calls.csv` (`rcid,session,importantvote,date,unres,…`) giving each roll call's session, date
//!   and resolution;
//! - a plain `state,vote` layout, one roll call, the header optional, each state given by ISO code or name.
//!
//! Reading ([`parse_votes`]) only checks the shape of the file: columns, roll-call numbers, vote words. Who
//! voted is checked apart ([`Seating`]), because it needs the period of the vote: a name is resolved with
//! the [`membership`](plenary_core::membership) history to the seat it denoted then, and a state that was
//! not a member, an observer State, a state outside the body, or a state voting twice is an error that
//! names it and its line. A vote is never attributed to a state by guesswork.
//!
//! The parsers take text; the caller reads the files.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt::Write as _;

use crate::membership::{Candidates, MembershipError, MembershipHistory, Period, Seat};
use crate::procedure::{Choice, Figures, Forum, Majority, Method, Outcome, Tally, wording};
use time::Date;

/// Why a vote file cannot be counted. Each error says what and, where it has one, the line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VotesError {
    #[error("the file holds no votes")]
    Empty,
    #[error("line {line}: not valid CSV: {message}")]
    Csv { line: u64, message: String },
    #[error(
        "line 1: expected the columns rcid,country,country_code,vote (the unvotes layout) or state,vote; found {found:?}"
    )]
    MissingColumns { found: String },
    #[error("line 1: the column {column:?} is missing (the header is {found:?})")]
    MissingColumn { column: &'static str, found: String },
    #[error("line {line}: no {column} (the row has {fields} fields)")]
    MissingField { line: u64, column: &'static str, fields: usize },
    #[error("line {line}: {text:?} is not a vote: expected yes, no or abstain (Y, N or A)")]
    UnknownVote { line: u64, text: String },
    #[error("line {line}: the {column} {text:?} is not a number")]
    BadNumber { line: u64, column: &'static str, text: String },
    #[error("line {line}: the date {text:?} is not a date in the form 2017-12-19")]
    BadDate { line: u64, text: String },
    #[error("line {line}: {source}")]
    State { line: u64, source: MembershipError },
    #[error("line {line}: the name {name:?} and the code {code:?} denote different states")]
    NameAndCodeDisagree { line: u64, name: String, code: String },
    #[error("line {line}: {name} is not a member of {body}")]
    NotInBody { line: u64, name: String, body: String },
    #[error("line {line}: {name} voted twice{} (lines {first_line} and {line})", in_roll_call(*.roll_call))]
    Duplicate { line: u64, name: String, first_line: u64, roll_call: Option<u32> },
    #[error("the file holds {count} roll calls ({ids}): choose one")]
    RollCallRequired { count: usize, ids: String },
    #[error("roll call {id} is not in the file, which holds {count} roll calls ({ids})")]
    RollCallNotFound { id: u32, count: usize, ids: String },
    #[error("line {line}: roll call {id} is described twice (first on line {first_line})")]
    RollCallDescribedTwice { line: u64, id: u32, first_line: u64 },
    #[error("{votes} votes were counted, more than the {members} members of the body")]
    MoreVotesThanMembers { votes: u32, members: u32 },
}

fn in_roll_call(roll_call: Option<u32>) -> String {
    roll_call.map(|id| format!(" in roll call {id}")).unwrap_or_default()
}

/// The two layouts [`parse_votes`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `rcid,country,country_code,vote`: the `unvotes` data, any number of roll calls.
    Unvotes,
    /// `state,vote`: one roll call, header optional.
    StateVote,
}

/// A state as a vote file writes it: a name (or a code, in the plain layout) and, in the `unvotes` layout,
/// an ISO 3166-1 alpha-2 code that may be empty.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StateText {
    pub name: String,
    pub code: String,
}

/// One row: which state, how it voted, and the line it is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ballot {
    /// 1-based line of the file.
    pub line: u64,
    /// Index into [`VoteFile::states`].
    pub state: usize,
    pub choice: Choice,
}

/// The ballots of one roll call, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RollCall {
    /// The `rcid` of the `unvotes` layout; `None` in the plain layout.
    pub id: Option<u32>,
    pub ballots: Vec<Ballot>,
}

/// A vote file as read, before anyone's right to vote is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoteFile {
    pub layout: Layout,
    /// Each distinct state text once: a file of 870,000 rows names some 200 states, and each is resolved
    /// once.
    pub states: Vec<StateText>,
    /// In the order of their first row.
    pub roll_calls: Vec<RollCall>,
}

impl VoteFile {
    /// The roll call with this id, or the only one when no id is given.
    pub fn roll_call(&self, id: Option<u32>) -> Result<&RollCall, VotesError> {
        let ids = || self.ids();
        match id {
            Some(id) => {
                self.roll_calls.iter().find(|roll_call| roll_call.id == Some(id)).ok_or_else(|| {
                    VotesError::RollCallNotFound { id, count: self.roll_calls.len(), ids: ids() }
                })
            }
            None => match self.roll_calls.as_slice() {
                [only] => Ok(only),
                [] => Err(VotesError::Empty),
                _ => Err(VotesError::RollCallRequired { count: self.roll_calls.len(), ids: ids() }),
            },
        }
    }

    /// "6004, 6005", or the first and last of a long list: "3, 4, 5, … 9121".
    fn ids(&self) -> String {
        let ids: Vec<String> = self
            .roll_calls
            .iter()
            .map(|roll_call| roll_call.id.map_or("-".to_owned(), |id| id.to_string()))
            .collect();
        if ids.len() <= 6 {
            ids.join(", ")
        } else {
            format!("{}, … {}", ids[..3].join(", "), ids[ids.len() - 1])
        }
    }
}

/// Reads a vote file in either layout (told apart by the header).
///
/// The first line is the `unvotes` header if it names the columns `rcid`, `country` and `vote` (in any
/// order; `country_code` is optional). Otherwise the file is `state,vote`, and its first line is a header
/// if its second field is the word `vote` (or `votes`, `choice`), data otherwise. Extra columns of the
/// plain layout are ignored.
pub fn parse_votes(text: &str) -> Result<VoteFile, VotesError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    // One record, read into again and again: the `unvotes` file has 870,000 rows.
    let mut record = csv::StringRecord::new();
    if !reader.read_record(&mut record).map_err(csv_error)? {
        return Err(VotesError::Empty);
    }
    let first: Vec<String> = record.iter().map(|field| field.trim().to_owned()).collect();
    let field = |name: &str| first.iter().position(|field| field.eq_ignore_ascii_case(name));
    let found = || first.join(",");
    let mut file = FileBuilder::default();
    if let Some(rcid) = field("rcid") {
        let column = |name: &'static str| {
            field(name).ok_or_else(|| VotesError::MissingColumn { column: name, found: found() })
        };
        let (country, vote) = (column("country")?, column("vote")?);
        let code = field("country_code");
        while reader.read_record(&mut record).map_err(csv_error)? {
            let line = line_of(&record);
            let get = |index: usize, column: &'static str| {
                record.get(index).map(str::trim).ok_or_else(|| VotesError::MissingField {
                    line,
                    column,
                    fields: record.len(),
                })
            };
            let rcid_text = get(rcid, "rcid")?;
            let id = rcid_text.parse::<u32>().map_err(|_| VotesError::BadNumber {
                line,
                column: "rcid",
                text: rcid_text.to_owned(),
            })?;
            let code = code.and_then(|index| record.get(index)).unwrap_or_default().trim();
            if let Some(choice) = choice(get(vote, "vote")?, line)? {
                file.push(Some(id), get(country, "country")?, code, choice, line);
            }
        }
        return file.finish(Layout::Unvotes);
    }
    if first.len() < 2 {
        return Err(VotesError::MissingColumns { found: found() });
    }
    let is_header = ["vote", "votes", "choice"].iter().any(|word| first[1].eq_ignore_ascii_case(word));
    let mut is_data = !is_header;
    loop {
        if is_data {
            let line = line_of(&record);
            let (Some(state), Some(vote)) = (record.get(0), record.get(1)) else {
                return Err(VotesError::MissingField { line, column: "vote", fields: record.len() });
            };
            if let Some(choice) = choice(vote.trim(), line)? {
                file.push(None, state.trim(), "", choice, line);
            }
        }
        if !reader.read_record(&mut record).map_err(csv_error)? {
            break;
        }
        is_data = true;
    }
    file.finish(Layout::StateVote)
}

#[derive(Debug, Default)]
struct FileBuilder {
    states: Vec<StateText>,
    /// By name, then by code: looked up without allocating, since a file repeats some 200 states.
    state_index: HashMap<String, Vec<(String, usize)>>,
    roll_calls: Vec<RollCall>,
    roll_call_index: HashMap<Option<u32>, usize>,
}

impl FileBuilder {
    fn push(&mut self, id: Option<u32>, name: &str, code: &str, choice: Choice, line: u64) {
        let known =
            self.state_index.get(name).and_then(|codes| codes.iter().find(|(known, _)| known == code));
        let state = match known {
            Some(&(_, index)) => index,
            None => {
                let index = self.states.len();
                self.states.push(StateText { name: name.to_owned(), code: code.to_owned() });
                self.state_index.entry(name.to_owned()).or_default().push((code.to_owned(), index));
                index
            }
        };
        let ballot = Ballot { line, state, choice };
        // Rows of one roll call usually follow each other.
        if let Some(last) = self.roll_calls.last_mut().filter(|last| last.id == id) {
            last.ballots.push(ballot);
            return;
        }
        let roll_calls = &mut self.roll_calls;
        let index = *self.roll_call_index.entry(id).or_insert_with(|| {
            roll_calls.push(RollCall { id, ballots: Vec::new() });
            roll_calls.len() - 1
        });
        roll_calls[index].ballots.push(ballot);
    }

    fn finish(self, layout: Layout) -> Result<VoteFile, VotesError> {
        if self.roll_calls.is_empty() {
            return Err(VotesError::Empty);
        }
        Ok(VoteFile { layout, states: self.states, roll_calls: self.roll_calls })
    }
}

/// A row's vote; `None` for a member the row says cast none ("not voting", "absent": the rows Plenary's own
/// unvotes-shaped export writes for every member), which the tally counts as not voting from the
/// membership, as it does a member with no row.
fn choice(text: &str, line: u64) -> Result<Option<Choice>, VotesError> {
    // The spellings of the `unvotes` data first, without the allocation of the general reading.
    match text {
        "yes" => return Ok(Some(Choice::Yes)),
        "no" => return Ok(Some(Choice::No)),
        "abstain" => return Ok(Some(Choice::Abstain)),
        "not voting" | "absent" => return Ok(None),
        _ => {}
    }
    text.parse().map(Some).map_err(|_| VotesError::UnknownVote { line, text: text.to_owned() })
}

fn line_of(record: &csv::StringRecord) -> u64 {
    record.position().map_or(0, csv::Position::line)
}

fn csv_error(error: csv::Error) -> VotesError {
    let line = error.position().map_or(0, csv::Position::line);
    VotesError::Csv { line, message: error.to_string() }
}

/// What `un_roll_calls.csv` says about one roll call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RollCallInfo {
    pub id: u32,
    /// The session of the General Assembly. Reliable, unlike the date.
    pub session: u16,
    /// Approximate: most days of the month in the data are 01 to 07.
    pub date: Date,
    /// The `unres` column: "R/72/163", "A/RES/71/327", "SS/1/59"; `None` when empty.
    pub resolution: Option<String>,
    /// The `short` column: a few words of subject.
    pub short: String,
}

impl RollCallInfo {
    /// The period whose members the roll call counts: its session, or its month when its date lies outside
    /// the session ([`Period::of_roll_call`]).
    pub fn period(&self) -> Period {
        Period::of_roll_call(self.session, self.date)
    }
}

/// Reads `un_roll_calls.csv` (`rcid,session,importantvote,date,unres,amend,para,short,descr`), keyed by
/// roll-call id. Only `rcid`, `session` and `date` are required.
///
/// The `importantvote` column is not read: it marks the votes the United States Department of State
/// listed as important to it, not the important questions of Article 18(2) that need two thirds.
pub fn parse_roll_calls(text: &str) -> Result<HashMap<u32, RollCallInfo>, VotesError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let headers = reader.headers().map_err(csv_error)?.clone();
    let found = || headers.iter().collect::<Vec<_>>().join(",");
    let field = |name: &str| headers.iter().position(|field| field.trim().eq_ignore_ascii_case(name));
    let column =
        |name: &'static str| field(name).ok_or(VotesError::MissingColumn { column: name, found: found() });
    let (rcid, session, date) = (column("rcid")?, column("session")?, column("date")?);
    let (resolution, short) = (field("unres"), field("short"));
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let mut infos: HashMap<u32, (RollCallInfo, u64)> = HashMap::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let line = line_of(&record);
        let get = |index: usize, column: &'static str| {
            record.get(index).map(str::trim).ok_or(VotesError::MissingField {
                line,
                column,
                fields: record.len(),
            })
        };
        let number = |index: usize, column: &'static str| {
            let text = get(index, column)?;
            text.parse::<u32>().map_err(|_| VotesError::BadNumber { line, column, text: text.to_owned() })
        };
        let id = number(rcid, "rcid")?;
        let session_number =
            u16::try_from(number(session, "session")?).map_err(|_| VotesError::BadNumber {
                line,
                column: "session",
                text: get(session, "session").unwrap_or_default().to_owned(),
            })?;
        let date_text = get(date, "date")?;
        let date = Date::parse(date_text, &format)
            .map_err(|_| VotesError::BadDate { line, text: date_text.to_owned() })?;
        let optional =
            |index: Option<usize>| index.and_then(|index| record.get(index)).unwrap_or_default().trim();
        let resolution = Some(optional(resolution)).filter(|text| !text.is_empty()).map(str::to_owned);
        let info =
            RollCallInfo { id, session: session_number, date, resolution, short: optional(short).to_owned() };
        match infos.entry(id) {
            Entry::Occupied(entry) => {
                return Err(VotesError::RollCallDescribedTwice { line, id, first_line: entry.get().1 });
            }
            Entry::Vacant(entry) => {
                entry.insert((info, line));
            }
        }
    }
    Ok(infos.into_iter().map(|(id, (info, _))| (id, info)).collect())
}

/// Who may vote in a body: the members of the General Assembly in the period of the vote, narrowed to a
/// list when the body is smaller (the 47 members of the Human Rights Council).
#[derive(Debug, Clone)]
pub struct Electorate<'h> {
    pub forum: Forum,
    /// The body's members, when given. Without it, the Council is taken to have its 47 seats without
    /// knowing whose they are, and any member state's vote is accepted.
    pub listed: Option<Vec<&'h Seat>>,
}

impl<'h> Electorate<'h> {
    pub fn new(forum: Forum) -> Electorate<'h> {
        Electorate { forum, listed: None }
    }

    /// The number of members of the body in the period: the listed members, the Council's 47, or every
    /// seat of the General Assembly held at some time in the period (a Main Committee is all members).
    pub fn members(&self, history: &MembershipHistory, period: Period) -> u32 {
        let count = match (&self.listed, self.forum) {
            (Some(listed), _) => listed.len(),
            (None, Forum::HumanRightsCouncil) => return Forum::HumanRightsCouncil.default_size(),
            (None, Forum::Plenary | Forum::MainCommittee(_)) => history.members_during(period).len(),
        };
        u32::try_from(count).unwrap_or(u32::MAX)
    }
}

/// One vote, attributed to the seat that cast it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeatedVote<'h> {
    pub seat: &'h Seat,
    pub choice: Choice,
    pub line: u64,
}

/// Resolves the states of a vote file to seats, each distinct state text once, and checks each roll call's
/// voters: members in its period, in the body, once each.
#[derive(Debug)]
pub struct Seating<'f, 'h> {
    file: &'f VoteFile,
    identified: Vec<Result<Candidates<'h>, Unidentified>>,
}

/// Why a state text names no seat, before a line is attached.
#[derive(Debug, Clone)]
enum Unidentified {
    Membership(MembershipError),
    NameAndCodeDisagree,
}

impl<'f, 'h> Seating<'f, 'h> {
    pub fn new(file: &'f VoteFile, history: &'h MembershipHistory) -> Seating<'f, 'h> {
        let identified = file.states.iter().map(|state| identify(history, state)).collect();
        Seating { file, identified }
    }

    /// The roll call's votes by seat, in file order, after checking that each voter held a seat in the
    /// period, belongs to the body and voted once.
    pub fn seat(
        &self,
        roll_call: &RollCall,
        period: Period,
        electorate: &Electorate<'h>,
    ) -> Result<Vec<SeatedVote<'h>>, VotesError> {
        let mut votes = Vec::with_capacity(roll_call.ballots.len());
        let mut first_lines: HashMap<&str, u64> = HashMap::with_capacity(roll_call.ballots.len());
        for ballot in &roll_call.ballots {
            let line = ballot.line;
            let candidates = match &self.identified[ballot.state] {
                Ok(candidates) => candidates,
                Err(Unidentified::Membership(error)) => {
                    return Err(VotesError::State { line, source: error.clone() });
                }
                Err(Unidentified::NameAndCodeDisagree) => {
                    let state = &self.file.states[ballot.state];
                    let (name, code) = (state.name.clone(), state.code.clone());
                    return Err(VotesError::NameAndCodeDisagree { line, name, code });
                }
            };
            let seat = candidates.held_during(period).map_err(|source| VotesError::State { line, source })?;
            if let Some(listed) = &electorate.listed {
                if !listed.iter().any(|member| std::ptr::eq(*member, seat)) {
                    let (name, body) = (seat.name.to_owned(), electorate.forum.title());
                    return Err(VotesError::NotInBody { line, name, body });
                }
            }
            if let Some(&first_line) = first_lines.get(seat.code) {
                let name = seat.name.to_owned();
                return Err(VotesError::Duplicate { line, name, first_line, roll_call: roll_call.id });
            }
            first_lines.insert(seat.code, line);
            votes.push(SeatedVote { seat, choice: ballot.choice, line });
        }
        Ok(votes)
    }
}

/// The seats a state text can denote: by its name, or by its code when the name is unknown. When both are
/// given and both known, they must share a seat.
fn identify<'h>(history: &'h MembershipHistory, state: &StateText) -> Result<Candidates<'h>, Unidentified> {
    let by_name = history.identify(&state.name);
    if state.code.is_empty() {
        return by_name.map_err(Unidentified::Membership);
    }
    let by_code = history.identify(&state.code);
    match (by_name, by_code) {
        (Ok(name), Ok(code)) => {
            let shared =
                name.seats().iter().any(|seat| code.seats().iter().any(|other| std::ptr::eq(*seat, *other)));
            if shared { Ok(name) } else { Err(Unidentified::NameAndCodeDisagree) }
        }
        (Ok(name), Err(_)) => Ok(name),
        (Err(MembershipError::Unknown { .. }), Ok(code)) => Ok(code),
        (Err(error), _) => Err(Unidentified::Membership(error)),
    }
}

/// A counted roll call and how the record words it. (Not a `queue::Decision`, which is what became of a
/// question in a meeting: this is the count of a roll call read from a file.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RollCallResult {
    pub tally: Tally,
    pub majority: Majority,
    pub outcome: Outcome,
    /// "The draft resolution was adopted by a recorded vote of 108 to 18, with 32 abstentions."
    pub sentence: String,
}

/// Counts the choices in a body of `members` and words the result as the record would.
pub fn decide(
    choices: impl IntoIterator<Item = Choice>,
    members: u32,
    forum: Forum,
    majority: Majority,
) -> Result<RollCallResult, VotesError> {
    let tally = Tally::count(choices, members);
    let votes = tally.yes + tally.no + tally.abstain;
    if votes > members {
        return Err(VotesError::MoreVotesThanMembers { votes, members });
    }
    let outcome = tally.outcome(majority);
    Ok(RollCallResult { tally, majority, outcome, sentence: result_sentence(forum, &tally, outcome) })
}

/// "The draft resolution was adopted by a recorded vote of 108 to 18, with 32 abstentions." A Main
/// Committee approves; a draft that fails is rejected.
pub fn result_sentence(forum: Forum, tally: &Tally, outcome: Outcome) -> String {
    let verb = if outcome.is_adopted() { forum.carries_verb() } else { "rejected" };
    let mut sentence = format!("The draft resolution was {verb} ");
    let _ = write!(sentence, "{}.", wording::vote_phrase(tally, Method::Recorded, Figures::Compact));
    sentence
}

#[cfg(test)]
mod tests {
    use crate::membership::history;
    use time::macros::date;

    use super::*;

    /// Roll calls 6004 and 6005 (A/72/PV.73, 19 December 2017: the separate votes on the seventh preambular
    /// and fourth operative paragraphs of the torture resolution), as the `unvotes` data has them.
    const UNVOTES_6004_6005: &str = include_str!("../../tests/fixtures/votes/un_votes_6004_6005.csv");

    const ROLL_CALLS: &str = "rcid,session,importantvote,date,unres,amend,para,short,descr\n\
        6004,72,0,2017-11-01,R/72/163,0,1,\"TORTURE, PARAGRAPH\",\"A vote on a paragraph \"\"7\"\"\"\n\
        6005,72,0,2017-11-01,R/72/163,0,1,TORTURE,\n";

    fn session_72() -> Period {
        Period::session(72).unwrap()
    }

    fn seat_all(
        text: &str,
        period: Period,
        electorate: &Electorate<'static>,
    ) -> Result<Vec<SeatedVote<'static>>, VotesError> {
        let file = parse_votes(text)?;
        let seating = Seating::new(&file, history());
        seating.seat(file.roll_call(None)?, period, electorate)
    }

    fn error_of(text: &str) -> String {
        let period = Period::day(date!(2017 - 12 - 19));
        match seat_all(text, period, &Electorate::new(Forum::Plenary)) {
            Ok(votes) => panic!("{text:?} should be refused, gave {} votes", votes.len()),
            Err(error) => error.to_string(),
        }
    }

    #[test]
    fn roll_calls_6004_and_6005_count_as_the_record_says() {
        let file = parse_votes(UNVOTES_6004_6005).unwrap();
        assert_eq!(file.layout, Layout::Unvotes);
        assert_eq!(file.roll_calls.len(), 2);
        let seating = Seating::new(&file, history());
        let electorate = Electorate::new(Forum::Plenary);
        let members = electorate.members(history(), session_72());
        assert_eq!(members, 193);
        let mut counts = Vec::new();
        for id in [6004, 6005] {
            let votes = seating.seat(file.roll_call(Some(id)).unwrap(), session_72(), &electorate).unwrap();
            let decision =
                decide(votes.iter().map(|vote| vote.choice), members, Forum::Plenary, Majority::Simple)
                    .unwrap();
            counts.push((decision.tally, decision.outcome));
            if id == 6004 {
                assert_eq!(
                    decision.sentence,
                    "The draft resolution was adopted by a recorded vote of 108 to 18, with 32 abstentions."
                );
            }
        }
        assert_eq!(
            counts,
            [
                (Tally { yes: 108, no: 18, abstain: 32, non_voting: 35 }, Outcome::Adopted),
                (Tally { yes: 109, no: 19, abstain: 31, non_voting: 34 }, Outcome::Adopted),
            ]
        );
    }

    #[test]
    fn rows_of_members_that_cast_no_vote_count_as_not_voting() {
        let text = "rcid,country,country_code,vote\n6004,Afghanistan,AF,yes\n6004,Cambodia,KH,not voting\n\
                    6004,Chad,TD,absent\n6004,Sudan,SD,no\n";
        let file = parse_votes(text).unwrap();
        let ballots = &file.roll_call(Some(6004)).unwrap().ballots;
        assert_eq!(ballots.iter().map(|ballot| ballot.choice).collect::<Vec<_>>(), [Choice::Yes, Choice::No]);
        assert!(parse_votes("state,vote\nChad,maybe\n").unwrap_err().to_string().contains("maybe"));
    }

    #[test]
    fn a_file_of_several_roll_calls_needs_one_chosen() {
        let file = parse_votes(UNVOTES_6004_6005).unwrap();
        assert_eq!(
            file.roll_call(None).unwrap_err().to_string(),
            "the file holds 2 roll calls (6004, 6005): choose one"
        );
        assert_eq!(
            file.roll_call(Some(77)).unwrap_err().to_string(),
            "roll call 77 is not in the file, which holds 2 roll calls (6004, 6005)"
        );
    }

    #[test]
    fn plain_files_take_codes_and_names_with_or_without_a_header() {
        let period = Period::day(date!(2017 - 12 - 19));
        let plenary = Electorate::new(Forum::Plenary);
        for text in ["state,vote\nFRA,yes\nSD,N\nTürkiye,abstain\n", "FRA,Y\nSudan,no\nTUR,A\n"] {
            let votes = seat_all(text, period, &plenary).unwrap();
            let seats: Vec<(&str, Choice)> = votes.iter().map(|vote| (vote.seat.code, vote.choice)).collect();
            assert_eq!(
                seats,
                [("FRA", Choice::Yes), ("SDN", Choice::No), ("TUR", Choice::Abstain)],
                "{text:?}"
            );
        }
        assert_eq!(parse_votes("FRA,yes\n").unwrap().roll_calls[0].ballots[0].line, 1);
        assert_eq!(parse_votes("state,vote\nFRA,yes\n").unwrap().roll_calls[0].ballots[0].line, 2);
    }

    #[test]
    fn errors_say_what_and_where() {
        assert_eq!(
            error_of("state,vote\nFRA,yes\nAtlantis,no\n"),
            "line 3: \"Atlantis\" is not a UN member state"
        );
        assert_eq!(
            error_of("state,vote\nFRA,yes\nHoly See,no\n"),
            "line 3: Holy See is a non-member observer State and has no vote"
        );
        assert_eq!(
            error_of("state,vote\nSudan,yes\nFRA,yes\nSDN,no\n"),
            "line 4: Sudan voted twice (lines 2 and 4)"
        );
        assert_eq!(
            error_of("state,vote\nFRA,maybe\n"),
            "line 2: \"maybe\" is not a vote: expected yes, no or abstain (Y, N or A)"
        );
        assert_eq!(error_of("state,vote\nFRA\n"), "line 2: no vote (the row has 1 fields)");
        assert_eq!(error_of(""), "the file holds no votes");
        assert_eq!(error_of("state,vote\n"), "the file holds no votes");
        assert!(error_of("states\nFRA\n").starts_with("line 1: expected the columns"));
        assert_eq!(
            error_of("rcid,country,ballot\n1,France,yes\n"),
            "line 1: the column \"vote\" is missing (the header is \"rcid,country,ballot\")"
        );
        assert_eq!(
            error_of("rcid,country,country_code,vote\nsix,France,FR,yes\n"),
            "line 2: the rcid \"six\" is not a number"
        );
        assert!(error_of("state,vote\nCzechoslovakia,yes\n").starts_with(
            "line 2: Czechoslovakia was not a member on 2017-12-19 (a member from 1945-10-24 until 1993-01-01)"
        ));
        assert_eq!(
            error_of("rcid,country,country_code,vote\n1,France,DE,yes\n"),
            "line 2: the name \"France\" and the code \"DE\" denote different states"
        );
    }

    #[test]
    fn a_duplicate_in_a_roll_call_names_the_roll_call() {
        let text = "rcid,country,country_code,vote\n6004,Sudan,SD,no\n6004,France,FR,yes\n6004,Sudan,SD,no\n";
        let file = parse_votes(text).unwrap();
        let seating = Seating::new(&file, history());
        let error =
            seating.seat(&file.roll_calls[0], session_72(), &Electorate::new(Forum::Plenary)).unwrap_err();
        assert_eq!(error.to_string(), "line 4: Sudan voted twice in roll call 6004 (lines 2 and 4)");
    }

    #[test]
    fn a_listed_body_refuses_the_votes_of_states_outside_it() {
        let period = Period::day(date!(2017 - 12 - 19));
        let listed = ["FRA", "SDN"].iter().map(|code| history().seat(code).unwrap()).collect();
        let council = Electorate { forum: Forum::HumanRightsCouncil, listed: Some(listed) };
        assert_eq!(council.members(history(), period), 2);
        let error = seat_all("FRA,yes\nBrazil,no\n", period, &council).unwrap_err();
        assert_eq!(error.to_string(), "line 2: Brazil is not a member of the Human Rights Council");
        assert_eq!(Electorate::new(Forum::HumanRightsCouncil).members(history(), period), 47);
    }

    #[test]
    fn historical_names_resolve_by_the_period_of_the_vote() {
        let text = "rcid,country,country_code,vote\n\
            100,Taiwan,TW,yes\n100,Yugoslavia,YU,no\n100,Russia,RU,no\n\
            5000,Yugoslavia,YU,yes\n5000,Federal Republic of Germany,,yes\n";
        let file = parse_votes(text).unwrap();
        let seating = Seating::new(&file, history());
        let plenary = Electorate::new(Forum::Plenary);
        let codes = |id: u32, period: Period| -> Vec<&str> {
            let roll_call = file.roll_call(Some(id)).unwrap();
            seating.seat(roll_call, period, &plenary).unwrap().iter().map(|vote| vote.seat.code).collect()
        };
        assert_eq!(codes(100, Period::session(5).unwrap()), ["ROC", "YUG", "RUS"]);
        assert_eq!(codes(5000, Period::session(64).unwrap()), ["SRB", "DEU"]);
    }

    #[test]
    fn more_votes_than_members_is_an_error() {
        let error =
            decide([Choice::Yes, Choice::No, Choice::Yes], 2, Forum::HumanRightsCouncil, Majority::Simple);
        assert_eq!(
            error.unwrap_err().to_string(),
            "3 votes were counted, more than the 2 members of the body"
        );
    }

    #[test]
    fn a_main_committee_approves_and_a_failed_draft_is_rejected() {
        let decision =
            decide([Choice::Yes, Choice::No, Choice::No], 193, Forum::MainCommittee(3), Majority::Simple);
        assert_eq!(
            decision.unwrap().sentence,
            "The draft resolution was rejected by a recorded vote of 1 to 2."
        );
        let decision = decide([Choice::Yes, Choice::Abstain], 193, Forum::MainCommittee(3), Majority::Simple);
        assert_eq!(
            decision.unwrap().sentence,
            "The draft resolution was approved by a recorded vote of 1 to none, with one abstention."
        );
    }

    #[test]
    fn roll_call_descriptions_give_session_date_and_resolution() {
        let infos = parse_roll_calls(ROLL_CALLS).unwrap();
        let info = &infos[&6004];
        assert_eq!((info.session, info.date), (72, date!(2017 - 11 - 01)));
        assert_eq!(info.resolution.as_deref(), Some("R/72/163"));
        assert_eq!(info.short, "TORTURE, PARAGRAPH");
        assert_eq!(info.period(), session_72());
        let twice = format!("{ROLL_CALLS}6004,72,0,2017-11-01,,0,0,,\n");
        assert_eq!(
            parse_roll_calls(&twice).unwrap_err().to_string(),
            "line 4: roll call 6004 is described twice (first on line 2)"
        );
        let bad_date = "rcid,session,date\n1,1,1946-13-01\n";
        assert_eq!(
            parse_roll_calls(bad_date).unwrap_err().to_string(),
            "line 2: the date \"1946-13-01\" is not a date in the form 2017-12-19"
        );
    }
}
