//! The treaties an operative paragraph calls upon States to become parties to ("Calls upon all States that
//! have not yet done so to become parties to the Convention against Torture … and the Optional Protocol
//! thereto"), recognised by the treaties' titles and the short names resolutions use.

use super::TreatyId;

/// The treaties `text` (a paragraph's words) calls upon States to become parties to, in the order the text
/// names them, each once.
pub fn treaties_called_for(text: &str) -> Vec<TreatyId> {
    let _ = text;
    Vec::new()
}
