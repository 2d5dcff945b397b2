//! The record of a meeting, and of one of its votes, as PDF reports set in Times (`pdf::report_to_pdf`).
//!
//! A vote's record is headed with the body, the meeting and its date, the agenda item, the draft with its
//! symbol and the question in words ("The seventh preambular paragraph", "The amendment contained in
//! document A/72/L.34"); then the record's sentence ("… was retained by a recorded vote of 108 to 18, with
//! 32 abstentions."), the totals and the majority, and for a recorded vote the members in UN order under
//! "In favour", "Against", "Abstaining", "Not voting" and, when the meeting tracked presence, "Absent".
//! The whole record has the same head, then each item with every sentence of the record and, under each
//! recorded vote, the same listing. Both files carry the meeting's date as their creation date.

use plenary_core::procedure::record::{Entry, ItemRecord, VoteRecord};
use plenary_core::procedure::wording::capitalised;
use plenary_core::procedure::{Choice, Meeting, Record};

use crate::pdf::{Report, ReportBlock, report_to_pdf};
use crate::vote_export::{MemberVote, RecordedVote, member_rows, question_in_words};

/// One vote's record as a PDF file, or `None` when the record has no result for the vote. `recorded` is the
/// vote with its members ([`crate::vote_export::recorded_vote`]) when it was a recorded vote.
pub fn vote_pdf(
    meeting: &Meeting,
    record: &Record,
    recorded: Option<&RecordedVote<'_>>,
    vote_id: &str,
) -> Option<Vec<u8>> {
    let (item, entry, vote) = record.items.iter().find_map(|item| {
        item.entries.iter().find_map(|entry| {
            entry.vote.as_ref().filter(|vote| vote.id == vote_id).map(|vote| (item, entry, vote))
        })
    })?;
    let mut blocks = head(record);
    blocks.extend(item_heading(item));
    if let Some(engine_vote) = meeting.vote(vote_id) {
        let method = match vote.method {
            plenary_core::procedure::Method::Recorded => "Recorded vote",
            plenary_core::procedure::Method::NonRecorded => "Vote",
        };
        blocks.push(ReportBlock::Heading(format!(
            "{method} {vote_id}: {}",
            question_in_words(meeting, engine_vote)
        )));
    }
    blocks.push(ReportBlock::Paragraph(entry.text.clone()));
    blocks.extend(vote_blocks(vote, recorded));
    let title = format!("{}, vote {vote_id}", heading_line(record));
    Some(report_to_pdf(&Report { title, date: Some(meeting.date), blocks }))
}

/// The whole record of a meeting as a PDF file: every item, every sentence, and under each recorded vote
/// its listing. `votes` are the meeting's recorded votes ([`crate::vote_export::recorded_votes`]).
pub fn record_pdf(meeting: &Meeting, record: &Record, votes: &[RecordedVote<'_>]) -> Vec<u8> {
    let mut blocks = head(record);
    if let Some(note) = &record.note {
        blocks.push(ReportBlock::Paragraph(format!("Note: {note}")));
    }
    for item in &record.items {
        blocks.extend(item_heading(item));
        for entry in &item.entries {
            blocks.extend(entry_blocks(entry, votes));
        }
    }
    report_to_pdf(&Report { title: heading_line(record), date: Some(meeting.date), blocks })
}

fn entry_blocks(entry: &Entry, votes: &[RecordedVote<'_>]) -> Vec<ReportBlock> {
    let mut blocks = vec![ReportBlock::Paragraph(entry.text.clone())];
    if let Some(vote) = &entry.vote {
        let recorded = votes.iter().find(|recorded| recorded.vote.id == vote.id);
        blocks.extend(vote_blocks(vote, recorded));
    }
    blocks
}

/// "The General Assembly, 73rd plenary meeting, 19 December 2017".
fn heading_line(record: &Record) -> String {
    format!("{}, {}, {}", capitalised(&record.body), record.meeting, record.date)
}

/// The body in bold ("General Assembly"), the meeting and the date under it, and a rule.
fn head(record: &Record) -> Vec<ReportBlock> {
    let body = record.body.strip_prefix("the ").unwrap_or(&record.body);
    vec![
        ReportBlock::Title(body.to_owned()),
        ReportBlock::Subtitle(record.meeting.clone()),
        ReportBlock::Subtitle(record.date.clone()),
        ReportBlock::Rule,
    ]
}

/// "Agenda item 72 (a): Promotion and protection of human rights …", then the draft with its symbol and
/// its sponsors.
fn item_heading(item: &ItemRecord) -> Vec<ReportBlock> {
    let mut blocks = vec![ReportBlock::Heading(match &item.agenda_item {
        Some(number) => format!("Agenda item {number}: {}", item.title),
        None => item.title.clone(),
    })];
    if let Some(draft) = &item.draft {
        let mut text = format!("Draft resolution {}: {}", draft.symbol, draft.title);
        if !draft.sponsors.is_empty() {
            text.push_str(&format!("\nSponsors: {}.", draft.sponsors.join(", ")));
        }
        blocks.push(ReportBlock::Paragraph(text));
    }
    blocks
}

/// Under a vote's sentence: its totals and majority, the listing of a recorded vote (every member of the
/// body, each once), and the notes the record keeps beside it.
fn vote_blocks(vote: &VoteRecord, recorded: Option<&RecordedVote<'_>>) -> Vec<ReportBlock> {
    let mut blocks = Vec::new();
    if let Some(recorded) = recorded {
        let rows = member_rows(recorded);
        let listings = [
            ("In favour", MemberVote::Cast(Choice::Yes)),
            ("Against", MemberVote::Cast(Choice::No)),
            ("Abstaining", MemberVote::Cast(Choice::Abstain)),
            ("Not voting", MemberVote::NotVoting),
            ("Absent", MemberVote::Absent),
        ];
        for (heading, member_vote) in listings {
            let names: Vec<&str> =
                rows.iter().filter(|row| row.vote == member_vote).map(|row| row.state.name()).collect();
            // "Absent" only when the meeting tracked presence; every other heading always, "None." if empty.
            if member_vote == MemberVote::Absent && recorded.present.is_none() {
                continue;
            }
            let names = if names.is_empty() { "None.".to_owned() } else { format!("{}.", names.join(", ")) };
            blocks.push(ReportBlock::Listing { heading: format!("{heading}:"), names });
        }
    }
    let result = vote.result.as_deref().unwrap_or("not yet decided");
    blocks.push(ReportBlock::Paragraph(format!(
        "In favour: {} | Against: {} | Abstaining: {} | Not voting: {} | Total voting membership: {}\nResult: \
         {result}. Majority required: {} ({} of the {} voting yes or no).",
        vote.yes,
        vote.no,
        vote.abstain,
        vote.non_voting,
        vote.members,
        vote.majority,
        vote.yes_needed,
        vote.yes + vote.no
    )));
    if !vote.article19.is_empty() {
        blocks.push(ReportBlock::Paragraph(format!(
            "Without a vote under Article 19 of the Charter: {}.",
            vote.article19.join(", ")
        )));
    }
    for refused in &vote.refused {
        blocks.push(ReportBlock::Paragraph(format!(
            "Not counted: a vote cast by {} ({}).",
            refused.state, refused.reason
        )));
    }
    for correction in &vote.corrections {
        blocks.push(ReportBlock::Paragraph(correction.clone()));
    }
    blocks
}
