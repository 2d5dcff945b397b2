//! Plenary over HTTP: the JSON API under `/api`, the web pages, accounts and roles, and the live voting
//! board as server-sent events. This is the only crate that knows HTTP; everything it does goes through the
//! store's journal, which checks it against the procedure engine and records it.

pub mod acts;
pub mod api;
pub mod app;
pub mod auth;
pub mod error;
pub mod openapi;
pub mod pages;
pub mod permissions;
pub mod seed;

use std::sync::Arc;

use axum::Router;
use plenary_store::{EventLog, Journal, StoreError};

pub use app::{App, Config};
pub use auth::PasswordCost;
pub use error::ApiError;
pub use seed::Credentials;

/// The whole HTTP application over `app`.
pub fn router<L: EventLog>(app: Arc<App<L>>) -> Router {
    api::routes::<L>().merge(pages::routes::<L>()).with_state(app)
}

/// Opens the journal over `log`, seeds it if it is empty, and starts following appends made by other
/// servers. Returns the application and, on a first start, the generated credentials.
pub async fn start<L: EventLog>(
    log: L,
    config: Config,
) -> Result<(Arc<App<L>>, Option<Vec<Credentials>>), StartError> {
    let journal = Arc::new(Journal::open(log).await?);
    let app = Arc::new(App::new(Arc::clone(&journal), config));
    let credentials = seed::seed_if_empty(&app).await.map_err(|error| StartError::Seed(error.message))?;
    tokio::spawn(async move {
        if let Err(error) = journal.follow().await {
            tracing::error!(%error, "following the log stopped");
        }
    });
    Ok((app, credentials))
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("seeding the first start: {0}")]
    Seed(String),
}
