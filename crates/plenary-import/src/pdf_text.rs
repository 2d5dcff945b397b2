//! Layout of text extracted from the official PDFs (PyMuPDF and pypdf output, as in `corpus/ga`).
//!
//! Every page after the first opens with a header zone — the running title, the symbol, the job number and
//! the page counter in some order, around blank lines — and may close with a footnote zone under a rule of
//! underscores. PyMuPDF marks each page start with an empty line; pypdf does not, so there the header zone
//! is found around its page counter. Everything between the zones is body text, read in order across pages.

use plenary_core::{Diagnostic, Symbol};

use crate::layout::{BodyItem, FootnoteText, Layout, assemble_blocks, footnote_opening, separation_of};
use crate::lines::{FurnitureKind, FurnitureLine, SourceLine, empty_lines_are_page_breaks, source_lines};
use crate::marks::MarkContext;
use crate::masthead;
use crate::patterns;
use crate::text::MarkedText;

/// How far below a page break the page counter may stand: running titles wrap over up to five lines.
const HEADER_ZONE_MAX_LINES: usize = 16;

/// Reads the layout of PDF-extracted text.
pub(crate) fn layout(text: &str) -> Layout {
    let mut lines = source_lines(text);
    if !empty_lines_are_page_breaks(&lines) {
        for line in lines.iter_mut().filter(|line| line.is_blank()) {
            line.page_break = false;
        }
    }
    let masthead = masthead::read(&lines);
    let body_start = masthead.end;
    let title_words = TitleWords::new(&masthead.title, masthead.symbol.as_ref());
    let own_symbol = masthead.symbol.clone();
    let mut layout = Layout {
        body_start_line: lines.get(body_start).map_or(u32::MAX, |line| line.number),
        furniture: masthead.furniture.clone(),
        ..Layout::default()
    };

    let roles = line_roles(&lines, body_start, own_symbol.as_ref(), &title_words, &mut layout.furniture);
    let footnote_lines = footnote_zones(&lines, &roles, body_start, &mut layout);
    let mut marks = MarkContext::default();
    layout.footnotes = read_footnotes(&lines, &footnote_lines, &roles, &mut layout.diagnostics);
    for footnote in &layout.footnotes {
        marks.define(&footnote.mark, page_of(&roles, footnote.line));
    }
    for star in &masthead.star_marks {
        if marks.is_defined(star) {
            // The mark is cited by the masthead (sponsors or title), not by a paragraph.
            marks.extract(&format!("x{star}"), None);
        }
    }

    let separation = separation_of(
        lines[body_start..]
            .iter()
            .zip(&roles[body_start..])
            .filter(|(_, role)| matches!(role, Role::Body { .. }))
            .map(|(line, _)| line),
    );

    let mut items = Vec::with_capacity(lines.len());
    let mut previous_was_break = false;
    for (line, role) in lines[body_start..].iter().zip(&roles[body_start..]) {
        match role {
            Role::Body { page } if !footnote_lines.contains(line.number) => {
                if line.is_blank() {
                    items.push(BodyItem::Blank);
                } else {
                    items.push(BodyItem::Line { line, page: *page });
                }
                previous_was_break = false;
            }
            Role::Furniture { page_break: true } if !previous_was_break => {
                items.push(BodyItem::PageBreak);
                previous_was_break = true;
            }
            _ => {}
        }
    }
    layout.blocks = assemble_blocks(&items, separation, &mut marks);
    layout.marks = marks;
    layout.masthead = masthead;
    layout
}

/// What each line is, once page zones are found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Masthead lines, read elsewhere.
    Masthead,
    /// Body text (or footnote text) on this page.
    Body { page: u32 },
    /// Page furniture; `page_break` for the zone that starts a new page.
    Furniture { page_break: bool },
}

/// Finds the header zones and gives every line its role and page.
fn line_roles(
    lines: &[SourceLine],
    body_start: usize,
    own_symbol: Option<&Symbol>,
    title: &TitleWords,
    furniture: &mut Vec<FurnitureLine>,
) -> Vec<Role> {
    let mut roles = vec![Role::Masthead; lines.len()];
    let kinds: Vec<Option<FurnitureKind>> =
        lines.iter().map(|line| anchor_kind(&line.text, own_symbol)).collect();
    let mut page = 1u32;
    let mut index = body_start;
    while index < lines.len() {
        let opens_page = lines[index].page_break && (lines[index].is_blank() || kinds[index].is_some());
        let zone = if opens_page {
            zone_after_page_break(lines, &kinds, index)
        } else if kinds[index].is_some_and(|kind| kind == FurnitureKind::PageCounter) {
            Some(zone_around_counter(lines, &kinds, title, index, body_start, &roles))
        } else {
            None
        };
        match zone {
            Some((start, end)) => {
                // A counter found below some lines already given to the body takes them back.
                for position in start..=end {
                    let line = &lines[position];
                    if kinds[position].is_none() && !line.is_blank() && !title.covers(&line.text) {
                        // Text among the header lines that is not the running title: a displaced line of
                        // the body, kept as body text.
                        roles[position] = Role::Body { page: page + 1 };
                        continue;
                    }
                    let kind =
                        kinds[position].or_else(|| (!line.is_blank()).then_some(FurnitureKind::RunningTitle));
                    if let Some(kind) = kind {
                        furniture.push(FurnitureLine { line: line.number, kind });
                    }
                    roles[position] = Role::Furniture { page_break: position == start };
                }
                page += 1;
                index = end + 1;
            }
            None => {
                if let Some(kind) = kinds[index]
                    && index >= body_start
                    && matches!(
                        kind,
                        FurnitureKind::JobNumber | FurnitureKind::Barcode | FurnitureKind::Symbol
                    )
                {
                    // A stray job number or symbol line at the foot of a page, as in the 2002 Council texts.
                    furniture.push(FurnitureLine { line: lines[index].number, kind });
                    roles[index] = Role::Furniture { page_break: true };
                } else {
                    roles[index] = Role::Body { page };
                }
                index += 1;
            }
        }
    }
    furniture.sort_by_key(|line| line.line);
    furniture.dedup();
    roles
}

/// The furniture a single line can be on its own.
fn anchor_kind(text: &str, own_symbol: Option<&Symbol>) -> Option<FurnitureKind> {
    if patterns::is_page_counter(text) || patterns::is_job_number_and_page_counter(text) {
        Some(FurnitureKind::PageCounter)
    } else if patterns::is_job_number(text) {
        Some(FurnitureKind::JobNumber)
    } else if patterns::is_barcode(text) {
        Some(FurnitureKind::Barcode)
    } else if own_symbol.is_some_and(|symbol| patterns::is_own_symbol_line(text, symbol)) {
        Some(FurnitureKind::Symbol)
    } else {
        None
    }
}

/// The header zone that a PyMuPDF page break opens: from the empty line to the last anchor (symbol, job
/// number, page counter) that follows within a few lines, with the running title lines among them.
fn zone_after_page_break(
    lines: &[SourceLine],
    kinds: &[Option<FurnitureKind>],
    start: usize,
) -> Option<(usize, usize)> {
    let mut last_anchor = None;
    let mut saw_counter = false;
    let mut text_lines_since_anchor = 0usize;
    for position in start + 1..lines.len().min(start + 1 + HEADER_ZONE_MAX_LINES) {
        let line = &lines[position];
        if line.page_break || patterns::is_rule(&line.text) {
            break;
        }
        match kinds[position] {
            Some(kind) => {
                saw_counter |= kind == FurnitureKind::PageCounter;
                last_anchor = Some(position);
                text_lines_since_anchor = 0;
            }
            None if line.is_blank() => {}
            None => {
                // After the counter and job number, the first text line is the body.
                if saw_counter && last_anchor.is_some_and(|anchor| position > anchor + 1) {
                    break;
                }
                if saw_counter && last_anchor.is_some() {
                    break;
                }
                text_lines_since_anchor += 1;
                if text_lines_since_anchor > 6 {
                    break;
                }
            }
        }
    }
    // Without any anchor the empty line still ends a page (a last page, an annex on a fresh page).
    let end = last_anchor.unwrap_or(start);
    // Take the blank lines after the zone too.
    let mut end = end;
    while end + 1 < lines.len() && lines[end + 1].is_blank() && !lines[end + 1].page_break {
        end += 1;
    }
    Some((start, end))
}

/// The header zone around a page counter when the extractor left no empty line at the page start (pypdf):
/// the counter, and the symbol, job number, blank and running-title lines next to it.
fn zone_around_counter(
    lines: &[SourceLine],
    kinds: &[Option<FurnitureKind>],
    title: &TitleWords,
    counter: usize,
    body_start: usize,
    roles: &[Role],
) -> (usize, usize) {
    let mut start = counter;
    while start > body_start {
        let previous = &lines[start - 1];
        let is_zone_line = kinds[start - 1].is_some()
            || previous.is_blank()
            || (title.contains_line(&previous.text) && matches!(roles[start - 1], Role::Body { .. }));
        if !is_zone_line {
            break;
        }
        start -= 1;
    }
    let mut end = counter;
    while end + 1 < lines.len() && (kinds[end + 1].is_some() || lines[end + 1].is_blank()) {
        end += 1;
    }
    (start, end)
}

fn page_of(roles: &[Role], line_number: u32) -> Option<u32> {
    match roles.get(line_number as usize - 1) {
        Some(Role::Body { page }) => Some(*page),
        _ => None,
    }
}

/// The set of lines (by number) that stand in footnote zones.
#[derive(Debug, Default)]
struct FootnoteLines {
    numbers: Vec<u32>,
}

impl FootnoteLines {
    fn contains(&self, number: u32) -> bool {
        self.numbers.binary_search(&number).is_ok()
    }
}

/// Finds the footnote zones: from a rule line to the end of its page. A rule that is not followed by a
/// footnote (a mark opening the next text line) is a separator and stays out of the way.
fn footnote_zones(
    lines: &[SourceLine],
    roles: &[Role],
    body_start: usize,
    layout: &mut Layout,
) -> FootnoteLines {
    let mut zones = FootnoteLines::default();
    let mut index = body_start;
    let mut previous_page_had_footnotes = false;
    while index < lines.len() {
        let Role::Body { page } = roles[index] else {
            index += 1;
            continue;
        };
        if starts_unruled_star_footnote(lines, index) {
            // Drafts print "* Any changes to the list of sponsors …" at the foot of the page with no rule.
            let zone_end = (index..lines.len())
                .find(|&position| roles[position] != Role::Body { page })
                .unwrap_or(lines.len());
            zones.numbers.extend(lines[index..zone_end].iter().map(|line| line.number));
            index = zone_end;
            continue;
        }
        if !patterns::is_rule(&lines[index].text) {
            index += 1;
            continue;
        }
        layout.furniture.push(FurnitureLine { line: lines[index].number, kind: FurnitureKind::Rule });
        zones.numbers.push(lines[index].number);
        let zone_end = (index + 1..lines.len())
            .find(|&position| roles[position] != Role::Body { page })
            .unwrap_or(lines.len());
        let first_text = lines[index + 1..zone_end].iter().find(|line| !line.is_blank());
        let opens_with_footnote = first_text.is_some_and(|line| footnote_opening(&line.text).is_some());
        if opens_with_footnote || (previous_page_had_footnotes && first_text.is_some()) {
            zones.numbers.extend(lines[index + 1..zone_end].iter().map(|line| line.number));
            previous_page_had_footnotes = true;
        } else if first_text.is_some() {
            layout.diagnostics.push(Diagnostic::info(
                lines[index].number,
                "a rule line that is not followed by footnotes; the text after it is read as body text",
            ));
        }
        index = zone_end;
    }
    layout.furniture.sort_by_key(|line| line.line);
    zones.numbers.sort_unstable();
    zones
}

/// A line such as "* Any changes to the list of sponsors …" after a blank line: a star footnote that
/// stands at the foot of the page without a rule above it. Body text never opens with a star.
fn starts_unruled_star_footnote(lines: &[SourceLine], index: usize) -> bool {
    let line = &lines[index];
    line.text.starts_with('*')
        && index > 0
        && lines[index - 1].is_blank()
        && footnote_opening(&line.text).is_some_and(|(_, text)| text.starts_with(|c: char| c.is_uppercase()))
}

/// Reads the footnotes in the zones. A numbered footnote follows the previous number (or starts the
/// sequence); anything else continues the footnote before it, also across pages.
fn read_footnotes(
    lines: &[SourceLine],
    zones: &FootnoteLines,
    roles: &[Role],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<FootnoteText> {
    let mut footnotes: Vec<FootnoteText> = Vec::new();
    let mut last_number: Option<u32> = None;
    let mut previous_soft_hyphen = false;
    for &number in &zones.numbers {
        let line = &lines[number as usize - 1];
        if line.is_blank() || patterns::is_rule(&line.text) {
            continue;
        }
        let starts = footnote_opening(&line.text).filter(|(mark, _)| {
            if mark.starts_with('*') {
                return !footnotes.iter().any(|footnote| footnote.mark == *mark);
            }
            let value: u32 = mark.parse().unwrap_or(0);
            match last_number {
                None => value > 0,
                Some(last) => value == last + 1,
            }
        });
        match starts {
            Some((mark, text)) => {
                if let Ok(value) = mark.parse::<u32>() {
                    last_number = Some(value);
                }
                footnotes.push(FootnoteText {
                    mark: mark.to_string(),
                    text: MarkedText::new(text),
                    line: line.number,
                });
            }
            None => match footnotes.last_mut() {
                Some(footnote) => {
                    footnote.text.push_line(MarkedText::new(line.text.clone()), previous_soft_hyphen)
                }
                None => {
                    diagnostics.push(Diagnostic::warning(
                        line.number,
                        "footnote text with no mark before it; kept as a footnote marked \"?\"",
                    ));
                    footnotes.push(FootnoteText {
                        mark: "?".into(),
                        text: MarkedText::new(line.text.clone()),
                        line: line.number,
                    });
                }
            },
        }
        previous_soft_hyphen = line.soft_hyphen_break;
    }
    let _ = roles;
    footnotes
}

/// The words of the title, for recognising running-title lines at page tops.
#[derive(Debug)]
struct TitleWords {
    normalized: String,
    /// The symbol, which some extractors print on the same line as the running title.
    symbol: Option<String>,
}

impl TitleWords {
    fn new(title: &str, symbol: Option<&Symbol>) -> TitleWords {
        TitleWords {
            normalized: format!(" {} ", normalize_for_title(title)),
            symbol: symbol.map(|symbol| symbol.as_str().to_string()),
        }
    }

    /// The line without the document's symbol at its start or end: "on the fight against tuberculosis
    /// A/RES/73/3" is a running-title line.
    fn without_symbol<'a>(&self, line: &'a str) -> &'a str {
        let Some(symbol) = &self.symbol else {
            return line;
        };
        let line = line.trim();
        line.strip_suffix(symbol.as_str())
            .or_else(|| line.strip_prefix(symbol.as_str()))
            .unwrap_or(line)
            .trim()
    }

    /// Whether every word of `line` is a word of the title: the test a running-title line must pass.
    fn covers(&self, line: &str) -> bool {
        let title_words = crate::conservation::words(&self.normalized);
        let line_words = crate::conservation::words(&self.without_symbol(line).to_lowercase());
        !line_words.is_empty() && line_words.iter().all(|word| title_words.contains(word))
    }

    /// Whether `line` is a run of whole words of the title.
    fn contains_line(&self, line: &str) -> bool {
        let line = normalize_for_title(self.without_symbol(line));
        !line.is_empty() && self.normalized.len() > 2 && self.normalized.contains(&format!(" {line} "))
    }
}

fn normalize_for_title(text: &str) -> String {
    text.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>().join(" ")
}
