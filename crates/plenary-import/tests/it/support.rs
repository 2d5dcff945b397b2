//! Shared helpers: reading fixtures and proving word conservation.

use std::path::PathBuf;

use plenary_core::{Document, Paragraph, ParagraphId};
use plenary_import::{Imported, conservation};

pub fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

pub fn fixture_bytes(name: &str) -> Vec<u8> {
    std::fs::read(fixture_path(name)).unwrap_or_else(|error| panic!("fixture {name}: {error}"))
}

/// Imports a fixture, and checks on the way that every word of its body was placed exactly once.
pub fn import_fixture(name: &str) -> Imported {
    let bytes = fixture_bytes(name);
    let imported = plenary_import::import(&bytes).unwrap_or_else(|error| panic!("{name}: {error}"));
    let account = conservation::account(&String::from_utf8_lossy(&bytes), &imported);
    assert!(account.checked && account.is_exact(), "{name}: words not conserved: {account:?}");
    assert!(!imported.has_errors(), "{name}: {:?}", imported.diagnostics);
    imported
}

pub fn paragraph<'a>(document: &'a Document, id: &str) -> &'a Paragraph {
    let id = ParagraphId::parse(id).unwrap_or_else(|error| panic!("{error}"));
    document.paragraph(&id).unwrap_or_else(|| panic!("no paragraph {id}"))
}

/// The marks cited by a paragraph, in order.
pub fn marks(paragraph: &Paragraph) -> Vec<&str> {
    paragraph.footnote_refs.iter().map(|reference| reference.mark.as_str()).collect()
}

/// The text of a paragraph with its marks put back where they stood, as `[1]`.
pub fn with_marks(paragraph: &Paragraph) -> String {
    plenary_core::document::text_with_marks(&paragraph.text, &paragraph.footnote_refs, |mark| {
        format!("[{mark}]")
    })
}
