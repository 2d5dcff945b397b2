//! The service as it runs: the real `plenary serve` killed in the middle of casting and restarted, a hundred
//! casts at once by one delegation, casts after the lock, an event edited in the database file, two
//! servers sharing one PostgreSQL database, and a vote's proof downloaded and checked offline with
//! `plenary verify-record`, forgeries and all. Each test runs its own server on its own data directory and a
//! port the system picks (`--listen 127.0.0.1:0`; the server prints the address it bound).
//!
//! - `PLENARY_FAULT_CYCLES`: kill-and-restart cycles of the fault test (default 5; CI runs more).
//! - `PLENARY_FAULT_SEED`: replays a fault run's random kill delays (the seed is printed).
//! - `PLENARY_TEST_POSTGRES`: a postgres:// URL of a database the tests may empty; without it the PostgreSQL
//!   test says so and passes.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, Mutex, OnceLock, mpsc};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub(super) const MEETING: &str = "c3-80-torture";
pub(super) const VOTE: &str = "V1";
const CHOICES: [&str; 3] = ["yes", "no", "abstain"];

/// A first start hashes 196 generated passwords with argon2 at production cost: about a minute and a half
/// in a debug build on two cores.
const SEED_TIMEOUT: Duration = Duration::from_secs(600);
/// A restart reads, verifies and folds the whole log.
pub(super) const START_TIMEOUT: Duration = Duration::from_secs(120);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

// ---------------------------------------------------------------------------------------------------------
// Data directories and servers
// ---------------------------------------------------------------------------------------------------------

/// A directory of one test's own, removed when the test passes (kept for a look when it fails).
#[derive(Debug)]
pub(super) struct TempDir(PathBuf);

impl TempDir {
    pub(super) fn new(name: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "plenary-service-{name}-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("a temporary directory");
        TempDir(path)
    }

    pub(super) fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// A data directory as a first start leaves it (the demo accounts, the shipped texts, the demo meeting
/// ready for a vote), seeded once per run of this test binary and copied for each test.
#[allow(clippy::print_stderr, reason = "the seeding time is one of the figures the tests report")]
pub(super) fn seeded_copy(name: &str) -> TempDir {
    static TEMPLATE: OnceLock<PathBuf> = OnceLock::new();
    let template = TEMPLATE.get_or_init(|| {
        let path = std::env::temp_dir().join(format!("plenary-service-seed-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("a temporary directory");
        let started = Instant::now();
        let mut server = Server::start(&path, None, SEED_TIMEOUT);
        eprintln!("service tests: a first start (seeding) took {:.1} s", started.elapsed().as_secs_f64());
        server.kill();
        // Also folds the write-ahead log into the database file, so that a plain copy is the whole log.
        verify_intact(&path);
        path
    });
    let copy = TempDir::new(name);
    for entry in std::fs::read_dir(template).expect("the seeded directory") {
        let entry = entry.expect("an entry");
        // The files only: the search index (a directory) is a projection of the log, and a copy without
        // it builds its own on its first start.
        if entry.file_type().expect("an entry's type").is_dir() {
            continue;
        }
        std::fs::copy(entry.path(), copy.path().join(entry.file_name())).expect("copying the seeded data");
    }
    copy
}

/// A running `plenary serve`, killed (SIGKILL on Unix) when dropped.
#[derive(Debug)]
pub(super) struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`, without the final slash.
    pub(super) url: String,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    /// Starts a server on `data` (and PostgreSQL at `database`), on a free port; returns once it says it is
    /// serving, or panics with what it wrote if it does not within `timeout`.
    pub(super) fn start(data: &Path, database: Option<&str>, timeout: Duration) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_plenary"));
        command.arg("serve").arg("--data").arg(data).args(["--listen", "127.0.0.1:0"]);
        Server::start_command(command, data, database, timeout)
    }

    /// Starts a server on `data` with more arguments for `plenary serve`.
    pub(super) fn start_with(data: &Path, arguments: &[&str], timeout: Duration) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_plenary"));
        command.arg("serve").arg("--data").arg(data).args(["--listen", "127.0.0.1:0"]).args(arguments);
        Server::start_command(command, data, None, timeout)
    }

    /// Starts `binary serve` on `data` with its open-files limit lowered to `open_files` (through the
    /// shell's `ulimit`, which needs no privilege).
    fn start_limited(binary: &Path, open_files: u32, data: &Path, timeout: Duration) -> Server {
        let mut command = Command::new("sh");
        command
            .args(["-c", &format!("ulimit -n {open_files} && exec \"$0\" \"$@\"")])
            .arg(binary)
            .arg("serve")
            .arg("--data")
            .arg(data)
            .args(["--listen", "127.0.0.1:0"]);
        Server::start_command(command, data, None, timeout)
    }

    fn start_command(mut command: Command, data: &Path, database: Option<&str>, timeout: Duration) -> Server {
        if let Some(url) = database {
            command.args(["--database", url]);
        }
        let mut child = command
            .env("RUST_LOG", "warn")
            // These tests do not need the shipped corpus: a first start records the ten shipped texts only.
            .env("PLENARY_WITHOUT_CORPUS", "true")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("plenary serve runs");
        let stderr = Arc::new(Mutex::new(String::new()));
        let stderr_pipe = child.stderr.take().expect("the server's stderr");
        let collected = Arc::clone(&stderr);
        let stderr_reader = std::thread::spawn(move || {
            for line in BufReader::new(stderr_pipe).lines().map_while(Result::ok) {
                let mut text = collected.lock().expect("the stderr buffer");
                text.push_str(&line);
                text.push('\n');
            }
        });
        let stdout = child.stdout.take().expect("the server's stdout");
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("Plenary is serving ") {
                    let _ = sender.send(url.trim().trim_end_matches('/').to_owned());
                }
            }
        });
        let mut server = Server { child, url: String::new(), stderr };
        match receiver.recv_timeout(timeout) {
            Ok(url) => server.url = url,
            Err(error) => {
                server.kill();
                let _ = stderr_reader.join();
                panic!(
                    "plenary serve --data {} did not start ({error}); it wrote:\n{}",
                    data.display(),
                    server.stderr()
                );
            }
        }
        server
    }

    pub(super) fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    pub(super) fn stderr(&self) -> String {
        self.stderr.lock().expect("the stderr buffer").clone()
    }

    pub(super) fn api(&self) -> Api {
        Api::new(&self.url)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Runs the binary to its end, or panics if it runs longer than `timeout`.
pub(super) fn run_plenary(arguments: &[&str], timeout: Duration) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_plenary"))
        .args(arguments)
        .env("RUST_LOG", "warn")
        .env("PLENARY_WITHOUT_CORPUS", "true")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let started = Instant::now();
    while child.try_wait().expect("waiting for the binary").is_none() {
        if started.elapsed() > timeout {
            let _ = child.kill();
            let output = child.wait_with_output().expect("the killed binary");
            panic!(
                "plenary {arguments:?} ran longer than {timeout:?}:\n{}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("the binary's output")
}

/// `plenary verify --data DIR` must say the chain is intact; returns the number of events.
pub(super) fn verify_intact(data: &Path) -> u64 {
    let data = data.to_str().expect("a UTF-8 path");
    verify_output_intact(&run_plenary(&["verify", "--data", data], START_TIMEOUT))
}

fn verify_output_intact(output: &Output) -> u64 {
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "plenary verify failed ({}): {stdout}{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("The Merkle tree matches them") && stdout.contains("stored checkpoints verified"),
        "plenary verify checks the tree and the signed checkpoints: {stdout}"
    );
    stdout
        .lines()
        .next()
        .and_then(|first| first.strip_suffix(" events; the hash chain is intact."))
        .and_then(|count| count.parse().ok())
        .unwrap_or_else(|| panic!("unexpected output of plenary verify: {stdout}"))
}

/// One line of `accounts.csv`.
#[derive(Debug, Clone)]
pub(super) struct Account {
    pub(super) username: String,
    pub(super) role: String,
    pub(super) state: String,
    pub(super) password: String,
}

pub(super) fn accounts(data: &Path) -> Vec<Account> {
    let text = std::fs::read_to_string(data.join("accounts.csv")).expect("accounts.csv");
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("username,role,state,password"));
    lines
        .map(|line| {
            let fields: Vec<&str> = line.split(',').collect();
            assert_eq!(fields.len(), 4, "accounts.csv: {line}");
            Account {
                username: fields[0].to_owned(),
                role: fields[1].to_owned(),
                state: fields[2].to_owned(),
                password: fields[3].to_owned(),
            }
        })
        .collect()
}

pub(super) fn account<'a>(accounts: &'a [Account], username: &str) -> &'a Account {
    accounts.iter().find(|account| account.username == username).expect("a demo account")
}

// ---------------------------------------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------------------------------------

/// A signed-in session: the cookie and the CSRF token to echo.
#[derive(Debug, Clone)]
pub(super) struct Session {
    pub(super) cookie: String,
    pub(super) csrf: String,
}

/// A complete response: its status and its body as JSON (`Null` when the body is not JSON).
#[derive(Debug)]
struct Reply {
    status: u16,
    body: Value,
}

/// A client of one server. Clones share one connection pool.
#[derive(Debug, Clone)]
pub(super) struct Api {
    agent: ureq::Agent,
    base: String,
}

impl Api {
    fn new(base: &str) -> Api {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(REQUEST_TIMEOUT))
            .build()
            .new_agent();
        Api { agent, base: base.to_owned() }
    }

    fn get(&self, path: &str) -> Result<Reply, ureq::Error> {
        reply(self.agent.get(format!("{}{path}", self.base)).call()?)
    }

    fn post(&self, path: &str, session: Option<&Session>, body: &Value) -> Result<Reply, ureq::Error> {
        let mut request = self.agent.post(format!("{}{path}", self.base));
        if let Some(session) = session {
            request = request.header("cookie", &session.cookie).header("x-csrf-token", &session.csrf);
        }
        reply(request.send_json(body)?)
    }

    /// GET of a text body that must answer 200.
    pub(super) fn get_text(&self, path: &str) -> String {
        let mut response = self
            .agent
            .get(format!("{}{path}", self.base))
            .call()
            .unwrap_or_else(|error| panic!("GET {path}: {error}"));
        let status = response.status().as_u16();
        let text = response.body_mut().with_config().limit(1 << 30).read_to_string().expect("a text body");
        assert_eq!(status, 200, "GET {path}: {text}");
        text
    }

    /// GET that must answer 200.
    pub(super) fn get_ok(&self, path: &str) -> Value {
        let reply = self.get(path).unwrap_or_else(|error| panic!("GET {path}: {error}"));
        assert_eq!(reply.status, 200, "GET {path}: {}", reply.body);
        reply.body
    }

    /// POST that must answer `status`.
    pub(super) fn post_expect(&self, path: &str, session: &Session, body: &Value, status: u16) -> Value {
        let reply =
            self.post(path, Some(session), body).unwrap_or_else(|error| panic!("POST {path}: {error}"));
        assert_eq!(reply.status, status, "POST {path} {body}: {}", reply.body);
        reply.body
    }

    pub(super) fn sign_in(&self, account: &Account) -> Session {
        let response = self
            .agent
            .post(format!("{}/api/session", self.base))
            .send_json(json!({ "username": account.username, "password": account.password }))
            .expect("signing in");
        let cookie = response
            .headers()
            .get("set-cookie")
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(';').next())
            .map(str::to_owned);
        let reply = reply(response).expect("the sign-in reply");
        assert_eq!(reply.status, 200, "signing in as {}: {}", account.username, reply.body);
        Session {
            cookie: cookie.expect("a session cookie"),
            csrf: reply.body["csrf_token"].as_str().expect("a CSRF token").to_owned(),
        }
    }

    pub(super) fn open_vote(&self, chair: &Session) {
        let body = json!({ "vote": VOTE, "question": "proposal" });
        self.post_expect(&format!("/api/meetings/{MEETING}/votes"), chair, &body, 201);
    }

    fn cast(&self, session: &Session, choice: &str) -> Result<Reply, ureq::Error> {
        self.post(&ballot_path(), Some(session), &json!({ "choice": choice }))
    }

    fn board(&self) -> Value {
        self.get_ok(&format!("/api/meetings/{MEETING}/votes/{VOTE}"))
    }

    fn meeting_events(&self) -> Vec<Value> {
        let body = self.get_ok(&format!("/api/meetings/{MEETING}/events"));
        body["events"].as_array().expect("the meeting's events").clone()
    }

    pub(super) fn head(&self) -> u64 {
        self.get_ok("/api/health")["events"].as_u64().expect("the number of events")
    }

    /// `GET /api/log/checkpoint`: the latest signed checkpoint, as the note's text.
    fn checkpoint_note(&self) -> Result<String, String> {
        let mut response = self
            .agent
            .get(format!("{}/api/log/checkpoint", self.base))
            .call()
            .map_err(|error| format!("GET /api/log/checkpoint: {error}"))?;
        let status = response.status().as_u16();
        let text = response
            .body_mut()
            .read_to_string()
            .map_err(|error| format!("GET /api/log/checkpoint: reading the body: {error}"))?;
        if status == 200 { Ok(text) } else { Err(format!("GET /api/log/checkpoint: {status} {text}")) }
    }

    /// Every stored checkpoint's note, from `/api/log/checkpoints` (paged by size).
    fn stored_checkpoint_notes(&self) -> BTreeSet<String> {
        let mut notes = BTreeSet::new();
        let mut after = 0;
        loop {
            let page = self.get_ok(&format!("/api/log/checkpoints?after={after}"));
            let page = page["checkpoints"].as_array().expect("a list of checkpoints").clone();
            let Some(last) = page.last() else { return notes };
            after = last["size"].as_u64().expect("a checkpoint's size");
            notes.extend(
                page.iter().map(|checkpoint| checkpoint["note"].as_str().expect("a note").to_owned()),
            );
        }
    }
}

/// The tree size a signed checkpoint's note signs (its second line).
fn note_size(note: &str) -> u64 {
    note.lines()
        .nth(1)
        .and_then(|line| line.parse().ok())
        .unwrap_or_else(|| panic!("not a checkpoint: {note}"))
}

pub(super) fn ballot_path() -> String {
    format!("/api/meetings/{MEETING}/votes/{VOTE}/ballot")
}

fn reply(mut response: ureq::http::Response<ureq::Body>) -> Result<Reply, ureq::Error> {
    let status = response.status().as_u16();
    let text = response.body_mut().with_config().limit(1 << 30).read_to_string()?;
    Ok(Reply { status, body: serde_json::from_str(&text).unwrap_or(Value::Null) })
}

/// What the board shows for `state` (ISO3).
fn shown<'a>(board: &'a Value, state: &str) -> &'a str {
    board["seats"]
        .as_array()
        .expect("the board's seats")
        .iter()
        .find(|seat| seat["state"] == state)
        .and_then(|seat| seat["shown"].as_str())
        .unwrap_or_else(|| panic!("{state} has no seat on the board"))
}

/// The ballots cast in the demo vote, as the API lists the meeting's events, in order: (state, choice).
fn listed_ballots(events: &[Value], kind: &str) -> Vec<(String, String)> {
    events
        .iter()
        .filter(|event| event["event"] == kind && event["vote"] == VOTE)
        .map(|event| {
            (
                event["state"].as_str().expect("a state").to_owned(),
                event["choice"].as_str().expect("a choice").to_owned(),
            )
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------------------
// The database file, read (and, once, edited) directly
// ---------------------------------------------------------------------------------------------------------

pub(super) fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("an async runtime")
        .block_on(future)
}

pub(super) async fn sqlite(data: &Path, read_only: bool) -> sqlx::SqlitePool {
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(data.join("plenary.db"))
        .read_only(read_only)
        .busy_timeout(Duration::from_secs(10));
    sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .expect("the database file opens")
}

/// A ballot as the log holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Ballot {
    state: String,
    choice: String,
}

/// Every `ballot_cast` of the demo vote in the database file, by position.
fn logged_ballots(data: &Path) -> BTreeMap<u64, Ballot> {
    use sqlx::Row;
    block_on(async {
        let pool = sqlite(data, true).await;
        let rows = sqlx::query(
            "SELECT seq, payload FROM events WHERE kind = 'ballot_cast' AND stream = ? ORDER BY seq",
        )
        .bind(format!("meeting/{MEETING}"))
        .fetch_all(&pool)
        .await
        .expect("reading the events");
        pool.close().await;
        rows.iter()
            .filter_map(|row| {
                let seq: i64 = row.get("seq");
                let payload: String = row.get("payload");
                let fact: Value = serde_json::from_str(&payload).expect("a JSON payload");
                let event = &fact["event"];
                (event["vote"] == VOTE).then(|| {
                    let ballot = Ballot {
                        state: event["state"].as_str().expect("a state").to_owned(),
                        choice: event["choice"].as_str().expect("a choice").to_owned(),
                    };
                    (u64::try_from(seq).expect("a positive position"), ballot)
                })
            })
            .collect()
    })
}

/// The last ballot of each state in `ballots`, with its position.
fn last_ballots(ballots: &BTreeMap<u64, Ballot>) -> BTreeMap<String, (u64, String)> {
    let mut last = BTreeMap::new();
    for (seq, ballot) in ballots {
        last.insert(ballot.state.clone(), (*seq, ballot.choice.clone()));
    }
    last
}

// ---------------------------------------------------------------------------------------------------------
// 1. The fault test
// ---------------------------------------------------------------------------------------------------------

/// SplitMix64: a small, seedable generator for the kill delays (no crate needed).
#[derive(Debug)]
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `low..=high`.
    fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.next() % (high - low + 1)
    }
}

fn env_number(name: &str) -> Option<u64> {
    let text = std::env::var(name).ok()?;
    Some(text.trim().parse().unwrap_or_else(|_| panic!("{name}={text:?} is not a number")))
}

/// A cast the server acknowledged (answered 201 with the event's position).
#[derive(Debug, Clone)]
struct Acknowledged {
    state: String,
    choice: String,
    seq: u64,
}

/// What one delegation's casting thread saw in one cycle.
#[derive(Debug, Default)]
struct CastReport {
    acknowledged: Vec<Acknowledged>,
    /// Requests cut off by the kill (no complete response).
    cut_off: usize,
    /// Anything else: an error status, or a failed request while the server was up.
    unexpected: Vec<String>,
    /// Every signed checkpoint `/api/log/checkpoint` served while the ballots were being cast, the last
    /// one fetched just before the kill.
    checkpoints: Vec<String>,
}

/// Delegations cast concurrently, each changing its choice every time, until the server is killed after
/// `delay`, while a reader fetches the latest signed checkpoint every 20 ms and once more just before the
/// kill. Returns every thread's report.
fn cast_until_killed(server: &mut Server, delegations: &[(String, Session)], delay: Duration) -> CastReport {
    let stop = Arc::new(AtomicBool::new(false));
    let api = server.api();
    let reader = {
        let (api, stop) = (api.clone(), Arc::clone(&stop));
        std::thread::spawn(move || {
            let mut report = CastReport::default();
            while !stop.load(Ordering::SeqCst) {
                match api.checkpoint_note() {
                    Ok(note) => {
                        if report.checkpoints.last() != Some(&note) {
                            report.checkpoints.push(note);
                        }
                    }
                    Err(_) if stop.load(Ordering::SeqCst) => break,
                    Err(error) => {
                        report.unexpected.push(format!("{error} (the server was up)"));
                        break;
                    }
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            report
        })
    };
    let threads: Vec<JoinHandle<CastReport>> = delegations
        .iter()
        .enumerate()
        .map(|(index, (state, session))| {
            let (api, stop, state, session) =
                (api.clone(), Arc::clone(&stop), state.clone(), session.clone());
            std::thread::spawn(move || {
                let mut report = CastReport::default();
                let mut turn = index;
                while !stop.load(Ordering::SeqCst) {
                    let choice = CHOICES[turn % CHOICES.len()];
                    turn += 1;
                    match api.cast(&session, choice) {
                        Ok(reply) if reply.status == 201 => {
                            let seq = reply.body["seq"].as_u64().expect("the acknowledged event's position");
                            report.acknowledged.push(Acknowledged {
                                state: state.clone(),
                                choice: choice.to_owned(),
                                seq,
                            });
                        }
                        Ok(reply) => {
                            report
                                .unexpected
                                .push(format!("{state} {choice}: {} {}", reply.status, reply.body));
                            break;
                        }
                        // The stop flag is raised before the kill: an error after it is the kill's doing.
                        Err(_) if stop.load(Ordering::SeqCst) => {
                            report.cut_off += 1;
                            break;
                        }
                        Err(error) => {
                            report.unexpected.push(format!("{state} {choice}: {error} (the server was up)"));
                            break;
                        }
                    }
                }
                report
            })
        })
        .collect();
    std::thread::sleep(delay);
    // The latest checkpoint as the kill comes: it must survive it.
    let last = api.checkpoint_note();
    stop.store(true, Ordering::SeqCst);
    server.kill();
    let mut all = CastReport::default();
    for thread in threads.into_iter().chain([reader]) {
        let report = thread.join().expect("a casting thread");
        all.acknowledged.extend(report.acknowledged);
        all.cut_off += report.cut_off;
        all.unexpected.extend(report.unexpected);
        all.checkpoints.extend(report.checkpoints);
    }
    match last {
        Ok(note) => all.checkpoints.push(note),
        Err(error) => all.unexpected.push(format!("{error} (just before the kill)")),
    }
    all
}

/// Every checkpoint a reader was served survives the kills: it is still stored, `plenary verify` (which
/// audits every stored checkpoint against the log) passes, and `plenary verify --checkpoint` passes for the
/// latest and a sample of the others kept as files. Returns how many were checked with --checkpoint.
fn check_kept_checkpoints(api: &Api, data: &Path, kept: &BTreeSet<String>, context: &str) -> usize {
    let stored = api.stored_checkpoint_notes();
    for note in kept {
        assert!(
            stored.contains(note),
            "{context}: a checkpoint served before a kill is no longer stored ({} stored):\n{note}",
            stored.len()
        );
    }
    verify_intact(data);

    // The latest, the first, and about twenty spread between them, as a reader would keep them: in files.
    let mut by_size: Vec<&String> = kept.iter().collect();
    by_size.sort_by_key(|note| note_size(note));
    let step = (by_size.len() / 20).max(1);
    let mut sample: Vec<&String> = by_size.iter().step_by(step).copied().collect();
    if let Some(latest) = by_size.last() {
        sample.push(latest);
    }
    sample.dedup();
    let files = TempDir::new("kept-checkpoints");
    let path = data.to_str().expect("a UTF-8 path");
    for (index, note) in sample.iter().enumerate() {
        let file = files.path().join(format!("checkpoint-{index}"));
        std::fs::write(&file, note).expect("writing a kept checkpoint");
        let file = file.to_str().expect("a UTF-8 path");
        let output = run_plenary(&["verify", "--data", path, "--checkpoint", file], START_TIMEOUT);
        verify_output_intact(&output);
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            stdout
                .contains(&format!("The log extends the checkpoint in {file} ({} events)", note_size(note))),
            "{context}: plenary verify --checkpoint {file}: {stdout}"
        );
    }
    sample.len()
}

/// After a restart: the chain is intact, every acknowledged ballot is in the log at its position, and the
/// board and the API agree with the log. Returns the number of events.
fn check_after_restart(server: &Server, data: &Path, acknowledged: &[Acknowledged], context: &str) -> u64 {
    let events = verify_intact(data);
    let api = server.api();
    assert_eq!(api.head(), events, "{context}: /api/health and plenary verify disagree on the log's length");

    let logged = logged_ballots(data);
    for ack in acknowledged {
        let expected = Ballot { state: ack.state.clone(), choice: ack.choice.clone() };
        assert_eq!(
            logged.get(&ack.seq),
            Some(&expected),
            "{context}: the acknowledged ballot {} {} (event {}) is not in the log",
            ack.state,
            ack.choice,
            ack.seq
        );
    }
    let last = last_ballots(&logged);
    let mut last_acknowledged: BTreeMap<&str, u64> = BTreeMap::new();
    for ack in acknowledged {
        let seq = last_acknowledged.entry(ack.state.as_str()).or_insert(0);
        *seq = (*seq).max(ack.seq);
    }
    for (state, acknowledged_seq) in &last_acknowledged {
        let (seq, _) = last.get(*state).expect("a state with an acknowledged ballot has one in the log");
        assert!(
            seq >= acknowledged_seq,
            "{context}: {state}'s last ballot in the log is older than its last ack"
        );
    }

    // The board shows each state's latest ballot in the log, and counts each state once.
    let board = api.board();
    for (state, (_, choice)) in &last {
        assert_eq!(
            shown(&board, state),
            choice,
            "{context}: the board shows {state} other than its last ballot"
        );
    }
    assert_eq!(board["voted"].as_u64(), Some(last.len() as u64), "{context}: {board}");
    for choice in CHOICES {
        let count = last.values().filter(|(_, last_choice)| last_choice == choice).count() as u64;
        assert_eq!(board["tally"][choice].as_u64(), Some(count), "{context}: the tally of {choice}");
    }

    // The API's list of the meeting's events holds the same ballots in the same order.
    let listed = listed_ballots(&api.meeting_events(), "ballot_cast");
    let in_log: Vec<(String, String)> =
        logged.values().map(|ballot| (ballot.state.clone(), ballot.choice.clone())).collect();
    assert_eq!(listed, in_log, "{context}: the API lists other ballots than the log holds");
    events
}

#[test]
fn acknowledged_ballots_survive_sigkill() {
    let cycles = env_number("PLENARY_FAULT_CYCLES").unwrap_or(5).max(1);
    let seed = env_number("PLENARY_FAULT_SEED").unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |since| since.as_nanos())
            as u64
    });
    let mut random = SplitMix(seed);
    let data = seeded_copy("fault");
    let accounts = accounts(data.path());

    let mut server = Server::start(data.path(), None, START_TIMEOUT);
    let api = server.api();
    let chair = api.sign_in(account(&accounts, "chair"));
    api.open_vote(&chair);
    // Twenty delegations, each signed in once: sessions are stored in the database and survive restarts.
    let delegates: Vec<&Account> =
        accounts.iter().filter(|account| account.role == "delegation").take(20).collect();
    let delegations: Vec<(String, Session)> = std::thread::scope(|scope| {
        let signing: Vec<_> = delegates
            .iter()
            .map(|account| {
                let api = api.clone();
                scope.spawn(move || (account.state.clone(), api.sign_in(account)))
            })
            .collect();
        signing.into_iter().map(|thread| thread.join().expect("signing in")).collect()
    });
    let states: BTreeSet<&str> = delegations.iter().map(|(state, _)| state.as_str()).collect();
    assert_eq!(states.len(), 20, "twenty distinct states");

    let mut acknowledged: Vec<Acknowledged> = Vec::new();
    // Every signed checkpoint the server handed out (each note once).
    let mut kept: BTreeSet<String> = BTreeSet::new();
    let (mut cut_off, mut max_restart, mut events) = (0, Duration::ZERO, 0);
    let started = Instant::now();
    for cycle in 1..=cycles {
        let context = format!("cycle {cycle} (PLENARY_FAULT_SEED={seed}, data in {})", data.path().display());
        if cycle > 1 {
            let restarting = Instant::now();
            server = Server::start(data.path(), None, START_TIMEOUT);
            max_restart = max_restart.max(restarting.elapsed());
            events = check_after_restart(&server, data.path(), &acknowledged, &context);
        }
        let delay = Duration::from_millis(random.between(5, 300));
        let report = cast_until_killed(&mut server, &delegations, delay);
        assert!(
            report.unexpected.is_empty(),
            "{context}: casts failed while the server was up: {:?}\nserver log:\n{}",
            report.unexpected,
            server.stderr()
        );
        acknowledged.extend(report.acknowledged);
        cut_off += report.cut_off;
        kept.extend(report.checkpoints);
    }

    // The last restart: everything acknowledged is there; then the chair locks and the board shows it all.
    let context = format!("after the last cycle (PLENARY_FAULT_SEED={seed})");
    let restarting = Instant::now();
    server = Server::start(data.path(), None, START_TIMEOUT);
    max_restart = max_restart.max(restarting.elapsed());
    check_after_restart(&server, data.path(), &acknowledged, &context);
    let api = server.api();
    api.post_expect(&format!("/api/meetings/{MEETING}/votes/{VOTE}/lock"), &chair, &json!({}), 200);
    let board = api.board();
    assert_eq!(board["status"], "locked", "{board}");
    events = events.max(check_after_restart(&server, data.path(), &acknowledged, &context));
    assert!(!acknowledged.is_empty(), "{context}: no cast was acknowledged in {cycles} cycles");
    kept.insert(api.checkpoint_note().unwrap_or_else(|error| panic!("{context}: {error}")));
    let checking = Instant::now();
    let verified = check_kept_checkpoints(&api, data.path(), &kept, &context);
    let checking = checking.elapsed();
    let stored = api.stored_checkpoint_notes().len();

    eprintln!(
        "fault test: {cycles} SIGKILL cycles (seed {seed}) in {:.1} s; {} acknowledged ballots checked after \
         every restart, {cut_off} casts cut off by the kills; {events} events in the log; the longest restart \
         took {} ms; {} checkpoints served during the run all still stored ({stored} in all) and the log \
         verified against each, {verified} of them with plenary verify --checkpoint (in {:.1} s)",
        started.elapsed().as_secs_f64(),
        acknowledged.len(),
        max_restart.as_millis(),
        kept.len(),
        checking.as_secs_f64()
    );
}

// ---------------------------------------------------------------------------------------------------------
// 2. One delegation, a hundred casts at once
// ---------------------------------------------------------------------------------------------------------

#[test]
fn one_hundred_concurrent_casts_by_one_delegation_leave_one_counted_ballot() {
    let data = seeded_copy("hundred");
    let accounts = accounts(data.path());
    let server = Server::start(data.path(), None, START_TIMEOUT);
    let api = server.api();
    let chair = api.sign_in(account(&accounts, "chair"));
    api.open_vote(&chair);
    let france = api.sign_in(account(&accounts, "fra"));

    let barrier = Arc::new(Barrier::new(100));
    let casts: Vec<(String, Reply)> = std::thread::scope(|scope| {
        let threads: Vec<_> = (0..100)
            .map(|index| {
                let (api, france, barrier) = (api.clone(), france.clone(), Arc::clone(&barrier));
                scope.spawn(move || {
                    let choice = CHOICES[index % CHOICES.len()];
                    barrier.wait();
                    (choice.to_owned(), api.cast(&france, choice).expect("a cast is answered"))
                })
            })
            .collect();
        threads.into_iter().map(|thread| thread.join().expect("a casting thread")).collect()
    });
    let mut by_seq: BTreeMap<u64, String> = BTreeMap::new();
    for (choice, reply) in &casts {
        assert_eq!(reply.status, 201, "every cast while the vote is open is accepted: {}", reply.body);
        let seq = reply.body["seq"].as_u64().expect("the event's position");
        assert!(by_seq.insert(seq, choice.clone()).is_none(), "two casts acknowledged at position {seq}");
    }
    let (_, last_choice) = by_seq.last_key_value().expect("a hundred casts");

    let board = api.board();
    let voted: Vec<&Value> = board["seats"]
        .as_array()
        .expect("seats")
        .iter()
        .filter(|seat| seat["shown"] != "not_voted")
        .collect();
    assert_eq!(voted.len(), 1, "only France has voted: {voted:?}");
    assert_eq!(shown(&board, "FRA"), last_choice, "the board shows the ballot acknowledged last");
    assert_eq!(board["voted"], 1, "{board}");
    for choice in CHOICES {
        let expected = u64::from(choice == last_choice);
        assert_eq!(board["tally"][choice].as_u64(), Some(expected), "the tally of {choice}: {board}");
    }

    // The log holds the hundred ballots in the order of their positions; the last is what counts.
    let listed = listed_ballots(&api.meeting_events(), "ballot_cast");
    let expected: Vec<(String, String)> =
        by_seq.values().map(|choice| ("FRA".to_owned(), choice.clone())).collect();
    assert_eq!(listed, expected, "the meeting's ballots, in the order of their positions");
    let logged = logged_ballots(data.path());
    let logged_choices: BTreeMap<u64, String> =
        logged.iter().map(|(seq, ballot)| (*seq, ballot.choice.clone())).collect();
    assert_eq!(logged_choices, by_seq, "each acknowledged position holds its cast");
}

// ---------------------------------------------------------------------------------------------------------
// 3. The lock
// ---------------------------------------------------------------------------------------------------------

#[test]
fn casts_after_the_lock_are_refused() {
    let data = seeded_copy("lock");
    let accounts = accounts(data.path());
    let server = Server::start(data.path(), None, START_TIMEOUT);
    let api = server.api();
    let chair = api.sign_in(account(&accounts, "chair"));
    api.open_vote(&chair);
    let denmark = api.sign_in(account(&accounts, "dnk"));
    let norway = api.sign_in(account(&accounts, "nor"));
    let sweden = api.sign_in(account(&accounts, "swe"));
    for (session, choice) in [(&denmark, "yes"), (&sweden, "abstain")] {
        api.post_expect(&ballot_path(), session, &json!({ "choice": choice }), 201);
    }
    api.post_expect(&format!("/api/meetings/{MEETING}/votes/{VOTE}/lock"), &chair, &json!({}), 200);
    let locked = api.board();
    assert_eq!(locked["status"], "locked", "{locked}");

    // A change of vote and a first vote, both after the lock.
    for (session, choice) in [(&denmark, "no"), (&norway, "yes")] {
        let reply = api.cast(session, choice).expect("a cast is answered");
        assert_eq!(reply.status, 409, "{}", reply.body);
        assert_eq!(reply.body["error"]["code"], "refused", "{}", reply.body);
        let message = reply.body["error"]["message"].as_str().expect("a message");
        assert!(message.contains("locked"), "the refusal says the vote is locked: {message}");
    }
    assert_eq!(api.board(), locked, "refused casts change nothing on the board");

    let events = api.meeting_events();
    assert_eq!(
        listed_ballots(&events, "ballot_cast"),
        [("DNK".to_owned(), "yes".to_owned()), ("SWE".to_owned(), "abstain".to_owned())],
        "the refused casts are not ballots"
    );
    // Answered, not recorded: a refusal carries nothing the log does not already decide, and recording it
    // would let one delegation grow the permanent record without bound.
    assert!(listed_ballots(&events, "ballot_refused").is_empty(), "refused casts are not written to the log");
}

// ---------------------------------------------------------------------------------------------------------
// 4. An edited database file
// ---------------------------------------------------------------------------------------------------------

#[test]
fn an_event_edited_in_the_database_file_is_detected_by_verify() {
    let data = seeded_copy("tamper");
    let accounts = accounts(data.path());
    let mut server = Server::start(data.path(), None, START_TIMEOUT);
    let api = server.api();
    let chair = api.sign_in(account(&accounts, "chair"));
    api.open_vote(&chair);
    let france = api.sign_in(account(&accounts, "fra"));
    let denmark = api.sign_in(account(&accounts, "dnk"));
    api.post_expect(&ballot_path(), &france, &json!({ "choice": "no" }), 201);
    let cast = api.post_expect(&ballot_path(), &denmark, &json!({ "choice": "yes" }), 201);
    let seq = cast["seq"].as_u64().expect("the ballot's position");
    server.kill();
    let intact = verify_intact(data.path());

    // Denmark's yes becomes a no, written straight into the file.
    let edited = block_on(async {
        let pool = sqlite(data.path(), false).await;
        let sql = "UPDATE events SET payload = replace(payload, '\"yes\"', '\"no\"') \
                   WHERE seq = (SELECT max(seq) FROM events WHERE kind = 'ballot_cast') RETURNING seq";
        let seqs: Vec<i64> = sqlx::query_scalar(sql).fetch_all(&pool).await.expect("editing the file");
        pool.close().await;
        seqs
    });
    assert_eq!(edited, [i64::try_from(seq).expect("a position")], "the edit hit Denmark's ballot");
    assert_eq!(
        logged_ballots(data.path()).get(&seq),
        Some(&Ballot { state: "DNK".into(), choice: "no".into() }),
        "the file now says no"
    );

    let path = data.path().to_str().expect("a UTF-8 path");
    let output = run_plenary(&["verify", "--data", path], START_TIMEOUT);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "verify fails on an edited log: {stderr}");
    assert!(
        stderr.contains(&format!("the log is damaged: event {seq}: its content does not match its hash")),
        "verify names the edited event {seq} (of {intact}): {stderr}"
    );

    let output = run_plenary(&["serve", "--data", path, "--listen", "127.0.0.1:0"], START_TIMEOUT);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !output.status.success(),
        "serve refuses a damaged log: {}",
        String::from_utf8_lossy(&output.stdout)
    );
    assert!(!String::from_utf8_lossy(&output.stdout).contains("Plenary is serving"));
    assert!(
        stderr.contains("damaged") && stderr.contains("plenary verify"),
        "serve says the log is damaged and points to verify: {stderr}"
    );
}

// ---------------------------------------------------------------------------------------------------------
// 5. Two servers on one PostgreSQL database
// ---------------------------------------------------------------------------------------------------------

/// One server-sent event: its name and data.
#[derive(Debug)]
struct SseEvent {
    name: String,
    data: String,
}

/// Opens the SSE stream at `url` and forwards its events; the reader ends when the server goes.
fn sse(url: &str) -> mpsc::Receiver<SseEvent> {
    let agent = ureq::Agent::config_builder().http_status_as_error(false).build().new_agent();
    let response = agent.get(url).header("accept", "text/event-stream").call().expect("the stream opens");
    assert_eq!(response.status().as_u16(), 200, "GET {url}");
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let reader = BufReader::new(response.into_body().into_reader());
        let (mut name, mut data) = (String::new(), String::new());
        for line in reader.lines().map_while(Result::ok) {
            if line.is_empty() {
                if !data.is_empty() || !name.is_empty() {
                    let event = SseEvent { name: std::mem::take(&mut name), data: std::mem::take(&mut data) };
                    if sender.send(event).is_err() {
                        return;
                    }
                }
            } else if let Some(value) = line.strip_prefix("event:") {
                name = value.trim().to_owned();
            } else if let Some(value) = line.strip_prefix("data:") {
                data.push_str(value.strip_prefix(' ').unwrap_or(value));
            }
        }
    });
    receiver
}

/// Polls `condition` every 20 ms until it holds or `limit` passes.
pub(super) fn eventually(limit: Duration, mut condition: impl FnMut() -> bool) -> bool {
    let started = Instant::now();
    loop {
        if condition() {
            return true;
        }
        if started.elapsed() > limit {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn two_servers_on_postgresql_share_a_live_board() {
    let Ok(url) = std::env::var("PLENARY_TEST_POSTGRES") else {
        eprintln!("PLENARY_TEST_POSTGRES is not set: the two-server PostgreSQL test is skipped");
        return;
    };
    block_on(async {
        let pool = sqlx::postgres::PgPoolOptions::new()
            .max_connections(1)
            .connect(&url)
            .await
            .expect("PostgreSQL connects");
        sqlx::query("DROP TABLE IF EXISTS events, sessions, tree_hashes, checkpoints")
            .execute(&pool)
            .await
            .expect("emptying PostgreSQL");
        pool.close().await;
    });
    let (data_a, data_b) = (TempDir::new("postgres-a"), TempDir::new("postgres-b"));
    let started = Instant::now();
    let server_a = Server::start(data_a.path(), Some(&url), SEED_TIMEOUT);
    eprintln!("postgres: server A seeded the database in {:.1} s", started.elapsed().as_secs_f64());
    let accounts = accounts(data_a.path());
    // The servers of one log sign with one key: B is given A's (as a deployment gives every server the
    // key file; B refuses to start on a signed log without it).
    for key in ["log-key", "log-key.pub"] {
        std::fs::copy(data_a.path().join(key), data_b.path().join(key)).expect("the log key");
    }
    let server_b = Server::start(data_b.path(), Some(&url), START_TIMEOUT);
    assert!(!data_b.path().join("accounts.csv").exists(), "B found the log seeded and generated no accounts");
    let (a, b) = (server_a.api(), server_b.api());
    assert_eq!(a.head(), b.head(), "A and B read the same log");

    let chair = a.sign_in(account(&accounts, "chair"));
    a.open_vote(&chair);
    let board_path = format!("/api/meetings/{MEETING}/votes/{VOTE}");
    assert!(
        eventually(Duration::from_secs(5), || b.get(&board_path).is_ok_and(|reply| reply.status == 200)),
        "B hears of the vote opened on A"
    );
    let stream = sse(&format!("{}{board_path}/stream", server_b.url));
    let first = stream.recv_timeout(Duration::from_secs(5)).expect("the stream's first event");
    assert_eq!(first.name, "board", "{first:?}");

    // A ballot cast on A reaches the board watched on B.
    let denmark = a.sign_in(account(&accounts, "dnk"));
    let cast_at = Instant::now();
    a.post_expect(&ballot_path(), &denmark, &json!({ "choice": "yes" }), 201);
    let latency = loop {
        let remaining = Duration::from_secs(5).saturating_sub(cast_at.elapsed());
        let event = stream.recv_timeout(remaining).unwrap_or_else(|error| {
            panic!("Denmark's ballot cast on A did not reach B's stream within 5 s ({error})")
        });
        if event.name != "change" {
            continue;
        }
        let change: Value = serde_json::from_str(&event.data).expect("a JSON change");
        if change["seat"]["state"] == "DNK" {
            assert_eq!(change["seat"]["shown"], "yes", "{change}");
            break cast_at.elapsed();
        }
    };

    // And the other way round, and then twenty delegations casting on both servers at once: every cast is
    // acknowledged (positions taken first by the other server are retried), and both boards agree.
    let sweden = b.sign_in(account(&accounts, "swe"));
    b.post_expect(&ballot_path(), &sweden, &json!({ "choice": "no" }), 201);
    assert!(
        eventually(Duration::from_secs(5), || shown(&a.board(), "SWE") == "no"),
        "Sweden's ballot cast on B reaches A"
    );
    let delegates: Vec<&Account> = accounts
        .iter()
        .filter(|account| account.role == "delegation" && !["DNK", "SWE"].contains(&account.state.as_str()))
        .skip(40)
        .take(20)
        .collect();
    let acknowledged: Vec<(u64, Ballot)> = std::thread::scope(|scope| {
        let threads: Vec<_> = delegates
            .iter()
            .enumerate()
            .map(|(index, account)| {
                let (a, b) = (a.clone(), b.clone());
                scope.spawn(move || {
                    let (home, other) = if index % 2 == 0 { (&a, &b) } else { (&b, &a) };
                    let session = home.sign_in(account);
                    (0..6)
                        .map(|turn| {
                            let api = if turn % 2 == 0 { home } else { other };
                            let choice = CHOICES[(index + turn) % CHOICES.len()];
                            let body = json!({ "choice": choice });
                            let reply = api.post_expect(&ballot_path(), &session, &body, 201);
                            let seq = reply["seq"].as_u64().expect("a position");
                            (seq, Ballot { state: account.state.clone(), choice: choice.to_owned() })
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        threads.into_iter().flat_map(|thread| thread.join().expect("a casting thread")).collect()
    });
    let positions: BTreeSet<u64> = acknowledged.iter().map(|(seq, _)| *seq).collect();
    assert_eq!(positions.len(), acknowledged.len(), "no two acknowledged casts share a position");
    assert!(
        eventually(Duration::from_secs(5), || a.head() == b.head()),
        "A and B agree on /api/health events ({} and {})",
        a.head(),
        b.head()
    );
    assert_eq!(a.board(), b.board(), "A and B show the same board");
    let board = a.board();
    let mut last: BTreeMap<String, (u64, String)> = BTreeMap::new();
    for (seq, ballot) in &acknowledged {
        let entry = last.entry(ballot.state.clone()).or_insert((0, String::new()));
        if *seq > entry.0 {
            *entry = (*seq, ballot.choice.clone());
        }
    }
    for (state, (_, choice)) in &last {
        assert_eq!(shown(&board, state), choice, "{state}'s last acknowledged ballot is on the board");
    }
    assert_eq!(board["voted"].as_u64(), Some(last.len() as u64 + 2), "{board}");

    // Each server keeps its own agreed-language index from the facts the log announces: a text recorded on
    // A is found on B's search page.
    let phrase = "/search?q=%22statement+by+the+Director+General+of+the+Agency%22";
    assert!(b.get_text(phrase).contains("Nothing matches"), "B's index has no A/RES/79/4 yet");
    let secretariat = a.sign_in(account(&accounts, "secretariat"));
    let text = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../plenary-import/tests/fixtures/A_RES_79_4.txt"
    ))
    .expect("the fixture");
    let imported = ureq::post(format!("{}/api/documents?id=a-res-79-4&status=issued", server_a.url))
        .header("cookie", &secretariat.cookie)
        .header("x-csrf-token", &secretariat.csrf)
        .header("content-type", "application/octet-stream")
        .send(&text[..])
        .expect("the import is answered");
    assert_eq!(imported.status().as_u16(), 201, "the secretariat imports A/RES/79/4 on A");
    assert!(
        eventually(Duration::from_secs(10), || b.get_text(phrase).contains("A/RES/79/4")),
        "B's index follows the text recorded on A"
    );

    let output = run_plenary(&["verify", "--database", &url], START_TIMEOUT);
    assert_eq!(verify_output_intact(&output), a.head(), "verify reads the shared log whole");
    eprintln!(
        "postgres: a ballot cast on A reached B's live board in {} ms; {} concurrent casts on both servers \
         acknowledged at distinct positions",
        latency.as_millis(),
        acknowledged.len()
    );
}

// ---------------------------------------------------------------------------------------------------------
// 6. Proof for the public: a vote's proof downloaded from the running server, checked offline
// ---------------------------------------------------------------------------------------------------------

/// `plenary verify-record FILE --key KEY`, to its end.
fn verify_record(file: &Path, key: &str) -> Output {
    let file = file.to_str().expect("a UTF-8 path");
    run_plenary(&["verify-record", file, "--key", key], START_TIMEOUT)
}

/// The run failed with exit code `code`; its standard error, which must name everything in `named`.
fn failed_naming(output: &Output, code: i32, named: &[&str], context: &str) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(
        output.status.code(),
        Some(code),
        "{context}: exit code; stdout: {}; stderr: {stderr}",
        String::from_utf8_lossy(&output.stdout)
    );
    assert!(
        output.stdout.is_empty(),
        "{context}: nothing is claimed as proved: {}",
        String::from_utf8_lossy(&output.stdout)
    );
    for name in named {
        assert!(stderr.contains(name), "{context}: the message names {name:?}: {stderr}");
    }
    stderr
}

/// A proof file's events, and the index of `state`'s first ballot among them.
fn ballot_of(bundle: &Value, state: &str) -> (usize, u64) {
    let events = bundle["events"].as_array().expect("events");
    let index = events
        .iter()
        .position(|event| {
            event["kind"] == "ballot_cast"
                && event["payload"].as_str().is_some_and(|payload| payload.contains(&format!("\"{state}\"")))
        })
        .unwrap_or_else(|| panic!("{state}'s ballot in the proof"));
    (index, events[index]["seq"].as_u64().expect("a position"))
}

#[test]
fn a_vote_proof_downloaded_from_the_server_verifies_offline_and_each_forgery_is_named() {
    let data = seeded_copy("proof");
    let accounts = accounts(data.path());
    let server = Server::start(data.path(), None, START_TIMEOUT);
    let api = server.api();
    let chair = api.sign_in(account(&accounts, "chair"));
    api.open_vote(&chair);
    for (state, choice) in [("dnk", "yes"), ("mex", "yes"), ("usa", "no"), ("fra", "abstain"), ("sdn", "no")]
    {
        let session = api.sign_in(account(&accounts, state));
        api.post_expect(&ballot_path(), &session, &json!({ "choice": choice }), 201);
    }
    let undecided = api.get(&format!("/api/meetings/{MEETING}/votes/{VOTE}/proof")).expect("answered");
    assert_eq!(undecided.status, 409, "no proof of an open vote: {}", undecided.body);
    for step in ["lock", "decide"] {
        api.post_expect(&format!("/api/meetings/{MEETING}/votes/{VOTE}/{step}"), &chair, &json!({}), 200);
    }

    // What a journalist does: the key, the file, the check — with the server out of the way.
    let key = api.get_text("/api/log/key");
    let bundle_text = api.get_text(&format!("/api/meetings/{MEETING}/votes/{VOTE}/proof"));
    let roll_call = api.get_text("/api/meetings/ga-72-73/votes/6004/proof");
    drop(server);
    let files = TempDir::new("proof-files");
    let key_file = files.path().join("log-key.pub");
    std::fs::write(&key_file, &key).expect("writing the key");
    let key_path = key_file.to_str().expect("a UTF-8 path");
    let file = files.path().join("c3-80-torture-V1-proof.json");
    std::fs::write(&file, &bundle_text).expect("writing the proof");
    let bundle: Value = serde_json::from_str(&bundle_text).expect("a JSON proof");
    let size = bundle["checkpoint"]["size"].as_u64().expect("a size");

    let output = verify_record(&file, key_path);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
    assert!(
        stdout.contains(&format!(
            "Vote V1 of meeting c3-80-torture (proposal, recorded): 2 in favour, 2 against, 1 abstention — all 8 \
             events are in the log of plenary.local/record at size {size}"
        )),
        "{stdout}"
    );
    // The key as text on the command line does the same.
    assert!(verify_record(&file, key.trim()).status.success());

    // The real roll call 6004 of the seeded 2017 meeting.
    let roll_call_file = files.path().join("ga-72-73-6004-proof.json");
    std::fs::write(&roll_call_file, &roll_call).expect("writing the proof");
    let output = verify_record(&roll_call_file, key_path);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
    assert!(
        stdout.contains("Vote 6004 of meeting ga-72-73 (part:pp7, recorded): 108 in favour, 18 against, 32 abstentions — all 161 events are in the log"),
        "{stdout}"
    );

    // 1. Sudan's "no" flipped to "yes" in the file.
    let (sudan, sudan_seq) = ballot_of(&bundle, "SDN");
    let mut flipped = bundle.clone();
    let payload =
        flipped["events"][sudan]["payload"].as_str().expect("a payload").replace("\"no\"", "\"yes\"");
    flipped["events"][sudan]["payload"] = Value::String(payload);
    let forged = files.path().join("flipped.json");
    std::fs::write(&forged, flipped.to_string()).expect("writing");
    failed_naming(
        &verify_record(&forged, key_path),
        1,
        &[&format!("event {sudan_seq} (ballot_cast)"), "does not match its hash"],
        "a flipped ballot",
    );

    // 1b. The same, resealed: its hash and leaf recomputed to match — then it is not in the signed tree.
    let mut event: plenary_store::StoredEvent =
        serde_json::from_value(flipped["events"][sudan].clone()).expect("a stored event");
    event.hash = event.computed_hash();
    let leaf = plenary_store::tree::leaf_hash(&plenary_store::tree::entry(&event).expect("an entry"));
    flipped["events"][sudan]["hash"] = Value::String(event.hash.clone());
    flipped["events"][sudan]["leaf_hash"] = Value::String(plenary_store::proof::encode(&leaf));
    std::fs::write(&forged, flipped.to_string()).expect("writing");
    failed_naming(
        &verify_record(&forged, key_path),
        1,
        &[
            &format!("event {sudan_seq} (ballot_cast)"),
            "inclusion proof does not lead to the checkpoint's root",
        ],
        "a flipped ballot, resealed",
    );

    // 2. Another key of the same name: the checkpoint is not the log's.
    let impostor = plenary_store::LogKey::from_seed("plenary.local/record", &[9; 32]).expect("a key");
    failed_naming(
        &verify_record(&file, impostor.verifier_key()),
        1,
        &["checkpoint", "not signed by", impostor.verifier_key()],
        "another key",
    );

    // 3. One hash of the decision's inclusion proof altered.
    let mut altered = bundle.clone();
    let last = altered["events"].as_array().expect("events").len() - 1;
    let decided_seq = altered["events"][last]["seq"].as_u64().expect("a position");
    let hash = altered["events"][last]["proof"][0].as_str().expect("a proof hash").to_owned();
    let swapped = if hash.starts_with('A') { "B" } else { "A" };
    altered["events"][last]["proof"][0] = Value::String(format!("{swapped}{}", &hash[1..]));
    std::fs::write(&forged, altered.to_string()).expect("writing");
    failed_naming(
        &verify_record(&forged, key_path),
        1,
        &[&format!("event {decided_seq} (vote_decided)"), "inclusion proof"],
        "an altered proof hash",
    );

    // 4. Sudan's ballot left out: every event left is in the log, but the ballots no longer give the summary.
    let mut short = bundle.clone();
    short["events"].as_array_mut().expect("events").remove(sudan);
    std::fs::write(&forged, short.to_string()).expect("writing");
    failed_naming(
        &verify_record(&forged, key_path),
        1,
        &["the summary says 2, 2, 1", "count 2, 1, 1"],
        "a ballot left out",
    );

    // Unreadable input: exit 2.
    std::fs::write(&forged, &bundle_text[..bundle_text.len() / 2]).expect("writing");
    failed_naming(&verify_record(&forged, key_path), 2, &["not a vote proof", "JSON"], "half a file");
    std::fs::write(&forged, r#"{"format": "something-else"}"#).expect("writing");
    failed_naming(&verify_record(&forged, key_path), 2, &["not a vote proof"], "another file");
    let huge = files.path().join("huge.json");
    std::fs::File::create(&huge)
        .and_then(|created| created.set_len(65 * 1024 * 1024))
        .expect("a sparse file");
    failed_naming(&verify_record(&huge, key_path), 2, &["larger than"], "a file over the limit");
    failed_naming(
        &verify_record(&files.path().join("missing.json"), key_path),
        2,
        &["missing.json"],
        "no file",
    );
    failed_naming(&verify_record(&file, "not a key"), 2, &["--key"], "a malformed key");
}

// ---------------------------------------------------------------------------------------------------------
// Attacks on the running service (/work/shared/spec/threats.md)
//
// `PLENARY_ATTACK_BINARY`: run these against another build of `plenary` (to measure a "before").
// ---------------------------------------------------------------------------------------------------------

fn attack_binary() -> PathBuf {
    std::env::var_os("PLENARY_ATTACK_BINARY")
        .map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_plenary")), PathBuf::from)
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).map(|metadata| metadata.permissions().mode() & 0o777).unwrap_or(0)
}

/// The database holds argon2 hashes and session tokens: no other local user may read it, its WAL or its
/// shared memory, nor list the data directory.
#[cfg(unix)]
#[test]
fn the_database_and_the_data_directory_are_the_services_alone() {
    let parent = TempDir::new("modes");
    let data = parent.path().join("data");
    let mut child = Command::new(attack_binary())
        .arg("serve")
        .arg("--data")
        .arg(&data)
        .args(["--listen", "127.0.0.1:0"])
        .env("RUST_LOG", "warn")
        .env("PLENARY_WITHOUT_CORPUS", "true")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("plenary serve runs");
    // The first start writes (seeding) at once: the write-ahead log and shared memory exist within seconds.
    let (database, wal, shm) =
        (data.join("plenary.db"), data.join("plenary.db-wal"), data.join("plenary.db-shm"));
    let appeared = eventually(Duration::from_secs(60), || database.exists() && wal.exists() && shm.exists());
    let modes = [mode(&data), mode(&database), mode(&wal), mode(&shm)];
    let _ = child.kill();
    let _ = child.wait();
    assert!(appeared, "the database files appear");
    let octal: Vec<String> = modes.iter().map(|mode| format!("{mode:o}")).collect();
    assert_eq!(modes, [0o700, 0o600, 0o600, 0o600], "data directory, plenary.db, -wal, -shm: {octal:?}");
}

/// What a connection got: an answer's status line, or nothing within the wait (left in the backlog).
fn status_line(stream: &mut std::net::TcpStream, wait: Duration) -> Option<String> {
    use std::io::Read;
    stream.set_read_timeout(Some(wait)).ok()?;
    let mut buffer = [0u8; 512];
    let read = stream.read(&mut buffer).ok().filter(|read| *read > 0)?;
    String::from_utf8_lossy(&buffer[..read]).lines().next().map(str::to_owned)
}

/// `GET /api/health` from 127.0.0.2 (another client than the flood's 127.0.0.1); its status line and time.
fn health_from_neighbour(url: &str, wait: Duration) -> (Option<String>, Duration) {
    let address: std::net::SocketAddr =
        url.trim_start_matches("http://").parse().expect("the server's address");
    let started = Instant::now();
    let status = block_on(async {
        let socket = tokio::net::TcpSocket::new_v4().ok()?;
        socket.bind("127.0.0.2:0".parse().ok()?).ok()?;
        let stream = tokio::time::timeout(wait, socket.connect(address)).await.ok()?.ok()?;
        let mut stream = stream.into_std().ok()?;
        stream.set_nonblocking(false).ok()?;
        std::io::Write::write_all(
            &mut stream,
            b"GET /api/health HTTP/1.1\r\nhost: plenary\r\nconnection: close\r\n\r\n",
        )
        .ok()?;
        status_line(&mut stream, wait)
    });
    (status, started.elapsed())
}

/// 600 idle connections against a server allowed 256 open files: every one is answered (held, or 503 at
/// once), none is left unaccepted, a neighbour always gets an answer, and once the flood ends the service
/// is whole again.
#[test]
#[allow(clippy::print_stderr, reason = "the flood's figures are what this test reports")]
fn a_connection_flood_past_the_open_files_limit_is_answered_and_never_stops_the_server() {
    let data = seeded_copy("flood");
    let server = Server::start_limited(&attack_binary(), 256, data.path(), START_TIMEOUT);
    let address: std::net::SocketAddr =
        server.url.trim_start_matches("http://").parse().expect("the server's address");
    let attempts = 600;
    // All at once, as a flood comes: connect every one, then see what each got.
    let mut streams = Vec::new();
    let mut failed = 0;
    for _ in 0..attempts {
        match std::net::TcpStream::connect_timeout(&address, Duration::from_secs(2)) {
            Ok(stream) => streams.push(stream),
            Err(_) => failed += 1,
        }
    }
    std::thread::sleep(Duration::from_millis(500));
    let (neighbour_status, neighbour_took) = health_from_neighbour(&server.url, Duration::from_secs(3));
    let (mut refused, mut waiting) = (0, Vec::new());
    for mut stream in streams {
        match status_line(&mut stream, Duration::from_millis(1)) {
            Some(line) if line.starts_with("HTTP/1.1 503") => refused += 1,
            Some(line) => panic!("unexpected {line}"),
            None => waiting.push(stream),
        }
    }
    // Held by the server waiting for a request, or never accepted: a request tells them apart.
    for stream in &mut waiting {
        let _ = std::io::Write::write_all(stream, b"GET /api/health HTTP/1.1\r\nhost: p\r\n\r\n");
    }
    let (mut held, mut unanswered) = (0, 0);
    for stream in &mut waiting {
        match status_line(stream, Duration::from_secs(1)) {
            Some(_) => held += 1,
            None => unanswered += 1,
        }
        if unanswered >= 20 {
            // The server stopped accepting; waiting on the rest only repeats it.
            break;
        }
    }
    eprintln!(
        "connection flood at 256 open files: {attempts} connections at once, {held} held, {refused} answered \
         503 at once, {unanswered} unanswered (counting stops at 20), {failed} failed to connect; a neighbour's \
         health during it: {neighbour_status:?} in {neighbour_took:?}"
    );
    let held = waiting;
    drop(held);
    let recovered = eventually(Duration::from_secs(15), || {
        health_from_neighbour(&server.url, Duration::from_secs(2)).0.is_some_and(|line| line.contains("200"))
    });
    assert_eq!((unanswered, failed), (0, 0), "every connection is answered");
    assert!(neighbour_status.is_some(), "a neighbour is answered during the flood (503 or 200)");
    assert!(refused > 0, "the flood is refused past the cap");
    assert!(recovered, "the service answers once the flood ends:\n{}", server.stderr());
}

/// A client sending its request head one byte a second is cut off after the header timeout (10 s by
/// default), and a neighbour is served meanwhile.
#[test]
#[allow(clippy::print_stderr, reason = "the cut-off time is what this test reports")]
fn a_slowloris_is_cut_off_by_the_running_server() {
    use std::io::{Read, Write};
    let data = seeded_copy("slowloris");
    let server = Server::start_limited(&attack_binary(), 4096, data.path(), START_TIMEOUT);
    let address: std::net::SocketAddr =
        server.url.trim_start_matches("http://").parse().expect("the server's address");
    let mut loris = std::net::TcpStream::connect(address).expect("connects");
    loris.set_read_timeout(Some(Duration::from_millis(10))).expect("a timeout");
    let head = format!("GET /api/health HTTP/1.1\r\nhost: plenary\r\nx-padding: {}\r\n\r\n", "a".repeat(40));
    let started = Instant::now();
    let mut cut_after = None;
    let mut neighbour_slowest = Duration::ZERO;
    for (index, byte) in head.bytes().enumerate() {
        let mut buffer = [0u8; 256];
        // Closed (or answered, say with 408) by the server before the head is complete: cut off.
        let ended = loris.write_all(&[byte]).is_err()
            || match loris.read(&mut buffer) {
                Ok(_) => true,
                Err(error) => {
                    !matches!(error.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut)
                }
            };
        if ended {
            if index + 1 < head.len() {
                cut_after = Some(started.elapsed());
            }
            break;
        }
        let (status, took) = health_from_neighbour(&server.url, Duration::from_secs(3));
        assert!(status.is_some_and(|line| line.contains("200")), "the neighbour is served");
        neighbour_slowest = neighbour_slowest.max(took);
        std::thread::sleep(Duration::from_secs(1).saturating_sub(took));
    }
    eprintln!(
        "slowloris against plenary serve: {}; neighbour's health slowest {neighbour_slowest:?}",
        cut_after.map_or_else(
            || format!("never cut off ({} bytes in {:?})", head.len(), started.elapsed()),
            |after| format!("cut off after {after:?}")
        )
    );
    let cut_after = cut_after.expect("the slowloris is cut off before it finishes its head");
    assert!(cut_after < Duration::from_secs(15), "cut off after {cut_after:?}");
}

/// How many live-stream connections the stream flood attempts: `PLENARY_STREAM_FLOOD` (CI runs 20,000, as
/// the attack did), a few hundred in the everyday run.
fn stream_flood_attempts() -> usize {
    std::env::var("PLENARY_STREAM_FLOOD").ok().and_then(|count| count.parse().ok()).unwrap_or(600)
}

/// The attack that exhausted the descriptors: live-board streams opened as fast as they connect, from 20
/// client addresses (127.0.0.10 …), against the server with its default limits. Every attempt is answered
/// — a stream, or 503 with `Retry-After` — the server never stops accepting, and a health check from
/// another address answers throughout.
#[test]
#[allow(clippy::print_stderr, reason = "the flood's figures are what this test reports")]
fn a_flood_of_live_streams_is_answered_and_health_answers_throughout() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let attempts = stream_flood_attempts();
    let data = seeded_copy("stream-flood");
    // The open-files limit of this machine's sessions and CI, so that a "before" build is measured as it ran.
    let server = Server::start_limited(&attack_binary(), 20_000, data.path(), START_TIMEOUT);
    let address: std::net::SocketAddr =
        server.url.trim_start_matches("http://").parse().expect("the server's address");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let (outcomes, health) = runtime.block_on(async move {
        let done = Arc::new(AtomicBool::new(false));
        // The neighbour: a health check every 100 ms from an address of its own.
        let watching = Arc::clone(&done);
        let health = tokio::spawn(async move {
            let (mut answered, mut failed, mut slowest) = (0usize, 0usize, Duration::ZERO);
            while !watching.load(Ordering::SeqCst) {
                let started = Instant::now();
                let status = tokio::time::timeout(Duration::from_secs(2), async {
                    let socket = tokio::net::TcpSocket::new_v4().ok()?;
                    socket.bind("127.0.0.2:0".parse().ok()?).ok()?;
                    let mut stream = socket.connect(address).await.ok()?;
                    stream
                        .write_all(b"GET /api/health HTTP/1.1\r\nhost: p\r\nconnection: close\r\n\r\n")
                        .await
                        .ok()?;
                    let mut buffer = [0u8; 64];
                    let read = stream.read(&mut buffer).await.ok()?;
                    Some(String::from_utf8_lossy(&buffer[..read]).into_owned())
                })
                .await;
                match status {
                    Ok(Some(text)) if text.starts_with("HTTP/1.1 200") => answered += 1,
                    _ => failed += 1,
                }
                slowest = slowest.max(started.elapsed());
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            (answered, failed, slowest)
        });
        // The flood: at most 512 connecting at once (the listen backlog), each kept open if it got a stream.
        let connecting = Arc::new(tokio::sync::Semaphore::new(512));
        let mut tasks = Vec::with_capacity(attempts);
        for index in 0..attempts {
            let connecting = Arc::clone(&connecting);
            tasks.push(tokio::spawn(async move {
                let permit = connecting.acquire_owned().await.ok()?;
                let source =
                    std::net::SocketAddr::from(([127, 0, 0, 10 + u8::try_from(index % 20).ok()?], 0));
                let socket = tokio::net::TcpSocket::new_v4().ok()?;
                socket.bind(source).ok()?;
                let mut stream = tokio::time::timeout(Duration::from_secs(10), socket.connect(address))
                    .await
                    .ok()?
                    .ok()?;
                let request = "GET /api/meetings/ga-72-73/votes/6004/stream HTTP/1.1\r\nhost: p\r\n\r\n";
                stream.write_all(request.as_bytes()).await.ok()?;
                let mut buffer = vec![0u8; 1024];
                let read = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut buffer))
                    .await
                    .ok()?
                    .ok()?;
                drop(permit);
                let head = String::from_utf8_lossy(&buffer[..read]).into_owned();
                let streaming = head.starts_with("HTTP/1.1 200");
                let refused =
                    head.starts_with("HTTP/1.1 503") && head.to_lowercase().contains("retry-after:");
                Some((streaming, refused, streaming.then_some(stream)))
            }));
        }
        let mut outcomes = Vec::with_capacity(attempts);
        for task in tasks {
            outcomes.push(task.await.ok().flatten());
        }
        // The streams stay open while the neighbour checks once more, then close together.
        tokio::time::sleep(Duration::from_millis(500)).await;
        done.store(true, Ordering::SeqCst);
        let health = health.await.unwrap_or((0, 1, Duration::MAX));
        let outcomes: Vec<Option<(bool, bool)>> = outcomes
            .into_iter()
            .map(|outcome| outcome.map(|(streaming, refused, _)| (streaming, refused)))
            .collect();
        (outcomes, health)
    });
    let streaming = outcomes.iter().filter(|outcome| matches!(outcome, Some((true, _)))).count();
    let refused = outcomes.iter().filter(|outcome| matches!(outcome, Some((_, true)))).count();
    let unanswered = outcomes.len() - streaming - refused;
    let (health_answered, health_failed, health_slowest) = health;
    eprintln!(
        "stream flood: {attempts} attempts from 20 addresses: {streaming} streams, {refused} answered 503 with \
         Retry-After, {unanswered} unanswered; health from another address: {health_answered} answered, \
         {health_failed} failed, slowest {health_slowest:?}"
    );
    assert_eq!(unanswered, 0, "every attempt is answered, with a stream or 503 + Retry-After");
    assert!(streaming > 0, "streams are served");
    assert_eq!(health_failed, 0, "health answers throughout the flood");
    assert!(health_answered > 0);
    let (status, _) = health_from_neighbour(&server.url, Duration::from_secs(5));
    assert!(status.is_some_and(|line| line.contains("200")), "the server still accepts after the flood");
}

// ---------------------------------------------------------------------------------------------------------
// The log key
// ---------------------------------------------------------------------------------------------------------

fn read_text(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()))
        .trim()
        .to_owned()
}

#[test]
fn a_rotated_log_key_leaves_every_checkpoint_signed_by_both_and_the_server_signs_with_the_new_one() {
    let data = seeded_copy("rotate");
    let path = data.path().to_str().expect("a UTF-8 path");
    let old_key = read_text(&data.path().join("log-key.pub"));

    let output = run_plenary(&["rotate-log-key", "--data", path], START_TIMEOUT);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "rotate-log-key: {stdout}{}", String::from_utf8_lossy(&output.stderr));
    let new_key = read_text(&data.path().join("log-key.pub"));
    assert_ne!(new_key, old_key);
    assert_eq!(new_key.split('+').next(), old_key.split('+').next(), "the log keeps its name");
    assert!(stdout.contains(&new_key) && stdout.contains(&old_key), "{stdout}");
    for key in [&old_key, &new_key] {
        verify_output_intact(&run_plenary(&["verify", "--data", path, "--key", key], START_TIMEOUT));
    }

    // The server starts on the new key; the next decision is signed by it alone.
    let accounts = accounts(data.path());
    let mut server = Server::start(data.path(), None, START_TIMEOUT);
    let api = server.api();
    let served = api.agent.get(format!("{}/api/log/key", api.base)).call().expect("the key");
    assert_eq!(served.into_body().read_to_string().expect("text").trim(), new_key);
    let chair = api.sign_in(account(&accounts, "chair"));
    api.open_vote(&chair);
    api.post_expect(&ballot_path(), &api.sign_in(account(&accounts, "mex")), &json!({ "choice": "no" }), 201);
    api.post_expect(&format!("/api/meetings/{MEETING}/votes/{VOTE}/lock"), &chair, &json!({}), 200);
    api.post_expect(&format!("/api/meetings/{MEETING}/votes/{VOTE}/decide"), &chair, &json!({}), 200);
    server.kill();

    verify_output_intact(&run_plenary(&["verify", "--data", path, "--key", &new_key], START_TIMEOUT));
    let output = run_plenary(&["verify", "--data", path, "--key", &old_key], START_TIMEOUT);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "the old key no longer covers the log: {stderr}");
    assert!(stderr.contains("is not signed by") && stderr.contains(&old_key), "{stderr}");
}
