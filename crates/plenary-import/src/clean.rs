//! Layout of clean text and Markdown: one paragraph per block. (Being written.)

use crate::layout::Layout;

/// Reads the layout of clean text (`markdown` false) or Markdown.
pub(crate) fn layout(text: &str, markdown: bool) -> Layout {
    let _ = markdown;
    crate::compilation::layout(text)
}
