//! `plenary serve`: the service, on an embedded SQLite database in a data directory, or on PostgreSQL.
//! `plenary verify`: checks the hash chain of a log and names the first broken link.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use plenary_store::{EventLog, PostgresLog, SqliteLog};
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
}

/// Check the hash chain of the event log.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The data directory holding plenary.db.
    #[arg(long, default_value = "plenary-data")]
    pub data: PathBuf,
    /// A PostgreSQL URL instead of the data directory's SQLite database.
    #[arg(long)]
    pub database: Option<String>,
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting the async runtime")
}

pub fn serve(args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into());
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
    let config = Config {
        secure_cookies: args.secure_cookies,
        max_streams: args.max_streams,
        max_streams_per_address: args.max_streams_per_address,
        ..Config::default()
    };
    let limits = Limits {
        max_connections: args.max_connections,
        max_connections_per_address: args.max_connections_per_address,
        header_read_timeout: std::time::Duration::from_secs(args.header_timeout.max(1)),
        ..Limits::default()
    };
    let (app, credentials) = plenary_web::start(log, config).await.context("starting")?;
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
         in lower case (dnk, fra, sdn, …). Their passwords are in {}.\n",
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
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).with_context(|| format!("writing {}", path.display()))?;
    std::io::Write::write_all(&mut file, text.as_bytes())
        .with_context(|| format!("writing {}", path.display()))
}

pub fn verify(args: &VerifyArgs) -> anyhow::Result<ExitCode> {
    runtime()?.block_on(async {
        let outcome = match &args.database {
            Some(url) => {
                plenary_store::verify(&PostgresLog::connect(url).await.context("connecting to PostgreSQL")?)
                    .await
            }
            None => {
                let path = args.data.join("plenary.db");
                if !path.exists() {
                    report(&format!("{}: no database here", path.display()));
                    return Ok(super::exit_bad_input());
                }
                plenary_store::verify(
                    &SqliteLog::open(&path).await.with_context(|| format!("opening {}", path.display()))?,
                )
                .await
            }
        };
        match outcome {
            Ok(count) => {
                print(&format!("{count} events; the hash chain is intact.\n"));
                Ok(ExitCode::SUCCESS)
            }
            Err(error) => {
                report(&format!("the log is damaged: {error}"));
                Ok(ExitCode::FAILURE)
            }
        }
    })
}
