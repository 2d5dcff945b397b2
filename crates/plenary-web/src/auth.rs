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
    parts.headers.get_all(header::COOKIE).iter().filter_map(|value| value.to_str().ok()).find_map(|cookies| {
        cookies.split(';').find_map(|cookie| {
            let (name, value) = cookie.trim().split_once('=')?;
            (name == SESSION_COOKIE).then(|| value.to_owned())
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

/// Failed sign-ins allowed per key (client address, and account name) in a window, before refusing.
#[derive(Debug)]
pub struct SignInLimiter {
    failures: Mutex<HashMap<String, Vec<Instant>>>,
    pub allowed: usize,
    pub window: Duration,
}

impl Default for SignInLimiter {
    fn default() -> SignInLimiter {
        SignInLimiter { failures: Mutex::new(HashMap::new()), allowed: 10, window: Duration::from_secs(60) }
    }
}

impl SignInLimiter {
    /// Refuses when any of the keys has used up its failures in the window; says when to retry.
    pub fn check(&self, keys: &[&str]) -> Result<(), Duration> {
        let now = Instant::now();
        let mut failures = self.failures.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        for key in keys {
            if let Some(times) = failures.get_mut(*key) {
                times.retain(|time| now.duration_since(*time) < self.window);
                if times.len() >= self.allowed {
                    let oldest = times.first().copied().unwrap_or(now);
                    return Err(self.window.saturating_sub(now.duration_since(oldest)));
                }
            }
        }
        Ok(())
    }

    pub fn failed(&self, keys: &[&str]) {
        let now = Instant::now();
        let mut failures = self.failures.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        for key in keys {
            failures.entry((*key).to_owned()).or_default().push(now);
        }
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
    fn the_limiter_refuses_after_the_allowed_failures() {
        let limiter = SignInLimiter { allowed: 3, ..SignInLimiter::default() };
        for _ in 0..3 {
            assert!(limiter.check(&["10.0.0.1", "dnk"]).is_ok());
            limiter.failed(&["10.0.0.1", "dnk"]);
        }
        assert!(limiter.check(&["10.0.0.2", "dnk"]).is_err(), "the account is protected from any address");
        assert!(limiter.check(&["10.0.0.2", "fra"]).is_ok());
    }
}

/// The client's address when the server knows it (it always does when serving with connect info; tests
/// driving the router directly have none).
#[derive(Debug, Clone)]
pub struct ClientAddress(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<ClientAddress, Self::Rejection> {
        let address = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map_or_else(|| "unknown".to_owned(), |info| info.0.ip().to_string());
        Ok(ClientAddress(address))
    }
}
