//! The hall display: one vote on the big screen of the hall, every member of the body on one 16:9 screen
//! without scrolling — a cell per member in UN order, in a saturated colour with the letter of its vote
//! (Y, N, A) and its name — with the question, the totals, the majority required and the result large.
//! Anyone may view it. `static/board.js` keeps it live from the vote's event stream, as it does the board;
//! while a vote whose reveal is `after_lock` is open the cells show only that a member has voted.
//!
//! The type sizes come from the grid's arithmetic (`static/hall.css` says it in full): 193 members in 11
//! columns of 18 rows below a band of about 170 px leave cells of about 168 × 46 px on a 1920 × 1080
//! screen; the letter is set at 3.2 % of the screen's height (35 px), the name at 1.6 % (17 px) on at most
//! two lines, the counts and the result at 6 % (65 px).

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use plenary_core::procedure::VoteStatus;
use plenary_core::procedure::board::{Shown, board};
use plenary_store::EventLog;

use super::board::{
    CountView, SeatView, carried_word, counts, majority_sentence, majority_words, never_stored, outcome,
    seat_views, vote_statement, yes_needed,
};
use super::question::Statement;
use super::{PageError, render, vote_status_name};
use crate::api::meetings::find;
use crate::app::App;
use crate::error::ApiError;

/// The screen the grid is laid out for: its width over the height left below the band (1888 × 880 px
/// on a 1920 × 1080 screen).
const GRID_ASPECT: f64 = 1888.0 / 880.0;

/// The shape of a cell the grid aims at, width over height: room for the letter and a name on two lines.
const CELL_ASPECT: f64 = 3.6;

/// The letter a cell of the hall shows: Y, N, A; a dot for "has voted" while the votes are hidden; nothing
/// before a member votes. `static/board.js` keeps the same table.
pub fn letter(shown: Shown) -> &'static str {
    match shown {
        Shown::NotVoted => "",
        Shown::Voted => "●",
        Shown::Yes => "Y",
        Shown::No => "N",
        Shown::Abstain => "A",
        Shown::Article19 => "Art. 19",
    }
}

/// The name a cell shows: the UN short name, but for the few too long for two lines of a cell, the form
/// the name is commonly shortened to. The cell's accessible name is always the full UN short name.
pub fn hall_name(code: &str, name: &str) -> String {
    let short = match code {
        "GBR" => "United Kingdom",
        "USA" => "United States",
        "PRK" => "DPR Korea",
        "COD" => "DR Congo",
        "LAO" => "Lao PDR",
        "CAF" => "Central African Rep.",
        "VCT" => "St Vincent & Grenadines",
        "KNA" => "St Kitts & Nevis",
        "TZA" => "Tanzania",
        // "Venezuela (Bolivarian Republic of)", "Netherlands (Kingdom of the)": the name without its
        // bracketed part.
        _ => return name.split(" (").next().unwrap_or(name).to_owned(),
    };
    short.to_owned()
}

pub struct HallCell {
    pub code: String,
    pub name: String,
    pub short_name: String,
    pub shown: &'static str,
    pub letter: &'static str,
    pub words: &'static str,
    pub absent: bool,
}

impl HallCell {
    fn new(seat: SeatView, shown: Shown) -> HallCell {
        HallCell {
            short_name: hall_name(&seat.code, &seat.name),
            code: seat.code,
            name: seat.name,
            shown: seat.shown,
            letter: letter(shown),
            words: seat.words,
            absent: seat.absent,
        }
    }
}

#[derive(Template)]
#[template(path = "hall.html")]
struct HallPage {
    meeting: String,
    meeting_title: String,
    vote: String,
    statement: Statement,
    status: &'static str,
    method: &'static str,
    counts: Vec<CountView>,
    members: u32,
    majority: String,
    majority_words: &'static str,
    yes_needed: String,
    outcome: String,
    carried_word: String,
    cells: Vec<HallCell>,
    columns: usize,
    rows: usize,
}

/// How many columns and rows the grid has for `members` cells: the columns that give cells closest to
/// [`CELL_ASPECT`] on the screen. 193 members: 11 × 18; the Human Rights Council's 47: 5 × 10.
pub fn grid_shape(members: usize) -> (usize, usize) {
    let members = members.max(1);
    // members = columns × rows and (grid width / columns) / (grid height / rows) = CELL_ASPECT give
    // columns = √(members × GRID_ASPECT / CELL_ASPECT). Small numbers: the float is exact enough.
    #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let columns = ((members as f64) * GRID_ASPECT / CELL_ASPECT).sqrt().round().max(1.0) as usize;
    let rows = members.div_ceil(columns);
    (columns, rows)
}

/// `GET /meetings/{id}/votes/{vote}/hall`: public, like the board.
pub async fn page<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    Path((id, vote_id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let state = app.journal.state().await;
    let entry = find(&state, &id)?;
    let not_found = || ApiError::not_found(format!("{id} has no vote {vote_id:?}"));
    let vote = entry.meeting.vote(&vote_id).ok_or_else(not_found)?;
    let shown = board(&entry.meeting, &vote_id).ok_or_else(not_found)?;
    let statement = vote_statement(&state, &entry.meeting, vote);
    let seats = seat_views(&shown, vote.status != VoteStatus::Open);
    let cells: Vec<HallCell> = seats
        .into_iter()
        .zip(&shown.seats)
        .map(|(seat, board_seat)| HallCell::new(seat, board_seat.shown))
        .collect();
    let (columns, rows) = grid_shape(cells.len());
    let forum = entry.meeting.forum;
    let page = HallPage {
        meeting: id.clone(),
        meeting_title: entry.meeting.meeting.clone(),
        vote: shown.vote.clone(),
        statement,
        status: vote_status_name(vote.status),
        method: if shown.method == plenary_core::procedure::Method::Recorded {
            "A recorded vote"
        } else {
            "A non-recorded vote"
        },
        counts: counts(&shown),
        members: shown.members,
        majority: majority_sentence(&shown),
        majority_words: majority_words(shown.majority),
        yes_needed: yes_needed(&shown),
        outcome: outcome(&shown, forum),
        carried_word: carried_word(&shown, forum),
        cells,
        columns,
        rows,
    };
    drop(state);
    Ok(never_stored(render(&page)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grid_of_the_assembly_and_of_the_council_fits_the_screen() {
        assert_eq!(grid_shape(193), (11, 18));
        assert_eq!(grid_shape(47), (5, 10));
    }

    #[test]
    fn a_long_name_is_shortened_and_a_bracketed_qualifier_dropped() {
        assert_eq!(
            hall_name("GBR", "United Kingdom of Great Britain and Northern Ireland"),
            "United Kingdom"
        );
        assert_eq!(hall_name("VEN", "Venezuela (Bolivarian Republic of)"), "Venezuela");
        assert_eq!(hall_name("DNK", "Denmark"), "Denmark");
    }
}
