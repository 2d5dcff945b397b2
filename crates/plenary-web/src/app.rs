//! The application shared by every request: the journal, the settings, and the sign-in limiter.

use std::sync::Arc;

use plenary_store::{EventLog, Journal};
use time::OffsetDateTime;

use crate::auth::{PasswordCost, SignInLimiter};

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
}
