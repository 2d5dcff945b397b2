//! What a search is asked and what it answers: the request (query text, facet filters, order, page) and
//! the results (paragraph and document counts, hits grouped by document, facet counts). The JSON the
//! command line and the API give is these types serialised.

use serde::{Deserialize, Serialize};

use crate::facets::FacetName;

/// The most documents shown on one page of results.
pub const MAX_DOCUMENTS_PER_PAGE: usize = 100;
/// The most paragraphs shown under one document.
pub const MAX_HITS_PER_DOCUMENT: usize = 20;
/// The most facet filters in one request.
pub const MAX_FILTERS: usize = 32;
/// The most values listed under one facet.
pub const MAX_FACET_VALUES: usize = 40;

/// A search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRequest {
    pub query: String,
    /// Facet values a paragraph must have: values of one facet are alternatives, different facets all apply.
    pub filters: Vec<FacetFilter>,
    /// Search every version of every document, not only the current ones.
    pub all_versions: bool,
    /// Search texts still in negotiation too (for those who may read the negotiation).
    pub include_restricted: bool,
    pub sort: Sort,
    /// Documents to skip, and to show.
    pub offset: usize,
    pub limit: usize,
    /// Paragraphs shown under each document.
    pub per_document: usize,
}

impl SearchRequest {
    pub fn new(query: impl Into<String>) -> SearchRequest {
        SearchRequest {
            query: query.into(),
            filters: Vec::new(),
            all_versions: false,
            include_restricted: false,
            sort: Sort::Relevance,
            offset: 0,
            limit: 20,
            per_document: 3,
        }
    }

    pub fn filter(mut self, facet: FacetName, value: impl Into<String>) -> SearchRequest {
        self.filters.push(FacetFilter { facet, value: value.into() });
        self
    }
}

/// A facet value a paragraph must have: `body=Security Council`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FacetFilter {
    pub facet: FacetName,
    pub value: String,
}

impl FacetFilter {
    /// Reads `facet=value` (`body=Security Council`, `year=2017`).
    pub fn parse(text: &str) -> Option<FacetFilter> {
        let (facet, value) = text.split_once(['=', ':'])?;
        let value = value.trim();
        if value.is_empty() {
            return None;
        }
        Some(FacetFilter { facet: FacetName::parse(facet)?, value: value.to_owned() })
    }
}

/// The order of the documents found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Sort {
    /// The best-matching paragraphs first.
    #[default]
    Relevance,
    /// The earliest texts first: where a phrase was first used.
    Oldest,
    /// The latest texts first.
    Newest,
}

impl Sort {
    pub fn parse(text: &str) -> Option<Sort> {
        match text.trim() {
            "relevance" => Some(Sort::Relevance),
            "oldest" => Some(Sort::Oldest),
            "newest" => Some(Sort::Newest),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Oldest => "oldest",
            Sort::Newest => "newest",
        }
    }
}

/// What a search found.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchResults {
    pub query: String,
    /// Paragraphs matched.
    pub total: u64,
    /// Documents with at least one paragraph matched.
    pub documents: u64,
    /// The documents of this page, each with the number of its hits that follow it in `hits`.
    pub groups: Vec<DocumentGroup>,
    /// The paragraphs shown, document by document in the order of `groups`.
    pub hits: Vec<Hit>,
    /// Counts of the matched paragraphs by each facet's values.
    pub facets: Vec<FacetCounts>,
    pub offset: usize,
    pub limit: usize,
    pub sort: Sort,
}

impl SearchResults {
    /// Each group with its hits.
    pub fn grouped(&self) -> Vec<(&DocumentGroup, &[Hit])> {
        let mut at = 0;
        self.groups
            .iter()
            .map(|group| {
                let end = (at + group.shown).min(self.hits.len());
                let hits = &self.hits[at..end];
                at = end;
                (group, hits)
            })
            .collect()
    }
}

/// A document with matched paragraphs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentGroup {
    pub document: String,
    pub version: u64,
    pub symbol: String,
    pub title: String,
    pub year: Option<i32>,
    pub stage: String,
    pub body: Option<String>,
    /// Paragraphs of this document matched.
    pub matches: u64,
    /// How many of them are in `hits`.
    pub shown: usize,
}

/// A matched paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Hit {
    pub document: String,
    pub version: u64,
    pub symbol: String,
    /// The paragraph's id in its document (`op4.b`), its anchor on the document page.
    pub paragraph: String,
    pub text: String,
    /// The text as HTML (escaped) with what the query matched in `<mark>`.
    pub highlight: String,
    /// The matched parts as character offsets into `text`, `[start, end)`.
    pub spans: Vec<[usize; 2]>,
    pub part: String,
    pub year: Option<i32>,
    pub stage: String,
}

/// The counts of one facet's values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FacetCounts {
    pub facet: FacetName,
    pub label: String,
    pub values: Vec<FacetCount>,
}

/// A facet value and the number of matched paragraphs that have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
    /// Whether the search is filtered by this value.
    pub selected: bool,
}
