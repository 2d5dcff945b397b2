//! Plenary over HTTP: the JSON API under `/api`, the web pages, accounts and roles, and the live voting
//! board as server-sent events. This is the only crate that knows HTTP; everything it does goes through the
//! store's journal, which checks it against the procedure engine and records it.

pub mod acts;
pub mod api;
pub mod app;
pub mod auth;
pub mod corpus;
pub mod error;
pub mod heavy;
pub mod openapi;
pub mod pages;
pub mod permissions;
pub mod search;
pub mod seed;
pub mod server;
pub mod treaty_calls;
pub mod treaty_data;
pub mod vote_data;

use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, StatusCode};
use plenary_store::{EventLog, Journal, Signing, StoreError};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};

pub use app::{App, Config};
pub use auth::PasswordCost;
pub use error::ApiError;
pub use search::SearchProjection;
pub use seed::Credentials;

/// The headers every response carries — pages, API, static files, errors, and the connection layer's own
/// 503. The policy allows scripts only from our own files (no inline script, no `eval`), nothing in frames,
/// forms only to ourselves. Styles allow inline `style` attributes: the board draws its bars with computed
/// widths (`style="width: 37.50%"`, numbers the server writes), and a style attribute cannot run script;
/// every other value in a template is escaped by askama, so no one else can write one.
pub const SECURITY_HEADERS: [(&str, &str); 4] = [
    (
        "content-security-policy",
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; object-src 'none'; \
         base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    ),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
];

/// The whole HTTP application over `app`: the API and the pages, with the request timeouts, the JSON shape
/// for every API error, and the security headers on every response.
pub fn router<L: EventLog>(app: Arc<App<L>>) -> Router {
    let config = app.config.clone();
    let mut router = api::routes::<L>()
        .merge(pages::routes::<L>(Arc::clone(&app)))
        .with_state(app)
        // A body that stops arriving is cut off; a handler (not a stream: only its head is timed) that takes
        // too long answers 503.
        .layer(RequestBodyTimeoutLayer::new(config.request_body_timeout))
        .layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, config.handler_timeout))
        .layer(axum::middleware::from_fn(error::api_errors_as_json));
    for (name, value) in SECURITY_HEADERS {
        router = router.layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        ));
    }
    router
}

/// Opens the journal over `log`, seeds it if it is empty, and starts following appends made by other
/// servers. Returns the application and, on a first start, the generated credentials.
pub async fn start<L: EventLog>(
    log: L,
    config: Config,
    signing: Signing,
) -> Result<(Arc<App<L>>, Option<Vec<Credentials>>), StartError> {
    let journal = Arc::new(Journal::open_signing(log, signing).await?);
    let interval = config.checkpoint_interval;
    let search_dir = config.search_dir.clone();
    let search = tokio::task::spawn_blocking(move || SearchProjection::open(search_dir.as_ref()))
        .await
        .map_err(|error| StartError::Search(error.to_string()))?
        .map_err(|error| StartError::Search(error.to_string()))?;
    let search = Arc::new(search);
    let app = Arc::new(App::new(Arc::clone(&journal), config, Arc::clone(&search)));
    let credentials = seed::seed_if_empty(&app).await.map_err(|error| StartError::Seed(error.message))?;
    // Subscribed before catching up, so no fact applied in between is missed (indexing twice is harmless).
    Arc::clone(&search).follow(Arc::clone(&journal));
    search.catch_up(&journal).await.map_err(|error| StartError::Search(error.to_string()))?;
    // The seed's events are signed at once, so the first checkpoint exists before the first request.
    journal.checkpoint(time::OffsetDateTime::now_utc()).await?;
    tokio::spawn(checkpoint_on_a_timer(Arc::clone(&journal), interval));
    tokio::spawn(async move {
        if let Err(error) = journal.follow().await {
            tracing::error!(%error, "following the log stopped");
        }
    });
    Ok((app, credentials))
}

/// Signs a checkpoint every `interval` when events arrived since the last one, so no acknowledged event
/// waits longer than that for a signature.
async fn checkpoint_on_a_timer<L: EventLog>(journal: Arc<Journal<L>>, interval: std::time::Duration) {
    let mut ticks = tokio::time::interval(interval.max(std::time::Duration::from_millis(100)));
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        if let Err(error) = journal.checkpoint(time::OffsetDateTime::now_utc()).await {
            tracing::error!(%error, "signing a checkpoint");
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("seeding the first start: {0}")]
    Seed(String),
    #[error("the agreed-language index: {0}")]
    Search(String),
}
