//! The application shared by every request: the journal, the settings, and the sign-in limiter.

use std::sync::Arc;

use plenary_store::{EventLog, Fact, Journal, RecordError, StoredEvent};
use time::OffsetDateTime;

use crate::auth::{Actor, PasswordCost, SignInLimiter};
use crate::error::ApiError;

/// Settings of one server.
#[derive(Debug, Clone)]
pub struct Config {
    /// Mark the session cookie `Secure` (serve behind HTTPS). Off for plain http://127.0.0.1.
    pub secure_cookies: bool,
    pub password_cost: PasswordCost,
}

impl Default for Config {
    fn default() -> Config {
        Config { secure_cookies: false, password_cost: PasswordCost::production() }
    }
}

/// The application over a log `L`.
#[derive(Debug)]
pub struct App<L: EventLog> {
    pub journal: Arc<Journal<L>>,
    pub config: Config,
    pub sign_in_limiter: SignInLimiter,
    /// A hash to verify against when the account does not exist, so that a wrong name takes as long as a
    /// wrong password.
    pub decoy_hash: String,
}

impl<L: EventLog> App<L> {
    pub fn new(journal: Arc<Journal<L>>, config: Config) -> App<L> {
        let decoy_hash = crate::auth::hash_password("decoy", &config.password_cost).unwrap_or_default();
        App { journal, config, sign_in_limiter: SignInLimiter::default(), decoy_hash }
    }

    /// The clock: the web crate is where time enters; the core and the store are given it.
    pub fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }

    /// Records facts on behalf of `actor`.
    ///
    /// The recording runs in a task of its own: a client that hangs up drops its handler, and with it any
    /// future the handler awaits. A journal call dropped halfway would leave the requests it was
    /// committing for others (group commit) without an answer.
    pub async fn record(&self, actor: &Actor, facts: Vec<Fact>) -> Result<Vec<StoredEvent>, ApiError> {
        let journal = Arc::clone(&self.journal);
        let (actor, now) = (actor.id().to_owned(), self.now());
        tokio::spawn(async move { journal.record(&actor, facts, now).await })
            .await
            .map_err(|error| ApiError::internal(format!("recording stopped: {error}")))?
            .map_err(|error: RecordError| error.into())
    }
}
