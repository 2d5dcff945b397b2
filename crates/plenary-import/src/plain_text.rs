//! Plain-text writer laid out as the UN prints a resolution. (Being written.)

use plenary_core::Document;

/// Writes a document as plain text laid out as the UN prints it.
pub fn to_text(document: &Document) -> String {
    let _ = document;
    String::new()
}
