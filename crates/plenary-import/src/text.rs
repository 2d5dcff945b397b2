//! Text as the importers carry it between stages: characters normalised the same way everywhere, lines
//! joined with line-end hyphenation mended, and footnote marks held as placeholders so that they survive
//! joining and splitting and land at the right offset in the final paragraph text.

use plenary_core::FootnoteRef;

/// Stands in the text where a footnote mark was cut out; the mark itself is kept beside the text.
pub(crate) const MARK_PLACEHOLDER: char = '\u{E000}';

/// Normalises the characters of one source line: non-breaking and other hyphens become `-`, non-breaking
/// and other odd spaces become spaces, soft hyphens, byte-order marks and control characters disappear.
///
/// Why: these are typesetting artefacts of the PDF, not words. Search, comparison and the word-conservation
/// check all see the same characters because they all call this function.
pub fn normalize_characters(line: &str) -> String {
    // Most lines are plain printable ASCII and need nothing done.
    if line.bytes().all(|byte| (0x20..0x7F).contains(&byte)) {
        return line.to_string();
    }
    let mut normalized = String::with_capacity(line.len());
    for character in line.chars() {
        match character {
            '\u{2010}' | '\u{2011}' => normalized.push('-'),
            '\u{00A0}' | '\u{2002}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' | '\t' => {
                normalized.push(' ')
            }
            '\u{00AD}' | '\u{FEFF}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' => {}
            MARK_PLACEHOLDER => {}
            control if control.is_control() => {}
            other => normalized.push(other),
        }
    }
    normalized
}

/// True when a line ends with a soft hyphen, which marks a word broken by the typesetter.
pub(crate) fn ends_with_soft_hyphen(raw_line: &str) -> bool {
    raw_line.trim_end_matches([' ', '\t']).ends_with('\u{00AD}')
}

/// Collapses runs of whitespace to one space and trims the ends.
pub fn collapse_whitespace(text: &str) -> String {
    let mut collapsed = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !collapsed.is_empty() {
            collapsed.push(' ');
        }
        collapsed.push_str(word);
    }
    collapsed
}

/// Text with footnote marks cut out and held aside: the `n`th placeholder in `text` stands for `marks[n]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct MarkedText {
    pub text: String,
    pub marks: Vec<String>,
}

impl MarkedText {
    pub fn new(text: impl Into<String>) -> MarkedText {
        MarkedText { text: text.into(), marks: Vec::new() }
    }

    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty() && self.marks.is_empty()
    }

    /// Appends the next source line. A line ending in a hyphen that joins two words
    /// (`post-` / `conflict`) keeps its hyphen and takes no space; the UN's texts break lines only at
    /// real hyphens, so nothing else is mended. A soft hyphen at the end of the line (already removed
    /// by normalisation) joins without a space too.
    pub fn push_line(&mut self, line: MarkedText, soft_hyphen_break: bool) {
        let continuation = line.text.trim();
        if continuation.is_empty() && line.marks.is_empty() {
            return;
        }
        let kept = self.text.trim_end().len();
        self.text.truncate(kept);
        let current = self.text.as_str();
        let glue =
            if current.is_empty() || soft_hyphen_break || ends_with_word_hyphen(current) { "" } else { " " };
        self.text.push_str(glue);
        self.text.push_str(continuation);
        self.marks.extend(line.marks);
    }

    /// Appends another piece of text as a new sentence run, separated by a space.
    pub fn append(&mut self, other: MarkedText) {
        self.push_line(other, false);
    }

    /// Splits at a byte offset of `text`, sharing the marks between the halves.
    pub fn split_at(self, at: usize) -> (MarkedText, MarkedText) {
        let (head, tail) = self.text.split_at(at);
        let head_marks = head.chars().filter(|&c| c == MARK_PLACEHOLDER).count();
        let mut marks = self.marks;
        let tail_marks = marks.split_off(head_marks.min(marks.len()));
        (
            MarkedText { text: head.to_string(), marks },
            MarkedText { text: tail.to_string(), marks: tail_marks },
        )
    }

    /// The final paragraph text (whitespace collapsed, placeholders removed) and the footnote references
    /// at the character offsets where the placeholders stood.
    pub fn finish(&self) -> (String, Vec<FootnoteRef>) {
        if self.marks.is_empty() && !self.text.contains(MARK_PLACEHOLDER) {
            return (collapse_whitespace(&self.text), Vec::new());
        }
        let mut text = String::with_capacity(self.text.len());
        let mut length_in_chars = 0usize;
        let mut pending_space = false;
        let mut references = Vec::new();
        let mut marks = self.marks.iter();
        for character in self.text.chars() {
            if character == MARK_PLACEHOLDER {
                if let Some(mark) = marks.next() {
                    references.push(plenary_core::FootnoteRef { mark: mark.clone(), at: length_in_chars });
                }
            } else if character.is_whitespace() {
                pending_space = length_in_chars > 0;
            } else {
                if pending_space {
                    text.push(' ');
                    length_in_chars += 1;
                    pending_space = false;
                }
                text.push(character);
                length_in_chars += 1;
            }
        }
        // Marks with no placeholder left (should not happen) still belong to the paragraph, at its end.
        for mark in marks {
            references.push(FootnoteRef { mark: mark.clone(), at: length_in_chars });
        }
        (text, references)
    }
}

/// `post-` ends with a hyphen that belongs to a word; ` -` (a dash used as punctuation) does not.
fn ends_with_word_hyphen(text: &str) -> bool {
    let mut characters = text.chars().rev();
    characters.next() == Some('-') && characters.next().is_some_and(|c| c.is_alphanumeric() || c == ')')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typographic_hyphens_and_spaces_are_normalised() {
        assert_eq!(
            normalize_characters("non\u{2011}derogable\u{00A0}right\u{00AD}s"),
            "non-derogable rights"
        );
    }

    #[test]
    fn line_end_hyphens_join_compound_words_without_a_space() {
        let mut text = MarkedText::new("at its eighty-");
        text.push_line(MarkedText::new("third session."), false);
        assert_eq!(text.finish().0, "at its eighty-third session.");
    }

    #[test]
    fn a_dash_at_line_end_is_punctuation() {
        let mut text = MarkedText::new("the following -");
        text.push_line(MarkedText::new("namely"), false);
        assert_eq!(text.finish().0, "the following - namely");
    }

    #[test]
    fn marks_land_after_the_character_they_followed() {
        let line = MarkedText {
            text: format!("Geneva Conventions of 1949, {MARK_PLACEHOLDER}  torture"),
            marks: vec!["2".into()],
        };
        let (text, references) = line.finish();
        assert_eq!(text, "Geneva Conventions of 1949, torture");
        assert_eq!(references, vec![FootnoteRef { mark: "2".into(), at: 27 }]);
        assert_eq!(
            plenary_core::document::text_with_marks(&text, &references, |m| m.into()),
            "Geneva Conventions of 1949,2 torture"
        );
    }

    #[test]
    fn splitting_shares_the_marks() {
        let text = MarkedText {
            text: format!("Punishment{MARK_PLACEHOLDER} and 2. Court,{MARK_PLACEHOLDER}"),
            marks: vec!["1".into(), "3".into()],
        };
        let at = text.text.find("2.").unwrap();
        let (head, tail) = text.split_at(at);
        assert_eq!(head.marks, vec!["1"]);
        assert_eq!(tail.marks, vec!["3"]);
    }
}
