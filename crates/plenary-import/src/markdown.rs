//! The Markdown writer: a document as readable Markdown that renders as the UN prints a resolution and
//! that our own Markdown reader (`clean.rs`) reads back into the same document.
//!
//! The layout:
//!
//! - Front matter between `---` lines with the masthead facts (`symbol`, `body`, `kind`, `session`,
//!   `agenda_items`, `issued`, `adopted`, `route` …) and `generator: plenary`, which tells the reader that
//!   every fact is in the front matter and every footnote mark is written as `[^1]`.
//! - `# Title`, then the enacting formula as a paragraph of its own.
//! - Preambular paragraphs with their opening phrase in italics (`*Recalling also* that …`), operative
//!   paragraphs with an escaped number (`1\. *Condemns* …`) so that renderers neither renumber them nor
//!   turn them into a list, sub-paragraphs as `(a) …` indented with em spaces (which renderers keep, where
//!   leading spaces would be dropped or, four of them, make a code block), sub-headings as `### …`, the
//!   parts of an omnibus resolution as `## II. Heading`.
//! - The Security Council's adoption record, the meeting line and its date, annexes under `## Annex …`.
//! - Footnote marks as `[^1]` where they stood, and the footnote texts as `[^1]: …` at the end.
//!
//! Every character that Markdown would read as syntax is escaped, so that the rendered text and the text
//! read back are the document's words exactly.

use plenary_core::vocabulary::{ParagraphPart, opening_phrase};
use plenary_core::{Annex, Distribution, Document, FootnoteRef, Paragraph, Section};

use crate::json::iso_date;
use plenary_core::dates::format_date;

/// The value of the `generator` key in the front matter of the Markdown this module writes.
pub(crate) const GENERATOR: &str = "plenary";

/// The indentation of one level of sub-paragraphs: two em spaces, which Markdown keeps as text.
pub(crate) const SUBPARAGRAPH_INDENT: &str = "\u{2003}\u{2003}";

/// Writes a document as Markdown.
pub fn to_markdown(document: &Document) -> String {
    let mut output = String::new();
    write_front_matter(document, &mut output);
    if !document.title.is_empty() {
        push_block(&mut output, &format!("# {}", escape_heading(&document.title)));
    }
    if let Some(formula) = &document.enacting_formula {
        push_block(&mut output, &render_block_text(formula, &[], 0));
    }
    write_parts(&document.preamble, &document.operative, &mut output);
    for section in &document.sections {
        write_section(section, &mut output);
    }
    if let Some(record) = document
        .adoption
        .as_ref()
        .and_then(|adoption| adoption.record.as_ref().map(|record| (record, &adoption.record_footnote_refs)))
    {
        push_block(&mut output, &render_block_text(record.0, record.1, 0));
    }
    if let Some(meeting) = &document.meeting {
        // A backslash at the end of a line is Markdown's hard line break: the date stands under the
        // meeting, as printed.
        let line = match meeting.date {
            Some(date) => format!("{}\\\n{}", render_block_text(&meeting.meeting, &[], 0), format_date(date)),
            None => render_block_text(&meeting.meeting, &[], 0),
        };
        push_block(&mut output, &line);
    }
    for annex in &document.annexes {
        write_annex(annex, &mut output);
    }
    for footnote in &document.footnotes {
        push_block(&mut output, &format!("[^{}]: {}", footnote.mark, escape_inline(&footnote.text)));
    }
    output
}

fn write_front_matter(document: &Document, output: &mut String) {
    output.push_str("---\n");
    push_field(output, "generator", GENERATOR);
    if let Some(symbol) = &document.symbol {
        push_field(output, "symbol", symbol.as_str());
    }
    if let Some(body) = document.body {
        push_field(output, "body", body.name());
    }
    push_field(output, "kind", document.kind.as_str());
    if let Some(committee) = document.committee {
        push_field(output, "committee", &committee.name());
    }
    if let Some(session) = document.session {
        push_field(output, "session", &session.symbol_segment());
    }
    if !document.agenda_items.is_empty() {
        output.push_str("agenda_items:\n");
        for item in &document.agenda_items {
            output.push_str(&format!("  - item: {}\n", yaml_scalar(&item.item)));
            if let Some(title) = &item.title {
                output.push_str(&format!("    title: {}\n", yaml_scalar(title)));
            }
        }
    }
    if let Some(distribution) = document.distribution {
        let name = match distribution {
            Distribution::General => "general",
            Distribution::Limited => "limited",
            Distribution::Restricted => "restricted",
        };
        push_field(output, "distribution", name);
    }
    if let Some(issued) = document.issued {
        push_field(output, "issued", &iso_date(issued));
    }
    if let Some(job_number) = &document.job_number {
        push_field(output, "job_number", job_number);
    }
    if let Some(adoption) = &document.adoption {
        if let Some(date) = adoption.date {
            push_field(output, "adopted", &iso_date(date));
        }
        if let Some(route) = &adoption.route {
            push_field(output, "route", route);
        }
        if let Some(meeting) = &adoption.meeting {
            push_field(output, "council_meeting", meeting);
        }
    }
    if !document.sponsors.is_empty() {
        output.push_str("sponsors:\n");
        for sponsor in &document.sponsors {
            output.push_str(&format!("  - {}\n", yaml_scalar(sponsor)));
        }
    }
    if let Some(note) = &document.sponsor_note {
        push_field(output, "sponsor_note", note);
    }
    output.push_str("---\n\n");
}

fn push_field(output: &mut String, key: &str, value: &str) {
    output.push_str(&format!("{key}: {}\n", yaml_scalar(value)));
}

/// A YAML scalar: plain where YAML would read the text back as the same string, double-quoted (with
/// JSON's escapes, which YAML shares) where it would not.
fn yaml_scalar(value: &str) -> String {
    let needs_quotes = value.is_empty()
        || value.trim() != value
        || value.contains(": ")
        || value.contains(" #")
        || value.ends_with(':')
        || value.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c))
        || value.chars().any(char::is_control)
        || matches!(value.to_ascii_lowercase().as_str(), "true" | "false" | "yes" | "no" | "null" | "~")
        || value.parse::<f64>().is_ok();
    if needs_quotes { serde_json::Value::String(value.to_string()).to_string() } else { value.to_string() }
}

/// Writes preambular then operative paragraphs.
fn write_parts(preamble: &[Paragraph], operative: &[Paragraph], output: &mut String) {
    for paragraph in preamble {
        write_paragraph(paragraph, Some(ParagraphPart::Preambular), 0, output);
    }
    for paragraph in operative {
        write_paragraph(paragraph, Some(ParagraphPart::Operative), 0, output);
    }
}

fn write_section(section: &Section, output: &mut String) {
    let heading = if section.heading.is_empty() {
        format!("## {}", escape_inline(&section.label))
    } else {
        format!("## {}. {}", escape_inline(&section.label), escape_heading(&section.heading))
    };
    push_block(output, &heading);
    write_parts(&section.preamble, &section.operative, output);
}

/// Writes a paragraph and its sub-paragraphs. `part` is set for top-level paragraphs, whose opening
/// phrase is printed in italics.
fn write_paragraph(paragraph: &Paragraph, part: Option<ParagraphPart>, depth: usize, output: &mut String) {
    if let Some(heading) = &paragraph.heading {
        for part in heading_parts(heading) {
            push_block(output, &format!("### {}", escape_heading(&part)));
        }
    }
    let emphasis = part
        .and_then(|part| opening_phrase(&paragraph.text, part))
        .filter(|phrase| paragraph.text.starts_with(*phrase))
        .map_or(0, |phrase| phrase.chars().count());
    let mut line = SUBPARAGRAPH_INDENT.repeat(depth);
    if let Some(number) = paragraph.number {
        line.push_str(&format!("{number}\\. "));
        line.push_str(&render_inline(&paragraph.text, &paragraph.footnote_refs, emphasis));
    } else if let Some(label) = &paragraph.label {
        line.push_str(&format!("({}) ", escape_inline(label)));
        line.push_str(&render_inline(&paragraph.text, &paragraph.footnote_refs, emphasis));
    } else {
        line.push_str(&render_block_text(&paragraph.text, &paragraph.footnote_refs, emphasis));
    }
    push_block(output, line.trim_end());
    for child in &paragraph.subparagraphs {
        write_paragraph(child, None, depth + 1, output);
    }
}

/// The most words a reader takes for a sub-heading (as the structure stage does).
const SUBHEADING_MAX_WORDS: usize = 20;

/// Splits a sub-heading into the parts a reader takes for sub-headings one by one: a heading read from
/// several short lines in a row ("Taking note of … 1976, 23" / "Having heard …") is longer than any
/// single sub-heading, and read back whole it would be a paragraph. Each part starts with a capital, is
/// at most twenty words, and does not end like a clause; the parts join back with single spaces.
pub fn heading_parts(heading: &str) -> Vec<String> {
    let words: Vec<&str> = heading.split_whitespace().collect();
    if words.len() <= SUBHEADING_MAX_WORDS {
        return vec![heading.to_string()];
    }
    // reachable[end] holds the start of the last part of a valid split of words[..end].
    let mut reachable: Vec<Option<usize>> = vec![None; words.len() + 1];
    for end in 1..=words.len() {
        let earliest = end.saturating_sub(SUBHEADING_MAX_WORDS);
        reachable[end] = (earliest..end)
            .find(|&start| (start == 0 || reachable[start].is_some()) && is_heading_part(&words[start..end]));
    }
    if reachable[words.len()].is_none() {
        return vec![heading.to_string()];
    }
    let mut parts = Vec::new();
    let mut end = words.len();
    while end > 0 {
        let Some(start) = reachable[end] else {
            return vec![heading.to_string()];
        };
        parts.push(words[start..end].join(" "));
        end = start;
    }
    parts.reverse();
    parts
}

fn is_heading_part(words: &[&str]) -> bool {
    let text = words.join(" ");
    let last = words.last().copied().unwrap_or_default();
    let mut from_end = last.chars().rev();
    let ends_on_hyphen =
        from_end.next() == Some('-') && from_end.next().is_some_and(|c| c.is_alphanumeric() || c == ')');
    text.starts_with(char::is_uppercase)
        && !crate::layout::ends_clause(&text)
        && !text.ends_with([',', ';', ':', '.'])
        && !ends_on_hyphen
        && crate::numbering::split_label(&text).is_none()
        && !crate::numbering::is_section_marker(&text)
        && !crate::layout::is_meeting_line(&text)
        && !text.starts_with("Annex")
        && !text.starts_with("Appendix")
}

fn write_annex(annex: &Annex, output: &mut String) {
    if !annex.heading.is_empty() {
        push_block(output, &format!("## {}", escape_heading(&annex.heading)));
    }
    for block in &annex.blocks {
        let text = match &block.label {
            Some(label) => {
                let printed = annex_label(label);
                format!("{printed} {}", render_inline(&block.text, &block.footnote_refs, 0))
            }
            None => render_block_text(&block.text, &block.footnote_refs, 0),
        };
        push_block(output, text.trim_end());
    }
}

/// How an annex block's label is printed: `1\.` for a number, `I.` or `B.` for the label of a part, `(a)`
/// for a letter or roman numeral.
fn annex_label(label: &str) -> String {
    if label.chars().all(|c| c.is_ascii_digit()) {
        format!("{label}\\.")
    } else if label.chars().all(|c| c.is_ascii_uppercase()) {
        format!("{label}.")
    } else {
        format!("({})", escape_inline(label))
    }
}

fn push_block(output: &mut String, block: &str) {
    output.push_str(block);
    output.push_str("\n\n");
}

/// Text that opens a line: escaped like running text, and also where its first characters would make
/// the line a heading, a quotation, a list item or a thematic break.
fn render_block_text(text: &str, refs: &[FootnoteRef], emphasis: usize) -> String {
    let rendered = render_inline(text, refs, emphasis);
    escape_line_start(&rendered)
}

/// Escapes what would open a Markdown block at the start of a line: a number and `.` or `)` (a list),
/// `#`, `>`, `=`, `-`, `+`.
pub fn escape_line_start(line: &str) -> String {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits <= 9 {
        // "1. " or "1) " would open an ordered list.
        let rest = &line[digits..];
        if let Some(after) = rest.strip_prefix(['.', ')'])
            && (after.is_empty() || after.starts_with(' '))
        {
            return format!("{}\\{}", &line[..digits], rest);
        }
        return line.to_string();
    }
    let opens_block = match line.chars().next() {
        Some('#' | '>' | '=') => true,
        Some('-' | '+') => line.chars().nth(1).is_none_or(|c| c == ' ' || c == '-'),
        _ => false,
    };
    if opens_block { format!("\\{line}") } else { line.to_string() }
}

/// Heading text: escaped like running text, and a closing `#` escaped so that it is not read as the
/// optional closing sequence of the heading.
fn escape_heading(text: &str) -> String {
    let escaped = escape_inline(text);
    match escaped.strip_suffix('#') {
        Some(rest) => format!("{rest}\\#"),
        None => escaped,
    }
}

/// Escapes the characters that Markdown would read as syntax inside a line.
pub fn escape_inline(text: &str) -> String {
    render_inline(text, &[], 0)
}

/// Running text with its footnote marks as `[^1]` and its first `emphasis` characters in italics.
fn render_inline(text: &str, refs: &[FootnoteRef], emphasis: usize) -> String {
    let characters: Vec<char> = text.chars().collect();
    let mut sorted: Vec<&FootnoteRef> = refs.iter().collect();
    sorted.sort_by_key(|reference| reference.at);
    let mut pending = sorted.into_iter().peekable();
    let mut output = String::with_capacity(text.len() + refs.len() * 5 + 2);
    let emphasis = emphasis.min(characters.len());
    for (position, &character) in characters.iter().enumerate() {
        if emphasis > 0 && position == emphasis {
            output.push('*');
        }
        while let Some(reference) = pending.next_if(|reference| reference.at == position) {
            output.push_str(&format!("[^{}]", reference.mark));
        }
        if emphasis > 0 && position == 0 {
            output.push('*');
        }
        push_escaped(&mut output, character, characters.get(position + 1).copied());
    }
    if emphasis > 0 && emphasis == characters.len() {
        output.push('*');
    }
    for reference in pending {
        output.push_str(&format!("[^{}]", reference.mark));
    }
    output
}

fn push_escaped(output: &mut String, character: char, next: Option<char>) {
    let escape = match character {
        '\\' | '*' | '_' | '`' | '[' | ']' | '~' | '$' => true,
        // An HTML tag or autolink, or a character reference such as `&amp;`.
        '<' => next.is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?')),
        '&' => next.is_some_and(|c| c.is_ascii_alphanumeric() || c == '#'),
        _ => false,
    };
    if escape {
        output.push('\\');
    }
    output.push(character);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::to_json;
    use crate::test_support::{FIXTURES, import_fixture};

    #[test]
    fn every_fixture_reads_back_from_its_markdown_as_the_same_document() {
        for name in FIXTURES {
            let original = import_fixture(name);
            let markdown = to_markdown(&original);
            let again = crate::import(markdown.as_bytes()).unwrap();
            assert_eq!(again.format, crate::Format::Markdown, "{name}");
            let expected = to_json(&original, &[]);
            let found = to_json(&again.document, &[]);
            if expected != found {
                let first_difference = expected
                    .lines()
                    .zip(found.lines())
                    .find(|(left, right)| left != right)
                    .map(|(left, right)| format!("expected {left}\n   found {right}"));
                panic!("{name}: the Markdown reads back differently: {first_difference:?}");
            }
        }
    }

    #[test]
    fn the_torture_resolution_in_markdown() {
        let markdown = to_markdown(&import_fixture("A_RES_80_198.txt"));
        assert!(markdown.starts_with(
            "---\ngenerator: plenary\nsymbol: A/RES/80/198\nbody: General Assembly\nkind: resolution\n\
             committee: Third Committee\nsession: \"80\"\nagenda_items:\n  - item: 71 (a)\n"
        ));
        assert!(markdown.contains("\nissued: 2025-12-22\njob_number: 25-20949 (E)\nadopted: 2025-12-15\n"));
        assert!(
            markdown.contains("\nroute: on the report of the Third Committee (A/80/545, para. 5)\n---\n")
        );
        assert!(markdown.contains("\n# Torture and other cruel, inhuman or degrading treatment or punishment\n\nThe General Assembly,\n"));
        // The opening phrase in italics; the number escaped so that no renderer renumbers the paragraphs.
        assert!(markdown.contains("\n*Reaffirming* its previous resolutions on torture and other cruel,"));
        assert!(markdown.contains("\n*Reaffirming also* that no one shall be subjected to torture"));
        assert!(markdown.contains("\n1\\. *Condemns* all forms of torture and other cruel,"));
        assert!(
            markdown.contains("\n55\\. *Also decides* to give its full consideration to the subject matter")
        );
        // Footnote marks where they stood, the texts at the end.
        assert!(
            markdown
                .contains("Inhuman or Degrading Treatment or Punishment[^1] and the obligation of States")
        );
        assert!(markdown.contains("under the Geneva Conventions of 1949,[^2] torture or inhuman treatment"));
        assert!(markdown.contains("\n63rd plenary meeting\\\n15 December 2025\n"));
        assert!(markdown.contains("\n[^1]: United Nations, Treaty Series, vol. 1465, No. 24841.\n"));
    }

    #[test]
    fn sub_paragraphs_are_indented_with_em_spaces_and_labelled() {
        let markdown = to_markdown(&import_fixture("S_RES_0830_1993.txt"));
        assert!(markdown.contains("\n---\n\nThe Security Council,\n\n*Having considered* the report"));
        assert!(markdown.contains("\n*Decides*:\n"), "{markdown}");
        assert!(markdown.contains(
            "\n\u{2003}\u{2003}(b) To renew the mandate of the United Nations Disengagement Observer Force"
        ));
    }

    #[test]
    fn a_draft_keeps_its_sponsors_in_the_front_matter() {
        let markdown = to_markdown(&import_fixture("A_C.3_80_L.49.txt"));
        assert!(markdown.contains("\ndistribution: limited\n"));
        assert!(markdown.contains("\nsponsors:\n  - Andorra\n  - Armenia\n"));
        assert!(markdown.contains(
            "\n  - United Kingdom of Great Britain and Northern Ireland\nsponsor_note: draft resolution\n"
        ));
    }

    #[test]
    fn markdown_syntax_in_the_words_is_escaped() {
        assert_eq!(
            escape_inline("a*b_c [d] `e` <f> &amp; $5 ~x"),
            "a\\*b\\_c \\[d\\] \\`e\\` \\<f> \\&amp; \\$5 \\~x"
        );
        assert_eq!(escape_line_start("1. Decides"), "1\\. Decides");
        assert_eq!(escape_line_start("2030 Agenda"), "2030 Agenda");
        assert_eq!(escape_line_start("# not a heading"), "\\# not a heading");
        assert_eq!(escape_line_start("- not a list"), "\\- not a list");
        assert_eq!(escape_line_start("-based"), "-based");
        assert_eq!(escape_heading("Item #"), "Item \\#");
        assert_eq!(yaml_scalar("A/RES/80/198"), "A/RES/80/198");
        assert_eq!(yaml_scalar("74"), "\"74\"");
        assert_eq!(yaml_scalar("Albania: draft"), "\"Albania: draft\"");
    }

    #[test]
    fn marks_and_italics_at_the_same_place() {
        let refs = [FootnoteRef { mark: "1".into(), at: 9 }];
        assert_eq!(render_inline("Recalling its resolution", &refs, 9), "*Recalling*[^1] its resolution");
        assert_eq!(render_inline("Decides", &[], 7), "*Decides*");
    }

    #[test]
    fn a_heading_read_from_several_lines_is_written_in_parts() {
        // S/RES/386 (1976): two short lines whose footnote marks the importer could not place, read as one
        // sub-heading of 36 words; written whole, it would read back as a paragraph.
        let heading = "Taking note of the statement made by the President of the People’s Republic of \
                       Mozambique on 3 March 1976, 23 Having heard the statement of the Minister for Foreign \
                       Affairs of the People’s Republic of Mozambique, 24";
        let parts = heading_parts(heading);
        assert_eq!(parts.len(), 2, "{parts:?}");
        assert!(parts.iter().all(|part| part.split_whitespace().count() <= SUBHEADING_MAX_WORDS));
        assert_eq!(parts.join(" "), heading);
        assert_eq!(heading_parts("Peacebuilding financing"), vec!["Peacebuilding financing"]);
    }
}
