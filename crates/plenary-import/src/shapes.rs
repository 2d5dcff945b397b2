//! What the readers take for structure, for the writers that must print a text these readers read back as
//! the same paragraphs (plenary-render's plain text): a line that opens a numbered paragraph, a line that
//! stands for a meeting line, a section marker or page furniture, the parts of a long sub-heading. The
//! writer asks here instead of keeping its own copy of the rules, so that the two cannot drift apart.

pub use crate::layout::{ends_clause, is_meeting_line};
pub use crate::markdown::heading_parts;
pub use crate::numbering::is_section_marker;
pub use crate::patterns::{
    is_barcode, is_job_number, is_job_number_and_page_counter, is_page_counter, is_rule,
};

/// Whether a text begins with a paragraph number or a label a reader would take for one: `12.`, `(b)`,
/// `(ii)`.
pub fn starts_with_label(text: &str) -> bool {
    crate::numbering::split_label(text).is_some()
}
