//! A client for the real router: requests go through the whole application (extractors, permission
//! matrix, journal, SQLite) without a socket.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use plenary_store::SqliteLog;
use plenary_web::{App, Config, Credentials, PasswordCost};
use serde_json::Value;
use tower::ServiceExt;

/// A seeded service with the demo accounts, and a cookie jar per signed-in account.
pub struct Service {
    pub router: Router,
    #[allow(dead_code, reason = "tests that look at the state directly use it")]
    pub app: Arc<App<SqliteLog>>,
    pub credentials: Vec<Credentials>,
    sessions: HashMap<String, (String, String)>,
    _directory: TempDir,
}

pub struct Response {
    pub status: StatusCode,
    pub body: Vec<u8>,
    pub headers: axum::http::HeaderMap,
}

impl Response {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn code(&self) -> String {
        self.json()["error"]["code"].as_str().unwrap_or_default().to_owned()
    }
}

/// The log key the tests' services sign with: fixed, so a test can check a checkpoint against it.
pub fn test_log_key() -> plenary_store::LogKey {
    plenary_store::LogKey::from_seed("plenary.test/record", &[42; 32]).expect("a valid name")
}

pub fn test_signing() -> plenary_store::Signing {
    plenary_store::Signing { key: Some(test_log_key()), every_events: plenary_store::CHECKPOINT_EVERY_EVENTS }
}

impl Service {
    pub async fn start() -> Service {
        Service::start_with(|_| ()).await
    }

    /// A seeded service with settings changed by `configure` (limits and timeouts small enough to test).
    pub async fn start_with(configure: impl FnOnce(&mut Config)) -> Service {
        let directory = TempDir::new();
        let log = SqliteLog::open(&directory.0.join("plenary.db")).await.expect("SQLite opens");
        let mut config =
            Config { password_cost: PasswordCost::for_tests(), ship_corpus: false, ..Config::default() };
        configure(&mut config);
        let (app, credentials) =
            plenary_web::start(log, config, test_signing()).await.expect("the service starts");
        let router = plenary_web::router(Arc::clone(&app));
        Service {
            router,
            app,
            credentials: credentials.expect("a first start"),
            sessions: HashMap::new(),
            _directory: directory,
        }
    }

    /// The service's SQLite database file, for a second start on the same log.
    #[allow(dead_code, reason = "used by some test modules")]
    pub fn database(&self) -> std::path::PathBuf {
        self._directory.0.join("plenary.db")
    }

    pub fn password(&self, username: &str) -> String {
        self.credentials
            .iter()
            .find(|account| account.username == username)
            .map(|account| account.password.clone())
            .expect("a demo account")
    }

    /// Signs `username` in and keeps its cookie and CSRF token for later requests `as_` it.
    pub async fn sign_in(&mut self, username: &str) {
        let password = self.password(username);
        let body = serde_json::json!({ "username": username, "password": password }).to_string();
        let response =
            self.send(None, Method::POST, "/api/session", Some(body.into_bytes()), "application/json").await;
        assert_eq!(response.status, StatusCode::OK, "{username} signs in: {}", response.text());
        let cookie =
            response.headers.get(header::SET_COOKIE).and_then(|value| value.to_str().ok()).expect("a cookie");
        let cookie = cookie.split(';').next().unwrap_or_default().to_owned();
        let csrf = response.json()["csrf_token"].as_str().expect("a CSRF token").to_owned();
        self.sessions.insert(username.to_owned(), (cookie, csrf));
    }

    pub async fn get(&self, who: Option<&str>, path: &str) -> Response {
        self.send(who, Method::GET, path, None, "").await
    }

    pub async fn post(&self, who: Option<&str>, path: &str, json: Value) -> Response {
        self.send(who, Method::POST, path, Some(json.to_string().into_bytes()), "application/json").await
    }

    /// The chair (signed in already) opens vote V1 on the demo meeting's draft as a whole.
    #[allow(dead_code, reason = "used by some test modules")]
    pub async fn chair_opens_the_demo_vote(&self) {
        let opened = self
            .post(
                Some("chair"),
                "/api/meetings/c3-80-torture/votes",
                serde_json::json!({"vote": "V1", "question": "proposal"}),
            )
            .await;
        assert_eq!(opened.status, StatusCode::CREATED, "the chair opens V1: {}", opened.text());
    }

    #[allow(dead_code, reason = "for tests of DELETE endpoints")]
    pub async fn delete(&self, who: Option<&str>, path: &str) -> Response {
        self.send(who, Method::DELETE, path, None, "").await
    }

    pub async fn upload(&self, who: Option<&str>, path: &str, bytes: &[u8]) -> Response {
        self.send(who, Method::POST, path, Some(bytes.to_vec()), "application/octet-stream").await
    }

    /// The CSRF token of a signed-in account's session, which its forms send back.
    #[allow(dead_code, reason = "used by the page tests")]
    pub fn csrf(&self, who: &str) -> String {
        self.sessions
            .get(who)
            .map(|(_, csrf)| csrf.clone())
            .unwrap_or_else(|| panic!("{who} is not signed in"))
    }

    /// Submits an HTML form (`application/x-www-form-urlencoded`) as a browser does: the session cookie,
    /// no CSRF header — the token, if any, is one of the fields.
    #[allow(dead_code, reason = "used by the page tests")]
    pub async fn submit_form(&self, who: Option<&str>, path: &str, fields: &[(&str, &str)]) -> Response {
        let body = fields
            .iter()
            .map(|(name, value)| format!("{}={}", encode(name), encode(value)))
            .collect::<Vec<_>>()
            .join("&");
        let mut request = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(who) = who {
            request = request.header(header::COOKIE, self.cookie(who));
        }
        self.raw(request.body(Body::from(body)).expect("a request")).await
    }

    /// Uploads files and fields as `multipart/form-data`, as a browser's file form does.
    #[allow(dead_code, reason = "used by the page tests")]
    pub async fn submit_multipart(
        &self,
        who: &str,
        path: &str,
        fields: &[(&str, &str)],
        file: (&str, &[u8]),
    ) -> Response {
        let boundary = "plenary-test-boundary-7d3f";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                    .as_bytes(),
            );
        }
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\nContent-Type: application/octet-stream\r\n\r\n",
                file.0
            )
            .as_bytes(),
        );
        body.extend_from_slice(file.1);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let request = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
            .header(header::COOKIE, self.cookie(who))
            .body(Body::from(body))
            .expect("a request");
        self.raw(request).await
    }

    /// The session cookie of a signed-in account (`plenary_session=…`).
    pub fn cookie(&self, who: &str) -> String {
        self.sessions
            .get(who)
            .map(|(cookie, _)| cookie.clone())
            .unwrap_or_else(|| panic!("{who} is not signed in"))
    }

    /// Sends a request exactly as built.
    pub async fn raw(&self, request: Request<Body>) -> Response {
        let response = self.router.clone().oneshot(request).await.expect("the router answers");
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.into_body().collect().await.expect("a body").to_bytes().to_vec();
        Response { status, body, headers }
    }

    /// Sends a request as `who` (signed in before), with its cookie and CSRF token.
    pub async fn send(
        &self,
        who: Option<&str>,
        method: Method,
        path: &str,
        body: Option<Vec<u8>>,
        content_type: &str,
    ) -> Response {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(who) = who {
            let (cookie, csrf) = self.sessions.get(who).unwrap_or_else(|| panic!("{who} is not signed in"));
            request = request.header(header::COOKIE, cookie).header("x-csrf-token", csrf);
        }
        if !content_type.is_empty() {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        let request = request.body(body.map_or_else(Body::empty, Body::from)).expect("a request");
        self.raw(request).await
    }
}

/// Percent-encodes a form value.
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|byte| {
            if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
                char::from(byte).to_string()
            } else {
                format!("%{byte:02X}")
            }
        })
        .collect()
}

/// A temporary directory removed on drop.
pub struct TempDir(pub std::path::PathBuf);

impl TempDir {
    pub fn new() -> TempDir {
        use std::sync::atomic::{AtomicU32, Ordering};
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let path = std::env::temp_dir().join(format!(
            "plenary-web-test-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&path).expect("a temporary directory");
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Where a redirect leads.
#[allow(dead_code, reason = "used by the page tests")]
pub fn location(response: &Response) -> String {
    response
        .headers
        .get(header::LOCATION)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// The message a form's redirect carries in the flash cookie: `('e', reason)` or `('n', notice)`.
#[allow(dead_code, reason = "used by the page tests")]
pub fn flash(response: &Response) -> Option<(char, String)> {
    response.headers.get_all(header::SET_COOKIE).iter().filter_map(|value| value.to_str().ok()).find_map(
        |cookie| {
            let value = cookie.split(';').next()?.strip_prefix("plenary_flash=")?;
            let mut characters = value.chars();
            let kind = characters.next()?;
            let message =
                percent_encoding::percent_decode_str(characters.as_str()).decode_utf8_lossy().into_owned();
            Some((kind, message))
        },
    )
}

/// The refusal a redirect carries, if any.
#[allow(dead_code, reason = "used by the page tests")]
pub fn flash_error(response: &Response) -> Option<String> {
    flash(response).filter(|(kind, _)| *kind == 'e').map(|(_, message)| message)
}

/// The notice a redirect carries, if any.
#[allow(dead_code, reason = "used by the page tests")]
pub fn flash_notice(response: &Response) -> Option<String> {
    flash(response).filter(|(kind, _)| *kind == 'n').map(|(_, message)| message)
}
