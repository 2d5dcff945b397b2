//! The one gate for every act that changes anything: importing a document, revising it, moving it on in its
//! life, sponsoring it, commenting on it, opening a meeting and every event of a meeting (amendments, oral
//! revisions, motions, votes, ballots), and recording a treaty action. Each act is one function here that asks the permission table
//! (`permissions.rs`) with what the act touches and then records; the API handlers and the form handlers of
//! the pages call only these, so nothing can be done from one that the other forbids. This is the only
//! module that appends to the journal on behalf of a person (the first-start seed is the service's own).

use plenary_core::procedure::{Event, ProcedureError, StateRef};
use plenary_core::{Document, Symbol};
use plenary_import::{Format, InterchangeFormat};
use plenary_store::{DocumentStatus, EventLog, Fact, Role, StoredEvent, Version, document_id};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::api::documents::find;
use crate::app::App;
use crate::auth::Actor;
use crate::error::ApiError;
use crate::permissions::{Action, check};

/// The largest document a version may hold, as Plenary's JSON: a version is kept in the log for ever and in
/// every server's memory. The longest General Assembly resolution in the corpus (A/RES/79/144) is 0.3 MB of
/// JSON, a twenty-seventh of this; an upload within the importer's own limits can still expand past it (a
/// text of a million one-line paragraphs), and is refused here before anything is written.
pub const MAX_VERSION_JSON_BYTES: usize = 8 * 1024 * 1024;

/// How a new document is to be recorded: the API's query string and the import form's fields.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportRequest {
    /// The stage of its life the document enters at: `negotiation` (the only one open to a delegation),
    /// `issued` or `adopted`. By default a delegation's text is a draft in negotiation; the secretariat's
    /// is issued, or adopted when it is a resolution.
    pub status: Option<DocumentStatus>,
    /// How the version is known ("Rev.1").
    pub label: Option<String>,
    /// The document id to use when the text has no symbol.
    pub id: Option<String>,
    /// Whether the importing delegation sponsors the draft for its state. Never implied: importing a text
    /// (last session's resolution to work from, another state's draft to compare) is not supporting it.
    #[serde(default)]
    pub sponsor: bool,
}

/// What an import came to: the document recorded, or the id its text would take already in use (the page
/// then offers to add the text as a new version of that document).
#[derive(Debug)]
pub enum Imported {
    Recorded(Recorded),
    IdTaken { id: String },
}

/// A document recorded by [`import_document`] or a version by [`revise_document`].
#[derive(Debug, Clone)]
pub struct Recorded {
    pub id: String,
    /// The version's number, from 1.
    pub version: usize,
    pub hash: String,
    /// The importer's diagnostics, as JSON.
    pub diagnostics: Value,
}

/// The text of a new version: an uploaded file, or a document edited paragraph by paragraph on the pages.
#[derive(Debug)]
pub enum Revision {
    Upload { body: Vec<u8>, label: Option<String> },
    Edited { document: Box<Document>, label: Option<String> },
}

/// Imports an uploaded file as a new document. A delegation's text enters as a draft in negotiation, with
/// the delegation holding the pen (and sponsoring it only when it asks to); only the secretariat issues a
/// text or records an adopted one. An id already in use is refused (409).
pub async fn import_document<L: EventLog>(
    app: &App<L>,
    actor: &Actor,
    body: Vec<u8>,
    request: ImportRequest,
) -> Result<Recorded, ApiError> {
    match import_or_find(app, actor, body, request).await? {
        Imported::Recorded(recorded) => Ok(recorded),
        Imported::IdTaken { id } => Err(ApiError::from(plenary_store::RecordError::Refused(
            plenary_store::Refusal::DocumentExists(id),
        ))),
    }
}

/// [`import_document`], telling an id already in use apart from other refusals, for the import page.
pub async fn import_or_find<L: EventLog>(
    app: &App<L>,
    actor: &Actor,
    body: Vec<u8>,
    request: ImportRequest,
) -> Result<Imported, ApiError> {
    signed_in(actor)?;
    // Refuse what the role can never do before reading the file, so a refusal costs nothing.
    check(actor, &Action::ImportDocument { status: request.status.unwrap_or(DocumentStatus::Negotiation) })?;
    let sponsor = match (request.sponsor, actor.state()) {
        (false, _) => None,
        (true, Some(state)) => Some(state.clone()),
        (true, None) => return Err(ApiError::bad_request("only a delegation sponsors, for its own state")),
    };
    let (document, version, diagnostics) = read_upload(app, body, request.label).await?;
    let status = request.status.unwrap_or(match actor.role() {
        Some(Role::Secretariat) if is_resolution(&document) => DocumentStatus::Adopted,
        Some(Role::Secretariat) => DocumentStatus::Issued,
        _ => DocumentStatus::Negotiation,
    });
    check(actor, &Action::ImportDocument { status })?;
    let id = match (request.id.as_deref().filter(|id| !id.trim().is_empty()), &document.symbol) {
        (Some(id), _) => document_id(id),
        (None, Some(symbol)) => document_id(&symbol.to_string()),
        (None, None) => format!("doc-{}", &version.hash[..12]),
    };
    if id.is_empty() {
        return Err(ApiError::bad_request("the document id is empty"));
    }
    if app.journal.state().await.documents.contains_key(&id) {
        return Ok(Imported::IdTaken { id });
    }
    let hash = version.hash.clone();
    let mut facts = vec![Fact::DocumentAdded { document: id.clone(), status, version }];
    // A text that lists the state already makes it a sponsor (the fold reads the masthead).
    if let Some(state) = sponsor {
        let listed =
            document.sponsors.iter().any(|name| name.parse::<StateRef>().ok().as_ref() == Some(&state));
        if !listed {
            facts.push(Fact::SponsorJoined { document: id.clone(), state });
        }
    }
    record(app, actor, facts).await?;
    Ok(Imported::Recorded(Recorded { id, version: 1, hash, diagnostics }))
}

/// Records a new version of a draft. Only while it is in negotiation, and only by the secretariat or a
/// sponsor holding the pen: an issued or adopted text never changes.
pub async fn revise_document<L: EventLog>(
    app: &App<L>,
    actor: &Actor,
    id: &str,
    revision: Revision,
) -> Result<Recorded, ApiError> {
    signed_in(actor)?;
    may_revise(app, actor, id).await?;
    let (version, diagnostics) = match revision {
        Revision::Upload { body, label } => {
            let (_, version, diagnostics) = read_upload(app, body, label).await?;
            (version, diagnostics)
        }
        Revision::Edited { document, label } => {
            let version = app
                .heavy
                .run(move || {
                    let content = plenary_import::write(&document, &[], InterchangeFormat::Json);
                    Version::new(content, label, "edited".to_owned())
                })
                .await?;
            within_version_limit(&version)?;
            (version, Value::Array(Vec::new()))
        }
    };
    // Asked again after the slow part: the draft may have been issued, or the pen given up, meanwhile.
    may_revise(app, actor, id).await?;
    let hash = version.hash.clone();
    record(app, actor, vec![Fact::DocumentVersionAdded { document: id.to_owned(), version }]).await?;
    // Found by its hash: another version may have been recorded right after this one.
    let number = app.journal.state().await.documents.get(id).map_or(0, |entry| {
        entry.versions.iter().find(|each| each.version.hash == hash).map_or(0, |each| each.number)
    });
    Ok(Recorded { id: id.to_owned(), version: number, hash, diagnostics })
}

/// Whether `actor` may revise document `id` now; the refusal says why.
pub async fn may_revise<L: EventLog>(app: &App<L>, actor: &Actor, id: &str) -> Result<(), ApiError> {
    let state = app.journal.state().await;
    let entry = find(&state, actor, id)?;
    check(actor, &Action::ReviseDocument(entry))
}

/// Moves a document on in its life (issued, adopted). The secretariat only; never backwards.
pub async fn change_document_status<L: EventLog>(
    app: &App<L>,
    actor: &Actor,
    id: &str,
    status: DocumentStatus,
) -> Result<(), ApiError> {
    signed_in(actor)?;
    check(actor, &Action::ChangeDocumentStatus)?;
    record(app, actor, vec![Fact::DocumentStatusChanged { document: id.to_owned(), status }]).await?;
    Ok(())
}

/// Issues a draft in negotiation as an official document under its symbol (`A/C.3/80/L.49`, a revised text
/// `A/C.3/80/L.49/Rev.1`). The secretariat only. The text is recorded once more carrying the symbol (and
/// labelled with it) unless it carries it already, and the document moves on to issued, both in one append:
/// a document is never issued without its symbol, nor given a symbol another document bears. Returns the
/// symbol as the UN prints it.
pub async fn issue_document<L: EventLog>(
    app: &App<L>,
    actor: &Actor,
    id: &str,
    symbol: &str,
) -> Result<Symbol, ApiError> {
    signed_in(actor)?;
    check(actor, &Action::ChangeDocumentStatus)?;
    let symbol = Symbol::parse(symbol).map_err(|error| ApiError::bad_request(error.to_string()))?;
    if !symbol.is_draft() {
        return Err(ApiError::bad_request(format!(
            "{symbol} is not the symbol of a draft (an L. document such as A/C.3/80/L.49, or its revision \
             A/C.3/80/L.49/Rev.1): a resolution's symbol is given when the text is adopted"
        )));
    }
    let (content, source_format, carries_it) = {
        let state = app.journal.state().await;
        let entry = find(&state, actor, id)?;
        if entry.status != DocumentStatus::Negotiation {
            return Err(ApiError::new(
                axum::http::StatusCode::CONFLICT,
                "refused",
                format!("{id} is {} already: only a draft in negotiation is issued", entry.status),
            ));
        }
        let same = |other: &Option<String>| {
            other.as_deref().and_then(|text| Symbol::parse(text).ok()).is_some_and(|other| other == symbol)
        };
        if let Some(other) = state
            .documents
            .values()
            // A symbol is borne by an issued or adopted document; a draft's text may carry one it was copied
            // from (last session's resolution, the L. document it revises).
            .filter(|other| other.id != entry.id && other.status != DocumentStatus::Negotiation)
            .find(|other| other.latest().is_some_and(|version| same(&version.symbol)))
        {
            return Err(ApiError::new(
                axum::http::StatusCode::CONFLICT,
                "refused",
                format!(
                    "{symbol} is already the symbol of {}: a revised text is issued as its Rev.",
                    other.id
                ),
            ));
        }
        let latest = version_of_latest(entry)?;
        (latest.version.content.clone(), latest.version.source_format.clone(), same(&latest.symbol))
    };
    let mut facts = Vec::new();
    if !carries_it {
        let printed = symbol.to_string();
        let version = app
            .heavy
            .run(move || -> Result<Version, ApiError> {
                // The stored JSON with its symbol set: the text, its diagnostics and everything else as they were.
                let mut json: Value = serde_json::from_str(&content).map_err(|error| {
                    ApiError::internal(format!("a stored version does not read: {error}"))
                })?;
                if let Some(fields) = json.as_object_mut() {
                    fields.insert("symbol".to_owned(), Value::String(printed.clone()));
                }
                Ok(Version::new(json.to_string(), Some(printed), source_format))
            })
            .await??;
        facts.push(Fact::DocumentVersionAdded { document: id.to_owned(), version });
    }
    facts.push(Fact::DocumentStatusChanged { document: id.to_owned(), status: DocumentStatus::Issued });
    record(app, actor, facts).await?;
    Ok(symbol)
}

fn version_of_latest(entry: &plenary_store::DocumentEntry) -> Result<&plenary_store::VersionEntry, ApiError> {
    entry.latest().ok_or_else(|| ApiError::internal(format!("{} has no version", entry.id)))
}

/// Whether a state joins the sponsors of a document or withdraws from them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sponsorship {
    Join,
    Withdraw,
}

/// A state joins or leaves the sponsors of a document: a delegation for its own state, or the
/// secretariat recording it. Joining supports the text; it does not give the pen.
pub async fn sponsor<L: EventLog>(
    app: &App<L>,
    actor: &Actor,
    id: &str,
    state: StateRef,
    sponsorship: Sponsorship,
) -> Result<(), ApiError> {
    signed_in(actor)?;
    {
        let current = app.journal.state().await;
        let entry = find(&current, actor, id)?;
        check(actor, &Action::Sponsor { state: &state, document: entry })?;
    }
    let document = id.to_owned();
    let fact = match sponsorship {
        Sponsorship::Join => Fact::SponsorJoined { document, state },
        Sponsorship::Withdraw => Fact::SponsorWithdrew { document, state },
    };
    record(app, actor, vec![fact]).await?;
    Ok(())
}

/// A comment on one paragraph of a version (the latest when `version` is `None`), in an informal round.
/// Returns the comment's position in the log and the version commented on.
pub async fn comment<L: EventLog>(
    app: &App<L>,
    actor: &Actor,
    id: &str,
    version: Option<usize>,
    paragraph: &str,
    text: &str,
) -> Result<(u64, usize), ApiError> {
    signed_in(actor)?;
    check(actor, &Action::Comment)?;
    let version = {
        let state = app.journal.state().await;
        let entry = find(&state, actor, id)?;
        crate::api::documents::version_of(entry, version)?.number
    };
    let fact = Fact::CommentAdded {
        document: id.to_owned(),
        version,
        paragraph: paragraph.trim().to_owned(),
        state: actor.state().cloned(),
        text: text.trim().to_owned(),
    };
    let stored = record(app, actor, vec![fact]).await?;
    Ok((stored.last().map_or(0, |event| event.seq), version))
}

/// Records a participant's signature, consent or denunciation of a treaty: the secretariat only, and never
/// dated after today (the register is a record of what happened). The register then refuses it if it makes
/// no sense where it falls in the participant's history. Returns its position in the log.
pub async fn record_treaty_action<L: EventLog>(
    app: &App<L>,
    actor: &Actor,
    action: plenary_core::treaties::TreatyAction,
) -> Result<u64, ApiError> {
    may_record_treaty_action(actor)?;
    let today = app.now().date();
    let effective = match action.kind {
        plenary_core::treaties::ActionKind::Denunciation { effective } => Some(effective),
        _ => None,
    };
    if action.date > today {
        return Err(ApiError::bad_request(format!("date: {} is after today ({today})", action.date)));
    }
    if effective.is_some_and(|effective| effective < action.date) {
        return Err(ApiError::bad_request(
            "effective: a denunciation takes effect on or after its notification",
        ));
    }
    let stored = record(app, actor, vec![Fact::TreatyActionRecorded { action }]).await?;
    Ok(stored.last().map_or(0, |event| event.seq))
}

/// Whether `actor` may record treaty actions at all: asked before a request's body is read, so that the
/// public and a delegation hear 401 and 403, never what was wrong with what they sent.
pub fn may_record_treaty_action(actor: &Actor) -> Result<(), ApiError> {
    signed_in(actor)?;
    check(actor, &Action::RecordTreatyAction)
}

/// Opens a meeting: the secretariat only.
pub async fn open_meeting<L: EventLog>(
    app: &App<L>,
    actor: &Actor,
    id: &str,
    event: Event,
) -> Result<(), ApiError> {
    signed_in(actor)?;
    check(actor, &Action::OpenMeeting)?;
    if !matches!(event, Event::MeetingOpened { .. }) {
        return Err(ApiError::bad_request("a meeting is opened by a meeting_opened event"));
    }
    record(app, actor, vec![Fact::Meeting { meeting: id.to_owned(), event }]).await?;
    Ok(())
}

/// Records one event of a meeting for `actor` (an amendment, an oral revision, a motion, a vote opened, a
/// ballot …), after the permission table; the procedure engine then decides whether it is in order.
/// Returns the event's position and the next question.
///
/// A refused cast is answered and logged, not appended to the chain: it carries nothing the chain does not
/// already decide (the engine refuses a cast after the lock or by a state without a vote from the events
/// before it), and writing it would let one delegation grow the permanent record without bound. A
/// delegation whose vote was not counted says so through `correction_noted`, which is recorded.
pub async fn meeting_event<L: EventLog>(
    app: &App<L>,
    actor: &Actor,
    meeting: &str,
    event: Event,
) -> Result<Value, ApiError> {
    signed_in(actor)?;
    if matches!(event, Event::MeetingOpened { .. }) {
        return Err(ApiError::bad_request("open a meeting with POST /api/meetings"));
    }
    let amendment_by: Vec<StateRef> = match &event {
        Event::AmendmentWithdrawn { amendment } => {
            let state = app.journal.state().await;
            crate::api::meetings::find(&state, meeting)?
                .meeting
                .current_item()
                .and_then(|item| item.amendment(amendment))
                .map(|found| found.by.clone())
                .ok_or_else(|| {
                    ApiError::not_found(format!("there is no amendment {amendment:?} under the current item"))
                })?
        }
        _ => Vec::new(),
    };
    check(actor, &Action::Meeting { event: &event, amendment_by: &amendment_by })?;
    let fact = Fact::Meeting { meeting: meeting.to_owned(), event: event.clone() };
    match record(app, actor, vec![fact]).await {
        Ok(stored) => {
            let state = app.journal.state().await;
            let next = state.meetings.get(meeting).and_then(|entry| entry.meeting.next_question());
            Ok(json!({ "seq": stored.first().map(|event| event.seq), "next_question": next }))
        }
        Err(error) => {
            if let Event::BallotCast { vote, state, .. } = &event {
                tracing::info!(meeting, vote, state = %state, reason = %error.message, "a cast was refused");
            }
            Err(error)
        }
    }
}

fn signed_in(actor: &Actor) -> Result<(), ApiError> {
    match actor {
        Actor::Public => Err(ApiError::not_signed_in()),
        Actor::Account { .. } => Ok(()),
    }
}

/// Whether a text is a resolution or decision as adopted (it carries its adoption, or a resolution symbol).
pub(crate) fn is_resolution(document: &Document) -> bool {
    document.adoption.is_some() || document.symbol.as_ref().is_some_and(plenary_core::Symbol::is_resolution)
}

/// Reads an upload off the async workers, a few at a time (`App::heavy`); refuses what cannot be read, with the importer's diagnostics,
/// and what would be too large to keep.
async fn read_upload<L: EventLog>(
    app: &App<L>,
    body: Vec<u8>,
    label: Option<String>,
) -> Result<(Document, Version, Value), ApiError> {
    let (document, version, diagnostics) = app.heavy.run(move || read_document(&body, label)).await??;
    within_version_limit(&version)?;
    Ok((document, version, diagnostics))
}

/// Who an operator's bulk import (`plenary import`) is recorded as caused by: the person at the machine
/// that holds the data directory, named as the first start's facts name `seed`. No account has this id.
pub const OPERATOR_ACTOR: &str = "operator";

/// A finished text — an adopted resolution or decision, an issued draft — read for the record the way the
/// first start records the shipped texts and the corpus, and `plenary import` records a directory.
#[derive(Debug, Clone)]
pub struct FinishedText {
    /// The document id, from the symbol the text carries, else from its file's name.
    pub id: String,
    /// The symbol the text carries, else its file's name without `.txt`; the version's label.
    pub name: String,
    /// Adopted for a resolution, issued for anything else (a draft under its L. symbol): neither text
    /// changes again.
    pub status: DocumentStatus,
    pub version: Version,
}

/// Reads a finished text from `file` (a file name; a path's directories and extension are dropped for the
/// name of a text without a symbol). Refused, with what the importer said, when the bytes are not a
/// document, when the importer reports errors, or when the document is over [`MAX_VERSION_JSON_BYTES`].
pub fn read_finished_text(file: &str, bytes: &[u8]) -> Result<FinishedText, String> {
    let (text, errors) = read_finished_text_with_errors(file, bytes, None)?;
    if errors.is_empty() { Ok(text) } else { Err(errors.join("; ")) }
}

/// [`read_finished_text`], giving the importer's error diagnostics (each with its line) beside the text
/// instead of refusing it: for the first start's corpus, whose General Assembly decisions are a few lines
/// the importer does not take for a resolution, yet which are the Assembly's agreed words all the same.
///
/// `catalogued` is what a catalogue says of a text that does not print it (the corpus's decisions: their
/// symbol, title and day of adoption); the text's own words win where it prints them.
pub fn read_finished_text_with_errors(
    file: &str,
    bytes: &[u8],
    catalogued: Option<&crate::corpus::Catalogued>,
) -> Result<(FinishedText, Vec<String>), String> {
    let mut imported = plenary_import::import(bytes).map_err(|error| error.to_string())?;
    if let Some(catalogued) = catalogued {
        let document = &mut imported.document;
        if document.symbol.is_none() {
            document.symbol = plenary_core::Symbol::parse(&catalogued.symbol).ok();
            document.body = document.symbol.as_ref().and_then(plenary_core::Symbol::body).or(document.body);
            document.session =
                document.symbol.as_ref().and_then(plenary_core::Symbol::session).or(document.session);
        }
        if document.title.is_empty() {
            document.title.clone_from(&catalogued.title);
        }
        if document.adoption.is_none() {
            document.adoption = Some(plenary_core::Adoption {
                date: catalogued.adopted,
                ..plenary_core::Adoption::default()
            });
        }
    }
    let errors: Vec<String> = imported
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == plenary_core::Severity::Error)
        .map(|diagnostic| match diagnostic.line {
            Some(line) => format!("line {line}: {}", diagnostic.message),
            None => diagnostic.message.clone(),
        })
        .collect();
    let name = imported.document.symbol.as_ref().map(ToString::to_string).unwrap_or_else(|| {
        let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
        base.strip_suffix(".txt").unwrap_or(base).to_owned()
    });
    let id = document_id(&name);
    if id.is_empty() {
        return Err("neither the text nor its file name gives a document id".to_owned());
    }
    let content = plenary_import::write(&imported.document, &imported.diagnostics, InterchangeFormat::Json);
    let version = Version::new(content, Some(name.clone()), imported.format.name().to_owned());
    within_version_limit(&version).map_err(|error| error.message)?;
    let status =
        if is_resolution(&imported.document) { DocumentStatus::Adopted } else { DocumentStatus::Issued };
    Ok((FinishedText { id, name, status, version }, errors))
}

/// What a bulk import did with one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BulkOutcome {
    /// Recorded as a new document with this id.
    Imported { id: String },
    /// Its id is in the store already, or an earlier file of the batch has it: nothing recorded.
    Skipped { id: String },
    /// Not a document, or not one the importer could read without errors: nothing recorded.
    Problem { message: String },
}

/// Records every readable finished text of `files` (name, bytes) as a new document, in one append: either
/// all of them are recorded or, if the append fails, none. Texts whose id is taken are skipped. The
/// reading runs on every core off the async workers, calling `progress` after each file; the outcomes
/// come back in the order of `files`. An operator's act, with no permission to ask: whoever runs
/// `plenary import` holds the data directory.
pub async fn bulk_import<L: EventLog + 'static>(
    journal: &std::sync::Arc<plenary_store::Journal<L>>,
    files: Vec<(String, Vec<u8>)>,
    progress: std::sync::Arc<dyn Fn() + Send + Sync>,
    now: time::OffsetDateTime,
) -> Result<Vec<BulkOutcome>, ApiError> {
    let read = tokio::task::spawn_blocking(move || {
        crate::heavy::on_every_core(&files, |(file, bytes)| {
            let text = read_finished_text(file, bytes);
            progress();
            text
        })
    })
    .await
    .map_err(|error| ApiError::internal(format!("reading the files stopped: {error}")))?;
    let mut outcomes = Vec::with_capacity(read.len());
    let mut facts = Vec::new();
    {
        let state = journal.state().await;
        let mut taken = std::collections::BTreeSet::new();
        for text in read {
            outcomes.push(match text {
                Err(message) => BulkOutcome::Problem { message },
                Ok(text) if state.documents.contains_key(&text.id) || !taken.insert(text.id.clone()) => {
                    BulkOutcome::Skipped { id: text.id }
                }
                Ok(text) => {
                    facts.push(Fact::DocumentAdded {
                        document: text.id.clone(),
                        status: text.status,
                        version: text.version,
                    });
                    BulkOutcome::Imported { id: text.id }
                }
            });
        }
    }
    if !facts.is_empty() {
        journal.record(OPERATOR_ACTOR, facts, now).await?;
    }
    Ok(outcomes)
}

/// Imports `body` (any format Plenary reads) as a version.
fn read_document(body: &[u8], label: Option<String>) -> Result<(Document, Version, Value), ApiError> {
    let imported = plenary_import::import(body).map_err(|error| {
        ApiError::new(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            "unreadable",
            format!("the upload is not a document: {error}"),
        )
    })?;
    let diagnostics = serde_json::to_value(&imported.diagnostics).unwrap_or(Value::Null);
    if imported.has_errors() {
        return Err(ApiError::new(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            "unreadable",
            format!("the upload could not be read as a resolution: {diagnostics}"),
        ));
    }
    let content = plenary_import::write(&imported.document, &imported.diagnostics, InterchangeFormat::Json);
    let version = Version::new(content, label, imported.format.name().to_owned());
    Ok((imported.document, version, diagnostics))
}

fn within_version_limit(version: &Version) -> Result<(), ApiError> {
    if version.content.len() > MAX_VERSION_JSON_BYTES {
        return Err(ApiError::new(
            axum::http::StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            format!(
                "the document reads to {} MB of JSON; a version may hold at most {} MB \
                 (MAX_VERSION_JSON_BYTES)",
                version.content.len() / (1024 * 1024),
                MAX_VERSION_JSON_BYTES / (1024 * 1024)
            ),
        ));
    }
    Ok(())
}

/// Reads a stored version back as a document (its JSON), as the pages and exports do.
pub fn stored_document(content: &str) -> Result<Document, ApiError> {
    plenary_import::import_as(content.as_bytes(), Format::Json)
        .map(|imported| imported.document)
        .map_err(|error| ApiError::internal(format!("a stored version does not read back: {error}")))
}

/// Records facts on behalf of `actor`.
///
/// The recording runs in a task of its own: a client that hangs up drops its handler, and with it any
/// future the handler awaits. A journal call dropped halfway would leave the requests it was committing
/// for others (group commit) without an answer.
async fn record<L: EventLog>(
    app: &App<L>,
    actor: &Actor,
    facts: Vec<Fact>,
) -> Result<Vec<StoredEvent>, ApiError> {
    let journal = std::sync::Arc::clone(&app.journal);
    let (actor, now) = (actor.id().to_owned(), app.now());
    tokio::spawn(async move { journal.record(&actor, facts, now).await })
        .await
        .map_err(|error| ApiError::internal(format!("recording stopped: {error}")))?
        .map_err(ApiError::from)
}

impl From<ProcedureError> for ApiError {
    fn from(error: ProcedureError) -> ApiError {
        plenary_store::RecordError::Refused(plenary_store::Refusal::Procedure(error)).into()
    }
}
