//! Every output of Plenary, as bytes with a media type and a file extension: a document in each format it
//! is written in ([`DocumentFormat`]) and a comparison of two versions in each of its renderings
//! ([`ComparisonFormat`]). The command line and the web service name a format and write what it gives;
//! neither knows how any format is made.
//!
//! The layouts for people are made here: the printed layout of a resolution (`printed.rs`, the masthead,
//! numbering, italics and order of blocks as the UN prints them), which the plain-text ([`plain_text`]),
//! Word ([`docx`]) and PDF ([`pdf`]) writers set each in their own way; the HTML of a document ([`html`]);
//! and the renderings of a comparison ([`comparison`]: terminal redline, Markdown report, HTML page, and
//! the Word file with tracked changes in [`docx`]); and pictures as SVG ([`charts`]: a step chart, a tile map,
//! bars per regional group). The interchange formats whose reader and writer share a
//! schema (JSON, Akoma Ntoso, Markdown) are written by `plenary-import`, beside their readers; this crate
//! only names them in its enums.
//!
//! Architecture invariant: like the core and the importers, this crate is pure — it takes values and
//! returns bytes; it opens no files, reads no clock and knows nothing of HTTP.

pub mod charts;
pub mod comparison;
pub mod docx;
pub mod html;
pub mod pdf;
pub mod plain_text;
mod printed;
pub mod record_pdf;
#[cfg(test)]
mod test_support;
pub mod vote_export;

use std::fmt;

use plenary_core::compare::Comparison;
use plenary_core::{Diagnostic, Document};
use plenary_import::InterchangeFormat;

pub use comparison::NamedDocument;

/// The media type of a Word file.
const DOCX_MEDIA_TYPE: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// Every format a document is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentFormat {
    /// Our JSON, with the diagnostics of the reading.
    Json,
    AkomaNtoso,
    Markdown,
    /// Plain text laid out as the UN prints it, in 80 columns.
    Text,
    /// A page of HTML laid out as the UN prints the text.
    Html,
    /// A Word file laid out as the UN prints the text.
    Docx,
    /// An A4 PDF laid out as the UN prints the text.
    Pdf,
}

impl DocumentFormat {
    /// Every format, in the order the command line and the API list them.
    pub const ALL: [DocumentFormat; 7] = [
        DocumentFormat::Json,
        DocumentFormat::AkomaNtoso,
        DocumentFormat::Markdown,
        DocumentFormat::Text,
        DocumentFormat::Html,
        DocumentFormat::Docx,
        DocumentFormat::Pdf,
    ];

    /// The short name `plenary convert --to` and the API's `?format=` take.
    pub fn name(self) -> &'static str {
        match self {
            DocumentFormat::Json => "json",
            DocumentFormat::AkomaNtoso => "akn",
            DocumentFormat::Markdown => "md",
            DocumentFormat::Text => "text",
            DocumentFormat::Html => "html",
            DocumentFormat::Docx => "docx",
            DocumentFormat::Pdf => "pdf",
        }
    }

    /// The format of a short name, as [`name`](Self::name) gives it.
    pub fn parse(name: &str) -> Result<DocumentFormat, UnknownFormat> {
        DocumentFormat::ALL
            .into_iter()
            .find(|format| format.name() == name)
            .ok_or_else(|| UnknownFormat::new(name, DocumentFormat::ALL.map(DocumentFormat::name).to_vec()))
    }

    pub fn media_type(self) -> &'static str {
        match self {
            DocumentFormat::Json => "application/json",
            DocumentFormat::AkomaNtoso => "application/akn+xml",
            DocumentFormat::Markdown => "text/markdown; charset=utf-8",
            DocumentFormat::Text => "text/plain; charset=utf-8",
            DocumentFormat::Html => "text/html; charset=utf-8",
            DocumentFormat::Docx => DOCX_MEDIA_TYPE,
            DocumentFormat::Pdf => "application/pdf",
        }
    }

    /// The extension of a file in this format, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            DocumentFormat::Json => "json",
            DocumentFormat::AkomaNtoso => "xml",
            DocumentFormat::Markdown => "md",
            DocumentFormat::Text => "txt",
            DocumentFormat::Html => "html",
            DocumentFormat::Docx => "docx",
            DocumentFormat::Pdf => "pdf",
        }
    }

    /// Whether the bytes are binary (a zip archive, a PDF): printed on a terminal they are garbage.
    pub fn is_binary(self) -> bool {
        matches!(self, DocumentFormat::Docx | DocumentFormat::Pdf)
    }

    /// Writes a document in this format. The diagnostics of its reading go only into JSON.
    pub fn render(self, document: &Document, diagnostics: &[Diagnostic]) -> Vec<u8> {
        let interchange = |format| plenary_import::write(document, diagnostics, format).into_bytes();
        match self {
            DocumentFormat::Json => interchange(InterchangeFormat::Json),
            DocumentFormat::AkomaNtoso => interchange(InterchangeFormat::AkomaNtoso),
            DocumentFormat::Markdown => interchange(InterchangeFormat::Markdown),
            DocumentFormat::Text => plain_text::to_text(document).into_bytes(),
            DocumentFormat::Html => html::page(document).into_bytes(),
            DocumentFormat::Docx => docx::document_to_docx(document),
            DocumentFormat::Pdf => pdf::document_to_pdf(document),
        }
    }
}

/// Every rendering of a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ComparisonFormat {
    /// The terminal redline: ANSI colours, or `[-deleted-]{+inserted+}` markers without them.
    Text,
    /// A Markdown report.
    Markdown,
    /// A self-contained HTML page: inline and side-by-side redlines.
    Html,
    /// The comparison itself (`plenary_core::compare::Comparison`), as pretty-printed JSON.
    Json,
    /// The new text as a Word file with every change a tracked change against the old.
    Docx,
}

/// A comparison with what its renderings need beside it.
#[derive(Debug, Clone, Copy)]
pub struct Compared<'a> {
    /// The comparison of `old` and `new`.
    pub comparison: &'a Comparison,
    pub old: NamedDocument<'a>,
    pub new: NamedDocument<'a>,
    /// ANSI colours in the terminal redline: for a person at a terminal only.
    pub colour: bool,
    /// The author of a Word file's tracked changes.
    pub author: &'a str,
    /// The date of a Word file's tracked changes, in RFC 3339 (`2026-11-29T00:00:00Z`).
    pub date: &'a str,
}

impl ComparisonFormat {
    /// Every rendering, in the order the command line and the API list them.
    pub const ALL: [ComparisonFormat; 5] = [
        ComparisonFormat::Text,
        ComparisonFormat::Markdown,
        ComparisonFormat::Html,
        ComparisonFormat::Json,
        ComparisonFormat::Docx,
    ];

    /// The short name `plenary compare --to` and the API's `?format=` take.
    pub fn name(self) -> &'static str {
        match self {
            ComparisonFormat::Text => "text",
            ComparisonFormat::Markdown => "md",
            ComparisonFormat::Html => "html",
            ComparisonFormat::Json => "json",
            ComparisonFormat::Docx => "docx",
        }
    }

    /// The rendering of a short name, as [`name`](Self::name) gives it.
    pub fn parse(name: &str) -> Result<ComparisonFormat, UnknownFormat> {
        ComparisonFormat::ALL.into_iter().find(|format| format.name() == name).ok_or_else(|| {
            UnknownFormat::new(name, ComparisonFormat::ALL.map(ComparisonFormat::name).to_vec())
        })
    }

    pub fn media_type(self) -> &'static str {
        match self {
            ComparisonFormat::Text => DocumentFormat::Text.media_type(),
            ComparisonFormat::Markdown => DocumentFormat::Markdown.media_type(),
            ComparisonFormat::Html => DocumentFormat::Html.media_type(),
            ComparisonFormat::Json => DocumentFormat::Json.media_type(),
            ComparisonFormat::Docx => DOCX_MEDIA_TYPE,
        }
    }

    /// The extension of a file in this rendering, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ComparisonFormat::Text => "txt",
            ComparisonFormat::Markdown => "md",
            ComparisonFormat::Html => "html",
            ComparisonFormat::Json => "json",
            ComparisonFormat::Docx => "docx",
        }
    }

    /// Whether the bytes are binary (a zip archive): printed on a terminal they are garbage.
    pub fn is_binary(self) -> bool {
        self == ComparisonFormat::Docx
    }

    /// Whether the rendering signs its changes with [`Compared::author`] and [`Compared::date`]: a Word
    /// file's tracked changes do.
    pub fn has_revisions(self) -> bool {
        self == ComparisonFormat::Docx
    }

    /// Renders a comparison.
    pub fn render(self, compared: &Compared<'_>) -> Vec<u8> {
        let Compared { comparison, old, new, colour, author, date } = *compared;
        match self {
            ComparisonFormat::Text => {
                comparison::to_terminal(comparison, old.name, new.name, colour).into_bytes()
            }
            ComparisonFormat::Markdown => {
                comparison::to_markdown(comparison, old.name, new.name).into_bytes()
            }
            ComparisonFormat::Html => comparison::to_html(comparison, old, new).into_bytes(),
            ComparisonFormat::Json => {
                // A comparison is plain data (no map with other than string keys): serialising it cannot fail.
                let mut json =
                    serde_json::to_string_pretty(comparison).expect("a comparison serialises as JSON");
                json.push('\n');
                json.into_bytes()
            }
            ComparisonFormat::Docx => {
                docx::comparison_to_docx(old.document, new.document, comparison, author, date)
            }
        }
    }
}

/// A format name that is none of the formats: "unknown format "rtf": expected json, akn, md, text, html,
/// docx or pdf".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownFormat {
    pub given: String,
    pub expected: Vec<&'static str>,
}

impl UnknownFormat {
    fn new(given: &str, expected: Vec<&'static str>) -> UnknownFormat {
        UnknownFormat { given: given.to_string(), expected }
    }
}

impl fmt::Display for UnknownFormat {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "unknown format {:?}: expected ", self.given)?;
        match self.expected.as_slice() {
            [] => Ok(()),
            [single] => formatter.write_str(single),
            [rest @ .., last] => write!(formatter, "{} or {last}", rest.join(", ")),
        }
    }
}

impl std::error::Error for UnknownFormat {}

#[cfg(test)]
mod tests {
    use plenary_core::compare::compare;

    use super::*;
    use crate::test_support::import_fixture;

    #[test]
    fn every_format_is_known_by_its_name_and_an_unknown_name_says_which_are() {
        for format in DocumentFormat::ALL {
            assert_eq!(DocumentFormat::parse(format.name()), Ok(format));
        }
        for format in ComparisonFormat::ALL {
            assert_eq!(ComparisonFormat::parse(format.name()), Ok(format));
        }
        let unknown = DocumentFormat::parse("rtf").map_err(|error| error.to_string());
        assert_eq!(
            unknown,
            Err("unknown format \"rtf\": expected json, akn, md, text, html, docx or pdf".into())
        );
        let unknown = ComparisonFormat::parse("pdf").map_err(|error| error.to_string());
        assert_eq!(unknown, Err("unknown format \"pdf\": expected text, md, html, json or docx".into()));
    }

    #[test]
    fn every_format_writes_what_its_media_type_says() {
        let document = import_fixture("A_RES_80_198.txt");
        for format in DocumentFormat::ALL {
            let bytes = format.render(&document, &[]);
            let start = String::from_utf8_lossy(&bytes[..bytes.len().min(64)]).into_owned();
            let expected = match format {
                DocumentFormat::Json => "{",
                DocumentFormat::AkomaNtoso => "<?xml",
                DocumentFormat::Markdown => "---",
                DocumentFormat::Text => "United Nations",
                DocumentFormat::Html => "<!doctype html>",
                DocumentFormat::Docx => "PK",
                DocumentFormat::Pdf => "%PDF",
            };
            assert!(start.starts_with(expected), "{format:?}: {start:?}");
            assert_eq!(format.is_binary(), matches!(format, DocumentFormat::Docx | DocumentFormat::Pdf));
        }
        let html = String::from_utf8(DocumentFormat::Html.render(&document, &[])).unwrap();
        assert!(html.contains("<title>A/RES/80/198</title>") && html.contains(&html::resolution(&document)));
    }

    #[test]
    fn every_comparison_format_renders_the_comparison() {
        let (old, new) = (import_fixture("A_RES_72_163.txt"), import_fixture("A_RES_74_143.txt"));
        let comparison = compare(&old, &new);
        let compared = Compared {
            comparison: &comparison,
            old: NamedDocument { name: "A/RES/72/163", document: &old },
            new: NamedDocument { name: "A/RES/74/143", document: &new },
            colour: false,
            author: "Plenary",
            date: "2026-12-04T00:00:00Z",
        };
        for format in ComparisonFormat::ALL {
            let bytes = format.render(&compared);
            let expected: Vec<u8> = match format {
                ComparisonFormat::Text => {
                    comparison::to_terminal(&comparison, "A/RES/72/163", "A/RES/74/143", false).into_bytes()
                }
                ComparisonFormat::Markdown => {
                    comparison::to_markdown(&comparison, "A/RES/72/163", "A/RES/74/143").into_bytes()
                }
                ComparisonFormat::Html => {
                    comparison::to_html(&comparison, compared.old, compared.new).into_bytes()
                }
                ComparisonFormat::Json => {
                    let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
                    assert_eq!(value, serde_json::to_value(&comparison).unwrap());
                    assert!(bytes.ends_with(b"}\n"));
                    bytes.clone()
                }
                ComparisonFormat::Docx => {
                    docx::comparison_to_docx(&old, &new, &comparison, "Plenary", "2026-12-04T00:00:00Z")
                }
            };
            assert_eq!(bytes, expected, "{format:?}");
            assert_eq!(format.has_revisions(), format == ComparisonFormat::Docx);
        }
    }
}
