//! Document pages: the list with search, a document as the UN prints it with its versions, sponsors and
//! exports, import by upload with the importer's diagnostics, and editing a draft paragraph by paragraph.

use std::sync::Arc;

use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::Response;
use plenary_core::vocabulary::{ParagraphPart, opening_phrase};
use plenary_core::{Document, Paragraph};
use plenary_store::{DocumentEntry, DocumentStatus, EventLog};
use serde::Deserialize;
use serde_json::Value;

use super::agreed::{Mark, marks};
use super::{Flash, Layout, PageError, Section, Viewer, refused, refused_act, render, see_other};
use crate::acts::{self, ImportRequest, Imported, Revision, Sponsorship};
use crate::api::documents::{
    document_of, find, matches_search, may_read_comments, sponsors_in_un_order, version_of, visible,
};
use crate::app::App;
use crate::error::ApiError;
use crate::permissions::{Action, check};

/// One line of the document list: one per document.
pub struct Row {
    pub id: String,
    /// What the row is known by: the symbol a document is issued or adopted under; for a draft in
    /// negotiation its own id, since the symbol its text carries may be another document's (a delegation
    /// drafts from last session's A/RES/74/143, which stays listed once, as adopted).
    pub name: String,
    /// The symbol a draft's text carries, shown beside its id.
    pub carries: Option<String>,
    pub title: String,
    pub status: &'static str,
    pub versions: usize,
}

pub fn row(entry: &DocumentEntry) -> Row {
    let latest = entry.latest();
    let symbol = latest.and_then(|version| version.symbol.clone());
    let (name, carries) = match (entry.status, symbol) {
        (DocumentStatus::Negotiation, symbol) => (entry.id.clone(), symbol),
        (_, Some(symbol)) => (symbol, None),
        (_, None) => (entry.id.clone(), None),
    };
    Row {
        id: entry.id.clone(),
        name,
        carries,
        title: latest.map(|version| version.title.clone()).unwrap_or_default(),
        status: entry.status.name(),
        versions: entry.versions.len(),
    }
}

/// How many rows one page of the document list shows.
pub const ROWS_PER_PAGE: usize = 50;

#[derive(Template)]
#[template(path = "documents.html")]
struct ListPage {
    layout: Layout,
    query: String,
    rows: Vec<Row>,
    can_import: bool,
    /// Where this page stands among the matching documents, when they take more than one page.
    pager: Option<Pager>,
}

/// The links between pages of a long list (plain links: they work without JavaScript).
pub struct Pager {
    /// The first and last row shown, from 1, and how many match.
    pub first: usize,
    pub last: usize,
    pub total: usize,
    pub previous: Option<String>,
    pub next: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    q: Option<String>,
    /// The page, from 1.
    page: Option<usize>,
}

/// `GET /documents?q=&page=`: the documents the viewer may see whose symbol or title holds all the words,
/// 50 to a page in the order of their ids.
pub async fn list<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Query(query): Query<ListQuery>,
) -> Response {
    let text = query.q.unwrap_or_default();
    let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
    let page = query.page.unwrap_or(1).max(1);
    let skip = (page - 1).saturating_mul(ROWS_PER_PAGE);
    let mut total = 0;
    let mut rows = Vec::new();
    {
        let state = app.journal.state().await;
        for entry in state
            .documents
            .values()
            .filter(|entry| visible(&viewer.0, entry) && matches_search(entry, &words))
        {
            if total >= skip && rows.len() < ROWS_PER_PAGE {
                rows.push(row(entry));
            }
            total += 1;
        }
    }
    let link = |page: usize| {
        let encoded = percent_encoding::utf8_percent_encode(&text, percent_encoding::NON_ALPHANUMERIC);
        if text.is_empty() {
            format!("/documents?page={page}")
        } else {
            format!("/documents?q={encoded}&page={page}")
        }
    };
    let pager = (total > ROWS_PER_PAGE).then(|| Pager {
        first: (skip + 1).min(total),
        last: skip + rows.len(),
        total,
        previous: (page > 1).then(|| link((page - 1).min(total.div_ceil(ROWS_PER_PAGE)))),
        next: (skip + rows.len() < total).then(|| link(page + 1)),
    });
    let page = ListPage {
        layout: viewer.layout("Documents", Section::Documents),
        query: text,
        rows,
        can_import: check(&viewer.0, &Action::ImportDocument { status: DocumentStatus::Negotiation }).is_ok(),
        pager,
    };
    render(&page)
}

pub struct VersionLine {
    pub number: usize,
    pub label: String,
    pub source_format: String,
    pub recorded_at: String,
    pub recorded_by: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "document.html")]
struct DocumentPage {
    layout: Layout,
    flash: Flash,
    id: String,
    status: &'static str,
    version: usize,
    versions: Vec<VersionLine>,
    sponsors: Vec<(String, String)>,
    printed: String,
    /// The viewer's own state, when it is a delegation the permission table lets join or withdraw: its name
    /// and whether it sponsors.
    own_state: Option<(String, bool)>,
    /// Why a delegation is offered no sponsorship form (an adopted text's sponsors are final).
    sponsorship_closed: Option<String>,
    can_edit: bool,
    previous: Option<usize>,
    /// Whether the viewer reads the informal rounds' comments at all (the public does not).
    shows_comments: bool,
    /// Comments on this version's paragraphs: (paragraph, who, text, when).
    comments: Vec<(String, String, String, String)>,
    paragraph_ids: Vec<String>,
    can_comment: bool,
    /// The secretariat's form to issue a draft in negotiation under its symbol, with the symbol the text
    /// carries (if it is a draft's) filled in.
    issue_symbol: Option<String>,
    /// Where each paragraph was first agreed, in reading order (empty while the agreed-language index has
    /// not reached this version).
    marks: Vec<Mark>,
    /// How many of them were agreed before in an adopted text.
    agreed_before: usize,
    /// The operative paragraphs calling upon States to join a treaty, with its parties then and now.
    treaty_calls: Vec<TreatyCallRow>,
}

/// A paragraph's call to join a treaty, as the document page shows it beside the text.
pub struct TreatyCallRow {
    pub paragraph: String,
    pub treaty: String,
    pub abbreviation: String,
    pub short_name: String,
    /// "162 parties on 19 December 2017, when it was adopted", or empty for a text not adopted.
    pub then: String,
    pub parties_today: usize,
}

impl TreatyCallRow {
    fn of(call: &crate::treaty_calls::TreatyCall) -> TreatyCallRow {
        TreatyCallRow {
            paragraph: call.paragraph.clone(),
            treaty: call.treaty.to_string(),
            abbreviation: call.abbreviation.clone(),
            short_name: call.short_name.clone(),
            then: match (call.parties_at_adoption, call.adopted) {
                (Some(parties), Some(day)) => {
                    format!(
                        "{parties} parties on {}, when it was adopted",
                        plenary_core::dates::format_date(day)
                    )
                }
                _ => String::new(),
            },
            parties_today: call.parties_today,
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct ShowQuery {
    version: Option<usize>,
}

/// `GET /documents/{id}?version=N`.
pub async fn show<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    flash: Flash,
    Path(id): Path<String>,
    Query(query): Query<ShowQuery>,
) -> Result<Response, PageError> {
    let state = app.journal.state().await;
    let entry = find(&state, &viewer.0, &id)?;
    let version = version_of(entry, query.version)?;
    let document = document_of(version)?;
    let (own_state, sponsorship_closed) = match viewer.0.state() {
        None => (None, None),
        Some(own) => match check(&viewer.0, &Action::Sponsor { state: own, document: entry }) {
            Ok(()) => (Some((own.name().to_owned(), entry.sponsors.contains(own))), None),
            Err(_) if entry.status == DocumentStatus::Adopted => {
                (None, Some("Sponsorship closes when the text is adopted.".to_owned()))
            }
            Err(refusal) => (None, Some(refusal.message)),
        },
    };
    let shows_comments = may_read_comments(&viewer.0);
    let issue_symbol = (entry.status == DocumentStatus::Negotiation
        && check(&viewer.0, &Action::ChangeDocumentStatus).is_ok())
    .then(|| {
        document
            .symbol
            .as_ref()
            .filter(|symbol| symbol.is_draft())
            .map(ToString::to_string)
            .unwrap_or_default()
    });
    let can_edit = check(&viewer.0, &Action::ReviseDocument(entry)).is_ok();
    let symbol = document.symbol.as_ref().map_or_else(|| entry.id.clone(), ToString::to_string);
    let mut page = DocumentPage {
        layout: viewer.layout(symbol, Section::Documents),
        flash,
        id: entry.id.clone(),
        status: entry.status.name(),
        version: version.number,
        versions: entry
            .versions
            .iter()
            .map(|each| VersionLine {
                number: each.number,
                label: each.version.label.clone().unwrap_or_default(),
                source_format: each.version.source_format.clone(),
                recorded_at: each.recorded_at.clone(),
                recorded_by: recorder_name(&each.recorded_by),
                current: each.number == version.number,
            })
            .collect(),
        sponsors: sponsors_in_un_order(entry)
            .iter()
            .map(|state| (state.code().to_owned(), state.name().to_owned()))
            .collect(),
        printed: plenary_render::html::resolution(&document),
        own_state,
        sponsorship_closed,
        can_edit,
        previous: version.number.checked_sub(1).filter(|number| *number > 0),
        shows_comments,
        comments: entry
            .comments
            .iter()
            .filter(|comment| shows_comments && comment.version == version.number)
            .map(|comment| {
                let who = comment
                    .state
                    .as_ref()
                    .map_or_else(|| comment.recorded_by.clone(), |state| state.name().to_owned());
                (comment.paragraph.clone(), who, comment.text.clone(), comment.recorded_at.clone())
            })
            .collect(),
        paragraph_ids: fields_of(&document).into_iter().map(|field| field.id).collect(),
        can_comment: check(&viewer.0, &Action::Comment).is_ok(),
        issue_symbol,
        marks: Vec::new(),
        agreed_before: 0,
        treaty_calls: crate::treaty_calls::calls_in(&document, &state.treaties, app.now().date())
            .iter()
            .map(TreatyCallRow::of)
            .collect(),
    };
    drop(state);
    // Beside the text, not in it: the printed HTML stays the one every other caller gets.
    page.marks = marks(&app.search.agreed_in(page.id.clone(), page.version as u64).await?);
    page.agreed_before = page.marks.iter().filter(|mark| mark.first.is_some()).count();
    Ok(render(&page))
}

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    layout: Layout,
    error: Option<String>,
    id: String,
    label: String,
    /// The viewer's state, when it is a delegation: the form offers to sponsor the draft for it.
    sponsor_as: Option<String>,
    sponsor: bool,
    /// After an import: the document's id and the importer's diagnostics.
    imported: Option<String>,
    diagnostics: Vec<(String, String)>,
    /// When the text's id is taken: what may be done with it instead.
    existing: Option<Existing>,
}

/// A document whose id an upload would take: the page offers to add the upload as its new version, when
/// the permission table lets the viewer revise it, or says why not.
pub struct Existing {
    pub id: String,
    /// The upload, base64, carried back by the "add as a new version" button.
    pub upload: String,
    /// Why the viewer may not add a version, if it may not.
    pub refusal: Option<String>,
}

impl ImportPage {
    fn new(viewer: &Viewer) -> ImportPage {
        ImportPage {
            layout: viewer.layout("Import a document", Section::Documents),
            error: None,
            id: String::new(),
            label: String::new(),
            sponsor_as: viewer.0.state().map(|state| state.name().to_owned()),
            sponsor: false,
            imported: None,
            diagnostics: Vec::new(),
            existing: None,
        }
    }
}

/// `GET /documents/import`.
pub async fn import_form(viewer: Viewer) -> Result<Response, PageError> {
    check(&viewer.0, &Action::ImportDocument { status: DocumentStatus::Negotiation })?;
    Ok(render(&ImportPage::new(&viewer)))
}

/// The fields of a multipart form: the file and the text fields by name.
#[derive(Default)]
struct Upload {
    file: Vec<u8>,
    fields: Vec<(String, String)>,
}

impl Upload {
    async fn read(multipart: &mut Multipart) -> Result<Upload, PageError> {
        let mut upload = Upload::default();
        while let Some(field) = multipart
            .next_field()
            .await
            .map_err(|error| ApiError::bad_request(format!("the upload could not be read: {error}")))?
        {
            let name = field.name().unwrap_or_default().to_owned();
            let bytes = field
                .bytes()
                .await
                .map_err(|error| ApiError::bad_request(format!("the upload broke off: {error}")))?;
            if name == "file" {
                upload.file = bytes.to_vec();
            } else {
                upload.fields.push((name, String::from_utf8_lossy(&bytes).into_owned()));
            }
        }
        Ok(upload)
    }

    fn field(&self, name: &str) -> String {
        self.fields
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.trim().to_owned())
            .unwrap_or_default()
    }
}

/// `POST /documents/import` (multipart): the file, an optional id and label, and whether the importing
/// delegation sponsors it (never unless ticked). The result page lists what the importer noticed; a file
/// that is not a resolution is refused with the reasons, and nothing stored; a text whose id is taken is
/// offered as a new version of that document.
pub async fn import<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let upload = Upload::read(&mut multipart).await?;
    viewer.check_form(&upload.field("csrf_token"))?;
    let mut page = ImportPage::new(&viewer);
    page.id = upload.field("id");
    page.label = upload.field("label");
    page.sponsor = !upload.field("sponsor").is_empty();
    if upload.file.is_empty() {
        page.error = Some("Choose a file to import.".to_owned());
        return Ok(render(&page));
    }
    let request = ImportRequest {
        id: Some(page.id.clone()).filter(|id| !id.is_empty()),
        label: Some(page.label.clone()).filter(|label| !label.is_empty()),
        sponsor: page.sponsor,
        ..ImportRequest::default()
    };
    let encoded = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &upload.file);
    match acts::import_or_find(&app, &viewer.0, upload.file, request).await {
        Ok(Imported::Recorded(recorded)) => {
            page.diagnostics = diagnostic_lines(&recorded.diagnostics);
            page.imported = Some(recorded.id);
        }
        Ok(Imported::IdTaken { id }) => {
            let refusal = acts::may_revise(&app, &viewer.0, &id).await.err().map(|error| error.message);
            page.error = Some(format!("A document {id} already exists."));
            page.existing = Some(Existing { id, upload: encoded, refusal });
        }
        Err(error) => page.error = Some(error.message),
    }
    Ok(render(&page))
}

/// The largest body `POST /documents/{id}/versions` takes: the import page takes a file within axum's
/// default 2 MB, and its "add as a new version" button sends it back in base64, a third larger.
pub const ADD_VERSION_FORM_LIMIT: usize = 3 * 1024 * 1024;

/// `POST /documents/{id}/versions` (multipart): a file (`file`, or `upload`, the base64 the import page
/// carries back when the text's id was taken) as the next version of a draft, by whoever may edit it.
pub async fn add_version<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Path(id): Path<String>,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let upload = Upload::read(&mut multipart).await?;
    viewer.check_form(&upload.field("csrf_token"))?;
    let label = Some(upload.field("label")).filter(|label| !label.is_empty());
    let body = if upload.file.is_empty() {
        base64::Engine::decode(&base64::engine::general_purpose::STANDARD, upload.field("upload")).map_err(
            |_| ApiError::bad_request("the text to add was damaged on its way back: import it again"),
        )?
    } else {
        upload.file
    };
    let back = format!("/documents/{id}");
    match acts::revise_document(&app, &viewer.0, &id, Revision::Upload { body, label }).await {
        Ok(recorded) => Ok(see_other(
            &format!("/documents/{id}?version={}", recorded.version),
            Some(&format!("Version {} of {id} recorded.", recorded.version)),
        )),
        Err(error) => refused_act(&back, error),
    }
}

#[derive(Debug, Deserialize)]
pub struct IssueForm {
    csrf_token: String,
    symbol: String,
}

/// `POST /documents/{id}/issue`: the secretariat issues a draft in negotiation under its symbol
/// (`A/C.3/80/L.49`, `A/C.3/80/L.49/Rev.1`); the symbol is checked and recorded on the text.
pub async fn issue<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(form): Form<IssueForm>,
) -> Result<Response, PageError> {
    viewer.check_form(&form.csrf_token)?;
    let back = format!("/documents/{id}");
    match acts::issue_document(&app, &viewer.0, &id, &form.symbol).await {
        Ok(symbol) => Ok(see_other(&back, Some(&format!("Issued as {symbol}.")))),
        Err(error) => refused_act(&back, error),
    }
}

/// The importer's diagnostics as (severity, "line N: message").
fn diagnostic_lines(diagnostics: &Value) -> Vec<(String, String)> {
    diagnostics
        .as_array()
        .map(|list| {
            list.iter()
                .map(|diagnostic| {
                    let severity = diagnostic["severity"].as_str().unwrap_or("warning").to_owned();
                    let message = diagnostic["message"].as_str().unwrap_or_default();
                    let text = match diagnostic["line"].as_u64() {
                        Some(line) => format!("line {line}: {message}"),
                        None => message.to_owned(),
                    };
                    (severity, text)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// One paragraph in the edit form.
pub struct EditField {
    pub id: String,
    pub label: String,
    pub text: String,
    pub depth: usize,
}

#[derive(Template)]
#[template(path = "edit.html")]
struct EditPage {
    layout: Layout,
    id: String,
    symbol: String,
    version: usize,
    fields: Vec<EditField>,
    new_operative: String,
    label: String,
    warnings: Vec<String>,
    error: Option<String>,
}

fn fields_of(document: &Document) -> Vec<EditField> {
    fn walk(fields: &mut Vec<EditField>, paragraph: &Paragraph, depth: usize) {
        let printed = match (paragraph.number, &paragraph.label) {
            (Some(number), _) => format!("{number}."),
            (None, Some(label)) => format!("({label})"),
            (None, None) => String::new(),
        };
        fields.push(EditField {
            id: paragraph.id.to_string(),
            label: format!("{} {printed}", paragraph.id).trim().to_owned(),
            text: paragraph.text.clone(),
            depth,
        });
        for sub in &paragraph.subparagraphs {
            walk(fields, sub, depth + 1);
        }
    }
    let mut fields = Vec::new();
    for paragraph in document.preamble.iter().chain(&document.operative) {
        walk(&mut fields, paragraph, 0);
    }
    for section in &document.sections {
        for paragraph in section.preamble.iter().chain(&section.operative) {
            walk(&mut fields, paragraph, 0);
        }
    }
    fields
}

async fn editable<L: EventLog>(
    app: &App<L>,
    viewer: &Viewer,
    id: &str,
) -> Result<(Document, String, usize), PageError> {
    let state = app.journal.state().await;
    let entry = find(&state, &viewer.0, id)?;
    check(&viewer.0, &Action::ReviseDocument(entry))?;
    let version = version_of(entry, None)?;
    let document = document_of(version)?;
    let symbol = document.symbol.as_ref().map_or_else(|| id.to_owned(), ToString::to_string);
    Ok((document, symbol, version.number))
}

/// `GET /documents/{id}/edit`.
pub async fn edit_form<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let (document, symbol, version) = editable(&app, &viewer, &id).await?;
    Ok(render(&EditPage {
        layout: viewer.layout(format!("Edit {symbol}"), Section::Documents),
        id,
        symbol,
        version,
        fields: fields_of(&document),
        new_operative: String::new(),
        label: String::new(),
        warnings: Vec::new(),
        error: None,
    }))
}

/// `POST /documents/{id}/edit`: the changed paragraphs become a new version. Opening phrases outside the UN
/// vocabulary are listed first and saved only when confirmed ("Save anyway").
pub async fn edit<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let value =
        |name: &str| form.iter().find(|(key, _)| key == name).map(|(_, value)| value.trim().to_owned());
    viewer.check_form(&value("csrf_token").unwrap_or_default())?;
    let (mut document, symbol, version) = editable(&app, &viewer, &id).await?;
    let mut warnings = Vec::new();
    let mut changed = 0;
    let mut revise = |paragraph: &mut Paragraph, part: ParagraphPart, top: bool| {
        if let Some(text) = value(&paragraph.id.to_string()) {
            if text != paragraph.text && !text.is_empty() {
                if top && opening_phrase(&text, part).is_none() {
                    warnings.push(format!(
                        "{}: “{}” does not open with a phrase of the UN vocabulary",
                        paragraph.id,
                        first_words(&text)
                    ));
                }
                paragraph.text = text;
                // Marks stood at offsets of the old words; keep those that still fall inside the text.
                let length = paragraph.text.chars().count();
                paragraph.footnote_refs.retain(|mark| mark.at <= length);
                changed += 1;
            }
        }
    };
    for_each_paragraph(&mut document, &mut revise);
    let new_operative = value("new_operative").unwrap_or_default();
    if !new_operative.is_empty() {
        if opening_phrase(&new_operative, ParagraphPart::Operative).is_none() {
            warnings.push(format!(
                "the new paragraph: “{}” does not open with an operative phrase of the UN vocabulary",
                first_words(&new_operative)
            ));
        }
        let number =
            document.operative.iter().filter_map(|paragraph| paragraph.number).max().unwrap_or(0) + 1;
        let mut paragraph =
            Paragraph::new(plenary_core::ParagraphId::operative(number), new_operative.clone());
        paragraph.number = Some(number);
        document.operative.push(paragraph);
        changed += 1;
    }
    let label = value("label").unwrap_or_default();
    let confirmed = value("confirm").is_some();
    if changed == 0 || (!warnings.is_empty() && !confirmed) {
        let (original, _, _) = editable(&app, &viewer, &id).await?;
        let mut fields = fields_of(&original);
        for field in &mut fields {
            if let Some(text) = value(&field.id) {
                field.text = text;
            }
        }
        return Ok(render(&EditPage {
            layout: viewer.layout(format!("Edit {symbol}"), Section::Documents),
            id,
            symbol,
            version,
            fields,
            new_operative,
            label,
            error: (changed == 0).then(|| "Nothing was changed.".to_owned()),
            warnings,
        }));
    }
    let label = Some(label).filter(|label| !label.is_empty());
    let revision = Revision::Edited { document: Box::new(document), label };
    let number = match acts::revise_document(&app, &viewer.0, &id, revision).await {
        Ok(recorded) => recorded.version,
        Err(error) => return Ok(refused(&format!("/documents/{id}/edit"), &error)),
    };
    Ok(see_other(
        &format!("/documents/{id}?version={number}"),
        Some(&format!("Version {number} recorded: {changed} paragraph(s) changed.")),
    ))
}

fn first_words(text: &str) -> String {
    text.split_whitespace().take(4).collect::<Vec<_>>().join(" ")
}

/// Calls `revise` on every paragraph (and sub-paragraph) with its part and whether it is a paragraph of its
/// own (not a sub-paragraph).
fn for_each_paragraph(document: &mut Document, revise: &mut impl FnMut(&mut Paragraph, ParagraphPart, bool)) {
    fn walk(
        paragraph: &mut Paragraph,
        part: ParagraphPart,
        top: bool,
        revise: &mut impl FnMut(&mut Paragraph, ParagraphPart, bool),
    ) {
        revise(paragraph, part, top);
        for sub in &mut paragraph.subparagraphs {
            walk(sub, part, false, revise);
        }
    }
    for paragraph in &mut document.preamble {
        walk(paragraph, ParagraphPart::Preambular, true, revise);
    }
    for paragraph in &mut document.operative {
        walk(paragraph, ParagraphPart::Operative, true, revise);
    }
    for section in &mut document.sections {
        for paragraph in &mut section.preamble {
            walk(paragraph, ParagraphPart::Preambular, true, revise);
        }
        for paragraph in &mut section.operative {
            walk(paragraph, ParagraphPart::Operative, true, revise);
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct CommentForm {
    csrf_token: String,
    version: usize,
    paragraph: String,
    text: String,
}

/// `POST /documents/{id}/comments`: a comment on one paragraph of a version, in an informal round.
pub async fn comment<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(form): Form<CommentForm>,
) -> Result<Response, PageError> {
    viewer.check_form(&form.csrf_token)?;
    let back = format!("/documents/{id}?version={}", form.version);
    match acts::comment(&app, &viewer.0, &id, Some(form.version), &form.paragraph, &form.text).await {
        Ok(_) => Ok(see_other(
            &format!("{back}#comments"),
            Some(&format!("Comment on {} recorded.", form.paragraph.trim())),
        )),
        Err(error) => refused_act(&back, error),
    }
}

#[derive(Debug, Deserialize)]
pub struct SponsorshipForm {
    csrf_token: String,
    action: String,
}

/// `POST /documents/{id}/sponsorship`: a delegation joins or withdraws for its own state.
pub async fn sponsorship<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(form): Form<SponsorshipForm>,
) -> Result<Response, PageError> {
    viewer.check_form(&form.csrf_token)?;
    let back = format!("/documents/{id}");
    let Some(own) = viewer.0.state().cloned() else {
        return Ok(refused(&back, &ApiError::forbidden("only a delegation sponsors, for its own state")));
    };
    let (sponsorship, notice) = match form.action.as_str() {
        "join" => (Sponsorship::Join, "joined the sponsors"),
        "withdraw" => (Sponsorship::Withdraw, "withdrew as a sponsor"),
        other => {
            return Err(ApiError::bad_request(format!("unknown action {other:?}: join or withdraw")).into());
        }
    };
    match acts::sponsor(&app, &viewer.0, &id, own.clone(), sponsorship).await {
        Ok(_) => Ok(see_other(&back, Some(&format!("{} {notice}.", own.name())))),
        Err(error) => refused_act(&back, error),
    }
}

/// Who recorded a version, as a reader says it: the account, or Plenary itself for the texts its first
/// start loads (the seed's actor is a name for the log, not for a page).
fn recorder_name(actor: &str) -> String {
    if actor == crate::seed::SEED_ACTOR { "Plenary at its first start".to_owned() } else { actor.to_owned() }
}
