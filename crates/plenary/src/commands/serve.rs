//! `plenary serve`: the service, on an embedded SQLite database in a data directory, or on PostgreSQL.
//! `plenary verify`: audits a log (hash chain, Merkle tree, signed checkpoints) and names what failed.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use plenary_store::{EventLog, LogKey, LogVerifier, PostgresLog, Signing, SqliteLog};
use plenary_web::server::Limits;
use plenary_web::{Config, Credentials};

use super::{print, report};

/// Serve Plenary over HTTP: the JSON API and the live voting board.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The data directory: the SQLite database and, on the first start, the demo accounts' passwords.
    #[arg(long, default_value = "plenary-data")]
    pub data: PathBuf,
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// A PostgreSQL URL (postgres://user@host/database) to use instead of SQLite, for several servers.
    #[arg(long)]
    pub database: Option<String>,
    /// Mark the session cookie Secure, for serving behind HTTPS.
    #[arg(long)]
    pub secure_cookies: bool,
    /// Connections open at once, in total (never more than the open-files limit allows, less a reserve).
    #[arg(long, default_value_t = Limits::default().max_connections)]
    pub max_connections: usize,
    /// Connections open at once from one client address (a hall behind one NAT is one address).
    #[arg(long, default_value_t = Limits::default().max_connections_per_address)]
    pub max_connections_per_address: usize,
    /// Live board streams open at once, in total.
    #[arg(long, default_value_t = Config::default().max_streams)]
    pub max_streams: usize,
    /// Live board streams open at once from one client address.
    #[arg(long, default_value_t = Config::default().max_streams_per_address)]
    pub max_streams_per_address: usize,
    /// Seconds a client may take to send a request's head before the connection is closed.
    #[arg(long, default_value_t = Limits::default().header_read_timeout.as_secs())]
    pub header_timeout: u64,
    /// The file holding the log's private signing key (Go note format). Default: log-key in the data
    /// directory, generated on the first start. Keep it off the database's disk where you can.
    #[arg(long, env = "PLENARY_LOG_KEY_FILE")]
    pub log_key: Option<PathBuf>,
    /// The name of the log, used only when a key is generated: a URL-like name unique to this assembly,
    /// such as un.example/ga-record.
    #[arg(long, default_value = "plenary.local/record")]
    pub log_origin: String,
    /// Sign a checkpoint at least this often (seconds) while events arrive.
    #[arg(long, default_value_t = Config::default().checkpoint_interval.as_secs())]
    pub checkpoint_seconds: u64,
    /// Sign a checkpoint at least every this many events.
    #[arg(long, default_value_t = plenary_store::CHECKPOINT_EVERY_EVENTS)]
    pub checkpoint_events: u64,
    /// On a first start, record only the ten shipped texts, not the shipped corpus of about 3,000
    /// resolutions, drafts and decisions (`plenary import` can load any directory of texts later).
    #[arg(long, env = "PLENARY_WITHOUT_CORPUS")]
    pub without_corpus: bool,
}

/// Audit the event log: its hash chain, its Merkle tree, and every stored checkpoint's signature and root;
/// with --checkpoint, prove the log still extends a checkpoint kept elsewhere.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The data directory holding plenary.db.
    #[arg(long, default_value = "plenary-data")]
    pub data: PathBuf,
    /// A PostgreSQL URL instead of the data directory's SQLite database.
    #[arg(long)]
    pub database: Option<String>,
    /// The log's public key (`name+id+base64`, as /api/log/key serves it), or a file holding it. Default:
    /// the data directory's key — which whoever can write the data directory can also replace.
    #[arg(long)]
    pub key: Option<String>,
    /// A signed checkpoint kept outside this server (a file saved from /api/log/checkpoint, a witness's
    /// state): the log must still hold every event it signed.
    #[arg(long)]
    pub checkpoint: Option<PathBuf>,
    /// The file holding the log's private key, when it is not the data directory's log-key.
    #[arg(long, env = "PLENARY_LOG_KEY_FILE")]
    pub log_key: Option<PathBuf>,
}

/// The private key file in a data directory.
pub(crate) const KEY_FILE: &str = "log-key";
/// The public key beside it, for readers.
pub(crate) const PUBLIC_KEY_FILE: &str = "log-key.pub";

pub(crate) fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting the async runtime")
}

pub fn serve(args: &ServeArgs) -> anyhow::Result<ExitCode> {
    // tantivy reports every commit and merge at info; the service's own lines are what an operator reads.
    let filter =
        tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,tantivy=warn".into());
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init();
    runtime()?.block_on(async {
        create_private_dir(&args.data).with_context(|| format!("creating {}", args.data.display()))?;
        match &args.database {
            Some(url) => {
                run(PostgresLog::connect(url).await.context("connecting to PostgreSQL")?, args).await
            }
            None => {
                let path = args.data.join("plenary.db");
                run(
                    SqliteLog::open(&path).await.with_context(|| format!("opening {}", path.display()))?,
                    args,
                )
                .await
            }
        }
    })
}

async fn run<L: EventLog>(log: L, args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let key = load_or_generate_key(&log, args).await?;
    let public_key = key.verifier_key().to_owned();
    let signing = Signing { key: Some(key), every_events: args.checkpoint_events.max(1) };
    let config = Config {
        secure_cookies: args.secure_cookies,
        max_streams: args.max_streams,
        max_streams_per_address: args.max_streams_per_address,
        ship_corpus: !args.without_corpus,
        ..Config::default()
    };
    let limits = Limits {
        max_connections: args.max_connections,
        max_connections_per_address: args.max_connections_per_address,
        header_read_timeout: std::time::Duration::from_secs(args.header_timeout.max(1)),
        ..Limits::default()
    };
    let config = Config {
        checkpoint_interval: std::time::Duration::from_secs(args.checkpoint_seconds.max(1)),
        // The agreed-language index beside the database: a projection of the log, rebuilt if removed.
        search_dir: Some(args.data.join("search")),
        ..config
    };
    let (app, credentials) = plenary_web::start(log, config, signing).await.context("starting")?;
    let accounts_file = args.data.join("accounts.csv");
    if let Some(credentials) = credentials {
        write_credentials(&accounts_file, &credentials)?;
    }
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("listening on {}", args.listen))?;
    let address = listener.local_addr().context("reading the address")?;
    print(&format!(
        "Plenary is serving http://{address}/\n\
         Demo accounts: secretariat, chair, observer, and one delegation per member state named by its ISO code\n\
         in lower case (dnk, fra, sdn, …). Their passwords are in {}.\n\
         The record's checkpoints are signed with the log key {public_key}\n\
         (served at /api/log/key; give it to witnesses and to `plenary verify --key`).\n",
        accounts_file.display()
    ));
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    plenary_web::server::serve(listener, plenary_web::router(app), limits, shutdown)
        .await
        .context("serving")?;
    Ok(ExitCode::SUCCESS)
}

/// The log's signing key: from --log-key (or PLENARY_LOG_KEY_FILE), else the data directory's log-key,
/// generated on a first start. A log that already has checkpoints never gets a new key silently: its
/// checkpoints name the key they need.
async fn load_or_generate_key<L: EventLog>(log: &L, args: &ServeArgs) -> anyhow::Result<LogKey> {
    let path = args.log_key.clone().unwrap_or_else(|| args.data.join(KEY_FILE));
    if path.exists() {
        return read_private_key(&path);
    }
    if args.log_key.is_some() {
        anyhow::bail!("{}: no such key file", path.display());
    }
    if let Some(latest) = log.latest_checkpoint().await.context("reading the checkpoints")? {
        let signer = latest.note.lines().find_map(|line| line.strip_prefix("— ")).unwrap_or("an unknown key");
        anyhow::bail!(
            "the log's checkpoints are signed by {} but {} does not exist: give the log's private key with \
             --log-key (a new key would make every stored checkpoint unverifiable)",
            signer.split(' ').next().unwrap_or(signer),
            path.display()
        );
    }
    let key =
        LogKey::generate(&args.log_origin).with_context(|| format!("--log-origin {}", args.log_origin))?;
    write_private(&path, &format!("{}\n", key.private_key()))?;
    std::fs::write(args.data.join(PUBLIC_KEY_FILE), format!("{}\n", key.verifier_key()))
        .with_context(|| format!("writing {}", args.data.join(PUBLIC_KEY_FILE).display()))?;
    Ok(key)
}

pub(crate) fn read_private_key(path: &Path) -> anyhow::Result<LogKey> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    LogKey::from_private(&text).with_context(|| format!("{}", path.display()))
}

/// The key to audit checkpoints with: --key (a verifier key, or a file holding one), else the public half
/// of the private key --log-key or the data directory holds, else none (the checkpoints' roots are still
/// checked, their signatures not).
fn verifier_for(args: &VerifyArgs) -> anyhow::Result<Option<LogVerifier>> {
    if let Some(key) = &args.key {
        return super::read_verifier_key(key).map(Some);
    }
    let path = args.log_key.clone().unwrap_or_else(|| args.data.join(KEY_FILE));
    if path.exists() {
        return Ok(Some(read_private_key(&path)?.verifier()));
    }
    Ok(None)
}

/// Creates the data directory readable by the service's user only (0700): it holds the database and the
/// demo passwords. An existing directory is left as its owner set it; the files in it are 0600 anyway.
fn create_private_dir(path: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(path)
}

/// Writes the generated passwords where only the owner can read them; never to the log.
fn write_credentials(path: &Path, credentials: &[Credentials]) -> anyhow::Result<()> {
    let mut text = String::from("username,role,state,password\n");
    for account in credentials {
        text.push_str(&format!(
            "{},{},{},{}\n",
            account.username,
            account.role,
            account.state.as_deref().unwrap_or(""),
            account.password
        ));
    }
    write_private(path, &text)
}

/// Writes a file only its owner can read (0600).
pub(crate) fn write_private(path: &Path, text: &str) -> anyhow::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).with_context(|| format!("writing {}", path.display()))?;
    std::io::Write::write_all(&mut file, text.as_bytes())
        .with_context(|| format!("writing {}", path.display()))
}

pub fn verify(args: &VerifyArgs) -> anyhow::Result<ExitCode> {
    let verifier = verifier_for(args)?;
    let kept = match &args.checkpoint {
        Some(path) => Some(read_kept_checkpoint(path, verifier.as_ref())?),
        None => None,
    };
    runtime()?.block_on(async {
        let outcome = match &args.database {
            Some(url) => {
                let log = PostgresLog::connect(url).await.context("connecting to PostgreSQL")?;
                plenary_store::verify(&log, verifier.as_ref()).await
            }
            None => {
                let path = args.data.join("plenary.db");
                if !path.exists() {
                    report(&format!("{}: no database here", path.display()));
                    return Ok(super::exit_bad_input());
                }
                let log =
                    SqliteLog::open(&path).await.with_context(|| format!("opening {}", path.display()))?;
                plenary_store::verify(&log, verifier.as_ref()).await
            }
        };
        let audited = match outcome {
            Ok(audited) => audited,
            Err(error) => {
                report(&format!("the log is damaged: {error}"));
                return Ok(ExitCode::FAILURE);
            }
        };
        if let Some((path, checkpoint)) = &kept {
            if let Err(error) = plenary_store::audit::check_against(&audited.tree, checkpoint, "elsewhere") {
                report(&format!("the log does not extend the checkpoint in {}: {error}", path.display()));
                return Ok(ExitCode::FAILURE);
            }
        }
        let signatures = match &verifier {
            Some(verifier) => format!("signed by {}", verifier.verifier_key()),
            None => "signatures not checked: no key given and none in the data directory".to_owned(),
        };
        print(&format!(
            "{} events; the hash chain is intact.\n\
             The Merkle tree matches them (root {}).\n\
             {} stored checkpoints verified ({signatures}), the latest over {} events.\n",
            audited.events,
            hex::encode(audited.tree.root(audited.events).unwrap_or_default()),
            audited.checkpoints.len(),
            audited.checkpoints.last().map_or(0, |checkpoint| checkpoint.size),
        ));
        if let Some((path, checkpoint)) = &kept {
            print(&format!(
                "The log extends the checkpoint in {} ({} events).\n",
                path.display(),
                checkpoint.size
            ));
        }
        Ok(ExitCode::SUCCESS)
    })
}

/// Reads a checkpoint kept elsewhere, checking its signature when a key is known.
fn read_kept_checkpoint(
    path: &Path,
    verifier: Option<&LogVerifier>,
) -> anyhow::Result<(PathBuf, plenary_store::SignedCheckpoint)> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    anyhow::ensure!(
        bytes.len() <= plenary_store::checkpoint::MAX_CHECKPOINT_BYTES,
        "{}: {} bytes is too large for a checkpoint",
        path.display(),
        bytes.len()
    );
    let text = String::from_utf8(bytes).with_context(|| format!("{}: not text", path.display()))?;
    let checkpoint = match verifier {
        Some(verifier) => verifier.open(&text),
        None => plenary_store::checkpoint::read_unverified(&text),
    }
    .with_context(|| format!("{}", path.display()))?;
    Ok((path.to_owned(), checkpoint))
}
