//! The agreed-language index as a projection of the event log: every version of every document in the
//! store is indexed (`plenary_search`), on disk in the data directory (`DATA/search`) or in memory. On
//! start the index catches up with the log — a missing index is built, a version the index lacks is added,
//! a status it does not know is set — and afterwards it follows every applied fact, this server's and, on
//! PostgreSQL, the other servers' (the journal announces both), so every app server keeps its own index
//! in step.
//!
//! What is indexed is decided from the store alone: the versions of each document (the last is current),
//! and whether the text is agreed language (its status is adopted, or its symbol or adoption line says it
//! is an adopted resolution or decision).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use plenary_core::Document;
use plenary_search::{
    Agreed, History, IndexError, IndexedText, SearchIndex, SearchRequest, SearchResults, is_agreed_language,
};
use plenary_store::{DocumentEntry, DocumentStatus, EventLog, Journal};
use tokio::sync::broadcast::error::RecvError;

use crate::acts::stored_document;
use crate::error::ApiError;

/// How many versions are parsed and indexed in one commit while catching up.
const CATCH_UP_BATCH: usize = 500;

/// The index and where it lives.
#[derive(Debug)]
pub struct SearchProjection {
    pub index: Arc<SearchIndex>,
}

/// Why the index could not be opened or brought up to date.
#[derive(Debug, thiserror::Error)]
pub enum ProjectionError {
    #[error(transparent)]
    Index(#[from] IndexError),
    #[error("the search index's worker stopped: {0}")]
    Worker(String),
}

/// A version the index lacks, or holds as not current when it is.
struct Missing {
    document: String,
    version: u64,
    current: bool,
    status: DocumentStatus,
    content: String,
}

/// What the index must do to match the store.
#[derive(Default)]
struct Work {
    add: Vec<Missing>,
    /// Documents whose status moved on after they were indexed.
    restatus: Vec<(String, DocumentStatus)>,
}

/// What the index holds: (document, version) → (current, adopted, public).
type Held = BTreeMap<(String, u64), (bool, bool, bool)>;

impl SearchProjection {
    /// Opens the index in `directory` (created if missing; rebuilt if it cannot be read), or in memory.
    pub fn open(directory: Option<&PathBuf>) -> Result<SearchProjection, ProjectionError> {
        let index = match directory {
            None => SearchIndex::in_memory()?,
            Some(directory) => match SearchIndex::open_or_create(directory) {
                Ok(index) => index,
                Err(error) => {
                    // A projection is derived data: one that cannot be read is built again from the log.
                    tracing::warn!(%error, path = %directory.display(), "rebuilding the search index");
                    let _ = std::fs::remove_dir_all(directory);
                    SearchIndex::open_or_create(directory)?
                }
            },
        };
        Ok(SearchProjection { index: Arc::new(index) })
    }

    /// Brings the index up to date with `state`: indexes every version it lacks and corrects the status
    /// and currency of those it holds. Heavy; runs on the blocking pool.
    pub async fn catch_up<L: EventLog>(&self, journal: &Journal<L>) -> Result<(), ProjectionError> {
        // The state is read only to copy out what is missing; the index is written with the lock released.
        let work = {
            let state = journal.state().await;
            work(state.documents.values(), &self.held())
        };
        self.run(work).await
    }

    /// Brings one document up to date (after a fact about it).
    async fn sync_document(&self, entry: &DocumentEntry) -> Result<(), ProjectionError> {
        let work = work(std::iter::once(entry), &self.held());
        self.run(work).await
    }

    fn held(&self) -> Held {
        self.index
            .indexed_versions()
            .into_iter()
            .map(|held| ((held.document, held.version), (held.current, held.adopted, held.public)))
            .collect()
    }

    async fn run(&self, work: Work) -> Result<(), ProjectionError> {
        if work.add.is_empty() && work.restatus.is_empty() {
            return Ok(());
        }
        let index = Arc::clone(&self.index);
        tokio::task::spawn_blocking(move || apply(&index, work))
            .await
            .map_err(|error| ProjectionError::Worker(error.to_string()))?
    }

    /// Runs a search off the async workers. A malformed query or too many filters is the asker's error
    /// (400, with what and where); anything else is the server's.
    pub async fn search(&self, request: SearchRequest) -> Result<SearchResults, ApiError> {
        let index = Arc::clone(&self.index);
        tokio::task::spawn_blocking(move || index.search(&request))
            .await
            .map_err(|error| ApiError::internal(error.to_string()))?
            .map_err(|error| match error {
                IndexError::Query(_) | IndexError::TooManyFilters => {
                    ApiError::new(axum::http::StatusCode::BAD_REQUEST, "bad_query", error.to_string())
                }
                other => ApiError::internal(other.to_string()),
            })
    }

    /// The history of a paragraph of a document's version (none: the index has no such paragraph).
    pub async fn history(
        &self,
        document: String,
        version: u64,
        paragraph: String,
        include_restricted: bool,
    ) -> Result<Option<History>, ApiError> {
        let index = Arc::clone(&self.index);
        tokio::task::spawn_blocking(move || index.history(&document, version, &paragraph, include_restricted))
            .await
            .map_err(|error| ApiError::internal(error.to_string()))
    }

    /// Where each paragraph of a document's version was first agreed.
    pub async fn agreed_in(&self, document: String, version: u64) -> Result<Vec<Agreed>, ApiError> {
        let index = Arc::clone(&self.index);
        tokio::task::spawn_blocking(move || index.agreed_in(&document, version))
            .await
            .map_err(|error| ApiError::internal(error.to_string()))
    }

    /// Follows the journal: each applied document fact re-syncs its document; a watcher that fell behind
    /// catches up with the whole state.
    pub fn follow<L: EventLog>(self: Arc<Self>, journal: Arc<Journal<L>>) {
        let mut applied = journal.subscribe();
        tokio::spawn(async move {
            loop {
                let document = match applied.recv().await {
                    Ok(applied) => indexed_document(&applied.event.stream, &applied.event.kind),
                    Err(RecvError::Lagged(_)) => {
                        if let Err(error) = self.catch_up(&*journal).await {
                            tracing::error!(%error, "catching the search index up");
                        }
                        None
                    }
                    Err(RecvError::Closed) => break,
                };
                let Some(document) = document else { continue };
                let entry = journal.state().await.documents.get(&document).cloned();
                if let Some(entry) = entry {
                    if let Err(error) = self.sync_document(&entry).await {
                        tracing::error!(%error, %document, "indexing a document");
                    }
                }
            }
        });
    }
}

/// The document whose index entry an event changes: a document added, a version, a status.
fn indexed_document(stream: &str, kind: &str) -> Option<String> {
    let document = stream.strip_prefix("document/")?;
    matches!(kind, "document_added" | "document_version_added" | "document_status_changed")
        .then(|| document.to_owned())
}

fn work<'a>(documents: impl Iterator<Item = &'a DocumentEntry>, held: &Held) -> Work {
    let mut work = Work::default();
    for entry in documents {
        let latest = entry.versions.len();
        let adopted_status = entry.status == DocumentStatus::Adopted;
        let public = is_public(entry.status);
        for version in &entry.versions {
            let number = version.number as u64;
            let current = version.number == latest;
            match held.get(&(entry.id.clone(), number)) {
                Some(&(held_current, held_adopted, held_public)) => {
                    let moved_on = (adopted_status && !held_adopted) || public != held_public;
                    if moved_on && !work.restatus.iter().any(|(document, _)| document == &entry.id) {
                        work.restatus.push((entry.id.clone(), entry.status));
                    }
                    if current && !held_current {
                        // Indexing the current version again makes it current and the others not.
                        work.add.push(missing(entry, number, current, version.version.content.clone()));
                    }
                }
                None => work.add.push(missing(entry, number, current, version.version.content.clone())),
            }
        }
    }
    work
}

fn missing(entry: &DocumentEntry, version: u64, current: bool, content: String) -> Missing {
    Missing { document: entry.id.clone(), version, current, status: entry.status, content }
}

fn apply(index: &SearchIndex, work: Work) -> Result<(), ProjectionError> {
    for chunk in work.add.chunks(CATCH_UP_BATCH) {
        let mut batch: Vec<(&Missing, Document)> = Vec::with_capacity(chunk.len());
        for missing in chunk {
            match stored_document(&missing.content) {
                Ok(document) => batch.push((missing, document)),
                Err(error) => tracing::warn!(
                    document = %missing.document,
                    version = missing.version,
                    error = %error.message,
                    "a stored version could not be read for the search index"
                ),
            }
        }
        index_batch(index, &batch)?;
    }
    for (document, status) in work.restatus {
        // A status only goes forward; an issued decision keeps the stage its text gave it.
        let adopted = status == DocumentStatus::Adopted
            || index.indexed_versions().iter().any(|held| held.document == document && held.adopted);
        index.set_status(&document, adopted, is_public(status))?;
    }
    Ok(())
}

/// Whether everyone may read a document's texts: once issued (a text in negotiation is read only by those
/// who may read the negotiation, as `api::documents::visible` says).
fn is_public(status: DocumentStatus) -> bool {
    status != DocumentStatus::Negotiation
}

fn index_batch(index: &SearchIndex, batch: &[(&Missing, Document)]) -> Result<(), ProjectionError> {
    if batch.is_empty() {
        return Ok(());
    }
    let texts: Vec<IndexedText<'_>> = batch
        .iter()
        .map(|(want, document)| IndexedText {
            document: &want.document,
            version: want.version,
            current: want.current,
            adopted: want.status == DocumentStatus::Adopted || is_agreed_language(document),
            public: is_public(want.status),
            text: document,
        })
        .collect();
    index.add(&texts)?;
    Ok(())
}
