//! Source lines as every text importer sees them: numbered from 1, characters normalised, with what the
//! extractor's layout says about each (an empty line is a page break in PyMuPDF output, a leading space a
//! paragraph start in pypdf output), and the page furniture the importers recognise on them.

use serde::Serialize;

use crate::text::{ends_with_soft_hyphen, normalize_characters};

/// One line of the source.
#[derive(Debug, Clone)]
pub(crate) struct SourceLine {
    /// 1-based line number in the file.
    pub number: u32,
    /// The normalised, trimmed text.
    pub text: String,
    /// The line was empty, not even a space (PyMuPDF writes this between pages), or began with a form
    /// feed. Whether an empty line really is a page break depends on the extractor: see
    /// [`empty_lines_are_page_breaks`].
    pub page_break: bool,
    /// The line began with whitespace before its text.
    pub indented: bool,
    /// The line ended with a soft hyphen: the word continues on the next line.
    pub soft_hyphen_break: bool,
    /// The source marks the line as a sub-heading (a Markdown `###` line), so no guessing is needed.
    pub heading: bool,
}

impl SourceLine {
    /// A line with no text: a space-only separator or a page break.
    pub fn is_blank(&self) -> bool {
        self.text.is_empty()
    }
}

/// Splits decoded text into numbered, normalised lines.
pub(crate) fn source_lines(text: &str) -> Vec<SourceLine> {
    text.split('\n')
        .enumerate()
        .map(|(index, raw)| {
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            let normalized = normalize_characters(raw);
            let trimmed = normalized.trim();
            SourceLine {
                number: u32::try_from(index + 1).unwrap_or(u32::MAX),
                text: trimmed.to_string(),
                page_break: raw.is_empty() || raw.starts_with('\u{c}'),
                indented: !trimmed.is_empty() && normalized.starts_with(' '),
                soft_hyphen_break: ends_with_soft_hyphen(raw),
                heading: false,
            }
        })
        .collect()
}

/// What a line of page furniture is; the word-conservation check verifies each claim independently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FurnitureKind {
    /// Fixed masthead wording: "United Nations", "Distr.: General", "Original: English".
    Masthead,
    /// The document's own symbol, repeated on every page.
    Symbol,
    JobNumber,
    PageCounter,
    Barcode,
    /// The running title repeated at the top of every page.
    RunningTitle,
    /// The rule above the footnotes.
    Rule,
    /// A bare page number left in the text of a printed compilation.
    CompilationPageNumber,
}

/// A source line the importer set aside as furniture rather than text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FurnitureLine {
    pub line: u32,
    pub kind: FurnitureKind,
}

/// PyMuPDF separates paragraphs with lines holding a single space and pages with truly empty lines. Other
/// extractors use empty lines for both; there an empty line is only a blank.
pub(crate) fn empty_lines_are_page_breaks(lines: &[SourceLine]) -> bool {
    let empty = lines.iter().filter(|line| line.page_break && line.is_blank()).count();
    let spaces = lines.iter().filter(|line| line.is_blank() && !line.page_break).count();
    spaces > empty
}
