//! The structure of a resolution, a draft or an amendment as the UN writes it: masthead facts, title,
//! preambular and operative paragraphs with nested sub-paragraphs, footnotes linked to the paragraphs
//! that cite them, annexes and the meeting line.
//!
//! A [`Document`] is one version of one text. Paragraph ids (`pp3`, `op4.b.ii`) are stable within a
//! version; they are derived from position and printed labels, never from storage.

use std::fmt;

use serde::{Deserialize, Serialize};
use time::Date;

use crate::body::{Body, Committee, Session};
use crate::symbol::Symbol;

/// One version of a resolution text, as structure.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Document {
    pub symbol: Option<Symbol>,
    pub body: Option<Body>,
    pub kind: DocumentKind,
    /// The Main Committee a draft was tabled in (`A/C.3/…`), or that reported an adopted resolution.
    pub committee: Option<Committee>,
    pub session: Option<Session>,
    pub agenda_items: Vec<AgendaItem>,
    pub distribution: Option<Distribution>,
    /// The date printed under "Distr.:" in the masthead.
    pub issued: Option<Date>,
    /// The document's job number, such as `25-20949 (E)`.
    pub job_number: Option<String>,
    pub adoption: Option<Adoption>,
    /// The sponsors printed above a draft's title, in the order printed.
    pub sponsors: Vec<String>,
    /// What the sponsors' line calls the text: "draft resolution", "amendment to draft resolution A/80/L.18".
    pub sponsor_note: Option<String>,
    pub title: String,
    /// "The General Assembly," or the equivalent line that opens the body.
    pub enacting_formula: Option<String>,
    pub preamble: Vec<Paragraph>,
    pub operative: Vec<Paragraph>,
    /// Numbered parts of an omnibus resolution ("I", "II" or "A", "B"), each with its own heading,
    /// preamble and operative paragraphs numbered from 1. The paragraphs above sit before the first part.
    pub sections: Vec<Section>,
    pub footnotes: Vec<Footnote>,
    /// The meeting line that closes the body: "63rd plenary meeting", "15 December 2025".
    pub meeting: Option<MeetingLine>,
    pub annexes: Vec<Annex>,
}

/// What kind of text a document is; it decides how its paragraphs are read.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DocumentKind {
    #[default]
    Resolution,
    DraftResolution,
    DraftDecision,
    /// A proposal to change a draft; its paragraphs are the amending instructions.
    Amendment,
    /// A note, report or other text that is not a resolution; its paragraphs are kept as they stand.
    Other,
}

impl DocumentKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            DocumentKind::Resolution => "resolution",
            DocumentKind::DraftResolution => "draft_resolution",
            DocumentKind::DraftDecision => "draft_decision",
            DocumentKind::Amendment => "amendment",
            DocumentKind::Other => "other",
        }
    }
}

/// "Distr.: General" (issued documents) or "Distr.: Limited" (drafts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Distribution {
    General,
    Limited,
    Restricted,
}

impl Distribution {
    /// As the masthead prints it after "Distr.:".
    pub fn name(self) -> &'static str {
        match self {
            Distribution::General => "General",
            Distribution::Limited => "Limited",
            Distribution::Restricted => "Restricted",
        }
    }
}

/// An agenda item named in the masthead: "71 (a)" with its title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgendaItem {
    pub item: String,
    pub title: Option<String>,
}

/// How and when an adopted text was adopted, as the masthead (GA, HRC) or heading (SC) says.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Adoption {
    pub date: Option<Date>,
    /// The route line without its brackets: "on the report of the Third Committee (A/80/545, para. 5)",
    /// "without reference to a Main Committee (A/80/L.9)".
    pub route: Option<String>,
    /// The Security Council's meeting: "3220th meeting".
    pub meeting: Option<String>,
    /// What the text records about the decision, as printed: "Adopted unanimously at the 756th meeting.",
    /// "Adopted at the 2500th meeting by 13 votes to 1 against (Pakistan), with 1 abstention (Jordan)."
    pub record: Option<String>,
    /// Footnote marks cited in the record ("Adopted at the 375th meeting.40").
    pub record_footnote_refs: Vec<FootnoteRef>,
}

/// The line that closes a General Assembly resolution's body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingLine {
    /// "63rd plenary meeting".
    pub meeting: String,
    pub date: Option<Date>,
}

/// A part of an omnibus resolution: "II / Financial performance report on the programme budget for 2022".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// `sec1`, `sec2` …; the paragraphs inside carry it as a prefix (`sec2.op3`).
    pub id: ParagraphId,
    /// The printed label: "I", "II", "A".
    pub label: String,
    pub heading: String,
    pub preamble: Vec<Paragraph>,
    pub operative: Vec<Paragraph>,
}

/// A preambular or operative paragraph, or a nested sub-paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub id: ParagraphId,
    /// The printed number of an operative paragraph.
    pub number: Option<u32>,
    /// The printed label of a sub-paragraph without its parentheses: `a`, `ii`.
    pub label: Option<String>,
    /// A sub-heading printed above the paragraph ("Peacebuilding financing", "The digital economy").
    pub heading: Option<String>,
    /// The words without number, label or footnote marks; whitespace normalised, hyphenation mended.
    pub text: String,
    /// Footnote marks cited in the text, at the character offset they followed.
    pub footnote_refs: Vec<FootnoteRef>,
    pub subparagraphs: Vec<Paragraph>,
    /// The line of the source the paragraph began on, when it came from a file with lines.
    pub source_line: Option<u32>,
}

/// A footnote mark placed in a paragraph's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FootnoteRef {
    pub mark: String,
    /// Offset in characters (Unicode scalar values) into the paragraph text where the mark stood.
    pub at: usize,
}

/// A footnote; its mark is cited by one or more paragraphs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Footnote {
    pub mark: String,
    pub text: String,
}

/// An annex: a declaration, programme of action or list that follows the resolution's body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annex {
    pub id: ParagraphId,
    /// The heading as printed: "Annex", "Annex II".
    pub heading: String,
    pub blocks: Vec<AnnexBlock>,
}

/// A heading or paragraph of an annex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnexBlock {
    pub id: ParagraphId,
    /// A printed number or letter the block starts with ("1.", "I.", "(a)"), without its punctuation.
    pub label: Option<String>,
    pub text: String,
    pub footnote_refs: Vec<FootnoteRef>,
    pub source_line: Option<u32>,
}

/// A paragraph's identifier within one version: `pp3`, `op4`, `op4.b`, `op4.b.ii`, `annex1.p3`, and
/// inside the parts of an omnibus resolution `sec2.op3`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ParagraphId(String);

/// Why a string is not a paragraph id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a paragraph id (expected forms like pp3, op4.b.ii, annex1.p2)")]
pub struct ParagraphIdError(String);

impl ParagraphId {
    pub fn preambular(position: usize) -> ParagraphId {
        ParagraphId(format!("pp{position}"))
    }

    pub fn operative(number: u32) -> ParagraphId {
        ParagraphId(format!("op{number}"))
    }

    pub fn annex(position: usize) -> ParagraphId {
        ParagraphId(format!("annex{position}"))
    }

    pub fn section(position: usize) -> ParagraphId {
        ParagraphId(format!("sec{position}"))
    }

    /// An id inside this one: `sec2` + `op3` → `sec2.op3`.
    pub fn join(&self, inner: &ParagraphId) -> ParagraphId {
        ParagraphId(format!("{}.{}", self.0, inner.0))
    }

    /// The id of a sub-paragraph labelled `label` under this one: `op4` + `b` → `op4.b`.
    pub fn child(&self, label: &str) -> ParagraphId {
        ParagraphId(format!("{}.{}", self.0, label.to_ascii_lowercase()))
    }

    /// The id of the `position`th block of an annex: `annex1` + 3 → `annex1.p3`.
    pub fn block(&self, position: usize) -> ParagraphId {
        ParagraphId(format!("{}.p{position}", self.0))
    }

    pub fn parse(text: &str) -> Result<ParagraphId, ParagraphIdError> {
        let mut parts = text.split('.');
        let head = parts.next().unwrap_or_default();
        let prefix_length = head.find(|c: char| c.is_ascii_digit()).unwrap_or(head.len());
        let (prefix, digits) = head.split_at(prefix_length);
        let head_ok = matches!(prefix, "pp" | "op" | "annex" | "sec")
            && digits.chars().all(|c| c.is_ascii_digit())
            && (prefix == "annex" || !digits.is_empty());
        let rest_ok = parts.all(|part| {
            !part.is_empty()
                && part.len() <= 8
                && part.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        });
        if head_ok && rest_ok {
            Ok(ParagraphId(text.to_string()))
        } else {
            Err(ParagraphIdError(text.to_string()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ParagraphId {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

impl TryFrom<String> for ParagraphId {
    type Error = ParagraphIdError;

    fn try_from(text: String) -> Result<ParagraphId, ParagraphIdError> {
        ParagraphId::parse(&text)
    }
}

impl From<ParagraphId> for String {
    fn from(id: ParagraphId) -> String {
        id.0
    }
}

impl Paragraph {
    /// A paragraph with text only; the caller fills in number, label and the rest.
    pub fn new(id: ParagraphId, text: impl Into<String>) -> Paragraph {
        Paragraph {
            id,
            number: None,
            label: None,
            heading: None,
            text: text.into(),
            footnote_refs: Vec::new(),
            subparagraphs: Vec::new(),
            source_line: None,
        }
    }

    /// This paragraph and all its sub-paragraphs, depth first, in reading order.
    pub fn walk(&self) -> Vec<&Paragraph> {
        let mut all = vec![self];
        for child in &self.subparagraphs {
            all.extend(child.walk());
        }
        all
    }
}

impl Document {
    /// Every paragraph and sub-paragraph of the body in reading order: preamble, operative part, then
    /// the preamble and operative part of each section.
    pub fn paragraphs(&self) -> Vec<&Paragraph> {
        let sections =
            self.sections.iter().flat_map(|section| section.preamble.iter().chain(&section.operative));
        self.preamble.iter().chain(&self.operative).chain(sections).flat_map(Paragraph::walk).collect()
    }

    /// Whether the document has any paragraph at all.
    pub fn has_paragraphs(&self) -> bool {
        !(self.preamble.is_empty() && self.operative.is_empty())
            || self
                .sections
                .iter()
                .any(|section| !(section.preamble.is_empty() && section.operative.is_empty()))
    }

    /// The ids of the paragraphs and annex blocks that cite a footnote mark, in reading order.
    pub fn citations_of(&self, mark: &str) -> Vec<ParagraphId> {
        let paragraphs = self
            .paragraphs()
            .into_iter()
            .filter(|paragraph| paragraph.footnote_refs.iter().any(|reference| reference.mark == mark))
            .map(|paragraph| paragraph.id.clone());
        let annex_blocks = self
            .annexes
            .iter()
            .flat_map(|annex| &annex.blocks)
            .filter(|block| block.footnote_refs.iter().any(|reference| reference.mark == mark))
            .map(|block| block.id.clone());
        paragraphs.chain(annex_blocks).collect()
    }

    /// Ids that appear more than once among paragraphs, sections, annexes and annex blocks. A well-formed
    /// version has none: ids are how comparisons, amendments and links name a paragraph.
    pub fn duplicate_ids(&self) -> Vec<ParagraphId> {
        let mut seen = std::collections::BTreeSet::new();
        let mut duplicates = Vec::new();
        let sections = self.sections.iter().map(|section| &section.id);
        let annexes = self
            .annexes
            .iter()
            .flat_map(|annex| std::iter::once(&annex.id).chain(annex.blocks.iter().map(|block| &block.id)));
        let paragraphs = self.paragraphs().into_iter().map(|paragraph| &paragraph.id);
        for id in paragraphs.chain(sections).chain(annexes) {
            if !seen.insert(id.clone()) {
                duplicates.push(id.clone());
            }
        }
        duplicates
    }

    /// The paragraph or sub-paragraph with this id.
    pub fn paragraph(&self, id: &ParagraphId) -> Option<&Paragraph> {
        self.paragraphs().into_iter().find(|paragraph| &paragraph.id == id)
    }
}

/// Inserts footnote marks back into a text at their offsets, formatted by `render`; the writers use
/// it to print `Punishment1` or `Punishment[^1]`.
pub fn text_with_marks(text: &str, refs: &[FootnoteRef], render: impl Fn(&str) -> String) -> String {
    let mut sorted: Vec<&FootnoteRef> = refs.iter().collect();
    sorted.sort_by_key(|reference| reference.at);
    let mut output = String::with_capacity(text.len() + refs.len() * 4);
    let mut pending = sorted.into_iter().peekable();
    for (position, character) in text.chars().enumerate() {
        while let Some(reference) = pending.next_if(|reference| reference.at == position) {
            output.push_str(&render(&reference.mark));
        }
        output.push(character);
    }
    for reference in pending {
        output.push_str(&render(&reference.mark));
    }
    output
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraph_ids_nest() {
        let op4 = ParagraphId::operative(4);
        assert_eq!(op4.child("b").child("ii").as_str(), "op4.b.ii");
        assert_eq!(ParagraphId::annex(1).block(3).as_str(), "annex1.p3");
    }

    #[test]
    fn paragraph_ids_parse_only_their_own_grammar() {
        for good in ["pp1", "op12", "op4.b", "op4.b.ii", "annex1.p3", "annex.p1", "sec2.op3.a", "op11.1"] {
            assert_eq!(ParagraphId::parse(good).unwrap().as_str(), good);
        }
        for bad in ["", "pp", "op4.", "x3", "op4.B", "op4..b", "pp1 "] {
            assert!(ParagraphId::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn marks_go_back_where_they_stood() {
        let refs = [FootnoteRef { mark: "1".into(), at: 10 }, FootnoteRef { mark: "3".into(), at: 21 }];
        let text = "Punishment and Court, acts";
        assert_eq!(text_with_marks(text, &refs, |mark| mark.to_string()), "Punishment1 and Court,3 acts");
        assert_eq!(
            text_with_marks("Goals,", &[FootnoteRef { mark: "6".into(), at: 6 }], |m| m.into()),
            "Goals,6"
        );
    }
}
