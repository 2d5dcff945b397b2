//! The JSON form of a document: a public interface, so its wire types are separate from the model and
//! change only deliberately. Keys required by the interface: `symbol`, `body`, `title`, `preamble`,
//! `operative` (with `id`, `number`, `text`, `subparagraphs`), `footnotes` (`mark`, `text`) and
//! `diagnostics`; everything else is added beside them.

use plenary_core::{
    Adoption, AgendaItem, Annex, AnnexBlock, Body, Committee, Diagnostic, Distribution, Document,
    DocumentKind, Footnote, FootnoteRef, MeetingLine, Paragraph, ParagraphId, Section, Session, Symbol,
};
use serde::{Deserialize, Serialize};
use time::Date;
use time::macros::format_description;

use crate::ImportError;

#[derive(Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = Document))]
struct JsonDocument {
    symbol: Option<String>,
    body: Option<Body>,
    #[serde(default)]
    kind: DocumentKind,
    title: String,
    #[serde(default)]
    session: Option<String>,
    #[serde(default)]
    committee: Option<String>,
    #[serde(default)]
    agenda_items: Vec<AgendaItem>,
    #[serde(default)]
    distribution: Option<Distribution>,
    #[serde(default)]
    issued: Option<String>,
    #[serde(default)]
    job_number: Option<String>,
    #[serde(default)]
    adoption: Option<JsonAdoption>,
    #[serde(default)]
    sponsors: Vec<String>,
    #[serde(default)]
    sponsor_note: Option<String>,
    #[serde(default)]
    enacting_formula: Option<String>,
    preamble: Vec<JsonParagraph>,
    operative: Vec<JsonParagraph>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    sections: Vec<JsonSection>,
    footnotes: Vec<JsonFootnote>,
    #[serde(default)]
    meeting: Option<JsonMeeting>,
    #[serde(default)]
    annexes: Vec<JsonAnnex>,
    #[serde(default)]
    diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = Adoption))]
struct JsonAdoption {
    date: Option<String>,
    route: Option<String>,
    meeting: Option<String>,
    record: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    footnote_refs: Vec<FootnoteRef>,
}

#[derive(Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = Paragraph))]
struct JsonParagraph {
    id: ParagraphId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    number: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    heading: Option<String>,
    text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    footnote_refs: Vec<FootnoteRef>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    subparagraphs: Vec<JsonParagraph>,
}

#[derive(Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = Section))]
struct JsonSection {
    id: ParagraphId,
    label: String,
    heading: String,
    preamble: Vec<JsonParagraph>,
    operative: Vec<JsonParagraph>,
}

#[derive(Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = Footnote))]
struct JsonFootnote {
    mark: String,
    text: String,
    /// Derived: the paragraphs whose text carries the mark. Ignored on reading.
    #[serde(default, skip_deserializing)]
    cited_by: Vec<ParagraphId>,
}

#[derive(Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = MeetingLine))]
struct JsonMeeting {
    meeting: String,
    date: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = Annex))]
struct JsonAnnex {
    id: ParagraphId,
    heading: String,
    blocks: Vec<JsonAnnexBlock>,
}

#[derive(Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = AnnexBlock))]
struct JsonAnnexBlock {
    id: ParagraphId,
    #[serde(default)]
    label: Option<String>,
    text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    footnote_refs: Vec<FootnoteRef>,
}

/// The schema of the JSON form, for the web crate's OpenAPI document: the wire types stay private.
#[cfg(feature = "openapi")]
#[derive(Debug)]
pub struct DocumentSchema;

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for DocumentSchema {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        <JsonDocument as utoipa::PartialSchema>::schema()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for DocumentSchema {
    fn name() -> std::borrow::Cow<'static, str> {
        <JsonDocument as utoipa::ToSchema>::name()
    }

    fn schemas(schemas: &mut Vec<(String, utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>)>) {
        <JsonDocument as utoipa::ToSchema>::schemas(schemas);
        // A footnote's `cited_by` is written but never read (`skip_deserializing`), which the derive takes
        // for "not in the JSON": it is, in every answer.
        use utoipa::openapi::schema::{ArrayBuilder, Schema};
        for (name, schema) in schemas.iter_mut() {
            if let (true, utoipa::openapi::RefOr::T(Schema::Object(footnote))) = (name == "Footnote", schema)
            {
                let cited_by = ArrayBuilder::new()
                    .items(utoipa::openapi::Ref::from_schema_name("ParagraphId"))
                    .description(Some(
                        "Derived: the paragraphs whose text carries the mark. Written in answers, ignored on \
                         reading.",
                    ));
                footnote.properties.insert("cited_by".to_owned(), cited_by.build().into());
            }
        }
    }
}

/// Writes a document and the diagnostics of its import as pretty-printed JSON.
pub fn to_json(document: &Document, diagnostics: &[Diagnostic]) -> String {
    let wire = JsonDocument {
        symbol: document.symbol.as_ref().map(|symbol| symbol.as_str().to_string()),
        body: document.body,
        kind: document.kind.clone(),
        title: document.title.clone(),
        session: document.session.map(Session::symbol_segment),
        committee: document.committee.map(Committee::name),
        agenda_items: document.agenda_items.clone(),
        distribution: document.distribution,
        issued: document.issued.map(iso_date),
        job_number: document.job_number.clone(),
        adoption: document.adoption.as_ref().map(|adoption| JsonAdoption {
            date: adoption.date.map(iso_date),
            route: adoption.route.clone(),
            meeting: adoption.meeting.clone(),
            record: adoption.record.clone(),
            footnote_refs: adoption.record_footnote_refs.clone(),
        }),
        sponsors: document.sponsors.clone(),
        sponsor_note: document.sponsor_note.clone(),
        enacting_formula: document.enacting_formula.clone(),
        preamble: document.preamble.iter().map(wire_paragraph).collect(),
        operative: document.operative.iter().map(wire_paragraph).collect(),
        sections: document
            .sections
            .iter()
            .map(|section| JsonSection {
                id: section.id.clone(),
                label: section.label.clone(),
                heading: section.heading.clone(),
                preamble: section.preamble.iter().map(wire_paragraph).collect(),
                operative: section.operative.iter().map(wire_paragraph).collect(),
            })
            .collect(),
        footnotes: document
            .footnotes
            .iter()
            .map(|footnote| JsonFootnote {
                mark: footnote.mark.clone(),
                text: footnote.text.clone(),
                cited_by: document.citations_of(&footnote.mark),
            })
            .collect(),
        meeting: document.meeting.as_ref().map(|meeting| JsonMeeting {
            meeting: meeting.meeting.clone(),
            date: meeting.date.map(iso_date),
        }),
        annexes: document
            .annexes
            .iter()
            .map(|annex| JsonAnnex {
                id: annex.id.clone(),
                heading: annex.heading.clone(),
                blocks: annex
                    .blocks
                    .iter()
                    .map(|block| JsonAnnexBlock {
                        id: block.id.clone(),
                        label: block.label.clone(),
                        text: block.text.clone(),
                        footnote_refs: block.footnote_refs.clone(),
                    })
                    .collect(),
            })
            .collect(),
        diagnostics: diagnostics.to_vec(),
    };
    let mut json =
        serde_json::to_string_pretty(&wire).unwrap_or_else(|error| format!("{{\"error\": \"{error}\"}}"));
    json.push('\n');
    json
}

/// Reads a document written by [`to_json`] (diagnostics in the file are returned as they are).
pub fn from_json(text: &str) -> Result<(Document, Vec<Diagnostic>), ImportError> {
    let wire: JsonDocument = serde_json::from_str(text).map_err(|error| ImportError::Json {
        line: error.line(),
        column: error.column(),
        message: error.to_string(),
    })?;
    let symbol =
        match wire.symbol {
            Some(symbol) => Some(Symbol::parse(&symbol).map_err(|error| ImportError::Invalid {
                what: "symbol".into(),
                message: error.to_string(),
            })?),
            None => None,
        };
    let document = Document {
        symbol,
        body: wire.body,
        kind: wire.kind,
        committee: wire.committee.as_deref().and_then(Committee::from_name),
        session: wire.session.as_deref().and_then(Session::from_symbol_segment),
        agenda_items: wire.agenda_items,
        distribution: wire.distribution,
        issued: parse_iso_date(wire.issued.as_deref(), "issued")?,
        job_number: wire.job_number,
        adoption: match wire.adoption {
            Some(adoption) => Some(Adoption {
                date: parse_iso_date(adoption.date.as_deref(), "adoption.date")?,
                route: adoption.route,
                meeting: adoption.meeting,
                record: adoption.record,
                record_footnote_refs: adoption.footnote_refs,
            }),
            None => None,
        },
        sponsors: wire.sponsors,
        sponsor_note: wire.sponsor_note,
        title: wire.title,
        enacting_formula: wire.enacting_formula,
        preamble: wire.preamble.into_iter().map(model_paragraph).collect(),
        operative: wire.operative.into_iter().map(model_paragraph).collect(),
        sections: wire
            .sections
            .into_iter()
            .map(|section| Section {
                id: section.id,
                label: section.label,
                heading: section.heading,
                preamble: section.preamble.into_iter().map(model_paragraph).collect(),
                operative: section.operative.into_iter().map(model_paragraph).collect(),
            })
            .collect(),
        footnotes: wire
            .footnotes
            .into_iter()
            .map(|footnote| Footnote { mark: footnote.mark, text: footnote.text })
            .collect(),
        meeting: match wire.meeting {
            Some(meeting) => Some(MeetingLine {
                meeting: meeting.meeting,
                date: parse_iso_date(meeting.date.as_deref(), "meeting.date")?,
            }),
            None => None,
        },
        annexes: wire
            .annexes
            .into_iter()
            .map(|annex| Annex {
                id: annex.id,
                heading: annex.heading,
                blocks: annex
                    .blocks
                    .into_iter()
                    .map(|block| AnnexBlock {
                        id: block.id,
                        label: block.label,
                        text: block.text,
                        footnote_refs: block.footnote_refs,
                        source_line: None,
                    })
                    .collect(),
            })
            .collect(),
    };
    Ok((document, wire.diagnostics))
}

fn wire_paragraph(paragraph: &Paragraph) -> JsonParagraph {
    JsonParagraph {
        id: paragraph.id.clone(),
        number: paragraph.number,
        label: paragraph.label.clone(),
        heading: paragraph.heading.clone(),
        text: paragraph.text.clone(),
        footnote_refs: paragraph.footnote_refs.clone(),
        subparagraphs: paragraph.subparagraphs.iter().map(wire_paragraph).collect(),
    }
}

fn model_paragraph(paragraph: JsonParagraph) -> Paragraph {
    Paragraph {
        id: paragraph.id,
        number: paragraph.number,
        label: paragraph.label,
        heading: paragraph.heading,
        text: paragraph.text,
        footnote_refs: paragraph.footnote_refs,
        subparagraphs: paragraph.subparagraphs.into_iter().map(model_paragraph).collect(),
        source_line: None,
    }
}

/// `2025-12-15`.
pub(crate) fn iso_date(date: Date) -> String {
    plenary_core::dates::format_iso(date)
}

pub(crate) fn parse_iso_date(text: Option<&str>, field: &str) -> Result<Option<Date>, ImportError> {
    let Some(text) = text else {
        return Ok(None);
    };
    Date::parse(text, format_description!("[year]-[month]-[day]")).map(Some).map_err(|error| {
        ImportError::Invalid { what: field.to_string(), message: format!("{text:?}: {error}") }
    })
}
