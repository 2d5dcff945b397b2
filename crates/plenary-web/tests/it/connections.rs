//! The connection layer under attack, on a real port with real TCP clients (`plenary_web::server`): an
//! address holding too many connections or live streams, a slowloris, a silent keep-alive, a body that
//! stops, and heavy work beside the health check. Attackers connect from 127.0.0.1; the well-behaved
//! client that must still be served connects from 127.0.0.2 (all of 127/8 is this machine on Linux).

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use plenary_web::server::{Limits, serve};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpSocket, TcpStream};

use crate::support::Service;

const ATTACKER: &str = "127.0.0.1";
const NEIGHBOUR: &str = "127.0.0.2";
const MEETING: &str = "c3-80-torture";

/// Serves `service`'s router on a free port of 127.0.0.1 under `limits`, until the test ends.
async fn listen(service: &Service, limits: Limits) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let address = listener.local_addr().expect("its address");
    let router = service.router.clone();
    tokio::spawn(serve(listener, router, limits, std::future::pending()));
    address
}

async fn connect(from: &str, server: SocketAddr) -> TcpStream {
    let socket = TcpSocket::new_v4().expect("a socket");
    socket.bind(format!("{from}:0").parse().expect("an address")).expect("binds");
    socket.connect(server).await.expect("connects")
}

/// An answer read to the end of the connection: status, head, body, and how long it took.
#[derive(Debug)]
struct Answer {
    status: u16,
    head: String,
    body: String,
    took: Duration,
}

async fn read_answer(stream: &mut TcpStream, limit: Duration) -> Option<Answer> {
    let started = Instant::now();
    let mut bytes = Vec::new();
    tokio::time::timeout(limit, stream.read_to_end(&mut bytes)).await.ok()?.ok()?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n")?;
    let status = head.split_whitespace().nth(1)?.parse().ok()?;
    Some(Answer { status, head: head.to_ascii_lowercase(), body: body.to_owned(), took: started.elapsed() })
}

/// `GET path` on a fresh connection from `from`, `Connection: close`.
async fn get(from: &str, server: SocketAddr, path: &str) -> Option<Answer> {
    let started = Instant::now();
    let mut stream = connect(from, server).await;
    let request = format!("GET {path} HTTP/1.1\r\nhost: plenary\r\nconnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.ok()?;
    let mut answer = read_answer(&mut stream, Duration::from_secs(5)).await?;
    answer.took = started.elapsed();
    Some(answer)
}

fn assert_refused(answer: &Answer, code: &str) {
    assert_eq!(answer.status, 503, "{answer:?}");
    assert!(answer.head.contains("retry-after: "), "says when to retry: {}", answer.head);
    assert!(answer.head.contains("content-security-policy: "), "with the security headers");
    let body: serde_json::Value = serde_json::from_str(&answer.body).expect("a JSON body");
    assert_eq!(body["error"]["code"], code, "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_address_over_its_connection_cap_is_answered_503_and_the_neighbours_are_served() {
    let service = Service::start().await;
    let limits = Limits { max_connections_per_address: 20, max_connections: 30, ..Limits::default() };
    let server = listen(&service, limits).await;

    // The attacker opens idle connections until refused; every attempt is accepted and answered.
    let mut held = Vec::new();
    let mut refused = 0;
    for _ in 0..60 {
        let mut stream = connect(ATTACKER, server).await;
        match tokio::time::timeout(Duration::from_millis(300), stream.peek(&mut [0u8; 1])).await {
            Err(_) => held.push(stream),
            Ok(_) => {
                let answer =
                    read_answer(&mut stream, Duration::from_secs(2)).await.expect("a 503, then closed");
                assert_refused(&answer, "overloaded");
                refused += 1;
            }
        }
    }
    assert_eq!((held.len(), refused), (20, 40), "20 held, every further one refused at once");

    // Another address is served at once, up to the total cap of 30.
    let health = get(NEIGHBOUR, server, "/api/health").await.expect("an answer");
    assert_eq!(health.status, 200, "{health:?}");
    assert!(health.took < Duration::from_millis(500), "health took {:?}", health.took);
    let mut neighbours = Vec::new();
    for _ in 0..10 {
        neighbours.push(connect(NEIGHBOUR, server).await);
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let full = get(NEIGHBOUR, server, "/api/health").await.expect("an answer");
    assert_refused(&full, "overloaded");

    // Closing frees the places.
    drop(held);
    drop(neighbours);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(get(ATTACKER, server, "/api/health").await.map(|answer| answer.status), Some(200));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[allow(clippy::print_stderr, reason = "the flood's figures are what this test reports")]
async fn a_flood_of_live_streams_from_one_address_is_refused_while_health_answers() {
    let mut service = Service::start_with(|config| config.max_streams_per_address = 50).await;
    service.sign_in("chair").await;
    service.chair_opens_the_demo_vote().await;
    let server = listen(&service, Limits::default()).await;

    let probe = tokio::spawn(async move {
        let mut slowest = Duration::ZERO;
        for _ in 0..20 {
            let answer = get(NEIGHBOUR, server, "/api/health").await.expect("health answers");
            assert_eq!(answer.status, 200);
            slowest = slowest.max(answer.took);
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        slowest
    });
    let attempts = 300;
    let (mut watching, mut refused) = (Vec::new(), 0);
    for _ in 0..attempts {
        let mut stream = connect(ATTACKER, server).await;
        let request =
            format!("GET /api/meetings/{MEETING}/votes/V1/stream HTTP/1.1\r\nhost: plenary\r\n\r\n");
        stream.write_all(request.as_bytes()).await.expect("sent");
        let mut first = vec![0u8; 4096];
        let read = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut first))
            .await
            .expect("answered at once")
            .expect("read");
        let text = String::from_utf8_lossy(&first[..read]).to_ascii_lowercase();
        if text.starts_with("http/1.1 200") {
            watching.push(stream);
        } else {
            assert!(text.starts_with("http/1.1 503"), "{text}");
            assert!(text.contains("retry-after: "), "{text}");
            assert!(text.contains("too_many_streams"), "{text}");
            refused += 1;
        }
    }
    let slowest = probe.await.expect("the probe");
    eprintln!(
        "stream flood: {attempts} attempts from one address, {} watching, {refused} refused with 503; \
         /api/health from another address: slowest of 20 answers {slowest:?}",
        watching.len()
    );
    assert_eq!((watching.len(), refused), (50, attempts - 50));
    assert!(slowest < Duration::from_millis(500), "health stayed quick: {slowest:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[allow(clippy::print_stderr, reason = "the cut-off time is what this test reports")]
async fn a_slowloris_is_cut_off_after_the_header_timeout_while_health_answers() {
    let service = Service::start().await;
    let limits = Limits { header_read_timeout: Duration::from_secs(2), ..Limits::default() };
    let server = listen(&service, limits).await;
    let mut loris = connect(ATTACKER, server).await;
    let started = Instant::now();
    let head = b"GET /api/health HTTP/1.1\r\nhost: plenary\r\nx-padding: aaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n";
    let mut cut_after = None;
    for byte in head {
        if loris.write_all(&[*byte]).await.is_err() {
            cut_after = Some(started.elapsed());
            break;
        }
        let health = get(NEIGHBOUR, server, "/api/health").await.expect("health answers");
        assert_eq!(health.status, 200);
        // Closed by the server: a read sees the end (or its 408) at once.
        let mut buffer = [0u8; 256];
        if tokio::time::timeout(Duration::from_millis(1000), loris.read(&mut buffer)).await.is_ok() {
            cut_after = Some(started.elapsed());
            break;
        }
    }
    let cut_after = cut_after.expect("the slowloris is cut off before it finishes its head");
    eprintln!("slowloris (one header byte a second): cut off after {cut_after:?}, header timeout 2 s");
    assert!(cut_after < Duration::from_secs(5), "cut off after {cut_after:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_silent_keep_alive_connection_is_closed_after_the_idle_timeout() {
    let service = Service::start().await;
    let limits = Limits { idle_timeout: Duration::from_secs(1), ..Limits::default() };
    let server = listen(&service, limits).await;
    let mut stream = connect(ATTACKER, server).await;
    stream.write_all(b"GET /api/health HTTP/1.1\r\nhost: plenary\r\n\r\n").await.expect("sent");
    let started = Instant::now();
    let mut received = Vec::new();
    // The answer, then nothing more, then the end of the connection.
    let ended = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut received)).await;
    assert!(ended.is_ok(), "the idle connection is closed");
    assert!(String::from_utf8_lossy(&received).starts_with("HTTP/1.1 200"));
    assert!(started.elapsed() >= Duration::from_millis(900), "not before the idle timeout");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_that_stops_arriving_is_cut_off() {
    let service = Service::start_with(|config| config.request_body_timeout = Duration::from_secs(1)).await;
    let server = listen(&service, Limits::default()).await;
    let mut stream = connect(ATTACKER, server).await;
    let started = Instant::now();
    stream
        .write_all(b"POST /api/session HTTP/1.1\r\nhost: plenary\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"user")
        .await
        .expect("sent");
    let answer = read_answer(&mut stream, Duration::from_secs(5)).await.expect("an answer, then closed");
    assert!(started.elapsed() < Duration::from_secs(3), "took {:?}", started.elapsed());
    assert!(answer.status == 400 || answer.status == 408, "{answer:?}");
    assert!(answer.head.contains("content-type: application/json"), "{answer:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_handler_timeout_does_not_cut_a_live_stream() {
    let mut service = Service::start_with(|config| config.handler_timeout = Duration::from_millis(300)).await;
    service.sign_in("chair").await;
    service.sign_in("dnk").await;
    service.chair_opens_the_demo_vote().await;
    let server = listen(&service, Limits::default()).await;
    let mut stream = connect(NEIGHBOUR, server).await;
    let request = format!("GET /api/meetings/{MEETING}/votes/V1/stream HTTP/1.1\r\nhost: plenary\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("sent");
    tokio::time::sleep(Duration::from_secs(1)).await;
    let cast = service
        .post(Some("dnk"), &format!("/api/meetings/{MEETING}/votes/V1/ballot"), json!({"choice": "yes"}))
        .await;
    assert_eq!(cast.status, StatusCode::CREATED, "{}", cast.text());
    let mut seen = String::new();
    let deadline = Instant::now() + Duration::from_secs(5);
    while !seen.contains("event: change") && Instant::now() < deadline {
        let mut buffer = [0u8; 8192];
        match tokio::time::timeout(Duration::from_secs(1), stream.read(&mut buffer)).await {
            Ok(Ok(0)) => break,
            Ok(Ok(read)) => seen.push_str(&String::from_utf8_lossy(&buffer[..read])),
            _ => {}
        }
    }
    assert!(seen.starts_with("HTTP/1.1 200"), "{seen}");
    assert!(seen.contains("event: change"), "the ballot cast after the handler timeout arrives: {seen}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[allow(clippy::print_stderr, reason = "the health latency is what this test reports")]
async fn two_heavy_jobs_do_not_freeze_the_health_check() {
    let service = Service::start().await;
    let server = listen(&service, Limits::default()).await;
    let jobs: Vec<_> = (0..2)
        .map(|_| {
            let app = std::sync::Arc::clone(&service.app);
            tokio::spawn(async move {
                app.heavy
                    .run(|| {
                        // CPU-bound for two seconds, as a large import is.
                        let started = Instant::now();
                        let mut spin = 0u64;
                        while started.elapsed() < Duration::from_secs(2) {
                            spin = spin.wrapping_add(1);
                        }
                        spin
                    })
                    .await
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut slowest = Duration::ZERO;
    for _ in 0..10 {
        let answer = get(NEIGHBOUR, server, "/api/health").await.expect("health answers");
        assert_eq!(answer.status, 200);
        slowest = slowest.max(answer.took);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    for job in jobs {
        assert!(job.await.is_ok_and(|done| done.is_ok()), "the job ran");
    }
    eprintln!("two 2-second heavy jobs: /api/health slowest of 10 answers {slowest:?}");
    assert!(slowest < Duration::from_millis(200), "health took {slowest:?}");
}
