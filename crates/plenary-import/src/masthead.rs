//! The masthead of a UN document's first page: symbol, body, distribution, date, job number, session,
//! committee, agenda items, the adoption line and route, the sponsors of a draft and the title.
//!
//! The masthead is read as groups of lines separated by blank lines. Some groups are made of recognisable
//! field lines ("Distr.: General", "Eightieth session"); the others are, in the order the UN prints them,
//! the adoption line, the route, the sponsors and the title. The masthead ends with the title, or earlier at
//! the enacting formula ("The General Assembly,") or at text that is plainly a paragraph.

use plenary_core::vocabulary::{ParagraphPart, opening_phrase, starts_preambular_paragraph};
use plenary_core::{
    AgendaItem, Body, Committee, Diagnostic, Distribution, DocumentKind, Session, Symbol, states,
};
use time::Date;

use crate::lines::{FurnitureKind, FurnitureLine, SourceLine};
use crate::patterns;
use crate::text::{MarkedText, collapse_whitespace};

/// What the masthead says, and where the body begins.
#[derive(Debug, Default)]
pub(crate) struct Masthead {
    pub symbol: Option<Symbol>,
    pub body: Option<Body>,
    pub distribution: Option<Distribution>,
    pub issued: Option<Date>,
    pub job_number: Option<String>,
    pub session: Option<Session>,
    pub committee: Option<Committee>,
    pub agenda_items: Vec<AgendaItem>,
    pub adoption_date: Option<Date>,
    pub route: Option<String>,
    /// The Security Council meeting named in the heading: "3220th meeting".
    pub council_meeting: Option<String>,
    pub sponsors: Vec<String>,
    pub sponsor_note: Option<String>,
    pub kind: Option<DocumentKind>,
    pub title: String,
    /// The resolution number printed before the title: "80/198" in "80/198. Torture …".
    pub title_number: Option<String>,
    /// Star marks cut from the sponsors' line or the title ("Russian Federation:*").
    pub star_marks: Vec<String>,
    /// Index (into the lines) of the first line after the masthead.
    pub end: usize,
    pub furniture: Vec<FurnitureLine>,
    pub diagnostics: Vec<Diagnostic>,
}

pattern!(
    ENACTING_FORMULA,
    r"^The (General Assembly|Security Council|Human Rights Council|Economic and Social Council),?$"
);
pattern!(NUMBERED_TITLE, r"^((?:(?:ES|S)-)?\d{1,3}/\d{1,4}(?: [A-Z])?)\.\s+(.*)$");
pattern!(AGENDA, r"^Agenda items?\s+(.+)$");
pattern!(DISTRIBUTION, r"^Distr\.:?\s*(General|Limited|Restricted)\b\s*(.*)$");
pattern!(COUNCIL_HEADING, r"^(?i:resolution)\s+(\d{1,4})\s*\((\d{4})\)\.?$");
pattern!(
    COUNCIL_ADOPTION,
    r"^Adopted by the Security Council at its (\d+(?:st|nd|rd|th)) meeting,?\s*(?:on (.*))?$"
);
pattern!(
    SPONSOR_NOTE,
    r"^(.*?):\s*(\**)\s*((?:revised )?draft (?:resolution|decision)|(?:amendments?|proposed amendments?) to (?:the )?(?:revised )?draft (?:resolution|decision)\b.*)$"
);
pattern!(
    SUBMITTED_BY,
    r"^(?:Revised draft|Draft) (?:resolution|decision) submitted by\b|^Note by\b|^Letter dated\b|^Proposal by\b"
);
pattern!(PARAGRAPH_START, r"^(?:\d{1,3}\.|\([a-z]{1,3}\))(?:\s|$)");

/// Languages printed alone on a masthead line when the extractor split "Original: English".
const LANGUAGES: &[&str] = &["English", "French", "Spanish", "Arabic", "Chinese", "Russian"];

/// The enacting formula, if `line` is one: "The General Assembly,".
pub(crate) fn enacting_formula_body(line: &str) -> Option<Body> {
    ENACTING_FORMULA.captures(line).and_then(|captures| Body::from_name(&captures[1]))
}

/// Reads the masthead at the top of `lines`.
pub(crate) fn read(lines: &[SourceLine]) -> Masthead {
    let mut reader = Reader::new(lines);
    reader.read_groups();
    reader.finish()
}

/// The masthead as read so far, and where the reading stands.
struct Reader<'a> {
    lines: &'a [SourceLine],
    /// The groups of lines on the first page.
    groups: Vec<Group>,
    /// The next group to read.
    next: usize,
    masthead: Masthead,
    stage: Stage,
    /// Index (into the lines) of the first line after what was read as masthead.
    end: usize,
    /// Whether lines that are not fields are an agenda item's title (until two blank lines).
    in_agenda: bool,
    /// The agenda items' title lines, with an empty string between two titles.
    agenda_titles: Vec<String>,
}

impl<'a> Reader<'a> {
    fn new(lines: &'a [SourceLine]) -> Reader<'a> {
        let limit = first_page_limit(lines);
        Reader {
            lines,
            groups: groups(&lines[..limit]),
            next: 0,
            masthead: Masthead::default(),
            stage: Stage::Fields,
            end: 0,
            in_agenda: false,
            agenda_titles: Vec::new(),
        }
    }

    /// Reads group after group until the masthead ends.
    fn read_groups(&mut self) {
        while let Some(&group) = self.groups.get(self.next) {
            self.next += 1;
            if group.blank_lines_before >= 2 {
                self.in_agenda = false;
            }
            self.read_group(group);
            if self.stage == Stage::Done {
                break;
            }
            // The masthead runs to the end of the last group read (a route may have taken in the groups
            // after its own).
            self.end = self.groups[self.next - 1].end;
        }
    }

    fn read_group(&mut self, group: Group) {
        let lines = self.lines;
        let group_lines = &lines[group.start..group.end];
        match classify(group_lines) {
            GroupKind::EnactingFormula => self.finish_at(group.start),
            GroupKind::Fields => self.read_fields(group_lines),
            GroupKind::Adoption(date) => {
                self.masthead.adoption_date = date;
                self.masthead.kind.get_or_insert(DocumentKind::Resolution);
                self.stage = Stage::Adoption;
            }
            GroupKind::Route(route) => self.read_route(route),
            GroupKind::CouncilHeading { number, year } => self.read_council_heading(&number, &year),
            GroupKind::CouncilAdoption { meeting, date } => {
                self.masthead.council_meeting = Some(meeting);
                self.masthead.adoption_date = date;
                self.stage = Stage::Adoption;
            }
            GroupKind::Sponsors(note) if self.stage != Stage::Title => self.read_sponsors(note),
            GroupKind::Stray => self.note_stray(&group_lines[0]),
            GroupKind::Free if self.in_agenda && self.stage == Stage::Fields => {
                self.read_agenda_title(group_lines);
            }
            // After the sponsors or the adoption route comes the title, whatever its first word
            // ("Promoting investments …" reads like a preambular opening); before them, prose is the title
            // only if it does not read as a paragraph.
            GroupKind::Sponsors(_) | GroupKind::Free
                if self.stage == Stage::Fields && self.body_begins(group_lines) =>
            {
                self.finish_at(group.start);
            }
            GroupKind::Sponsors(_) | GroupKind::Free => self.read_title(group),
        }
    }

    /// The masthead ends before line `end`.
    fn finish_at(&mut self, end: usize) {
        self.end = end;
        self.stage = Stage::Done;
    }

    /// Field lines (symbol, body, distribution and date, job number, session, committee), and the agenda
    /// items with their title lines.
    fn read_fields(&mut self, group_lines: &[SourceLine]) {
        for line in group_lines {
            if self.in_agenda && !is_field_line(&line.text) {
                self.agenda_titles.push(line.text.clone());
            } else if let Some(captures) = AGENDA.captures(&line.text) {
                self.in_agenda = true;
                self.masthead.agenda_items = agenda_item_numbers(&captures[1]);
            } else {
                read_field_line(line, &mut self.masthead);
            }
        }
    }

    /// A group of prose under the agenda items: more of their titles.
    fn read_agenda_title(&mut self, group_lines: &[SourceLine]) {
        self.agenda_titles.push(String::new());
        self.agenda_titles.extend(group_lines.iter().map(|line| line.text.clone()));
    }

    /// The route of a resolution: "[on the report of the Third Committee (A/72/439/Add.1)]".
    fn read_route(&mut self, mut route: String) {
        // A long route may be broken over groups: "[on the report of the … Committee" / "(Fourth
        // Committee) (A/78/421, para. 13)]".
        while !route.contains(']') && self.next < self.groups.len() {
            let next = self.groups[self.next];
            route.push(' ');
            route.push_str(&join_lines(&self.lines[next.start..next.end]));
            self.next += 1;
        }
        self.masthead.route = Some(route.trim_start_matches('[').trim_end_matches(']').trim().to_string());
        self.stage = Stage::Adoption;
    }

    /// A Security Council resolution's heading, "Resolution 830 (1993)": its symbol, body and number.
    fn read_council_heading(&mut self, number: &str, year: &str) {
        if self.masthead.symbol.is_none() {
            self.masthead.symbol = Symbol::parse(&format!("S/RES/{number} ({year})")).ok();
        }
        self.masthead.body.get_or_insert(Body::SecurityCouncil);
        self.masthead.kind.get_or_insert(DocumentKind::Resolution);
        self.masthead.title_number = Some(format!("{number} ({year})"));
        self.stage = Stage::Adoption;
    }

    /// A draft's sponsors, or who submits the text; the title comes next.
    fn read_sponsors(&mut self, note: SponsorNote) {
        self.masthead.kind = Some(note.kind);
        self.masthead.sponsors = note.sponsors;
        self.masthead.sponsor_note = Some(note.note);
        self.masthead.star_marks.extend(note.star_marks);
        self.stage = Stage::Title;
    }

    fn note_stray(&mut self, line: &SourceLine) {
        self.masthead.diagnostics.push(Diagnostic::info(
            line.number,
            format!("stray characters {:?} in the masthead are not part of the document", line.text),
        ));
    }

    /// Whether prose met before any sponsors or adoption line is where the body begins: it reads as a
    /// paragraph, or it cannot be the title.
    fn body_begins(&self, group_lines: &[SourceLine]) -> bool {
        looks_like_body(&group_lines[0].text)
            || !could_be_title(&self.masthead, &self.groups[self.next..], self.lines, group_lines)
    }

    /// The title, with its number ("80/198.") and star marks taken apart; the masthead ends with it (or with
    /// the author of a note printed under it).
    fn read_title(&mut self, group: Group) {
        let lines = self.lines;
        let mut joined = join_lines(&lines[group.start..group.end]);
        let mut title_end = group.end;
        // A title broken over groups runs on to the enacting formula.
        let rest = &self.groups[self.next..];
        if let Some(formula) =
            rest.iter().position(|next| enacting_formula_body(&lines[next.start].text).is_some())
            && rest[..formula].iter().all(|next| !looks_like_body(&lines[next.start].text))
        {
            for next in &rest[..formula] {
                joined.push(' ');
                joined.push_str(&join_lines(&lines[next.start..next.end]));
                title_end = next.end;
            }
        }
        let (title, stars) = strip_star_marks(&joined);
        self.masthead.star_marks.extend(stars);
        match NUMBERED_TITLE.captures(&title) {
            Some(captures) => {
                self.masthead.title_number = Some(captures[1].to_string());
                self.masthead.title = captures[2].trim().to_string();
            }
            None => self.masthead.title = title,
        }
        self.finish_at(title_end);
        self.read_author_of_note(title_end);
    }

    /// A note names its author under its title: "Organization of work" / "Note by the Secretariat".
    fn read_author_of_note(&mut self, title_end: usize) {
        let lines = self.lines;
        if let Some(next) = self.groups.get(self.next).filter(|next| next.start >= title_end) {
            let next_text = join_lines(&lines[next.start..next.end]);
            if self.masthead.sponsor_note.is_none() && next_text.starts_with("Note by") {
                self.masthead.sponsor_note = Some(next_text);
                self.masthead.kind = Some(DocumentKind::Other);
                self.end = next.end;
            }
        }
    }

    /// The masthead read: the agenda titles given to their items, the furniture marked, and what the symbol
    /// implies filled in.
    fn finish(mut self) -> Masthead {
        assign_agenda_titles(&mut self.masthead.agenda_items, &self.agenda_titles);
        mark_furniture(self.lines, self.end, &mut self.masthead);
        self.masthead.end = self.end;
        infer_from_symbol(&mut self.masthead);
        self.masthead
    }
}

/// What a group of masthead lines is.
enum GroupKind {
    EnactingFormula,
    /// Field lines, and the agenda item with its title lines.
    Fields,
    Adoption(Option<Date>),
    Route(String),
    CouncilHeading {
        number: String,
        year: String,
    },
    CouncilAdoption {
        meeting: String,
        date: Option<Date>,
    },
    Sponsors(SponsorNote),
    /// Stray characters with no letters (a logo or barcode fragment the extractor kept).
    Stray,
    /// Prose: an agenda title, the title, or the start of the body.
    Free,
}

fn classify(group_lines: &[SourceLine]) -> GroupKind {
    let first = &group_lines[0].text;
    if enacting_formula_body(first).is_some() {
        return GroupKind::EnactingFormula;
    }
    if group_lines.iter().all(|line| is_field_line(&line.text))
        || group_lines.iter().any(|line| AGENDA.is_match(&line.text))
    {
        return GroupKind::Fields;
    }
    let joined = join_lines(group_lines);
    if joined.chars().filter(|c| c.is_alphabetic()).count() < 2 && joined.chars().count() <= 4 {
        return GroupKind::Stray;
    }
    if let Some(rest) = joined.strip_prefix("Resolution adopted by") {
        return GroupKind::Adoption(patterns::find_date(rest));
    }
    if joined.starts_with('[') {
        return GroupKind::Route(joined);
    }
    if let Some(captures) = COUNCIL_HEADING.captures(&joined) {
        return GroupKind::CouncilHeading { number: captures[1].to_string(), year: captures[2].to_string() };
    }
    if let Some(captures) = COUNCIL_ADOPTION.captures(&joined) {
        return GroupKind::CouncilAdoption {
            meeting: format!("{} meeting", &captures[1]),
            date: captures.get(2).and_then(|date| patterns::find_date(date.as_str())),
        };
    }
    if let Some(note) = sponsor_note(&joined) {
        return GroupKind::Sponsors(note);
    }
    GroupKind::Free
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Fields,
    Adoption,
    Title,
    Done,
}

/// A run of non-blank lines, with the number of blank lines before it.
#[derive(Debug, Clone, Copy)]
struct Group {
    start: usize,
    end: usize,
    blank_lines_before: usize,
}

fn groups(lines: &[SourceLine]) -> Vec<Group> {
    let mut groups = Vec::new();
    let mut blank_run = 0usize;
    let mut index = 0usize;
    while index < lines.len() {
        if lines[index].is_blank() {
            blank_run += 1;
            index += 1;
            continue;
        }
        let start = index;
        while index < lines.len() && !lines[index].is_blank() {
            index += 1;
        }
        groups.push(Group { start, end: index, blank_lines_before: blank_run });
        blank_run = 0;
    }
    groups
}

/// The masthead lies on the first page: it cannot run past the first page break, the first page counter
/// or the enacting formula.
fn first_page_limit(lines: &[SourceLine]) -> usize {
    const MASTHEAD_MAX_LINES: usize = 120;
    lines
        .iter()
        .position(|line| {
            line.page_break && line.number > 1
                || patterns::is_page_counter(&line.text)
                || patterns::is_job_number_and_page_counter(&line.text)
                || patterns::is_rule(&line.text)
        })
        .unwrap_or(lines.len())
        .min(MASTHEAD_MAX_LINES)
        .min(lines.len())
}

/// A masthead line that carries a field or fixed wording rather than prose.
fn is_field_line(text: &str) -> bool {
    let text = text.trim_start_matches("United Nations").trim();
    text.is_empty()
        || symbol_in_line(text).is_some()
        || Body::from_name(text).is_some()
        || body_and_distribution(text).is_some()
        || DISTRIBUTION.is_match(text)
        || patterns::parse_date_line(text).is_some()
        || text.starts_with("Original:")
        || LANGUAGES.contains(&text)
        || patterns::is_job_number(text)
        || patterns::is_barcode(text)
        || Session::from_masthead(text).is_some()
        || Committee::from_name(text).is_some()
        || AGENDA.is_match(text)
}

/// "Security Council Distr.: General" as one line (older extractions put them side by side).
fn body_and_distribution(text: &str) -> Option<(Body, &str)> {
    let (name, rest) = text.split_once("Distr.")?;
    Some((Body::from_name(name)?, rest))
}

fn symbol_in_line(text: &str) -> Option<Symbol> {
    let candidate = text.trim_end_matches(['*', ' ']);
    if !candidate.contains('/') {
        return None;
    }
    Symbol::parse(candidate).ok()
}

fn read_field_line(line: &SourceLine, masthead: &mut Masthead) {
    let text = line.text.as_str();
    let after_organisation = text.trim_start_matches("United Nations").trim();
    if after_organisation.is_empty() {
        return;
    }
    if let Some(symbol) = symbol_in_line(after_organisation) {
        masthead.symbol.get_or_insert(symbol);
    } else if let Some(body) = Body::from_name(after_organisation) {
        masthead.body.get_or_insert(body);
    } else if let Some((body, distribution)) = body_and_distribution(after_organisation) {
        masthead.body.get_or_insert(body);
        read_distribution(&format!("Distr.{distribution}"), masthead);
    } else if DISTRIBUTION.is_match(after_organisation) {
        read_distribution(after_organisation, masthead);
    } else if let Some(date) = patterns::parse_date_line(after_organisation) {
        masthead.issued.get_or_insert(date);
    } else if patterns::is_job_number(after_organisation) {
        let job = after_organisation
            .split_whitespace()
            .take_while(|part| !part.chars().all(|c| c.is_ascii_digit()) || part.contains('-'));
        masthead.job_number.get_or_insert_with(|| job.collect::<Vec<_>>().join(" "));
    } else if let Some(session) = Session::from_masthead(after_organisation) {
        masthead.session.get_or_insert(session);
    } else if let Some(committee) = Committee::from_name(after_organisation) {
        masthead.committee.get_or_insert(committee);
    }
}

fn read_distribution(text: &str, masthead: &mut Masthead) {
    let Some(captures) = DISTRIBUTION.captures(text) else {
        return;
    };
    masthead.distribution = Some(match &captures[1] {
        "Limited" => Distribution::Limited,
        "Restricted" => Distribution::Restricted,
        _ => Distribution::General,
    });
    if let Some(date) = patterns::parse_date_line(captures[2].trim()) {
        masthead.issued.get_or_insert(date);
    }
}

/// "71 (a)" → ["71 (a)"]; "13 and 75 (a)" → ["13", "75 (a)"].
fn agenda_item_numbers(text: &str) -> Vec<AgendaItem> {
    text.split([','])
        .flat_map(|part| part.split(" and "))
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| AgendaItem { item: item.to_string(), title: None })
        .collect()
}

/// Gives each agenda item its title. Titles of several items are separated by blank lines (pushed as
/// empty strings); when the count does not match, the first item carries the whole text.
fn assign_agenda_titles(items: &mut [AgendaItem], lines: &[String]) {
    let mut titles: Vec<String> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in lines {
        if line.is_empty() {
            if !current.is_empty() {
                titles.push(join_texts(&current));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        titles.push(join_texts(&current));
    }
    if titles.is_empty() || items.is_empty() {
        return;
    }
    if titles.len() == items.len() {
        for (item, title) in items.iter_mut().zip(titles) {
            item.title = Some(title);
        }
    } else {
        let whole: Vec<&str> = titles.iter().map(String::as_str).collect();
        items[0].title = Some(whole.join(" "));
    }
}

struct SponsorNote {
    kind: DocumentKind,
    sponsors: Vec<String>,
    note: String,
    star_marks: Vec<String>,
}

/// Reads a draft's sponsors line ("Andorra, …, and United Kingdom …: draft resolution") or a line naming
/// who submits the text ("Draft resolution submitted by the Chair …", "Note by the Secretariat").
fn sponsor_note(joined: &str) -> Option<SponsorNote> {
    if SUBMITTED_BY.is_match(joined) {
        let lower = joined.to_lowercase();
        let kind = if lower.starts_with("note") || lower.starts_with("letter") || lower.starts_with("report")
        {
            DocumentKind::Other
        } else if lower.contains("decision") {
            DocumentKind::DraftDecision
        } else {
            DocumentKind::DraftResolution
        };
        let (note, star_marks) = strip_star_marks(joined);
        return Some(SponsorNote { kind, sponsors: Vec::new(), note, star_marks });
    }
    let captures = SPONSOR_NOTE.captures(joined)?;
    let note = captures[3].trim().to_string();
    let lower = note.to_lowercase();
    let kind = if lower.contains("amendment") {
        DocumentKind::Amendment
    } else if lower.contains("decision") {
        DocumentKind::DraftDecision
    } else {
        DocumentKind::DraftResolution
    };
    let (sponsor_text, mut star_marks) = strip_star_marks(&captures[1]);
    if !captures[2].is_empty() {
        star_marks.push(captures[2].to_string());
    }
    Some(SponsorNote { kind, sponsors: split_sponsors(&sponsor_text), note, star_marks })
}

/// Splits "Andorra, Armenia, …, Ukraine and United Kingdom of Great Britain and Northern Ireland" into
/// names. The last "and" is ambiguous ("Bosnia and Herzegovina"), so the split is the one that leaves a
/// known state on its right.
pub(crate) fn split_sponsors(text: &str) -> Vec<String> {
    let mut names: Vec<String> = text.split(", ").map(|name| name.trim().to_string()).collect();
    if let Some(last) = names.pop() {
        let splits: Vec<usize> = last.match_indices(" and ").map(|(position, _)| position).collect();
        let whole_is_state = states::lookup(&last).is_some();
        let chosen = splits.iter().copied().find(|&position| {
            let (left, right) = (&last[..position], &last[position + 5..]);
            states::lookup(right).is_some() && (states::lookup(left).is_some() || !whole_is_state)
        });
        match chosen {
            Some(position) => {
                names.push(last[..position].trim().to_string());
                names.push(last[position + 5..].trim().to_string());
            }
            None => names.push(last),
        }
    }
    names.retain(|name| !name.is_empty());
    names
}

/// Removes star footnote marks glued to words ("Russian Federation:*", "draft resolution*").
fn strip_star_marks(text: &str) -> (String, Vec<String>) {
    let mut marks = Vec::new();
    let mut output = String::with_capacity(text.len());
    let mut characters = text.chars().peekable();
    let mut previous = ' ';
    while let Some(character) = characters.next() {
        if character == '*' && !previous.is_whitespace() {
            let mut mark = String::from('*');
            while characters.next_if_eq(&'*').is_some() {
                mark.push('*');
            }
            marks.push(mark);
            continue;
        }
        output.push(character);
        previous = character;
    }
    (collapse_whitespace(&output), marks)
}

/// Titles are a line or three; a long run of text is body, not a title.
const TITLE_MAX_WORDS: usize = 80;

/// Whether prose met before any sponsors or adoption line can be the title: it must be short, and there
/// must be a masthead around it (fields already read, or an enacting formula still to come). A text with
/// no masthead at all has no title; all of it is body.
fn could_be_title(
    masthead: &Masthead,
    rest: &[Group],
    lines: &[SourceLine],
    group_lines: &[SourceLine],
) -> bool {
    let words: usize = group_lines.iter().map(|line| line.text.split_whitespace().count()).sum();
    let has_fields = masthead.symbol.is_some()
        || masthead.body.is_some()
        || masthead.session.is_some()
        || masthead.distribution.is_some()
        || !masthead.agenda_items.is_empty();
    let formula_follows = rest.iter().any(|group| enacting_formula_body(&lines[group.start].text).is_some());
    words <= TITLE_MAX_WORDS && (has_fields || formula_follows)
}

/// A group that is text of the body, not of the masthead: a numbered paragraph or a preambular opening.
fn looks_like_body(first_line: &str) -> bool {
    PARAGRAPH_START.is_match(first_line)
        || starts_preambular_paragraph(first_line)
        || opening_phrase(first_line, ParagraphPart::Operative).is_some()
}

fn join_lines(lines: &[SourceLine]) -> String {
    let mut text = MarkedText::default();
    for line in lines {
        text.push_line(MarkedText::new(line.text.clone()), line.soft_hyphen_break);
    }
    text.finish().0
}

fn join_texts(lines: &[&str]) -> String {
    let mut text = MarkedText::default();
    for line in lines {
        text.push_line(MarkedText::new(*line), false);
    }
    text.finish().0
}

/// Records the masthead lines that are furniture (fixed wording, job number, barcode); the others are
/// fields or text that the document keeps.
fn mark_furniture(lines: &[SourceLine], end: usize, masthead: &mut Masthead) {
    for line in &lines[..end] {
        let text = line.text.as_str();
        let kind = if patterns::is_barcode(text) {
            Some(FurnitureKind::Barcode)
        } else if text == "United Nations"
            || text.starts_with("Original:")
            || LANGUAGES.contains(&text)
            || (text.starts_with("United Nations")
                && symbol_in_line(text.trim_start_matches("United Nations").trim()).is_some())
        {
            Some(FurnitureKind::Masthead)
        } else {
            None
        };
        if let Some(kind) = kind {
            masthead.furniture.push(FurnitureLine { line: line.number, kind });
        }
    }
}

/// Fills in what the symbol implies and the masthead did not print.
fn infer_from_symbol(masthead: &mut Masthead) {
    let Some(symbol) = &masthead.symbol else {
        return;
    };
    if masthead.body.is_none() {
        masthead.body = symbol.body();
    }
    if masthead.session.is_none() {
        masthead.session = symbol.session();
    }
    if masthead.committee.is_none() {
        masthead.committee = symbol.committee();
    }
    if masthead.kind.is_none() {
        masthead.kind = Some(if symbol.is_resolution() {
            DocumentKind::Resolution
        } else if symbol.is_draft() {
            DocumentKind::DraftResolution
        } else {
            DocumentKind::Other
        });
    }
    if let (Some(printed), Some(expected)) = (&masthead.title_number, symbol.resolution_number())
        && printed.replace(' ', "") != expected.replace(' ', "")
    {
        masthead.diagnostics.push(Diagnostic::warning(
            None,
            format!("the title is numbered {printed}, but the symbol {symbol} says {expected}"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sponsors_split_at_the_last_and_that_leaves_a_state() {
        assert_eq!(
            split_sponsors(
                "Sweden, Switzerland, Ukraine and United Kingdom of Great Britain and Northern Ireland"
            ),
            vec!["Sweden", "Switzerland", "Ukraine", "United Kingdom of Great Britain and Northern Ireland"]
        );
        assert_eq!(
            split_sponsors("Albania and Bosnia and Herzegovina"),
            vec!["Albania", "Bosnia and Herzegovina"]
        );
        assert_eq!(split_sponsors("Trinidad and Tobago"), vec!["Trinidad and Tobago"]);
    }

    #[test]
    fn sponsor_lines_name_the_kind_of_text() {
        let note = sponsor_note("Russian Federation:* amendment to draft resolution A/80/L.18").unwrap();
        assert_eq!(note.kind, DocumentKind::Amendment);
        assert_eq!(note.sponsors, vec!["Russian Federation"]);
        assert_eq!(note.star_marks, vec!["*"]);
        let note =
            sponsor_note("Draft resolution submitted by the President of the General Assembly").unwrap();
        assert_eq!(note.kind, DocumentKind::DraftResolution);
        assert!(note.sponsors.is_empty());
    }
}
