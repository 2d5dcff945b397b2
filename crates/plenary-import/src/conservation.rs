//! The word-conservation check: proves, for one import, that every word of the source body landed in
//! exactly one place of the document — a paragraph, a sub-paragraph, a footnote, the meeting line, an annex
//! — and that the document holds no word the source does not have.
//!
//! It is independent of the importer's logic: it re-reads the source lines itself, counts words as runs
//! of letters or of digits, and only trusts the importer's list of furniture lines after checking each one
//! against the shape that furniture must have (a job number, a page counter, the document's own symbol, a
//! line made of the title's words …). Footnote marks and paragraph numbers count as words on both sides,
//! so a mark cut out of the text but not recorded would show up as lost.

use std::collections::HashMap;

use plenary_core::{Document, FootnoteRef, Paragraph, Symbol};

use crate::Imported;
use crate::lines::{FurnitureKind, FurnitureLine};
use crate::patterns;
use crate::text::normalize_characters;

/// The outcome of the check for one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WordAccount {
    /// Words in the source body (from the first line after the masthead).
    pub source_words: usize,
    /// Of those, words on lines set aside as furniture, each line checked.
    pub furniture_words: usize,
    /// Words the document holds in its body.
    pub placed_words: usize,
    /// Source words that the document does not hold, at most a few listed.
    pub lost: Vec<String>,
    pub lost_count: usize,
    /// Words the document holds that the source body does not.
    pub invented: Vec<String>,
    pub invented_count: usize,
    /// Lines claimed as furniture that do not have a furniture shape.
    pub bad_furniture: Vec<u32>,
    /// Source words the document holds as two: a footnote mark glued to a number ("198359" is the year
    /// 1983 and mark 59).
    pub split_in_two: usize,
    /// Pairs of source words the document holds as one (a word broken by a soft hyphen).
    pub joined_from_two: usize,
    /// Whether the check ran. It accounts for the lines of a text source (PDF text, clean text,
    /// Markdown); an Akoma Ntoso, JSON or Word file has no source lines to account for, and nothing is
    /// claimed for it.
    pub checked: bool,
}

impl WordAccount {
    pub fn is_exact(&self) -> bool {
        self.lost_count == 0 && self.invented_count == 0 && self.bad_furniture.is_empty()
    }
}

const LISTED: usize = 12;

/// Accounts for the words of a file's bytes in `imported`, decoding them as the importer did.
pub fn account_bytes(bytes: &[u8], imported: &Imported) -> WordAccount {
    match crate::decode::decode(bytes) {
        Ok((text, _)) => account(&text, imported),
        Err(_) => WordAccount::default(),
    }
}

/// Accounts for the words of `source` (the decoded text of the file) in `imported`.
pub fn account(source: &str, imported: &Imported) -> WordAccount {
    let Some(body_start) = imported.body_start_line else {
        return WordAccount::default();
    };
    let document = &imported.document;
    let furniture: HashMap<u32, FurnitureKind> =
        imported.furniture.iter().map(|FurnitureLine { line, kind }| (*line, *kind)).collect();
    let title_words: Vec<String> =
        words(&document.title).into_iter().map(|word| word.to_lowercase()).collect();

    let mut account = WordAccount { checked: true, ..WordAccount::default() };
    let mut source_counts: HashMap<String, i64> = HashMap::new();
    for (index, line) in source.split('\n').enumerate() {
        let number = index as u32 + 1;
        if number < body_start {
            continue;
        }
        let line = normalize_characters(line);
        let line_words = words(&line);
        account.source_words += line_words.len();
        if let Some(kind) = furniture.get(&number) {
            if is_furniture(line.trim(), *kind, document.symbol.as_ref(), &title_words) {
                account.furniture_words += line_words.len();
                continue;
            }
            account.bad_furniture.push(number);
        }
        for word in line_words {
            *source_counts.entry(word).or_default() += 1;
        }
    }

    let placed = document_words(document);
    account.placed_words = placed.len();
    for word in placed {
        *source_counts.entry(word).or_default() -= 1;
    }
    let mut lost: Vec<String> = Vec::new();
    let mut invented: Vec<String> = Vec::new();
    for (word, count) in &source_counts {
        for _ in 0..count.unsigned_abs() {
            if *count > 0 { lost.push(word.clone()) } else { invented.push(word.clone()) }
        }
    }
    account.split_in_two = reconcile_joins(&mut lost, &mut invented);
    account.joined_from_two = reconcile_joins(&mut invented, &mut lost);
    lost.sort();
    invented.sort();
    account.lost_count = lost.len();
    account.invented_count = invented.len();
    account.lost = lost.into_iter().take(LISTED).collect();
    account.invented = invented.into_iter().take(LISTED).collect();
    account
}

/// Words are maximal runs of letters or of digits; "Punishment1" is two words, "non-derogable" two.
pub fn words(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut current = String::new();
    let mut current_is_digit = false;
    for character in text.chars() {
        let is_letter = character.is_alphabetic();
        let is_digit = character.is_numeric();
        if (is_letter || is_digit) && (current.is_empty() || current_is_digit == is_digit) {
            current.push(character);
            current_is_digit = is_digit;
        } else {
            if !current.is_empty() {
                found.push(std::mem::take(&mut current));
            }
            if is_letter || is_digit {
                current.push(character);
                current_is_digit = is_digit;
            }
        }
    }
    if !current.is_empty() {
        found.push(current);
    }
    found
}

/// Whether a line really has the shape of the furniture it was taken for.
fn is_furniture(line: &str, kind: FurnitureKind, symbol: Option<&Symbol>, title_words: &[String]) -> bool {
    match kind {
        FurnitureKind::JobNumber => patterns::is_job_number(line),
        FurnitureKind::PageCounter => {
            patterns::is_page_counter(line) || patterns::is_job_number_and_page_counter(line)
        }
        FurnitureKind::Barcode => patterns::is_barcode(line),
        FurnitureKind::Rule => patterns::is_rule(line),
        FurnitureKind::Symbol => symbol.is_some_and(|symbol| patterns::is_own_symbol_line(line, symbol)),
        FurnitureKind::RunningTitle => {
            // Some extractors print the symbol on the running title's line.
            let symbol_words = symbol.map(|symbol| words(symbol.as_str())).unwrap_or_default();
            let line_words = words(line);
            !line_words.is_empty()
                && line_words
                    .iter()
                    .all(|word| title_words.contains(&word.to_lowercase()) || symbol_words.contains(word))
        }
        FurnitureKind::Masthead => line.starts_with("United Nations") || line.starts_with("Original:"),
        FurnitureKind::CompilationPageNumber => line.len() <= 3 && line.chars().all(|c| c.is_ascii_digit()),
    }
}

/// Every word the document holds in its body, in no particular order.
fn document_words(document: &Document) -> Vec<String> {
    let mut all = Vec::new();
    if let Some(formula) = &document.enacting_formula {
        all.extend(words(formula));
    }
    for paragraph in document.preamble.iter().chain(&document.operative) {
        paragraph_words(paragraph, &mut all);
    }
    for section in &document.sections {
        all.extend(words(&section.label));
        all.extend(words(&section.heading));
        for paragraph in section.preamble.iter().chain(&section.operative) {
            paragraph_words(paragraph, &mut all);
        }
    }
    for footnote in &document.footnotes {
        all.extend(words(&footnote.mark));
        all.extend(words(&footnote.text));
    }
    if let Some(meeting) = &document.meeting {
        all.extend(words(&meeting.meeting));
        if let Some(date) = meeting.date {
            all.extend(words(&plenary_core::dates::format_date(date)));
        }
    }
    if let Some(adoption) = &document.adoption {
        if let Some(record) = &adoption.record {
            all.extend(words(record));
        }
        marks_words(&adoption.record_footnote_refs, &mut all);
    }
    for annex in &document.annexes {
        all.extend(words(&annex.heading));
        for block in &annex.blocks {
            if let Some(label) = &block.label {
                all.extend(words(label));
            }
            all.extend(words(&block.text));
            marks_words(&block.footnote_refs, &mut all);
        }
    }
    all
}

fn paragraph_words(paragraph: &Paragraph, all: &mut Vec<String>) {
    if let Some(number) = paragraph.number {
        all.push(number.to_string());
    }
    if let Some(label) = &paragraph.label {
        all.extend(words(label));
    }
    if let Some(heading) = &paragraph.heading {
        all.extend(words(heading));
    }
    all.extend(words(&paragraph.text));
    marks_words(&paragraph.footnote_refs, all);
    for child in &paragraph.subparagraphs {
        paragraph_words(child, all);
    }
}

fn marks_words(references: &[FootnoteRef], all: &mut Vec<String>) {
    for reference in references {
        all.extend(words(&reference.mark));
    }
}

/// Removes from `joined` the words that are two words of `parts` run together (a soft-hyphen join, or
/// a footnote mark glued to a year: "198359" is "1983" and "59"), removing those parts too; returns how
/// many it removed.
fn reconcile_joins(joined: &mut Vec<String>, parts: &mut Vec<String>) -> usize {
    let mut reconciled = 0;
    if joined.is_empty() || parts.is_empty() {
        return reconciled;
    }
    let mut index = 0;
    while index < joined.len() {
        let word = &joined[index];
        let split = (1..word.len()).filter(|&at| word.is_char_boundary(at)).find_map(|at| {
            let (head, tail) = word.split_at(at);
            let head_at = parts.iter().position(|part| part == head)?;
            let tail_at =
                parts.iter().enumerate().position(|(position, part)| position != head_at && part == tail)?;
            Some((head_at, tail_at))
        });
        match split {
            Some((head_at, tail_at)) => {
                let (first, second) = if head_at > tail_at { (head_at, tail_at) } else { (tail_at, head_at) };
                parts.remove(first);
                parts.remove(second);
                joined.remove(index);
                reconciled += 1;
            }
            None => index += 1,
        }
    }
    reconciled
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_letters_from_digits() {
        assert_eq!(
            words("Punishment1 and non-derogable (A/80/545, para. 5)"),
            vec!["Punishment", "1", "and", "non", "derogable", "A", "80", "545", "para", "5"]
        );
    }

    #[test]
    fn joined_words_are_reconciled_with_their_parts() {
        let mut lost = vec!["198359".to_string()];
        let mut invented = vec!["59".to_string(), "1983".to_string()];
        assert_eq!(reconcile_joins(&mut lost, &mut invented), 1);
        assert!(lost.is_empty() && invented.is_empty());
    }
}
