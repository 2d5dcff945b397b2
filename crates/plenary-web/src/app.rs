//! The application shared by every request: the journal, the settings, the sign-in limiter, the live
//! streams' gate and the pool for heavy work.

use std::sync::Arc;
use std::time::Duration;

use plenary_store::{EventLog, Journal};
use time::OffsetDateTime;

use crate::auth::{PasswordCost, SignInLimiter};
use crate::heavy::HeavyWork;
use crate::search::SearchProjection;
use crate::server::AddressGate;

/// Settings of one server.
#[derive(Debug, Clone)]
pub struct Config {
    /// Mark the session cookie `Secure` (serve behind HTTPS). Off for plain http://127.0.0.1.
    pub secure_cookies: bool,
    pub password_cost: PasswordCost,
    /// Live board streams open at once, in total. Each holds a connection, so this stays below
    /// `server::Limits::max_connections`, leaving room for the requests that cast and decide.
    pub max_streams: usize,
    /// Live board streams from one client address. A hall behind one NAT address is a few hundred
    /// devices with a board open; more than that from one address is somebody holding streams.
    pub max_streams_per_address: usize,
    /// The longest wait for the next piece of a request body: a client that stops sending is cut off.
    pub request_body_timeout: Duration,
    /// The longest a handler may take to produce its response head. Streams are not cut by it: their head
    /// is sent at once and their body then flows for as long as the client watches.
    pub handler_timeout: Duration,
    /// The longest a request waits for a turn at heavy work (imports, exports) before 503.
    pub heavy_wait: Duration,
    /// A checkpoint of the log is signed at least this often while events arrive (besides one at every
    /// decision and every `Signing::every_events` events).
    pub checkpoint_interval: Duration,
    /// Where the agreed-language index lives (`DATA/search`); none keeps it in memory, built from the log
    /// at every start.
    pub search_dir: Option<std::path::PathBuf>,
    /// Whether the first start records the shipped corpus (`corpus.rs`: about 3,000 resolutions, drafts
    /// and decisions) besides the ten shipped texts. On by default, so `plenary serve` has real agreed
    /// language from its first start; tests that do not need it turn it off and start in a moment.
    pub ship_corpus: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            secure_cookies: false,
            password_cost: PasswordCost::production(),
            max_streams: 8_000,
            max_streams_per_address: 500,
            request_body_timeout: Duration::from_secs(15),
            handler_timeout: Duration::from_secs(120),
            heavy_wait: Duration::from_secs(10),
            checkpoint_interval: Duration::from_secs(10),
            search_dir: None,
            ship_corpus: true,
        }
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
    /// Open live streams, per client address and in total.
    pub streams: AddressGate,
    /// CPU-bound work (imports, exports) runs here, off the async workers, a few at a time.
    pub heavy: HeavyWork,
    /// The agreed-language index, kept in step with the log.
    pub search: Arc<SearchProjection>,
    /// The adopted texts calling for each treaty (the treaty charts' marks), kept until the texts change.
    pub treaty_series: Arc<crate::treaty_calls::SeriesCache>,
}

impl<L: EventLog> App<L> {
    pub fn new(journal: Arc<Journal<L>>, config: Config, search: Arc<SearchProjection>) -> App<L> {
        let decoy_hash = crate::auth::hash_password("decoy", &config.password_cost).unwrap_or_default();
        let streams = AddressGate::new(config.max_streams, config.max_streams_per_address);
        let heavy = HeavyWork::new(config.heavy_wait);
        App {
            journal,
            config,
            sign_in_limiter: SignInLimiter::default(),
            decoy_hash,
            streams,
            heavy,
            search,
            treaty_series: Arc::default(),
        }
    }

    /// The clock: the web crate is where time enters; the core and the store are given it.
    pub fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}
