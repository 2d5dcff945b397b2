//! Markdown writer. (Being written.)

use plenary_core::Document;

/// Writes a document as Markdown.
pub fn to_markdown(document: &Document) -> String {
    let _ = document;
    String::new()
}
