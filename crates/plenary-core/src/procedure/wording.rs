//! The UN's own words for a result: "by a recorded vote of 108 to 18, with 32 abstentions", and the
//! per-state listing "In favour: …  Against: …  Abstaining: …" in the English alphabetical order of UN
//! names.
//!
//! The phrasing follows the adoption notes of resolutions in the corpus ("by a recorded vote of 185 to none,
//! with one abstention"; "by a recorded vote of 151 to 6" when nobody abstained) and the press-release
//! templates of the specification for non-recorded votes and rejections ("by a vote of 123 in favour, with
//! 37 abstentions"; "by a recorded vote of 15 in favour to 86 against, with 45 abstentions").

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::majority::{Choice, Tally};
use crate::states::un_order_key;

/// How a vote is taken (rules 87 and 127).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Method {
    /// Each member's vote is kept and published. Any representative may request it. The old roll call by
    /// voice, starting with a member drawn by lot, is a recorded vote too.
    #[default]
    Recorded,
    /// Only the totals are kept (a show of hands, or the board without names).
    NonRecorded,
}

/// The outcome decides the figures' form: the compact "108 to 18" of an adoption note for a question that
/// carried, the spelled-out "15 in favour to 86 against" for one that was lost (the specification's
/// rejected amendment) and for votes whose names are not recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figures {
    Compact,
    Spelled,
}

/// "by a recorded vote of 108 to 18, with 32 abstentions", "by a vote of 123 in favour, with 37
/// abstentions". A non-recorded vote always spells its figures out.
pub fn vote_phrase(tally: &Tally, method: Method, figures: Figures) -> String {
    let mut phrase = String::from(match method {
        Method::Recorded => "by a recorded vote of ",
        Method::NonRecorded => "by a vote of ",
    });
    let figures = if method == Method::NonRecorded { Figures::Spelled } else { figures };
    match figures {
        Figures::Compact => {
            let _ = write!(phrase, "{} to {}", tally.yes, none_or(tally.no));
        }
        Figures::Spelled if tally.no == 0 && method == Method::NonRecorded => {
            let _ = write!(phrase, "{} in favour", tally.yes);
        }
        Figures::Spelled => {
            let _ = write!(phrase, "{} in favour to {} against", tally.yes, none_or(tally.no));
        }
    }
    match tally.abstain {
        0 => {}
        1 => phrase.push_str(", with one abstention"),
        abstentions => {
            let _ = write!(phrase, ", with {abstentions} abstentions");
        }
    }
    phrase
}

fn none_or(count: u32) -> String {
    if count == 0 { "none".to_owned() } else { count.to_string() }
}

/// The members that voted each way, each list in the English alphabetical order of UN names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Listing {
    pub in_favour: Vec<String>,
    pub against: Vec<String>,
    pub abstaining: Vec<String>,
}

impl Listing {
    /// Sorts `(name, choice)` pairs into the three lists of the record.
    pub fn from_votes<'a>(votes: impl IntoIterator<Item = (&'a str, Choice)>) -> Listing {
        let mut listing = Listing::default();
        for (name, choice) in votes {
            listing.list_mut(choice).push(name.to_owned());
        }
        for list in [&mut listing.in_favour, &mut listing.against, &mut listing.abstaining] {
            list.sort_by_cached_key(|name| un_order_key(name));
        }
        listing
    }

    pub fn list(&self, choice: Choice) -> &[String] {
        match choice {
            Choice::Yes => &self.in_favour,
            Choice::No => &self.against,
            Choice::Abstain => &self.abstaining,
        }
    }

    fn list_mut(&mut self, choice: Choice) -> &mut Vec<String> {
        match choice {
            Choice::Yes => &mut self.in_favour,
            Choice::No => &mut self.against,
            Choice::Abstain => &mut self.abstaining,
        }
    }

    /// The listing as the meeting record prints it: each heading on its own line, then the names separated
    /// by commas and closed by a full stop; an empty list reads "None".
    pub fn to_text(&self) -> String {
        let mut text = String::new();
        for choice in Choice::ALL {
            let names = self.list(choice);
            let _ = writeln!(text, "{}:", choice.heading());
            if names.is_empty() {
                text.push_str("  None.\n");
            } else {
                let _ = writeln!(text, "  {}.", names.join(", "));
            }
        }
        text
    }
}

/// A sentence or heading begun with a capital: "the Third Committee" → "The Third Committee". The one
/// place the record, the printed outputs and the pages capitalise a phrase.
pub fn capitalised(text: &str) -> String {
    let mut characters = text.chars();
    characters.next().map(|first| first.to_uppercase().chain(characters).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(yes: u32, no: u32, abstain: u32) -> Tally {
        Tally { yes, no, abstain, non_voting: 0 }
    }

    #[test]
    fn recorded_votes_read_like_adoption_notes() {
        assert_eq!(
            vote_phrase(&tally(108, 18, 32), Method::Recorded, Figures::Compact),
            "by a recorded vote of 108 to 18, with 32 abstentions"
        );
        assert_eq!(
            vote_phrase(&tally(185, 0, 1), Method::Recorded, Figures::Compact),
            "by a recorded vote of 185 to none, with one abstention"
        );
        assert_eq!(
            vote_phrase(&tally(151, 6, 0), Method::Recorded, Figures::Compact),
            "by a recorded vote of 151 to 6"
        );
    }

    #[test]
    fn amendments_and_non_recorded_votes_spell_their_figures_out() {
        assert_eq!(
            vote_phrase(&tally(15, 86, 45), Method::Recorded, Figures::Spelled),
            "by a recorded vote of 15 in favour to 86 against, with 45 abstentions"
        );
        assert_eq!(
            vote_phrase(&tally(123, 0, 37), Method::NonRecorded, Figures::Compact),
            "by a vote of 123 in favour, with 37 abstentions"
        );
    }

    #[test]
    fn listings_follow_the_un_alphabetical_order() {
        let listing = Listing::from_votes([
            ("Türkiye", Choice::Yes),
            ("Côte d'Ivoire", Choice::Yes),
            ("Democratic People's Republic of Korea", Choice::No),
            ("Cuba", Choice::Yes),
            ("United Republic of Tanzania", Choice::Abstain),
        ]);
        assert_eq!(listing.in_favour, ["Côte d'Ivoire", "Cuba", "Türkiye"]);
        assert_eq!(
            listing.to_text(),
            "In favour:\n  Côte d'Ivoire, Cuba, Türkiye.\nAgainst:\n  Democratic People's Republic of Korea.\n\
             Abstaining:\n  United Republic of Tanzania.\n"
        );
    }
}
