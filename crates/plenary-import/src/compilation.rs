//! Layout of texts without page furniture: the Security Council's resolutions as printed in the annual
//! compilations (hand-corrected, as in `corpus/sc`), and clean text with one paragraph per block.
//!
//! A compilation text opens with a heading ("Resolution 830 (1993)", "61 (1948). Resolution of
//! 4 November 1948", sometimes under a subject line in capitals), then the enacting formula and the
//! paragraphs, then the adoption record ("Adopted unanimously at the 756th meeting.") and the footnotes of
//! the text, which the compilation numbers through the whole volume.

use plenary_core::{Body, DocumentKind, Symbol};

use crate::layout::{BodyItem, FootnoteText, Layout, assemble_blocks, footnote_opening, separation_of};
use crate::lines::{FurnitureKind, FurnitureLine, SourceLine, source_lines};
use crate::marks::MarkContext;
use crate::masthead::{self, enacting_formula_body};
use crate::patterns;
use crate::text::MarkedText;

pattern!(
    HEADING,
    r"^(?:(?i:resolution)\s+(\d{1,4})\s*\((\d{3}-?\d)\)|(\d{1,4})\s*\((\d{4})\)\.?\s*(?i:resolution))\.?(?:\s+(?:of|adopted on|adopted by the Security Council on)\s+(.*?))?\s*(?:\[([^\]}]*)[\]}])?$"
);
pattern!(
    COUNCIL_ADOPTION,
    r"^Adopted by the Security Council at its (\d+(?:st|nd|rd|th)) meeting,?\s*(?:on (.*))?$"
);
pattern!(ADOPTION_RECORD, r"^Adopted\b");

/// Whether `line` is the heading of a Council resolution in a compilation.
pub(crate) fn is_council_heading(line: &str) -> bool {
    HEADING.is_match(line.trim())
}

/// Reads the layout of a compilation or clean text.
pub(crate) fn layout(text: &str) -> Layout {
    let lines = source_lines(text);
    let has_council_heading = lines.iter().take(12).any(|line| is_council_heading(&line.text));
    let mut layout = Layout::default();
    let body_start = if has_council_heading {
        read_council_heading(&lines, &mut layout)
    } else {
        let masthead = masthead::read(&lines);
        let end = masthead.end;
        layout.masthead = masthead;
        end
    };
    layout.body_start_line = lines.get(body_start).map_or(u32::MAX, |line| line.number);

    let footnote_start = trailing_footnotes_start(&lines, body_start);
    let mut marks = MarkContext::default();
    layout.footnotes = read_footnotes(&lines[footnote_start..]);
    for footnote in &layout.footnotes {
        marks.define(&footnote.mark, None);
    }

    let body_lines = &lines[body_start..footnote_start];
    let separation = separation_of(body_lines.iter());
    let mut items = Vec::with_capacity(body_lines.len());
    for line in body_lines {
        if line.is_blank() {
            items.push(BodyItem::Blank);
        } else if is_compilation_page_number(line) {
            layout
                .furniture
                .push(FurnitureLine { line: line.number, kind: FurnitureKind::CompilationPageNumber });
        } else {
            items.push(BodyItem::Line { line, page: 1 });
        }
    }
    layout.blocks = assemble_blocks(&items, separation, &mut marks);
    layout.marks = marks;
    layout
}

/// Reads the heading lines of a compilation text into the masthead, line by line (the heading, its date
/// and the draft's symbol may share a group with the enacting formula); returns the index of the first
/// body line.
fn read_council_heading(lines: &[SourceLine], layout: &mut Layout) -> usize {
    let masthead = &mut layout.masthead;
    masthead.body = Some(Body::SecurityCouncil);
    masthead.kind = Some(DocumentKind::Resolution);
    let mut index = 0usize;
    let mut heading_seen = false;
    while index < lines.len() {
        let line = &lines[index];
        if line.is_blank() {
            index += 1;
            continue;
        }
        if enacting_formula_body(&line.text).is_some() {
            break;
        }
        // A heading or adoption line may run on to the next line: "Resolution 400 (1976)" / "of 7 December
        // 1976", "… at its 3220th meeting" / "on 26 May 1993".
        let next = lines.get(index + 1).filter(|next| !next.is_blank());
        let runs_on = next.is_some_and(|next| {
            next.text.starts_with("of ") || next.text.starts_with('[') || next.text.starts_with("on ")
        });
        let joined = match next {
            Some(next) if runs_on => format!("{} {}", line.text, next.text),
            _ => line.text.clone(),
        };
        let consumed = if runs_on { 2 } else { 1 };
        if let Some(captures) = HEADING.captures(&joined).or_else(|| HEADING.captures(&line.text)) {
            let whole = captures.get(0).map_or(0, |m| m.as_str().len());
            let number = captures.get(1).or(captures.get(3)).map_or("", |m| m.as_str());
            let year =
                captures.get(2).or(captures.get(4)).map_or(String::new(), |m| m.as_str().replace('-', ""));
            if let Ok(symbol) = Symbol::parse(&format!("S/RES/{number} ({year})")) {
                masthead.title_number = Some(format!("{number} ({year})"));
                masthead.symbol = Some(symbol);
            }
            if let Some(date) = captures.get(5).and_then(|date| patterns::find_date(date.as_str())) {
                masthead.adoption_date = Some(date);
            }
            if let Some(reference) = captures.get(6) {
                masthead.route = Some(reference.as_str().trim().to_string());
            }
            heading_seen = true;
            index += if whole > line.text.len() { consumed } else { 1 };
        } else if let Some(captures) = COUNCIL_ADOPTION.captures(&joined) {
            masthead.council_meeting = Some(format!("{} meeting", &captures[1]));
            if let Some(date) = captures.get(2).and_then(|date| patterns::find_date(date.as_str())) {
                masthead.adoption_date = Some(date);
            }
            index += consumed;
        } else if let Some(date) = line.text.strip_prefix("of ").and_then(patterns::parse_date_line) {
            masthead.adoption_date = Some(date);
            index += 1;
        } else if heading_seen
            && (line.text.starts_with('[') || line.text.starts_with("(S/"))
            && line.text.ends_with([']', '}', ')'])
        {
            // The draft's symbol in brackets, which the scans often misread: "[S/5778]", "(S/597]".
            masthead.route = Some(line.text.trim_matches(['[', ']', '}', '(', ')']).trim().to_string());
            index += 1;
        } else if !heading_seen && is_subject_line(&line.text) {
            masthead.title = if masthead.title.is_empty() {
                line.text.clone()
            } else {
                format!("{} {}", masthead.title, line.text)
            };
            index += 1;
        } else {
            break;
        }
    }
    index
}

/// A subject heading in capitals, as the early compilations print above a resolution.
fn is_subject_line(text: &str) -> bool {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 4 && letters.iter().all(|c| c.is_uppercase())
}

/// A line holding only a small number inside the body: the page number of the printed volume.
fn is_compilation_page_number(line: &SourceLine) -> bool {
    !line.text.is_empty() && line.text.len() <= 3 && line.text.chars().all(|c| c.is_ascii_digit())
}

/// Where the footnotes at the end of a compilation text begin: after the last adoption record (or the last
/// block of the body), a run of lines of which the first opens with a footnote number.
fn trailing_footnotes_start(lines: &[SourceLine], body_start: usize) -> usize {
    let last_record =
        (body_start..lines.len()).rev().find(|&index| ADOPTION_RECORD.is_match(&lines[index].text));
    let Some(record) = last_record else {
        return lines.len();
    };
    // The record itself may run over a few lines; footnotes start at the first line after it that opens
    // with a number followed by text.
    let mut index = record + 1;
    while index < lines.len() {
        let text = &lines[index].text;
        if council_footnote_opening(text).is_some() {
            return index;
        }
        if lines[index].is_blank() || text.is_empty() {
            index += 1;
            continue;
        }
        // A continuation of the record ("by 13 votes to 1 against (Pakistan), …").
        index += 1;
    }
    lines.len()
}

/// A footnote as the compilations print it: a number, then text that does not continue a sentence. Some
/// volumes put a full stop after the number: "33.One member (China) did not participate".
fn council_footnote_opening(text: &str) -> Option<(&str, &str)> {
    let (mark, rest) = footnote_opening(text).filter(|(mark, _)| !mark.starts_with('*')).or_else(|| {
        let (mark, rest) = text.split_once('.')?;
        (!mark.is_empty()
            && mark.len() <= 3
            && !mark.starts_with('0')
            && mark.chars().all(|c| c.is_ascii_digit()))
        .then_some((mark, rest))
    })?;
    let rest = rest.trim();
    (!rest.is_empty() && !rest.starts_with(char::is_lowercase)).then_some((mark, rest))
}

fn read_footnotes(lines: &[SourceLine]) -> Vec<FootnoteText> {
    let mut footnotes: Vec<FootnoteText> = Vec::new();
    let mut last_number: Option<u32> = None;
    for line in lines {
        if line.is_blank() {
            continue;
        }
        let opening = council_footnote_opening(&line.text).filter(|(mark, _)| {
            let value: u32 = mark.parse().unwrap_or(0);
            last_number.is_none_or(|last| value == last + 1)
        });
        match (opening, footnotes.last_mut()) {
            (Some((mark, text)), _) => {
                last_number = mark.parse().ok();
                footnotes.push(FootnoteText {
                    mark: mark.to_string(),
                    text: MarkedText::new(text),
                    line: line.number,
                });
            }
            (None, Some(footnote)) => {
                footnote.text.push_line(MarkedText::new(line.text.clone()), line.soft_hyphen_break)
            }
            (None, None) => {}
        }
    }
    footnotes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn council_headings_in_their_several_forms() {
        for heading in [
            "Resolution 830 (1993)",
            "RESOLUTION 830 (1993)",
            "61 (1948). Resolution of 4 November 1948 [S/1070}",
            "1 (1946) Resolution of 25 January 1946",
            "Resolution 400 (1976) of 7 December 1976",
            "Resolution 361 (197-4) of 30 August 1974",
        ] {
            assert!(is_council_heading(heading), "{heading}");
        }
        assert!(!is_council_heading("Recalling its resolution 338 (1973) of 22 October 1973,"));
    }
}
