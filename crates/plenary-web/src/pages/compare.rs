//! The compare page: any two versions of any two documents, with "what is new", the new text with its
//! changes in place (moved paragraphs marked as moved, linked to where they stood), the side-by-side table,
//! and the Word file with tracked changes.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use plenary_core::compare::ChangeKind;
use plenary_render::comparison::{NamedDocument, to_html_fragment};
use plenary_store::EventLog;
use serde::Deserialize;

use super::agreed::{AgreedElsewhere, agreed_elsewhere};
use super::documents::row;
use super::{Layout, PageError, Section, Viewer, render};
use crate::acts;
use crate::api::documents::{Picked, pick_version, visible};
use crate::app::App;
use crate::error::ApiError;

/// A version offered in the pickers: `id@N` and how it reads.
pub struct VersionOption {
    pub value: String,
    pub text: String,
}

#[derive(Template)]
#[template(path = "compare.html")]
struct ComparePage {
    layout: Layout,
    options: Vec<VersionOption>,
    old: String,
    new: String,
    heading: Option<String>,
    comparison: Option<String>,
    /// The new text's id, and its added paragraphs first agreed in another adopted text.
    new_id: String,
    new_version: u64,
    agreed_elsewhere: Vec<AgreedElsewhere>,
    error: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct CompareQuery {
    old: Option<String>,
    new: Option<String>,
}

/// `GET /compare?old=id[@N]&new=id[@N]`.
pub async fn page<L: EventLog>(
    State(app): State<Arc<App<L>>>,
    viewer: Viewer,
    Query(query): Query<CompareQuery>,
) -> Result<Response, PageError> {
    let old = query.old.unwrap_or_default();
    let new = query.new.unwrap_or_default();
    let state = app.journal.state().await;
    let mut options = Vec::new();
    for entry in state.documents.values().filter(|entry| visible(&viewer.0, entry)) {
        let symbol = row(entry).name;
        for version in entry.versions.iter().rev() {
            let label = version
                .version
                .label
                .as_deref()
                .filter(|label| *label != symbol)
                .map(|label| format!(" — {label}"))
                .unwrap_or_default();
            options.push(VersionOption {
                value: format!("{}@{}", entry.id, version.number),
                text: format!("{symbol}, version {}{label}", version.number),
            });
        }
    }
    let mut page = ComparePage {
        layout: viewer.layout("Compare", Section::Compare),
        options,
        old: old.clone(),
        new: new.clone(),
        heading: None,
        comparison: None,
        new_id: String::new(),
        new_version: 0,
        agreed_elsewhere: Vec::new(),
        error: None,
    };
    if !old.is_empty() && !new.is_empty() {
        match (pick_version(&state, &viewer.0, &old), pick_version(&state, &viewer.0, &new)) {
            (Ok(old), Ok(new)) => {
                drop(state);
                page.heading = Some(format!("What changed in {} since {}", new.name, old.name));
                page.old.clone_from(&old.reference);
                page.new.clone_from(&new.reference);
                let (old_id, new_id, new_version) =
                    (document_id(&old), document_id(&new), version_number(&new));
                // Comparing two long texts takes real CPU time: off the async workers.
                match app.heavy.run(move || compared_fragment(&old, &new)).await {
                    Ok(Ok((fragment, added))) => {
                        page.comparison = Some(fragment);
                        if !added.is_empty() {
                            let agreed = app.search.agreed_in(new_id.clone(), new_version).await?;
                            page.agreed_elsewhere = agreed_elsewhere(&agreed, &added, &old_id);
                        }
                        page.new_id = new_id;
                        page.new_version = new_version;
                    }
                    Ok(Err(error)) | Err(error) => page.error = Some(error.message),
                }
                return Ok(render(&page));
            }
            (Err(error), _) | (_, Err(error)) => page.error = Some(error.message),
        }
    }
    drop(state);
    Ok(render(&page))
}

/// The comparison of two picked versions as the page's HTML fragment, and the ids of the paragraphs the new
/// text added.
fn compared_fragment(old: &Picked, new: &Picked) -> Result<(String, Vec<String>), ApiError> {
    let (old_document, new_document) =
        (acts::stored_document(&old.content)?, acts::stored_document(&new.content)?);
    let comparison = plenary_core::compare::compare(&old_document, &new_document);
    let added = comparison
        .changes
        .iter()
        .filter(|change| change.kind == ChangeKind::Added)
        .filter_map(|change| change.new.as_ref().map(|unit| unit.id.to_string()))
        .collect();
    let fragment = to_html_fragment(
        &comparison,
        NamedDocument { name: &old.name, document: &old_document },
        NamedDocument { name: &new.name, document: &new_document },
    );
    Ok((fragment, added))
}

/// The document of a picked reference (`a-res-80-198@1` → `a-res-80-198`).
fn document_id(picked: &Picked) -> String {
    picked.reference.rsplit_once('@').map_or(picked.reference.as_str(), |(id, _)| id).to_owned()
}

/// The version of a picked reference (`a-res-80-198@1` → 1).
fn version_number(picked: &Picked) -> u64 {
    picked.reference.rsplit_once('@').and_then(|(_, number)| number.parse().ok()).unwrap_or(1)
}
