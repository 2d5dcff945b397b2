//! The record of a meeting in the UN's words — each item, each sentence, each vote with its result and, for
//! a recorded vote, the listing of who voted how, and for a decided vote the signed checkpoint that covers
//! it with its proof to download — and one vote's record as a file (CSV, JSON, PDF).

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use plenary_core::procedure::record::VoteRecord;
use plenary_core::procedure::{Method, Record};
use plenary_render::record_pdf;
use plenary_render::vote_export::{self, VoteTable};
use plenary_store::EventLog;

use super::{Layout, PageError, Section, Viewer, render};
use crate::api::meetings::find;
use crate::api::proof::{Coverage, VoteEvents, coverage, latest_size};
use crate::app::App;
use crate::error::ApiError;

pub struct EntryView {
    pub text: String,
    pub vote: Option<VoteView>,
}

pub struct VoteView {
    pub id: String,
    pub result: String,
    pub listing: Vec<(&'static str, String)>,
    pub article19: String,
    pub decided: bool,
    /// A recorded vote: each member's vote is published, in the tables (CSV) too.
    pub recorded: bool,
    /// The checkpoint that covers the decided vote, once one is signed.
    pub checkpoint: Option<CheckpointView>,
}

/// The signed checkpoint covering a vote, as the record page shows it.
pub struct CheckpointView {
    pub size: u64,
    /// Base64, as in the signed note.
    pub root: String,
    pub recorded_at: String,
    pub note: String,
    /// How many of the vote's events the proof file carries.
    pub events: usize,
}

pub struct ItemView {
    pub title: String,
    pub draft: String,
    pub entries: Vec<EntryView>,
}

#[derive(Template)]
#[template(path = "record.html")]
struct RecordPage {
    layout: Layout,
    meeting: String,
    heading: String,
    note: String,
    items: Vec<ItemView>,
}

fn vote_view(vote: &VoteRecord) -> VoteView {
    let listing = vote
        .listing
        .as_ref()
        .map(|listing| {
            vec![
                ("In favour", listing.in_favour.join(", ")),
                ("Against", listing.against.join(", ")),
                ("Abstaining", listing.abstaining.join(", ")),
            ]
        })
        .unwrap_or_default();
    let outcome = vote.result.as_deref().unwrap_or("not yet decided");
    VoteView {
        id: vote.id.clone(),
        result: format!(
            "{} in favour, {} against, {}: {outcome}",
            vote.yes,
            vote.no,
            abstentions(vote.abstain)
        ),
        listing,
        article19: vote.article19.join(", "),
        decided: vote.outcome.is_some(),
        recorded: vote.method == Method::Recorded,
        checkpoint: None,
    }
}

fn checkpoint_view(coverage: Coverage) -> Option<CheckpointView> {
    let signed = plenary_store::checkpoint::read_unverified(&coverage.checkpoint.note).ok()?;
    Some(CheckpointView {
        size: coverage.checkpoint.size,
        root: plenary_store::proof::encode(&signed.root),
        recorded_at: coverage.checkpoint.recorded_at,
        note: coverage.checkpoint.note,
        events: coverage.covered.len(),
    })
}

/// `GET /meetings/{id}/record`.
pub async fn page<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let latest = latest_size(&app).await?;
    let (record, decided) = {
        let state = app.journal.state().await;
        let entry = find(&state, &id)?;
        let record = Record::of(&entry.meeting);
        let decided: Vec<(String, VoteEvents)> = record
            .items
            .iter()
            .flat_map(|item| &item.entries)
            .filter_map(|entry| entry.vote.as_ref())
            .filter(|vote| vote.outcome.is_some())
            .map(|vote| (vote.id.clone(), VoteEvents::of(entry, &vote.id)))
            .collect();
        (record, decided)
    };
    let mut checkpoints = HashMap::new();
    for (vote, events) in &decided {
        if let Some(coverage) = coverage(&app, events, latest).await? {
            checkpoints.insert(vote.clone(), coverage);
        }
    }
    let items = record
        .items
        .iter()
        .map(|item| ItemView {
            title: match &item.agenda_item {
                Some(number) => format!("Agenda item {number}: {}", item.title),
                None => item.title.clone(),
            },
            draft: item
                .draft
                .as_ref()
                .map(|draft| format!("{} — {}", draft.symbol, draft.title))
                .unwrap_or_default(),
            entries: item
                .entries
                .iter()
                .map(|entry| EntryView {
                    text: entry.text.clone(),
                    vote: entry.vote.as_ref().map(|vote| VoteView {
                        checkpoint: checkpoints.remove(&vote.id).and_then(checkpoint_view),
                        ..vote_view(vote)
                    }),
                })
                .collect(),
        })
        .collect();
    let heading = format!("The record of {}, {}, {}", record.body, record.meeting, record.date);
    Ok(render(&RecordPage {
        layout: viewer.layout(heading.clone(), Section::Meetings),
        meeting: id,
        heading,
        note: record.note.clone().unwrap_or_default(),
        items,
    }))
}

/// `GET /meetings/{id}/votes/{vote}/record/{format}`: one vote's record, as `csv` (the UN Digital Library's
/// voting-data columns, a row for every member of the body), `unvotes.csv` (the `unvotes` columns, a row
/// for every member), `json` or `pdf`.
pub async fn export<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    Path((id, vote_id, format)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    let (meeting, record) = {
        let state = app.journal.state().await;
        let meeting = find(&state, &id)?.meeting.clone();
        let record = Record::of(&meeting);
        (meeting, record)
    };
    let (vote, sentence) = record
        .items
        .iter()
        .flat_map(|item| &item.entries)
        .find(|entry| entry.vote.as_ref().is_some_and(|vote| vote.id == vote_id))
        .and_then(|entry| entry.vote.clone().map(|vote| (vote, entry.text.clone())))
        .ok_or_else(|| ApiError::not_found(format!("{id} has no recorded result for vote {vote_id:?}")))?;
    let filename = format!("{id}-{vote_id}.{format}");
    let table = |shape: VoteTable| -> Result<Vec<u8>, ApiError> {
        let recorded = vote_export::recorded_vote(&meeting, &record, &vote_id).ok_or_else(|| {
            ApiError::not_found(format!(
                "vote {vote_id:?} of {id} was not a recorded vote: only its totals are published"
            ))
        })?;
        Ok(vote_export::vote_table(&meeting, &[recorded], shape))
    };
    let (media_type, body) = match format.as_str() {
        "json" => {
            let body = serde_json::to_vec_pretty(&serde_json::json!({ "text": sentence, "vote": vote }))
                .map_err(|error| ApiError::internal(error.to_string()))?;
            ("application/json", body)
        }
        "csv" => ("text/csv; charset=utf-8", table(VoteTable::DigitalLibrary)?),
        "unvotes.csv" => ("text/csv; charset=utf-8", table(VoteTable::Unvotes)?),
        "pdf" => {
            let recorded = vote_export::recorded_vote(&meeting, &record, &vote_id);
            let pdf =
                record_pdf::vote_pdf(&meeting, &record, recorded.as_ref(), &vote_id).ok_or_else(|| {
                    ApiError::not_found(format!("{id} has no recorded result for vote {vote_id:?}"))
                })?;
            ("application/pdf", pdf)
        }
        other => {
            return Err(ApiError::bad_request(format!(
                "unknown format {other:?}: csv, unvotes.csv, json or pdf"
            ))
            .into());
        }
    };
    Ok(download(media_type, &filename, body))
}

/// `GET /meetings/{id}/record/{format}`: the whole record of a meeting, as `text`, `json`, `csv` (every
/// recorded vote, a row per member per vote, in the UN Digital Library's columns), `unvotes.csv` or `pdf`.
pub async fn export_record<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    Path((id, format)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let meeting = {
        let state = app.journal.state().await;
        find(&state, &id)?.meeting.clone()
    };
    let record = Record::of(&meeting);
    let votes = || vote_export::recorded_votes(&meeting, &record);
    let (media_type, body) = match format.as_str() {
        "text" => ("text/plain; charset=utf-8", record.to_text().into_bytes()),
        "json" => (
            "application/json",
            serde_json::to_vec_pretty(&record).map_err(|error| ApiError::internal(error.to_string()))?,
        ),
        "csv" => (
            "text/csv; charset=utf-8",
            vote_export::vote_table(&meeting, &votes(), VoteTable::DigitalLibrary),
        ),
        "unvotes.csv" => {
            ("text/csv; charset=utf-8", vote_export::vote_table(&meeting, &votes(), VoteTable::Unvotes))
        }
        "pdf" => ("application/pdf", record_pdf::record_pdf(&meeting, &record, &votes())),
        other => {
            return Err(ApiError::bad_request(format!(
                "unknown format {other:?}: text, json, csv, unvotes.csv or pdf"
            ))
            .into());
        }
    };
    let extension = if format == "text" { "txt" } else { format.as_str() };
    Ok(download(media_type, &format!("{id}-record.{extension}"), body))
}

/// A file to download: its media type and its name.
fn download(media_type: &str, filename: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, media_type.to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
        ],
        body,
    )
        .into_response()
}

/// "1 abstention", "0 abstentions", "32 abstentions".
fn abstentions(count: u32) -> String {
    if count == 1 { "1 abstention".to_owned() } else { format!("{count} abstentions") }
}
