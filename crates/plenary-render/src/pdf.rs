//! PDF files: a document laid out as the UN prints a resolution, and a report (the record of a meeting or of
//! one vote) set in the same Times.
//!
//! [`document_to_pdf`] draws the same layout as the Word writer (`printed::blocks`: the masthead, the
//! adoption line and route or a draft's sponsors, the numbered title, the enacting formula, the paragraphs
//! with their printed numbers, labels and italic opening phrases, sub-headings, parts, the meeting line and
//! the annexes) on A4 pages, in the geometry of the Word files: Times 10 pt, the body indented 2.2 cm from
//! the margins, justified, preambular and operative paragraphs with a first-line indent of 1 cm (an
//! operative paragraph's number stands there), sub-paragraphs with hanging labels 1 cm further in per
//! level. The first page carries the masthead: "United Nations" with the symbol at the top right, the body
//! in large type with the distribution and date beside it, the session and agenda items; the title is
//! centred in bold. Footnote marks are raised after their word, and each footnote stands at the foot of
//! the page that first cites it, under a short rule (a footnote too long for the foot goes on at the foot
//! of the next page); a footnote no text cites stands at the foot of the page of the title, where the
//! Word writer cites it. Later pages have a running head (the symbol and the title) and every page its
//! number ("2/14"), with the job number at the foot of the first page.
//!
//! [`report_to_pdf`] sets a [`Report`] — headings, paragraphs, listings of names under their heading — in
//! Times 10 pt across the page, with the page numbers; `record_pdf.rs` makes the record of a meeting and of
//! a vote into one.
//!
//! The text is drawn in the PDF standard fonts (Times-Roman, Times-Italic, Times-Bold), which
//! every viewer has, so no font file is embedded. Those fonts have one byte per character in the WinAnsi
//! encoding (Windows-1252, a superset of the printable Latin-1): a character outside it is written as its
//! base letter when it is a Latin letter with a diacritic (`ł`, `ș`, `ő` → `l`, `s`, `o`), as the
//! character it stands for when it is a typographic variant (non-breaking hyphen, minus sign, thin
//! spaces), and as `?` otherwise (Cyrillic, Arabic, Chinese …), never a panic. Lines are measured with the
//! fonts' AFM widths (`pdf/metrics.rs`) and broken between words; a word wider than the line is cut.
//!
//! Both functions are pure: no clock and no file. The file's creation date is the date the caller gives —
//! a document's adoption or issue, a meeting's day — and when there is none the file carries no date at
//! all (printpdf would otherwise write its default, 1 January 1970).
//! printpdf draws the file identifier (`/ID`) from a counter, so two files of the same document differ in
//! those bytes only. printpdf's warnings are about fonts and images that these files do not use; they are
//! dropped.

mod metrics;

use plenary_core::{Document, Footnote, FootnoteRef};
use printpdf::{
    BuiltinFont, Line as PathLine, LinePoint, Mm, Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions,
    Point, Pt, TextItem, TextMatrix,
};

use crate::printed::{self, Block, Kind};

// ---------------------------------------------------------------------------------------------------
// Page geometry, in points (1/72 inch) from the left edge and from the top of the page
// ---------------------------------------------------------------------------------------------------

/// A4: 210 × 297 mm.
const PAGE_WIDTH_MM: f32 = 210.0;
const PAGE_HEIGHT_MM: f32 = 297.0;
const PAGE_WIDTH: f32 = PAGE_WIDTH_MM * 72.0 / 25.4;
const PAGE_HEIGHT: f32 = PAGE_HEIGHT_MM * 72.0 / 25.4;
/// The margins of the Word files (1,247 and 1,418 twips: 2.2 and 2.5 cm).
const MARGIN_SIDE: f32 = 62.35;
const MARGIN_TOP: f32 = 70.9;
const MARGIN_BOTTOM: f32 = 70.9;
const CONTENT_LEFT: f32 = MARGIN_SIDE;
const CONTENT_RIGHT: f32 = PAGE_WIDTH - MARGIN_SIDE;
/// The body of the text is indented 2.2 cm on both sides, as in the Word files' UN styles.
const BODY_LEFT: f32 = CONTENT_LEFT + 62.35;
const BODY_RIGHT: f32 = CONTENT_RIGHT - 62.35;
/// A paragraph's first-line indent, and the step of each level of sub-paragraphs: 1 cm.
const INDENT: f32 = 28.35;
/// The least gap between an operative paragraph's number and its text.
const NUMBER_GAP: f32 = 20.0;

const BODY_SIZE: f32 = 10.0;
const BODY_LEADING: f32 = 12.0;
const PARAGRAPH_GAP: f32 = 6.0;
const NOTE_SIZE: f32 = 8.0;
const NOTE_LEADING: f32 = 9.5;
/// The footnote text hangs this far right of its mark (227 twips in the Word files).
const NOTE_HANG: f32 = 11.35;
/// The space between the body and the rule above the footnotes, and between the rule and the first note.
const NOTE_RULE_GAP: f32 = 10.0;
const NOTE_RULE_LENGTH: f32 = 72.0;
/// Footnote marks are drawn this much smaller than their text, and raised by this share of its size.
const MARK_SCALE: f32 = 0.65;
const MARK_RISE: f32 = 0.35;
/// The running head's baseline, and the page number's.
const HEAD_BASELINE: f32 = MARGIN_TOP - 26.0;
const FOOT_BASELINE: f32 = PAGE_HEIGHT - MARGIN_BOTTOM + 30.0;
const FURNITURE_SIZE: f32 = 8.0;

// ---------------------------------------------------------------------------------------------------
// The public functions
// ---------------------------------------------------------------------------------------------------

/// Writes a document as a PDF file laid out as the UN prints a resolution (see the module documentation).
pub fn document_to_pdf(document: &Document) -> Vec<u8> {
    let blocks = printed::blocks(document);
    let running_title = printable(&document.title);
    let furniture = Furniture {
        symbol: document.symbol.as_ref().map(|symbol| printable(symbol.as_str())),
        title: (!running_title.is_empty()).then_some(running_title),
        job_number: document.job_number.as_deref().map(printable),
    };
    let mut composer = Composer::new(&document.footnotes);
    let masthead_end = blocks.iter().position(|block| !is_masthead(block)).unwrap_or(blocks.len());
    let masthead: Vec<&printed::Line> = blocks[..masthead_end]
        .iter()
        .filter_map(|block| match block {
            Block::Line(line) => Some(line),
            Block::Unit(_) => None,
        })
        .collect();
    composer.masthead(&masthead);
    for block in &blocks[masthead_end..] {
        match block {
            Block::Line(line) => composer.line_block(line),
            Block::Unit(unit) => composer.unit(unit),
        }
    }
    composer.remaining_footnotes();
    let title = match &document.symbol {
        Some(symbol) if document.title.is_empty() => symbol.as_str().to_string(),
        Some(symbol) => format!("{} {}", symbol.as_str(), document.title),
        None => document.title.clone(),
    };
    let date = document
        .adoption
        .as_ref()
        .and_then(|adoption| adoption.date)
        .or(document.issued)
        .or(document.meeting.as_ref().and_then(|meeting| meeting.date));
    composer.finish(&printable(&title), &furniture, date)
}

/// A report to set in Times: the record of a meeting or of one vote.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// The file's title (its properties), and the running head of the pages after the first.
    pub title: String,
    /// The file's creation date; `None` writes none.
    pub date: Option<time::Date>,
    pub blocks: Vec<ReportBlock>,
}

/// A block of a report, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportBlock {
    /// The first lines of the first page, centred in bold: the body, then the meeting and the date.
    Title(String),
    /// A line under the title, centred.
    Subtitle(String),
    /// A heading in bold: an agenda item.
    Heading(String),
    /// A paragraph of text, justified; `\n` breaks the line.
    Paragraph(String),
    /// A listing: its heading in italics ("In favour:") and the names under it, indented.
    Listing { heading: String, names: String },
    /// A thin rule across the page.
    Rule,
}

/// Writes a report as a PDF file: the title centred in bold, headings in bold, paragraphs justified across
/// the page, listings with their heading in italics and the names indented 1 cm, and page numbers.
pub fn report_to_pdf(report: &Report) -> Vec<u8> {
    let mut composer = Composer::new(&[]);
    let across = |words: Vec<Word>| Para {
        first_x: CONTENT_LEFT,
        rest_x: CONTENT_LEFT,
        right: CONTENT_RIGHT,
        ..Para::new(words)
    };
    for block in &report.blocks {
        match block {
            ReportBlock::Title(text) => {
                let para = Para {
                    size: 14.0,
                    leading: 17.0,
                    align: Align::Centre,
                    ..across(words(&printable(text), 0, &[], Face::Bold))
                };
                composer.paragraph(&para, 0.0, BODY_LEADING);
            }
            ReportBlock::Subtitle(text) => {
                let para =
                    Para { align: Align::Centre, ..across(words(&printable(text), 0, &[], Face::Roman)) };
                composer.paragraph(&para, 2.0, 0.0);
            }
            ReportBlock::Heading(text) => {
                let para = Para { align: Align::Left, ..across(words(&printable(text), 0, &[], Face::Bold)) };
                composer.paragraph(&para, BODY_LEADING, 2.0 * BODY_LEADING);
            }
            ReportBlock::Paragraph(text) => {
                let para = across(words(&printable_keeping_breaks(text), 0, &[], Face::Roman));
                composer.paragraph(&para, PARAGRAPH_GAP, 0.0);
            }
            ReportBlock::Listing { heading, names } => {
                let heading =
                    Para { align: Align::Left, ..across(words(&printable(heading), 0, &[], Face::Italic)) };
                composer.paragraph(&heading, PARAGRAPH_GAP, BODY_LEADING);
                let names = Para {
                    first_x: CONTENT_LEFT + INDENT,
                    rest_x: CONTENT_LEFT + INDENT,
                    ..across(words(&printable(names), 0, &[], Face::Roman))
                };
                composer.paragraph(&names, 0.0, 0.0);
            }
            ReportBlock::Rule => {
                composer.skip(PARAGRAPH_GAP);
                composer.ensure_room(PARAGRAPH_GAP);
                let y = composer.page.y;
                draw_rule(&mut composer.page.ops, CONTENT_LEFT, CONTENT_RIGHT, y, 0.5);
                composer.page.y += PARAGRAPH_GAP;
                composer.page.has_body = true;
            }
        }
    }
    let title = printable(&report.title);
    let furniture =
        Furniture { symbol: None, title: (!title.is_empty()).then(|| title.clone()), job_number: None };
    composer.finish(&title, &furniture, report.date)
}

// ---------------------------------------------------------------------------------------------------
// Characters and widths
// ---------------------------------------------------------------------------------------------------

/// The fonts: the three Times faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Face {
    Roman,
    Italic,
    Bold,
}

impl Face {
    fn font(self) -> BuiltinFont {
        match self {
            Face::Roman => BuiltinFont::TimesRoman,
            Face::Italic => BuiltinFont::TimesItalic,
            Face::Bold => BuiltinFont::TimesBold,
        }
    }

    /// The width of a character (one that [`printable`] returns) in thousandths of an em.
    fn advance(self, character: char) -> u16 {
        let table = match self {
            Face::Roman => &metrics::ROMAN,
            Face::Italic => &metrics::ITALIC,
            Face::Bold => &metrics::BOLD,
        };
        win_ansi(character)
            .and_then(|byte| table.get(usize::from(byte).wrapping_sub(32)))
            .copied()
            .unwrap_or(table[usize::from(b'?') - 32])
    }

    /// The width of a text at a size, in points.
    fn width(self, text: &str, size: f32) -> f32 {
        let thousandths: u32 = text.chars().map(|character| u32::from(self.advance(character))).sum();
        // A line of text is far below 2^24 thousandths of an em, where f32 would lose precision.
        thousandths as f32 * size / 1000.0
    }
}

/// The byte of a character in the WinAnsi encoding (PDF 32000-1, Annex D), the encoding printpdf gives
/// the standard fonts; `None` for a character the encoding lacks. It agrees with Latin-1 except in
/// 0x80–0x9F, where WinAnsi has typographic characters.
fn win_ansi(character: char) -> Option<u8> {
    if let Ok(byte) = u8::try_from(u32::from(character))
        && ((0x20..=0x7E).contains(&byte) || byte >= 0xA0)
    {
        return Some(byte);
    }
    Some(match character {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '\u{2018}' => 0x91,
        '\u{2019}' => 0x92,
        '\u{201C}' => 0x93,
        '\u{201D}' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    })
}

/// The base letters of Latin Extended-A (U+0100–U+017F), from their Unicode decompositions (`ł`, `đ`, `ı`
/// and the like, which have none, by their look). Œ, œ, Š, š, Ÿ, Ž and ž are in WinAnsi and never reach
/// this table.
const LATIN_EXTENDED_A: &str = "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiIiJjKkkLlLlLlLlLlNnNnNnnNnOoOoOoŒœRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";

/// A text as the standard fonts can draw it: every character in WinAnsi is kept; a Latin letter with a
/// diacritic outside it becomes its base letter, a typographic variant the character it stands for, and
/// anything else (other scripts, symbols) `?`. Control characters and invisible ones (soft hyphens,
/// zero-width spaces) are dropped; a tab is a space. Never panics.
pub(crate) fn printable(text: &str) -> String {
    let mut printed = String::with_capacity(text.len());
    for character in text.chars() {
        if character == '\u{AD}' {
            continue;
        }
        if win_ansi(character).is_some() {
            printed.push(character);
            continue;
        }
        let replacement = match character {
            '\t' | '\n' | '\r' => Some(' '),
            '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => Some(' '),
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{E000}'..='\u{F8FF}' => None,
            control if control.is_control() => None,
            '\u{2010}'..='\u{2012}' | '\u{2043}' | '\u{2212}' => Some('-'),
            '\u{2015}' => Some('—'),
            '\u{2032}' => Some('\''),
            '\u{2033}' => Some('"'),
            '\u{2044}' | '\u{2215}' => Some('/'),
            '\u{0100}'..='\u{017F}' => {
                let index = u32::from(character) as usize - 0x100;
                LATIN_EXTENDED_A.chars().nth(index)
            }
            // Romanian's comma-below letters (Latin Extended-B); their cedilla twins are in the table above.
            'Ș' => Some('S'),
            'ș' => Some('s'),
            'Ț' => Some('T'),
            'ț' => Some('t'),
            _ => Some('?'),
        };
        if let Some(replacement) = replacement {
            printed.push(replacement);
        }
    }
    printed
}

/// A breakable space: every white space but the no-break space.
fn is_break(character: char) -> bool {
    character.is_whitespace() && character != '\u{A0}'
}

// ---------------------------------------------------------------------------------------------------
// Words and lines
// ---------------------------------------------------------------------------------------------------

/// A run of text in one face; a footnote mark is drawn smaller and raised.
#[derive(Debug, Clone, PartialEq)]
struct Span {
    text: String,
    face: Face,
    mark: bool,
}

/// What stands between two spaces: one or more spans (a word and the mark after it, a word in italics
/// ending in a roman comma).
#[derive(Debug, Clone, Default)]
struct Word {
    spans: Vec<Span>,
    /// The text has a line break before this word.
    breaks_line: bool,
}

impl Word {
    fn push(&mut self, text: &str, face: Face, mark: bool) {
        match self.spans.last_mut() {
            Some(last) if last.face == face && last.mark == mark && !mark => last.text.push_str(text),
            _ => self.spans.push(Span { text: text.to_string(), face, mark }),
        }
    }

    fn width(&self, size: f32) -> f32 {
        self.spans.iter().map(|span| span_width(span, size)).sum()
    }

    fn marks(&self) -> impl Iterator<Item = &str> {
        self.spans.iter().filter(|span| span.mark).map(|span| span.text.as_str())
    }
}

fn span_width(span: &Span, size: f32) -> f32 {
    span.face.width(&span.text, if span.mark { size * MARK_SCALE } else { size })
}

/// The words of a text, its first `italic_characters` characters in italics and the rest in `face`, with
/// its footnote marks after the character each follows (`at` counts characters, as the model does). A
/// `\n` breaks the line.
fn words(text: &str, italic_characters: usize, refs: &[FootnoteRef], face: Face) -> Vec<Word> {
    let mut sorted: Vec<&FootnoteRef> = refs.iter().collect();
    sorted.sort_by_key(|reference| reference.at);
    let mut pending = sorted.into_iter().peekable();
    let mut words: Vec<Word> = Vec::new();
    let mut current = Word::default();
    let mut line_break = false;
    let mut buffer = [0u8; 4];
    for (position, character) in text.chars().enumerate() {
        while let Some(reference) = pending.next_if(|reference| reference.at == position) {
            current.push(&printable(&reference.mark), Face::Roman, true);
        }
        if is_break(character) {
            if !current.spans.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            line_break |= character == '\n';
            continue;
        }
        if current.spans.is_empty() {
            current.breaks_line = line_break && !words.is_empty();
            line_break = false;
        }
        let character_face = if position < italic_characters { Face::Italic } else { face };
        let shown = printable(character.encode_utf8(&mut buffer));
        if !shown.is_empty() {
            current.push(&shown, character_face, false);
        }
    }
    for reference in pending {
        current.push(&printable(&reference.mark), Face::Roman, true);
    }
    if !current.spans.is_empty() {
        words.push(current);
    }
    words
}

/// How a paragraph's lines sit between its edges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Align {
    /// Flush on both sides, the last line (and a line before a break) flush left.
    Justify,
    Left,
    Centre,
    Right,
}

/// A paragraph to break into lines.
#[derive(Debug, Clone)]
struct Para {
    words: Vec<Word>,
    size: f32,
    leading: f32,
    /// The number or label, drawn on the first line at its x.
    label: Option<(f32, String)>,
    /// Where the first line's text begins, and the other lines'.
    first_x: f32,
    rest_x: f32,
    right: f32,
    align: Align,
}

impl Para {
    /// Body text between the body's edges, justified, with no indent.
    fn new(words: Vec<Word>) -> Para {
        Para {
            words,
            size: BODY_SIZE,
            leading: BODY_LEADING,
            label: None,
            first_x: BODY_LEFT,
            rest_x: BODY_LEFT,
            right: BODY_RIGHT,
            align: Align::Justify,
        }
    }

    /// The paragraph broken into lines, each with its pieces placed.
    fn lines(&self) -> Vec<TextLine> {
        let space = Face::Roman.width(" ", self.size);
        let narrowest = (self.right - self.first_x.max(self.rest_x)).max(self.size);
        let words: Vec<Word> =
            self.words.iter().flat_map(|word| cut_word(word, self.size, narrowest)).collect();
        let mut lines = Vec::new();
        let mut start = 0usize;
        while start < words.len() || (lines.is_empty() && self.label.is_some()) {
            let x = if lines.is_empty() { self.first_x } else { self.rest_x };
            let room = self.right - x;
            let mut end = start;
            let mut used = 0.0f32;
            while end < words.len() {
                let width = words[end].width(self.size);
                let added = if end == start { width } else { space + width };
                if end > start && (used + added > room + 0.01 || words[end].breaks_line) {
                    break;
                }
                used += added;
                end += 1;
            }
            let last = end >= words.len() || words[end].breaks_line;
            let gaps = end.saturating_sub(start + 1);
            let extra = if self.align == Align::Justify && !last && gaps > 0 {
                (room - used).max(0.0) / gaps as f32
            } else {
                0.0
            };
            let left = match self.align {
                Align::Justify | Align::Left => x,
                Align::Centre => x + (room - used).max(0.0) / 2.0,
                Align::Right => self.right - used,
            };
            let mut line = TextLine {
                pieces: Vec::new(),
                word_spacing: extra,
                marks: Vec::new(),
                leading: self.leading,
                size: self.size,
            };
            if lines.is_empty()
                && let Some((label_x, label)) = &self.label
            {
                line.pieces.push(Piece {
                    x: *label_x,
                    text: label.clone(),
                    face: Face::Roman,
                    size: self.size,
                    rise: 0.0,
                });
            }
            let mut cursor = left;
            for (index, word) in words[start..end].iter().enumerate() {
                if index > 0 {
                    cursor += space + extra;
                }
                for (span_index, span) in word.spans.iter().enumerate() {
                    let (size, rise) = if span.mark {
                        (self.size * MARK_SCALE, self.size * MARK_RISE)
                    } else {
                        (self.size, 0.0)
                    };
                    // A word that begins in the face the line ends in continues its piece, the space
                    // between them drawn with the line's word spacing.
                    let joins = index > 0
                        && span_index == 0
                        && !span.mark
                        && line.pieces.last().is_some_and(|piece| {
                            piece.face == span.face && piece.size == size && piece.rise == 0.0
                        });
                    match line.pieces.last_mut() {
                        Some(piece) if joins => {
                            piece.text.push(' ');
                            piece.text.push_str(&span.text);
                        }
                        _ => line.pieces.push(Piece {
                            x: cursor,
                            text: span.text.clone(),
                            face: span.face,
                            size,
                            rise,
                        }),
                    }
                    cursor += span.face.width(&span.text, size);
                }
                line.marks.extend(word.marks().map(str::to_string));
            }
            lines.push(line);
            start = end;
        }
        lines
    }
}

/// A word cut into pieces that each fit `room`, when it is wider (a long address or symbol).
fn cut_word(word: &Word, size: f32, room: f32) -> Vec<Word> {
    if word.width(size) <= room {
        return vec![word.clone()];
    }
    let mut pieces = Vec::new();
    let mut current = Word { spans: Vec::new(), breaks_line: word.breaks_line };
    let mut used = 0.0f32;
    let mut buffer = [0u8; 4];
    for span in &word.spans {
        let span_size = if span.mark { size * MARK_SCALE } else { size };
        for character in span.text.chars() {
            let width = span.face.width(character.encode_utf8(&mut buffer), span_size);
            if used + width > room && !current.spans.is_empty() {
                pieces.push(std::mem::take(&mut current));
                used = 0.0;
            }
            current.push(character.encode_utf8(&mut buffer), span.face, span.mark);
            used += width;
        }
    }
    if !current.spans.is_empty() {
        pieces.push(current);
    }
    pieces
}

/// Text drawn from one point in one face.
#[derive(Debug, Clone)]
struct Piece {
    x: f32,
    text: String,
    face: Face,
    size: f32,
    /// How far above the baseline (footnote marks).
    rise: f32,
}

/// A line ready to draw: its pieces, the word spacing that justifies it, and the footnote marks it cites.
#[derive(Debug, Clone)]
struct TextLine {
    pieces: Vec<Piece>,
    word_spacing: f32,
    marks: Vec<String>,
    leading: f32,
    size: f32,
}

impl TextLine {
    /// A line of one piece of text in one face.
    fn single(x: f32, text: &str, face: Face, size: f32, leading: f32) -> TextLine {
        TextLine {
            pieces: vec![Piece { x, text: text.to_string(), face, size, rise: 0.0 }],
            word_spacing: 0.0,
            marks: Vec::new(),
            leading,
            size,
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// Pages
// ---------------------------------------------------------------------------------------------------

/// What every page carries beside the text: the running head and the page number.
#[derive(Debug)]
struct Furniture {
    symbol: Option<String>,
    title: Option<String>,
    job_number: Option<String>,
}

/// A page being filled: its drawing operations, and the footnotes at its foot.
#[derive(Debug, Default)]
struct PageBuffer {
    ops: Vec<Op>,
    /// The top of the free space, from the top of the page.
    y: f32,
    has_body: bool,
    notes: Vec<TextLine>,
}

impl PageBuffer {
    fn new() -> PageBuffer {
        PageBuffer { ops: Vec::new(), y: MARGIN_TOP, has_body: false, notes: Vec::new() }
    }

    /// The height the footnotes take at the foot, with their rule.
    fn notes_height(&self) -> f32 {
        if self.notes.is_empty() {
            0.0
        } else {
            NOTE_RULE_GAP * 2.0 + self.notes.iter().map(|line| line.leading).sum::<f32>()
        }
    }

    /// Where the body must end.
    fn body_bottom(&self) -> f32 {
        PAGE_HEIGHT - MARGIN_BOTTOM - self.notes_height()
    }
}

/// Lays text out on pages: body lines from the top, the footnotes they cite at the foot.
#[derive(Debug)]
struct Composer<'f> {
    pages: Vec<PageBuffer>,
    page: PageBuffer,
    /// Footnote lines that did not fit at the foot of the page before.
    carried_notes: Vec<TextLine>,
    footnotes: &'f [Footnote],
    placed: Vec<bool>,
}

impl<'f> Composer<'f> {
    fn new(footnotes: &'f [Footnote]) -> Composer<'f> {
        Composer {
            pages: Vec::new(),
            page: PageBuffer::new(),
            carried_notes: Vec::new(),
            footnotes,
            placed: vec![false; footnotes.len()],
        }
    }

    fn new_page(&mut self) {
        let finished = std::mem::replace(&mut self.page, PageBuffer::new());
        self.pages.push(finished);
        // Carried footnote lines go first at the new foot, up to half the page; the rest wait again.
        let carried = std::mem::take(&mut self.carried_notes);
        let half = (PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM) / 2.0;
        for line in carried {
            if self.page.notes_height() + line.leading < half || self.page.notes.is_empty() {
                self.page.notes.push(line);
            } else {
                self.carried_notes.push(line);
            }
        }
    }

    /// Vertical space, dropped at the top of a page.
    fn skip(&mut self, height: f32) {
        if self.page.has_body {
            self.page.y += height;
        }
    }

    /// Starts a new page unless `height` more fits on this one.
    fn ensure_room(&mut self, height: f32) {
        if self.page.has_body && self.page.y + height > self.page.body_bottom() {
            self.new_page();
        }
    }

    /// The footnote lines a line cites for the first time, marking those footnotes placed.
    fn first_citations(&mut self, marks: &[String]) -> Vec<TextLine> {
        let mut lines = Vec::new();
        for mark in marks {
            let Some(index) = (0..self.footnotes.len())
                .find(|&index| !self.placed[index] && self.footnotes[index].mark == *mark)
            else {
                continue;
            };
            self.placed[index] = true;
            lines.extend(footnote_lines(&self.footnotes[index]));
        }
        lines
    }

    /// Places a body line, and the footnotes it cites at the foot of its page.
    fn place_line(&mut self, line: TextLine) {
        let height_of = |notes: &[TextLine]| notes.iter().map(|note| note.leading).sum::<f32>();
        let new_notes = self.first_citations(&line.marks);
        let fits = |page: &PageBuffer| {
            let rule = if page.notes.is_empty() && !new_notes.is_empty() { NOTE_RULE_GAP * 2.0 } else { 0.0 };
            page.y + line.leading + rule + height_of(&new_notes) <= page.body_bottom()
        };
        if self.page.has_body && !fits(&self.page) {
            self.new_page();
        }
        let baseline = self.page.y + line.size + (line.leading - line.size) / 2.0 - 1.0;
        draw_line(&mut self.page.ops, &line, baseline);
        self.page.y += line.leading;
        self.page.has_body = true;
        for note in new_notes {
            let room = self.page.body_bottom() - self.page.y;
            let rule = if self.page.notes.is_empty() { NOTE_RULE_GAP * 2.0 } else { 0.0 };
            if self.carried_notes.is_empty() && note.leading + rule <= room {
                self.page.notes.push(note);
            } else {
                self.carried_notes.push(note);
            }
        }
    }

    /// Places a paragraph `before` below what precedes it; its first two lines (and `keep` more points,
    /// for a heading that must not end a page) stay together.
    fn paragraph(&mut self, para: &Para, before: f32, keep: f32) {
        let lines = para.lines();
        self.skip(before);
        let first_two: f32 = lines.iter().take(2).map(|line| line.leading).sum();
        self.ensure_room(first_two + keep);
        for line in lines {
            self.place_line(line);
        }
    }

    /// The footnotes no line cited: at the foot of the last page.
    fn remaining_footnotes(&mut self) {
        for index in 0..self.footnotes.len() {
            if !self.placed[index] {
                self.placed[index] = true;
                let lines = footnote_lines(&self.footnotes[index]);
                self.carried_notes.extend(lines);
            }
        }
        while !self.carried_notes.is_empty() {
            let room = self.page.body_bottom() - self.page.y;
            let rule = if self.page.notes.is_empty() { NOTE_RULE_GAP * 2.0 } else { 0.0 };
            let first = self.carried_notes[0].leading;
            if first + rule <= room {
                let line = self.carried_notes.remove(0);
                self.page.notes.push(line);
            } else {
                self.new_page();
            }
        }
    }

    /// The first page's masthead: "United Nations" and the symbol at the top right over a thick rule, the
    /// body in large type with the distribution and date at the right, a thin rule, then the session, the
    /// committee and the agenda items. A text without one (a Council compilation text) starts with its
    /// lines as they come.
    fn masthead(&mut self, lines: &[&printed::Line]) {
        let text_of =
            |kind: Kind| lines.iter().find(|line| line.kind == kind).map(|line| printable(&line.text));
        let all_of = |kind: Kind| {
            lines
                .iter()
                .filter(|line| line.kind == kind)
                .map(|line| printable(&line.text))
                .collect::<Vec<_>>()
        };
        let organization = text_of(Kind::Organization);
        let symbol = text_of(Kind::Symbol);
        let body = text_of(Kind::Body);
        if organization.is_none() && symbol.is_none() && body.is_none() {
            for line in lines {
                self.line_block(line);
            }
            return;
        }
        let ops = &mut self.page.ops;
        let mut y = MARGIN_TOP;
        // "United Nations" and the symbol, on one baseline.
        let first_baseline = y + 14.0;
        if let Some(organization) = &organization {
            draw_line(
                ops,
                &TextLine::single(CONTENT_LEFT, organization, Face::Bold, 12.0, 14.0),
                first_baseline,
            );
        }
        if let Some(symbol) = &symbol {
            let x = CONTENT_RIGHT - Face::Bold.width(symbol, 16.0);
            draw_line(ops, &TextLine::single(x, symbol, Face::Bold, 16.0, 18.0), first_baseline);
        }
        y = first_baseline + 7.0;
        draw_rule(ops, CONTENT_LEFT, CONTENT_RIGHT, y, 2.0);
        // The body, with the distribution and the date at the right.
        let body_baseline = y + 26.0;
        if let Some(body) = &body {
            draw_line(ops, &TextLine::single(CONTENT_LEFT, body, Face::Bold, 20.0, 24.0), body_baseline);
        }
        let mut right_baseline = y + 15.0;
        for text in [text_of(Kind::Distribution), text_of(Kind::Issued)].into_iter().flatten() {
            let x = CONTENT_RIGHT - Face::Roman.width(&text, BODY_SIZE);
            draw_line(ops, &TextLine::single(x, &text, Face::Roman, BODY_SIZE, BODY_LEADING), right_baseline);
            right_baseline += BODY_LEADING;
        }
        y = body_baseline.max(right_baseline - BODY_LEADING) + 9.0;
        draw_rule(ops, CONTENT_LEFT, CONTENT_RIGHT, y, 0.5);
        self.page.y = y + 8.0;
        self.page.has_body = true;
        // The session and committee in bold, the agenda items and their titles in a narrow column.
        let column_right = CONTENT_LEFT + (CONTENT_RIGHT - CONTENT_LEFT) * 0.55;
        let left_column = |text: &str, face: Face| Para {
            first_x: CONTENT_LEFT,
            rest_x: CONTENT_LEFT,
            right: column_right,
            align: Align::Left,
            ..Para::new(words(text, 0, &[], face))
        };
        for text in all_of(Kind::Session).iter().chain(&all_of(Kind::Committee)) {
            self.paragraph(&left_column(text, Face::Bold), 0.0, 0.0);
        }
        for (index, text) in all_of(Kind::AgendaItems).iter().chain(&all_of(Kind::AgendaTitle)).enumerate() {
            self.paragraph(&left_column(text, Face::Roman), if index > 1 { 4.0 } else { 0.0 }, 0.0);
        }
        self.skip(BODY_LEADING);
    }

    /// A line of the layout that is not a unit.
    fn line_block(&mut self, line: &printed::Line) {
        let text = printable_keeping_breaks(&line.text);
        let plain = |face: Face| words(&text, 0, &line.refs, face);
        match line.kind {
            Kind::Organization
            | Kind::Symbol
            | Kind::Body
            | Kind::Distribution
            | Kind::Issued
            | Kind::JobNumber
            | Kind::Session
            | Kind::Committee
            | Kind::AgendaItems
            | Kind::AgendaTitle => {
                let para = Para {
                    first_x: CONTENT_LEFT,
                    rest_x: CONTENT_LEFT,
                    align: Align::Left,
                    ..Para::new(plain(Face::Roman))
                };
                self.paragraph(&para, 0.0, 0.0);
            }
            Kind::MastheadEnd => self.skip(BODY_LEADING),
            Kind::Adoption => {
                let para = Para {
                    size: 12.0,
                    leading: 14.0,
                    first_x: CONTENT_LEFT,
                    rest_x: CONTENT_LEFT,
                    right: CONTENT_RIGHT,
                    align: Align::Left,
                    ..Para::new(plain(Face::Bold))
                };
                self.paragraph(&para, BODY_LEADING, 2.0 * BODY_LEADING);
            }
            Kind::Route => {
                let para = Para {
                    first_x: CONTENT_LEFT,
                    rest_x: CONTENT_LEFT,
                    right: CONTENT_RIGHT,
                    align: Align::Left,
                    ..Para::new(plain(Face::Roman))
                };
                self.paragraph(&para, 4.0, 2.0 * BODY_LEADING);
            }
            Kind::Sponsors => {
                let para = Para { align: Align::Left, ..Para::new(plain(Face::Roman)) };
                self.paragraph(&para, BODY_LEADING, 2.0 * BODY_LEADING);
            }
            Kind::Title => {
                let para =
                    Para { size: 12.0, leading: 14.5, align: Align::Centre, ..Para::new(plain(Face::Bold)) };
                self.paragraph(&para, 2.0 * BODY_LEADING, 3.0 * BODY_LEADING);
                self.skip(PARAGRAPH_GAP);
            }
            Kind::Formula | Kind::Record | Kind::Preambular | Kind::Operative => {
                let para = Para { first_x: BODY_LEFT + INDENT, ..Para::new(plain(Face::Roman)) };
                self.paragraph(&para, PARAGRAPH_GAP, 0.0);
            }
            Kind::Subparagraph(_) | Kind::AnnexParagraph => {
                let para = Para::new(plain(Face::Roman));
                self.paragraph(&para, PARAGRAPH_GAP, 0.0);
            }
            Kind::Subheading => {
                let para = Para { align: Align::Left, ..Para::new(plain(Face::Bold)) };
                self.paragraph(&para, 2.0 * PARAGRAPH_GAP, 2.0 * BODY_LEADING);
            }
            Kind::SectionHeading | Kind::AnnexHeading => {
                let para =
                    Para { size: 12.0, leading: 14.5, align: Align::Centre, ..Para::new(plain(Face::Bold)) };
                self.paragraph(&para, 2.0 * BODY_LEADING, 2.0 * BODY_LEADING);
            }
            Kind::Meeting => {
                let para = Para { align: Align::Right, ..Para::new(plain(Face::Roman)) };
                self.paragraph(&para, 2.0 * BODY_LEADING, 0.0);
            }
        }
    }

    /// A unit: a preambular or operative paragraph (the opening phrase in italics), a sub-paragraph or an
    /// annex paragraph, with its number or label.
    fn unit(&mut self, unit: &printed::Unit<'_>) {
        let words = words(unit.text, unit.italic_characters, unit.refs, Face::Roman);
        let label = unit.label.as_deref().map(printable);
        let label_width = label.as_deref().map_or(0.0, |label| Face::Roman.width(label, BODY_SIZE));
        let para = match (unit.kind, label) {
            (Kind::Subparagraph(depth), Some(label)) => {
                // The label hangs one step left of the text, which every line keeps.
                let depth = depth.clamp(1, 6) as f32;
                let label_x = BODY_LEFT + INDENT * depth;
                let text_x = (label_x + INDENT).max(label_x + label_width + 4.0);
                Para { label: Some((label_x, label)), first_x: text_x, rest_x: text_x, ..Para::new(words) }
            }
            (Kind::Subparagraph(depth), None) => {
                let text_x = BODY_LEFT + INDENT * (depth.clamp(1, 6) as f32 + 1.0);
                Para { first_x: text_x, rest_x: text_x, ..Para::new(words) }
            }
            (_, Some(label)) => {
                // A number stands at the first-line indent, the text after it; the other lines run full.
                let label_x = BODY_LEFT + INDENT;
                let text_x = label_x + NUMBER_GAP.max(label_width + 5.0);
                Para { label: Some((label_x, label)), first_x: text_x, ..Para::new(words) }
            }
            (_, None) => Para { first_x: BODY_LEFT + INDENT, ..Para::new(words) },
        };
        self.paragraph(&para, PARAGRAPH_GAP, 0.0);
    }

    /// The finished file: every page with its footnotes, running head and number.
    fn finish(mut self, title: &str, furniture: &Furniture, date: Option<time::Date>) -> Vec<u8> {
        while !self.carried_notes.is_empty() {
            self.new_page();
        }
        let last = std::mem::replace(&mut self.page, PageBuffer::new());
        self.pages.push(last);
        let count = self.pages.len();
        let pages: Vec<PdfPage> = self
            .pages
            .into_iter()
            .enumerate()
            .map(|(index, mut page)| {
                draw_notes(&mut page);
                draw_furniture(&mut page.ops, index + 1, count, furniture);
                PdfPage::new(Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM), page.ops)
            })
            .collect();
        let mut document = PdfDocument::new(title);
        document.pages = pages;
        if let Some(date) = date {
            let day = printpdf::date::DateTime::new_in_offset(
                printpdf::date::Date { year: date.year(), month: u8::from(date.month()), day: date.day() },
                printpdf::date::Time { hour: 0, minute: 0, second: 0, millisecond: 0 },
                printpdf::date::Offset { hours: 0, minutes: 0, seconds: 0, milliseconds: 0 },
            );
            let info = &mut document.metadata.info;
            (info.creation_date, info.modification_date, info.metadata_date) = (day, day, day);
        }
        let mut warnings = Vec::new();
        let bytes = document.save(&PdfSaveOptions::default(), &mut warnings);
        if date.is_some() { bytes } else { without_dates(bytes) }
    }
}

/// The file without the creation and modification dates printpdf always writes (its default is 1 January
/// 1970, a date no document has): a file whose date is not known carries none. Unchanged if lopdf cannot
/// read it back, which it always can.
fn without_dates(bytes: Vec<u8>) -> Vec<u8> {
    let Ok(mut document) = lopdf::Document::load_mem(&bytes) else { return bytes };
    let info = document.trailer.get(b"Info").and_then(lopdf::Object::as_reference).ok();
    if let Some(Ok(lopdf::Object::Dictionary(dictionary))) = info.map(|id| document.get_object_mut(id)) {
        dictionary.remove(b"CreationDate");
        dictionary.remove(b"ModDate");
    }
    let mut written = Vec::with_capacity(bytes.len());
    match document.save_to(&mut written) {
        Ok(()) => written,
        Err(_) => bytes,
    }
}

/// A text whose line breaks are kept (for `words`) and every other character made printable.
fn printable_keeping_breaks(text: &str) -> String {
    text.split('\n').map(printable).collect::<Vec<_>>().join("\n")
}

/// A footnote laid out for the foot of a page: its mark raised at the body's left edge, its text hanging
/// after it in small type.
fn footnote_lines(footnote: &Footnote) -> Vec<TextLine> {
    let mut mark = Word::default();
    mark.push(&printable(&footnote.mark), Face::Roman, true);
    let text_x = BODY_LEFT + NOTE_HANG.max(mark.width(NOTE_SIZE) + 2.0);
    let para = Para {
        size: NOTE_SIZE,
        leading: NOTE_LEADING,
        first_x: text_x,
        rest_x: text_x,
        ..Para::new(words(&footnote.text, 0, &[], Face::Roman))
    };
    let mut lines = para.lines();
    if let Some(first) = lines.first_mut() {
        first.pieces.insert(
            0,
            Piece {
                x: BODY_LEFT,
                text: printable(&footnote.mark),
                face: Face::Roman,
                size: NOTE_SIZE * MARK_SCALE,
                rise: NOTE_SIZE * MARK_RISE,
            },
        );
    } else {
        lines.push(TextLine::single(
            BODY_LEFT,
            &printable(&footnote.mark),
            Face::Roman,
            NOTE_SIZE,
            NOTE_LEADING,
        ));
    }
    lines
}

/// Draws the page's footnotes at its foot, under a short rule.
fn draw_notes(page: &mut PageBuffer) {
    if page.notes.is_empty() {
        return;
    }
    let mut y = PAGE_HEIGHT - MARGIN_BOTTOM - page.notes_height() + NOTE_RULE_GAP;
    draw_rule(&mut page.ops, BODY_LEFT, BODY_LEFT + NOTE_RULE_LENGTH, y, 0.5);
    y += NOTE_RULE_GAP;
    for line in std::mem::take(&mut page.notes) {
        let baseline = y + line.size;
        draw_line(&mut page.ops, &line, baseline);
        y += line.leading;
    }
}

/// The running head (pages after the first: the symbol at the outer edge, the title at the inner, over a
/// rule) and the foot (the page number at the outer edge; the job number at the inner edge of the first).
fn draw_furniture(ops: &mut Vec<Op>, number: usize, count: usize, furniture: &Furniture) {
    let odd = number % 2 == 1;
    let at_outer = |width: f32| if odd { CONTENT_RIGHT - width } else { CONTENT_LEFT };
    let at_inner = |width: f32| if odd { CONTENT_LEFT } else { CONTENT_RIGHT - width };
    if number > 1 && (furniture.symbol.is_some() || furniture.title.is_some()) {
        let mut symbol_width = 0.0;
        if let Some(symbol) = &furniture.symbol {
            symbol_width = Face::Bold.width(symbol, 10.0);
            let line = TextLine::single(at_outer(symbol_width), symbol, Face::Bold, 10.0, 12.0);
            draw_line(ops, &line, HEAD_BASELINE);
        }
        if let Some(title) = &furniture.title {
            let room = CONTENT_RIGHT - CONTENT_LEFT - symbol_width - 24.0;
            let title = shortened(title, Face::Roman, FURNITURE_SIZE, room);
            let width = Face::Roman.width(&title, FURNITURE_SIZE);
            let line = TextLine::single(at_inner(width), &title, Face::Roman, FURNITURE_SIZE, 10.0);
            draw_line(ops, &line, HEAD_BASELINE);
        }
        draw_rule(ops, CONTENT_LEFT, CONTENT_RIGHT, HEAD_BASELINE + 5.0, 0.5);
    }
    let counter = format!("{number}/{count}");
    let width = Face::Roman.width(&counter, FURNITURE_SIZE);
    draw_line(
        ops,
        &TextLine::single(at_outer(width), &counter, Face::Roman, FURNITURE_SIZE, 10.0),
        FOOT_BASELINE,
    );
    if number == 1
        && let Some(job_number) = &furniture.job_number
    {
        let width = Face::Roman.width(job_number, FURNITURE_SIZE);
        let line = TextLine::single(at_inner(width), job_number, Face::Roman, FURNITURE_SIZE, 10.0);
        draw_line(ops, &line, FOOT_BASELINE);
    }
}

/// A text cut at a word and ended with "…" to fit `room`.
fn shortened(text: &str, face: Face, size: f32, room: f32) -> String {
    if face.width(text, size) <= room {
        return text.to_string();
    }
    let mut kept = String::new();
    for word in text.split(' ') {
        let candidate = if kept.is_empty() { word.to_string() } else { format!("{kept} {word}") };
        if face.width(&format!("{candidate} …"), size) > room {
            break;
        }
        kept = candidate;
    }
    format!("{kept} …")
}

/// Draws a line with its baseline `baseline` points below the top of the page.
fn draw_line(ops: &mut Vec<Op>, line: &TextLine, baseline: f32) {
    if line.pieces.is_empty() {
        return;
    }
    ops.push(Op::StartTextSection);
    ops.push(Op::SetWordSpacing { pt: Pt(line.word_spacing) });
    let mut font: Option<(Face, f32)> = None;
    for piece in &line.pieces {
        if font != Some((piece.face, piece.size)) {
            ops.push(Op::SetFont { font: PdfFontHandle::Builtin(piece.face.font()), size: Pt(piece.size) });
            font = Some((piece.face, piece.size));
        }
        let y = PAGE_HEIGHT - baseline + piece.rise;
        ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(Pt(piece.x), Pt(y)) });
        ops.push(Op::ShowText { items: vec![TextItem::Text(piece.text.clone())] });
    }
    ops.push(Op::EndTextSection);
}

/// Draws a horizontal rule `y` points below the top of the page.
fn draw_rule(ops: &mut Vec<Op>, from: f32, to: f32, y: f32, thickness: f32) {
    let point = |x: f32| LinePoint { p: Point { x: Pt(x), y: Pt(PAGE_HEIGHT - y) }, bezier: false };
    ops.push(Op::SetOutlineThickness { pt: Pt(thickness) });
    ops.push(Op::DrawLine { line: PathLine { points: vec![point(from), point(to)], is_closed: false } });
}

/// The blocks of the first page's masthead, up to the adoption line, the sponsors or the title.
fn is_masthead(block: &Block<'_>) -> bool {
    matches!(
        block,
        Block::Line(printed::Line {
            kind: Kind::Organization
                | Kind::Symbol
                | Kind::Body
                | Kind::Distribution
                | Kind::Issued
                | Kind::JobNumber
                | Kind::Session
                | Kind::Committee
                | Kind::AgendaItems
                | Kind::AgendaTitle
                | Kind::MastheadEnd,
            ..
        })
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{FIXTURES, import_fixture};

    /// The decompressed content streams of a PDF's pages.
    fn content_streams(pdf: &[u8]) -> Vec<Vec<u8>> {
        let document = lopdf::Document::load_mem(pdf).unwrap();
        document.get_pages().values().map(|&page| document.get_page_content(page)).collect()
    }

    #[test]
    fn every_fixture_and_an_empty_document_make_a_pdf() {
        let mut documents: Vec<(&str, Document)> =
            FIXTURES.iter().map(|name| (*name, import_fixture(name))).collect();
        documents.push(("empty", Document::default()));
        for (name, document) in documents {
            let pdf = document_to_pdf(&document);
            assert!(pdf.starts_with(b"%PDF-"), "{name}");
            let streams = content_streams(&pdf);
            assert!(!streams.is_empty(), "{name}");
            let count = streams.len();
            let last_counter = format!("({count}/{count}) Tj");
            assert!(
                streams[count - 1].windows(last_counter.len()).any(|w| w == last_counter.as_bytes()),
                "{name}"
            );
        }
    }

    #[test]
    fn a_footnote_longer_than_a_page_goes_on_at_the_next_foot() {
        let mut document = import_fixture("A_RES_80_198.txt");
        let pages_before = content_streams(&document_to_pdf(&document)).len();
        document.footnotes[0].text = "word ".repeat(6000);
        let streams = content_streams(&document_to_pdf(&document));
        assert!(streams.len() > pages_before + 3, "{} pages", streams.len());
        let words: usize =
            streams.iter().map(|stream| stream.windows(4).filter(|window| window == b"word").count()).sum();
        assert_eq!(words, 6000);
    }

    #[test]
    fn every_character_is_printable_without_panicking() {
        assert_eq!(printable("Côte d’Ivoire – Türkiye"), "Côte d’Ivoire – Türkiye");
        assert_eq!(printable("Łódź, România, Şanlıurfa"), "Lódz, România, Sanliurfa");
        assert_eq!(printable("non\u{2011}derogable\u{00AD}s"), "non-derogables");
        assert_eq!(printable("Россия 中国"), "?????? ??");
        for character in (0u32..0x3_0000).filter_map(char::from_u32) {
            let shown = printable(&character.to_string());
            assert!(shown.chars().all(|c| win_ansi(c).is_some()), "{character:?} gave {shown:?}");
        }
    }

    #[test]
    fn the_times_faces_have_the_same_space_and_their_afm_widths() {
        // Spot checks against Adobe's Core 14 AFM files.
        assert_eq!(Face::Roman.advance(' '), 250);
        assert_eq!(Face::Italic.advance(' '), 250);
        assert_eq!(Face::Bold.advance(' '), 250);
        assert_eq!(Face::Roman.advance('a'), 444);
        assert_eq!(Face::Roman.advance('W'), 944);
        assert_eq!(Face::Italic.advance('m'), 722);
        assert_eq!(Face::Bold.advance('W'), 1000);
        assert_eq!(Face::Roman.advance('é'), 444);
        assert_eq!(Face::Roman.advance('–'), 500);
        assert!((Face::Roman.width("Condemns", 10.0) - 42.78).abs() < 0.001);
    }

    #[test]
    fn words_carry_italics_and_marks_where_they_stand() {
        let refs = [FootnoteRef { mark: "1".into(), at: 30 }];
        let words = words("Recalling also the Convention, which", 14, &refs, Face::Roman);
        let shown: Vec<Vec<(&str, Face, bool)>> = words
            .iter()
            .map(|word| word.spans.iter().map(|span| (span.text.as_str(), span.face, span.mark)).collect())
            .collect();
        assert_eq!(
            shown,
            vec![
                vec![("Recalling", Face::Italic, false)],
                vec![("also", Face::Italic, false)],
                vec![("the", Face::Roman, false)],
                vec![("Convention,", Face::Roman, false), ("1", Face::Roman, true)],
                vec![("which", Face::Roman, false)],
            ]
        );
    }

    #[test]
    fn lines_fit_between_their_edges_and_justified_lines_reach_the_right() {
        let text = "Calls upon all States to adopt and implement effective measures to prevent torture and other \
                    cruel, inhuman or degrading treatment or punishment, including in the context of the use of \
                    force by law enforcement officials, and a long address https://www.ohchr.org/en/special-procedures/sr-torture-and-other-cruel-inhuman-or-degrading-treatment";
        let para = Para { first_x: BODY_LEFT + INDENT, ..Para::new(words(text, 10, &[], Face::Roman)) };
        let lines = para.lines();
        assert!(lines.len() > 3);
        for (index, line) in lines.iter().enumerate() {
            let end = line.pieces.iter().map(|piece| {
                let spaces = piece.text.matches(' ').count() as f32;
                piece.x + piece.face.width(&piece.text, piece.size) + spaces * line.word_spacing
            });
            let end = end.fold(0.0f32, f32::max);
            assert!(end <= BODY_RIGHT + 0.05, "line {index} ends at {end}");
            if index + 1 < lines.len() && line.word_spacing > 0.0 {
                assert!((end - BODY_RIGHT).abs() < 0.05, "line {index} is justified to {end}");
            }
        }
        let first = &lines[0].pieces[0];
        assert_eq!((first.text.as_str(), first.face), ("Calls upon", Face::Italic));
        assert_eq!(first.x, BODY_LEFT + INDENT);
    }
}
