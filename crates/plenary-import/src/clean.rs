//! Layout of clean text and Markdown: texts without page furniture, one paragraph per block of lines
//! separated by blank lines (or, in texts with no blank lines at all, one paragraph per line).
//!
//! Three kinds of text come here:
//!
//! - Markdown written by our own writer (`markdown.rs`), recognised by `generator: plenary` in its front
//!   matter. Every masthead fact is in the front matter, the title is the `#` heading, every footnote mark
//!   is written `[^1]`; it is read exactly, with no guessing.
//! - Clean renderings made by other tools, such as `corpus/ga-clean`: front matter with the symbol, title
//!   and date, then the masthead of the PDF flattened onto single lines ("General Assembly Distr.: General
//!   12 November 2025", "Eightieth session Agenda item 74"), the body with footnote marks left as plain
//!   numbers ("Court 1 reaffirms", "Court,2"), and `[^1]: …` footnote definitions at the end. These
//!   renderings carry slips of their own that are repaired here: the running title of a page left in the
//!   middle of a paragraph, a paragraph split by a blank line where a page ended, a wrapped year read as
//!   a footnote label (`[^2013]:`), a title cut short.
//! - Plain clean text, with the masthead lines of the PDF and footnotes under a rule of underscores.
//!
//! Markdown emphasis and escapes are removed from the words. Every line of the body lands in a block, a
//! footnote, or the furniture list with its shape; nothing is dropped.

use std::collections::BTreeMap;

use plenary_core::vocabulary::{ParagraphPart, opening_phrase, starts_preambular_paragraph};
use plenary_core::{AgendaItem, Body, Committee, Diagnostic, Distribution, DocumentKind, Session, Symbol};
use time::Date;

use crate::json::parse_iso_date;
use crate::layout::{
    Block, BodyItem, FootnoteText, Layout, Separation, assemble_blocks, ends_clause, footnote_opening,
    is_meeting_line,
};
use crate::lines::{FurnitureKind, FurnitureLine, SourceLine, source_lines};
use crate::marks::MarkContext;
use crate::masthead::{self, Masthead, enacting_formula_body};
use crate::numbering;
use crate::patterns;
use crate::text::{MARK_PLACEHOLDER, MarkedText, normalize_characters};

pattern!(HEADING, r"^(#{1,6})(?:\s+(.*?))?(?:\s+#+)?\s*$");
pattern!(FOOTNOTE_DEFINITION, r"^\[\^([^\]\s]+)\]:\s*(.*)$");
pattern!(THEMATIC_BREAK, r"^(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$");
pattern!(SECTION_HEADING, r"^([IVX]{1,6}|[A-H])(?:\.\s*(.*))?$");
pattern!(
    BODY_AND_DISTRIBUTION,
    r"^(General Assembly|Security Council|Human Rights Council|Economic and Social Council)\s+(Distr\.:?\s*(?:General|Limited|Restricted))\b\s*(.*)$"
);
pattern!(SESSION_AND_AGENDA, r"^(.*?\bsession)\s+(Agenda items?\b.*)$");
pattern!(
    AGENDA_AND_TITLE,
    r"^(Agenda items?\s+\d{1,3}(?:\s*\([a-z]{1,3}\))?(?:(?:,\s*|,?\s+and\s+)\d{1,3}(?:\s*\([a-z]{1,3}\))?)*)\s+(\p{Lu}.*)$"
);
pattern!(
    DATE_AND_REST,
    r"^(\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4})\s+(.+)$"
);

/// Hard-wrapped text has lines of about 80 characters; a text whose lines are on average longer than
/// this holds a paragraph on each line.
const LONG_LINE_CHARACTERS: usize = 120;

/// How many lines at the top of a text without an enacting formula may hold its masthead.
const MASTHEAD_ZONE_LINES: usize = 60;

/// No title of a resolution runs this long; the longest in the corpus have about forty words.
const TITLE_MAX_WORDS: usize = 60;

/// A sub-heading standing between two paragraphs in a run of lines is at most this many words.
const HEADING_LINE_MAX_WORDS: usize = 10;

/// Words a paragraph never ends on: a block that stops on one was cut short.
const CONTINUING_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "its", "of", "on", "or", "the", "their", "to",
    "with",
];

/// Reads the layout of clean text (`markdown` false) or Markdown.
pub(crate) fn layout(text: &str, markdown: bool) -> Layout {
    let mut lines = source_lines(text);
    // Blank lines separate paragraphs here; no text of this kind has pages.
    for line in &mut lines {
        line.page_break = false;
    }
    let mut diagnostics = Vec::new();
    let front = if markdown { FrontMatter::read(&lines, &mut diagnostics) } else { FrontMatter::default() };
    let exact = front.is_ours() || (markdown && cites_bracketed_marks(&lines[front.end..]));
    let readings: Vec<Reading> = lines
        .iter()
        .enumerate()
        .map(|(index, line)| read_line(line, index < front.end, markdown, exact))
        .collect();
    let indents = (!markdown).then(|| indentation(text));
    layout_readings(&lines, &readings, &front, indents.as_deref(), exact, diagnostics)
}

/// A paragraph of a word-processor file, as `docx.rs` reads it: its lines (the file's own line breaks),
/// each with the footnote references cut out as placeholders and their marks beside the text, and whether
/// the file styles it as a sub-heading.
#[derive(Debug, Clone, Default)]
pub(crate) struct FileParagraph {
    pub lines: Vec<MarkedText>,
    pub heading: bool,
}

/// Reads the layout of a word-processor file's paragraphs and footnotes (mark, text). The file already
/// says what Markdown says with syntax — one block per paragraph, each footnote reference exactly where it
/// stands, sub-headings declared — so the paragraphs are read as our Markdown reader reads text with
/// bracketed marks, with nothing to unescape and no mark to guess. A file has no lines of its own: the
/// line of a diagnostic is the number of the paragraph (1-based) it came from, footnotes counting on after
/// the body.
pub(crate) fn layout_paragraphs(paragraphs: &[FileParagraph], footnotes: &[(String, String)]) -> Layout {
    let mut lines = Vec::new();
    let mut readings = Vec::new();
    let source_line = |number: usize, text: &str, heading: bool| SourceLine {
        number: u32::try_from(number).unwrap_or(u32::MAX),
        text: text.to_string(),
        page_break: false,
        indented: false,
        soft_hyphen_break: false,
        heading,
    };
    for (index, paragraph) in paragraphs.iter().enumerate() {
        for line in &paragraph.lines {
            let text = line.text.trim();
            lines.push(source_line(index + 1, text, paragraph.heading));
            let marked = MarkedLine { text: text.to_string(), marks: line.marks.clone() };
            readings.push(if paragraph.heading {
                Reading::Heading { level: 3, text: marked }
            } else {
                Reading::Text(marked)
            });
        }
        lines.push(source_line(index + 1, "", false));
        readings.push(Reading::Blank);
    }
    for (position, (mark, text)) in footnotes.iter().enumerate() {
        let number = paragraphs.len() + position + 1;
        lines.push(source_line(number, &format!("[^{mark}]: {text}"), false));
        readings.push(Reading::FootnoteDefinition { mark: mark.clone(), text: text.clone() });
    }
    layout_readings(&lines, &readings, &FrontMatter::default(), None, true, Vec::new())
}

/// The layout of lines already read: the footnotes, the masthead, then the blocks of the body. `indents`
/// (the width of each line's leading whitespace) is given for clean text, whose paragraphs may be set
/// apart in several ways; without it (Markdown, word-processor files) blank lines set them apart. With
/// `exact`, every footnote mark is already cut out of the lines.
fn layout_readings(
    lines: &[SourceLine],
    readings: &[Reading],
    front: &FrontMatter,
    indents: Option<&[usize]>,
    exact: bool,
    mut diagnostics: Vec<Diagnostic>,
) -> Layout {
    let mut furniture = Vec::new();
    let footnote_zone = FootnoteZone::find(lines, readings, front.end, &mut furniture);
    let footnotes = footnote_zone.read(lines, readings, &mut diagnostics);

    let (mut masthead, body_start) = if front.is_ours() {
        own_masthead(front, readings, &mut diagnostics)
    } else {
        let (mut masthead, body_start) = printed_masthead(lines, readings, &footnote_zone, front.end);
        front.complete(&mut masthead, &mut diagnostics);
        (masthead, body_start)
    };
    furniture.append(&mut masthead.furniture);

    let separation = match indents {
        None => BodySeparation::BlankLines,
        Some(indents) => {
            body_separation(&lines[body_start..], &indents[body_start..], &footnote_zone, body_start)
        }
    };
    let mut pieces = body_pieces(lines, readings, &footnote_zone, body_start, separation);
    if !exact {
        remove_running_titles(&mut pieces, &masthead.title, &mut furniture, &mut diagnostics);
    }
    if indents.is_some() && separation != BodySeparation::Lines {
        pieces = split_runs(pieces);
    }

    let mut marks = MarkContext::default();
    let blocks = if exact {
        let queue: Vec<String> = pieces
            .iter()
            .filter_map(|piece| match piece {
                Piece::Line(_, line_marks) => Some(line_marks.clone()),
                Piece::Blank => None,
            })
            .flatten()
            .collect();
        let items = body_items(&pieces);
        // The marks are known exactly; the heuristic mark finder must not look at the digits of the text.
        let mut blocks = assemble_blocks(&items, separation.for_blocks(), &mut MarkContext::default());
        give_marks(&mut blocks, queue);
        report_citations(&blocks, &footnotes, &masthead.star_marks, &mut diagnostics);
        blocks
    } else {
        for footnote in &footnotes {
            marks.define(&footnote.mark, None);
        }
        let items = body_items(&pieces);
        let blocks = assemble_blocks(&items, separation.for_blocks(), &mut marks);
        join_split_paragraphs(blocks, lines, &mut diagnostics)
    };

    furniture.sort_by_key(|line: &FurnitureLine| line.line);
    furniture.dedup();
    diagnostics.append(&mut masthead.diagnostics);
    Layout {
        body_start_line: lines.get(body_start).map_or(u32::MAX, |line| line.number),
        masthead,
        blocks,
        footnotes,
        furniture,
        diagnostics,
        marks,
    }
}

/// What one source line is, once Markdown syntax is read.
#[derive(Debug, Clone)]
enum Reading {
    FrontMatter,
    /// An empty line, or a thematic break (`---`), which separates blocks like one.
    Blank,
    /// A rule of underscores, as above footnotes.
    Rule,
    Text(MarkedLine),
    Heading {
        level: usize,
        text: MarkedLine,
    },
    /// `[^1]: text`.
    FootnoteDefinition {
        mark: String,
        text: String,
    },
}

/// A line's words with the marks cut out: the `n`th placeholder stands for `marks[n]`.
#[derive(Debug, Clone, Default)]
struct MarkedLine {
    text: String,
    marks: Vec<String>,
}

fn read_line(line: &SourceLine, in_front_matter: bool, markdown: bool, exact: bool) -> Reading {
    if in_front_matter {
        return Reading::FrontMatter;
    }
    let text = line.text.as_str();
    if text.is_empty() {
        return Reading::Blank;
    }
    if patterns::is_rule(text) {
        return Reading::Rule;
    }
    if !markdown {
        return Reading::Text(MarkedLine { text: text.to_string(), marks: Vec::new() });
    }
    if THEMATIC_BREAK.is_match(text) {
        return Reading::Blank;
    }
    if let Some(captures) = FOOTNOTE_DEFINITION.captures(text) {
        return Reading::FootnoteDefinition {
            mark: captures[1].to_string(),
            text: markdown_words(&captures[2], false).text,
        };
    }
    if let Some(captures) = HEADING.captures(text) {
        let content = captures.get(2).map_or("", |content| content.as_str());
        return Reading::Heading { level: captures[1].len(), text: markdown_words(content, exact) };
    }
    Reading::Text(markdown_words(text, exact))
}

/// The words of a line of Markdown: escapes resolved, emphasis and code markers removed, a hard line
/// break at the end dropped, and (when `exact`) footnote references `[^1]` cut out as marks.
fn markdown_words(text: &str, exact: bool) -> MarkedLine {
    let characters: Vec<char> = text.chars().collect();
    let mut output = MarkedLine::default();
    let mut index = 0usize;
    while index < characters.len() {
        let character = characters[index];
        match character {
            '\\' => match characters.get(index + 1) {
                Some(next) if next.is_ascii_punctuation() => {
                    output.text.push(*next);
                    index += 2;
                    continue;
                }
                // A backslash at the end of a line is a hard line break.
                None => {}
                Some(_) => output.text.push('\\'),
            },
            '*' | '`' => {}
            '_' => {
                // Underscores inside a word are the word's; at its edges they are emphasis.
                let before = index.checked_sub(1).map(|at| characters[at]);
                let after = characters.get(index + 1).copied();
                if before.is_some_and(char::is_alphanumeric) && after.is_some_and(char::is_alphanumeric) {
                    output.text.push('_');
                }
            }
            '[' if exact && characters.get(index + 1) == Some(&'^') => {
                let close = characters[index + 2..].iter().position(|&c| c == ']' || c.is_whitespace());
                match close {
                    Some(length) if length > 0 && characters[index + 2 + length] == ']' => {
                        output.marks.push(characters[index + 2..index + 2 + length].iter().collect());
                        output.text.push(MARK_PLACEHOLDER);
                        index += length + 3;
                        continue;
                    }
                    _ => output.text.push('['),
                }
            }
            other => output.text.push(other),
        }
        index += 1;
    }
    output.text = output.text.trim().to_string();
    output
}

/// Whether the body of a Markdown text cites its footnotes as `[^1]`: then every mark is one, and the
/// digits of the text are text.
fn cites_bracketed_marks(lines: &[SourceLine]) -> bool {
    lines.iter().any(|line| {
        let text = line.text.as_str();
        let body_text = if FOOTNOTE_DEFINITION.is_match(text) {
            text.split_once("]:").map_or("", |(_, rest)| rest)
        } else {
            text
        };
        body_text.match_indices("[^").any(|(position, _)| body_text[position..].contains(']'))
    })
}

/// The front matter of a Markdown text: `key: value` lines between `---` lines at the top.
#[derive(Debug, Default)]
struct FrontMatter {
    /// Index of the first line after the front matter (0 when there is none).
    end: usize,
    scalars: BTreeMap<String, (String, u32)>,
    lists: BTreeMap<String, Vec<BTreeMap<String, String>>>,
}

impl FrontMatter {
    fn read(lines: &[SourceLine], diagnostics: &mut Vec<Diagnostic>) -> FrontMatter {
        let mut front = FrontMatter::default();
        if lines.first().is_none_or(|line| line.text != "---") {
            return front;
        }
        let Some(close) = lines.iter().skip(1).position(|line| line.text == "---" || line.text == "...")
        else {
            diagnostics.push(Diagnostic::warning(
                1,
                "the front matter opened on line 1 is never closed; its lines are read as text",
            ));
            return front;
        };
        let close = close + 1;
        let mut current_list: Option<String> = None;
        for line in &lines[1..close] {
            let text = line.text.as_str();
            if text.is_empty() || text.starts_with('#') {
                continue;
            }
            if let Some(item) = text.strip_prefix("- ").or_else(|| (text == "-").then_some("")) {
                let Some(key) = &current_list else {
                    diagnostics.push(Diagnostic::warning(
                        line.number,
                        "a list item in the front matter with no key; ignored",
                    ));
                    continue;
                };
                let mut entry = BTreeMap::new();
                match split_key(item) {
                    Some((field, value)) => entry.insert(field.to_string(), scalar(value)),
                    None => entry.insert(String::new(), scalar(item)),
                };
                front.lists.entry(key.clone()).or_default().push(entry);
                continue;
            }
            match split_key(text) {
                Some((key, value)) if line.indented && current_list.is_some() => {
                    let list = current_list.as_ref().and_then(|list| front.lists.get_mut(list));
                    if let Some(entry) = list.and_then(|entries| entries.last_mut()) {
                        entry.insert(key.to_string(), scalar(value));
                    }
                }
                Some((key, "")) => current_list = Some(key.to_string()),
                Some((key, value)) => {
                    current_list = None;
                    front.scalars.insert(key.to_string(), (scalar(value), line.number));
                }
                None => diagnostics.push(Diagnostic::warning(
                    line.number,
                    format!("front matter line {text:?} is not \"key: value\"; ignored"),
                )),
            }
        }
        front.end = close + 1;
        front
    }

    /// Written by our own Markdown writer: every fact is here, and absent means absent.
    fn is_ours(&self) -> bool {
        self.text("generator") == Some(crate::markdown::GENERATOR)
    }

    fn text(&self, key: &str) -> Option<&str> {
        self.scalars.get(key).map(|(value, _)| value.as_str())
    }

    fn line(&self, key: &str) -> Option<u32> {
        self.scalars.get(key).map(|(_, line)| *line)
    }

    fn date(&self, key: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<Date> {
        let text = self.text(key)?;
        match parse_iso_date(Some(text), key) {
            Ok(date) => date,
            Err(error) => {
                diagnostics.push(Diagnostic::warning(self.line(key), format!("front matter: {error}")));
                None
            }
        }
    }

    fn symbol(&self, diagnostics: &mut Vec<Diagnostic>) -> Option<Symbol> {
        let text = self.text("symbol")?;
        match Symbol::parse(text) {
            Ok(symbol) => Some(symbol),
            Err(error) => {
                diagnostics.push(Diagnostic::warning(self.line("symbol"), format!("front matter: {error}")));
                None
            }
        }
    }

    fn agenda_items(&self) -> Vec<AgendaItem> {
        self.lists
            .get("agenda_items")
            .map(|entries| {
                entries
                    .iter()
                    .filter_map(|entry| {
                        let item = entry.get("item").or_else(|| entry.get(""))?;
                        Some(AgendaItem { item: item.clone(), title: entry.get("title").cloned() })
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    fn sponsors(&self) -> Vec<String> {
        self.lists
            .get("sponsors")
            .map(|entries| entries.iter().filter_map(|entry| entry.get("").cloned()).collect())
            .unwrap_or_default()
    }

    /// The masthead our writer put here, field by field.
    fn masthead(&self, diagnostics: &mut Vec<Diagnostic>) -> Masthead {
        let mut masthead = Masthead {
            symbol: self.symbol(diagnostics),
            body: self.text("body").and_then(Body::from_name),
            kind: self.text("kind").and_then(document_kind),
            committee: self.text("committee").and_then(Committee::from_name),
            session: self.text("session").and_then(|session| {
                Session::from_symbol_segment(session).or_else(|| Session::from_masthead(session))
            }),
            agenda_items: self.agenda_items(),
            distribution: self.text("distribution").and_then(distribution),
            issued: self.date("issued", diagnostics),
            job_number: self.text("job_number").map(str::to_string),
            adoption_date: self.date("adopted", diagnostics),
            route: self.text("route").map(str::to_string),
            council_meeting: self.text("council_meeting").map(str::to_string),
            sponsors: self.sponsors(),
            sponsor_note: self.text("sponsor_note").map(str::to_string),
            title: self.text("title").map(str::to_string).unwrap_or_default(),
            ..Masthead::default()
        };
        for (key, parse_failed) in [
            ("body", self.text("body").is_some() && masthead.body.is_none()),
            ("kind", self.text("kind").is_some() && masthead.kind.is_none()),
            ("committee", self.text("committee").is_some() && masthead.committee.is_none()),
            ("session", self.text("session").is_some() && masthead.session.is_none()),
            ("distribution", self.text("distribution").is_some() && masthead.distribution.is_none()),
        ] {
            if parse_failed {
                diagnostics.push(Diagnostic::warning(
                    self.line(key),
                    format!("front matter: {key} {:?} is not one Plenary knows; ignored", self.text(key)),
                ));
            }
        }
        masthead.title = masthead.title.trim().to_string();
        masthead
    }

    /// Completes a masthead read from the printed lines with what the front matter of another tool
    /// says: its symbol, its date, and its title where the printed one was cut short.
    fn complete(&self, masthead: &mut Masthead, diagnostics: &mut Vec<Diagnostic>) {
        let ours = self.masthead(diagnostics);
        if masthead.symbol.is_none() && ours.symbol.is_some() {
            masthead.symbol = ours.symbol;
            infer_from_symbol(masthead);
        }
        if masthead.issued.is_none() {
            masthead.issued = ours.issued.or_else(|| self.date("date", diagnostics));
        }
        // Tools write "Title :" for a title that ends a masthead line.
        let front_title = ours.title.trim_end_matches(':').trim();
        let printed = title_words(&masthead.title);
        let complete = title_words(front_title);
        if masthead.title.is_empty() && !front_title.is_empty() {
            masthead.title = front_title.to_string();
        } else if complete.len() > printed.len() && complete.starts_with(&printed) {
            diagnostics.push(Diagnostic::info(
                self.line("title"),
                format!(
                    "the printed title {:?} is cut short; the front matter's title is used",
                    masthead.title
                ),
            ));
            masthead.title = front_title.to_string();
        }
        macro_rules! fill {
            ($($field:ident),*) => {
                $(if masthead.$field.is_none() { masthead.$field = ours.$field; })*
            };
        }
        fill!(
            body,
            kind,
            committee,
            session,
            distribution,
            job_number,
            adoption_date,
            route,
            council_meeting,
            sponsor_note
        );
        if masthead.agenda_items.is_empty() {
            masthead.agenda_items = ours.agenda_items;
        }
        if masthead.sponsors.is_empty() {
            masthead.sponsors = ours.sponsors;
        }
    }
}

fn split_key(text: &str) -> Option<(&str, &str)> {
    let (key, value) = text.split_once(':')?;
    let key = key.trim();
    let valid = !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-'));
    (valid && (value.is_empty() || value.starts_with(' '))).then(|| (key, value.trim()))
}

/// A YAML scalar as written: double-quoted (JSON escapes), single-quoted, or plain.
fn scalar(value: &str) -> String {
    let value = value.trim();
    if value.starts_with('"') {
        if let Ok(text) = serde_json::from_str::<String>(value) {
            return text;
        }
        return value.trim_matches('"').to_string();
    }
    if let Some(inner) = value.strip_prefix('\'').and_then(|rest| rest.strip_suffix('\'')) {
        return inner.replace("''", "'");
    }
    value.to_string()
}

fn document_kind(text: &str) -> Option<DocumentKind> {
    Some(match text {
        "resolution" => DocumentKind::Resolution,
        "draft_resolution" => DocumentKind::DraftResolution,
        "draft_decision" => DocumentKind::DraftDecision,
        "amendment" => DocumentKind::Amendment,
        "other" => DocumentKind::Other,
        _ => return None,
    })
}

fn distribution(text: &str) -> Option<Distribution> {
    match text.to_ascii_lowercase().as_str() {
        "general" => Some(Distribution::General),
        "limited" => Some(Distribution::Limited),
        "restricted" => Some(Distribution::Restricted),
        _ => None,
    }
}

/// What the symbol implies, for a masthead that learnt its symbol from the front matter only.
fn infer_from_symbol(masthead: &mut Masthead) {
    let Some(symbol) = &masthead.symbol else {
        return;
    };
    masthead.body = masthead.body.or_else(|| symbol.body());
    masthead.session = masthead.session.or_else(|| symbol.session());
    masthead.committee = masthead.committee.or_else(|| symbol.committee());
    if masthead.kind.is_none() {
        masthead.kind = Some(if symbol.is_resolution() {
            DocumentKind::Resolution
        } else if symbol.is_draft() {
            DocumentKind::DraftResolution
        } else {
            DocumentKind::Other
        });
    }
}

/// The lowercase words of a title, for comparing a printed title with a complete one.
fn title_words(title: &str) -> Vec<String> {
    crate::conservation::words(title).into_iter().map(|word| word.to_lowercase()).collect()
}

/// The masthead of our own Markdown: the front matter, and the `#` heading that follows it.
fn own_masthead(
    front: &FrontMatter,
    readings: &[Reading],
    diagnostics: &mut Vec<Diagnostic>,
) -> (Masthead, usize) {
    let mut masthead = front.masthead(diagnostics);
    let first = (front.end..readings.len()).find(|&index| !matches!(readings[index], Reading::Blank));
    let body_start = match first.map(|index| (index, &readings[index])) {
        Some((index, Reading::Heading { level: 1, text })) => {
            masthead.title = text.text.replace(MARK_PLACEHOLDER, "");
            index + 1
        }
        _ => front.end,
    };
    (masthead, body_start)
}

/// The masthead as printed at the top of the text, also when a clean rendering flattened several of its
/// lines onto one. Returns it and the index of the first line of the body.
fn printed_masthead(
    lines: &[SourceLine],
    readings: &[Reading],
    footnotes: &FootnoteZone,
    start: usize,
) -> (Masthead, usize) {
    let formula = (start..lines.len().min(start + MASTHEAD_ZONE_LINES * 2)).find(|&index| {
        reading_text(&readings[index]).is_some_and(|text| enacting_formula_body(text).is_some())
    });
    let zone_end = formula.map_or(lines.len().min(start + MASTHEAD_ZONE_LINES), |formula| formula + 1);
    let mut virtual_lines = Vec::new();
    let mut origins = Vec::new();
    for index in start..zone_end {
        let line = &lines[index];
        let text = match &readings[index] {
            _ if footnotes.contains(index) => None,
            reading => reading_text(reading).map(|text| text.replace(MARK_PLACEHOLDER, "")),
        };
        let pieces = match text {
            Some(text) if formula.is_some_and(|formula| index < formula) => split_flattened(&text),
            Some(text) => vec![text],
            None => vec![String::new()],
        };
        for piece in pieces {
            virtual_lines.push(SourceLine {
                number: line.number,
                text: piece,
                page_break: false,
                indented: false,
                soft_hyphen_break: false,
                heading: false,
            });
            origins.push(index);
        }
    }
    let mut masthead = masthead::read(&virtual_lines);
    let mut body_start = origins.get(masthead.end).copied().unwrap_or(zone_end);
    // Prose that runs on for more words than any title is the body of a text with no masthead (or the
    // tail of the text before it, in a compilation): it starts where the supposed title starts.
    if masthead.title.split_whitespace().count() > TITLE_MAX_WORDS
        && let Some(first) = virtual_lines[..masthead.end.min(virtual_lines.len())]
            .iter()
            .position(|line| !line.text.is_empty() && masthead.title.contains(line.text.as_str()))
    {
        masthead.diagnostics.push(Diagnostic::warning(
            virtual_lines[first].number,
            "the text here reads as prose, not as a title; it is read as the body",
        ));
        masthead.title.clear();
        masthead.title_number = None;
        body_start = origins[first];
    }
    (masthead, body_start)
}

fn reading_text(reading: &Reading) -> Option<&str> {
    match reading {
        Reading::Text(line) | Reading::Heading { text: line, .. } => Some(&line.text),
        _ => None,
    }
}

/// Splits a masthead line that a clean rendering flattened — "General Assembly Distr.: General
/// 12 November 2025", "Eightieth session Agenda item 38 Necessity of ending …" — into the lines the
/// masthead reader knows.
fn split_flattened(text: &str) -> Vec<String> {
    if let Some(captures) = BODY_AND_DISTRIBUTION.captures(text) {
        let mut pieces = vec![captures[1].to_string(), captures[2].to_string()];
        if !captures[3].trim().is_empty() {
            pieces.extend(split_flattened(captures[3].trim()));
        }
        return pieces;
    }
    if let Some(captures) = SESSION_AND_AGENDA.captures(text)
        && Session::from_masthead(&captures[1]).is_some()
    {
        let mut pieces = vec![captures[1].to_string()];
        pieces.extend(split_flattened(&captures[2]));
        return pieces;
    }
    if let Some(captures) = AGENDA_AND_TITLE.captures(text) {
        return vec![captures[1].to_string(), captures[2].to_string()];
    }
    if let Some(captures) = DATE_AND_REST.captures(text) {
        let mut pieces = vec![captures[1].to_string()];
        pieces.extend(split_flattened(&captures[2]));
        return pieces;
    }
    vec![text.to_string()]
}

/// Where the footnotes stand: `[^1]:` definitions with their continuation lines; in plain text, the
/// numbered lines under each rule of underscores, or (with no rule) the numbered lines after a Council's
/// adoption record, or the star footnotes that end a text.
#[derive(Debug, Default)]
struct FootnoteZone {
    /// Indexes of the lines that belong to footnotes, in order.
    lines: Vec<usize>,
    /// Where a run of footnotes under a rule begins: a text in several parts numbers each part's
    /// footnotes anew.
    segment_starts: Vec<usize>,
}

impl FootnoteZone {
    fn find(
        lines: &[SourceLine],
        readings: &[Reading],
        start: usize,
        furniture: &mut Vec<FurnitureLine>,
    ) -> FootnoteZone {
        let mut zone = FootnoteZone::default();
        let mut in_definition = false;
        let mut after_blank = false;
        for index in start..lines.len() {
            match &readings[index] {
                Reading::FootnoteDefinition { .. } => {
                    zone.lines.push(index);
                    in_definition = true;
                    after_blank = false;
                }
                Reading::Blank => after_blank = true,
                // A definition runs on over the lines that follow it, and after a blank line over the
                // indented ones.
                Reading::Text(_) if in_definition && (!after_blank || lines[index].indented) => {
                    zone.lines.push(index);
                    after_blank = false;
                }
                _ => in_definition = false,
            }
        }
        let mut ruled = false;
        for rule in start..lines.len() {
            if !matches!(readings[rule], Reading::Rule) {
                continue;
            }
            let opens_footnotes = lines[rule + 1..]
                .iter()
                .find(|line| !line.is_blank())
                .is_some_and(|line| footnote_start(&line.text).is_some());
            if !opens_footnotes {
                continue;
            }
            // Under a rule, footnotes run on until a blank line that no further footnote follows, or (in
            // text copied from a page, where the body goes on under the footnotes) until a line that opens
            // a paragraph.
            furniture.push(FurnitureLine { line: lines[rule].number, kind: FurnitureKind::Rule });
            zone.segment_starts.push(rule);
            let mut end = rule + 1;
            while end < lines.len() && !matches!(readings[end], Reading::Rule) {
                let text = &lines[end].text;
                let ends_zone = if lines[end].is_blank() {
                    lines[end + 1..]
                        .iter()
                        .find(|line| !line.is_blank())
                        .is_none_or(|line| footnote_start(&line.text).is_none())
                } else {
                    footnote_start(text).is_none() && opens_paragraph(text)
                };
                if ends_zone {
                    break;
                }
                end += 1;
            }
            zone.lines.extend(rule..end);
            ruled = true;
        }
        if !ruled && let Some(first) = council_footnotes_start(lines, start) {
            zone.segment_starts.push(first);
            zone.lines.extend(first..lines.len());
        } else if !ruled && let Some(first) = star_footnotes_start(lines, start) {
            zone.segment_starts.push(first);
            zone.lines.extend(first..lines.len());
        }
        zone.lines.sort_unstable();
        zone.lines.dedup();
        zone
    }

    fn contains(&self, index: usize) -> bool {
        self.lines.binary_search(&index).is_ok()
    }

    fn read(
        &self,
        lines: &[SourceLine],
        readings: &[Reading],
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Vec<FootnoteText> {
        let mut footnotes: Vec<FootnoteText> = Vec::new();
        let mut last_number: Option<u32> = None;
        let mut previous_index: Option<usize> = None;
        let mut zone_start = 0usize;
        for &index in &self.lines {
            let line = &lines[index];
            if self.segment_starts.contains(&index) {
                last_number = None;
                zone_start = footnotes.len();
            }
            let directly_after_previous = previous_index.is_some_and(|previous| previous + 1 == index);
            previous_index = Some(index);
            match &readings[index] {
                Reading::Rule | Reading::Blank => {}
                Reading::FootnoteDefinition { mark, text } => {
                    let number = mark.parse::<u32>().ok();
                    let out_of_sequence = match (number, last_number) {
                        (Some(number), Some(last)) => number != last + 1,
                        (Some(number), None) => number > 999,
                        (None, _) => false,
                    };
                    if out_of_sequence
                        && directly_after_previous
                        && let Some(footnote) = footnotes.last_mut()
                    {
                        // "[^2013]: (S/INF/68)." under "[^9]: … 1 August 2012–31 July": a wrapped year that
                        // the rendering took for a footnote label.
                        diagnostics.push(Diagnostic::info(
                            line.number,
                            format!(
                                "\"[^{mark}]:\" continues footnote {}: a number at the start of a wrapped line, not a footnote",
                                footnote.mark
                            ),
                        ));
                        footnote.text.push_line(MarkedText::new(format!("{mark} {text}")), false);
                        continue;
                    }
                    if let Some(number) = number {
                        last_number = Some(number);
                    }
                    footnotes.push(FootnoteText {
                        mark: mark.clone(),
                        text: MarkedText::new(text.clone()),
                        line: line.number,
                    });
                }
                Reading::Text(text) => {
                    let plain = text.text.replace(MARK_PLACEHOLDER, "");
                    let opening = footnote_start(&plain).filter(|(mark, _)| match mark.parse::<u32>() {
                        Ok(value) => last_number.is_none_or(|last| value == last + 1),
                        Err(_) => !footnotes[zone_start..].iter().any(|footnote| footnote.mark == *mark),
                    });
                    match (opening, footnotes.last_mut()) {
                        (Some((mark, rest)), _) => {
                            if let Ok(value) = mark.parse::<u32>() {
                                last_number = Some(value);
                            }
                            footnotes.push(FootnoteText {
                                mark: mark.to_string(),
                                text: MarkedText::new(rest),
                                line: line.number,
                            });
                        }
                        (None, Some(footnote)) => {
                            footnote.text.push_line(MarkedText::new(plain), line.soft_hyphen_break)
                        }
                        (None, None) => {
                            diagnostics.push(Diagnostic::warning(
                                line.number,
                                "footnote text with no mark before it; kept as a footnote marked \"?\"",
                            ));
                            footnotes.push(FootnoteText {
                                mark: "?".into(),
                                text: MarkedText::new(plain),
                                line: line.number,
                            });
                        }
                    }
                }
                Reading::Heading { text, .. } => match footnotes.last_mut() {
                    Some(footnote) => footnote.text.push_line(MarkedText::new(text.text.clone()), false),
                    None => footnotes.push(FootnoteText {
                        mark: "?".into(),
                        text: MarkedText::new(text.text.clone()),
                        line: line.number,
                    }),
                },
                Reading::FrontMatter => {}
            }
        }
        footnotes
    }
}

/// The mark and text of a line that opens a footnote, with some text after the mark.
fn footnote_start(text: &str) -> Option<(&str, &str)> {
    footnote_opening(text).filter(|(_, rest)| !rest.is_empty())
}

/// A line that opens a paragraph of the body: a paragraph number or label, or an opening phrase.
fn opens_paragraph(text: &str) -> bool {
    numbering::split_label(text).is_some()
        || starts_preambular_paragraph(text)
        || opening_phrase(text, ParagraphPart::Operative).is_some()
}

/// The footnotes of a Security Council text as the compilations print them: after the adoption record
/// ("Adopted unanimously at the 756th meeting."), from the first line that opens with a footnote number.
fn council_footnotes_start(lines: &[SourceLine], start: usize) -> Option<usize> {
    let record = (start..lines.len()).rev().find(|&index| lines[index].text.starts_with("Adopted "))?;
    (record + 1..lines.len()).find(|&index| {
        footnote_start(&lines[index].text)
            .is_some_and(|(mark, rest)| !mark.starts_with('*') && !rest.starts_with(char::is_lowercase))
    })
}

/// Star footnotes at the end of a text with no rule above them ("* Term of office expires on 31 December
/// 2022."): after a blank line, every line to the end opens with a star mark, and the text cites the marks.
fn star_footnotes_start(lines: &[SourceLine], start: usize) -> Option<usize> {
    let last_blank =
        (start..lines.len()).rev().find(|&index| lines[index].is_blank() && index + 1 < lines.len())?;
    let first = last_blank + 1;
    let trailing = &lines[first..];
    let all_stars = trailing.iter().all(|line| {
        line.is_blank() || footnote_start(&line.text).is_some_and(|(mark, _)| mark.starts_with('*'))
    });
    let cited = trailing.iter().filter_map(|line| footnote_start(&line.text)).any(|(mark, _)| {
        lines[start..first].iter().any(|line| {
            line.text
                .match_indices(mark)
                .any(|(at, _)| at > 0 && !line.text[..at].ends_with(char::is_whitespace))
        })
    });
    (all_stars && cited && trailing.iter().any(|line| !line.is_blank())).then_some(first)
}

/// How the paragraphs of a clean text are set apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BodySeparation {
    /// By blank lines; an indented line may continue a paragraph (a hanging indentation).
    BlankLines,
    /// By an indented first line, as in text copied from some PDF viewers.
    Indentation,
    /// One paragraph on each line, with no blank lines between them (as the Security Council drafts in
    /// `corpus/sc-drafts`).
    Lines,
}

impl BodySeparation {
    fn for_blocks(self) -> Separation {
        match self {
            BodySeparation::Indentation => Separation::Indentation,
            BodySeparation::BlankLines | BodySeparation::Lines => Separation::BlankLines,
        }
    }
}

/// Decides how the body's paragraphs are set apart. Hard-wrapped text ends few of its lines with a
/// clause, so a text whose lines mostly end one, with hardly a blank line or with long lines, has a
/// paragraph on each line. Indentation sets paragraphs apart only in text that indents the first line of each paragraph, where a
/// run of lines without a blank line mixes indented first lines with lines flush or less indented; under
/// a hanging label (as our own plain text prints paragraphs) every line after the first of a block is
/// indented alike, and blank lines set the paragraphs apart.
fn body_separation(
    lines: &[SourceLine],
    indents: &[usize],
    footnotes: &FootnoteZone,
    offset: usize,
) -> BodySeparation {
    let body: Vec<(&SourceLine, usize)> = lines
        .iter()
        .zip(indents)
        .enumerate()
        .filter(|(index, _)| !footnotes.contains(offset + index))
        .map(|(_, (line, indent))| (line, *indent))
        .collect();
    let text_lines = body.iter().filter(|(line, _)| !line.is_blank()).count();
    let mut runs: Vec<Vec<usize>> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    for (line, indent) in &body {
        if line.is_blank() {
            if !current.is_empty() {
                runs.push(std::mem::take(&mut current));
            }
        } else {
            current.push(*indent);
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    let clause_ends = body.iter().filter(|(line, _)| !line.is_blank() && ends_clause(&line.text)).count();
    let characters: usize = body.iter().map(|(line, _)| line.text.chars().count()).sum();
    let long_lines = characters > text_lines * LONG_LINE_CHARACTERS;
    if text_lines >= 2 && (runs.len() * 2 <= text_lines || long_lines) && clause_ends * 10 >= text_lines * 7 {
        return BodySeparation::Lines;
    }
    let indented = body.iter().filter(|(line, indent)| !line.is_blank() && *indent > 0).count();
    let long_runs: Vec<&Vec<usize>> = runs.iter().filter(|run| run.len() >= 3).collect();
    let mixed = long_runs.iter().filter(|run| run[1..].iter().any(|indent| *indent != run[1])).count();
    if indented * 5 > text_lines && !long_runs.is_empty() && mixed * 2 >= long_runs.len() {
        BodySeparation::Indentation
    } else {
        BodySeparation::BlankLines
    }
}

/// The width of each line's leading whitespace.
fn indentation(text: &str) -> Vec<usize> {
    text.split('\n')
        .map(|raw| normalize_characters(raw).chars().take_while(|c| c.is_whitespace()).count())
        .collect()
}

/// A body line ready for the block assembler, or the blank that ends a block.
#[derive(Debug)]
enum Piece {
    Line(SourceLine, Vec<String>),
    Blank,
}

fn body_pieces(
    lines: &[SourceLine],
    readings: &[Reading],
    footnotes: &FootnoteZone,
    start: usize,
    separation: BodySeparation,
) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let synthetic = |line: &SourceLine, text: &str| SourceLine {
        number: line.number,
        text: text.trim().to_string(),
        page_break: false,
        indented: line.indented,
        soft_hyphen_break: line.soft_hyphen_break,
        heading: false,
    };
    for index in start..lines.len() {
        if footnotes.contains(index) {
            continue;
        }
        let line = &lines[index];
        match &readings[index] {
            Reading::FrontMatter => {}
            Reading::Blank | Reading::Rule => pieces.push(Piece::Blank),
            Reading::Text(text) => {
                pieces.push(Piece::Line(synthetic(line, &text.text), text.marks.clone()));
                if separation == BodySeparation::Lines {
                    pieces.push(Piece::Blank);
                }
            }
            Reading::FootnoteDefinition { mark, text } => {
                // Only reached for a definition the zone did not take; its words stay in the body.
                pieces.push(Piece::Line(synthetic(line, &format!("[^{mark}]: {text}")), Vec::new()));
            }
            Reading::Heading { level, text } => {
                pieces.push(Piece::Blank);
                let plain = text.text.as_str();
                let section = (*level == 2 && !patterns::is_annex_heading(plain))
                    .then(|| SECTION_HEADING.captures(plain))
                    .flatten();
                match section {
                    // "## II. Heading": the label on a line of its own, then the heading, as printed.
                    Some(captures) => {
                        pieces.push(Piece::Line(synthetic(line, &captures[1]), Vec::new()));
                        if let Some(heading) = captures.get(2).filter(|heading| !heading.as_str().is_empty())
                        {
                            pieces.push(Piece::Line(synthetic(line, heading.as_str()), text.marks.clone()));
                        }
                    }
                    // "### Peacebuilding financing": a sub-heading the text declares.
                    None => {
                        let mut heading = synthetic(line, plain);
                        heading.heading = *level >= 3;
                        pieces.push(Piece::Line(heading, text.marks.clone()));
                    }
                }
                pieces.push(Piece::Blank);
            }
        }
    }
    pieces
}

/// Sets apart, inside a run of lines with no blank line between them, the paragraphs that the text does
/// not set apart itself: a line that opens a paragraph ("Recalling …", "12. Decides …") after a line that
/// ends a clause, and a short heading standing between two paragraphs.
fn split_runs(pieces: Vec<Piece>) -> Vec<Piece> {
    let texts: Vec<Option<String>> = pieces
        .iter()
        .map(|piece| match piece {
            Piece::Line(line, _) => Some(line.text.clone()),
            Piece::Blank => None,
        })
        .collect();
    let mut output = Vec::with_capacity(pieces.len());
    for (index, piece) in pieces.into_iter().enumerate() {
        let previous = index.checked_sub(1).and_then(|before| texts[before].as_deref());
        let next = texts.get(index + 1).and_then(|next| next.as_deref());
        let split = match (&texts[index], previous) {
            (Some(text), Some(previous)) if ends_clause(previous) => {
                let heading = is_heading_line(text) && next.is_some_and(opens_paragraph);
                if heading {
                    output.push(Piece::Blank);
                    output.push(piece);
                    output.push(Piece::Blank);
                    continue;
                }
                opens_paragraph(text)
            }
            _ => false,
        };
        if split {
            output.push(Piece::Blank);
        }
        output.push(piece);
    }
    output
}

/// A short line of words that could be a sub-heading: "Humanitarian situation and displacement".
fn is_heading_line(text: &str) -> bool {
    text.starts_with(char::is_uppercase)
        && text.split_whitespace().count() <= HEADING_LINE_MAX_WORDS
        && !ends_clause(text)
        && !opens_paragraph(text)
}

fn body_items(pieces: &[Piece]) -> Vec<BodyItem<'_>> {
    pieces
        .iter()
        .map(|piece| match piece {
            Piece::Line(line, _) => BodyItem::Line { line, page: 1 },
            Piece::Blank => BodyItem::Blank,
        })
        .collect()
}

/// Removes the running title of a page that a rendering left between the two halves of a paragraph:
/// a block of its own, made of a run of the title's words, after text that stops mid-sentence.
fn remove_running_titles(
    pieces: &mut Vec<Piece>,
    title: &str,
    furniture: &mut Vec<FurnitureLine>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let title = format!(" {} ", title_words(title).join(" "));
    if title.trim().is_empty() {
        return;
    }
    let mut index = 0usize;
    let mut previous_text: Option<String> = None;
    while index < pieces.len() {
        let Piece::Line(line, _) = &pieces[index] else {
            index += 1;
            continue;
        };
        let alone = index.checked_sub(1).is_none_or(|before| matches!(pieces[before], Piece::Blank))
            && pieces.get(index + 1).is_none_or(|after| matches!(after, Piece::Blank));
        let words = title_words(&line.text);
        let is_running_title = alone
            && words.len() >= 2
            && title.contains(&format!(" {} ", words.join(" ")))
            && previous_text.as_deref().is_some_and(|previous| !ends_clause(previous));
        if is_running_title {
            diagnostics.push(Diagnostic::info(
                line.number,
                format!("{:?} is the running title of a page, left inside a paragraph; set aside", line.text),
            ));
            furniture.push(FurnitureLine { line: line.number, kind: FurnitureKind::RunningTitle });
            pieces.remove(index);
            continue;
        }
        previous_text = Some(line.text.clone());
        index += 1;
    }
}

/// Gives each block the marks of the `[^1]` references it holds, in reading order.
fn give_marks(blocks: &mut [Block], queue: Vec<String>) {
    let mut queue = queue.into_iter();
    for block in blocks {
        let count = block.text.text.chars().filter(|&c| c == MARK_PLACEHOLDER).count();
        block.text.marks = queue.by_ref().take(count).collect();
    }
}

/// With exact marks, the reader itself reports footnotes that nothing cites and marks with no footnote.
fn report_citations(
    blocks: &[Block],
    footnotes: &[FootnoteText],
    star_marks: &[String],
    diagnostics: &mut Vec<Diagnostic>,
) {
    for block in blocks {
        for mark in &block.text.marks {
            if !footnotes.iter().any(|footnote| &footnote.mark == mark) {
                diagnostics.push(Diagnostic::warning(
                    block.line,
                    format!("footnote mark [^{mark}] has no footnote"),
                ));
            }
        }
    }
    for footnote in footnotes {
        let cited = blocks.iter().any(|block| block.text.marks.contains(&footnote.mark))
            || star_marks.contains(&footnote.mark);
        if !cited && !footnote.mark.starts_with('*') {
            diagnostics.push(Diagnostic::info(
                footnote.line,
                format!("footnote {} is not cited by any paragraph", footnote.mark),
            ));
        }
    }
}

/// Joins the halves of a paragraph that a rendering split with a blank line where a page ended: the
/// first stops mid-sentence, and the second goes on with it.
fn join_split_paragraphs(
    blocks: Vec<Block>,
    lines: &[SourceLine],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Block> {
    let mut joined: Vec<Block> = Vec::with_capacity(blocks.len());
    for block in blocks {
        match joined.last_mut() {
            Some(previous) if continues(previous, &block) => {
                // Lines that only the indentation set apart are joined as a matter of course; a blank line
                // inside a paragraph is a slip of the text, worth reporting.
                let after_blank = (block.line as usize)
                    .checked_sub(2)
                    .and_then(|index| lines.get(index))
                    .is_some_and(SourceLine::is_blank);
                if after_blank {
                    diagnostics.push(Diagnostic::info(
                        block.line,
                        format!(
                            "the paragraph of line {} goes on here after a blank line; joined",
                            previous.line
                        ),
                    ));
                }
                previous.text.push_line(block.text, false);
            }
            _ => joined.push(block),
        }
    }
    joined
}

fn continues(previous: &Block, next: &Block) -> bool {
    // A part's label and heading, or an annex heading, stand on their own.
    let previous_first_line = previous.text.text[..previous.first_line_end].trim();
    if numbering::is_section_marker(previous_first_line) || patterns::is_annex_heading(previous_first_line) {
        return false;
    }
    let before = previous.text.text.trim();
    let after = next.text.text.trim_start();
    let first_line = next.text.text[..next.first_line_end].trim();
    if before.is_empty()
        || ends_clause(before)
        || numbering::split_label(after).is_some()
        || numbering::is_section_marker(first_line)
        || patterns::is_annex_heading(first_line)
        || is_meeting_line(after)
        || enacting_formula_body(after).is_some()
    {
        return false;
    }
    match after.chars().next() {
        Some(first) if first.is_lowercase() || first.is_ascii_digit() => true,
        Some(first) if first.is_uppercase() => cannot_stand_alone(before),
        _ => false,
    }
}

/// Text that stops where no paragraph ends: a numbered paragraph without its closing punctuation, or
/// words that stop on "the" or "of". (A long block that merely lacks its comma, such as the title of an
/// outcome document quoted before its text, is a paragraph of its own.)
fn cannot_stand_alone(text: &str) -> bool {
    let last_word = text.split_whitespace().next_back().unwrap_or_default().replace(MARK_PLACEHOLDER, "");
    numbering::split_label(text).is_some() || CONTINUING_WORDS.contains(&last_word.as_str())
}

#[cfg(test)]
mod tests {
    use plenary_core::{Document, FootnoteRef};

    use super::*;
    use crate::json::to_json;
    use crate::test_support::fixture;

    /// A clean rendering of `corpus/ga-clean`, read as the Markdown it is.
    fn read_markdown(name: &str) -> crate::Imported {
        crate::import_as(&fixture(name), crate::Format::Markdown).unwrap()
    }

    fn messages(imported: &crate::Imported) -> Vec<String> {
        imported.diagnostics.iter().map(ToString::to_string).collect()
    }

    /// The raw PDF text of a resolution, read by the PDF-text importer, changed where its clean
    /// rendering is known to differ: the renderings leave out the job number, and the agenda item's
    /// title where it repeats the resolution's title (80/6, 80/7); 80/6 writes "post- conflict" where
    /// the PDF broke "post-" / "conflict" over two lines.
    fn printed_as_rendered(name: &str) -> Document {
        let mut document = crate::import(&fixture(&format!("{name}.txt"))).unwrap().document;
        assert!(document.job_number.is_some(), "{name}");
        document.job_number = None;
        if name != "A_RES_80_4" {
            assert_eq!(document.agenda_items[0].title.as_deref(), Some(document.title.as_str()), "{name}");
            document.agenda_items[0].title = None;
        }
        if name == "A_RES_80_6" {
            let emphasizing = &mut document.preamble[4];
            assert!(
                emphasizing.text.contains("transitional justice in conflict and post-conflict societies")
            );
            emphasizing.text = emphasizing.text.replace("post-conflict", "post- conflict");
        }
        document
    }

    #[test]
    fn the_clean_renderings_read_as_the_pdf_texts_of_the_same_resolutions() {
        for name in ["A_RES_80_4", "A_RES_80_6", "A_RES_80_7"] {
            let clean = read_markdown(&format!("{name}.md"));
            assert!(!clean.has_errors(), "{name}: {:?}", clean.diagnostics);
            let expected = to_json(&printed_as_rendered(name), &[]);
            let found = to_json(&clean.document, &[]);
            if expected != found {
                let first_difference = expected
                    .lines()
                    .zip(found.lines())
                    .find(|(left, right)| left != right)
                    .map(|(left, right)| format!("PDF text {left}\n clean {right}"));
                panic!("{name}: {first_difference:?}");
            }
        }
    }

    #[test]
    fn the_international_criminal_court_resolution_in_its_clean_rendering() {
        let document = read_markdown("A_RES_80_6.md").document;
        assert_eq!(document.symbol.as_ref().map(|symbol| symbol.as_str()), Some("A/RES/80/6"));
        assert_eq!(document.title, "Report of the International Criminal Court");
        assert_eq!(document.preamble.len(), 14);
        assert_eq!(document.operative.len(), 32);
        assert_eq!(document.footnotes.len(), 10);
        // "Court 1 reaffirms": a mark set apart by spaces; "Court,2": a mark glued to the comma.
        assert_eq!(document.preamble[1].footnote_refs, vec![FootnoteRef { mark: "1".into(), at: 72 }]);
        assert!(document.preamble[1].text.starts_with(
            "Recalling also that the Rome Statute of the International Criminal Court reaffirms"
        ));
        assert_eq!(document.preamble[8].footnote_refs[0].mark, "2");
        // Paragraph 14, split by the rendering where the page ended, is whole again.
        assert!(
            document.operative[13]
                .text
                .contains("summonses issued by the International Criminal Court, and in this regard")
        );
        // "[^2013]:" is the year that began the second line of footnote 9.
        assert_eq!(
            document.footnotes[8].text,
            "S/PRST/2013/2; see Resolutions and Decisions of the Security Council, 1 August 2012–31 July 2013 (S/INF/68)."
        );
        let meeting = document.meeting.as_ref().expect("the meeting line");
        assert_eq!(meeting.meeting, "35th plenary meeting");
    }

    #[test]
    fn the_slips_of_the_clean_renderings_are_repaired_and_reported() {
        assert_eq!(
            messages(&read_markdown("A_RES_80_4.md")),
            vec![
                "line 4: info: the printed title \"Necessity of ending the economic, commercial and financial\" is cut short; the front matter's title is used",
                "line 38: info: \"Necessity of ending the economic, commercial and financial\" is the running title of a page, left inside a paragraph; set aside",
                "line 40: info: the paragraph of line 36 goes on here after a blank line; joined",
            ]
        );
        assert_eq!(
            messages(&read_markdown("A_RES_80_6.md")),
            vec![
                "line 42: info: the paragraph of line 40 goes on here after a blank line; joined",
                "line 84: info: the paragraph of line 82 goes on here after a blank line; joined",
                "line 143: info: \"[^2013]:\" continues footnote 9: a number at the start of a wrapped line, not a footnote",
            ]
        );
        assert_eq!(
            messages(&read_markdown("A_RES_80_7.md")),
            vec!["line 39: info: the paragraph of line 36 goes on here after a blank line; joined"]
        );
        let cuba = read_markdown("A_RES_80_4.md").document;
        assert_eq!(
            cuba.title,
            "Necessity of ending the economic, commercial and financial embargo imposed by the United States of America against Cuba"
        );
    }

    #[test]
    fn every_word_of_a_clean_rendering_is_placed_once() {
        for name in ["A_RES_80_4.md", "A_RES_80_6.md", "A_RES_80_7.md"] {
            let imported = read_markdown(name);
            let account = crate::conservation::account(&String::from_utf8_lossy(&fixture(name)), &imported);
            assert!(account.is_exact(), "{name}: {account:?}");
        }
    }

    #[test]
    fn markdown_of_other_tools_with_bracketed_marks_and_emphasis() {
        let markdown = "# Report of the International Atomic Energy Agency\n\n\
                        The General Assembly,\n\n\
                        _Having received_ the report of the International Atomic Energy Agency for 2024,[^1]\n\n\
                        1. **Takes note with appreciation** of the report of the Agency for 2024;\n\n\
                        [^1]: See A/80/348.\n";
        let imported = crate::import(markdown.as_bytes()).unwrap();
        assert_eq!(imported.format, crate::Format::Markdown);
        let document = imported.document;
        assert_eq!(document.title, "Report of the International Atomic Energy Agency");
        assert_eq!(document.enacting_formula.as_deref(), Some("The General Assembly,"));
        let received = &document.preamble[0];
        assert_eq!(
            received.text,
            "Having received the report of the International Atomic Energy Agency for 2024,"
        );
        assert_eq!(received.footnote_refs, vec![FootnoteRef { mark: "1".into(), at: 78 }]);
        // With bracketed marks, the digits of the text are text.
        assert_eq!(document.operative[0].number, Some(1));
        assert_eq!(
            document.operative[0].text,
            "Takes note with appreciation of the report of the Agency for 2024;"
        );
        assert_eq!(document.footnotes[0].text, "See A/80/348.");
    }

    #[test]
    fn council_drafts_with_a_paragraph_on_each_line() {
        let imported = crate::import(&fixture("17-08449.txt")).unwrap();
        assert_eq!(imported.format, crate::Format::CleanText);
        let document = imported.document;
        assert_eq!(document.enacting_formula.as_deref(), Some("The Security Council,"));
        assert_eq!(document.preamble.len(), 3);
        assert_eq!(document.operative.len(), 3);
        assert_eq!(
            document.preamble[1].text,
            "Determining that the situation in South Sudan continues to constitute a threat to international peace and security in the region,"
        );
        assert_eq!(document.operative[2].text, "Decides to remain seized of the matter.");
    }

    #[test]
    fn council_drafts_that_indent_the_first_line_of_each_paragraph() {
        let imported = crate::import(&fixture("S_2017_77.txt")).unwrap();
        assert_eq!(imported.format, crate::Format::CleanText);
        let document = &imported.document;
        assert_eq!(document.enacting_formula.as_deref(), Some("The Security Council,"));
        assert_eq!(document.preamble.len(), 29);
        assert!(
            document.preamble[4]
                .text
                .starts_with("Emphasizing that any sustainable solution to the crisis in the CAR")
        );
        assert_eq!(
            document.preamble[28].text,
            "Acting under Chapter VII of the Charter of the United Nations,"
        );
        assert_eq!(document.operative[0].heading.as_deref(), Some("Arms embargo"));
        assert!(
            document.operative[0]
                .text
                .starts_with("Decides that, until 31 January 2018, all Member States shall continue")
        );
        // Lines that only indentation sets apart are joined silently.
        assert!(!messages(&imported).iter().any(|message| message.contains("joined")));
    }

    #[test]
    fn an_unclosed_front_matter_is_kept_as_text() {
        let markdown =
            "---\nsymbol: A/RES/80/6\n\nThe General Assembly,\n\n*Recalling* its resolution 79/6,\n";
        let imported = crate::import(markdown.as_bytes()).unwrap();
        assert_eq!(
            messages(&imported)[0],
            "line 1: warning: the front matter opened on line 1 is never closed; its lines are read as text"
        );
        assert_eq!(imported.document.title, "symbol: A/RES/80/6");
        assert_eq!(imported.document.preamble[0].text, "Recalling its resolution 79/6,");
    }

    #[test]
    fn flattened_masthead_lines_are_split_into_fields() {
        assert_eq!(
            split_flattened("General Assembly Distr.: General 12 November 2025"),
            vec!["General Assembly", "Distr.: General", "12 November 2025"]
        );
        assert_eq!(
            split_flattened("Eightieth session Agenda item 74"),
            vec!["Eightieth session", "Agenda item 74"]
        );
        assert_eq!(
            split_flattened(
                "Eightieth session Agenda item 38 Necessity of ending the economic, commercial and financial embargo"
            ),
            vec![
                "Eightieth session",
                "Agenda item 38",
                "Necessity of ending the economic, commercial and financial embargo"
            ]
        );
        assert_eq!(
            split_flattened("Agenda items 13 and 75 (a) Report of the Economic and Social Council"),
            vec!["Agenda items 13 and 75 (a)", "Report of the Economic and Social Council"]
        );
        assert_eq!(
            split_flattened("80/6. Report of the International Criminal Court"),
            vec!["80/6. Report of the International Criminal Court"]
        );
    }

    #[test]
    fn markdown_words_lose_their_syntax() {
        let line = markdown_words("1\\. *Welcomes* the report\\_s of A\\*B_C _x_ \\[y]", false);
        assert_eq!(line.text, "1. Welcomes the report_s of A*B_C x [y]");
        let line = markdown_words("*Recalling*[^1] its resolution,[^12] and", true);
        assert_eq!(line.text, format!("Recalling{MARK_PLACEHOLDER} its resolution,{MARK_PLACEHOLDER} and"));
        assert_eq!(line.marks, vec!["1", "12"]);
        assert_eq!(markdown_words("35th plenary meeting\\", true).text, "35th plenary meeting");
    }

    #[test]
    fn front_matter_scalars_and_lists() {
        let text = "---\ngenerator: plenary\nsymbol: A/RES/80/6\ntitle: \"Report: \\\"x\\\"\"\nagenda_items:\n  - item: \"74\"\n    title: Report\nsponsors:\n  - Albania\n  - 'Côte d''Ivoire'\n---\n";
        let lines = source_lines(text);
        let mut diagnostics = Vec::new();
        let front = FrontMatter::read(&lines, &mut diagnostics);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert!(front.is_ours());
        assert_eq!(front.end, 11);
        assert_eq!(front.text("title"), Some("Report: \"x\""));
        assert_eq!(
            front.agenda_items(),
            vec![AgendaItem { item: "74".into(), title: Some("Report".into()) }]
        );
        assert_eq!(front.sponsors(), vec!["Albania", "Côte d'Ivoire"]);
    }
}
