//! The Word writer (.docx, Office Open XML WordprocessingML): a document laid out as the UN prints it, and
//! the comparison of two versions as the new text with real tracked changes against the old. The reader
//! of Word files is `plenary_import::docx`; a file written here reads back there as the same paragraphs.
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

use std::collections::{HashMap, HashSet, VecDeque};
use std::io::{Cursor, Write};

use plenary_core::compare::{Change, Comparison, DiffOp, DiffOpKind};
use plenary_core::{Document, Footnote, FootnoteRef, ParagraphId};
use plenary_import::docx::W;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::printed::{Block, Kind, Line, Role, Unit, blocks, uncited_footnotes};

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
    pub const SUBHEADING: &str = plenary_import::docx::SUBHEADING_STYLE_ID;
    pub const SECTION_HEADING: &str = "UNSectionHeading";
    pub const RECORD: &str = "UNRecord";
    pub const MEETING: &str = "UNMeeting";
    pub const ANNEX_HEADING: &str = "UNAnnexHeading";
    pub const ANNEX_PARAGRAPH: &str = "UNAnnexParagraph";
    pub const FOOTNOTE_TEXT: &str = "FootnoteText";
    /// The character style of footnote marks, in the text and at the head of each footnote.
    pub const FOOTNOTE_REFERENCE: &str = plenary_import::docx::FOOTNOTE_REFERENCE_STYLE_ID;

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

#[cfg(test)]
mod tests {
    use std::io::Read;

    use plenary_core::Paragraph;
    use plenary_core::compare::compare;
    use roxmltree::Node;
    use zip::ZipArchive;

    use super::*;
    use crate::test_support::{FIXTURES, import_fixture, paragraphs_annexes_and_footnotes};

    fn read_docx(bytes: &[u8]) -> plenary_import::Imported {
        let imported = plenary_import::import(bytes).unwrap();
        assert_eq!(imported.format, plenary_import::Format::Docx);
        imported
    }

    /// The text of a part of a Word file.
    fn part(docx: &[u8], name: &str) -> String {
        let mut archive = ZipArchive::new(Cursor::new(docx)).unwrap();
        let mut text = String::new();
        archive.by_name(name).unwrap().read_to_string(&mut text).unwrap();
        text
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
            let (expected, found) = (
                paragraphs_annexes_and_footnotes(&original),
                paragraphs_annexes_and_footnotes(&again.document),
            );
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
                    plenary_import::json::to_json(&again.document, &[]),
                    plenary_import::json::to_json(&original, &[]),
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
        assert_eq!(
            paragraphs_annexes_and_footnotes(&read_docx(&docx).document),
            paragraphs_annexes_and_footnotes(&document)
        );
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
        assert_eq!(paragraphs_annexes_and_footnotes(&again), paragraphs_annexes_and_footnotes(&starred));
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
                paragraphs_annexes_and_footnotes(&again),
                paragraphs_annexes_and_footnotes(&import_fixture(new)),
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
}
