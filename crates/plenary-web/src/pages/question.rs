//! What the body is asked to decide, stated as the vote page and the hall display put it:
//! "Operative paragraph 4: “Emphasizes that acts of torture …”", "Amendment A/C.3/80/L.60 to delete
//! operative paragraph 4", "Draft resolution A/C.3/80/L.49 as a whole".
//!
//! The words of a paragraph come from the draft's document in the store: the document whose id is
//! `plenary_store::document_id` of the draft's symbol, in its latest version, as orally revised at the
//! meeting. A draft still in negotiation is not quoted (the public may not read it yet), and a draft the
//! store does not hold is named without its words.

use std::fmt;

use plenary_core::document::{Document, Paragraph, ParagraphId};
use plenary_core::procedure::meeting::{Item, Step};
use plenary_core::procedure::{AmendmentAction, Meeting, Part, Question};
use plenary_store::{DocumentStatus, State, document_id};

use crate::acts::stored_document;
use plenary_core::procedure::wording::capitalised;

/// The longest quotation a statement carries, in characters; a longer text is cut at a word boundary
/// before it and ends with an ellipsis. About two lines on the board, one on the hall display.
pub const MAX_QUOTED_CHARS: usize = 200;

/// A question stated for people: what is put to the vote, and the words concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// "Operative paragraph 4", "Amendment A/C.3/80/L.60 to delete operative paragraph 4", "Draft
    /// resolution A/C.3/80/L.49 as a whole".
    pub heading: String,
    /// The words concerned, shortened to [`MAX_QUOTED_CHARS`]: the paragraph voted on, the paragraph an
    /// amendment deletes, the text an amendment puts in. `None` when there are none to quote.
    pub quoted: Option<String>,
}

impl fmt::Display for Statement {
    /// The heading, and the quotation after a colon: `Operative paragraph 4: “Emphasizes that …”`.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.quoted {
            Some(quoted) => write!(formatter, "{}: “{quoted}”", self.heading),
            None => formatter.write_str(&self.heading),
        }
    }
}

/// The statement of `question` as the meeting takes it up now: under its current item (the last one
/// opened). For a vote already held, use [`statement_in`] with the vote's own item.
pub fn statement(state: &State, meeting: &Meeting, question: &Question) -> Statement {
    match meeting.current_item() {
        Some(item) => statement_in(state, item, question),
        None => Statement { heading: capitalised(&bare_name(question)), quoted: None },
    }
}

/// The statement of `question` under `item` (a vote's item is `meeting.items[vote.item]`).
pub fn statement_in(state: &State, item: &Item, question: &Question) -> Statement {
    let draft_symbol = item.draft.as_ref().map(|draft| draft.symbol.as_str());
    let text = DraftText::read(state, item);
    match question {
        Question::Proposal => Statement {
            heading: match draft_symbol {
                Some(symbol) => {
                    let amended = if item.amended() { ", as amended" } else { "" };
                    format!("{} as a whole{amended}", capitalised(&draft_name(symbol)))
                }
                None => "The proposal as a whole".to_owned(),
            },
            quoted: None,
        },
        Question::Part(part) => Statement { heading: part.sentence_name(), quoted: text.of(*part) },
        Question::Amendment(id) => amendment(item, &text, id),
        Question::Division(id) => match item.division(id) {
            Some(division) => Statement {
                heading: format!(
                    "The motion for division of {} (a separate vote on {})",
                    division.by.in_text(),
                    parts_named(&division.parts)
                ),
                quoted: None,
            },
            None => Statement { heading: capitalised(&bare_name(question)), quoted: None },
        },
        Question::Motion(id) => match item.motion(id) {
            Some(motion) => Statement {
                heading: format!("The motion of {} {}", motion.by.in_text(), motion.kind.purpose()),
                quoted: None,
            },
            None => Statement { heading: capitalised(&bare_name(question)), quoted: None },
        },
    }
}

/// An amendment: its document's symbol (else its id), what it does to which paragraphs, and the words
/// it takes out or puts in.
fn amendment(item: &Item, text: &DraftText, id: &str) -> Statement {
    let Some(amendment) = item.amendment(id) else {
        return Statement { heading: format!("Amendment {id}"), quoted: None };
    };
    let name = amendment.document.as_deref().unwrap_or(&amendment.id);
    let target = match &amendment.amends {
        Some(amended) => {
            let amended =
                item.amendment(amended).and_then(|other| other.document.as_deref()).unwrap_or(amended);
            format!(" to amendment {amended}")
        }
        None => String::new(),
    };
    let parts = parts_named(&amendment.parts);
    let (does, quoted) = match amendment.action {
        AmendmentAction::Delete => {
            // The words it would take out: one paragraph's, quoted; several are only named.
            let deleted = match amendment.parts.as_slice() {
                [part] => text.of(*part),
                _ => None,
            };
            (format!("to delete {parts}"), deleted)
        }
        AmendmentAction::Reword => (format!("to reword {parts}"), amendment.text.as_deref().map(shortened)),
        AmendmentAction::Add if amendment.parts.is_empty() => {
            ("to add a paragraph".to_owned(), amendment.text.as_deref().map(shortened))
        }
        AmendmentAction::Add => {
            (format!("to add a paragraph after {parts}"), amendment.text.as_deref().map(shortened))
        }
    };
    Statement { heading: format!("Amendment {name}{target} {does}"), quoted }
}

/// The draft's text as the meeting has it: the document in the store, and the oral revisions made.
pub struct DraftText<'a> {
    document: Option<Document>,
    item: &'a Item,
}

impl<'a> DraftText<'a> {
    pub fn read(state: &State, item: &'a Item) -> DraftText<'a> {
        let document = item
            .draft
            .as_ref()
            .and_then(|draft| state.documents.get(&document_id(&draft.symbol)))
            .filter(|entry| entry.status != DocumentStatus::Negotiation)
            .and_then(|entry| entry.latest())
            .and_then(|version| stored_document(&version.version.content).ok());
        DraftText { document, item }
    }

    /// The words of `part`, shortened: the last oral revision of it if there was one, else the document's.
    pub fn of(&self, part: Part) -> Option<String> {
        let revised = self.item.steps.iter().rev().find_map(|step| match step {
            Step::OralRevision { part: revised, text, .. } if *revised == part => Some(text.clone()),
            _ => None,
        });
        let printed = || {
            let id = match part {
                Part::Preambular(number) => ParagraphId::preambular(usize::from(number)),
                Part::Operative(number) => ParagraphId::operative(u32::from(number)),
            };
            self.document.as_ref()?.paragraph(&id).map(whole_text)
        };
        revised.or_else(printed).map(|text| shortened(&text))
    }
}

/// A paragraph's words with its sub-paragraphs', as printed: "Urges States: (a) To …; (b) To …".
fn whole_text(paragraph: &Paragraph) -> String {
    let mut text = paragraph.text.clone();
    for sub in &paragraph.subparagraphs {
        text.push(' ');
        if let Some(label) = &sub.label {
            text.push_str(&format!("({label}) "));
        }
        text.push_str(&whole_text(sub));
    }
    text
}

/// `text` cut to at most [`MAX_QUOTED_CHARS`] characters at a word boundary, with an ellipsis when cut
/// (and without the comma or semicolon that ended the paragraph).
pub fn shortened(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = text.trim_end_matches([',', ';', ':']);
    if text.chars().count() <= MAX_QUOTED_CHARS {
        return text.to_owned();
    }
    // Room for the ellipsis and the space before it.
    let limit = MAX_QUOTED_CHARS - 2;
    let cut = text.char_indices().nth(limit).map_or(text.len(), |(index, _)| index);
    let head = &text[..cut];
    let at_word = match text[cut..].chars().next() {
        // The limit falls between two words: keep the whole head.
        Some(next) if next.is_whitespace() => head,
        _ => head.rsplit_once(' ').map_or(head, |(words, _)| words),
    };
    format!("{} …", at_word.trim_end_matches([',', ';', ':', ' ']))
}

/// The draft as a sentence names it: "draft resolution A/C.3/80/L.49"; a draft in a committee's report
/// ("A/72/439/Add.1, draft resolution II") is "draft resolution II in A/72/439/Add.1".
fn draft_name(symbol: &str) -> String {
    match symbol.split_once(", draft ") {
        Some((report, draft)) => format!("draft {draft} in {report}"),
        None => format!("draft resolution {symbol}"),
    }
}

/// Parts named in a sentence: "operative paragraph 4", "the seventh preambular paragraph and operative
/// paragraph 4", "operative paragraphs 4, 5 and 6".
fn parts_named(parts: &[Part]) -> String {
    let operative_only = parts.len() > 1 && parts.iter().all(|part| part.is_operative());
    if operative_only {
        let numbers: Vec<String> = parts
            .iter()
            .map(|part| match part {
                Part::Operative(number) | Part::Preambular(number) => number.to_string(),
            })
            .collect();
        return format!("operative paragraphs {}", joined(&numbers));
    }
    let names: Vec<String> = parts.iter().map(|part| part.name()).collect();
    if names.is_empty() { "the draft".to_owned() } else { joined(&names) }
}

/// "a", "a and b", "a, b and c".
fn joined(words: &[String]) -> String {
    match words {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// A question the item does not know (a log that names an id never submitted): its kind and id.
fn bare_name(question: &Question) -> String {
    match question {
        Question::Motion(id) => format!("motion {id}"),
        Question::Division(id) => format!("the motion for division {id}"),
        Question::Amendment(id) => format!("amendment {id}"),
        Question::Part(part) => part.name(),
        Question::Proposal => "the proposal as a whole".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_text_is_kept_whole_without_its_closing_comma() {
        assert_eq!(
            shortened("Reaffirming its previous resolutions on torture,"),
            "Reaffirming its previous resolutions on torture"
        );
    }

    #[test]
    fn a_long_text_is_cut_at_a_word_with_an_ellipsis() {
        let text = "Emphasizes that acts of torture or inhuman treatment are grave breaches of the Geneva \
                    Conventions of 1949, that acts of torture and cruel treatment in armed conflict are serious \
                    violations of international humanitarian law and in this regard constitute war crimes";
        let short = shortened(text);
        assert!(short.chars().count() <= MAX_QUOTED_CHARS, "{short}");
        assert!(short.ends_with(" …"), "{short}");
        let kept = short.trim_end_matches(" …");
        assert!(text.starts_with(kept), "{short}");
        // Cut between words: what is kept ends with a whole word of the text.
        let next = &text[kept.len()..];
        assert!(next.starts_with(' ') || next.starts_with(','), "cut inside a word: {kept:?} | {next:?}");
    }

    #[test]
    fn parts_are_named_as_a_sentence_names_them() {
        assert_eq!(parts_named(&[Part::Operative(4)]), "operative paragraph 4");
        assert_eq!(
            parts_named(&[Part::Operative(4), Part::Operative(5), Part::Operative(6)]),
            "operative paragraphs 4, 5 and 6"
        );
        assert_eq!(
            parts_named(&[Part::Preambular(7), Part::Operative(4)]),
            "the seventh preambular paragraph and operative paragraph 4"
        );
    }

    #[test]
    fn a_draft_in_a_committee_report_is_named_by_its_number_in_the_report() {
        assert_eq!(draft_name("A/C.3/80/L.49"), "draft resolution A/C.3/80/L.49");
        assert_eq!(
            draft_name("A/72/439/Add.1, draft resolution II"),
            "draft resolution II in A/72/439/Add.1"
        );
    }
}
