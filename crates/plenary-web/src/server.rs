//! The connection layer: accepts TCP connections and serves HTTP/1.1 on them with the limits an open
//! service needs (`/work/shared/spec/threats.md`: time out slow clients, cap connections per address and in
//! total, answer overload with 503 and `Retry-After`, never by failing to accept).
//!
//! - Every connection is accepted. One over the caps is answered at once with a canned
//!   `503 Service Unavailable`, `Retry-After` and the API's JSON error, and closed: a client learns to come
//!   back later instead of waiting in the kernel's backlog, and the backlog never fills.
//! - The total cap is kept below the process's open-files limit (`RLIMIT_NOFILE`, read from
//!   `/proc/self/limits`) by a reserve, so that the database, the listener and the 503 answers themselves
//!   always have descriptors: accepting never fails with "too many open files".
//! - A client must send its request head within `header_read_timeout` (hyper's timer: a slowloris is cut
//!   off), and a connection on which nothing is read or written for `idle_timeout` is closed — gracefully
//!   first, and by force if it is still silent one more `idle_timeout` later (a client that stopped
//!   reading its stream).
//! - Handlers see the client's address as axum's `ConnectInfo<SocketAddr>`, as with `axum::serve`.
//! - [`AddressGate`] is the counting used for connections here and for live streams in `api::votes`.

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::{Pin, pin};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{ConnectInfo, Request};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tower::ServiceExt;

/// The limits of the connection layer. The defaults are for a real assembly: one hall of ~200
/// delegations, the chair, the secretariat, the press and screens — several hundred devices, often all
/// behind one NAT address — plus the public watching boards from outside.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Connections open at once, in total (further cut to the open-files limit minus the reserve).
    pub max_connections: usize,
    /// Connections open at once from one client address. A hall behind one NAT address is ~600 devices,
    /// each with a board stream and a request or two in flight; an address holding more is an attacker,
    /// and can then hold no more than a tenth of the total.
    pub max_connections_per_address: usize,
    /// Descriptors kept free below `RLIMIT_NOFILE`: the database (file, WAL, shared memory, per pooled
    /// connection), the listener, standard streams, and the connections being answered 503.
    pub descriptor_reserve: usize,
    /// The longest a client may take to send a request head (a slowloris is cut off after this).
    pub header_read_timeout: Duration,
    /// A connection on which nothing has been read or written for this long is closed. Live streams send a
    /// keep-alive comment every 15 s, so a watched stream is never idle.
    pub idle_timeout: Duration,
    /// The `Retry-After` of a refused connection, in seconds.
    pub retry_after_seconds: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_connections: 10_000,
            max_connections_per_address: 1_000,
            descriptor_reserve: 128,
            header_read_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
            retry_after_seconds: 5,
        }
    }
}

impl Limits {
    /// The total cap actually applied: `max_connections`, but never more than the open-files limit less
    /// the reserve.
    pub fn effective_max_connections(&self) -> usize {
        match open_files_limit() {
            Some(limit) => self.max_connections.min(limit.saturating_sub(self.descriptor_reserve).max(1)),
            None => self.max_connections,
        }
    }
}

/// The soft `RLIMIT_NOFILE` of this process, from `/proc/self/limits` (Linux); `None` where there is no
/// such file or the limit is unlimited.
pub fn open_files_limit() -> Option<usize> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|line| line.starts_with("Max open files"))?;
    // "Max open files            20000                20000                files"
    line.split_whitespace().nth(3)?.parse().ok()
}

/// What the caps and the sign-in limiter count as one client: an IPv4 address, or an IPv6 /64 — one
/// subscriber is commonly given a whole /64, so counting each IPv6 address apart would let one client
/// multiply its share by 2^64.
pub fn client_key(address: IpAddr) -> String {
    match address {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let [a, b, c, d, ..] = v6.segments();
                format!("{a:x}:{b:x}:{c:x}:{d:x}::/64")
            }
        },
    }
}

// ---------------------------------------------------------------------------------------------------------
// Counting per address and in total
// ---------------------------------------------------------------------------------------------------------

/// Counts what is open (connections, streams) per client address and in total, against two caps.
#[derive(Debug, Clone)]
pub struct AddressGate {
    counts: Arc<Mutex<Counts>>,
    pub max_total: usize,
    pub max_per_address: usize,
}

#[derive(Debug, Default)]
struct Counts {
    total: usize,
    per_address: HashMap<String, usize>,
}

/// Which cap refused an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Full {
    Total,
    Address,
}

/// One admitted entry; dropping it frees its place.
#[derive(Debug)]
pub struct GatePass {
    counts: Arc<Mutex<Counts>>,
    address: String,
}

impl AddressGate {
    pub fn new(max_total: usize, max_per_address: usize) -> AddressGate {
        AddressGate { counts: Arc::default(), max_total, max_per_address }
    }

    /// Admits one more entry from `address`, or says which cap is full.
    pub fn try_enter(&self, address: &str) -> Result<GatePass, Full> {
        let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        if counts.total >= self.max_total {
            return Err(Full::Total);
        }
        let from_address = counts.per_address.get(address).copied().unwrap_or(0);
        if from_address >= self.max_per_address {
            return Err(Full::Address);
        }
        counts.total += 1;
        counts.per_address.insert(address.to_owned(), from_address + 1);
        Ok(GatePass { counts: Arc::clone(&self.counts), address: address.to_owned() })
    }

    /// How many entries are open, in total.
    pub fn open(&self) -> usize {
        self.counts.lock().unwrap_or_else(PoisonError::into_inner).total
    }
}

impl Drop for GatePass {
    fn drop(&mut self) {
        let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        counts.total = counts.total.saturating_sub(1);
        if let Some(count) = counts.per_address.get_mut(&self.address) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                // Forget the address: the map holds only addresses with something open.
                counts.per_address.remove(&self.address);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// The accept loop
// ---------------------------------------------------------------------------------------------------------

/// How long graceful shutdown waits for open connections (live streams never end by themselves).
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);
/// How long a refused connection is read from before it is closed anyway.
const REFUSAL_TIMEOUT: Duration = Duration::from_millis(500);
/// A pause after `accept` fails (it should not, thanks to the reserve), so as not to spin.
const ACCEPT_ERROR_PAUSE: Duration = Duration::from_millis(50);

/// Serves `router` on `listener` under `limits` until `shutdown` completes, then stops accepting, asks
/// every connection to finish its current request, and returns when they have (or after a short grace).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send,
) -> io::Result<()> {
    let connections =
        AddressGate::new(limits.effective_max_connections(), limits.max_connections_per_address);
    tracing::info!(
        max_connections = connections.max_total,
        per_address = connections.max_per_address,
        "accepting connections"
    );
    // Refused connections linger (see `linger`) on descriptors from the reserve: at most half of it, the
    // rest is the database's.
    let refusing = Arc::new(AtomicUsize::new(0));
    let refusals = [Full::Total, Full::Address].map(|full| refusal(full, limits.retry_after_seconds));
    let max_refusing = (limits.descriptor_reserve / 2).max(1);
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let mut shutdown = pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    tracing::warn!(%error, "accepting a connection");
                    tokio::time::sleep(ACCEPT_ERROR_PAUSE).await;
                    continue;
                }
            },
        };
        match connections.try_enter(&client_key(peer.ip())) {
            Ok(pass) => {
                let (router, limits, stopped) = (router.clone(), limits.clone(), stopped.clone());
                tokio::spawn(serve_connection(stream, peer, router, limits, pass, stopped));
            }
            Err(full) => {
                // The answer is written at once, here: a fresh socket's send buffer always has room for
                // it, so every refused connection gets its 503 however fast the flood comes.
                let Some(stream) = answer_refused(stream, &refusals[usize::from(full == Full::Address)])
                else {
                    continue;
                };
                if refusing.fetch_add(1, Ordering::AcqRel) >= max_refusing {
                    // Too many lingering already: close now (the answer is on its way).
                    refusing.fetch_sub(1, Ordering::AcqRel);
                    drop(stream);
                    continue;
                }
                let refusing = Arc::clone(&refusing);
                tokio::spawn(async move {
                    linger(stream).await;
                    refusing.fetch_sub(1, Ordering::AcqRel);
                });
            }
        }
    }
    drop(listener);
    let _ = stop.send(true);
    let deadline = Instant::now() + SHUTDOWN_GRACE;
    while connections.open() > 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Ok(())
}

/// The canned answer to a connection over a cap: `503`, `Retry-After`, the API's JSON error, the security
/// headers, `Connection: close`.
fn refusal(full: Full, retry_after: u64) -> Vec<u8> {
    let message = match full {
        Full::Total => "the server is at its connection limit; try again shortly",
        Full::Address => "too many connections from your address; close some and try again shortly",
    };
    let body = serde_json::json!({ "error": { "code": "overloaded", "message": message } }).to_string();
    let mut head = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
         retry-after: {retry_after}\r\nconnection: close\r\ncache-control: no-store\r\n",
        body.len()
    );
    for (name, value) in crate::SECURITY_HEADERS {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    format!("{head}\r\n{body}").into_bytes()
}

/// Writes `answer` on a just-accepted connection without waiting: the socket is non-blocking and its send
/// buffer empty, so the write completes or fails at once. Returns the stream to linger on.
fn answer_refused(stream: TcpStream, answer: &[u8]) -> Option<TcpStream> {
    let mut socket = stream.into_std().ok()?;
    let _ = io::Write::write(&mut socket, answer);
    let _ = socket.shutdown(std::net::Shutdown::Write);
    TcpStream::from_std(socket).ok()
}

/// Reads what the refused client sends until it closes (or briefly): closing with its request unread would
/// reset the connection, and a reset can discard the answer before the client has read it.
async fn linger(mut stream: TcpStream) {
    let _ = tokio::time::timeout(REFUSAL_TIMEOUT, async {
        let mut sink = [0u8; 1024];
        while stream.read(&mut sink).await? > 0 {}
        Ok::<(), io::Error>(())
    })
    .await;
}

async fn serve_connection(
    stream: TcpStream,
    peer: SocketAddr,
    router: Router,
    limits: Limits,
    pass: GatePass,
    mut stopped: tokio::sync::watch::Receiver<bool>,
) {
    let _pass = pass;
    let _ = stream.set_nodelay(true);
    let activity = Activity::new();
    let io = TokioIo::new(Tracked { inner: stream, activity: Arc::clone(&activity) });
    let service = router.map_request(move |mut request: Request<Incoming>| {
        request.extensions_mut().insert(ConnectInfo(peer));
        request
    });
    let mut builder = http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(limits.header_read_timeout);
    let mut connection = pin!(builder.serve_connection(io, TowerToHyperService::new(service)));
    let mut idle_check = tokio::time::interval((limits.idle_timeout / 4).max(Duration::from_millis(100)));
    let mut closing = false;
    loop {
        tokio::select! {
            result = connection.as_mut() => {
                if let Err(error) = result {
                    tracing::debug!(%error, %peer, "connection ended");
                }
                return;
            }
            changed = stopped.changed(), if !closing => {
                let _ = changed;
                closing = true;
                connection.as_mut().graceful_shutdown();
            }
            _ = idle_check.tick() => {
                let idle = activity.idle_for();
                if idle >= limits.idle_timeout.saturating_mul(2) {
                    // Still silent after being asked to finish: a client that neither sends nor reads.
                    tracing::debug!(%peer, "closing a silent connection");
                    return;
                }
                if idle >= limits.idle_timeout && !closing {
                    // Finish the request in flight, if any, and close.
                    closing = true;
                    connection.as_mut().graceful_shutdown();
                }
            }
        }
    }
}

/// When a connection last read or wrote a byte.
#[derive(Debug)]
struct Activity {
    start: Instant,
    last_millis: AtomicU64,
}

impl Activity {
    fn new() -> Arc<Activity> {
        Arc::new(Activity { start: Instant::now(), last_millis: AtomicU64::new(0) })
    }

    fn touch(&self) {
        let millis = u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last_millis.store(millis, Ordering::Relaxed);
    }

    fn idle_for(&self) -> Duration {
        let last = Duration::from_millis(self.last_millis.load(Ordering::Relaxed));
        self.start.elapsed().saturating_sub(last)
    }
}

/// A socket that notes each read and write in its [`Activity`].
#[derive(Debug)]
struct Tracked {
    inner: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Tracked {
    fn poll_read(
        mut self: Pin<&mut Self>,
        context: &mut Context<'_>,
        buffer: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buffer.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(context, buffer);
        if matches!(polled, Poll::Ready(Ok(()))) && buffer.filled().len() > before {
            self.activity.touch();
        }
        polled
    }
}

impl AsyncWrite for Tracked {
    fn poll_write(
        mut self: Pin<&mut Self>,
        context: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(context, data);
        if matches!(polled, Poll::Ready(Ok(written)) if written > 0) {
            self.activity.touch();
        }
        polled
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        context: &mut Context<'_>,
        buffers: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write_vectored(context, buffers);
        if matches!(polled, Poll::Ready(Ok(written)) if written > 0) {
            self.activity.touch();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(context)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(context)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gate_counts_per_address_and_in_total_and_frees_on_drop() {
        let gate = AddressGate::new(3, 2);
        let first = gate.try_enter("10.0.0.1").expect("room");
        let _second = gate.try_enter("10.0.0.1").expect("room");
        assert_eq!(gate.try_enter("10.0.0.1").err(), Some(Full::Address));
        let _third = gate.try_enter("10.0.0.2").expect("another address");
        assert_eq!(gate.try_enter("10.0.0.3").err(), Some(Full::Total));
        drop(first);
        assert!(gate.try_enter("10.0.0.1").is_ok(), "a closed entry frees its place");
    }

    #[test]
    fn an_ipv6_client_is_counted_by_its_64_and_a_mapped_ipv4_as_ipv4() {
        let key = |text: &str| client_key(text.parse().expect("an address"));
        assert_eq!(key("2001:db8:1:2:aaaa::1"), key("2001:db8:1:2:bbbb::9"));
        assert_ne!(key("2001:db8:1:2::1"), key("2001:db8:1:3::1"));
        assert_eq!(key("::ffff:192.0.2.7"), "192.0.2.7");
        assert_eq!(key("192.0.2.7"), "192.0.2.7");
    }

    #[test]
    fn the_open_files_limit_is_read_and_leaves_the_reserve() {
        let Some(limit) = open_files_limit() else { return };
        let limits = Limits { max_connections: usize::MAX, ..Limits::default() };
        assert_eq!(limits.effective_max_connections(), limit - limits.descriptor_reserve);
    }
}
