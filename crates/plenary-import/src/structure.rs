//! The structure stage: from blocks of body text to the parts of a resolution — the enacting formula,
//! preambular paragraphs, numbered operative paragraphs with nested sub-paragraphs, the sections of an
//! omnibus resolution, the meeting line, the Security Council's adoption record, and annexes.
//!
//! Every word of every block lands in exactly one paragraph, sub-paragraph, section heading, annex block or
//! closing field: text that does not fit where it stands is attached to the unit before it, with a
//! diagnostic, rather than dropped.

use std::collections::HashSet;

use plenary_core::vocabulary::{
    ParagraphPart, opening_phrase, starts_operative_paragraph, starts_preambular_paragraph,
};
use plenary_core::{
    Adoption, Annex, AnnexBlock, Committee, Diagnostic, Document, DocumentKind, Footnote, FootnoteRef,
    MeetingLine, Paragraph, ParagraphId, Section,
};

use crate::layout::{Block, Layout, MEETING_LINE, ends_clause};
use crate::masthead::{Masthead, enacting_formula_body};
use crate::numbering::{self, Label, letter_position, roman_value};
use crate::patterns;
use crate::text::MarkedText;

pattern!(
    ADOPTION_RECORD,
    r"^Adopted (?:unanimously|without (?:a )?vote|by (?:a )?(?:recorded )?vote|at the |by \d|by consensus)"
);
pattern!(COMMITTEE_IN_ROUTE, r"(First|Second|Third|Fourth|Fifth|Sixth) Committee");

/// Sub-headings between paragraphs are a few words.
const SUBHEADING_MAX_WORDS: usize = 20;

/// Section headings are short; a longer text after a lone letter is a table row, not a heading.
const SECTION_HEADING_MAX_WORDS: usize = 60;

/// Builds the document from a layout.
pub(crate) fn build(layout: Layout) -> (Document, Vec<Diagnostic>) {
    let Layout { masthead, blocks, footnotes, mut diagnostics, marks, .. } = layout;
    let mut builder = Builder::new(&masthead);
    builder.has_numbered_paragraphs = blocks
        .iter()
        .take_while(|block| !patterns::is_annex_heading(block.text.text[..block.first_line_end].trim()))
        .any(|block| {
            let text = block.text.text.trim_start();
            matches!(numbering::split_label(text), Some((Label::Number(1), _))) || text.starts_with("1, ")
        });
    for block in blocks {
        builder.add(block);
    }
    builder.flush_heading();
    let mut document = builder.document;
    diagnostics.extend(masthead.diagnostics.iter().cloned());
    diagnostics.append(&mut builder.diagnostics);
    fill_masthead(&mut document, masthead);
    document.footnotes = footnotes
        .into_iter()
        .map(|footnote| Footnote { mark: footnote.mark, text: footnote.text.finish().0 })
        .collect();
    for mark in marks.uncited() {
        if !mark.starts_with('*') {
            diagnostics
                .push(Diagnostic::info(None, format!("footnote {mark} is not cited by any paragraph")));
        }
    }
    check_plausibility(&document, &mut diagnostics);
    (document, diagnostics)
}

/// Where the builder is in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Before the enacting formula, or in a text that has none.
    Opening,
    Preamble,
    Operative,
    /// After the meeting line or the adoption record.
    Closing,
    Annex,
}

/// A numbering scheme of sub-paragraph labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scheme {
    Letter,
    Roman,
    Number,
}

struct Builder {
    document: Document,
    diagnostics: Vec<Diagnostic>,
    place: Place,
    /// The section paragraphs currently go to, if the resolution is divided into sections.
    section: Option<usize>,
    /// A section label ("II") read on its own, waiting for its heading.
    pending_section: Option<usize>,
    last_operative_number: Option<u32>,
    /// The last operative number before the current section: some omnibus texts number on across sections.
    number_before_section: Option<u32>,
    /// The schemes and last values along the path to the deepest open sub-paragraph.
    path: Vec<(Scheme, u32)>,
    /// Whether a unit is open, so that a following block can continue it.
    has_open_unit: bool,
    /// A sub-heading read between paragraphs, waiting for the paragraph it stands above.
    pending_heading: Option<Block>,
    /// Whether the text numbers its operative paragraphs. If it does, a verb-led paragraph among the
    /// preambular ones ("Reiterates its appreciation …", a slip for "Reiterating") is not an operative one.
    has_numbered_paragraphs: bool,
    /// The ids of the operative paragraphs pushed so far (scoped to their section): whether a number is
    /// taken is asked for every paragraph, and a scan of the paragraphs made that quadratic.
    operative_ids: HashSet<ParagraphId>,
}

impl Builder {
    fn new(masthead: &Masthead) -> Builder {
        Builder {
            document: Document { kind: masthead.kind.clone().unwrap_or_default(), ..Document::default() },
            diagnostics: Vec::new(),
            place: Place::Opening,
            section: None,
            pending_section: None,
            last_operative_number: None,
            number_before_section: None,
            path: Vec::new(),
            has_open_unit: false,
            pending_heading: None,
            has_numbered_paragraphs: false,
            operative_ids: HashSet::new(),
        }
    }

    fn add(&mut self, block: Block) {
        let text = block.text.text.trim();
        // The formula opens the body; old Council texts put it after their "Whereas" clauses.
        let formula_due = self.place == Place::Opening
            || (self.place == Place::Preamble
                && self.document.enacting_formula.is_none()
                && self.section.is_none()
                && self.document.operative.is_empty());
        if formula_due && let Some(body) = enacting_formula_body(text) {
            self.document.enacting_formula = Some(text.to_string());
            self.document.body.get_or_insert(body);
            self.place = Place::Preamble;
            self.has_open_unit = false;
            return;
        }
        if self.place == Place::Opening {
            self.place = Place::Preamble;
        }
        if let Some(section) = self.pending_section.take() {
            if is_heading(text) && block.text.marks.is_empty() && numbering::split_label(text).is_none() {
                self.document.sections[section].heading = block.text.finish().0;
                return;
            }
        }
        let is_subheading = self.is_subheading(&block);
        // A short line at the foot of a page that looked like a sub-heading was the start of a paragraph
        // when the next page goes on in lower case.
        if block.after_page_break
            && self.pending_heading.is_some()
            && block.text.text.trim_start().starts_with(|c: char| c.is_lowercase())
        {
            if let Some(heading) = self.pending_heading.take() {
                self.add_body_block(heading);
            }
            self.append_to_current(block.text);
            return;
        }
        if block.after_page_break && self.has_open_unit && !is_subheading && self.continues_previous(&block) {
            self.flush_heading();
            self.append_to_current(block.text);
            return;
        }
        if self.try_closing_lines(&block) || self.try_annex_heading(&block) || self.try_section(&block) {
            return;
        }
        if is_subheading {
            match &mut self.pending_heading {
                Some(heading) => heading.text.append(block.text),
                None => self.pending_heading = Some(block),
            }
            return;
        }
        match self.place {
            Place::Annex => self.add_annex_block(block),
            Place::Closing => {
                self.diagnostics.push(Diagnostic::warning(
                    block.line,
                    "text after the meeting line without an annex heading; kept as an unnamed annex",
                ));
                self.open_annex(String::new());
                self.add_annex_block(block);
            }
            _ => self.add_body_block(block),
        }
    }

    /// The meeting line ("63rd plenary meeting" and its date) and the Council's adoption record.
    fn try_closing_lines(&mut self, block: &Block) -> bool {
        if !matches!(self.place, Place::Preamble | Place::Operative | Place::Closing) {
            return false;
        }
        let text = block.text.text.trim();
        // A second meeting line (a damaged or repeated text) is kept as text rather than replacing the first.
        if let Some(captures) = MEETING_LINE.captures(text).filter(|_| self.document.meeting.is_none()) {
            let rest = captures.get(2).map_or("", |rest| rest.as_str()).trim();
            let date = patterns::parse_date_line(rest);
            if rest.is_empty() || date.is_some() {
                self.flush_heading();
                self.document.meeting = Some(MeetingLine { meeting: captures[1].to_string(), date });
                self.place = Place::Closing;
                self.has_open_unit = false;
                return true;
            }
        }
        if ADOPTION_RECORD.is_match(text) && self.document.has_paragraphs() {
            self.flush_heading();
            let adoption = self.document.adoption.get_or_insert_with(Adoption::default);
            let mut record = adoption.record.take().unwrap_or_default();
            append_text(&mut record, &mut adoption.record_footnote_refs, block.text.clone());
            adoption.record = Some(record);
            self.place = Place::Closing;
            self.has_open_unit = false;
            return true;
        }
        false
    }

    /// "Annex", "Annex II" on a line of its own opens an annex; the rest of the block is its first block.
    fn try_annex_heading(&mut self, block: &Block) -> bool {
        let first_line = block.text.text[..block.first_line_end].trim();
        // A draft has no meeting line: its annex follows the last paragraph, which ends with a full stop.
        let after_last_paragraph = self.place == Place::Preamble
            && self.current_text().is_some_and(|text| text.trim_end().ends_with('.'));
        let allowed =
            matches!(self.place, Place::Closing | Place::Annex | Place::Operative) || after_last_paragraph;
        if !allowed || !patterns::is_annex_heading(first_line) {
            return false;
        }
        self.flush_heading();
        self.open_annex(first_line.to_string());
        let (_, rest) = block.text.clone().split_at(block.first_line_end);
        if !rest.is_empty() {
            self.add_annex_block(Block { text: rest, ..block.clone() });
        }
        true
    }

    /// "II" (or "B") on a line of its own, where a part of an omnibus resolution may begin, opens a section;
    /// its heading is the rest of the block or the next block.
    fn try_section(&mut self, block: &Block) -> bool {
        if !matches!(self.place, Place::Preamble | Place::Operative) {
            return false;
        }
        let first_line = block.text.text[..block.first_line_end].trim();
        if !numbering::is_section_marker(first_line) {
            return false;
        }
        // A part begins after a complete paragraph, never after a colon that introduces a list or table.
        let previous_allows =
            self.current_text().is_none_or(|text| ends_clause(text) && !text.trim_end().ends_with(':'));
        let expected = self.expected_section_label(first_line);
        let (_, rest) = block.text.clone().split_at(block.first_line_end);
        let heading = rest.finish().0;
        let heading_fits = heading.split_whitespace().count() <= SECTION_HEADING_MAX_WORDS
            && !heading.ends_with([',', ';', ':']);
        if !previous_allows || !expected || !heading_fits {
            return false;
        }
        self.flush_heading();
        let position = self.document.sections.len();
        self.document.sections.push(Section {
            id: ParagraphId::section(position + 1),
            label: first_line.to_string(),
            heading: heading.clone(),
            preamble: Vec::new(),
            operative: Vec::new(),
        });
        self.section = Some(position);
        self.pending_section = heading.is_empty().then_some(position);
        self.place = Place::Preamble;
        if self.last_operative_number.is_some() {
            self.number_before_section = self.last_operative_number;
        }
        self.last_operative_number = None;
        self.path.clear();
        self.has_open_unit = false;
        true
    }

    /// Whether `label` is the next section label: "I" or "A" first, then in sequence.
    fn expected_section_label(&self, label: &str) -> bool {
        let value = |label: &str| -> Option<(bool, u32)> {
            if let Some(value) = roman_value(&label.to_ascii_lowercase()) {
                return Some((true, value));
            }
            letter_position(&label.to_ascii_lowercase()).map(|value| (false, value))
        };
        let Some((is_roman, number)) = value(label) else {
            return false;
        };
        match self.document.sections.last() {
            None => number == 1,
            Some(last) => match value(&last.label) {
                // "I" reads as roman one and as the ninth letter: after "H" it continues the letters.
                Some((last_roman, last_number)) => {
                    (last_roman == is_roman && number == last_number + 1)
                        || (!last_roman && label == "I" && last_number == 8)
                }
                None => false,
            },
        }
    }

    /// Whether a block that opens a page carries on the last unit of the previous page.
    fn continues_previous(&self, block: &Block) -> bool {
        let text = block.text.text.trim_start();
        let previous_ends_clause = self.current_text().is_some_and(ends_clause);
        if let Some((label, _)) = numbering::split_label(text) {
            return !previous_ends_clause && !self.label_fits(&label);
        }
        let first_line = block.text.text[..block.first_line_end].trim();
        if MEETING_LINE.is_match(text)
            || patterns::is_annex_heading(first_line)
            || ADOPTION_RECORD.is_match(text)
            || (numbering::is_section_marker(first_line) && previous_ends_clause)
        {
            return false;
        }
        if text.starts_with(|c: char| c.is_lowercase()) || !previous_ends_clause {
            return true;
        }
        match self.place {
            Place::Preamble => !(starts_preambular_paragraph(text) || self.starts_unnumbered_operative(text)),
            Place::Operative => !(self.last_operative_number.is_none() && starts_operative_paragraph(text)),
            Place::Annex => false,
            _ => false,
        }
    }

    /// An operative paragraph without a number, as in Security Council texts with a single one ("Decides:")
    /// or compilations that lost the numbers: an operative verb where no numbered paragraph has been seen.
    fn starts_unnumbered_operative(&self, text: &str) -> bool {
        !self.has_numbered_paragraphs
            && self.last_operative_number.is_none()
            && opening_phrase(text, ParagraphPart::Operative).is_some()
            && !starts_preambular_paragraph(text)
    }

    fn add_body_block(&mut self, block: Block) {
        let text = block.text.text.trim_start();
        let leading = block.text.text.len() - text.len();
        // "25" alone on its line, the full stop lost, where paragraph 25 is due.
        let first_line = block.text.text[..block.first_line_end].trim();
        if let Ok(number) = first_line.parse::<u32>()
            && self.last_operative_number.is_some_and(|last| number == last + 1)
            && block.first_line_end < block.text.text.len()
        {
            self.diagnostics.push(Diagnostic::info(
                block.line,
                format!("paragraph number {number} printed without its full stop"),
            ));
            self.push_operative(number, block.clone(), block.first_line_end);
            return;
        }
        // "3, Decides": a number misprinted with a comma in the compilations, where paragraph 3 is due.
        let misprinted = text.split_once(", ").and_then(|(digits, rest)| {
            let number = digits.parse::<u32>().ok()?;
            let due = self.last_operative_number.map_or(number == 1, |last| number == last + 1);
            (due && rest.starts_with(|c: char| c.is_uppercase())).then_some((number, digits.len()))
        });
        if let Some((number, digits_length)) = misprinted {
            self.diagnostics.push(Diagnostic::info(
                block.line,
                format!("paragraph number {number} printed with a comma"),
            ));
            self.push_operative(number, block, leading + digits_length + 1);
            return;
        }
        // Paragraph 1000 and after: a number of four digits or more is a label where it is the next one.
        if let Some((number, end)) = numbering::split_long_number(text)
            && self.last_operative_number.is_some_and(|last| number == last + 1)
        {
            self.push_operative(number, block, leading + end);
            return;
        }
        match numbering::split_label(text) {
            Some((Label::Number(number), end)) => self.add_numbered(number, block, leading + end),
            Some((Label::Parenthesised(label), end)) => self.add_labelled(&label, block, leading + end),
            None => self.add_plain(block),
        }
    }

    fn add_numbered(&mut self, number: u32, block: Block, label_end: usize) {
        let rest_text = block.text.text[label_end..].trim_start();
        let next_paragraph = self.last_operative_number.is_none_or(|last| number == last + 1);
        let nested_fits = self.nested_number_fits(number);
        // A number that fits both the operative sequence and an open numbered list is a new operative
        // paragraph only if it reads like one.
        let as_operative = match (next_paragraph, nested_fits) {
            (true, true) => opening_phrase(rest_text, ParagraphPart::Operative).is_some(),
            (true, false) => true,
            (false, _) => false,
        };
        if as_operative || (self.last_operative_number.is_none_or(|last| number > last) && !nested_fits) {
            self.push_operative(number, block, label_end);
            return;
        }
        if nested_fits {
            self.add_labelled(&number.to_string(), block, label_end);
            return;
        }
        self.diagnostics.push(Diagnostic::warning(
            block.line,
            format!(
                "paragraph number {number} does not follow {}; kept as text of the paragraph before it",
                self.last_operative_number.unwrap_or_default()
            ),
        ));
        self.append_to_current(block.text);
    }

    /// Whether a number continues or opens a numbered list under the current unit: "1." after a chapeau
    /// ending in a colon ("Approves the following provisional agenda:"), or the next item of such a list.
    fn nested_number_fits(&self, number: u32) -> bool {
        // In the preamble, "1." is the first operative paragraph, whatever the paragraph before it says.
        if self.parts().1.is_empty() {
            return false;
        }
        let opens = number == 1 && self.current_text().is_some_and(|text| text.trim_end().ends_with(':'));
        let continues =
            self.path.iter().any(|&(scheme, last)| scheme == Scheme::Number && number == last + 1);
        opens || continues
    }

    fn push_operative(&mut self, number: u32, block: Block, label_end: usize) {
        let id = self.scoped(ParagraphId::operative(number));
        if self.operative_ids.contains(&id) {
            // Ids are unique within a version: a number already taken (by an unnumbered paragraph counted
            // by position) stays in the text of the paragraph before it.
            self.diagnostics.push(Diagnostic::warning(
                block.line,
                format!(
                    "operative paragraph {number} is numbered twice; kept as text of the paragraph before it"
                ),
            ));
            self.append_to_current(block.text);
            return;
        }
        if let Some(last) = self.last_operative_number
            && number != last + 1
        {
            self.diagnostics.push(Diagnostic::warning(
                block.line,
                format!(
                    "operative paragraph {number} follows paragraph {last}: a number is missing or misread"
                ),
            ));
        } else if self.last_operative_number.is_none()
            && number != 1
            && self.number_before_section.is_none_or(|before| number != before + 1)
        {
            self.diagnostics.push(Diagnostic::warning(
                block.line,
                format!("the first operative paragraph is numbered {number}"),
            ));
        }
        let line = block.line;
        let (_, rest) = block.text.split_at(label_end);
        let mut paragraph = finished_paragraph(id, rest, line);
        paragraph.number = Some(number);
        paragraph.heading = self.take_heading();
        self.operative_ids.insert(paragraph.id.clone());
        self.operative().push(paragraph);
        self.last_operative_number = Some(number);
        self.place = Place::Operative;
        self.path.clear();
        self.has_open_unit = true;
    }

    fn add_plain(&mut self, block: Block) {
        let text = block.text.text.trim_start();
        let starts_lowercase = text.starts_with(|c: char| c.is_lowercase());
        match self.place {
            Place::Preamble if self.starts_unnumbered_operative(text) && self.preamble_ended_clause() => {
                self.push_unnumbered_operative(block);
            }
            Place::Preamble if starts_lowercase && self.has_open_unit => self.append_to_current(block.text),
            Place::Preamble => {
                let id = self.scoped(ParagraphId::preambular(self.parts().0.len() + 1));
                let mut paragraph = finished_paragraph(id, block.text, block.line);
                paragraph.heading = self.take_heading();
                self.preamble().push(paragraph);
                self.path.clear();
                self.has_open_unit = true;
            }
            Place::Operative
                if !self.has_numbered_paragraphs
                    && self.last_operative_number.is_none()
                    && starts_operative_paragraph(text) =>
            {
                self.push_unnumbered_operative(block);
            }
            _ => {
                self.diagnostics.push(Diagnostic::info(
                    block.line,
                    "an unnumbered block among the operative paragraphs; kept with the paragraph before it",
                ));
                self.append_to_current(block.text);
            }
        }
    }

    fn push_unnumbered_operative(&mut self, block: Block) {
        // Counted by position, skipping any number a printed paragraph already holds.
        let mut position = self.parts().1.len() as u32 + 1;
        while self.operative_ids.contains(&self.scoped(ParagraphId::operative(position))) {
            position += 1;
        }
        let id = self.scoped(ParagraphId::operative(position));
        let mut paragraph = finished_paragraph(id, block.text, block.line);
        paragraph.heading = self.take_heading();
        self.operative_ids.insert(paragraph.id.clone());
        self.operative().push(paragraph);
        self.place = Place::Operative;
        self.path.clear();
        self.has_open_unit = true;
    }

    fn preamble_ended_clause(&self) -> bool {
        self.parts().0.last().is_none_or(|paragraph| ends_clause(&paragraph.text))
    }

    fn add_labelled(&mut self, label: &str, block: Block, label_end: usize) {
        if self.has_no_paragraph() {
            self.diagnostics.push(Diagnostic::warning(
                block.line,
                format!("sub-paragraph ({label}) before any paragraph; read as a preambular paragraph"),
            ));
            let id = self.scoped(ParagraphId::preambular(1));
            let paragraph = finished_paragraph(id, block.text, block.line);
            self.preamble().push(paragraph);
            self.has_open_unit = true;
            return;
        }
        let Some(depth) = self.place_label(label) else {
            self.diagnostics.push(Diagnostic::info(
                block.line,
                format!(
                    "({label}) neither opens nor continues a list of sub-paragraphs; kept in the running text"
                ),
            ));
            self.append_to_current(block.text);
            return;
        };
        let parent_id = self.unit_at_depth(depth - 1).id.clone();
        let id = parent_id.child(label);
        if self.unit_at_depth(depth - 1).subparagraphs.iter().any(|sibling| sibling.id == id) {
            self.diagnostics.push(Diagnostic::warning(
                block.line,
                format!("sub-paragraph ({label}) appears twice under {parent_id}; kept as text of the unit before it"),
            ));
            self.path.truncate(depth - 1);
            self.append_to_current(block.text);
            return;
        }
        let line = block.line;
        let (_, rest) = block.text.split_at(label_end);
        let mut child = finished_paragraph(id, rest, line);
        child.label = Some(label.to_string());
        child.heading = self.take_heading();
        self.unit_at_depth(depth - 1).subparagraphs.push(child);
        self.has_open_unit = true;
    }

    /// Decides at which depth (1 = directly under the paragraph) a label belongs and updates the path;
    /// `None` when it neither opens nor continues a list (a label quoted inside running text).
    fn place_label(&mut self, label: &str) -> Option<usize> {
        let readings = readings(label);
        let opens_list = readings.iter().any(|(_, value)| *value == 1);
        let current_ends_with_colon = self.current_text().is_some_and(|text| text.trim_end().ends_with(':'));
        // A list opened by a colon nests under the deepest unit: "(h) … as follows:" then "(i)" is roman.
        if current_ends_with_colon && opens_list {
            self.path.push((first_scheme(&readings), 1));
            return Some(self.path.len());
        }
        // Otherwise the label continues the closest open list whose next value it is.
        for depth in (0..self.path.len()).rev() {
            let (scheme, last) = self.path[depth];
            if readings.iter().any(|&(reading_scheme, value)| reading_scheme == scheme && value == last + 1) {
                self.path.truncate(depth + 1);
                self.path[depth].1 = last + 1;
                return Some(depth + 1);
            }
        }
        if opens_list {
            self.path.push((first_scheme(&readings), 1));
            return Some(self.path.len());
        }
        None
    }

    fn label_fits(&self, label: &Label) -> bool {
        match label {
            Label::Number(number) => {
                self.last_operative_number.map_or(*number == 1, |last| *number == last + 1)
                    || self.nested_number_fits(*number)
            }
            Label::Parenthesised(label) => {
                let readings = readings(label);
                readings.iter().any(|(_, value)| *value == 1)
                    || self.path.iter().any(|&(scheme, last)| {
                        readings
                            .iter()
                            .any(|&(reading_scheme, value)| reading_scheme == scheme && value == last + 1)
                    })
            }
        }
    }

    /// Paragraph ids inside a section carry the section's id.
    fn scoped(&self, id: ParagraphId) -> ParagraphId {
        match self.section {
            Some(section) => self.document.sections[section].id.join(&id),
            None => id,
        }
    }

    fn preamble(&mut self) -> &mut Vec<Paragraph> {
        match self.section {
            Some(section) => &mut self.document.sections[section].preamble,
            None => &mut self.document.preamble,
        }
    }

    fn operative(&mut self) -> &mut Vec<Paragraph> {
        match self.section {
            Some(section) => &mut self.document.sections[section].operative,
            None => &mut self.document.operative,
        }
    }

    /// The preamble and operative part paragraphs currently go to, read-only.
    fn parts(&self) -> (&Vec<Paragraph>, &Vec<Paragraph>) {
        match self.section {
            Some(section) => {
                (&self.document.sections[section].preamble, &self.document.sections[section].operative)
            }
            None => (&self.document.preamble, &self.document.operative),
        }
    }

    fn has_no_paragraph(&self) -> bool {
        let (preamble, operative) = self.parts();
        preamble.is_empty() && operative.is_empty()
    }

    /// The paragraph currently open: the last operative paragraph once there is one, else the last
    /// preambular paragraph of the current section (or of the whole text).
    fn current_paragraph(&self) -> Option<&Paragraph> {
        let (preamble, operative) = self.parts();
        if self.place == Place::Operative || !operative.is_empty() {
            operative.last()
        } else {
            preamble.last()
        }
    }

    fn current_paragraph_mut(&mut self) -> Option<&mut Paragraph> {
        let use_operative = self.place == Place::Operative || !self.parts().1.is_empty();
        if use_operative { self.operative().last_mut() } else { self.preamble().last_mut() }
    }

    /// The unit at `depth` along the path (0 = the paragraph itself). Callers ensure a paragraph exists.
    fn unit_at_depth(&mut self, depth: usize) -> &mut Paragraph {
        if self.current_paragraph_mut().is_none() {
            let id = self.scoped(ParagraphId::preambular(1));
            self.preamble().push(Paragraph::new(id, ""));
        }
        let mut unit = self.current_paragraph_mut().expect("a paragraph was just ensured");
        for _ in 0..depth {
            match unit.subparagraphs.len().checked_sub(1) {
                Some(last) => unit = &mut unit.subparagraphs[last],
                None => break,
            }
        }
        unit
    }

    fn current_text(&self) -> Option<&str> {
        let mut unit = self.current_paragraph()?;
        for _ in 0..self.path.len() {
            match unit.subparagraphs.last() {
                Some(child) => unit = child,
                None => break,
            }
        }
        Some(&unit.text)
    }

    /// Adds text to the deepest open unit (an annex block in an annex), keeping footnote references right.
    fn append_to_current(&mut self, text: MarkedText) {
        if self.place == Place::Annex
            && let Some(block) = self.document.annexes.last_mut().and_then(|annex| annex.blocks.last_mut())
        {
            append_text(&mut block.text, &mut block.footnote_refs, text);
            return;
        }
        let depth = self.path.len();
        let unit = self.unit_at_depth(depth);
        append_text(&mut unit.text, &mut unit.footnote_refs, text);
        self.has_open_unit = true;
    }

    /// A sub-heading between paragraphs: a short line of words standing alone, not ending a clause, after
    /// a complete paragraph ("Peacebuilding financing", "The digital economy").
    fn is_subheading(&self, block: &Block) -> bool {
        if block.declared_heading && matches!(self.place, Place::Preamble | Place::Operative) {
            return true;
        }
        let text = block.text.text.trim();
        // A heading that cites a footnote stays text, so that its mark keeps a place to stand.
        matches!(self.place, Place::Preamble | Place::Operative)
            && block.text.marks.is_empty()
            && text.starts_with(|c: char| c.is_uppercase())
            && text.split_whitespace().count() <= SUBHEADING_MAX_WORDS
            && !ends_clause(text)
            && !text.ends_with([',', ';', ':', '.'])
            && numbering::split_label(text).is_none()
            && !numbering::is_section_marker(block.text.text[..block.first_line_end].trim())
            && !MEETING_LINE.is_match(text)
            && !patterns::is_annex_heading(block.text.text[..block.first_line_end].trim())
            && self.current_text().is_none_or(|previous| {
                let previous = previous.trim_end();
                ends_clause(previous) && !previous.ends_with(':')
            })
    }

    fn take_heading(&mut self) -> Option<String> {
        self.pending_heading
            .take()
            .map(|heading| heading.text.finish().0)
            .filter(|heading| !heading.is_empty())
    }

    /// A sub-heading that no paragraph followed is text after all: it joins the unit before it.
    fn flush_heading(&mut self) {
        if let Some(heading) = self.pending_heading.take() {
            let (line, heading) = (heading.line, heading.text);
            if self.has_no_paragraph() && self.section.is_none() {
                let id = ParagraphId::preambular(1);
                let paragraph = finished_paragraph(id, heading, line);
                self.document.preamble.push(paragraph);
                self.has_open_unit = true;
            } else {
                self.append_to_current(heading);
            }
        }
    }

    fn open_annex(&mut self, heading: String) {
        let id = ParagraphId::annex(self.document.annexes.len() + 1);
        self.document.annexes.push(Annex { id, heading, blocks: Vec::new() });
        self.place = Place::Annex;
        self.has_open_unit = false;
    }

    fn add_annex_block(&mut self, block: Block) {
        let Some(annex) = self.document.annexes.last_mut() else {
            return;
        };
        let text = block.text.text.trim_start();
        let leading = block.text.text.len() - text.len();
        let label = numbering::split_label(text)
            .map(|(label, end)| {
                let printed = match label {
                    Label::Number(number) => number.to_string(),
                    Label::Parenthesised(label) => label,
                };
                (printed, end)
            })
            .or_else(|| numbering::split_section_label(text));
        let (label, rest) = match label {
            Some((label, end)) => (Some(label), block.text.split_at(leading + end).1),
            None => (None, block.text),
        };
        let (text, footnote_refs) = rest.finish();
        let id = annex.id.block(annex.blocks.len() + 1);
        annex.blocks.push(AnnexBlock { id, label, text, footnote_refs, source_line: Some(block.line) });
        self.has_open_unit = true;
    }
}

/// A heading: short, and not ending like a clause of a paragraph.
fn is_heading(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty()
        && text.split_whitespace().count() <= SECTION_HEADING_MAX_WORDS / 2
        && !text.ends_with([',', ';', ':'])
        && !starts_preambular_paragraph(text)
        && opening_phrase(text, ParagraphPart::Operative).is_none()
}

/// The readings of a sub-paragraph label in each numbering scheme: `(i)` is letter 9 or roman 1.
fn readings(label: &str) -> Vec<(Scheme, u32)> {
    let mut readings = Vec::new();
    if let Some(value) = letter_position(label) {
        readings.push((Scheme::Letter, value));
    }
    if let Some(value) = roman_value(label) {
        readings.push((Scheme::Roman, value));
    }
    if let Ok(value) = label.parse::<u32>() {
        readings.push((Scheme::Number, value));
    }
    readings
}

/// The scheme a list starts in: `(a)` letters, `(i)` roman numerals, `(1)` numbers.
fn first_scheme(readings: &[(Scheme, u32)]) -> Scheme {
    readings.iter().find(|(_, value)| *value == 1).map_or(Scheme::Letter, |(scheme, _)| *scheme)
}

fn finished_paragraph(id: ParagraphId, text: MarkedText, line: u32) -> Paragraph {
    let (text, footnote_refs) = text.finish();
    Paragraph { footnote_refs, source_line: Some(line), ..Paragraph::new(id, text) }
}

/// Appends finished text to a unit's text with a space, shifting the new footnote references.
fn append_text(text: &mut String, references: &mut Vec<FootnoteRef>, addition: MarkedText) {
    let (added, added_references) = addition.finish();
    if added.is_empty() && added_references.is_empty() {
        return;
    }
    let mut offset = text.chars().count();
    if !text.is_empty() && !added.is_empty() {
        let joins_hyphen =
            text.ends_with('-') && text.chars().rev().nth(1).is_some_and(char::is_alphanumeric);
        if !joins_hyphen {
            text.push(' ');
            offset += 1;
        }
    }
    text.push_str(&added);
    references.extend(added_references.into_iter().map(|mut reference| {
        reference.at += offset;
        reference
    }));
}

/// Copies the masthead's facts into the document.
fn fill_masthead(document: &mut Document, masthead: Masthead) {
    document.symbol = masthead.symbol;
    if let Some(body) = masthead.body {
        document.body = Some(body);
    }
    document.distribution = masthead.distribution;
    document.issued = masthead.issued;
    document.job_number = masthead.job_number;
    document.session = masthead.session;
    document.committee = masthead.committee.or_else(|| committee_from_route(masthead.route.as_deref()));
    document.agenda_items = masthead.agenda_items;
    document.sponsors = masthead.sponsors;
    document.sponsor_note = masthead.sponsor_note;
    document.title = masthead.title;
    if masthead.adoption_date.is_some() || masthead.route.is_some() || masthead.council_meeting.is_some() {
        let adoption = document.adoption.get_or_insert_with(Adoption::default);
        adoption.date = masthead.adoption_date;
        adoption.route = masthead.route;
        adoption.meeting = masthead.council_meeting;
    }
}

/// "on the report of the Special Political and Decolonization Committee (Fourth Committee) (A/80/537)"
/// names the committee that reported.
fn committee_from_route(route: Option<&str>) -> Option<Committee> {
    let captures = COMMITTEE_IN_ROUTE.captures(route?)?;
    Committee::from_name(&captures[0])
}

/// Diagnostics about the document as a whole: a text with no paragraphs, or that is not a resolution.
fn check_plausibility(document: &Document, diagnostics: &mut Vec<Diagnostic>) {
    let has_masthead = document.symbol.is_some() || (!document.title.is_empty() && document.body.is_some());
    if !document.has_paragraphs() && document.annexes.is_empty() {
        diagnostics
            .push(Diagnostic::error(None, "no paragraphs found: the text is empty or not a resolution"));
        return;
    }
    let resolution_like = matches!(document.kind, DocumentKind::Resolution | DocumentKind::DraftResolution);
    if document.enacting_formula.is_none() && resolution_like && has_masthead {
        let formula = document.body.unwrap_or(plenary_core::Body::GeneralAssembly).enacting_formula();
        diagnostics.push(Diagnostic::warning(
            None,
            format!("no enacting formula (\"{formula}\") found; paragraphs were read from the first text after the heading"),
        ));
    }
    let has_numbered = document.paragraphs().iter().any(|paragraph| paragraph.number.is_some());
    if !has_masthead && document.enacting_formula.is_none() && !has_numbered {
        diagnostics.push(Diagnostic::error(
            None,
            "this does not look like a resolution: no symbol, no title, no enacting formula and no numbered paragraphs",
        ));
    }
}
