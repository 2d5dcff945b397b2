//! Documents: import (text, Word, Akoma Ntoso, JSON), versions, export, sponsorship, and comparison.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use plenary_core::Document;
use plenary_core::procedure::StateRef;
use plenary_render::{Compared, ComparisonFormat, DocumentFormat, NamedDocument};
use plenary_store::{DocumentEntry, DocumentStatus, EventLog, VersionEntry};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::acts::{self, ImportRequest};
use crate::app::App;
use crate::auth::Actor;
use crate::error::ApiError;
use crate::permissions::{Action, check};

/// Whether `actor` may see `entry`: drafts in negotiation only for delegations, the chair and the
/// secretariat; issued and adopted texts for everyone.
pub fn visible(actor: &Actor, entry: &DocumentEntry) -> bool {
    entry.status != DocumentStatus::Negotiation || check(actor, &Action::ReadNegotiation).is_ok()
}

/// The document of a stored version, read back from its JSON.
pub fn document_of(version: &VersionEntry) -> Result<Document, ApiError> {
    acts::stored_document(&version.version.content)
}

/// Whether `actor` may read the comments of the informal rounds on a document: delegations, the chair and
/// the secretariat, whatever the document's stage. The rounds are the negotiation itself, which the public
/// does not see (`threats.md`); an L. document issued to everyone is still negotiated informally.
pub fn may_read_comments(actor: &Actor) -> bool {
    check(actor, &Action::ReadNegotiation).is_ok()
}

/// The sponsors in the UN's order, the same on every page and in every answer: first those the text was
/// submitted with, as its first version prints them (the secretariat prints them in English alphabetical
/// order, `A/C.3/80/L.49`), then the states that joined later, in the order they joined. A state printed on
/// the text that withdraws and rejoins is listed in its printed place again; one that joined later and
/// rejoins is listed by its latest joining (its first was withdrawn).
pub fn sponsors_in_un_order(entry: &DocumentEntry) -> Vec<StateRef> {
    /// Only the masthead's list; serde skips the rest of the document.
    #[derive(Deserialize, Default)]
    struct Masthead {
        #[serde(default)]
        sponsors: Vec<String>,
    }
    let printed: Vec<StateRef> = entry
        .versions
        .first()
        .and_then(|first| serde_json::from_str::<Masthead>(&first.version.content).ok())
        .unwrap_or_default()
        .sponsors
        .iter()
        .filter_map(|name| name.parse().ok())
        .collect();
    let mut ordered: Vec<StateRef> = Vec::with_capacity(entry.sponsors.len());
    for state in printed.iter().filter(|state| entry.sponsors.contains(state)) {
        if !ordered.contains(state) {
            ordered.push(state.clone());
        }
    }
    // The fold keeps the sponsors in the order they (last) joined.
    ordered.extend(entry.sponsors.iter().filter(|state| !printed.contains(state)).cloned());
    ordered
}

fn summary(entry: &DocumentEntry) -> Value {
    let latest = entry.latest();
    json!({
        "id": entry.id,
        "symbol": latest.and_then(|version| version.symbol.as_deref()),
        "title": latest.map(|version| version.title.as_str()),
        "status": entry.status,
        "versions": entry.versions.len(),
        "sponsors": sponsors_in_un_order(entry),
    })
}

/// Whether every word of a search (lower case) is in the document's id, symbol or title. The API's list
/// and the documents page search alike.
pub fn matches_search(entry: &DocumentEntry, words: &[String]) -> bool {
    let latest = entry.latest();
    let haystack = format!(
        "{} {} {}",
        entry.id,
        latest.and_then(|version| version.symbol.as_deref()).unwrap_or_default(),
        latest.map_or("", |version| version.title.as_str())
    )
    .to_lowercase();
    words.iter().all(|word| haystack.contains(word.as_str()))
}

/// How many documents `GET /api/documents` answers with when the caller names no `limit`.
pub const DEFAULT_LIST_LIMIT: usize = 100;
/// The most documents one answer of `GET /api/documents` holds (the store holds about 3,000 from the first
/// start on); a larger `limit` is read as this.
pub const MAX_LIST_LIMIT: usize = 500;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Words that must all appear in the id, the symbol or the title, in any case.
    pub q: Option<String>,
    /// How many documents to answer with: 100 by default, at most 500 (a larger number is read as 500).
    pub limit: Option<usize>,
    /// How many matching documents to pass over first, in the order of their ids: 0 by default.
    pub offset: Option<usize>,
}

/// `GET /api/documents`.
#[utoipa::path(
    get,
    path = "/api/documents",
    operation_id = "listDocuments",
    tag = "documents",
    summary = "List documents",
    description = "Anyone may call it. Issued documents are listed to everyone; drafts in negotiation only \
        to delegations, the chair and the secretariat. In the order of their ids, a page at a time: `limit` \
        (100 by default, at most 500) from `offset`; `total` is how many match.",
    params(ListQuery),
    responses(
        (
            status = 200,
            description = "The documents the caller may see.",
            body = crate::openapi::DocumentList,
        ),
    ),
    security((), ("session" = []))
)]
pub async fn list<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    actor: Actor,
    Query(query): Query<ListQuery>,
) -> Json<Value> {
    let state = app.journal.state().await;
    let words: Vec<String> = query.q.unwrap_or_default().split_whitespace().map(str::to_lowercase).collect();
    let limit = query.limit.unwrap_or(DEFAULT_LIST_LIMIT).min(MAX_LIST_LIMIT);
    let offset = query.offset.unwrap_or(0);
    let mut total = 0;
    let mut documents: Vec<Value> = Vec::new();
    for entry in
        state.documents.values().filter(|entry| visible(&actor, entry) && matches_search(entry, &words))
    {
        if total >= offset && documents.len() < limit {
            documents.push(summary(entry));
        }
        total += 1;
    }
    Json(json!({ "documents": documents, "total": total, "offset": offset, "limit": limit }))
}

/// `POST /api/documents`: a new document from an uploaded file (any format Plenary reads).
#[utoipa::path(
    post,
    path = "/api/documents",
    operation_id = "importDocument",
    tag = "documents",
    summary = "Import a document from a file",
    description = "The secretariat or a delegation. The id is made from the text's symbol (`A/RES/80/198` → \
        `a-res-80-198`) unless `id` is given. A document from the secretariat is `adopted` by default when \
        it is a resolution (it carries its adoption, or its symbol is a resolution's), `issued` otherwise; \
        one from a delegation is always a draft in `negotiation` (`status=issued` or `adopted` from a \
        delegation: 403, only the secretariat issues). The importing delegation holds the pen with the \
        sponsors the text lists; its state becomes a sponsor only with `sponsor=true` (400 from an account \
        without a state), never by importing. An upload that reads to \
        more than 8 MB of JSON is refused with 413 `too_large`; one over an importer limit (XML depth or \
        nodes, Word parts or unpacked size, paragraphs) with 422 `unreadable` naming the limit.",
    params(crate::acts::ImportRequest),
    request_body(
        content = crate::openapi::Upload,
        content_type = "application/octet-stream",
        description = "The file itself, as the raw request body (not a form): text extracted from a UN PDF, \
            clean text, Markdown, Akoma Ntoso, Plenary JSON or a Word .docx, up to 16 MB. The format is \
            recognised from the bytes; the Content-Type is not read.",
    ),
    responses(
        (
            status = 201,
            description = "Recorded as version 1.",
            body = crate::openapi::Imported,
            headers(("Location" = String, description = "`/api/documents/{id}`")),
        ),
        (status = 400, response = crate::openapi::BadRequest),
        (status = 422, response = crate::openapi::Unreadable),
        (status = 503, response = crate::openapi::Overloaded),
        (status = 413, response = crate::openapi::TooLarge),
        crate::openapi::WriteRefused,
    ),
    security(("session" = [], "csrf" = []))
)]
pub async fn create<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    actor: Actor,
    Query(request): Query<ImportRequest>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let recorded = acts::import_document(&app, &actor, body.to_vec(), request).await?;
    let id = recorded.id;
    let body = json!({ "id": id, "version": 1, "hash": recorded.hash, "diagnostics": recorded.diagnostics });
    Ok((StatusCode::CREATED, [(header::LOCATION, format!("/api/documents/{id}"))], Json(body))
        .into_response())
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VersionQuery {
    /// The version number (from 1); the latest when left out.
    #[param(minimum = 1)]
    pub version: Option<usize>,
}

pub fn find<'a>(
    state: &'a plenary_store::State,
    actor: &Actor,
    id: &str,
) -> Result<&'a DocumentEntry, ApiError> {
    state
        .documents
        .get(id)
        .filter(|entry| visible(actor, entry))
        .ok_or_else(|| ApiError::not_found(format!("there is no document {id:?}")))
}

pub fn version_of(entry: &DocumentEntry, number: Option<usize>) -> Result<&VersionEntry, ApiError> {
    match number {
        None => entry.latest(),
        Some(number) => entry.versions.iter().find(|version| version.number == number),
    }
    .ok_or_else(|| ApiError::not_found(format!("{} has no version {}", entry.id, number.unwrap_or(0))))
}

fn versions(entry: &DocumentEntry) -> Vec<Value> {
    entry
        .versions
        .iter()
        .map(|version| {
            json!({
                "number": version.number,
                "hash": version.version.hash,
                "label": version.version.label,
                "source_format": version.version.source_format,
                "recorded_at": version.recorded_at,
                "recorded_by": version.recorded_by,
            })
        })
        .collect()
}

/// `GET /api/documents/{id}`: a version (the latest by default), with the document's versions and sponsors.
#[utoipa::path(
    get,
    path = "/api/documents/{id}",
    operation_id = "getDocument",
    tag = "documents",
    summary = "A version of a document",
    description = "Anyone who may see the document (drafts in negotiation: delegations, the chair and the \
        secretariat). The latest version unless `version` is given, with the list of versions and the \
        sponsors.",
    params(crate::openapi::DocumentPath, VersionQuery),
    responses(
        (status = 200, description = "The version.", body = crate::openapi::DocumentVersion),
        (status = 400, response = crate::openapi::BadRequest),
        (status = 404, response = crate::openapi::NotFound),
    ),
    security((), ("session" = []))
)]
pub async fn get<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    actor: Actor,
    Path(id): Path<String>,
    Query(query): Query<VersionQuery>,
) -> Result<Json<Value>, ApiError> {
    let state = app.journal.state().await;
    let entry = find(&state, &actor, &id)?;
    let version = version_of(entry, query.version)?;
    let document: Value = serde_json::from_str(&version.version.content).unwrap_or(Value::Null);
    Ok(Json(json!({
        "id": entry.id,
        "status": entry.status,
        "sponsors": sponsors_in_un_order(entry),
        "version": version.number,
        "versions": versions(entry),
        "document": document,
    })))
}

/// `GET /api/documents/{id}/versions`.
#[utoipa::path(
    get,
    path = "/api/documents/{id}/versions",
    operation_id = "listVersions",
    tag = "documents",
    summary = "The versions of a document",
    description = "Anyone who may see the document.",
    params(crate::openapi::DocumentPath),
    responses(
        (status = 200, description = "The versions, oldest first.", body = crate::openapi::VersionList),
        (status = 404, response = crate::openapi::NotFound),
    ),
    security((), ("session" = []))
)]
pub async fn list_versions<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let state = app.journal.state().await;
    let entry = find(&state, &actor, &id)?;
    Ok(Json(json!({ "id": entry.id, "versions": versions(entry) })))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VersionLabel {
    /// How the version is known ("Rev.1").
    pub label: Option<String>,
}

/// `POST /api/documents/{id}/versions`: a new version of a draft in negotiation, from an uploaded file.
#[utoipa::path(
    post,
    path = "/api/documents/{id}/versions",
    operation_id = "addVersion",
    tag = "documents",
    summary = "Add a version from a file",
    description = "Only while the document is in negotiation (an issued or adopted text never changes: 403 \
        for everyone); by the secretariat, or by a delegation whose state holds the pen — a sponsor the text \
        was imported with, or the delegation that imported it. Joining the sponsors later does not give the \
        pen (403).",
    params(crate::openapi::DocumentPath, VersionLabel),
    request_body(
        content = crate::openapi::Upload,
        content_type = "application/octet-stream",
        description = "The file itself, as the raw request body (not a form): text extracted from a UN PDF, \
            clean text, Markdown, Akoma Ntoso, Plenary JSON or a Word .docx, up to 16 MB. The format is \
            recognised from the bytes; the Content-Type is not read.",
    ),
    responses(
        (status = 201, description = "Recorded as the next version.", body = crate::openapi::Imported),
        (status = 400, response = crate::openapi::BadRequest),
        (status = 404, response = crate::openapi::NotFound),
        (status = 422, response = crate::openapi::Unreadable),
        (status = 503, response = crate::openapi::Overloaded),
        (status = 413, response = crate::openapi::TooLarge),
        crate::openapi::WriteRefused,
    ),
    security(("session" = [], "csrf" = []))
)]
pub async fn add_version<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    actor: Actor,
    Path(id): Path<String>,
    Query(query): Query<VersionLabel>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let revision = acts::Revision::Upload { body: body.to_vec(), label: query.label };
    let recorded = acts::revise_document(&app, &actor, &id, revision).await?;
    let body = json!({
        "id": id,
        "version": recorded.version,
        "hash": recorded.hash,
        "diagnostics": recorded.diagnostics,
    });
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// `json` (the default), `akn`, `md`, `text`, `docx` or `pdf`.
    #[param(schema_with = crate::openapi::export_formats)]
    pub format: Option<String>,
    /// The version number (from 1); the latest when left out.
    #[param(minimum = 1)]
    pub version: Option<usize>,
}

/// `GET /api/documents/{id}/export`.
#[utoipa::path(
    get,
    path = "/api/documents/{id}/export",
    operation_id = "exportDocument",
    tag = "documents",
    summary = "Export a version",
    description = "Anyone who may see the document. As Plenary JSON (the default), Akoma Ntoso, Markdown, \
        plain text laid out as the UN prints it, an HTML page laid out the same way, Word, or PDF. Every format but JSON comes as an attachment \
        (`Content-Disposition`).",
    params(crate::openapi::DocumentPath, ExportQuery),
    responses(
        (
            status = 200,
            description = "The version in the format asked for.",
            content(
                (plenary_import::json::DocumentSchema = "application/json"),
                (String = "application/akn+xml"),
                (String = "text/markdown"),
                (String = "text/plain"),
                (String = "text/html"),
                (crate::openapi::Binary = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                (crate::openapi::Binary = "application/pdf"),
            ),
        ),
        (status = 400, response = crate::openapi::BadRequest),
        (status = 404, response = crate::openapi::NotFound),
        (status = 503, response = crate::openapi::Overloaded),
    ),
    security((), ("session" = []))
)]
pub async fn export<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    actor: Actor,
    Path(id): Path<String>,
    Query(query): Query<ExportQuery>,
) -> Result<Response, ApiError> {
    let (content, number) = {
        let state = app.journal.state().await;
        let version = version_of(find(&state, &actor, &id)?, query.version)?;
        (version.version.content.clone(), version.number)
    };
    let format = query.format.unwrap_or_else(|| "json".to_owned());
    // The stored version is JSON already, with the diagnostics of its import (which a document read back
    // from it no longer carries): it is served as stored.
    if DocumentFormat::parse(&format) == Ok(DocumentFormat::Json) {
        return Ok(([(header::CONTENT_TYPE, DocumentFormat::Json.media_type())], content).into_response());
    }
    // Writing Word or PDF takes real CPU time: off the async workers, a few at a time.
    let (content_type, extension, body) = app.heavy.run(move || export_as(&content, &format)).await??;
    let disposition = format!("attachment; filename=\"{id}-v{number}.{extension}\"");
    Ok(([(header::CONTENT_TYPE, content_type.to_owned()), (header::CONTENT_DISPOSITION, disposition)], body)
        .into_response())
}

/// A stored version written in another format: its content type, file extension and bytes.
fn export_as(content: &str, format: &str) -> Result<(&'static str, &'static str, Vec<u8>), ApiError> {
    let format = DocumentFormat::parse(format).map_err(|error| ApiError::bad_request(error.to_string()))?;
    let document = acts::stored_document(content)?;
    Ok((format.media_type(), format.extension(), format.render(&document, &[])))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct StatusChange {
    pub status: DocumentStatus,
    /// With `issued`: the symbol the draft is issued under (`A/C.3/80/L.49`, `A/C.3/80/L.49/Rev.1`),
    /// recorded on a version of the text.
    #[serde(default)]
    pub symbol: Option<String>,
}

/// `POST /api/documents/{id}/status`.
#[utoipa::path(
    post,
    path = "/api/documents/{id}/status",
    operation_id = "changeDocumentStatus",
    tag = "documents",
    summary = "Move a document on in its life: issue it, or record its adoption",
    description = "The secretariat only. The life only goes forward (negotiation, issued, adopted): any \
        other change is 409 `refused`. Issuing a draft in negotiation with a `symbol` (a draft's: \
        `A/C.3/80/L.49`, `A/C.3/80/L.49/Rev.1`) records the text once more carrying that symbol, labelled with \
        it, in the same append; a symbol that does not parse or is not a draft's is 400, one another document \
        bears 409.",
    params(crate::openapi::DocumentPath),
    request_body(content = StatusChange, content_type = "application/json"),
    responses(
        (status = 204, description = "Changed."),
        (status = 404, response = crate::openapi::NotFound),
        (status = 503, response = crate::openapi::StoreUnavailable),
        crate::openapi::WriteRefused,
        crate::openapi::BodyRefused,
    ),
    security(("session" = [], "csrf" = []))
)]
pub async fn change_status<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    actor: Actor,
    Path(id): Path<String>,
    Json(change): Json<StatusChange>,
) -> Result<StatusCode, ApiError> {
    match change.symbol {
        Some(symbol) if change.status == DocumentStatus::Issued => {
            acts::issue_document(&app, &actor, &id, &symbol).await?;
        }
        Some(_) => return Err(ApiError::bad_request("a symbol is given when a draft is issued")),
        None => acts::change_document_status(&app, &actor, &id, change.status).await?,
    }
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct Sponsorship {
    pub state: StateRef,
}

/// `POST /api/documents/{id}/sponsors`: a state joins the sponsors.
#[utoipa::path(
    post,
    path = "/api/documents/{id}/sponsors",
    operation_id = "joinSponsors",
    tag = "documents",
    summary = "A state joins the sponsors",
    description = "The secretariat for any state; a delegation for its own state only. 409 if the state \
        already sponsors it; 403 once the document is adopted (its sponsors are final). Joining supports the \
        text; it does not give the pen.",
    params(crate::openapi::DocumentPath),
    request_body(content = Sponsorship, content_type = "application/json"),
    responses(
        (status = 204, description = "Joined."),
        (status = 404, response = crate::openapi::NotFound),
        (status = 503, response = crate::openapi::StoreUnavailable),
        crate::openapi::WriteRefused,
        crate::openapi::BodyRefused,
    ),
    security(("session" = [], "csrf" = []))
)]
pub async fn join<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    actor: Actor,
    Path(id): Path<String>,
    Json(sponsorship): Json<Sponsorship>,
) -> Result<StatusCode, ApiError> {
    acts::sponsor(&app, &actor, &id, sponsorship.state, acts::Sponsorship::Join).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `DELETE /api/documents/{id}/sponsors/{state}`: a state withdraws.
#[utoipa::path(
    delete,
    path = "/api/documents/{id}/sponsors/{state}",
    operation_id = "withdrawSponsor",
    tag = "documents",
    summary = "A state withdraws its sponsorship",
    description = "The secretariat for any state; a delegation for its own state only. 400 for a name that \
        is no state, 409 if it is not a sponsor, 403 once the document is adopted. A sponsor holding the pen \
        gives it up with its name.",
    params(
        crate::openapi::DocumentPath,
        ("state" = StateRef, Path, description = "The state, by ISO code or UN name."),
    ),
    responses(
        (status = 204, description = "Withdrawn."),
        (status = 400, response = crate::openapi::BadRequest),
        (status = 404, response = crate::openapi::NotFound),
        (status = 503, response = crate::openapi::StoreUnavailable),
        crate::openapi::WriteRefused,
    ),
    security(("session" = [], "csrf" = []))
)]
pub async fn withdraw<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    actor: Actor,
    Path((id, state)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let state: StateRef = state.parse().map_err(ApiError::bad_request)?;
    acts::sponsor(&app, &actor, &id, state, acts::Sponsorship::Withdraw).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// One side of a comparison: a version's stored JSON (read back off the async workers), how it is named,
/// and its exact reference (`id@N`).
#[derive(Debug)]
pub struct Picked {
    pub content: String,
    /// "A/RES/80/198 (version 1)".
    pub name: String,
    pub reference: String,
}

/// Finds `id` (the latest version) or `id@N` among the documents `actor` may see. The API's compare and
/// the compare page both read their references here.
pub fn pick_version(
    state: &plenary_store::State,
    actor: &Actor,
    reference: &str,
) -> Result<Picked, ApiError> {
    let (id, number) = match reference.split_once('@') {
        Some((id, number)) => {
            let number = number.parse().map_err(|_| {
                ApiError::bad_request(format!("{reference:?}: the version after @ is a number"))
            })?;
            (id, Some(number))
        }
        None => (reference, None),
    };
    let entry = find(state, actor, id)?;
    let version = version_of(entry, number)?;
    let name = version.symbol.clone().unwrap_or_else(|| id.to_owned());
    Ok(Picked {
        name: format!("{name} (version {})", version.number),
        reference: format!("{id}@{}", version.number),
        content: version.version.content.clone(),
    })
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CompareQuery {
    /// `id` (the latest version) or `id@version`.
    pub old: String,
    /// `id` or `id@version`.
    pub new: String,
    /// `json` (the default), `html`, `md`, `text` or `docx`.
    #[param(schema_with = crate::openapi::compare_formats)]
    pub format: Option<String>,
}

/// `GET /api/compare?old=a-res-72-163&new=a-res-74-143`: what changed between two versions or documents.
#[utoipa::path(
    get,
    path = "/api/compare",
    operation_id = "compare",
    tag = "documents",
    summary = "Compare two versions or documents",
    description = "Anyone who may see both documents. What changed, paragraph by paragraph with a word-level \
        redline: as JSON (the default), a self-contained HTML page, Markdown, plain text with wdiff markers, \
        or a Word file with tracked changes (accept all gives the new text, reject all the old).",
    params(CompareQuery),
    responses(
        (
            status = 200,
            description = "The comparison.",
            content(
                (plenary_core::compare::Comparison = "application/json"),
                (String = "text/html"),
                (String = "text/markdown"),
                (String = "text/plain"),
                (crate::openapi::Binary = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            ),
        ),
        (status = 400, response = crate::openapi::BadRequest),
        (status = 404, response = crate::openapi::NotFound),
        (status = 503, response = crate::openapi::Overloaded),
    ),
    security((), ("session" = []))
)]
pub async fn compare<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    actor: Actor,
    Query(query): Query<CompareQuery>,
) -> Result<Response, ApiError> {
    let (old, new) = {
        let state = app.journal.state().await;
        (pick_version(&state, &actor, &query.old)?, pick_version(&state, &actor, &query.new)?)
    };
    let format = query.format.unwrap_or_else(|| "json".to_owned());
    let author = actor.id().to_owned();
    let date = plenary_store::timestamp(app.now())
        .split('.')
        .next()
        .map(|date| format!("{date}Z"))
        .unwrap_or_default();
    // Comparing and rendering two long texts takes real CPU time: off the async workers.
    let (content_type, disposition, body) =
        app.heavy.run(move || compared_as(&old, &new, &format, &author, &date)).await??;
    let mut response = ([(header::CONTENT_TYPE, content_type)], body).into_response();
    if let Some(disposition) = disposition {
        if let Ok(value) = header::HeaderValue::from_str(&disposition) {
            response.headers_mut().insert(header::CONTENT_DISPOSITION, value);
        }
    }
    Ok(response)
}

/// The comparison of two picked versions in `format`: its content type, its disposition if it is a file
/// to save, and its bytes.
fn compared_as(
    old: &Picked,
    new: &Picked,
    format: &str,
    author: &str,
    date: &str,
) -> Result<(&'static str, Option<String>, Vec<u8>), ApiError> {
    let format = ComparisonFormat::parse(format).map_err(|error| ApiError::bad_request(error.to_string()))?;
    let (old_document, new_document) =
        (acts::stored_document(&old.content)?, acts::stored_document(&new.content)?);
    let comparison = plenary_core::compare::compare(&old_document, &new_document);
    let compared = Compared {
        comparison: &comparison,
        old: NamedDocument { name: &old.name, document: &old_document },
        new: NamedDocument { name: &new.name, document: &new_document },
        colour: false,
        author,
        date,
    };
    let disposition =
        format.is_binary().then(|| format!("attachment; filename=\"comparison.{}\"", format.extension()));
    Ok((format.media_type(), disposition, format.render(&compared)))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct CommentRequest {
    /// The version commented on; the latest when left out.
    pub version: Option<usize>,
    /// The paragraph's id: `pp3`, `op4.b`.
    pub paragraph: String,
    pub text: String,
}

/// `GET /api/documents/{id}/comments`: the comments on every version's paragraphs, oldest first.
#[utoipa::path(
    get,
    path = "/api/documents/{id}/comments",
    operation_id = "listComments",
    tag = "documents",
    summary = "Comments on the document's paragraphs",
    description = "Delegations, the chair and the secretariat, on any document they may see: the comments \
        of the informal rounds are not public (401 signed out, 403 for an observer), even on an issued text. \
        Every comment on every version, oldest first.",
    params(crate::openapi::DocumentPath),
    responses(
        (status = 200, description = "The comments.", body = crate::openapi::CommentList),
        (status = 401, response = crate::openapi::Unauthorized),
        (status = 403, response = crate::openapi::Forbidden),
        (status = 404, response = crate::openapi::NotFound),
    ),
    security((), ("session" = []))
)]
pub async fn comments<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let state = app.journal.state().await;
    let entry = find(&state, &actor, &id)?;
    check(&actor, &Action::ReadNegotiation)?;
    Ok(Json(json!({ "id": entry.id, "comments": entry.comments })))
}

/// `POST /api/documents/{id}/comments`: a comment on one paragraph, in an informal round. Delegations (in
/// their state's name) and the secretariat.
#[utoipa::path(
    post,
    path = "/api/documents/{id}/comments",
    operation_id = "addComment",
    tag = "documents",
    summary = "Comment on a paragraph",
    description = "Delegations (in their state's name) and the secretariat, in an informal round. 409 if the \
        paragraph is empty or the text is empty or longer than 2,000 characters.",
    params(crate::openapi::DocumentPath),
    request_body(content = CommentRequest, content_type = "application/json"),
    responses(
        (status = 201, description = "Recorded.", body = crate::openapi::Commented),
        (status = 404, response = crate::openapi::NotFound),
        (status = 503, response = crate::openapi::StoreUnavailable),
        crate::openapi::WriteRefused,
        crate::openapi::BodyRefused,
    ),
    security(("session" = [], "csrf" = []))
)]
pub async fn comment<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    actor: Actor,
    Path(id): Path<String>,
    Json(request): Json<CommentRequest>,
) -> Result<Response, ApiError> {
    let (seq, version) =
        acts::comment(&app, &actor, &id, request.version, &request.paragraph, &request.text).await?;
    Ok((StatusCode::CREATED, Json(json!({ "seq": seq, "version": version }))).into_response())
}
