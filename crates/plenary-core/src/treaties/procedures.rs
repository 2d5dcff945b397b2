//! What a declaration, reservation or note says about a treaty's optional procedures: the Committee against
//! Torture's inquiries (CAT article 20, which a state may exclude under article 28), communications from
//! other states (article 21) and from individuals (article 22), and the postponement of obligations under
//! the Optional Protocol (OPCAT article 24).
//!
//! The texts are the UN Treaty Collection's, written by each government in its own words, so they are read
//! paragraph by paragraph:
//!
//! - a paragraph that recognises or accepts the Committee's competence accepts the articles it names —
//!   "articles 21 and 22", "[21 and 22]", a heading "Article 22:" above it — or, naming none, the procedure
//!   it describes: communications "from or on behalf of individuals" (22), communications in which "a State
//!   Party claims that another State Party" is not fulfilling its obligations (21);
//! - a paragraph that does not recognise the competence "provided for in article 20" excludes the inquiry
//!   procedure, and one that withdraws that reservation gives it back, from the date it gives;
//! - a declaration under OPCAT article 24 postpones obligations.
//!
//! Objections are other states' words about the participant's reservations: they say nothing about the
//! objecting state's own procedures and are not read. A note shared by several states (the Soviet Union,
//! Belarus and Ukraine) is read whole for each state citing it: its dates may then be another state's.

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};
use time::Date;

use super::DeclarationSection;
use crate::dates::{first_written_date, written_dates};

/// An optional procedure a participant can accept, exclude or postpone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Procedure {
    /// CAT article 20: the Committee's confidential inquiries. Every party accepts it unless it declared
    /// under article 28 that it does not.
    CatInquiry,
    /// CAT article 21: communications from another state party.
    CatInterState,
    /// CAT article 22: communications from individuals ("individual complaints").
    CatIndividualComplaints,
    /// OPCAT article 24: the postponement of the obligations under part III (the Subcommittee's visits) or
    /// part IV (national preventive mechanisms).
    OpcatPostponement,
}

/// What a text does to a procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Stance {
    /// Recognises the committee's competence (articles 21, 22).
    Accepts,
    /// Does not recognise it (a reservation under CAT article 28 against article 20) or postpones the
    /// obligations (OPCAT article 24).
    Excludes,
    /// Withdraws an earlier exclusion (a reservation to article 20 withdrawn) …
    WithdrawsExclusion,
    /// … or an earlier acceptance.
    WithdrawsAcceptance,
}

/// One thing a text says about one procedure, and since when, where the text gives the date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProcedureStance {
    pub procedure: Procedure,
    pub stance: Stance,
    /// The day it took effect, where the text gives one; else the participant's consent's.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::dates::iso_date::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub since: Option<Date>,
}

fn pattern(source: &str) -> Regex {
    Regex::new(source).unwrap_or_else(|error| unreachable!("the procedure patterns are valid: {error}"))
}

/// A recognition of the Committee's competence.
static RECOGNISES: LazyLock<Regex> = LazyLock::new(|| {
    pattern(r"(?i)\b(recogni[sz]|accept|admit)\w*\b[^.]*\bcompeten|\bcompetence\b[^.]*\b(recogni[sz]|accept)")
});
/// A refusal of it.
static REFUSES: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)\b(does|do|did|shall|will) not (recogni[sz]e|accept)\b|\bnot recogni[sz]|\bwith (a )?reservations? (as to|on|to|regarding|concerning) articles? \(?20\b",
    )
});
static WITHDRAWS: LazyLock<Regex> = LazyLock::new(|| pattern(r"(?i)\bwithdr[ae]w"));
/// An article number: a number 20, 21, 22 or 24 standing alone, not a day of a month.
static ARTICLE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)\b(20|21|22|24)\b(\s+(January|February|March|April|May|June|July|August|September|October|November|December))?",
    )
});
static INDIVIDUALS: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)(on behalf of|from) (individuals|persons)|individual (communications|complaints)|individuals subject to",
    )
});
static STATES: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)State Party claims|another State Party|by another State|in respect of another State|one State Party",
    )
});
static POSTPONES: LazyLock<Regex> = LazyLock::new(|| pattern(r"(?i)postpon"));
static OBLIGATIONS_UNDER_A_PART: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"(?i)obligations under part (III|IV)\b"));
/// The day a withdrawal was notified: the last date written before "withdr…" ("Subsequently, on 26 April 1991,
/// the Government … notified … its decision to withdraw"), else the first after it.
fn date_before_withdrawal(paragraph: &str) -> Option<Date> {
    let at = WITHDRAWS.find(paragraph)?.start();
    let before = written_dates(&paragraph[..at]).last().map(|(_, date)| date);
    before.or_else(|| first_written_date(&paragraph[at..]))
}

/// The articles 20, 21, 22 and 24 a paragraph names, in order, each once ("22 November 2006" is a date).
fn articles_named(paragraph: &str) -> Vec<u8> {
    if !paragraph.to_lowercase().contains("article") && !paragraph.contains('[') {
        return Vec::new();
    }
    let mut named = Vec::new();
    for captures in ARTICLE_NUMBER.captures_iter(paragraph) {
        if captures.get(2).is_some() {
            continue;
        }
        if let Ok(number) = captures[1].parse::<u8>() {
            if !named.contains(&number) {
                named.push(number);
            }
        }
    }
    named
}

/// What the text of a declaration of `treaty` (its id: `cat`, `cat_op`), standing in `section`, says about
/// the optional procedures of the participant called `names` (its names in the texts: "Ukraine"; a
/// predecessor's, "Czechoslovak"). `date` is the date the text carries, if any.
///
/// A note is the status page's, and may tell of several states: only its paragraphs that name the
/// participant (and the texts they quote) are its acts.
pub fn read(
    treaty: &str,
    section: DeclarationSection,
    text: &str,
    date: Option<Date>,
    names: &[&str],
) -> Vec<ProcedureStance> {
    if section == DeclarationSection::Objections {
        return Vec::new();
    }
    match treaty {
        "cat" => read_cat(section, text, date, names),
        "cat_op" => read_opcat(text, date),
        _ => Vec::new(),
    }
}

fn read_cat(
    section: DeclarationSection,
    text: &str,
    date: Option<Date>,
    names: &[&str],
) -> Vec<ProcedureStance> {
    let in_note = section == DeclarationSection::Notes;
    let mut stances: Vec<ProcedureStance> = Vec::new();
    let mut add = |procedure: Procedure, stance: Stance, since: Option<Date>| {
        let stance = ProcedureStance { procedure, stance, since };
        if !stances.contains(&stance) {
            stances.push(stance);
        }
    };
    // The date the text's own acts took effect: the one it carries, or, in a note, the last one told before
    // the paragraph ("On 12 September 2003, Ukraine … Ukraine fully recognizes …").
    let mut told = date;
    // A heading paragraph ("Article 22:") names the article of the paragraphs under it.
    let mut heading: Vec<u8> = Vec::new();
    // After a note tells of a reservation withdrawn, it quotes the reservation: no longer in force.
    let mut quoting_withdrawn = false;
    // A recognition that names no procedure yet: the list under it does ("(a) To receive … article 21").
    let mut recognition_open = false;
    // Whether the note's paragraph at hand tells of the participant (or quotes what it said).
    let mut about_participant = false;
    for paragraph in text.split('\n').map(str::trim).filter(|paragraph| !paragraph.is_empty()) {
        let named = articles_named(paragraph);
        let is_heading = paragraph.len() < 40 && !named.is_empty() && !RECOGNISES.is_match(paragraph);
        if is_heading {
            heading = named;
            continue;
        }
        // A note's own dates are those of notifications ("On 12 September 2003, …", "In a communication
        // received on …"), not those a quoted text mentions ("adopted at New York on 10 December 1984").
        let tells_a_date = if in_note {
            paragraph.starts_with("On ") || paragraph.contains("notif") || paragraph.contains("received on")
        } else {
            date.is_none()
        };
        if tells_a_date {
            if let Some(day) = first_written_date(paragraph) {
                told = Some(day);
            }
        }
        let since = if in_note || date.is_some() { told } else { None };
        // In a note, the participant's paragraphs are those naming it, and what they quote.
        if in_note {
            let names_it = names.iter().any(|name| paragraph.contains(name));
            let quotes = paragraph.starts_with(['“', '"', '[', '…', '.']);
            about_participant = names_it || (quotes && about_participant);
            if !about_participant {
                recognition_open = false;
                continue;
            }
        }
        let withdraws = WITHDRAWS.is_match(paragraph);
        let refuses = REFUSES.is_match(paragraph);
        let articles = if named.is_empty() { heading.clone() } else { named };
        if articles.contains(&20) && (refuses || paragraph.to_lowercase().contains("reserv")) {
            if withdraws {
                let withdrawn = date_before_withdrawal(paragraph).or(since);
                add(Procedure::CatInquiry, Stance::WithdrawsExclusion, withdrawn);
            } else if refuses && !quoting_withdrawn {
                add(Procedure::CatInquiry, Stance::Excludes, since);
            }
        }
        if withdraws && section == DeclarationSection::Notes {
            quoting_withdrawn = true;
        }
        // Recognising while withdrawing a reservation (Tunisia) is still recognising; withdrawing a
        // declaration is not.
        let withdraws_acceptance = withdraws && !paragraph.to_lowercase().contains("reserv");
        let recognises = RECOGNISES.is_match(paragraph) || recognition_open;
        if !recognises || refuses || withdraws_acceptance {
            recognition_open = false;
            continue;
        }
        let mut accepted: Vec<Procedure> = articles
            .iter()
            .filter_map(|article| match article {
                21 => Some(Procedure::CatInterState),
                22 => Some(Procedure::CatIndividualComplaints),
                _ => None,
            })
            .collect();
        if accepted.is_empty() {
            if STATES.is_match(paragraph) {
                accepted.push(Procedure::CatInterState);
            }
            if INDIVIDUALS.is_match(paragraph) {
                accepted.push(Procedure::CatIndividualComplaints);
            }
        }
        recognition_open = accepted.is_empty() || recognition_open;
        for procedure in accepted {
            add(procedure, Stance::Accepts, since);
        }
    }
    stances
}

/// A postponement under OPCAT article 24, named by its article or by the obligations it postpones
/// (Germany: "shall postpone the implementation of its obligations under Part IV").
fn read_opcat(text: &str, date: Option<Date>) -> Vec<ProcedureStance> {
    let names_article_24 = text.split('\n').any(|paragraph| articles_named(paragraph).contains(&24));
    let postpones = POSTPONES.is_match(text) && (names_article_24 || OBLIGATIONS_UNDER_A_PART.is_match(text));
    if postpones && !WITHDRAWS.is_match(text) {
        vec![ProcedureStance {
            procedure: Procedure::OpcatPostponement,
            stance: Stance::Excludes,
            since: date,
        }]
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    fn cat(
        section: DeclarationSection,
        text: &str,
        day: Option<Date>,
    ) -> Vec<(Procedure, Stance, Option<Date>)> {
        read("cat", section, text, day, &["Bahrain"])
            .into_iter()
            .map(|stance| (stance.procedure, stance.stance, stance.since))
            .collect()
    }

    const UNDER: DeclarationSection = DeclarationSection::DeclarationsUnderArticles;

    #[test]
    fn both_articles_in_one_sentence() {
        // Venezuela, 26 April 1994.
        let text = "26 April 1994\n\n\"The Government of the Republic of Venezuela recognizes the competence of the \
                    Committee against Torture as provided for under articles 21 and 22 of the Convention.\"";
        assert_eq!(
            cat(UNDER, text, Some(date!(1994 - 04 - 26))),
            [
                (Procedure::CatInterState, Stance::Accepts, Some(date!(1994 - 04 - 26))),
                (Procedure::CatIndividualComplaints, Stance::Accepts, Some(date!(1994 - 04 - 26)))
            ]
        );
    }

    #[test]
    fn a_heading_names_the_article_of_the_paragraph_under_it() {
        // Seychelles, 6 August 2001.
        let text = "6 August 2001\n\nArticle 22:\n\n“The Republic of Seychelles accepts without reservations the \
                    competence of the Committee Against Torture.”";
        assert_eq!(
            cat(UNDER, text, Some(date!(2001 - 08 - 06))),
            [(Procedure::CatIndividualComplaints, Stance::Accepts, Some(date!(2001 - 08 - 06)))]
        );
    }

    #[test]
    fn a_procedure_described_without_its_number() {
        // Maldives, 26 December 2019.
        let text = "“The Government of the Republic of Maldives hereby declares that it recognizes the competence of \
                    the Committee to receive and consider communications from or on behalf of individuals subject to \
                    the jurisdiction of the Republic of Maldives, who claim to be victims of violations by a State \
                    party of the provisions of the Convention.”";
        assert_eq!(
            cat(UNDER, text, Some(date!(2019 - 12 - 26))),
            [(Procedure::CatIndividualComplaints, Stance::Accepts, Some(date!(2019 - 12 - 26)))]
        );
    }

    #[test]
    fn a_reservation_against_article_20_and_its_withdrawal() {
        // The German Democratic Republic's reservation; Bahrain's withdrawal (note 16).
        let reservation = "The German Democratic Republic declares in accordance with article 28, paragraph 1 of the \
                           Convention that it does not recognize the competence of the Committee provided for in \
                           article 20.";
        assert_eq!(
            cat(DeclarationSection::DeclarationsAndReservations, reservation, None),
            [(Procedure::CatInquiry, Stance::Excludes, None)]
        );
        let withdrawal = "On 4 August 1998, the Government Bahrain withdrew the following reservation to article 20 \
                          made upon accession:\n\n1. The State of Bahrain does not recognize the competence of the \
                          Committee for which provision is made in article 20 of the Convention.";
        let read = cat(DeclarationSection::Notes, withdrawal, None);
        assert_eq!(read[0], (Procedure::CatInquiry, Stance::WithdrawsExclusion, Some(date!(1998 - 08 - 04))));
    }

    #[test]
    fn a_recognition_whose_list_names_the_procedures() {
        // Chile, 15 March 2004 (abridged).
        let text = "I should like to declare that the Government of Chile recognizes the competence of the \
                    Committee against Torture established pursuant to article 17 of the Convention\n(a) To receive \
                    and consider communications to the effect that a State party claims that the State of Chile is \
                    not fulfilling its obligations under the Convention, in accordance with article 21 thereof; \
                    and\n(b) To receive and consider communications from or on behalf of individuals subject to its \
                    jurisdiction, in accordance with article 22 thereof.";
        let read: Vec<Procedure> =
            cat(UNDER, text, None).into_iter().map(|(procedure, ..)| procedure).collect();
        assert_eq!(read, [Procedure::CatInterState, Procedure::CatIndividualComplaints]);
    }

    #[test]
    fn recognising_while_withdrawing_a_reservation_is_recognising() {
        // Tunisia.
        let text = "[The Government of Tunisia] declares that it recognizes the competence of the Committee Against \
                    Torture provided for in article 17 of the Convention to receive communications pursuant to \
                    articles 21 and 22, thereby withdrawing any reservation made on Tunisia's behalf in this \
                    connection.";
        assert_eq!(cat(UNDER, text, None).len(), 2);
    }

    #[test]
    fn a_postponement_without_its_article_number() {
        // Germany's declaration under the Optional Protocol.
        let text = "Declaration:\n\n“… Because of this requirement, Germany shall postpone the implementation of its \
                    obligations under Part IV of the Optional Protocol.”";
        let read = read("cat_op", DeclarationSection::DeclarationsAndReservations, text, None, &["Germany"]);
        assert_eq!(read.len(), 1);
        assert_eq!((read[0].procedure, read[0].stance), (Procedure::OpcatPostponement, Stance::Excludes));
    }

    #[test]
    fn a_reservation_in_few_words() {
        // Kuwait; Zambia (note 33) quotes "With a reservation on article 20."
        let kuwait = "Reservation:\n\n\"With reservations as to article (20) and the provision of paragraph (1) from \
                      article (30) of the Convention.\"";
        assert_eq!(
            cat(DeclarationSection::DeclarationsAndReservations, kuwait, None),
            [(Procedure::CatInquiry, Stance::Excludes, None)]
        );
    }

    #[test]
    fn objections_say_nothing_of_the_objecting_state() {
        let objection = "The Government of Denmark recognizes the competence of the Committee under article 22 and \
                         objects to the reservation.";
        assert_eq!(cat(DeclarationSection::Objections, objection, None), []);
    }

    #[test]
    fn a_date_is_no_article_number() {
        assert_eq!(articles_named("22 November 2006, in accordance with article 21"), [21]);
    }
}
