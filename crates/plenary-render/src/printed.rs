//! The layout of a document as the UN prints it, in reading order: the masthead, the adoption line and
//! route (or a draft's sponsors), the numbered title, the enacting formula, the preambular and operative
//! paragraphs with their printed numbers and labels and the length of their italic opening phrase,
//! sub-paragraphs, sub-headings, the parts of omnibus resolutions, the Council's adoption record, the
//! meeting line and the annexes.
//!
//! The plain-text writer (`plain_text.rs`), the Word writer (`docx.rs`) and the PDF writer (`pdf.rs`) draw
//! these same blocks, so that what is printed, in which order, with which numbers and which italics, is
//! decided once — the masthead included; each maps a block's [`Kind`] to its own formatting (lines and
//! blank lines, a Word style, a font and an indentation).

use std::collections::HashSet;

use plenary_core::vocabulary::{ParagraphPart, opening_phrase};
use plenary_core::{Body, Document, DocumentKind, FootnoteRef, Paragraph, ParagraphId};

use plenary_core::dates::format_date;

/// What a block of the layout is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    /// "United Nations", at the head of a General Assembly or Council document.
    Organization,
    /// The document symbol under it: "A/RES/80/198".
    Symbol,
    /// The body: "General Assembly".
    Body,
    /// "Distr.: General".
    Distribution,
    /// The date of issue.
    Issued,
    /// The job number: "25-20949 (E)".
    JobNumber,
    /// "Eightieth session".
    Session,
    /// The Main Committee of a draft: "Third Committee".
    Committee,
    /// "Agenda item 71 (a)".
    AgendaItems,
    /// The title of an agenda item.
    AgendaTitle,
    /// The empty line that ends the agenda titles.
    MastheadEnd,
    /// "Resolution adopted by the General Assembly on …", or a Council resolution's number.
    Adoption,
    /// "[on the report of the Third Committee (…)]", or the Council's adoption line.
    Route,
    /// A draft's sponsors: "Albania, …: draft resolution".
    Sponsors,
    /// The title, numbered for a resolution: "80/198. Torture and …".
    Title,
    /// "The General Assembly,".
    Formula,
    Preambular,
    Operative,
    /// A sub-paragraph at a depth from 1: `(a)` is 1, `(i)` under it is 2.
    Subparagraph(usize),
    Subheading,
    /// The label and heading of a part of an omnibus resolution: "I\nTorture".
    SectionHeading,
    /// The Council's record of the vote.
    Record,
    /// "63rd plenary meeting\n15 December 2025".
    Meeting,
    AnnexHeading,
    AnnexParagraph,
}

impl Kind {
    /// The group of the masthead's head a line belongs to, in the order they are printed: "United Nations"
    /// and the symbol (0); the body, distribution, date and job number (1); the session, committee, agenda
    /// items and their titles (2). `None` for every other block. The head's lines are set plainly, one
    /// after the other; the plain-text writer sets its groups apart with blank lines.
    pub(crate) fn masthead_group(self) -> Option<usize> {
        match self {
            Kind::Organization | Kind::Symbol => Some(0),
            Kind::Body | Kind::Distribution | Kind::Issued | Kind::JobNumber => Some(1),
            Kind::Session | Kind::Committee | Kind::AgendaItems | Kind::AgendaTitle => Some(2),
            _ => None,
        }
    }
}

/// What a line of the layout is for, which decides where a comparison puts old units around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// The masthead, the title and the enacting formula: everything before the body.
    Opening,
    /// A sub-heading, a part's heading or an annex heading: it belongs to the unit after it.
    Lead,
    /// The Council's adoption record and the meeting line, after the body.
    Closing,
}

/// A paragraph of the layout that is not a unit; `\n` in its text is a line break.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub kind: Kind,
    pub text: String,
    pub refs: Vec<FootnoteRef>,
    pub role: Role,
}

/// A unit of the layout: a preambular or operative paragraph, a sub-paragraph or an annex paragraph.
#[derive(Debug, Clone)]
pub(crate) struct Unit<'a> {
    pub id: &'a ParagraphId,
    pub kind: Kind,
    /// The number or label as printed: "4.", "(b)", "I.".
    pub label: Option<String>,
    pub text: &'a str,
    pub refs: &'a [FootnoteRef],
    /// How many characters of the opening phrase are printed in italics.
    pub italic_characters: usize,
}

#[derive(Debug, Clone)]
pub(crate) enum Block<'a> {
    Line(Line),
    Unit(Unit<'a>),
}

impl<'a> Block<'a> {
    pub(crate) fn into_unit(self) -> Option<Unit<'a>> {
        match self {
            Block::Unit(unit) => Some(unit),
            Block::Line(_) => None,
        }
    }

    pub(crate) fn as_unit(&self) -> Option<&Unit<'a>> {
        match self {
            Block::Unit(unit) => Some(unit),
            Block::Line(_) => None,
        }
    }
}

/// The layout of a document, in reading order.
pub(crate) fn blocks(document: &Document) -> Vec<Block<'_>> {
    let mut blocks = masthead(document);
    if let Some(formula) = &document.enacting_formula {
        blocks.push(line(Kind::Formula, formula, Role::Opening));
    }
    push_parts(&document.preamble, &document.operative, &mut blocks);
    for section in &document.sections {
        let text = if section.heading.is_empty() {
            section.label.clone()
        } else {
            format!("{}\n{}", section.label, section.heading)
        };
        blocks.push(line(Kind::SectionHeading, &text, Role::Lead));
        push_parts(&section.preamble, &section.operative, &mut blocks);
    }
    if let Some(adoption) = &document.adoption
        && let Some(record) = &adoption.record
    {
        blocks.push(Block::Line(Line {
            kind: Kind::Record,
            text: record.clone(),
            refs: adoption.record_footnote_refs.clone(),
            role: Role::Closing,
        }));
    }
    if let Some(meeting) = &document.meeting {
        let text = match meeting.date {
            Some(date) => format!("{}\n{}", meeting.meeting, format_date(date)),
            None => meeting.meeting.clone(),
        };
        blocks.push(line(Kind::Meeting, &text, Role::Closing));
    }
    for annex in &document.annexes {
        if !annex.heading.is_empty() {
            blocks.push(line(Kind::AnnexHeading, &annex.heading, Role::Lead));
        }
        for block in &annex.blocks {
            let label = block.label.as_ref().map(|label| {
                if label.chars().all(|c| c.is_ascii_digit() || c.is_ascii_uppercase()) {
                    format!("{label}.")
                } else {
                    format!("({label})")
                }
            });
            blocks.push(Block::Unit(Unit {
                id: &block.id,
                kind: Kind::AnnexParagraph,
                label,
                text: &block.text,
                refs: &block.footnote_refs,
                italic_characters: 0,
            }));
        }
    }
    blocks
}

fn line(kind: Kind, text: &str, role: Role) -> Block<'static> {
    Block::Line(Line { kind, text: text.to_string(), refs: Vec::new(), role })
}

fn push_parts<'a>(preamble: &'a [Paragraph], operative: &'a [Paragraph], blocks: &mut Vec<Block<'a>>) {
    for paragraph in preamble {
        push_paragraph(paragraph, Some(ParagraphPart::Preambular), 0, blocks);
    }
    for paragraph in operative {
        push_paragraph(paragraph, Some(ParagraphPart::Operative), 0, blocks);
    }
}

/// A paragraph and its sub-paragraphs. `part` is set for top-level paragraphs, whose opening phrase is
/// printed in italics.
fn push_paragraph<'a>(
    paragraph: &'a Paragraph,
    part: Option<ParagraphPart>,
    depth: usize,
    blocks: &mut Vec<Block<'a>>,
) {
    if let Some(heading) = &paragraph.heading {
        // Each part of a long heading on a paragraph of its own, as the readers take sub-headings.
        for heading_part in plenary_import::shapes::heading_parts(heading) {
            blocks.push(line(Kind::Subheading, &heading_part, Role::Lead));
        }
    }
    let kind = match (depth, part) {
        (0, Some(ParagraphPart::Operative)) => Kind::Operative,
        (0, _) => Kind::Preambular,
        (depth, _) => Kind::Subparagraph(depth),
    };
    let label = match (&paragraph.number, &paragraph.label) {
        (Some(number), _) => Some(format!("{number}.")),
        (None, Some(label)) => Some(format!("({label})")),
        (None, None) => None,
    };
    let italic_characters = part
        .and_then(|part| opening_phrase(&paragraph.text, part))
        .filter(|phrase| paragraph.text.starts_with(*phrase))
        .map_or(0, |phrase| phrase.chars().count());
    blocks.push(Block::Unit(Unit {
        id: &paragraph.id,
        kind,
        label,
        text: &paragraph.text,
        refs: &paragraph.footnote_refs,
        italic_characters,
    }));
    for child in &paragraph.subparagraphs {
        push_paragraph(child, None, depth + 1, blocks);
    }
}

/// A Security Council text from the compilations: no masthead, only its heading.
pub(crate) fn is_council_compilation(document: &Document) -> bool {
    document.body == Some(Body::SecurityCouncil) && document.distribution.is_none()
}

/// The masthead lines, one paragraph each (the plain-text writer sets the head's groups apart). The masthead reader
/// takes each paragraph as a group of lines; the empty paragraph after the agenda items ends their titles.
/// Footnotes that no paragraph cites are cited at the end of the title (or of the first line).
fn masthead(document: &Document) -> Vec<Block<'static>> {
    let mut lines: Vec<Line> = Vec::new();
    let mut push = |kind: Kind, text: String| {
        lines.push(Line { kind, text, refs: Vec::new(), role: Role::Opening });
    };
    let adoption = document.adoption.as_ref();
    let council_line = |meeting: &str| match adoption.and_then(|adoption| adoption.date) {
        Some(date) => format!("Adopted by the Security Council at its {meeting}, on {}", format_date(date)),
        None => format!("Adopted by the Security Council at its {meeting}"),
    };
    let resolution_number = document.symbol.as_ref().and_then(|symbol| symbol.resolution_number());
    if is_council_compilation(document) {
        if !document.title.is_empty() {
            push(Kind::Title, document.title.clone());
        }
        let date = adoption.and_then(|adoption| adoption.date);
        let meeting = adoption.and_then(|adoption| adoption.meeting.as_ref());
        let mut heading = match &resolution_number {
            Some(number) => format!("Resolution {number}"),
            None => "Resolution".to_string(),
        };
        if let (Some(date), None) = (date, meeting) {
            heading.push_str(&format!(" of {}", format_date(date)));
        }
        push(Kind::Adoption, heading);
        if let Some(route) = adoption.and_then(|adoption| adoption.route.as_ref()) {
            push(Kind::Route, format!("[{route}]"));
        }
        if let Some(meeting) = meeting {
            push(Kind::Route, council_line(meeting));
        }
    } else {
        push(Kind::Organization, "United Nations".to_string());
        if let Some(symbol) = &document.symbol {
            push(Kind::Symbol, symbol.as_str().to_string());
        }
        if let Some(body) = document.body {
            push(Kind::Body, body.name().to_string());
        }
        if let Some(distribution) = document.distribution {
            let name = distribution.name();
            push(Kind::Distribution, format!("Distr.: {name}"));
        }
        if let Some(issued) = document.issued {
            push(Kind::Issued, format_date(issued));
        }
        if let Some(job_number) = &document.job_number {
            push(Kind::JobNumber, job_number.clone());
        }
        if let Some(session) = document.session {
            push(Kind::Session, session.masthead());
        }
        // A draft tabled in a Main Committee names it; a resolution names it in its route.
        if let Some(committee) = document.committee
            && document.kind != DocumentKind::Resolution
        {
            push(Kind::Committee, committee.name());
        }
        let numbers: Vec<&str> = document.agenda_items.iter().map(|item| item.item.as_str()).collect();
        match numbers.as_slice() {
            [] => {}
            [single] => push(Kind::AgendaItems, format!("Agenda item {single}")),
            [rest @ .., last] => {
                push(Kind::AgendaItems, format!("Agenda items {} and {last}", rest.join(", ")))
            }
        }
        for title in document.agenda_items.iter().filter_map(|item| item.title.as_ref()) {
            push(Kind::AgendaTitle, title.clone());
        }
        push(Kind::MastheadEnd, String::new());
        let council = document.body == Some(Body::SecurityCouncil);
        if let Some(adoption) = adoption {
            // The Council prints its adoption under the resolution's number instead (below).
            if let Some(date) = adoption.date.filter(|_| !council) {
                let body = document.body.unwrap_or(Body::GeneralAssembly).name();
                push(Kind::Adoption, format!("Resolution adopted by the {body} on {}", format_date(date)));
            }
            if let Some(route) = &adoption.route {
                push(Kind::Route, format!("[{route}]"));
            }
        }
        if !document.sponsors.is_empty() || document.sponsor_note.is_some() {
            let note = document.sponsor_note.as_deref().unwrap_or("draft resolution");
            let sponsors = match document.sponsors.as_slice() {
                [] => String::new(),
                [single] => single.clone(),
                [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
            };
            push(
                Kind::Sponsors,
                if sponsors.is_empty() { note.to_string() } else { format!("{sponsors}: {note}") },
            );
        }
        if council {
            if !document.title.is_empty() {
                push(Kind::Title, document.title.clone());
            }
            if let Some(number) = &resolution_number {
                push(Kind::Adoption, format!("Resolution {number}"));
            }
            if let Some(meeting) = adoption.and_then(|adoption| adoption.meeting.as_ref()) {
                push(Kind::Route, council_line(meeting));
            }
        } else if !document.title.is_empty() {
            let number = resolution_number.filter(|_| document.kind == DocumentKind::Resolution);
            push(
                Kind::Title,
                match number {
                    Some(number) => format!("{number}. {}", document.title),
                    None => document.title.clone(),
                },
            );
        }
    }
    let uncited = uncited_footnotes(document);
    let holder = lines.iter().position(|line| line.kind == Kind::Title).or(if lines.is_empty() {
        None
    } else {
        Some(0)
    });
    if let Some(holder) = holder {
        let at = lines[holder].text.chars().count();
        lines[holder].refs = uncited.into_iter().map(|mark| FootnoteRef { mark, at }).collect();
    }
    lines.into_iter().map(Block::Line).collect()
}

/// The marks of the footnotes that no paragraph, annex block or adoption record cites.
pub(crate) fn uncited_footnotes(document: &Document) -> Vec<String> {
    let mut cited: HashSet<&str> = HashSet::new();
    let paragraphs = document.paragraphs().into_iter().flat_map(|paragraph| &paragraph.footnote_refs);
    let annexes =
        document.annexes.iter().flat_map(|annex| &annex.blocks).flat_map(|block| &block.footnote_refs);
    let record = document.adoption.iter().flat_map(|adoption| &adoption.record_footnote_refs);
    for reference in paragraphs.chain(annexes).chain(record) {
        cited.insert(&reference.mark);
    }
    let mut uncited: Vec<String> = Vec::new();
    for footnote in &document.footnotes {
        if !cited.contains(footnote.mark.as_str()) && !uncited.contains(&footnote.mark) {
            uncited.push(footnote.mark.clone());
        }
    }
    uncited
}
