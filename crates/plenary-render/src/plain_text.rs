//! The plain-text writer: a document laid out as the UN prints a resolution, in 80 columns.
//!
//! A General Assembly text opens with its masthead (symbol, "General Assembly", "Distr.: General", the
//! date, the session, the agenda items and their titles), then the adoption line and the route in
//! brackets and the numbered title ("80/198. Torture …"); a draft has its sponsors' line ("Albania, …:
//! draft resolution") and the bare title instead. A Security Council text opens with "Resolution 830
//! (1993)" and "Adopted by the Security Council at its 3220th meeting, on 26 May 1993". Then come the
//! enacting formula and the paragraphs: numbered paragraphs and sub-paragraphs hang their label in front
//! of an indented text. Footnote marks follow their word as plain digits, as the PDFs print them, and the
//! footnote texts stand at the very end under a rule of underscores, after the meeting line and the
//! annexes (a Security Council text prints them under its adoption record, as the compilations do).
//!
//! The layout is the one our text readers expect, so that a text written here reads back as the same
//! paragraphs: lines are broken only between words (a hyphenated word stays whole, and no line ends on a
//! hyphen that the reader would join to the next word), and no wrapped line begins with something a
//! reader takes for structure — a paragraph number, a label, an opening phrase, a footnote number, a
//! meeting line. A number of the text that a reader could take for a footnote mark ("forced labour, 22
//! which", where footnote 22 exists) is put at the start of a line, where no reader looks for marks.

use std::collections::BTreeSet;

use plenary_core::vocabulary::{ParagraphPart, opening_phrase, starts_preambular_paragraph};
use plenary_core::{Document, FootnoteRef, Symbol};
use plenary_import::shapes;

use crate::printed::{self, Block, Kind, Line, Unit};

/// The width of a line.
pub const WIDTH: usize = 80;

/// The columns a paragraph number or label takes with the spaces after it: "1.   ", "(a)  ".
const LABEL_COLUMNS: usize = 5;

/// The rule printed above the footnotes.
const FOOTNOTE_RULE: &str = "__________________";

/// Words after which a number is a reference, never a footnote mark: such numbers need no care.
const REFERENCE_WORDS: &[&str] = &[
    "paragraph",
    "paragraphs",
    "para.",
    "paras.",
    "resolution",
    "resolutions",
    "article",
    "articles",
    "annex",
    "chapter",
    "chap.",
    "section",
    "sect.",
    "rule",
    "rules",
    "item",
    "items",
    "page",
    "pages",
    "p.",
    "pp.",
    "No.",
    "Nos.",
    "vol.",
    "goal",
    "goals",
    "target",
    "targets",
    "principle",
    "principles",
];

/// Abbreviations that a number follows after a full stop without being a mark ("Add.1", "No.5"), as the
/// mark reader knows them.
const ABBREVIATIONS: &[&str] = &[
    "add", "rev", "corr", "no", "nos", "vol", "para", "paras", "p", "pp", "chap", "sect", "art", "arts",
    "amend", "l", "c",
];

/// Stands between a word and a mark set apart from it: printed as a space, but never a line break.
const GAP: char = '\u{3}';

/// Writes a document as plain text laid out as the UN prints it: the blocks of the printed layout
/// (`printed.rs`), each set as lines of text.
pub fn to_text(document: &Document) -> String {
    let mut writer = Writer {
        output: String::new(),
        footnote_marks: document
            .footnotes
            .iter()
            .map(|footnote| footnote.mark.clone())
            .filter(|mark| mark.chars().all(|c| c.is_ascii_digit()))
            .collect(),
        masthead_group: None,
        previous: None,
    };
    for block in printed::blocks(document) {
        match &block {
            Block::Line(line) => writer.layout_line(line),
            Block::Unit(unit) => writer.unit(unit),
        }
    }
    if !document.footnotes.is_empty() {
        // The compilations print the footnotes straight under the adoption record, with no rule.
        if !printed::is_council_compilation(document) {
            writer.line(FOOTNOTE_RULE);
        }
        for footnote in &document.footnotes {
            let prefix = format!("{} ", footnote.mark);
            let indent = prefix.chars().count();
            let wrap =
                Wrap { first_prefix: prefix, indent, words: plain_words(&footnote.text), footnote: true };
            for line in wrap.lines() {
                writer.line(&line);
            }
        }
    }
    writer.finish()
}

/// The text being written, and what it needs to know to print marks.
#[derive(Debug)]
struct Writer {
    output: String,
    /// The numeric footnote marks of the document: a number of the text equal to one of them needs care.
    footnote_marks: BTreeSet<String>,
    /// The group of the masthead's head written last.
    masthead_group: Option<usize>,
    /// The kind of the block written last.
    previous: Option<Kind>,
}

impl Writer {
    fn line(&mut self, line: &str) {
        self.output.push_str(line.trim_end());
        self.output.push('\n');
    }

    fn blank(&mut self) {
        self.output.push('\n');
    }

    fn paragraph(&mut self, wrap: &Wrap) {
        for line in wrap.lines() {
            self.line(&line);
        }
        self.blank();
    }

    fn finish(self) -> String {
        let mut output = self.output.trim_end().to_string();
        output.push('\n');
        output
    }

    /// A line of the layout that is not a unit: the masthead's head line by line, with a blank line after
    /// each of its groups; headings and the meeting line as lines; everything else a wrapped paragraph.
    fn layout_line(&mut self, line: &Line) {
        let previous = self.previous.replace(line.kind);
        // The head's groups are set apart with a blank line each, even a group that printed nothing; the
        // masthead's end follows the last group.
        let group = if line.kind == Kind::MastheadEnd { Some(3) } else { line.kind.masthead_group() };
        if let Some(group) = group {
            let from = self.masthead_group.unwrap_or(group);
            for _ in from..group.min(2) {
                self.blank();
            }
            self.masthead_group = Some(group);
        }
        match line.kind {
            Kind::AgendaTitle => {
                // Several titles are separated by blank lines; the reader gives each item its own.
                if previous == Some(Kind::AgendaTitle) {
                    self.blank();
                }
                for wrapped in Wrap::plain(plain_words(&line.text)).lines() {
                    self.line(&wrapped);
                }
            }
            // Two blank lines end the agenda titles.
            Kind::MastheadEnd => {
                self.blank();
                self.blank();
            }
            kind if kind.masthead_group().is_some() => self.line(&line.text),
            Kind::SectionHeading => {
                let (label, heading) = line.text.split_once('\n').unwrap_or((&line.text, ""));
                self.line(label);
                if !heading.is_empty() {
                    for wrapped in Wrap::plain(plain_words(heading)).lines() {
                        self.line(&wrapped);
                    }
                }
                self.blank();
            }
            Kind::Meeting | Kind::AnnexHeading => {
                for part in line.text.split('\n') {
                    self.line(part);
                }
                self.blank();
            }
            Kind::Record => {
                let words = self.words(&line.text, &line.refs);
                self.paragraph(&Wrap::plain(words));
            }
            // The masthead's own footnote marks (footnotes no paragraph cites) are not printed in text.
            _ => self.paragraph(&Wrap::plain(plain_words(&line.text))),
        }
    }

    /// A unit at its depth (0 for a preambular, operative or annex paragraph): its label hangs in front of
    /// the text, which is indented by the label's columns.
    fn unit(&mut self, unit: &Unit<'_>) {
        self.previous = Some(unit.kind);
        let depth = match unit.kind {
            Kind::Subparagraph(depth) => depth,
            _ => 0,
        };
        let base = depth * LABEL_COLUMNS;
        let words = self.words(unit.text, unit.refs);
        let wrap = match &unit.label {
            Some(label) => Wrap::hanging(base, label, words),
            None => Wrap { first_prefix: " ".repeat(base), indent: base, words, footnote: false },
        };
        self.paragraph(&wrap);
    }

    /// The words of a text with its footnote marks, each mark printed as the PDFs print it: glued to the
    /// word it follows ("Punishment1", "Court,2") or to a year ("20217", as the compilations print it).
    /// Where a mark glued there could not be told from the word (after a capital or a number: "UNCTAD
    /// 3", "paragraph 4 2"), it stands apart, as the extracted PDFs show such marks, and moves with its
    /// word.
    fn words(&self, text: &str, refs: &[FootnoteRef]) -> Vec<Word> {
        let rendered =
            plenary_core::document::text_with_marks(text, refs, |mark| format!("\u{1}{mark}\u{2}"));
        let mut words: Vec<Word> = Vec::new();
        for token in rendered.split_whitespace() {
            let mut printed = String::with_capacity(token.len());
            let mut rest = token;
            while let Some(start) = rest.find('\u{1}') {
                let (before, after) = rest.split_at(start);
                printed.push_str(before);
                let Some(end) = after.find('\u{2}') else {
                    break;
                };
                let mark = &after[1..end];
                if printed.is_empty() || glues(&printed) || ends_with_year(&printed) {
                    printed.push_str(mark);
                } else {
                    // A wide gap after the mark, as the extracted PDFs leave after a superscript.
                    printed.push(GAP);
                    printed.push_str(mark);
                    printed.push(GAP);
                }
                rest = &after[end + 1..];
            }
            printed.push_str(rest);
            let starts_line =
                self.could_be_taken_for_a_mark(&printed, words.last().map(|word| word.text.as_str()));
            words.push(Word { text: printed, starts_line });
        }
        // A number that ends the text stays where it is: alone on a line, it would read as a page number.
        if let Some(last) = words.last_mut() {
            last.starts_line = false;
        }
        words
    }

    /// A number standing alone in the text that a reader could take for the mark of one of the
    /// document's footnotes: not after a word that takes a number ("paragraph 3"), nor after a number.
    fn could_be_taken_for_a_mark(&self, word: &str, previous: Option<&str>) -> bool {
        let digits = word.trim_end_matches([',', ';', ':', ')', '.']);
        let is_number = !digits.is_empty() && digits.len() <= 3 && digits.chars().all(|c| c.is_ascii_digit());
        is_number
            && self.footnote_marks.contains(digits)
            && previous.is_some_and(|previous| {
                !REFERENCE_WORDS.contains(&previous)
                    && !REFERENCE_WORDS.contains(&previous.to_lowercase().as_str())
                    && !previous.ends_with(|c: char| c.is_ascii_digit())
            })
    }
}

/// Whether a mark glued after `printed` reads back as a mark: after a word in lower case of three letters
/// or more, or after closing punctuation.
fn glues(printed: &str) -> bool {
    let mut from_end = printed.chars().rev();
    match from_end.next() {
        Some(c) if c.is_lowercase() => printed.chars().rev().take_while(|c| c.is_alphabetic()).count() >= 3,
        Some(',' | ';' | ':' | ')' | ']' | '”' | '’' | '"') => true,
        // After a full stop: "Add.1).1" and "”.2", or a word that is not an abbreviation taking a number.
        Some('.') => {
            let before: String = from_end.clone().take_while(|c| c.is_alphabetic()).collect();
            from_end.next().is_some_and(|c| matches!(c, ')' | '”' | '’' | '"'))
                || (before.chars().count() >= 2
                    && before.chars().any(char::is_lowercase)
                    && !ABBREVIATIONS
                        .contains(&before.chars().rev().collect::<String>().to_lowercase().as_str()))
        }
        _ => false,
    }
}

/// Whether `printed` ends with a year standing alone ("2021" in "October 2021"), to which the reader
/// takes a glued number for a mark ("20217" is 2021 and mark 7), as the compilations print them.
fn ends_with_year(printed: &str) -> bool {
    let digits: String = printed.chars().rev().take_while(char::is_ascii_digit).collect();
    let before = printed.chars().rev().nth(digits.len());
    digits.len() == 4
        && before.is_none_or(|c| c.is_whitespace() || matches!(c, '–' | '-'))
        && digits
            .chars()
            .rev()
            .collect::<String>()
            .parse::<u32>()
            .is_ok_and(|year| (1900..=2099).contains(&year))
}

/// A word to print, and whether it must begin a line.
#[derive(Debug, Clone)]
struct Word {
    text: String,
    starts_line: bool,
}

impl Word {
    /// The word as printed: the gaps around a mark set apart become spaces.
    fn shown(&self) -> String {
        self.text.replace(GAP, " ")
    }
}

/// The words of a text without marks.
fn plain_words(text: &str) -> Vec<Word> {
    text.split_whitespace().map(|word| Word { text: word.to_string(), starts_line: false }).collect()
}

/// A paragraph to break into lines: the first line starts with `first_prefix`, the others with `indent`
/// spaces.
#[derive(Debug)]
struct Wrap {
    first_prefix: String,
    indent: usize,
    words: Vec<Word>,
    /// The text of a footnote: a wrapped line must not begin with a number the reader would take for the
    /// next footnote's mark.
    footnote: bool,
}

impl Wrap {
    fn plain(words: Vec<Word>) -> Wrap {
        Wrap { first_prefix: String::new(), indent: 0, words, footnote: false }
    }

    /// A label hanging at column `base`, the text in the columns after it.
    fn hanging(base: usize, label: &str, words: Vec<Word>) -> Wrap {
        let columns = LABEL_COLUMNS.max(label.chars().count() + 1);
        let first_prefix = format!("{}{label:<columns$}", " ".repeat(base));
        Wrap { first_prefix, indent: base + columns, words, footnote: false }
    }

    fn lines(&self) -> Vec<String> {
        if self.words.is_empty() {
            return vec![self.first_prefix.trim_end().to_string()];
        }
        let shown: Vec<String> = self.words.iter().map(Word::shown).collect();
        let widths: Vec<usize> = shown.iter().map(|word| word.chars().count()).collect();
        let available = |start: usize| {
            WIDTH.saturating_sub(if start == 0 { self.first_prefix.chars().count() } else { self.indent })
        };
        let mut spans: Vec<(usize, usize)> = Vec::new();
        let mut start = 0usize;
        while start < self.words.len() {
            // The most words that fit, and at least one; a word that must begin a line ends the one before.
            let mut end = start + 1;
            let mut used = widths[start];
            while end < self.words.len()
                && used + 1 + widths[end] <= available(start)
                && !self.words[end].starts_line
            {
                used += 1 + widths[end];
                end += 1;
            }
            let forced = end < self.words.len() && self.words[end].starts_line;
            if end < self.words.len() && !forced {
                end = (start + 1..=end).rev().find(|&at| self.break_is_safe(at, &shown)).unwrap_or(end);
            }
            // A capitalised word alone on the line before a forced break would read as a sub-heading
            // ("Action" above "5. We will …"): the line before lends it its last word.
            if forced
                && end == start + 1
                && shown[start].starts_with(char::is_uppercase)
                && let Some(previous) = spans.last_mut()
                && previous.1 - previous.0 >= 2
                && widths[start - 1] + 1 + widths[start] <= available(start - 1)
            {
                previous.1 -= 1;
                start -= 1;
            }
            spans.push((start, end));
            start = end;
        }
        spans
            .into_iter()
            .map(|(start, end)| {
                let prefix = if start == 0 { self.first_prefix.clone() } else { " ".repeat(self.indent) };
                format!("{prefix}{}", shown[start..end].join(" "))
            })
            .collect()
    }

    /// Whether the text may break before word `at`: the line it ends does not end on a hyphen that the
    /// reader would join to the next word, and the line it starts does not read as structure.
    fn break_is_safe(&self, at: usize, shown: &[String]) -> bool {
        let before = &shown[at - 1];
        let mut characters = before.chars().rev();
        if characters.next() == Some('-')
            && characters.next().is_some_and(|c| c.is_alphanumeric() || c == ')')
        {
            return false;
        }
        // A mark set apart after a number needs the gap after it, which the end of a line would lose.
        if self.words[at - 1].text.ends_with(GAP) {
            return false;
        }
        let rest = &shown[at..];
        let opening = rest.iter().take(4).cloned().collect::<Vec<_>>().join(" ");
        // A label opens a paragraph where the line before ends a clause.
        let line_end = shown[at.saturating_sub(2)..at].join(" ");
        if (shapes::starts_with_label(&opening) && shapes::ends_clause(&line_end))
            || opening.starts_with("Adopted")
            || starts_preambular_paragraph(&opening)
            || opening_phrase(&opening, ParagraphPart::Operative).is_some()
        {
            return false;
        }
        if self.footnote {
            let digits = opening.chars().take_while(char::is_ascii_digit).count();
            if opening.starts_with('*') || (digits > 0 && digits <= 3 && opening[digits..].starts_with(' ')) {
                return false;
            }
        }
        // The last line, when the rest fits on one: it must not look like a line of its own kind, nor be
        // a single word standing alone.
        let rest_line = rest.join(" ");
        if rest_line.chars().count() <= WIDTH.saturating_sub(self.indent) {
            return !is_structure_line(&rest_line) && rest.len() > 1;
        }
        true
    }
}

/// A line that a reader takes for something other than running text when it stands alone: a section
/// label, a meeting line, page furniture, a document symbol.
fn is_structure_line(line: &str) -> bool {
    shapes::is_section_marker(line)
        || shapes::is_meeting_line(line)
        || shapes::is_page_counter(line)
        || shapes::is_job_number(line)
        || shapes::is_job_number_and_page_counter(line)
        || shapes::is_barcode(line)
        || shapes::is_rule(line)
        || (line.contains('/') && Symbol::parse(line).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{FIXTURES, import_fixture, paragraphs_and_footnotes};

    fn assert_reads_back(format: Option<plenary_import::Format>) {
        for name in FIXTURES {
            let original = import_fixture(name);
            let text = to_text(&original);
            let again = match format {
                Some(format) => plenary_import::import_as(text.as_bytes(), format),
                None => plenary_import::import(text.as_bytes()),
            }
            .unwrap();
            let (expected, found) =
                (paragraphs_and_footnotes(&original), paragraphs_and_footnotes(&again.document));
            let difference = expected.iter().zip(&found).find(|(left, right)| left != right);
            assert!(
                expected.len() == found.len() && difference.is_none(),
                "{name} ({:?}): {} then {} paragraphs and footnotes; first difference {difference:#?}",
                again.format,
                expected.len(),
                found.len()
            );
        }
    }

    #[test]
    fn every_fixture_reads_back_from_its_text_through_the_clean_text_reader() {
        assert_reads_back(Some(plenary_import::Format::CleanText));
    }

    /// The format detection takes this layout for PDF text ("Distr.: General" in its masthead), and the
    /// PDF-text reader (like the compilation reader for Council texts) takes a text with more than a fifth
    /// of its lines indented for one that sets paragraphs apart by indentation, which the hanging labels
    /// are not. It passes once those readers count an indented line as a paragraph start only after the
    /// end of a clause (the change is described with the writer's delivery).
    #[test]
    fn every_fixture_reads_back_from_its_text_through_format_detection() {
        assert_reads_back(None);
    }

    #[test]
    fn the_torture_resolution_laid_out_as_printed() {
        let text = to_text(&import_fixture("A_RES_80_198.txt"));
        assert!(text.starts_with(
            "United Nations\nA/RES/80/198\n\nGeneral Assembly\nDistr.: General\n22 December 2025\n25-20949 (E)\n\n\
             Eightieth session\nAgenda item 71 (a)\nPromotion and protection of human rights: implementation of human\n\
             rights instruments\n\n\n\
             Resolution adopted by the General Assembly on 15 December 2025\n\n\
             [on the report of the Third Committee (A/80/545, para. 5)]\n\n\
             80/198. Torture and other cruel, inhuman or degrading treatment or punishment\n\n\
             The General Assembly,\n\n\
             Reaffirming its previous resolutions on torture and other cruel, inhuman or\n\
             degrading treatment or punishment,\n"
        ));
        // The mark follows its word as the PDFs print it.
        assert!(text.contains(
            "\nConvention against Torture and Other Cruel, Inhuman or Degrading Treatment or\nPunishment1 and"
        ));
        // A numbered paragraph hangs its number in front of its text.
        assert!(text.contains(
            "\n1.   Condemns all forms of torture and other cruel, inhuman or degrading\n     treatment or punishment,"
        ));
        assert!(text.contains("\n63rd plenary meeting\n15 December 2025\n\n__________________\n1 United Nations, Treaty Series, vol. 1465, No. 24841.\n"));
        assert!(text.ends_with("\n16 See, inter alia, A/HRC/52/30, A/78/324, A/HRC/55/52, A/79/181, A/HRC/58/55\n   and A/80/137.\n"));
    }

    #[test]
    fn a_draft_prints_its_sponsors_and_its_bare_title() {
        let text = to_text(&import_fixture("A_C.3_80_L.49.txt"));
        assert!(text.contains("\nDistr.: Limited\n4 November 2025\n25-17792 (E)\n\nEightieth session\nThird Committee\nAgenda item 71 (a)\n"));
        assert!(text.contains(
            "\n\n\nAndorra, Armenia, Austria, Bosnia and Herzegovina, Brazil, Canada, Colombia,\n"
        ));
        assert!(text.contains(
            " Ukraine and United Kingdom of Great Britain and Northern Ireland:\ndraft resolution\n\n\
             Torture and other cruel, inhuman or degrading treatment or punishment\n\nThe General Assembly,\n"
        ));
    }

    #[test]
    fn a_council_resolution_prints_its_heading_and_its_sub_paragraphs() {
        let text = to_text(&import_fixture("S_RES_0830_1993.txt"));
        assert!(text.starts_with(
            "Resolution 830 (1993)\n\nAdopted by the Security Council at its 3220th meeting, on 26 May 1993\n\n\
             The Security Council,\n\n"
        ));
        assert!(text.contains(
            "\n     (b)  To renew the mandate of the United Nations Disengagement Observer\n          Force for"
        ));
        // The compilations print footnotes straight under the adoption record.
        let cyprus = to_text(&import_fixture("S_RES_0541_1983.txt"));
        assert!(
            cyprus.contains("\nabstention (Jordan).\n\n58 Ibid., Thirty-eighth Year, 2497th meeting.\n"),
            "{cyprus}"
        );
    }

    #[test]
    fn lines_never_exceed_80_columns_except_single_long_words() {
        for name in FIXTURES {
            let text = to_text(&import_fixture(name));
            for line in text.lines() {
                let single_word = line.split_whitespace().count() == 1;
                assert!(line.chars().count() <= WIDTH || single_word, "{name}: {line:?}");
            }
        }
    }

    #[test]
    fn wrapping_keeps_every_word_whole_and_every_hyphenated_word_on_one_line() {
        let long = "a".repeat(90);
        let text = format!(
            "Recognizing the importance of non-coercive interviewing techniques, gender-sensitive and \
             trauma-informed approaches and the well-being of United Nations-affiliated personnel, {long} and \
             post-conflict peacebuilding in the twenty-first century,"
        );
        let lines = Wrap::hanging(0, "12.", plain_words(&text)).lines();
        let rewrapped: Vec<&str> = lines.iter().flat_map(|line| line.split_whitespace()).collect();
        let mut expected = vec!["12."];
        expected.extend(text.split_whitespace());
        assert_eq!(rewrapped, expected);
        for line in &lines {
            assert!(line.chars().count() <= WIDTH || line.trim() == long, "{line:?}");
        }
        assert!(lines.iter().any(|line| line.trim() == long));
        // A word that ends on a hyphen ("pre-" in "pre- and post-conflict") never ends a line: the reader
        // would join it to the next word.
        let suspended = "Stressing the role of the United Nations system in pre- and post-conflict situations, \
                         including in small- and medium-sized enterprises and in macro- and micro-level policies,";
        for width_test in [plain_words(suspended)] {
            for line in Wrap::plain(width_test).lines() {
                assert!(!line.ends_with('-'), "{line:?}");
            }
        }
    }

    #[test]
    fn a_number_that_could_pass_for_a_mark_begins_a_line() {
        // A/RES/80/220, op2 (a) (xi): "forced labour, 22 which" prints a number, not the mark of footnote 22.
        let document = import_fixture("A_RES_80_220.txt");
        let forced_labour =
            document.paragraph(&plenary_core::ParagraphId::parse("op2.a.xi").unwrap()).unwrap();
        assert!(forced_labour.text.starts_with("Widespread use of forced labour, 22 which"));
        assert!(forced_labour.footnote_refs.is_empty());
        let text = to_text(&document);
        assert!(
            text.contains("Widespread use of forced labour,\n               22 which has become"),
            "{text}"
        );
    }
}
