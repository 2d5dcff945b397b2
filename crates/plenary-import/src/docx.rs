//! Word files (.docx, Office Open XML WordprocessingML): a document laid out as the UN prints it, the
//! comparison of two versions as the new text with real tracked changes against the old, and the reader
//! that imports a Word file.
//!
//! **Writing.** [`document_to_docx`] prints the masthead (symbol, body, distribution, date, session,
//! agenda items; the adoption line and route, or a draft's sponsors), the numbered title, the enacting
//! formula, preambular paragraphs with their opening phrase in italics, numbered operative paragraphs,
//! sub-paragraphs with hanging labels, sub-headings, the parts of omnibus resolutions, the meeting line and
//! the annexes, in Times New Roman 10 pt on A4. Footnotes are real Word footnotes: a mark that Word's own
//! numbering would print (`1`, `2` … in order) is left to Word; any other mark (`*`, a mark cited out of
//! order, a part that numbers its footnotes anew) is written as a custom mark. A footnote cited again is
//! its mark in the footnote-reference style, as Word users write it. Footnotes that no paragraph cites
//! (the `*` of a reissued text) are cited at the end of the title, where the UN prints their star.
//!
//! **Tracked changes.** [`comparison_to_docx`] prints the new version with every change between the two as
//! a Word revision (`w:ins`, `w:del`, and the paragraph mark of a whole added or deleted paragraph), so
//! that accepting all changes gives exactly the new paragraphs and rejecting all of them exactly the old
//! ones, numbers and labels included. A paired unit shows its word-level redline; a changed number or
//! label is itself a deletion and an insertion. A pair that moved is shown as the old paragraph deleted
//! where it stood and the new one inserted where it stands, because a paragraph shown only once could
//! not be in both orders. Old units are placed by their own order, not trusted blindly to the order of
//! the comparison: see `Plan`.
//!
//! **Reading.** A Word file is read as Word shows it with all changes accepted: the text of its runs
//! (tabs, breaks, non-breaking hyphens), automatic numbering printed in front of the paragraph as Word
//! prints it (`4.`, `(b)`, `(ii)`), footnote and endnote references cut out as marks with their texts
//! beside, and paragraphs whose mark was deleted joined to the next. The paragraphs then go through the
//! clean-text layout with exact marks (`clean::layout_paragraphs`) and the structure stage, like every
//! other text. Malformed archives and XML are refused with the part and place; the unpacked size is
//! capped, so a small archive cannot unpack to gigabytes.

use std::collections::{HashMap, HashSet, VecDeque};
use std::io::{Cursor, Read, Write};

use plenary_core::compare::{Change, Comparison, DiffOp, DiffOpKind};
use plenary_core::{Document, Footnote, FootnoteRef, ParagraphId};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use roxmltree::Node;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use crate::ImportError;
use crate::clean::{self, FileParagraph};
use crate::layout::Layout;
use crate::limits::{self, MAX_DOCX_PARTS, XmlRefusal};
use crate::printed::{Block, Kind, Line, Role, Unit, blocks, uncited_footnotes};
use crate::text::{MARK_PLACEHOLDER, MarkedText, normalize_characters};

/// The WordprocessingML namespace, and the namespace of its Strict variant, which some tools write.
const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";

pub use crate::limits::MAX_UNPACKED_BYTES;

/// The paragraph and character styles of the files written here, defined in `STYLES_XML`. The reader
/// knows the sub-heading style; the styles of units tell a comparison's paragraphs apart from the rest.
mod style {
    pub const ORGANIZATION: &str = "UNOrganization";
    pub const SYMBOL: &str = "UNSymbol";
    pub const BODY: &str = "UNBody";
    pub const MASTHEAD: &str = "UNMasthead";
    pub const ADOPTION: &str = "UNAdoption";
    pub const ROUTE: &str = "UNRoute";
    pub const SPONSORS: &str = "UNSponsors";
    pub const TITLE: &str = "UNTitle";
    pub const FORMULA: &str = "UNFormula";
    pub const PREAMBULAR: &str = "UNPreambular";
    pub const OPERATIVE: &str = "UNOperative";
    /// Sub-paragraphs by depth: `(a)`, `(i)`, and two levels more.
    pub const SUBPARAGRAPHS: [&str; 4] =
        ["UNSubparagraph1", "UNSubparagraph2", "UNSubparagraph3", "UNSubparagraph4"];
    pub const SUBHEADING: &str = "UNSubheading";
    pub const SECTION_HEADING: &str = "UNSectionHeading";
    pub const RECORD: &str = "UNRecord";
    pub const MEETING: &str = "UNMeeting";
    pub const ANNEX_HEADING: &str = "UNAnnexHeading";
    pub const ANNEX_PARAGRAPH: &str = "UNAnnexParagraph";
    pub const FOOTNOTE_TEXT: &str = "FootnoteText";
    /// The character style of footnote marks, in the text and at the head of each footnote.
    pub const FOOTNOTE_REFERENCE: &str = "FootnoteReference";

    /// The styles of the paragraphs that are units of a comparison: preambular and operative paragraphs,
    /// sub-paragraphs and annex paragraphs.
    #[cfg(test)]
    pub fn is_unit(style: &str) -> bool {
        [PREAMBULAR, OPERATIVE, ANNEX_PARAGRAPH].contains(&style) || SUBPARAGRAPHS.contains(&style)
    }
}

// ---------------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------------

/// Writes a document as a Word file laid out as the UN prints it.
pub fn document_to_docx(document: &Document) -> Vec<u8> {
    let mut footnotes = FootnoteBook::new(document);
    let mut paragraphs = Vec::new();
    for block in blocks(document) {
        paragraphs.push(match &block {
            Block::Line(line) => line_paragraph(line, &mut footnotes),
            Block::Unit(unit) => unit_paragraph(unit, None, &mut footnotes),
        });
    }
    let metadata = Metadata { title: &document.title, document, author: None, date: None };
    package(&paragraphs, &footnotes, &metadata, None)
}

/// Writes a comparison as a Word file: the new version laid out as [`document_to_docx`] lays it out,
/// with every change against the old version as a tracked change by `author` at `date` (ISO 8601, such
/// as `2026-11-29T00:00:00Z`; empty for none). `comparison` must be the comparison of `old` and `new`;
/// units it does not account for are shown as added (new) or deleted (old), so that accepting and
/// rejecting all changes still give the two versions.
///
/// The masthead, title, headings and meeting line are the new version's, untracked: the revisions are the
/// units' (preambular, operative and annex paragraphs, sub-paragraphs). Footnotes are the new version's,
/// cited where the new text cites them.
pub fn comparison_to_docx(
    old: &Document,
    new: &Document,
    comparison: &Comparison,
    author: &str,
    date: &str,
) -> Vec<u8> {
    let new_blocks = blocks(new);
    let old_units: Vec<Unit<'_>> = blocks(old).into_iter().filter_map(Block::into_unit).collect();
    let new_units: Vec<&Unit<'_>> = new_blocks.iter().filter_map(Block::as_unit).collect();
    let plan = Plan::new(comparison, &old_units, &new_units);

    let mut footnotes = FootnoteBook::new(new);
    let mut paragraphs: Vec<WordParagraph> = Vec::new();
    let mut floating = plan.floating.iter().peekable();
    let mut pending_leads: Vec<&Line> = Vec::new();
    let mut slot = 0usize;
    let mut emit_floating = |up_to: usize, paragraphs: &mut Vec<WordParagraph>| {
        while let Some(placement) = floating.next_if(|placement| placement.position <= up_to) {
            let unit = &old_units[placement.old];
            paragraphs.push(unit_paragraph(unit, Some(Revision::Deleted), &mut FootnoteBook::none()));
        }
    };
    for block in &new_blocks {
        match block {
            Block::Line(line) => {
                // With no unit in the new version, the old ones stand where the body begins.
                if new_units.is_empty() && line.role != Role::Opening {
                    emit_floating(usize::MAX, &mut paragraphs);
                }
                if line.role == Role::Lead {
                    pending_leads.push(line);
                    continue;
                }
                for lead in pending_leads.drain(..) {
                    paragraphs.push(line_paragraph(lead, &mut footnotes));
                }
                paragraphs.push(line_paragraph(line, &mut footnotes));
            }
            Block::Unit(unit) => {
                // Old units that stood before this one go before its heading too.
                emit_floating(slot, &mut paragraphs);
                for lead in pending_leads.drain(..) {
                    paragraphs.push(line_paragraph(lead, &mut footnotes));
                }
                let paragraph = match &plan.shown[slot] {
                    Shown::Paired { old, diff } => {
                        tracked_paragraph(&old_units[*old], unit, diff.as_deref(), &mut footnotes)
                    }
                    Shown::Inserted => unit_paragraph(unit, Some(Revision::Inserted), &mut footnotes),
                };
                paragraphs.push(paragraph);
                slot += 1;
                if slot == new_units.len() {
                    emit_floating(usize::MAX, &mut paragraphs);
                }
            }
        }
    }
    for lead in pending_leads.drain(..) {
        paragraphs.push(line_paragraph(lead, &mut footnotes));
    }
    emit_floating(usize::MAX, &mut paragraphs);

    let title = match (&old.symbol, &new.symbol) {
        (Some(old_symbol), Some(new_symbol)) => format!("{} compared with {old_symbol}", new_symbol.as_str()),
        _ => new.title.clone(),
    };
    let metadata = Metadata { title: &title, document: new, author: Some(author), date: Some(date) };
    package(&paragraphs, &footnotes, &metadata, Some(Revisions::new(author, date)))
}

/// The Word style of a block of the layout, defined in `STYLES_XML`.
fn word_style(kind: Kind) -> &'static str {
    match kind {
        Kind::Organization => style::ORGANIZATION,
        Kind::Symbol => style::SYMBOL,
        Kind::Body => style::BODY,
        Kind::Distribution
        | Kind::Issued
        | Kind::JobNumber
        | Kind::Session
        | Kind::Committee
        | Kind::AgendaItems
        | Kind::AgendaTitle
        | Kind::MastheadEnd => style::MASTHEAD,
        Kind::Adoption => style::ADOPTION,
        Kind::Route => style::ROUTE,
        Kind::Sponsors => style::SPONSORS,
        Kind::Title => style::TITLE,
        Kind::Formula => style::FORMULA,
        Kind::Preambular => style::PREAMBULAR,
        Kind::Operative => style::OPERATIVE,
        Kind::Subparagraph(depth) => {
            style::SUBPARAGRAPHS[depth.saturating_sub(1).min(style::SUBPARAGRAPHS.len() - 1)]
        }
        Kind::Subheading => style::SUBHEADING,
        Kind::SectionHeading => style::SECTION_HEADING,
        Kind::Record => style::RECORD,
        Kind::Meeting => style::MEETING,
        Kind::AnnexHeading => style::ANNEX_HEADING,
        Kind::AnnexParagraph => style::ANNEX_PARAGRAPH,
    }
}

/// A tracked change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Revision {
    Inserted,
    Deleted,
}

impl Revision {
    fn of(operation: DiffOpKind) -> Option<Revision> {
        match operation {
            DiffOpKind::Equal => None,
            DiffOpKind::Delete => Some(Revision::Deleted),
            DiffOpKind::Insert => Some(Revision::Inserted),
        }
    }

    fn element(self) -> &'static str {
        match self {
            Revision::Inserted => "w:ins",
            Revision::Deleted => "w:del",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum RunContent {
    Text(String),
    Tab,
    Break,
    /// The first citation of a footnote. Without a custom mark Word numbers it itself.
    FootnoteReference {
        id: u32,
        custom_mark: Option<String>,
    },
    /// A footnote cited again, or a mark with no footnote: the mark in the footnote-reference style.
    RepeatedMark(String),
}

#[derive(Debug, Clone)]
struct Run {
    content: RunContent,
    italic: bool,
    revision: Option<Revision>,
}

/// A paragraph to write: its style, its runs, and whether its paragraph mark is inserted or deleted.
#[derive(Debug, Clone)]
struct WordParagraph {
    style: &'static str,
    runs: Vec<Run>,
    mark: Option<Revision>,
}

impl WordParagraph {
    fn new(style: &'static str, mark: Option<Revision>) -> WordParagraph {
        WordParagraph { style, runs: Vec::new(), mark }
    }

    fn push(&mut self, content: RunContent, italic: bool, revision: Option<Revision>) {
        self.runs.push(Run { content, italic, revision });
    }

    /// Appends a character; text with the same formatting and revision stays one run, and a line feed
    /// is a line break.
    fn push_character(&mut self, character: char, italic: bool, revision: Option<Revision>) {
        if character == '\n' {
            self.push(RunContent::Break, false, revision);
            return;
        }
        if let Some(last) = self.runs.last_mut()
            && last.italic == italic
            && last.revision == revision
            && let RunContent::Text(text) = &mut last.content
        {
            text.push(character);
            return;
        }
        self.push(RunContent::Text(character.to_string()), italic, revision);
    }

    fn push_text(&mut self, text: &str, italic: bool, revision: Option<Revision>) {
        for character in text.chars() {
            self.push_character(character, italic, revision);
        }
    }
}

/// A line of the layout as a paragraph; its line breaks are Word line breaks.
fn line_paragraph(line: &Line, footnotes: &mut FootnoteBook<'_>) -> WordParagraph {
    let mut paragraph = WordParagraph::new(word_style(line.kind), None);
    let text = line.text.as_str();
    let pieces = [(DiffOpKind::Equal, text)];
    push_pieces(&mut paragraph, &pieces, (0, 0), &line.refs, footnotes);
    paragraph
}

/// A unit as a paragraph: as it stands, or wholly inserted or deleted (paragraph mark included). A deleted
/// unit is an old one: its footnote marks are not cited, because the footnotes are the new version's.
fn unit_paragraph(
    unit: &Unit<'_>,
    revision: Option<Revision>,
    footnotes: &mut FootnoteBook<'_>,
) -> WordParagraph {
    let mut paragraph = WordParagraph::new(word_style(unit.kind), revision);
    let operation = match revision {
        None => DiffOpKind::Equal,
        Some(Revision::Inserted) => DiffOpKind::Insert,
        Some(Revision::Deleted) => DiffOpKind::Delete,
    };
    if let Some(label) = &unit.label {
        paragraph.push_text(label, false, revision);
        paragraph.push(RunContent::Tab, false, revision);
    }
    let refs = if revision == Some(Revision::Deleted) { &[][..] } else { unit.refs };
    let pieces = [(operation, unit.text)];
    let italics = (unit.italic_characters, unit.italic_characters);
    push_pieces(&mut paragraph, &pieces, italics, refs, footnotes);
    paragraph
}

/// A paired unit with its redline: the new unit's style, the number or label changed as a deletion and
/// an insertion, and the text from the diff. Without a diff that spells both texts, the old text is
/// deleted and the new inserted.
fn tracked_paragraph(
    old: &Unit<'_>,
    new: &Unit<'_>,
    diff: Option<&[DiffOp]>,
    footnotes: &mut FootnoteBook<'_>,
) -> WordParagraph {
    let mut paragraph = WordParagraph::new(word_style(new.kind), None);
    match (&old.label, &new.label) {
        (old_label, new_label) if old_label == new_label => {
            if let Some(label) = new_label {
                paragraph.push_text(label, false, None);
                paragraph.push(RunContent::Tab, false, None);
            }
        }
        (Some(old_label), Some(new_label)) => {
            paragraph.push_text(old_label, false, Some(Revision::Deleted));
            paragraph.push_text(new_label, false, Some(Revision::Inserted));
            paragraph.push(RunContent::Tab, false, None);
        }
        (old_label, new_label) => {
            for (label, revision) in [(old_label, Revision::Deleted), (new_label, Revision::Inserted)] {
                if let Some(label) = label {
                    paragraph.push_text(label, false, Some(revision));
                    paragraph.push(RunContent::Tab, false, Some(revision));
                }
            }
        }
    }
    let pieces: Vec<(DiffOpKind, &str)> = match diff {
        Some(diff) => diff.iter().map(|piece| (piece.op, piece.text.as_str())).collect(),
        None => vec![(DiffOpKind::Delete, old.text), (DiffOpKind::Insert, new.text)],
    };
    let italics = (old.italic_characters, new.italic_characters);
    push_pieces(&mut paragraph, &pieces, italics, new.refs, footnotes);
    paragraph
}

/// Writes the pieces of a redline (or of one text, as a single piece) with the opening phrase of each
/// side in italics (`italics`: the old side's and the new side's italic characters) and the new side's
/// footnote marks. A mark follows the character it was glued to, so it takes that character's revision.
fn push_pieces(
    paragraph: &mut WordParagraph,
    pieces: &[(DiffOpKind, &str)],
    italics: (usize, usize),
    new_refs: &[FootnoteRef],
    footnotes: &mut FootnoteBook<'_>,
) {
    let mut refs: Vec<&FootnoteRef> = new_refs.iter().collect();
    refs.sort_by_key(|reference| reference.at);
    let mut refs = refs.into_iter().peekable();
    let first_new_revision = pieces
        .iter()
        .find(|(operation, _)| *operation != DiffOpKind::Delete)
        .and_then(|(operation, _)| Revision::of(*operation));
    while let Some(reference) = refs.next_if(|reference| reference.at == 0) {
        paragraph.push(footnotes.cite(&reference.mark), false, first_new_revision);
    }
    let (mut old_position, mut new_position) = (0usize, 0usize);
    let mut last_new_revision = first_new_revision;
    for (operation, text) in pieces {
        let revision = Revision::of(*operation);
        for character in text.chars() {
            let italic = match operation {
                DiffOpKind::Delete => old_position < italics.0,
                DiffOpKind::Equal | DiffOpKind::Insert => new_position < italics.1,
            };
            paragraph.push_character(character, italic, revision);
            if *operation != DiffOpKind::Insert {
                old_position += 1;
            }
            if *operation != DiffOpKind::Delete {
                new_position += 1;
                last_new_revision = revision;
                while let Some(reference) = refs.next_if(|reference| reference.at <= new_position) {
                    paragraph.push(footnotes.cite(&reference.mark), false, revision);
                }
            }
        }
    }
    for reference in refs {
        paragraph.push(footnotes.cite(&reference.mark), false, last_new_revision);
    }
}

/// The footnotes of the document being written, and how each has been cited so far. Footnote `k` of the
/// document's list is Word footnote `k + 1`, so that the footnotes part keeps the document's order.
#[derive(Debug)]
struct FootnoteBook<'a> {
    footnotes: &'a [Footnote],
    /// How each footnote was first cited: by Word's numbering, or with a custom mark.
    placed: Vec<Option<Placement>>,
    /// The footnote placed last, in list order: a mark that a later part reuses is the later footnote's.
    last_placed: Option<usize>,
    /// The number Word's own numbering gives the next automatically numbered footnote.
    next_automatic: u32,
    /// Where Word's numbering starts: at the first numeric mark, so that footnotes numbered on from an
    /// earlier part of a text (A/RES/80/220 starts at 22) are numbered by Word, not given custom marks.
    first_number: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Placement {
    Automatic,
    Custom(String),
}

impl<'a> FootnoteBook<'a> {
    /// The footnotes of a document. Word's numbering starts at the lowest number that a paragraph cites.
    fn new(document: &'a Document) -> FootnoteBook<'a> {
        let uncited = uncited_footnotes(document);
        let first_number = document
            .footnotes
            .iter()
            .filter(|footnote| !uncited.contains(&footnote.mark))
            .filter_map(|footnote| footnote.mark.parse::<u32>().ok())
            .filter(|&number| number > 0)
            .min()
            .unwrap_or(1);
        FootnoteBook::of(&document.footnotes, first_number)
    }

    /// No footnotes: an old unit shown deleted cites none.
    fn none() -> FootnoteBook<'static> {
        FootnoteBook::of(&[], 1)
    }

    fn of(footnotes: &'a [Footnote], first_number: u32) -> FootnoteBook<'a> {
        FootnoteBook {
            footnotes,
            placed: vec![None; footnotes.len()],
            last_placed: None,
            next_automatic: first_number,
            first_number,
        }
    }

    fn id(index: usize) -> u32 {
        u32::try_from(index + 1).unwrap_or(u32::MAX)
    }

    /// The run that cites the footnote with `mark` here.
    fn cite(&mut self, mark: &str) -> RunContent {
        let candidates: Vec<usize> =
            (0..self.footnotes.len()).filter(|&index| self.footnotes[index].mark == mark).collect();
        let unplaced = |index: &&usize| self.placed[**index].is_none();
        let fresh = candidates
            .iter()
            .filter(unplaced)
            .find(|&&index| self.last_placed.is_none_or(|last| index > last))
            .or_else(|| {
                let any_placed = candidates.iter().any(|&index| self.placed[index].is_some());
                if any_placed { None } else { candidates.iter().find(unplaced) }
            })
            .copied();
        let Some(index) = fresh else {
            return RunContent::RepeatedMark(mark.to_string());
        };
        self.last_placed = Some(index);
        let id = FootnoteBook::id(index);
        if mark == self.next_automatic.to_string() {
            self.next_automatic += 1;
            self.placed[index] = Some(Placement::Automatic);
            RunContent::FootnoteReference { id, custom_mark: None }
        } else {
            self.placed[index] = Some(Placement::Custom(mark.to_string()));
            RunContent::FootnoteReference { id, custom_mark: Some(mark.to_string()) }
        }
    }

    /// The footnotes cited, in the document's order, with their Word ids and how they were cited.
    fn cited(&self) -> impl Iterator<Item = (u32, &'a Footnote, &Placement)> + '_ {
        self.placed.iter().enumerate().filter_map(|(index, placement)| {
            placement.as_ref().map(|placement| (FootnoteBook::id(index), &self.footnotes[index], placement))
        })
    }
}

/// Hands out revision ids, unique in the file, with the author and date every revision carries.
#[derive(Debug)]
struct Revisions {
    next_id: u32,
    author: String,
    date: String,
}

impl Revisions {
    fn new(author: &str, date: &str) -> Revisions {
        Revisions { next_id: 0, author: author.to_string(), date: date.to_string() }
    }

    fn attributes(&mut self) -> Vec<(&'static str, String)> {
        let id = self.next_id;
        self.next_id += 1;
        let mut attributes = vec![("w:id", id.to_string()), ("w:author", self.author.clone())];
        if !self.date.is_empty() {
            attributes.push(("w:date", self.date.clone()));
        }
        attributes
    }
}

/// How a comparison shows each unit. A pair is shown once, as a redline, only while it keeps the old
/// order: a pair the comparison marks moved, or one whose old unit comes before an old unit already
/// shown, is split into its old unit (deleted, with the old units) and its new one (inserted). Old units
/// not shown in a pair "float": each stands before the first new unit whose pair comes after it in the
/// old order, or earlier, where the comparison lists it, if that is still after the pair before it. So
/// rejecting all changes leaves the old units in their order and accepting all leaves the new ones.
#[derive(Debug)]
struct Plan<'c> {
    /// For each unit of the new version, in reading order.
    shown: Vec<Shown<'c>>,
    /// The old units shown deleted, in the old order, with the new unit they stand before.
    floating: Vec<Floating>,
}

#[derive(Debug)]
enum Shown<'c> {
    /// Paired with the old unit at this index; the diff when it spells both texts exactly.
    Paired {
        old: usize,
        diff: Option<&'c [DiffOp]>,
    },
    Inserted,
}

#[derive(Debug, Clone, Copy)]
struct Floating {
    old: usize,
    /// The index of the new unit it stands before; the number of new units for after the last.
    position: usize,
}

impl<'c> Plan<'c> {
    fn new(comparison: &'c Comparison, old_units: &[Unit<'_>], new_units: &[&Unit<'_>]) -> Plan<'c> {
        let mut old_by_id = index_by_id(old_units.iter());
        let mut new_by_id = index_by_id(new_units.iter().copied());
        let mut pair_of_new: Vec<Option<(usize, &'c Change)>> = vec![None; new_units.len()];
        // For each change, the old and new units it names (each unit named once).
        let mut named: Vec<(Option<usize>, Option<usize>)> = Vec::with_capacity(comparison.changes.len());
        for change in &comparison.changes {
            let old = change.old.as_ref().and_then(|unit| take(&mut old_by_id, &unit.id));
            let new = change.new.as_ref().and_then(|unit| take(&mut new_by_id, &unit.id));
            if let (Some(old), Some(new)) = (old, new) {
                pair_of_new[new] = Some((old, change));
            }
            named.push((old, new));
        }

        let mut shown = Vec::with_capacity(new_units.len());
        let mut anchors: Vec<(usize, usize)> = Vec::new();
        for (slot, pair) in pair_of_new.iter().enumerate() {
            let keeps_order = |old: usize| anchors.last().is_none_or(|&(last, _)| old > last);
            match pair {
                Some((old, change)) if !change.moved && keeps_order(*old) => {
                    anchors.push((*old, slot));
                    let diff = spells(change, old_units[*old].text, new_units[slot].text)
                        .then_some(change.diff.as_slice());
                    shown.push(Shown::Paired { old: *old, diff });
                }
                _ => shown.push(Shown::Inserted),
            }
        }

        // Where the comparison lists each deleted old unit: before the next new unit in its list.
        let mut listed_before: HashMap<usize, usize> = HashMap::new();
        let mut next_new = new_units.len();
        for &(old, new) in named.iter().rev() {
            match (old, new) {
                (_, Some(new)) => next_new = new,
                (Some(old), None) => {
                    listed_before.insert(old, next_new);
                }
                (None, None) => {}
            }
        }

        let anchored: HashSet<usize> = anchors.iter().map(|&(old, _)| old).collect();
        let mut floating = Vec::new();
        let mut last_position = 0usize;
        for old in (0..old_units.len()).filter(|old| !anchored.contains(old)) {
            let following = anchors.partition_point(|&(anchor, _)| anchor < old);
            let next_anchor = anchors.get(following).map_or(new_units.len(), |&(_, slot)| slot);
            let previous_anchor = following.checked_sub(1).map(|index| anchors[index].1);
            let listed = listed_before.get(&old).copied().unwrap_or(next_anchor);
            let position =
                if listed <= next_anchor && previous_anchor.is_none_or(|previous| listed > previous) {
                    listed
                } else {
                    next_anchor
                };
            last_position = last_position.max(position);
            floating.push(Floating { old, position: last_position });
        }
        Plan { shown, floating }
    }
}

/// The units' positions by id; a version with a repeated id (malformed) has its units taken in order.
fn index_by_id<'u, 'a: 'u>(
    units: impl Iterator<Item = &'u Unit<'a>>,
) -> HashMap<ParagraphId, VecDeque<usize>> {
    let mut positions: HashMap<ParagraphId, VecDeque<usize>> = HashMap::new();
    for (index, unit) in units.enumerate() {
        positions.entry(unit.id.clone()).or_default().push_back(index);
    }
    positions
}

fn take(positions: &mut HashMap<ParagraphId, VecDeque<usize>>, id: &ParagraphId) -> Option<usize> {
    positions.get_mut(id).and_then(VecDeque::pop_front)
}

/// Whether a change's diff spells exactly these two texts.
fn spells(change: &Change, old_text: &str, new_text: &str) -> bool {
    Comparison::side_text(change, false) == old_text && Comparison::side_text(change, true) == new_text
}

/// What the document properties say.
#[derive(Debug)]
struct Metadata<'a> {
    title: &'a str,
    document: &'a Document,
    author: Option<&'a str>,
    date: Option<&'a str>,
}

/// Assembles the Word file. With `revisions`, the paragraphs carry tracked changes and Word keeps
/// tracking the reader's own edits.
fn package(
    paragraphs: &[WordParagraph],
    footnotes: &FootnoteBook<'_>,
    metadata: &Metadata<'_>,
    revisions: Option<Revisions>,
) -> Vec<u8> {
    let tracking = revisions.is_some();
    // Footnote ids and revision ids share no space in Word, but distinct ids keep every w:id of the
    // document part unique, which simple tools check.
    let mut revisions = revisions.unwrap_or_else(|| Revisions::new("Plenary", ""));
    revisions.next_id = u32::try_from(footnotes.footnotes.len() + 1).unwrap_or(u32::MAX);
    let document_xml = document_part(paragraphs, footnotes.first_number, &mut revisions);
    let footnotes_xml = footnotes_part(footnotes);
    let core_xml = core_part(metadata);
    let settings_xml = settings_part(tracking, footnotes.first_number);
    let parts: [(&str, &[u8]); 9] = [
        ("[Content_Types].xml", CONTENT_TYPES_XML.as_bytes()),
        ("_rels/.rels", PACKAGE_RELATIONSHIPS_XML.as_bytes()),
        ("docProps/core.xml", &core_xml),
        ("docProps/app.xml", APP_XML.as_bytes()),
        ("word/document.xml", &document_xml),
        ("word/_rels/document.xml.rels", DOCUMENT_RELATIONSHIPS_XML.as_bytes()),
        ("word/styles.xml", STYLES_XML.as_bytes()),
        ("word/settings.xml", settings_xml.as_bytes()),
        ("word/footnotes.xml", &footnotes_xml),
    ];
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    // A fixed timestamp: the library reads no clock, and the same document gives the same bytes.
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::DEFAULT);
    for (name, bytes) in parts {
        zip.start_file(name, options).expect("a fixed part name starts an entry of an in-memory zip");
        zip.write_all(bytes).expect("writing into memory cannot fail");
    }
    zip.finish().expect("finishing an in-memory zip cannot fail").into_inner()
}

/// An XML writer into memory.
struct Xml {
    writer: Writer<Vec<u8>>,
}

impl Xml {
    fn new() -> Xml {
        let mut xml = Xml { writer: Writer::new(Vec::new()) };
        xml.emit(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), Some("yes"))));
        xml
    }

    fn emit(&mut self, event: Event<'_>) {
        self.writer.write_event(event).expect("writing XML into memory cannot fail");
    }

    fn open(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.emit(Event::Start(BytesStart::new(name).with_attributes(attributes.iter().copied())));
    }

    fn close(&mut self, name: &str) {
        self.emit(Event::End(BytesEnd::new(name)));
    }

    fn empty(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.emit(Event::Empty(BytesStart::new(name).with_attributes(attributes.iter().copied())));
    }

    /// An element holding text; characters that XML 1.0 cannot hold are left out.
    fn text_element(&mut self, name: &str, attributes: &[(&str, &str)], text: &str) {
        self.open(name, attributes);
        let valid: String = text.chars().filter(|&c| is_xml_character(c)).collect();
        self.emit(Event::Text(BytesText::new(&valid)));
        self.close(name);
    }

    fn finish(self) -> Vec<u8> {
        self.writer.into_inner()
    }
}

fn is_xml_character(character: char) -> bool {
    matches!(character, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

const NAMESPACES: [(&str, &str); 2] = [
    ("xmlns:w", "http://schemas.openxmlformats.org/wordprocessingml/2006/main"),
    ("xmlns:r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships"),
];

fn document_part(paragraphs: &[WordParagraph], first_footnote: u32, revisions: &mut Revisions) -> Vec<u8> {
    let mut xml = Xml::new();
    xml.open("w:document", &NAMESPACES);
    xml.open("w:body", &[]);
    for paragraph in paragraphs {
        write_paragraph(&mut xml, paragraph, revisions);
    }
    // Word keeps the last paragraph mark: a paragraph whose mark is tracked must not be the last.
    if paragraphs.last().is_some_and(|paragraph| paragraph.mark.is_some()) {
        write_paragraph(&mut xml, &WordParagraph::new("Normal", None), revisions);
    }
    xml.open("w:sectPr", &[]);
    if first_footnote != 1 {
        xml.open("w:footnotePr", &[]);
        xml.empty("w:numStart", &[("w:val", &first_footnote.to_string())]);
        xml.close("w:footnotePr");
    }
    // A4, with the UN's margins of about 2.5 cm.
    xml.empty("w:pgSz", &[("w:w", "11906"), ("w:h", "16838")]);
    xml.empty(
        "w:pgMar",
        &[
            ("w:top", "1418"),
            ("w:right", "1247"),
            ("w:bottom", "1418"),
            ("w:left", "1247"),
            ("w:header", "709"),
            ("w:footer", "709"),
            ("w:gutter", "0"),
        ],
    );
    xml.close("w:sectPr");
    xml.close("w:body");
    xml.close("w:document");
    xml.finish()
}

fn write_paragraph(xml: &mut Xml, paragraph: &WordParagraph, revisions: &mut Revisions) {
    xml.open("w:p", &[]);
    xml.open("w:pPr", &[]);
    xml.empty("w:pStyle", &[("w:val", paragraph.style)]);
    if let Some(mark) = paragraph.mark {
        xml.open("w:rPr", &[]);
        let attributes = revisions.attributes();
        xml.empty(mark.element(), &borrowed(&attributes));
        xml.close("w:rPr");
    }
    xml.close("w:pPr");
    let mut start = 0usize;
    while start < paragraph.runs.len() {
        let revision = paragraph.runs[start].revision;
        let length = paragraph.runs[start..].iter().take_while(|run| run.revision == revision).count();
        let runs = &paragraph.runs[start..start + length];
        match revision {
            None => runs.iter().for_each(|run| write_run(xml, run)),
            Some(revision) => {
                let attributes = revisions.attributes();
                xml.open(revision.element(), &borrowed(&attributes));
                runs.iter().for_each(|run| write_run(xml, run));
                xml.close(revision.element());
            }
        }
        start += length;
    }
    xml.close("w:p");
}

fn borrowed<'a>(attributes: &'a [(&'static str, String)]) -> Vec<(&'a str, &'a str)> {
    attributes.iter().map(|(name, value)| (*name, value.as_str())).collect()
}

fn write_run(xml: &mut Xml, run: &Run) {
    let deleted = run.revision == Some(Revision::Deleted);
    let text_element = if deleted { "w:delText" } else { "w:t" };
    let preserve = [("xml:space", "preserve")];
    xml.open("w:r", &[]);
    let is_mark = matches!(run.content, RunContent::FootnoteReference { .. } | RunContent::RepeatedMark(_));
    if is_mark || run.italic {
        xml.open("w:rPr", &[]);
        if is_mark {
            xml.empty("w:rStyle", &[("w:val", style::FOOTNOTE_REFERENCE)]);
        }
        if run.italic {
            xml.empty("w:i", &[]);
            xml.empty("w:iCs", &[]);
        }
        xml.close("w:rPr");
    }
    match &run.content {
        RunContent::Text(text) => xml.text_element(text_element, &preserve, text),
        RunContent::Tab => xml.empty("w:tab", &[]),
        RunContent::Break => xml.empty("w:br", &[]),
        RunContent::FootnoteReference { id, custom_mark } => {
            let id = id.to_string();
            match custom_mark {
                Some(mark) => {
                    xml.empty("w:footnoteReference", &[("w:customMarkFollows", "1"), ("w:id", &id)]);
                    xml.text_element(text_element, &preserve, mark);
                }
                None => xml.empty("w:footnoteReference", &[("w:id", &id)]),
            }
        }
        RunContent::RepeatedMark(mark) => xml.text_element(text_element, &preserve, mark),
    }
    xml.close("w:r");
}

fn footnotes_part(footnotes: &FootnoteBook<'_>) -> Vec<u8> {
    let mut xml = Xml::new();
    xml.open("w:footnotes", &NAMESPACES);
    for (kind, id, element) in
        [("separator", "-1", "w:separator"), ("continuationSeparator", "0", "w:continuationSeparator")]
    {
        xml.open("w:footnote", &[("w:type", kind), ("w:id", id)]);
        xml.open("w:p", &[]);
        xml.open("w:r", &[]);
        xml.empty(element, &[]);
        xml.close("w:r");
        xml.close("w:p");
        xml.close("w:footnote");
    }
    for (id, footnote, placement) in footnotes.cited() {
        xml.open("w:footnote", &[("w:id", &id.to_string())]);
        xml.open("w:p", &[]);
        xml.open("w:pPr", &[]);
        xml.empty("w:pStyle", &[("w:val", style::FOOTNOTE_TEXT)]);
        xml.close("w:pPr");
        xml.open("w:r", &[]);
        xml.open("w:rPr", &[]);
        xml.empty("w:rStyle", &[("w:val", style::FOOTNOTE_REFERENCE)]);
        xml.close("w:rPr");
        match placement {
            Placement::Automatic => xml.empty("w:footnoteRef", &[]),
            Placement::Custom(mark) => xml.text_element("w:t", &[("xml:space", "preserve")], mark),
        }
        xml.close("w:r");
        xml.open("w:r", &[]);
        xml.empty("w:tab", &[]);
        xml.close("w:r");
        xml.open("w:r", &[]);
        xml.text_element("w:t", &[("xml:space", "preserve")], &footnote.text);
        xml.close("w:r");
        xml.close("w:p");
        xml.close("w:footnote");
    }
    xml.close("w:footnotes");
    xml.finish()
}

fn core_part(metadata: &Metadata<'_>) -> Vec<u8> {
    let mut xml = Xml::new();
    xml.open(
        "cp:coreProperties",
        &[
            ("xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
            ("xmlns:dcterms", "http://purl.org/dc/terms/"),
            ("xmlns:dcmitype", "http://purl.org/dc/dcmitype/"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ],
    );
    xml.text_element("dc:title", &[], metadata.title);
    if let Some(symbol) = &metadata.document.symbol {
        xml.text_element("dc:identifier", &[], symbol.as_str());
    }
    let author = metadata.author.unwrap_or("Plenary");
    xml.text_element("dc:creator", &[], author);
    xml.text_element("cp:lastModifiedBy", &[], author);
    if let Some(date) = metadata.date.filter(|date| !date.is_empty()) {
        for element in ["dcterms:created", "dcterms:modified"] {
            xml.text_element(element, &[("xsi:type", "dcterms:W3CDTF")], date);
        }
    }
    xml.close("cp:coreProperties");
    xml.finish()
}

fn settings_part(tracking: bool, first_footnote: u32) -> String {
    let track = if tracking { "<w:trackRevisions/>" } else { "" };
    let start =
        if first_footnote == 1 { String::new() } else { format!("<w:numStart w:val=\"{first_footnote}\"/>") };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:settings xmlns:w=\"{W}\">\
         <w:zoom w:percent=\"100\"/>{track}\
         <w:defaultTabStop w:val=\"567\"/>\
         <w:characterSpacingControl w:val=\"doNotCompress\"/>\
         <w:footnotePr>{start}<w:footnote w:id=\"-1\"/><w:footnote w:id=\"0\"/></w:footnotePr>\
         <w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>\
         </w:settings>"
    )
}

const CONTENT_TYPES_XML: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"#;

const PACKAGE_RELATIONSHIPS_XML: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#;

const DOCUMENT_RELATIONSHIPS_XML: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>"#;

const APP_XML: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Plenary</Application></Properties>"#;

/// The styles: Times New Roman 10 pt on a 12 pt line, as UN documents are set; the body indented 2.2 cm
/// each side, preambular and operative paragraphs with a first-line indent (an operative number then a
/// tab to the next 1 cm stop), sub-paragraphs with their label hanging 1 cm before the text.
const STYLES_XML: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:eastAsia="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="20"/><w:szCs w:val="20"/><w:lang w:val="en-GB" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="atLeast"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>
<w:style w:type="paragraph" w:styleId="UNMasthead"><w:name w:val="UN masthead"/><w:basedOn w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:styleId="UNOrganization"><w:name w:val="UN organization"/><w:basedOn w:val="UNMasthead"/><w:rPr><w:b/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="UNSymbol"><w:name w:val="UN symbol"/><w:basedOn w:val="UNMasthead"/><w:pPr><w:jc w:val="right"/></w:pPr><w:rPr><w:b/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="UNBody"><w:name w:val="UN body"/><w:basedOn w:val="UNMasthead"/><w:pPr><w:spacing w:before="120" w:after="60"/></w:pPr><w:rPr><w:b/><w:sz w:val="36"/><w:szCs w:val="36"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="UNAdoption"><w:name w:val="UN adoption"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/></w:pPr><w:rPr><w:b/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="UNRoute"><w:name w:val="UN route"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:after="240"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="UNSponsors"><w:name w:val="UN sponsors"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="240"/><w:ind w:left="1247" w:right="1247"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="UNTitle"><w:name w:val="UN title"/><w:basedOn w:val="Normal"/><w:next w:val="UNFormula"/><w:pPr><w:keepNext/><w:spacing w:before="120" w:after="240"/><w:ind w:left="1247" w:right="1247"/></w:pPr><w:rPr><w:b/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="UNBodyText"><w:name w:val="UN body text"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="120"/><w:ind w:left="1247" w:right="1247" w:firstLine="567"/><w:jc w:val="both"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="UNFormula"><w:name w:val="UN enacting formula"/><w:basedOn w:val="UNBodyText"/><w:next w:val="UNPreambular"/><w:pPr><w:keepNext/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="UNPreambular"><w:name w:val="UN preambular paragraph"/><w:basedOn w:val="UNBodyText"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:styleId="UNOperative"><w:name w:val="UN operative paragraph"/><w:basedOn w:val="UNBodyText"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:styleId="UNSubparagraph1"><w:name w:val="UN sub-paragraph 1"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="120"/><w:ind w:left="2381" w:right="1247" w:hanging="567"/><w:jc w:val="both"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="UNSubparagraph2"><w:name w:val="UN sub-paragraph 2"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="120"/><w:ind w:left="2948" w:right="1247" w:hanging="567"/><w:jc w:val="both"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="UNSubparagraph3"><w:name w:val="UN sub-paragraph 3"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="120"/><w:ind w:left="3515" w:right="1247" w:hanging="567"/><w:jc w:val="both"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="UNSubparagraph4"><w:name w:val="UN sub-paragraph 4"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="120"/><w:ind w:left="4082" w:right="1247" w:hanging="567"/><w:jc w:val="both"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="UNSubheading"><w:name w:val="UN sub-heading"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="120" w:after="120"/><w:ind w:left="1247" w:right="1247"/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="UNSectionHeading"><w:name w:val="UN part heading"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="240"/><w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="UNRecord"><w:name w:val="UN adoption record"/><w:basedOn w:val="UNBodyText"/></w:style>
<w:style w:type="paragraph" w:styleId="UNMeeting"><w:name w:val="UN meeting line"/><w:basedOn w:val="Normal"/><w:pPr><w:keepLines/><w:spacing w:before="240" w:after="120"/><w:ind w:right="1247"/><w:jc w:val="right"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="UNAnnexHeading"><w:name w:val="UN annex heading"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:pageBreakBefore/><w:spacing w:after="240"/><w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="UNAnnexParagraph"><w:name w:val="UN annex paragraph"/><w:basedOn w:val="UNBodyText"/></w:style>
<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr><w:spacing w:line="220" w:lineRule="atLeast"/><w:ind w:left="1474" w:right="1247" w:hanging="227"/></w:pPr><w:rPr><w:sz w:val="17"/><w:szCs w:val="17"/></w:rPr></w:style>
<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/><w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>
</w:styles>"#;

// ---------------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------------

/// Whether bytes are a zip archive, as every Word file is. The importer asks before decoding text, which
/// would refuse the archive's bytes as binary.
pub(crate) fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Reads a Word file into the layout the structure stage takes: its paragraphs as Word shows them with
/// every change accepted, numbering printed, footnote references cut out as marks, and its footnotes.
pub(crate) fn docx_to_layout(bytes: &[u8]) -> Result<Layout, ImportError> {
    docx_to_layout_within(bytes, MAX_UNPACKED_BYTES)
}

fn docx_to_layout_within(bytes: &[u8], unpacked_limit: u64) -> Result<Layout, ImportError> {
    if bytes.len() > crate::MAX_INPUT_BYTES {
        return Err(ImportError::TooLarge { bytes: bytes.len(), limit: crate::MAX_INPUT_BYTES });
    }
    let mut package = Package::open(bytes, unpacked_limit)?;
    let main = package.main_part()?;
    let Some(main_xml) = package.read(&main)? else {
        return Err(invalid("Word file", format!("the archive has no {main}: it is not a Word document")));
    };
    let related = package.related_parts(&main)?;
    let styles_xml = read_related(&mut package, &related, "/styles")?;
    let numbering_xml = read_related(&mut package, &related, "/numbering")?;
    let footnotes_xml = read_related(&mut package, &related, "/footnotes")?;
    let endnotes_xml = read_related(&mut package, &related, "/endnotes")?;

    let styles = match &styles_xml {
        Some((name, text)) => Styles::read(Some(&parse(name, text)?)),
        None => Styles::read(None),
    };
    let numbering = match &numbering_xml {
        Some((name, text)) => Numbering::read(&parse(name, text)?),
        None => Numbering::default(),
    };
    let main_document = parse(&main, &main_xml)?;
    let Some(body) = main_document.root_element().children().find(|node| is_w(*node, "body")) else {
        return Err(invalid(&main, "no w:body element: it is not a Word document body".to_string()));
    };
    let mut reader = BodyReader::new(&styles, numbering);
    let settings_xml = read_related(&mut package, &related, "/settings")?;
    let settings = match &settings_xml {
        Some((name, text)) => Some(parse(name, text)?),
        None => None,
    };
    // Word numbers notes from the start the last section gives, or else the document's settings.
    let note_properties = [body.children().rev().find(|node| is_w(*node, "sectPr"))]
        .into_iter()
        .chain([settings.as_ref().map(roxmltree::Document::root_element)])
        .flatten();
    for properties in note_properties {
        for kind in [NoteKind::Footnote, NoteKind::Endnote] {
            let start = w_child(properties, &format!("{}Pr", kind.element()))
                .and_then(|note_properties| w_child(note_properties, "numStart"))
                .and_then(|start| w_attribute(start, "val"))
                .and_then(|start| start.parse::<u32>().ok());
            if let Some(start) = start {
                reader.automatic.entry(kind).or_insert(start.saturating_sub(1));
            }
        }
    }
    reader.blocks(body);
    reader.finish_carried();

    let mut footnotes = Vec::new();
    for (part, kind) in [(&footnotes_xml, NoteKind::Footnote), (&endnotes_xml, NoteKind::Endnote)] {
        let Some((name, text)) = part else {
            continue;
        };
        let notes = parse(name, text)?;
        for note in notes.root_element().children().filter(|node| is_w(*node, kind.element())) {
            let id = w_attribute(note, "id").unwrap_or_default();
            if let Some(mark) = reader.cited.get(&(kind, id.to_string())) {
                footnotes.push((mark.clone(), reader.note_text(note)));
            }
        }
    }
    Ok(clean::layout_paragraphs(&reader.paragraphs, &footnotes))
}

fn invalid(what: &str, message: String) -> ImportError {
    ImportError::Invalid { what: what.to_string(), message }
}

/// The parts of a Word file, read with a budget for everything unpacked.
struct Package<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
    /// What is left of the budget, and the budget for all parts.
    budget: u64,
    limit: u64,
}

impl<'a> Package<'a> {
    fn open(bytes: &'a [u8], unpacked_limit: u64) -> Result<Package<'a>, ImportError> {
        // The zip reader holds every entry of the central directory in memory: count their signatures
        // before it reads them (an upper bound; a signature inside packed data only counts one more).
        let entries = bytes.windows(4).filter(|window| *window == b"PK\x01\x02").count();
        let too_many = |entries: usize| {
            limits::exceeded(
                "MAX_DOCX_PARTS",
                MAX_DOCX_PARTS as u64,
                format!("Word file: its zip archive lists {entries} parts"),
            )
        };
        if entries > MAX_DOCX_PARTS {
            return Err(too_many(entries));
        }
        let archive = ZipArchive::new(Cursor::new(bytes))
            .map_err(|error| invalid("Word file", format!("not a readable zip archive: {error}")))?;
        if archive.len() > MAX_DOCX_PARTS {
            return Err(too_many(archive.len()));
        }
        Ok(Package { archive, budget: unpacked_limit, limit: unpacked_limit })
    }

    /// The text of a part, or `None` when the archive has no such part.
    fn read(&mut self, name: &str) -> Result<Option<String>, ImportError> {
        let limit = self.budget;
        let file = match self.archive.by_name(name) {
            Ok(file) => file,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(error) => {
                return Err(invalid(&format!("Word file part {name}"), format!("cannot be read: {error}")));
            }
        };
        let mut bytes = Vec::new();
        file.take(limit + 1).read_to_end(&mut bytes).map_err(|error| {
            invalid(&format!("Word file part {name}"), format!("cannot be unpacked: {error}"))
        })?;
        let length = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
        if length > limit {
            return Err(limits::exceeded(
                "MAX_UNPACKED_BYTES",
                MAX_UNPACKED_BYTES,
                format!(
                    "Word file part {name}: the parts unpack to more than {unpacked} bytes",
                    unpacked = self.limit
                ),
            ));
        }
        self.budget -= length;
        decode_part(name, bytes).map(Some)
    }

    /// The main document part, as the package's relationships name it (`word/document.xml` in practice).
    fn main_part(&mut self) -> Result<String, ImportError> {
        let relationships = self.relationships("_rels/.rels", "")?;
        Ok(relationships
            .into_iter()
            .find(|(kind, _)| kind.ends_with("/officeDocument"))
            .map_or_else(|| "word/document.xml".to_string(), |(_, target)| target))
    }

    /// The parts the main part relates to, by relationship type.
    fn related_parts(&mut self, main: &str) -> Result<Vec<(String, String)>, ImportError> {
        let (folder, file) = main.rsplit_once('/').unwrap_or(("", main));
        let name = if folder.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{folder}/_rels/{file}.rels")
        };
        self.relationships(&name, folder)
    }

    /// The (type, target part) pairs of a relationships part; targets resolved against `folder`.
    fn relationships(&mut self, name: &str, folder: &str) -> Result<Vec<(String, String)>, ImportError> {
        let Some(text) = self.read(name)? else {
            return Ok(Vec::new());
        };
        let document = parse(name, &text)?;
        let relationships = document
            .root_element()
            .children()
            .filter(|node| node.tag_name().name() == "Relationship")
            .filter(|node| node.attribute("TargetMode") != Some("External"))
            .filter_map(|node| {
                let target = node.attribute("Target")?;
                let path = match target.strip_prefix('/') {
                    Some(absolute) => absolute.to_string(),
                    None if folder.is_empty() => target.to_string(),
                    None => format!("{folder}/{target}"),
                };
                Some((node.attribute("Type").unwrap_or_default().to_string(), path))
            })
            .collect();
        Ok(relationships)
    }
}

/// The related part of a type (`/footnotes`), or the usual part name when the relationships say nothing.
fn read_related(
    package: &mut Package<'_>,
    related: &[(String, String)],
    kind: &str,
) -> Result<Option<(String, String)>, ImportError> {
    let name = related
        .iter()
        .find(|(relationship, _)| relationship.ends_with(kind))
        .map_or_else(|| format!("word{kind}.xml"), |(_, target)| target.clone());
    Ok(package.read(&name)?.map(|text| (name, text)))
}

/// XML parts are UTF-8 in practice; UTF-16 (with its byte-order mark) is allowed by XML and read too.
fn decode_part(name: &str, bytes: Vec<u8>) -> Result<String, ImportError> {
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE").or_else(|| bytes.strip_prefix(b"\xFE\xFF")) {
        let encoding = if bytes[0] == 0xFF { encoding_rs::UTF_16LE } else { encoding_rs::UTF_16BE };
        return Ok(encoding.decode_without_bom_handling(rest).0.into_owned());
    }
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    String::from_utf8(bytes).map_err(|error| {
        invalid(
            &format!("Word file part {name}"),
            format!("not UTF-8 at byte {}", error.utf8_error().valid_up_to()),
        )
    })
}

/// Parses a part under the XML limits (no DTD, a bounded count of nodes and depth of elements), which is
/// also what keeps the recursive walk of [`BodyReader`] within the stack.
fn parse<'t>(name: &str, text: &'t str) -> Result<roxmltree::Document<'t>, ImportError> {
    limits::parse_xml(name, text).map_err(|refusal| match refusal {
        XmlRefusal::Limit(error) => error,
        XmlRefusal::Malformed(error) => {
            invalid(&format!("Word file part {name}"), format!("the XML is not well-formed: {error}"))
        }
    })
}

/// Whether a node is the WordprocessingML element `name`.
fn is_w(node: Node<'_, '_>, name: &str) -> bool {
    node.is_element()
        && node.tag_name().name() == name
        && matches!(node.tag_name().namespace(), Some(W) | Some(W_STRICT))
}

fn w_child<'a, 'input>(node: Node<'a, 'input>, name: &str) -> Option<Node<'a, 'input>> {
    node.children().find(|child| is_w(*child, name))
}

fn w_attribute<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attribute((W, name)).or_else(|| node.attribute((W_STRICT, name)))
}

/// An on/off property (`<w:i/>`, `<w:vanish w:val="0"/>`): on unless its value says off.
fn is_on(properties: Option<Node<'_, '_>>, name: &str) -> bool {
    properties
        .and_then(|properties| w_child(properties, name))
        .is_some_and(|property| !matches!(w_attribute(property, "val"), Some("0" | "false" | "off")))
}

/// What the styles part says that the reader needs.
#[derive(Debug, Default)]
struct Styles {
    /// Paragraph styles: the style each is based on and the numbering it carries.
    paragraph: HashMap<String, ParagraphStyle>,
    /// The character styles of footnote marks, by id. Word names its style "footnote reference" whatever
    /// the id; LibreOffice saves the style of a mark typed as text as "Footnote Characters".
    footnote_reference: HashSet<String>,
    /// The paragraph styles of sub-headings: ours, by id or by name (LibreOffice derives new ids from names).
    subheading: HashSet<String>,
}

/// The names of the character styles of footnote and endnote marks, in lower case.
const MARK_STYLE_NAMES: [&str; 6] = [
    "footnote reference",
    "footnote characters",
    "footnote anchor",
    "endnote reference",
    "endnote characters",
    "endnote anchor",
];

/// The name of our sub-heading style, as `STYLES_XML` defines it.
const SUBHEADING_STYLE_NAME: &str = "UN sub-heading";

#[derive(Debug, Default, Clone)]
struct ParagraphStyle {
    based_on: Option<String>,
    numbering: NumberingReference,
}

/// `w:numPr`: a list instance and a level; either may come from a style.
#[derive(Debug, Default, Clone)]
struct NumberingReference {
    instance: Option<String>,
    level: Option<usize>,
}

impl NumberingReference {
    fn read(properties: Option<Node<'_, '_>>) -> NumberingReference {
        let Some(numbering) = properties.and_then(|properties| w_child(properties, "numPr")) else {
            return NumberingReference::default();
        };
        NumberingReference {
            instance: w_child(numbering, "numId").and_then(|id| w_attribute(id, "val")).map(str::to_string),
            level: w_child(numbering, "ilvl")
                .and_then(|level| w_attribute(level, "val"))
                .and_then(|level| level.parse().ok()),
        }
    }
}

impl Styles {
    /// The styles of the styles part; without one, Word's built-in ids still hold.
    fn read(document: Option<&roxmltree::Document<'_>>) -> Styles {
        let mut styles = Styles::default();
        styles.footnote_reference.insert(style::FOOTNOTE_REFERENCE.to_string());
        styles.footnote_reference.insert("EndnoteReference".to_string());
        styles.subheading.insert(style::SUBHEADING.to_string());
        let nodes = document.into_iter().flat_map(|document| document.root_element().children());
        for node in nodes.filter(|node| is_w(*node, "style")) {
            let Some(id) = w_attribute(node, "styleId") else {
                continue;
            };
            let name = w_child(node, "name").and_then(|name| w_attribute(name, "val")).unwrap_or_default();
            match w_attribute(node, "type") {
                Some("character") if MARK_STYLE_NAMES.contains(&name.to_lowercase().as_str()) => {
                    styles.footnote_reference.insert(id.to_string());
                }
                Some("paragraph") => {
                    if name == SUBHEADING_STYLE_NAME {
                        styles.subheading.insert(id.to_string());
                    }
                    let style = ParagraphStyle {
                        based_on: w_child(node, "basedOn")
                            .and_then(|based| w_attribute(based, "val"))
                            .map(str::to_string),
                        numbering: NumberingReference::read(w_child(node, "pPr")),
                    };
                    styles.paragraph.insert(id.to_string(), style);
                }
                _ => {}
            }
        }
        styles
    }

    /// The numbering a paragraph carries: its own `w:numPr`, completed by its style's (and theirs).
    fn numbering_of(
        &self,
        paragraph_style: Option<&str>,
        own: NumberingReference,
    ) -> Option<(String, usize)> {
        let mut reference = own;
        let mut current = paragraph_style.map(str::to_string);
        // Styles based on one another form a chain; a cycle in a broken file must not loop forever.
        for _ in 0..16 {
            let Some(style) = current.as_ref().and_then(|id| self.paragraph.get(id)) else {
                break;
            };
            reference.instance = reference.instance.or_else(|| style.numbering.instance.clone());
            reference.level = reference.level.or(style.numbering.level);
            current = style.based_on.clone();
        }
        let instance = reference.instance.filter(|instance| instance != "0")?;
        Some((instance, reference.level.unwrap_or(0)))
    }
}

/// Word's automatic numbering: the lists of the numbering part and where each list's count stands.
#[derive(Debug, Default)]
struct Numbering {
    /// Abstract list definitions: the levels of each.
    abstracts: HashMap<String, HashMap<usize, Level>>,
    /// List instances: the definition each uses, and the levels it overrides.
    instances: HashMap<String, Instance>,
    /// The current count of each level of each list instance.
    counters: HashMap<String, [Option<u32>; LEVELS]>,
}

/// Word has nine list levels.
const LEVELS: usize = 9;

#[derive(Debug, Clone)]
struct Level {
    format: String,
    text: String,
    start: u32,
}

#[derive(Debug, Default)]
struct Instance {
    definition: String,
    overrides: HashMap<usize, (Option<u32>, Option<Level>)>,
}

impl Level {
    fn read(node: Node<'_, '_>) -> Level {
        let value = |name: &str| w_child(node, name).and_then(|child| w_attribute(child, "val"));
        Level {
            format: value("numFmt").unwrap_or("decimal").to_string(),
            text: value("lvlText").unwrap_or_default().to_string(),
            start: value("start").and_then(|start| start.parse().ok()).unwrap_or(1),
        }
    }
}

fn level_index(node: Node<'_, '_>) -> Option<usize> {
    w_attribute(node, "ilvl").and_then(|level| level.parse().ok()).filter(|&level| level < LEVELS)
}

impl Numbering {
    fn read(document: &roxmltree::Document<'_>) -> Numbering {
        let mut numbering = Numbering::default();
        for node in document.root_element().children() {
            if is_w(node, "abstractNum") {
                let Some(id) = w_attribute(node, "abstractNumId") else {
                    continue;
                };
                let levels = node
                    .children()
                    .filter(|child| is_w(*child, "lvl"))
                    .filter_map(|level| Some((level_index(level)?, Level::read(level))))
                    .collect();
                numbering.abstracts.insert(id.to_string(), levels);
            } else if is_w(node, "num") {
                let Some(id) = w_attribute(node, "numId") else {
                    continue;
                };
                let definition = w_child(node, "abstractNumId")
                    .and_then(|definition| w_attribute(definition, "val"))
                    .unwrap_or_default()
                    .to_string();
                let overrides = node
                    .children()
                    .filter(|child| is_w(*child, "lvlOverride"))
                    .filter_map(|level| {
                        let start = w_child(level, "startOverride")
                            .and_then(|start| w_attribute(start, "val"))
                            .and_then(|start| start.parse().ok());
                        Some((level_index(level)?, (start, w_child(level, "lvl").map(Level::read))))
                    })
                    .collect();
                numbering.instances.insert(id.to_string(), Instance { definition, overrides });
            }
        }
        numbering
    }

    fn level(&self, instance: &Instance, level: usize) -> Option<Level> {
        let (start, overridden) = instance.overrides.get(&level).cloned().unwrap_or_default();
        let mut definition =
            overridden.or_else(|| self.abstracts.get(&instance.definition)?.get(&level).cloned())?;
        if let Some(start) = start {
            definition.start = start;
        }
        Some(definition)
    }

    /// Counts one more paragraph of a list at a level and returns its label as Word prints it ("4.",
    /// "(b)", "2.1"); deeper levels start again. Bullets and unnumbered levels have no label.
    fn next_label(&mut self, instance_id: &str, level: usize) -> Option<String> {
        let level = level.min(LEVELS - 1);
        let instance = self.instances.get(instance_id)?;
        let levels: Vec<Option<Level>> = (0..LEVELS).map(|index| self.level(instance, index)).collect();
        let definition = levels[level].clone()?;
        let counters = self.counters.entry(instance_id.to_string()).or_insert([None; LEVELS]);
        counters[level] = Some(counters[level].map_or(definition.start, |count| count.saturating_add(1)));
        for deeper in &mut counters[level + 1..] {
            *deeper = None;
        }
        for (index, counter) in counters.iter_mut().enumerate().take(level) {
            if counter.is_none() {
                *counter = Some(levels[index].as_ref().map_or(1, |upper| upper.start));
            }
        }
        if matches!(definition.format.as_str(), "bullet" | "none") {
            return None;
        }
        let mut label = definition.text.clone();
        for (index, counter) in counters.iter().enumerate().rev() {
            let placeholder = format!("%{}", index + 1);
            if label.contains(&placeholder) {
                let format = levels[index].as_ref().map_or("decimal", |upper| upper.format.as_str());
                label = label.replace(&placeholder, &format_number(counter.unwrap_or(1), format));
            }
        }
        let label = label.trim().to_string();
        (!label.is_empty()).then_some(label)
    }
}

/// A count in one of Word's number formats.
fn format_number(number: u32, format: &str) -> String {
    match format {
        "lowerLetter" => letters(number),
        "upperLetter" => letters(number).to_uppercase(),
        "lowerRoman" => roman(number),
        "upperRoman" => roman(number).to_uppercase(),
        "decimalZero" => format!("{number:02}"),
        _ => number.to_string(),
    }
}

/// Word's letters: a … z, then aa … zz, bbb ….
fn letters(number: u32) -> String {
    let Some(index) = number.checked_sub(1) else {
        return String::new();
    };
    let letter = char::from(b'a' + u8::try_from(index % 26).unwrap_or(0));
    std::iter::repeat_n(letter, usize::try_from(index / 26 + 1).unwrap_or(1)).collect()
}

fn roman(mut number: u32) -> String {
    const NUMERALS: [(u32, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut output = String::new();
    for (value, numeral) in NUMERALS {
        while number >= value {
            output.push_str(numeral);
            number -= value;
        }
    }
    output
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum NoteKind {
    Footnote,
    Endnote,
}

impl NoteKind {
    fn element(self) -> &'static str {
        match self {
            NoteKind::Footnote => "footnote",
            NoteKind::Endnote => "endnote",
        }
    }
}

/// What a paragraph holds, in order.
#[derive(Debug, Clone)]
enum Piece {
    Text(String),
    Mark(String),
    Break,
}

/// Reads the body's paragraphs in order, with the state that spans them: list counts, footnote numbers,
/// the marks cited, and the text of paragraphs whose mark was deleted, waiting for the next paragraph.
struct BodyReader<'s> {
    styles: &'s Styles,
    numbering: Numbering,
    paragraphs: Vec<FileParagraph>,
    carried: Vec<Piece>,
    /// The mark of each note cited, by kind and id.
    cited: HashMap<(NoteKind, String), String>,
    automatic: HashMap<NoteKind, u32>,
}

impl<'s> BodyReader<'s> {
    fn new(styles: &'s Styles, numbering: Numbering) -> BodyReader<'s> {
        BodyReader {
            styles,
            numbering,
            paragraphs: Vec::new(),
            carried: Vec::new(),
            cited: HashMap::new(),
            automatic: HashMap::new(),
        }
    }

    /// Block-level content: paragraphs, the cells of tables row by row, content controls.
    fn blocks(&mut self, parent: Node<'_, '_>) {
        for child in parent.children().filter(Node::is_element) {
            if is_w(child, "p") {
                self.paragraph(child);
            } else if is_w(child, "tbl") {
                for row in child.children().filter(|node| is_w(*node, "tr")) {
                    let row_properties = w_child(row, "trPr");
                    if row_properties.is_some_and(|properties| w_child(properties, "del").is_some()) {
                        continue;
                    }
                    for cell in row.children().filter(|node| is_w(*node, "tc")) {
                        self.blocks(cell);
                    }
                }
            } else if is_w(child, "sdt") {
                if let Some(content) = w_child(child, "sdtContent") {
                    self.blocks(content);
                }
            } else if is_w(child, "customXml") || is_w(child, "ins") || is_w(child, "moveTo") {
                self.blocks(child);
            }
        }
    }

    fn paragraph(&mut self, paragraph: Node<'_, '_>) {
        let properties = w_child(paragraph, "pPr");
        let mark_properties = properties.and_then(|properties| w_child(properties, "rPr"));
        let mark_removed = mark_properties
            .is_some_and(|marks| w_child(marks, "del").is_some() || w_child(marks, "moveFrom").is_some());
        let mut pieces = std::mem::take(&mut self.carried);
        self.inline(paragraph, &mut pieces, false);
        if mark_removed {
            // Accepted, the deletion of a paragraph mark joins the paragraph to the next one, which keeps
            // its own properties (numbering included).
            self.carried = pieces;
            return;
        }
        let style = properties
            .and_then(|properties| w_child(properties, "pStyle"))
            .and_then(|style| w_attribute(style, "val"));
        let label = self
            .styles
            .numbering_of(style, NumberingReference::read(properties))
            .and_then(|(instance, level)| self.numbering.next_label(&instance, level));
        let heading = style.is_some_and(|style| self.styles.subheading.contains(style));
        self.paragraphs.push(file_paragraph(label, pieces, heading));
    }

    /// Text whose paragraph mark was deleted at the very end of the body has no paragraph to join.
    fn finish_carried(&mut self) {
        if !self.carried.is_empty() {
            let pieces = std::mem::take(&mut self.carried);
            self.paragraphs.push(file_paragraph(None, pieces, false));
        }
    }

    /// Inline content as Word shows it with changes accepted: inserted and moved-here text kept, deleted
    /// and moved-away text left out, hyperlinks, fields' results and content controls read through.
    fn inline(&mut self, parent: Node<'_, '_>, pieces: &mut Vec<Piece>, in_note: bool) {
        for child in parent.children().filter(Node::is_element) {
            if is_w(child, "r") {
                self.run(child, pieces, in_note);
            } else if [
                "ins",
                "moveTo",
                "hyperlink",
                "smartTag",
                "customXml",
                "fldSimple",
                "sdtContent",
                "dir",
                "bdo",
            ]
            .iter()
            .any(|name| is_w(child, name))
            {
                self.inline(child, pieces, in_note);
            } else if is_w(child, "sdt")
                && let Some(content) = w_child(child, "sdtContent")
            {
                self.inline(content, pieces, in_note);
            }
        }
    }

    fn run(&mut self, run: Node<'_, '_>, pieces: &mut Vec<Piece>, in_note: bool) {
        let properties = w_child(run, "rPr");
        if is_on(properties, "vanish") {
            return;
        }
        let character_style = properties
            .and_then(|properties| w_child(properties, "rStyle"))
            .and_then(|style| w_attribute(style, "val"));
        let in_mark_style =
            character_style.is_some_and(|style| self.styles.footnote_reference.contains(style));
        let superscript = properties
            .and_then(|properties| w_child(properties, "vertAlign"))
            .is_some_and(|alignment| w_attribute(alignment, "val") == Some("superscript"));
        let cites_note =
            run.children().any(|child| is_w(child, "footnoteReference") || is_w(child, "endnoteReference"));
        if in_mark_style && !cites_note {
            // In a note, the mark printed at its head; in the body, a note cited again by its mark.
            if in_note {
                return;
            }
            let text: String =
                run.children().filter(|child| is_w(*child, "t")).filter_map(|text| text.text()).collect();
            let mark = text.trim();
            if !mark.is_empty() && mark.chars().count() <= 4 && !mark.contains(char::is_whitespace) {
                pieces.push(Piece::Mark(mark.to_string()));
                return;
            }
        }
        // Word users cite a footnote again with its mark in superscript: only a mark already cited counts,
        // so that "m2" or "1st" stay text.
        if superscript && !in_note && !cites_note {
            let text: String =
                run.children().filter(|child| is_w(*child, "t")).filter_map(|text| text.text()).collect();
            if !text.is_empty() && self.cited.values().any(|mark| *mark == text) {
                pieces.push(Piece::Mark(text));
                return;
            }
        }
        // A custom mark: the note's id and the mark's text so far.
        let mut custom: Option<(NoteKind, String, String)> = None;
        for child in run.children().filter(Node::is_element) {
            let name = child.tag_name().name();
            if !is_w(child, name) {
                continue;
            }
            if name != "t" {
                self.finish_custom(&mut custom, pieces);
            }
            match name {
                "t" => match &mut custom {
                    Some((_, _, mark)) => mark.push_str(child.text().unwrap_or_default()),
                    None => pieces.push(Piece::Text(child.text().unwrap_or_default().to_string())),
                },
                "tab" | "ptab" => pieces.push(Piece::Text("\t".to_string())),
                "br" | "cr" => pieces.push(Piece::Break),
                "noBreakHyphen" => pieces.push(Piece::Text("-".to_string())),
                "footnoteReference" | "endnoteReference" => {
                    let kind =
                        if name == "footnoteReference" { NoteKind::Footnote } else { NoteKind::Endnote };
                    let id = w_attribute(child, "id").unwrap_or_default().to_string();
                    if matches!(w_attribute(child, "customMarkFollows"), Some("1" | "true" | "on")) {
                        custom = Some((kind, id, String::new()));
                    } else {
                        let mark = self.automatic_mark(kind);
                        self.cite(kind, id, mark, pieces);
                    }
                }
                // Deleted text, field instructions, drawings and the like are not shown text.
                _ => {}
            }
        }
        self.finish_custom(&mut custom, pieces);
    }

    fn finish_custom(&mut self, custom: &mut Option<(NoteKind, String, String)>, pieces: &mut Vec<Piece>) {
        if let Some((kind, id, mark)) = custom.take() {
            let mark = mark.trim().to_string();
            let mark = if mark.is_empty() { self.automatic_mark(kind) } else { mark };
            self.cite(kind, id, mark, pieces);
        }
    }

    /// The next number of Word's own numbering of footnotes (1, 2 …) or endnotes (i, ii …).
    fn automatic_mark(&mut self, kind: NoteKind) -> String {
        let counter = self.automatic.entry(kind).or_insert(0);
        *counter += 1;
        match kind {
            NoteKind::Footnote => counter.to_string(),
            NoteKind::Endnote => roman(*counter),
        }
    }

    fn cite(&mut self, kind: NoteKind, id: String, mark: String, pieces: &mut Vec<Piece>) {
        self.cited.entry((kind, id)).or_insert_with(|| mark.clone());
        pieces.push(Piece::Mark(mark));
    }

    /// A footnote's or endnote's text: its paragraphs joined, without the mark printed at its head.
    fn note_text(&mut self, note: Node<'_, '_>) -> String {
        let mut texts = Vec::new();
        for paragraph in note.descendants().filter(|node| is_w(*node, "p")) {
            let mut pieces = Vec::new();
            self.inline(paragraph, &mut pieces, true);
            let text: String = pieces
                .iter()
                .map(|piece| match piece {
                    Piece::Text(text) => normalize_characters(text),
                    Piece::Mark(_) => String::new(),
                    Piece::Break => " ".to_string(),
                })
                .collect();
            texts.push(text);
        }
        crate::text::collapse_whitespace(&texts.join(" "))
    }
}

/// A paragraph for the layout: its label in front, its lines split at line breaks, its marks cut out.
fn file_paragraph(label: Option<String>, pieces: Vec<Piece>, heading: bool) -> FileParagraph {
    let mut lines = Vec::new();
    let mut current = MarkedText::default();
    if let Some(label) = label {
        current.text.push_str(&normalize_characters(&label));
        current.text.push(' ');
    }
    for piece in pieces {
        match piece {
            Piece::Text(text) => current.text.push_str(&normalize_characters(&text)),
            Piece::Mark(mark) => {
                current.text.push(MARK_PLACEHOLDER);
                current.marks.push(mark);
            }
            Piece::Break => lines.push(std::mem::take(&mut current)),
        }
    }
    lines.push(current);
    lines.retain(|line| !line.is_empty());
    FileParagraph { lines, heading }
}

#[cfg(test)]
mod tests {
    use plenary_core::Paragraph;
    use plenary_core::compare::compare;

    use super::*;
    use crate::test_support::{FIXTURES, import_fixture};

    /// What must survive the trip through Word: every paragraph (id, number, label, heading, marks, words),
    /// every annex block, and every footnote.
    fn paragraphs_and_footnotes(document: &Document) -> Vec<String> {
        let paragraphs = document.paragraphs().into_iter().map(|paragraph| {
            format!(
                "{} {:?} {:?} {:?} {:?} {}",
                paragraph.id,
                paragraph.number,
                paragraph.label,
                paragraph.heading,
                paragraph.footnote_refs,
                paragraph.text
            )
        });
        let annexes = document.annexes.iter().flat_map(|annex| {
            let blocks = annex.blocks.iter().map(|block| {
                format!("{} {:?} {:?} {}", block.id, block.label, block.footnote_refs, block.text)
            });
            std::iter::once(format!("{} {}", annex.id, annex.heading)).chain(blocks)
        });
        let footnotes =
            document.footnotes.iter().map(|footnote| format!("[{}] {}", footnote.mark, footnote.text));
        paragraphs.chain(annexes).chain(footnotes).collect()
    }

    fn read_docx(bytes: &[u8]) -> crate::Imported {
        let imported = crate::import(bytes).unwrap();
        assert_eq!(imported.format, crate::Format::Docx);
        imported
    }

    /// The text of a part of a Word file.
    fn part(docx: &[u8], name: &str) -> String {
        let mut archive = ZipArchive::new(Cursor::new(docx)).unwrap();
        let mut text = String::new();
        archive.by_name(name).unwrap().read_to_string(&mut text).unwrap();
        text
    }

    /// A Word file made of the given parts, as another program might write it.
    fn docx_of(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        for (name, text) in parts {
            zip.start_file(*name, SimpleFileOptions::default()).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    fn body(paragraphs: &str) -> String {
        format!(
            "<?xml version=\"1.0\"?><w:document xmlns:w=\"{W}\"><w:body>{paragraphs}</w:body></w:document>"
        )
    }

    #[test]
    fn every_fixture_reads_back_from_its_word_file_as_the_same_paragraphs_and_footnotes() {
        for name in [
            "A_RES_72_163.txt",
            "A_RES_80_198.txt",
            "A_C.3_80_L.49.txt",
            "A_RES_80_220.txt",
            "S_RES_0830_1993.txt",
        ] {
            assert!(FIXTURES.contains(&name));
        }
        for name in FIXTURES {
            let original = import_fixture(name);
            let again = read_docx(&document_to_docx(&original));
            let (expected, found) =
                (paragraphs_and_footnotes(&original), paragraphs_and_footnotes(&again.document));
            let difference = expected.iter().zip(&found).find(|(left, right)| left != right);
            assert!(
                expected.len() == found.len() && difference.is_none(),
                "{name}: {} then {} paragraphs and footnotes; first difference {difference:#?}",
                expected.len(),
                found.len()
            );
            // The masthead reads back too, except the heading "Resolution 541 (1983) of 18 November 1983"
            // of the oldest compilations, which only the compilation reader knows.
            if *name != "S_RES_0541_1983.txt" {
                assert_eq!(
                    crate::json::to_json(&again.document, &[]),
                    crate::json::to_json(&original, &[]),
                    "{name}"
                );
            }
        }
    }

    #[test]
    fn the_torture_resolution_is_laid_out_as_printed() {
        let docx = document_to_docx(&import_fixture("A_RES_80_198.txt"));
        let document = part(&docx, "word/document.xml");
        assert!(document.contains(
            r#"<w:pStyle w:val="UNSymbol"/></w:pPr><w:r><w:t xml:space="preserve">A/RES/80/198</w:t>"#
        ));
        assert!(document.contains(
            r#"<w:t xml:space="preserve">80/198. Torture and other cruel, inhuman or degrading treatment or punishment</w:t>"#
        ));
        // The opening phrase in italics, the rest of the paragraph upright.
        assert!(document.contains(
            r#"<w:pStyle w:val="UNPreambular"/></w:pPr><w:r><w:rPr><w:i/><w:iCs/></w:rPr><w:t xml:space="preserve">Reaffirming</w:t></w:r><w:r><w:t xml:space="preserve"> its previous resolutions"#
        ));
        // The number, a tab, then the italic verb.
        assert!(document.contains(
            r#"<w:pStyle w:val="UNOperative"/></w:pPr><w:r><w:t xml:space="preserve">1.</w:t></w:r><w:r><w:tab/></w:r><w:r><w:rPr><w:i/><w:iCs/></w:rPr><w:t xml:space="preserve">Condemns</w:t>"#
        ));
        // "Punishment1 and": a real footnote, numbered by Word, where the mark stood.
        assert!(document.contains(
            r#"Punishment</w:t></w:r><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="1"/></w:r><w:r><w:t xml:space="preserve"> and"#
        ));
        assert!(document.contains(r#"63rd plenary meeting</w:t></w:r><w:r><w:br/></w:r><w:r><w:t xml:space="preserve">15 December 2025"#));
        let footnotes = part(&docx, "word/footnotes.xml");
        assert!(footnotes.contains(r#"<w:footnoteRef/></w:r><w:r><w:tab/></w:r><w:r><w:t xml:space="preserve">United Nations, Treaty Series, vol. 1465, No. 24841.</w:t>"#));
        assert_eq!(footnotes.matches("<w:footnoteRef/>").count(), 16);
        let core = part(&docx, "docProps/core.xml");
        assert!(core.contains(
            "<dc:title>Torture and other cruel, inhuman or degrading treatment or punishment</dc:title>"
        ));
        let styles = part(&docx, "word/styles.xml");
        assert!(styles.contains(r#"w:ascii="Times New Roman""#) && styles.contains(r#"<w:sz w:val="20"/>"#));
        assert!(document.contains(r#"<w:pgSz w:w="11906" w:h="16838"/>"#), "A4");
    }

    #[test]
    fn word_numbers_footnotes_from_the_first_number_a_paragraph_cites() {
        let mut document = import_fixture("A_RES_80_198.txt");
        for footnote in &mut document.footnotes {
            footnote.mark = (footnote.mark.parse::<u32>().unwrap() + 21).to_string();
        }
        fn shift(paragraphs: &mut [Paragraph]) {
            for paragraph in paragraphs {
                for reference in &mut paragraph.footnote_refs {
                    reference.mark = (reference.mark.parse::<u32>().unwrap() + 21).to_string();
                }
                shift(&mut paragraph.subparagraphs);
            }
        }
        shift(&mut document.preamble);
        shift(&mut document.operative);
        let docx = document_to_docx(&document);
        let xml = part(&docx, "word/document.xml");
        assert!(xml.contains(r#"<w:footnotePr><w:numStart w:val="22"/></w:footnotePr>"#));
        assert!(!xml.contains("customMarkFollows"), "footnotes 22 to 37 are Word's own");
        assert!(part(&docx, "word/settings.xml").contains(r#"<w:numStart w:val="22"/>"#));
        assert_eq!(paragraphs_and_footnotes(&read_docx(&docx).document), paragraphs_and_footnotes(&document));
    }

    #[test]
    fn sub_paragraphs_hang_their_labels_and_marks_that_word_would_not_number_are_custom_marks() {
        let document = import_fixture("A_RES_80_220.txt");
        let xml = part(&document_to_docx(&document), "word/document.xml");
        assert!(xml.contains(r#"<w:pStyle w:val="UNSubparagraph1"/></w:pPr><w:r><w:t xml:space="preserve">(a)</w:t></w:r><w:r><w:tab/></w:r>"#));
        assert!(xml.contains(r#"<w:pStyle w:val="UNSubparagraph2"/></w:pPr><w:r><w:t xml:space="preserve">(i)</w:t></w:r><w:r><w:tab/></w:r>"#));
        // A star footnote that no paragraph cites is cited after the title, where the UN prints its star.
        let mut starred = import_fixture("A_RES_80_198.txt");
        starred
            .footnotes
            .insert(0, Footnote { mark: "*".into(), text: "Reissued for technical reasons.".into() });
        let docx = document_to_docx(&starred);
        let xml = part(&docx, "word/document.xml");
        assert!(xml.contains(r#"degrading treatment or punishment</w:t></w:r><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:customMarkFollows="1" w:id="1"/><w:t xml:space="preserve">*</w:t></w:r>"#), "{xml}");
        // Word's numbering of the others is untouched: footnote 1 of the text is still Word's first.
        assert!(xml.contains(r#"<w:footnoteReference w:id="2"/>"#));
        let again = read_docx(&docx).document;
        assert_eq!(again.footnotes, starred.footnotes);
        assert_eq!(paragraphs_and_footnotes(&again), paragraphs_and_footnotes(&starred));
    }

    /// Word's view of a file with every change accepted or every change rejected: the style and text of
    /// each paragraph. Written independently of the writer, from the rules of WordprocessingML: accepting
    /// keeps `w:ins` and drops `w:del`; rejecting does the opposite; a paragraph whose mark is removed
    /// (deleted and accepted, inserted and rejected) joins the next paragraph, which keeps its own style.
    /// Footnote marks are not text of the paragraph.
    fn word_view(docx: &[u8], accept: bool) -> Vec<(String, String)> {
        let xml = part(docx, "word/document.xml");
        let document = roxmltree::Document::parse(&xml).unwrap();
        let named = |node: Node<'_, '_>, name: &str| node.is_element() && node.tag_name().name() == name;
        let body = document.root_element().children().find(|node| named(*node, "body")).unwrap();
        let mut paragraphs = Vec::new();
        let mut joined = String::new();
        for paragraph in body.children().filter(|node| named(*node, "p")) {
            let properties = paragraph.children().find(|node| named(*node, "pPr"));
            let style = properties
                .and_then(|properties| properties.children().find(|node| named(*node, "pStyle")))
                .and_then(|style| style.attribute((W, "val")))
                .unwrap_or_default()
                .to_string();
            let mark =
                properties.and_then(|properties| properties.children().find(|node| named(*node, "rPr")));
            let mark_has =
                |name: &str| mark.is_some_and(|mark| mark.children().any(|node| named(node, name)));
            let mut text = std::mem::take(&mut joined);
            for run in paragraph.descendants().filter(|node| named(*node, "r")) {
                let inside = |name: &str| run.ancestors().any(|node| named(node, name));
                let shown = if accept { !inside("del") } else { !inside("ins") };
                let is_mark = run.descendants().any(|node| {
                    named(node, "footnoteReference")
                        || (named(node, "rStyle") && node.attribute((W, "val")) == Some("FootnoteReference"))
                });
                if !shown || is_mark {
                    continue;
                }
                for node in run.children() {
                    if named(node, "t") || named(node, "delText") {
                        text.push_str(node.text().unwrap_or_default());
                    } else if named(node, "tab") {
                        text.push('\t');
                    } else if named(node, "br") {
                        text.push('\n');
                    }
                }
            }
            if (accept && mark_has("del")) || (!accept && mark_has("ins")) {
                joined = text;
            } else {
                paragraphs.push((style, text));
            }
        }
        assert!(joined.is_empty(), "the last paragraph mark is never removed");
        paragraphs
    }

    /// A version's units as printed: number or label, a tab, the words.
    fn printed_units(document: &Document) -> Vec<String> {
        let mut units = Vec::new();
        for paragraph in document.paragraphs() {
            units.push(match (paragraph.number, &paragraph.label) {
                (Some(number), _) => format!("{number}.\t{}", paragraph.text),
                (None, Some(label)) => format!("({label})\t{}", paragraph.text),
                (None, None) => paragraph.text.clone(),
            });
        }
        for block in document.annexes.iter().flat_map(|annex| &annex.blocks) {
            units.push(match &block.label {
                Some(label) if label.chars().all(|c| c.is_ascii_digit() || c.is_ascii_uppercase()) => {
                    format!("{label}.\t{}", block.text)
                }
                Some(label) => format!("({label})\t{}", block.text),
                None => block.text.clone(),
            });
        }
        units
    }

    fn unit_texts(view: Vec<(String, String)>) -> Vec<String> {
        view.into_iter().filter(|(style, _)| style::is_unit(style)).map(|(_, text)| text).collect()
    }

    fn assert_accept_and_reject(old: &Document, new: &Document, label: &str) -> Vec<u8> {
        let comparison = compare(old, new);
        let docx = comparison_to_docx(old, new, &comparison, "Plenary", "2026-11-29T00:00:00Z");
        let accepted = unit_texts(word_view(&docx, true));
        let rejected = unit_texts(word_view(&docx, false));
        for (side, found, expected) in
            [("accept", accepted, printed_units(new)), ("reject", rejected, printed_units(old))]
        {
            let difference = found.iter().zip(&expected).position(|(left, right)| left != right);
            assert!(
                found.len() == expected.len() && difference.is_none(),
                "{label}, {side} all: {} paragraphs for {}; first difference at {difference:?}: {:#?}",
                found.len(),
                expected.len(),
                difference.map(|at| (&found[at], &expected[at]))
            );
        }
        docx
    }

    #[test]
    fn accepting_all_changes_gives_the_new_text_and_rejecting_all_gives_the_old() {
        for (old, new) in [
            ("A_RES_72_163.txt", "A_RES_74_143.txt"),
            ("A_C.3_80_L.49.txt", "A_RES_80_198.txt"),
            ("S_RES_0790_1992.txt", "S_RES_0830_1993.txt"),
            ("A_RES_73_7.txt", "A_RES_80_6.txt"),
            ("A_RES_80_198.txt", "A_RES_72_163.txt"),
        ] {
            let docx = assert_accept_and_reject(
                &import_fixture(old),
                &import_fixture(new),
                &format!("{old} → {new}"),
            );
            // Read as Word shows it with the changes accepted, the file is the new version.
            let again = read_docx(&docx).document;
            assert_eq!(
                paragraphs_and_footnotes(&again),
                paragraphs_and_footnotes(&import_fixture(new)),
                "{new}"
            );
        }
    }

    #[test]
    fn the_torture_resolution_of_2017_against_2019_shows_what_was_rewritten_added_and_renumbered() {
        let (old, new) = (import_fixture("A_RES_72_163.txt"), import_fixture("A_RES_74_143.txt"));
        let comparison = compare(&old, &new);
        let docx = comparison_to_docx(&old, &new, &comparison, "Delegation of X", "2026-11-29T00:00:00Z");
        let xml = part(&docx, "word/document.xml");
        let accepted = word_view(&docx, true);
        let rejected = word_view(&docx, false);
        // Whole paragraphs inserted: their text is new, and so is their paragraph mark.
        let added = comparison.changes.iter().filter(|change| change.old.is_none()).count();
        assert!(added > 0);
        assert!(xml.matches("<w:pPr><w:pStyle").count() >= accepted.len());
        assert!(xml.contains(r#"<w:rPr><w:ins w:id="#), "a paragraph mark inserted");
        // A changed number is a tracked change of its own: rejected, the old numbers come back.
        let renumbered = comparison
            .changes
            .iter()
            .filter(|change| !change.moved)
            .filter_map(|change| Some((change.old.as_ref()?, change.new.as_ref()?)))
            .find(|(old_unit, new_unit)| {
                old_unit.label != new_unit.label && old_unit.label.is_some() && new_unit.label.is_some()
            })
            .expect("the 2019 text renumbers paragraphs");
        let (old_number, new_number) =
            (renumbered.0.label.clone().unwrap(), renumbered.1.label.clone().unwrap());
        assert!(
            xml.contains(&format!(
                r#"<w:delText xml:space="preserve">{old_number}.</w:delText></w:r></w:del><w:ins w:id="#
            )),
            "{old_number} → {new_number}"
        );
        assert!(accepted.iter().any(|(_, text)| text.starts_with(&format!("{new_number}.\t"))));
        assert!(rejected.iter().any(|(_, text)| text.starts_with(&format!("{old_number}.\t"))));
    }

    #[test]
    fn a_moved_paragraph_is_deleted_where_it_stood_and_inserted_where_it_stands() {
        let old = import_fixture("A_RES_80_198.txt");
        let mut new = old.clone();
        // The third preambular paragraph goes to the end of the preamble and is reworded, and the second
        // operative paragraph is dropped, so that every later number changes.
        let moved = new.preamble.remove(2);
        let mut reworded = moved.clone();
        reworded.text = reworded.text.replacen("torture", "torture and ill-treatment", 1);
        reworded.footnote_refs.clear();
        new.preamble.push(reworded);
        for (position, paragraph) in new.preamble.iter_mut().enumerate() {
            paragraph.id = ParagraphId::preambular(position + 1);
        }
        new.operative.remove(1);
        for paragraph in new.operative.iter_mut().skip(1) {
            let number = paragraph.number.unwrap() - 1;
            paragraph.number = Some(number);
            let old_id = paragraph.id.as_str().to_string();
            let renumber = |id: &ParagraphId| {
                ParagraphId::parse(&id.as_str().replacen(&old_id, &format!("op{number}"), 1)).unwrap()
            };
            for child in paragraph.subparagraphs.iter_mut() {
                child.id = renumber(&child.id);
            }
            paragraph.id = ParagraphId::operative(number);
        }
        let comparison = compare(&old, &new);
        assert!(comparison.changes.iter().any(|change| change.moved), "the comparison sees the move");
        let docx = assert_accept_and_reject(&old, &new, "moved and renumbered");
        // The moved paragraph stands twice: deleted at its old place, inserted at its new one.
        let xml = part(&docx, "word/document.xml");
        let ending: String =
            moved.text.chars().rev().take(30).collect::<Vec<_>>().into_iter().rev().collect();
        assert!(!reworded_ending_differs(&moved.text, &new.preamble.last().unwrap().text));
        assert_eq!(xml.matches(&format!("{ending}</w:delText>")).count(), 1, "{ending}");
        assert_eq!(xml.matches(&format!("{ending}</w:t>")).count(), 1, "{ending}");
    }

    fn reworded_ending_differs(old: &str, new: &str) -> bool {
        old.chars().rev().take(30).ne(new.chars().rev().take(30))
    }

    #[test]
    fn the_file_is_a_zip_with_the_parts_word_needs_and_every_revision_is_signed_and_dated_with_its_own_id() {
        let (old, new) = (import_fixture("A_RES_72_163.txt"), import_fixture("A_RES_74_143.txt"));
        let docx =
            comparison_to_docx(&old, &new, &compare(&old, &new), "Delegation of X", "2026-11-29T00:00:00Z");
        assert!(docx.starts_with(b"PK\x03\x04"));
        let mut archive = ZipArchive::new(Cursor::new(docx.as_slice())).unwrap();
        let names: Vec<String> = archive.file_names().map(str::to_string).collect();
        for required in [
            "[Content_Types].xml",
            "_rels/.rels",
            "word/document.xml",
            "word/_rels/document.xml.rels",
            "word/styles.xml",
            "word/settings.xml",
            "word/footnotes.xml",
            "docProps/core.xml",
        ] {
            assert!(names.iter().any(|name| name == required), "{required} in {names:?}");
        }
        // Every part is well-formed XML.
        for name in &names {
            let mut text = String::new();
            archive.by_name(name).unwrap().read_to_string(&mut text).unwrap();
            roxmltree::Document::parse(&text).unwrap_or_else(|error| panic!("{name}: {error}"));
        }
        let xml = part(&docx, "word/document.xml");
        let document = roxmltree::Document::parse(&xml).unwrap();
        let revisions: Vec<Node<'_, '_>> = document
            .descendants()
            .filter(|node| node.is_element() && ["ins", "del"].contains(&node.tag_name().name()))
            .collect();
        assert!(revisions.len() > 10);
        for revision in &revisions {
            assert_eq!(revision.attribute((W, "author")), Some("Delegation of X"));
            assert_eq!(revision.attribute((W, "date")), Some("2026-11-29T00:00:00Z"));
        }
        let ids: Vec<&str> = document.descendants().filter_map(|node| node.attribute((W, "id"))).collect();
        let unique: HashSet<&&str> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "every w:id of the document part is unique");
        assert!(part(&docx, "word/settings.xml").contains("<w:trackRevisions/>"));
        assert!(part(&docx, "docProps/core.xml").contains("<dc:creator>Delegation of X</dc:creator>"));
        // The same input gives the same bytes: the library reads no clock.
        assert_eq!(
            docx,
            comparison_to_docx(&old, &new, &compare(&old, &new), "Delegation of X", "2026-11-29T00:00:00Z")
        );
    }

    #[test]
    fn automatic_numbering_is_printed_in_front_of_the_paragraph_as_word_prints_it() {
        let numbering = format!(
            r#"<w:numbering xmlns:w="{W}">
            <w:abstractNum w:abstractNumId="7">
              <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
              <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl>
              <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="(%3)"/></w:lvl>
            </w:abstractNum>
            <w:abstractNum w:abstractNumId="8"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>
            <w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num>
            <w:num w:numId="4"><w:abstractNumId w:val="8"/></w:num>
            </w:numbering>"#
        );
        let numbered = |level: u8, text: &str| {
            format!(
                r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
            )
        };
        let paragraphs = [
            "<w:p><w:r><w:t>The General Assembly,</w:t></w:r></w:p>".to_string(),
            "<w:p><w:r><w:rPr><w:i/></w:rPr><w:t>Recalling</w:t></w:r><w:r><w:t xml:space=\"preserve\"> its resolutions,</w:t></w:r></w:p>".to_string(),
            numbered(0, "Condemns all forms of torture;"),
            numbered(0, "Urges States:"),
            numbered(1, "To prevent torture;"),
            numbered(1, "To investigate:"),
            numbered(2, "Every allegation;"),
            numbered(2, "Promptly;"),
            numbered(1, "To redress;"),
            numbered(0, "Decides to remain seized of the matter."),
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="4"/></w:numPr></w:pPr><w:r><w:t>63rd plenary meeting</w:t></w:r></w:p>"#.to_string(),
        ];
        let docx = docx_of(&[
            ("word/document.xml", &body(&paragraphs.concat())),
            ("word/numbering.xml", &numbering),
        ]);
        let document = read_docx(&docx).document;
        assert_eq!(document.preamble[0].text, "Recalling its resolutions,");
        let numbers: Vec<Option<u32>> = document.operative.iter().map(|paragraph| paragraph.number).collect();
        assert_eq!(numbers, [Some(1), Some(2), Some(3)]);
        let urges = &document.operative[1];
        let labels: Vec<&str> =
            urges.subparagraphs.iter().filter_map(|child| child.label.as_deref()).collect();
        assert_eq!(labels, ["a", "b", "c"]);
        let romans: Vec<&str> =
            urges.subparagraphs[1].subparagraphs.iter().filter_map(|child| child.label.as_deref()).collect();
        assert_eq!(romans, ["i", "ii"], "a sub-level starts again under each item");
        assert_eq!(urges.subparagraphs[1].subparagraphs[0].text, "Every allegation;");
        assert_eq!(
            document.meeting.as_ref().map(|meeting| meeting.meeting.as_str()),
            Some("63rd plenary meeting")
        );
        assert_eq!(format_number(28, "lowerLetter"), "bb");
        assert_eq!(format_number(14, "upperRoman"), "XIV");
    }

    #[test]
    fn tracked_changes_are_read_accepted_and_footnotes_with_their_marks() {
        let paragraphs = [
            "<w:p><w:r><w:t>The General Assembly,</w:t></w:r></w:p>",
            // A deleted paragraph: its text and its mark are gone once accepted.
            r#"<w:p><w:pPr><w:rPr><w:del w:id="1" w:author="A"/></w:rPr></w:pPr><w:del w:id="2" w:author="A"><w:r><w:delText>Noting the old text,</w:delText></w:r></w:del></w:p>"#,
            // Text inserted and deleted inside a paragraph; a footnote numbered by Word.
            r#"<w:p><w:r><w:t xml:space="preserve">Recalling its resolution </w:t></w:r><w:del w:id="3" w:author="A"><w:r><w:delText>78/77</w:delText></w:r></w:del><w:ins w:id="4" w:author="A"><w:r><w:t>79/90</w:t></w:r></w:ins><w:r><w:t>,</w:t></w:r><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="5"/></w:r></w:p>"#,
            // A paragraph split in two by an inserted mark; a custom mark; a field's instruction is not text.
            r#"<w:p><w:r><w:t xml:space="preserve">1.</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t xml:space="preserve">Condemns torture</w:t></w:r><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:customMarkFollows="1" w:id="6"/><w:t>*</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>;</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#,
            r#"<w:p><w:r><w:t xml:space="preserve">2.</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t>Decides to remain</w:t></w:r><w:moveFrom w:id="7" w:author="A"><w:r><w:t xml:space="preserve"> gone</w:t></w:r></w:moveFrom><w:r><w:t xml:space="preserve"> seized</w:t></w:r><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:t>1</w:t></w:r><w:r><w:t xml:space="preserve"> of the matter.</w:t></w:r></w:p>"#,
        ];
        let footnotes = format!(
            r#"<w:footnotes xmlns:w="{W}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="5"><w:p><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> See A/79/100.</w:t></w:r></w:p></w:footnote><w:footnote w:id="6"><w:p><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:t>*</w:t></w:r><w:r><w:t xml:space="preserve"> Reissued.</w:t></w:r></w:p></w:footnote></w:footnotes>"#
        );
        let docx = docx_of(&[
            ("word/document.xml", &body(&paragraphs.concat())),
            ("word/footnotes.xml", &footnotes),
        ]);
        let document = read_docx(&docx).document;
        assert_eq!(document.preamble.len(), 1);
        assert_eq!(document.preamble[0].text, "Recalling its resolution 79/90,");
        assert_eq!(document.preamble[0].footnote_refs, vec![FootnoteRef { mark: "1".into(), at: 31 }]);
        assert_eq!(document.operative[0].text, "Condemns torture;");
        assert_eq!(document.operative[0].footnote_refs, vec![FootnoteRef { mark: "*".into(), at: 16 }]);
        assert_eq!(document.operative[1].text, "Decides to remain seized of the matter.");
        assert_eq!(document.operative[1].footnote_refs, vec![FootnoteRef { mark: "1".into(), at: 24 }]);
        let footnotes: Vec<(&str, &str)> = document
            .footnotes
            .iter()
            .map(|footnote| (footnote.mark.as_str(), footnote.text.as_str()))
            .collect();
        assert_eq!(footnotes, [("1", "See A/79/100."), ("*", "Reissued.")]);
    }

    #[test]
    fn a_file_that_is_not_a_word_document_is_refused_with_what_and_where() {
        let message = |bytes: &[u8]| crate::import(bytes).unwrap_err().to_string();
        assert!(message(b"PK\x03\x04 not really").contains("not a readable zip archive"));
        let no_document = docx_of(&[("content.xml", "<x/>")]);
        assert!(message(&no_document).contains("no word/document.xml"), "{}", message(&no_document));
        let broken = docx_of(&[("word/document.xml", &body("<w:p><w:r><w:t>text</w:r></w:p>"))]);
        let error = message(&broken);
        assert!(
            error.contains("word/document.xml")
                && error.contains("not well-formed")
                && error.contains(" at 1:132"),
            "{error}"
        );
        assert!(crate::import_as(b"plain text", crate::Format::Docx).is_err());
        // A part that unpacks past the cap is refused, however small the archive.
        let large = body(&"<w:p><w:r><w:t>torture</w:t></w:r></w:p>".repeat(2000));
        let archive = docx_of(&[("word/document.xml", &large)]);
        assert!(archive.len() < large.len() / 10, "deflate packs the repetition");
        let error =
            docx_to_layout_within(&archive, 10_000).err().map(|error| error.to_string()).unwrap_or_default();
        assert!(
            error.contains("unpack to more than 10000 bytes") && error.contains("MAX_UNPACKED_BYTES"),
            "{error}"
        );
        assert!(docx_to_layout_within(&archive, MAX_UNPACKED_BYTES).is_ok());
    }
}
