//! The layout stage shared by the line-based importers: what a page of text holds once the furniture is
//! set aside — blocks of body text in reading order, footnote texts, and the furniture lines themselves —
//! and the assembly of body lines into blocks.

use plenary_core::Diagnostic;

use crate::lines::{FurnitureLine, SourceLine};
use crate::marks::MarkContext;
use crate::masthead::Masthead;
use crate::numbering;
use crate::text::MarkedText;

/// A block of body text: the lines between two blank lines, joined, with footnote marks held aside.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    pub text: MarkedText,
    /// The source line the block starts on.
    pub line: u32,
    /// Where the block's first source line ends in `text` (a byte offset): headings such as "II" or
    /// "Annex" stand on a line of their own.
    pub first_line_end: usize,
    /// The block is the first text on its page after the first: it may continue the previous page's last
    /// paragraph.
    pub after_page_break: bool,
    /// The source declares the block a sub-heading (Markdown `###`).
    pub declared_heading: bool,
}

/// A footnote's text as it stands at the foot of a page.
#[derive(Debug, Clone)]
pub(crate) struct FootnoteText {
    pub mark: String,
    pub text: MarkedText,
    pub line: u32,
}

/// Everything a line-based importer found, ready for the structure stage.
#[derive(Debug, Default)]
pub(crate) struct Layout {
    pub masthead: Masthead,
    pub blocks: Vec<Block>,
    pub footnotes: Vec<FootnoteText>,
    pub furniture: Vec<FurnitureLine>,
    pub diagnostics: Vec<Diagnostic>,
    /// Index of the first body line: the word-conservation check counts from here.
    pub body_start_line: u32,
    pub marks: MarkContext,
}

/// One item of the body's line stream, after furniture and footnotes are taken out.
#[derive(Debug, Clone, Copy)]
pub(crate) enum BodyItem<'a> {
    Line {
        line: &'a SourceLine,
        page: u32,
    },
    /// A blank line: the end of a block.
    Blank,
    /// Furniture or footnotes stood here: the end of a block, and the next one starts a new page.
    PageBreak,
}

/// How paragraphs are set apart in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Separation {
    /// By blank lines (PyMuPDF output, clean text, the compilations).
    BlankLines,
    /// By an indented first line (pypdf output), as well as by blank lines.
    Indentation,
}

/// The mark and text of a line that opens a footnote: "1 United Nations, Treaty Series …", "** Ibid.",
/// "* Reissued for technical reasons". The text may be empty when the mark stands alone on its line.
pub(crate) fn footnote_opening(text: &str) -> Option<(&str, &str)> {
    let mark_length = if text.starts_with('*') {
        text.chars().take_while(|&c| c == '*').count()
    } else {
        text.chars().take_while(char::is_ascii_digit).count()
    };
    // Footnote numbers never start with a zero; "01" is text.
    if mark_length == 0 || (!text.starts_with('*') && (mark_length > 3 || text.starts_with('0'))) {
        return None;
    }
    let (mark, rest) = text.split_at(mark_length);
    (rest.is_empty() || rest.starts_with(char::is_whitespace)).then(|| (mark, rest.trim_start()))
}

/// Decides how the body's paragraphs are set apart. pypdf indents the first line of each paragraph, so
/// its indented lines mostly follow a line that ends a clause; a hanging indentation (our own text layout,
/// where every line after a paragraph's first is indented) must not be read that way.
pub(crate) fn separation_of<'a>(body_lines: impl Iterator<Item = &'a SourceLine>) -> Separation {
    let (mut indented, mut after_clause, mut non_blank) = (0usize, 0usize, 0usize);
    let mut previous: Option<&SourceLine> = None;
    for line in body_lines.filter(|line| !line.is_blank()) {
        non_blank += 1;
        if line.indented {
            indented += 1;
            if previous.is_some_and(|previous| ends_clause(&previous.text)) {
                after_clause += 1;
            }
        }
        previous = Some(line);
    }
    if indented * 5 > non_blank && after_clause * 2 > indented {
        Separation::Indentation
    } else {
        Separation::BlankLines
    }
}

/// Builds blocks from the body's line stream. A line that begins with a paragraph number or label also
/// starts a new block when the text before it ends a clause, because some layouts do not separate
/// numbered paragraphs with blank lines.
pub(crate) fn assemble_blocks(
    items: &[BodyItem<'_>],
    separation: Separation,
    marks: &mut MarkContext,
) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current: Option<Block> = None;
    let mut next_after_page_break = false;
    let mut previous_soft_hyphen = false;
    for item in items {
        match *item {
            BodyItem::Blank => finish_block(&mut current, &mut blocks),
            BodyItem::PageBreak => {
                finish_block(&mut current, &mut blocks);
                next_after_page_break = true;
            }
            BodyItem::Line { line, page } => {
                let starts_new = match &current {
                    None => true,
                    Some(block) => {
                        (separation == Separation::Indentation && line.indented)
                            || ((numbering::starts_with_label(&line.text)
                                || numbering::is_section_marker(&line.text))
                                && ends_clause(&block.text.text))
                            || is_meeting_line(&line.text)
                            || crate::masthead::enacting_formula_body(&line.text).is_some()
                            || block_is_enacting_formula(block)
                    }
                };
                if starts_new {
                    finish_block(&mut current, &mut blocks);
                }
                let text = marks.extract(&line.text, Some(page));
                match &mut current {
                    Some(block) => block.text.push_line(text, previous_soft_hyphen),
                    None => {
                        let first_line_end = text.text.len();
                        current = Some(Block {
                            text,
                            line: line.number,
                            first_line_end,
                            after_page_break: next_after_page_break,
                            declared_heading: line.heading,
                        });
                        next_after_page_break = false;
                    }
                }
                previous_soft_hyphen = line.soft_hyphen_break;
            }
        }
    }
    finish_block(&mut current, &mut blocks);
    blocks
}

/// "The Security Council," stands alone even when the next paragraph follows it without a blank line.
fn block_is_enacting_formula(block: &Block) -> bool {
    crate::masthead::enacting_formula_body(block.text.text.trim()).is_some()
}

fn finish_block(current: &mut Option<Block>, blocks: &mut Vec<Block>) {
    if let Some(block) = current.take()
        && !block.text.is_empty()
    {
        blocks.push(block);
    }
}

/// "63rd plenary meeting", "50th (resumed) plenary meeting": the line that closes a resolution's body.
pub fn is_meeting_line(text: &str) -> bool {
    MEETING_LINE.captures(text.trim()).is_some_and(|captures| {
        captures.get(2).is_none_or(|rest| crate::patterns::parse_date_line(rest.as_str()).is_some())
    })
}

pattern!(pub(crate) MEETING_LINE, r"^(\d+(?:st|nd|rd|th) (?:\(resumed\) )?(?:plenary )?meeting)\.?(?:\s+(.*))?$");

/// Whether text ends where a new paragraph may begin: after `,` `;` `:` `.` (footnote marks, closing
/// quotes and brackets aside), after "; and" / "; or", or when it is only a paragraph number ("1.").
pub fn ends_clause(text: &str) -> bool {
    let trimmed = text.trim_end().trim_end_matches(|c: char| {
        c == crate::text::MARK_PLACEHOLDER || c.is_whitespace() || matches!(c, '”' | '’' | '"' | ')' | ']')
    });
    if numbering::is_bare_label(trimmed) {
        return true;
    }
    if trimmed.ends_with([',', ';', ':', '.', '!', '?']) {
        return true;
    }
    for conjunction in [" and", " or"] {
        if let Some(before) = trimmed.strip_suffix(conjunction)
            && before.trim_end().ends_with([';', ','])
        {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clause_ends() {
        assert!(ends_clause("of human rights;"));
        assert!(ends_clause("of climate change,”."));
        assert!(ends_clause("treatment or punishment; and"));
        assert!(ends_clause("1."));
        assert!(!ends_clause("referred to in subparagraph"));
        assert!(!ends_clause("Convention against Torture and Other"));
    }
}
