//! Who is asking: passwords (argon2), sessions (a random token in an HttpOnly, SameSite=Strict cookie;
//! only its hash is stored), CSRF protection for requests made with that cookie, and the sign-in rate
//! limit.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{Method, header};
use plenary_core::procedure::StateRef;
use plenary_store::{EventLog, Role};
use rand::Rng;
use sha2::{Digest, Sha256};

use crate::app::App;
use crate::error::ApiError;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "plenary_session";
/// The header a request made with the session cookie must carry on every state-changing method.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// How long a session lasts.
pub const SESSION_LIFETIME: Duration = Duration::from_secs(12 * 60 * 60);

/// The argon2id cost of password hashes.
#[derive(Debug, Clone)]
pub struct PasswordCost(pub Params);

impl PasswordCost {
    /// The OWASP recommendation for argon2id: 19 MiB, two passes, one lane.
    pub fn production() -> PasswordCost {
        PasswordCost(Params::new(19 * 1024, 2, 1, None).unwrap_or_default())
    }

    /// A cheap cost for tests that sign in hundreds of accounts: still argon2id, still salted.
    pub fn for_tests() -> PasswordCost {
        PasswordCost(Params::new(256, 1, 1, None).unwrap_or_default())
    }

    fn hasher(&self) -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, self.0.clone())
    }
}

/// An argon2id PHC string for `password`, with a fresh salt.
pub fn hash_password(password: &str, cost: &PasswordCost) -> Result<String, ApiError> {
    let salt = SaltString::generate(&mut OsRng);
    cost.hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|error| ApiError::internal(format!("hashing a password: {error}")))
}

/// Whether `password` matches the stored PHC string (whatever cost it was hashed at).
pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .is_ok_and(|hash| Argon2::default().verify_password(password.as_bytes(), &hash).is_ok())
}

/// A password for a generated account: 20 characters from an alphabet without look-alikes (~100 bits).
pub fn generate_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut random = rand::rng();
    (0..20).map(|_| char::from(ALPHABET[random.random_range(0..ALPHABET.len())])).collect()
}

/// A random token: 32 bytes, hex.
pub fn generate_token() -> String {
    let bytes: [u8; 32] = rand::rng().random();
    hex::encode(bytes)
}

/// What is stored of a session token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The account behind a request, or the public.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    Public,
    Account { id: String, role: Role, state: Option<StateRef>, csrf_token: String, token_hash: String },
}

impl Actor {
    pub fn role(&self) -> Option<Role> {
        match self {
            Actor::Public => None,
            Actor::Account { role, .. } => Some(*role),
        }
    }

    /// The account id recorded as the actor of events; empty for the public.
    pub fn id(&self) -> &str {
        match self {
            Actor::Public => "",
            Actor::Account { id, .. } => id,
        }
    }

    /// The state a delegation acts for.
    pub fn state(&self) -> Option<&StateRef> {
        match self {
            Actor::Account { role: Role::Delegation, state, .. } => state.as_ref(),
            _ => None,
        }
    }

    /// The session's CSRF token, which every form that changes something sends back.
    pub fn csrf_token(&self) -> Option<&str> {
        match self {
            Actor::Public => None,
            Actor::Account { csrf_token, .. } => Some(csrf_token),
        }
    }

    /// The role name for messages and the permission matrix: `public` for nobody signed in.
    pub fn role_name(&self) -> &'static str {
        self.role().map_or("public", Role::name)
    }
}

fn session_token(parts: &Parts) -> Option<String> {
    cookie(parts, SESSION_COOKIE)
}

/// The value of the cookie `wanted` in a request's `Cookie` headers, if it is there and not empty.
pub fn cookie(parts: &Parts, wanted: &str) -> Option<String> {
    parts.headers.get_all(header::COOKIE).iter().filter_map(|value| value.to_str().ok()).find_map(|cookies| {
        cookies.split(';').find_map(|cookie| {
            let (name, value) = cookie.trim().split_once('=')?;
            (name == wanted && !value.is_empty()).then(|| value.to_owned())
        })
    })
}

fn changes_state(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The actor behind a request's session cookie, without the CSRF check: the pages read it for every request
/// and check the token a form sends back themselves (`pages::forms`).
pub async fn session_actor<L: EventLog>(parts: &Parts, app: &App<L>) -> Result<Actor, ApiError> {
    let Some(token) = session_token(parts) else { return Ok(Actor::Public) };
    let hash = token_hash(&token);
    let Some(session) = app.journal.log().session(&hash, app.now().unix_timestamp()).await? else {
        // An expired or unknown cookie is no session: the request is the public's.
        return Ok(Actor::Public);
    };
    let state = app.journal.state().await;
    let Some(account) = state.accounts.get(&session.account) else { return Ok(Actor::Public) };
    Ok(Actor::Account {
        id: account.id.clone(),
        role: account.role,
        state: account.state.clone(),
        csrf_token: session.csrf_token,
        token_hash: hash,
    })
}

impl<L: EventLog> FromRequestParts<Arc<App<L>>> for Actor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<App<L>>) -> Result<Actor, ApiError> {
        let actor = session_actor(parts, app).await?;
        // A request made with the cookie that changes anything must prove it comes from our own page or
        // client: a cross-site form cannot read the token to send it back.
        if let Actor::Account { csrf_token, .. } = &actor {
            if changes_state(&parts.method) {
                let sent = parts.headers.get(CSRF_HEADER).and_then(|value| value.to_str().ok());
                if sent != Some(csrf_token.as_str()) {
                    return Err(csrf_refused(&format!(
                        "a request that changes anything must carry the {CSRF_HEADER} header given at sign-in"
                    )));
                }
            }
        }
        Ok(actor)
    }
}

/// The refusal of a state-changing request without the session's CSRF token.
pub fn csrf_refused(message: &str) -> ApiError {
    ApiError::new(axum::http::StatusCode::FORBIDDEN, "csrf", message)
}

/// How failed sign-ins slow down whoever makes them.
///
/// Failures are counted per client address and per (account, address) — never per account alone: a count
/// per account would let anyone lock the real chair out by typing wrong passwords from anywhere. Within
/// [`SignInLimiter::free`] failures nothing happens (people mistype); each further failure locks that key
/// for twice as long as the one before, from `base` up to `cap`. A key that has not failed for `forget` is
/// forgotten. A success clears the (account, address) key, not the address's: an address that guessed
/// many accounts stays slowed down.
#[derive(Debug)]
pub struct SignInLimiter {
    failures: Mutex<HashMap<String, Failures>>,
    /// Failures of one account from one address before its lock starts.
    pub free_per_account: u32,
    /// Failures from one address, over all accounts, before its lock starts: higher, because an assembly
    /// hall signs in from behind one NAT address.
    pub free_per_address: u32,
    pub base: Duration,
    pub cap: Duration,
    pub forget: Duration,
}

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    last: Instant,
    locked_until: Instant,
}

/// Keys kept before the expired ones are swept: bounds the memory an address-rotating attacker can use.
const LIMITER_SWEEP_AT: usize = 10_000;

impl Default for SignInLimiter {
    fn default() -> SignInLimiter {
        SignInLimiter {
            failures: Mutex::new(HashMap::new()),
            free_per_account: 5,
            free_per_address: 20,
            base: Duration::from_secs(1),
            cap: Duration::from_secs(15 * 60),
            forget: Duration::from_secs(60 * 60),
        }
    }
}

impl SignInLimiter {
    fn keys(address: &str, account: &str) -> [(String, bool); 2] {
        [(format!("address {address}"), false), (format!("account {account} from {address}"), true)]
    }

    /// Refuses while the address, or the account from this address, is locked; says how long is left.
    pub fn check(&self, address: &str, account: &str) -> Result<(), Duration> {
        self.check_at(address, account, Instant::now())
    }

    fn check_at(&self, address: &str, account: &str, now: Instant) -> Result<(), Duration> {
        let failures = self.failures.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let wait = Self::keys(address, account)
            .iter()
            .filter_map(|(key, _)| failures.get(key))
            .map(|entry| entry.locked_until.saturating_duration_since(now))
            .max()
            .unwrap_or_default();
        if wait.is_zero() { Ok(()) } else { Err(wait) }
    }

    /// Counts a failure of `account` from `address`, and locks the keys that have used up their free ones.
    pub fn failed(&self, address: &str, account: &str) {
        self.failed_at(address, account, Instant::now());
    }

    fn failed_at(&self, address: &str, account: &str, now: Instant) {
        let mut failures = self.failures.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if failures.len() >= LIMITER_SWEEP_AT {
            failures.retain(|_, entry| now.saturating_duration_since(entry.last) < self.forget);
        }
        for (key, per_account) in Self::keys(address, account) {
            let free = if per_account { self.free_per_account } else { self.free_per_address };
            let entry = failures.entry(key).or_insert(Failures { count: 0, last: now, locked_until: now });
            if now.saturating_duration_since(entry.last) >= self.forget {
                entry.count = 0;
            }
            entry.count = entry.count.saturating_add(1);
            entry.last = now;
            if entry.count >= free {
                let doublings = (entry.count - free).min(30);
                let lock = self.base.saturating_mul(1u32 << doublings).min(self.cap);
                entry.locked_until = now + lock;
            }
        }
    }

    /// A successful sign-in: the account's own count from this address starts again.
    pub fn succeeded(&self, address: &str, account: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let [_, (key, _)] = Self::keys(address, account);
        failures.remove(&key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_hash_only() {
        let cost = PasswordCost::for_tests();
        let hash = hash_password("correct horse", &cost).expect("hashed");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &hash));
        assert!(!verify_password("correct horse!", &hash));
        assert_ne!(hash, hash_password("correct horse", &cost).expect("hashed"), "salted");
    }

    #[test]
    fn failures_lock_only_the_address_and_the_account_from_that_address_with_doubling_locks() {
        let limiter = SignInLimiter::default();
        let start = Instant::now();
        let (attacker, chair) = ("203.0.113.66", "198.51.100.1");
        // Mistyping is free: four failures lock nothing.
        for second in 0..4 {
            limiter.failed_at(attacker, "chair", start + Duration::from_secs(second));
            assert!(limiter.check_at(attacker, "chair", start + Duration::from_secs(second)).is_ok());
        }
        // The fifth locks the account from that address for 1 s, then 2, 4, 8 …
        let mut now = start + Duration::from_secs(10);
        let mut expected = Duration::from_secs(1);
        for _ in 0..8 {
            limiter.failed_at(attacker, "chair", now);
            assert_eq!(limiter.check_at(attacker, "chair", now), Err(expected));
            assert!(limiter.check_at(attacker, "chair", now + expected).is_ok(), "the lock ends");
            assert!(limiter.check_at(chair, "chair", now).is_ok(), "the chair's own address is never locked");
            now += expected;
            expected *= 2;
        }
        // … up to the cap.
        for _ in 0..30 {
            limiter.failed_at(attacker, "chair", now);
        }
        assert_eq!(limiter.check_at(attacker, "chair", now), Err(limiter.cap));
        // The address itself is now locked for every account: it cannot spray.
        assert!(limiter.check_at(attacker, "dnk", now).is_err());
        // An hour without failures and the keys are forgotten.
        let later = now + limiter.cap + limiter.forget;
        limiter.failed_at(attacker, "chair", later);
        assert!(limiter.check_at(attacker, "chair", later).is_ok());
    }

    #[test]
    fn a_success_clears_the_accounts_count_from_its_address() {
        let limiter = SignInLimiter::default();
        let now = Instant::now();
        for _ in 0..4 {
            limiter.failed_at("10.0.0.1", "dnk", now);
        }
        limiter.succeeded("10.0.0.1", "dnk");
        limiter.failed_at("10.0.0.1", "dnk", now);
        assert!(limiter.check_at("10.0.0.1", "dnk", now).is_ok(), "one failure after a success is free");
    }
}

/// The client as the limits count it (`server::client_key`: the IPv4 address, or the IPv6 /64) when the
/// server knows its address (it always does when serving with connect info; tests driving the router
/// directly have none unless they insert `ConnectInfo`).
#[derive(Debug, Clone)]
pub struct ClientAddress(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<ClientAddress, Self::Rejection> {
        let address = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map_or_else(|| "unknown".to_owned(), |info| crate::server::client_key(info.0.ip()));
        Ok(ClientAddress(address))
    }
}
