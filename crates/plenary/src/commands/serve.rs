//! `plenary serve`: the service, on an embedded SQLite database in a data directory, or on PostgreSQL.
//! `plenary verify`: checks the hash chain of a log and names the first broken link.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use plenary_store::{EventLog, PostgresLog, SqliteLog};
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
        std::fs::create_dir_all(&args.data).with_context(|| format!("creating {}", args.data.display()))?;
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
    let config = Config { secure_cookies: args.secure_cookies, ..Config::default() };
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
    let service = plenary_web::router(app).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .context("serving")?;
    Ok(ExitCode::SUCCESS)
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
