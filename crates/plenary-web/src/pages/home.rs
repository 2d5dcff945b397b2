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
}

/// `GET /`.
pub async fn home<L: EventLog>(State(app): State<Arc<App<L>>>, viewer: Viewer, flash: Flash) -> Response {
    let (meetings, documents) = {
        let state = app.journal.state().await;
        (
            state.meetings.values().map(meeting_view).collect(),
            state.documents.values().filter(|entry| visible(&viewer.0, entry)).map(row).collect(),
        )
    };
    render(&HomePage { layout: viewer.layout("Plenary", Section::Home), flash, meetings, documents })
}
