//! The shipped status tables (`data/treaties/`, see its README) read into treaties, actions and
//! declarations, ready to be recorded as facts. The caller reads the files; this reads their text.
//!
//! The UN Treaty Collection's rows give a participant's signature and consent; a denounced participation is
//! printed in brackets, its denunciation told only in the page's notes ("On 23 October 1997, the Government
//! of Jamaica notified the Secretary-General of its denunciation of the Protocol."). Those notes are read
//! here for the denunciations (and re-accessions) they date, so that the history, not only today's status,
//! is right.

use std::collections::BTreeMap;

use serde::Deserialize;
use time::Date;

use super::participants;
use super::procedures;
use super::{
    ActionKind, ConsentKind, Declaration, DeclarationSection, Delay, EntryIntoForce, Treaty, TreatyAction,
    TreatyId,
};
use crate::dates::first_written_date;

/// The three tables read, with every row that could not be used and why.
#[derive(Debug, Clone, Default)]
pub struct ShippedTreaties {
    pub treaties: Vec<Treaty>,
    /// In the tables' order; the register sorts each participant's by date.
    pub actions: Vec<TreatyAction>,
    pub declarations: Vec<Declaration>,
    /// "participants.csv line 12: …": rows left out.
    pub problems: Vec<String>,
}

#[derive(Deserialize)]
struct TreatyRow {
    id: String,
    mtdsg_no: String,
    chapter: String,
    abbreviation: String,
    short_name: String,
    title: String,
    place: String,
    adopted: String,
    adopted_by: String,
    protocol_to: String,
    eif_article: u16,
    eif_instruments: u16,
    eif_delay: String,
    eif_delay_for_later: String,
    entered_into_force: String,
}

#[derive(Deserialize)]
struct ParticipantRow {
    treaty_id: String,
    participant: String,
    participant_footnotes: String,
    signature_date: String,
    signature_type: String,
    consent_date: String,
    consent_type: String,
    bracketed_in_source: String,
}

#[derive(Deserialize)]
struct DeclarationRow {
    treaty_id: String,
    section: String,
    participant: String,
    footnotes: String,
    note_no: String,
    date_in_text: String,
    text: String,
}

/// Reads `treaties.csv`, `participants.csv` and the declarations' CSV (decompressed).
pub fn read(treaties_csv: &str, participants_csv: &str, declarations_csv: &str) -> ShippedTreaties {
    let mut shipped = ShippedTreaties::default();
    for (line, row) in rows::<TreatyRow>(treaties_csv, "treaties.csv", &mut shipped.problems) {
        match treaty(row) {
            Ok(treaty) => shipped.treaties.push(treaty),
            Err(problem) => shipped.problems.push(format!("treaties.csv line {line}: {problem}")),
        }
    }
    let known: BTreeMap<&str, &Treaty> =
        shipped.treaties.iter().map(|treaty| (treaty.id.as_str(), treaty)).collect();

    let declarations: Vec<(usize, DeclarationRow)> =
        rows::<DeclarationRow>(declarations_csv, "declarations.csv", &mut shipped.problems);
    // The notes are the page's, numbered; a participant's row and its declarations cite theirs.
    let mut notes: BTreeMap<(&str, &str), &str> = BTreeMap::new();
    for (_, row) in &declarations {
        if row.section == DeclarationSection::Notes.id() {
            notes.insert((&row.treaty_id, &row.note_no), &row.text);
        }
    }
    let mut cited: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for (_, row) in &declarations {
        if row.section != DeclarationSection::Notes.id() {
            cited
                .entry((row.treaty_id.clone(), row.participant.clone()))
                .or_default()
                .extend(numbers(&row.footnotes));
        }
    }

    let mut actions = Vec::new();
    let mut notes_of_participants = Vec::new();
    for (line, row) in rows::<ParticipantRow>(participants_csv, "participants.csv", &mut shipped.problems) {
        let place = format!("participants.csv line {line}");
        let Some(treaty) = known.get(row.treaty_id.as_str()) else {
            shipped.problems.push(format!("{place}: no treaty {:?}", row.treaty_id));
            continue;
        };
        let Some(participant) = participants::by_untc_name(&row.participant) else {
            shipped.problems.push(format!("{place}: no participant is called {:?}", row.participant));
            continue;
        };
        let action = |date: Date, kind: ActionKind| TreatyAction {
            treaty: treaty.id.clone(),
            participant: participant.code.to_owned(),
            date,
            kind,
        };
        match parse_optional_date(&row.signature_date) {
            Ok(Some(date)) => {
                let kind = if row.signature_type == "succession to signature" {
                    ActionKind::SuccessionToSignature
                } else {
                    ActionKind::Signature
                };
                actions.push(action(date, kind));
            }
            Ok(None) => {}
            Err(problem) => shipped.problems.push(format!("{place}: signature {problem}")),
        }
        match (parse_optional_date(&row.consent_date), ConsentKind::parse(&row.consent_type)) {
            (Ok(Some(date)), Some(consent)) => actions.push(action(date, ActionKind::Consent { consent })),
            (Ok(None), _) => {}
            (Ok(Some(_)), None) => shipped
                .problems
                .push(format!("{place}: the consent type {:?} is not one of the six", row.consent_type)),
            (Err(problem), _) => shipped.problems.push(format!("{place}: consent {problem}")),
        }
        let mut cited_here = numbers(&row.participant_footnotes);
        cited_here
            .extend(cited.remove(&(row.treaty_id.clone(), row.participant.clone())).unwrap_or_default());
        cited_here.sort_by_key(|number| number.parse::<u32>().unwrap_or(u32::MAX));
        cited_here.dedup();
        let cited_notes: Vec<&str> = cited_here
            .iter()
            .filter_map(|number| notes.get(&(row.treaty_id.as_str(), number.as_str())).copied())
            .filter(|text| !text.trim().is_empty())
            .collect();
        for text in &cited_notes {
            notes_of_participants.push(Declaration {
                treaty: treaty.id.clone(),
                participant: participant.code.to_owned(),
                section: DeclarationSection::Notes,
                date: None,
                text: (*text).to_owned(),
                procedures: procedures::read(
                    treaty.id.as_str(),
                    DeclarationSection::Notes,
                    text,
                    None,
                    &names_in_texts(&row.participant, participant.name),
                ),
            });
        }
        if row.bracketed_in_source == "yes" {
            let later = denunciations_told(&cited_notes);
            if !later.iter().any(|(_, kind)| matches!(kind, ActionKind::Denunciation { .. })) {
                shipped.problems.push(format!(
                    "{place}: {} is bracketed (denounced) but no note dates the denunciation",
                    row.participant
                ));
            }
            actions.extend(later.into_iter().map(|(date, kind)| action(date, kind)));
        }
    }
    shipped.actions = actions;

    for (line, row) in declarations {
        if row.section == DeclarationSection::Notes.id() {
            continue;
        }
        let place = format!("declarations.csv line {line}");
        let Some(section) = DeclarationSection::parse(&row.section) else {
            shipped.problems.push(format!("{place}: no section {:?}", row.section));
            continue;
        };
        let Ok(treaty) = TreatyId::parse(&row.treaty_id) else {
            shipped.problems.push(format!("{place}: no treaty {:?}", row.treaty_id));
            continue;
        };
        let Some(participant) = participants::by_untc_name(&row.participant) else {
            // The pages keep the declarations of states that no longer exist ("Yugoslavia (former)"): no one
            // makes them today, and the successors' own rows cite what they confirmed.
            continue;
        };
        if row.text.trim().is_empty() {
            continue;
        }
        let date = parse_optional_date(&row.date_in_text).ok().flatten();
        let procedures = procedures::read(
            treaty.as_str(),
            section,
            &row.text,
            date,
            &names_in_texts(&row.participant, participant.name),
        );
        shipped.declarations.push(Declaration {
            treaty,
            participant: participant.code.to_owned(),
            section,
            date,
            text: row.text,
            procedures,
        });
    }
    // A participant's notes after its own declarations: the order the status page prints them in.
    shipped.declarations.extend(notes_of_participants);
    shipped
}

/// The names the status pages' texts give a participant: its UNTC spelling, its UN name, the word before a
/// parenthesis ("Netherlands" of "Netherlands (Kingdom of the)"), and a predecessor's whose acts its notes
/// tell (Czechoslovakia's for Czechia and Slovakia, the Soviet Union's for the Russian Federation).
fn names_in_texts<'a>(untc: &'a str, name: &'a str) -> Vec<&'a str> {
    let mut names = vec![untc, name];
    if let Some((short, _)) = name.split_once(" (") {
        names.push(short);
    }
    match name {
        "Czechia" | "Slovakia" => names.push("Czechoslovak"),
        "Russian Federation" => names.push("Soviet Socialist Republics"),
        _ => {}
    }
    names
}

/// The note numbers a cell cites: `6,18,19,20`.
fn numbers(cell: &str) -> Vec<String> {
    cell.split(',').map(str::trim).filter(|number| !number.is_empty()).map(str::to_owned).collect()
}

/// The rows of a CSV text with their line numbers (the header is line 1); a row that does not read is a
/// problem, not a failure.
fn rows<T: for<'de> Deserialize<'de>>(text: &str, file: &str, problems: &mut Vec<String>) -> Vec<(usize, T)> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.deserialize::<T>() {
        match record {
            Ok(row) => rows.push((rows.len() + 2, row)),
            Err(error) => problems.push(format!("{file}: {error}")),
        }
    }
    rows
}

fn treaty(row: TreatyRow) -> Result<Treaty, String> {
    let date = |field: &str, text: &str| parse_date(text).map_err(|problem| format!("{field}: {problem}"));
    Ok(Treaty {
        id: TreatyId::parse(&row.id)?,
        mtdsg_no: row.mtdsg_no,
        chapter: row.chapter,
        title: row.title,
        short_name: row.short_name,
        abbreviation: row.abbreviation,
        place: row.place,
        adopted: date("adopted", &row.adopted)?,
        adopted_by: row.adopted_by,
        protocol_to: if row.protocol_to.is_empty() { None } else { Some(TreatyId::parse(&row.protocol_to)?) },
        entry_into_force: EntryIntoForce {
            article: row.eif_article,
            instruments: row.eif_instruments,
            delay: delay(&row.eif_delay)?,
            delay_for_later: delay(&row.eif_delay_for_later)?,
            date: date("entered_into_force", &row.entered_into_force)?,
        },
    })
}

/// `days:30`, `months:3`, `first-of-month-following-months:3`.
fn delay(text: &str) -> Result<Delay, String> {
    let (kind, count) =
        text.split_once(':').ok_or_else(|| format!("{text:?} is not a delay (e.g. days:30)"))?;
    let count: u16 = count.parse().map_err(|_| format!("{text:?}: the count is not a number"))?;
    let months = || u8::try_from(count).map_err(|_| format!("{text:?}: too many months"));
    match kind {
        "days" => Ok(Delay::DaysAfter(count)),
        "months" => Ok(Delay::MonthsAfter(months()?)),
        "first-of-month-following-months" => Ok(Delay::FirstOfMonthFollowingMonths(months()?)),
        _ => Err(format!("{text:?} is not a delay (days, months or first-of-month-following-months)")),
    }
}

/// An ISO date (`1987-05-27`): `crate::dates::parse_iso`, under the name the treaty callers know.
pub fn parse_date(text: &str) -> Result<Date, String> {
    crate::dates::parse_iso(text)
}

fn parse_optional_date(text: &str) -> Result<Option<Date>, String> {
    if text.trim().is_empty() { Ok(None) } else { parse_date(text).map(Some) }
}

/// The denunciations and re-accessions a participant's notes date, sentence by sentence: "On 26 May 1998
/// the Government … informed the Secretary-General of its decision to denounce the Optional Protocol with
/// effect from 26 August 1998. On 26 August 1998, the Government … re-acceded …". A denunciation without
/// an effective date takes effect three months after its notification (the first optional protocol to the
/// civil and political covenant, article 12 (1), the only treaty of the shipped data with one).
fn denunciations_told(notes: &[&str]) -> Vec<(Date, ActionKind)> {
    let mut told = Vec::new();
    for note in notes {
        // The note's first paragraph tells the participant's own acts; what follows quotes other states'
        // communications about them, with dates of their own.
        let own_acts = note.lines().next().unwrap_or_default();
        for sentence in own_acts.split(". ") {
            let Some(date) = first_written_date(sentence) else { continue };
            if sentence.contains("re-acceded") {
                told.push((date, ActionKind::Consent { consent: ConsentKind::Accession }));
            } else if sentence.contains("denounc") || sentence.contains("denunciation") {
                let effective = sentence
                    .split_once("with effect from")
                    .and_then(|(_, rest)| first_written_date(rest))
                    .unwrap_or_else(|| Delay::MonthsAfter(3).after(date));
                told.push((date, ActionKind::Denunciation { effective }));
            }
        }
    }
    told.sort_by_key(|(date, _)| *date);
    told.dedup();
    told
}
