//! Load benchmark of the live voting board. The real service (router, sessions, permission matrix, journal,
//! and a SQLite log in WAL mode with full synchronous commits, in a real file) serves on a real TCP port;
//! the chair and the 193 delegations sign in over HTTP; N watchers follow a vote's server-sent events;
//! then all 193 delegations cast at once, each over its own keep-alive HTTP/1.1 connection, a few rounds
//! (every round changes every vote).
//!
//! Measured: durable ballots per second (193 over the time from the first send to the last
//! acknowledgement), the latency of a cast, and for each ballot the time until the LAST watcher has it in
//! its stream (the maximum over the watchers), counted from the cast's acknowledgement and from its send;
//! the bytes each watcher receives, and the fresh boards (`event: board` after the first) a lagging
//! watcher is sent instead of the changes it missed.
//!
//! The clients (chair, delegations, watchers) run in a child process started from this same binary, over
//! plain TCP with HTTP written by hand: a process may hold 20,000 descriptors here (hard limit), and 10,000
//! watchers are 10,000 sockets on each side of the connection. Every client time is taken in that one
//! process, from one monotonic clock. Server and clients share the machine's cores.
//!
//! Run with `cargo bench -p plenary-web --bench board_load`. `BOARD_LOAD_WATCHERS=100,1000` sets the watcher
//! counts (default 1000,10000), `BOARD_LOAD_ROUNDS` the cast rounds per count (default 3), `BOARD_LOAD_DIR`
//! where the log file goes (default the system's temporary directory). Without `--bench` (as under
//! `cargo test --benches`) it runs a small smoke: 20 watchers, one round.
//!
//! The journal signs checkpoints as `plenary serve` does (every decision, every 256 events, a 10-second
//! timer); `PLENARY_BENCH_CHECKPOINTS=off` runs it without a key, so that none is signed (the Merkle tree's
//! hashes are stored either way), and `PLENARY_BENCH_CHECKPOINT_EVENTS=1` signs one in every append. At the end it prints how many checkpoints were made and the size of their
//! notes, and the cost of one on its own: the tree's root, signing it, and a reader's check of the note.

#![allow(clippy::print_stdout)]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use plenary_store::SqliteLog;
use plenary_web::server::Limits;
use plenary_web::{Config, PasswordCost};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Barrier, Semaphore, watch};

/// Set in the client process: the server's address.
const SERVER_ENV: &str = "BOARD_LOAD_SERVER";
/// The seeded demo meeting, ready for a vote on its draft.
const MEETING: &str = "c3-80-torture";
/// Watchers connecting at once (the listener's backlog is 1,024).
const CONNECTING: usize = 256;
/// How long to wait for every watcher to have every ballot of a round.
const DELIVERY_TIMEOUT: Duration = Duration::from_secs(180);
const CHOICES: [&str; 3] = ["yes", "no", "abstain"];

fn main() {
    let smoke = !std::env::args().any(|argument| argument == "--bench");
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a Tokio runtime");
    match std::env::var(SERVER_ENV) {
        Ok(address) => {
            let address: SocketAddr = address.parse().expect("the server's address");
            let credentials = std::io::read_to_string(std::io::stdin()).expect("the credentials on stdin");
            runtime.block_on(clients(address, &credentials, &Plan::from_env(smoke)));
        }
        Err(_) => {
            let success = runtime.block_on(serve(smoke));
            if !success {
                std::process::exit(1);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// The server process.

/// Starts the service on a fresh log, runs the client process against it, reports on the log. Returns
/// whether the clients succeeded.
async fn serve(smoke: bool) -> bool {
    let directory = TempDir::new();
    let database = directory.0.join("plenary.db");
    let log = SqliteLog::open(&database).await.expect("the SQLite log opens");
    // Every watcher and every delegation connects from 127.0.0.1: the caps per address and in total are
    // lifted to the open-files limit (which the connection layer still keeps its reserve below).
    let config = Config {
        password_cost: PasswordCost::for_tests(),
        max_streams: 100_000,
        max_streams_per_address: 100_000,
        ship_corpus: false,
        ..Config::default()
    };
    let limits =
        Limits { max_connections: 100_000, max_connections_per_address: 100_000, ..Limits::default() };
    let checkpoints = checkpoints_on();
    let signing = plenary_store::Signing {
        key: checkpoints
            .then(|| plenary_store::LogKey::generate("plenary.bench/record").expect("a valid name")),
        every_events: checkpoint_events(),
    };
    let checkpoint_interval = config.checkpoint_interval;
    let (app, credentials) = plenary_web::start(log, config, signing).await.expect("the service starts");
    let credentials = credentials.expect("a fresh log is seeded, with credentials");
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port on 127.0.0.1");
    let address = listener.local_addr().expect("the listener's address");
    let router = plenary_web::router(Arc::clone(&app));
    tokio::spawn(async move {
        plenary_web::server::serve(listener, router, limits, std::future::pending()).await.expect("serving")
    });

    println!("Board load benchmark");
    println!(
        "  server: plenary-web on http://{address}/ in this process (pid {}), log {} (SQLite, WAL, \
         synchronous=FULL)",
        std::process::id(),
        database.display()
    );
    println!(
        "  machine: {} cores shared by the server and the client process; open files limit {}",
        std::thread::available_parallelism().map_or(0, std::num::NonZeroUsize::get),
        open_files_limit()
    );
    if checkpoints {
        println!(
            "  checkpoints: on (Ed25519 signed notes, at every decision, every {} events ({EVENTS_ENV}) and \
             every {} s; {CHECKPOINTS_ENV}=off to run without)",
            checkpoint_events(),
            checkpoint_interval.as_secs()
        );
    } else {
        println!(
            "  checkpoints: off ({CHECKPOINTS_ENV}=off: no key, none signed; the Merkle tree's hashes are still \
             stored)"
        );
    }
    println!("  load average before: {}", load_average());

    let mut child = tokio::process::Command::new(std::env::current_exe().expect("this benchmark's path"))
        .args(std::env::args().skip(1))
        .env(SERVER_ENV, address.to_string())
        .stdin(Stdio::piped())
        .spawn()
        .expect("the client process starts");
    let mut stdin = child.stdin.take().expect("the client process's stdin");
    let lines: String =
        credentials.iter().map(|account| format!("{} {}\n", account.username, account.password)).collect();
    stdin.write_all(lines.as_bytes()).await.expect("the credentials are handed over");
    drop(stdin);
    let status = child.wait().await.expect("the client process ends");

    let head = app.journal.state().await.head;
    let size = |path: PathBuf| std::fs::metadata(path).map_or(0, |metadata| metadata.len());
    println!(
        "  log: {head} events, plenary.db {:.1} MB + WAL {:.1} MB",
        mb(size(database.clone())),
        mb(size(directory.0.join("plenary.db-wal")))
    );
    report_checkpoints(&app, if smoke { 20 } else { 2_000 }).await;
    println!("  load average after: {}", load_average());
    if !status.success() {
        println!("the client process failed: {status}");
    }
    status.success()
}

/// `PLENARY_BENCH_CHECKPOINTS=off`: the journal gets no key and signs no checkpoint.
const CHECKPOINTS_ENV: &str = "PLENARY_BENCH_CHECKPOINTS";

/// `PLENARY_BENCH_CHECKPOINT_EVENTS=N`: a checkpoint at least every N events (default 256, as served; 1
/// signs one in every append's transaction, the most checkpoints can cost).
const EVENTS_ENV: &str = "PLENARY_BENCH_CHECKPOINT_EVENTS";

fn checkpoint_events() -> u64 {
    std::env::var(EVENTS_ENV).ok().map_or(plenary_store::CHECKPOINT_EVERY_EVENTS, |events| {
        events.trim().parse::<u64>().expect("PLENARY_BENCH_CHECKPOINT_EVENTS: a number").max(1)
    })
}

fn checkpoints_on() -> bool {
    match std::env::var(CHECKPOINTS_ENV) {
        Ok(value) => !matches!(value.trim().to_ascii_lowercase().as_str(), "off" | "0" | "no" | "false"),
        Err(_) => true,
    }
}

/// The checkpoints the run made (number, size of the signed notes), and what one costs on its own: the
/// root of the log's tree, signing it, and a reader's check of the note.
async fn report_checkpoints(app: &plenary_web::App<SqliteLog>, times: u32) {
    use plenary_store::EventLog;
    let stored = app.journal.log().checkpoints().await.expect("the stored checkpoints");
    let notes: Vec<usize> = stored.iter().map(|checkpoint| checkpoint.note.len()).collect();
    match (notes.iter().min(), notes.iter().max(), stored.last()) {
        (Some(min), Some(max), Some(latest)) => println!(
            "  checkpoints: {} signed, notes of {min} to {max} bytes ({} bytes in all), the latest over {} \
             events",
            stored.len(),
            notes.iter().sum::<usize>(),
            latest.size
        ),
        _ => println!("  checkpoints: none signed"),
    }

    // One checkpoint, alone: a fresh key, the root of the tree this run built, signed and opened again.
    let key = plenary_store::LogKey::generate("plenary.bench/record").expect("a valid name");
    let verifier = key.verifier();
    let size = app.journal.tree_size();
    let started = Instant::now();
    let mut root = [0; 32];
    for _ in 0..times {
        root = std::hint::black_box(app.journal.tree_root(size).expect("the root of the whole tree"));
    }
    let rooting = started.elapsed() / times;
    let started = Instant::now();
    let mut signed = key.sign(size, root);
    for _ in 1..times {
        signed = std::hint::black_box(key.sign(size, root));
    }
    let signing = started.elapsed() / times;
    let started = Instant::now();
    for _ in 0..times {
        let opened = verifier.open(std::hint::black_box(&signed.note)).expect("our own checkpoint opens");
        assert_eq!((opened.size, opened.root), (size, root));
    }
    let verifying = started.elapsed() / times;
    println!(
        "  one checkpoint ({} bytes, over {size} events; mean of {times}): the tree's root {:.1} µs, signing \
         {:.1} µs, a reader's check of the note (parse, Ed25519 verify, checkpoint body) {:.1} µs",
        signed.note.len(),
        rooting.as_secs_f64() * 1e6,
        signing.as_secs_f64() * 1e6,
        verifying.as_secs_f64() * 1e6
    );
}

/// The 1, 5 and 15 minute load averages: other work on the machine skews the figures.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| text.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".to_owned())
}

fn open_files_limit() -> String {
    std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|limits| {
            limits.lines().find(|line| line.starts_with("Max open files")).map(|line| {
                let fields: Vec<&str> = line.split_whitespace().collect();
                format!("{} soft / {} hard", fields.get(3).unwrap_or(&"?"), fields.get(4).unwrap_or(&"?"))
            })
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

/// A temporary directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        let parent = std::env::var_os("BOARD_LOAD_DIR").map_or_else(std::env::temp_dir, PathBuf::from);
        let path = parent.join(format!("plenary-board-load-{}", std::process::id()));
        std::fs::create_dir_all(&path).expect("a temporary directory for the log");
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

// ---------------------------------------------------------------------------------------------------------
// The client process.

/// What to run.
struct Plan {
    watchers: Vec<usize>,
    rounds: usize,
}

impl Plan {
    fn from_env(smoke: bool) -> Plan {
        let watchers = std::env::var("BOARD_LOAD_WATCHERS").ok().map(|list| {
            list.split(',')
                .map(|count| count.trim().replace('_', "").parse().expect("BOARD_LOAD_WATCHERS: numbers"))
                .collect()
        });
        let rounds =
            std::env::var("BOARD_LOAD_ROUNDS").ok().map(|rounds| rounds.parse().expect("BOARD_LOAD_ROUNDS"));
        if smoke {
            Plan { watchers: watchers.unwrap_or_else(|| vec![20]), rounds: rounds.unwrap_or(1) }
        } else {
            Plan { watchers: watchers.unwrap_or_else(|| vec![1_000, 10_000]), rounds: rounds.unwrap_or(3) }
        }
    }
}

/// A signed-in account on its own keep-alive connection.
struct Client {
    name: String,
    connection: Connection,
    session: Session,
}

struct Session {
    cookie: String,
    csrf: String,
}

async fn clients(address: SocketAddr, credentials: &str, plan: &Plan) {
    println!(
        "  clients: pid {} (this process: the chair, 193 delegations, the watchers), {} rounds per watcher \
         count",
        std::process::id(),
        plan.rounds
    );
    let passwords: Vec<(&str, &str)> = credentials.lines().filter_map(|line| line.split_once(' ')).collect();
    let started = Instant::now();
    let mut chair = None;
    let mut signing_in = Vec::new();
    for (username, password) in &passwords {
        let (username, password) = ((*username).to_owned(), (*password).to_owned());
        let delegation = username.len() == 3;
        if delegation || username == "chair" {
            signing_in.push(tokio::spawn(async move { sign_in(address, &username, &password).await }));
        }
    }
    let mut delegates = Vec::new();
    for task in signing_in {
        let client = task.await.expect("a sign-in task");
        if client.name == "chair" {
            chair = Some(client);
        } else {
            delegates.push(client);
        }
    }
    let mut chair = chair.expect("the chair signed in");
    println!(
        "  signed in over HTTP: the chair and {} delegations in {:.2} s",
        delegates.len(),
        started.elapsed().as_secs_f64()
    );

    let mut results = Vec::new();
    for (index, &watchers) in plan.watchers.iter().enumerate() {
        let (back, result) = phase(address, &mut chair, delegates, index, watchers, plan.rounds).await;
        delegates = back;
        results.push(result);
    }
    print_table(&results, delegates.len(), plan.rounds);
    fail_unless_every_watcher_had_every_ballot(&results);
}

/// A load run proves nothing if nobody watched or a watcher went without a ballot: the process fails (and
/// with it the CI smoke) instead of printing figures.
fn fail_unless_every_watcher_had_every_ballot(results: &[PhaseResult]) {
    for result in results {
        assert!(
            result.connected > 0,
            "none of the {} watchers connected ({} failed: {:?}): the board was never under load",
            result.watchers,
            result.failed,
            result.failures.first()
        );
        let missed: u64 = result.rounds.iter().map(|round| round.missed).sum();
        assert_eq!(
            missed, 0,
            "with {} watchers, {missed} deliveries of a ballot to a connected watcher never arrived",
            result.watchers
        );
    }
}

async fn sign_in(address: SocketAddr, username: &str, password: &str) -> Client {
    let mut connection = Connection::open(address).await.expect("a connection for signing in");
    let body = json!({ "username": username, "password": password }).to_string();
    let response =
        connection.exchange("POST", "/api/session", None, Some(&body)).await.expect("the sign-in answers");
    assert_eq!(response.head.status, 200, "{username} signs in: {}", response.text());
    let cookie = response
        .head
        .header("set-cookie")
        .and_then(|cookie| cookie.split(';').next())
        .expect("a session cookie")
        .to_owned();
    let csrf = response.json()["csrf_token"].as_str().expect("a CSRF token").to_owned();
    Client { name: username.to_owned(), connection, session: Session { cookie, csrf } }
}

impl Client {
    /// Posts JSON as this account; panics unless the service accepts. The server closes a keep-alive
    /// connection that sends no request within its header timeout (10 s): the chair's sits idle while
    /// 10,000 watchers connect and the rounds run, so a closed connection is opened again, as a browser
    /// would, and the request sent once more (the server read none of it).
    async fn post(&mut self, path: &str, body: &Value) -> Value {
        let body = body.to_string();
        let mut response = self.connection.exchange("POST", path, Some(&self.session), Some(&body)).await;
        if let Err(error) = &response
            && matches!(
                error.kind(),
                std::io::ErrorKind::UnexpectedEof
                    | std::io::ErrorKind::ConnectionReset
                    | std::io::ErrorKind::BrokenPipe
            )
        {
            let address: SocketAddr = self.connection.host.parse().expect("the server's address");
            self.connection = Connection::open(address)
                .await
                .unwrap_or_else(|error| panic!("{} reconnects: {error}", self.name));
            response = self.connection.exchange("POST", path, Some(&self.session), Some(&body)).await;
        }
        let response = response.unwrap_or_else(|error| panic!("{} POST {path}: {error}", self.name));
        assert!(
            matches!(response.head.status, 200 | 201),
            "{} POST {path} {body}: {} {}",
            self.name,
            response.head.status,
            response.text()
        );
        response.json()
    }
}

/// One watcher count: a fresh vote, the watchers, the rounds of casts, the teardown.
struct PhaseResult {
    watchers: usize,
    connected: usize,
    failed: usize,
    failures: Vec<String>,
    connect_seconds: f64,
    rounds: Vec<RoundResult>,
    bytes_mean: f64,
    bytes_min: u64,
    bytes_max: u64,
    board_bytes: usize,
    reloads: u64,
    watchers_reloaded: usize,
    /// The fewest `change` events a watcher that stayed connected received.
    changes_min: u32,
    server_memory: String,
    server_fds: usize,
    client_memory: String,
    teardown: String,
}

async fn phase(
    address: SocketAddr,
    chair: &mut Client,
    mut delegates: Vec<Client>,
    index: usize,
    watchers: usize,
    rounds: usize,
) -> (Vec<Client>, PhaseResult) {
    let vote = format!("V{}", index + 1);
    println!("\n== {watchers} watchers on vote {vote}");
    if index > 0 {
        // A fresh item with its own draft, so the new vote is the next question.
        let events = format!("/api/meetings/{MEETING}/events");
        chair
            .post(
                &events,
                &json!({ "event": "item_opened", "title": format!("Board load, item {}", index + 1) }),
            )
            .await;
        let draft = json!({
            "event": "draft_tabled",
            "symbol": format!("A/C.3/80/L.{}", 900 + index),
            "title": "Board load draft",
            "preambular_paragraphs": 1,
            "operative_paragraphs": 1,
        });
        chair.post(&events, &draft).await;
    }
    let opened = chair
        .post(&format!("/api/meetings/{MEETING}/votes"), &json!({ "vote": vote, "question": "proposal" }))
        .await;
    let base = opened["seq"].as_u64().expect("the vote's opening has a sequence number");

    let server_fds_before = server_fds();
    let slots = delegates.len() * rounds;
    let anchor = Instant::now();
    let arrivals = Arc::new(Arrivals::new(base, slots, anchor));
    let ready = Arc::new(AtomicUsize::new(0));
    let failed = Arc::new(AtomicUsize::new(0));
    let board_bytes = Arc::new(AtomicUsize::new(0));
    let (stop, stopped) = watch::channel(false);
    let connecting = Arc::new(Semaphore::new(CONNECTING));
    let path: Arc<str> = Arc::from(format!("/api/meetings/{MEETING}/votes/{vote}/stream"));
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(watchers);
    for _ in 0..watchers {
        let watcher = Watcher {
            address,
            path: Arc::clone(&path),
            arrivals: Arc::clone(&arrivals),
            ready: Arc::clone(&ready),
            failed: Arc::clone(&failed),
            board_bytes: Arc::clone(&board_bytes),
            connecting: Arc::clone(&connecting),
            stop: stopped.clone(),
        };
        tasks.push(tokio::spawn(watcher.run()));
    }
    while ready.load(Ordering::Acquire) + failed.load(Ordering::Acquire) < watchers {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let connect_seconds = started.elapsed().as_secs_f64();
    let connected = ready.load(Ordering::Acquire);
    println!(
        "  {connected} watchers connected and had their first board in {connect_seconds:.2} s ({} failed)",
        failed.load(Ordering::Acquire)
    );
    let server_memory = memory(&format!("/proc/{}/status", server_pid()));
    let server_fds = server_fds();
    let client_memory = memory("/proc/self/status");
    println!("  server: {server_memory}, {server_fds} open descriptors; clients: {client_memory}");

    let mut results = Vec::new();
    for round in 0..rounds {
        let cpu_before = (cpu_seconds(server_pid()), cpu_seconds(std::process::id()), machine_busy_seconds());
        let (back, casts) = cast_round(delegates, &vote, round).await;
        delegates = back;
        let mut result = await_delivery(&arrivals, &casts, connected).await;
        result.server_cpu = cpu_seconds(server_pid()) - cpu_before.0;
        result.client_cpu = cpu_seconds(std::process::id()) - cpu_before.1;
        result.other_cpu =
            (machine_busy_seconds() - cpu_before.2 - result.server_cpu - result.client_cpu).max(0.0);
        println!(
            "  round {}: {:.0} ballots/s, cast p50 {:.1} ms, every watcher had every ballot {:.1} ms after the \
             first send{}",
            round + 1,
            result.ballots_per_second,
            result.cast.0,
            result.all_delivered_ms,
            if result.missed > 0 { format!(", {} deliveries missing", result.missed) } else { String::new() }
        );
        results.push(result);
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    chair.post(&format!("/api/meetings/{MEETING}/votes/{vote}/lock"), &json!({})).await;
    chair.post(&format!("/api/meetings/{MEETING}/votes/{vote}/decide"), &json!({})).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let _ = stop.send(true);
    let mut reports = Vec::with_capacity(watchers);
    for task in tasks {
        reports.push(task.await.expect("a watcher task"));
    }
    let teardown = await_teardown(server_fds_before).await;
    println!("  watchers closed; {teardown}");

    let alive: Vec<&WatcherReport> = reports.iter().filter(|report| report.error.is_none()).collect();
    let mut failures: Vec<String> = reports.iter().filter_map(|report| report.error.clone()).collect();
    failures.sort();
    failures.dedup();
    let bytes: Vec<u64> = alive.iter().map(|report| report.bytes).collect();
    let result = PhaseResult {
        watchers,
        connected,
        failed: reports.len() - alive.len(),
        failures,
        connect_seconds,
        rounds: results,
        bytes_mean: bytes.iter().sum::<u64>() as f64 / bytes.len().max(1) as f64,
        bytes_min: bytes.iter().copied().min().unwrap_or(0),
        bytes_max: bytes.iter().copied().max().unwrap_or(0),
        board_bytes: board_bytes.load(Ordering::Relaxed),
        reloads: reports.iter().map(|report| u64::from(report.boards.saturating_sub(1))).sum(),
        watchers_reloaded: reports.iter().filter(|report| report.boards > 1).count(),
        changes_min: alive.iter().map(|report| report.changes).min().unwrap_or(0),
        server_memory,
        server_fds,
        client_memory,
        teardown,
    };
    (delegates, result)
}

/// When a ballot was sent and acknowledged, and the sequence number the journal gave it.
struct Cast {
    seq: u64,
    sent: Instant,
    acked: Instant,
}

/// Every delegation casts at once (released together by a barrier), each on its own connection.
async fn cast_round(delegates: Vec<Client>, vote: &str, round: usize) -> (Vec<Client>, Vec<Cast>) {
    let barrier = Arc::new(Barrier::new(delegates.len() + 1));
    let path: Arc<str> = Arc::from(format!("/api/meetings/{MEETING}/votes/{vote}/ballot"));
    let mut tasks = Vec::with_capacity(delegates.len());
    for (index, mut delegate) in delegates.into_iter().enumerate() {
        // Every round changes every delegation's vote.
        let body = json!({ "choice": CHOICES[(index + round) % CHOICES.len()] }).to_string();
        let (barrier, path) = (Arc::clone(&barrier), Arc::clone(&path));
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            let sent = Instant::now();
            let response = delegate
                .connection
                .exchange("POST", &path, Some(&delegate.session), Some(&body))
                .await
                .unwrap_or_else(|error| panic!("{} casts: {error}", delegate.name));
            let acked = Instant::now();
            assert_eq!(response.head.status, 201, "{} casts: {}", delegate.name, response.text());
            let seq = response.json()["seq"].as_u64().expect("an acknowledged cast has a sequence number");
            (delegate, Cast { seq, sent, acked })
        }));
    }
    barrier.wait().await;
    let mut delegates = Vec::with_capacity(tasks.len());
    let mut casts = Vec::with_capacity(tasks.len());
    for task in tasks {
        let (delegate, cast) = task.await.expect("a cast task");
        delegates.push(delegate);
        casts.push(cast);
    }
    (delegates, casts)
}

/// The figures of one round. Latencies in milliseconds, as (p50, p99).
struct RoundResult {
    ballots_per_second: f64,
    cast: (f64, f64),
    /// From the first send to the first acknowledgement.
    first_ack_ms: f64,
    /// From the first send to the moment the last watcher had the last ballot.
    all_delivered_ms: f64,
    /// CPU seconds (user and system) the server and the client process spent on the round.
    server_cpu: f64,
    client_cpu: f64,
    /// CPU seconds the rest of the machine used: other processes, and interrupt work not charged to ours.
    other_cpu: f64,
    /// Ballot deliveries that never came (watcher × ballot).
    missed: u64,
    casts_ms: Vec<f64>,
    ack_to_all_ms: Vec<f64>,
    send_to_all_ms: Vec<f64>,
    wall: Duration,
}

/// Waits until every connected watcher has every ballot of the round (or the timeout), then computes.
async fn await_delivery(arrivals: &Arrivals, casts: &[Cast], watchers: usize) -> RoundResult {
    let expected = u32::try_from(watchers).unwrap_or(u32::MAX);
    let slots: Vec<usize> =
        casts.iter().map(|cast| arrivals.slot(cast.seq).expect("a ballot within the vote's slots")).collect();
    let waiting = Instant::now();
    while slots.iter().any(|&slot| arrivals.seen[slot].load(Ordering::Acquire) < expected)
        && waiting.elapsed() < DELIVERY_TIMEOUT
    {
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let first_sent = casts.iter().map(|cast| cast.sent).min().expect("casts");
    let last_acked = casts.iter().map(|cast| cast.acked).max().expect("casts");
    let first_acked = casts.iter().map(|cast| cast.acked).min().expect("casts");
    let wall = last_acked.duration_since(first_sent);
    let mut casts_ms = Vec::new();
    let mut ack_to_all_ms = Vec::new();
    let mut send_to_all_ms = Vec::new();
    let mut missed = 0;
    let mut last_delivery = first_sent;
    for (cast, &slot) in casts.iter().zip(&slots) {
        casts_ms.push(ms(cast.acked.duration_since(cast.sent)));
        let seen = arrivals.seen[slot].load(Ordering::Acquire);
        missed += u64::from(expected.saturating_sub(seen));
        if seen == 0 {
            continue;
        }
        let last = arrivals.anchor + Duration::from_nanos(arrivals.last[slot].load(Ordering::Acquire));
        last_delivery = last_delivery.max(last);
        ack_to_all_ms.push(signed_ms(cast.acked, last));
        send_to_all_ms.push(ms(last.saturating_duration_since(cast.sent)));
    }
    for list in [&mut casts_ms, &mut ack_to_all_ms, &mut send_to_all_ms] {
        list.sort_by(f64::total_cmp);
    }
    RoundResult {
        ballots_per_second: casts.len() as f64 / wall.as_secs_f64(),
        cast: percentiles(&casts_ms),
        first_ack_ms: ms(first_acked.duration_since(first_sent)),
        all_delivered_ms: ms(last_delivery.duration_since(first_sent)),
        server_cpu: 0.0,
        client_cpu: 0.0,
        other_cpu: 0.0,
        missed,
        casts_ms,
        ack_to_all_ms,
        send_to_all_ms,
        wall,
    }
}

/// Waits (up to 30 s) until the server holds no more descriptors than before the watchers came.
async fn await_teardown(before: usize) -> String {
    let started = Instant::now();
    loop {
        let now = server_fds();
        if now <= before + 2 {
            return format!(
                "the server let go of their connections within {:.1} s ({now} descriptors)",
                started.elapsed().as_secs_f64()
            );
        }
        if started.elapsed() > Duration::from_secs(30) {
            return format!(
                "the server still holds {} more descriptors than before them after 30 s",
                now.saturating_sub(before)
            );
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

// ---------------------------------------------------------------------------------------------------------
// Watchers.

/// For each ballot slot of a vote: how many watchers have it, and when the last got it.
struct Arrivals {
    /// The sequence number of the vote's opening; its ballots follow.
    base: u64,
    anchor: Instant,
    last: Vec<AtomicU64>,
    seen: Vec<AtomicU32>,
}

impl Arrivals {
    fn new(base: u64, slots: usize, anchor: Instant) -> Arrivals {
        Arrivals {
            base,
            anchor,
            last: (0..slots).map(|_| AtomicU64::new(0)).collect(),
            seen: (0..slots).map(|_| AtomicU32::new(0)).collect(),
        }
    }

    fn slot(&self, seq: u64) -> Option<usize> {
        let index = usize::try_from(seq.checked_sub(self.base + 1)?).ok()?;
        (index < self.seen.len()).then_some(index)
    }

    fn record(&self, seq: u64, at: Instant) {
        let Some(slot) = self.slot(seq) else { return };
        let nanos = u64::try_from(at.saturating_duration_since(self.anchor).as_nanos()).unwrap_or(u64::MAX);
        self.last[slot].fetch_max(nanos, Ordering::Relaxed);
        self.seen[slot].fetch_add(1, Ordering::Release);
    }
}

struct Watcher {
    address: SocketAddr,
    path: Arc<str>,
    arrivals: Arc<Arrivals>,
    ready: Arc<AtomicUsize>,
    failed: Arc<AtomicUsize>,
    board_bytes: Arc<AtomicUsize>,
    connecting: Arc<Semaphore>,
    stop: watch::Receiver<bool>,
}

#[derive(Default)]
struct WatcherReport {
    /// Everything read from the socket: headers, chunk framing, events.
    bytes: u64,
    boards: u32,
    changes: u32,
    error: Option<String>,
}

impl Watcher {
    async fn run(mut self) -> WatcherReport {
        let mut report = WatcherReport::default();
        let mut connection = None;
        if let Err(error) = self.follow(&mut report, &mut connection).await {
            if report.boards == 0 {
                self.failed.fetch_add(1, Ordering::AcqRel);
            }
            report.error = Some(error);
        }
        report.bytes = connection.map_or(0, |connection: Connection| connection.received);
        report
    }

    async fn follow(
        &mut self,
        report: &mut WatcherReport,
        slot: &mut Option<Connection>,
    ) -> Result<(), String> {
        let mut permit =
            Some(Arc::clone(&self.connecting).acquire_owned().await.map_err(|error| error.to_string())?);
        let connection = slot
            .insert(Connection::open(self.address).await.map_err(|error| format!("connecting: {error}"))?);
        connection
            .send("GET", &self.path, None, None)
            .await
            .map_err(|error| format!("sending the GET: {error}"))?;
        let head = connection.head().await.map_err(|error| format!("reading the head: {error}"))?;
        if head.status != 200 || head.header("transfer-encoding") != Some("chunked") {
            return Err(format!("the stream answered {} ({:?})", head.status, head.headers));
        }
        let mut chunks = Dechunker::default();
        let mut payload = Vec::new();
        let mut sse = SseParser::default();
        let mut at = Instant::now();
        loop {
            chunks.feed(&mut connection.raw, &mut payload)?;
            for (event, id, data_len) in sse.parse(&mut payload) {
                if event == "board" {
                    report.boards += 1;
                    if report.boards == 1 {
                        self.board_bytes.fetch_max(data_len, Ordering::Relaxed);
                        self.ready.fetch_add(1, Ordering::AcqRel);
                        permit.take();
                    }
                } else if event == "change" {
                    report.changes += 1;
                    if let Some(seq) = id {
                        self.arrivals.record(seq, at);
                    }
                }
            }
            if chunks.done {
                return Err("the stream ended".to_owned());
            }
            tokio::select! {
                biased;
                _ = self.stop.changed() => return Ok(()),
                read = connection.fill() => {
                    read.map_err(|error| format!("reading the stream: {error}"))?;
                    at = Instant::now();
                }
            }
        }
    }
}

/// Server-sent events, line by line: yields (event type, id, data length) of each complete event.
#[derive(Default)]
struct SseParser {
    event: String,
    id: Option<u64>,
    data_len: usize,
}

impl SseParser {
    fn parse(&mut self, payload: &mut Vec<u8>) -> Vec<(String, Option<u64>, usize)> {
        let mut events = Vec::new();
        let mut start = 0;
        while let Some(offset) = payload[start..].iter().position(|&byte| byte == b'\n') {
            let line = &payload[start..start + offset];
            start += offset + 1;
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if line.is_empty() {
                if !self.event.is_empty() || self.id.is_some() {
                    events.push((std::mem::take(&mut self.event), self.id.take(), self.data_len));
                }
                self.event.clear();
                self.data_len = 0;
            } else if let Some(value) = line.strip_prefix(b"event:") {
                self.event = String::from_utf8_lossy(value).trim().to_owned();
            } else if let Some(value) = line.strip_prefix(b"id:") {
                self.id = std::str::from_utf8(value).ok().and_then(|id| id.trim().parse().ok());
            } else if let Some(value) = line.strip_prefix(b"data:") {
                self.data_len += value.len();
            }
        }
        payload.drain(..start);
        events
    }
}

// ---------------------------------------------------------------------------------------------------------
// HTTP/1.1 by hand.

/// One keep-alive connection and the bytes read from it but not yet consumed.
struct Connection {
    stream: TcpStream,
    host: String,
    raw: Vec<u8>,
    received: u64,
}

struct Head {
    status: u16,
    headers: Vec<(String, String)>,
}

impl Head {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }
}

struct Response {
    head: Head,
    body: Vec<u8>,
}

impl Response {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn io_error(message: String) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, message)
}

impl Connection {
    async fn open(address: SocketAddr) -> std::io::Result<Connection> {
        let stream = TcpStream::connect(address).await?;
        stream.set_nodelay(true)?;
        Ok(Connection { stream, host: address.to_string(), raw: Vec::with_capacity(4096), received: 0 })
    }

    async fn send(
        &mut self,
        method: &str,
        path: &str,
        session: Option<&Session>,
        body: Option<&str>,
    ) -> std::io::Result<()> {
        let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\n", self.host);
        if let Some(session) = session {
            request.push_str(&format!("Cookie: {}\r\nX-CSRF-Token: {}\r\n", session.cookie, session.csrf));
        }
        match body {
            Some(body) => request.push_str(&format!(
                "Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            )),
            None => request.push_str("\r\n"),
        }
        self.stream.write_all(request.as_bytes()).await
    }

    /// Reads more bytes into `raw`.
    async fn fill(&mut self) -> std::io::Result<usize> {
        self.raw.reserve(16 * 1024);
        let read = self.stream.read_buf(&mut self.raw).await?;
        if read == 0 {
            return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "the server closed"));
        }
        self.received += read as u64;
        Ok(read)
    }

    async fn head(&mut self) -> std::io::Result<Head> {
        loop {
            if let Some(end) = self.raw.windows(4).position(|window| window == b"\r\n\r\n") {
                let text = String::from_utf8_lossy(&self.raw[..end]).into_owned();
                self.raw.drain(..end + 4);
                let mut lines = text.split("\r\n");
                let status = lines
                    .next()
                    .and_then(|line| line.split(' ').nth(1))
                    .and_then(|code| code.parse().ok())
                    .ok_or_else(|| io_error(format!("not an HTTP response: {text:?}")))?;
                let headers = lines
                    .filter_map(|line| line.split_once(':'))
                    .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
                    .collect();
                return Ok(Head { status, headers });
            }
            self.fill().await?;
        }
    }

    /// Sends a request and reads the whole response.
    async fn exchange(
        &mut self,
        method: &str,
        path: &str,
        session: Option<&Session>,
        body: Option<&str>,
    ) -> std::io::Result<Response> {
        self.send(method, path, session, body).await?;
        let head = self.head().await?;
        let body = if let Some(length) = head.header("content-length") {
            let length: usize = length.parse().map_err(|_| io_error(format!("content-length {length:?}")))?;
            while self.raw.len() < length {
                self.fill().await?;
            }
            self.raw.drain(..length).collect()
        } else if head.header("transfer-encoding") == Some("chunked") {
            let mut chunks = Dechunker::default();
            let mut body = Vec::new();
            loop {
                chunks.feed(&mut self.raw, &mut body).map_err(io_error)?;
                if chunks.done {
                    break body;
                }
                self.fill().await?;
            }
        } else {
            Vec::new()
        };
        Ok(Response { head, body })
    }
}

/// The chunked transfer coding, decoded incrementally.
#[derive(Default)]
struct Dechunker {
    /// Bytes of the current chunk still to come; `None` while a size line is expected.
    remaining: Option<usize>,
    /// The CRLF after a chunk's data is still to come.
    after_data: bool,
    /// The last chunk came: only the trailer section is left.
    trailer: bool,
    done: bool,
}

impl Dechunker {
    /// Moves what `raw` holds of the body into `out`, keeping an incomplete line in `raw`.
    fn feed(&mut self, raw: &mut Vec<u8>, out: &mut Vec<u8>) -> Result<(), String> {
        let mut position = 0;
        while !self.done {
            let available = &raw[position..];
            if let Some(remaining) = self.remaining {
                let take = remaining.min(available.len());
                out.extend_from_slice(&available[..take]);
                position += take;
                if take < remaining {
                    self.remaining = Some(remaining - take);
                    break;
                }
                self.remaining = None;
                self.after_data = true;
                continue;
            }
            let Some(end) = available.windows(2).position(|window| window == b"\r\n") else { break };
            let line = &available[..end];
            position += end + 2;
            if self.after_data {
                if !line.is_empty() {
                    return Err("a chunk runs past its size".to_owned());
                }
                self.after_data = false;
            } else if self.trailer {
                self.done = line.is_empty();
            } else {
                let size = String::from_utf8_lossy(line);
                let size = size.split(';').next().unwrap_or_default().trim();
                let size =
                    usize::from_str_radix(size, 16).map_err(|_| format!("a chunk size line {size:?}"))?;
                if size == 0 {
                    self.trailer = true;
                } else {
                    self.remaining = Some(size);
                }
            }
        }
        raw.drain(..position);
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------------------
// Figures.

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// `to - from` in milliseconds, negative when `to` came first.
fn signed_ms(from: Instant, to: Instant) -> f64 {
    if to >= from { ms(to.duration_since(from)) } else { -ms(from.duration_since(to)) }
}

/// Nearest-rank p50 and p99 of a sorted list.
fn percentiles(sorted: &[f64]) -> (f64, f64) {
    let rank = |p: f64| {
        if sorted.is_empty() {
            return f64::NAN;
        }
        let index = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len()) - 1;
        sorted[index]
    };
    (rank(0.50), rank(0.99))
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1_048_576.0
}

/// Resident memory now and at its peak, from /proc.
fn memory(status: &str) -> String {
    let text = std::fs::read_to_string(status).unwrap_or_default();
    let field = |name: &str| {
        text.lines()
            .find(|line| line.starts_with(name))
            .and_then(|line| line.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<u64>().ok())
            .map_or_else(|| "?".to_owned(), |kb| format!("{:.0} MB", kb as f64 / 1024.0))
    };
    format!("RSS {} (peak {})", field("VmRSS:"), field("VmHWM:"))
}

/// The server is the client process's parent.
fn server_pid() -> u32 {
    std::os::unix::process::parent_id()
}

/// Descriptors the server process holds open.
fn server_fds() -> usize {
    std::fs::read_dir(format!("/proc/{}/fd", server_pid())).map_or(0, |entries| entries.count())
}

/// CPU time (user and system, all threads) a process has used, from /proc (in ticks of 1/100 s).
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The fields after the command name, which is in parentheses, start with field 3 (the state);
    // utime and stime are fields 14 and 15.
    let fields: Vec<&str> =
        stat.rsplit_once(')').map(|(_, rest)| rest.split_whitespace().collect()).unwrap_or_default();
    let ticks = |index: usize| fields.get(index).and_then(|field| field.parse::<u64>().ok()).unwrap_or(0);
    (ticks(11) + ticks(12)) as f64 / 100.0
}

/// CPU time the whole machine has been busy (everything but idle and I/O wait), from /proc/stat.
fn machine_busy_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let ticks: Vec<u64> = stat
        .lines()
        .next()
        .map(|line| line.split_whitespace().skip(1).filter_map(|field| field.parse().ok()).collect())
        .unwrap_or_default();
    // user nice system idle iowait irq softirq steal (guest time is already in user)
    let busy: u64 = ticks
        .iter()
        .take(8)
        .enumerate()
        .filter(|(index, _)| !matches!(index, 3 | 4))
        .map(|(_, tick)| tick)
        .sum();
    busy as f64 / 100.0
}

fn print_table(results: &[PhaseResult], delegations: usize, rounds: usize) {
    println!();
    println!(
        "Live board under load: {delegations} delegations cast at once over keep-alive HTTP/1.1, {rounds} \
         round(s) per watcher count (each round changes every vote)."
    );
    println!(
        "Server and clients share {} cores: the figures include the clients' own work. Latencies in ms; \
         \"→all\" is, per ballot, when the LAST watcher had it (p50/p99 over ballots; a negative ack→all \
         means every watcher had it before the delegation had its acknowledgement). \"1st ack\": first send to \
         first acknowledgement; \"all had\": first send until every watcher had every ballot; \"deliv/s\": \
         ballots × watchers over that time. CPU: seconds per round used by the server process, the client \
         process, and everything else on the machine (other processes, interrupt work).",
        std::thread::available_parallelism().map_or(0, std::num::NonZeroUsize::get)
    );
    println!();
    println!(
        "{:>8} {:>5} {:>9} {:>9} {:>9} {:>9} {:>11} {:>11} {:>12} {:>12} {:>9} {:>9} {:>8} {:>8} {:>7} {:>6} {:>7}",
        "watchers",
        "round",
        "ballots/s",
        "1st ack",
        "cast p50",
        "cast p99",
        "ack→all p50",
        "ack→all p99",
        "send→all p50",
        "send→all p99",
        "all had",
        "deliv/s",
        "srv CPU",
        "cli CPU",
        "other",
        "missed",
        "reloads"
    );
    for phase in results {
        let row = |label: String, result: &Summary, reloads: String| {
            println!(
                "{:>8} {:>5} {:>9.0} {:>9.1} {:>9.1} {:>9.1} {:>11.1} {:>11.1} {:>12.1} {:>12.1} {:>9.0} {:>9.0} \
                 {:>7.2}s {:>7.2}s {:>6.2}s {:>6} {:>7}",
                phase.watchers,
                label,
                result.ballots_per_second,
                result.first_ack_ms,
                result.cast.0,
                result.cast.1,
                result.ack_to_all.0,
                result.ack_to_all.1,
                result.send_to_all.0,
                result.send_to_all.1,
                result.all_delivered_ms,
                result.deliveries_per_second,
                result.server_cpu,
                result.client_cpu,
                result.other_cpu,
                result.missed,
                reloads
            );
        };
        for (index, round) in phase.rounds.iter().enumerate() {
            row(
                (index + 1).to_string(),
                &Summary::of_rounds(std::slice::from_ref(round), phase.connected),
                String::new(),
            );
        }
        row("all".to_owned(), &Summary::of_rounds(&phase.rounds, phase.connected), phase.reloads.to_string());
    }
    println!();
    for phase in results {
        println!(
            "{} watchers: {} connected in {:.2} s ({} failed{}); first board {:.1} kB; received per watcher: \
             mean {:.1} kB (min {:.1}, max {:.1}); at least {} change events each; {} watcher(s) reloaded",
            phase.watchers,
            phase.connected,
            phase.connect_seconds,
            phase.failed,
            if phase.failures.is_empty() { String::new() } else { format!(": {:?}", phase.failures) },
            phase.board_bytes as f64 / 1000.0,
            phase.bytes_mean / 1000.0,
            phase.bytes_min as f64 / 1000.0,
            phase.bytes_max as f64 / 1000.0,
            phase.changes_min,
            phase.watchers_reloaded
        );
        println!(
            "    with the watchers connected: server {} and {} descriptors; clients {}; after: {}",
            phase.server_memory, phase.server_fds, phase.client_memory, phase.teardown
        );
    }
}

/// A row of the table: one round, or every round together.
struct Summary {
    ballots_per_second: f64,
    first_ack_ms: f64,
    cast: (f64, f64),
    ack_to_all: (f64, f64),
    send_to_all: (f64, f64),
    /// The slowest round's: from its first send until every watcher had every ballot.
    all_delivered_ms: f64,
    /// Ballots delivered to watchers per second of those times.
    deliveries_per_second: f64,
    server_cpu: f64,
    client_cpu: f64,
    other_cpu: f64,
    missed: u64,
}

impl Summary {
    /// Every ballot of the rounds together: rates over the rounds' summed times, latencies over all ballots.
    fn of_rounds(rounds: &[RoundResult], watchers: usize) -> Summary {
        let merged = |pick: fn(&RoundResult) -> &Vec<f64>| {
            let mut all: Vec<f64> = rounds.iter().flat_map(|round| pick(round).iter().copied()).collect();
            all.sort_by(f64::total_cmp);
            percentiles(&all)
        };
        let ballots: usize = rounds.iter().map(|round| round.casts_ms.len()).sum();
        let wall: Duration = rounds.iter().map(|round| round.wall).sum();
        let delivering: f64 = rounds.iter().map(|round| round.all_delivered_ms).sum::<f64>() / 1000.0;
        let count = rounds.len().max(1) as f64;
        Summary {
            ballots_per_second: ballots as f64 / wall.as_secs_f64(),
            first_ack_ms: rounds.iter().map(|round| round.first_ack_ms).sum::<f64>() / count,
            cast: merged(|round| &round.casts_ms),
            ack_to_all: merged(|round| &round.ack_to_all_ms),
            send_to_all: merged(|round| &round.send_to_all_ms),
            all_delivered_ms: rounds.iter().map(|round| round.all_delivered_ms).fold(0.0, f64::max),
            deliveries_per_second: (ballots * watchers) as f64 / delivering,
            server_cpu: rounds.iter().map(|round| round.server_cpu).sum::<f64>() / count,
            client_cpu: rounds.iter().map(|round| round.client_cpu).sum::<f64>() / count,
            other_cpu: rounds.iter().map(|round| round.other_cpu).sum::<f64>() / count,
            missed: rounds.iter().map(|round| round.missed).sum(),
        }
    }
}
