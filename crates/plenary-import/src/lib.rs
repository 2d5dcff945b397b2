//! The readers of resolution texts, and the writers of the interchange formats whose reader and writer
//! share a schema (Akoma Ntoso, our JSON, Markdown).
//!
//! [`import`] takes the bytes of a file in any supported format — text extracted from the official PDFs,
//! a Security Council compilation text, clean text, Markdown, Akoma Ntoso, or our own JSON — detects the
//! format from the content, and returns the [`Document`] with the diagnostics of the reading. It refuses only
//! what cannot be a document at all (empty, binary, unparseable XML or JSON, or beyond one of the named
//! bounds of [`limits`]: size, XML depth, nodes and DTDs, zip parts, unpacked bytes, lines, paragraphs);
//! everything else is read, and what could not be placed is reported with its line. [`conservation`]
//! proves that a reading kept every word. Every writer that lays a text out for people (plain text, HTML,
//! Word, PDF, the comparison renderings) is in `plenary-render`, which reads the layout rules of the
//! readers from [`shapes`].
//!
//! Architecture invariant: this crate is pure — it takes bytes and returns values; it opens no files and
//! reads no clock.

/// Declares a regular expression compiled once, on first use. The patterns are fixed, so a failure to
/// compile is a programming error caught by the first test that touches it.
macro_rules! pattern {
    ($vis:vis $name:ident, $source:expr) => {
        $vis static $name: std::sync::LazyLock<regex::Regex> =
            std::sync::LazyLock::new(|| regex::Regex::new($source).expect("a valid built-in pattern"));
    };
}

mod clean;
mod compilation;
mod decode;
mod layout;
mod lines;
mod marks;
mod masthead;
mod numbering;
mod patterns;
mod pdf_text;
mod structure;
mod text;

pub mod akn;
pub mod conservation;
pub mod docx;
pub mod json;
pub mod limits;
pub mod markdown;
pub mod shapes;
#[cfg(test)]
mod test_support;

use std::fmt;

use plenary_core::{Diagnostic, Document, Severity};

pub use limits::{
    MAX_DOCX_PARTS, MAX_INPUT_BYTES, MAX_LINES, MAX_PARAGRAPHS, MAX_UNPACKED_BYTES, MAX_XML_DEPTH,
    MAX_XML_NODES, XML_DTD_ALLOWED,
};
pub use lines::{FurnitureKind, FurnitureLine};
pub use text::normalize_characters;

/// The formats [`import`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Text extracted from an official PDF: masthead, page headers, footnotes at page feet.
    PdfText,
    /// A Security Council text from the annual compilations: heading, paragraphs, footnotes at the end.
    Compilation,
    /// One paragraph per blank-line-separated block, no page furniture.
    CleanText,
    Markdown,
    AkomaNtoso,
    Json,
    /// A Word file (.docx), read as Word shows it with every tracked change accepted.
    Docx,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::PdfText => "PDF-extracted text",
            Format::Compilation => "Security Council compilation text",
            Format::CleanText => "clean text",
            Format::Markdown => "Markdown",
            Format::AkomaNtoso => "Akoma Ntoso XML",
            Format::Json => "Plenary JSON",
            Format::Docx => "Word document",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.name())
    }
}

/// A document read from a file, with what the reading found.
#[derive(Debug, Clone)]
pub struct Imported {
    pub document: Document,
    pub diagnostics: Vec<Diagnostic>,
    pub format: Format,
    /// Where the body began and which lines were set aside as furniture, for line-based formats; the
    /// word-conservation check uses it.
    pub furniture: Vec<FurnitureLine>,
    pub body_start_line: Option<u32>,
}

impl Imported {
    /// Whether any diagnostic is an error: the text could not be read as a document.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|diagnostic| diagnostic.severity == Severity::Error)
    }
}

/// Why an input could not be read as a document at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("the file is empty")]
    Empty,
    #[error(
        "the file is binary, not text (a control byte at offset {offset}); export the document as text, .docx or XML"
    )]
    Binary { offset: usize },
    #[error("the file is {bytes} bytes, more than the {limit}-byte limit for one document")]
    TooLarge { bytes: usize, limit: usize },
    #[error("the XML is not well-formed at line {line}, column {column}: {message}")]
    Xml { line: u32, column: u32, message: String },
    #[error("the JSON is not valid at line {line}, column {column}: {message}")]
    Json { line: usize, column: usize, message: String },
    #[error("invalid {what}: {message}")]
    Invalid { what: String, message: String },
    /// The input crosses one of the limits of [`limits`]: `limit` names the constant, `value` is its value
    /// and `at` says where (the part, the line and the element).
    #[error("{at}: over the import limit {limit} = {value}")]
    Limit { limit: &'static str, value: u64, at: String },
}

/// Reads a document from the bytes of a file, detecting its format from the content.
pub fn import(bytes: &[u8]) -> Result<Imported, ImportError> {
    // A Word file is a zip archive: it is recognised before text decoding, which refuses binary bytes.
    if docx::is_zip(bytes) {
        return import_docx(bytes);
    }
    let (text, diagnostics) = decode::decode(bytes)?;
    let format = detect_format(&text);
    import_text(&text, format, diagnostics)
}

/// Reads a document in a known format.
pub fn import_as(bytes: &[u8], format: Format) -> Result<Imported, ImportError> {
    if format == Format::Docx {
        return import_docx(bytes);
    }
    let (text, diagnostics) = decode::decode(bytes)?;
    import_text(&text, format, diagnostics)
}

fn import_text(
    text: &str,
    format: Format,
    mut diagnostics: Vec<Diagnostic>,
) -> Result<Imported, ImportError> {
    if !matches!(format, Format::Json | Format::AkomaNtoso)
        && let Some((offset, _)) = text.match_indices('\n').nth(MAX_LINES)
    {
        return Err(limits::exceeded(
            "MAX_LINES",
            MAX_LINES as u64,
            format!("{format}, line {} (byte {offset})", MAX_LINES + 1),
        ));
    }
    let layout = match format {
        Format::PdfText => pdf_text::layout(text),
        Format::Compilation => compilation::layout(text),
        Format::CleanText => clean::layout(text, false),
        Format::Markdown => clean::layout(text, true),
        Format::Json => {
            let (document, mut from_file) = json::from_json(text)?;
            diagnostics.append(&mut from_file);
            return Ok(Imported {
                document,
                diagnostics,
                format,
                furniture: Vec::new(),
                body_start_line: None,
            });
        }
        Format::AkomaNtoso => {
            let (document, mut found) = akn::from_akn(text)?;
            diagnostics.append(&mut found);
            return Ok(Imported {
                document,
                diagnostics,
                format,
                furniture: Vec::new(),
                body_start_line: None,
            });
        }
        Format::Docx => {
            return Err(ImportError::Invalid {
                what: "Word document".to_string(),
                message: "a .docx file is a zip archive, not text".to_string(),
            });
        }
    };
    from_layout(layout, format, diagnostics)
}

/// Reads a Word file: its paragraphs go through the clean-text layout and the structure stage.
fn import_docx(bytes: &[u8]) -> Result<Imported, ImportError> {
    let layout = docx::docx_to_layout(bytes)?;
    from_layout(layout, Format::Docx, Vec::new())
}

/// The document a layout holds, with the diagnostics of the reading; refused when it has more blocks of
/// body text than [`MAX_PARAGRAPHS`].
fn from_layout(
    layout: layout::Layout,
    format: Format,
    mut diagnostics: Vec<Diagnostic>,
) -> Result<Imported, ImportError> {
    if layout.blocks.len() > MAX_PARAGRAPHS {
        let at = &layout.blocks[MAX_PARAGRAPHS];
        return Err(limits::exceeded(
            "MAX_PARAGRAPHS",
            MAX_PARAGRAPHS as u64,
            format!(
                "{format}, line {}: paragraph {} of {}",
                at.line,
                MAX_PARAGRAPHS + 1,
                layout.blocks.len()
            ),
        ));
    }
    let furniture = layout.furniture.clone();
    let body_start_line = Some(layout.body_start_line);
    let (document, mut found) = structure::build(layout);
    diagnostics.append(&mut found);
    diagnostics.sort_by_key(|diagnostic| (diagnostic.line.unwrap_or(0), diagnostic.severity));
    Ok(Imported { document, diagnostics, format, furniture, body_start_line })
}

/// Recognises the format of a text from its content.
pub fn detect_format(text: &str) -> Format {
    let start = text.trim_start_matches('\u{FEFF}').trim_start();
    if start.starts_with('<')
        && (start.contains("akomaNtoso") || start.contains("http://docs.oasis-open.org/legaldocml"))
    {
        return Format::AkomaNtoso;
    }
    if start.starts_with('{') {
        return Format::Json;
    }
    // Front matter (`---` on the first line) is Markdown's, even when the masthead below it says "Distr.:".
    if start.starts_with("---") {
        return Format::Markdown;
    }
    let head: Vec<&str> = text.lines().take(200).map(str::trim).collect();
    let has_page_furniture = text.lines().take(4000).map(str::trim).any(|line| {
        patterns::is_job_number(line)
            || patterns::is_page_counter(line)
            || patterns::is_job_number_and_page_counter(line)
    });
    if has_page_furniture
        || head.iter().take(20).any(|line| line.starts_with("Distr.") || line.contains(" Distr.:"))
    {
        return Format::PdfText;
    }
    if start.starts_with("---") || head.iter().any(|line| line.starts_with("# ") || line.starts_with("[^")) {
        return Format::Markdown;
    }
    if head.iter().take(12).any(|line| compilation::is_council_heading(line)) {
        return Format::Compilation;
    }
    Format::CleanText
}

/// The interchange formats [`write()`] produces: those whose reader is here too, so that reader and writer
/// share one schema. Every output, these and the layouts for people, is `plenary_render::DocumentFormat`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InterchangeFormat {
    Json,
    AkomaNtoso,
    Markdown,
}

/// Writes a document in one of the interchange formats. Diagnostics go only into JSON.
pub fn write(document: &Document, diagnostics: &[Diagnostic], format: InterchangeFormat) -> String {
    match format {
        InterchangeFormat::Json => json::to_json(document, diagnostics),
        InterchangeFormat::AkomaNtoso => akn::to_akn(document),
        InterchangeFormat::Markdown => markdown::to_markdown(document),
    }
}
