//! The start page: the meetings, the votes in progress (one click to their live boards), and the documents.

use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use plenary_store::EventLog;

use super::chamber::{MeetingView, meeting_view};
use super::documents::{Row, row};
use super::{Flash, Layout, Section, Viewer, render};
use crate::api::documents::visible;
use crate::app::App;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    layout: Layout,
    flash: Flash,
    meetings: Vec<MeetingView>,
    documents: Vec<Row>,
    /// How many documents the viewer may see in all, when that is more than the page lists.
    more: Option<usize>,
}

/// How many documents the start page lists; the document list pages through the rest.
pub const HOME_DOCUMENTS: usize = 20;

/// `GET /`.
pub async fn home<L: EventLog>(State(app): State<Arc<App<L>>>, viewer: Viewer, flash: Flash) -> Response {
    let (meetings, documents, total) = {
        let state = app.journal.state().await;
        // The texts still moving first (drafts in negotiation, then issued), then the adopted ones: each
        // stage in the order of the ids, and only the first few of them.
        let mut visible: Vec<_> =
            state.documents.values().filter(|entry| visible(&viewer.0, entry)).collect();
        visible.sort_by_key(|entry| entry.status);
        let total = visible.len();
        (
            state.meetings.values().map(meeting_view).collect(),
            visible.into_iter().take(HOME_DOCUMENTS).map(row).collect(),
            total,
        )
    };
    let more = (total > HOME_DOCUMENTS).then_some(total);
    render(&HomePage { layout: viewer.layout("Plenary", Section::Home), flash, meetings, documents, more })
}
