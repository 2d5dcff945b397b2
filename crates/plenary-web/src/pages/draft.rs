//! The draft before a meeting as the pages show it: its paragraphs with their words, read from the
//! document the store holds under the draft's symbol, so that a delegation picks "Operative paragraph 4 —
//! “Recalls …”" and not a bare `op4`.

use plenary_core::document::Document;
use plenary_core::procedure::Part;
use plenary_store::{State, document_id};

pub use super::question::DraftText;
use crate::api::documents::document_of;

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
/// words as the meeting has them — the stored text, or its oral revision (see [`DraftText`]).
pub fn paragraphs(
    text: &DraftText<'_>,
    preambular_paragraphs: u16,
    operative_paragraphs: u16,
) -> Vec<DraftParagraph> {
    let preambular = (1..=preambular_paragraphs).map(Part::Preambular);
    let operative = (1..=operative_paragraphs).map(Part::Operative);
    preambular
        .chain(operative)
        .map(|part| {
            let name = part_heading(part);
            let label = match text.of(part) {
                Some(words) => format!("{name} — “{words}”"),
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
