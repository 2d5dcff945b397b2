//! `plenary witness URL`: watches a Plenary server's transparency log from outside it.
//!
//! Each run fetches the server's latest signed checkpoint, checks its signature with the log's key, and
//! checks that it extends the last checkpoint this witness saw of that log: same size and same root, or
//! larger with a consistency proof (RFC 9162 §2.1.4) from the old tree to the new one, verified against
//! the two signed roots. The last checkpoint seen is kept per log — keyed by the log's verifier key, not by
//! the server's address — in a small JSON state file, so one witness watching two servers that serve
//! forked copies of one log (same key, same origin) catches the fork.
//!
//! A log that served fewer events than it had shown (a rewind: an older copy put back, events cut from the
//! end), or two different trees under one signature (a fork, a rewritten past), is reported with both
//! signed checkpoints — the evidence, which anyone with the key can check — and exit code 1. The state is
//! written only after a successful check, atomically (a temporary file renamed over it): a failure never
//! advances it. When the witness cannot check at all (the server unreachable or answering an error) it
//! exits 2.
//!
//! Plain HTTP only, through hyper's own client connection (the binary carries hyper and tokio for the
//! server already); every answer is read with a size limit, every request with a timeout.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, anyhow, bail};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use clap::Args;
use http_body_util::{BodyExt, Empty, Limited};
use hyper::body::Bytes;
use plenary_store::checkpoint::MAX_CHECKPOINT_BYTES;
use plenary_store::tree::{Hash, verify_consistency};
use plenary_store::{LogVerifier, SignedCheckpoint};
use serde::{Deserialize, Serialize};

use super::{print, report};

/// Watch a Plenary server's record from outside: check its latest signed checkpoint and that the log still
/// extends the last one this witness saw (exit 1 on a rewind or a fork, 2 when it cannot check).
#[derive(Debug, Args)]
pub struct WitnessArgs {
    /// The server, e.g. http://127.0.0.1:8080 (plain HTTP).
    pub url: String,
    /// The witness's state: per log (by its key), the last checkpoint seen. Written atomically, and only
    /// after a successful check.
    #[arg(long, default_value = "plenary-witness.json")]
    pub state: PathBuf,
    /// The log's public key (`name+id+base64`), or a file holding it. Default: the key in the state file;
    /// on the very first run, the key the server serves at /api/log/key, trusted on first use.
    #[arg(long)]
    pub key: Option<String>,
    /// Seconds each request may take, from connecting to the last byte of the answer.
    #[arg(long, default_value_t = 30)]
    pub timeout: u64,
}

/// The largest verifier key read from a server (a real one is about 80 bytes).
const MAX_KEY_BYTES: usize = 4 * 1024;
/// The largest consistency proof read: at most 2·log₂ n hashes of 44 base64 characters, under 6 KB for
/// any log that fits in a database.
const MAX_PROOF_BYTES: usize = 64 * 1024;

/// What the state file holds.
#[derive(Debug, Default, Serialize, Deserialize)]
struct WitnessState {
    /// The logs watched, by verifier key.
    #[serde(default)]
    logs: BTreeMap<String, Watched>,
}

/// One log as the witness knows it.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Watched {
    /// How its key came to be trusted, and when.
    trusted: String,
    /// The last checkpoint seen and checked.
    checkpoint: Seen,
}

/// A checkpoint as the witness saw it.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Seen {
    /// The signed note, as served.
    note: String,
    /// Its tree size (the note says it too; this is for a reader of the file).
    size: u64,
    /// The server that served it.
    url: String,
    /// When, by the witness's clock (RFC 3339, UTC).
    seen_at: String,
}

/// Why the witness stops: the log failed the check (1), or it could not be checked (2).
enum Stop {
    Failed,
    CannotCheck(anyhow::Error),
}

impl From<anyhow::Error> for Stop {
    fn from(error: anyhow::Error) -> Stop {
        Stop::CannotCheck(error)
    }
}

pub fn run(args: &WitnessArgs) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    match runtime.block_on(witness(args)) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(Stop::Failed) => Ok(ExitCode::FAILURE),
        Err(Stop::CannotCheck(error)) => {
            report(&format!("plenary witness: could not check {}: {error:#}", args.url));
            report(&format!("The state in {} was not changed.", args.state.display()));
            Ok(ExitCode::from(2))
        }
    }
}

async fn witness(args: &WitnessArgs) -> Result<(), Stop> {
    let base = base_url(&args.url)?;
    let client = Client { timeout: Duration::from_secs(args.timeout.max(1)) };
    let mut state = read_state(&args.state)?;
    let now = plenary_store::timestamp(time::OffsetDateTime::now_utc());
    let (verifier, trusted) = choose_key(args, &state, &base, &client, &now).await?;
    let key = verifier.verifier_key().to_owned();
    // A new --key for a log watched under another key of the same name: a rotation, followed only
    // through a handover both keys signed (checked below, once the new checkpoint is known).
    let rotated_from = match state.logs.contains_key(&key) {
        true => None,
        false => predecessor(&state, &verifier, &base, &args.state)?,
    };
    let previous = match (&rotated_from, state.logs.get(&key)) {
        (_, Some(watched)) => {
            Some((open_kept(&verifier, &watched.checkpoint, &args.state)?, watched.checkpoint.clone()))
        }
        (Some((old_verifier, watched)), None) => {
            Some((open_kept(old_verifier, &watched.checkpoint, &args.state)?, watched.checkpoint.clone()))
        }
        (None, None) => None,
    };

    let served = client.get_text(&format!("{base}/api/log/checkpoint"), MAX_CHECKPOINT_BYTES).await?;
    let checkpoint = match verifier.open(&served) {
        Ok(checkpoint) => checkpoint,
        Err(error) => {
            report(&format!(
                "plenary witness: the checkpoint served by {base} does not verify with the log's key {key}: \
                 {error} (if {base} serves another log, name its key with --key)"
            ));
            evidence(previous.as_ref().map(|(_, seen)| seen), &base, &served, &args.state);
            return Err(Stop::Failed);
        }
    };

    let summary = match &previous {
        None => format!(
            "{base}: first checkpoint of this log seen: {} events, root {}",
            checkpoint.size,
            BASE64.encode(checkpoint.root)
        ),
        Some((old, seen)) => {
            check_extends(&client, &base, old, seen, &checkpoint, &args.state).await?;
            if checkpoint.size == old.size {
                format!(
                    "{base}: {} events, the checkpoint seen at {} unchanged (root {})",
                    checkpoint.size,
                    seen.seen_at,
                    BASE64.encode(checkpoint.root)
                )
            } else {
                format!(
                    "{base}: {} events (root {}) extend the {} seen at {}: consistency proof verified",
                    checkpoint.size,
                    BASE64.encode(checkpoint.root),
                    old.size,
                    seen.seen_at
                )
            }
        }
    };

    let trusted = match (state.logs.get(&key), &rotated_from, &previous) {
        (Some(watched), _, _) => watched.trusted.clone(),
        (None, Some((old_verifier, _)), Some((old, seen))) => {
            let handover =
                find_handover(&client, &base, old_verifier, &verifier, old, seen, &checkpoint, &args.state)
                    .await?;
            state.logs.remove(old_verifier.verifier_key());
            print(&format!(
                "{base}: the log's key was rotated from {} to {key}: the handover checkpoint of {handover} \
                 events is signed by both and extends the {} events seen before\n",
                old_verifier.verifier_key(),
                old.size
            ));
            format!(
                "rotated from {} at the handover of {handover} events, at {now}",
                old_verifier.verifier_key()
            )
        }
        _ => trusted,
    };
    let seen = Seen { note: checkpoint.note.clone(), size: checkpoint.size, url: base.clone(), seen_at: now };
    state.logs.insert(key, Watched { trusted, checkpoint: seen });
    write_state(&args.state, &state)?;
    print(&format!("{summary}; kept in {}\n", args.state.display()));
    Ok(())
}

/// The key to check with, and how it came to be trusted: --key; else the state's (its only log, or the
/// one last seen at this address); else, on a first run, the server's own, trusted on first use.
async fn choose_key(
    args: &WitnessArgs,
    state: &WitnessState,
    base: &str,
    client: &Client,
    now: &str,
) -> Result<(LogVerifier, String), Stop> {
    if let Some(key) = &args.key {
        let verifier = super::read_verifier_key(key)?;
        return Ok((verifier, format!("given with --key at {now}")));
    }
    let known: Vec<&String> = match state.logs.len() {
        0 => Vec::new(),
        1 => state.logs.keys().collect(),
        _ => state.logs.iter().filter(|(_, log)| log.checkpoint.url == base).map(|(key, _)| key).collect(),
    };
    match known.as_slice() {
        [key] => {
            let verifier = LogVerifier::parse(key)
                .with_context(|| format!("{}: the stored key {key}", args.state.display()))?;
            Ok((verifier, String::new()))
        }
        [] if state.logs.is_empty() => {
            let text = client.get_text(&format!("{base}/api/log/key"), MAX_KEY_BYTES).await?;
            let verifier = LogVerifier::parse(&text)
                .with_context(|| format!("{base}/api/log/key served {:?}", text.trim()))?;
            report(&format!(
                "plenary witness: TRUST ON FIRST USE: no key was given and {} holds none, so the key\n\
                 \x20   {}\n\
                 served by {base}/api/log/key is trusted from now on. Only that server vouches for it:\n\
                 compare it with the key the assembly publishes (`plenary serve` prints it) before relying on\n\
                 this witness. Every later run checks the log against this key.",
                args.state.display(),
                verifier.verifier_key()
            ));
            Ok((verifier, format!("trusted on first use from {base}/api/log/key at {now}")))
        }
        _ => Err(Stop::CannotCheck(anyhow!(
            "{} watches {} logs and none was last seen at {base}: name the log with --key",
            args.state.display(),
            state.logs.len()
        ))),
    }
}

/// The log the state watches under another key of the same name as `verifier` (its only such log, or the
/// one last seen at this address): where a key rotation starts.
fn predecessor(
    state: &WitnessState,
    verifier: &LogVerifier,
    base: &str,
    path: &Path,
) -> Result<Option<(LogVerifier, Watched)>, Stop> {
    let mut same_name = Vec::new();
    for (key, watched) in &state.logs {
        let old =
            LogVerifier::parse(key).with_context(|| format!("{}: the stored key {key}", path.display()))?;
        if old.origin() == verifier.origin() {
            same_name.push((old, watched.clone()));
        }
    }
    if same_name.len() > 1 {
        same_name.retain(|(_, watched)| watched.checkpoint.url == base);
    }
    Ok(if same_name.len() == 1 { same_name.pop() } else { None })
}

/// The most checkpoints a handover search reads (one page of /api/log/checkpoints).
const MAX_CHECKPOINT_LIST_BYTES: usize = 4 * 1024 * 1024;

/// Finds the handover of a key rotation: a checkpoint the server keeps, signed by the key trusted before
/// and by the new one, that extends the checkpoint seen before and that the served one extends. Returns its
/// size; a rotation without one is refused, since nothing then links the new key to the old.
#[allow(clippy::too_many_arguments, reason = "the two keys, the three checkpoints and where they come from")]
async fn find_handover(
    client: &Client,
    base: &str,
    old_verifier: &LogVerifier,
    new_verifier: &LogVerifier,
    old: &SignedCheckpoint,
    seen: &Seen,
    served: &SignedCheckpoint,
    state: &Path,
) -> Result<u64, Stop> {
    #[derive(Deserialize)]
    struct Listed {
        size: u64,
        note: String,
    }
    #[derive(Deserialize)]
    struct Answer {
        checkpoints: Vec<Listed>,
    }
    // Page through the checkpoints from the one seen to the one served (a thousand per page).
    let mut after = old.size.saturating_sub(1);
    let mut handover = None;
    while handover.is_none() && after < served.size {
        let url = format!("{base}/api/log/checkpoints?after={after}");
        let text = client.get_text(&url, MAX_CHECKPOINT_LIST_BYTES).await?;
        let answer: Answer =
            serde_json::from_str(&text).with_context(|| format!("{url}: not a list of checkpoints"))?;
        let Some(last) = answer.checkpoints.last().map(|listed| listed.size) else { break };
        if last <= after {
            break;
        }
        after = last;
        handover = answer.checkpoints.iter().find_map(|listed| {
            let by_old = old_verifier.open(&listed.note).ok()?;
            let by_new = new_verifier.open(&listed.note).ok()?;
            (by_old.size == by_new.size && by_old.size <= served.size).then_some(by_new)
        });
    }
    let Some(handover) = handover else {
        report(&format!(
            "plenary witness: the log at {base} is now signed by {} but none of its checkpoints since the {} \
             events seen at {} is signed by both that key and the one trusted before ({}): a key change \
             without a handover is not followed",
            new_verifier.verifier_key(),
            old.size,
            seen.seen_at,
            old_verifier.verifier_key()
        ));
        evidence(Some(seen), base, &served.note, state);
        return Err(Stop::Failed);
    };
    check_extends(client, base, old, seen, &handover, state).await?;
    check_extends(client, base, &handover, seen, served, state).await?;
    Ok(handover.size)
}

/// Checks that `new` extends `old` (seen as `seen`): never smaller, the same root at the same size, and a
/// larger tree proved consistent with it.
async fn check_extends(
    client: &Client,
    base: &str,
    old: &SignedCheckpoint,
    seen: &Seen,
    new: &SignedCheckpoint,
    state: &Path,
) -> Result<(), Stop> {
    let fail = |message: String| {
        report(&format!("plenary witness: {message}"));
        evidence(Some(seen), base, &new.note, state);
        Err(Stop::Failed)
    };
    if new.size < old.size {
        return fail(format!(
            "rewind: the log at {base} served {} events but had shown {} at {} (at {}): events it had \
             signed are gone (an older copy put back, or the end cut off)",
            new.size, old.size, seen.seen_at, seen.url
        ));
    }
    if new.size == old.size {
        if new.root == old.root {
            return Ok(());
        }
        return fail(format!(
            "fork: the log at {base} signed a tree of {} events with root {}, but the tree of {} events seen \
             at {} (at {}) has root {}: one signature, two histories",
            new.size,
            BASE64.encode(new.root),
            old.size,
            seen.seen_at,
            seen.url,
            BASE64.encode(old.root)
        ));
    }
    let proof = consistency_proof(client, base, old.size, new.size).await?;
    if let Err(error) = verify_consistency(&proof, old.size, &old.root, new.size, &new.root) {
        return fail(format!(
            "fork: the log at {base} does not extend the checkpoint seen at {} (at {}): {error}",
            seen.seen_at, seen.url
        ));
    }
    Ok(())
}

/// The consistency proof between the trees of `old` and `new` events, as the server gives it. Only the
/// proof is used: the roots it is checked against are the signed ones.
async fn consistency_proof(client: &Client, base: &str, old: u64, new: u64) -> Result<Vec<Hash>, Stop> {
    #[derive(Deserialize)]
    struct Answer {
        from: u64,
        to: u64,
        proof: Vec<String>,
    }
    let url = format!("{base}/api/log/proof/consistency?from={old}&to={new}");
    let text = client.get_text(&url, MAX_PROOF_BYTES).await?;
    let answer: Answer =
        serde_json::from_str(&text).with_context(|| format!("{url}: not a consistency proof"))?;
    if (answer.from, answer.to) != (old, new) {
        return Err(Stop::CannotCheck(anyhow!(
            "{url}: the proof is for {} → {}, not {old} → {new}",
            answer.from,
            answer.to
        )));
    }
    answer
        .proof
        .iter()
        .map(|hash| {
            BASE64
                .decode(hash)
                .ok()
                .and_then(|bytes| Hash::try_from(bytes.as_slice()).ok())
                .ok_or_else(|| Stop::CannotCheck(anyhow!("{url}: {hash:?} is not a base64 SHA-256 hash")))
        })
        .collect()
}

/// Prints both checkpoints on standard output: the one seen before (from the state, which keeps it) and
/// the one served now. Each is a signed note anyone with the key can check.
fn evidence(seen: Option<&Seen>, base: &str, served: &str, state: &Path) {
    let mut text = String::new();
    if let Some(seen) = seen {
        text.push_str(&format!(
            "The checkpoint seen at {} (served by {}), kept in {}:\n{}\n",
            seen.seen_at,
            seen.url,
            state.display(),
            seen.note.trim_end()
        ));
    }
    text.push_str(&format!("The checkpoint served now by {base}:\n{}\n", served.trim_end()));
    print(&text);
    report(&format!("Both checkpoints are printed above; the state in {} was not changed.", state.display()));
}

/// Opens a checkpoint from the state file with the log's key: a state edited by hand is not trusted.
fn open_kept(verifier: &LogVerifier, seen: &Seen, state: &Path) -> Result<SignedCheckpoint, Stop> {
    verifier.open(&seen.note).map_err(|error| {
        Stop::CannotCheck(anyhow!(
            "{}: the checkpoint kept for {} does not verify: {error}",
            state.display(),
            verifier.verifier_key()
        ))
    })
}

/// The server's base URL without a final slash; plain HTTP only.
fn base_url(url: &str) -> anyhow::Result<String> {
    let base = url.trim().trim_end_matches('/').to_owned();
    let uri: hyper::Uri = base.parse().with_context(|| format!("{url:?} is not a URL"))?;
    match uri.scheme_str() {
        Some("http") => {}
        Some("https") => bail!(
            "{url}: https is not built into the witness; watch the server over plain HTTP on its own network, \
             or through a local TLS proxy"
        ),
        _ => bail!("{url}: expected http://HOST[:PORT]"),
    }
    if uri.host().is_none_or(str::is_empty) {
        bail!("{url}: no host");
    }
    if uri.query().is_some() {
        bail!("{url}: a server's address has no query");
    }
    Ok(base)
}

fn read_state(path: &Path) -> anyhow::Result<WitnessState> {
    match std::fs::read_to_string(path) {
        Ok(text) => serde_json::from_str(&text)
            .with_context(|| format!("{}: not a witness state file", path.display())),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(WitnessState::default()),
        Err(error) => Err(anyhow!(error).context(format!("reading {}", path.display()))),
    }
}

/// Writes the state to a temporary file beside it, flushes it to disk and renames it over the old one: a
/// crash leaves the old state or the new, never half of one.
fn write_state(path: &Path, state: &WitnessState) -> anyhow::Result<()> {
    let text = serde_json::to_string_pretty(state).context("writing the witness state")? + "\n";
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = directory.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        std::io::Write::write_all(&mut file, text.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)
    })();
    if let Err(error) = written {
        let _ = std::fs::remove_file(&temporary);
        return Err(anyhow!(error).context(format!("writing {}", path.display())));
    }
    // The rename itself is durable once the directory is flushed (where the platform allows opening one).
    if let Ok(directory) = std::fs::File::open(&directory) {
        let _ = directory.sync_all();
    }
    Ok(())
}

/// A plain-HTTP GET with a timeout and a size limit.
#[derive(Debug)]
struct Client {
    timeout: Duration,
}

impl Client {
    /// The body of a 200 answer to GET `url`, as text, of at most `limit` bytes.
    async fn get_text(&self, url: &str, limit: usize) -> anyhow::Result<String> {
        let uri: hyper::Uri = url.parse().with_context(|| format!("{url:?} is not a URL"))?;
        let (status, body) = tokio::time::timeout(self.timeout, get(&uri, limit))
            .await
            .map_err(|_| anyhow!("{url}: no complete answer within {} s", self.timeout.as_secs()))??;
        let text = String::from_utf8(body).map_err(|_| anyhow!("{url}: the answer is not text"))?;
        if status != hyper::StatusCode::OK {
            let excerpt: String = text.chars().take(300).collect();
            bail!("{url} answered {status}: {}", excerpt.trim());
        }
        Ok(text)
    }
}

async fn get(uri: &hyper::Uri, limit: usize) -> anyhow::Result<(hyper::StatusCode, Vec<u8>)> {
    let host = uri.host().context("no host")?;
    let port = uri.port_u16().unwrap_or(80);
    let address = host.trim_start_matches('[').trim_end_matches(']');
    let stream = tokio::net::TcpStream::connect((address, port))
        .await
        .with_context(|| format!("connecting to {uri}"))?;
    let (mut sender, connection) =
        hyper::client::conn::http1::handshake::<_, Empty<Bytes>>(hyper_util::rt::TokioIo::new(stream))
            .await
            .with_context(|| format!("{uri}"))?;
    let connection = tokio::spawn(connection);
    let authority = uri.authority().map_or(host, |authority| authority.as_str());
    let request = hyper::Request::get(uri.path_and_query().map_or("/", |path| path.as_str()))
        .header(hyper::header::HOST, authority)
        .header(hyper::header::USER_AGENT, concat!("plenary-witness/", env!("CARGO_PKG_VERSION")))
        .body(Empty::new())
        .with_context(|| format!("{uri}"))?;
    let answer = async {
        let response = sender.send_request(request).await.with_context(|| format!("{uri}"))?;
        let status = response.status();
        let body = Limited::new(response.into_body(), limit).collect().await.map_err(|error| {
            if error.is::<http_body_util::LengthLimitError>() {
                anyhow!("{uri}: the answer is longer than {limit} bytes")
            } else {
                anyhow!("{uri}: reading the answer: {error}")
            }
        })?;
        Ok((status, body.to_bytes().to_vec()))
    }
    .await;
    connection.abort();
    answer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_address_is_plain_http_with_a_host() {
        assert_eq!(base_url("http://127.0.0.1:8080/").ok().as_deref(), Some("http://127.0.0.1:8080"));
        assert_eq!(base_url("http://un.example/plenary").ok().as_deref(), Some("http://un.example/plenary"));
        assert!(base_url("https://un.example").is_err());
        assert!(base_url("un.example").is_err());
        assert!(base_url("http://un.example/?a=1").is_err());
    }
}
