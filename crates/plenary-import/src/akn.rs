//! Akoma Ntoso 3.0 (the UN's AKN4UN profile): writer and reader. (Being written.)

use plenary_core::Document;

use crate::ImportError;

/// Writes a document as Akoma Ntoso XML.
pub fn to_akn(document: &Document) -> String {
    let _ = document;
    String::new()
}

/// Reads a document from Akoma Ntoso XML.
pub fn from_akn(text: &str) -> Result<(Document, Vec<plenary_core::Diagnostic>), ImportError> {
    let _ = text;
    Err(ImportError::Invalid { what: "format".into(), message: "Akoma Ntoso import is being written".into() })
}
