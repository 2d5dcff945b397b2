//! The record of a meeting in the UN's words — each item, each sentence, each vote with its result and, for
//! a recorded vote, the listing of who voted how, and for a decided vote the signed checkpoint that covers
//! it with its proof to download — and one vote's record as a file (CSV, JSON, PDF).

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use plenary_core::procedure::Record;
use plenary_core::procedure::record::VoteRecord;
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
            "{} in favour, {} against, {} abstentions: {outcome}",
            vote.yes, vote.no, vote.abstain
        ),
        listing,
        article19: vote.article19.join(", "),
        decided: vote.outcome.is_some(),
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

/// `GET /meetings/{id}/votes/{vote}/record/{format}`: one vote's record, as `csv` (one row per member:
/// state, vote), `json` or `pdf`.
pub async fn export<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    Path((id, vote_id, format)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    let (record, sentence) = {
        let state = app.journal.state().await;
        let record = Record::of(&find(&state, &id)?.meeting);
        let found = record
            .items
            .iter()
            .flat_map(|item| &item.entries)
            .find(|entry| entry.vote.as_ref().is_some_and(|vote| vote.id == vote_id))
            .and_then(|entry| entry.vote.clone().map(|vote| (vote, entry.text.clone())));
        found
            .ok_or_else(|| ApiError::not_found(format!("{id} has no recorded result for vote {vote_id:?}")))?
    };
    let filename = format!("{id}-{vote_id}.{format}");
    let disposition = format!("attachment; filename=\"{filename}\"");
    match format.as_str() {
        "json" => {
            let body = serde_json::to_string_pretty(&serde_json::json!({ "text": sentence, "vote": record }))
                .map_err(|error| ApiError::internal(error.to_string()))?;
            Ok((
                [
                    (header::CONTENT_TYPE, "application/json".to_owned()),
                    (header::CONTENT_DISPOSITION, disposition),
                ],
                body,
            )
                .into_response())
        }
        "csv" => {
            let mut body = String::from("state,vote\n");
            if let Some(listing) = &record.listing {
                for (names, choice) in
                    [(&listing.in_favour, "yes"), (&listing.against, "no"), (&listing.abstaining, "abstain")]
                {
                    for name in names {
                        body.push_str(&format!("{},{choice}\n", csv_field(name)));
                    }
                }
            }
            Ok((
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                    (header::CONTENT_DISPOSITION, disposition),
                ],
                body,
            )
                .into_response())
        }
        "pdf" => {
            let mut lines = vec![sentence.clone(), String::new()];
            if let Some(listing) = &record.listing {
                for (heading, names) in [
                    ("In favour", &listing.in_favour),
                    ("Against", &listing.against),
                    ("Abstaining", &listing.abstaining),
                ] {
                    lines.push(format!("{heading} ({}):", names.len()));
                    lines.push(names.join(", "));
                    lines.push(String::new());
                }
            }
            let title = format!("{id}, vote {vote_id}");
            let body = plenary_render::pdf::lines_to_pdf(&title, &lines);
            Ok((
                [
                    (header::CONTENT_TYPE, "application/pdf".to_owned()),
                    (header::CONTENT_DISPOSITION, disposition),
                ],
                body,
            )
                .into_response())
        }
        other => Err(ApiError::bad_request(format!("unknown format {other:?}: csv, json or pdf")).into()),
    }
}

/// A CSV field, quoted when it holds a comma or a quote ("Bolivia (Plurinational State of)" does not; "Korea,
/// Republic of" would).
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}
