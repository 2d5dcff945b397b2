//! The units a comparison pairs: every preambular and operative paragraph, every sub-paragraph, and every
//! annex block, in reading order, with what the alignment needs to know of each.

use crate::document::{Document, Paragraph, ParagraphId};

use super::UnitPart;
use super::tokens::normalized;

/// One unit of a version.
#[derive(Debug, Clone)]
pub(crate) struct Unit {
    pub id: ParagraphId,
    pub part: UnitPart,
    pub label: Option<String>,
    pub text: String,
    /// The text in comparison form: equal forms mean the unit is unchanged.
    pub normalized: String,
}

/// The units of a document in reading order.
pub(crate) fn units(document: &Document) -> Vec<Unit> {
    let mut units = Vec::new();
    let parts = std::iter::once((&document.preamble, &document.operative))
        .chain(document.sections.iter().map(|section| (&section.preamble, &section.operative)));
    for (preamble, operative) in parts {
        for paragraph in preamble {
            push_paragraph(paragraph, UnitPart::Preambular, &mut units);
        }
        for paragraph in operative {
            push_paragraph(paragraph, UnitPart::Operative, &mut units);
        }
    }
    for block in document.annexes.iter().flat_map(|annex| &annex.blocks) {
        units.push(unit(block.id.clone(), UnitPart::Annex, block.label.clone(), &block.text));
    }
    units
}

fn push_paragraph(paragraph: &Paragraph, part: UnitPart, units: &mut Vec<Unit>) {
    let label = paragraph.label.clone().or_else(|| paragraph.number.map(|number| number.to_string()));
    units.push(unit(paragraph.id.clone(), part, label, &paragraph.text));
    for child in &paragraph.subparagraphs {
        push_paragraph(child, UnitPart::Subparagraph, units);
    }
}

fn unit(id: ParagraphId, part: UnitPart, label: Option<String>, text: &str) -> Unit {
    Unit { id, part, label, text: text.to_string(), normalized: normalized(text) }
}
