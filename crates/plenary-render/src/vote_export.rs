//! A recorded vote as a table with one row for every member of the body when the vote opened (all 193 for
//! the General Assembly), in the English alphabetical order of UN names, in two shapes:
//!
//! - [`VoteTable::DigitalLibrary`], the columns of the UN Digital Library's "United Nations General
//!   Assembly Voting Data" (digitallibrary.un.org/record/4060887). The column names, their order and the
//!   vote codes are those of the dataset's data dictionary ("UN General Assembly Voting Data: Description
//!   and Terms of Use", version 3, July 2025) and of the header of its bulk CSV file: `undl_id, ms_code,
//!   ms_name, ms_vote, date, session, resolution, draft, committee_report, meeting, title, agenda_title,
//!   subjects, vote_note, total_yes, total_no, total_abstentions, total_non_voting, total_ms, undl_link`;
//!   `ms_code` is the ISO 3166-1 alpha-3 code, `ms_name` the UN name in capitals as the file writes it
//!   ("CÔTE D'IVOIRE"), `ms_vote` `Y`, `N`, `A`, or `X` for a member that cast no vote, `date` ISO 8601.
//!   Plenary fills what it knows and leaves the rest empty: `undl_id`, `resolution`, `subjects` and
//!   `undl_link` are the Library's to give; `draft` is the draft's symbol, or, for a draft a Main Committee
//!   reported ("A/72/439/Add.1, draft resolution II"), empty with the report in `committee_report`;
//!   `meeting` is the meeting record's symbol ("A/72/PV.73") when the meeting's name and the session give
//!   it. `vote_note` carries the record's sentence for the vote — which names the question and says
//!   "adopted", "approved", "retained" or "rejected" as the record does — then, for a member that cast no
//!   vote, whether it was not voting, absent or without a vote under Article 19, and any correction it
//!   made.
//! - [`VoteTable::Unvotes`], the columns of the `unvotes` data (`rcid,country,country_code,vote`, as in
//!   its `un_votes.csv` and as `plenary tally` reads them): `rcid` the vote's id, `country` the UN name,
//!   `country_code` the ISO 3166-1 alpha-2 code, `vote` `yes`, `no`, `abstain`, or — rows the `unvotes`
//!   data leaves out — `not voting` or `absent`.
//!
//! A member that cast no ballot is "absent" only when the meeting tracked who was present and it was not;
//! when presence was not tracked ([`RecordedVote::present`] is `None`) every member without a ballot is
//! "not voting", as are the members without a vote under Article 19 of the Charter.
//!
//! Everything here is pure: it takes the meeting, its record and the vote and returns bytes.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use plenary_core::procedure::record::{ItemRecord, VoteRecord};
use plenary_core::procedure::{Choice, Forum, Meeting, Method, Question, Record, StateRef, Vote};
use plenary_core::states::{self, un_order_key};
use plenary_core::{Body, Symbol};

/// The two shapes of a vote table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoteTable {
    /// The UN Digital Library's voting data.
    DigitalLibrary,
    /// The `unvotes` data.
    Unvotes,
}

impl VoteTable {
    pub const ALL: [VoteTable; 2] = [VoteTable::DigitalLibrary, VoteTable::Unvotes];

    /// The name a URL or a command line gives the shape: `undl` or `unvotes`.
    pub fn name(self) -> &'static str {
        match self {
            VoteTable::DigitalLibrary => "undl",
            VoteTable::Unvotes => "unvotes",
        }
    }

    pub fn parse(name: &str) -> Option<VoteTable> {
        VoteTable::ALL.into_iter().find(|shape| shape.name() == name)
    }

    /// The header line's columns.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            VoteTable::DigitalLibrary => &DIGITAL_LIBRARY_COLUMNS,
            VoteTable::Unvotes => &["rcid", "country", "country_code", "vote"],
        }
    }
}

/// The columns of the UN Digital Library's General Assembly voting data, in the order of its bulk file.
pub const DIGITAL_LIBRARY_COLUMNS: [&str; 20] = [
    "undl_id",
    "ms_code",
    "ms_name",
    "ms_vote",
    "date",
    "session",
    "resolution",
    "draft",
    "committee_report",
    "meeting",
    "title",
    "agenda_title",
    "subjects",
    "vote_note",
    "total_yes",
    "total_no",
    "total_abstentions",
    "total_non_voting",
    "total_ms",
    "undl_link",
];

/// What one member did in a vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberVote {
    Cast(Choice),
    /// Present, or not known to be absent, and cast no vote; or without a vote under Article 19.
    NotVoting,
    /// Presence was tracked and the member was not present.
    Absent,
}

impl MemberVote {
    /// The word of the `unvotes` shape.
    pub fn word(self) -> &'static str {
        match self {
            MemberVote::Cast(Choice::Yes) => "yes",
            MemberVote::Cast(Choice::No) => "no",
            MemberVote::Cast(Choice::Abstain) => "abstain",
            MemberVote::NotVoting => "not voting",
            MemberVote::Absent => "absent",
        }
    }

    /// The code of the UN Digital Library: it marks every member that cast no vote `X`.
    pub fn code(self) -> &'static str {
        match self {
            MemberVote::Cast(Choice::Yes) => "Y",
            MemberVote::Cast(Choice::No) => "N",
            MemberVote::Cast(Choice::Abstain) => "A",
            MemberVote::NotVoting | MemberVote::Absent => "X",
        }
    }
}

/// One member's row: the state, its vote, and what the record says of it beside its vote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRow {
    pub state: StateRef,
    pub vote: MemberVote,
    /// Sentences: "The Sudan was absent.", "Subsequently, Ghana advised the Secretariat …".
    pub note: String,
}

/// A decided recorded vote with what its exports need: the engine's vote (who could vote, the ballots),
/// the record's result, the sentence that reports it and the item it was taken on.
#[derive(Debug, Clone, Copy)]
pub struct RecordedVote<'a> {
    pub vote: &'a Vote,
    pub record: &'a VoteRecord,
    pub sentence: &'a str,
    pub item: &'a ItemRecord,
    /// The members present when the vote was taken, when the meeting tracked presence.
    pub present: Option<&'a BTreeSet<StateRef>>,
}

/// Every decided recorded vote of a meeting, in the order of the record. Votes without names (a
/// non-recorded vote) publish only their totals and are left out.
pub fn recorded_votes<'a>(meeting: &'a Meeting, record: &'a Record) -> Vec<RecordedVote<'a>> {
    record
        .items
        .iter()
        .flat_map(|item| item.entries.iter().map(move |entry| (item, entry)))
        .filter_map(|(item, entry)| {
            let vote_record = entry.vote.as_ref().filter(|vote| vote.method == Method::Recorded)?;
            let vote = meeting.vote(&vote_record.id)?;
            let present = vote.present_members.as_ref();
            Some(RecordedVote { vote, record: vote_record, sentence: &entry.text, item, present })
        })
        .collect()
}

/// The recorded vote with this id, if the meeting decided one.
pub fn recorded_vote<'a>(meeting: &'a Meeting, record: &'a Record, id: &str) -> Option<RecordedVote<'a>> {
    recorded_votes(meeting, record).into_iter().find(|vote| vote.vote.id == id)
}

/// Every member of the body when the vote opened, in UN order, with its vote.
pub fn member_rows(vote: &RecordedVote<'_>) -> Vec<MemberRow> {
    let mut members: Vec<&StateRef> = vote.vote.entitled.iter().chain(&vote.vote.article19).collect();
    members.sort_by_cached_key(|state| un_order_key(state.name()));
    members.dedup();
    members
        .into_iter()
        .map(|state| {
            let ballot = vote.vote.ballots.get(state).copied();
            let present = vote.present.is_none_or(|present| present.contains(state));
            let mut note = String::new();
            let member_vote = match ballot {
                Some(choice) => MemberVote::Cast(choice),
                None if vote.vote.article19.contains(state) => {
                    let _ = write!(
                        note,
                        "{} had no vote under Article 19 of the Charter.",
                        state.starting_a_sentence()
                    );
                    MemberVote::NotVoting
                }
                None if present => {
                    let _ = write!(note, "{} did not vote.", state.starting_a_sentence());
                    MemberVote::NotVoting
                }
                None => {
                    let _ = write!(note, "{} was absent.", state.starting_a_sentence());
                    MemberVote::Absent
                }
            };
            for refused in vote.vote.refused.iter().filter(|refused| &refused.state == state) {
                let _ = write!(note, " A vote it cast was not counted ({}).", refused.reason);
            }
            for correction in vote.vote.corrections.iter().filter(|correction| &correction.state == state) {
                let _ = write!(
                    note,
                    " {}",
                    plenary_core::procedure::record::correction_note(&correction.state, correction.intended)
                );
            }
            MemberRow { state: state.clone(), vote: member_vote, note: note.trim().to_owned() }
        })
        .collect()
}

/// The table of one or more recorded votes of a meeting: a header, then a row per member per vote.
pub fn vote_table(meeting: &Meeting, votes: &[RecordedVote<'_>], shape: VoteTable) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    // Writing into a Vec cannot fail; a failed write would only shorten the table.
    let _ = writer.write_record(shape.columns());
    for vote in votes {
        let context = VoteContext::of(meeting, vote);
        for row in member_rows(vote) {
            let _ = match shape {
                VoteTable::DigitalLibrary => writer.write_record(context.digital_library_row(vote, &row)),
                VoteTable::Unvotes => writer.write_record(unvotes_row(vote, &row)),
            };
        }
    }
    writer.into_inner().unwrap_or_default()
}

fn unvotes_row(vote: &RecordedVote<'_>, row: &MemberRow) -> [String; 4] {
    let code = states::by_iso3(row.state.code()).map_or("", |state| state.iso2.as_str());
    [vote.vote.id.clone(), row.state.name().to_owned(), code.to_owned(), row.vote.word().to_owned()]
}

/// What the Digital Library columns say of the vote as a whole.
struct VoteContext {
    date: String,
    session: String,
    draft: String,
    committee_report: String,
    meeting: String,
    title: String,
    agenda_title: String,
}

impl VoteContext {
    fn of(meeting: &Meeting, vote: &RecordedVote<'_>) -> VoteContext {
        let symbol = vote.item.draft.as_ref().map(|draft| draft.symbol.as_str()).unwrap_or_default();
        // "A/72/439/Add.1, draft resolution II": a draft in a Main Committee's report.
        let (draft, committee_report) = match symbol.split_once(", draft ") {
            Some((report, _)) => (String::new(), report.to_owned()),
            None => (symbol.to_owned(), String::new()),
        };
        let session =
            general_assembly_session(&draft).or_else(|| general_assembly_session(&committee_report));
        VoteContext {
            date: meeting.date.to_string(),
            session: session.clone().unwrap_or_default(),
            meeting: session.map(|session| meeting_symbol(meeting, &session)).unwrap_or_default(),
            draft,
            committee_report,
            title: vote.item.draft.as_ref().map(|draft| draft.title.clone()).unwrap_or_default(),
            agenda_title: vote.item.title.clone(),
        }
    }

    fn digital_library_row(&self, vote: &RecordedVote<'_>, row: &MemberRow) -> [String; 20] {
        let record = vote.record;
        let note = if row.note.is_empty() {
            vote.sentence.to_owned()
        } else {
            format!("{} {}", vote.sentence, row.note)
        };
        [
            String::new(),
            row.state.code().to_owned(),
            row.state.name().to_uppercase(),
            row.vote.code().to_owned(),
            self.date.clone(),
            self.session.clone(),
            String::new(),
            self.draft.clone(),
            self.committee_report.clone(),
            self.meeting.clone(),
            self.title.clone(),
            self.agenda_title.clone(),
            String::new(),
            note,
            record.yes.to_string(),
            record.no.to_string(),
            record.abstain.to_string(),
            record.non_voting.to_string(),
            record.members.to_string(),
            String::new(),
        ]
    }
}

/// The session segment of a General Assembly symbol: "72" of "A/72/439/Add.1" or "A/C.3/72/L.21".
fn general_assembly_session(symbol: &str) -> Option<String> {
    let symbol = Symbol::parse(symbol).ok()?;
    if symbol.body() != Some(Body::GeneralAssembly) {
        return None;
    }
    symbol.session().map(|session| session.symbol_segment())
}

/// The symbol of the meeting's record: "A/72/PV.73" for the "73rd plenary meeting", "A/C.3/72/SR.45" for
/// a Main Committee's "45th meeting"; empty when the meeting's name has no number.
fn meeting_symbol(meeting: &Meeting, session: &str) -> String {
    let number: String = meeting.meeting.chars().take_while(char::is_ascii_digit).collect();
    if number.is_empty() {
        return String::new();
    }
    match meeting.forum {
        Forum::Plenary => format!("A/{session}/PV.{number}"),
        Forum::MainCommittee(committee) => format!("A/C.{committee}/{session}/SR.{number}"),
        Forum::HumanRightsCouncil => String::new(),
    }
}

/// The question of a vote in words, as the heading of its record: "The seventh preambular paragraph",
/// "The amendment contained in document A/72/L.34", "The draft resolution".
pub fn question_in_words(meeting: &Meeting, vote: &Vote) -> String {
    let item = meeting.items.get(vote.item);
    match &vote.question {
        Question::Proposal => "The draft resolution as a whole".to_owned(),
        Question::Part(part) => part.sentence_name(),
        Question::Amendment(id) => match item.and_then(|item| item.amendment(id)) {
            Some(amendment) => match &amendment.document {
                Some(document) => format!("The amendment contained in document {document}"),
                None => format!(
                    "The amendment proposed by {} ({id})",
                    amendment.by.iter().map(StateRef::in_text).collect::<Vec<_>>().join(", ")
                ),
            },
            None => format!("Amendment {id}"),
        },
        Question::Division(id) => match item.and_then(|item| item.division(id)) {
            Some(division) => format!(
                "The motion by {} for a division of the vote on {}",
                division.by.in_text(),
                division.parts.iter().map(|part| part.name()).collect::<Vec<_>>().join(", ")
            ),
            None => format!("The motion for division {id}"),
        },
        Question::Motion(id) => match item.and_then(|item| item.motion(id)) {
            Some(motion) => format!("The motion by {} {}", motion.by.in_text(), motion.kind.purpose()),
            None => format!("The motion {id}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::meeting_2017;

    fn rows_of(table: &[u8]) -> Vec<csv::StringRecord> {
        let mut reader = csv::Reader::from_reader(table);
        reader.records().map(|record| record.unwrap()).collect()
    }

    #[test]
    fn the_2017_vote_on_the_seventh_preambular_paragraph_has_a_row_for_each_of_the_193() {
        let (meeting, record) = meeting_2017();
        let vote = recorded_vote(&meeting, &record, "6004").unwrap();
        let table = vote_table(&meeting, &[vote], VoteTable::DigitalLibrary);
        let mut reader = csv::Reader::from_reader(table.as_slice());
        assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), DIGITAL_LIBRARY_COLUMNS);
        let rows = rows_of(&table);
        assert_eq!(rows.len(), 193);
        let count = |code: &str| rows.iter().filter(|row| &row[3] == code).count();
        assert_eq!((count("Y"), count("N"), count("A"), count("X")), (108, 18, 32, 35));
        assert_eq!(&rows[0][1], "AFG");
        assert_eq!(&rows[0][2], "AFGHANISTAN");
        assert_eq!(rows.last().map(|row| row[2].to_owned()).unwrap(), "ZIMBABWE");
        let ivory_coast = rows.iter().find(|row| &row[1] == "CIV").unwrap();
        assert_eq!((&ivory_coast[2], &ivory_coast[3]), ("CÔTE D'IVOIRE", "Y"));
        let sudan = rows.iter().find(|row| &row[1] == "SDN").unwrap();
        assert_eq!(
            sudan.iter().collect::<Vec<_>>(),
            [
                "",
                "SDN",
                "SUDAN",
                "N",
                "2017-12-19",
                "72",
                "",
                "",
                "A/72/439/Add.1",
                "A/72/PV.73",
                "Torture and other cruel, inhuman or degrading treatment or punishment",
                "Promotion and protection of human rights: implementation of human rights instruments",
                "",
                "The seventh preambular paragraph was retained by a recorded vote of 108 to 18, with 32 \
                 abstentions.",
                "108",
                "18",
                "32",
                "35",
                "193",
                ""
            ]
        );
    }

    #[test]
    fn a_member_that_cast_no_ballot_is_not_voting_unless_presence_says_it_was_absent() {
        let (meeting, record) = meeting_2017();
        let mut vote = recorded_vote(&meeting, &record, "6005").unwrap();
        let not_voting: Vec<String> = member_rows(&vote)
            .into_iter()
            .filter(|row| row.vote == MemberVote::NotVoting)
            .map(|row| row.state.name().to_owned())
            .collect();
        assert_eq!(not_voting.len(), 193 - 109 - 19 - 31);
        // Cambodia cast no ballot in roll call 6005: present, it did not vote; not present, it was absent.
        let cambodia: StateRef = "Cambodia".parse().unwrap();
        assert!(!vote.vote.ballots.contains_key(&cambodia));
        let present: BTreeSet<StateRef> = vote.vote.ballots.keys().cloned().collect();
        vote.present = Some(&present);
        let rows = member_rows(&vote);
        let row = rows.iter().find(|row| row.state == cambodia).unwrap();
        assert_eq!((row.vote, row.note.as_str()), (MemberVote::Absent, "Cambodia was absent."));
        let table = String::from_utf8(vote_table(&meeting, &[vote], VoteTable::Unvotes)).unwrap();
        assert!(table.contains("\n6005,Cambodia,KH,absent\n"), "{table}");
        assert_eq!(table.matches(",absent\n").count(), 34);
    }

    #[test]
    fn when_the_meeting_marked_who_was_present_the_others_are_absent_in_the_exports() {
        let log = include_str!("../../../data/meetings/floor-and-quorum.jsonl");
        let meeting = plenary_core::procedure::replay_log(log).unwrap();
        let record = plenary_core::procedure::Record::of(&meeting);
        let votes = recorded_votes(&meeting, &record);
        assert!(!votes.is_empty());
        for vote in &votes {
            let present = vote.present.expect("the meeting marked presence");
            assert_eq!(present.len(), 159);
            let rows = member_rows(vote);
            let absent = rows.iter().filter(|row| row.vote == MemberVote::Absent).count();
            assert_eq!(absent, 193 - 159, "vote {}", vote.vote.id);
        }
    }

    #[test]
    fn the_unvotes_shape_gives_the_code_and_word_of_each_member() {
        let (meeting, record) = meeting_2017();
        let votes = recorded_votes(&meeting, &record);
        assert_eq!(votes.iter().map(|vote| vote.vote.id.as_str()).collect::<Vec<_>>(), ["6004", "6005"]);
        let table = String::from_utf8(vote_table(&meeting, &votes, VoteTable::Unvotes)).unwrap();
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 1 + 2 * 193);
        assert_eq!(lines[0], "rcid,country,country_code,vote");
        assert_eq!(lines[1], "6004,Afghanistan,AF,yes");
        assert!(lines.contains(&"6004,Algeria,DZ,abstain"));
        assert!(lines.contains(&"6005,Sudan,SD,no"));
        assert!(lines.contains(&"6004,Bolivia (Plurinational State of),BO,abstain"));
        let not_voting = lines.iter().filter(|line| line.ends_with(",not voting")).count();
        assert_eq!(not_voting, (193 - 158) + (193 - 159));
    }

    #[test]
    fn the_meeting_symbol_comes_from_the_meeting_number_and_the_session() {
        let (meeting, _) = meeting_2017();
        assert_eq!(meeting_symbol(&meeting, "72"), "A/72/PV.73");
        assert_eq!(general_assembly_session("A/C.3/72/L.21/Rev.1").as_deref(), Some("72"));
        assert_eq!(general_assembly_session("S/2017/77"), None);
    }

    #[test]
    fn questions_read_as_the_record_names_them() {
        let (meeting, _) = meeting_2017();
        let names: Vec<String> = meeting.votes.iter().map(|vote| question_in_words(&meeting, vote)).collect();
        assert_eq!(names, ["The seventh preambular paragraph", "Operative paragraph 4"]);
    }
}
