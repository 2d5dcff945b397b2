//! What a paragraph is, for the facets of a search: the body and committee, session, year and stage of the
//! text it stands in, and its own part, opening phrase and addressees. Derived once from the document when
//! the paragraph is indexed.

use plenary_core::vocabulary::{ParagraphPart, opening_phrase};
use plenary_core::{Body, Document, Paragraph, SymbolKind};
use serde::{Deserialize, Serialize};
use time::Date;

use crate::addressee::addressees;

/// A facet of the search: the dimensions results are counted and filtered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum FacetName {
    /// Plenary, Main Committee, Security Council, Human Rights Council.
    Body,
    /// The Main Committee a draft was tabled in or a resolution was reported by ("Third Committee").
    Committee,
    /// The General Assembly's session ("80").
    Session,
    /// The year of adoption or issue.
    Year,
    /// Adopted (agreed language) or draft.
    Stage,
    /// Preambular, operative or sub-paragraph.
    Part,
    /// The opening phrase ("Calls upon", "Recalling also").
    Opening,
    /// Whom an operative paragraph addresses ("States", "the Secretary-General").
    Addressee,
}

impl FacetName {
    pub const ALL: [FacetName; 8] = [
        FacetName::Body,
        FacetName::Committee,
        FacetName::Session,
        FacetName::Year,
        FacetName::Stage,
        FacetName::Part,
        FacetName::Opening,
        FacetName::Addressee,
    ];

    /// The name in URLs, JSON and the CLI's `--facet body=…`.
    pub fn name(self) -> &'static str {
        match self {
            FacetName::Body => "body",
            FacetName::Committee => "committee",
            FacetName::Session => "session",
            FacetName::Year => "year",
            FacetName::Stage => "stage",
            FacetName::Part => "part",
            FacetName::Opening => "opening",
            FacetName::Addressee => "addressee",
        }
    }

    /// The heading people read.
    pub fn label(self) -> &'static str {
        match self {
            FacetName::Body => "Body",
            FacetName::Committee => "Committee",
            FacetName::Session => "Session",
            FacetName::Year => "Year",
            FacetName::Stage => "Draft or adopted",
            FacetName::Part => "Paragraph",
            FacetName::Opening => "Opening phrase",
            FacetName::Addressee => "Addressed to",
        }
    }

    pub fn parse(name: &str) -> Option<FacetName> {
        FacetName::ALL.into_iter().find(|facet| facet.name() == name.trim())
    }
}

/// The values of the facets of one text, shared by its paragraphs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TextFacets {
    pub body: Option<String>,
    pub committee: Option<String>,
    pub session: Option<String>,
    pub year: Option<i32>,
    /// The day the text was adopted, or issued; what "earliest" means for agreed language.
    pub date: Option<Date>,
    pub adopted: bool,
}

/// The stage values.
pub const ADOPTED: &str = "adopted";
pub const DRAFT: &str = "draft";

/// The part values.
pub const PREAMBULAR: &str = "preambular";
pub const OPERATIVE: &str = "operative";
pub const SUBPARAGRAPH: &str = "sub-paragraph";

impl TextFacets {
    /// The facets of `document`; `adopted` says whether the text is agreed language (an adopted resolution
    /// or decision), which the store knows better than the text.
    pub fn of(document: &Document, adopted: bool) -> TextFacets {
        let symbol = document.symbol.as_ref();
        let body = symbol.and_then(|symbol| symbol.body()).or(document.body);
        let committee = symbol.and_then(|symbol| symbol.committee()).or(document.committee);
        let body = body.map(|body| match body {
            Body::GeneralAssembly if symbol.is_some_and(|symbol| symbol.committee().is_some()) => {
                "Main Committee".to_owned()
            }
            Body::GeneralAssembly => "Plenary".to_owned(),
            other => other.name().to_owned(),
        });
        let session = match body.as_deref() {
            Some("Security Council") => None,
            _ => symbol.and_then(|symbol| symbol.session()).or(document.session),
        };
        let date = document
            .adoption
            .as_ref()
            .and_then(|adoption| adoption.date)
            .or_else(|| document.meeting.as_ref().and_then(|meeting| meeting.date))
            .or(document.issued);
        let symbol_year = symbol.and_then(|symbol| match symbol.kind() {
            SymbolKind::Resolution { year: Some(year), .. } => Some(i32::from(*year)),
            _ => None,
        });
        TextFacets {
            body,
            committee: committee.map(|committee| committee.name()),
            session: session.map(|session| session.number().to_string()),
            year: date.map(Date::year).or(symbol_year),
            date,
            adopted,
        }
    }

    pub fn stage(&self) -> &'static str {
        if self.adopted { ADOPTED } else { DRAFT }
    }
}

/// One paragraph or sub-paragraph as the index holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedParagraph {
    /// `pp3`, `op4.b`, `sec2.op3`.
    pub id: String,
    /// Its place in reading order, from 0.
    pub position: u64,
    pub text: String,
    pub part: &'static str,
    pub opening: Option<String>,
    pub addressees: Vec<String>,
}

/// Every preambular and operative paragraph and sub-paragraph of `document`, in reading order.
pub fn paragraphs(document: &Document) -> Vec<IndexedParagraph> {
    let mut found = Vec::new();
    let add_all = |preamble: &[Paragraph], operative: &[Paragraph], found: &mut Vec<IndexedParagraph>| {
        for paragraph in preamble {
            add(paragraph, PREAMBULAR, found);
        }
        for paragraph in operative {
            add(paragraph, OPERATIVE, found);
        }
    };
    add_all(&document.preamble, &document.operative, &mut found);
    for section in &document.sections {
        add_all(&section.preamble, &section.operative, &mut found);
    }
    found
}

fn add(paragraph: &Paragraph, part: &'static str, found: &mut Vec<IndexedParagraph>) {
    let (opening, addressed) = match part {
        PREAMBULAR => {
            (opening_phrase(&paragraph.text, ParagraphPart::Preambular).map(str::to_owned), Vec::new())
        }
        OPERATIVE => (
            opening_phrase(&paragraph.text, ParagraphPart::Operative).map(str::to_owned),
            addressees(&paragraph.text),
        ),
        _ => (None, Vec::new()),
    };
    let position = found.len() as u64;
    found.push(IndexedParagraph {
        id: paragraph.id.to_string(),
        position,
        text: paragraph.text.clone(),
        part,
        opening: opening.map(|phrase| phrase.split_whitespace().collect::<Vec<_>>().join(" ")),
        addressees: addressed,
    });
    for child in &paragraph.subparagraphs {
        add(child, SUBPARAGRAPH, found);
    }
}

/// Whether a text read from a file is agreed language: an adopted resolution or decision (`A/RES/…`,
/// `S/RES/…`, `A/DEC/…`, or a text carrying its adoption). Drafts and amendments are not. The store knows
/// better for its own documents (their status); this is for texts from files.
pub fn is_agreed_language(document: &Document) -> bool {
    document.adoption.is_some()
        || document.symbol.as_ref().is_some_and(|symbol| {
            symbol.is_resolution() || symbol.as_str().to_ascii_uppercase().contains("/DEC/")
        })
}
