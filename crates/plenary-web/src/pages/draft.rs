//! The draft before a meeting as the pages show it: its paragraphs with their words, read from the
//! document the store holds under the draft's symbol, so that a delegation picks "Operative paragraph 4 —
//! “Recalls …”" and not a bare `op4`.

use plenary_core::document::{Document, Paragraph};
use plenary_core::procedure::Part;
use plenary_store::{State, document_id};

use crate::api::documents::document_of;

/// How many characters of a paragraph a picker shows before an ellipsis.
const SHOWN_CHARACTERS: usize = 160;

/// One paragraph of the draft, as a picker offers it.
pub struct DraftParagraph {
    /// As forms send it: `pp3`, `op4`.
    pub value: String,
    /// "Operative paragraph 4 — “Recalls …”", or the bare name when the draft's text is not in the store.
    pub label: String,
}

/// The draft with symbol `symbol`, as the store holds it (its latest version), if it does.
pub fn stored_draft(state: &State, symbol: &str) -> Option<Document> {
    let entry = state.documents.get(&document_id(symbol))?;
    document_of(entry.versions.last()?).ok()
}

/// The paragraphs a meeting's draft has (its counts come from the procedure), each labelled with its
/// words from the stored text when there is one.
pub fn paragraphs(
    document: Option<&Document>,
    preambular_paragraphs: u16,
    operative_paragraphs: u16,
) -> Vec<DraftParagraph> {
    let preambular = (1..=preambular_paragraphs).map(Part::Preambular);
    let operative = (1..=operative_paragraphs).map(Part::Operative);
    preambular
        .chain(operative)
        .map(|part| {
            let name = part_heading(part);
            let label = match document.and_then(|document| paragraph_text(document, part)) {
                Some(text) => format!("{name} — “{}”", shortened(&text, SHOWN_CHARACTERS)),
                None => name,
            };
            DraftParagraph { value: part.to_string(), label }
        })
        .collect()
}

/// "Preambular paragraph 3", "Operative paragraph 4": a picker's name for a part (the record's own names,
/// "the third preambular paragraph", read badly in a list).
pub fn part_heading(part: Part) -> String {
    match part {
        Part::Preambular(number) => format!("Preambular paragraph {number}"),
        Part::Operative(number) => format!("Operative paragraph {number}"),
    }
}

/// The words of a paragraph of the draft, with its sub-paragraphs run on.
pub fn paragraph_text(document: &Document, part: Part) -> Option<String> {
    let (list, number) = match part {
        Part::Preambular(number) => (&document.preamble, number),
        Part::Operative(number) => (&document.operative, number),
    };
    let paragraph = list.get(usize::from(number).checked_sub(1)?)?;
    let mut text = String::new();
    run_on(paragraph, &mut text);
    Some(text)
}

fn run_on(paragraph: &Paragraph, text: &mut String) {
    if !text.is_empty() {
        text.push(' ');
        if let Some(label) = &paragraph.label {
            text.push_str(&format!("({label}) "));
        }
    }
    text.push_str(&paragraph.text);
    for sub in &paragraph.subparagraphs {
        run_on(sub, text);
    }
}

/// At most `limit` characters, cut at a word and ended with an ellipsis when cut.
pub fn shortened(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_owned();
    }
    // One character more, so that a cut falling just before a space keeps the whole last word.
    let cut: String = text.chars().take(limit + 1).collect();
    let at_word = cut.rfind(' ').map_or(cut.as_str(), |space| &cut[..space]);
    format!("{} …", at_word.trim_end_matches([',', ';', ':']))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l49() -> Document {
        plenary_import::import(include_bytes!("../../../../data/resolutions/A_C.3_80_L.49.txt"))
            .unwrap()
            .document
    }

    #[test]
    fn a_paragraph_is_offered_with_its_opening_words() {
        let draft = l49();
        let offered = paragraphs(Some(&draft), 2, 4);
        assert_eq!(offered.len(), 6);
        assert_eq!(offered[0].value, "pp1");
        assert!(
            offered[0].label.starts_with("Preambular paragraph 1 — “Reaffirming"),
            "{}",
            offered[0].label
        );
        assert_eq!(offered[5].value, "op4");
        assert!(offered[5].label.starts_with("Operative paragraph 4 — “"), "{}", offered[5].label);
    }

    #[test]
    fn without_the_stored_text_the_paragraph_keeps_its_name() {
        let offered = paragraphs(None, 1, 1);
        assert_eq!(offered[1].label, "Operative paragraph 1");
    }

    #[test]
    fn a_long_paragraph_is_cut_at_a_word() {
        assert_eq!(shortened("Condemns all forms of torture", 12), "Condemns all …");
        assert_eq!(shortened("Short", 12), "Short");
    }
}
