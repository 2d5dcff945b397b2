//! Agreed language: the search over every paragraph of every text (`GET /api/search`) and the history of
//! one paragraph (`GET /api/documents/{id}/paragraphs/{pid}/history`), both answered by the search
//! projection (`crate::search`). Texts in negotiation are searched and listed only for those who may read
//! the negotiation, as `documents::visible` decides for the documents themselves.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, Query, RawQuery, State};
use plenary_search::facets::paragraphs;
use plenary_search::{
    FacetFilter, FacetName, History, MAX_DOCUMENTS_PER_PAGE, SearchRequest, SearchResults, Sort,
};
use plenary_store::EventLog;
use serde::Deserialize;

use super::documents::{VersionQuery, document_of, find, may_read_comments, version_of};
use crate::app::App;
use crate::auth::Actor;
use crate::error::ApiError;

/// The longest query string `GET /api/search` reads, in bytes: the query text (at most
/// `plenary_search::query::MAX_QUERY_BYTES`) and the filters, percent-encoded, with room to spare.
pub const MAX_SEARCH_QUERY_STRING: usize = 8_192;
/// The furthest page a search goes to, in documents skipped: past it, narrow the search instead.
pub const MAX_OFFSET: usize = 10_000;
/// Documents on a page of results when `limit` is left out.
pub const DEFAULT_LIMIT: usize = 20;

/// The parameters of `GET /api/search`, for the description; the handler reads them as pairs, since
/// `facet` repeats.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// The query: words (all must occur), `"exact phrases"`, `"words near"~5`, `prefix*`, `AND`, `OR`,
    /// `NOT` (or `-word`) and parentheses; at most 1,000 bytes. Left out or empty: every paragraph (to
    /// browse by facets).
    pub q: Option<String>,
    /// `name:value` (or `name=value`), repeatable: `body:Plenary`, `year:2017`, `stage:adopted`,
    /// `committee:Third Committee`, `session:80`, `part:operative`, `opening:Calls upon`,
    /// `addressee:States`. Values of one facet are alternatives; different facets all apply. At most 32.
    #[param(style = Form, explode)]
    pub facet: Option<Vec<String>>,
    /// `relevance` (the default), `oldest` (where a phrase was first used) or `newest`.
    #[param(value_type = Option<Sort>)]
    pub sort: Option<String>,
    /// Documents to skip, at most 10,000; 0 by default.
    #[param(minimum = 0, maximum = 10_000)]
    pub offset: Option<usize>,
    /// Documents on the page, 1 to 100; 20 by default.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<usize>,
    /// `true`: search every version of every document, not only the current ones.
    pub all_versions: Option<bool>,
}

/// Reads the parameters of a search (as `GET /api/search` takes them, in order, `facet` repeated) into a
/// request, refusing with what and where: an unknown parameter or facet, a value that is not a number, an
/// offset or limit out of bounds. `include_restricted` is the caller's right to read the negotiation.
pub fn search_request(
    pairs: &[(String, String)],
    include_restricted: bool,
) -> Result<SearchRequest, ApiError> {
    let mut request = SearchRequest::new("");
    request.include_restricted = include_restricted;
    request.limit = DEFAULT_LIMIT;
    for (name, value) in pairs {
        match name.as_str() {
            "q" => request.query.clone_from(value),
            "facet" => {
                let filter = FacetFilter::parse(value).ok_or_else(|| {
                    let facet = value.split([':', '=']).next().unwrap_or_default().trim();
                    let known = FacetName::ALL.map(FacetName::name).join(", ");
                    if FacetName::parse(facet).is_none() {
                        ApiError::bad_request(format!(
                            "facet={value:?}: there is no facet {facet:?} (known: {known})"
                        ))
                    } else {
                        ApiError::bad_request(format!(
                            "facet={value:?}: give a value after the name, as {facet}:VALUE"
                        ))
                    }
                })?;
                request.filters.push(filter);
            }
            "sort" => {
                request.sort = Sort::parse(value).ok_or_else(|| {
                    ApiError::bad_request(format!("sort={value:?}: sort by relevance, oldest or newest"))
                })?;
            }
            "offset" => {
                request.offset = number(name, value)?;
                if request.offset > MAX_OFFSET {
                    return Err(ApiError::bad_request(format!(
                        "offset={}: a search goes at most {MAX_OFFSET} documents deep; narrow it with words or facets",
                        request.offset
                    )));
                }
            }
            "limit" => {
                request.limit = number(name, value)?;
                if !(1..=MAX_DOCUMENTS_PER_PAGE).contains(&request.limit) {
                    return Err(ApiError::bad_request(format!(
                        "limit={}: a page holds from 1 to {MAX_DOCUMENTS_PER_PAGE} documents",
                        request.limit
                    )));
                }
            }
            "all_versions" => {
                request.all_versions = match value.as_str() {
                    "true" | "1" | "" => true,
                    "false" | "0" => false,
                    _ => {
                        return Err(ApiError::bad_request(format!(
                            "all_versions={value:?}: say true or false"
                        )));
                    }
                };
            }
            _ => {
                return Err(ApiError::bad_request(format!(
                    "{name:?} is not a parameter of a search (q, facet, sort, offset, limit, all_versions)"
                )));
            }
        }
    }
    Ok(request)
}

fn number(name: &str, value: &str) -> Result<usize, ApiError> {
    value.trim().parse().map_err(|_| ApiError::bad_request(format!("{name}={value:?}: give a whole number")))
}

/// `GET /api/search?q=…&facet=body:Plenary&sort=oldest`: paragraphs of every text, grouped by document.
#[utoipa::path(
    get,
    path = "/api/search",
    operation_id = "search",
    tag = "search",
    summary = "Search agreed language",
    description = "Anyone may call it. Every preambular and operative paragraph and sub-paragraph of the \
        current version of every document (every version with `all_versions=true`), grouped by document, \
        with each paragraph's matched words in `<mark>` (`highlight`, escaped HTML) and as character \
        offsets (`spans`), and the counts of the matched paragraphs by facet. Texts in negotiation are \
        searched only for delegations, the chair and the secretariat. A malformed query is 400 \
        `bad_query` saying what was wrong and where (an unclosed quotation mark at character 12); an \
        unknown parameter or facet, an offset over 10,000, a limit outside 1 to 100 or a query string over \
        8 KB are 400 `bad_request`.",
    params(SearchQuery),
    responses(
        (status = 200, description = "What the search found.", body = SearchResults),
        (status = 400, response = crate::openapi::BadRequest),
    ),
    security((), ("session" = []))
)]
pub async fn search<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    actor: Actor,
    RawQuery(raw): RawQuery,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Json<SearchResults>, ApiError> {
    let length = raw.as_deref().map_or(0, str::len);
    if length > MAX_SEARCH_QUERY_STRING {
        return Err(ApiError::bad_request(format!(
            "the query string is {length} bytes long; a search reads at most {MAX_SEARCH_QUERY_STRING}"
        )));
    }
    let request = search_request(&pairs, may_read_comments(&actor))?;
    Ok(Json(app.search.search(request).await?))
}

/// `{id}` and `{pid}`: a paragraph of a document.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ParagraphPath {
    /// The document id: `a-res-80-198`.
    pub id: String,
    /// The paragraph's id in the version: `pp6`, `op5`, `op4.b`, `sec2.op3` (its anchor on the document
    /// page).
    pub pid: String,
}

/// A paragraph of a version the caller may read, with its clause's history.
#[derive(Debug)]
pub struct ParagraphHistory {
    pub id: String,
    /// The version's symbol, else the document's id.
    pub name: String,
    pub version: usize,
    /// Whether the version is the document's latest.
    pub latest: bool,
    pub paragraph: String,
    pub text: String,
    pub history: History,
}

/// The history of paragraph `pid` of `id` (the latest version, or `version`), as `actor` may read it: 404
/// for a document the actor may not see, a version it lacks, or a paragraph the version lacks. The API
/// and the history page both read it here.
pub async fn paragraph_history<L: EventLog>(
    app: &App<L>,
    actor: &Actor,
    id: &str,
    version: Option<usize>,
    pid: &str,
) -> Result<ParagraphHistory, ApiError> {
    let (name, number, latest, content) = {
        let state = app.journal.state().await;
        let entry = find(&state, actor, id)?;
        let chosen = version_of(entry, version)?;
        let name = chosen.symbol.clone().unwrap_or_else(|| entry.id.clone());
        (name, chosen.number, chosen.number == entry.versions.len(), chosen.clone())
    };
    let document = document_of(&content)?;
    let text = paragraphs(&document)
        .into_iter()
        .find(|paragraph| paragraph.id == pid)
        .map(|paragraph| paragraph.text)
        .ok_or_else(|| ApiError::not_found(format!("{name} (version {number}) has no paragraph {pid:?}")))?;
    let history = app
        .search
        .history(id.to_owned(), number as u64, pid.to_owned(), may_read_comments(actor))
        .await?
        .ok_or_else(|| {
            // The projection follows the log a moment behind: a version just recorded may not be in it yet.
            ApiError::unavailable(
                "overloaded",
                format!("the agreed-language index has not caught up with {name} (version {number}) yet"),
                1,
            )
        })?;
    Ok(ParagraphHistory {
        id: id.to_owned(),
        name,
        version: number,
        latest,
        paragraph: pid.to_owned(),
        text,
        history,
    })
}

/// `GET /api/documents/{id}/paragraphs/{pid}/history?version=N`.
#[utoipa::path(
    get,
    path = "/api/documents/{id}/paragraphs/{pid}/history",
    operation_id = "paragraphHistory",
    tag = "search",
    summary = "Where a paragraph was first agreed, and its history",
    description = "Anyone who may see the document (drafts in negotiation: delegations, the chair and the \
        secretariat). The clause of the paragraph (of the latest version, or `version`) across every \
        current text holding it verbatim or near-verbatim, oldest first, each with its similarity to the \
        paragraph and the word redline from the one before; `first_agreed`, the earliest adopted text \
        holding it up to this one (drafts are listed but are not agreed language); `new_in_this_text` when \
        no adopted text before this one holds it (`first_agreed` is then this text, if adopted, or null); \
        and the texts of its series that dropped it. Drafts in negotiation are listed only to those who may read them. 404 \
        for a document the caller may not see, a version it lacks or a paragraph the version lacks; 503 \
        while the index has not yet caught up with a version just recorded.",
    params(ParagraphPath, VersionQuery),
    responses(
        (status = 200, description = "The paragraph's history.", body = History),
        (status = 400, response = crate::openapi::BadRequest),
        (status = 404, response = crate::openapi::NotFound),
        (status = 503, response = crate::openapi::Overloaded),
    ),
    security((), ("session" = []))
)]
pub async fn history<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    actor: Actor,
    Path((id, pid)): Path<(String, String)>,
    Query(query): Query<VersionQuery>,
) -> Result<Json<History>, ApiError> {
    Ok(Json(paragraph_history(&app, &actor, &id, query.version, &pid).await?.history))
}
