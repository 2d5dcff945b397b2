//! The OpenAPI 3.1 description of the API, served at `/api/openapi.json`: derived by `utoipa` from the
//! handlers' `#[utoipa::path]` annotations and the types they read and answer (the core's and the store's
//! derive their schemas behind their `openapi` feature), built once, on the first request.
//!
//! Most answers are built with `json!` in the handlers; their shapes are the structs below, which exist
//! only to be described. The tests check every one against real answers, field by field, so that they
//! cannot drift from what the handlers send.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use axum::http::header;
use axum::response::IntoResponse;
use plenary_core::Diagnostic;
use plenary_core::procedure::{Decision, Event, Forum, Outcome, Question, Settings, StateRef, VoteStatus};
use plenary_core::states::MemberState;
use plenary_store::{Comment, DocumentStatus, Role};
use serde_json::json;
use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::openapi::{Ref, RefOr, Response};
use utoipa::{IntoParams, IntoResponses, Modify, OpenApi, PartialSchema, ToResponse, ToSchema};

use crate::api::{documents, log, meetings, misc, proof, search, session, treaties, votes};
use crate::auth::{CSRF_HEADER, SESSION_COOKIE};

/// The document, serialised once.
pub static OPENAPI: LazyLock<String> = LazyLock::new(|| {
    let mut document = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
    // OpenAPI 3.1's `info.summary`, which utoipa's `Info` does not carry.
    if let Some(info) = document.get_mut("info").and_then(serde_json::Value::as_object_mut) {
        info.insert("summary".to_owned(), json!(SUMMARY));
    }
    serde_json::to_string_pretty(&document).unwrap_or_default()
});

const SUMMARY: &str = "UN General Assembly resolutions: documents, meetings, votes and the record.";

/// `GET /api/openapi.json`.
#[utoipa::path(
    get,
    path = "/api/openapi.json",
    operation_id = "openapi",
    tag = "service",
    summary = "This description of the API",
    description = "Anyone may call it. The OpenAPI 3.1 document, derived from the handlers and the types \
        they read and answer.",
    responses((status = 200, description = "The document.", body = Object)),
    security((), ("session" = []))
)]
pub async fn document() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI.as_str())
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Plenary",
        description = "The JSON API of `plenary serve`. Reading is open to everyone except drafts in \
            negotiation. Changing anything needs a session: sign in with POST /api/session, keep the \
            `plenary_session` cookie, and send the returned `csrf_token` in the `x-csrf-token` header on \
            every POST and DELETE. Every error under `/api` is `{\"error\": {\"code\", \"message\"}}` with a \
            stable `code`, whoever produced it (a handler, the framework's rejection of a body, the router, \
            a timeout). Who may do what is the permission matrix (crates/plenary-web/src/permissions.rs): \
            the secretariat imports and issues documents and opens meetings; the chair runs the meeting \
            (items, drafts, consensus, and alone opens, locks and decides votes); a delegation acts for its \
            own state only (ballots, requests, motions, amendments, sponsorship, its drafts); the observer \
            and the public read. A walkthrough with curl: docs/api.md. Every request is served under limits \
            (docs/api.md, \"Limits\"): a connection or a live stream over the caps per client address or in \
            total, a turn at heavy work (imports, exports, comparisons) not given within 10 s, or a handler \
            over its timeout is answered 503 with `Retry-After`; a body over 16 MB is 413 \
            `payload_too_large`; an upload that reads to more than 8 MB of JSON is 413 `too_large`; an \
            upload over an importer limit (XML depth, nodes or DTD, Word parts or unpacked size, paragraphs) \
            is 422 `unreadable` naming the limit; a refused sign-in past the free tries is 429 with \
            `Retry-After`.",
        license(name = "MIT", identifier = "MIT"),
    ),
    servers((url = "http://127.0.0.1:8080", description = "`plenary serve` with its defaults")),
    tags(
        (name = "service", description = "Health and this description."),
        (name = "session", description = "Signing in and out."),
        (name = "states", description = "The member and observer states."),
        (name = "documents", description = "Import, versions, export, sponsorship and comparison."),
        (name = "search", description = "Agreed language: paragraphs searched across every text, and where \
            a paragraph was first agreed with its history (see docs/api.md)."),
        (name = "treaties", description = "The treaty register: the core human rights instruments, every \
            participant's signatures, consents, denunciations and declarations, and the questions asked of them \
            as of any date (see docs/treaties.md)."),
        (name = "meetings", description = "Meetings, their events, the order of questions and the record."),
        (name = "votes", description = "Opening, casting, locking and deciding votes; the live board."),
        (name = "log", description = "The transparency log: the public key, signed checkpoints, inclusion and \
            consistency proofs (see docs/transparency-log.md)."),
    ),
    paths(
        misc::health,
        document,
        session::sign_in,
        session::current,
        session::sign_out,
        misc::states,
        log::key,
        log::checkpoint,
        log::checkpoints,
        log::inclusion,
        log::consistency,
        documents::list,
        documents::create,
        documents::get,
        documents::list_versions,
        documents::add_version,
        documents::export,
        documents::change_status,
        documents::join,
        documents::withdraw,
        documents::comments,
        documents::comment,
        documents::compare,
        search::search,
        search::history,
        treaties::list,
        treaties::status,
        treaties::gap,
        treaties::parties,
        treaties::changes,
        treaties::procedure,
        treaties::participant,
        treaties::record_action,
        treaties::series,
        treaties::document_calls,
        meetings::list,
        meetings::create,
        meetings::get,
        meetings::events,
        meetings::post_event,
        meetings::queue,
        meetings::amend,
        meetings::record,
        votes::open,
        votes::get,
        votes::cast,
        votes::lock,
        votes::decide,
        votes::stream,
        proof::vote,
    ),
    components(
        schemas(plenary_core::procedure::board::Change),
        responses(
            BadRequest,
            Unauthorized,
            Forbidden,
            NotFound,
            Conflict,
            UnsupportedMediaType,
            UnprocessableJson,
            Unreadable,
            TooManyRequests,
            StoreUnavailable,
            Overloaded,
            TooLarge
        )
    ),
    modifiers(&SecuritySchemes),
)]
#[derive(Debug)]
pub struct ApiDoc;

/// The session cookie and the CSRF header, named as `crate::auth` names them.
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                SESSION_COOKIE,
                "The session cookie set by POST /api/session (HttpOnly, SameSite=Strict, 12 hours).",
            ))),
        );
        components.add_security_scheme(
            "csrf",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                CSRF_HEADER,
                "The `csrf_token` returned at sign-in. Required, with the cookie, on every request that changes \
                 anything (any method but GET, HEAD and OPTIONS); without it: 403 `csrf`.",
            ))),
        );
    }
}

/// The error responses the operations share, each the one error shape under its status.
macro_rules! error_responses {
    ($($name:ident: $description:literal $(, retry_after = $retry:literal)?;)*) => {$(
        #[doc = $description]
        #[derive(Debug)]
        pub struct $name;

        impl<'s> ToResponse<'s> for $name {
            fn response() -> (&'s str, RefOr<Response>) {
                #[allow(unused_mut)]
                let mut response = ResponseBuilder::new().description($description).content(
                    "application/json",
                    ContentBuilder::new().schema(Some(Ref::from_schema_name(ErrorBody::name()))).build(),
                );
                $(
                    response = response.header(
                        "Retry-After",
                        HeaderBuilder::new()
                            .schema(ObjectBuilder::new().schema_type(Type::Integer))
                            .description(Some($retry))
                            .build(),
                    );
                )?
                (stringify!($name), response.build().into())
            }
        }
    )*};
}

error_responses! {
    BadRequest: "`bad_request`: a value is wrong (an unknown format, a malformed reference), or a query string \
        or body could not be read at all.";
    Unauthorized: "`not_signed_in`: the request needs a session (sign in with POST /api/session).";
    Forbidden: "`forbidden`: the permission matrix does not allow the caller's role (or state) this; or `csrf`: \
        a state-changing request with the session cookie lacks the right `x-csrf-token` header.";
    NotFound: "`not_found`: no such document, version, meeting or vote, or a draft in negotiation the caller \
        may not see.";
    Conflict: "`refused`: understood, but the rules or the current state refuse it (the message says why), \
        e.g. a question out of order, a cast after the lock, a document that already exists.";
    UnsupportedMediaType: "`unsupported_media`: a JSON body sent without `Content-Type: application/json`.";
    UnprocessableJson: "`invalid_body`: a JSON body of the wrong shape (a missing field, an unknown value).";
    Unreadable: "`unreadable`: the upload is not a document (empty, binary, malformed XML or JSON), is over an \
        importer limit, or the importer found errors (the message carries its diagnostics).";
    TooManyRequests: "`too_many_requests`: too many failed sign-ins from this address or for this account name \
        in the last minute.", retry_after = "Seconds to wait.";
    StoreUnavailable: "`store_unavailable`: the event log could not be read or written.";
    Overloaded: "`overloaded` or `too_many_streams`: the server is at one of its limits (heavy work, live \
        streams, connections per address or in total, a handler over its timeout); try again after \
        `Retry-After`; or `store_unavailable`: the event log could not be read or written.",
        retry_after = "Seconds to wait before trying again.";
    TooLarge: "`payload_too_large`: the body is over 16 MB; `too_large`: the upload reads to more than 8 MB of \
        JSON (MAX_VERSION_JSON_BYTES), which a version may not hold.";
}

/// The refusals every request that changes something may meet: no session, a role or state the permission
/// matrix refuses (or a missing CSRF header), the rules or the state refusing it.
#[derive(Debug)]
pub struct WriteRefused;

impl IntoResponses for WriteRefused {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        references([
            ("401", Unauthorized::response().0),
            ("403", Forbidden::response().0),
            ("409", Conflict::response().0),
        ])
    }
}

/// The refusals of a JSON body: a wrong value, no JSON content type, a body of the wrong shape.
#[derive(Debug)]
pub struct BodyRefused;

impl IntoResponses for BodyRefused {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        references([
            ("400", BadRequest::response().0),
            ("415", UnsupportedMediaType::response().0),
            ("422", UnprocessableJson::response().0),
        ])
    }
}

fn references<const N: usize>(responses: [(&str, &str); N]) -> BTreeMap<String, RefOr<Response>> {
    responses
        .into_iter()
        .map(|(status, name)| (status.to_owned(), RefOr::Ref(Ref::from_response_name(name))))
        .collect()
}

/// `{id}`: a document.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct DocumentPath {
    /// The document id: the symbol in lower case with dashes (`a-res-72-163`).
    pub id: String,
}

/// `{id}`: a meeting.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct MeetingPath {
    /// The meeting id.
    pub id: String,
}

/// `{id}` and `{vote}`: a vote of a meeting.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct VotePath {
    /// The meeting id.
    pub id: String,
    /// The vote id, as given when it opened.
    pub vote: String,
}

/// The one error shape of the API: `{"error": {"code", "message"}}` (`crate::error::ApiError`).
#[derive(Debug, ToSchema)]
#[schema(as = Error, example = json!({ "error": { "code": "refused", "message": "vote V1 is locked: casts are no longer accepted" } }))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, ToSchema)]
pub struct ErrorDetail {
    /// Stable and machine-readable; branch on it: `not_signed_in` and `bad_credentials` (401), `forbidden`
    /// and `csrf` (403), `not_found` (404, also for a draft in negotiation the caller may not see) and
    /// `no_route` (404 from the router), `bad_request` (400), `method_not_allowed` (405), `refused` (409:
    /// the rules or the state refuse it), `payload_too_large` and `too_large` (413), `unsupported_media`
    /// (415), `unreadable` and `invalid_body` (422), `too_many_requests` (429), `internal` (500),
    /// `overloaded`, `too_many_streams` and `store_unavailable` (503), `timeout` (408, 504).
    pub code: String,
    /// What was wrong, for people.
    pub message: String,
}

/// The values a `format` parameter takes, `json` first and by default. The tests ask for each.
fn formats<'a>(values: impl IntoIterator<Item = &'a str>) -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some("The format of the answer; `json` when left out."))
        .enum_values(Some(values))
        .default(Some(json!("json")))
        .into()
}

/// `GET /api/documents/{id}/export?format=`: every format the renderer writes, named as the handler parses
/// them, so the list cannot fall behind the formats.
pub fn export_formats() -> Schema {
    formats(plenary_render::DocumentFormat::ALL.map(plenary_render::DocumentFormat::name))
}

/// `GET /api/compare?format=`: every comparison rendering, named as the handler parses them.
pub fn compare_formats() -> Schema {
    formats(plenary_render::ComparisonFormat::ALL.map(plenary_render::ComparisonFormat::name))
}

/// `GET /api/meetings/{id}/record?format=`.
pub fn record_formats() -> Schema {
    formats(["json", "text"])
}

/// A file uploaded as the raw request body.
#[derive(Debug)]
pub struct Upload;

impl PartialSchema for Upload {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new().schema_type(Type::String).content_media_type("application/octet-stream").into()
    }
}

impl ToSchema for Upload {}

/// A binary file in the answer (Word, PDF).
#[derive(Debug)]
pub struct Binary;

impl PartialSchema for Binary {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Binary)))
            .into()
    }
}

impl ToSchema for Binary {}

/// `GET /api/health`.
#[derive(Debug, ToSchema)]
#[schema(example = json!({ "status": "ok", "events": 545, "version": "0.1.0" }))]
pub struct Health {
    /// Always `ok`.
    pub status: String,
    /// How many events the log holds.
    pub events: u64,
    /// The server's version.
    pub version: String,
}

/// Who is signed in, and the CSRF token of the session.
#[derive(Debug, ToSchema)]
#[schema(as = Session)]
pub struct SessionInfo {
    /// The account: `dnk`.
    pub account: String,
    pub role: Role,
    /// The state a delegation acts for (alpha-3); null for other roles.
    #[schema(required = true)]
    pub state: Option<StateRef>,
    /// "Delegation of Denmark".
    pub name: String,
    /// Send it back in the `x-csrf-token` header on every request that changes anything.
    pub csrf_token: String,
}

/// `GET /api/states`: the member states and the observer states, in UN order.
#[derive(Debug, ToSchema)]
pub struct StateList {
    pub states: Vec<MemberState>,
}

/// `GET /api/documents`: a page of the documents the caller may see, in the order of their ids.
#[derive(Debug, ToSchema)]
pub struct DocumentList {
    pub documents: Vec<DocumentSummary>,
    /// How many documents match, on every page.
    pub total: usize,
    /// How many matching documents were passed over before this page.
    pub offset: usize,
    /// The most this page could hold: the `limit` asked for, at most 500.
    pub limit: usize,
}

#[derive(Debug, ToSchema)]
pub struct DocumentSummary {
    /// `a-res-72-163`.
    pub id: String,
    #[schema(required = true)]
    pub symbol: Option<String>,
    #[schema(required = true)]
    pub title: Option<String>,
    pub status: DocumentStatus,
    /// How many versions it has.
    pub versions: usize,
    pub sponsors: Vec<StateRef>,
}

#[derive(Debug, ToSchema)]
pub struct VersionInfo {
    /// From 1.
    pub number: usize,
    /// SHA-256 of the version's JSON, hex.
    pub hash: String,
    /// How the version is known: "Rev.1".
    #[schema(required = true)]
    pub label: Option<String>,
    /// The format it was imported from.
    pub source_format: String,
    /// RFC 3339 in UTC with milliseconds.
    pub recorded_at: String,
    /// The account that recorded it; `seed` for the first-start seed.
    pub recorded_by: String,
}

/// A version of a document with the document's versions and sponsors.
#[derive(Debug, ToSchema)]
pub struct DocumentVersion {
    pub id: String,
    pub status: DocumentStatus,
    pub sponsors: Vec<StateRef>,
    /// The number of the version in `document`.
    pub version: usize,
    pub versions: Vec<VersionInfo>,
    /// The version in Plenary's public JSON shape (docs/formats.md).
    pub document: plenary_import::json::DocumentSchema,
}

#[derive(Debug, ToSchema)]
pub struct VersionList {
    pub id: String,
    /// Oldest first.
    pub versions: Vec<VersionInfo>,
}

/// A document or version recorded from an upload.
#[derive(Debug, ToSchema)]
pub struct Imported {
    pub id: String,
    pub version: usize,
    /// SHA-256 of the version's JSON, hex.
    pub hash: String,
    /// What the importer could not place exactly (never an error).
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, ToSchema)]
pub struct CommentList {
    pub id: String,
    /// Oldest first.
    pub comments: Vec<Comment>,
}

/// A comment recorded.
#[derive(Debug, ToSchema)]
pub struct Commented {
    /// The event's position in the log.
    pub seq: u64,
    /// The version commented on.
    pub version: usize,
}

#[derive(Debug, ToSchema)]
pub struct MeetingList {
    pub meetings: Vec<MeetingSummary>,
}

/// A meeting: its body, items, votes and what comes next.
#[derive(Debug, ToSchema)]
pub struct MeetingSummary {
    /// `ga-72-73`.
    pub id: String,
    pub forum: Forum,
    /// "the General Assembly".
    pub body: String,
    /// "73rd plenary meeting".
    pub meeting: String,
    #[schema(format = Date)]
    pub date: String,
    #[schema(required = true)]
    pub note: Option<String>,
    /// How many members the body has.
    pub members: usize,
    pub items: Vec<ItemSummary>,
    pub votes: Vec<VoteSummary>,
    /// The id of the vote open or locked, if any.
    #[schema(required = true)]
    pub vote_in_progress: Option<String>,
    /// The question the rules take next, if any.
    #[schema(required = true)]
    pub next_question: Option<Question>,
}

#[derive(Debug, ToSchema)]
pub struct ItemSummary {
    #[schema(required = true)]
    pub agenda_item: Option<String>,
    pub title: String,
    pub important_question: bool,
    #[schema(required = true)]
    pub draft: Option<DraftSummary>,
    /// Whether the draft as a whole is decided.
    pub decided: bool,
}

#[derive(Debug, ToSchema)]
pub struct DraftSummary {
    pub symbol: String,
    pub title: String,
    pub preambular_paragraphs: u16,
    pub operative_paragraphs: u16,
    pub sponsors: Vec<StateRef>,
}

#[derive(Debug, ToSchema)]
pub struct VoteSummary {
    pub id: String,
    pub question: Question,
    pub status: VoteStatus,
    #[schema(required = true)]
    pub outcome: Option<Outcome>,
}

/// A meeting opened.
#[derive(Debug, ToSchema)]
pub struct Opened {
    pub id: String,
}

/// A `meeting_opened` event without its `event` field, plus the meeting's `id`.
#[derive(Debug, ToSchema)]
#[schema(example = json!({ "id": "c3-81-1", "forum": "third-committee", "meeting": "1st meeting", "date": "2026-10-01" }))]
pub struct OpenMeeting {
    /// The meeting's id: letters, digits and dashes, at most 80.
    #[schema(pattern = "^[A-Za-z0-9-]{1,80}$")]
    pub id: String,
    pub forum: Forum,
    /// How the record names the meeting: "73rd plenary meeting".
    pub meeting: String,
    #[schema(format = Date)]
    pub date: String,
    /// The members of the body. Left out: all 193 member states for the Plenary and the Main Committees,
    /// and the Council's membership on `date` for the Human Rights Council.
    pub members: Option<Vec<StateRef>>,
    /// Members in arrears under Article 19 on the Secretary-General's list.
    pub article19: Option<Vec<StateRef>>,
    /// Members in arrears whom the Assembly has allowed to vote (Article 19, second sentence).
    pub article19_exempt: Option<Vec<StateRef>>,
    /// The delegation of the presiding officer, who does not vote in person.
    pub presiding: Option<StateRef>,
    pub settings: Option<Settings>,
    /// A note the record prints under its heading.
    pub note: Option<String>,
}

#[derive(Debug, ToSchema)]
pub struct MeetingEvents {
    pub id: String,
    /// In order; ballots of a vote whose board hides them until the lock are left out while it is open.
    pub events: Vec<Event>,
}

/// The questions under the current item, in the order the body takes them, with how each was settled.
#[derive(Debug, ToSchema)]
pub struct Queue {
    pub id: String,
    /// The title of the current item; null before any item opens.
    #[schema(required = true)]
    pub item: Option<String>,
    /// The question the rules take next; left out when no item is open.
    pub next_question: Option<Question>,
    pub questions: Vec<QueuedQuestion>,
}

#[derive(Debug, ToSchema)]
pub struct QueuedQuestion {
    pub question: Question,
    #[schema(required = true)]
    pub decision: Option<Decision>,
    pub vote_requested: bool,
}

/// The event was recorded.
#[derive(Debug, ToSchema)]
pub struct Accepted {
    /// The event's position in the log.
    #[schema(required = true)]
    pub seq: Option<u64>,
    /// The question the rules take next, if any.
    #[schema(required = true)]
    pub next_question: Option<Question>,
}

#[derive(Debug, ToSchema)]
pub struct Checkpoints {
    /// Oldest first, at most a thousand.
    pub checkpoints: Vec<CheckpointEntry>,
}

#[derive(Debug, ToSchema)]
pub struct CheckpointEntry {
    /// The tree size the note signs.
    pub size: u64,
    /// When the server made the checkpoint.
    pub recorded_at: String,
    /// The signed note.
    pub note: String,
}

#[derive(Debug, ToSchema)]
pub struct InclusionProof {
    pub seq: u64,
    pub size: u64,
    /// base64 of a SHA-256 hash.
    pub leaf_hash: String,
    /// base64 of a SHA-256 hash.
    pub root: String,
    /// The RFC 9162 audit path, base64 hashes.
    pub proof: Vec<String>,
}

#[derive(Debug, ToSchema)]
pub struct ConsistencyProof {
    pub from: u64,
    pub to: u64,
    /// base64 of a SHA-256 hash.
    pub from_root: String,
    /// base64 of a SHA-256 hash.
    pub to_root: String,
    /// The RFC 9162 consistency proof, base64 hashes.
    pub proof: Vec<String>,
}
